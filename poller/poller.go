// Package poller keeps the active-call list fresh in the background and
// publishes snapshots — with how fresh they are — to any number of
// subscribers. It knows nothing about terminals.
package poller

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
	"github.com/cenkalti/backoff/v4"
)

// Intervals and limits.
const (
	// DefaultInterval: RingCentral suggests 5–10 s for supervisor consoles.
	DefaultInterval = 5 * time.Second
	// MinInterval: anything faster spends the account's 120 requests a
	// minute on refreshing and leaves nothing for actions.
	MinInterval = 2 * time.Second
	// DefaultPollBudget is the share of the API limit polling may use; the
	// rest of the 120 requests a minute stays free for actions.
	DefaultPollBudget = 100
	maxBackoff        = 60 * time.Second
	initialBackoff    = 2 * time.Second
	// permanentRetry: after a failure retrying cannot fix, try again this
	// rarely (the person may fix it elsewhere) — never hammer.
	permanentRetry = 5 * time.Minute
	// minManualGap spaces out refreshes asked for by hand, however often
	// they are asked for.
	minManualGap = time.Second
)

// Source is what the poller reads from; *api.Client is one.
type Source interface {
	ListAllActiveCalls(ctx context.Context, opts api.ListOptions) ([]api.ActiveCall, int, error)
}

// budgeted sources tell the poller how large the shared request budget is.
type budgeted interface{ Budget() *api.Budget }

// Poller refreshes one scope's calls. Build it with New, start it with Run.
type Poller struct {
	src        Source
	clock      Clock
	interval   time.Duration
	pageSize   int
	pollBudget int

	mu          sync.Mutex
	scope       Scope
	scopeGen    uint64
	paused      bool
	cancelFetch context.CancelFunc

	refresh chan struct{} // RefreshNow; one slot coalesces bursts
	wake    chan struct{} // scope change, pause, resume
	hub     hub[Snapshot]
	running atomic.Bool

	// Owned by Run's goroutine.
	calls     []api.ActiveCall
	callsGen  uint64
	fetchedAt time.Time
	took      time.Duration
	pages     int
	attempt   int
	lastErr   error
	lastStart time.Time
	seq       uint64
	bo        *backoff.ExponentialBackOff
}

// Option configures a Poller.
type Option func(*Poller) error

// WithInterval sets the refresh interval (default 5 s, minimum 2 s).
func WithInterval(d time.Duration) Option {
	return func(p *Poller) error {
		if d < MinInterval {
			return fmt.Errorf("refresh interval %s is too short: the minimum is %s (RingCX allows 120 requests a minute per account, shared with actions, and RingCentral recommends 5–10 s for supervisor consoles)", d, MinInterval)
		}
		p.interval = d
		return nil
	}
}

// WithClock replaces the real clock (tests).
func WithClock(c Clock) Option {
	return func(p *Poller) error { p.clock = c; return nil }
}

// WithPageSize sets maxRows per request (default api.DefaultPageSize).
func WithPageSize(n int) Option {
	return func(p *Poller) error {
		if n < 1 {
			return fmt.Errorf("page size must be at least 1, got %d", n)
		}
		p.pageSize = n
		return nil
	}
}

// WithPollBudget sets how many requests a minute polling may use (default
// 100, and never more than 5/6 of the client's budget).
func WithPollBudget(perMinute int) Option {
	return func(p *Poller) error {
		if perMinute < 1 {
			return fmt.Errorf("poll budget must be at least 1 request a minute, got %d", perMinute)
		}
		p.pollBudget = perMinute
		return nil
	}
}

