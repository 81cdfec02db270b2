package poller

import (
	"math"
	"sync"
	"time"

	"github.com/callboard/callboard/api"
)

// maxFeedStretch is how far the planner stretches the keyed feeds (agents,
// queues, reference lists) before it touches the calls list: up to four
// times their interval (agents on screen every 20 s instead of 5 s). Past
// that everything stretches together, so no view goes dark to keep
// another at its cadence.
const maxFeedStretch = 4

// onScreenLimit is the longest interval the planner gives a feed some
// board shows while the calls list can give way instead: the developer
// guide's 10–30 s for wallboards. A view someone is looking at refreshed
// once a minute reads as broken; the calls list at 4 s instead of 2 s
// does not. Only when nothing fits that way does an on-screen feed
// stretch past it.
const onScreenLimit = 30 * time.Second

// Planner shares one poll budget — requests a minute — among the calls
// poller and every feed of an account, since RingCX counts requests per
// account: the requests every feed may make in any rolling minute add up
// to at most the budget — a feed polled faster than a minute counts its
// whole cycle each time, one polled every minute or slower is paced over
// its interval (⌈requests × 1 min / interval⌉, enforced by the engine).
// Each feed asks for its interval; when they do not fit, the calls list
// keeps its cadence as long as possible: the slow lists whose own cycle is
// big stretch first (a big roster), then the real-time feeds (up to four
// times), then everything together; when even that does not fit, every
// status says OverBudget. Actions are not planned:
// they go first at the client's request budget (api.Budget), and the poll
// budget leaves them the rest. A Planner is safe for concurrent use; give
// the same one to every feed with WithPlanner.
type Planner struct {
	perMinute int

	mu    sync.Mutex
	slots []*slot
	over  bool // even the most stretched plan exceeds the budget
}

// NewPlanner makes a planner for perMinute polling requests a minute (less
// than 1 is DefaultPollBudget).
func NewPlanner(perMinute int) *Planner {
	if perMinute < 1 {
		perMinute = DefaultPollBudget
	}
	return &Planner{perMinute: perMinute}
}

// NewPlannerFor makes the usual planner for a client whose request budget
// is b: DefaultPollBudget, and never more than 5/6 of b, so actions always
// find room.
func NewPlannerFor(b *api.Budget) *Planner {
	return NewPlanner(pollBudgetFor(DefaultPollBudget, b))
}

func pollBudgetFor(perMinute int, b *api.Budget) int {
	if b == nil {
		return perMinute
	}
	return min(perMinute, max(1, b.PerMinute()*5/6))
}

// PerMinute is the poll budget.
func (p *Planner) PerMinute() int { return p.perMinute }

// slot is one feed's place in the plan. Its fields are guarded by the
// planner's mutex; changed tells the feed's loop that its interval moved.
type slot struct {
	name        string
	keepCadence bool
	changed     chan struct{}

	requests  int           // per cycle, as last measured (at least 1)
	want      time.Duration // the interval the feed asks for
	onScreen  bool          // some board shows the feed (its want is the on-screen interval)
	resting   bool          // failed for good: tries only every permanentRetry
	interval  time.Duration // granted
	stretched bool
	limit     int // requests a rolling minute when paced; 0 below a minute
	joined    bool
}

func newSlot(name string, want time.Duration, keepCadence bool) *slot {
	return &slot{name: name, keepCadence: keepCadence, changed: make(chan struct{}, 1), requests: 1, want: want, interval: want}
}

// desired is the interval s asks for.
func (p *Planner) desired(s *slot) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.want
}

func (p *Planner) add(s *slot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s.joined = true
	p.slots = append(p.slots, s)
	p.replanLocked(s)
}

func (p *Planner) remove(s *slot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, o := range p.slots {
		if o == s {
			p.slots = append(p.slots[:i:i], p.slots[i+1:]...)
			break
		}
	}
	s.joined = false
	p.replanLocked(s)
}

// measured records a fetch: how many requests a cycle takes, and whether
// the feed failed for good (it then costs next to nothing). The feed's
// own loop reads its interval right after, so only the others are told.
func (p *Planner) measured(s *slot, requests int, resting bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !resting {
		s.requests = max(1, requests)
	}
	s.resting = resting
	p.replanLocked(s)
}

// setWant changes the interval s asks for, and whether a board shows it;
// its own loop is told too.
func (p *Planner) setWant(s *slot, want time.Duration, onScreen bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s.want == want && s.onScreen == onScreen {
		return
	}
	s.want, s.onScreen = want, onScreen
	if !s.joined {
		s.interval = want
		return
	}
	p.replanLocked(nil)
}

// interval is what s may poll at, and whether the budget stretched it.
func (p *Planner) interval(s *slot) (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.interval, s.stretched
}

// perWindow is how many requests s makes in any rolling minute when polled
// every interval. Below a minute a cycle's requests go at once,
// ceil(1 min / interval) times a minute. From a minute on the engine paces a
// cycle's requests over the interval (engine.pace), so a minute holds
// ceil(requests × 1 min / interval) of them: a roster of 81 requests every
// 10 minutes costs 9 a minute, not 81. A slot that failed for good retries
// at most every permanentRetry.
func (s *slot) perWindow(interval time.Duration) int {
	if s.resting {
		interval = max(interval, permanentRetry)
	}
	if interval >= time.Minute {
		return int((int64(s.requests)*int64(time.Minute) + int64(interval) - 1) / int64(interval))
	}
	return s.requests * int((time.Minute+interval-1)/interval)
}

// slow reports whether s is a list read every minute or less often (the
// reference lists): the planner stretches these alone first, as far as
// that helps, since their cost is their own cycle's size.
func (s *slot) slow() bool { return !s.keepCadence && s.want >= time.Minute }

