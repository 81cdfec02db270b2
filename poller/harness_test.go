package poller

import (
	"context"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// httptest servers' idle keep-alive connections close asynchronously.
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
	)
}

// fakeClock drives the poller's intervals and backoff, and the simulator's
// world and token lifetimes, without sleeping.
type fakeClock struct{ *fakeclock.Clock }

func newFakeClock() *fakeClock { return &fakeClock{fakeclock.New()} }

// NewTimer adapts the fake timer to the poller's Timer interface.
func (c *fakeClock) NewTimer(d time.Duration) Timer { return c.Clock.NewTimer(d) }

const account = simtest.Account

type rig struct {
	t      *testing.T
	clock  *fakeClock
	sim    *simtest.Sim
	client *api.Client
	p      *Poller
	sub    *Subscription
	done   chan error
	cancel context.CancelFunc
}

// newRig starts a static simulator, a client on it and a poller (not yet
// running). simCfg and clientOpts adjust the defaults.
func newRig(t *testing.T, simCfg sim.Config, clientOpts []api.Option, opts ...Option) *rig {
	t.Helper()
	clock := newFakeClock()
	if simCfg.Seed == 0 {
		simCfg.Seed = 3
	}
	s := simtest.Start(t, simCfg, simtest.WithClock(clock.Clock))
	c := simclient.New(t, s, clientOpts...)
	p, err := New(c, AccountScope(account), append([]Option{WithClock(clock)}, opts...)...)
	require.NoError(t, err)
	return &rig{t: t, clock: clock, sim: s, client: c, p: p}
}

// start runs the poller and subscribes; cleanup stops it and checks Run
// returned cleanly.
func (r *rig) start() *rig {
	r.t.Helper()
	r.sub = r.p.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.done = make(chan error, 1)
	go func() { r.done <- r.p.Run(ctx) }()
	r.t.Cleanup(r.stop)
	return r
}

func (r *rig) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		require.NoError(r.t, err)
	case <-time.After(5 * time.Second):
		r.t.Fatal("Run did not return after cancel")
	}
}

// next waits for the next snapshot (bounded).
func (r *rig) next() Snapshot {
	r.t.Helper()
	return nextFrom(r.t, r.sub)
}

func nextFrom(t *testing.T, sub *Subscription) Snapshot {
	t.Helper()
	select {
	case s, ok := <-sub.C():
		require.True(t, ok, "subscription closed")
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no snapshot within 5s")
		return Snapshot{}
	}
}

// quiet asserts no snapshot arrives for a short while.
func (r *rig) quiet() {
	r.t.Helper()
	select {
	case s := <-r.sub.C():
		r.t.Fatalf("unexpected snapshot seq %d state %s", s.Seq, s.Status.State)
	case <-time.After(150 * time.Millisecond):
	}
}

// advanceTo moves the fake clock to the snapshot's next try and returns the
// snapshot that fetch produced.
func (r *rig) advanceTo(s Snapshot) Snapshot {
	r.t.Helper()
	r.clock.Advance(s.Status.NextTry.Sub(r.clock.Now()))
	return r.next()
}

func (r *rig) requests() int { return len(r.sim.Requests()) }

func uiis(calls []api.ActiveCall) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.UII
	}
	return out
}
