package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/sim"
)

const manualCallPath = "/voice/api/v1/admin/accounts/" + cliAccount + "/activeCalls/createManualAgentCall"

// freeAgent is a logged-in agent who is AVAILABLE: on no call, not in
// wrap-up, not away.
func (c *cli) freeAgent() string { return c.agentIn("AVAILABLE") }

// agentIn is an agent whose real-time state is state ("" for logged out).
func (c *cli) agentIn(state string) string {
	c.t.Helper()
	for _, a := range c.sim.Agents(cliAccount) {
		if a.State == state {
			return a.Username
		}
	}
	c.t.Fatalf("no agent in state %q", state)
	return ""
}

// manualCalls counts the createManualAgentCall requests the simulator got.
func (c *cli) manualCalls() int {
	n := 0
	for _, r := range c.sim.Requests() {
		if r.Path == manualCallPath {
			n++
		}
	}
	return n
}

// lastParams are the params of the last action in the audit log (its
// intent: what was sent).
func (c *cli) lastParams() map[string]string {
	c.t.Helper()
	records, err := audit.Read(c.auditLog(), audit.Filter{})
	require.NoError(c.t, err)
	for i := len(records) - 1; i >= 0; i-- {
		if records[i].Event == audit.EventIntent {
			return records[i].Params
		}
	}
	c.t.Fatal("no action in the audit log")
	return nil
}

func TestDialChecksTheAgentAgainstTheRoster(t *testing.T) {
	c := newCLI(t, sim.Config{})
	agent := c.freeAgent()
	local, domain, _ := strings.Cut(agent, "@")
	dial := func(username string) (string, string, int) {
		out, errOut, code := c.run("dial", "--agent", username, "--to", "6505550123", "--caller-id", "8005550199")
		return out, errOut, code
	}

	typo := local[:len(local)-1] + "x@" + domain
	_, errOut, code := dial(typo)
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, `no agent "`+typo+`" on the account's roster; did you mean "`+agent+`"?`)
	assert.Contains(t, errOut, "callboard agents --all")
	_, errOut, code = dial(strings.SplitN(local, ".", 2)[0])
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, agent, "part of a username is offered the ones that hold it")
	assert.Zero(t, c.manualCalls(), "nothing is sent for a username the roster does not know")

	out, errOut, code := dial(strings.ToUpper(agent))
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "✓ calling +16505550123 from "+agent+"'s phone\n", out)
	assert.Equal(t, agent, c.lastRequest().Query.Get("username"), "sent in the roster's spelling")
	assert.Equal(t, agent, c.lastParams()["agent"], "the audit log records what was sent")
	assert.Empty(t, errOut)
}

// Without reporting rights the roster still names the agents: an unknown
// one is still refused.
func TestDialWithoutReportingRightsStillKnowsTheRoster(t *testing.T) {
	c := newCLI(t, sim.Config{DenyReporting: true})
	_, errOut, code := c.run("dial", "--agent", "nobody@northwind.example", "--to", "6505550123", "--caller-id", "8005550199")
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, `no agent "nobody@northwind.example" on the account's roster`)
	agent := c.freeAgent()
	_, errOut, code = c.run("dial", "--agent", agent, "--to", "6505550123", "--caller-id", "8005550199")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, agent, c.lastRequest().Query.Get("username"))
}

// refusingLists puts a proxy in front of the simulator that answers 503
// for the roster and the real-time data, and points the commands at it:
// the lists are unavailable, the calls and the actions are not.
func (c *cli) refusingLists() {
	c.t.Helper()
	target, err := url.Parse(c.env["RINGCX_SERVER_URL"])
	require.NoError(c.t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/agentGroups") || strings.Contains(r.URL.Path, "/realTimeData/") ||
			strings.Contains(r.URL.Path, "/gateGroups") || strings.Contains(r.URL.Path, "/systemDispositions") {
			http.Error(w, `{"errorCode":"service.unavailable","generalMessage":"try later"}`, http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	c.t.Cleanup(srv.Close)
	c.env["RINGCX_SERVER_URL"], c.env["RINGCENTRAL_SERVER_URL"] = srv.URL, srv.URL
}

func TestDialSendsAsTypedWhenTheListIsUnavailable(t *testing.T) {
	c := newCLI(t, sim.Config{})
	agent := c.freeAgent()
	c.refusingLists()
	out, errOut, code := c.run("dial", "--agent", agent, "--to", "6505550123", "--caller-id", "8005550199")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "✓ calling")
	assert.Regexp(t, `^callboard: dial: the agents list is unavailable \(.*503.*\): sending "`+regexp.QuoteMeta(agent)+`" as typed\n$`, errOut)
	assert.Equal(t, agent, c.lastRequest().Query.Get("username"))
}

func TestDispositionChecksTheCallsList(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.sim.AddCall(cliAccount, sim.CallSpec{Queue: "Tech Support", AgentUsername: c.freeAgent()})
	require.NotEmpty(t, uii)
	sent := func() int {
		n := 0
		for _, r := range c.sim.Requests() {
			if strings.HasSuffix(r.Path, "/dispositionCall") {
				n++
			}
		}
		return n
	}

	_, errOut, code := c.run("disposition", uii, "--disposition", "Fixed It")
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, `disposition: "Fixed It" is not valid for this call (Tech Support); valid: `)
	assert.Contains(t, errOut, `"Resolved"`)
	assert.Contains(t, errOut, `"Ticket Opened" (needs --notes)`, "the queue's own, marked when they need a note")
	assert.NotContains(t, errOut, "Transferred (legacy)", "a disabled one is not offered")

	_, errOut, code = c.run("disposition", uii, "--disposition", "Ticket Opened")
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, `disposition "Ticket Opened" requires a note: add --notes TEXT`)
	assert.Zero(t, sent(), "nothing is sent for a name the call does not take")

	out, errOut, code := c.run("disposition", uii, "--disposition", " ticket opened", "--notes", "T-4411")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "✓ disposition \"Ticket Opened\" set on call "+uii+"\n", out)
	assert.Equal(t, "Ticket Opened", c.lastRequest().Query.Get("disposition"), "sent in the list's spelling")
	assert.Equal(t, "Ticket Opened", c.lastParams()["disposition"], "the audit log records what was sent")
}

