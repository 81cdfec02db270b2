package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
)

// agentsCommand prints the agents once, as the board's agents view lists
// them: the real-time states (realTimeData/agent) merged with the roster
// (agentGroups/…/agents), logged-out members with --all.
func (a *app) agentsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "agents",
		Short: "Print the agents and their states once (a table, JSON or CSV)",
		Long: `Prints the account's logged-in agents once — their state as RingCX names it, how long they have been in it, a pending disposition, the call they are on — merged with the roster for names and groups; --all adds the roster's logged-out members.

It needs RingCX reporting rights (realTimeData/agent); without them it says so and exits 1, while calls and actions keep working.

--json writes one array of objects with these fields: ` + agentsHelpFields + `. Text and ids RingCX left empty are null; a logged-out member has only the roster's fields (agentId, username, names, email, agentType, group) and null for every real-time one. --csv has the same columns, in that order, with a header row (null is an empty cell).`,
		Example: `
callboard agents
callboard agents --all --csv > roster.csv
callboard agents --json | jq '.[] | select(.class == "wrap-up" and .inStateSeconds > 120) | .username'`,
	}
	all := cmd.Flags().Bool("all", false, "include the roster's logged-out members")
	return a.listing(cmd, "one JSON array (fields under --help), durations in seconds", func(ctx context.Context, f listFormat) error {
		return a.printAgents(ctx, f, *all)
	})
}

// printAgents reads the real-time agents, then the roster, and writes them.
// The roster only completes the list: when it cannot be read the logged-in
// agents are still written, with a warning, unless all asked for the
// logged-out members, which only the roster knows.
func (a *app) printAgents(ctx context.Context, format listFormat, all bool) error {
	ctx = api.WithPriority(ctx, api.PriorityAction) // a person asked
	live, err := a.client.RealTimeAgents(ctx)
	if err != nil {
		return a.reportingFailure("realTimeData/agent", err)
	}
	roster, _, err := a.client.ListRoster(ctx)
	switch {
	case err != nil && all:
		return a.failf(exitFailed, "the roster, which lists the logged-out agents, could not be read: %v", err)
	case err != nil:
		fmt.Fprintf(a.stderr, "callboard: the roster could not be read (%s): names and groups are RingCX's real-time ones\n", api.Clean(a.client.Redact(err.Error()), 200))
	}
	agents := api.MergeRoster(live, roster)
	if !all {
		agents = slices.DeleteFunc(agents, func(ag api.Agent) bool { return ag.LoggedOut })
	}
	sortAgents(agents)
	now := time.Now()
	switch format {
	case formatJSON:
		err = writeJSON(a.stdout, agentsJSON(agents, now))
	case formatCSV:
		err = writeAgentsCSV(a.stdout, agents, now)
	default:
		err = writeAgentsTable(a.stdout, agents, now, a.cfg.Phones())
	}
	if err != nil {
		return a.failf(exitFailed, "writing the agents: %v", err)
	}
	return nil
}

// sortAgents orders the list for reading and diffing: logged in first,
// then by name and username (case folded), the agent id breaking ties.
func sortAgents(agents []api.Agent) {
	slices.SortStableFunc(agents, func(x, y api.Agent) int {
		if x.LoggedOut != y.LoggedOut {
			if x.LoggedOut {
				return 1
			}
			return -1
		}
		return cmp.Or(
			strings.Compare(strings.ToLower(cell(x.Name())), strings.ToLower(cell(y.Name()))),
			strings.Compare(strings.ToLower(x.Username), strings.ToLower(y.Username)),
			strings.Compare(x.AgentID, y.AgentID))
	})
}

