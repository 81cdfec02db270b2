package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/internal/serve"
	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/ui"
)

// hostKeyFile is the SSH host key's name in the state directory.
const hostKeyFile = "ssh_host_ed25519_key"

// serveFlags are serve's own flags; each overrides its [serve] setting.
type serveFlags struct {
	listen, hostKey, authorizedKeys string
}

// serveCommand is `callboard serve`: one service for the account, its
// board served over SSH to every supervisor configured, from one poll
// stream (internal/serve for the SSH side, internal/console for the
// service).
func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:     "serve",
		GroupID: groupMore,
		Short:   "Serve the board over SSH to your team, from one poll of the account",
		Long: `Runs one callboard service for the account and serves its board over SSH: every supervisor who connects gets a board of their own (their selection, sort, filter and size), all fed by one poll stream, so RingCX sees the same load for 1 or 100 of them. Each board shows who of the team is on which call.

Who may connect, and as what, is [[serve.users]] in the config file (name, keys, phone, role = supervisor or viewer; viewers watch only); --authorized-keys FILE adds the keys of an authorized_keys file as supervisors named by each key's comment. Public keys are the only way in. The users are read again on SIGHUP and when the files change; open sessions stay.

ssh -p 2222 NAME@HOST opens the board; ssh -p 2222 NAME@HOST calls --json runs one command as that user (monitor, hangup --yes, …; a viewer cannot act). The host key is created at $XDG_STATE_HOME/callboard/` + hostKeyFile + ` if missing; its fingerprint is printed at start. SIGTERM or SIGINT tells every session the service is stopping, gives up the actions not yet sent (recorded as not sent), lets those already sent finish and be recorded, and exits 0.`,
		Example: `
callboard serve --authorized-keys ~/.ssh/authorized_keys
callboard serve --listen 127.0.0.1:2222 --host-key /etc/callboard/ssh_host_ed25519_key
# try it on the simulated account
callboard serve --demo --authorized-keys ~/.ssh/id_ed25519.pub
ssh -p 2222 localhost`,
		Args: takesArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runServe(cmd, f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.listen, "listen", "", "the `address` to listen on (default "+config.DefaultServeListen+", or listen in [serve])")
	fs.StringVar(&f.hostKey, "host-key", "", "the SSH host key `file` (default $XDG_STATE_HOME/callboard/"+hostKeyFile+", created if missing)")
	fs.StringVar(&f.authorizedKeys, "authorized-keys", "", "let the keys of this authorized_keys `file` in as supervisors, each named by its comment")
	fs.BoolVar(&a.demo, "demo", false, "serve the embedded simulated account: no credentials needed, no audit or debug log kept")
	return cmd
}

// serveSettings reads [serve] from the config file and applies the flags
// over it. It is read again on every reload.
func (a *app) serveSettings(f serveFlags) (*config.Serve, error) {
	sc, err := config.ReadServe(a.cfg)
	if err != nil {
		return nil, err
	}
	if f.listen != "" {
		sc.Listen = f.listen
	}
	if f.hostKey != "" {
		sc.HostKey = f.hostKey
	}
	if sc.HostKey == "" {
		if dir := config.StateDir(a.env); dir != "" {
			sc.HostKey = filepath.Join(dir, hostKeyFile)
		}
	}
	if f.authorizedKeys != "" {
		if err := sc.AddAuthorizedKeys(f.authorizedKeys); err != nil {
			return nil, fmt.Errorf("--authorized-keys: %w", err)
		}
	}
	return sc, nil
}

// serveUsers are the configured users as the SSH server takes them.
func serveUsers(users []config.ServeUser) []serve.User {
	out := make([]serve.User, len(users))
	for i, u := range users {
		out[i] = serve.User{Name: u.Name, Phone: u.Phone, Role: serve.Role(u.Role), Keys: u.Keys}
	}
	return out
}

