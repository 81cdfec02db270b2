package console

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// ConnectOptions is what Connect signs in with.
type ConnectOptions struct {
	// Config gives the server, the credentials, the account and the scope.
	Config *config.Config
	// StateDir keeps the RingCX sign-in between runs (tokens.json), so a
	// script of one-shot commands does not spend one of RingCX's five
	// sign-ins a minute each; "" keeps nothing (the demo).
	StateDir  string
	UserAgent string
	// Log is the debug log; nil discards.
	Log *slog.Logger
	// Wait lets RingCX be out of reach at start, as long as the account is
	// known: a board opens anyway and its poller retries (the person may be
	// waiting for a VPN). A one-shot command needs an answer and leaves it
	// false.
	Wait bool
	// Pick chooses among several accounts the user can see (the board's
	// picker); nil refuses to guess (*AccountsError).
	Pick func([]ui.Account) (ui.Account, bool)
}

// Connect builds the client, proves the credentials with a first real
// request and settles the account: the configured one, the only one the
// user can see, or the one Pick chooses. It returns the client of that
// account and the account's name ("" when unknown).
//
// The start-up contract, one rule for every sign-in mode: credentials
// refused with a 401 or 403 end here (a *StartError whose Refused is
// true), and so does RingCX out of reach (Unreachable) — unless Wait is set
// and the account is known, when the client is returned to retry later.
// Without credentials it is ErrNoCredentials; a setting the client cannot
// use is a *SetupError; no account to watch is ErrNoAccount, several and
// no Pick an *AccountsError, and leaving the picker ErrLeft.
//
// The client is returned whenever it was built, with an error too, so
// that what the caller prints of the error can be redacted with it.
func Connect(ctx context.Context, o ConnectOptions) (*api.Client, string, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	cfg := o.Config
	auth, err := authenticator(cfg, o.StateDir)
	if err != nil {
		return nil, "", err
	}
	opts := []api.Option{api.WithServer(cfg.Server), api.WithUserAgent(o.UserAgent), api.WithAuth(auth), api.WithLogger(o.Log)}
	if cfg.ActionDeadline > 0 { // unset in a Config built by hand: the client's default
		opts = append(opts, api.WithActionDeadline(cfg.ActionDeadline))
	}
	client, err := api.NewClient(opts...)
	if err != nil {
		return nil, "", &SetupError{err}
	}
	startCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	id, name := cfg.Account, ""
	// A JWT signs in first (API and bare access tokens do not sign in at
	// all): its answer names the accounts the user has logins on.
	details, err := client.SignIn(startCtx)
	var offline error // why RingCX is out of reach, when the board opens anyway
	if err != nil {
		if !o.Wait || id == "" || !Unreachable(err) {
			return client, "", &StartError{Err: err}
		}
		offline = err
	}
	if id == "" {
		accounts, err := visibleAccounts(startCtx, client, details)
		if err != nil {
			return client, "", &StartError{Err: err}
		}
		switch {
		case len(accounts) == 1:
			id = accounts[0].ID
		case len(accounts) == 0:
			return client, "", ErrNoAccount
		case o.Pick == nil:
			return client, "", &AccountsError{Accounts: accounts}
		default:
			chosen, ok := o.Pick(accounts)
			if !ok {
				return client, "", ErrLeft
			}
			id = chosen.ID
		}
		for _, acc := range accounts {
			if acc.ID == id {
				name = acc.Name
			}
		}
	} else if details != nil {
		for _, d := range details.Agents {
			if d.AccountID == id {
				name = d.AccountName
			}
		}
	}
	accountClient, err := client.WithAccountID(id)
	if err != nil {
		return client, "", &SetupError{err}
	}
	client = accountClient
	if offline == nil {
		// The first request proper, in every mode: it proves a token that
		// never signed in, a stored sign-in the server may have revoked, and
		// the permission to read this account's calls. A rejection ends here,
		// not in the first action's audit record.
		if err := probe(startCtx, client, Scope(cfg, id)); err != nil {
			if !o.Wait || !Unreachable(err) {
				return client, name, &StartError{Err: err, Account: id}
			}
			offline = err
		}
	}
	if offline != nil {
		o.Log.Warn("RingCX out of reach at start; the board opens and keeps retrying", "err", offline)
	}
	o.Log.Info("connected", "server", cfg.Server, "account", id, "sign_in", string(cfg.Credentials.Mode()), "reachable", offline == nil)
	return client, name, nil
}