// New builds a poller for scope. It does nothing until Run.
func New(src Source, scope Scope, opts ...Option) (*Poller, error) {
	if src == nil {
		return nil, errors.New("poller: nil source")
	}
	if err := scope.Validate(); err != nil {
		return nil, err
	}
	p := &Poller{
		src:        src,
		clock:      SystemClock{},
		interval:   DefaultInterval,
		pageSize:   api.DefaultPageSize,
		pollBudget: DefaultPollBudget,
		scope:      scope,
		refresh:    make(chan struct{}, 1),
		wake:       make(chan struct{}, 1),
	}
	for _, o := range opts {
		if err := o(p); err != nil {
			return nil, err
		}
	}
	if b, ok := src.(budgeted); ok && b.Budget() != nil {
		p.pollBudget = min(p.pollBudget, max(1, b.Budget().PerMinute()*5/6))
	}
	p.bo = backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(initialBackoff),
		backoff.WithMultiplier(2),
		backoff.WithRandomizationFactor(0.5),
		backoff.WithMaxInterval(maxBackoff),
		backoff.WithMaxElapsedTime(0), // never give up: the board stays open all shift
		backoff.WithClockProvider(p.clock),
	)
	return p, nil
}

// Subscribe returns a subscription that first receives the current snapshot
// (if any) and then every new one, latest-wins.
func (p *Poller) Subscribe() *Subscription { return p.hub.subscribe() }

// Latest is the most recent snapshot.
func (p *Poller) Latest() (Snapshot, bool) { return p.hub.latestSnapshot() }

// Subscribers counts live subscriptions.
func (p *Poller) Subscribers() int { return p.hub.count() }

// Scope is the scope being polled.
func (p *Poller) Scope() Scope {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.scope
}

// SetScope switches to another scope: a fetch in flight for the old one is
// abandoned and the new one is fetched at once.
func (p *Poller) SetScope(s Scope) error {
	if err := s.Validate(); err != nil {
		return err
	}
	p.mu.Lock()
	p.scope = s
	p.scopeGen++
	if p.cancelFetch != nil {
		p.cancelFetch()
	}
	p.mu.Unlock()
	signal(p.wake)
	return nil
}

// RefreshNow asks for a fetch as soon as possible. Calls made while one is
// pending collapse into it; fetches asked for by hand are at least a second
// apart.
func (p *Poller) RefreshNow() { signal(p.refresh) }

// Pause stops refreshing (a fetch in flight completes); RefreshNow still
// fetches once while paused.
func (p *Poller) Pause() { p.setPaused(true) }

// Resume restarts refreshing with an immediate fetch.
func (p *Poller) Resume() { p.setPaused(false) }

// Paused reports whether refreshing is paused.
func (p *Poller) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

func (p *Poller) setPaused(v bool) {
	p.mu.Lock()
	changed := p.paused != v
	p.paused = v
	p.mu.Unlock()
	if changed {
		signal(p.wake)
	}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Run polls until ctx ends, then closes every subscription. Fetches never
// overlap: one goroutine fetches, schedules the next attempt, and only then
// publishes, so a subscriber that sees a snapshot also sees its NextTry
// already in force.
func (p *Poller) Run(ctx context.Context) error {
	if !p.running.CompareAndSwap(false, true) {
		return errors.New("poller: Run called twice")
	}
	defer p.hub.close()
	timer := p.clock.NewTimer(0)
	defer timer.Stop()
	publishedPause := false
	for {
		manual := false
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C():
		case <-p.refresh:
			manual = true
		case <-p.wake:
		}
		p.mu.Lock()
		paused, scope, gen := p.paused, p.scope, p.scopeGen
		p.mu.Unlock()
		if gen != p.callsGen {
			p.startScope(gen)
		}
		now := p.clock.Now()
		if paused && !manual {
			timer.Stop()
			if !publishedPause {
				p.publish(scope, Diff{}, Status{State: StatePaused, Interval: p.interval, Err: p.lastErr})
				publishedPause = true
			}
			continue
		}
		publishedPause = false
		if manual && now.Sub(p.lastStart) < minManualGap {
			timer.Reset(p.lastStart.Add(minManualGap).Sub(now))
			continue
		}
		d, ok := p.fetch(ctx, scope, gen)
		if ctx.Err() != nil {
			return nil
		}
		if !ok {
			continue // the scope changed mid-fetch: the wake signal fetches the new one
		}
		status := p.schedule(d)
		timer.Reset(status.NextTry.Sub(p.clock.Now()))
		if paused {
			status.State, status.NextTry = StatePaused, time.Time{}
			publishedPause = true
		}
		p.publish(scope, d.diff, status)
	}
}

