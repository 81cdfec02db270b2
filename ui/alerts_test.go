package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

// nobodyQueues leaves two or more queues with a caller waiting and nobody
// free (the free agents logged out), and returns those agents.
func nobodyQueues(b *board, queues []api.Queue) []string {
	b.t.Helper()
	gone := logIn(b, false, b.freeAgents())
	require.NotEmpty(b.t, gone)
	for _, q := range queues[:2] {
		b.sim.AddCall(account, sim.CallSpec{ANI: "+14155550100", Queue: q.Name, Queued: true})
	}
	b.clock.Advance(time.Second)
	b.refresh()
	return gone
}

// messagesWith counts the messages pane's messages holding text.
func (b *board) messagesWith(text string) int {
	n := 0
	for _, m := range b.m.messages {
		if strings.Contains(m.text, text) {
			n++
		}
	}
	return n
}

func TestAlertsHaveTheirOwnLineGroupedAndGoneWhenCleared(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	_, queues := b.feeds()
	b.selectAnswered()
	b.press("m")
	result := b.m.toast.text
	require.Contains(t, result, "✓", "an action's result is on the toast line")

	gone := nobodyQueues(b, queues)
	_, queues = b.feeds()
	crossing := 0
	for _, q := range queues {
		if q.NobodyAvailable() {
			crossing++
		}
	}
	require.GreaterOrEqual(t, crossing, 2)
	require.Equal(t, result, b.m.toast.text, "an alert does not push the action's result off its line")
	require.Equal(t, crossing, b.messagesWith("nobody available"), "the messages pane keeps each alert")
	lines := strings.Split(b.screen(), "\n")
	require.Contains(t, lines[3], itoa(crossing)+" queues with callers waiting and nobody available",
		"a burst is one line of its own, under the tab line")
	require.Contains(t, b.screen(), "✓", "and the result stays on screen")

	logIn(b, true, gone)
	b.clock.Advance(time.Second)
	b.feeds()
	require.Zero(t, b.m.bannerLines(), "the alert line goes when nothing is crossed any more")
	require.NotContains(t, b.screen(), "nobody available")
}

func TestAlertsAreNotToldFromStaleRefusedOrPausedFeeds(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.Bell = true }))
	b.refresh()
	_, queues := b.feeds()
	nobodyQueues(b, queues)
	agents, queues := b.readFeeds()

	for _, st := range []poller.Status{
		{State: poller.StateStale, Err: api.ErrTimeout},
		{State: poller.StateFailed, Reason: poller.ReasonPermission, Err: api.ErrForbidden},
	} {
		b.sendQueues(queues, st)
		b.sendAgents(agents, st)
		// The rows' times go on counting: an hour on, every wait and
		// pending disposition would be over its threshold.
		b.send(tickMsg{at: b.m.now.Add(time.Hour)})
		require.True(t, b.m.alerts.rang.IsZero(), "no bell from %s rows", st.State)
		require.Zero(t, b.messagesWith("nobody available")+b.messagesWith("waited")+b.messagesWith("pending for"), "nothing told from %s rows", st.State)
		require.Zero(t, b.m.bannerLines())
	}

	// Paused: the rows held are not judged either. (The feeds read
	// again now, an hour on: rows an hour old would be overdue.)
	b.clock.Advance(b.m.now.Sub(b.clock.Now()))
	b.press("p")
	b.sendQueues(queues, b.liveStatus())
	b.send(tickMsg{at: b.m.now.Add(time.Second)})
	require.Zero(t, b.messagesWith("nobody available"))
	b.press("p")
	told := b.messagesWith("nobody available")
	require.Positive(t, told, "resumed: the live rows are judged")

	// Told while live, then stale and live again with the crossing still
	// there: not told again.
	b.sendQueues(queues, poller.Status{State: poller.StateStale, Err: api.ErrTimeout})
	b.send(tickMsg{at: b.m.now.Add(time.Second)})
	require.Zero(t, b.m.bannerLines(), "a stale feed's crossings are not on the alert line")
	b.sendQueues(queues, b.liveStatus())
	require.Equal(t, told, b.messagesWith("nobody available"), "a crossing that lasted through the outage is not re-told")
	require.Positive(t, b.m.bannerLines())
}

