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

const supPhone = "+15554150123"

// post sends an action with its parameters in the query and, to prove it is ignored, a body.
func (e *env) post(acct, uii, action string, q url.Values) result {
	e.t.Helper()
	return e.do("POST", actionPath(acct, uii, action, q), `{"phone":"6501234567"}`,
		"X-Auth-Token", apiTok, "Content-Type", "application/json")
}

func assertAction(t *testing.T, r result, want bool) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "text/plain;charset=UTF-8", r.header.Get("Content-Type"))
	if want {
		assert.Equal(t, "true", r.body)
	} else {
		assert.Equal(t, "false", r.body)
	}
}

func assert400(t *testing.T, r result, attr string) {
	t.Helper()
	require.Equal(t, http.StatusBadRequest, r.status, r.body)
	ae := r.apiErr(t)
	var attrs []string
	for _, v := range ae.ValidationErrors {
		attrs = append(attrs, v.AttributeName)
	}
	assert.Contains(t, attrs, attr)
}

func TestAddAndHangupSession(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, DeniedSessionTypes: []string{"BARGEIN"}})
	c := e.talking(care)
	add := func(phone, typ string) result {
		return e.post(care, c.UII, "addSessionToCall", url.Values{"destination": {phone}, "sessionType": {typ}})
	}

	assertAction(t, add(supPhone, "MONITOR"), true)
	v, _ := e.srv.Call(c.UII)
	assert.Equal(t, map[string]string{supPhone: "MONITOR"}, v.Sessions)
	assertAction(t, add(supPhone, "COACHING"), false) // no switch-mode: hang up first
	assertAction(t, add("6501234567", "COACHING"), true)

	r := add("6509999999", "BARGEIN")
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "FORBIDDEN", r.apiErr(t).ErrorCode)

	hang := func(phone string) result {
		return e.post(care, c.UII, "hangupSession", url.Values{"phone": {phone}})
	}
	assertAction(t, hang(supPhone), true)
	assertAction(t, hang(supPhone), false)
	assertAction(t, add(supPhone, "COACHING"), true) // after hanging up, the phone may join in another mode
	v, _ = e.srv.Call(c.UII)
	assert.Equal(t, map[string]string{supPhone: "COACHING", "6501234567": "COACHING"}, v.Sessions)

	queued := e.srv.AddCall(care, sim.CallSpec{Queued: true})
	r = e.post(care, queued, "addSessionToCall", url.Values{"destination": {supPhone}, "sessionType": {"MONITOR"}})
	assertAction(t, r, false)

	for name, q := range map[string]url.Values{
		"destination": {"sessionType": {"MONITOR"}},
		"sessionType": {"destination": {supPhone}},
	} {
		assert400(t, e.post(care, c.UII, "addSessionToCall", q), name)
	}
	assert400(t, add("555-0123", "MONITOR"), "destination")
	assert400(t, add("123456", "MONITOR"), "destination")            // 6 digits
	assert400(t, add("+1234567890123456", "MONITOR"), "destination") // 16 digits
	assert400(t, add(supPhone, "monitor"), "sessionType")
	assert400(t, add(supPhone, "LISTEN"), "sessionType")
	assert400(t, hang("not-a-phone"), "phone")
	assert400(t, e.post(care, c.UII, "hangupSession", nil), "phone")
}

func TestToggleRecording(t *testing.T) {
	e := staticEnv(t)
	c := e.talking(care)
	assert.Nil(t, c.Recording)
	assertAction(t, e.post(care, c.UII, "toggleCallRecording", url.Values{"record": {"true"}}), true)
	v, _ := e.srv.Call(c.UII)
	require.NotNil(t, v.Recording)
	assert.True(t, *v.Recording)
	assertAction(t, e.post(care, c.UII, "toggleCallRecording", url.Values{"record": {"false"}}), true)
	v, _ = e.srv.Call(c.UII)
	assert.False(t, *v.Recording)
	assert400(t, e.post(care, c.UII, "toggleCallRecording", url.Values{"record": {"yes"}}), "record")
	assert400(t, e.post(care, c.UII, "toggleCallRecording", nil), "record")
}

func TestDispositionCall(t *testing.T) {
	e := staticEnv(t)
	c := e.talking(care)
	disp := func(q url.Values) result { return e.post(care, c.UII, "dispositionCall", q) }

	assertAction(t, disp(url.Values{"disposition": {"Resolved"}, "callback": {"false"}}), true)
	assertAction(t, disp(url.Values{"disposition": {"Callback Requested"}, "callback": {"true"},
		"callBackDTS": {"20260315093000"}, "notes": {"wants a call back, ñ ok"}}), true)
	v, _ := e.srv.Call(c.UII)
	assert.Equal(t, &sim.DispositionView{Disposition: "Callback Requested", Callback: true,
		CallbackDTS: "20260315093000", Notes: "wants a call back, ñ ok"}, v.Disposition)

	assertAction(t, disp(url.Values{"disposition": {"Made Up"}, "callback": {"false"}}), false)
	assert400(t, disp(url.Values{"callback": {"false"}}), "disposition")
	assert400(t, disp(url.Values{"disposition": {"Resolved"}}), "callback")
	assert400(t, disp(url.Values{"disposition": {"Resolved"}, "callback": {"maybe"}}), "callback")
	for _, dts := range []string{"2026-03-15 09:30", "20260230120000", "202603150930", "20261315093000", ""} {
		assert400(t, disp(url.Values{"disposition": {"Resolved"}, "callback": {"true"}, "callBackDTS": {dts}}), "callBackDTS")
	}
}

