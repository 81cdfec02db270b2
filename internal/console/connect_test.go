package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

// Unreachable separates what retrying can cure from an answer that
// settles the matter.
func TestUnreachableTellsRetryableFromSettled(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{errors.New("GET /x: dial tcp 127.0.0.1:1: connect: connection refused"), true},
		{&api.SignInError{Step: "RingCentral sign-in", Err: errors.New("POST /y: lookup platform.example: no such host")}, true},
		{fmt.Errorf("GET /x: %w after 15s", api.ErrTimeout), true},
		{&api.APIError{StatusCode: http.StatusServiceUnavailable}, true},
		{&api.SignInError{Step: "RingCX sign-in (token exchange)", Err: &api.APIError{StatusCode: http.StatusBadGateway}}, true},
		{&api.RateLimitError{RetryAfter: time.Second}, true},
		{&api.APIError{StatusCode: http.StatusNotFound}, false},
		{&api.APIError{StatusCode: http.StatusBadRequest}, false},
		{fmt.Errorf("GET /x: %w", context.Canceled), false},
		{fmt.Errorf("GET /x: %w: the answer was cut short", api.ErrMalformedResponse), false},
	} {
		assert.Equal(t, tc.want, Unreachable(tc.err), "%v", tc.err)
	}
}

// connectConfig is a configuration for the simulator at s: a JWT sign-in
// (the simulator takes any), or the API token when token is set.
func connectConfig(s *simtest.Sim, account string, token bool) *config.Config {
	src := config.Source{Kind: config.KindEnv, Name: "TEST"}
	creds := config.Credentials{RingCentralServer: s.URL, ClientID: "client", ClientSecret: config.NewSecret("client-secret-1234", src), JWT: config.NewSecret("jwt-assertion-1234", src)}
	if token {
		creds = config.Credentials{APIToken: config.NewSecret(s.Token, src)}
	}
	return &config.Config{Settings: config.Settings{Server: s.URL, Account: account, Credentials: creds}}
}

// Sign-in and the choice of account: the one configured, the one chosen
// among those the user can see, and its name for the header; the JWT's
// sign-in is kept in the state directory, so the next start does not
// spend one of RingCX's five exchanges a minute.
func TestConnectSettlesTheAccount(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 11})
	state := t.TempDir()
	var offered []ui.Account
	pick := func(accounts []ui.Account) (ui.Account, bool) { offered = accounts; return accounts[1], true }
	c, name, err := Connect(context.Background(), ConnectOptions{Config: connectConfig(s, "", false), StateDir: state, Pick: pick})
	require.NoError(t, err)
	assert.Equal(t, []ui.Account{{ID: simtest.Account, Name: "Northwind Care"}, {ID: simtest.OtherAccount, Name: "Northwind Billing"}}, offered)
	assert.Equal(t, simtest.OtherAccount, c.AccountID())
	assert.Equal(t, "Northwind Billing", name)
	last := s.Requests()[len(s.Requests())-1]
	assert.Equal(t, "/voice/api/v1/admin/accounts/"+simtest.OtherAccount+"/activeCalls/list", last.Path, "proved by a first listing")
	assert.Equal(t, "1", last.Query.Get("maxRows"))

	c, name, err = Connect(context.Background(), ConnectOptions{Config: connectConfig(s, simtest.Account, false), StateDir: state})
	require.NoError(t, err)
	assert.Equal(t, simtest.Account, c.AccountID())
	assert.Equal(t, "Northwind Care", name, "named by the sign-in answer")
	assert.Equal(t, 1, s.Stats().Exchanges, "the second start reused the kept sign-in")

	_, _, err = Connect(context.Background(), ConnectOptions{Config: connectConfig(s, "", true)})
	var several *AccountsError
	require.ErrorAs(t, err, &several, "nobody to choose: the caller says how to")
	assert.Len(t, several.Accounts, 2)
	assert.Contains(t, several.Error(), simtest.OtherAccount+" Northwind Billing")

	_, _, err = Connect(context.Background(), ConnectOptions{Config: connectConfig(s, "", false), Pick: func([]ui.Account) (ui.Account, bool) { return ui.Account{}, false }})
	assert.ErrorIs(t, err, ErrLeft)

	_, _, err = Connect(context.Background(), ConnectOptions{Config: &config.Config{Settings: config.Settings{Server: s.URL}}})
	assert.ErrorIs(t, err, ErrNoCredentials)
}

// The start-up contract: refused credentials end it, saying for which
// account; out of reach ends a one-shot command, while a board (Wait)
// opens on a known account and retries — but cannot ask which account.
func TestConnectStartUpContract(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 11})
	cfg := connectConfig(s, simtest.Account, true)
	cfg.Credentials.APIToken = config.NewSecret("not-the-token-5678", config.Source{})
	c, _, err := Connect(context.Background(), ConnectOptions{Config: cfg, Wait: true})
	var start *StartError
	require.ErrorAs(t, err, &start)
	assert.True(t, start.Refused())
	assert.ErrorIs(t, err, api.ErrUnauthorized)
	assert.Equal(t, simtest.Account, start.Account)
	require.NotNil(t, c, "returned to redact with")
	assert.NotContains(t, c.Redact("x not-the-token-5678 y"), "not-the-token-5678")

	_, _, err = Connect(context.Background(), ConnectOptions{Config: connectConfig(s, "99999999", true)})
	require.ErrorAs(t, err, &start)
	assert.True(t, start.Refused(), "403: not this user's account")
	assert.ErrorIs(t, err, api.ErrForbidden)

	down := connectConfig(s, simtest.Account, false)
	down.Server, down.Credentials.RingCentralServer = "http://127.0.0.1:1", "http://127.0.0.1:1"
	_, _, err = Connect(context.Background(), ConnectOptions{Config: down})
	require.ErrorAs(t, err, &start)
	assert.True(t, start.Unreachable())
	assert.True(t, start.AtRingCentral(), "the JWT's first step is RingCentral's")

	c, _, err = Connect(context.Background(), ConnectOptions{Config: down, Wait: true})
	require.NoError(t, err, "a board opens and retries")
	assert.Equal(t, simtest.Account, c.AccountID())

	down.Account = ""
	_, _, err = Connect(context.Background(), ConnectOptions{Config: down, Wait: true})
	require.ErrorAs(t, err, &start, "without an account there is nothing to open on")
	assert.True(t, start.Unreachable())
}

// The configured action deadline (action_deadline) reaches the client: an
// action held behind a rate-limit pause longer than the deadline is given
// up, not sent, after the configured second rather than the default 20.
func TestConnectUsesTheConfiguredActionDeadline(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 11})
	cfg := connectConfig(s, simtest.Account, true)
	cfg.ActionDeadline = time.Second
	c, _, err := Connect(context.Background(), ConnectOptions{Config: cfg})
	require.NoError(t, err)
	uii := s.Calls(simtest.Account)[0].UII

	s.SetFaults(sim.Faults{Force429: 1, RetryAfter: time.Hour})
	var limited *api.RateLimitError
	require.ErrorAs(t, c.HangupCall(context.Background(), uii), &limited, "the pause: two minutes, capped")
	err = c.HangupCall(context.Background(), uii)
	var notSent *api.NotSentError
	require.ErrorAs(t, err, &notSent)
	assert.Equal(t, api.NotSentDeadline, notSent.Reason)
	assert.Contains(t, err.Error(), "within 1s", "the configured deadline, not the default")
}
