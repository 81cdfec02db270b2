// Package serve is the SSH server of `callboard serve`: it lets the
// configured people in by their public keys, and gives each SSH session
// either a board (a terminal session: one tea.Program per session, over
// wish's bubbletea middleware) or a one-shot command (an exec request:
// `ssh host calls --json`). It knows nothing of RingCX: the caller hands it
// a function that builds a board for a person and one that runs a command
// as them, so every session shares the caller's one service.
//
// Only what a supervisor needs is offered: public-key authentication
// alone (no passwords, no keyboard-interactive, no "none"), session
// channels alone (no port forwarding), no agent forwarding, no X11, no
// subsystems. The limits are the server's: a ceiling on sessions, a rate
// of new sessions per key (the key, not the address: behind a jump host
// everyone has the same one), an idle timeout, an optional longest
// session; a panic in one session is recovered and logged, and the others
// go on.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
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

// Role is what a person may do.
type Role string

// The roles.
const (
	RoleSupervisor Role = "supervisor" // watch and act
	RoleViewer     Role = "viewer"     // watch only
)

// User is one person the server lets in.
type User struct {
	Name  string
	Phone string // the phone RingCX dials for them; "" to ask on the board
	Role  Role
	Keys  []gossh.PublicKey
}

// Session is who is on an SSH session, as the server checked them.
type Session struct {
	User  string
	Role  Role
	Phone string
	// Fingerprint is the SHA256 fingerprint of the key they signed in
	// with (SHA256:…), as OpenSSH prints it.
	Fingerprint string
	// Remote is the client's address, for the logs (never for identity).
	Remote string
	// Env is the client's environment for this session: TERM, and what it
	// sent (NO_COLOR, LANG with SendEnv).
	Env []string
}

// BoardFunc builds the board for one terminal session. ctx ends with the
// session: whatever the board subscribed to should end with it.
type BoardFunc func(ctx context.Context, s Session) tea.Model

// ExecFunc runs one command (args as the client sent them, split as a
// shell would) for s, and returns its exit status. ctx ends when the
// client goes away, or when a stopping server has waited long enough.
type ExecFunc func(ctx context.Context, s Session, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Limits are the server's bounds on sessions.
type Limits struct {
	MaxSessions int // open sessions at once, boards and commands; 0: no limit
	// RatePerMinute is how many sessions one key may open a minute (the
	// first RatePerMinute at once); 0: no limit.
	RatePerMinute int
	// IdleTimeout ends a board with no input for this long; 0: never.
	IdleTimeout time.Duration
	// MaxSessionTime ends any session this old; 0: never.
	MaxSessionTime time.Duration
}

// Options configure a Server.
type Options struct {
	HostKey gossh.Signer
	Users   []User
	Limits  Limits
	Board   BoardFunc
	Exec    ExecFunc
	// Log receives who came in, who was refused and why, and panics.
	Log *slog.Logger
	// Grace bounds how long stopping waits for sessions to end (boards to
	// quit, commands to finish); 0 means DefaultGrace.
	Grace time.Duration
	// Version is sent in the SSH banner (SSH-2.0-callboard_VERSION).
	Version string
	// FPS is the most frames a second each session's board draws
	// (tea.WithFPS); 0 leaves Bubble Tea's default. main sets the board's
	// own rate (ui.FrameRate), which caps how often a burst of views is
	// written to the session's link.
	FPS int
}

// DefaultGrace is how long a stopping server waits for its sessions: as
// long as an action sent just before may take to be answered.
const DefaultGrace = 25 * time.Second

// Reasons a session ends other than the person leaving, said to them.
const (
	ReasonStopping = "callboard serve is stopping"
	ReasonIdle     = "no input for the idle timeout"
	ReasonMaxTime  = "the session reached its longest allowed time"
)

// extFingerprint is where authentication notes the key it accepted, in
// the permissions of that very attempt.
const extFingerprint = "callboard-key-fingerprint"

// Server is the SSH server. Build it with New, run it with Serve.
type Server struct {
	opts  Options
	log   *slog.Logger
	srv   *ssh.Server
	users atomic.Pointer[userSet]

	mu       sync.Mutex
	sessions map[ssh.Session]*session
	limiters map[string]*rate.Limiter // by key fingerprint
	stopping bool
	drained  chan struct{} // closed when stopping and no session is left

	connMu sync.Mutex
	conns  map[*trackedConn]struct{}
	connWG sync.WaitGroup
}

type userSet struct {
	byKey map[string]User // by key fingerprint
}

// New builds a server. It does not listen yet.
func New(opts Options) (*Server, error) {
	if opts.HostKey == nil {
		return nil, errors.New("serve: no host key")
	}
	if opts.Board == nil || opts.Exec == nil {
		return nil, errors.New("serve: Board and Exec are required")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Grace <= 0 {
		opts.Grace = DefaultGrace
	}
	s := &Server{opts: opts, log: opts.Log, sessions: map[ssh.Session]*session{}, limiters: map[string]*rate.Limiter{},
		conns: map[*trackedConn]struct{}{}}
	if err := s.SetUsers(opts.Users); err != nil {
		return nil, err
	}
	version := "callboard"
	if opts.Version != "" {
		version += "_" + opts.Version
	}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(opts.HostKey); return nil },
		wish.WithVersion(version),
		// The only way in. With a public-key handler and no other, the
		// server offers "publickey" alone: no password, no
		// keyboard-interactive, no "none".
		wish.WithPublicKeyAuth(s.authenticate),
		// Middlewares run last first: handle, then the board.
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(s.program), s.handle),
	)
	if err != nil {
		return nil, err
	}
	srv.HandshakeTimeout = 30 * time.Second
	// Session channels only: no direct-tcpip (local forwarding), and no
	// global requests (tcpip-forward, remote forwarding), no subsystems
	// (sftp). A map of our own each, so nothing registered in the
	// library's package-level defaults is offered.
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionChannel}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: 6}
	}
	s.srv = srv
	return s, nil
}

