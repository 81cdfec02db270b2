package poller

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// feeds is the calls poller and the agents and queues feeds on one
// simulator, one fake clock and one planner, as the service runs them.
type feeds struct {
	t       *testing.T
	clock   *fakeClock
	sim     *simtest.Sim
	client  *api.Client
	planner *Planner
	calls   *Poller
	agents  *Feed[api.Agent]
	queues  *Feed[api.Queue]
	// agentsHits counts requests for realTimeData/agent, refused or not.
	agentsHits atomic.Int64
	// denyAgents refuses realTimeData/agent alone, as RingCX does a user
	// without the agents report.
	denyAgents atomic.Bool
	// failAgents answers realTimeData/agent 503, a failure retrying fixes.
	failAgents atomic.Bool
	// beside counts the feeds a test runs beside the three (runBeside).
	beside int
	stop   func()
}

func newFeeds(t *testing.T, budget int) *feeds {
	t.Helper()
	f := &feeds{t: t, clock: newFakeClock(), planner: NewPlanner(budget)}
	f.sim = simtest.Start(t, sim.Config{Seed: 3}, simtest.WithClock(f.clock.Clock), simtest.Wrap(f.agentsGate))
	f.client = simclient.New(t, f.sim)
	var err error
	opts := []Option{WithClock(f.clock), WithPlanner(f.planner)}
	f.calls, err = New(f.client, AccountScope(account), opts...)
	require.NoError(t, err)
	f.agents, err = NewFeed(FeedConfig[api.Agent]{
		Name: "agents", Key: func(a api.Agent) string { return a.AgentID },
		Fetch: func(ctx context.Context) ([]api.Agent, int, error) {
			rows, err := f.client.RealTimeAgents(ctx)
			return rows, 1, err
		},
	}, opts...)
	require.NoError(t, err)
	f.queues, err = NewFeed(FeedConfig[api.Queue]{
		Name: "queues", Key: func(q api.Queue) string { return q.GateID },
		Fetch: func(ctx context.Context) ([]api.Queue, int, error) {
			rows, err := f.client.RealTimeQueues(ctx)
			return rows, 1, err
		},
	}, opts...)
	require.NoError(t, err)
	return f
}