// runServe starts the service and the SSH server, and runs until a stop
// signal: then the sessions are told, the actions in flight recorded, and
// the status is 0.
func (a *app) runServe(cmd *cobra.Command, f serveFlags) error {
	ctx := cmd.Context()
	if err := a.load(cmd); err != nil {
		return err
	}
	sc, err := a.serveSettings(f)
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	if len(sc.Users) == 0 {
		return a.failf(exitUsage, "nobody may connect: add [[serve.users]] to the config file (name, keys, role) or give --authorized-keys FILE")
	}
	if sc.HostKey == "" {
		return a.failf(exitUsage, "no place for the SSH host key: set HOME or XDG_STATE_HOME, or give --host-key FILE")
	}
	keys, err := a.keyMap()
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	signer, created, err := serve.HostKey(sc.HostKey)
	if err != nil {
		return a.failf(exitFailed, "%v", err)
	}
	// Listening before signing in: a port already taken is said at once.
	ln, err := net.Listen("tcp", sc.Listen)
	if err != nil {
		return a.failf(exitFailed, "cannot listen on %s: %v", sc.Listen, err)
	}
	defer ln.Close()

	// Polling from now on; closeService stops it, then waits (bounded) for
	// the actions in flight to be recorded.
	svc, closeService, err := a.openService(ctx, audit.SourceSSH, nil)
	if err != nil {
		return err
	}
	defer closeService()
	srv, err := serve.New(serve.Options{
		HostKey: signer, Users: serveUsers(sc.Users), Log: serveLog(a.log, a.stderr), Version: version,
		Limits: serve.Limits{MaxSessions: sc.MaxSessions, RatePerMinute: sc.RateLimit, IdleTimeout: sc.IdleTimeout, MaxSessionTime: sc.MaxSessionTime},
		Board:  a.sshBoard(svc, keys),
		Exec:   a.sshExec(svc),
		FPS:    ui.FrameRate,
	})
	if err != nil {
		return a.failf(exitFailed, "%v", err)
	}
	a.announce(srv, sc, ln.Addr(), created)

	reload := func() { a.reloadUsers(srv, f) }
	stopReloads := a.watchUsers(ctx, sc, f, reload)
	defer stopReloads()

	a.log.Info("serving", "listen", ln.Addr().String(), "account", a.client.AccountID(), "users", len(sc.Users), "host_key", srv.Fingerprint())
	if err := srv.Serve(ctx, ln); err != nil {
		return a.failf(exitFailed, "ssh server: %v", err)
	}
	fmt.Fprintln(a.stderr, "callboard serve: stopped; recording the last actions' outcomes…")
	return nil
}