func TestHangupCallAnd404(t *testing.T) {
	e := staticEnv(t)
	c := e.talking(care)
	assertAction(t, e.post(care, c.UII, "hangupCall", nil), true)
	v, ok := e.srv.Call(c.UII)
	require.True(t, ok)
	assert.True(t, v.Ended)
	assert.NotContains(t, uiis(e.list(care, "product=ACCOUNT&productId="+care)), c.UII)
	agents := e.srv.Agents(care)
	for _, a := range agents {
		assert.NotEqual(t, c.UII, a.OnCall, "agent freed")
	}

	for _, action := range []string{"hangupCall", "addSessionToCall", "hangupSession", "toggleCallRecording", "dispositionCall"} {
		r := e.post(care, c.UII, action, url.Values{"destination": {supPhone}, "sessionType": {"MONITOR"},
			"phone": {supPhone}, "record": {"true"}, "disposition": {"Resolved"}, "callback": {"false"}})
		require.Equal(t, http.StatusNotFound, r.status, action)
		ae := r.apiErr(t)
		assert.Equal(t, "NOT_FOUND", ae.ErrorCode)
		assert.Contains(t, ae.Details, c.UII)
	}
	assert400(t, e.post(care, c.UII, "toggleCallRecording", nil), "record") // parameters are checked before the lookup
	r := e.post(care, "202603141509260000000000000001", "hangupCall", nil)
	assert.Equal(t, http.StatusNotFound, r.status, "never existed")
	other := e.talking(billing)
	r = e.post(care, other.UII, "hangupCall", nil)
	assert.Equal(t, http.StatusNotFound, r.status, "a call of another account is not on this one")
	assert400(t, e.post(care, "abc123", "hangupCall", nil), "uii")
	assertAction(t, e.post("12440001", other.UII, "hangupCall", nil), true) // the main account covers its sub-accounts
}

func TestCreateManualAgentCall(t *testing.T) {
	e := staticEnv(t)
	var free, busy sim.AgentView
	loggedOut := ""
	for _, a := range e.srv.Agents(care) {
		switch {
		case !a.LoggedIn:
			loggedOut = a.Username
		case a.OnCall == "" && free.Username == "":
			free = a
		case a.OnCall != "":
			busy = a
		}
	}
	require.NotEmpty(t, free.Username)
	require.NotEmpty(t, busy.Username)
	require.NotEmpty(t, loggedOut)
	manual := func(user, dest, ring, callerID string) result {
		q := url.Values{}
		for k, v := range map[string]string{"username": user, "destination": dest, "ringDuration": ring, "callerId": callerID} {
			if v != "" {
				q.Set(k, v)
			}
		}
		return e.do("POST", base+care+"/activeCalls/createManualAgentCall?"+q.Encode(), "", "X-Auth-Token", apiTok)
	}

	before := len(e.srv.Calls(care))
	assertAction(t, manual(free.Username, "6501234567", "20", "8885550011"), true)
	calls := e.srv.Calls(care)
	require.Len(t, calls, before+1)
	var mc sim.CallView
	for _, c := range calls {
		if c.AgentUsername == free.Username {
			mc = c
		}
	}
	assert.Equal(t, "8885550011", mc.ANI)
	assert.Equal(t, "6501234567", mc.DNIS)
	assert.Equal(t, "+16501234567", mc.DNISE164)
	assert.Equal(t, "Manual Outbound", mc.DestinationName)
	assert.Nil(t, mc.DequeueTime, "ringing")
	assert.Equal(t, free.FirstName, mc.AgentFirstName)

	assertAction(t, manual(free.Username, "6501234567", "20", "8885550011"), false) // now busy
	assertAction(t, manual(busy.Username, "6501234567", "20", "8885550011"), false)
	assertAction(t, manual(loggedOut, "6501234567", "20", "8885550011"), false)
	assertAction(t, manual("nobody+nc@northwind.example", "6501234567", "20", "8885550011"), false)

	e.clock.Advance(7 * time.Second) // pickup takes 2–6 s
	v, _ := e.srv.Call(mc.UII)
	require.NotNil(t, v.DequeueTime, "answered after a few seconds")
	assert.False(t, v.Ended)

	// A ring duration shorter than the pickup rings out.
	var other string
	for _, a := range e.srv.Agents(care) {
		if a.LoggedIn && a.OnCall == "" {
			other = a.Username
		}
	}
	assertAction(t, manual(other, "+447700900123", "1", "8885550011"), true)
	var rung string
	for _, c := range e.srv.Calls(care) {
		if c.AgentUsername == other {
			rung = c.UII
		}
	}
	e.clock.Advance(time.Second)
	v, _ = e.srv.Call(rung)
	assert.True(t, v.Ended)

	assert400(t, manual("", "6501234567", "20", "8885550011"), "username")
	assert400(t, manual(other, "", "20", "8885550011"), "destination")
	assert400(t, manual(other, "6501234567", "", "8885550011"), "ringDuration")
	assert400(t, manual(other, "6501234567", "20", ""), "callerId")
	assert400(t, manual(other, "6501234567", "twenty", "8885550011"), "ringDuration")
	assert400(t, manual(other, "6501234567", "3000000000", "8885550011"), "ringDuration")
	assert400(t, manual(other, "650-123-4567", "20", "8885550011"), "destination")
	assert400(t, manual(other, "6501234567", "20", "x"), "callerId")
}

func TestActionStatus201(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, ActionStatus: http.StatusCreated})
	c := e.talking(care)
	r := e.post(care, c.UII, "toggleCallRecording", url.Values{"record": {"true"}})
	assert.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "true", r.body)
	r = e.post(care, c.UII, "hangupSession", url.Values{"phone": {supPhone}})
	assert.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "false", r.body)
}
