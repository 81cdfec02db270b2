package api

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// agentRow is a realTimeData/agent row with every field supervisor-data.md
// names, typed as the guide describes them.
const agentRow = `{
  "agentId": 1001, "firstName": "Ada", "lastName": "Lovelace", "username": "ada+acme@example.com",
  "email": "ada@example.com", "agentType": "AGENT", "agentGroupId": 7, "agentGroupName": "Tier 1",
  "agentLoginId": 555, "agentPhone": "+14155550100", "profileName": "Default",
  "agentState": "ON_CALL", "stateTime": 95, "loginTime": 3600, "pendingDisposition": 0,
  "pendingDispositionTime": 0, "isOffhook": 1, "isGhostLogin": 0, "lastUpdate": "2026-11-30T13:59:50.000+0000",
  "callUii": "202611301359000000000000000042", "callAni": "6505550142", "callDnis": "8005550100",
  "gateId": 31, "campaignId": null, "loginDialGroupId": 4, "callSource": "INBOUND", "callSourceDesc": "Sales",
  "callsHandled": 12, "rna": 1, "totalTalkTime": 2400
}`

func TestDecodeAgents(t *testing.T) {
	full := Agent{
		AgentID: "1001", FirstName: "Ada", LastName: "Lovelace", Username: "ada+acme@example.com",
		Email: "ada@example.com", AgentType: "AGENT", AgentGroupID: "7", AgentGroupName: "Tier 1",
		AgentLoginID: "555", AgentPhone: "+14155550100", ProfileName: "Default",
		State: "ON_CALL", StateTime: 95 * time.Second, LoginTime: time.Hour, Offhook: true,
		LastUpdate: time.Date(2026, 11, 30, 13, 59, 50, 0, time.UTC),
		CallUII:    "202611301359000000000000000042", CallANI: "6505550142", CallDNIS: "8005550100",
		GateID: "31", LoginDialGroupID: "4", CallSource: "INBOUND", CallSourceDesc: "Sales",
		CallsHandled: 12, RNA: 1, TotalTalkTime: 40 * time.Minute,
	}
	for _, tc := range []struct {
		name string
		body string
		want []Agent
	}{
		{"documented types", `[` + agentRow + `]`, []Agent{full}},
		{"empty array", `[]`, []Agent{}},
		{"empty body", ``, []Agent{}},
		{"null", `null`, []Agent{}},
		{"empty object", `[{}]`, []Agent{{}}},
		{"every field null", `[{"agentId":null,"agentState":null,"stateTime":null,"pendingDisposition":null,"callUii":null,"callsHandled":null,"lastUpdate":null}]`, []Agent{{}}},
		{
			"numbers and flags as strings",
			`[{"agentId":"1001","stateTime":"95","loginTime":"3600.0","pendingDisposition":"1","pendingDispositionTime":"30","isOffhook":"true","isGhostLogin":"false","callsHandled":"12","rna":" 1 ","totalTalkTime":"2400"}]`,
			[]Agent{{AgentID: "1001", StateTime: 95 * time.Second, LoginTime: time.Hour, PendingDisposition: true, PendingDispositionTime: 30 * time.Second, Offhook: true, CallsHandled: 12, RNA: 1, TotalTalkTime: 40 * time.Minute}},
		},
		{"flags as booleans", `[{"pendingDisposition":true,"isOffhook":false,"isGhostLogin":true}]`, []Agent{{PendingDisposition: true, GhostLogin: true}}},
		{"state when agentState is absent", `[{"state":"AVAILABLE"}]`, []Agent{{State: "AVAILABLE"}}},
		{"state when agentState is empty", `[{"agentState":"","state":"AWAY"}]`, []Agent{{State: "AWAY"}}},
		{"agentState wins over state", `[{"agentState":"LUNCH","state":"AWAY"}]`, []Agent{{State: "LUNCH"}}},
		{"keys in another case", `[{"AGENTID":5,"AgentState":"available","CALLUII":"123"}]`, []Agent{{AgentID: "5", State: "available", CallUII: "123"}}},
		{
			"unknown fields, nested or not",
			`[{"agentId":5,"skills":[{"id":1}],"extra":{"a":[1,2]},"newCounter":3,"agentState":"X"}]`,
			[]Agent{{AgentID: "5", State: "X"}},
		},
		{"unreadable timestamp is no timestamp", `[{"agentId":5,"lastUpdate":"soon"}]`, []Agent{{AgentID: "5"}}},
		{"uii as a JSON number keeps every digit", `[{"callUii":202611301359000000000000000042}]`, []Agent{{CallUII: "202611301359000000000000000042"}}},
		{
			"hostile text stays raw",
			`[{"firstName":"\u001b[2J\u001b]0;pwned\u0007Eve","lastName":"\u202eevil","agentState":"AWAY\r\nX","username":"` + "\u200f" + `u"}]`,
			[]Agent{{FirstName: "\x1b[2J\x1b]0;pwned\x07Eve", LastName: "\u202eevil", State: "AWAY\r\nX", Username: "\u200fu"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeAgents([]byte(tc.body))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDecodeAgentsRejectsOtherShapes(t *testing.T) {
	for _, body := range []string{`{"agents":[]}`, `true`, `"x"`, `[{"agentId":1}`, `[{"agentState":{"name":"AWAY"}}]`, `[{"stateTime":[1]}]`, `<html>`} {
		_, err := DecodeAgents([]byte(body))
		assert.ErrorIs(t, err, ErrMalformedResponse, body)
	}
}

func TestAgentClass(t *testing.T) {
	for _, tc := range []struct {
		state   string
		pending bool
		want    AgentClass
	}{
		{"AVAILABLE", false, AgentAvailable},
		{"available", false, AgentAvailable},
		{" Available ", false, AgentAvailable},
		{"ON_CALL", false, AgentEngaged},
		{"on call", false, AgentEngaged},
		{"ENGAGED", false, AgentEngaged},
		{"AWAY", false, AgentAway},
		{"LUNCH", false, AgentAway},
		{"on-break", false, AgentAway},
		{"WRAP_UP", false, AgentWrapUp},
		{"wrap-up", false, AgentWrapUp},
		{"TRANSITION", false, AgentOther},
		{"WORKING", false, AgentOther},
		{"Coaching session", false, AgentOther},
		{"", false, AgentOther},
		{"\x1b[31mAWAY", false, AgentOther},
		// A pending disposition is wrap-up, unless the agent is on a call.
		{"TRANSITION", true, AgentWrapUp},
		{"AVAILABLE", true, AgentWrapUp},
		{"", true, AgentWrapUp},
		{"ON_CALL", true, AgentEngaged},
	} {
		a := Agent{State: tc.state, PendingDisposition: tc.pending}
		assert.Equal(t, tc.want, a.Class(), "%q pending=%v", tc.state, tc.pending)
	}
	assert.Equal(t, "wrap-up", AgentWrapUp.String())
	assert.Equal(t, "other", AgentOther.String())
}

func TestAgentAwayIncludesAccountDefinedAuxStates(t *testing.T) {
	for _, tc := range []struct {
		a    Agent
		want bool
	}{
		{Agent{State: "AWAY"}, true},
		{Agent{State: "lunch"}, true},
		{Agent{State: "Coffee"}, true},
		{Agent{State: "Training"}, true},
		{Agent{State: "AVAILABLE"}, false},
		{Agent{State: "ON_CALL"}, false},
		{Agent{State: "TRANSITION"}, false},
		{Agent{State: "working"}, false},
		{Agent{State: ""}, false},
		{Agent{State: "  "}, false},
		{Agent{State: "Coffee", PendingDisposition: true}, false},
		{Agent{State: "Coffee", CallUII: "2026113012345"}, false},
		{Agent{State: "Coffee", CallUII: "0000"}, true},
		{Agent{State: "Coffee", LoggedOut: true}, false},
		{Agent{State: "AWAY", LoggedOut: true}, false},
	} {
		assert.Equal(t, tc.want, tc.a.Away(), "%+v", tc.a)
	}
}

func TestAgentTimes(t *testing.T) {
	asOf := stubNow
	a := Agent{StateTime: 95 * time.Second, PendingDisposition: true, PendingDispositionTime: 20 * time.Second, AsOf: asOf}
	assert.Equal(t, 95*time.Second, a.InState(asOf))
	assert.Equal(t, 100*time.Second, a.InState(asOf.Add(5*time.Second)), "ticks between polls")
	assert.Equal(t, 95*time.Second, a.InState(asOf.Add(-time.Minute)), "a clock going back does not shrink it")
	d, ok := a.PendingFor(asOf.Add(10 * time.Second))
	assert.True(t, ok)
	assert.Equal(t, 30*time.Second, d)

	a.PendingDisposition = false
	_, ok = a.PendingFor(asOf)
	assert.False(t, ok)

	decoded := Agent{StateTime: time.Minute} // no AsOf: taken as read
	assert.Equal(t, time.Minute, decoded.InState(asOf.Add(time.Hour)))
}

func TestAgentOnCall(t *testing.T) {
	for uii, want := range map[string]string{
		"202611301359000000000000000042": "202611301359000000000000000042",
		"":                               "",
		"0":                              "",
		"000000000000000000000000000000": "",
	} {
		got, ok := Agent{CallUII: uii}.OnCall()
		assert.Equal(t, want, got, uii)
		assert.Equal(t, want != "", ok, uii)
	}
	assert.Equal(t, "Ada Lovelace", Agent{FirstName: "Ada", LastName: "Lovelace", Username: "u"}.Name())
	assert.Equal(t, "u", Agent{Username: "u"}.Name())
}

// queueRow is a realTimeData/inbound row with every field supervisor-data.md
// names.
const queueRow = `{
  "gateId": 31, "gateGroupId": 3, "gateName": "Sales", "groupName": "Front desk", "schedule": "Weekdays",
  "scheduleOverride": null, "state": "OPEN", "lastUpdate": "2026-11-30T13:59:58.000+0000",
  "active": 4, "inQueue": 3, "routing": 1, "longestInQueue": 75, "staffed": 6, "available": 0,
  "presented": 120, "accepted": 100, "abandoned": 15, "deflected": 5, "shortAbandon": 2,
  "slaPass": 80, "slaFail": 20, "shortCall": 3, "longCall": 1, "successDispositions": 60,
  "totalQueueTime": 9000, "totalAnswerTime": 3000, "totalTalkTime": 36000, "totalAbandonTime": 600
}`

func TestDecodeQueues(t *testing.T) {
	full := Queue{
		GateID: "31", GateGroupID: "3", Name: "Sales", GroupName: "Front desk", Schedule: "Weekdays", State: "OPEN",
		LastUpdate: time.Date(2026, 11, 30, 13, 59, 58, 0, time.UTC),
		Active:     4, InQueue: 3, Routing: 1, LongestInQueue: 75 * time.Second, Staffed: 6,
		Presented: 120, Accepted: 100, Abandoned: 15, Deflected: 5, ShortAbandon: 2, SLAPass: 80, SLAFail: 20,
		ShortCall: 3, LongCall: 1, SuccessDispositions: 60,
		TotalQueueTime: 9000 * time.Second, TotalAnswerTime: 3000 * time.Second, TotalTalkTime: 10 * time.Hour, TotalAbandonTime: 10 * time.Minute,
		inQueueSent: true,
	}
	for _, tc := range []struct {
		name string
		body string
		want []Queue
	}{
		{"documented types", `[` + queueRow + `]`, []Queue{full}},
		{"empty", `[]`, []Queue{}},
		{"missing fields", `[{"gateId":"31"}]`, []Queue{{GateID: "31"}}},
		{"null counters", `[{"gateId":31,"inQueue":null,"slaPass":null,"longestInQueue":null}]`, []Queue{{GateID: "31"}}},
		{
			"numbers as strings",
			`[{"gateId":"31","inQueue":"3","longestInQueue":"75","available":"0","slaPass":"8","slaFail":"2","accepted":"10","totalAnswerTime":"300"}]`,
			[]Queue{{GateID: "31", InQueue: 3, inQueueSent: true, LongestInQueue: 75 * time.Second, SLAPass: 8, SLAFail: 2, Accepted: 10, TotalAnswerTime: 300 * time.Second}},
		},
		{"unknown fields", `[{"gateId":31,"chatQueueId":9,"sla":{"x":1},"tags":["a"]}]`, []Queue{{GateID: "31"}}},
		{"hostile names stay raw", `[{"gateName":"\u001b]8;;http://x\u0007Sales","groupName":"\u202eFront"}]`, []Queue{{Name: "\x1b]8;;http://x\x07Sales", GroupName: "\u202eFront"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeQueues([]byte(tc.body))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := DecodeQueues([]byte(`[{"inQueue":{"n":3}}]`))
	assert.ErrorIs(t, err, ErrMalformedResponse)
}

func TestQueueLogic(t *testing.T) {
	qs, err := DecodeQueues([]byte(`[` + queueRow + `]`))
	require.NoError(t, err)
	q := qs[0]
	q.AsOf = stubNow

	sl, ok := q.ServiceLevel()
	assert.True(t, ok)
	assert.InDelta(t, 0.8, sl, 1e-9)
	avg, ok := q.AverageWait()
	assert.True(t, ok)
	assert.Equal(t, 30*time.Second, avg)
	assert.Equal(t, 75*time.Second, q.LongestWait(stubNow))
	assert.Equal(t, 85*time.Second, q.LongestWait(stubNow.Add(10*time.Second)), "ticks between polls")
	assert.True(t, q.NobodyAvailable())
	open, known := q.Open()
	assert.True(t, open && known)

	_, ok = Queue{}.ServiceLevel()
	assert.False(t, ok, "no calls measured yet")
	_, ok = Queue{SLAPass: -1, SLAFail: 1}.ServiceLevel()
	assert.False(t, ok)
	_, ok = Queue{}.AverageWait()
	assert.False(t, ok)

	// Reported empty: no wait, whatever longestInQueue says.
	empty, err := DecodeQueues([]byte(`[{"inQueue":0,"longestInQueue":40,"available":0}]`))
	require.NoError(t, err)
	assert.Zero(t, empty[0].LongestWait(stubNow))
	assert.False(t, empty[0].NobodyAvailable())
	// Count missing: the longest wait is still shown.
	unknown, err := DecodeQueues([]byte(`[{"longestInQueue":40}]`))
	require.NoError(t, err)
	assert.Equal(t, 40*time.Second, unknown[0].LongestWait(stubNow))

	for state, want := range map[string][2]bool{"open": {true, true}, "CLOSED": {false, true}, "override": {false, false}, "": {false, false}} {
		open, known := Queue{State: state}.Open()
		assert.Equal(t, want, [2]bool{open, known}, state)
	}
}

func TestRealTimeRequests(t *testing.T) {
	t.Run("agents", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: `[` + agentRow + `]`})
		agents, err := s.client(t).RealTimeAgents(ctx(t))
		require.NoError(t, err)
		assertRequest(t, s.only(t), http.MethodGet, acctBase+"/realTimeData/agent", nil)
		require.Len(t, agents, 1)
		assert.Equal(t, stubNow, agents[0].AsOf)
		assert.Equal(t, "1001", agents[0].AgentID)
		uii, ok := agents[0].OnCall()
		assert.True(t, ok)
		assert.Equal(t, "202611301359000000000000000042", uii)
	})
	t.Run("queues", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: `[` + queueRow + `]`})
		queues, err := s.client(t).RealTimeQueues(ctx(t))
		require.NoError(t, err)
		assertRequest(t, s.only(t), http.MethodGet, acctBase+"/realTimeData/inbound", nil)
		require.Len(t, queues, 1)
		assert.Equal(t, stubNow, queues[0].AsOf)
		assert.Equal(t, 3, queues[0].InQueue)
	})
	t.Run("no content", func(t *testing.T) {
		s := newStub(t, stubAnswer{Status: http.StatusNoContent})
		agents, err := s.client(t).RealTimeAgents(ctx(t))
		require.NoError(t, err)
		assert.NotNil(t, agents)
		assert.Empty(t, agents)
	})
	t.Run("not a list", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: `{"error":"oops"}`})
		_, err := s.client(t).RealTimeQueues(ctx(t))
		assert.ErrorIs(t, err, ErrMalformedResponse)
		assert.Contains(t, err.Error(), "real-time queues")
	})
}

