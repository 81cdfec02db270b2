package serve

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// session is one SSH session the server is running.
type session struct {
	id   Session
	exec bool
	// ctx ends with the session; for a command it also ends when a
	// stopping server has waited long enough.
	ctx    context.Context
	cancel context.CancelFunc

	lastInput atomic.Int64 // unix nanoseconds of the last byte read from the person
	done      chan struct{}

	mu     sync.Mutex
	prog   *tea.Program
	reason string // why the server ended it, "" when the person did
}

// end ends the session for reason: a board quits, a command is left to
// finish unless hard.
func (st *session) end(reason string, hard bool) {
	st.mu.Lock()
	if st.reason == "" {
		st.reason = reason
	}
	p := st.prog
	st.mu.Unlock()
	switch {
	case p != nil && hard:
		p.Kill()
	case p != nil:
		p.Quit()
	}
	if hard || !st.exec {
		st.cancel()
	}
}

func (st *session) why() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.reason
}

// touch notes input from the person, for the idle timeout.
func (st *session) touch() { st.lastInput.Store(time.Now().UnixNano()) }

// input is the session's input as the board reads it, noting when the
// person last typed.
type input struct {
	r  io.Reader
	st *session
}

func (in input) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if n > 0 {
		in.st.touch()
	}
	return n, err
}

// handle is the middleware every session goes through: it checks the key,
// the user and the limits, then runs a command (an exec request), refuses
// a shell without a terminal, or hands a terminal session on to the board.
func (s *Server) handle(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		id, ok := s.identify(sess)
		if !ok {
			wish.Fatalln(sess, "callboard: permission denied")
			return
		}
		_, _, pty := sess.Pty()
		st, refusal := s.open(sess, id, len(sess.Command()) > 0 || !pty)
		if st == nil {
			s.log.Warn("ssh session refused", "user", id.User, "fingerprint", id.Fingerprint, "remote", id.Remote, "why", refusal)
			wish.Fatalln(sess, "callboard: "+refusal)
			return
		}
		defer s.close(sess, st)
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in ssh session; it is closed, the others go on", "user", id.User, "fingerprint", id.Fingerprint,
					"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				_ = sess.Exit(1)
			}
		}()
		s.watch(st)
		switch {
		case len(sess.Command()) > 0:
			s.log.Info("ssh command", "user", id.User, "fingerprint", id.Fingerprint, "remote", id.Remote, "command", sess.RawCommand())
			code := s.opts.Exec(st.ctx, id, sess.Command(), sess, sess, sess.Stderr())
			if r := st.why(); r != "" && st.ctx.Err() != nil {
				fmt.Fprintf(sess.Stderr(), "callboard: %s\n", r)
			}
			_ = sess.Exit(code)
		case !pty:
			fmt.Fprint(sess.Stderr(), noTerminal)
			_ = sess.Exit(2)
		default:
			s.log.Info("ssh board opened", "user", id.User, "role", string(id.Role), "fingerprint", id.Fingerprint, "remote", id.Remote)
			next(sess)
			if r := st.why(); r != "" {
				fmt.Fprintf(sess, "\r\ncallboard: %s: the board has closed.\r\n", r)
			}
			s.log.Info("ssh board closed", "user", id.User, "fingerprint", id.Fingerprint, "why", orLeft(st.why()))
			_ = sess.Exit(0)
		}
	}
}

// noTerminal is what a shell request without a terminal is told: the
// board needs one, and a command does not.
const noTerminal = "callboard: the board needs a terminal, and this session has none, so it does not start.\r\n" +
	"Connect with a terminal (ssh -t, or without -T), or run a command, e.g. ssh HOST calls --json\r\n"

func orLeft(reason string) string {
	if reason == "" {
		return "left"
	}
	return reason
}

// identify checks that the session's key is the one authentication
// verified, and names its user from the current list. The public-key
// callback alone is no proof: a client may offer several keys, and only
// the one that signed counts (golang.org/x/crypto/ssh's own warning).
func (s *Server) identify(sess ssh.Session) (Session, bool) {
	key := sess.PublicKey()
	perms := sess.Permissions().Permissions
	remote := addr(sess.RemoteAddr())
	if key == nil || perms == nil {
		s.log.Warn("ssh session without a verified key refused", "remote", remote)
		return Session{}, false
	}
	fp := gossh.FingerprintSHA256(key)
	if perms.Extensions[extFingerprint] != fp {
		s.log.Warn("ssh session refused: its key is not the one authentication verified", "fingerprint", fp,
			"verified", perms.Extensions[extFingerprint], "remote", remote)
		return Session{}, false
	}
	u, ok := s.users.Load().byKey[fp]
	if !ok {
		s.log.Warn("ssh session refused: the key is no longer a user's", "fingerprint", fp, "remote", remote)
		return Session{}, false
	}
	env := sess.Environ()
	if p, _, ok := sess.Pty(); ok {
		env = append(env, "TERM="+p.Term)
	}
	return Session{User: u.Name, Role: u.Role, Phone: u.Phone, Fingerprint: fp, Remote: remote, Env: env}, true
}

