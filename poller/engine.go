package poller

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/cenkalti/backoff/v4"
)

// engine is the one polling loop behind every feed — the calls list and
// each keyed feed (agents, queues, the reference lists): the timer, the
// coalesced manual refresh with its minimum gap, pause and resume, backoff,
// the share of the poll budget the planner grants, and publishing after the
// next attempt is scheduled. What is read and what is published is the
// feed's own (its cycle); the loop exists once, so every feed retries,
// stretches and fails the same way.
type engine struct {
	name    string
	clock   Clock
	log     *slog.Logger
	planner *Planner
	slot    *slot
	refresh chan struct{} // RefreshNow; one slot coalesces bursts
	wake    chan struct{} // act at once: a new scope, pause, resume
	running atomic.Bool

	mu          sync.Mutex
	paused      bool
	cancelFetch context.CancelFunc
	sent        []time.Time // this feed's requests in the last minute, when paced

	// Owned by Run's goroutine.
	attempt   int
	lastErr   error
	lastStart time.Time
	lastDone  time.Time // when the last successful fetch ended
	downSince time.Time // when the failures in a row began (for the log)
	// last is the status last published after a fetch. Its
	// RetryAfterUntil is the end of RingCX's Retry-After: no refresh asked
	// for by hand goes before it (the wait is RingCX's, not a backoff to
	// cut short); the first one after it goes at once, however long the
	// backoff still has to run.
	last Status
	bo   *backoff.ExponentialBackOff
}

// cycle is what one feed adds to the engine.
type cycle interface {
	// prepare runs on every wake-up, before the engine looks at anything
	// (the calls poller starts a new scope here).
	prepare()
	// read fetches once with ctx (cancellable, marked as polling). ok is
	// false when the answer no longer applies and is dropped.
	read(ctx context.Context) (requests int, err error, ok bool)
	// publish sends the feed's current rows with st.
	publish(st Status)
}

// init sets up the loop for the feed name, polled every want when the
// budget allows; keepCadence marks the calls list, which the planner
// stretches last.
func (e *engine) init(name string, s settings, want time.Duration, keepCadence bool) {
	e.name, e.clock, e.log, e.planner = name, s.clock, s.log, s.planner
	e.slot = newSlot(name, want, keepCadence)
	e.refresh, e.wake = make(chan struct{}, 1), make(chan struct{}, 1)
	e.bo = backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(initialBackoff),
		backoff.WithMultiplier(2),
		backoff.WithRandomizationFactor(0.5),
		backoff.WithMaxInterval(maxBackoff),
		backoff.WithMaxElapsedTime(0), // never give up: the board stays open all shift
		backoff.WithClockProvider(e.clock),
	)
}

// RefreshNow asks for a fetch as soon as possible. Calls made while one is
// pending collapse into it; fetches asked for by hand are at least a second
// apart. It also retries at once a feed that failed in a way retrying will
// not fix (the person may have fixed it). It never cuts short RingCX's
// Retry-After: asked for during one, it is dropped (the retry at its end
// is already due).
func (e *engine) RefreshNow() { signal(e.refresh) }

func (e *engine) setPaused(v bool) {
	e.mu.Lock()
	changed := e.paused != v
	e.paused = v
	e.mu.Unlock()
	if changed {
		signal(e.wake)
	}
}

func (e *engine) isPaused() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.paused
}

// abandon cancels the fetch in flight, if any.
func (e *engine) abandon() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancelFetch != nil {
		e.cancelFetch()
	}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// run polls until ctx ends. Fetches never overlap: one goroutine fetches,