func (f *feeds) agentsGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/realTimeData/agent") {
			f.agentsHits.Add(1)
			if f.denyAgents.Load() {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"errorCode":"access.denied.exception","generalMessage":"Access is denied","timestamp":1}`))
				return
			}
			if f.failAgents.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// start runs the three until the test ends.
func (f *feeds) start() *feeds {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 3)
	go func() { done <- f.calls.Run(ctx) }()
	go func() { done <- f.agents.Run(ctx) }()
	go func() { done <- f.queues.Run(ctx) }()
	f.stop = func() {
		cancel()
		for range 3 {
			require.NoError(f.t, <-done)
		}
	}
	f.t.Cleanup(f.stop)
	f.settle()
	return f
}

// statuses are the three's latest states (zero before their first).
func (f *feeds) statuses() (calls, agents, queues Status) {
	c, _ := f.calls.Latest()
	a, _ := f.agents.Latest()
	q, _ := f.queues.Latest()
	return c.Status, a.Status, q.Status
}

// settle waits until every fetch due by now has been made and scheduled:
// each has published, and its next try lies ahead.
func (f *feeds) settle() {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		now := f.clock.Now()
		c, a, q := f.statuses()
		// Every feed waits on one timer of the clock while it has nothing to
		// do — for its next fetch, or for its turn within a paced read — and
		// on none while it fetches: all of them armed means none is still
		// sending what the last step made due. A feed beside the three
		// publishes nothing mid-read, so this is what tells it has caught up.
		if c.NextTry.After(now) && a.NextTry.After(now) && q.NextTry.After(now) && f.clock.Armed() >= 3+f.beside {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("feeds did not settle at %s (%d of %d waiting on the clock): calls %+v agents %+v queues %+v", now, f.clock.Armed(), 3+f.beside, c, a, q)
		}
		time.Sleep(time.Millisecond)
	}
}

// run steps the clock a second at a time for d, settling after each step.
func (f *feeds) run(d time.Duration) {
	f.t.Helper()
	for range int(d / time.Second) {
		f.clock.Advance(time.Second)
		f.settle()
	}
}

// maxPerMinute is the most requests the simulator logged in any rolling
// minute.
func (f *feeds) maxPerMinute() int {
	reqs := f.sim.Requests()
	most := 0
	for i, r := range reqs {
		n := 0
		for _, o := range reqs[i:] {
			if o.Time.Sub(r.Time) < time.Minute {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

func TestFeedIsReadOffScreenUntilABoardWatchesIt(t *testing.T) {
	f := newFeeds(t, DefaultPollBudget).start()
	rows, ok := f.agents.Latest()
	require.True(t, ok)
	assert.Equal(t, StateLive, rows.Status.State)
	assert.Equal(t, "agents", rows.Feed)
	assert.Equal(t, 1, rows.Requests)
	assert.Equal(t, f.clock.Now(), rows.FetchedAt)
	assert.Len(t, rows.Rows, loggedIn(f.sim.Server))
	assert.True(t, slicesSortedBy(rows.Rows, func(a api.Agent) string { return a.AgentID }), "rows sorted by key")
	assert.Equal(t, DefaultOffScreen, rows.Status.Interval, "nobody shows it: off-screen pace")
	assert.False(t, rows.Status.Stretched)

	hits := f.agentsHits.Load()
	f.run(29 * time.Second)
	assert.Equal(t, hits, f.agentsHits.Load(), "nothing before the 30 s are up")
	f.run(time.Second)
	assert.Equal(t, hits+1, f.agentsHits.Load())

	// A board shows it: the interval drops to 5 s, counted from the last
	// fetch, and the subscribers hear so at once.
	sub := f.agents.Subscribe()
	defer sub.Close()
	<-sub.C() // the current state
	release := f.agents.Watch()
	s := <-sub.C()
	assert.Equal(t, DefaultOnScreen, s.Status.Interval)
	assert.Equal(t, f.clock.Now().Add(DefaultOnScreen), s.Status.NextTry)
	assert.Equal(t, 1, f.agents.Watchers())
	f.run(10 * time.Second)
	assert.Equal(t, hits+3, f.agentsHits.Load(), "every 5 s on screen")

	second := f.agents.Watch() // another board shows it too
	release()
	release()
	assert.Equal(t, 1, f.agents.Watchers(), "release twice counts once")
	second()
	s = f.waitAgents(func(r Rows[api.Agent]) bool { return r.Status.Interval != DefaultOnScreen })
	assert.Equal(t, DefaultOffScreen, s.Status.Interval, "back to the off-screen pace when nobody shows it")
	f.run(29 * time.Second)
	assert.Equal(t, hits+3, f.agentsHits.Load())
}

func loggedIn(s *sim.Server) int {
	n := 0
	for _, a := range s.Agents(account) {
		if a.LoggedIn {
			n++
		}
	}
	return n
}

func slicesSortedBy[T any](rows []T, key func(T) string) bool {
	for i := 1; i < len(rows); i++ {
		if key(rows[i-1]) > key(rows[i]) {
			return false
		}
	}
	return true
}

// Budget 20: the calls list (12 a minute at 5 s) keeps its cadence and the
// two feeds on screen (12 each) stretch to 15 s (4 + 4). At 15 stretching
// the feeds four times is not enough (12 + 3 + 3): everything stretches
// together, the calls list to 6 s (10) and the feeds to 30 s (2 + 2).
// Either way the simulator never sees more than the budget in a minute.
func TestBudgetStretchesFeedsFirstThenEverything(t *testing.T) {
	for _, tc := range []struct {
		budget         int
		calls, feeds   time.Duration
		callsStretched bool
	}{
		{budget: 20, calls: 5 * time.Second, feeds: 15 * time.Second},
		{budget: 15, calls: 6 * time.Second, feeds: 30 * time.Second, callsStretched: true},
	} {
		t.Run(fmt.Sprint(tc.budget), func(t *testing.T) {
			f := newFeeds(t, tc.budget)
			defer f.agents.Watch()()
			defer f.queues.Watch()()
			f.start()
			f.run(3 * time.Minute)
			c, a, q := f.statuses()
			for _, st := range []Status{c, a, q} {
				require.Equal(t, StateLive, st.State, "%v", st.Err)
			}
			assert.Equal(t, tc.calls, c.Interval)
			assert.Equal(t, tc.callsStretched, c.Stretched)
			assert.Equal(t, tc.feeds, a.Interval)
			assert.Equal(t, tc.feeds, q.Interval)
			assert.True(t, a.Stretched)
			assert.LessOrEqual(t, f.maxPerMinute(), tc.budget)
			assert.Zero(t, f.sim.Stats().RateLimited)
		})
	}
}

// A 403 on realTimeData/agent fails the agents feed alone: it says why,
// asks again only every five minutes or when asked, and the calls list
// and queues stay live — and take the room it leaves in the budget.
func TestAForbiddenFeedFailsAloneAndRetriesRarely(t *testing.T) {
	f := newFeeds(t, 20)
	defer f.agents.Watch()()
	defer f.queues.Watch()()
	f.denyAgents.Store(true)
	f.start()
	c, a, q := f.statuses()
	require.Equal(t, StateFailed, a.State)
	assert.Equal(t, ReasonPermission, a.Reason)
	assert.ErrorIs(t, a.Err, api.ErrForbidden)
	assert.Equal(t, f.clock.Now().Add(5*time.Minute), a.NextTry)
	assert.Equal(t, StateLive, c.State)
	assert.Equal(t, StateLive, q.State)

	hits := f.agentsHits.Load()
	calls := countPath(f.sim.Server, "/activeCalls/list")
	f.run(4 * time.Minute)
	assert.Equal(t, hits, f.agentsHits.Load(), "no retries for four minutes")
	c, _, q = f.statuses()
	assert.Equal(t, StateLive, c.State)
	assert.Equal(t, StateLive, q.State)
	assert.Equal(t, 5*time.Second, c.Interval)
	assert.Equal(t, 10*time.Second, q.Interval, "the queues take what the agents leave: 12 + 6 + 1 (a retry) ≤ 20")
	assert.Equal(t, 48, countPath(f.sim.Server, "/activeCalls/list")-calls, "the calls list kept its 5 s")

	f.agents.RefreshNow()
	s := f.waitAgents(func(r Rows[api.Agent]) bool { return r.Status.Attempt == 2 })
	assert.Equal(t, StateFailed, s.Status.State, "a manual refresh tries again at once")
	assert.Equal(t, hits+1, f.agentsHits.Load())

	f.denyAgents.Store(false)
	f.run(5 * time.Minute)
	_, a, _ = f.statuses()
	assert.Equal(t, StateLive, a.State, "retried after five minutes, and live again")
	assert.Equal(t, 15*time.Second, a.Interval)
	assert.LessOrEqual(t, f.maxPerMinute(), 20)
}

// A failing feed retries no more often than the plan counts it: the
// agents feed the budget stretched to 20 s waits 20 s after a 503, not the
// 2 s backoff, while the calls list keeps its backoff; a list read every
// 10 minutes waits 10 minutes after a 503 and after a refusal (not the
// 5 minutes of permanentRetry).
func TestFeedRetriesKeepToThePlan(t *testing.T) {
	f := newFeeds(t, 20)
	defer f.agents.Watch()()
	defer f.queues.Watch()()
	slow, err := NewFeed(FeedConfig[api.Agent]{
		Name: "slow", Key: func(a api.Agent) string { return a.AgentID },
		OnScreen: 10 * time.Minute, OffScreen: 10 * time.Minute,
		Fetch: func(ctx context.Context) ([]api.Agent, int, error) {
			rows, err := f.client.RealTimeAgents(ctx)
			return rows, 1, err
		},
	}, WithClock(f.clock), WithPlanner(f.planner))
	require.NoError(t, err)
	f.runBeside(slow.Run)
	f.start()
	f.run(time.Minute)
	_, a, _ := f.statuses()
	require.True(t, a.Stretched)
	granted := a.Interval // 20 s: 12 (calls) + 1 (slow) + 3 + 3 ≤ 20

	f.failAgents.Store(true)
	var s Rows[api.Agent]
	for s, _ = f.agents.Latest(); s.Status.State != StateStale; s, _ = f.agents.Latest() {
		f.run(time.Second) // up to the next fetch, which fails
	}
	assert.GreaterOrEqual(t, s.Status.NextTry.Sub(f.clock.Now()), granted, "the granted interval, not the 2 s backoff")

	slow.RefreshNow() // the manual gap is long past: at once
	st := waitFeed(t, slow, func(r Rows[api.Agent]) bool { return r.Status.State == StateStale })
	assert.GreaterOrEqual(t, st.Status.NextTry.Sub(f.clock.Now()), 10*time.Minute, "a 10-minute list retries at its 10 minutes")

	f.failAgents.Store(false)
	f.denyAgents.Store(true)
	f.clock.Advance(st.Status.NextTry.Sub(f.clock.Now()))
	st = waitFeed(t, slow, func(r Rows[api.Agent]) bool { return r.Status.State == StateFailed })
	assert.Equal(t, 10*time.Minute, st.Status.NextTry.Sub(f.clock.Now()), "a refusal waits the list's own 10 minutes, more than permanentRetry")
}

func waitFeed[T any](t *testing.T, feed *Feed[T], cond func(Rows[T]) bool) Rows[T] {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if r, ok := feed.Latest(); ok && cond(r) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("feed %s did not get there", feed.Name())
		}
		time.Sleep(time.Millisecond)
	}
}

func (f *feeds) waitAgents(cond func(Rows[api.Agent]) bool) Rows[api.Agent] {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if r, ok := f.agents.Latest(); ok && cond(r) {
			return r
		}
		if time.Now().After(deadline) {
			f.t.Fatal("the agents feed did not get there")
		}
		time.Sleep(time.Millisecond)
	}
}

func countPath(s *sim.Server, suffix string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

func TestFeedWaitsAtLeastRetryAfter(t *testing.T) {
	f := newFeeds(t, DefaultPollBudget).start()
	f.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: 20 * time.Second})
	f.queues.RefreshNow()
	f.clock.Advance(time.Second) // the manual gap
	var s Rows[api.Queue]
	deadline := time.Now().Add(5 * time.Second)
	for s, _ = f.queues.Latest(); s.Status.State != StateStale; s, _ = f.queues.Latest() {
		require.True(t, time.Now().Before(deadline), "no 429 reached the queues feed")
		time.Sleep(time.Millisecond)
	}
	require.ErrorIs(t, s.Status.Err, api.ErrRateLimited)
	assert.GreaterOrEqual(t, s.Status.NextTry.Sub(f.clock.Now()), 20*time.Second, "Retry-After outranks the 2 s backoff")
	assert.NotEmpty(t, s.Rows, "the last good rows stay")
	c, _, _ := f.statuses()
	assert.Equal(t, StateLive, c.State)
}

func TestFeedConfigChecks(t *testing.T) {
	fetch := func(context.Context) ([]string, int, error) { return nil, 1, nil }
	key := func(s string) string { return s }
	for _, tc := range []struct {
		cfg  FeedConfig[string]
		opts []Option
		want string
	}{
		{FeedConfig[string]{Fetch: fetch, Key: key}, nil, "needs a name"},
		{FeedConfig[string]{Name: "x", Key: key}, nil, "needs Fetch and Key"},
		{FeedConfig[string]{Name: "x", Fetch: fetch, Key: key, OnScreen: 2 * time.Second}, nil, "no faster than every 5s"},
		{FeedConfig[string]{Name: "x", Fetch: fetch, Key: key, OnScreen: time.Minute, OffScreen: 30 * time.Second}, nil, "shorter than the on-screen"},
		{FeedConfig[string]{Name: "x", Fetch: fetch, Key: key}, []Option{WithInterval(5 * time.Second)}, "the calls poller's"},
	} {
		_, err := NewFeed(tc.cfg, tc.opts...)
		assert.ErrorContains(t, err, tc.want)
	}
	f, err := NewFeed(FeedConfig[string]{Name: "x", Fetch: fetch, Key: key})
	require.NoError(t, err)
	assert.Equal(t, DefaultOnScreen, f.cfg.OnScreen)
	assert.Equal(t, DefaultOffScreen, f.cfg.OffScreen)
	c, err := api.NewClient()
	require.NoError(t, err)
	_, err = New(c, AccountScope(account), WithPollBudget(10), WithPlanner(NewPlanner(10)))
	assert.ErrorContains(t, err, "not both")
}

// A read of 60 requests every 10 minutes (a roster of 59 groups) is paced
// over its interval: the plan counts it 6 a minute, so on a budget of 40
// the calls list and the agents keep their 5 s, and the simulator never
// sees more than 40 requests in a minute — read all at once, they would
// be 60 in one.
func TestALongReadIsPacedOverItsInterval(t *testing.T) {
	f := newFeeds(t, 40)
	defer f.agents.Watch()()
	big, err := NewFeed(FeedConfig[api.Queue]{
		Name: "big", Key: func(q api.Queue) string { return q.GateID },
		OnScreen: 10 * time.Minute, OffScreen: 10 * time.Minute,
		Fetch: func(ctx context.Context) ([]api.Queue, int, error) {
			var rows []api.Queue
			for i := range 60 {
				q, err := f.client.RealTimeQueues(ctx)
				if err != nil {
					return nil, i + 1, err
				}
				rows = q
			}
			return rows, 60, nil
		},
	}, WithClock(f.clock), WithPlanner(f.planner))
	require.NoError(t, err)
	f.runBeside(big.Run)
	f.start()
	f.run(25 * time.Minute)
	rows, ok := big.Latest()
	require.True(t, ok)
	assert.Equal(t, StateLive, rows.Status.State)
	assert.Equal(t, 60, rows.Requests)
	assert.Equal(t, 10*time.Minute, rows.Status.Interval, "the big read keeps its 10 minutes: paced, it fits")
	c, a, _ := f.statuses()
	assert.Equal(t, 5*time.Second, c.Interval, "the calls list keeps its cadence")
	assert.Equal(t, 5*time.Second, a.Interval, "so do the agents on screen")
	assert.False(t, c.OverBudget)
	assert.LessOrEqual(t, f.maxPerMinute(), 40)
	assert.Greater(t, countPath(f.sim.Server, "/realTimeData/inbound"), 120, "the big read was made twice or more")
}

// runBeside runs a feed beside the rig's three until the test ends, and
// checks it then returns cleanly; settle waits for it too. Call it before
// start.
func (f *feeds) runBeside(run func(context.Context) error) {
	t := f.t
	f.beside++
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
}
