package api

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Priority orders requests waiting for the request budget.
type Priority int

const (
	// PriorityPoll is background refreshing: it waits behind actions.
	PriorityPoll Priority = iota
	// PriorityAction is something a person asked for: it is served before
	// any queued polling request.
	PriorityAction
)

type priorityKey struct{}

// WithPriority marks the requests made with ctx. Action methods default to
// PriorityAction and list calls to PriorityPoll; a one-shot `calls` command
// a person typed may mark its listing as an action.
func WithPriority(ctx context.Context, p Priority) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

func priorityFrom(ctx context.Context, def Priority) Priority {
	if p, ok := ctx.Value(priorityKey{}).(Priority); ok {
		return p
	}
	return def
}

// DefaultRequestsPerMinute is RingCX's documented limit for the Active Calls
// endpoints.
const DefaultRequestsPerMinute = 120

// Budget is the request budget shared by every request of a client (or of
// several clients on one account, via WithBudget). It is a token bucket sized
// so that no rolling minute can hold more than perMinute requests — a bucket
// of burst b refilling at (perMinute−b)/min — with two queues in front of it:
// actions are granted before polls, each queue first come, first served.
type Budget struct {
	limiter   *rate.Limiter
	perMinute int
	now       func() time.Time

	mu          sync.Mutex
	queues      [2][]*budgetWaiter // indexed by Priority
	timer       *time.Timer
	pausedUntil [2]time.Time // indexed by Priority: no grant before it
	granted     []time.Time  // grant times within the last minute, oldest first
	stopped     bool         // Stop was called: nothing more is granted
}

type budgetWaiter struct {
	ready   chan struct{}
	granted bool
}

// NewBudget makes a budget of perMinute requests per rolling minute
// (≤ 0 means DefaultRequestsPerMinute).
func NewBudget(perMinute int) *Budget {
	if perMinute <= 0 {
		perMinute = DefaultRequestsPerMinute
	}
	burst := max(1, min(10, perMinute/6))
	refill := rate.Limit(float64(perMinute-burst) / 60)
	if perMinute == burst {
		refill = rate.Limit(float64(perMinute) / 60)
	}
	return &Budget{limiter: rate.NewLimiter(refill, burst), perMinute: perMinute, now: time.Now}
}

// PerMinute is the budget's size.
func (b *Budget) PerMinute() int { return b.perMinute }

// Wait blocks until the request may be sent or ctx ends.
func (b *Budget) Wait(ctx context.Context, p Priority) error {
	if p != PriorityAction {
		p = PriorityPoll
	}
	b.mu.Lock()
	now := b.now()
	if b.stopped {
		b.mu.Unlock()
		return stoppedError(0)
	}
	if len(b.queues[0])+len(b.queues[1]) == 0 && !now.Before(b.pausedUntil[p]) && b.limiter.AllowN(now, 1) {
		b.recordLocked(now)
		b.mu.Unlock()
		return nil
	}
	w := &budgetWaiter{ready: make(chan struct{})}
	b.queues[p] = append(b.queues[p], w)
	b.dispatchLocked()
	b.mu.Unlock()

	select {
	case <-w.ready:
		if !w.granted {
			return stoppedError(b.now().Sub(now))
		}
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		defer b.mu.Unlock()
		if w.granted {
			return nil
		}
		q := b.queues[p]
		for i := range q {
			if q[i] == w {
				b.queues[p] = append(q[:i:i], q[i+1:]...)
				break
			}
		}
		return ctx.Err()
	}
}

// PauseFor holds requests for d because the server answered a request of
// priority p with a 429 and Retry-After d: a poll's 429 holds the polls
// only, so a person's action still goes; an action's holds the actions
// and the polls, since RingCX limits the whole account then. d is capped
// at MaxRetryAfter; a pause never shortens one already in force.
func (b *Budget) PauseFor(p Priority, d time.Duration) {
	d = min(d, MaxRetryAfter)
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.now().Add(d)
	for q := range b.pausedUntil {
		if (q == int(PriorityPoll) || p == PriorityAction) && t.After(b.pausedUntil[q]) {
			b.pausedUntil[q] = t
		}
	}
	b.dispatchLocked()
}