// The search for a plan: factors step by stepFactor; past maxFactor
// (the calls list every ten minutes at 5 s) nothing fits anyway.
const (
	stepFactor = 0.05
	maxFactor  = 120
)

// factors is one candidate plan: how far the calls list, the real-time
// feeds and the slow lists are stretched; capped holds the feeds on
// screen to onScreenLimit.
type factors struct {
	calls, feeds, slow float64
	capped             bool
}

func (f factors) of(s *slot) float64 {
	switch {
	case s.keepCadence:
		return f.calls
	case s.slow():
		return min(f.slow, s.worth())
	case f.capped && s.onScreen && s.want < onScreenLimit:
		return min(f.feeds, float64(onScreenLimit)/float64(s.want))
	}
	return f.feeds
}

// replanLocked grants every slot its interval and its pace, and tells
// those whose interval changed, except quiet (whose loop is reading it
// anyway). The plan counts requests per rolling minute (RingCX's window),
// not on average, so no minute ever holds more than the budget; when even
// the most stretched plan does not fit, over is set (Status.OverBudget).
func (p *Planner) replanLocked(quiet *slot) {
	f, fits := p.factorsLocked()
	p.over = !fits
	total, paced := 0, 0
	for _, s := range p.slots {
		fs := f.of(s)
		if s.resting {
			fs = 1
		}
		interval, stretched := stretch(s.want, fs)
		total += s.perWindow(interval)
		if interval >= time.Minute || s.resting {
			paced++
		}
		if interval == s.interval && stretched == s.stretched {
			continue
		}
		s.interval, s.stretched = interval, stretched
		if s != quiet {
			signal(s.changed)
		}
	}
	p.paceLocked(total, paced)
}

// paceLocked sets how many requests each paced slot (a minute or slower)
// may make in a rolling minute: its planned share, plus an even part of
// what the plan leaves unused, so a first read of a large roster is not
// spread over ten minutes while the budget sits idle. Slots polled faster
// than a minute are not paced (limit 0): their whole cycle is counted.
func (p *Planner) paceLocked(total, paced int) {
	spare := 0
	if paced > 0 && total < p.perMinute {
		spare = (p.perMinute - total) / paced
	}
	for _, s := range p.slots {
		s.limit = 0
		if s.interval >= time.Minute || s.resting {
			s.limit = s.perWindow(s.interval) + spare
		}
	}
}

// factorsLocked finds the least stretch that fits, in this order: none;
// the slow lists alone, as far as stretching them saves anything (a big
// roster is slowed, not the board); then the real-time feeds too, up to
// maxFeedStretch; then everything together, the feeds maxFeedStretch
// times more than the calls list (the calls list's own cycle is too big)
// but a feed on screen no slower than onScreenLimit, as long as the calls
// list need not be slower than that either; last, without that hold.
// fits is false when nothing does: the most stretched plan is returned.
func (p *Planner) factorsLocked() (factors, bool) {
	total := func(f factors) int {
		n := 0
		for _, s := range p.slots {
			interval, _ := stretch(s.want, f.of(s))
			n += s.perWindow(interval)
		}
		return n
	}
	fit := func(f factors) bool { return total(f) <= p.perMinute }
	slowest := p.slowestLocked()
	for u := 1.0; u <= slowest; u += stepFactor {
		if f := (factors{1, 1, u, false}); fit(f) {
			return f, true
		}
	}
	for k := 1.0; k <= maxFeedStretch; k += stepFactor {
		if f := (factors{1, k, slowest, false}); fit(f) {
			return f, true
		}
	}
	callsWant := p.callsWantLocked()
	for _, capped := range []bool{true, false} {
		for t := 1 + stepFactor; t < maxFactor; t += stepFactor {
			if capped && time.Duration(float64(callsWant)*t) > onScreenLimit {
				break // the calls list is no slower than the view held for it
			}
			if f := (factors{t, maxFeedStretch * t, slowest, capped}); fit(f) {
				return f, true
			}
		}
	}
	return factors{maxFactor, maxFeedStretch * maxFactor, slowest, false}, false
}

// callsWantLocked is the interval the calls list asks for (the slot that
// keeps its cadence); zero without one.
func (p *Planner) callsWantLocked() time.Duration {
	for _, s := range p.slots {
		if s.keepCadence {
			return s.want
		}
	}
	return 0
}

// worth is how far a slow list is worth stretching: until it costs one
// request a minute (a cycle of n requests every n minutes); a list of one
// request every 10 minutes, not at all.
func (s *slot) worth() float64 {
	return max(1, float64(s.requests)*float64(time.Minute)/float64(s.want))
}

// slowestLocked is how far the slowest list is worth stretching.
func (p *Planner) slowestLocked() float64 {
	u := 1.0
	for _, s := range p.slots {
		if s.slow() {
			u = max(u, s.worth())
		}
	}
	return u
}

// limit is how many requests s may make in a rolling minute (0: unpaced).
func (p *Planner) limit(s *slot) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.limit
}

// overBudget reports whether even the most stretched plan exceeds the
// budget.
func (p *Planner) overBudget() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.over
}

// stretch multiplies want by factor (> 1 stretches) and rounds a stretched
// interval up to whole seconds dividing a minute (…, 12, 15, 20, 30, 60 s),
// or whole seconds past a minute: such intervals put the same number of
// requests in every rolling minute, and read well ("every 20 s").
func stretch(want time.Duration, factor float64) (time.Duration, bool) {
	if factor <= 1 {
		return want, false
	}
	d := time.Duration(math.Round(float64(want)*factor/float64(time.Millisecond))) * time.Millisecond
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	for d < time.Minute && time.Minute%d != 0 {
		d += time.Second
	}
	return d, d > want
}
