package sim_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// Hand-written from supervisor-data.md (real-time rows) and the lists subset of the spec; pointers
// where null is observable.

type rtAgent struct {
	AgentID                int     `json:"agentId"`
	Username               string  `json:"username"`
	FirstName              string  `json:"firstName"`
	AgentGroupID           int     `json:"agentGroupId"`
	AgentGroupName         string  `json:"agentGroupName"`
	AgentState             string  `json:"agentState"`
	StateTime              int     `json:"stateTime"`
	LoginTime              int     `json:"loginTime"`
	PendingDisposition     int     `json:"pendingDisposition"`
	PendingDispositionTime int     `json:"pendingDispositionTime"`
	LastUpdate             string  `json:"lastUpdate"`
	CallUII                string  `json:"callUii"`
	CallANI                string  `json:"callAni"`
	GateID                 *int    `json:"gateId"`
	CampaignID             *int    `json:"campaignId"`
	CallsHandled           int     `json:"callsHandled"`
	RNA                    int     `json:"rna"`
	TotalTalkTime          int     `json:"totalTalkTime"`
	CallSource             *string `json:"callSource"`
}

type rtInbound struct {
	GateID          int    `json:"gateId"`
	GateGroupID     int    `json:"gateGroupId"`
	GateName        string `json:"gateName"`
	GroupName       string `json:"groupName"`
	State           string `json:"state"`
	Active          int    `json:"active"`
	InQueue         int    `json:"inQueue"`
	Routing         int    `json:"routing"`
	LongestInQueue  int    `json:"longestInQueue"`
	Staffed         int    `json:"staffed"`
	Available       int    `json:"available"`
	Presented       int    `json:"presented"`
	Accepted        int    `json:"accepted"`
	Abandoned       int    `json:"abandoned"`
	SLAPass         int    `json:"slaPass"`
	SLAFail         int    `json:"slaFail"`
	TotalAnswerTime int    `json:"totalAnswerTime"`
	TotalTalkTime   int    `json:"totalTalkTime"`
}

type gateGroup struct {
	GateGroupID int    `json:"gateGroupId"`
	GroupName   string `json:"groupName"`
	Gates       []struct {
		GateID   int    `json:"gateId"`
		GateName string `json:"gateName"`
		IsActive bool   `json:"isActive"`
	} `json:"gates"`
}

type gateDisposition struct {
	GateDispositionID int    `json:"gateDispositionId"`
	Disposition       string `json:"disposition"`
	IsDisabled        bool   `json:"isDisabled"`
	RequireNote       bool   `json:"requireNote"`
	IsSuccess         bool   `json:"isSuccess"`
	Rank              int    `json:"rank"`
}

type dialGroup struct {
	DialGroupID   int    `json:"dialGroupId"`
	DialGroupName string `json:"dialGroupName"`
	Campaigns     []struct {
		CampaignID           int    `json:"campaignId"`
		CampaignName         string `json:"campaignName"`
		IsActive             int    `json:"isActive"`
		CampaignDispositions []struct {
			Disposition string `json:"disposition"`
			RequireNote bool   `json:"requireNote"`
		} `json:"campaignDispositions"`
	} `json:"campaigns"`
}

func getJSON[T any](e *env, path string) T {
	e.t.Helper()
	r := e.api("GET", path)
	require.Equal(e.t, http.StatusOK, r.status, "%s: %s", path, r.body)
	require.Equal(e.t, "application/json", r.header.Get("Content-Type"))
	var v T
	r.json(e.t, &v)
	return v
}

func rtAgents(e *env, acct string) []rtAgent {
	return getJSON[[]rtAgent](e, base+acct+"/realTimeData/agent")
}

func rtQueues(e *env, acct string) []rtInbound {
	return getJSON[[]rtInbound](e, base+acct+"/realTimeData/inbound")
}

func gateGroups(e *env, acct string) []gateGroup {
	return getJSON[[]gateGroup](e, base+acct+"/gateGroups/withChildren")
}

