package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

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

// freeSimAgent is a logged-in agent on no call, from the standalone
// simulator's roster.
func freeSimAgent(t *testing.T, server string) string {
	t.Helper()
	for _, a := range simGet[[]sim.AgentView](t, server, "/_sim/agents") {
		if a.LoggedIn && a.OnCall == "" {
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
	agent := freeSimAgent(t, server)
	part, _, _ := strings.Cut(agent, "+") // first.last, without the account's tag
	tm := startTerm(t, env, "dial", "--to", "6505550123", "--caller-id", "8005550199")
	s := tm.waitFor("type to filter")
	assert.Contains(t, s, "AVAILABLE", "free agents first, with their state")
	tm.keys(part)
	s = tm.waitFor(part)
	assert.Contains(t, s, agent)
	tm.keys("Enter")
	tm.waitFor("✓ calling +16505550123 from " + agent + "'s phone")
	assert.Equal(t, "0", tm.exited())
	assert.Equal(t, []string{agent}, manualCallsFor(t, server), "the simulator was asked to call from that agent's phone")
}
