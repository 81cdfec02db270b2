package console

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

// fakeClock adapts the fake clock to the poller's Clock.
type fakeClock struct{ *fakeclock.Clock }

func (c fakeClock) NewTimer(d time.Duration) poller.Timer { return c.Clock.NewTimer(d) }

// latestOf waits (bounded) until feed has published a state that cond
// accepts.
func latestOf[T any](t *testing.T, feed *poller.Feed[T], cond func(poller.Rows[T]) bool) poller.Rows[T] {
	t.Helper()
	var rows poller.Rows[T]
	eventually(t, "the "+feed.Name()+" feed's state", func() bool {
		var ok bool
		rows, ok = feed.Latest()
		return ok && cond(rows)
	})
	return rows
}

func failed[T any](r poller.Rows[T]) bool { return r.Status.State == poller.StateFailed }
func live[T any](r poller.Rows[T]) bool   { return r.Status.State == poller.StateLive }

// Without reporting rights both real-time feeds fail with the reason, and
// only they: the calls list and the reference lists stay live, and the
// pickers fall back to what they can still read.
func TestReportingDeniedFailsTheRealTimeFeedsAlone(t *testing.T) {
	r := newRig(t, "")
	r.sim.SetReportingDenied(true)
	r.run()
	for _, st := range []poller.Status{
		latestOf(t, r.svc.Agents(), failed).Status,
		latestOf(t, r.svc.Queues(), failed).Status,
	} {
		assert.Equal(t, poller.ReasonPermission, st.Reason)
		assert.ErrorIs(t, st.Err, api.ErrForbidden)
	}
	eventually(t, "the calls list", func() bool { s, ok := r.svc.Poller().Latest(); return ok && s.Status.State == poller.StateLive })
	latestOf(t, r.svc.ref.roster.feed, live)

	n := agentReads(r.sim.Server)
	agents, err := r.svc.Reference().DialAgents(context.Background())
	assert.ErrorIs(t, err, ui.ErrAgentStatesUnknown, "the roster is no claim about anyone's state")
	assert.ErrorIs(t, err, api.ErrForbidden, "and why")
	assert.Len(t, agents, len(r.sim.Agents(r.sim.Account)), "the roster alone")
	assert.Equal(t, n, agentReads(r.sim.Server), "the feed already knows RingCX refuses: not asked again")
	for _, a := range agents {
		assert.False(t, a.LoggedOut, "%s: states unknown, not logged out", a.Username)
	}
	// A call on a campaign: no agent row to find it by, and the list's
	// name is no queue's — the system list, and why.
	uii := r.sim.AddCall(r.sim.Account, sim.CallSpec{Queue: "Renewal Outreach", AgentUsername: freeAgents(r.sim.Server, r.sim.Account)[0]})
	eventually(t, "the call listed", func() bool { return inCallsList(r, uii) })
	choices, err := r.svc.Reference().Dispositions(context.Background(), uii)
	require.NoError(t, err)
	assert.ErrorIs(t, choices.Partial, api.ErrForbidden, "the refusal, remembered")
	assert.Equal(t, systemNames(), names(choices.Items))
}

// inCallsList reports whether the service's latest calls list has the call.
func inCallsList(r *rig, uii string) bool {
	s, ok := r.svc.Poller().Latest()
	return ok && listed(s.Calls, uii)
}

// Without an agent row for the call — reporting refused — its queue is
// the one the calls list names, when exactly one gate has that name: its
// dispositions are offered, as complete as through the agent.
func TestDispositionsFindTheQueueByTheCallsListsNameWithoutAnAgentRow(t *testing.T) {
	r := newRig(t, "")
	uii := r.sim.AddCall(r.sim.Account, sim.CallSpec{Queue: "Tech Support", AgentUsername: freeAgents(r.sim.Server, r.sim.Account)[0]})
	r.sim.SetReportingDenied(true)
	r.run()
	latestOf(t, r.svc.Agents(), failed)
	eventually(t, "the call listed", func() bool { return inCallsList(r, uii) })

	choices, err := r.svc.Reference().Dispositions(context.Background(), uii)
	require.NoError(t, err)
	assert.NoError(t, choices.Partial)
	assert.Equal(t, "Tech Support", choices.From)
	assert.Equal(t, []string{"Resolved", "Callback Requested", "Escalated", "Voicemail", "Wrong Number", "Sale", "Ticket Opened"}, names(choices.Items))

	standalone, err := NewReference(r.client).Dispositions(context.Background(), uii)
	require.NoError(t, err)
	assert.ErrorIs(t, standalone.Partial, api.ErrForbidden, "a standalone Reference has no calls list to join by")
}

