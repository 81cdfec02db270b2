package api

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// AgentGroup is one entry of GET …/agentGroups (the spec's AgentGroup,
// trimmed to what the console uses).
type AgentGroup struct {
	ID        string // agentGroupId
	Name      string // groupName; untrusted text
	IsDefault bool
}

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (g *AgentGroup) UnmarshalJSON(b []byte) error {
	return unmarshalWire(b, g, (*wireAgentGroup).group)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (g *AgentGroup) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, g, &agentGroupWires, (*wireAgentGroup).group)
}

type wireAgentGroup struct {
	AgentGroupID flexString `json:"agentGroupId"`
	GroupName    flexString `json:"groupName"`
	IsDefault    flexFlag   `json:"isDefault"`
}

var agentGroupWires wirePool[wireAgentGroup]

func (w *wireAgentGroup) group() AgentGroup {
	return AgentGroup{ID: strings.TrimSpace(string(w.AgentGroupID)), Name: string(w.GroupName), IsDefault: bool(w.IsDefault)}
}

// RosterAgent is one entry of GET …/agentGroups/{agentGroupId}/agents (the
// spec's Agent, trimmed): a member of the roster, logged in or not. It
// joins realTimeData/agent (Agent) on AgentID. Text fields are untrusted.
type RosterAgent struct {
	AgentID         string
	Username        string // what createManualAgentCall takes
	FirstName       string
	LastName        string
	Email           string
	AgentType       string // AGENT, SUPERVISOR, MULTI_USER, MULTI_SUPERVISOR; kept as sent
	ExternalAgentID string
	// GroupID is the agent's group: groupId, else the nested agentGroup's
	// id, else (ListRoster) the group it was listed under.
	GroupID   string
	GroupName string // the nested agentGroup's name, or the listing group's
	Team      string
	Location  string
	// Active is isActive (or active, the spec's other spelling); an agent
	// whose answer has neither is taken as active, so nobody is hidden on
	// a guess.
	Active                      bool
	AllowManualCalls            bool
	DisableSupervisorMonitoring bool
}

// Name is "First Last", or the username when there is no name.
func (a RosterAgent) Name() string { return personName(a.FirstName, a.LastName, a.Username) }

type wireRosterAgent struct {
	AgentID         flexString `json:"agentId"`
	Username        flexString `json:"username"`
	FirstName       flexString `json:"firstName"`
	LastName        flexString `json:"lastName"`
	Email           flexString `json:"email"`
	AgentType       flexString `json:"agentType"`
	ExternalAgentID flexString `json:"externalAgentId"`
	GroupID         flexString `json:"groupId"`
	// agentGroup is an object in the spec; anything else is ignored.
	AgentGroup                  optObject[AgentGroup] `json:"agentGroup"`
	Team                        flexString            `json:"team"`
	Location                    flexString            `json:"location"`
	IsActive                    *flexFlag             `json:"isActive"`
	Active                      *flexFlag             `json:"active"`
	AllowManualCalls            flexFlag              `json:"allowManualCalls"`
	DisableSupervisorMonitoring flexFlag              `json:"disableSupervisorMonitoring"`
}

var rosterAgentWires wirePool[wireRosterAgent]

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (a *RosterAgent) UnmarshalJSON(b []byte) error {
	return unmarshalWire(b, a, (*wireRosterAgent).agent)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (a *RosterAgent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, a, &rosterAgentWires, (*wireRosterAgent).agent)
}

func (w *wireRosterAgent) agent() RosterAgent {
	a := RosterAgent{
		AgentID:                     strings.TrimSpace(string(w.AgentID)),
		Username:                    string(w.Username),
		FirstName:                   string(w.FirstName),
		LastName:                    string(w.LastName),
		Email:                       string(w.Email),
		AgentType:                   string(w.AgentType),
		ExternalAgentID:             string(w.ExternalAgentID),
		GroupID:                     strings.TrimSpace(string(w.GroupID)),
		Team:                        string(w.Team),
		Location:                    string(w.Location),
		Active:                      true,
		AllowManualCalls:            bool(w.AllowManualCalls),
		DisableSupervisorMonitoring: bool(w.DisableSupervisorMonitoring),
	}
	switch {
	case w.IsActive != nil:
		a.Active = bool(*w.IsActive)
	case w.Active != nil:
		a.Active = bool(*w.Active)
	}
	if g, ok := w.AgentGroup.v, w.AgentGroup.ok; ok {
		if a.GroupID == "" {
			a.GroupID = g.ID
		}
		if g.ID == "" || g.ID == a.GroupID {
			a.GroupName = g.Name
		}
	}
	return a
}

// AgentGroups lists the account's agent groups (GET …/agentGroups).
func (c *Client) AgentGroups(ctx context.Context, opts PageOptions) ([]AgentGroup, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	return getList[AgentGroup](ctx, c, "agent groups", q, "agentGroups")
}

// AgentGroupAgents lists one group's agents, logged in or not (GET
// …/agentGroups/{agentGroupId}/agents; the spec gives it no parameters).
func (c *Client) AgentGroupAgents(ctx context.Context, agentGroupID string) ([]RosterAgent, error) {
	if err := validateID("agentGroupId", agentGroupID); err != nil {
		return nil, err
	}
	return getList[RosterAgent](ctx, c, "agents of group "+agentGroupID, nil, "agentGroups", agentGroupID, "agents")
}

// ListRoster reads the whole roster: the agent groups, then each group's
// agents (1 + groups requests, returned as the second value for the
// budget). Each agent carries the group it was listed under where its own
// answer names none; an agent listed twice is kept once. A group that
// disappears between the two reads (404) is skipped; any other failure
// ends the read.
func (c *Client) ListRoster(ctx context.Context) ([]RosterAgent, int, error) {
	groups, err := c.AgentGroups(ctx, PageOptions{})
	if err != nil {
		return nil, 1, err
	}
	requests := 1
	var roster []RosterAgent
	seen := make(map[string]bool)
	for _, g := range groups {
		if validateID("agentGroupId", g.ID) != nil {
			continue // a group without a usable id cannot be asked for its agents
		}
		requests++
		agents, err := c.AgentGroupAgents(ctx, g.ID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, requests, fmt.Errorf("roster: %w", err)
		}
		for _, a := range agents {
			if a.AgentID != "" && seen[a.AgentID] {
				continue
			}
			seen[a.AgentID] = true
			if a.GroupID == "" {
				a.GroupID = g.ID
			}
			if a.GroupName == "" && a.GroupID == g.ID {
				a.GroupName = g.Name
			}
			roster = append(roster, a)
		}
	}
	if roster == nil {
		roster = []RosterAgent{}
	}
	return roster, requests, nil
}
