package serve

import (
	"bytes"
	"context"
	"fmt"
	"github.com/callboard/callboard/internal/syncbuf"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/internal/sshtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m, sshtest.UpstreamLeak) }

// wait bounds every wait in these tests: a deadline, not a timing claim.
const wait = 10 * time.Second

// plainBoard stands in for callboard's board: it shows who it is for and
// its size, quits on q and panics on !.
type plainBoard struct {
	id   Session
	w, h int
	keys int
}

func (b *plainBoard) Init() tea.Cmd { return nil }

func (b *plainBoard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		b.w, b.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q":
			return b, tea.Quit
		case "!":
			panic("the board broke")
		}
		b.keys++
	}
	return b, nil
}

func (b *plainBoard) View() tea.View {
	v := tea.NewView(fmt.Sprintf("BOARD user=%s role=%s size=%dx%d keys=%d", b.id.User, b.id.Role, b.w, b.h, b.keys))
	v.AltScreen = true
	return v
}

type harness struct {
	t       *testing.T
	srv     *Server
	addr    string
	hostKey gossh.PublicKey
	log     *syncbuf.Buffer
	boards  atomic.Int64
	stop    context.CancelFunc
	served  chan error
}

var newKey = func(t *testing.T) gossh.Signer { return sshtest.NewKey(t) }

// start runs a server on loopback until the test ends (or h.shutdown).
func start(t *testing.T, users []User, change func(*Options)) *harness {
	t.Helper()
	h := &harness{t: t, log: &syncbuf.Buffer{}, served: make(chan error, 1)}
	host := newKey(t)
	h.hostKey = host.PublicKey()
	opts := Options{
		HostKey: host, Users: users,
		Log: slog.New(slog.NewTextHandler(h.log, nil)),
		Board: func(_ context.Context, s Session) tea.Model {
			h.boards.Add(1)
			return &plainBoard{id: s}
		},
		Exec: func(_ context.Context, s Session, args []string, _ io.Reader, stdout, _ io.Writer) int {
			fmt.Fprintf(stdout, "ran %q as %s (%s, %s)\n", args, s.User, s.Role, s.Fingerprint)
			return 3
		},
	}
	if change != nil {
		change(&opts)
	}
	srv, err := New(opts)
	require.NoError(t, err)
	h.srv = srv
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	h.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	go func() { h.served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { h.shutdown() })
	return h
}

// shutdown stops the server as SIGTERM does and returns what Serve did.
func (h *harness) shutdown() error {
	h.stop()
	select {
	case err, ok := <-h.served:
		if ok {
			close(h.served)
		}
		return err
	case <-time.After(wait + DefaultGrace):
		h.t.Fatal("Serve did not return after its context ended")
		return nil
	}
}

func (h *harness) dial(key gossh.Signer) (*gossh.Client, error) {
	return sshtest.DialErr(h.addr, h.hostKey, key)
}

func (h *harness) mustDial(key gossh.Signer) *gossh.Client {
	return sshtest.Dial(h.t, h.addr, h.hostKey, key)
}

func openBoard(t *testing.T, c *gossh.Client) *sshtest.Terminal {
	return sshtest.OpenBoard(t, c, 120, 40)
}

func run(t *testing.T, c *gossh.Client, command string) (string, string, int) {
	return sshtest.Run(t, c, command)
}

func exitStatus(t *testing.T, err error) int { return sshtest.ExitStatus(t, err) }

func user(name string, role Role, keys ...gossh.Signer) User {
	u := User{Name: name, Role: role}
	for _, k := range keys {
		u.Keys = append(u.Keys, k.PublicKey())
	}
	return u
}