// The board gets the feeds: its agents and queues subscriptions carry the
// service's rows, and showing a view watches that feed until the board
// ends.
func TestBoardWatchesTheFeedItsViewShows(t *testing.T) {
	r := newRig(t, "")
	r.run()
	ctx, cancel := context.WithCancel(context.Background())
	c := &feedControl{s: r.svc}
	context.AfterFunc(ctx, c.close)
	c.Showing(ui.ViewAgents)
	assert.Equal(t, 1, r.svc.Agents().Watchers())
	c.Showing(ui.ViewQueues)
	assert.Equal(t, 0, r.svc.Agents().Watchers())
	assert.Equal(t, 1, r.svc.Queues().Watchers())
	c.Showing(ui.ViewCalls)
	assert.Equal(t, 0, r.svc.Queues().Watchers(), "the calls view watches neither")
	c.Showing(ui.ViewQueues)
	cancel()
	eventually(t, "the watch to end with the board", func() bool { return r.svc.Queues().Watchers() == 0 })
	c.Showing(ui.ViewAgents)
	assert.Equal(t, 0, r.svc.Agents().Watchers(), "an ended board watches nothing")

	bctx, bcancel := context.WithCancel(context.Background())
	defer bcancel()
	drive(t, r.svc.NewBoard(bctx, viewer("ana", RoleSupervisor)))
	rows := latestOf(t, r.svc.Agents(), live)
	assert.NotEmpty(t, rows.Rows)
	q := latestOf(t, r.svc.Queues(), live)
	assert.NotEmpty(t, q.Rows)
}

// With a small poll budget and the calls, agents and queues all on
// screen, the simulator never sees more than the budget in any rolling
// minute: the calls list keeps its 5 s and the two feeds stretch.
func TestAllPollingStaysWithinOneBudget(t *testing.T) {
	clock := fakeClock{fakeclock.New()}
	s := simtest.Start(t, sim.Config{Seed: 11}, simtest.WithClock(clock.Clock))
	r := newRigOn(t, s, "", func(o *Options) { o.Clock, o.PollBudget = clock, 30 })
	boardA, boardB := &feedControl{s: r.svc}, &feedControl{s: r.svc}
	boardA.Showing(ui.ViewAgents)
	boardB.Showing(ui.ViewQueues)
	defer boardA.close()
	defer boardB.close()
	r.run()
	settle := func() {
		t.Helper()
		eventually(t, "every fetch due to be made", func() bool {
			now := clock.Now()
			c, ok := r.svc.Poller().Latest()
			a, okA := r.svc.Agents().Latest()
			q, okQ := r.svc.Queues().Latest()
			return ok && okA && okQ && c.Status.NextTry.After(now) && a.Status.NextTry.After(now) && q.Status.NextTry.After(now)
		})
	}
	settle()
	for range 180 {
		clock.Advance(time.Second)
		settle()
	}
	c, _ := r.svc.Poller().Latest()
	a, _ := r.svc.Agents().Latest()
	q, _ := r.svc.Queues().Latest()
	assert.Equal(t, 5*time.Second, c.Status.Interval, "the calls list keeps its cadence")
	assert.False(t, c.Status.Stretched)
	// 12 (calls) + 6 (the four lists: the roster takes 1 + 2 groups) leave
	// 12: six each, every 10 s.
	assert.Equal(t, 10*time.Second, a.Status.Interval)
	assert.Equal(t, 10*time.Second, q.Status.Interval)
	most := maxPerMinute(s.Requests())
	assert.LessOrEqual(t, most, 30)
	assert.GreaterOrEqual(t, most, 24, "the plan uses most of the budget it has")
	assert.Zero(t, s.Stats().RateLimited)
}

