package ui

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// inFlight hands the board a snapshot of these calls without running the
// rebuild it starts: the build's command is returned, to run when the test
// says (the program would run it on another goroutine meanwhile).
func (b *board) inFlight(calls []api.ActiveCall) tea.Cmd {
	b.t.Helper()
	b.seq++
	b.last = calls
	_, cmd := b.m.Update(SnapshotMsg{poller.Snapshot{Seq: b.seq, Scope: poller.AccountScope(account), Calls: calls,
		FetchedAt: b.clock.Now(), Pages: 1, Status: b.liveStatus()}})
	builds := buildCmds(cmd)
	require.Len(b.t, builds, 1, "the snapshot starts one rebuild")
	return builds[0]
}

// without is the list less the call with that uii.
func without(calls []api.ActiveCall, uii string) []api.ActiveCall {
	return slices.DeleteFunc(slices.Clone(calls), func(c api.ActiveCall) bool { return c.UII == uii })
}

// ended reports whether the board shows the call as ended (its ghost).
func (b *board) ended(uii string) bool {
	r := b.m.row(uii)
	require.NotNil(b.t, r, "call %s is on the board", uii)
	return r.ended
}

func TestTheFirstListIsOnItsWayWhileBuilt(t *testing.T) {
	b := offLoopBoard(t)
	calls, _, err := b.client.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: account})
	require.NoError(t, err)
	build := b.inFlight(calls)
	assert.NotContains(t, b.screen(), "No active calls", "the calls are there, not yet drawn")
	assert.Contains(t, b.screen(), "Connecting to RingCX")
	b.send(build())
	assert.NotContains(t, b.screen(), "Connecting to RingCX")
	assert.Contains(t, b.screen(), shortUII(calls[0].UII))
}

func TestANewerSnapshotWinsOverTheBuildInFlight(t *testing.T) {
	b := offLoopBoard(t)
	b.refresh()
	calls := b.last
	two := b.answered(2)
	older, newer := without(calls, two[0]), without(calls, two[1])

	first := b.inFlight(older)
	_, cmd := b.m.Update(SnapshotMsg{poller.Snapshot{Seq: b.seq + 1, Scope: poller.AccountScope(account), Calls: newer,
		FetchedAt: b.clock.Now(), Pages: 1, Status: b.liveStatus()}})
	assert.Empty(t, buildCmds(cmd), "one build at a time: the newer snapshot waits for the one in flight")
	assert.False(t, b.ended(two[0]) || b.ended(two[1]), "nothing applied yet")

	// The older build finishes: its result is stale, dropped, and a build
	// of the newer snapshot starts.
	_, cmd = b.m.Update(first())
	again := buildCmds(cmd)
	require.Len(t, again, 1, "the newer snapshot is built")
	assert.False(t, b.ended(two[0]), "the older list's ended call was not shown ending")
	assert.False(t, b.ended(two[1]))

	b.send(again[0]())
	assert.True(t, b.ended(two[1]), "the newer list's ended call is a ghost")
	assert.False(t, b.ended(two[0]), "the call the older list lacked is live")
	assert.Contains(t, b.rowOf(two[1]), "ended")
	assert.Equal(t, len(calls)-1, b.m.tallies.calls, "the header counts the newer list")

	// A result delivered twice, or after it was superseded, changes nothing.
	before := slices.Clone(b.m.rows)
	b.send(again[0]())
	assert.Equal(t, before, b.m.rows)
}

func TestASortChangedDuringABuildIsHonoured(t *testing.T) {
	b := offLoopBoard(t)
	b.refresh()
	require.Equal(t, sortState, b.m.sortBy)
	gone := b.answered(1)[0]
	build := b.inFlight(without(b.last, gone))

	_, cmd := b.m.Update(keyMsg("s")) // state → talk, longest first
	assert.Empty(t, buildCmds(cmd), "the sort waits for the build in flight")
	require.Equal(t, sortTalk, b.m.sortBy)

	_, cmd = b.m.Update(build())
	again := buildCmds(cmd)
	require.Len(t, again, 1, "the stale result starts a build with the new sort")
	b.send(again[0]())

	assert.True(t, b.ended(gone), "the snapshot was taken in")
	want := slices.Clone(b.m.rows)
	sortRows(want, sortTalk, true, b.m.now)
	assert.Equal(t, want, b.m.rows, "ordered by talk time, longest first")
	byState := slices.Clone(b.m.rows)
	sortRows(byState, sortState, false, b.m.now)
	assert.NotEqual(t, byState, b.m.rows, "an order the state sort would not give")
}

