package sim_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/callboard/callboard/sim"
)

// discard is a ResponseWriter that only counts, so the benchmark measures the server, not a recorder.
type discard struct {
	h      http.Header
	n      int
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }
func (d *discard) WriteHeader(s int)           { d.status = s }

// BenchmarkList10000 is one full refresh of a 10,000-call account: 20 pages of 500. Target: a few
// milliseconds of server CPU per op.
func BenchmarkList10000(b *testing.B) {
	e := newEnvRaw(b, sim.Config{Static: true, RateLimit: -1,
		Accounts: []sim.AccountSpec{{ID: care, Name: "Northwind Care", Calls: 10000}}})
	var reqs []*http.Request
	for page := range 20 {
		r := httptest.NewRequest("GET", fmt.Sprintf("%s%s/activeCalls/list?product=ACCOUNT&productId=%s&page=%d&maxRows=500", base, care, care, page), nil)
		r.Header.Set("X-Auth-Token", apiTok)
		reqs = append(reqs, r)
	}
	w := &discard{h: http.Header{}}
	for _, r := range reqs { // first listing fills the per-call JSON cache
		e.srv.ServeHTTP(w, r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.n = 0
		for _, r := range reqs {
			clear(w.h)
			e.srv.ServeHTTP(w, r)
			if w.status != http.StatusOK {
				b.Fatalf("status %d", w.status)
			}
		}
	}
	b.ReportMetric(float64(w.n), "bytes/refresh")
}
