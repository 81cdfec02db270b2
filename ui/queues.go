package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
)

// queueRow is one queue of the Queues view (realTimeData/inbound), its
// text cleaned once per list.
type queueRow struct {
	q                  api.Queue
	name, group, state string
}

func newQueueRow(q api.Queue) queueRow {
	r := queueRow{q: q, name: clean(q.Name), group: clean(q.GroupName), state: clean(strings.ToLower(q.State))}
	if open, known := q.Open(); known {
		r.state = map[bool]string{true: "open", false: "closed"}[open]
	}
	return r
}

// queueKey is a queue's key across refreshes: its gate id, else its name.
func queueKey(r *queueRow) string {
	if r.q.GateID != "" {
		return r.q.GateID
	}
	return "name:" + r.q.Name
}

// The Queues view's columns, in order.
const (
	quName = iota
	quGroup
	quState
	quWaiting
	quLongest
	quTalking
	quRinging
	quStaffed
	quFree
	quOffered
	quAnswered
	quAbandoned
	quSL
	quAvgWait
)

// newQueuesGrid is the Queues view's table, sorted by callers waiting and
// then the longest wait, most first.
func newQueuesGrid(m *Model) *grid[queueRow] {
	text, byText, byCount := textCell[queueRow], textKey[queueRow], countKey[queueRow]
	count := func(f func(r *queueRow) int) func(r *queueRow) (string, *paint) {
		return func(r *queueRow) (string, *paint) { return strconv.Itoa(f(r)), nil }
	}
	// Waiting and free are alerts while callers wait with nobody free.
	nobodyFree := func(f func(r *queueRow) int) func(r *queueRow) (string, *paint) {
		return func(r *queueRow) (string, *paint) {
			if r.q.NobodyAvailable() {
				return strconv.Itoa(f(r)), &m.paints.Alert
			}
			return strconv.Itoa(f(r)), nil
		}
	}
	name := func(r *queueRow) string { return r.name }
	group := func(r *queueRow) string { return r.group }
	state := func(r *queueRow) string { return r.state }
	waiting := func(r *queueRow) int { return r.q.InQueue }
	talking := func(r *queueRow) int { return r.q.Active }
	ringing := func(r *queueRow) int { return r.q.Routing }
	staffed := func(r *queueRow) int { return r.q.Staffed }
	free := func(r *queueRow) int { return r.q.Available }
	offered := func(r *queueRow) int { return r.q.Presented }
	answered := func(r *queueRow) int { return r.q.Accepted }
	abandoned := func(r *queueRow) int { return r.q.Abandoned }
	cols := []gridCol[queueRow]{
		quName:      {title: "QUEUE", min: 10, flex: 3, max: 28, cell: text(name), key: byText(name)},
		quGroup:     {title: "GROUP", min: 8, flex: 1, max: 18, drop: 3, cell: text(group), key: byText(group)},
		quState:     {title: "STATE", min: 6, drop: 6, cell: text(state), key: byText(state)},
		quWaiting:   {title: "WAITING", min: 7, right: true, cell: nobodyFree(waiting), key: m.queueWaitingKey, desc: true},
		quLongest:   {title: "LONGEST", min: 7, right: true, cell: m.queueLongestCell, key: m.queueLongestKey, desc: true},
		quTalking:   {title: "TALKING", min: 7, right: true, drop: 4, cell: count(talking), key: byCount(talking), desc: true},
		quRinging:   {title: "RINGING", min: 7, right: true, drop: 1, cell: count(ringing), key: byCount(ringing), desc: true},
		quStaffed:   {title: "STAFFED", min: 7, right: true, drop: 5, cell: count(staffed), key: byCount(staffed), desc: true},
		quFree:      {title: "FREE", min: 4, right: true, cell: nobodyFree(free), key: byCount(free), desc: true},
		quOffered:   {title: "OFFERED", min: 7, right: true, drop: 2, cell: count(offered), key: byCount(offered), desc: true},
		quAnswered:  {title: "ANSWERED", min: 8, right: true, drop: 8, cell: count(answered), key: byCount(answered), desc: true},
		quAbandoned: {title: "ABANDONED", min: 9, right: true, drop: 9, cell: count(abandoned), key: byCount(abandoned), desc: true},
		quSL:        {title: "SL TODAY", min: 8, right: true, drop: 10, cell: m.queueSLCell, key: queueSLKey},
		quAvgWait:   {title: "AVG WAIT", min: 8, right: true, drop: 7, cell: queueAvgWaitCell, key: queueAvgWaitKey, desc: true},
	}
	g := newGrid(&m.keys, cols, quWaiting, queueKey, func(r *queueRow) string {
		return r.name + "\x00" + r.group + "\x00" + r.state
	})
	g.flag = m.queueFlag
	return g
}

