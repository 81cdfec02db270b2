package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/simtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Shapes from the spec subset's AgentGroup and Agent schemas, nested
// objects included (a decoder must pass over them).
const agentGroupsBody = `[
  {"agentGroupId": 7, "groupName": "Tier 1", "isDefault": true, "permissions": ["READ","REPORT"],
   "account": {"accountId": "12440011", "accountName": "Acme"}, "agents": {}},
  {"agentGroupId": 8, "groupName": "Tier 2", "isDefault": false}
]`

const rosterAgentBody = `[
  {"agentId": 1001, "username": "ada+acme@example.com", "firstName": "Ada", "lastName": "Lovelace",
   "email": "ada@example.com", "agentType": "AGENT", "isActive": true, "active": true, "groupId": 7,
   "agentGroup": {"agentGroupId": 7, "groupName": "Tier 1", "isDefault": true},
   "team": "Blue", "location": "Austin", "disableSupervisorMonitoring": false, "allowManualCalls": true,
   "externalAgentId": "crm-1001", "agentRank": 1, "createdOn": {"millis": 1588948847000, "zone": {"id": "UTC"}},
   "lastLoginDate": {"millis": 1588948847000}, "gateAssignments": [31, 32], "permissions": ["READ"],
   "agentGateAccess": {}, "whereSupervisee": [], "regionalSettings": {"timezone": "US/Central"},
   "password": null, "sipPassword": null},
  {"agentId": 1002, "username": "bob@example.com", "firstName": null, "lastName": null, "agentType": "SUPERVISOR",
   "isActive": false, "disableSupervisorMonitoring": true}
]`

func TestDecodeRoster(t *testing.T) {
	groups, err := decodeList[AgentGroup]([]byte(agentGroupsBody))
	require.NoError(t, err)
	assert.Equal(t, []AgentGroup{{ID: "7", Name: "Tier 1", IsDefault: true}, {ID: "8", Name: "Tier 2"}}, groups)

	agents, err := decodeList[RosterAgent]([]byte(rosterAgentBody))
	require.NoError(t, err)
	assert.Equal(t, []RosterAgent{
		{AgentID: "1001", Username: "ada+acme@example.com", FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
			AgentType: "AGENT", ExternalAgentID: "crm-1001", GroupID: "7", GroupName: "Tier 1", Team: "Blue", Location: "Austin",
			Active: true, AllowManualCalls: true},
		{AgentID: "1002", Username: "bob@example.com", AgentType: "SUPERVISOR", DisableSupervisorMonitoring: true},
	}, agents)
	assert.Equal(t, "Ada Lovelace", agents[0].Name())
	assert.Equal(t, "bob@example.com", agents[1].Name())

	for _, tc := range []struct {
		name string
		body string
		want RosterAgent
	}{
		{"nothing: active by default", `{}`, RosterAgent{Active: true}},
		{"active as the spec's other spelling", `{"active": false}`, RosterAgent{}},
		{"isActive wins over active", `{"isActive": "1", "active": false}`, RosterAgent{Active: true}},
		{"null flags: active by default", `{"isActive": null, "active": null}`, RosterAgent{Active: true}},
		{"ids as strings", `{"agentId": "1001", "groupId": " 7 "}`, RosterAgent{AgentID: "1001", GroupID: "7", Active: true}},
		{"group from the nested object", `{"agentGroup": {"agentGroupId": "9", "groupName": "Night"}}`, RosterAgent{GroupID: "9", GroupName: "Night", Active: true}},
		{"nested group of another id is not its name", `{"groupId": 7, "agentGroup": {"agentGroupId": 9, "groupName": "Night"}}`, RosterAgent{GroupID: "7", Active: true}},
		{"agentGroup not an object", `{"agentGroup": 9}`, RosterAgent{Active: true}},
		{"hostile text stays raw", `{"username": "x\u001b[8m", "team": "\u202eBlue"}`, RosterAgent{Username: "x\x1b[8m", Team: "\u202eBlue", Active: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeList[RosterAgent]([]byte("[" + tc.body + "]"))
			require.NoError(t, err)
			assert.Equal(t, []RosterAgent{tc.want}, got)
		})
	}
}