func TestABoardPerTerminalSession(t *testing.T) {
	ana, raj := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana), user("Raj", RoleViewer, raj)}, nil)

	a := openBoard(t, h.mustDial(ana))
	r := openBoard(t, h.mustDial(raj))
	a.WaitFor("BOARD user=Ana role=supervisor size=120x40 keys=0")
	r.WaitFor("BOARD user=Raj role=viewer size=120x40 keys=0")

	// Each session has its own size and its own state.
	a.Resize(100, 30)
	a.WaitFor("size=100x30")
	r.Type("jj")
	r.WaitFor("keys=2")
	assert.NotContains(t, a.Screen(), "keys=2")
	assert.Equal(t, 2, h.srv.Sessions())

	a.Type("q")
	assert.Equal(t, 0, a.Exit(), "q ends the board with status 0")
	assert.Contains(t, h.log.String(), `msg="ssh board opened" user=Ana role=supervisor fingerprint=`+gossh.FingerprintSHA256(ana.PublicKey()))
}

func TestUnknownKeyIsRefusedBeforeAnythingIsDrawn(t *testing.T) {
	ana, stranger := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, nil)
	_, err := h.dial(stranger)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unable to authenticate")
	assert.Zero(t, h.boards.Load(), "no board was built")
	log := h.log.String()
	assert.Contains(t, log, "ssh key refused: no user has it")
	assert.Contains(t, log, "fingerprint="+gossh.FingerprintSHA256(stranger.PublicKey()))
	assert.Contains(t, log, "remote=127.0.0.1:")
}

func TestOnlyPublicKeyAuthentication(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, nil)
	for name, method := range map[string]gossh.AuthMethod{
		"password": gossh.Password("hunter2"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		}),
	} {
		_, err := gossh.Dial("tcp", h.addr, &gossh.ClientConfig{User: "ana", Auth: []gossh.AuthMethod{method},
			HostKeyCallback: gossh.FixedHostKey(h.hostKey), Timeout: wait})
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "no supported methods remain", name)
	}
	assert.Zero(t, h.boards.Load())
}

func TestExecRunsTheCommandAsTheUser(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleViewer, ana)}, nil)
	out, _, code := run(t, h.mustDial(ana), "calls --json 'two words'")
	assert.Equal(t, 3, code, "the command's exit status comes back")
	assert.Equal(t, fmt.Sprintf("ran [\"calls\" \"--json\" \"two words\"] as Ana (viewer, %s)\n", gossh.FingerprintSHA256(ana.PublicKey())), out)
	assert.Zero(t, h.boards.Load(), "a command is not a board")
}

func TestAShellWithoutATerminalDoesNotStartTheBoard(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, nil)
	sess, err := h.mustDial(ana).NewSession()
	require.NoError(t, err)
	defer sess.Close()
	var errOut bytes.Buffer
	sess.Stderr = &errOut
	require.NoError(t, sess.Shell())
	assert.Equal(t, 2, exitStatus(t, sess.Wait()))
	assert.Contains(t, errOut.String(), "the board needs a terminal, and this session has none, so it does not start")
	assert.Contains(t, errOut.String(), "ssh HOST calls --json")
	assert.Zero(t, h.boards.Load())
}

func TestForwardingAgentX11AndSubsystemsAreRefused(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, nil)
	c := h.mustDial(ana)

	_, err := c.Dial("tcp", h.addr) // local forwarding: a direct-tcpip channel
	require.Error(t, err, "local port forwarding")
	_, err = c.Listen("tcp", "127.0.0.1:0") // remote forwarding: tcpip-forward
	require.Error(t, err, "remote port forwarding")

	sess, err := c.NewSession()
	require.NoError(t, err)
	defer sess.Close()
	ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil)
	require.NoError(t, err)
	assert.False(t, ok, "agent forwarding")
	ok, err = sess.SendRequest("x11-req", true, gossh.Marshal(struct {
		Single        bool
		Proto, Cookie string
		Screen        uint32
	}{false, "MIT-MAGIC-COOKIE-1", "00", 0}))
	require.NoError(t, err)
	assert.False(t, ok, "X11 forwarding")
	require.Error(t, sess.RequestSubsystem("sftp"), "subsystems")
}

func TestMaxSessions(t *testing.T) {
	ana, raj := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana), user("Raj", RoleSupervisor, raj)}, func(o *Options) {
		o.Limits.MaxSessions = 1
	})
	a := openBoard(t, h.mustDial(ana))
	a.WaitFor("BOARD user=Ana")
	_, errOut, code := run(t, h.mustDial(raj), "calls")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "the server has 1 sessions open, its most (max_sessions)")
	assert.Contains(t, h.log.String(), "ssh session refused")
}

