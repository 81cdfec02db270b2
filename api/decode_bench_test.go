package api

import (
	"fmt"
	"strings"
	"testing"
)

// syntheticList is n calls shaped like a live answer. escaped writes the
// agent's last name and the caller name with JSON escapes (\u00f1, \u00e9,
// \"), which RingCX sends for accented names and quoted caller ids; plain
// writes the same kind of text as raw UTF-8 without escapes.
func syntheticList(n int, escaped bool) []byte {
	last, cnam := "Nuñez", "ACME WIRE"
	if escaped {
		last, cnam = `Nu\u00f1ez`, `ACME \"WIRE\" Caf\u00e9`
	}
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"uii":"2026112512000001320500%08d","accountId":"12440011","ani":"415555%04d","dnis":"8661234567","dnisE164":"+18661234567","enqueueTime":"2026-11-25T12:00:%02d.000+0000","dequeueTime":"2026-11-25T12:01:%02d.000+0000","callState":"ACTIVE","archive":false,"agentFirstName":"Marta","agentLastName":"%s","destinationName":"Escalations","externalId":null,"cnam":"%s"}`, i, i%10000, i%60, i%60, last, cnam)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// BenchmarkDecodeActiveCalls is the decode share of a poll cycle (the
// poller's target at 10,000 calls is ≤ 20 ms for fetch+decode+diff), for a
// list without escapes and one whose names carry them: the two must cost
// about the same (issue 13: within 1.3× of each other).
func BenchmarkDecodeActiveCalls(b *testing.B) {
	for _, kind := range []string{"plain", "escaped"} {
		for _, n := range []int{1000, 10000} {
			body := syntheticList(n, kind == "escaped")
			b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := DecodeActiveCalls(body); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