// jsonAgent is one agent for --json: realTimeData/agent's fields under
// RingCX's names and types (ids and counters numbers, pendingDisposition,
// isOffhook and isGhostLogin 0 or 1, times in seconds as read), then the
// derived fields class, loggedOut and inStateSeconds. Text and ids RingCX
// left empty are null; a logged-out roster member (--all) has only the
// roster's fields, every real-time field null.
type jsonAgent struct {
	AgentID                any     `json:"agentId"`
	Username               *string `json:"username"`
	FirstName              *string `json:"firstName"`
	LastName               *string `json:"lastName"`
	Email                  *string `json:"email"`
	AgentType              *string `json:"agentType"`
	AgentGroupID           any     `json:"agentGroupId"`
	AgentGroupName         *string `json:"agentGroupName"`
	AgentLoginID           any     `json:"agentLoginId"`
	AgentPhone             *string `json:"agentPhone"`
	ProfileName            *string `json:"profileName"`
	AgentState             *string `json:"agentState"`
	StateTime              *int64  `json:"stateTime"`
	LoginTime              *int64  `json:"loginTime"`
	PendingDisposition     *int    `json:"pendingDisposition"`
	PendingDispositionTime *int64  `json:"pendingDispositionTime"`
	IsOffhook              *int    `json:"isOffhook"`
	IsGhostLogin           *int    `json:"isGhostLogin"`
	LastUpdate             *string `json:"lastUpdate"`
	CallUII                *string `json:"callUii"`
	CallANI                *string `json:"callAni"`
	CallDNIS               *string `json:"callDnis"`
	GateID                 any     `json:"gateId"`
	CampaignID             any     `json:"campaignId"`
	LoginDialGroupID       any     `json:"loginDialGroupId"`
	CallSource             *string `json:"callSource"`
	CallSourceDesc         *string `json:"callSourceDesc"`
	CallsHandled           *int    `json:"callsHandled"`
	RNA                    *int    `json:"rna"`
	TotalTalkTime          *int64  `json:"totalTalkTime"`
	Class                  string  `json:"class"`
	LoggedOut              bool    `json:"loggedOut"`
	InStateSeconds         *int64  `json:"inStateSeconds"`
}

// agentsHelpFields lists --json's fields for the command's help, in order.
const agentsHelpFields = `agentId, username, firstName, lastName, email, agentType, agentGroupId, agentGroupName, agentLoginId, agentPhone, profileName, agentState, stateTime, loginTime, pendingDisposition (0 or 1), pendingDispositionTime, isOffhook (0 or 1), isGhostLogin (0 or 1), lastUpdate, callUii, callAni, callDnis, gateId, campaignId, loginDialGroupId, callSource, callSourceDesc, callsHandled, rna, totalTalkTime — RingCX's realTimeData/agent fields, names and types as it sends them (times in seconds as read, lastUpdate in RFC 3339 UTC as calls writes times) — then the derived class (available, engaged, away, wrap-up, logged out or other), loggedOut (true for a roster member not logged in, listed with --all) and inStateSeconds (time in the state now, as the board counts it)`

func agentsJSON(agents []api.Agent, now time.Time) []jsonAgent {
	out := make([]jsonAgent, len(agents))
	for i, ag := range agents {
		j := jsonAgent{
			AgentID: apiID(ag.AgentID), Username: nullable(ag.Username), FirstName: nullable(ag.FirstName),
			LastName: nullable(ag.LastName), Email: nullable(ag.Email), AgentType: nullable(ag.AgentType),
			AgentGroupID: apiID(ag.AgentGroupID), AgentGroupName: nullable(ag.AgentGroupName),
			Class: ag.Class().String(), LoggedOut: ag.LoggedOut,
		}
		if !ag.LoggedOut {
			liveAgentJSON(&j, ag, now)
		}
		out[i] = j
	}
	return out
}

// liveAgentJSON fills the fields only a realTimeData/agent row has.
func liveAgentJSON(j *jsonAgent, ag api.Agent, now time.Time) {
	j.AgentLoginID, j.AgentPhone, j.ProfileName = apiID(ag.AgentLoginID), nullable(ag.AgentPhone), nullable(ag.ProfileName)
	j.AgentState, j.StateTime, j.LoginTime = nullable(ag.State), ptr(wholeSeconds(ag.StateTime)), ptr(wholeSeconds(ag.LoginTime))
	j.PendingDisposition, j.PendingDispositionTime = ptr(flag(ag.PendingDisposition)), ptr(wholeSeconds(ag.PendingDispositionTime))
	j.IsOffhook, j.IsGhostLogin, j.LastUpdate = ptr(flag(ag.Offhook)), ptr(flag(ag.GhostLogin)), stampOrNull(ag.LastUpdate)
	j.CallUII, j.CallANI, j.CallDNIS = nullable(ag.CallUII), nullable(ag.CallANI), nullable(ag.CallDNIS)
	j.GateID, j.CampaignID, j.LoginDialGroupID = apiID(ag.GateID), apiID(ag.CampaignID), apiID(ag.LoginDialGroupID)
	j.CallSource, j.CallSourceDesc = nullable(ag.CallSource), nullable(ag.CallSourceDesc)
	j.CallsHandled, j.RNA, j.TotalTalkTime = ptr(ag.CallsHandled), ptr(ag.RNA), ptr(wholeSeconds(ag.TotalTalkTime))
	j.InStateSeconds = ptr(wholeSeconds(ag.InState(now)))
}

