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

--json writes one array of objects with these fields (durations in whole seconds; null where RingCX sent nothing or the agent is logged out): agentId, username, firstName, lastName, email, agentType, agentGroupId, agentGroupName, state, class (available, engaged, away, wrap-up, logged out or other), loggedOut, stateSeconds, loginSeconds, pendingDisposition, pendingDispositionSeconds, callUii, callAni, callDnis, gateId, campaignId, callsHandled, rna, totalTalkSeconds. --csv has the same columns, in that order, with a header row.`,
		Example: `
callboard agents
callboard agents --all --csv > roster.csv
callboard agents --json | jq '.[] | select(.class == "wrap-up" and .stateSeconds > 120) | .username'`,
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

// jsonAgent is one agent for --json; the field names are documented in
// the command's help and are kept stable for scripts.
type jsonAgent struct {
	AgentID                   *string `json:"agentId"`
	Username                  *string `json:"username"`
	FirstName                 *string `json:"firstName"`
	LastName                  *string `json:"lastName"`
	Email                     *string `json:"email"`
	AgentType                 *string `json:"agentType"`
	AgentGroupID              *string `json:"agentGroupId"`
	AgentGroupName            *string `json:"agentGroupName"`
	State                     *string `json:"state"`
	Class                     string  `json:"class"`
	LoggedOut                 bool    `json:"loggedOut"`
	StateSeconds              *int64  `json:"stateSeconds"`
	LoginSeconds              *int64  `json:"loginSeconds"`
	PendingDisposition        bool    `json:"pendingDisposition"`
	PendingDispositionSeconds *int64  `json:"pendingDispositionSeconds"`
	CallUII                   *string `json:"callUii"`
	CallANI                   *string `json:"callAni"`
	CallDNIS                  *string `json:"callDnis"`
	GateID                    *string `json:"gateId"`
	CampaignID                *string `json:"campaignId"`
	CallsHandled              int     `json:"callsHandled"`
	RNA                       int     `json:"rna"`
	TotalTalkSeconds          int64   `json:"totalTalkSeconds"`
}

func agentsJSON(agents []api.Agent, now time.Time) []jsonAgent {
	out := make([]jsonAgent, len(agents))
	for i, ag := range agents {
		j := jsonAgent{
			AgentID: nullable(ag.AgentID), Username: nullable(ag.Username), FirstName: nullable(ag.FirstName),
			LastName: nullable(ag.LastName), Email: nullable(ag.Email), AgentType: nullable(ag.AgentType),
			AgentGroupID: nullable(ag.AgentGroupID), AgentGroupName: nullable(ag.AgentGroupName),
			Class: ag.Class().String(), LoggedOut: ag.LoggedOut, PendingDisposition: ag.PendingDisposition,
			CallsHandled: ag.CallsHandled, RNA: ag.RNA, TotalTalkSeconds: wholeSeconds(ag.TotalTalkTime),
		}
		if !ag.LoggedOut {
			inState, login := wholeSeconds(ag.InState(now)), wholeSeconds(ag.LoginTime)
			j.State, j.StateSeconds, j.LoginSeconds = nullable(ag.State), &inState, &login
		}
		if pending, ok := ag.PendingFor(now); ok {
			s := wholeSeconds(pending)
			j.PendingDispositionSeconds = &s
		}
		if uii, ok := ag.OnCall(); ok {
			j.CallUII, j.CallANI, j.CallDNIS = nullable(uii), nullable(ag.CallANI), nullable(ag.CallDNIS)
			j.GateID, j.CampaignID = nullable(ag.GateID), nullable(ag.CampaignID)
		}
		out[i] = j
	}
	return out
}

// agentsCSVHeader is --csv's header: the JSON field names, in their order.
var agentsCSVHeader = []string{"agentId", "username", "firstName", "lastName", "email", "agentType", "agentGroupId",
	"agentGroupName", "state", "class", "loggedOut", "stateSeconds", "loginSeconds", "pendingDisposition",
	"pendingDispositionSeconds", "callUii", "callAni", "callDnis", "gateId", "campaignId", "callsHandled", "rna", "totalTalkSeconds"}

func writeAgentsCSV(w io.Writer, agents []api.Agent, now time.Time) error {
	rows := make([][]string, 0, len(agents))
	for _, j := range agentsJSON(agents, now) {
		rows = append(rows, []string{csvText(j.AgentID), csvText(j.Username), csvText(j.FirstName), csvText(j.LastName), csvText(j.Email),
			csvText(j.AgentType), csvText(j.AgentGroupID), csvText(j.AgentGroupName), csvText(j.State), j.Class, fmt.Sprint(j.LoggedOut),
			csvValue(j.StateSeconds), csvValue(j.LoginSeconds), fmt.Sprint(j.PendingDisposition), csvValue(j.PendingDispositionSeconds),
			csvText(j.CallUII), csvText(j.CallANI), csvText(j.CallDNIS), csvText(j.GateID), csvText(j.CampaignID),
			fmt.Sprint(j.CallsHandled), fmt.Sprint(j.RNA), fmt.Sprint(j.TotalTalkSeconds)})
	}
	return writeCSV(w, agentsCSVHeader, rows)
}

func writeAgentsTable(w io.Writer, agents []api.Agent, now time.Time, numbers api.PhoneParser) error {
	rows := [][]string{{"NAME", "USERNAME", "GROUP", "STATE", "IN STATE", "PENDING", "CALL", "CALLER", "CALLS", "RNA"}}
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
