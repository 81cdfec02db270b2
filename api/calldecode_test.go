package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leniencyCases are the inputs where the old decoding's leniency shows;
// each must decode (or fail) exactly as the reference does. They also seed
// FuzzDecodeActiveCalls.
var leniencyCases = []string{
	// names: any case, Unicode simple folding (ſ folds to s, K to k), escaped, exact delimiters
	`[{"UII":"1","AccountID":"2","dNiS":"3"}]`,
	`[{"dniſ":"1","aniſ":"x","DNISE164":"+1"}]`,
	`[{"u\u0069i":"1","\u0063nam":"x"}]`,
	`[{"dnis_e164":"1","dnis-E164":"2","call_state":"x","uii ":"y"}]`,
	`[{"uıı":"1","UİI":"2"}]`,
	// duplicates: the last wins, across spellings, and null clears
	`[{"uii":"1","uii":"2","UII":"3"}]`,
	`[{"uii":"1","uii":null}]`,
	`[{"archive":true,"ARCHIVE":"false"}]`,
	// invalid UTF-8: kept byte for byte without escapes, replaced with them
	"[{\"uii\":\"a\xffb\",\"cnam\":\"\xc3\"}]",
	"[{\"uii\":\"a\xff\\\"b\",\"cnam\":\"\\u00e9\xe2\x82\"}]",
	"[{\"u\xffii\":\"1\",\"\xff\":2}]",
	`[{"uii":"\ud800x","cnam":"\udc00\ud800\udc00","ani":"\ud83d\ude00"}]`,
	// escapes
	`[{"cnam":"ACME \"WIRE\" Caf\u00e9","agentLastName":"Nu\u00f1ez\/\b\f\n\r\t\\"}]`,
	// numbers, booleans and objects where text belongs
	`[{"uii":123,"accountId":-1.5e3,"ani":true,"dnis":false,"cnam":0}]`,
	`[{"uii":{"a":1}}]`,
	`[{"cnam":[]}]`,
	// archive
	`[{"archive":"true"},{"archive":""},{"archive":null},{"archive":"false"}]`,
	`[{"archive":1}]`,
	`[{"archive":"TRUE"}]`,
	`[{"archive":"tru\u0065"}]`,
	// timestamps
	`[{"enqueueTime":"2020-05-08T14:40:47.000+0000","dequeueTime":"2020-05-08T14:40:47Z"}]`,
	`[{"enqueueTime":"2020-05-08T14:40:47.000-0730","dequeueTime":"2020-05-08 14:40:47"}]`,
	`[{"enqueueTime":"2020-05-08T14:40:47.000+0060","dequeueTime":"2020-05-08T14:40:47.000+2400"}]`,
	`[{"enqueueTime":"2020-02-30T14:40:47.000+0000"}]`,
	`[{"enqueueTime":"","dequeueTime":null}]`,
	`[{"enqueueTime":" "}]`,
	`[{"enqueueTime":"2020-05-08T14:40:47\u002e000+0000"}]`,
	`[{"enqueueTime":1588948847000,"dequeueTime":-0}]`,
	`[{"enqueueTime":1.5}]`,
	`[{"enqueueTime":1e3}]`,
	`[{"enqueueTime":true}]`,
	`[{"enqueueTime":[1]}]`,
	`[{"enqueueTime":{"millis":1588948907000,"year":2020}}]`,
	`[{"enqueueTime":{"MILLIS":5,"other":{"millis":"x"}}}]`,
	`[{"enqueueTime":{"milliſ":5}}]`,
	`[{"enqueueTime":{"millis":5,"millis":null}}]`,
	`[{"enqueueTime":{"millis":null,"millis":5}}]`,
	`[{"enqueueTime":{"millis":"5"}}]`,
	`[{"enqueueTime":{"millis":5.0}}]`,
	`[{"enqueueTime":{"millis":5,"millis":{}}}]`,
	`[{"enqueueTime":{"millis":9223372036854775808}}]`,
	`[{"enqueueTime":{}}]`,
	// calls that are not objects
	`[null]`,
	`[null,{"uii":"1"}]`,
	`["x"]`,
	`[1]`,
	`[[]]`,
	// unknown fields of any shape
	`[{"somethingNew":{"nested":[1,2,{"a":null}]},"x":"\ud800","uii":"1"}]`,
	// syntax: whitespace, trailing data, truncation, grammar
	" \t\n[ {\"uii\" : \"1\" } ] \r\n",
	"[]\u00a0",
	`[] []`,
	`[]{}`,
	`[]x`,
	`[{"uii":"1"},]`,
	`[{"uii":"1",}]`,
	`[{"uii":01}]`,
	`[{"uii":"1"}`,
	`[{"uii":"a` + "\x01" + `"}]`,
	`[{"uii":NaN}]`,
	`[{"uii":"\x"}]`,
	`{"uii":"1"}`,
}