func TestRosterRequests(t *testing.T) {
	t.Run("agent groups", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: agentGroupsBody})
		groups, err := s.client(t).AgentGroups(ctx(t), PageOptions{})
		require.NoError(t, err)
		assertRequest(t, s.only(t), http.MethodGet, acctBase+"/agentGroups", nil)
		assert.Len(t, groups, 2)
	})
	t.Run("agent groups, one page", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: `[]`})
		_, err := s.client(t).AgentGroups(ctx(t), PageOptions{Page: 2, MaxRows: 50})
		require.NoError(t, err)
		assertRequest(t, s.only(t), http.MethodGet, acctBase+"/agentGroups", q("page", "2", "maxRows", "50"))
	})
	t.Run("agents of a group", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: rosterAgentBody})
		agents, err := s.client(t).AgentGroupAgents(ctx(t), "7")
		require.NoError(t, err)
		assertRequest(t, s.only(t), http.MethodGet, acctBase+"/agentGroups/7/agents", nil)
		assert.Len(t, agents, 2)
	})
	t.Run("bad input is refused before sending", func(t *testing.T) {
		s := newStub(t, stubAnswer{Body: `[]`})
		c := s.client(t)
		for _, id := range []string{"", "7/../8", "-1", "x", "99999999999"} {
			_, err := c.AgentGroupAgents(ctx(t), id)
			assert.ErrorIs(t, err, ErrInvalidInput, id)
		}
		for _, o := range []PageOptions{{Page: -1, MaxRows: 5}, {MaxRows: -1}, {Page: 3}} {
			_, err := c.AgentGroups(ctx(t), o)
			assert.ErrorIs(t, err, ErrInvalidInput, "%+v", o)
		}
		s.mu.Lock()
		assert.Empty(t, s.seen)
		s.mu.Unlock()
	})
	t.Run("forbidden", func(t *testing.T) {
		s := newStub(t, stubAnswer{Status: http.StatusForbidden, Body: `{"errorCode":"access.denied.exception","generalMessage":"You do not have permission to access this resource"}`})
		_, err := s.client(t).AgentGroups(ctx(t), PageOptions{})
		assert.ErrorIs(t, err, ErrForbidden)
	})
}

// ListRoster: groups, then each group's agents, merged; a group gone in
// between is skipped.
func TestListRoster(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch strings.TrimPrefix(r.URL.Path, acctBase) {
		case "/agentGroups":
			_, _ = w.Write([]byte(`[{"agentGroupId":7,"groupName":"Tier 1"},{"agentGroupId":8,"groupName":"Tier 2"},{"agentGroupId":9,"groupName":"Gone"},{"groupName":"no id"}]`))
		case "/agentGroups/7/agents":
			_, _ = w.Write([]byte(`[{"agentId":1,"username":"a"},{"agentId":2,"username":"b","groupId":7}]`))
		case "/agentGroups/8/agents":
			// Agent 2 again (listed in two groups), and one naming its own group.
			_, _ = w.Write([]byte(`[{"agentId":2,"username":"b"},{"agentId":3,"username":"c","agentGroup":{"agentGroupId":8,"groupName":"Second tier"}}]`))
		case "/agentGroups/9/agents":
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"generalMessage":"Agent group not found"}`))
		default:
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithServer(srv.URL), WithAccount(mainAccount), WithAuth(APITokenAuth(testAPIToken)),
		WithRequestsPerMinute(simtest.Unlimited), withClock(func() time.Time { return stubNow }))
	require.NoError(t, err)

	roster, n, err := c.ListRoster(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	assert.Equal(t, []RosterAgent{
		{AgentID: "1", Username: "a", GroupID: "7", GroupName: "Tier 1", Active: true},
		{AgentID: "2", Username: "b", GroupID: "7", GroupName: "Tier 1", Active: true},
		{AgentID: "3", Username: "c", GroupID: "8", GroupName: "Second tier", Active: true},
	}, roster)
	assert.Equal(t, []string{
		acctBase + "/agentGroups?", acctBase + "/agentGroups/7/agents?",
		acctBase + "/agentGroups/8/agents?", acctBase + "/agentGroups/9/agents?",
	}, paths)
}

func TestListRosterFailsOnOtherErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/agentGroups") {
			_, _ = w.Write([]byte(`[{"agentGroupId":7}]`))
			return
		}
		w.WriteHeader(http.StatusForbidden)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithServer(srv.URL), WithAccount(mainAccount), WithAuth(APITokenAuth(testAPIToken)), WithRequestsPerMinute(simtest.Unlimited))
	require.NoError(t, err)
	_, n, err := c.ListRoster(ctx(t))
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, 2, n)
}
