package ui

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

func TestAScopedBoardSaysItsAgentsAndQueuesAreAccountWide(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	_, queues := b.feeds()
	// The board watches one ACD product: the calls list holds none of the
	// first queue's calls.
	out := queues[0]
	var scoped []api.ActiveCall
	for _, c := range b.last {
		if r := b.m.row(c.UII); r == nil || r.queue != clean(out.Name) {
			scoped = append(scoped, c)
		}
	}
	require.Less(t, len(scoped), len(b.last), "the queue has calls account-wide")
	b.seq++
	b.send(SnapshotMsg{poller.Snapshot{Seq: b.seq, Scope: poller.Scope{Product: api.ProductACD, ProductID: "10401"}, Calls: scoped,
		FetchedAt: b.clock.Now(), Pages: 1, Diff: poller.Diff{Baseline: true}, Status: b.liveStatus()}})

	b.press("3")
	require.Contains(t, b.screenLine(1), "account-wide (calls: ACD 10401)")
	b.press("2")
	require.Contains(t, b.screenLine(1), "account-wide (calls: ACD 10401)")
	b.press("3")
	b.selectQueue(queueKey(&queueRow{q: out}))
	b.press("enter")
	require.Equal(t, ViewCalls, b.m.view)
	require.Contains(t, b.m.toast.text, clean(out.Name)+" has no calls in this board's scope (ACD 10401)")

	// An account-wide board says nothing of the kind.
	b.refresh()
	b.press("3")
	require.NotContains(t, b.screenLine(1), "account-wide")
}