// checkAgentsMatchCalls: every answered call's agent reports it; nobody else claims a call.
func checkAgentsMatchCalls(t *testing.T, e *env, acct string) []rtAgent {
	t.Helper()
	rows := rtAgents(e, acct)
	byUser := map[string]rtAgent{}
	for _, r := range rows {
		byUser[r.Username] = r
	}
	gateIDs := map[string]int{}
	for _, g := range gateGroups(e, acct) {
		for _, q := range g.Gates {
			gateIDs[q.GateName] = q.GateID
		}
	}
	onCall := 0
	for _, c := range e.srv.Calls(acct) {
		if c.AgentUsername == "" {
			continue
		}
		onCall++
		r, ok := byUser[c.AgentUsername]
		require.True(t, ok, "agent %s of call %s is logged in", c.AgentUsername, c.UII)
		assert.Equal(t, c.UII, r.CallUII)
		assert.Equal(t, "ON_CALL", r.AgentState)
		assert.Equal(t, c.ANI, r.CallANI)
		if id, ok := gateIDs[c.DestinationName]; ok {
			require.NotNil(t, r.GateID, c.UII)
			assert.Equal(t, id, *r.GateID)
			assert.Nil(t, r.CampaignID)
		}
	}
	claimed := 0
	for _, r := range rows {
		assert.GreaterOrEqual(t, r.StateTime, 0)
		assert.GreaterOrEqual(t, r.LoginTime, r.StateTime-1, r.Username)
		if r.CallUII != "" {
			claimed++
			continue
		}
		assert.NotEqual(t, "ON_CALL", r.AgentState, r.Username)
		assert.Nil(t, r.GateID)
	}
	assert.Equal(t, onCall, claimed, "exactly the agents on calls report a uii")
	return rows
}

// checkQueuesMatchCalls: inQueue, longestInQueue and active are the calls list's, per queue.
func checkQueuesMatchCalls(t *testing.T, e *env, acct string, now time.Time) []rtInbound {
	t.Helper()
	rows := rtQueues(e, acct)
	waiting, longest, talking := map[string]int{}, map[string]int{}, map[string]int{}
	for _, c := range e.srv.Calls(acct) {
		switch {
		case c.AgentUsername == "":
			waiting[c.DestinationName]++
			longest[c.DestinationName] = max(longest[c.DestinationName], int(now.Sub(c.EnqueueTime)/time.Second))
		case c.DequeueTime != nil:
			talking[c.DestinationName]++
		}
	}
	for _, q := range rows {
		assert.Equal(t, waiting[q.GateName], q.InQueue, q.GateName)
		assert.Equal(t, longest[q.GateName], q.LongestInQueue, q.GateName)
		assert.Equal(t, talking[q.GateName], q.Active, q.GateName)
		assert.Equal(t, q.Accepted, q.SLAPass+q.SLAFail, q.GateName)
		assert.LessOrEqual(t, q.Accepted+q.Abandoned, q.Presented, q.GateName)
		assert.LessOrEqual(t, q.Available, q.Staffed)
		assert.Equal(t, "OPEN", q.State)
	}
	return rows
}

func TestRealTimeAgentsFollowCalls(t *testing.T) {
	e := staticEnv(t)
	rows := checkAgentsMatchCalls(t, e, care)
	states := map[string]int{}
	for _, r := range rows {
		states[r.AgentState]++
		assert.Equal(t, 5001, r.AgentGroupID)
		assert.Equal(t, "Northwind Care Agents", r.AgentGroupName)
		if r.AgentState == "WRAP_UP" {
			assert.Equal(t, 1, r.PendingDisposition)
			assert.Equal(t, r.StateTime, r.PendingDispositionTime)
		} else {
			assert.Zero(t, r.PendingDisposition, r.AgentState)
		}
	}
	for _, st := range []string{"ON_CALL", "AVAILABLE", "WRAP_UP", "LUNCH", "AWAY"} {
		assert.Positive(t, states[st], "some agents %s: %v", st, states)
	}

	// The roster lists everyone, logged out too; the live rows are its logged-in members.
	groups := getJSON[[]struct {
		AgentGroupID int    `json:"agentGroupId"`
		GroupName    string `json:"groupName"`
	}](e, base+care+"/agentGroups")
	require.Len(t, groups, 1)
	roster := getJSON[[]struct {
		AgentID  int    `json:"agentId"`
		Username string `json:"username"`
		IsActive bool   `json:"isActive"`
	}](e, base+care+"/agentGroups/"+strconv.Itoa(groups[0].AgentGroupID)+"/agents")
	ids := map[int]string{}
	for _, a := range roster {
		ids[a.AgentID] = a.Username
	}
	for _, r := range rows {
		assert.Equal(t, r.Username, ids[r.AgentID])
	}
	assert.Greater(t, len(roster), len(rows), "some of the roster is logged out")
	assert.Len(t, roster, len(e.srv.Agents(care)))

	// An agent whose call is hung up wraps up with a pending disposition; a manual call shows up.
	c := e.talking(care)
	assertAction(t, e.post(care, c.UII, "hangupCall", nil), true)
	for _, r := range rtAgents(e, care) {
		if r.Username == c.AgentUsername {
			assert.Equal(t, "WRAP_UP", r.AgentState)
			assert.Equal(t, 1, r.PendingDisposition)
			assert.Empty(t, r.CallUII)
		}
	}
}

