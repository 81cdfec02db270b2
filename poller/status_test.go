package poller

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedSource is a Source that walks pages of fake calls as the client
// does, telling opts.Progress of each page, with the fake clock moving
// step per page; err, while set, fails every read, and ignore makes the
// walk report that RingCX ignored paging.
type pagedSource struct {
	clock *fakeClock
	p     *Poller // read back what each page published
	step  time.Duration

	mu       sync.Mutex
	calls    int
	pageSize int
	err      error
	ignore   bool
	expects  []int
	// loading is the Loading of every snapshot published during a walk.
	loading []Loading
}

func (s *pagedSource) set(f func(*pagedSource)) { s.mu.Lock(); f(s); s.mu.Unlock() }

func (s *pagedSource) ListAllActiveCalls(ctx context.Context, opts api.ListOptions) ([]api.ActiveCall, int, error) {
	s.mu.Lock()
	n, size, err, ignore := s.calls, s.pageSize, s.err, s.ignore
	s.expects = append(s.expects, opts.Expect)
	s.mu.Unlock()
	if err != nil {
		return nil, 1, err
	}
	var out []api.ActiveCall
	pages := 0
	for len(out) < n || pages == 0 {
		pages++
		for i := 0; i < size && len(out) < n; i++ {
			out = append(out, api.ActiveCall{UII: fmt.Sprintf("%030d", len(out))})
		}
		last := len(out) >= n
		seqBefore := s.latestSeq()
		opts.Progress(api.ListProgress{Pages: pages, Calls: len(out), PagingIgnored: ignore && last})
		if snap, ok := s.p.Latest(); ok && snap.Seq != seqBefore && snap.Status.Loading != nil {
			s.mu.Lock()
			s.loading = append(s.loading, *snap.Status.Loading)
			s.mu.Unlock()
		}
		if s.clock != nil && !last {
			s.clock.Advance(s.step)
		}
	}
	return out, pages, nil
}

func (s *pagedSource) latestSeq() uint64 {
	snap, _ := s.p.Latest()
	return snap.Seq
}

func (s *pagedSource) progress() []Loading {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.loading
	s.loading = nil
	return out
}

// pagedRig runs a poller on a pagedSource with a fake clock.
func pagedRig(t *testing.T, src *pagedSource, opts ...Option) *rig {
	t.Helper()
	clock := newFakeClock()
	src.clock = clock
	p, err := New(src, AccountScope(account), append([]Option{WithClock(clock)}, opts...)...)
	require.NoError(t, err)
	src.p = p
	return (&rig{t: t, clock: clock, p: p}).start()
}

// list waits for the next snapshot that is not a load's progress.
func (r *rig) list() Snapshot {
	r.t.Helper()
	for {
		if s := r.next(); s.Status.Loading == nil {
			return s
		}
	}
}

// listAt moves the fake clock to s's next try and returns the list that
// fetch published.
func (r *rig) listAt(s Snapshot) Snapshot {
	r.t.Helper()
	r.clock.Advance(s.Status.NextTry.Sub(r.clock.Now()))
	return r.list()
}

// A first load of many pages publishes how far it got — pages, calls, and
// the expected total once one is known — at most four times a second of
// the poller's clock; once the list is shown, refreshes publish no
// progress; a new scope loads with progress again, and a scope read before
// expects its last count.
func TestALongLoadPublishesItsProgress(t *testing.T) {
	src := &pagedSource{calls: 5000, pageSize: 500, step: 100 * time.Millisecond}
	r := pagedRig(t, src)

	first := r.list()
	require.Equal(t, StateLive, first.Status.State)
	assert.Nil(t, first.Status.Loading, "the list itself carries no progress")
	assert.Len(t, first.Calls, 5000)
	progress := src.progress()
	// Ten pages 100 ms apart: published at 0, 300, 600 and 900 ms.
	assert.Equal(t, []Loading{{Pages: 1, Calls: 500}, {Pages: 4, Calls: 2000}, {Pages: 7, Calls: 3500}, {Pages: 10, Calls: 5000}}, progress)

	r.listAt(first)
	assert.Empty(t, src.progress(), "a list on screen is refreshed without progress")

	require.NoError(t, r.p.SetScope(Scope{Product: api.ProductACD, ProductID: "7"}))
	s := r.list()
	require.Equal(t, Scope{Product: api.ProductACD, ProductID: "7"}, s.Scope)
	assert.Equal(t, Loading{Pages: 1, Calls: 500}, src.progress()[0], "a new scope's total is not known")

	require.NoError(t, r.p.SetScope(AccountScope(account)))
	r.list()
	back := src.progress()
	require.NotEmpty(t, back)
	assert.Equal(t, 5000, back[0].Expect, "the scope's last count is the total to expect")
	src.mu.Lock()
	defer src.mu.Unlock()
	assert.Equal(t, 5000, src.expects[len(src.expects)-1], "and the walk expects it too")
}