// startScope forgets the previous scope's calls: they are not this scope's.
func (p *Poller) startScope(gen uint64) {
	p.calls, p.callsGen = nil, gen
	p.fetchedAt, p.took, p.pages = time.Time{}, 0, 0
	p.attempt, p.lastErr = 0, nil
	p.bo.Reset()
}

// fetchResult is one attempt's outcome.
type fetchResult struct {
	diff Diff
	err  error
}

// fetch reads every page of the scope. ok is false when the scope changed
// while it ran (the answer is discarded).
func (p *Poller) fetch(ctx context.Context, scope Scope, gen uint64) (fetchResult, bool) {
	fctx, cancel := context.WithCancel(api.WithPriority(ctx, api.PriorityPoll))
	p.mu.Lock()
	p.cancelFetch = cancel
	p.mu.Unlock()
	p.lastStart = p.clock.Now()
	started := time.Now()
	calls, pages, err := p.src.ListAllActiveCalls(fctx, scope.listOptions(p.pageSize))
	took := time.Since(started)
	cancel()
	p.mu.Lock()
	p.cancelFetch = nil
	current := p.scopeGen == gen
	p.mu.Unlock()
	if !current {
		return fetchResult{}, false
	}
	if err != nil {
		p.attempt++
		p.lastErr = err
		return fetchResult{err: err}, true
	}
	calls = sortCalls(calls)
	d := diff(p.calls, calls)
	d.Baseline = p.fetchedAt.IsZero()
	p.calls, p.fetchedAt, p.took, p.pages = calls, p.clock.Now(), took, pages
	p.attempt, p.lastErr = 0, nil
	p.bo.Reset()
	return fetchResult{diff: d}, true
}

// schedule decides when the next fetch is due and describes the state.
func (p *Poller) schedule(r fetchResult) Status {
	now := p.clock.Now()
	if r.err == nil {
		interval, stretched := p.effectiveInterval()
		st := Status{State: StateLive, Interval: interval, Stretched: stretched, NextTry: now.Add(interval)}
		if stretched {
			st.BudgetNote = fmt.Sprintf("%s calls: refreshing every %s to stay within the API limit", thousands(len(p.calls)), timefmt.Seconds(interval))
		}
		return st
	}
	v := classify(r.err)
	if v.permanent() {
		return Status{State: StateFailed, Err: r.err, Attempt: p.attempt, Reason: v.reason, Interval: p.interval, NextTry: now.Add(permanentRetry)}
	}
	wait := max(min(p.bo.NextBackOff(), maxBackoff), v.atLeast)
	return Status{State: StateStale, Err: r.err, Attempt: p.attempt, Interval: p.interval, NextTry: now.Add(wait)}
}

// effectiveInterval stretches the interval so that N pages per refresh stay
// within the poll budget: N requests every T seconds ≤ budget a minute.
func (p *Poller) effectiveInterval() (time.Duration, bool) {
	need := time.Duration(float64(p.pages) * float64(time.Minute) / float64(p.pollBudget))
	if need <= p.interval {
		return p.interval, false
	}
	if r := need % time.Second; r != 0 {
		need += time.Second - r // whole seconds, rounded up
	}
	return need, true
}

func (p *Poller) publish(scope Scope, d Diff, st Status) {
	p.seq++
	p.hub.publish(Snapshot{
		Seq:       p.seq,
		Scope:     scope,
		Calls:     p.calls,
		FetchedAt: p.fetchedAt,
		Took:      p.took,
		Pages:     p.pages,
		Diff:      d,
		Status:    st,
	})
}

// thousands writes n with comma grouping: 2400 → "2,400".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
