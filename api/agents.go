package api

import (
	"context"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Agent is one row of GET …/realTimeData/agent: one logged-in agent session.
// That endpoint is in RingCentral's developer guide, not in the published
// OpenAPI spec (supervisor-data.md, [guide][seen]); every field may be
// missing, null, or a number written as a string, and decodes to its zero
// value rather than failing the list. Text fields are exactly as the server
// sent them: untrusted, to be cleaned before display (see Clean).
type Agent struct {
	// Identity. AgentID is the key shared with the roster (RosterAgent).
	AgentID        string
	FirstName      string
	LastName       string
	Username       string // what createManualAgentCall takes
	Email          string
	AgentType      string // AGENT, SUPERVISOR, …: kept as sent
	AgentGroupID   string
	AgentGroupName string
	AgentLoginID   string
	AgentPhone     string
	ProfileName    string

	// State is RingCX's own label (agentState, or state when agentState is
	// absent), as sent; see Class for what the console knows about it.
	State string
	// StateTime is how long the agent had been in State when the answer
	// was read; InState adds the time since.
	StateTime time.Duration
	// LoginTime is how long the agent had been logged in.
	LoginTime          time.Duration
	PendingDisposition bool
	// PendingDispositionTime is how long the disposition had been pending.
	PendingDispositionTime time.Duration
	Offhook                bool
	GhostLogin             bool
	LastUpdate             time.Time // zero when not sent

	// The call the agent is on; empty otherwise. GateID (an inbound queue)
	// or CampaignID (outbound) names where it came from.
	CallUII          string
	CallANI          string
	CallDNIS         string
	GateID           string
	CampaignID       string
	LoginDialGroupID string
	CallSource       string
	CallSourceDesc   string

	// Session counters, reset at logout.
	CallsHandled  int
	RNA           int // rang, not answered
	TotalTalkTime time.Duration

	// AsOf is when the client read the answer (its own clock), the moment
	// the durations above were true. Zero for rows decoded without a client
	// (DecodeAgents): the durations are then taken as they are.
	AsOf time.Time

	// LoggedOut marks a roster member with no real-time row (MergeRoster);
	// RingCX never sends it.
	LoggedOut bool
}

// AgentClass is what the console understands of an agent's state label.
// RingCX's states are partly account-defined (aux states), so most labels are
// AgentOther: shown as RingCX wrote them, not coloured, never an error.
type AgentClass int

// The agent states the console knows.
const (
	AgentOther     AgentClass = iota // any label not below, or none
	AgentAvailable                   // ready for a call
	AgentEngaged                     // on a call
	AgentAway                        // away, lunch, break
	AgentWrapUp                      // after the call: wrap-up, or a disposition pending
	AgentLoggedOut                   // on the roster, not logged in (MergeRoster)
)

func (k AgentClass) String() string {
	switch k {
	case AgentAvailable:
		return "available"
	case AgentEngaged:
		return "engaged"
	case AgentAway:
		return "away"
	case AgentWrapUp:
		return "wrap-up"
	case AgentLoggedOut:
		return "logged out"
	}
	return "other"
}

// agentLabels maps normalised labels (upper case, spaces and hyphens as
// underscores) onto classes. AVAILABLE, ON_CALL, AWAY and WRAP_UP are the
// developer guide's examples; ENGAGED, AWAY and LUNCH are the WFM events'
// names. BREAK, ON_BREAK, WRAPUP, ONCALL and AFTER_CALL_WORK are guesses at
// spellings seen elsewhere; TRANSITION and WORKING are deliberately left
// out (their meaning is not documented).
var agentLabels = map[string]AgentClass{
	"AVAILABLE":       AgentAvailable,
	"ON_CALL":         AgentEngaged,
	"ONCALL":          AgentEngaged,
	"ENGAGED":         AgentEngaged,
	"AWAY":            AgentAway,
	"LUNCH":           AgentAway,
	"BREAK":           AgentAway,
	"ON_BREAK":        AgentAway,
	"WRAP_UP":         AgentWrapUp,
	"WRAPUP":          AgentWrapUp,
	"AFTER_CALL_WORK": AgentWrapUp,
}

// systemLabels are RingCX's own states that the console does not class
// (their meaning is not documented) but that are not aux states either:
// the WFM events name them beside AVAILABLE and ENGAGED.
var systemLabels = map[string]bool{"TRANSITION": true, "WORKING": true}

// ClassifyAgentState classifies a state label, ignoring case, surrounding
// space, and whether words are joined by spaces, hyphens or underscores.
func ClassifyAgentState(label string) AgentClass {
	return agentLabels[normLabel(label)]
}

func normLabel(label string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(label)))
}