// Without reporting rights the call's queue is unknown: the list is the
// system dispositions only, so a name it lacks goes as typed, saying why.
func TestDispositionWithAnIncompleteListSendsAsTyped(t *testing.T) {
	c := newCLI(t, sim.Config{DenyReporting: true})
	uii := c.sim.AddCall(cliAccount, sim.CallSpec{Queue: "Tech Support", AgentUsername: c.freeAgent()})
	out, errOut, code := c.run("disposition", uii, "--disposition", "Resolved")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `✓ disposition "Resolved" set`)
	assert.Contains(t, errOut, `callboard: disposition: the list for this call may be incomplete (RingCX refused it (this user may lack reporting rights`)
	assert.Contains(t, errOut, `sending "Resolved" as typed`)
	assert.Equal(t, "Resolved", c.lastParams()["disposition"])

	c = newCLI(t, sim.Config{})
	uii = c.sim.AddCall(cliAccount, sim.CallSpec{Queue: "Tech Support", AgentUsername: c.freeAgent()})
	c.refusingLists()
	_, errOut, code = c.run("disposition", uii, "--disposition", "Resolved")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, `callboard: disposition: the call's dispositions are unavailable (`)
}

// A username is offered for holding what was typed, or for its part
// before "@" being held in what was typed — but only a part of three
// characters or more: an empty or one- or two-letter part is held in
// almost any name, and those usernames ranked first for every typo.
func TestClosestUsernamesIgnoreShortLocalParts(t *testing.T) {
	var agents []api.Agent
	for _, u := range []string{"@acme.example", "a@acme.example", "ma@acme.example", "ria@acme.example", "maria@acme.example", "bob@acme.example"} {
		agents = append(agents, api.Agent{Username: u})
	}
	assert.Equal(t, []string{"maria@acme.example", "ria@acme.example"}, closestUsernames(agents, "Maria.Lopez", 5))
	assert.Equal(t, []string{"bob@acme.example"}, closestUsernames(agents, "bob@acme.exampel", 5), "a few edits away")
	assert.Empty(t, closestUsernames(agents, "zed", 5))
}

// Dial warns the same way, before sending, for any agent who is not free —
// logged out, on a call, in wrap-up, away — and sends anyway (the state
// may be seconds old; RingCX decides); a free agent gets no warning.
func TestDialWarnsAlikeForAnyAgentNotFree(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, state := range []string{"", "ON_CALL", "WRAP_UP", "LUNCH"} {
		agent := c.agentIn(state)
		before := c.manualCalls()
		_, errOut, _ := c.run("dial", "--agent", agent, "--to", "6505550123", "--caller-id", "8005550199")
		word := map[string]string{"": "logged out"}[state]
		if word == "" {
			word = state
		}
		assert.Regexp(t, `^callboard: dial: `+regexp.QuoteMeta(agent)+` is `+word+`( \(call \d+\))?, not free, as RingCX last reported \(its state may be a few seconds old\): RingCX will likely refuse the call; sending it anyway\n`, errOut, "state %q", state)
		assert.Equal(t, before+1, c.manualCalls(), "%q: sent anyway", state)
	}
	_, errOut, code := c.run("dial", "--agent", c.freeAgent(), "--to", "6505550123", "--caller-id", "8005550199")
	require.Equal(t, exitOK, code, errOut)
	assert.Empty(t, errOut, "a free agent: no warning")
}

// Dial's picker lines its columns up: every option's state starts in the
// same terminal column, whatever the usernames' lengths and scripts, and
// a very long username is cut so it cannot push the others out.
func TestDialPickerColumnsLineUp(t *testing.T) {
	agents := []api.Agent{
		{Username: "jo@x.example", State: "AVAILABLE", FirstName: "Jo", AgentID: "1"},
		{Username: "siobhán.o'neill+nc@northwind.example", State: "ON_CALL", FirstName: "Siobhán", AgentID: "2"},
		{Username: "李小龍@northwind.example", State: "LUNCH", FirstName: "小龍", AgentID: "3"},
		{Username: strings.Repeat("long", 30) + "@x.example", State: "WRAP_UP", AgentID: "4"},
	}
	opts := dialAgentOptions(agents, true)
	require.Len(t, opts, len(agents))
	col := -1
	for i, o := range opts {
		before, _, ok := strings.Cut(o.Key, agents[i].State)
		require.True(t, ok, "%q shows the state", o.Key)
		if col < 0 {
			col = ansi.StringWidth(before)
		}
		assert.Equal(t, col, ansi.StringWidth(before), "%q: the state starts in column %d", o.Key, col)
		assert.Equal(t, agents[i].Username, o.Value, "the value is the username as sent")
	}
	assert.LessOrEqual(t, col, maxPickerUsername+2, "a long username is cut")
}
