package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
)

// agentsJSONOut runs `callboard agents --json` with args and decodes it.
func (c *cli) agentsJSONOut(args ...string) []map[string]any {
	c.t.Helper()
	out, errOut, code := c.run(append([]string{"agents", "--json"}, args...)...)
	require.Equal(c.t, exitOK, code, errOut)
	var rows []map[string]any
	require.NoError(c.t, json.Unmarshal([]byte(out), &rows))
	return rows
}

func TestAgentsCommandFormats(t *testing.T) {
	c := newCLI(t, sim.Config{})
	var loggedIn, loggedOut []string
	onCall := map[string]string{}
	for _, ag := range c.sim.Agents(cliAccount) {
		if !ag.LoggedIn {
			loggedOut = append(loggedOut, ag.Username)
			continue
		}
		loggedIn = append(loggedIn, ag.Username)
		if ag.OnCall != "" {
			onCall[ag.Username] = ag.OnCall
		}
	}
	require.NotEmpty(t, loggedOut, "the simulator's roster has logged-out members")
	require.NotEmpty(t, onCall)

	rows := c.agentsJSONOut()
	var users []string
	for _, r := range rows {
		users = append(users, r["username"].(string))
		assert.Equal(t, false, r["loggedOut"])
		assertFields(t, r, agentsCSVHeader)
		assert.IsType(t, float64(0), r["stateTime"], "durations are raw seconds")
		if uii, ok := onCall[r["username"].(string)]; ok {
			assert.Equal(t, uii, r["callUii"], "the call the agent is on")
			assert.Equal(t, "engaged", r["class"])
		}
	}
	assert.ElementsMatch(t, loggedIn, users, "every logged-in agent, nobody else")

	all := c.agentsJSONOut("--all")
	assert.Len(t, all, len(loggedIn)+len(loggedOut), "--all adds the roster's logged-out members")
	out := 0
	for _, r := range all {
		if r["loggedOut"] == true {
			out++
			assert.Contains(t, loggedOut, r["username"])
			assert.Nil(t, r["agentState"], "a logged-out member has no state")
			assert.Nil(t, r["stateTime"])
			assert.Equal(t, "logged out", r["class"])
		}
	}
	assert.Equal(t, len(loggedOut), out)

	table, errOut, code := c.run("agents")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(table), "\n")
	assert.Regexp(t, `^AGENT\s+USERNAME\s+GROUP\s+STATE\s+IN STATE\s+PENDING\s+CALL\s+CALLER\s+HANDLED\s+RNA$`, lines[0])
	assert.Len(t, lines, len(loggedIn)+1)
	assert.Regexp(t, `ON_CALL\s+\d+:\d\d\s`, table, "in-state as a duration")
	table, _, _ = c.run("agents", "--all")
	assert.Contains(t, table, "(logged out)")

	text, errOut, code := c.run("agents", "--all", "--csv")
	require.Equal(t, exitOK, code, errOut)
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, agentsCSVHeader, recs[0])
	assert.Len(t, recs, len(all)+1)

	_, errOut, code = c.run("agents", "--json", "--csv")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "choose one of --json and --csv")
}

// assertFields checks that a JSON object has exactly the documented
// fields (the CSV header names them in order).
func assertFields(t *testing.T, obj map[string]any, fields []string) {
	t.Helper()
	assert.ElementsMatch(t, fields, slices.Collect(maps.Keys(obj)))
}

// Without reporting rights the feeds answer 403 access.denied.exception:
// both commands say what is missing, exit 1 and write nothing on stdout,
// while the calls keep working.
func TestAgentsAndQueuesWithoutReportingRights(t *testing.T) {
	c := newCLI(t, sim.Config{DenyReporting: true})
	for _, cmd := range [][]string{{"agents"}, {"agents", "--json"}, {"queues"}, {"queues", "--csv"}} {
		out, errOut, code := c.run(cmd...)
		assert.Equal(t, exitFailed, code, "%q", cmd)
		assert.Empty(t, out, "%q", cmd)
		assert.Contains(t, errOut, "this RingCX user lacks reporting rights", "%q", cmd)
		assert.Contains(t, errOut, "403 access.denied.exception", "%q", cmd)
		assert.Contains(t, errOut, "calls and actions keep working", "%q", cmd)
	}
	_, errOut, code := c.run("calls")
	assert.Equal(t, exitOK, code, errOut)
}