// A feed the poller still calls live but that has not refreshed for far
// longer than its interval allows is overdue (the board says STALE): its
// rows' times go on counting from when they were read, so its crossings are
// neither told nor kept on the alert line, as for a stale feed.
func TestAlertsAreNotToldFromOverdueFeeds(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.Bell = true }))
	b.refresh()
	_, queues := b.feeds()
	nobodyQueues(b, queues)
	agents, queues := b.readFeeds()
	b.sendQueues(queues, b.liveStatus())
	b.sendAgents(agents, b.liveStatus())
	require.Positive(t, b.m.bannerLines(), "a live feed's crossings are on the alert line")
	require.Zero(t, b.messagesWith("waited"), "no wait is over its threshold yet")
	rang := b.m.alerts.rang

	// No refresh for an hour: every queued caller's wait, counted from
	// rows read an hour ago, would be over the threshold.
	b.send(tickMsg{at: b.m.now.Add(time.Hour)})
	require.True(t, b.m.queues.Overdue(b.m.now) && b.m.agents.Overdue(b.m.now), "the feeds are overdue")
	require.Equal(t, poller.StateLive, b.m.queues.Status.State, "the poller said nothing")
	require.Zero(t, b.messagesWith("waited")+b.messagesWith("pending for"), "nothing told from overdue rows")
	require.Equal(t, rang, b.m.alerts.rang, "no bell from overdue rows")
	require.Zero(t, b.m.bannerLines(), "an overdue feed's crossings are not on the alert line")
}

func TestTheBellRingsAtMostOncePerInterval(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.Bell = true }))
	b.refresh()
	_, queues := b.feeds()
	nobodyQueues(b, queues)
	_, queues = b.readFeeds()
	crossed := func(q api.Queue) bool { return q.NobodyAvailable() }
	var one, other []api.Queue
	for _, q := range queues {
		if crossed(q) && len(one) == 0 {
			one = append(one, q)
		} else if crossed(q) && len(other) == 0 {
			other = append(other, q)
		}
	}
	require.NotEmpty(t, other)
	at := b.m.now
	live := b.liveStatus()
	_, cmd := b.m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 1, Rows: one, FetchedAt: at, Status: live}})
	require.Equal(t, bell, runBell(cmd), "a new crossing rings")
	_, cmd = b.m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 2, Rows: append(one, other...), FetchedAt: at, Status: live}})
	require.Nil(t, runBell(cmd), "another within bellEvery is told without a bell")
	require.Equal(t, 2, b.messagesWith("nobody available"))
	b.send(QueuesMsg{poller.Rows[api.Queue]{Seq: 3, Rows: one, FetchedAt: at, Status: live}})
	b.send(tickMsg{at: at.Add(bellEvery)})
	_, cmd = b.m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 4, Rows: append(one, other...), FetchedAt: at, Status: live}})
	require.Equal(t, bell, runBell(cmd), "after bellEvery a new crossing rings again")
}

// runBell runs a command and returns the bell it writes, if any (a batch's
// commands are run in turn).
func runBell(cmd tea.Cmd) any {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.RawMsg:
		return msg.Msg
	case tea.BatchMsg:
		for _, c := range msg {
			if r := runBell(c); r != nil {
				return r
			}
		}
	}
	return nil
}

// Checking on every tick with nothing crossed allocates nothing: a board
// with thousands of agents checks once a second all shift.
func TestCheckingAlertsWithNothingCrossedAllocatesNothing(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.feeds()
	b.m.checkAlerts()
	require.Zero(t, b.m.bannerLines(), "the simulator's floor crosses nothing at the default thresholds")
	require.Zero(t, testing.AllocsPerRun(20, func() { b.m.checkAlerts() }))
}

// One crossing is worded on the alert line and kept in the messages pane:
// the queue's name, its longest wait and the threshold.
func TestAQueueWaitPastItsThresholdIsWorded(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.QueueWait = time.Minute }))
	b.refresh()
	b.sendQueues([]api.Queue{{GateID: "7", Name: "Escalations", InQueue: 1, Staffed: 3, Available: 2,
		LongestInQueue: 3 * time.Minute, AsOf: b.clock.Now()}}, b.liveStatus())
	const want = "Escalations: a caller has waited 3:00 (over 1:00)"
	require.Equal(t, 1, b.messagesWith(want))
	require.Equal(t, []string{want}, b.m.alerts.banner)
	b.send(tickMsg{at: b.m.now.Add(2 * time.Second)})
	require.Equal(t, []string{"Escalations: a caller has waited 3:02 (over 1:00)"}, b.m.alerts.banner, "the line's clock ticks")
	require.Equal(t, 1, b.messagesWith("a caller has waited"), "told once")
}
