package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/poller"
)

// BenchmarkArrival is the first list of an account, or of a new scope:
// every row is built at once, which BenchmarkSnapshot (rows reused) never
// shows. It is where formatting each caller's number would cost most.
// The rebuild is counted with the Updates (pump), wherever it runs.
func BenchmarkArrival(b *testing.B) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			calls := syntheticCalls(n, now)
			b.ReportAllocs()
			for b.Loop() {
				m := New(Config{Keys: DefaultKeyMap(), Theme: testTheme, AccountID: account, Phone: myPhone, Now: func() time.Time { return now }})
				m.Update(tea.WindowSizeMsg{Width: 120, Height: 50})
				pump(m.Update(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: now,
					Diff: poller.Diff{Baseline: true}, Status: poller.Status{State: poller.StateLive}}}))
				_ = m.View()
			}
		})
	}
}
