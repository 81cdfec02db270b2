package ui

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
)

// How long arrivals and departures stay marked, so calls do not appear or
// vanish silently between two glances.
const (
	newLinger   = 10 * time.Second
	endedLinger = 10 * time.Second
)

// row is one line of the table: a call, or the ghost of one that just
// ended. Its display text is cleaned and laid out once per version of the
// call, not on every frame. Phone numbers (ani, dialled, and so caller)
// are kept as RingCX sent them: the board formats them as it draws them
// (numberBook), for only the rows on screen.
type row struct {
	call                               api.ActiveCall
	state                              string
	agent, caller, dialled, queue, uii string
	cnam, ani                          string // the caller's parts, kept apart to shorten the name first
	search, digits                     string // filter haystacks
	ended                              bool
	endedAt, newUntil                  time.Time

	// Lower-cased text for sorting, computed once per version of the call.
	agentKey, callerKey, queueKey string

	// What the other feeds say about the call, through its uii (callJoin):
	// the username of the agent on it, and listQueue is the call list's
	// own queue name — queue falls back to the joined queue's name where
	// the list has none.
	username, listQueue string
	// gateName is the name of the queue the joined agent's call came
	// through (by gate id), whatever the call list says: a queue term
	// finds the call by it too.
	gateName string
}

func newRow(c api.ActiveCall) *row {
	// A uii is digits; anything else in one is cleaned away before it can
	// be drawn or cut (uiiCell slices bytes).
	r := &row{call: c, uii: onlyASCIIPrintable(clean(c.UII)), state: clean(c.State())}
	r.agent = clean(strings.TrimSpace(c.AgentFirstName + " " + c.AgentLastName))
	r.cnam, r.ani = clean(c.CNAM), clean(c.ANI)
	r.caller = callerText(r.cnam, r.ani)
	// E.164 first: it names its country, where bare digits are read in
	// the board's region.
	r.dialled = clean(firstNonEmpty(c.DNISE164, c.DNIS))
	r.listQueue = clean(c.DestinationName)
	r.queue = r.listQueue
	r.digits = onlyDigits(c.ANI + "\x00" + c.DNIS + "\x00" + c.DNISE164)
	r.index()
	return r
}

// index derives the row's sort keys and filter haystack from its text:
// once per version of the call, and again when the join changes it.
func (r *row) index() {
	r.agentKey, r.callerKey, r.queueKey = strings.ToLower(r.agent), strings.ToLower(r.caller), strings.ToLower(r.queue)
	r.search = strings.ToLower(strings.Join([]string{r.state, r.agent, r.username, r.caller, r.dialled, r.queue, r.call.UII, r.call.ExternalID}, "\x00"))
}

// callerText is how a caller reads: name and number, or whichever is known.
func callerText(cnam, ani string) string {
	switch {
	case cnam != "" && ani != "":
		return cnam + "  " + ani
	case cnam != "":
		return cnam
	}
	return ani
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// isPhoneLike: three or more digits, written with phone punctuation at most.
func isPhoneLike(w string) bool {
	return len(onlyDigits(w)) >= 3 && strings.Trim(w, "0123456789 -.()+") == ""
}

func onlyASCIIPrintable(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r
		}
		return -1
	}, s)
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || r == 0 {
			return r
		}
		return -1
	}, s)
}

// at is the time the row's clocks read at now: a call that ended stops
// where it was seen ending.
func (r *row) at(now time.Time) time.Time {
	if r.ended {
		return r.endedAt
	}
	return now
}

// talk is how long the agent has been on the call (api.ActiveCall.Talk).
func (r *row) talk(now time.Time) time.Duration { return r.call.Talk(r.at(now)) }

// wait is the time spent in queue (api.ActiveCall.Wait).
func (r *row) wait(now time.Time) time.Duration { return r.call.Wait(r.at(now)) }

// matches reports whether the row passes the filter: every word must occur
// in agent (name or joined username), caller, numbers, queue, uii or
// external id; words of digits
// also match numbers written with spaces or dashes. A queue term matches
// only the calls of that very queue (inQueue).
func (r *row) matches(words []filterWord) bool {
	for _, w := range words {
		if w.queue != nil {
			if !r.inQueue(*w.queue) {
				return false
			}
			continue
		}
		if !strings.Contains(r.search, w.text) && !r.hasNumber(w.numbers) {
			return false
		}
	}
	return true
}

// queueTermPrefix starts the Calls filter's queue term, queue:"Sales EMEA":
// the calls of one queue, which a text word cannot pick out ("Sales" is
// also in "Sales EMEA" and in a caller named "Sales Dept").
const queueTermPrefix = "queue:"

// queueTerm is the Calls filter's text for the calls of the queue named so.
func queueTerm(name string) string { return queueTermPrefix + strconv.Quote(name) }