// Errors Connect ends with; see Connect.
var (
	ErrNoCredentials = errors.New("no RingCX credentials are set")
	ErrNoAccount     = errors.New("RingCX lists no account for this user")
	ErrLeft          = errors.New("no account was chosen")
)

// SetupError is a setting the client cannot use (a server URL, an account
// id): bad input, not RingCX's answer.
type SetupError struct{ Err error }

func (e *SetupError) Error() string { return e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

// AccountsError is several accounts to watch and nobody to choose: the
// caller names them and says how to pick one.
type AccountsError struct{ Accounts []ui.Account }

func (e *AccountsError) Error() string {
	var list []string
	for _, acc := range e.Accounts {
		list = append(list, api.Clean(acc.ID, 20)+" "+api.Clean(acc.Name, 60))
	}
	return "this user can see several accounts (" + strings.Join(list, ", ") + ")"
}

// StartError is the first request at start failing: the sign-in, the
// account list or the first listing of calls.
type StartError struct {
	Err error
	// Account is the account the request was for; "" when it was made
	// before an account was settled.
	Account string
}

func (e *StartError) Error() string { return e.Err.Error() }
func (e *StartError) Unwrap() error { return e.Err }

// Refused reports whether the credentials (401), or their right to the
// account (403), were refused.
func (e *StartError) Refused() bool {
	return errors.Is(e.Err, api.ErrUnauthorized) || errors.Is(e.Err, api.ErrForbidden)
}

// Unreachable reports whether retrying may cure it; see Unreachable.
func (e *StartError) Unreachable() bool { return Unreachable(e.Err) }

// AtRingCentral reports whether RingCentral's platform gave the answer —
// the first step of a JWT sign-in — rather than RingCX: the person then
// looks at other settings (RINGCENTRAL_*).
func (e *StartError) AtRingCentral() bool { return AtRingCentral(e.Err) }

// Unreachable reports whether err is the server giving no usable answer —
// no connection, a DNS failure, a timeout, a 5xx, a 429 — which retrying
// can cure, rather than an answer that settles the matter.
func Unreachable(err error) bool {
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

// AtRingCentral reports whether err is from the first step of a JWT
// sign-in, which RingCentral's platform answers, not RingCX.
func AtRingCentral(err error) bool {
	var signIn *api.SignInError
	return errors.As(err, &signIn) && strings.HasPrefix(signIn.Step, "RingCentral")
}

// authenticator turns the configured credentials into the client's
// sign-in; a JWT's is kept in stateDir between runs.
func authenticator(cfg *config.Config, stateDir string) (api.Authenticator, error) {
	c := cfg.Credentials
	switch c.Mode() {
	case config.SignInJWT:
		creds := api.JWTCredentials{Server: c.RingCentralServer, ClientID: c.ClientID, ClientSecret: c.ClientSecret.Value(), JWT: c.JWT.Value()}
		if store := newFileTokenStore(stateDir, cfg.Server, c.RingCentralServer, c.ClientID, c.JWT.Value()); store != nil {
			creds.Store = store
		}
		return api.JWTAuth(creds), nil
	case config.SignInAccessToken:
		return api.TokenAuth(c.AccessToken.Value(), c.RefreshToken.Value()), nil
	case config.SignInAPIToken:
		return api.APITokenAuth(c.APIToken.Value()), nil
	}
	return nil, ErrNoCredentials
}

// probe reads one active call of the scope: the cheapest request that
// needs both valid credentials and the right to watch the account.
func probe(ctx context.Context, c *api.Client, s poller.Scope) error {
	_, err := c.ListActiveCalls(api.WithPriority(ctx, api.PriorityAction),
		api.ListOptions{Product: s.Product, ProductID: s.ProductID, ExternalID: s.ExternalID, MaxRows: 1})
	return err
}

// Scope is the scope cfg configures on account: the whole account by
// default.
func Scope(cfg *config.Config, account string) poller.Scope {
	s := poller.Scope{Product: api.Product(cfg.Scope.Product), ProductID: cfg.Scope.ProductID, ExternalID: cfg.Scope.ExternalID}
	switch {
	case s.Product == "" && s.ExternalID == "":
		return poller.AccountScope(account)
	case s.Product == api.ProductAccount && s.ProductID == "":
		s.ProductID = account
	}
	return s
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
