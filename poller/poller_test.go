package poller

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func simUIIs(s *sim.Server) []string {
	var out []string
	for _, c := range s.Calls(account) {
		out = append(out, c.UII)
	}
	sort.Strings(out)
	return out
}

func sorted(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

func TestSteadyStatePublishesLiveSnapshotsWithDiffs(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()

	first := r.next()
	assert.Equal(t, StateLive, first.Status.State)
	assert.Equal(t, sorted(simUIIs(r.sim.Server)), sorted(uiis(first.Calls)))
	assert.True(t, first.Diff.Baseline, "the first list is a baseline, not N new calls")
	assert.Equal(t, r.clock.Now(), first.FetchedAt)
	assert.Equal(t, 1, first.Pages)
	assert.Equal(t, DefaultInterval, first.Status.Interval)
	assert.Equal(t, first.FetchedAt.Add(5*time.Second), first.Status.NextTry)
	assert.True(t, sort.StringsAreSorted(uiis(first.Calls)), "sorted by uii")

	// A call arrives, one ends, one changes (its caller name is rewritten).
	added := r.sim.AddCall(account, sim.CallSpec{CNAM: "NEW CALLER"})
	ended := first.Calls[0].UII
	require.True(t, r.sim.EndCall(ended))
	r.clock.Advance(4 * time.Second)
	r.quiet()
	r.clock.Advance(time.Second)
	second := r.next()
	assert.Equal(t, StateLive, second.Status.State)
	assert.False(t, second.Diff.Baseline)
	assert.Equal(t, []string{added}, second.Diff.Added)
	assert.Equal(t, []string{ended}, second.Diff.Ended)
	assert.Empty(t, second.Diff.Changed)
	assert.Greater(t, second.Seq, first.Seq)

	r.sim.SetHostile(true)
	third := r.advanceTo(second)
	assert.NotEmpty(t, third.Diff.Changed, "rewritten caller names are changes")
	assert.Empty(t, third.Diff.Added)

	// Thirty more cycles: one request each, never a 429.
	s := third
	before := r.requests()
	for range 30 {
		s = r.advanceTo(s)
		require.Equal(t, StateLive, s.Status.State)
	}
	assert.Equal(t, 30, r.requests()-before)
	for _, req := range r.sim.Requests() {
		assert.NotEqual(t, http.StatusTooManyRequests, req.Status)
	}
}

// A refresh that finds the very calls of the last one publishes the list
// subscribers already hold: a board compares the slices and skips its
// rebuild. One that finds a change publishes a new list.
func TestAnUnchangedListIsPublishedAsTheSameSlice(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	first := r.next()
	second := r.advanceTo(first)
	require.True(t, second.FetchedAt.After(first.FetchedAt), "a new fetch")
	assert.True(t, second.Diff.Empty())
	assert.Same(t, &first.Calls[0], &second.Calls[0], "nothing changed: the same list")

	r.sim.AddCall(account, sim.CallSpec{CNAM: "NEW CALLER"})
	third := r.advanceTo(second)
	assert.Len(t, third.Diff.Added, 1)
	assert.NotSame(t, &second.Calls[0], &third.Calls[0], "a call came: a new list")
	assert.Len(t, third.Calls, len(second.Calls)+1)
}

func TestOutageThenRecoveryKeepsLastGoodCalls(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	good := r.next()
	require.Equal(t, StateLive, good.Status.State)

	r.sim.SetFaults(sim.Faults{Outage: true})
	s := r.advanceTo(good)
	assert.Equal(t, StateStale, s.Status.State)
	assert.True(t, s.Stale())
	assert.Equal(t, 1, s.Status.Attempt)
	var apiErr *api.APIError
	require.ErrorAs(t, s.Status.Err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.Equal(t, uiis(good.Calls), uiis(s.Calls), "last good calls stay available")
	assert.Equal(t, good.FetchedAt, s.FetchedAt)
	assert.Equal(t, 5*time.Second, s.Age(r.clock.Now()))
	wait := s.Status.NextTry.Sub(r.clock.Now())
	assert.GreaterOrEqual(t, wait, time.Second)
	assert.LessOrEqual(t, wait, 3*time.Second, "first backoff ≈ 2 s ± 50%")

	var waits []time.Duration
	for range 8 {
		s = r.advanceTo(s)
		require.Equal(t, StateStale, s.Status.State)
		waits = append(waits, s.Status.NextTry.Sub(r.clock.Now()))
	}
	assert.Equal(t, 9, s.Status.Attempt)
	for _, w := range waits {
		assert.LessOrEqual(t, w, 60*time.Second, "capped at 60 s")
	}
	assert.GreaterOrEqual(t, waits[len(waits)-1], 30*time.Second, "backoff grew: %v", waits)

	r.sim.SetFaults(sim.Faults{})
	s = r.advanceTo(s)
	assert.Equal(t, StateLive, s.Status.State, "live again without a restart")
	assert.Zero(t, s.Status.Attempt)
	assert.Nil(t, s.Status.Err)
	assert.Equal(t, r.clock.Now(), s.FetchedAt)
	assert.Equal(t, 5*time.Second, s.Status.NextTry.Sub(r.clock.Now()), "backoff reset on success")
}

func TestFiveXXBurstRecovers(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	s := r.next()
	r.sim.SetFaults(sim.Faults{ErrorRate: 1})
	for i := 1; i <= 3; i++ {
		s = r.advanceTo(s)
		require.Equal(t, StateStale, s.Status.State)
		assert.Equal(t, i, s.Status.Attempt)
		var apiErr *api.APIError
		require.ErrorAs(t, s.Status.Err, &apiErr)
		assert.GreaterOrEqual(t, apiErr.StatusCode, 500)
	}
	r.sim.SetFaults(sim.Faults{})
	s = r.advanceTo(s)
	assert.Equal(t, StateLive, s.Status.State)
}

func TestRateLimitWaitsAtLeastRetryAfter(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	s := r.next()
	r.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: 20 * time.Second})
	s = r.advanceTo(s)
	require.Equal(t, StateStale, s.Status.State)
	require.ErrorIs(t, s.Status.Err, api.ErrRateLimited)
	assert.GreaterOrEqual(t, s.Status.NextTry.Sub(r.clock.Now()), 20*time.Second, "Retry-After outranks the 2 s backoff")
}