func TestRealTimeLivingWorld(t *testing.T) {
	e := newEnv(t, sim.Config{})
	prev := checkQueuesMatchCalls(t, e, care, t0)
	checkAgentsMatchCalls(t, e, care)
	sawWrap := false
	for i := range 20 {
		e.clock.Advance(17 * time.Second)
		now := t0.Add(time.Duration(i+1) * 17 * time.Second)
		rows := checkQueuesMatchCalls(t, e, care, now)
		for j, q := range rows {
			assert.GreaterOrEqual(t, q.Presented, prev[j].Presented, "monotone")
			assert.GreaterOrEqual(t, q.Accepted, prev[j].Accepted, "monotone")
			assert.GreaterOrEqual(t, q.Abandoned, prev[j].Abandoned, "monotone")
			assert.GreaterOrEqual(t, q.TotalTalkTime, prev[j].TotalTalkTime, "monotone")
		}
		prev = rows
		for _, r := range checkAgentsMatchCalls(t, e, care) {
			if r.AgentState == "WRAP_UP" && r.CallsHandled > 0 {
				sawWrap = true
			}
		}
	}
	assert.True(t, sawWrap, "agents wrap up after their calls")
	assert.Positive(t, prev[0].Presented, "today's counts are plausible at 15:09")
}

func TestRealTimeQueueCounts(t *testing.T) {
	e := staticEnv(t)
	e.srv.AddCall(care, sim.CallSpec{Queue: "Renewals", Queued: true, Age: 95 * time.Second})
	e.srv.AddCall(care, sim.CallSpec{Queue: "Renewals", Queued: true, Age: 10 * time.Second})
	rows := checkQueuesMatchCalls(t, e, care, t0)
	require.Len(t, rows, 5)
	for _, q := range rows {
		assert.Equal(t, 3001, q.GateGroupID)
		assert.Equal(t, "Northwind Care Queues", q.GroupName)
		if q.GateName == "Renewals" {
			assert.GreaterOrEqual(t, q.InQueue, 2)
			assert.GreaterOrEqual(t, q.LongestInQueue, 95)
		}
	}
	// The main account covers both sub-accounts.
	assert.Len(t, rtQueues(e, "12440001"), 8)
	assert.Len(t, rtAgents(e, "12440001"), len(rtAgents(e, care))+len(rtAgents(e, billing)))
}

func TestRealTimeDeterministicAndStatic(t *testing.T) {
	bodies := func(e *env) (string, string) {
		return e.api("GET", base+care+"/realTimeData/agent").body, e.api("GET", base+care+"/realTimeData/inbound").body
	}
	a, b := newEnv(t, sim.Config{Seed: 7}), newEnv(t, sim.Config{Seed: 7})
	a.clock.Advance(time.Minute)
	b.clock.Advance(time.Minute)
	a1, a2 := bodies(a)
	b1, b2 := bodies(b)
	assert.Equal(t, a1, b1)
	assert.Equal(t, a2, b2)

	s := newEnv(t, sim.Config{Seed: 7, Static: true})
	s1, s2 := bodies(s)
	s.clock.Advance(10 * time.Minute)
	t1, t2 := bodies(s)
	assert.Equal(t, s1, t1, "a static world's agents do not change by themselves")
	assert.Equal(t, s2, t2, "nor its queues")
}

