package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// Exit codes, the same for every command.
const (
	exitOK     = 0 // done
	exitFailed = 1 // RingCX refused or failed (the message says why), or the person declined
	exitUsage  = 2 // bad usage or input
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

// authenticator turns the configured credentials into the client's sign-in.
func (a *app) authenticator() (api.Authenticator, error) {
	c := a.cfg.Credentials
	switch c.Mode() {
	case config.SignInJWT:
		creds := api.JWTCredentials{Server: c.RingCentralServer, ClientID: c.ClientID, ClientSecret: c.ClientSecret.Value(), JWT: c.JWT.Value()}
		if !a.demo {
			if store := newFileTokenStore(config.StateDir(a.env), a.cfg.Server, c.RingCentralServer, c.ClientID, c.JWT.Value()); store != nil {
				creds.Store = store
			}
		}
		return api.JWTAuth(creds), nil
	case config.SignInAccessToken:
		return api.TokenAuth(c.AccessToken.Value(), c.RefreshToken.Value()), nil
	case config.SignInAPIToken:
		return api.APITokenAuth(c.APIToken.Value()), nil
	}
	return nil, errNoCredentials
}

var errNoCredentials = errors.New("no credentials")

const noCredentialsHelp = `no RingCX credentials are set.

Set RingCentral's usual variables (a RingCentral app with the ReadAccounts scope, and a supervisor's JWT):
  export RINGCENTRAL_CLIENT_ID=…  RINGCENTRAL_CLIENT_SECRET=…  RINGCENTRAL_JWT=…
  export RINGCX_ACCOUNT_ID=…      # the account to watch (asked for if you can see several)
or a RingCX token: RINGCX_ACCESS_TOKEN (+ RINGCX_REFRESH_TOKEN), or a permanent RINGCX_API_TOKEN.
Secrets can come from files instead: RINGCENTRAL_JWT_FILE=/path, … (or the config file; see callboard config).

Or try it on a simulated account, no credentials needed:
  callboard --demo`

// connect builds the client, proves the credentials with a first real
// request and settles the account: the configured one, the only one the
// user can see, or — when pick is given and there are several — the one
// the person picks. It returns nil to go on, or the error to stop with
// (errLeft when the person left the picker).
//
// The start-up contract, one rule for every sign-in mode (README, "Use it
// with your RingCX account"): credentials refused with a 401 or 403 end
// here with exit 1, naming the variable or file they came from. When
// RingCX cannot be reached, a one-shot command ends with exit 1 (it needs
// an answer), while the board opens anyway, retrying, as long as it knows
// the account: the person may be waiting for a VPN, and the poller's
// requests sign in when the network returns.
func (a *app) connect(ctx context.Context, pick func([]ui.Account) (ui.Account, bool)) error {
	auth, err := a.authenticator()
	if errors.Is(err, errNoCredentials) {
		return a.failf(exitUsage, "%s", noCredentialsHelp)
	}
	client, err := api.NewClient(
		api.WithServer(a.cfg.Server),
		api.WithUserAgent("callboard/"+version),
		api.WithAuth(auth),
		api.WithLogger(a.log),
	)
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	a.client = client
	startCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	id := a.cfg.Account
	// A JWT signs in first (API and bare access tokens do not sign in at
	// all): its answer names the accounts the user has logins on.
	details, err := client.SignIn(startCtx)
	offline := false
	if err != nil {
		if err := a.startFailed(err, id != ""); err != nil {
			return err
		}
		offline = true
	}
	if id == "" {
		accounts, err := visibleAccounts(startCtx, client, details)
		if err != nil {
			return a.startFailed(err, false)
		}
		switch {
		case len(accounts) == 1:
			id = accounts[0].ID
		case len(accounts) == 0:
			return a.failf(exitFailed, "RingCX lists no account for this user; set RINGCX_ACCOUNT_ID (or --account)")
		case pick == nil:
			var list []string
			for _, acc := range accounts {
				list = append(list, api.Clean(acc.ID, 20)+" "+api.Clean(acc.Name, 60))
			}
			return a.failf(exitUsage, "this user can see several accounts (%s): choose one with --account or RINGCX_ACCOUNT_ID", strings.Join(list, ", "))
		default:
			chosen, ok := pick(accounts)
			if !ok {
				return errLeft
			}
			id = chosen.ID
		}
		for _, acc := range accounts {
			if acc.ID == id {
				a.accountName = acc.Name
			}
		}
	} else if details != nil {
		for _, d := range details.Agents {
			if d.AccountID == id {
				a.accountName = d.AccountName
			}
		}
	}
	if a.client, err = client.WithAccountID(id); err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	if !offline {
		// The first request proper, in every mode: it proves a token that
		// never signed in, a stored sign-in the server may have revoked, and
		// the permission to read this account's calls. A rejection ends here,
		// not in the first action's audit record.
		if err := a.probe(startCtx); err != nil {
			if err := a.startFailed(err, true); err != nil {
				return err
			}
			offline = true
		}
	}
	a.log.Info("connected", "server", a.cfg.Server, "account", id, "sign_in", string(a.cfg.Credentials.Mode()), "reachable", !offline)
	return nil
}

// errLeft ends the program with status 0 and nothing to say: the person
// left the account picker without choosing, so there is nothing to do.
var errLeft = &exitError{code: exitOK}

// probe reads one active call of the scope: the cheapest request that
// needs both valid credentials and the right to watch the account.
func (a *app) probe(ctx context.Context) error {
	s := a.scope()
	_, err := a.client.ListActiveCalls(api.WithPriority(ctx, api.PriorityAction),
		api.ListOptions{Product: s.Product, ProductID: s.ProductID, ExternalID: s.ExternalID, MaxRows: 1})
	return err
}

// startFailed applies the start-up contract to a failed first request and
// returns the error to stop with, or nil when the board opens anyway to
// wait for the network (accountKnown: there is an account to watch
// meanwhile).
func (a *app) startFailed(err error, accountKnown bool) error {
	switch {
	case errors.Is(err, api.ErrUnauthorized) || errors.Is(err, api.ErrForbidden):
		return a.failf(exitFailed, "%s", a.credentialsRefused(err))
	case !unreachable(err):
		return a.failf(exitFailed, "%v", err)
	case !a.board:
		return a.failf(exitFailed, "cannot reach %s: %v", a.serverOf(err), err)
	case !accountKnown:
		return a.failf(exitFailed, "cannot reach %s to find out which account to watch: %v\n"+
			"Set RINGCX_ACCOUNT_ID (or --account) to open the board anyway; it retries until the network is back.", a.serverOf(err), err)
	}
	a.log.Warn("RingCX out of reach at start; the board opens and keeps retrying", "err", err)
	return nil
}

// unreachable reports whether err is the server giving no usable answer
// — no connection, a DNS failure, a timeout, a 5xx, a 429 — which retrying
// can cure, rather than an answer that settles the matter.
func unreachable(err error) bool {
	var apiErr *api.APIError
	switch {
	case errors.Is(err, context.Canceled):
		return false // the person stopped it
	case errors.Is(err, api.ErrTimeout), errors.Is(err, api.ErrRateLimited):
		return true
	case errors.As(err, &apiErr):
		return apiErr.StatusCode >= 500
	}
	return !errors.Is(err, api.ErrMalformedResponse) && !errors.Is(err, api.ErrInvalidInput)
}

// serverOf names the server a failed request went to.
func (a *app) serverOf(err error) string {
	if atRingCentral(err) {
		return "RingCentral at " + a.cfg.Credentials.RingCentralServer
	}
	return "RingCX at " + a.cfg.Server
}

// atRingCentral reports whether err is from the first step of a JWT
// sign-in, which RingCentral's platform answers, not RingCX: the person
// then looks at other settings (RINGCENTRAL_*).
func atRingCentral(err error) bool {
	var signIn *api.SignInError
	return errors.As(err, &signIn) && strings.HasPrefix(signIn.Step, "RingCentral")
}

// credentialsRefused says who refused which credentials, where the person
// set each one (so they know what to fix), and the server's own answer.
func (a *app) credentialsRefused(err error) string {
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
	case atRingCentral(err):
		return fmt.Sprintf("RingCentral refused %s (%v): %s", what, err, fix)
	case errors.As(err, &signIn):
		return fmt.Sprintf("RingCX refused %s (%v): %s, and that this user has RingCX access", what, err, fix)
	case errors.Is(err, api.ErrForbidden) && a.client.AccountID() != "":
		account := "the account"
		if s, ok := src["account"]; ok {
			account += " (from " + origin(s, "account") + ")" // not chosen at the picker
		}
		return fmt.Sprintf("RingCX refused access to account %s with %s (%v): check %s, or ask a RingCX admin for access",
			a.client.AccountID(), what, err, account)
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

// visibleAccounts is every account the user can watch: the logins of the
// sign-in answer and the account list, merged (sub-accounts can appear in
// either alone).
func visibleAccounts(ctx context.Context, c *api.Client, details *api.LoginDetails) ([]ui.Account, error) {
	seen := map[string]bool{}
	var out []ui.Account
	add := func(id, name string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, ui.Account{ID: id, Name: name})
		}
	}
	if details != nil {
		for _, d := range details.Agents {
			add(d.AccountID, d.AccountName)
		}
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		if len(out) > 0 && !errors.Is(err, api.ErrUnauthorized) {
			return out, nil // the sign-in answer is enough to choose from
		}
		return nil, err
	}
	for _, acc := range accounts {
		add(acc.AccountID, acc.AccountName)
	}
	return out, nil
}

// scope is the configured scope, the whole account by default.
func (a *app) scope() poller.Scope {
	s := poller.Scope{Product: api.Product(a.cfg.Scope.Product), ProductID: a.cfg.Scope.ProductID, ExternalID: a.cfg.Scope.ExternalID}
	switch {
	case s.Product == "" && s.ExternalID == "":
		return poller.AccountScope(a.client.AccountID())
	case s.Product == api.ProductAccount && s.ProductID == "":
		s.ProductID = a.client.AccountID()
	}
	return s
}

func (a *app) close() { a.closeLog() }
