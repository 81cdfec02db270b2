package poller

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
)

// Scope is what the call list is read for: a product and its id, or an
// external id (see the Active Calls page).
type Scope struct {
	Product    api.Product
	ProductID  string
	ExternalID string
}

// AccountScope is the usual scope: every call of the account.
func AccountScope(accountID string) Scope {
	return Scope{Product: api.ProductAccount, ProductID: accountID}
}

// Validate reports a scope the API would refuse, before anything is sent.
func (s Scope) Validate() error {
	switch {
	case s.Product == "" && s.ExternalID == "":
		return fmt.Errorf("scope: give a product and product id (e.g. ACCOUNT 12440011) or an external id")
	case s.Product != "" && !s.Product.Valid():
		return fmt.Errorf("scope: %q is not a RingCX product (ACCOUNT, ACD, OUTBOUND, DNIS, …)", s.Product)
	case s.Product != "" && s.ProductID == "":
		return fmt.Errorf("scope: product %s needs a product id", s.Product)
	case s.Product != "" && strings.Trim(s.ProductID, "0123456789") != "":
		return fmt.Errorf("scope: product id %q must be a number", s.ProductID)
	}
	return nil
}

func (s Scope) String() string {
	switch {
	case s.Product != "" && s.ExternalID != "":
		return fmt.Sprintf("%s %s · external id %s", s.Product, s.ProductID, s.ExternalID)
	case s.Product != "":
		return fmt.Sprintf("%s %s", s.Product, s.ProductID)
	default:
		return "external id " + s.ExternalID
	}
}

// listOptions reads the scope expecting expect calls (the last list's
// count), so the pages that many fill are fetched concurrently.
func (s Scope) listOptions(pageSize, expect int) api.ListOptions {
	return api.ListOptions{Product: s.Product, ProductID: s.ProductID, ExternalID: s.ExternalID, MaxRows: pageSize, Expect: expect}
}

// State is the poller's health as a subscriber should present it.
type State int

const (
	// StateStarting: no answer yet.
	StateStarting State = iota
	// StateLive: the last fetch succeeded.
	StateLive
	// StateStale: the last fetch failed; the previous calls are kept and a
	// retry is scheduled.
	StateStale
	// StatePaused: refreshing is paused by request.
	StatePaused
	// StateFailed: a failure retrying will not fix (credentials,
	// permissions, configuration). Retries are rare until RefreshNow.
	StateFailed
)

func (s State) String() string {
	return [...]string{"starting", "live", "stale", "paused", "failed"}[s]
}

// Status says how fresh a snapshot is and what the poller will do next.
type Status struct {
	State State
	// Err is the last fetch's error (nil when live), Attempt the number of
	// consecutive failures, NextTry when the next fetch is due.
	Err     error
	Attempt int
	NextTry time.Time
	// RetryAfterUntil is when the wait RingCX asked for (a 429's
	// Retry-After, or callboard's own hold within RingCX's limits) ends;
	// zero when none is in force. NextTry may be later — the backoff of
	// many failures in a row is callboard's own — and a refresh asked for
	// by hand is held back only until RetryAfterUntil, so a board says
	// RingCX's wait only for as long as it lasts.
	RetryAfterUntil time.Time
	// Reason says what to fix when State is StateFailed, and what a stale
	// feed is waiting out when the poller knows (ReasonSignedOut,
	// ReasonRateLimited).
	Reason Reason
	// Interval is the refresh interval in force; Stretched is set when the
	// request budget made it longer than asked. The ui words them: the
	// key to press and the count of calls are its to say.
	Interval  time.Duration
	Stretched bool
	// OverBudget is set when even the most stretched plan (the calls list
	// every ten minutes, everything else slower still) needs more requests
	// a minute than the poll budget: RingCX may then refuse some (429)
	// until the account's lists shrink or the budget grows. The ui words it.
	OverBudget bool
	// Loading is how far the walk over the call list's pages has got while
	// no list of the scope is shown yet (the first load, a new scope): a
	// load of 100,000 calls takes minutes, and without it the board could
	// only say "connecting". nil otherwise.
	Loading *Loading
	// PagingIgnored is set while the list holds only the calls of
	// RingCX's first pages, because RingCX seemed to ignore the page
	// parameter: the api walk (api/pagewalk.go) reads on past a page that
	// adds no new call (the list moved while it was read) and ends only
	// when a page is page 0 again or it is the walk's second such page.
	// Every count of Calls is then a lower bound, never the scope's
	// total; the ui marks them so.
	PagingIgnored bool
}