// The poll budget follows the client's: 5/6 of a 60-a-minute client is 50;
// a 2 s calls list (30) and the lists (6) leave the two feeds on screen 14:
// every 10 s each.
func TestThePollBudgetFollowsTheClients(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 11})
	c := simclient.New(t, s, api.WithRequestsPerMinute(60))
	r := newRigOn(t, s, "", func(o *Options) { o.Client, o.Refresh = c, 2*time.Second })
	boardA, boardB := &feedControl{s: r.svc}, &feedControl{s: r.svc}
	boardA.Showing(ui.ViewAgents)
	boardB.Showing(ui.ViewQueues)
	defer boardA.close()
	defer boardB.close()
	assert.Equal(t, 50, r.svc.Poller().Planner().PerMinute())
	r.run()
	a := latestOf(t, r.svc.Agents(), live)
	q := latestOf(t, r.svc.Queues(), live)
	for _, st := range []poller.Status{a.Status, q.Status} {
		assert.Equal(t, 10*time.Second, st.Interval)
		assert.True(t, st.Stretched)
	}
	var calls poller.Snapshot
	eventually(t, "the calls list", func() bool {
		var ok bool
		calls, ok = r.svc.Poller().Latest()
		return ok && calls.Status.State == poller.StateLive
	})
	assert.Equal(t, 2*time.Second, calls.Status.Interval)
}

