// Package sshtest is an SSH client for tests of `callboard serve`: real
// golang.org/x/crypto/ssh clients on loopback, whose terminal sessions
// draw into a virtual terminal (github.com/charmbracelet/x/vt), so a test
// reads the screen a person would see rather than the stream of escape
// sequences that drew it (a renderer that redraws only what changed never
// writes a whole line twice). The terminal answers the board's queries
// (background colour, modes) as a real one does.
//
//	c := sshtest.Dial(t, addr, hostKey, key)
//	term := sshtest.OpenBoard(t, c, 120, 40)
//	term.WaitFor("LIVE")
//	term.Type("m")
//	out, errOut, code := sshtest.Run(t, c, "calls --json")
package sshtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"
)

// UpstreamLeak is a goroutine a Bubble Tea program over SSH can leave
// behind that is not ours: when a program ends with bytes of a partial
// escape sequence still buffered (an SSH client's reply to a terminal
// query, arriving late), ultraviolet's TerminalReader flushes them to the
// program's event channel on ctx.Done with a plain send, and nobody reads
// that channel any more (terminal_reader.go, StreamEvents → sendEvents).
// One goroutine per such session; seen about once in eight runs on a busy
// machine. Leak checks of SSH sessions ignore it, and only it.
var UpstreamLeak = goleak.IgnoreAnyFunction("github.com/charmbracelet/ultraviolet.(*TerminalReader).sendEvents")

// Wait bounds every wait here: a deadline for something that should
// happen, not a claim about how fast.
const Wait = 15 * time.Second

// NewKey is a new ed25519 key, as a client signs in with.
func NewKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	s, err := gossh.NewSignerFromKey(priv)
	require.NoError(t, err)
	return s
}

// DialErr connects to addr with key, checking the server's host key, and
// returns the error (a refused key is one).
func DialErr(addr string, hostKey gossh.PublicKey, key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "supervisor", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(hostKey), Timeout: Wait,
	})
}

// Dial is DialErr for connections that must succeed; the connection
// closes when the test ends.
func Dial(t testing.TB, addr string, hostKey gossh.PublicKey, key gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := DialErr(addr, hostKey, key)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Terminal is a terminal session: the server's output drawn on a virtual
// screen, keys typed into the session's input.
type Terminal struct {
	t    testing.TB
	Sess *gossh.Session
	in   io.WriteCloser

	mu  sync.Mutex
	emu *vt.Emulator
	raw int // bytes received, for the benchmarks

	done chan error
}

// OpenBoard opens a session with a w×h terminal and asks for a shell,
// which the server answers with the board.
func OpenBoard(t testing.TB, c *gossh.Client, w, h int) *Terminal {
	t.Helper()
	sess, err := c.NewSession()
	require.NoError(t, err)
	term := &Terminal{t: t, Sess: sess, emu: vt.NewEmulator(w, h), done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = term, term
	term.in, err = sess.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}))
	require.NoError(t, sess.Shell())
	// The terminal's answers to the program's queries go back as input,
	// as a real terminal's do.
	answers := term.emu
	go func() {
		_, _ = io.Copy(term.in, answers)
		_, _ = io.Copy(io.Discard, answers) // the session is gone: never block the screen
	}()
	go func() {
		err := sess.Wait()
		// Ends the answers' copy. Not emu.Close: it flips a flag the
		// copy reads unlocked.
		if pw, ok := term.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
		}
		term.done <- err
	}()
	t.Cleanup(func() { _ = sess.Close() })
	return term
}

// Write is the server's output arriving.
func (term *Terminal) Write(p []byte) (int, error) {
	term.mu.Lock()
	defer term.mu.Unlock()
	term.raw += len(p)
	if _, err := term.emu.Write(p); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		return 0, err
	}
	return len(p), nil
}

// Received is how many bytes the server has sent so far.
func (term *Terminal) Received() int {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.raw
}

// Screen is the text on the screen now.
func (term *Terminal) Screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.emu.String()
}

// WaitFor waits until the screen shows text, and returns the screen.
func (term *Terminal) WaitFor(text string) string {
	term.t.Helper()
	return term.WaitUntil(text, func(s string) bool { return strings.Contains(s, text) })
}

// WaitUntil waits until ok(screen), and returns the screen; what names
// the condition in the failure.
func (term *Terminal) WaitUntil(what string, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(Wait)
	for {
		s := term.Screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %q; it shows:\n%s", what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Type sends keys as a person types them.
func (term *Terminal) Type(keys string) {
	term.t.Helper()
	_, err := io.WriteString(term.in, keys)
	require.NoError(term.t, err)
}

// Resize changes the terminal's size, as a person resizing the window.
func (term *Terminal) Resize(w, h int) {
	term.t.Helper()
	term.mu.Lock()
	term.emu.Resize(w, h)
	term.mu.Unlock()
	require.NoError(term.t, term.Sess.WindowChange(h, w))
}

// Exit waits for the session to end and returns its exit status.
func (term *Terminal) Exit() int {
	term.t.Helper()
	select {
	case err := <-term.done:
		return ExitStatus(term.t, err)
	case <-time.After(Wait):
		term.t.Fatalf("the session did not end; the screen shows:\n%s", term.Screen())
		return -1
	}
}

// Ended reports whether the session has ended, without waiting.
func (term *Terminal) Ended() bool {
	select {
	case err := <-term.done:
		term.done <- err
		return true
	default:
		return false
	}
}

// ExitStatus is the exit status a session's Wait or Run reports.
func ExitStatus(t testing.TB, err error) int {
	t.Helper()
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		return exit.ExitStatus()
	}
	require.NoError(t, err)
	return 0
}

// Run sends command as an exec request, without a terminal, and returns
// what it wrote and its exit status.
func Run(t testing.TB, c *gossh.Client, command string) (stdout, stderr string, code int) {
	t.Helper()
	sess, err := c.NewSession()
	require.NoError(t, err)
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errOut
	code = ExitStatus(t, sess.Run(command))
	return out.String(), errOut.String(), code
}
