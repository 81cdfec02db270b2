package api

import (
	"errors"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDecodeActiveCalls: whatever the server sends, DecodeActiveCalls
// decodes exactly what the reference decoding (encoding/json with the
// lenient wire types, referenceDecodeActiveCalls) decodes, and fails where
// it fails, with an ErrMalformedResponse; it never panics, and cleaning any
// decoded text leaves nothing a terminal would interpret.
func FuzzDecodeActiveCalls(f *testing.F) {
	f.Add([]byte(`[{"uii":"202005081040440132050000019657","accountId":"12440011","ani":"6501234567","dnis":"8661234567","enqueueTime":"2020-05-08T14:40:47.000+0000","dequeueTime":null,"callState":"ACTIVE","archive":false,"agentFirstName":"Paco","agentLastName":"Vu","destinationName":null,"externalId":null,"cnam":null}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"cnam":"\u001b]0;pwned\u0007","agentFirstName":"\u202e\u0000x","enqueueTime":{"millis":1}}]`))
	f.Add([]byte(`[{"uii":1,"archive":"true","dequeueTime":1588948907000}]`))
	f.Add([]byte(`[{"uii":"1"`))
	for _, seed := range leniencyCases {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		want, werr := referenceDecodeActiveCalls(body)
		calls, err := DecodeActiveCalls(body)
		if (err == nil) != (werr == nil) {
			t.Fatalf("decoder error %v, reference error %v", err, werr)
		}
		if err != nil {
			if !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("error does not say the answer was malformed: %v", err)
			}
			return
		}
		if calls == nil {
			t.Fatal("nil slice on success")
		}
		if len(calls) != len(want) {
			t.Fatalf("decoded %d calls, the reference %d", len(calls), len(want))
		}
		for i := range calls {
			if calls[i] != want[i] {
				t.Fatalf("call %d differs:\ngot  %#v\nwant %#v", i, calls[i], want[i])
			}
		}
		for _, c := range calls {
			for _, s := range []string{c.UII, c.CNAM, c.AgentFirstName, c.AgentLastName, c.DestinationName, c.ANI, c.CallState} {
				out := Clean(s, 64)
				for _, r := range out {
					if r == utf8.RuneError || unicode.IsControl(r) || isBidiControl(r) {
						t.Fatalf("Clean(%q) = %q still holds %U", s, out, r)
					}
				}
			}
		}
	})
}