// queueFlag marks a queue with callers waiting and nobody free, or a
// longest wait over QueueWait: nobody free worst, then the longest wait.
func (m *Model) queueFlag(r *queueRow) (int64, bool) {
	d := r.q.LongestWait(m.queuesNow())
	switch {
	case r.q.NobodyAvailable():
		return 1<<50 + min(d.Milliseconds(), 1<<49), true
	case d > m.cfg.Thresholds.QueueWait:
		return d.Milliseconds(), true
	}
	return 0, false
}

// queueWaitingKey orders by callers waiting, then by the longest wait.
func (m *Model) queueWaitingKey(r *queueRow) (int64, string) {
	return int64(r.q.InQueue)<<40 + min(r.q.LongestWait(m.queuesNow()).Milliseconds(), 1<<39), ""
}

// queueLongestCell is the longest wait, ticking between polls, past
// QueueWait highlighted.
func (m *Model) queueLongestCell(r *queueRow) (string, *paint) {
	d := r.q.LongestWait(m.queuesNow())
	switch {
	case d <= 0:
		return "–", nil
	case d > m.cfg.Thresholds.QueueWait:
		return clock(d), &m.paints.Warn
	}
	return clock(d), nil
}

func (m *Model) queueLongestKey(r *queueRow) (int64, string) {
	return r.q.LongestWait(m.queuesNow()).Milliseconds(), ""
}

// queueSLCell is today's service level, under the target highlighted.
func (m *Model) queueSLCell(r *queueRow) (string, *paint) {
	sl, ok := r.q.ServiceLevel()
	switch {
	case !ok:
		return "–", nil
	case sl < m.cfg.Thresholds.ServiceLevel:
		return percent(sl), &m.paints.Warn
	}
	return percent(sl), nil
}

// percent shows a share as a whole percent, rounded down: a level under
// its target never reads as the target (79.53% is "79%", not a flagged
// "80%"). The small epsilon keeps 0.8 at 80 despite binary fractions.
func percent(f float64) string { return strconv.Itoa(int(math.Floor(f*100+1e-9))) + "%" }

// queueSLKey sorts queues without a service level yet after the lowest.
func queueSLKey(r *queueRow) (int64, string) {
	if sl, ok := r.q.ServiceLevel(); ok {
		return int64(sl * 10000), ""
	}
	return 1 << 40, ""
}

func queueAvgWaitCell(r *queueRow) (string, *paint) {
	if d, ok := r.q.AverageWait(); ok {
		return clock(d), nil
	}
	return "–", nil
}

func queueAvgWaitKey(r *queueRow) (int64, string) {
	if d, ok := r.q.AverageWait(); ok {
		return d.Milliseconds(), ""
	}
	return -1, ""
}

// queueTallies are the Queues view's header counts.
type queueTallies struct{ queues, waiting, nobodyFree, closed int }

func (m *Model) tallyQueues() queueTallies {
	var t queueTallies
	for _, q := range m.queues.Rows {
		t.queues++
		t.waiting += max(0, q.InQueue)
		if q.NobodyAvailable() {
			t.nobodyFree++
		}
		if open, known := q.Open(); known && !open {
			t.closed++
		}
	}
	return t
}

// queuesSummary is the Queues view's second header line.
func (m *Model) queuesSummary() string {
	th := &m.theme
	t := m.queueTallies
	parts := []string{th.Count.Render(thousands(t.queues)) + " " + plural(t.queues, "queue", "queues")}
	if m.filter.Value() != "" {
		parts[0] = th.Warn.Render("showing "+thousands(len(m.queuesGrid.rows))+" of "+thousands(t.queues)) + " queues"
	}
	parts = append(parts, th.Count.Render(thousands(t.waiting))+" waiting")
	longest := time.Duration(0)
	for _, q := range m.queues.Rows {
		longest = max(longest, q.LongestWait(m.queuesNow()))
	}
	if longest > 0 {
		s := "longest wait " + clock(longest)
		if longest > m.cfg.Thresholds.QueueWait {
			s = th.Warn.Render(s)
		}
		parts = append(parts, s)
	}
	if t.nobodyFree > 0 {
		parts = append(parts, m.paints.Alert.render(fmt.Sprintf("%s %s with nobody free", thousands(t.nobodyFree), plural(t.nobodyFree, "queue", "queues"))))
	}
	if t.closed > 0 {
		parts = append(parts, thousands(t.closed)+" closed")
	}
	return " " + strings.Join(parts, "   ")
}

// showQueueCalls switches to the Calls view filtered to the selected
// queue's calls: a queue term (rows.go), matched on the queue's exact
// name, not a text search. A queue RingCX lists without a name is refused:
// the call list names queues only by name.
func (m *Model) showQueueCalls() {
	r := m.queuesGrid.current()
	switch {
	case r == nil:
		m.say(info("no queue selected"))
		return
	case r.name == "":
		m.say(info("this queue has no name in RingCX's list, and the calls list knows queues only by name: its calls cannot be picked out"))
		return
	}
	m.switchTo(ViewCalls)
	m.filter.SetValue(queueTerm(r.name))
	m.refilter()
	m.say(info("calls in queue " + r.name + " (that queue only) — " + m.keys.Cancel.Help().Key + " clears the filter"))
}
