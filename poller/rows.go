package poller

import "time"

// Rows is one published state of a feed of keyed rows (agents, queues):
// the last good list, how fresh it is and what the feed will do next. It is
// shared between subscribers and must be treated as read-only.
type Rows[T any] struct {
	Seq uint64
	// Feed names the feed ("agents", "queues") for logs; the ui words it.
	Feed string
	// Rows is the last good list, in the order the feed keeps (by key).
	Rows []T
	// FetchedAt is when Rows were read (zero before the first success);
	// Took how long that fetch took and Requests how many requests it made.
	FetchedAt time.Time
	Took      time.Duration
	Requests  int
	// Status is the feed's own health: a feed that fails (a 403 without
	// reporting rights, a 404) fails alone, and says so here.
	Status Status
}

// Age is how old the rows are at now.
func (r *Rows[T]) Age(now time.Time) time.Duration {
	if r.FetchedAt.IsZero() {
		return 0
	}
	return now.Sub(r.FetchedAt)
}

// Known reports whether a list has arrived at all.
func (r *Rows[T]) Known() bool { return !r.FetchedAt.IsZero() }

// Stale reports whether the rows shown are not from the latest attempt.
func (r *Rows[T]) Stale() bool {
	return r.Status.State == StateStale || r.Status.State == StateFailed
}

// Overdue reports whether the rows are older at now than the interval in
// effect allows (the rule the calls list follows too).
func (r *Rows[T]) Overdue(now time.Time) bool {
	return overdue(r.FetchedAt, r.Took, &r.Status, now)
}