// While a first load's progress is published, the snapshots carry no
// calls and no time read: nothing a board could take for the list.
func TestProgressSnapshotsCarryNoList(t *testing.T) {
	src := &pagedSource{calls: 2000, pageSize: 500, step: time.Second}
	clock := newFakeClock()
	src.clock = clock
	p, err := New(src, AccountScope(account), WithClock(clock))
	require.NoError(t, err)
	src.p = p
	sub := p.Subscribe()
	defer sub.Close()
	p.prepare()
	_, ok := p.fetch(context.Background(), p.curScope, p.curGen)
	require.True(t, ok)
	snap := nextFrom(t, sub) // latest-wins: the last progress published
	require.NotNil(t, snap.Status.Loading)
	assert.Equal(t, Loading{Pages: 4, Calls: 2000}, *snap.Status.Loading, "pages a second apart: each published")
	require.NotNil(t, snap.Status.Loading)
	assert.Equal(t, StateStarting, snap.Status.State)
	assert.Equal(t, 2000, snap.Status.Loading.Calls)
	assert.Nil(t, snap.Calls)
	assert.True(t, snap.FetchedAt.IsZero())
}

// When RingCX ignores paging, every status says so while the list is its
// first pages only, and the log says it once — not every refresh — and
// again only after it stopped and started again.
func TestIgnoredPagingIsSaidOnce(t *testing.T) {
	var logs bytes.Buffer
	src := &pagedSource{calls: 500, pageSize: 500, ignore: true}
	r := pagedRig(t, src, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	s := r.list()
	assert.True(t, s.Status.PagingIgnored)
	for range 3 {
		s = r.listAt(s)
		assert.True(t, s.Status.PagingIgnored)
	}
	assert.Equal(t, 1, strings.Count(logs.String(), "RingCX ignored paging"), logs.String())

	src.set(func(s *pagedSource) { s.err = &api.APIError{StatusCode: http.StatusBadGateway} })
	s = r.listAt(s)
	require.Equal(t, StateStale, s.Status.State)
	assert.True(t, s.Status.PagingIgnored, "the calls kept are still the first pages only")

	src.set(func(s *pagedSource) { s.err, s.ignore = nil, false })
	s = r.listAt(s)
	assert.False(t, s.Status.PagingIgnored)
	src.set(func(s *pagedSource) { s.ignore = true })
	s = r.listAt(s)
	assert.True(t, s.Status.PagingIgnored)
	assert.Equal(t, 2, strings.Count(logs.String(), "RingCX ignored paging"), "said again after it changed back")
}

// A request refused as unauthorised after the client renewed its token
// is retried with backoff capped at a minute, saying it is signed out —
// never a permanent stop — and refreshing is live again once signing in
// works. A sign-in RingCX rejects is the person's to fix: retried every
// five minutes, and at once when asked.
func TestSignedOutIsRetriedAndRejectedCredentialsRarely(t *testing.T) {
	src := &pagedSource{calls: 3, pageSize: 500}
	r := pagedRig(t, src)
	s := r.list()
	require.Equal(t, StateLive, s.Status.State)

	src.set(func(s *pagedSource) {
		s.err = &api.APIError{StatusCode: http.StatusUnauthorized, Message: "Jwt is expired"}
	})
	for range 10 {
		s = r.listAt(s)
		require.Equal(t, StateStale, s.Status.State)
		assert.Equal(t, ReasonSignedOut, s.Status.Reason)
		assert.LessOrEqual(t, s.Status.NextTry.Sub(r.clock.Now()), time.Minute, "backoff capped at a minute")
	}
	assert.Equal(t, 10, s.Status.Attempt)

	src.set(func(s *pagedSource) {
		s.err = &api.NotSentError{Reason: api.NotSentSignIn, Err: &api.SignInError{Step: "RingCX sign-in (token exchange)", Err: &api.APIError{StatusCode: http.StatusUnauthorized}}}
	})
	s = r.listAt(s)
	require.Equal(t, StateFailed, s.Status.State)
	assert.Equal(t, ReasonCredentials, s.Status.Reason)
	assert.Equal(t, permanentRetry, s.Status.NextTry.Sub(r.clock.Now()))
	s = r.listAt(s)
	assert.Equal(t, StateFailed, s.Status.State, "tried again five minutes later")

	src.set(func(s *pagedSource) { s.err = nil })
	r.clock.Advance(time.Second)
	r.p.RefreshNow()
	s = r.list()
	assert.Equal(t, StateLive, s.Status.State, "R tries at once, and the credentials now work")
	assert.Equal(t, ReasonNone, s.Status.Reason)
}

// A 401 that survived the refresh when nothing here can sign in afresh
// (an access token and refresh token, no JWT: the client's
// api.ErrSignInNeeded) is the person's to fix, not "signing in again":
// failed, retried every five minutes, at once when asked.
func TestASessionNoOneCanSignInAgainIsACredentialsFailure(t *testing.T) {
	src := &pagedSource{calls: 3, pageSize: 500}
	r := pagedRig(t, src)
	s := r.list()
	src.set(func(s *pagedSource) {
		// As the client returns it: a sign-in step, RingCX's 401 inside.
		s.err = &api.SignInError{Step: "RingCX sign-in", Err: fmt.Errorf("%w: %w", api.ErrSignInNeeded, &api.APIError{StatusCode: http.StatusUnauthorized, Message: "Jwt is expired"})}
	})
	s = r.listAt(s)
	require.Equal(t, StateFailed, s.Status.State)
	assert.Equal(t, ReasonCredentials, s.Status.Reason, "not ReasonSignedOut: nothing here signs in again")
	assert.Equal(t, permanentRetry, s.Status.NextTry.Sub(r.clock.Now()), "retried rarely")

	src.set(func(s *pagedSource) { s.err = nil })
	r.clock.Advance(time.Second)
	r.p.RefreshNow()
	s = r.list()
	assert.Equal(t, StateLive, s.Status.State, "R tries at once (a new token was supplied)")
}

// A 429's Retry-After is waited out and said (ReasonRateLimited, NextTry
// at its end); a refresh asked for by hand during it sends nothing, and
// after it refreshing by hand works as before.
func TestRefreshByHandWaitsOutRetryAfter(t *testing.T) {
	src := &pagedSource{calls: 3, pageSize: 500}
	r := pagedRig(t, src)
	s := r.list()
	src.set(func(s *pagedSource) {
		s.err = &api.RateLimitError{RetryAfter: 2 * time.Minute, API: &api.APIError{StatusCode: http.StatusTooManyRequests}}
	})
	s = r.listAt(s)
	require.Equal(t, StateStale, s.Status.State)
	assert.Equal(t, ReasonRateLimited, s.Status.Reason)
	assert.Equal(t, 2*time.Minute, s.Status.NextTry.Sub(r.clock.Now()))
	reads := func() int { src.mu.Lock(); defer src.mu.Unlock(); return len(src.expects) }
	before := reads()

	r.clock.Advance(30 * time.Second)
	r.p.RefreshNow()
	r.quiet()
	assert.Equal(t, before, reads(), "R during Retry-After sends nothing")

	src.set(func(s *pagedSource) { s.err = nil })
	r.clock.Advance(90 * time.Second)
	s = r.list()
	assert.Equal(t, StateLive, s.Status.State, "the retry at the end of the wait")
	assert.Equal(t, before+1, reads())

	r.clock.Advance(time.Second)
	r.p.RefreshNow()
	r.list()
	assert.Equal(t, before+2, reads(), "after the wait, R tries at once")
}

// A 429 with Retry-After 5 after five failures in a row: the backoff runs
// well past RingCX's wait, and the status says both — NextTry the backoff's,
// RetryAfterUntil RingCX's. A refresh by hand during RingCX's wait sends
// nothing; one after it tries at once, the backoff notwithstanding.
func TestRetryAfterEndIsPublishedAndBoundsTheHoldOnRefresh(t *testing.T) {
	src := &pagedSource{calls: 3, pageSize: 500}
	r := pagedRig(t, src)
	s := r.list()
	src.set(func(s *pagedSource) { s.err = api.ErrTimeout })
	for range 5 {
		s = r.listAt(s)
		require.Equal(t, StateStale, s.Status.State)
		assert.True(t, s.Status.RetryAfterUntil.IsZero(), "no Retry-After: nothing of RingCX's to wait out")
	}
	src.set(func(s *pagedSource) {
		s.err = &api.RateLimitError{RetryAfter: 5 * time.Second, API: &api.APIError{StatusCode: http.StatusTooManyRequests}}
	})
	s = r.listAt(s)
	require.Equal(t, 6, s.Status.Attempt)
	require.Equal(t, ReasonRateLimited, s.Status.Reason)
	now := r.clock.Now()
	assert.Equal(t, now.Add(5*time.Second), s.Status.RetryAfterUntil, "RingCX's wait ends after its Retry-After")
	require.Greater(t, s.Status.NextTry.Sub(now), 10*time.Second, "the sixth failure's backoff runs on past it")
	reads := func() int { src.mu.Lock(); defer src.mu.Unlock(); return len(src.expects) }
	before := reads()

	r.clock.Advance(3 * time.Second)
	r.p.RefreshNow()
	r.quiet()
	assert.Equal(t, before, reads(), "R during RingCX's wait sends nothing")

	src.set(func(s *pagedSource) { s.err = nil })
	r.clock.Advance(3 * time.Second)
	require.True(t, r.clock.Now().Before(s.Status.NextTry))
	r.p.RefreshNow()
	s = r.list()
	assert.Equal(t, before+1, reads(), "after RingCX's wait, R tries at once")
	assert.Equal(t, StateLive, s.Status.State)
	assert.True(t, s.Status.RetryAfterUntil.IsZero())
}

// The staleness rule every board shares: older than two intervals in
// effect, plus the read's own length and the request allowance.
func TestOverdueIsRelativeToTheIntervalInEffect(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		st       Status
		took     time.Duration
		age      time.Duration
		overdue  bool
		fetchedZ bool
	}{
		{"live, within", Status{State: StateLive, Interval: 5 * time.Second}, 0, 25 * time.Second, false, false},
		{"live, past 2×5 s + 15 s", Status{State: StateLive, Interval: 5 * time.Second}, 0, 26 * time.Second, true, false},
		{"stretched to 60 s", Status{State: StateLive, Interval: time.Minute, Stretched: true}, 0, 2 * time.Minute, false, false},
		{"a long read counts", Status{State: StateLive, Interval: 5 * time.Second}, 100 * time.Second, 2 * time.Minute, false, false},
		{"ten minutes, an hour old", Status{State: StateLive, Interval: 10 * time.Minute}, 0, time.Hour, true, false},
		{"no interval said: the default", Status{State: StateLive}, 0, 26 * time.Second, true, false},
		{"paused is not overdue", Status{State: StatePaused, Interval: 5 * time.Second}, 0, time.Hour, false, false},
		{"nothing read yet", Status{State: StateStarting}, 0, time.Hour, false, true},
	} {
		fetched := at
		if tc.fetchedZ {
			fetched = time.Time{}
		}
		snap := Snapshot{FetchedAt: fetched, Took: tc.took, Status: tc.st}
		rows := Rows[int]{FetchedAt: fetched, Took: tc.took, Status: tc.st}
		assert.Equal(t, tc.overdue, snap.Overdue(at.Add(tc.age)), tc.name)
		assert.Equal(t, tc.overdue, rows.Overdue(at.Add(tc.age)), tc.name)
	}
}