// agentsCSVHeader is --csv's header: the JSON field names, in their order.
var agentsCSVHeader = []string{"agentId", "username", "firstName", "lastName", "email", "agentType", "agentGroupId",
	"agentGroupName", "agentLoginId", "agentPhone", "profileName", "agentState", "stateTime", "loginTime",
	"pendingDisposition", "pendingDispositionTime", "isOffhook", "isGhostLogin", "lastUpdate", "callUii", "callAni",
	"callDnis", "gateId", "campaignId", "loginDialGroupId", "callSource", "callSourceDesc", "callsHandled", "rna",
	"totalTalkTime", "class", "loggedOut", "inStateSeconds"}

func writeAgentsCSV(w io.Writer, agents []api.Agent, now time.Time) error {
	rows := make([][]string, 0, len(agents))
	for _, j := range agentsJSON(agents, now) {
		rows = append(rows, []string{csvID(j.AgentID), csvText(j.Username), csvText(j.FirstName), csvText(j.LastName), csvText(j.Email),
			csvText(j.AgentType), csvID(j.AgentGroupID), csvText(j.AgentGroupName), csvID(j.AgentLoginID), csvText(j.AgentPhone),
			csvText(j.ProfileName), csvText(j.AgentState), csvValue(j.StateTime), csvValue(j.LoginTime), csvValue(j.PendingDisposition),
			csvValue(j.PendingDispositionTime), csvValue(j.IsOffhook), csvValue(j.IsGhostLogin), csvText(j.LastUpdate),
			csvText(j.CallUII), csvText(j.CallANI), csvText(j.CallDNIS), csvID(j.GateID), csvID(j.CampaignID), csvID(j.LoginDialGroupID),
			csvText(j.CallSource), csvText(j.CallSourceDesc), csvValue(j.CallsHandled), csvValue(j.RNA), csvValue(j.TotalTalkTime),
			j.Class, fmt.Sprint(j.LoggedOut), csvValue(j.InStateSeconds)})
	}
	return writeCSV(w, agentsCSVHeader, rows)
}

func writeAgentsTable(w io.Writer, agents []api.Agent, now time.Time, numbers api.PhoneParser) error {
	rows := [][]string{{"AGENT", "USERNAME", "GROUP", "STATE", "IN STATE", "PENDING", "CALL", "CALLER", "HANDLED", "RNA"}}
	for _, ag := range agents {
		state, inState, pending, call, caller := "(logged out)", "-", "-", "-", "-"
		if !ag.LoggedOut {
			state, inState = orDashText(cell(ag.State)), timefmt.Clock(ag.InState(now))
		}
		if d, ok := ag.PendingFor(now); ok {
			pending = timefmt.Clock(d)
		}
		if uii, ok := ag.OnCall(); ok {
			call, caller = cell(uii), orDashText(cell(numbers.Format(ag.CallANI)))
		}
		rows = append(rows, []string{orDashText(cell(ag.Name())), orDashText(cell(ag.Username)), orDashText(cell(ag.AgentGroupName)),
			state, inState, pending, call, caller, fmt.Sprint(ag.CallsHandled), fmt.Sprint(ag.RNA)})
	}
	if err := printTable(w, rows); err != nil {
		return err
	}
	if len(agents) == 0 {
		_, err := fmt.Fprintln(w, "(no agents logged in)")
		return err
	}
	return nil
}