func TestDispositionsPerQueueAndCampaign(t *testing.T) {
	e := staticEnv(t)
	groups := gateGroups(e, care)
	require.Len(t, groups, 1)
	g := groups[0]
	gate := map[string]int{}
	for _, q := range g.Gates {
		gate[q.GateName] = q.GateID
		assert.True(t, q.IsActive)
	}
	gates := getJSON[[]struct {
		GateID int `json:"gateId"`
	}](e, base+care+"/gateGroups/"+strconv.Itoa(g.GateGroupID)+"/gates")
	assert.Len(t, gates, len(g.Gates))

	disps := func(queue string) []gateDisposition {
		return getJSON[[]gateDisposition](e, base+care+"/gateGroups/"+strconv.Itoa(g.GateGroupID)+
			"/gates/"+strconv.Itoa(gate[queue])+"/dispositions")
	}
	agents := rtAgents(e, care)
	freeAgent := func() string {
		for _, a := range agents {
			if a.AgentState == "AVAILABLE" {
				agents = agents[1:]
				return a.Username
			}
			agents = agents[1:]
		}
		t.Fatal("no free agent")
		return ""
	}
	dispose := func(uii, name string) result {
		return e.post(care, uii, "dispositionCall", url.Values{"disposition": {name}, "callback": {"false"}})
	}
	tech := e.srv.AddCall(care, sim.CallSpec{Queue: "Tech Support", AgentUsername: freeAgent()})
	renew := e.srv.AddCall(care, sim.CallSpec{Queue: "Renewals", AgentUsername: freeAgent()})
	camp := e.srv.AddCall(care, sim.CallSpec{Queue: "Renewal Outreach", AgentUsername: freeAgent()})
	require.NotEmpty(t, tech)
	require.NotEmpty(t, renew)
	require.NotEmpty(t, camp)

	techDisps := disps("Tech Support")
	names := map[string]bool{}
	for i, d := range techDisps {
		assert.Equal(t, i+1, d.Rank)
		names[d.Disposition] = !d.IsDisabled
		assertAction(t, dispose(tech, d.Disposition), !d.IsDisabled)
	}
	assert.True(t, names["Ticket Opened"], "a queue's own disposition")
	assert.Contains(t, names, "Transferred (legacy)", "disabled ones are listed")
	assertAction(t, dispose(renew, "Ticket Opened"), false)
	assertAction(t, dispose(renew, "Renewed"), true)
	assertAction(t, dispose(renew, "Not Interested"), false) // the campaign's, not the queue's
	assertAction(t, dispose(renew, "Transferred (legacy)"), false)
	assertAction(t, dispose(renew, "ANSWER"), false)

	dgs := getJSON[[]dialGroup](e, base+care+"/dialGroups/withChildren")
	require.Len(t, dgs, 1)
	require.Len(t, dgs[0].Campaigns, 2)
	c := dgs[0].Campaigns[0]
	assert.Equal(t, "Renewal Outreach", c.CampaignName)
	assert.Equal(t, 1, c.IsActive)
	for _, d := range c.CampaignDispositions {
		assertAction(t, dispose(camp, d.Disposition), true)
	}
	assertAction(t, dispose(camp, "Ticket Opened"), false)

	sys := getJSON[[]string](e, base+care+"/campaignLeads/systemDispositions")
	assert.Len(t, sys, 17, "the spec's enum, whole")
	assert.Equal(t, "ANSWER", sys[0])
	assert.Equal(t, "API_ERROR", sys[16])
}

func TestReferenceListParameters(t *testing.T) {
	e := staticEnv(t)
	all := getJSON[[]gateGroup](e, base+"12440001/gateGroups/withChildren")
	require.Len(t, all, 2)
	page1 := getJSON[[]gateGroup](e, base+"12440001/gateGroups/withChildren?page=1&maxRows=1&includePermissions=true")
	require.Len(t, page1, 1)
	assert.Equal(t, all[1].GateGroupID, page1[0].GateGroupID)
	assert.Empty(t, getJSON[[]gateGroup](e, base+"12440001/gateGroups/withChildren?page=5&maxRows=1"))
	assert400(t, e.api("GET", base+care+"/agentGroups?maxRows=0"), "maxRows")
	assert400(t, e.api("GET", base+care+"/dialGroups/withChildren?page=-1"), "page")
	assert400(t, e.api("GET", base+care+"/gateGroups/withChildren?includePermissions=maybe"), "includePermissions")
	assert400(t, e.api("GET", base+care+"/agentGroups/abc/agents"), "agentGroupId")
	assert400(t, e.api("GET", base+care+"/gateGroups/3001/gates/x/dispositions"), "gateId")
	for _, p := range []string{"/agentGroups/5002/agents", "/gateGroups/3002/gates", "/gateGroups/3001/gates/10411/dispositions"} {
		r := e.api("GET", base+care+p) // billing's groups are not care's
		assert.Equal(t, http.StatusNotFound, r.status, p)
		assert.Equal(t, "NOT_FOUND", r.apiErr(t).ErrorCode)
	}
	for _, p := range []string{"/realTimeData/agent", "/realTimeData/inbound", "/agentGroups", "/agentGroups/5001/agents",
		"/gateGroups/withChildren", "/gateGroups/3001/gates", "/gateGroups/3001/gates/10401/dispositions",
		"/campaignLeads/systemDispositions", "/dialGroups/withChildren"} {
		r := e.api("POST", base+care+p)
		assert.Equal(t, http.StatusMethodNotAllowed, r.status, p)
		assert.Equal(t, "GET", r.header.Get("Allow"))
		assert.Equal(t, http.StatusForbidden, e.api("GET", base+"99999999"+p).status, p)
		assert.Equal(t, http.StatusUnauthorized, e.do("GET", base+care+p, "").status, p)
	}
}