// open registers a session within the limits, or says why not.
func (s *Server) open(sess ssh.Session, id Session, exec bool) (*session, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.stopping:
		return nil, ReasonStopping + "; try again shortly"
	case s.opts.Limits.MaxSessions > 0 && len(s.sessions) >= s.opts.Limits.MaxSessions:
		return nil, fmt.Sprintf("the server has %d sessions open, its most (max_sessions); try again later", len(s.sessions))
	}
	if n := s.opts.Limits.RatePerMinute; n > 0 {
		l := s.limiters[id.Fingerprint]
		if l == nil {
			l = rate.NewLimiter(rate.Limit(float64(n)/60), n)
			s.limiters[id.Fingerprint] = l
		}
		if !l.Allow() {
			return nil, fmt.Sprintf("this key has opened more than %d sessions in a minute (rate_limit); wait a little", n)
		}
	}
	st := &session{id: id, exec: exec, done: make(chan struct{})}
	// Not the connection's context alone: a command must be able to
	// finish its action while the server stops.
	st.ctx, st.cancel = context.WithCancel(context.WithoutCancel(sess.Context()))
	go func() {
		select {
		case <-sess.Context().Done():
			st.cancel()
		case <-st.done:
		}
	}()
	st.touch()
	s.sessions[sess] = st
	return st, ""
}

// close forgets a session that has ended.
func (s *Server) close(sess ssh.Session, st *session) {
	close(st.done)
	st.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, sess)
	if s.stopping && len(s.sessions) == 0 {
		close(s.drained)
	}
}

// watch ends a board after the idle timeout without input, and any
// session — a command too — at its longest time.
func (s *Server) watch(st *session) {
	lim := s.opts.Limits
	if lim.MaxSessionTime > 0 {
		t := time.AfterFunc(lim.MaxSessionTime, func() { st.end(ReasonMaxTime, st.exec) }) // a command is cut off
		go func() { <-st.done; t.Stop() }()
	}
	if lim.IdleTimeout <= 0 || st.exec {
		return
	}
	go func() {
		t := time.NewTimer(lim.IdleTimeout)
		defer t.Stop()
		for {
			select {
			case <-st.done:
				return
			case <-t.C:
				idle := time.Since(time.Unix(0, st.lastInput.Load()))
				if idle >= lim.IdleTimeout {
					st.end(ReasonIdle, false)
					return
				}
				t.Reset(lim.IdleTimeout - idle)
			}
		}
	}()
}

// program builds the board's tea.Program for a terminal session: wish's
// options (the session's input and output, its window size, its colour
// profile from the client's TERM), its input counted for the idle
// timeout, no signal handler (signals are the server's, not a
// session's) and the frame rate Options.FPS asks for. A nil program hands the session back to handle.
func (s *Server) program(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	st := s.sessions[sess]
	s.mu.Unlock()
	if st == nil {
		return nil
	}
	m := s.opts.Board(st.ctx, st.id)
	if m == nil {
		return nil
	}
	opts := append(bm.MakeOptions(sess), tea.WithInput(input{r: sess, st: st}), tea.WithoutSignalHandler())
	if s.opts.FPS > 0 {
		opts = append(opts, tea.WithFPS(s.opts.FPS))
	}
	p := tea.NewProgram(m, opts...)
	st.mu.Lock()
	st.prog = p
	reason := st.reason
	st.mu.Unlock()
	if reason != "" { // ended while the board was being built
		go p.Quit()
	}
	return p
}

// sessionChannel is the session channel handler with agent forwarding
// and X11 refused: the library would accept an agent request, and neither
// has any use here.
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, refusing{ch}, ctx)
}

type refusing struct{ gossh.NewChannel }

func (r refusing) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := r.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for req := range reqs {
			if refusedRequest(req.Type) {
				if req.WantReply {
					_ = req.Reply(false, nil)
				}
				continue
			}
			out <- req
		}
	}()
	return ch, out, nil
}

func refusedRequest(t string) bool {
	return t == "x11-req" || strings.HasPrefix(t, "auth-agent-req")
}