// serveLog is the SSH server's log: the debug log, and standard error
// too — who came in, who was refused (key fingerprint, address) and why,
// panics — as sshd tells the journal.
func serveLog(debug *slog.Logger, stderr io.Writer) *slog.Logger {
	return slog.New(slog.NewMultiHandler(debug.Handler(), slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
}

// announce says where the server listens, whom it lets in, and the host
// key's fingerprint, which people compare with what ssh shows them the
// first time.
func (a *app) announce(srv *serve.Server, sc *config.Serve, at net.Addr, created bool) {
	what := "host key"
	if created {
		what = "new host key"
	}
	var names []string
	for _, u := range sc.Users {
		names = append(names, shown.Value(u.Name)+" ("+u.Role+")")
	}
	_, port, _ := net.SplitHostPort(at.String())
	fmt.Fprintf(a.stdout, "callboard serve: listening on %s for account %s\n", at, a.client.AccountID())
	fmt.Fprintf(a.stdout, "%s %s (ED25519) in %s\n", what, srv.Fingerprint(), sc.HostKey)
	fmt.Fprintf(a.stdout, "users: %s\n", strings.Join(names, ", "))
	fmt.Fprintf(a.stdout, "connect: ssh -p %s NAME@HOST\n", port)
}

// reloadUsers reads the users again and lets the new list in; a list
// with a mistake is refused and the old one kept, open sessions either
// way untouched.
func (a *app) reloadUsers(srv *serve.Server, f serveFlags) {
	sc, err := a.serveSettings(f)
	if err == nil {
		err = srv.SetUsers(serveUsers(sc.Users))
	}
	if err != nil {
		a.log.Error("users not reloaded; the old list stays", "err", err)
		fmt.Fprintf(a.stderr, "callboard serve: users not reloaded, the old list stays:\n%v\n", err)
		return
	}
	a.log.Info("users reloaded", "users", len(sc.Users))
	fmt.Fprintf(a.stderr, "callboard serve: users reloaded (%d)\n", len(sc.Users))
}

// watchEvery is how often the users' files are looked at for changes:
// a person added reaches the server this long after the file is saved.
const watchEvery = 2 * time.Second

// watchUsers reloads the users on SIGHUP and when the config file or
// the authorized_keys file changes. stop ends it.
func (a *app) watchUsers(ctx context.Context, sc *config.Serve, f serveFlags, reload func()) (stop func()) {
	files := []string{a.cfg.ConfigFile, sc.AuthorizedKeys, f.authorizedKeys}
	stamp := func() string {
		var b strings.Builder
		for _, p := range files {
			if p == "" {
				continue
			}
			if info, err := os.Stat(p); err == nil {
				fmt.Fprintf(&b, "%s %d %d;", p, info.Size(), info.ModTime().UnixNano())
			}
		}
		return b.String()
	}
	ctx, cancel := context.WithCancel(ctx)
	// A SIGHUP reloads through the same loop, which then takes the files
	// as read: one edit and one SIGHUP reload once, not twice.
	hup := make(chan struct{}, 1)
	restore := onHangup(func() {
		select {
		case hup <- struct{}{}:
		default:
		}
	})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		last := stamp()
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				last = stamp()
				reload()
			case <-t.C:
				if now := stamp(); now != last {
					last = now
					reload()
				}
			}
		}
	}()
	return func() { restore(); cancel(); wg.Wait() }
}

// sshBoard builds the board of one SSH session: a viewer of the service,
// named as the config names the person, with their role and phone, the
// configured keys, and colours from their own terminal (NO_COLOR sent by
// their client turns colour off for them alone).
func (a *app) sshBoard(svc *console.Service, keys ui.KeyMap) serve.BoardFunc {
	return func(ctx context.Context, s serve.Session) tea.Model {
		env := envOf(s.Env)
		theme := a.cfg.Theme
		if env("NO_COLOR") != "" {
			theme = "none"
		}
		return svc.NewBoard(ctx, console.Viewer{
			Operator: s.User, Source: audit.SourceSSH, Fingerprint: s.Fingerprint, Phone: s.Phone,
			Role: console.Role(s.Role), Keys: keys, Theme: themeFor(theme),
			Accessible: theme == "none" || env("TERM") == "dumb",
		})
	}
}

// envOf looks variables up in a session's environment.
func envOf(env []string) func(string) string {
	return func(name string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(env[i], name+"="); ok {
				return v
			}
		}
		return ""
	}
}

// sshExec runs one command for an SSH session: see runRemote.
func (a *app) sshExec(svc *console.Service) serve.ExecFunc {
	return func(ctx context.Context, s serve.Session, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		r := &remote{svc: svc, cfg: a.cfg, accountName: a.accountName, log: a.log, viewer: console.Viewer{
			Operator: s.User, Source: audit.SourceSSH, Fingerprint: s.Fingerprint, Phone: s.Phone, Role: console.Role(s.Role),
		}}
		return runRemote(ctx, args, r, stdin, stdout, stderr)
	}
}

// remote is a one-shot command run over SSH for a person the server let
// in. In place of what a command would do for itself it takes the
// service's: its settings (the person may not point it at another
// account, audit log or config file), its signed-in client and request
// budget (no sign-in per command, no second budget), and its actions,
// role-checked and audited as the person (source ssh, their name and key
// fingerprint).
type remote struct {
	svc         *console.Service
	cfg         *config.Config
	accountName string
	viewer      console.Viewer
	log         *slog.Logger
}

