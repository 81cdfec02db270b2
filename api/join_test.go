package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMergeRoster(t *testing.T) {
	live := []Agent{
		{AgentID: "1", State: "AVAILABLE"},                                  // names only in the roster
		{AgentID: "2", Username: "b-live", FirstName: "Bea", State: "AWAY"}, // its own names win
		{AgentID: "9", Username: "ghost", State: "ENGAGED"},                 // not on the roster
	}
	roster := []RosterAgent{
		{AgentID: "1", Username: "a", FirstName: "Ann", LastName: "Ash", Email: "a@x", AgentType: "AGENT", GroupID: "7", GroupName: "Tier 1", Active: true},
		{AgentID: "2", Username: "b", FirstName: "Bob", LastName: "Bell", GroupID: "7", GroupName: "Tier 1", Active: true},
		{AgentID: "3", Username: "c", GroupID: "8", GroupName: "Tier 2", Active: true},
		{AgentID: "3", Username: "c-again", Active: true},
		{AgentID: "4", Username: "disabled", Active: false},
	}
	liveBefore := append([]Agent(nil), live...)
	got := MergeRoster(live, roster)
	assert.Equal(t, []Agent{
		{AgentID: "1", Username: "a", FirstName: "Ann", LastName: "Ash", Email: "a@x", AgentType: "AGENT", AgentGroupID: "7", AgentGroupName: "Tier 1", State: "AVAILABLE"},
		{AgentID: "2", Username: "b-live", FirstName: "Bea", LastName: "Bell", AgentGroupID: "7", AgentGroupName: "Tier 1", State: "AWAY"},
		{AgentID: "9", Username: "ghost", State: "ENGAGED"},
		{AgentID: "3", Username: "c", AgentGroupID: "8", AgentGroupName: "Tier 2", LoggedOut: true},
	}, got)
	assert.Equal(t, liveBefore, live, "input unchanged")
	assert.Equal(t, AgentLoggedOut, got[3].Class())
	assert.Equal(t, "logged out", got[3].Class().String())
	_, onCall := got[3].OnCall()
	assert.False(t, onCall)

	// A live row of another group does not take the roster's group name.
	mixed := MergeRoster([]Agent{{AgentID: "1", AgentGroupID: "8"}}, roster[:1])
	assert.Equal(t, "8", mixed[0].AgentGroupID)
	assert.Empty(t, mixed[0].AgentGroupName)

	assert.Empty(t, MergeRoster(nil, nil))
	assert.NotNil(t, MergeRoster(nil, nil))
}

func TestIndexes(t *testing.T) {
	byCall := AgentsByCall([]Agent{
		{AgentID: "1", CallUII: "111"}, {AgentID: "2"}, {AgentID: "3", CallUII: "111"}, {AgentID: "4", CallUII: "222"}, {AgentID: "5", CallUII: "000"},
	})
	assert.Len(t, byCall, 2)
	assert.Equal(t, "1", byCall["111"].AgentID, "the first row wins")
	assert.Equal(t, "4", byCall["222"].AgentID)

	gates := GatesByID([]GateGroup{
		{ID: "3", Gates: []Gate{{ID: "31", Name: "Sales"}, {ID: "", Name: "no id"}}},
		{ID: "4", Gates: []Gate{{ID: "41", GroupID: "9"}, {ID: "31", Name: "dup"}}},
	})
	assert.Equal(t, map[string]Gate{"31": {ID: "31", Name: "Sales", GroupID: "3"}, "41": {ID: "41", GroupID: "9"}}, gates)

	camps := CampaignsByID([]DialGroup{{ID: "4", Campaigns: []Campaign{{ID: "40", Name: "A"}, {Name: "no id"}}}, {Campaigns: []Campaign{{ID: "40", Name: "dup"}}}})
	assert.Equal(t, map[string]Campaign{"40": {ID: "40", Name: "A"}}, camps)
}

// DialCandidates: logged-in agents with a username, free first, each part
// by username whatever its case, each username once; the logged-out
// counted, not listed.
func TestDialCandidates(t *testing.T) {
	agents := []Agent{
		{Username: "zoe", State: "AVAILABLE"},
		{Username: "Bob", State: "AVAILABLE", CallUII: "202611300000000000000000000001"}, // available, yet on a call
		{Username: "amy", State: "LUNCH"},
		{Username: "", State: "AVAILABLE"}, // nobody to name
		{Username: "carl", State: "AVAILABLE", LoggedOut: true},
		{Username: "Ann", State: "AVAILABLE"},
		{Username: "zoe", State: "AWAY"}, // listed twice: the first counts
	}
	got, free, loggedOut := DialCandidates(agents)
	var names []string
	for _, a := range got {
		names = append(names, a.Username)
	}
	assert.Equal(t, []string{"Ann", "zoe", "amy", "Bob"}, names)
	assert.Equal(t, 2, free)
	assert.Equal(t, 1, loggedOut)
	assert.True(t, got[0].Free())
	assert.False(t, got[3].Free(), "on a call")
}

func TestGateNamedFindsOnlyAUniqueExactName(t *testing.T) {
	groups := []GateGroup{
		{ID: "1", Gates: []Gate{{ID: "10", Name: "Sales"}, {ID: "11", Name: "Sales EMEA"}, {ID: "12", Name: "Support"}}},
		{ID: "2", Gates: []Gate{{ID: "20", Name: "Support"}, {ID: "10", Name: "Sales"}}}, // 10 again: the same gate
	}
	g, ok := GateNamed(groups, "Sales")
	assert.True(t, ok)
	assert.Equal(t, Gate{ID: "10", Name: "Sales", GroupID: "1"}, g, "exact, with its group")
	_, ok = GateNamed(groups, "Support")
	assert.False(t, ok, "two gates share the name: neither")
	_, ok = GateNamed(groups, "sales")
	assert.False(t, ok, "exact: case counts")
	_, ok = GateNamed(groups, "Sale")
	assert.False(t, ok, "not a prefix")
	_, ok = GateNamed(groups, "")
	assert.False(t, ok)
}
