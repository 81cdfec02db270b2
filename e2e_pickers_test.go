package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// simGet decodes one of the standalone simulator's /_sim/ answers.
func simGet[T any](t *testing.T, server, path string) T {
	t.Helper()
	resp, err := http.Get(server + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, path)
	var v T
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
	return v
}

// freeSimAgent is an AVAILABLE agent (logged in, on no call, not away,
// not wrapping up) of the account the environment watches, from the
// standalone simulator's roster.
func freeSimAgent(t *testing.T, env []string) string {
	t.Helper()
	server, account := envValue(env, "RINGCX_SERVER_URL"), envValue(env, "RINGCX_ACCOUNT_ID")
	require.NotEmpty(t, account)
	for _, a := range simGet[[]sim.AgentView](t, server, "/_sim/agents?account="+account) {
		if a.State == "AVAILABLE" && a.OnCall == "" {
			return a.Username
		}
	}
	t.Fatal("no free agent")
	return ""
}

// manualCallsFor are the usernames the simulator was asked to place
// manual calls for.
func manualCallsFor(t *testing.T, server string) []string {
	t.Helper()
	var users []string
	for _, r := range simGet[[]sim.Request](t, server, "/_sim/requests") {
		if strings.HasSuffix(r.Path, "/createManualAgentCall") && r.Method == http.MethodPost {
			users = append(users, r.Query.Get("username"))
		}
	}
	return users
}

// On a terminal, `callboard dial` without --agent offers the agents: typing
// part of a username narrows the list, enter dials for the one chosen.
func TestE2EDialPicksTheAgentFromTheList(t *testing.T) {
	env := startSimulator(t, "--static")
	server := envValue(env, "RINGCX_SERVER_URL")
	agent := freeSimAgent(t, env)
	part, _, _ := strings.Cut(agent, "+") // first.last, without the account's tag
	tm := startTerm(t, env, "dial", "--to", "6505550123", "--caller-id", "8005550199")
	s := tm.waitFor("type to filter")
	assert.Contains(t, s, "AVAILABLE", "free agents first, with their state")
	assert.Contains(t, s, "Calls (650) 555-0123, showing caller id (800) 555-0199", "what will be dialled, and from which number")
	tm.keys(part)
	s = tm.waitFor("/" + part)
	assert.Contains(t, s, agent)
	tm.keys("Enter")
	tm.waitFor("✓ calling +16505550123 from " + agent + "'s phone")
	assert.Equal(t, "0", tm.exited())
	assert.Equal(t, []string{agent}, manualCallsFor(t, server), "the simulator was asked to call from that agent's phone")
}

// waitForManualCall polls the simulator's request log until it was asked
// to place a manual call for username, or fails after 15 s.
func waitForManualCall(t *testing.T, server, username string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !slices.Contains(manualCallsFor(t, server), username) {
		if time.Now().After(deadline) {
			t.Fatalf("the simulator was never asked to call from %s's phone; it was asked for %q", username, manualCallsFor(t, server))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The board against `callboard sim`, as a supervisor uses the new views:
// 2 shows the agents and 3 the queues, with data; 1 goes back to the calls;
// n offers the agents, typing part of a username picks one, and the call
// is placed from that agent's phone.
func TestE2EViewsAndDialAnAgentPickedFromTheList(t *testing.T) {
	env := startSimulator(t, "--static")
	server := envValue(env, "RINGCX_SERVER_URL")
	agent := freeSimAgent(t, env)
	part, _, _ := strings.Cut(agent, "+")
	tm := startTerm(t, env, "--phone", "+12125550123")
	tm.waitFor("LIVE")

	tm.keys("2")
	s := tm.waitFor("logged in")
	assert.Regexp(t, `\d+ logged in .*\d+ free\s+\d+ on calls`, s, "the agents' tallies")
	assert.Contains(t, s, "USERNAME")
	assert.Contains(t, s, "ON_CALL", "agents with their states")

	tm.keys("3")
	s = tm.waitFor("SL TODAY")
	assert.Contains(t, s, "WAITING")
	assert.Contains(t, s, "Tech Support", "the simulator's queues")
	assert.Regexp(t, `Tech Support\s+\S+\s+open\s+\d+`, s)

	tm.keys("1")
	tm.waitFor("STATE")
	tm.keys("n")
	s = tm.waitFor("free agents first")
	assert.Contains(t, s, "AVAILABLE")
	tm.keys(part)
	s = tm.waitFor("/" + part)
	assert.Contains(t, s, "› "+part, "the typed part picks the agent")
	tm.keys("Enter", "6505550123", "Enter", "8005550199", "Enter", "Enter")
	waitForManualCall(t, server, agent)
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
}

// On a terminal, `callboard disposition UII` without --disposition offers
// the call's dispositions: typing part of a name narrows the list, those
// that require a note are marked, and choosing one asks for the note;
// the name and the note are sent.
func TestE2EDispositionPicksFromTheCallsList(t *testing.T) {
	env := startSimulator(t, "--static")
	server, account := envValue(env, "RINGCX_SERVER_URL"), envValue(env, "RINGCX_ACCOUNT_ID")
	calls := simGet[[]sim.CallView](t, server, "/_sim/calls")
	i := slices.IndexFunc(calls, func(c sim.CallView) bool {
		return c.AccountID == account && c.AgentUsername != "" && c.DestinationName == "Tech Support"
	})
	require.GreaterOrEqual(t, i, 0, "an answered Tech Support call")
	uii := calls[i].UII

	tm := startTerm(t, env, "disposition", uii)
	s := tm.waitFor("type to filter")
	assert.Contains(t, s, "Ticket Opened  (needs a note)", "the queue's own dispositions, the note marked")
	tm.keys("Escal")
	s = tm.waitFor("/Escal")
	assert.Contains(t, s, "Escalated")
	tm.keys("Enter")
	tm.waitFor(`"Escalated" requires a note.`)
	tm.keys("Enter")
	tm.waitFor("this disposition requires a note")
	tm.keys("manager to call back", "Enter")
	tm.waitFor(`✓ disposition "Escalated" set on call ` + uii)
	assert.Equal(t, "0", tm.exited())
	calls = simGet[[]sim.CallView](t, server, "/_sim/calls")
	i = slices.IndexFunc(calls, func(c sim.CallView) bool { return c.UII == uii })
	require.GreaterOrEqual(t, i, 0)
	call := calls[i]
	require.NotNil(t, call.Disposition)
	assert.Equal(t, "Escalated", call.Disposition.Disposition)
	assert.Equal(t, "manager to call back", call.Disposition.Notes)
}