func TestTokenExpiryMidRunIsInvisible(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil)
	c := simclient.New(t, r.sim,
		api.WithAuth(api.JWTAuth(api.JWTCredentials{Server: r.sim.URL, ClientID: "id-0123456789", ClientSecret: "secret-0123456789", JWT: "jwt-0123456789"})))
	var err error
	r.p, err = New(c, AccountScope(account), WithClock(r.clock))
	require.NoError(t, err)
	r.start()
	s := r.next()
	require.Equal(t, StateLive, s.Status.State)
	r.sim.ExpireTokens()
	s = r.advanceTo(s)
	assert.Equal(t, StateLive, s.Status.State, "the client refreshed and retried inside the cycle")
	st := r.sim.Stats()
	assert.Equal(t, 1, st.Refreshes)
	assert.Equal(t, 1, st.Exchanges)

	// Past the token's natural lifetime the client refreshes ahead of time.
	for range 70 { // 70 × 5 s ≈ 6 minutes
		s = r.advanceTo(s)
		require.Equal(t, StateLive, s.Status.State)
	}
	assert.Equal(t, 1, r.sim.Stats().Exchanges)
	assert.GreaterOrEqual(t, r.sim.Stats().Refreshes, 2)
}

func TestSlowServerPastTheTimeout(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, []api.Option{api.WithTimeout(200 * time.Millisecond)}).start()
	s := r.next()
	r.sim.SetFaults(sim.Faults{Latency: 2 * time.Second})
	s = r.advanceTo(s)
	require.Equal(t, StateStale, s.Status.State)
	assert.ErrorIs(t, s.Status.Err, api.ErrTimeout)
	r.sim.SetFaults(sim.Faults{})
	s = r.advanceTo(s)
	assert.Equal(t, StateLive, s.Status.State)
}

func TestMalformedBody(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	s := r.next()
	r.sim.SetFaults(sim.Faults{Malformed: 1})
	s = r.advanceTo(s)
	require.Equal(t, StateStale, s.Status.State)
	assert.ErrorIs(t, s.Status.Err, api.ErrMalformedResponse)
	assert.NotEmpty(t, s.Calls)
	s = r.advanceTo(s)
	assert.Equal(t, StateLive, s.Status.State)
}