func TestDecodeActiveCallsAgreesWithReference(t *testing.T) {
	for _, body := range leniencyCases {
		want, werr := referenceDecodeActiveCalls([]byte(body))
		got, err := DecodeActiveCalls([]byte(body))
		if werr != nil {
			assert.ErrorIs(t, err, ErrMalformedResponse, "%q: the reference fails with %v", body, werr)
			continue
		}
		if assert.NoError(t, err, "%q", body) {
			assert.Equal(t, want, got, "%q", body)
		}
	}
}

// The leniency cases must exercise both outcomes, or they prove little.
func TestLeniencyCasesCoverBothOutcomes(t *testing.T) {
	ok, failed := 0, 0
	for _, body := range leniencyCases {
		if _, err := referenceDecodeActiveCalls([]byte(body)); err != nil {
			failed++
		} else {
			ok++
		}
	}
	assert.Greater(t, ok, 25)
	assert.Greater(t, failed, 20)
}

func TestDecodeActiveCallsLeniencyValues(t *testing.T) {
	decode := func(body string) ActiveCall {
		t.Helper()
		calls, err := DecodeActiveCalls([]byte(body))
		require.NoError(t, err, body)
		require.Len(t, calls, 1)
		return calls[0]
	}
	assert.Equal(t, "3", decode(`[{"uii":"1","uii":"2","UII":"3"}]`).UII, "the last of duplicate names wins")
	assert.Equal(t, "1", decode(`[{"dniſ":"1"}]`).DNIS, "Unicode simple folding, as encoding/json")
	assert.Empty(t, decode(`[{"dnis_e164":"1"}]`).DNISE164, "delimiters are not ignored")
	assert.Equal(t, "a\xffb", decode("[{\"uii\":\"a\xffb\"}]").UII, "invalid UTF-8 kept without escapes")
	assert.Equal(t, "a\uFFFD\"b", decode("[{\"uii\":\"a\xff\\\"b\"}]").UII, "and replaced with them")
	assert.Equal(t, "\uFFFDx", decode(`[{"uii":"\ud800x"}]`).UII, "a lone surrogate is replaced")
	assert.Equal(t, "-1.5e3", decode(`[{"uii":-1.5e3}]`).UII, "a number's own text")
	assert.Equal(t, `ACME "WIRE" Café`, decode(`[{"cnam":"ACME \"WIRE\" Caf\u00e9"}]`).CNAM)
	assert.Equal(t, ActiveCall{}, decode(`[null]`))
	assert.Equal(t, time.UnixMilli(5).UTC(), decode(`[{"enqueueTime":{"MILLIS":5}}]`).EnqueueTime)
	assert.Equal(t, time.Date(2020, 5, 8, 22, 10, 47, 0, time.UTC), decode(`[{"enqueueTime":"2020-05-08T14:40:47.000-0730"}]`).EnqueueTime)
	for _, body := range []string{
		`[{"enqueueTime":"2020-05-08T14:40:47\u002e000+0000"}]`, // parsed as written
		`[{"enqueueTime":{"millis":5,"millis":null}}]`,
		`[{"enqueueTime":{"millis":"5"}}]`,
		`[{"archive":"TRUE"}]`,
		`[] []`,
		`["x"]`,
	} {
		_, err := DecodeActiveCalls([]byte(body))
		assert.ErrorIs(t, err, ErrMalformedResponse, body)
	}
}

