package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTimeFormats(t *testing.T) {
	want := time.Date(2020, 5, 8, 14, 40, 47, 0, time.UTC)
	for _, s := range []string{
		"2020-05-08T14:40:47.000+0000",
		"2020-05-08T16:40:47.000+0200",
		"2020-05-08T14:40:47+0000",
		"2020-05-08T14:40:47Z",
		"2020-05-08T10:40:47-04:00",
		"2020-05-08T14:40:47.000",
	} {
		got, err := ParseTime(s)
		require.NoError(t, err, s)
		assert.True(t, want.Equal(got), "%s → %s", s, got)
	}
	_, err := ParseTime("yesterday")
	assert.ErrorContains(t, err, `unreadable timestamp "yesterday"`)
}

func TestDecodeActiveCallsDocumentedExample(t *testing.T) {
	// The response from the Active Calls page, verbatim.
	body := `[ { "uii": "202005081040440132050000019657",
    "accountId": "12440011",
    "ani": "6501234567",
    "dnis": "8661234567",
    "enqueueTime": "2020-05-08T14:40:47.000+0000",
    "dequeueTime": null,
    "callState": "ACTIVE",
    "archive": false,
    "agentFirstName": "Paco",
    "agentLastName": "Vu",
    "destinationName": null,
    "externalId": null,
    "cnam": null }
]`
	calls, err := DecodeActiveCalls([]byte(body))
	require.NoError(t, err)
	require.Len(t, calls, 1)
	c := calls[0]
	assert.Equal(t, "202005081040440132050000019657", c.UII)
	assert.Equal(t, "12440011", c.AccountID)
	assert.Equal(t, "6501234567", c.ANI)
	assert.Equal(t, "8661234567", c.DNIS)
	assert.True(t, c.EnqueueTime.Equal(time.Date(2020, 5, 8, 14, 40, 47, 0, time.UTC)))
	assert.True(t, c.DequeueTime.IsZero())
	assert.True(t, c.Queued())
	assert.Equal(t, "ACTIVE", c.CallState)
	assert.Equal(t, "Paco", c.AgentFirstName)
	assert.Equal(t, "Vu", c.AgentLastName)
	assert.Empty(t, c.DestinationName)
	assert.Empty(t, c.ExternalID)
	assert.Empty(t, c.CNAM)
}

func TestDecodeActiveCallsLenient(t *testing.T) {
	body := `[{"uii":"1","accountId":12440011,"archive":null,"callState":"WRAP_UP",
	  "enqueueTime":1588948847000,"dequeueTime":{"millis":1588948907000,"year":2020},
	  "dnisE164":"+18661234567","somethingNew":{"nested":[1,2]},"cnam":"ACME \"WIRE\""},
	  {"uii":"2","enqueueTime":"2020-05-08T14:40:47Z","archive":"true"}]`
	calls, err := DecodeActiveCalls([]byte(body))
	require.NoError(t, err)
	require.Len(t, calls, 2)
	assert.Equal(t, "12440011", calls[0].AccountID, "numeric id kept as text")
	assert.Equal(t, "WRAP_UP", calls[0].CallState, "unknown states are kept, not rejected")
	assert.Equal(t, int64(1588948847000), calls[0].EnqueueTime.UnixMilli())
	assert.Equal(t, int64(1588948907000), calls[0].DequeueTime.UnixMilli())
	assert.False(t, calls[0].Queued())
	assert.Equal(t, `ACME "WIRE"`, calls[0].CNAM)
	assert.Equal(t, "+18661234567", calls[0].DNISE164)
	assert.True(t, calls[1].Archive)
}

func TestDecodeActiveCallsRejectsGarbage(t *testing.T) {
	for body, want := range map[string]string{
		``:                                "expected a JSON array, got an empty body",
		`{"generalMessage":"x"}`:          "expected a JSON array",
		`[{"uii":"1"`:                     "unexpected end of JSON input",
		`[{"uii":"1","enqueueTime":"x"}]`: "unreadable timestamp",
		`[{"uii":{"a":1}}]`:               "expected a string, got an object",
		`<html>oops</html>`:               "expected a JSON array",
	} {
		_, err := DecodeActiveCalls([]byte(body))
		require.ErrorIs(t, err, ErrMalformedResponse, body)
		assert.Contains(t, err.Error(), want, body)
	}
}

func TestFlexString(t *testing.T) {
	var v struct {
		A, B, C, D flexString
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"x\u00e9","B":42,"C":true,"D":null}`), &v))
	assert.Equal(t, "xé", string(v.A))
	assert.Equal(t, "42", string(v.B))
	assert.Equal(t, "true", string(v.C))
	assert.Equal(t, "", string(v.D))
}

func TestTokenExpiryFromJWT(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// {"alg":"HS256"} . {"iat":1000,"exp":1300} . sig — 5 minutes on the server's clock.
	tok := "eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjEwMDAsImV4cCI6MTMwMH0.c2ln"
	exp, margin := tokenExpiry(tok, now, true)
	assert.Equal(t, now.Add(5*time.Minute), exp, "lifetime measured on the server clock, applied to ours")
	assert.Equal(t, 30*time.Second, margin)
	exp, _ = tokenExpiry("opaque", now, true)
	assert.Equal(t, now.Add(DefaultTokenLifetime), exp)
	exp, _ = tokenExpiry("opaque", now, false)
	assert.True(t, exp.IsZero(), "a given token of unknown age is trusted until a 401")
}

// The fast timestamp reader must agree with ParseTime (time.Parse) on every
// input, valid or not.
func TestParseDocumentedTimeAgreesWithParseTime(t *testing.T) {
	for _, s := range []string{
		"2020-05-08T14:40:47.000+0000", "2020-05-08T14:40:47.999-0730", "2020-02-29T00:00:00.000+0000",
		"2021-02-29T00:00:00.000+0000", "2020-02-30T00:00:00.000+0000", "2020-04-31T00:00:00.000+0000",
		"2020-05-08T24:00:00.000+0000", "2020-05-08T23:60:00.000+0000", "2020-05-08T23:59:60.000+0000",
		"2020-13-08T00:00:00.000+0000", "2020-00-08T00:00:00.000+0000", "2020-05-00T00:00:00.000+0000",
		"2020-05-08T00:00:00.000+2500", "2020-05-08T00:00:00.000+2400", "2020-05-08T00:00:00.000-2459", "2020-05-08T00:00:00.000+0099", "2020-05-08T00:00:00.000-0000",
		"0000-01-01T00:00:00.000+0000", "9999-12-31T23:59:59.999+1400", "2020-05-08T00:00:00.0a0+0000",
		"2020-05-08T00:00:00.000+00:0", "2020-05-08 00:00:00.000+0000",
	} {
		fast, fok := parseDocumentedTime([]byte(s))
		slow, err := ParseTime(s)
		assert.Equal(t, err == nil, fok, "%s: fast ok=%v, ParseTime err=%v", s, fok, err)
		if fok && err == nil {
			assert.True(t, fast.Equal(slow), "%s: fast %s, slow %s", s, fast, slow)
			assert.Equal(t, slow, fast, "%s: identical representation (UTC)", s)
		}
	}
}
