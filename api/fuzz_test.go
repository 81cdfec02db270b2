package api

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDecodeActiveCalls: whatever the server sends, decoding returns calls
// or an ErrMalformedResponse — never a panic — and cleaning any decoded text
// leaves nothing a terminal would interpret.
func FuzzDecodeActiveCalls(f *testing.F) {
	f.Add([]byte(`[{"uii":"202005081040440132050000019657","accountId":"12440011","ani":"6501234567","dnis":"8661234567","enqueueTime":"2020-05-08T14:40:47.000+0000","dequeueTime":null,"callState":"ACTIVE","archive":false,"agentFirstName":"Paco","agentLastName":"Vu","destinationName":null,"externalId":null,"cnam":null}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"cnam":"\u001b]0;pwned\u0007","agentFirstName":"\u202e\u0000x","enqueueTime":{"millis":1}}]`))
	f.Add([]byte(`[{"uii":1,"archive":"true","dequeueTime":1588948907000}]`))
	f.Add([]byte(`[{"uii":"1"`))
	f.Fuzz(func(t *testing.T, body []byte) {
		// The fast decoder must agree with encoding/json wherever it
		// accepts an input.
		if fast, ferr := fastDecodeCalls(body); ferr == nil {
			var slow []ActiveCall
			if err := json.Unmarshal(body, &slow); err != nil {
				t.Fatalf("fast path accepted what encoding/json rejects (%v)", err)
			}
			if len(slow) != len(fast) {
				t.Fatalf("fast decoded %d calls, encoding/json %d", len(fast), len(slow))
			}
			for i := range fast {
				if fast[i] != slow[i] {
					t.Fatalf("call %d differs:\nfast %#v\nslow %#v", i, fast[i], slow[i])
				}
			}
		}
		calls, err := DecodeActiveCalls(body)
		if err != nil {
			if !strings.Contains(err.Error(), ErrMalformedResponse.Error()) {
				t.Fatalf("error does not say the answer was malformed: %v", err)
			}
			return
		}
		if calls == nil {
			t.Fatal("nil slice on success")
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