// SetUsers replaces who may come in (a reload). Open sessions go on as
// they are; the next session a key opens is let in, or not, by the new
// list. A key given to two users is refused, and the old list kept.
func (s *Server) SetUsers(users []User) error {
	set := &userSet{byKey: map[string]User{}}
	for _, u := range users {
		for _, k := range u.Keys {
			fp := gossh.FingerprintSHA256(k)
			if o, ok := set.byKey[fp]; ok && o.Name != u.Name {
				return fmt.Errorf("key %s is given to both %q and %q", fp, o.Name, u.Name)
			}
			set.byKey[fp] = u
		}
	}
	s.users.Store(set)
	return nil
}

// Fingerprint is the host key's SHA256 fingerprint, for people to check
// against what their ssh client shows on first connecting.
func (s *Server) Fingerprint() string { return gossh.FingerprintSHA256(s.opts.HostKey.PublicKey()) }

// Sessions is how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Serve accepts connections on ln until ctx ends, then stops: it accepts
// no more, tells every session the service is stopping (boards quit,
// commands are left to finish), waits for them up to the grace period,
// ends what is left, and closes every connection. It returns nil after
// such a stop, or the listener's error.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(trackingListener{ln, s}) }()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		// Closing the listener ends Serve's loop. (The library's Shutdown
		// would too, but races a Serve that has not started yet.)
		_ = ln.Close()
		<-served
	}
	s.stop()
	return err
}

// stop ends every session and connection; see Serve. It runs once Serve's
// loop has returned, so no connection is accepted meanwhile.
func (s *Server) stop() {
	s.mu.Lock()
	s.stopping = true
	s.drained = make(chan struct{})
	open := make([]*session, 0, len(s.sessions))
	for _, st := range s.sessions {
		open = append(open, st)
	}
	if len(s.sessions) == 0 {
		close(s.drained)
	}
	drained := s.drained
	s.mu.Unlock()

	for _, st := range open {
		st.end(ReasonStopping, false)
	}
	grace := time.NewTimer(s.opts.Grace)
	defer grace.Stop()
	select {
	case <-drained:
	case <-grace.C:
		s.mu.Lock()
		for _, st := range s.sessions {
			s.log.Warn("ssh session did not end in time; closing it", "user", st.id.User, "fingerprint", st.id.Fingerprint)
			st.end(ReasonStopping, true)
		}
		s.mu.Unlock()
	}
	// Closing the connections ends whatever still reads or writes them,
	// handshakes not yet done included.
	s.connMu.Lock()
	for c := range s.conns {
		_ = c.Conn.Close()
	}
	s.connMu.Unlock()
	closed := make(chan struct{})
	go func() { s.connWG.Wait(); close(closed) }()
	wait := time.NewTimer(5 * time.Second)
	defer wait.Stop()
	for _, ch := range []chan struct{}{closed, drained} {
		select {
		case <-ch:
		case <-wait.C:
			s.log.Error("ssh sessions still running after stopping", "sessions", s.Sessions())
			return
		}
	}
}

// trackingListener counts every connection it accepts, in the accepting
// goroutine, so stop knows them all — a connection still in its
// handshake too — and can wait for each to close.
type trackingListener struct {
	net.Listener
	s *Server
}

func (l trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, s: l.s}
	l.s.connMu.Lock()
	l.s.conns[tc] = struct{}{}
	l.s.connMu.Unlock()
	l.s.connWG.Add(1)
	return tc, nil
}

type trackedConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.s.connMu.Lock()
		delete(c.s.conns, c)
		c.s.connMu.Unlock()
		c.s.connWG.Done()
	})
	return err
}

// authenticate lets a key in if it is a configured user's, and notes the
// key's fingerprint in the permissions of this attempt, so the session
// can check it is the key that was verified (handle).
func (s *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	if _, ok := s.users.Load().byKey[fp]; !ok {
		s.log.Warn("ssh key refused: no user has it", "fingerprint", fp, "remote", addr(ctx.RemoteAddr()), "ssh_user", ctx.User())
		return false
	}
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[extFingerprint] = fp
	return true
}

func addr(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
