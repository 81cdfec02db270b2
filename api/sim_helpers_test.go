package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/require"
)

// Credentials used across the tests. Every error string produced in a test
// is checked not to contain any of them.
const (
	testAPIToken     = simtest.Token
	testClientID     = "client-id-a1b2c3d4e5"
	testClientSecret = "client-secret-s3cr3t-9f8e7d6c"
	testJWT          = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzdXBlcnZpc29yIn0.user-jwt-signature-xyz"
	mainAccount      = simtest.Account
	otherAccount     = simtest.OtherAccount
)

// harness is a simulator on loopback and the knobs to reach it.
type harness struct {
	t     *testing.T
	sim   *sim.Server
	srv   *httptest.Server
	clock *fakeclock.Clock
}

// newHarness starts a simulator on a fake clock (unless cfg sets Now),
// static only if cfg says so. wrap, if given, sits in front of the
// simulator to inject behaviour the simulator has no knob for.
func newHarness(t *testing.T, cfg sim.Config, wrap ...func(http.Handler) http.Handler) *harness {
	t.Helper()
	if cfg.Seed == 0 {
		cfg.Seed = 7
	}
	s := simtest.Start(t, cfg, simtest.Live(), simtest.WithClock(fakeclock.New()), simtest.Wrap(wrap...))
	return &harness{t: t, sim: s.Server, srv: s.HTTP, clock: s.Clock}
}

// client builds a client on the harness with an API token unless an auth
// option is given, and a budget large enough not to slow tests down. (The
// client of simtest/simclient cannot serve here: it imports this package.)
func (h *harness) client(opts ...Option) *Client {
	h.t.Helper()
	base := []Option{WithServer(h.srv.URL), WithAccount(mainAccount), WithAuth(APITokenAuth(testAPIToken)), WithRequestsPerMinute(simtest.Unlimited), withClock(h.clock.Now)}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(h.t, err)
	return c
}

func (h *harness) jwtAuth() Authenticator {
	return JWTAuth(JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT})
}

// lastRequest is the last request the simulator saw (control endpoints
// excluded).
func (h *harness) lastRequest() sim.Request {
	h.t.Helper()
	reqs := h.sim.Requests()
	require.NotEmpty(h.t, reqs, "the simulator saw no request")
	return reqs[len(reqs)-1]
}

// activeUII returns an answered call of the main account.
func (h *harness) activeUII() string {
	h.t.Helper()
	for _, c := range h.sim.Calls(mainAccount) {
		if c.DequeueTime != nil {
			return c.UII
		}
	}
	return h.sim.AddCall(mainAccount, sim.CallSpec{})
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
