package sim_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoutesMethods(t *testing.T) {
	e := staticEnv(t)
	uii := e.talking(care).UII
	calls := base + care + "/activeCalls/"
	routes := []struct {
		path  string
		allow string
	}{
		{"/voice/api/v1/admin/accounts", "GET"},
		{"/voice/api/v1/admin/token", "GET,POST"},
		{calls + "list", "GET"},
		{calls + "createManualAgentCall", "POST"},
		{calls + uii + "/addSessionToCall", "POST"},
		{calls + uii + "/hangupSession", "POST"},
		{calls + uii + "/hangupCall", "POST"},
		{calls + uii + "/toggleCallRecording", "POST"},
		{calls + uii + "/dispositionCall", "POST"},
		{"/api/v1/admin/accounts", "GET"},
		{"/api/v1/admin/accounts/" + care + "/activeCalls/list", "GET"},
		{"/api/v1/admin/accounts/" + care + "/activeCalls/" + uii + "/hangupCall", "POST"},
		{"/restapi/oauth/token", "POST"},
		{"/api/auth/login/rc/accesstoken", "POST"},
		{"/api/auth/token/refresh", "POST"},
		{"/api/v1/auth/login", "POST"},
		{"/voice/api/v1/auth/login", "POST"},
	}
	for _, rt := range routes {
		for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
			if strings.Contains(rt.allow, m) {
				continue
			}
			t.Run(m+" "+rt.path, func(t *testing.T) {
				r := e.do(m, rt.path, "", "X-Auth-Token", apiTok)
				require.Equal(t, http.StatusMethodNotAllowed, r.status, r.body)
				assert.Equal(t, rt.allow, r.header.Get("Allow"))
				ae := r.apiErr(t)
				assert.Equal(t, "Request method '"+m+"' is not supported", ae.GeneralMessage)
				assert.Equal(t, rt.path, ae.RequestURI)
			})
		}
	}
}

func TestUnknownPaths(t *testing.T) {
	e := staticEnv(t)
	for _, p := range []string{
		"/", "/voice/api/v1/nope", "/voice/api/v2/admin/accounts", "/api/v1/admin/accounts/" + care + "/activeCalls",
		base + care + "/activeCalls/list/extra", base + care + "/activeCalls/123/notAnAction",
		"/_sim/faults", // control endpoints are off unless Config.Control
	} {
		r := e.do("GET", p, "", "X-Auth-Token", apiTok)
		assert.Equal(t, http.StatusNotFound, r.status, p)
		assert.Equal(t, "NOT_FOUND", r.apiErr(t).ErrorCode, p)
	}
}

func TestEveryResponseHasRequestID(t *testing.T) {
	e := staticEnv(t)
	seen := map[string]bool{}
	for _, r := range []result{
		e.api("GET", listPath(care, "product=ACCOUNT&productId="+care)),
		e.do("GET", listPath(care, "product=ACCOUNT&productId="+care), ""),
		e.do("GET", "/nope", ""),
		e.do("POST", "/restapi/oauth/token", ""),
		e.api("DELETE", "/voice/api/v1/admin/accounts"),
	} {
		id := r.header.Get("X-Request-Id")
		require.NotEmpty(t, id)
		assert.False(t, seen[id], "unique")
		seen[id] = true
	}
}

func TestRequestLog(t *testing.T) {
	e := staticEnv(t)
	e.do("POST", actionPath(care, "1", "hangupSession", nil)+"?phone=%2B15554150123", "ignored body", "X-Auth-Token", apiTok)
	reqs := e.srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, base+care+"/activeCalls/1/hangupSession", r.Path)
	assert.Equal(t, "phone=%2B15554150123", r.RawQuery)
	assert.Equal(t, "+15554150123", r.Query.Get("phone"))
	assert.Equal(t, apiTok, r.Header.Get("X-Auth-Token"))
	assert.Equal(t, "ignored body", r.Body)
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, t0, r.Time)
	assert.Equal(t, 1, e.srv.Stats().Requests)
	e.srv.ResetRequests()
	assert.Empty(t, e.srv.Requests())
	e.api("GET", "/voice/api/v1/admin/accounts")
	assert.Len(t, e.srv.Requests(), 1)
}

func TestRequestLogIsBounded(t *testing.T) {
	e := newEnvRaw(t)
	for range 10050 {
		e.serve("GET", "/voice/api/v1/admin/accounts")
	}
	reqs := e.srv.Requests()
	assert.Len(t, reqs, 10000)
	assert.Equal(t, 10050, e.srv.Stats().Requests)
}