// PausedUntil is when the pause on requests of priority p ends (the zero
// time when none is in force), so the board can say "rate limited ·
// retrying in 1:52" and an action can tell at once that it would wait
// past its deadline.
func (b *Budget) PausedUntil(p Priority) time.Time {
	if p != PriorityAction {
		p = PriorityPoll
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.pausedUntil[p]; b.now().Before(t) {
		return t
	}
	return time.Time{}
}

// Stop makes every request waiting for the budget, and every later Wait,
// fail with a *NotSentError (NotSentStopping) at once: the process is
// stopping, and what has not been sent must not be sent now. Requests
// already sent are not affected.
func (b *Budget) Stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopped = true
	for p := range b.queues {
		for _, w := range b.queues[p] {
			close(w.ready) // not granted: Wait reports the stop
		}
		b.queues[p] = nil
	}
}

// stoppedError is what Wait returns once the budget is stopped.
func stoppedError(waited time.Duration) error {
	return &NotSentError{Reason: NotSentStopping, Waited: waited, Err: errors.New("callboard is stopping")}
}

// UsedLastMinute is how many requests were granted in the last 60 seconds.
func (b *Budget) UsedLastMinute() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trimLocked(b.now())
	return len(b.granted)
}

// Waiting is the number of queued requests by priority (poll, action).
func (b *Budget) Waiting() (polls, actions int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queues[PriorityPoll]), len(b.queues[PriorityAction])
}

// dispatchLocked grants tokens to waiters, actions first, skipping a
// queue whose priority is paused, and arms a timer for the next grant: a
// pause's end or the next token.
func (b *Budget) dispatchLocked() {
	for {
		now := b.now()
		p, wake := b.nextLocked(now)
		if p < 0 {
			if !wake.IsZero() {
				b.armLocked(wake.Sub(now))
			}
			return
		}
		if !b.limiter.AllowN(now, 1) {
			missing := 1 - b.limiter.TokensAt(now)
			wait := max(time.Duration(missing/float64(b.limiter.Limit())*float64(time.Second)), time.Millisecond)
			if !wake.IsZero() {
				wait = min(wait, wake.Sub(now))
			}
			b.armLocked(wait)
			return
		}
		w := b.queues[p][0]
		b.queues[p] = b.queues[p][1:]
		w.granted = true
		close(w.ready)
		b.recordLocked(now)
	}
}

// nextLocked is the queue to serve next (-1 if none may be served now)
// and the earliest end of a pause holding a waiting queue (zero if none).
func (b *Budget) nextLocked(now time.Time) (Priority, time.Time) {
	var wake time.Time
	for _, p := range [...]Priority{PriorityAction, PriorityPoll} {
		if len(b.queues[p]) == 0 {
			continue
		}
		if until := b.pausedUntil[p]; now.Before(until) {
			if wake.IsZero() || until.Before(wake) {
				wake = until
			}
			continue
		}
		return p, wake
	}
	return -1, wake
}

func (b *Budget) armLocked(d time.Duration) {
	if b.timer == nil {
		b.timer = time.AfterFunc(d, func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.dispatchLocked()
		})
		return
	}
	b.timer.Reset(d)
}

func (b *Budget) recordLocked(now time.Time) {
	b.trimLocked(now)
	b.granted = append(b.granted, now)
}

func (b *Budget) trimLocked(now time.Time) {
	cut := 0
	for cut < len(b.granted) && now.Sub(b.granted[cut]) >= time.Minute {
		cut++
	}
	if cut > 0 {
		b.granted = append(b.granted[:0], b.granted[cut:]...)
	}
}