// A user without reporting rights: the feed's error is told apart from
// every other failure, so that view can say so and the rest go on.
func TestRealTimeAccessDenied(t *testing.T) {
	body := `{"errorCode":"access.denied.exception","generalMessage":"You do not have permission to access this resource","timestamp":1764511200000}`
	for name, call := range map[string]func(c *Client) error{
		"agents": func(c *Client) error { _, err := c.RealTimeAgents(ctx(t)); return err },
		"queues": func(c *Client) error { _, err := c.RealTimeQueues(ctx(t)); return err },
	} {
		t.Run(name, func(t *testing.T) {
			s := newStub(t, stubAnswer{Status: http.StatusForbidden, Body: body})
			err := call(s.client(t))
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrForbidden)
			assert.NotErrorIs(t, err, ErrUnauthorized)
			assert.NotErrorIs(t, err, ErrMalformedResponse)
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr))
			assert.Equal(t, "access.denied.exception", apiErr.ErrorCode)
			assert.Equal(t, "You do not have permission to access this resource", apiErr.Message)
			assert.NotContains(t, err.Error(), testAPIToken)
		})
	}
}

// A deployment without the endpoint: 404 is told apart too.
func TestRealTimeNotFound(t *testing.T) {
	s := newStub(t, stubAnswer{Status: http.StatusNotFound, Body: `{"generalMessage":"Not Found"}`})
	_, err := s.client(t).RealTimeAgents(ctx(t))
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrForbidden)
	assert.NotErrorIs(t, err, ErrCallNotFound)
}
