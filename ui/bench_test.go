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

func benchModel(b *testing.B, n int) *Model {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	m := New(Config{Keys: DefaultKeyMap(), Theme: testTheme, AccountID: account, AccountName: "Northwind Care", Phone: myPhone, Now: func() time.Time { return now }, Client: nil})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 50})
	m.Update(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.AccountScope(account), Calls: syntheticCalls(n, now), FetchedAt: now,
		Diff: poller.Diff{Baseline: true}, Status: poller.Status{State: poller.StateLive}}})
	m.moveTo(n / 2)
	return m
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

// BenchmarkSnapshot is the per-refresh cost in Update: rows reused or
// rebuilt, tallies, filter and sort.
func BenchmarkSnapshot(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			// Each poll brings a new list; alternate two that differ in one
			// call, as consecutive refreshes usually do.
			a := slices.Clone(m.snap.Calls)
			c := slices.Clone(m.snap.Calls)
			c[n/3].AgentLastName = "Changed"
			lists := [2][]api.ActiveCall{a, c}
			b.ReportAllocs()
			seq := uint64(1)
			for b.Loop() {
				seq++
				m.Update(SnapshotMsg{poller.Snapshot{Seq: seq, Scope: poller.AccountScope(account), Calls: lists[seq%2], FetchedAt: m.now,
					Status: poller.Status{State: poller.StateLive}}})
			}
		})
	}
}
