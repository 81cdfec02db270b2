package api

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func newResp(status int, contentType string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("X-Request-Id", "req-42")
	return &http.Response{StatusCode: status, Header: h}
}

func TestNewAPIErrorJSONBody(t *testing.T) {
	body := `{"errorCode":"REQUEST_VALIDATION","generalMessage":"Validation failed","details":"destination is invalid",
	"requestUri":"/voice/api/v1/admin/accounts/1/activeCalls/2/addSessionToCall","timestamp":1588948847000,
	"validationErrors":[{"attributeName":"destination","message":"must be a phone number","value":"abc"}]}`
	e := newAPIError(newResp(400, "application/json"), []byte(body), "POST", "/voice/api/v1/x", func(s string) string { return s })
	assert.Equal(t, 400, e.StatusCode)
	assert.Equal(t, "REQUEST_VALIDATION", e.ErrorCode)
	assert.Equal(t, "Validation failed", e.Message)
	assert.Equal(t, "destination is invalid", e.Details)
	assert.Equal(t, "req-42", e.RequestID)
	assert.Equal(t, []FieldError{{"destination", "must be a phone number", "abc"}}, e.ValidationErrors)
	assert.Equal(t, "POST /voice/api/v1/x: 400 Bad Request: Validation failed; destination is invalid; destination: must be a phone number (request id req-42)", e.Error())
	assert.ErrorIs(t, e, ErrInvalidInput)
}

func TestNewAPIErrorPlainTextAndHTML(t *testing.T) {
	e := newAPIError(newResp(401, "text/plain"), []byte("Jwt is expired\n"), "GET", "/p", func(s string) string { return s })
	assert.Equal(t, "Jwt is expired", e.Message)
	assert.ErrorIs(t, e, ErrUnauthorized)
	assert.NotErrorIs(t, e, ErrForbidden)

	e = newAPIError(newResp(502, "text/html"), []byte("<html><body><h1>502 Bad Gateway</h1></body></html>"), "GET", "/p", func(s string) string { return s })
	assert.Empty(t, e.Message, "a proxy's HTML page is not a reason")
	assert.Equal(t, "GET /p: 502 Bad Gateway (request id req-42)", e.Error())

	e = newAPIError(newResp(403, "application/json"), []byte(`{"error":"invalid_client","error_description":"Client is not authorized"}`), "POST", "/restapi/oauth/token", func(s string) string { return s })
	assert.Equal(t, "Client is not authorized", e.Message, "RingCentral platform OAuth error shape")
	assert.ErrorIs(t, e, ErrForbidden)
}

func TestErrorSentinels(t *testing.T) {
	api := &APIError{StatusCode: 404, Method: "POST", Path: "/x", Message: "Call not found"}
	var err error = &callError{uii: "123", api: api}
	assert.ErrorIs(t, err, ErrCallNotFound)
	var got *APIError
	assert.True(t, errors.As(err, &got))
	assert.Equal(t, "call 123 has ended (404 Call not found)", err.Error())

	err = &RateLimitError{RetryAfter: 7 * time.Second, API: &APIError{StatusCode: 429, Method: "GET", Path: "/l"}}
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Contains(t, err.Error(), "retry in 7s")
	err = &RateLimitError{RetryAfter: 30 * time.Second, Limit: "sign-in"}
	assert.Equal(t, "rate limited: sign-in limit reached, retry in 30s", err.Error())

	err = &refusedError{action: "hang up", uii: "9"}
	assert.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, "hang up on call 9: refused by RingCX (it answered false)", err.Error())
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	for _, c := range []struct {
		value string
		want  time.Duration
		why   string
	}{
		{"7", 7 * time.Second, "seconds"},
		{"120", MaxRetryAfter, "exactly the cap"},
		{"121", MaxRetryAfter, "capped"},
		{"3600", MaxRetryAfter, "an hour is capped: RingCX's window is a minute"},
		{"99999999", MaxRetryAfter, "huge"},
		{"99999999999999999999999", MaxRetryAfter, "too large for an integer: the cap, not the fallback"},
		{"0", time.Second, "zero: a second, never at once"},
		{"-5", time.Second, "negative"},
		{"-99999999999999999999999", time.Second, "hugely negative"},
		{"", 5 * time.Second, "absent: wait a little, not zero"},
		{"soon", 5 * time.Second, "garbage"},
		{"1.5", 5 * time.Second, "not an integer"},
		{date(90 * time.Second), 90 * time.Second, "a date"},
		{date(2 * time.Hour), MaxRetryAfter, "a far date is capped"},
		{date(-time.Hour), time.Second, "a past date"},
	} {
		assert.Equal(t, c.want, parseRetryAfter(h(c.value), now), "%q: %s", c.value, c.why)
	}
}

func TestCleanAndRedact(t *testing.T) {
	assert.Equal(t, "title", Clean("\x1b]0;pwned\x07 title", 0), "the OSC sequence goes, payload and all")
	assert.Equal(t, "red text", Clean("\x1b[31mred\x1b[0m\ttext\r\n", 0))
	assert.Equal(t, "abc", Clean("a\x00b\u202ec", 0), "NUL and bidi override removed")
	assert.Equal(t, "陳 大文", Clean("陳 大文", 0))
	assert.Equal(t, "مرحبا", Clean("مرحبا", 0), "RTL letters are kept")
	long := Clean(strings.Repeat("x", 1000), 10)
	assert.Equal(t, "xxxxxxxxxx…", long)

	var s secrets
	s.add("super-secret-value", "short")
	assert.Equal(t, "token [redacted] and short", s.redact("token super-secret-value and short"))
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123_-"
	assert.Equal(t, "got [redacted] back", s.redact("got "+jwt+" back"))
	assert.Equal(t, "Authorization: [redacted]", s.redact("Authorization: Bearer abcdefghijklmnop"))
}
