// Package poller keeps the active-call list (Poller) and keyed feeds such
// as agents and queues (Feed) fresh in the background, on one engine and
// within one poll budget (Planner), and publishes their states — with how
// fresh they are — to any number of subscribers. It knows nothing about
// terminals.
package poller

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/callboard/callboard/api"
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
// The loop is the engine every feed shares; what is the calls list's own
// is here: the scope, the order by uii, the diff and the page count.
type Poller struct {
	engine
	src      Source
	pageSize int

	// Guarded by engine.mu.
	scope    Scope
	scopeGen uint64

	hub hub[Snapshot]

	// pubMu orders publishing: the loop's snapshots and a walk's progress.
	pubMu sync.Mutex
	seq   uint64 // guarded by pubMu

	// Owned by Run's goroutine.
	curScope  Scope
	curGen    uint64
	calls     []api.ActiveCall
	callsGen  uint64
	fetchedAt time.Time
	took      time.Duration
	pages     int
	diff      Diff // the last fetch's, until published
	// pagingIgnored: calls came from a walk RingCX answered every page of
	// alike (so they are its first pages only).
	pagingIgnored bool
	// counts is how many calls each scope had when last read: the total a
	// new load of it expects.
	counts map[Scope]int
}

// New builds a poller for scope. It does nothing until Run.
func New(src Source, scope Scope, opts ...Option) (*Poller, error) {
	if src == nil {
		return nil, errors.New("poller: nil source")
	}
	if err := scope.Validate(); err != nil {
		return nil, err
	}
	s, err := newSettings(opts)
	if err != nil {
		return nil, err
	}
	if s.planner == nil {
		var b *api.Budget
		if bs, ok := src.(budgeted); ok {
			b = bs.Budget()
		}
		s.planner = NewPlanner(pollBudgetFor(s.pollBudget, b))
	}
	p := &Poller{src: src, pageSize: s.pageSize, scope: scope, counts: map[Scope]int{}}
	p.init("calls", s, s.interval, true)
	return p, nil
}

// Subscribe returns a subscription that first receives the current snapshot
// (if any) and then every new one, latest-wins.
func (p *Poller) Subscribe() *Subscription { return p.hub.subscribe() }

// Latest is the most recent snapshot.
func (p *Poller) Latest() (Snapshot, bool) { return p.hub.latestSnapshot() }

// Subscribers counts live subscriptions.
func (p *Poller) Subscribers() int { return p.hub.count() }

// Planner is the budget the poller polls within, to share with the feeds.
func (p *Poller) Planner() *Planner { return p.planner }

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

// Pause stops refreshing (a fetch in flight completes); RefreshNow still
// fetches once while paused.
func (p *Poller) Pause() { p.setPaused(true) }

// Resume restarts refreshing with an immediate fetch.
func (p *Poller) Resume() { p.setPaused(false) }

// Paused reports whether refreshing is paused.
func (p *Poller) Paused() bool { return p.isPaused() }

// Run polls until ctx ends, then closes every subscription.
func (p *Poller) Run(ctx context.Context) error {
	defer p.hub.close()
	return p.run(ctx, p)
}

// prepare picks up a new scope: its first fetch starts from nothing.
func (p *Poller) prepare() {
	p.mu.Lock()
	p.curScope, p.curGen = p.scope, p.scopeGen
	p.mu.Unlock()
	if p.curGen != p.callsGen {
		p.startScope(p.curGen)
	}
}

// read is the engine's fetch of the calls: every page of the scope.
func (p *Poller) read(ctx context.Context) (int, error, bool) {
	r, ok := p.fetch(ctx, p.curScope, p.curGen)
	if ok {
		p.diff = r.diff
	}
	return p.pages, r.err, ok
}

// startScope forgets the previous scope's calls: they are not this scope's.
func (p *Poller) startScope(gen uint64) {
	p.calls, p.callsGen = nil, gen
	p.fetchedAt, p.took, p.pages, p.pagingIgnored = time.Time{}, 0, 0, false
	p.reset()
}

// fetchResult is one attempt's outcome.
type fetchResult struct {
	diff Diff
	err  error
}

// fetch reads every page of the scope. ok is false when the scope changed
// while it ran (the answer is discarded).
func (p *Poller) fetch(ctx context.Context, scope Scope, gen uint64) (fetchResult, bool) {
	started := time.Now()
	w := p.startWalk(scope)
	opts := scope.listOptions(p.pageSize, w.expect)
	opts.Progress = w.progress
	calls, pages, err := p.src.ListAllActiveCalls(ctx, opts)
	ignored := w.end()
	took := time.Since(started)
	p.mu.Lock()
	current := p.scopeGen == gen
	p.mu.Unlock()
	if !current {
		return fetchResult{}, false
	}
	if err != nil {
		return fetchResult{err: err}, true
	}
	p.notePaging(ignored, len(calls))
	calls = sortCalls(calls)
	d := diff(p.calls, calls)
	d.Baseline = p.fetchedAt.IsZero()
	if d.Empty() && !d.Baseline && len(calls) == len(p.calls) {
		// The very same calls: publish the list subscribers already hold,
		// which tells them there is nothing to rebuild (a board compares
		// the slices, not the calls), and let the new copy go.
		calls = p.calls
	}
	p.calls, p.fetchedAt, p.took, p.pages = calls, p.clock.Now(), took, pages
	p.counts[scope] = len(calls)
	return fetchResult{diff: d}, true
}

// notePaging records whether the list just read is only RingCX's first
// pages, and logs it when that becomes so: once, not every refresh.
func (p *Poller) notePaging(ignored bool, calls int) {
	if ignored && !p.pagingIgnored {
		p.log.Warn("RingCX ignored paging: every page answered alike, so the call list holds only the calls of its first pages",
			"scope", p.curScope.String(), "calls", calls)
	}
	p.pagingIgnored = ignored
}

// publish sends the calls with st, and the last fetch's diff once.
func (p *Poller) publish(st Status) {
	d := p.diff
	p.diff = Diff{}
	st.PagingIgnored = p.pagingIgnored
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.seq++
	p.hub.publish(Snapshot{
		Seq:       p.seq,
		Scope:     p.curScope,
		Calls:     p.calls,
		FetchedAt: p.fetchedAt,
		Took:      p.took,
		Pages:     p.pages,
		Diff:      d,
		Status:    st,
	})
}
