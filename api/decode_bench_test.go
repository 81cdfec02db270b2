package api

import (
	"fmt"
	"strings"
	"testing"
)

func syntheticList(n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"uii":"2026112512000001320500%08d","accountId":"12440011","ani":"415555%04d","dnis":"8661234567","dnisE164":"+18661234567","enqueueTime":"2026-11-25T12:00:%02d.000+0000","dequeueTime":"2026-11-25T12:01:%02d.000+0000","callState":"ACTIVE","archive":false,"agentFirstName":"Marta","agentLastName":"Nuñez","destinationName":"Escalations","externalId":null,"cnam":"ACME WIRE"}`, i, i%10000, i%60, i%60)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// BenchmarkDecodeActiveCalls10000 is the decode share of a poll cycle at
// 10,000 calls (the poller's target is ≤ 20 ms for fetch+decode+diff).
func BenchmarkDecodeActiveCalls10000(b *testing.B) {
	body := syntheticList(10000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeActiveCalls(body); err != nil {
			b.Fatal(err)
		}
	}
}