// Away reports whether the agent is away from the phones: in a known away
// state (AgentAway), or in a label the console does not know. RingCX's
// own states are a small fixed set; any other label is an aux state the
// account defined (Coffee, Training, …), and an agent in one takes no
// calls. An agent logged out, on a call, with a disposition pending, or
// with no label at all is not away.
func (a Agent) Away() bool {
	switch a.Class() {
	case AgentAway:
		return true
	case AgentOther:
		label := normLabel(a.State)
		_, onCall := a.OnCall()
		return label != "" && !systemLabels[label] && !onCall
	}
	return false
}

// Class is the agent's state as the console understands it: the label's
// class, except that a pending disposition makes an agent who is not on a
// call AgentWrapUp whatever the label says (the label may be an aux state).
func (a Agent) Class() AgentClass {
	if a.LoggedOut {
		return AgentLoggedOut
	}
	k := ClassifyAgentState(a.State)
	if a.PendingDisposition && k != AgentEngaged {
		return AgentWrapUp
	}
	return k
}

// InState is how long the agent has been in State at now: StateTime as
// read, plus the time since the answer was read (so it ticks between
// polls). It is never negative.
func (a Agent) InState(now time.Time) time.Duration {
	return a.StateTime + a.since(now)
}

// PendingFor is how long the agent's disposition has been pending at now,
// and whether one is.
func (a Agent) PendingFor(now time.Time) (time.Duration, bool) {
	if !a.PendingDisposition {
		return 0, false
	}
	return a.PendingDispositionTime + a.since(now), true
}

func (a Agent) since(now time.Time) time.Duration {
	if a.AsOf.IsZero() || now.Before(a.AsOf) {
		return 0
	}
	return now.Sub(a.AsOf)
}

// OnCall reports the uii of the call the agent is on, if any. A uii of
// zeros (how some feeds write "none") is no call.
func (a Agent) OnCall() (uii string, ok bool) {
	uii = strings.TrimSpace(a.CallUII)
	if uii == "" || strings.Trim(uii, "0") == "" {
		return "", false
	}
	return uii, true
}

// Name is "First Last", or the username when RingCX sent no name. Raw
// text: clean it before display.
func (a Agent) Name() string { return personName(a.FirstName, a.LastName, a.Username) }

// personName is how an agent is named, live or on the roster: "First
// Last", or the username when RingCX sent no name.
func personName(first, last, username string) string {
	if n := strings.TrimSpace(first + " " + last); n != "" {
		return n
	}
	return username
}

