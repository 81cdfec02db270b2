// Package simtest starts the RingCX simulator (package sim) on a loopback
// httptest server for tests, with the settings tests want unless they say
// otherwise: a static world (no spontaneous arrivals or endings, so nothing
// moves between two requests), a permanent API token the simulator accepts,
// the account to watch, and optionally a fake clock the simulator reads.
//
//	s := simtest.Start(t, sim.Config{Seed: 11}, simtest.WithClock(fakeclock.New()))
//	// s.Server is the simulator (world, fault knobs, request log),
//	// s.URL, s.Token and s.Account are what a client needs.
//
// The server closes when the test ends.
//
// # Two packages, because of api's own tests
//
// simtest does not import api. api's tests are in package api (they reach
// unexported hooks such as the client's clock), and they use simtest; if
// simtest imported api, that would be an import cycle. So the client is
// built in a package of its own, simtest/simclient, which the tests of every
// package above api use (poller, ui, audit, the commands); api's tests build
// their client from the same Sim fields in their own harness. The simulator's
// own tests use simtest too and stay free of api, as sim is.
package simtest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/sim"
)

const (
	// Account is the simulator's first default account (Northwind Care),
	// the one tests watch.
	Account = "12440011"
	// OtherAccount is the simulator's second default account (Northwind
	// Billing).
	OtherAccount = "12440012"
	// Token is the permanent API token every simulator started here
	// accepts. It is long and distinctive, so a test can check that no
	// error or log line carries it.
	Token = "simtest-api-token-7f3a9c1e5b2d4f60"
	// Unlimited is a client request budget (requests a minute) no test
	// reaches: clients on the simulator use it unless the test is about
	// the budget, so no test waits for one.
	Unlimited = 1 << 30
)

// Sim is a running simulator and what a test needs to reach it.
type Sim struct {
	*sim.Server                  // the simulator: its world, fault knobs, request log
	HTTP        *httptest.Server // the loopback server in front of it
	URL         string           // HTTP.URL: the RingCX and the RingCentral server
	Token       string           // a permanent API token it accepts (Token)
	Account     string           // the account to watch: the first configured one
	Clock       *fakeclock.Clock // given by WithClock; nil when the simulator reads the real time
}

// Option changes how Start runs the simulator.
type Option func(*options)

type options struct {
	clock *fakeclock.Clock
	live  bool
	wrap  []func(http.Handler) http.Handler
}

// WithClock makes the simulator read c (unless the test's config sets Now)
// and keeps c as Sim.Clock, so the test can advance the world, token
// lifetimes and the rate window without sleeping.
func WithClock(c *fakeclock.Clock) Option { return func(o *options) { o.clock = c } }

// Live takes the config's Static as the test gave it instead of forcing a
// static world, for tests of the world's evolution, and for harnesses whose
// callers choose per test.
func Live() Option { return func(o *options) { o.live = true } }

// Wrap puts middleware in front of the simulator, to inject behaviour it has
// no knob for; the first wraps the simulator, the last sees requests first.
func Wrap(mw ...func(http.Handler) http.Handler) Option {
	return func(o *options) { o.wrap = append(o.wrap, mw...) }
}

// Start runs a simulator with cfg on loopback until the test ends. cfg is
// taken as given (a zero Seed is the simulator's own default), except that
// the world is static unless Live is given, and Token is added to the API
// tokens it accepts.
func Start(t testing.TB, cfg sim.Config, opts ...Option) *Sim {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if !o.live {
		cfg.Static = true
	}
	if o.clock != nil && cfg.Now == nil {
		cfg.Now = o.clock.Now
	}
	cfg.APITokens = append(cfg.APITokens, Token)
	account := Account
	if len(cfg.Accounts) > 0 {
		account = cfg.Accounts[0].ID
	}
	s := sim.New(cfg)
	var h http.Handler = s
	for _, w := range o.wrap {
		h = w(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Sim{Server: s, HTTP: srv, URL: srv.URL, Token: Token, Account: account, Clock: o.clock}
}
