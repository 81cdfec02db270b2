package sim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

func TestRateLimit(t *testing.T) {
	e := staticEnv(t)
	list := listPath(care, "product=ACCOUNT&productId="+care)
	for i := range 120 {
		// Failed requests count too: the limit is on requests, not successes.
		if i%10 == 0 {
			require.Equal(t, http.StatusUnauthorized, e.do("GET", list, "").status)
		} else {
			require.Equal(t, http.StatusOK, e.api("GET", list).status, "request %d", i+1)
		}
	}
	e.clock.Advance(20 * time.Second)
	r := e.api("GET", list)
	require.Equal(t, http.StatusTooManyRequests, r.status, "121st request within a minute")
	assert.Equal(t, "40", r.header.Get("Retry-After"))
	assert.Equal(t, "TOO_MANY_REQUESTS", r.apiErr(t).ErrorCode)
	assert.Equal(t, http.StatusTooManyRequests, e.api("POST", actionPath(care, "1", "hangupCall", nil)).status, "actions share the budget")
	assert.Equal(t, http.StatusTooManyRequests, e.api("GET", "/api/v1/admin/accounts").status, "so does the legacy base")

	// The auth endpoints are outside the API budget.
	_, d := e.exchange(e.rcToken())
	require.NotNil(t, d.AccessToken)

	e.clock.Advance(39 * time.Second)
	r = e.api("GET", list)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "1", r.header.Get("Retry-After"))
	e.clock.Advance(time.Second)
	assert.Equal(t, http.StatusOK, e.api("GET", list).status, "the window rolled")
	assert.Equal(t, 4, e.srv.Stats().RateLimited)
}

func TestRateLimitConfigurable(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, RateLimit: 3})
	for range 3 {
		require.Equal(t, http.StatusOK, e.api("GET", "/voice/api/v1/admin/accounts").status)
	}
	assert.Equal(t, http.StatusTooManyRequests, e.api("GET", "/voice/api/v1/admin/accounts").status)

	u := newEnvRaw(t, sim.Config{Static: true, RateLimit: -1})
	for range 500 {
		require.Equal(t, http.StatusOK, u.serve("GET", "/voice/api/v1/admin/accounts").Code)
	}
}

func TestLatency(t *testing.T) {
	e := staticEnv(t)
	e.srv.SetFaults(sim.Faults{Latency: 60 * time.Millisecond, LatencyJitter: 20 * time.Millisecond})
	start := time.Now()
	r := e.api("GET", "/voice/api/v1/admin/accounts")
	took := time.Since(start)
	assert.Equal(t, http.StatusOK, r.status)
	assert.GreaterOrEqual(t, took, 60*time.Millisecond)

	// A client that gives up is let go at once, and the handler stops waiting too.
	e.srv.SetFaults(sim.Faults{Latency: time.Minute})
	e.srv.ResetRequests()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.url+"/voice/api/v1/admin/accounts", nil)
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err) // a minute's latency: only the client's deadline ends it
	require.Eventually(t, func() bool {
		reqs := e.srv.Requests()
		return len(reqs) == 1 && reqs[0].Status == 499
	}, 2*time.Second, 5*time.Millisecond, "handler returned with 499 (client closed request)")
}

func TestErrorRate(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, RateLimit: -1})
	e.srv.SetFaults(sim.Faults{ErrorRate: 1})
	seen := map[int]bool{}
	for range 40 {
		r := e.api("GET", listPath(care, "product=ACCOUNT&productId="+care))
		seen[r.status] = true
		switch r.status {
		case 500:
			assert.Equal(t, "INTERNAL_ERROR", r.apiErr(t).ErrorCode)
		case 502:
			assert.Equal(t, "text/html", r.header.Get("Content-Type"))
			assert.Contains(t, r.body, "<title>502 Bad Gateway</title>")
		case 503:
			assert.Equal(t, "text/plain;charset=UTF-8", r.header.Get("Content-Type"))
			assert.Equal(t, "Service Unavailable", r.body)
			assert.NotEmpty(t, r.header.Get("Retry-After"))
		default:
			t.Fatalf("status %d with ErrorRate 1", r.status)
		}
	}
	assert.Equal(t, map[int]bool{500: true, 502: true, 503: true}, seen)
	assert.Equal(t, http.StatusOK, e.do("POST", "/restapi/oauth/token", jwtForm, "Authorization", basic("a", "b"), "Content-Type", formCT).status,
		"auth endpoints are not API requests")

	e.srv.SetFaults(sim.Faults{ErrorRate: 0.3})
	fails := 0
	for range 200 {
		if e.api("GET", "/voice/api/v1/admin/accounts").status >= 500 {
			fails++
		}
	}
	assert.InDelta(t, 60, fails, 30)
}

