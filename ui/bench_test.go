package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

var benchNames = []string{"Marta Nuñez", "陳 大文", "Lars Øberg", "أحمد منصور", "Zoë Brontë", "Tom Lee"}

func syntheticCalls(n int, now time.Time) []api.ActiveCall {
	calls := make([]api.ActiveCall, n)
	for i := range calls {
		enq := now.Add(-time.Duration(i%3600) * time.Second)
		c := api.ActiveCall{
			UII: fmt.Sprintf("20261125090000%016d", i), AccountID: account, ANI: fmt.Sprintf("415555%04d", i%10000),
			DNIS: "8661234567", EnqueueTime: enq, CallState: "ACTIVE", CNAM: "ACME WIRE", DestinationName: "Escalations",
		}
		if i%7 != 0 {
			c.DequeueTime = enq.Add(20 * time.Second)
			name := benchNames[i%len(benchNames)]
			c.AgentFirstName, c.AgentLastName = name, ""
		}
		calls[i] = c
	}
	return calls
}

func benchModel(b testing.TB, n int) *Model {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	m := New(Config{Keys: DefaultKeyMap(), Theme: testTheme, AccountID: account, AccountName: "Northwind Care", Phone: myPhone, Now: func() time.Time { return now }, Client: nil})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 50})
	pump(m.Update(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.AccountScope(account), Calls: syntheticCalls(n, now), FetchedAt: now,
		Diff: poller.Diff{Baseline: true}, Status: poller.Status{State: poller.StateLive}}}))
	m.moveTo(n / 2)
	return m
}

// pump runs the rebuilds an Update started (offloop.go) and delivers
// their results, as the program would.
func pump(tm tea.Model, cmd tea.Cmd) {
	for _, c := range buildCmds(cmd) {
		pump(tm.Update(c()))
	}
}

// BenchmarkView draws the whole 120×50 board. Target: ≤ 1 ms at 10,000
// calls and nearly flat in the number of calls (only visible rows drawn).
func BenchmarkView(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// refreshes are two lists of n calls that differ in one call, as
// consecutive polls usually do, and the snapshot of the i-th refresh.
type refreshes [2][]api.ActiveCall

func newRefreshes(m *Model, n int) refreshes {
	a := slices.Clone(m.snap.Calls)
	c := slices.Clone(m.snap.Calls)
	c[n/3].AgentLastName = "Changed"
	return refreshes{a, c}
}

func (r refreshes) msg(m *Model, seq uint64) SnapshotMsg {
	return SnapshotMsg{poller.Snapshot{Seq: seq, Scope: poller.AccountScope(account), Calls: r[seq%2], FetchedAt: m.now,
		Status: poller.Status{State: poller.StateLive}}}
}

// benchRefreshes runs body at 1,000, 10,000 and 100,000 calls; next is
// the snapshot of the next refresh.
func benchRefreshes(b *testing.B, body func(b *testing.B, m *Model, next func() SnapshotMsg)) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			lists := newRefreshes(m, n)
			seq := uint64(1)
			b.ReportAllocs()
			body(b, m, func() SnapshotMsg { seq++; return lists.msg(m, seq) })
		})
	}
}

// BenchmarkSnapshot is the per-refresh cost on the Update loop — what
// keeps keys waiting: the snapshot's message, and the message that swaps
// the rebuilt table in. The rebuild between them runs off the loop from
// syncBelow calls up and is not counted here (BenchmarkSnapshotBuild);
// below that it runs inside the first Update and is. max-update-ns is the
// longest single Update seen. Target: ≤ 16 ms at 100,000 calls.
func BenchmarkSnapshot(b *testing.B) {
	benchRefreshes(b, func(b *testing.B, m *Model, next func() SnapshotMsg) {
		var longest time.Duration
		for b.Loop() {
			updateTimed(b, m, next(), &longest)
		}
		b.ReportMetric(float64(longest.Nanoseconds()), "max-update-ns")
	})
}

// BenchmarkSnapshotBuild is the off-loop half of a refresh: the rebuild
// of the calls table (rows reused or rebuilt, ghosts, join, tallies, sort,
// filter) that a command runs while Update goes on answering keys.
func BenchmarkSnapshotBuild(b *testing.B) {
	benchRefreshes(b, func(b *testing.B, m *Model, next func() SnapshotMsg) {
		for b.Loop() {
			b.StopTimer()
			s := next().Snapshot
			m.snap, m.pend.snap = s, &s
			job := m.newBuildJob()
			b.StartTimer()
			built := job.run()
			b.StopTimer()
			m.applyBuilt(built)
			b.StartTimer()
		}
	})
}

// BenchmarkResort is a sort key pressed at n calls: the Update that takes
// it (and applies its result), and, off the loop from syncBelow calls up,
// the rebuild (not counted; BenchmarkSnapshotBuild shows its scale).
func BenchmarkResort(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			b.ReportAllocs()
			var longest time.Duration
			for b.Loop() {
				updateTimed(b, m, keyMsg("s"), &longest)
			}
			b.ReportMetric(float64(longest.Nanoseconds()), "max-update-ns")
		})
	}
}

// updateTimed delivers msg, runs the rebuilds it starts with the timer
// stopped (they run off the loop) and delivers their results; longest
// keeps the longest single Update.
func updateTimed(b *testing.B, m *Model, msg tea.Msg, longest *time.Duration) {
	start := time.Now()
	_, cmd := m.Update(msg)
	*longest = max(*longest, time.Since(start))
	for _, c := range buildCmds(cmd) {
		b.StopTimer()
		done := c()
		b.StartTimer()
		updateTimed(b, m, done, longest)
	}
}