// maxPerMinute is the most RingCX API requests in any rolling minute.
func maxPerMinute(reqs []sim.Request) int {
	var api []time.Time
	for _, r := range reqs {
		if strings.Contains(r.Path, "/admin/accounts/") {
			api = append(api, r.Time)
		}
	}
	most := 0
	for i, at := range api {
		n := 0
		for _, o := range api[i:] {
			if o.Sub(at) < time.Minute {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// Dispositions against the simulator: a call in a gate queue gets exactly
// that queue's usable dispositions by rank, and no system ones (the
// simulator, like RingCX's spec, takes only the queue's names); an
// outbound call its campaign's; a call nobody is on, the system list and
// why. The same from a standalone Reference (the commands') and from a
// running service's (the boards').
func TestDispositionsFollowTheCallsQueueOrCampaign(t *testing.T) {
	r := newRig(t, "")
	free := freeAgents(r.sim.Server, r.sim.Account)
	require.GreaterOrEqual(t, len(free), 2)
	inbound := r.sim.AddCall(r.sim.Account, sim.CallSpec{Queue: "Tech Support", AgentUsername: free[0]})
	outbound := r.sim.AddCall(r.sim.Account, sim.CallSpec{Queue: "Renewal Outreach", AgentUsername: free[1]})
	queued := r.sim.AddCall(r.sim.Account, sim.CallSpec{Queue: "Tech Support", Queued: true})
	require.NotEmpty(t, inbound)
	require.NotEmpty(t, outbound)
	require.NotEmpty(t, queued)

	check := func(t *testing.T, ref *Reference) {
		ctx := context.Background()
		got, err := ref.Dispositions(ctx, inbound)
		require.NoError(t, err)
		assert.NoError(t, got.Partial)
		assert.Equal(t, "Tech Support", got.From)
		assert.Equal(t, []string{"Resolved", "Callback Requested", "Escalated", "Voicemail", "Wrong Number", "Sale", "Ticket Opened"}, names(got.Items))
		note, ok := api.FindDisposition(got.Items, "Ticket Opened")
		require.True(t, ok)
		assert.True(t, note.RequireNote)

		got, err = ref.Dispositions(ctx, outbound)
		require.NoError(t, err)
		assert.NoError(t, got.Partial)
		assert.Equal(t, "Renewal Outreach", got.From)
		assert.Equal(t, []string{"Sale", "Not Interested", "Callback Requested", "Resolved", "Do Not Call", "Wrong Number", "Escalated", "Voicemail"}, names(got.Items))

		got, err = ref.Dispositions(ctx, queued)
		require.NoError(t, err)
		if ref.calls != nil { // a service's: the calls list names the queue
			assert.NoError(t, got.Partial)
			assert.Equal(t, "Tech Support", got.From)
			return
		}
		assert.ErrorIs(t, got.Partial, ui.ErrNoAgentOnCall)
		assert.Empty(t, got.From)
		assert.Equal(t, systemNames(), names(got.Items))
	}
	t.Run("standalone", func(t *testing.T) {
		ref := NewReference(r.client)
		r.sim.ResetRequests()
		check(t, ref)
		n := r.requests()
		check(t, ref)
		assert.Equal(t, 3, r.requests()-n, "the second time only the three calls' agents are read again: lists and queue dispositions are kept")
	})
	t.Run("service", func(t *testing.T) {
		r.run()
		latestOf(t, r.svc.Agents(), live)
		for _, l := range []func() bool{
			func() bool { _, ok := r.svc.ref.gateGroups.feed.Latest(); return ok },
			func() bool { _, ok := r.svc.ref.dialGroups.feed.Latest(); return ok },
			func() bool { _, ok := r.svc.ref.system.feed.Latest(); return ok },
		} {
			eventually(t, "the reference lists", l)
		}
		eventually(t, "the queued call listed", func() bool { return inCallsList(r, queued) })
		check(t, r.svc.Reference())
	})
}

func TestDialAgentsMergesTheRosterWithTheirStates(t *testing.T) {
	r := newRig(t, "")
	roster := r.sim.Agents(r.sim.Account)
	agents, err := NewReference(r.client).DialAgents(context.Background())
	require.NoError(t, err)
	require.Len(t, agents, len(roster))
	out := 0
	for _, a := range agents {
		if a.LoggedOut {
			out++
			assert.Empty(t, a.State)
		} else {
			assert.NotEmpty(t, a.State, "%s", a.Username)
		}
	}
	assert.Equal(t, len(roster)-len(loggedInOf(roster)), out)

	r.run()
	latestOf(t, r.svc.ref.roster.feed, live)
	r.svc.Agents().RefreshNow() // the agents feed merges the roster it has
	rows := latestOf(t, r.svc.Agents(), func(r poller.Rows[api.Agent]) bool { return live(r) && len(r.Rows) == len(roster) })
	fromFeed, err := r.svc.Reference().DialAgents(context.Background())
	require.NoError(t, err)
	assert.Equal(t, rows.Rows, fromFeed, "the service answers from its feed")
	assert.Len(t, fromFeed, len(roster))
}

func loggedInOf(roster []sim.AgentView) []sim.AgentView {
	var out []sim.AgentView
	for _, a := range roster {
		if a.LoggedIn {
			out = append(out, a)
		}
	}
	return out
}

// freeAgents are the usernames of logged-in agents on no call.
func freeAgents(s *sim.Server, account string) []string {
	var out []string
	for _, a := range s.Agents(account) {
		if a.LoggedIn && a.OnCall == "" {
			out = append(out, a.Username)
		}
	}
	return out
}

func names(ds []api.Disposition) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	return out
}

// systemNames are the simulator's system dispositions as the picker
// offers them: usable, by name (they have no rank).
func systemNames() []string {
	return slices.Sorted(slices.Values([]string{"ANSWER", "NOANSWER", "BUSY", "MACHINE", "INTERCEPT", "DISCONNECT",
		"ABANDON", "CONGESTION", "MANUAL_PASS", "INBOUND_CALLBACK", "APP_DNC", "APP_REQUEUE",
		"APP_REQUEUE_COMPLETE", "APP_REQUEUE_ABANDON", "INBOUND_ABANDON", "API_BLOCKED", "API_ERROR"}))
}

// agentReads counts the realTimeData/agent requests the simulator has seen.
func agentReads(s *sim.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/realTimeData/agent") {
			n++
		}
	}
	return n
}

// A standalone list is read once and kept, until a call names something it
// lacks: then it is read again.
func TestAReferenceListIsKeptUntilItMissesSomething(t *testing.T) {
	reads := 0
	ref := newReference(nil, time.Now)
	l := refList[string]{name: "x", ref: ref, key: func(s string) string { return s },
		fetch: func(context.Context) ([]string, int, error) { reads++; return []string{"a"}, 1, nil }}
	for range 3 {
		rows, err := l.get(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []string{"a"}, rows)
	}
	assert.Equal(t, 1, reads)
	l.missed()
	_, err := l.get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, reads)
}

// holdRoster makes the simulator hold every agentGroups request until the
// returned release is called (the roster feed's first answer is then not
// in); release runs at cleanup too.
func holdRoster(t *testing.T) (simtest.Option, func()) {
	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	wrap := simtest.Wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/agentGroups") {
				select {
				case <-hold:
				case <-r.Context().Done():
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	})
	return wrap, release
}