// remoteCommands are the commands a person may run over SSH: the looks
// and the actions. config would show the server's settings, sim and
// completion and the man page are the server's own business.
var remoteCommands = map[string]bool{
	"calls": true, "audit": true, "help": true,
	ui.ActionMonitor: true, ui.ActionCoach: true, ui.ActionBarge: true, ui.ActionEndSession: true,
	ui.ActionHangup: true, ui.ActionRecord: true, ui.ActionDisposition: true, ui.ActionDial: true,
}

// runRemote runs args as the command line of a command for r, on the
// session's streams, and returns its exit status: the same command tree,
// validation and wording as on the jump host itself.
func runRemote(ctx context.Context, args []string, r *remote, stdin io.Reader, stdout, stderr io.Writer) int {
	a := newApp(func(string) string { return "" }, stdin, stdout, stderr)
	a.remote, a.log = r, r.log
	root := a.rootCommand()
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return usageErrorf(cmd, "over SSH the board is what you get by connecting without a command (ssh -t -p PORT HOST); commands: %s", strings.Join(remoteNames(), ", "))
	}
	for _, c := range root.Commands() {
		if !remoteCommands[c.Name()] {
			root.RemoveCommand(c)
			name := c.Name()
			root.AddCommand(&cobra.Command{Use: name, Hidden: true, DisableFlagParsing: true,
				RunE: func(cmd *cobra.Command, _ []string) error {
					return usageErrorf(cmd, "%s is not available over SSH; the commands are: %s", name, strings.Join(remoteNames(), ", "))
				}})
		}
	}
	root.SetArgs(append([]string{}, args...))
	if err := fang.Execute(ctx, root, fang.WithVersion(version), fang.WithErrorHandler(a.printError),
		fang.WithoutManpage(), fang.WithoutCompletions()); err != nil {
		return asExitError(err).code
	}
	return exitOK
}

func remoteNames() []string {
	names := make([]string, 0, len(remoteCommands))
	for _, n := range []string{"calls", "audit", ui.ActionMonitor, ui.ActionCoach, ui.ActionBarge, ui.ActionEndSession,
		ui.ActionHangup, ui.ActionRecord, ui.ActionDisposition, ui.ActionDial, "help"} {
		if remoteCommands[n] {
			names = append(names, n)
		}
	}
	return names
}

// loadRemote is load for a command run over SSH: the service's settings,
// with the person's phone. Of the configuration flags only --phone may be
// given (the phone RingCX dials for this one action); the others would
// point the command at what the server's owner did not configure.
func (a *app) loadRemote(cmd *cobra.Command) error {
	r := a.remote
	var refused []string
	configFlags := cmd.Root().PersistentFlags()
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if configFlags.Lookup(f.Name) != nil && f.Name != "phone" {
			refused = append(refused, "--"+f.Name)
		}
	})
	if len(refused) > 0 {
		return usageErrorf(cmd, "%s cannot be given over SSH: the server's settings apply (only --phone may be)", strings.Join(refused, ", "))
	}
	cfg := *r.cfg
	cfg.Sources = maps.Clone(r.cfg.Sources)
	cfg.Phone = r.viewer.Phone
	delete(cfg.Sources, "phone")
	if f := cmd.Flags().Lookup("phone"); f != nil && f.Changed {
		p, err := cfg.Phones().Normalize("--phone", f.Value.String())
		if err != nil {
			return a.failf(exitUsage, "%v", err)
		}
		cfg.Phone = p
		cfg.Sources["phone"] = config.Source{Kind: config.KindFlag, Name: "phone"}
	}
	a.cfg = &cfg
	return nil
}

// notAllowedReason words why the service refused an action before
// sending it.
func notAllowedReason(err error) string {
	var na *api.NotAllowedError
	if errors.As(err, &na) && na.Reason == api.NotAllowedViewer {
		return "you are a viewer on this callboard server (watch only)"
	}
	return "this callboard is read-only"
}
