package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/callboard/callboard/internal/syncbuf"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/serve"
	"github.com/callboard/callboard/internal/sshtest"
	"github.com/callboard/callboard/sim"
)

// served is `callboard serve` running in-process on a simulator, with
// users whose keys the test holds.
type served struct {
	t       *testing.T
	c       *cli
	addr    string
	hostKey gossh.PublicKey
	keys    map[string]gossh.Signer
	stdout  *syncbuf.Buffer
	stderr  *syncbuf.Buffer
	stop    context.CancelFunc
	code    chan int
}

// serveUser is one [[serve.users]] entry for startServe.
type serveUser struct{ name, role, phone string }

// startServe writes the users into the config file and runs callboard
// serve on loopback, with args added, until the test ends or s.shutdown.
func startServe(t *testing.T, users []serveUser, args ...string) *served {
	t.Helper()
	c := newCLI(t, sim.Config{})
	s := &served{t: t, c: c, keys: map[string]gossh.Signer{}, stdout: &syncbuf.Buffer{}, stderr: &syncbuf.Buffer{}, code: make(chan int, 1)}
	var conf strings.Builder
	for _, u := range users {
		k := sshtest.NewKey(t)
		s.keys[u.name] = k
		line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey()))) + " " + strings.ToLower(u.name) + "@laptop"
		fmt.Fprintf(&conf, "[[serve.users]]\nname = %q\nkeys = [%q]\nrole = %q\n", u.name, line, u.role)
		if u.phone != "" {
			fmt.Fprintf(&conf, "phone = %q\n", u.phone)
		}
	}
	writeConfig(t, filepath.Join(c.dir, "config", "callboard", "config.toml"), conf.String())
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go func() {
		s.code <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), func(k string) string { return c.env[k] },
			strings.NewReader(""), s.stdout, s.stderr)
	}()
	t.Cleanup(func() { s.shutdown() })
	listening := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+) for account`)
	deadline := time.Now().Add(sshtest.Wait)
	for {
		if m := listening.FindStringSubmatch(s.stdout.String()); m != nil && strings.Contains(s.stdout.String(), "connect: ssh") {
			s.addr = m[1]
			break
		}
		select {
		case code := <-s.code:
			s.code <- code
			t.Fatalf("serve ended with status %d: %s%s", code, s.stdout, s.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never said where it listens: %s%s", s.stdout, s.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	signer, created, err := serve.HostKey(filepath.Join(c.dir, "state", "callboard", hostKeyFile))
	require.NoError(t, err)
	require.False(t, created, "serve created the host key")
	s.hostKey = signer.PublicKey()
	assert.Contains(t, s.stdout.String(), "new host key "+gossh.FingerprintSHA256(s.hostKey)+" (ED25519)", "the fingerprint is printed at start")
	return s
}

func writeConfig(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, privfile.Replace(path, "config file", []byte(content)))
}

// shutdown stops serve as SIGTERM does and returns its exit status.
func (s *served) shutdown() int {
	s.stop()
	select {
	case code, ok := <-s.code:
		if ok {
			close(s.code)
		}
		return code
	case <-time.After(serve.DefaultGrace + sshtest.Wait):
		s.t.Fatal("serve did not end after the stop signal")
		return -1
	}
}

func (s *served) dial(name string) *gossh.Client {
	s.t.Helper()
	return sshtest.Dial(s.t, s.addr, s.hostKey, s.keys[name])
}

// listRequests are the call-list requests the simulator has received.
func (s *served) listRequests() []sim.Request {
	var out []sim.Request
	for _, r := range s.c.sim.Requests() {
		if strings.HasSuffix(r.Path, "/activeCalls/list") {
			out = append(out, r)
		}
	}
	return out
}

// Twenty people on twenty boards cost RingCX what one does: every board
// reads the one poller, so the list requests stay one stream, one per
// refresh, however many are connected.
func TestServeTwentyBoardsOnePollStream(t *testing.T) {
	s := startServe(t, []serveUser{{"Ana", "supervisor", "+12125550123"}, {"Raj", "viewer", ""}}, "--refresh", "2s")
	first := sshtest.OpenBoard(t, s.dial("Ana"), 160, 50)
	first.WaitFor("LIVE")
	s.c.sim.ResetRequests()
	opened := time.Now()

	boards := []*sshtest.Terminal{first}
	for i := range 19 {
		who := []string{"Ana", "Raj"}[i%2]
		boards = append(boards, sshtest.OpenBoard(t, s.dial(who), 160, 50))
	}
	for _, b := range boards {
		b.WaitFor("20 watching")
		b.WaitFor("Northwind Care (12440011)")
	}
	// Two more refreshes, with every board open.
	deadline := time.Now().Add(sshtest.Wait)
	for len(s.listRequests()) < 3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	reqs := s.listRequests()
	elapsed := time.Since(opened)
	require.GreaterOrEqual(t, len(reqs), 3, "the poller goes on")
	for i := 1; i < len(reqs); i++ {
		gap := reqs[i].Time.Sub(reqs[i-1].Time)
		assert.GreaterOrEqual(t, gap, time.Second, "one stream: list requests %d and %d came %v apart, not a refresh", i-1, i, gap)
	}
	assert.LessOrEqual(t, len(reqs), int(elapsed/(2*time.Second))+1, "as many list requests as refreshes in %v, not one per board", elapsed)
	// Every board is its own: one person's filter is not another's.
	boards[0].Type("/")
	boards[0].Type("no such caller anywhere")
	boards[0].WaitFor("No calls match")
	assert.NotContains(t, boards[1].Screen(), "No calls match")
}

// A viewer's action is refused by the service, below any board, and the
// refusal is in the audit log under their name and key.
func TestServeViewerCannotActAndIsAudited(t *testing.T) {
	s := startServe(t, []serveUser{{"Raj", "viewer", "+12125550188"}})
	uii := s.c.answered()
	_, errOut, code := sshtest.Run(t, s.dial("Raj"), "monitor "+uii)
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "monitor: not allowed: you are a viewer on this callboard server (watch only); nothing was sent")
	for _, r := range s.c.sim.Requests() {
		assert.NotContains(t, r.Path, "addSession", "nothing reached RingCX")
	}
	records, err := audit.Read(filepath.Join(s.c.dir, "state", "callboard", "audit.jsonl"), audit.Filter{UII: uii})
	require.NoError(t, err)
	var found bool
	for _, r := range records {
		if r.Operator == "Raj" && r.Source == audit.SourceSSH && r.Result == audit.ResultNotAllowed {
			found = true
			assert.Equal(t, gossh.FingerprintSHA256(s.keys["Raj"].PublicKey()), r.Key)
		}
	}
	assert.True(t, found, "a not-allowed record for Raj from ssh: %+v", records)
}

// What one supervisor does shows on the others' boards at once: the
// refresh here is a minute, so only the shared state can carry it.
func TestServeMonitorShowsOnAnotherBoard(t *testing.T) {
	s := startServe(t, []serveUser{{"Ana", "supervisor", "+12125550123"}, {"Lee", "supervisor", "+12125550177"}}, "--refresh", "1m")
	lee := sshtest.OpenBoard(t, s.dial("Lee"), 200, 60)
	lee.WaitFor("LIVE")
	uii := s.c.answered()
	out, errOut, code := sshtest.Run(t, s.dial("Ana"), "monitor "+uii)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "monitor session added to call "+uii+": RingCX is dialling +12125550123")
	lee.WaitFor("MON Ana")
}

// A command over SSH runs as the person, on the service's client: the
// calls come back as JSON with status 0, and no sign-in is spent on it.
func TestServeExecCallsJSON(t *testing.T) {
	s := startServe(t, []serveUser{{"Raj", "viewer", ""}})
	signIns := func() int {
		n := 0
		for _, r := range s.c.sim.Requests() {
			if strings.Contains(r.Path, "/oauth/token") || strings.Contains(r.Path, "/auth/login") {
				n++
			}
		}
		return n
	}
	before := signIns()
	out, errOut, code := sshtest.Run(t, s.dial("Raj"), "calls --json")
	require.Equal(t, exitOK, code, errOut)
	var calls []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &calls))
	assert.Len(t, calls, len(s.c.sim.Calls(cliAccount)))
	assert.Equal(t, before, signIns(), "the service's sign-in, not one per command")

	_, errOut, code = sshtest.Run(t, s.dial("Raj"), "calls --audit-log /tmp/elsewhere.jsonl")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--audit-log cannot be given over SSH")
	_, errOut, code = sshtest.Run(t, s.dial("Raj"), "config")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "config is not available over SSH")
}

// Stopping leaves nothing running: every session, the poller and the
// service end, and the status is 0.
func TestServeStopsCleanly(t *testing.T) {
	before := goleak.IgnoreCurrent()
	s := startServe(t, []serveUser{{"Ana", "supervisor", "+12125550123"}})
	b := sshtest.OpenBoard(t, s.dial("Ana"), 120, 40)
	b.WaitFor("LIVE")
	assert.Equal(t, exitOK, s.shutdown())
	b.WaitFor("callboard serve is stopping")
	assert.Equal(t, 0, b.Exit())
	opts := []goleak.Option{before,
		// The simulator's HTTP server and the client's idle keep-alive
		// connections to it belong to the test, not to serve.
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		sshtest.UpstreamLeak}
	// A board's ticking command (tea.Every) returns at its next tick,
	// within a second of the board's end: wait for it, bounded.
	deadline := time.Now().Add(sshtest.Wait)
	for goleak.Find(opts...) != nil && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	goleak.VerifyNone(t, opts...)
}

// A person added to the config file is let in once the file is saved;
// the sessions already open stay.
func TestServeReloadsUsersWhenTheFileChanges(t *testing.T) {
	s := startServe(t, []serveUser{{"Ana", "supervisor", "+12125550123"}})
	ana := sshtest.OpenBoard(t, s.dial("Ana"), 120, 40)
	ana.WaitFor("LIVE")
	lee := sshtest.NewKey(t)
	_, err := sshtest.DialErr(s.addr, s.hostKey, lee)
	require.Error(t, err, "not yet a user")

	path := filepath.Join(s.c.dir, "config", "callboard", "config.toml")
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(lee.PublicKey())))
	conf := fmt.Sprintf("[[serve.users]]\nname = \"Lee\"\nkeys = [%q]\nrole = \"viewer\"\n", line)
	writeConfig(t, path, conf) // Ana's key is gone, Lee's is in
	deadline := time.Now().Add(sshtest.Wait)
	for {
		c, err := sshtest.DialErr(s.addr, s.hostKey, lee)
		if err == nil {
			_ = c.Close()
			break
		}
		require.True(t, time.Now().Before(deadline), "Lee was never let in; serve said: %s", s.stderr)
		time.Sleep(100 * time.Millisecond)
	}
	assert.Contains(t, s.stderr.String(), "callboard serve: users reloaded (1)")
	_, err = sshtest.DialErr(s.addr, s.hostKey, s.keys["Ana"])
	require.Error(t, err, "a removed key is not let in again")
	assert.False(t, ana.Ended(), "Ana's open board stays")

	writeConfig(t, path, conf+"[[serve.users]]\nname = \"Kim\"\nrole = \"boss\"\n")
	deadline = time.Now().Add(sshtest.Wait)
	for !strings.Contains(s.stderr.String(), "users not reloaded, the old list stays") {
		require.True(t, time.Now().Before(deadline), "a broken file was never reported: %s", s.stderr)
		time.Sleep(100 * time.Millisecond)
	}
	assert.Contains(t, s.stderr.String(), `config.toml:7: serve.users ("Kim").role = "boss": use supervisor or viewer`)
	_, _, code := sshtest.Run(t, sshtest.Dial(t, s.addr, s.hostKey, lee), "calls")
	assert.Equal(t, exitOK, code, "the old list stays")
}

// A key nobody has is refused before anything is drawn, and serve says
// so on standard error with the key's fingerprint and the address.
func TestServeRefusesAnUnknownKeyAndSaysSo(t *testing.T) {
	s := startServe(t, []serveUser{{"Ana", "supervisor", ""}})
	stranger := sshtest.NewKey(t)
	_, err := sshtest.DialErr(s.addr, s.hostKey, stranger)
	require.Error(t, err)
	assert.Contains(t, s.stderr.String(), "ssh key refused: no user has it")
	assert.Contains(t, s.stderr.String(), "fingerprint="+gossh.FingerprintSHA256(stranger.PublicKey()))
	assert.Contains(t, s.stderr.String(), "remote=127.0.0.1:")
}