// The rate is per key: behind a jump host everyone has the same address,
// and one person's loop must not lock the others out.
func TestRateLimitIsPerKeyNotPerAddress(t *testing.T) {
	ana, raj := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana), user("Raj", RoleSupervisor, raj)}, func(o *Options) {
		o.Limits.RatePerMinute = 2
	})
	c := h.mustDial(ana)
	for range 2 {
		_, _, code := run(t, c, "calls")
		assert.Equal(t, 3, code)
	}
	_, errOut, code := run(t, c, "calls")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "this key has opened more than 2 sessions in a minute (rate_limit)")
	_, _, code = run(t, h.mustDial(raj), "calls")
	assert.Equal(t, 3, code, "another key from the same address is let in")
}

func TestIdleBoardIsClosedAndTold(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, func(o *Options) { o.Limits.IdleTimeout = 300 * time.Millisecond })
	a := openBoard(t, h.mustDial(ana))
	a.WaitFor("BOARD user=Ana")
	a.WaitFor("callboard: " + ReasonIdle + ": the board has closed.")
	assert.Equal(t, 0, a.Exit())
}

func TestMaxSessionTime(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, func(o *Options) { o.Limits.MaxSessionTime = 300 * time.Millisecond })
	a := openBoard(t, h.mustDial(ana))
	a.WaitFor("callboard: " + ReasonMaxTime)
	assert.Equal(t, 0, a.Exit())
}

func TestAPanicEndsOnlyItsSession(t *testing.T) {
	ana, raj := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana), user("Raj", RoleSupervisor, raj)}, func(o *Options) {
		exec := o.Exec
		o.Exec = func(ctx context.Context, s Session, args []string, in io.Reader, out, errOut io.Writer) int {
			if args[0] == "boom" {
				panic("the command broke")
			}
			return exec(ctx, s, args, in, out, errOut)
		}
	})
	r := openBoard(t, h.mustDial(raj))
	r.WaitFor("BOARD user=Raj")

	a := openBoard(t, h.mustDial(ana))
	a.WaitFor("BOARD user=Ana")
	a.Type("!")
	a.Exit()

	c := h.mustDial(ana)
	_, _, code := run(t, c, "boom")
	assert.Equal(t, 1, code, "a command that panics fails")
	assert.Contains(t, h.log.String(), "panic in ssh session; it is closed, the others go on")

	// The server and the other session go on.
	r.Type("j")
	r.WaitFor("keys=1")
	_, _, code = run(t, c, "calls")
	assert.Equal(t, 3, code)
}

func TestReloadKeepsOpenSessions(t *testing.T) {
	ana, lee := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, nil)
	a := openBoard(t, h.mustDial(ana))
	a.WaitFor("BOARD user=Ana")

	require.NoError(t, h.srv.SetUsers([]User{user("Lee", RoleViewer, lee)}))
	_, err := h.dial(ana)
	require.Error(t, err, "a removed key is not let in again")
	_, _, code := run(t, h.mustDial(lee), "calls")
	assert.Equal(t, 3, code, "an added one is")

	a.Type("j")
	a.WaitFor("keys=1") // Ana's open board goes on

	assert.Error(t, h.srv.SetUsers([]User{user("Lee", RoleViewer, lee), user("Kim", RoleViewer, lee)}), "one key, two people")
}