// The agents feed does not wait for the roster: with the roster's answer
// held back, the agents arrive live (the logged-in ones, without the
// roster's logged-out members); once the roster is in, the next read
// merges it.
func TestAgentsDoNotWaitForTheRoster(t *testing.T) {
	clock := fakeClock{fakeclock.New()}
	hold, release := holdRoster(t)
	s := simtest.Start(t, sim.Config{Seed: 11}, simtest.WithClock(clock.Clock), hold)
	t.Cleanup(release)
	r := newRigOn(t, s, "", func(o *Options) { o.Clock = clock })
	r.run()
	roster := s.Agents(s.Account)
	rows := latestOf(t, r.svc.Agents(), live)
	assert.Len(t, rows.Rows, len(loggedInOf(roster)), "the real-time rows, not waiting for the roster")
	_, rosterIn := r.svc.ref.roster.feed.Latest()
	assert.False(t, rosterIn, "the roster is still held")

	release()
	latestOf(t, r.svc.ref.roster.feed, live)
	clock.Advance(poller.DefaultOffScreen)
	rows = latestOf(t, r.svc.Agents(), func(r poller.Rows[api.Agent]) bool { return r.Seq > rows.Seq && live(r) })
	assert.Len(t, rows.Rows, len(roster), "the next read merges the roster: logged-out members too")
}

// failAgentReads makes the simulator answer realTimeData/agent 503 while
// the returned flag is set (a failure retrying fixes).
func failAgentReads() (simtest.Option, *atomic.Bool) {
	var fail atomic.Bool
	return simtest.Wrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if fail.Load() && strings.HasSuffix(r.URL.Path, "/realTimeData/agent") {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			next.ServeHTTP(w, r)
		})
	}), &fail
}

// The pickers do not offer an outdated agents list as current: while the
// agents feed is live they answer from it without a request; once it is
// stale they read realTimeData/agent themselves, and only when that fails
// too fall back to the feed's rows, with an OutdatedAgentsError saying how
// old they are — the disposition picker likewise.
func TestPickersDoNotOfferOutdatedAgentsAsCurrent(t *testing.T) {
	clock := fakeClock{fakeclock.New()}
	wrap, fail := failAgentReads()
	s := simtest.Start(t, sim.Config{Seed: 11}, simtest.WithClock(clock.Clock), wrap)
	free := freeAgents(s.Server, s.Account)
	require.NotEmpty(t, free)
	inbound := s.AddCall(s.Account, sim.CallSpec{Queue: "Tech Support", AgentUsername: free[0]})
	r := newRigOn(t, s, "", func(o *Options) { o.Clock = clock })
	r.run()
	eventually(t, "the lists", func() bool {
		_, g := r.svc.ref.gateGroups.feed.Latest()
		_, sys := r.svc.ref.system.feed.Latest()
		return g && sys
	})
	fresh := latestOf(t, r.svc.Agents(), live)
	ctx := context.Background()
	n := agentReads(s.Server)
	agents, err := r.svc.Reference().DialAgents(ctx)
	require.NoError(t, err)
	assert.Equal(t, fresh.Rows, agents)
	assert.Equal(t, n, agentReads(s.Server), "current rows: no request")

	fail.Store(true)
	clock.Advance(poller.DefaultOffScreen)
	stale := latestOf(t, r.svc.Agents(), func(r poller.Rows[api.Agent]) bool { return r.Stale() })
	agents, err = r.svc.Reference().DialAgents(ctx)
	var outdated *OutdatedAgentsError
	require.ErrorAs(t, err, &outdated)
	assert.ErrorIs(t, err, ui.ErrAgentsOutdated)
	assert.Equal(t, stale.Age(clock.Now()), outdated.Age)
	assert.Equal(t, poller.DefaultOffScreen, outdated.Age)
	assert.Equal(t, stale.Rows, agents, "the old rows, said to be old")

	choices, err := r.svc.Reference().Dispositions(ctx, inbound)
	require.NoError(t, err)
	assert.Equal(t, "Tech Support", choices.From, "the call's queue, from the old rows")
	assert.ErrorAs(t, choices.Partial, &outdated)

	fail.Store(false)
	n = agentReads(s.Server)
	agents, err = r.svc.Reference().DialAgents(ctx)
	require.NoError(t, err, "read again, live")
	assert.Equal(t, n+1, agentReads(s.Server))
	assert.Len(t, agents, len(s.Agents(s.Account)))
}
