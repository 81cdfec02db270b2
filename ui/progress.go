package ui

import (
	"errors"
	"time"

	"charm.land/bubbles/v2/progress"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
	"github.com/callboard/callboard/poller"
)

// loadBarWidth is the width of the bar a long first load shows against
// the scope's last count.
const loadBarWidth = 24

// newLoadBar is the bar of a long first load, in the theme's colours and
// with characters that read without colour (NO_COLOR): it is drawn at the
// fraction given (ViewAs), never animated.
func newLoadBar(th *Theme) progress.Model {
	bar := progress.New(progress.WithWidth(loadBarWidth), progress.WithoutPercentage(),
		progress.WithFillCharacters('█', '░'))
	bar.FullColor, bar.EmptyColor = th.LoadDone, th.LoadToDo
	return bar
}

// loading is how far the first load of the calls on screen has got, nil
// once a list is shown (or when none is being read).
func (m *Model) loading() *poller.Loading {
	if !m.haveSnap || m.known() {
		return nil
	}
	return m.snap.Status.Loading
}

// loadingText says how far a long load has got: against the scope's last
// count when one is known ("37 pages · 18,500 of about 20,000 calls"),
// else as a count ("37 pages · 18,500 calls so far").
func loadingText(l *poller.Loading) string {
	pages := thousands(l.Pages) + " " + plural(l.Pages, "page", "pages")
	if l.Expect > 0 {
		return "loading… " + pages + " · " + thousands(l.Calls) + " of about " + thousands(l.Expect) + " calls"
	}
	return "loading… " + pages + " · " + thousands(l.Calls) + " " + plural(l.Calls, "call", "calls") + " so far"
}

// loadingLine is the counts line while the first list loads: the bar when
// a total is expected, and the count. No count of calls is given as the
// floor's: the calls so far are not the list.
func (m *Model) loadingLine(l *poller.Loading) string {
	th := &m.theme
	text := th.Warn.Render(" " + loadingText(l))
	if l.Expect <= 0 {
		return text
	}
	done := min(1, float64(l.Calls)/float64(l.Expect))
	return " " + m.loadBar.ViewAs(done) + text
}

// callsStale reports whether the calls on screen are not current: the
// poller said so, or they are older than the interval in effect allows
// (Snapshot.Overdue) though it said nothing — a hung request, a stuck
// loop.
func (m *Model) callsStale() bool {
	return m.haveSnap && (m.snap.Stale() || m.snap.Overdue(m.now))
}

// old reports whether a feed's rows are not current at now (see
// callsStale).
func (f *feedState) old(now time.Time) bool {
	return f.rows.Stale() || f.rows.Overdue(now)
}

// overdueText is the freshness line of a feed the poller calls live whose
// rows are older than its interval allows.
func overdueText(st *poller.Status, age time.Duration) string {
	every := st.Interval
	if every <= 0 {
		every = poller.DefaultInterval
	}
	return "● STALE " + clock(age) + " · refresh overdue (due every " + timefmt.Seconds(every) + ")"
}

// staleText is the freshness line of a feed whose last refresh failed:
// how old its rows are (or that there are none), what is being waited
// out, and when the next try is.
func (m *Model) staleText(st *poller.Status, fetched time.Time, age time.Duration) string {
	s := "◌ NO DATA YET"
	if !fetched.IsZero() {
		s = "● STALE " + clock(age)
	}
	wait := st.NextTry.Sub(m.now)
	switch st.Reason {
	case poller.ReasonSignedOut:
		next := retryingText(wait)
		if wait > 0 {
			next = " · next try in " + clock(wait)
		}
		return s + " · RingCX signed us out — signing in again" + next
	case poller.ReasonRateLimited:
		who := " · rate limited by RingCX"
		var rl *api.RateLimitError
		if errors.As(st.Err, &rl) && rl.API == nil {
			who = " · callboard is keeping within RingCX's limits" // held back, not refused
		}
		switch {
		case wait <= 0:
			return s + who + retryingText(wait)
		case m.rateLimitWait(st) == 0:
			// RingCX's wait is over; what is left is callboard's own
			// backoff, which R cuts short.
			return s + who + " · retrying in " + clock(wait) + " (" + m.keys.Refresh.Help().Key + " tries now)"
		}
		return s + who + " · retrying in " + clock(wait)
	}
	if wait > 0 {
		s += " · retrying in " + clock(wait)
	} else {
		s += retryingText(wait)
	}
	return s + " · " + shortReason(st.Err)
}

// retryUnderWay is how long past its NextTry a retry is still called
// "now": the poller starts it then, and a read that takes longer (a
// trickling answer, many pages) is said to be under way, with how long it
// has been reading, instead of "retrying now" for half a minute.
const retryUnderWay = 2 * time.Second

// retryingText words a retry that was due wait ago (wait <= 0).
func retryingText(wait time.Duration) string {
	if -wait < retryUnderWay {
		return " · retrying now"
	}
	return " · retrying: reading… " + clock(-wait)
}

// failedText is the freshness line of a feed that failed in a way
// retrying will not fix: what failed, and the key that tries again now.
func (m *Model) failedText(st *poller.Status) string {
	what := shortReason(st.Err)
	if st.Reason == poller.ReasonCredentials && !errors.Is(st.Err, api.ErrSignInNeeded) {
		what = "sign-in rejected"
	}
	return "✕ " + what + " · " + m.keys.Refresh.Help().Key + " tries again"
}

// rateLimitWait is how much longer a feed waits out RingCX's rate limit
// (0: it is not waiting one): until RetryAfterUntil, not NextTry — after
// many failures the backoff runs on past RingCX's wait, and that part is
// callboard's own, which R cuts short.
func (m *Model) rateLimitWait(st *poller.Status) time.Duration {
	if st.State != poller.StateStale || st.Reason != poller.ReasonRateLimited {
		return 0
	}
	return max(0, st.RetryAfterUntil.Sub(m.now))
}

// pagingText is the note on a list RingCX would not page through: the
// calls shown are only its first pages.
func (m *Model) pagingText() string {
	if !m.known() || !m.snap.Status.PagingIgnored {
		return ""
	}
	n := len(m.snap.Calls)
	return "RingCX ignored paging: showing the first " + thousands(n) + " " + plural(n, "call", "calls")
}