func TestReportingDenied(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, DenyReporting: true, Control: true})
	for _, p := range []string{"/realTimeData/agent", "/realTimeData/inbound"} {
		r := e.api("GET", base+care+p)
		require.Equal(t, http.StatusForbidden, r.status, p)
		assert.Equal(t, "application/json", r.header.Get("Content-Type"))
		var body map[string]any
		r.json(t, &body)
		assert.Equal(t, "access.denied.exception", body["errorCode"])
		assert.Equal(t, "You do not have permission to access this resource", body["generalMessage"])
		assert.Equal(t, float64(t0.UnixMilli()), body["timestamp"])
	}
	assert.NotEmpty(t, e.list(care, "product=ACCOUNT&productId="+care), "the calls list is unaffected")
	assert.Equal(t, http.StatusOK, e.api("GET", base+care+"/agentGroups").status)

	r := e.do("POST", "/_sim/reporting?denied=false", "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, http.StatusOK, e.api("GET", base+care+"/realTimeData/agent").status)
	require.Equal(t, http.StatusOK, e.do("POST", "/_sim/reporting?denied=true", "").status)
	assert.Equal(t, http.StatusForbidden, e.api("GET", base+care+"/realTimeData/inbound").status)
	assert.Equal(t, http.StatusBadRequest, e.do("POST", "/_sim/reporting?denied=maybe", "").status)
	e.srv.SetReportingDenied(false)
	assert.Equal(t, http.StatusOK, e.api("GET", base+care+"/realTimeData/inbound").status)
}

func TestReportingFaults(t *testing.T) {
	e := staticEnv(t)
	e.srv.SetFaults(sim.Faults{Force429: 1})
	r := e.api("GET", base+care+"/realTimeData/agent")
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.NotEmpty(t, r.header.Get("Retry-After"))
	e.srv.SetFaults(sim.Faults{Outage: true})
	assert.Equal(t, http.StatusServiceUnavailable, e.api("GET", base+care+"/realTimeData/inbound").status)
	assert.Equal(t, http.StatusServiceUnavailable, e.api("GET", base+care+"/agentGroups").status)
	e.srv.SetFaults(sim.Faults{ErrorRate: 1})
	assert.GreaterOrEqual(t, e.api("GET", base+care+"/gateGroups/withChildren").status, 500)
	e.srv.SetFaults(sim.Faults{})
	assert.Equal(t, http.StatusOK, e.api("GET", base+care+"/realTimeData/inbound").status)
}

func TestSignedInUser(t *testing.T) {
	e := staticEnv(t)
	r := e.api("GET", "/voice/api/v1/admin/auth")
	require.Equal(t, http.StatusOK, r.status, r.body)
	var v struct {
		AuthToken *string `json:"authToken"`
		Accounts  []struct {
			AccountID string `json:"accountId"`
		} `json:"accounts"`
		User struct {
			UserName        string `json:"userName"`
			FirstName       string `json:"firstName"`
			PhoneNumberE164 string `json:"phoneNumberE164"`
		} `json:"user"`
	}
	r.json(t, &v)
	assert.Len(t, v.Accounts, 2)
	assert.Equal(t, "jordan.avery@northwind.example", v.User.UserName)
	assert.Equal(t, "Jordan", v.User.FirstName)
	assert.Equal(t, "+16505550100", v.User.PhoneNumberE164)
	require.NotNil(t, v.AuthToken)
	assert.NotContains(t, r.body, apiTok, "the caller's token is not echoed")
	assert.Equal(t, http.StatusUnauthorized, e.do("GET", "/voice/api/v1/admin/auth", "").status)
	r = e.api("POST", "/voice/api/v1/admin/auth")
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "GET", r.header.Get("Allow"))
}

// A floor found mid-shift has agents who handled different numbers of
// calls: the seeded counters must not come out the same for everyone (they
// did, when the pace and the login time grew with the same stride).
func TestSeededCallCountsDifferByAgent(t *testing.T) {
	e := staticEnv(t)
	handled, rna := map[int]bool{}, map[int]bool{}
	for _, r := range rtAgents(e, care) {
		handled[r.CallsHandled] = true
		rna[r.RNA] = true
	}
	assert.Greater(t, len(handled), 5, "calls handled")
	assert.Greater(t, len(rna), 2, "rang, not answered")
}