func TestSelectionSurvivesABuildInFlight(t *testing.T) {
	b := offLoopBoard(t)
	b.refresh()
	uii := b.selectAnswered()
	build := b.inFlight(without(b.last, b.answered(2)[1]))

	// The person moves while the build runs: the build was told the old
	// selection, the board keeps the new one.
	b.m.Update(keyMsg("j"))
	moved := b.m.selected
	require.NotEqual(t, uii, moved)
	b.send(build())
	assert.Equal(t, moved, b.m.selected)
	assert.Contains(t, b.selectedLine(), shortUII(moved), "the cursor is on the call the person moved to")

	// Resorted and refreshed: the cursor follows the call.
	b.press("s", "S")
	assert.Equal(t, moved, b.m.selected)
	assert.Contains(t, b.selectedLine(), shortUII(moved))
	b.refresh()
	assert.Contains(t, b.selectedLine(), shortUII(moved))
}

// TestTheBuildRunsBesideTheLoop runs rebuilds on their own goroutines while
// Update takes keys, ticks, feeds and more snapshots, as the program does:
// under -race it fails if a build reads what the loop writes.
func TestTheBuildRunsBesideTheLoop(t *testing.T) {
	b := offLoopBoard(t)
	b.refresh()
	b.feeds()
	agents, queues := b.readFeeds()
	require.True(t, b.m.usernamesKnown(), "the agents feed joins calls")
	calls := b.last
	answered := b.answered(3)

	results := make(chan tea.Msg, 16)
	var wg sync.WaitGroup
	run := func(cmd tea.Cmd) {
		for _, c := range buildCmds(cmd) {
			wg.Add(1)
			go func() { defer wg.Done(); results <- c() }()
		}
	}
	msgs := []tea.Msg{
		keyMsg("j"), keyMsg("s"), tickMsg{at: b.clock.Now().Add(time.Second)},
		// No agent on any call: every joined row's username goes.
		AgentsMsg{poller.Rows[api.Agent]{Seq: 90, FetchedAt: b.clock.Now(), Status: b.liveStatus()}},
		keyMsg("/"), keyMsg("a"), keyMsg("enter"),
		QueuesMsg{poller.Rows[api.Queue]{Seq: 91, Rows: queues[1:], FetchedAt: b.clock.Now(), Status: b.liveStatus()}},
		AgentsMsg{poller.Rows[api.Agent]{Seq: 92, Rows: agents, FetchedAt: b.clock.Now(), Status: b.liveStatus()}},
		keyMsg("S"),
	}
	for i, msg := range msgs {
		b.seq++
		_, cmd := b.m.Update(SnapshotMsg{poller.Snapshot{Seq: b.seq, Scope: poller.AccountScope(account), Calls: without(calls, answered[i%3]),
			FetchedAt: b.clock.Now(), Pages: 1, Status: b.liveStatus()}})
		run(cmd)
		_, cmd = b.m.Update(msg)
		run(cmd)
		_ = b.m.View()
		if b.m.building { // one result back per step: the next build runs beside the next step
			_, cmd = b.m.Update(<-results)
			run(cmd)
		}
	}
	// Deliver results until none is outstanding.
	for b.m.building {
		_, cmd := b.m.Update(<-results)
		run(cmd)
	}
	wg.Wait()
	assert.True(t, b.ended(answered[(len(msgs)-1)%3]), "the last snapshot is shown")
	want := slices.Clone(b.m.rows)
	sortRows(want, b.m.sortBy, b.m.sortDesc, b.m.now)
	assert.Equal(t, want, b.m.rows, "in the last sort asked for")
	for _, r := range b.m.rows {
		assert.True(t, r.matches(filterWords("a", api.PhoneParser{})), "filtered by the last filter")
	}
}