// schedules the next attempt, and only then publishes, so a subscriber that
// sees a state also sees its NextTry already in force.
func (e *engine) run(ctx context.Context, c cycle) error {
	if !e.running.CompareAndSwap(false, true) {
		return fmt.Errorf("poller: %s: Run called twice", e.name)
	}
	e.planner.add(e.slot)
	defer e.planner.remove(e.slot)
	timer := e.clock.NewTimer(0)
	defer timer.Stop()
	publishedPause := false
	for {
		manual := false
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C():
		case <-e.refresh:
			manual = true
		case <-e.wake:
		case <-e.slot.changed:
			e.replan(timer, c)
			continue
		}
		c.prepare()
		paused := e.isPaused()
		now := e.clock.Now()
		if paused && !manual {
			timer.Stop()
			if !publishedPause {
				c.publish(Status{State: StatePaused, Interval: e.planner.desired(e.slot), Err: e.lastErr})
				publishedPause = true
			}
			continue
		}
		publishedPause = false
		if manual && now.Before(e.last.RetryAfterUntil) {
			continue // the timer already waits for the end of Retry-After
		}
		if manual && now.Sub(e.lastStart) < minManualGap {
			timer.Reset(e.lastStart.Add(minManualGap).Sub(now))
			continue
		}
		requests, err, ok := e.poll(ctx, c)
		if ctx.Err() != nil {
			return nil
		}
		if !ok {
			continue // dropped (a new scope): the wake signal fetches again
		}
		status := e.schedule(requests, err, c)
		timer.Reset(status.NextTry.Sub(e.clock.Now()))
		e.logTransition(e.last, status)
		e.last = status
		if paused {
			status.State, status.NextTry = StatePaused, time.Time{}
			publishedPause = true
		}
		c.publish(status)
	}
}

// poll runs one read with a context that a new scope can cancel and that
// queues behind actions for the request budget.
func (e *engine) poll(ctx context.Context, c cycle) (int, error, bool) {
	fctx, cancel := context.WithCancel(api.WithPacer(api.WithPriority(ctx, api.PriorityPoll), e.pace))
	e.mu.Lock()
	e.cancelFetch = cancel
	e.mu.Unlock()
	e.lastStart = e.clock.Now()
	requests, err, ok := c.read(fctx)
	cancel()
	e.mu.Lock()
	e.cancelFetch = nil
	e.mu.Unlock()
	return requests, err, ok
}

// paceWindow is the window pace counts requests in: RingCX's minute and a
// margin, since RingCX counts a request when it arrives, a moment after it
// was let go.
const paceWindow = time.Minute + 5*time.Second

