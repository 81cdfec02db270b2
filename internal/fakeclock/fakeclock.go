// Package fakeclock is a manually advanced clock for tests: the simulator,
// the API client's token arithmetic and the poller's timers can all read one
// clock, so a test steps through minutes of token lifetimes, rate windows and
// backoff without sleeping.
package fakeclock

import (
	"sync"
	"time"
)

// Start is where every fake clock begins unless told otherwise.
var Start = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// Clock is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*Timer
}

// New returns a clock at Start.
func New() *Clock { return At(Start) }

// At returns a clock at t.
func At(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves time forward by d and fires every timer now due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.fireLocked()
}

// Armed is how many timers are set and have neither fired nor been
// stopped: how many goroutines wait on the clock. A test that advances the
// clock can wait for it to come back to what it was, so that everything a
// step set off has gone back to waiting before the next step.
func (c *Clock) Armed() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if t.armed {
			n++
		}
	}
	return n
}

// NewTimer returns a timer that fires once the clock reaches now+d.
func (c *Clock) NewTimer(d time.Duration) *Timer {
	t := &Timer{clock: c, ch: make(chan time.Time, 1)}
	c.mu.Lock()
	c.timers = append(c.timers, t)
	c.mu.Unlock()
	t.Reset(d)
	return t
}

func (c *Clock) fireLocked() {
	for _, t := range c.timers {
		if t.armed && !t.at.After(c.now) {
			t.armed = false
			select {
			case t.ch <- c.now:
			default:
			}
		}
	}
}

// Timer mirrors *time.Timer with Go 1.23 semantics: Reset and Stop discard
// a fire not yet received.
type Timer struct {
	clock *Clock
	ch    chan time.Time
	at    time.Time
	armed bool
}

// C delivers the fire time.
func (t *Timer) C() <-chan time.Time { return t.ch }

// Reset re-arms the timer for now+d.
func (t *Timer) Reset(d time.Duration) {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	t.drain()
	t.at, t.armed = c.now.Add(d), true
	c.fireLocked()
}

// Stop disarms the timer.
func (t *Timer) Stop() {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	t.armed = false
	t.drain()
}

func (t *Timer) drain() {
	select {
	case <-t.ch:
	default:
	}
}