func TestPermanentFailureDoesNotHammer(t *testing.T) {
	r := newRig(t, sim.Config{Static: true, ClientSecret: "the-right-secret"}, nil)
	c := simclient.New(t, r.sim, api.WithRequestsPerMinute(api.DefaultRequestsPerMinute),
		api.WithAuth(api.JWTAuth(api.JWTCredentials{Server: r.sim.URL, ClientID: "id-0123456789", ClientSecret: "a-wrong-secret", JWT: "jwt-0123456789"})))
	var err error
	r.p, err = New(c, AccountScope(account), WithClock(r.clock))
	require.NoError(t, err)
	r.start()
	s := r.next()
	require.Equal(t, StateFailed, s.Status.State)
	assert.ErrorIs(t, s.Status.Err, api.ErrUnauthorized)
	assert.Equal(t, ReasonCredentials, s.Status.Reason)
	assert.Equal(t, 5*time.Minute, s.Status.NextTry.Sub(r.clock.Now()))
	n := r.requests()
	r.clock.Advance(4 * time.Minute)
	r.quiet()
	assert.Equal(t, n, r.requests(), "no retries for four minutes")
	r.p.RefreshNow()
	s = r.next()
	assert.Equal(t, StateFailed, s.Status.State, "a manual refresh tries again at once")
	assert.Equal(t, 2, s.Status.Attempt)
}

func TestForbiddenAndNotFoundArePermanent(t *testing.T) {
	for _, tc := range []struct {
		err    error
		reason Reason
	}{
		{&api.APIError{StatusCode: 403}, ReasonPermission},
		{&api.APIError{StatusCode: 404}, ReasonNotFound},
		{&api.InputError{Field: "productId", Reason: "x"}, ReasonInvalidRequest},
		{&api.SignInError{Step: "x", Err: &api.APIError{StatusCode: 400}}, ReasonCredentials},
	} {
		v := classify(tc.err)
		assert.True(t, v.permanent, "%v", tc.err)
		assert.Equal(t, tc.reason, v.reason, "%v", tc.err)
	}
	for _, err := range []error{
		&api.APIError{StatusCode: 500}, &api.APIError{StatusCode: 503}, api.ErrTimeout, api.ErrMalformedResponse,
		&api.SignInError{Step: "x", Err: &api.APIError{StatusCode: 502}}, errors.New("connection refused"),
	} {
		assert.False(t, classify(err).permanent, "%v", err)
	}
	assert.Equal(t, 7*time.Second, classify(&api.RateLimitError{RetryAfter: 7 * time.Second}).atLeast)
}

func TestScopeChangeFetchesAtOnceAndAbandonsTheOldFetch(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil)
	tagged := map[string]bool{
		r.sim.AddCall(account, sim.CallSpec{ExternalID: "crm-7731"}): true,
		r.sim.AddCall(account, sim.CallSpec{ExternalID: "crm-7731"}): true,
	}
	r.start()
	first := r.next()
	require.Greater(t, len(first.Calls), len(tagged))

	// A fetch of the old scope starts and hangs for an hour: unless it is
	// abandoned, the new scope's snapshot never comes (r.next fails).
	r.sim.SetFaults(sim.Faults{Latency: time.Hour})
	r.clock.Advance(5 * time.Second)
	require.Eventually(t, func() bool { r.p.mu.Lock(); defer r.p.mu.Unlock(); return r.p.cancelFetch != nil }, 2*time.Second, time.Millisecond)
	r.sim.SetFaults(sim.Faults{})
	scope := Scope{ExternalID: "crm-7731"}
	require.NoError(t, r.p.SetScope(scope))
	s := r.next()
	assert.Equal(t, scope, s.Scope)
	assert.True(t, s.Diff.Baseline, "a new scope starts a new baseline")
	assert.Equal(t, StateLive, s.Status.State)
	assert.Len(t, s.Calls, len(tagged))
	for _, c := range s.Calls {
		assert.True(t, tagged[c.UII])
	}
	assert.Equal(t, "external id crm-7731", r.p.Scope().String())
	// The new scope's request asked for the external id alone. (Which
	// request the simulator logs last is not fixed: the abandoned one is
	// logged when its handler notices.)
	var asked []url.Values
	for _, req := range r.sim.Requests() {
		if req.Query.Has("externalId") {
			asked = append(asked, req.Query)
		}
	}
	require.NotEmpty(t, asked)
	assert.Equal(t, "crm-7731", asked[len(asked)-1].Get("externalId"))
	assert.Empty(t, asked[len(asked)-1].Get("product"))

	assert.ErrorContains(t, r.p.SetScope(Scope{Product: "QUEUE", ProductID: "1"}), "not a RingCX product")
	assert.ErrorContains(t, r.p.SetScope(Scope{}), "give a product")
	assert.ErrorContains(t, r.p.SetScope(Scope{Product: api.ProductACD, ProductID: "billing"}), "must be a number")
	assert.Equal(t, scope, r.p.Scope(), "a rejected scope changes nothing")
}