// Nesting is limited where encoding/json limits it: 10,000 levels counting
// the list itself.
func TestDecodeActiveCallsNestingLimit(t *testing.T) {
	for _, depth := range []int{9998, 9999, 10000, 10001} {
		inner := depth - 2 // the list and the call
		body := `[{"deep":` + strings.Repeat("[", inner) + strings.Repeat("]", inner) + `}]`
		want, werr := referenceDecodeActiveCalls([]byte(body))
		got, err := DecodeActiveCalls([]byte(body))
		assert.Equal(t, werr == nil, err == nil, "depth %d: reference %v, decoder %v", depth, werr, err)
		assert.Equal(t, want, got, "depth %d", depth)
	}
	_, err := DecodeActiveCalls([]byte(`[{"deep":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}]`))
	assert.ErrorIs(t, err, ErrMalformedResponse)
}

// ActiveCall.UnmarshalJSON is the same decoder, reached through
// encoding/json.
func TestActiveCallUnmarshalJSON(t *testing.T) {
	var calls []ActiveCall
	require.NoError(t, json.Unmarshal([]byte(`[{"UII":7,"cnam":"Caf\u00e9","enqueueTime":{"millis":5}},null]`), &calls))
	require.Len(t, calls, 2)
	assert.Equal(t, ActiveCall{UII: "7", CNAM: "Café", EnqueueTime: time.UnixMilli(5).UTC()}, calls[0])
	assert.Equal(t, ActiveCall{}, calls[1])
	var c ActiveCall
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"uii":[]}`), &c), "expected a string, got an array")
}

// Interning: a value repeated across calls is one string, not one per call.
func TestDecodeActiveCallsInternsRepeatedValues(t *testing.T) {
	calls, err := DecodeActiveCalls(syntheticList(3, true))
	require.NoError(t, err)
	require.Len(t, calls, 3)
	assert.Equal(t, "Nuñez", calls[0].AgentLastName)
	assert.Same(t, unsafe.StringData(calls[0].AgentLastName), unsafe.StringData(calls[2].AgentLastName))
	assert.Same(t, unsafe.StringData(calls[0].DestinationName), unsafe.StringData(calls[1].DestinationName))
	assert.NotSame(t, unsafe.StringData(calls[0].CNAM), unsafe.StringData(calls[1].CNAM), "callers are not interned")
}

// The date cache must not change what a timestamp reads as: a run of
// timestamps through one cache agrees with ParseTime on each, including
// after an invalid date and across days.
func TestDayCacheAgreesWithParseTime(t *testing.T) {
	var c dayCache
	for _, s := range []string{
		"2020-05-08T14:40:47.000+0000", "2020-05-08T23:59:59.999-0130", "2020-05-08T00:00:00.000+1400",
		"2020-02-30T00:00:00.000+0000", "2020-05-08T01:02:03.004+0000", "2021-02-29T00:00:00.000+0000",
		"2020-02-29T12:00:00.000+0000", "2020-02-29T24:00:00.000+0000", "2020-05-09T00:00:00.000-0000",
		"0000-01-01T00:00:00.000+0000", "9999-12-31T23:59:59.999+2400", "2020-05-09T00:00:00.000+0060",
	} {
		got, ok := c.parse([]byte(s))
		want, err := ParseTime(s)
		assert.Equal(t, err == nil, ok, "%s: cache ok=%v, ParseTime err=%v", s, ok, err)
		if ok && err == nil {
			assert.Equal(t, want, got, "%s", s)
		}
	}
}

// The page walk hands a body's buffer back for the next page: nothing
// decoded may point into it.
func TestDecodeActiveCallsKeepsNothingOfTheBody(t *testing.T) {
	body := []byte(`[{"uii":"1","cnam":"Caf\u00e9","agentLastName":"Vu","callState":"ACTIVE","enqueueTime":{"millis":5}},` +
		`{"uii":"2","cnam":"ACME","agentLastName":"Vu","callState":"ACTIVE"}]`)
	calls, err := DecodeActiveCalls(body)
	require.NoError(t, err)
	for i := range body {
		body[i] = 'x'
	}
	assert.Equal(t, []ActiveCall{
		{UII: "1", CNAM: "Café", AgentLastName: "Vu", CallState: "ACTIVE", EnqueueTime: time.UnixMilli(5).UTC()},
		{UII: "2", CNAM: "ACME", AgentLastName: "Vu", CallState: "ACTIVE"},
	}, calls)
	again, err := DecodeActiveCalls([]byte(`[{"uii":"3","agentLastName":"Vu","callState":"ACTIVE"}]`))
	require.NoError(t, err)
	assert.Equal(t, "Vu", again[0].AgentLastName, "the intern table kept its own copy")
}