// Names and states from the server are cleaned before they reach the
// terminal or a script.
func TestAgentsAndQueuesAreCleaned(t *testing.T) {
	c := newCLI(t, sim.Config{Hostile: true})
	for _, cmd := range [][]string{{"agents", "--all"}, {"agents", "--json"}, {"agents", "--csv"}, {"queues"}, {"queues", "--json"}} {
		out, errOut, code := c.run(cmd...)
		require.Equal(t, exitOK, code, "%q: %s", cmd, errOut)
		assert.NotContains(t, out, "\x1b", "%q", cmd)
		assert.NotContains(t, out, `\u001b`, "%q", cmd)
	}
}

// rawRows reads a realTimeData endpoint of the CLI's simulator as RingCX
// sends it, decoded generically, keyed by key's value.
func (c *cli) rawRows(endpoint, key string) map[string]map[string]any {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env["RINGCX_SERVER_URL"]+"/voice/api/v1/admin/accounts/"+cliAccount+"/realTimeData/"+endpoint, nil)
	require.NoError(c.t, err)
	req.Header.Set("X-Auth-Token", simtest.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	require.Equal(c.t, http.StatusOK, resp.StatusCode)
	var rows []map[string]any
	require.NoError(c.t, json.NewDecoder(resp.Body).Decode(&rows))
	out := map[string]map[string]any{}
	for _, r := range rows {
		out[fmt.Sprint(r[key])] = r
	}
	return out
}

// assertRingCXFields checks that every field RingCX sent for a row is in the
// command's row under its own name, with its own JSON type and value
// (empty text and ids are null, as documented); sent lists the ones
// RingCX's answer has, so a renamed or retyped field fails here.
func assertRingCXFields(t *testing.T, raw, ours map[string]any, what string) {
	t.Helper()
	for name, v := range raw {
		if v == "" {
			v = nil
		}
		require.Contains(t, ours, name, "%s: RingCX's field %s kept under its name", what, name)
		if name == "lastUpdate" && v != nil { // a time: written as calls writes times, RFC 3339 in UTC
			sent, err := time.Parse("2006-01-02T15:04:05.000-0700", v.(string))
			require.NoError(t, err)
			assert.Equal(t, sent.UTC().Truncate(time.Second).Format(time.RFC3339), ours[name], "%s: %s", what, name)
			continue
		}
		assert.Equal(t, v, ours[name], "%s: %s as RingCX sends it", what, name)
	}
}

// `agents --json` keeps realTimeData/agent's fields as RingCX sends them
// (agentId a number, agentState, stateTime in seconds, pendingDisposition
// 0/1) and adds class, loggedOut and inStateSeconds; a logged-out member
// has null for every real-time field, as --help says.
func TestAgentsJSONKeepsRingCXFields(t *testing.T) {
	c := newCLI(t, sim.Config{})
	raw := c.rawRows("agent", "agentId")
	require.NotEmpty(t, raw)
	pending := 0
	for _, r := range c.agentsJSONOut("--all") {
		id := fmt.Sprint(r["agentId"])
		if r["loggedOut"] == true {
			for _, f := range []string{"agentState", "stateTime", "loginTime", "pendingDisposition", "pendingDispositionTime",
				"callsHandled", "rna", "totalTalkTime", "inStateSeconds", "callUii", "gateId"} {
				assert.Nil(t, r[f], "%s: logged out, no %s", id, f)
			}
			assert.IsType(t, float64(0), r["agentId"], "the roster's id, a number")
			continue
		}
		require.Contains(t, raw, id)
		assertRingCXFields(t, raw[id], r, "agent "+id)
		assert.Equal(t, r["stateTime"], r["inStateSeconds"], "a static world: the time in state is the one read")
		if r["pendingDisposition"] == float64(1) {
			pending++
		}
	}
	assert.Positive(t, pending, "pendingDisposition is RingCX's 1 for those who owe one")
}

// `queues --json` keeps realTimeData/inbound's fields as RingCX sends them
// (gateName, inQueue, gateId a number) and adds the derived ones.
func TestQueuesJSONKeepsRingCXFields(t *testing.T) {
	c := newCLI(t, sim.Config{})
	raw := c.rawRows("inbound", "gateId")
	out, errOut, code := c.run("queues", "--json")
	require.Equal(t, exitOK, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, len(raw))
	for _, r := range rows {
		id := fmt.Sprint(r["gateId"])
		require.Contains(t, raw, id)
		assertRingCXFields(t, raw[id], r, "queue "+id)
		assert.Equal(t, r["longestInQueue"], r["longestWaitSeconds"], "a static world: the longest wait is the one read")
	}
}