func TestRefreshNowIsCoalesced(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	s := r.next()
	r.sim.ResetRequests()
	for range 10 {
		r.p.RefreshNow()
	}
	// Right after a fetch, a manual refresh waits for the 1 s gap.
	r.quiet()
	r.clock.Advance(time.Second)
	s2 := r.next()
	assert.Equal(t, StateLive, s2.Status.State)
	r.quiet()
	assert.Equal(t, 1, r.requests(), "ten RefreshNow calls, one fetch")
	assert.Equal(t, s.Seq+1, s2.Seq)
	assert.Equal(t, r.clock.Now().Add(5*time.Second), s2.Status.NextTry, "the interval restarts after the manual fetch")
}

func TestPauseAndResume(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	r.next()
	r.p.Pause()
	s := r.next()
	assert.Equal(t, StatePaused, s.Status.State)
	assert.True(t, r.p.Paused())
	n := r.requests()
	r.clock.Advance(time.Minute)
	r.quiet()
	assert.Equal(t, n, r.requests(), "nothing fetched while paused")

	r.p.RefreshNow()
	s = r.next()
	assert.Equal(t, StatePaused, s.Status.State, "a manual refresh while paused fetches once and stays paused")
	assert.Equal(t, r.clock.Now(), s.FetchedAt)
	assert.Equal(t, n+1, r.requests())

	r.p.Resume()
	s = r.next()
	assert.Equal(t, StateLive, s.Status.State)
	assert.Equal(t, n+2, r.requests(), "resuming fetches at once")
}

func TestStuckSubscriberDoesNotBlockOthers(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil)
	stuck := r.p.Subscribe()
	r.start()
	assert.Equal(t, 2, r.p.Subscribers())
	s := r.next()
	for range 10 {
		s = r.advanceTo(s)
	}
	// The hub delivers to subscribers one after another: the stuck one may
	// still be getting the newest when the fast one already has it. One read
	// (or two, if the newest was mid-delivery) reaches the newest; the ten
	// before it are gone.
	latest := nextFrom(t, stuck)
	if latest.Seq != s.Seq {
		assert.Equal(t, s.Seq-1, latest.Seq)
		latest = nextFrom(t, stuck)
	}
	assert.Equal(t, s.Seq, latest.Seq, "the stuck reader finds only the newest snapshot")
	stuck.Close()
	stuck.Close()
	assert.Equal(t, 1, r.p.Subscribers(), "unsubscribing frees it")
	_, open := <-stuck.C()
	assert.False(t, open)

	late := r.p.Subscribe()
	defer late.Close()
	got := nextFrom(t, late)
	assert.Equal(t, s.Seq, got.Seq, "a new subscriber starts from the current snapshot")
}

func TestShutdownClosesSubscriptions(t *testing.T) {
	r := newRig(t, sim.Config{Static: true}, nil).start()
	r.next()
	r.stop()
	_, open := <-r.sub.C()
	assert.False(t, open)
	after := r.p.Subscribe()
	_, open = <-after.C()
	assert.False(t, open, "subscribing to a stopped poller gives a closed channel")
}

func TestIntervalValidation(t *testing.T) {
	c, err := api.NewClient()
	require.NoError(t, err)
	_, err = New(c, AccountScope(account), WithInterval(time.Second))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refresh interval 1s is too short: the minimum is 2s")
	assert.Contains(t, err.Error(), "120 requests a minute")
	_, err = New(c, AccountScope(account), WithInterval(2*time.Second))
	assert.NoError(t, err)
	_, err = New(c, Scope{})
	assert.Error(t, err)
	_, err = New(nil, AccountScope(account))
	assert.Error(t, err)
}

// 2,400 calls at 100 a page are 24 requests a refresh: polling every 5 s
// would be 288 a minute. The poller stretches to 15 s (96 a minute) and the
// simulator, enforcing 120 a minute on the same clock, never answers 429.
func TestBudgetStretchesIntervalAndAvoids429(t *testing.T) {
	r := newRig(t, sim.Config{Static: true, MaxRows: 100, Accounts: []sim.AccountSpec{{ID: account, Name: "Big", Calls: 2400, Agents: 2500}}}, nil, WithPageSize(100)).start()
	s := r.next()
	for s.Status.Loading != nil { // the first load's progress, page by page
		s = r.next()
	}
	require.Equal(t, StateLive, s.Status.State, "%v", s.Status.Err)
	require.Len(t, s.Calls, 2400)
	assert.Equal(t, 25, s.Pages, "24 full pages and an empty one")
	assert.True(t, s.Status.Stretched)
	assert.Equal(t, 15*time.Second, s.Status.Interval)
	for range 20 { // five simulated minutes
		s = r.advanceTo(s)
		require.Equal(t, StateLive, s.Status.State, "%v", s.Status.Err)
	}
	assert.Zero(t, r.sim.Stats().RateLimited, "zero 429s in steady state")
}
