package api

import (
	"strings"
	"testing"
)

// The agents feed is read every few seconds; at 1,000 agents its decoding
// (json v2, each lenient field reading itself from the decoder) must stay a
// small part of a refresh.
func BenchmarkDecodeAgents1000(b *testing.B) {
	body := []byte("[" + strings.TrimSuffix(strings.Repeat(agentRow+",", 1000), ",") + "]")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeAgents(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeQueues200(b *testing.B) {
	body := []byte("[" + strings.TrimSuffix(strings.Repeat(queueRow+",", 200), ",") + "]")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeQueues(body); err != nil {
			b.Fatal(err)
		}
	}
}
