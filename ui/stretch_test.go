package ui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

func TestEveryFeedsStretchIsWordedForTheViewOnScreen(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	agents, queues := b.feeds()
	stretched := func(every time.Duration) poller.Status {
		return poller.Status{State: poller.StateLive, Interval: every, Stretched: true, NextTry: b.clock.Now().Add(every)}
	}
	st := stretched(8 * time.Second)
	b.send(SnapshotMsg{poller.Snapshot{Seq: 50, Scope: poller.AccountScope(account), Calls: b.last, FetchedAt: b.clock.Now(), Status: st}})
	n := len(b.last)
	require.Contains(t, b.flat(), itoa(n)+" calls: refreshing every 8 s to stay within the API limit")

	b.send(AgentsMsg{poller.Rows[api.Agent]{Seq: 51, Rows: agents, FetchedAt: b.clock.Now(), Status: stretched(20 * time.Second)}})
	b.send(QueuesMsg{poller.Rows[api.Queue]{Seq: 52, Rows: queues, FetchedAt: b.clock.Now(), Status: stretched(30 * time.Second)}})
	b.press("2")
	require.Contains(t, b.flat(), "agents list: refreshing every 20 s to stay within the API limit")
	b.press("3")
	require.Contains(t, b.flat(), "queues list: refreshing every 30 s to stay within the API limit")
	require.NotContains(t, b.flat(), "every 20 s to stay", "only the view on screen's")

	b.send(QueuesMsg{poller.Rows[api.Queue]{Seq: 53, Rows: queues, FetchedAt: b.clock.Now(), Status: b.liveStatus()}})
	require.NotContains(t, b.flat(), "to stay within the API limit", "not stretched: nothing said")
}

func TestThousandsGroupsDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 2400: "2,400", 1234567: "1,234,567", -2400: "-2,400"} {
		require.Equal(t, want, thousands(n))
	}
}
