package api

// Joins between the supervisor feeds. The Active Calls list has no agent
// or queue id; realTimeData/agent's callUii, gateId and campaignId are the
// only link (supervisor-data.md, [guess]). They live here so the board and
// the commands join the same way.

import (
	"cmp"
	"slices"
	"strings"
)

// MergeRoster is the agents view's list: every real-time row (in order),
// then every active roster member without one, as an Agent with LoggedOut
// set. Rows join on AgentID; a real-time row missing its username, names,
// email, type or group takes them from the roster. Roster members that are
// not active (disabled accounts) are left out unless they are logged in.
// Neither input is changed.
func MergeRoster(live []Agent, roster []RosterAgent) []Agent {
	byID := make(map[string]RosterAgent, len(roster))
	for _, r := range roster {
		if r.AgentID != "" {
			if _, dup := byID[r.AgentID]; !dup {
				byID[r.AgentID] = r
			}
		}
	}
	out := make([]Agent, 0, max(len(live), len(roster)))
	loggedIn := make(map[string]bool, len(live))
	for _, a := range live {
		if r, ok := byID[a.AgentID]; ok && a.AgentID != "" {
			fillFromRoster(&a, r)
		}
		loggedIn[a.AgentID] = true
		out = append(out, a)
	}
	for _, r := range roster {
		if !r.Active || (r.AgentID != "" && loggedIn[r.AgentID]) {
			continue
		}
		if r.AgentID != "" {
			loggedIn[r.AgentID] = true // listed twice: once
		}
		a := Agent{LoggedOut: true}
		fillFromRoster(&a, r)
		a.AgentID = r.AgentID
		out = append(out, a)
	}
	return out
}

func fillFromRoster(a *Agent, r RosterAgent) {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&a.Username, r.Username)
	fill(&a.FirstName, r.FirstName)
	fill(&a.LastName, r.LastName)
	fill(&a.Email, r.Email)
	fill(&a.AgentType, r.AgentType)
	fill(&a.AgentGroupID, r.GroupID)
	if a.AgentGroupID == r.GroupID {
		fill(&a.AgentGroupName, r.GroupName)
	}
}

// AgentsByCall indexes agents by the uii of the call they are on (OnCall).
// Should two rows name the same call (a transfer in progress), the first
// wins.
func AgentsByCall(agents []Agent) map[string]Agent {
	m := make(map[string]Agent)
	for _, a := range agents {
		if uii, ok := a.OnCall(); ok {
			if _, dup := m[uii]; !dup {
				m[uii] = a
			}
		}
	}
	return m
}

// GatesByID indexes every gate of the groups by its id, each carrying its
// GroupID: what GateDispositions needs for an Agent's GateID.
func GatesByID(groups []GateGroup) map[string]Gate {
	m := make(map[string]Gate)
	for _, g := range groups {
		for _, gate := range g.Gates {
			if gate.ID == "" {
				continue
			}
			if gate.GroupID == "" {
				gate.GroupID = g.ID
			}
			if _, dup := m[gate.ID]; !dup {
				m[gate.ID] = gate
			}
		}
	}
	return m
}

// GateNamed is the one gate named exactly name (as the Active Calls list
// names a call's queue in destinationName), with its GroupID: the join for
// a call whose agent realTimeData/agent does not name. A name that no
// gate has, or that gates in two groups share (a gate listed twice under
// one id counts once), finds none: a wrong queue's dispositions are worse
// than none.
func GateNamed(groups []GateGroup, name string) (Gate, bool) {
	var found Gate
	n := 0
	for _, gate := range GatesByID(groups) {
		if name == "" || gate.Name != name {
			continue
		}
		if n++; n > 1 {
			return Gate{}, false
		}
		found = gate
	}
	return found, n == 1
}

// CampaignsByID indexes every campaign of the dial groups by its id.
func CampaignsByID(groups []DialGroup) map[string]Campaign {
	m := make(map[string]Campaign)
	for _, g := range groups {
		for _, c := range g.Campaigns {
			if c.ID == "" {
				continue
			}
			if _, dup := m[c.ID]; !dup {
				m[c.ID] = c
			}
		}
	}
	return m
}

// Free reports whether the agent is logged in, available and not on a
// call: someone a new call can ring now.
func (a Agent) Free() bool {
	_, on := a.OnCall()
	return !a.LoggedOut && a.Class() == AgentAvailable && !on
}

// DialCandidates is whom a manual agent call may be placed for, in the
// order a picker offers them: logged-in agents with a username, the free
// ones first, each part by username (case-insensitively), each username
// once. Logged-out agents are left out — RingCX rings only a logged-in
// agent's phone — and counted; free counts the free ones at the head. The
// board's new-call form and `callboard dial` offer this same list.
func DialCandidates(agents []Agent) (out []Agent, free, loggedOut int) {
	seen := make(map[string]bool, len(agents))
	for _, a := range agents {
		switch {
		case strings.TrimSpace(a.Username) == "" || seen[a.Username]:
			continue // nobody to name, or listed twice
		case a.LoggedOut:
			loggedOut++
			continue
		}
		seen[a.Username] = true
		if a.Free() {
			free++
		}
		out = append(out, a)
	}
	rank := func(a Agent) int {
		if a.Free() {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(x, y Agent) int {
		return cmp.Or(cmp.Compare(rank(x), rank(y)), strings.Compare(strings.ToLower(x.Username), strings.ToLower(y.Username)))
	})
	return out, free, loggedOut
}