// wireAgent is the realTimeData/agent row as sent. agentState and state
// are both read: one production wallboard reads state when agentState is
// absent.
type wireAgent struct {
	AgentID                flexString  `json:"agentId"`
	FirstName              flexString  `json:"firstName"`
	LastName               flexString  `json:"lastName"`
	Username               flexString  `json:"username"`
	Email                  flexString  `json:"email"`
	AgentType              flexLabel   `json:"agentType"`
	AgentGroupID           flexLabel   `json:"agentGroupId"`
	AgentGroupName         flexLabel   `json:"agentGroupName"`
	AgentLoginID           flexString  `json:"agentLoginId"`
	AgentPhone             flexString  `json:"agentPhone"`
	ProfileName            flexLabel   `json:"profileName"`
	AgentState             flexLabel   `json:"agentState"`
	State                  flexLabel   `json:"state"`
	StateTime              flexSeconds `json:"stateTime"`
	LoginTime              flexSeconds `json:"loginTime"`
	PendingDisposition     flexFlag    `json:"pendingDisposition"`
	PendingDispositionTime flexSeconds `json:"pendingDispositionTime"`
	IsOffhook              flexFlag    `json:"isOffhook"`
	IsGhostLogin           flexFlag    `json:"isGhostLogin"`
	LastUpdate             lenientTime `json:"lastUpdate"`
	CallUII                flexString  `json:"callUii"`
	CallANI                flexString  `json:"callAni"`
	CallDNIS               flexString  `json:"callDnis"`
	GateID                 flexLabel   `json:"gateId"`
	CampaignID             flexLabel   `json:"campaignId"`
	LoginDialGroupID       flexLabel   `json:"loginDialGroupId"`
	CallSource             flexLabel   `json:"callSource"`
	CallSourceDesc         flexLabel   `json:"callSourceDesc"`
	CallsHandled           flexInt     `json:"callsHandled"`
	RNA                    flexInt     `json:"rna"`
	TotalTalkTime          flexSeconds `json:"totalTalkTime"`
}

var agentWires wirePool[wireAgent]

// UnmarshalJSON decodes the wire shape leniently (see wireAgent), as
// encoding/json reads it.
func (a *Agent) UnmarshalJSON(b []byte) error { return unmarshalWire(b, a, (*wireAgent).agent) }

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (a *Agent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, a, &agentWires, (*wireAgent).agent)
}

// agent is the row the wire shape describes.
func (w *wireAgent) agent() Agent {
	state := string(w.AgentState)
	if strings.TrimSpace(state) == "" {
		state = string(w.State)
	}
	return Agent{
		AgentID:                strings.TrimSpace(string(w.AgentID)),
		FirstName:              string(w.FirstName),
		LastName:               string(w.LastName),
		Username:               string(w.Username),
		Email:                  string(w.Email),
		AgentType:              string(w.AgentType),
		AgentGroupID:           strings.TrimSpace(string(w.AgentGroupID)),
		AgentGroupName:         string(w.AgentGroupName),
		AgentLoginID:           string(w.AgentLoginID),
		AgentPhone:             string(w.AgentPhone),
		ProfileName:            string(w.ProfileName),
		State:                  state,
		StateTime:              time.Duration(w.StateTime),
		LoginTime:              time.Duration(w.LoginTime),
		PendingDisposition:     bool(w.PendingDisposition),
		PendingDispositionTime: time.Duration(w.PendingDispositionTime),
		Offhook:                bool(w.IsOffhook),
		GhostLogin:             bool(w.IsGhostLogin),
		LastUpdate:             time.Time(w.LastUpdate),
		CallUII:                strings.TrimSpace(string(w.CallUII)),
		CallANI:                string(w.CallANI),
		CallDNIS:               string(w.CallDNIS),
		GateID:                 strings.TrimSpace(string(w.GateID)),
		CampaignID:             strings.TrimSpace(string(w.CampaignID)),
		LoginDialGroupID:       strings.TrimSpace(string(w.LoginDialGroupID)),
		CallSource:             string(w.CallSource),
		CallSourceDesc:         string(w.CallSourceDesc),
		CallsHandled:           int(w.CallsHandled),
		RNA:                    int(w.RNA),
		TotalTalkTime:          time.Duration(w.TotalTalkTime),
	}
}

// DecodeAgents decodes a realTimeData/agent answer body (a JSON array;
// empty or null is no agents). Exported for tools that read saved answers.
func DecodeAgents(body []byte) ([]Agent, error) { return decodeList[Agent](body) }

// RealTimeAgents reads GET …/realTimeData/agent: every logged-in agent
// session of the account, stamped with the time it was read. A user
// without reporting rights gets a 403 (access.denied.exception):
// errors.Is(err, ErrForbidden).
func (c *Client) RealTimeAgents(ctx context.Context) ([]Agent, error) {
	agents, err := getList[Agent](ctx, c, "real-time agents", nil, "realTimeData", "agent")
	if err != nil {
		return nil, err
	}
	now := c.t.now()
	for i := range agents {
		agents[i].AsOf = now
	}
	return agents, nil
}