func TestOutage(t *testing.T) {
	e := staticEnv(t)
	e.srv.SetFaults(sim.Faults{Outage: true})
	for _, r := range []result{
		e.api("GET", "/voice/api/v1/admin/accounts"),
		e.do("POST", "/restapi/oauth/token", jwtForm, "Authorization", basic("a", "b"), "Content-Type", formCT),
		e.do("POST", "/api/auth/token/refresh", "refresh_token=x"),
	} {
		assert.Equal(t, http.StatusServiceUnavailable, r.status)
		assert.NotEmpty(t, r.header.Get("Retry-After"))
	}
	e.srv.UpdateFaults(func(f *sim.Faults) { f.Outage = false })
	assert.Equal(t, http.StatusOK, e.api("GET", "/voice/api/v1/admin/accounts").status)

	e.srv.SetFaults(sim.Faults{Outages: []sim.Window{{Start: t0.Add(10 * time.Second), End: t0.Add(25 * time.Second)}}})
	assert.Equal(t, http.StatusOK, e.api("GET", "/voice/api/v1/admin/accounts").status)
	e.clock.Advance(10 * time.Second)
	r := e.api("GET", "/voice/api/v1/admin/accounts")
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "15", r.header.Get("Retry-After"), "until the window ends")
	assert.Equal(t, http.StatusServiceUnavailable, e.do("POST", "/restapi/oauth/token", "").status)
	e.clock.Advance(15 * time.Second)
	assert.Equal(t, http.StatusOK, e.api("GET", "/voice/api/v1/admin/accounts").status)
}

func TestForce429(t *testing.T) {
	e := staticEnv(t)
	e.srv.SetFaults(sim.Faults{Force429: 2, RetryAfter: 2500 * time.Millisecond})
	for range 2 {
		r := e.api("GET", "/voice/api/v1/admin/accounts")
		assert.Equal(t, http.StatusTooManyRequests, r.status)
		assert.Equal(t, "3", r.header.Get("Retry-After"), "whole seconds, rounded up")
	}
	assert.Equal(t, http.StatusOK, e.api("GET", "/voice/api/v1/admin/accounts").status)
	assert.Equal(t, 0, e.srv.Faults().Force429, "counted down")
	assert.Equal(t, 2, e.srv.Stats().RateLimited)

	e.srv.SetFaults(sim.Faults{Force429: 1})
	assert.Equal(t, "2", e.api("GET", "/voice/api/v1/admin/accounts").header.Get("Retry-After"), "default 2s")
}

func TestMalformedTruncatedOversized(t *testing.T) {
	e := staticEnv(t)
	list := listPath(care, "product=ACCOUNT&productId="+care)
	good := e.api("GET", list).body
	require.True(t, json.Valid([]byte(good)))

	e.srv.SetFaults(sim.Faults{Malformed: 1})
	acc := e.api("GET", "/voice/api/v1/admin/accounts")
	assert.True(t, json.Valid([]byte(acc.body)), "only activeCalls lists are affected")
	r := e.api("GET", list)
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	assert.False(t, json.Valid([]byte(r.body)), "broken JSON")
	assert.True(t, json.Valid([]byte(e.api("GET", list).body)), "only the next N")

	e.srv.SetFaults(sim.Faults{Truncated: 1})
	resp, err := http.DefaultClient.Do(mustReq(t, e.url+list))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF, "connection cut mid-body")
	assert.NotEmpty(t, got)
	assert.Less(t, len(got), len(good))
	assert.True(t, strings.HasPrefix(good, string(got)), "a valid prefix")
	assert.Equal(t, good, e.api("GET", list).body)

	e.srv.SetFaults(sim.Faults{OversizedBytes: 1 << 20})
	r = e.api("GET", list)
	assert.GreaterOrEqual(t, len(r.body), 1<<20)
	var big, small []wireCall
	r.json(t, &big)
	require.NoError(t, json.Unmarshal([]byte(good), &small))
	assert.Equal(t, small, big, "padding is a field clients ignore")
	r = e.api("GET", listPath(care, "product=ACCOUNT&productId="+care+"&page=99"))
	assert.GreaterOrEqual(t, len(r.body), 1<<20)
	assert.True(t, json.Valid([]byte(r.body)))
}

func mustReq(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", apiTok)
	return req
}
