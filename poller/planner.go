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

// Planner shares one poll budget — requests a minute — among the calls
// poller and every feed of an account, since RingCX counts requests per
// account: Σ requests per cycle × ⌈1 min / interval⌉ ≤ the budget. Each
// feed asks for its interval; when they do not fit, the calls list keeps
// its cadence as long as possible, the other feeds stretch first (up to
// four times), then everything stretches together. Actions are not planned:
// they go first at the client's request budget (api.Budget), and the poll
// budget leaves them the rest. A Planner is safe for concurrent use; give
// the same one to every feed with WithPlanner.
type Planner struct {
	perMinute int

	mu    sync.Mutex
	slots []*slot
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
	resting   bool          // failed for good: tries only every permanentRetry
	interval  time.Duration // granted
	stretched bool
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

// setWant changes the interval s asks for (on or off screen); its own loop is
// told too.
func (p *Planner) setWant(s *slot, want time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s.want == want {
		return
	}
	s.want = want
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

// perWindow is how many requests s can make in any rolling minute when
// polled every interval: a cycle's requests, ceil(1 min / interval) times.
// A slot that failed for good retries every permanentRetry: once.
func (s *slot) perWindow(interval time.Duration) int {
	if s.resting || interval >= time.Minute {
		return s.requests
	}
	return s.requests * int((time.Minute+interval-1)/interval)
}

// The search for a plan: factors step by stepFactor; past maxFactor
// (the calls list every ten minutes at 5 s) nothing fits anyway.
const (
	stepFactor = 0.05
	maxFactor  = 120
)

// replanLocked grants every slot its interval and tells those whose
// interval changed, except quiet (whose loop is reading it anyway). The
// plan counts requests per rolling minute (RingCX's window), not on
// average, so no minute ever holds more than the budget.
func (p *Planner) replanLocked(quiet *slot) {
	callsFactor, feedsFactor := p.factorsLocked()
	for _, s := range p.slots {
		f := feedsFactor
		if s.keepCadence {
			f = callsFactor
		}
		if s.resting {
			f = 1
		}
		interval, stretched := stretch(s.want, f)
		if interval == s.interval && stretched == s.stretched {
			continue
		}
		s.interval, s.stretched = interval, stretched
		if s != quiet {
			signal(s.changed)
		}
	}
}

// factorsLocked finds the least stretch that fits: none; else the feeds
// alone, up to maxFeedStretch; else everything together, the feeds
// maxFeedStretch times more than the calls list.
func (p *Planner) factorsLocked() (calls, feeds float64) {
	fits := func(calls, feeds float64) bool {
		total := 0
		for _, s := range p.slots {
			f := feeds
			if s.keepCadence {
				f = calls
			}
			interval, _ := stretch(s.want, f)
			total += s.perWindow(interval)
		}
		return total <= p.perMinute
	}
	for i := 0; float64(i)*stepFactor <= maxFeedStretch-1; i++ {
		if k := 1 + float64(i)*stepFactor; fits(1, k) {
			return 1, k
		}
	}
	for i := 1; float64(i)*stepFactor < maxFactor; i++ {
		if t := 1 + float64(i)*stepFactor; fits(t, maxFeedStretch*t) {
			return t, maxFeedStretch * t
		}
	}
	return maxFactor, maxFeedStretch * maxFactor
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
