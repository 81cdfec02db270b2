package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// Exit codes, the same for every command.
const (
	exitOK     = 0 // done
	exitFailed = 1 // RingCX refused or failed, or the action was not sent (the message says why), or the person declined
	exitUsage  = 2 // bad usage or input
	// exitUnknown: the action was sent and its outcome is unknown (no
	// answer in time, the answer lost, interrupted after sending): check
	// the call before retrying — a retry may do it twice.
	exitUnknown = 3
	// exitPartial: a listing was written, but it is not the whole list
	// (RingCX ignored paging, so only its first page's calls are in it):
	// a script must not take it for every call.
	exitPartial = 4
)

// app is what every command shares: its streams, the effective
// configuration, the debug log and, once connected, the API client.
type app struct {
	env            func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer

	cfg         *config.Config
	demo        bool // the embedded simulator: nothing is kept between runs
	log         *slog.Logger
	closeLog    func()
	client      *api.Client
	accountName string

	// board is set while the board starts: RingCX out of reach does not
	// stop it (connect), a one-shot command needs an answer and does stop.
	board bool

	// remote is set for a command run over SSH by callboard serve: the
	// service's settings, client and actions replace what the command
	// would load, sign in with and open itself (cmd_serve.go).
	remote *remote
}

func newApp(env func(string) string, stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{env: env, stdin: stdin, stdout: stdout, stderr: stderr, log: slog.New(slog.DiscardHandler), closeLog: func() {}}
}

// exitError is how a command ends other than done: the exit code, and
// the message the person reads on stderr (printError). help names the
// command whose --help to point at when the command line itself was wrong;
// "" when the input was (a value, a setting), where the message says what
// to fix. An empty msg means the command has already said it on stdout
// ("Cancelled: nothing was done.").
type exitError struct {
	code int
	msg  string
	help string
}

func (e *exitError) Error() string { return e.msg }

// failf is an exitError with code: a formatted message, stripped of any
// credential the client holds.
func (a *app) failf(code int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if a.client != nil {
		msg = a.client.Redact(msg)
	}
	return &exitError{code: code, msg: strings.TrimRight(msg, "\n")}
}

// usageErrorf is a mistake on cmd's command line (exit 2): the message,
// then where its help is.
func usageErrorf(cmd *cobra.Command, format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...), help: cmd.CommandPath()}
}

// load works out the configuration from cmd's flags (the persistent
// configuration flags among them, wherever they stood), the environment
// and the config file, then opens the debug log and recalls the phone.
// Commands that use neither (sim, completion, help) never call it, so a
// broken config file does not stop them.
func (a *app) load(cmd *cobra.Command) error {
	if a.remote != nil {
		return a.loadRemote(cmd)
	}
	cfg, err := config.Load(cmd.Flags(), config.Options{Env: a.env, KeyNames: keyNames()})
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	a.cfg = cfg
	a.openLog()
	a.recallPhone()
	return nil
}

func keyNames() []string {
	km := defaultKeyMap()
	return slices.Sorted(maps.Keys(km.Bindings()))
}

const noCredentialsHelp = `no RingCX credentials are set.

Set RingCentral's usual variables (a RingCentral app with the ReadAccounts scope, and a supervisor's JWT):
  export RINGCENTRAL_CLIENT_ID=…  RINGCENTRAL_CLIENT_SECRET=…  RINGCENTRAL_JWT=…
  export RINGCX_ACCOUNT_ID=…      # the account to watch (asked for if you can see several)
or a RingCX token: RINGCX_ACCESS_TOKEN (+ RINGCX_REFRESH_TOKEN), or a permanent RINGCX_API_TOKEN.
Secrets can come from files instead: RINGCENTRAL_JWT_FILE=/path, … (or the config file; see callboard config).

Or try it on a simulated account, no credentials needed:
  callboard --demo`

// connect signs in and settles the account (console.Connect), keeping the
// client and the account's name, and turns what stops it into the exit
// status and the message the person reads: when pick is given and there
// are several accounts, the person picks (errLeft when they leave the
// picker).
//
// The start-up contract, one rule for every sign-in mode (README, "Use it
// with your RingCX account"): credentials refused with a 401 or 403 end
// here with exit 1, naming the variable or file they came from. When
// RingCX cannot be reached, a one-shot command ends with exit 1 (it needs
// an answer), while the board opens anyway, retrying, as long as it knows
// the account: the person may be waiting for a VPN, and the poller's
// requests sign in when the network returns.
func (a *app) connect(ctx context.Context, pick func([]ui.Account) (ui.Account, bool)) error {
	if a.remote != nil {
		// Over SSH: the service's client, signed in once for everyone.
		a.client, a.accountName = a.remote.svc.Client(), a.remote.accountName
		return nil
	}
	stateDir, err := a.signInDir()
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	client, name, err := console.Connect(ctx, console.ConnectOptions{
		Config: a.cfg, StateDir: stateDir, UserAgent: "callboard/" + version, Log: a.log, Wait: a.board, Pick: pick,
	})
	if client != nil {
		a.client = client // failf redacts with it
	}
	a.accountName = name
	var setup *console.SetupError
	var several *console.AccountsError
	var start *console.StartError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, console.ErrNoCredentials):
		return a.failf(exitUsage, "%s", noCredentialsHelp)
	case errors.Is(err, console.ErrLeft):
		return errLeft
	case errors.Is(err, console.ErrNoAccount):
		return a.failf(exitFailed, "RingCX lists no account for this user; set RINGCX_ACCOUNT_ID (or --account)")
	case errors.As(err, &several):
		return a.failf(exitUsage, "%v: choose one with --account or RINGCX_ACCOUNT_ID", several)
	case errors.As(err, &setup):
		return a.failf(exitUsage, "%v", setup)
	case errors.As(err, &start):
		return a.startFailed(start)
	}
	return a.failf(exitFailed, "%v", err)
}

