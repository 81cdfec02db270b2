package poller

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Feed intervals.
const (
	// DefaultOnScreen is how often a feed shown on some board is read: the
	// developer guide's floor ("never faster than 5 s").
	DefaultOnScreen = 5 * time.Second
	// DefaultOffScreen is how often a feed no board shows is read: the
	// guide's wallboard pace (10–30 s), slow enough to cost two requests a
	// minute, fresh enough for the calls view's agent and queue columns.
	DefaultOffScreen = 30 * time.Second
	// MinFeedInterval is the guide's floor for the real-time feeds.
	MinFeedInterval = 5 * time.Second
)

// FeedConfig is what a Feed reads and how often.
type FeedConfig[T any] struct {
	// Name names the feed in Rows.Feed and errors (for logs; the ui words
	// what it shows).
	Name string
	// Fetch reads the whole list once, saying how many requests it made
	// (for the budget; also on failure). Its context is marked as polling
	// (api.PriorityPoll).
	Fetch func(ctx context.Context) (rows []T, requests int, err error)
	// Key is a row's identity; rows are published sorted by it.
	Key func(T) string
	// OnScreen is the interval while at least one board shows the feed
	// (Watch), OffScreen while none does (defaults DefaultOnScreen and
	// DefaultOffScreen).
	OnScreen, OffScreen time.Duration
}

// Feed keeps one list of keyed rows fresh (agents, queues, a reference
// list) on the engine the calls poller runs on: same backoff, same budget
// (WithPlanner), same failure handling, each feed failing alone. Build it
// with NewFeed, start it with Run.
//
// A feed is polled whether or not anyone watches or subscribes: at OnScreen
// while a board shows it, at OffScreen otherwise. Readers that show nothing
// — the pickers' lookups, the calls view's agent and queue columns, a
// board about to switch to the view — need it fresh too, and off screen it
// costs a couple of requests a minute of a budget the planner enforces
// anyway; pausing it would make the first look at a view a wait.
type Feed[T any] struct {
	engine
	cfg FeedConfig[T]
	hub hub[Rows[T]]

	watchers int // guarded by engine.mu

	// Owned by Run's goroutine.
	rows      []T
	fetchedAt time.Time
	took      time.Duration
	requests  int
	seq       uint64
}

// NewFeed builds a feed. It does nothing until Run. WithClock and
// WithPlanner apply; the calls poller's own options do not.
func NewFeed[T any](cfg FeedConfig[T], opts ...Option) (*Feed[T], error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	s, err := newSettings(opts)
	if err != nil {
		return nil, err
	}
	if s.gaveInterval || s.gavePageSize || s.gaveBudget {
		return nil, fmt.Errorf("poller: feed %s: WithInterval, WithPageSize and WithPollBudget are the calls poller's; a feed takes its intervals from its config and its budget from WithPlanner", cfg.Name)
	}
	if s.planner == nil {
		s.planner = NewPlanner(DefaultPollBudget)
	}
	f := &Feed[T]{cfg: cfg}
	f.init(cfg.Name, s, cfg.OffScreen, false)
	return f, nil
}

// check fills the default intervals and refuses a config that cannot run.
func (c *FeedConfig[T]) check() error {
	if strings.TrimSpace(c.Name) == "" {
		return errors.New("poller: a feed needs a name")
	}
	if c.Fetch == nil || c.Key == nil {
		return fmt.Errorf("poller: feed %s needs Fetch and Key", c.Name)
	}
	if c.OnScreen == 0 {
		c.OnScreen = DefaultOnScreen
	}
	if c.OffScreen == 0 {
		c.OffScreen = max(DefaultOffScreen, c.OnScreen)
	}
	if c.OnScreen < MinFeedInterval {
		return fmt.Errorf("poller: feed %s: interval %s is too short: RingCentral asks for no faster than every %s", c.Name, c.OnScreen, MinFeedInterval)
	}
	if c.OffScreen < c.OnScreen {
		return fmt.Errorf("poller: feed %s: the off-screen interval %s is shorter than the on-screen %s", c.Name, c.OffScreen, c.OnScreen)
	}
	return nil
}

// Name is the feed's name.
func (f *Feed[T]) Name() string { return f.cfg.Name }

// Subscribe returns a subscription that first receives the current rows
// (if any) and then every new state, latest-wins; it is closed when the
// feed stops.
func (f *Feed[T]) Subscribe() *Sub[Rows[T]] { return f.hub.subscribe() }

// Latest is the most recent state.
func (f *Feed[T]) Latest() (Rows[T], bool) { return f.hub.latestSnapshot() }

// Subscribers counts live subscriptions.
func (f *Feed[T]) Subscribers() int { return f.hub.count() }

// Watch says a board shows the feed: while any does, it is read at
// OnScreen. Call release when the board stops showing it (more than once
// is harmless).
func (f *Feed[T]) Watch() (release func()) {
	f.addWatcher(1)
	var once sync.Once
	return func() { once.Do(func() { f.addWatcher(-1) }) }
}

// Watchers counts the boards showing the feed.
func (f *Feed[T]) Watchers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.watchers
}

func (f *Feed[T]) addWatcher(d int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.watchers += d
	want := f.cfg.OffScreen
	if f.watchers > 0 {
		want = f.cfg.OnScreen
	}
	f.planner.setWant(f.slot, want, f.watchers > 0)
}

// Run polls until ctx ends, then closes every subscription.
func (f *Feed[T]) Run(ctx context.Context) error {
	defer f.hub.close()
	return f.run(ctx, f)
}

func (f *Feed[T]) prepare() {}

// read fetches the list; on success it replaces the rows, sorted by key.
func (f *Feed[T]) read(ctx context.Context) (int, error, bool) {
	started := time.Now()
	rows, requests, err := f.cfg.Fetch(ctx)
	if err != nil {
		return requests, err, true
	}
	key := f.cfg.Key
	slices.SortStableFunc(rows, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	if rows == nil {
		rows = []T{}
	}
	f.rows, f.fetchedAt, f.took, f.requests = rows, f.clock.Now(), time.Since(started), requests
	return requests, nil, true
}

func (f *Feed[T]) publish(st Status) {
	f.seq++
	f.hub.publish(Rows[T]{
		Seq: f.seq, Feed: f.cfg.Name, Rows: f.rows,
		FetchedAt: f.fetchedAt, Took: f.took, Requests: f.requests, Status: st,
	})
}