// splitQueueTerm takes a leading queue term (queueTerm) off the filter's
// text: the queue's name, and the rest of the text. A term not yet closed
// (queue:"Sal, while typed) is text.
func splitQueueTerm(s string) (name, rest string, ok bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, queueTermPrefix) {
		return "", s, false
	}
	quoted, err := strconv.QuotedPrefix(s[len(queueTermPrefix):])
	if err != nil {
		return "", s, false
	}
	name, err = strconv.Unquote(quoted)
	if err != nil {
		return "", s, false
	}
	return name, s[len(queueTermPrefix)+len(quoted):], true
}

// inQueue reports whether the call is in the queue named so: exactly the
// name the call list gives it, or the name of the queue its agent's call
// came through (the join, by gate id).
func (r *row) inQueue(name string) bool {
	return r.listQueue == name || (r.gateName != "" && r.gateName == name)
}

// hasNumber reports whether any of the digit strings is in the row's
// numbers.
func (r *row) hasNumber(numbers []string) bool {
	for _, d := range numbers {
		if d != "" && strings.Contains(r.digits, d) {
			return true
		}
	}
	return false
}

// sortColumn is a column the board can be ordered by.
type sortColumn int

const (
	sortState sortColumn = iota
	sortTalk
	sortWait
	sortAgent
	sortCaller
	sortDialled
	sortQueue
	sortUII
	sortColumns
)

var sortNames = [...]string{"state", "talk", "wait", "agent", "caller", "dialled", "queue", "uii"}

// naturalDesc: durations read best longest first.
func (c sortColumn) naturalDesc() bool { return c == sortTalk || c == sortWait }

// sortItem is a row's sort key laid out flat: sorting 100,000 of these
// compares integers in contiguous memory, where comparing the rows
// themselves chased two pointers per comparison and spent most of a
// refresh in cache misses.
type sortItem struct {
	key int64  // rank and duration columns, in milliseconds
	str string // text columns, lower-cased
	uii string // tie-break: the order is total, rows never swap
	r   *row
}

// sortRows orders rows by column, descending when asked.
func sortRows(rows []*row, by sortColumn, desc bool, now time.Time) {
	items := make([]sortItem, len(rows))
	for i, r := range rows {
		it := sortItem{uii: r.call.UII, r: r}
		switch by {
		case sortState:
			// Rank first; within a state, the longest wait (queued) or talk
			// first: the calls that need a look soonest.
			d := r.talk(now)
			if r.call.Queued() {
				d = r.wait(now)
			}
			it.key = int64(rankOf(r))<<44 - min(d.Milliseconds(), 1<<43)
		case sortTalk:
			it.key = r.talk(now).Milliseconds()
		case sortWait:
			it.key = r.wait(now).Milliseconds()
		case sortAgent:
			it.str = r.agentKey
		case sortCaller:
			it.str = r.callerKey
		case sortDialled:
			it.str = r.dialled
		case sortQueue:
			it.str = r.queueKey
		}
		items[i] = it
	}
	sign := 1
	if desc {
		sign = -1
	}
	slices.SortFunc(items, func(a, b sortItem) int {
		k := cmp.Compare(a.key, b.key)
		if k == 0 {
			k = strings.Compare(a.str, b.str)
		}
		if k == 0 {
			k = strings.Compare(a.uii, b.uii)
		}
		return sign * k
	})
	for i := range items {
		rows[i] = items[i].r
	}
}

// rankOf groups states: queued, talking, anything else. A call that just
// ended keeps its last state's place, so a selected call that ends stays
// where the person was looking.
func rankOf(r *row) int {
	switch {
	case r.state == api.StateQueued:
		return 0
	case r.state == api.StateTalking:
		return 1
	}
	return 2
}

// tallies are the header's counts, computed when the calls change so the
// header costs O(log n) per frame however many calls there are.
type tallies struct {
	calls, queued, talking int
	// enqueue times of queued calls and dequeue times of talking calls,
	// ascending: "longest wait" is the first, "over threshold" a search.
	queuedSince, talkingSince []time.Time
}

func tally(calls []api.ActiveCall) tallies {
	var t tallies
	t.calls = len(calls)
	for i := range calls {
		c := &calls[i]
		switch c.State() {
		case api.StateQueued:
			t.queued++
			if !c.EnqueueTime.IsZero() {
				t.queuedSince = append(t.queuedSince, c.EnqueueTime)
			}
		case api.StateTalking:
			t.talking++
			t.talkingSince = append(t.talkingSince, c.DequeueTime)
		}
	}
	slices.SortFunc(t.queuedSince, time.Time.Compare)
	slices.SortFunc(t.talkingSince, time.Time.Compare)
	return t
}

// longestWait is the wait of the oldest queued call.
func (t *tallies) longestWait(now time.Time) time.Duration {
	if len(t.queuedSince) == 0 {
		return 0
	}
	return now.Sub(t.queuedSince[0])
}

// talkingOver counts talking calls longer than limit at now.
func (t *tallies) talkingOver(limit time.Duration, now time.Time) int {
	cut := now.Add(-limit)
	return sort.Search(len(t.talkingSince), func(i int) bool { return !t.talkingSince[i].Before(cut) })
}