// pace holds each request of a read until the feed has made fewer than
// the planner's limit in the last paceWindow, so a long read (a large
// roster, many pages of calls) spreads over its interval as the plan
// counts it. A feed polled faster than a minute is not paced.
func (e *engine) pace(ctx context.Context) error {
	for {
		limit := e.planner.limit(e.slot)
		now := e.clock.Now()
		e.mu.Lock()
		e.sent = slices.DeleteFunc(e.sent, func(t time.Time) bool { return now.Sub(t) >= paceWindow })
		if limit == 0 || len(e.sent) < limit {
			e.sent = append(e.sent, now)
			e.mu.Unlock()
			return nil
		}
		wait := e.sent[len(e.sent)-limit].Add(paceWindow).Sub(now)
		e.mu.Unlock()
		if err := e.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// sleep waits d on the engine's clock, or until ctx ends.
func (e *engine) sleep(ctx context.Context, d time.Duration) error {
	t := e.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reset forgets failures: a new scope starts afresh.
func (e *engine) reset() {
	e.attempt, e.lastErr = 0, nil
	e.last = Status{}
	e.bo.Reset()
}

// schedule decides when the next fetch is due and describes the state.
func (e *engine) schedule(requests int, err error, c cycle) Status {
	now := e.clock.Now()
	if err == nil {
		e.attempt, e.lastErr, e.lastDone = 0, nil, now
		e.bo.Reset()
		e.planner.measured(e.slot, requests, false)
		return e.liveStatus(now, c)
	}
	e.attempt++
	e.lastErr = err
	v := classify(err)
	if v.permanent {
		wait := max(permanentRetry, e.floor(e.planner.desired(e.slot)))
		e.planner.measured(e.slot, 0, true)
		return Status{State: StateFailed, Err: err, Attempt: e.attempt, Reason: v.reason, Interval: e.planner.desired(e.slot), NextTry: now.Add(wait)}
	}
	granted, _ := e.planner.interval(e.slot)
	wait := max(min(e.bo.NextBackOff(), maxBackoff), v.atLeast, e.floor(granted))
	st := Status{State: StateStale, Err: err, Attempt: e.attempt, Reason: v.reason, Interval: e.planner.desired(e.slot), NextTry: now.Add(wait)}
	if v.atLeast > 0 {
		st.RetryAfterUntil = now.Add(v.atLeast)
	}
	return st
}

// floor is the least a failed feed waits before trying again: a feed's
// interval (the planner's grant, or for a refusal its own), so a failing
// feed never polls more often than the plan counts it — a reference list
// planned every 10 minutes does not retry every few seconds. The calls
// list has no floor: it is the board's main list, and its backoff (at
// most maxBackoff) is what gets it back soonest.
func (e *engine) floor(interval time.Duration) time.Duration {
	if e.slot.keepCadence {
		return 0
	}
	return interval
}

// liveStatus is a live feed's status with the interval the planner grants,
// the next fetch due that long after the last one ended.
func (e *engine) liveStatus(now time.Time, c cycle) Status {
	interval, stretched := e.planner.interval(e.slot)
	st := Status{State: StateLive, Interval: interval, Stretched: stretched, OverBudget: e.planner.overBudget(), NextTry: e.lastDone.Add(interval)}
	if st.NextTry.Before(now) {
		st.NextTry = now
	}
	return st
}

// replan applies a new interval from the planner (the budget's other users
// changed, or this feed went on or off screen) to a live feed: the next
// fetch moves, at once if already due, and subscribers learn the new
// interval. A feed that is failing keeps its retry schedule.
func (e *engine) replan(timer Timer, c cycle) {
	if e.last.State != StateLive || e.isPaused() {
		return
	}
	now := e.clock.Now()
	st := e.liveStatus(now, c)
	if st.Interval == e.last.Interval && st.Stretched == e.last.Stretched {
		return
	}
	timer.Reset(st.NextTry.Sub(now))
	e.last = st
	c.publish(st)
}

// failing reports whether a status is of a feed whose reads fail.
func failing(s State) bool { return s == StateStale || s == StateFailed }

// logTransition writes a change of the feed's state to the debug log —
// once per change, not every retry: a feed that starts failing (with the
// typed reason, the error cleaned of control characters and cut short, and
// when it tries next), that fails for another reason, or that is live
// again (with how long it was down). A minute of 401s thus leaves two
// lines, and a person reading the log after the shift sees what the board
// said. The error text is the client's, which redacts credentials and
// cleans what RingCX sent; Clean again bounds it to one line.
func (e *engine) logTransition(prev, st Status) {
	now := e.clock.Now()
	switch {
	case failing(st.State) && (!failing(prev.State) || prev.State != st.State || prev.Reason != st.Reason):
		if !failing(prev.State) {
			e.downSince = now
		}
		errText := ""
		if st.Err != nil {
			errText = api.Clean(st.Err.Error(), logErrMax)
		}
		e.log.Warn("feed "+e.name+" is "+st.State.String(),
			"feed", e.name, "state", st.State.String(), "reason", st.Reason.String(), "error", errText,
			"attempt", st.Attempt, "next_try_in", st.NextTry.Sub(now).Round(time.Second))
	case st.State == StateLive && failing(prev.State):
		e.log.Info("feed "+e.name+" is live again",
			"feed", e.name, "down_for", now.Sub(e.downSince).Round(time.Second), "failures", prev.Attempt)
	}
}

// logErrMax bounds an error written to the debug log: enough for RingCX's
// reason, not a whole error page.
const logErrMax = 300
