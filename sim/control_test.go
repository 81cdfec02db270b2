package sim_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

func TestControlFaults(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, Control: true})
	r := e.do("GET", "/_sim/faults", "")
	require.Equal(t, http.StatusOK, r.status)
	var f map[string]any
	r.json(t, &f)
	assert.Equal(t, "0s", f["latency"])
	assert.Equal(t, false, f["outage"])

	r = e.do("PUT", "/_sim/faults", `{"latency":"20ms","retryAfter":"3s","force429":2,"outages":[{"start":"2026-03-14T15:10:00Z","end":"2026-03-14T15:11:00Z"}]}`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	got := e.srv.Faults()
	assert.Equal(t, 20*time.Millisecond, got.Latency)
	assert.Equal(t, 3*time.Second, got.RetryAfter)
	assert.Equal(t, 2, got.Force429)
	require.Len(t, got.Outages, 1)
	assert.Equal(t, time.Date(2026, 3, 14, 15, 10, 0, 0, time.UTC), got.Outages[0].Start.UTC())

	r = e.do("PATCH", "/_sim/faults", `{"errorRate":0.25}`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	got = e.srv.Faults()
	assert.Equal(t, 0.25, got.ErrorRate)
	assert.Equal(t, 20*time.Millisecond, got.Latency, "PATCH keeps what it does not name")

	r = e.do("PUT", "/_sim/faults", `{"outage":true}`)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, sim.Faults{Outage: true}, e.srv.Faults(), "PUT replaces everything")
	assert.Equal(t, http.StatusServiceUnavailable, e.api("GET", "/voice/api/v1/admin/accounts").status)
	assert.Equal(t, http.StatusOK, e.do("PUT", "/_sim/faults", `{}`).status, "control still answers during an outage")
	assert.Equal(t, http.StatusOK, e.api("GET", "/voice/api/v1/admin/accounts").status)

	for _, bad := range []string{`{"latency":"soon"}`, `{"errorRate":2}`, `not json`, `{"latency":"-1s"}`} {
		assert.Equal(t, http.StatusBadRequest, e.do("PUT", "/_sim/faults", bad).status, bad)
	}
	r = e.do("DELETE", "/_sim/faults", "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "GET,PUT,PATCH", r.header.Get("Allow"))
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/_sim/nope", "").status)
}

func TestControlWorld(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, Control: true})
	_, d := e.exchange(e.rcToken())
	require.Equal(t, http.StatusOK, e.bearer(*d.AccessToken, "/voice/api/v1/admin/accounts").status)
	require.Equal(t, http.StatusOK, e.do("POST", "/_sim/expire-tokens", "").status)
	assert.Equal(t, "Jwt is expired", e.bearer(*d.AccessToken, "/voice/api/v1/admin/accounts").body)

	require.Equal(t, http.StatusOK, e.do("POST", "/_sim/hostile?on=true", "").status)
	assert.Contains(t, e.api("GET", listPath(care, "product=ACCOUNT&productId="+care)).body, `\u001b`)
	assert.Equal(t, http.StatusBadRequest, e.do("POST", "/_sim/hostile?on=maybe", "").status)
	require.Equal(t, http.StatusOK, e.do("POST", "/_sim/hostile?on=false", "").status)

	r := e.do("POST", "/_sim/calls?account="+billing+"&n=20", "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Len(t, e.srv.Calls(billing), 20)
	assert.Equal(t, http.StatusNotFound, e.do("POST", "/_sim/calls?account=1&n=20", "").status)
	assert.Equal(t, http.StatusBadRequest, e.do("POST", "/_sim/calls?account="+billing+"&n=lots", "").status)

	r = e.do("GET", "/_sim/calls?account="+billing, "")
	require.Equal(t, http.StatusOK, r.status)
	var views []sim.CallView
	r.json(t, &views)
	assert.Len(t, views, 20)
	assert.Equal(t, e.srv.Calls(billing)[0].UII, views[0].UII)

	r = e.do("GET", "/_sim/agents?account="+billing, "")
	require.Equal(t, http.StatusOK, r.status)
	var agents []sim.AgentView
	r.json(t, &agents)
	assert.NotEmpty(t, agents)

	r = e.do("GET", "/_sim/stats", "")
	var st sim.Stats
	r.json(t, &st)
	assert.Equal(t, e.srv.Stats(), st)
	assert.Equal(t, 1, st.Exchanges)
}

func TestControlRequestsRedacted(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, Control: true})
	rc := e.rcToken()
	e.exchange(rc)
	e.do("GET", "/voice/api/v1/admin/accounts", "", "Authorization", "Bearer secret-bearer")
	e.api("GET", "/voice/api/v1/admin/accounts?rcAccessToken="+url.QueryEscape(rc))

	r := e.do("GET", "/_sim/requests", "")
	require.Equal(t, http.StatusOK, r.status)
	assert.NotContains(t, r.body, rc)
	assert.NotContains(t, r.body, "secret-bearer")
	assert.NotContains(t, r.body, apiTok)
	assert.NotContains(t, r.body, "eyJhbGciOi.jwt.sig", "the JWT assertion")
	assert.Contains(t, r.body, "REDACTED")
	var reqs []sim.Request
	r.json(t, &reqs)
	assert.Len(t, reqs, 4, "control requests are not logged")
	assert.Equal(t, "/api/auth/login/rc/accesstoken", reqs[1].Path)
	assert.Equal(t, "includeRefresh=true", reqs[1].RawQuery, "queries without secrets stay as sent")

	// The Go API is for tests in this process and shows everything.
	assert.Equal(t, "Bearer secret-bearer", e.srv.Requests()[2].Header.Get("Authorization"))
	assert.Equal(t, http.StatusNoContent, e.do("DELETE", "/_sim/requests", "").status)
	assert.Empty(t, e.srv.Requests())
}
