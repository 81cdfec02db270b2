package poller

import "time"

// Clock is the poller's source of time, injectable so tests can step
// intervals and backoff without sleeping.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer the poller uses.
type Timer interface {
	C() <-chan time.Time
	// Reset re-arms the timer, discarding a pending fire.
	Reset(d time.Duration)
	Stop()
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

func (SystemClock) NewTimer(d time.Duration) Timer { return &systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (t *systemTimer) C() <-chan time.Time { return t.t.C }

// Reset relies on Go ≥ 1.23 timer semantics: Reset and Stop discard a
// value not yet received, so no drain dance is needed.
func (t *systemTimer) Reset(d time.Duration) { t.t.Reset(d) }
func (t *systemTimer) Stop()                 { t.t.Stop() }
