package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

// screenLine is line i of the screen, without escapes.
func (b *board) screenLine(i int) string { return ansi.Strip(strings.Split(b.screen(), "\n")[i]) }

func TestARefusedFeedSaysSoInTheViewAndStopsItsTimes(t *testing.T) {
	b := newBoard(t)
	_, queues := b.readFeeds()
	b.sim.AddCall(account, sim.CallSpec{ANI: "+14155550100", Queue: queues[0].Name, Queued: true})
	b.clock.Advance(time.Minute)
	b.refresh()
	agents, queues := b.feeds()
	read := b.clock.Now()
	refused := poller.Status{State: poller.StateFailed, Reason: poller.ReasonPermission, Err: api.ErrForbidden}
	b.clock.Advance(10 * time.Second)
	b.send(AgentsMsg{poller.Rows[api.Agent]{Seq: 90, Rows: agents, FetchedAt: read, Status: refused}})
	b.send(QueuesMsg{poller.Rows[api.Queue]{Seq: 91, Rows: queues, FetchedAt: read, Status: refused}})
	later := read.Add(5 * time.Minute)
	b.send(tickMsg{at: later})

	b.press("2")
	require.Contains(t, b.screenLine(1), "agents list refused (no reporting rights)", "the view says it, not only the message line")
	require.Contains(t, b.screenLine(1), "times stopped")
	var a api.Agent
	for _, c := range agents {
		if !c.LoggedOut && agentKey(&agentRow{a: c}) != b.m.agentsGrid.selected {
			a = c
			break
		}
	}
	line := rowLine(b, b.m.agentsGrid, agentKey(&agentRow{a: a}))
	require.Contains(t, ansi.Strip(line), clock(a.InState(read)), "the time in state as read")
	text, _ := b.m.agentInStateCell(b.m.agentsGrid.find(agentKey(&agentRow{a: a})))
	require.Equal(t, clock(a.InState(read)), text, "not ticking on as if the state held")
	require.True(t, strings.HasPrefix(line, b.m.paints.StaleRows.pre), "the old rows are dimmed")

	b.press("3")
	require.Contains(t, b.screenLine(1), "queues list refused (no reporting rights)")
	for _, q := range queues {
		if d := q.LongestWait(read); d > 0 {
			r := newQueueRow(q)
			text, _ := b.m.queueLongestCell(&r)
			require.Equal(t, clock(d), text, "the longest wait as read")
			return
		}
	}
	t.Fatal("no queue has a caller waiting")
}

func TestTheAgentsViewSaysWhenItsCallsAreOldOrItsFeedStopped(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	agents, _ := b.feeds()
	a := agentOnListedCall(t, b, agents)
	b.press("2")
	r := b.m.agentsGrid.find(agentKey(&agentRow{a: a}))
	_, p := b.m.agentTalkCell(r)
	require.Nil(t, p, "a live calls list: TALK as it is")
	require.NotContains(t, b.screenLine(1), "CALL, TALK")

	b.clock.Advance(30 * time.Second)
	s := b.m.snap
	s.Seq++
	s.Status = poller.Status{State: poller.StateStale, Err: api.ErrTimeout, NextTry: b.clock.Now().Add(5 * time.Second)}
	b.send(SnapshotMsg{s})
	b.sendAgents(agents, b.liveStatus()) // the agents feed refreshed meanwhile
	b.send(tickMsg{at: b.clock.Now()})
	r = b.m.agentsGrid.find(agentKey(&agentRow{a: a}))
	require.Contains(t, b.screenLine(1), "CALL, TALK: call list as of 30s ago", "the agents feed is live, its calls are not")
	_, p = b.m.agentTalkCell(r)
	require.Same(t, &b.m.paints.StaleRows, p, "TALK dimmed")
	_, p = b.m.agentCallCell(r)
	require.Same(t, &b.m.paints.StaleRows, p, "CALL dimmed")

	require.Contains(t, b.screenLine(0), "LIVE")
	b.send(FeedStoppedMsg{View: ViewAgents})
	require.Contains(t, b.screenLine(0), "refreshing stopped", "no LIVE once the feed stopped")
	require.Contains(t, b.screenLine(1), "agents list refreshing stopped")
}