// Loading is how far a walk over the pages of the call list has got.
type Loading struct {
	Pages, Calls int
	// Expect is how many calls the scope had when last read (0: not known):
	// the total to show progress against.
	Expect int
}

// RequestAllowance is how long past its interval a refresh may take
// before its list counts as overdue: the client's request timeout, since a
// refresh that takes longer has failed or hung.
const RequestAllowance = api.DefaultTimeout

// overdue is the staleness rule every reader shares: a list read at
// fetchedAt, whose read took took, is overdue once it is older than two of
// the intervals in effect (stretched included) plus its read's length and
// the request allowance — the refresh after next would have landed by
// then. Unlike a failure, this needs no word from the poller: a hung
// request or a stuck loop says nothing, and the board still turns STALE. A
// paused feed is not overdue (it says it is paused); a list never read is
// not either (nothing is shown as current).
func overdue(fetchedAt time.Time, took time.Duration, st *Status, now time.Time) bool {
	if fetchedAt.IsZero() || st.State == StatePaused {
		return false
	}
	interval := st.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	return now.Sub(fetchedAt) > 2*interval+took+RequestAllowance
}

// Diff is what changed since the previous successful fetch, by uii.
type Diff struct {
	Added, Ended, Changed []string
	// Baseline marks the first list of a scope: everything is new, nothing
	// should be highlighted as "just arrived".
	Baseline bool
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool { return len(d.Added)+len(d.Ended)+len(d.Changed) == 0 }

// Snapshot is one published state of the call list. It is shared between
// subscribers and must be treated as read-only.
type Snapshot struct {
	Seq   uint64
	Scope Scope
	// Calls is the last good list, sorted by uii (see sortCalls), so the
	// order is stable between refreshes.
	Calls []api.ActiveCall
	// FetchedAt is when Calls were read (zero before the first success);
	// Took how long that fetch took and Pages how many requests it made.
	FetchedAt time.Time
	Took      time.Duration
	Pages     int
	Diff      Diff
	Status    Status
}

// Age is how old the calls are at now.
func (s *Snapshot) Age(now time.Time) time.Duration {
	if s.FetchedAt.IsZero() {
		return 0
	}
	return now.Sub(s.FetchedAt)
}

// Stale reports whether the calls shown are not from the latest attempt.
func (s *Snapshot) Stale() bool {
	return s.Status.State == StateStale || s.Status.State == StateFailed
}

// Overdue reports whether the calls are older at now than the interval in
// effect allows (see overdue): stale, whatever the poller last said.
func (s *Snapshot) Overdue(now time.Time) bool {
	return overdue(s.FetchedAt, s.Took, &s.Status, now)
}

// sortCalls orders calls by uii: unique, never changes while the call
// lives, and — since RingCX uiis start with the call's creation time —
// roughly oldest first. Servers tend to answer in this order already, which
// the IsSorted check turns into a single pass. Otherwise it sorts indices and
// copies once: swapping the calls themselves (over 200 bytes each) cost
// more than the comparisons at 10,000 calls.
func sortCalls(calls []api.ActiveCall) []api.ActiveCall {
	if slices.IsSortedFunc(calls, func(a, b api.ActiveCall) int { return strings.Compare(a.UII, b.UII) }) {
		return calls
	}
	idx := make([]int32, len(calls))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return strings.Compare(calls[a].UII, calls[b].UII) })
	out := make([]api.ActiveCall, len(calls))
	for i, j := range idx {
		out[i] = calls[j]
	}
	return out
}

// diff compares two lists sorted by uii in one merge-like walk, without a
// map. Calls are compared field by field (api times are UTC, so == is
// exact).
func diff(prev, next []api.ActiveCall) Diff {
	var d Diff
	i, j := 0, 0
	for i < len(prev) || j < len(next) {
		c := 1
		switch {
		case i == len(prev):
			c = 1
		case j == len(next):
			c = -1
		default:
			c = strings.Compare(prev[i].UII, next[j].UII)
		}
		switch {
		case c == 0:
			if prev[i] != next[j] {
				d.Changed = append(d.Changed, next[j].UII)
			}
			i++
			j++
		case c < 0:
			d.Ended = append(d.Ended, prev[i].UII)
			i++
		default:
			d.Added = append(d.Added, next[j].UII)
			j++
		}
	}
	return d
}