// signInDir is where the sign-in is kept between runs: the state
// directory; none for the demo, which keeps nothing. Without a state
// directory (neither HOME nor XDG_STATE_HOME: a service, a bare cron job)
// it is a directory of the user's own in the temporary directory,
// $TMPDIR/callboard-<uid>, made 0700 and refused when someone else made
// it first or opened it up: otherwise every command would sign in afresh,
// and RingCX allows five sign-ins a minute. That is said on stderr.
func (a *app) signInDir() (string, error) {
	if a.demo {
		return "", nil
	}
	if dir := config.StateDir(a.env); dir != "" {
		return dir, nil
	}
	tmp := a.env("TMPDIR")
	if !filepath.IsAbs(tmp) {
		tmp = os.TempDir()
	}
	dir := filepath.Join(tmp, "callboard-"+strconv.Itoa(os.Getuid()))
	if err := privfile.PrivateDir(dir, "sign-in directory"); err != nil {
		return "", fmt.Errorf("%w\nThere is no state directory (neither HOME nor XDG_STATE_HOME is set); set XDG_STATE_HOME to keep the sign-in elsewhere", err)
	}
	fmt.Fprintf(a.stderr, "callboard: no state directory (neither HOME nor XDG_STATE_HOME is set): the sign-in is kept in %s for the next commands; set XDG_STATE_HOME to keep it elsewhere\n", shown.Value(dir))
	return dir, nil
}

// errLeft ends the program with status 0 and nothing to say: the person
// left the account picker without choosing, so there is nothing to do.
var errLeft = &exitError{code: exitOK}

// startFailed words a failed first request for the person: who refused
// what and where it was set, or which server is out of reach. A board
// that stops for RingCX out of reach does not know which account to
// watch (knowing it, it would have opened).
func (a *app) startFailed(err *console.StartError) error {
	switch {
	case err.Refused():
		return a.failf(exitFailed, "%s", a.credentialsRefused(err))
	case !err.Unreachable():
		return a.failf(exitFailed, "%v", err)
	case !a.board:
		return a.failf(exitFailed, "cannot reach %s: %v", a.serverOf(err), err)
	}
	return a.failf(exitFailed, "cannot reach %s to find out which account to watch: %v\n"+
		"Set RINGCX_ACCOUNT_ID (or --account) to open the board anyway; it retries until the network is back.", a.serverOf(err), err)
}

// serverOf names the server a failed request went to.
func (a *app) serverOf(err *console.StartError) string {
	if err.AtRingCentral() {
		return "RingCentral at " + a.cfg.Credentials.RingCentralServer
	}
	return "RingCX at " + a.cfg.Server
}

// credentialsRefused says who refused which credentials, where the person
// set each one (so they know what to fix), and the server's own answer.
func (a *app) credentialsRefused(err *console.StartError) string {
	c, src := a.cfg.Credentials, a.cfg.Sources
	what, fix := "", "check it"
	switch c.Mode() {
	case config.SignInJWT:
		what = fmt.Sprintf("the JWT sign-in (client id from %s, client secret from %s, JWT from %s)",
			origin(src["credentials.client_id"], "client_id"), origin(c.ClientSecret.Source(), "client_secret"), origin(c.JWT.Source(), "jwt"))
		fix = "check them"
	case config.SignInAccessToken:
		what = "the access token from " + origin(c.AccessToken.Source(), "access_token")
		if c.RefreshToken.IsSet() {
			what += " and its refresh token from " + origin(c.RefreshToken.Source(), "refresh_token")
			fix = "check them"
		}
	default:
		what = "the API token from " + origin(c.APIToken.Source(), "api_token")
	}
	var signIn *api.SignInError
	switch {
	case err.AtRingCentral():
		return fmt.Sprintf("RingCentral refused %s (%v): %s", what, err, fix)
	case errors.As(err, &signIn):
		return fmt.Sprintf("RingCX refused %s (%v): %s, and that this user has RingCX access", what, err, fix)
	case errors.Is(err, api.ErrForbidden) && err.Account != "":
		account := "the account"
		if s, ok := src["account"]; ok {
			account += " (from " + origin(s, "account") + ")" // not chosen at the picker
		}
		return fmt.Sprintf("RingCX refused access to account %s with %s (%v): check %s, or ask a RingCX admin for access",
			err.Account, what, err, account)
	}
	return fmt.Sprintf("RingCX refused %s (%v): %s", what, err, fix)
}

// origin names where a setting came from the way the person set it:
// "RINGCX_API_TOKEN", "the file /run/secrets/x (RINGCX_API_TOKEN_FILE)",
// "/home/me/.config/callboard/config.toml:7 (api_token)". key is the
// setting's name in the config file.
func origin(s config.Source, key string) string {
	at := s.Name
	if s.Line > 0 {
		at += ":" + strconv.Itoa(s.Line)
	}
	switch {
	case s.SecretFile != "" && s.Kind == config.KindFile:
		return "the file " + s.SecretFile + " (" + key + "_file in " + at + ")"
	case s.SecretFile != "":
		return "the file " + s.SecretFile + " (" + s.Name + ")"
	case s.Kind == config.KindEnv:
		return s.Name
	case s.Kind == config.KindFlag:
		return "--" + s.Name
	case s.Kind == config.KindFile:
		return at + " (" + key + ")"
	}
	return s.String()
}

// scope is the configured scope, the whole account by default.
func (a *app) scope() poller.Scope { return console.Scope(a.cfg, a.client.AccountID()) }

func (a *app) close() { a.closeLog() }
