package poller

import (
	"context"
	"fmt"
	"testing"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
)

// BenchmarkCycle measures one full refresh — every page fetched over
// loopback from the simulator, decoded, sorted and diffed against the
// previous list — at 1,000 and 10,000 calls. Target: ≤ 20 ms at 10,000
// (no simulated latency; the simulator's own CPU time is included). Each
// refresh expects the last one's count, so its pages are read concurrently;
// it must still cost exactly the list's pages (20 full and an empty one at
// 10,000), never a request more.
func BenchmarkCycle(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			s := simtest.Start(b, sim.Config{Seed: 1, RateLimit: -1,
				Accounts: []sim.AccountSpec{{ID: account, Name: "Bench", Calls: n, Agents: n + 100}}})
			p, err := New(simclient.New(b, s), AccountScope(account))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if r, _ := p.fetch(ctx, p.scope, 0); r.err != nil {
				b.Fatal(r.err)
			}
			if len(p.calls) != n {
				b.Fatalf("listed %d calls, want %d", len(p.calls), n)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if r, _ := p.fetch(ctx, p.scope, 0); r.err != nil {
					b.Fatal(r.err)
				}
			}
			if want := n/api.DefaultPageSize + 1; p.pages != want {
				b.Fatalf("a refresh made %d requests, want %d", p.pages, want)
			}
			b.ReportMetric(float64(p.pages), "pages")
		})
	}
}