// Stopping tells boards and lets a command in flight finish: its action
// is answered and recorded, not cut off.
func TestStopTellsSessionsAndLetsCommandsFinish(t *testing.T) {
	ana, raj := newKey(t), newKey(t)
	started, release := make(chan struct{}), make(chan struct{})
	var cmdCtxErr atomic.Value
	h := start(t, []User{user("Ana", RoleSupervisor, ana), user("Raj", RoleSupervisor, raj)}, func(o *Options) {
		o.Exec = func(ctx context.Context, _ Session, _ []string, _ io.Reader, out, _ io.Writer) int {
			close(started)
			<-release
			cmdCtxErr.Store(fmt.Sprint(ctx.Err()))
			fmt.Fprintln(out, "✓ done")
			return 0
		}
	})
	a := openBoard(t, h.mustDial(ana))
	a.WaitFor("BOARD user=Ana")
	result := make(chan string, 1)
	c := h.mustDial(raj)
	go func() {
		out, _, code := run(t, c, "hangup 1 --yes")
		result <- fmt.Sprintf("%d %s", code, out)
	}()
	<-started

	served := make(chan error, 1)
	go func() { served <- h.shutdown() }()
	a.WaitFor("callboard: " + ReasonStopping + ": the board has closed.")
	assert.Equal(t, 0, a.Exit())
	close(release)
	select {
	case r := <-result:
		assert.Equal(t, "0 ✓ done\n", r)
	case <-time.After(wait):
		t.Fatal("the command in flight never finished")
	}
	assert.Equal(t, "<nil>", cmdCtxErr.Load(), "the command's context was not cut while it could finish")
	require.NoError(t, <-served)
	_, err := h.dial(ana)
	require.Error(t, err, "a stopped server lets nobody in")
}

func TestHostKeyIsCreatedPrivateAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "callboard", "ssh_host_ed25519_key")
	k1, created, err := HostKey(path)
	require.NoError(t, err)
	assert.True(t, created)
	assert.Equal(t, gossh.KeyAlgoED25519, k1.PublicKey().Type())
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	k2, created, err := HostKey(path)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, gossh.FingerprintSHA256(k1.PublicKey()), gossh.FingerprintSHA256(k2.PublicKey()))

	require.NoError(t, os.Chmod(path, 0o644))
	_, _, err = HostKey(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "readable by others")
}

// fakeSession is a session as identify sees it: the key the library says
// signed, and the permissions authentication returned.
type fakeSession struct {
	ssh.Session
	key   gossh.PublicKey
	perms *gossh.Permissions
}

func (f fakeSession) PublicKey() ssh.PublicKey     { return f.key }
func (f fakeSession) Permissions() ssh.Permissions { return ssh.Permissions{Permissions: f.perms} }
func (f fakeSession) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5000}
}
func (f fakeSession) Environ() []string                       { return nil }
func (f fakeSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return ssh.Pty{}, nil, false }

// The session's key must be the one authentication verified: a client
// may offer one key and sign with another.
func TestSessionKeyMustBeTheVerifiedOne(t *testing.T) {
	ana, raj := newKey(t), newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana), user("Raj", RoleViewer, raj)}, nil)
	verified := func(k gossh.Signer) *gossh.Permissions {
		return &gossh.Permissions{Extensions: map[string]string{extFingerprint: gossh.FingerprintSHA256(k.PublicKey())}}
	}
	id, ok := h.srv.identify(fakeSession{key: ana.PublicKey(), perms: verified(ana)})
	require.True(t, ok)
	assert.Equal(t, "Ana", id.User)

	_, ok = h.srv.identify(fakeSession{key: ana.PublicKey(), perms: verified(raj)})
	assert.False(t, ok, "signed with Ana's key, verified Raj's")
	assert.Contains(t, h.log.String(), "its key is not the one authentication verified")
	_, ok = h.srv.identify(fakeSession{key: ana.PublicKey(), perms: &gossh.Permissions{}})
	assert.False(t, ok, "no key verified")
	_, ok = h.srv.identify(fakeSession{perms: verified(ana)})
	assert.False(t, ok, "no key at all")
}

// A command that outlives the longest session time is ended, and told.
func TestMaxSessionTimeEndsACommand(t *testing.T) {
	ana := newKey(t)
	h := start(t, []User{user("Ana", RoleSupervisor, ana)}, func(o *Options) {
		o.Limits.MaxSessionTime = 300 * time.Millisecond
		o.Exec = func(ctx context.Context, _ Session, _ []string, _ io.Reader, _, _ io.Writer) int {
			<-ctx.Done()
			return 1
		}
	})
	_, errOut, code := run(t, h.mustDial(ana), "calls")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "callboard: "+ReasonMaxTime)
}
