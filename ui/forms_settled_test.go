package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

// agentsPickerBoard is a picker board on the Agents view (logged-out
// agents shown) with an agent of the simulator highlighted: one that want
// says fits, and not the first free agent — the one under the picker's
// cursor anyway, which would prove nothing.
func agentsPickerBoard(t *testing.T, want func(api.Agent) bool) (*board, api.Agent) {
	t.Helper()
	b := newPickerBoard(t)
	first := b.freeAgents()[0]
	agents, _ := b.feeds()
	b.press("2", "L")
	for _, a := range agents {
		if want(a) && a.Username != "" && a.Username != first && b.m.agentsGrid.known(agentKey(&agentRow{a: a})) {
			b.selectAgent(agentKey(&agentRow{a: a}))
			require.Equal(t, a.Username, b.m.agentsGrid.current().a.Username)
			return b, a
		}
	}
	t.Fatal("no such agent in the simulator")
	return nil, api.Agent{}
}

func TestNewCallFromTheAgentsViewStartsOnTheHighlightedAgent(t *testing.T) {
	for name, want := range map[string]func(api.Agent) bool{
		"free":      func(a api.Agent) bool { return a.Free() },
		"on a call": func(a api.Agent) bool { _, on := a.OnCall(); return on && !a.LoggedOut },
	} {
		t.Run(name, func(t *testing.T) {
			b, a := agentsPickerBoard(t, want)
			b.open("n", "loading agents…")
			assert.Contains(t, b.screen(), "› "+a.Username[:20], "the highlighted agent is under the cursor")
			b.press("enter")
			assert.Equal(t, a.Username, b.dial(), "and is the one the call is placed for")
		})
	}
}

func TestNewCallFromTheAgentsViewNamesALoggedOutAgent(t *testing.T) {
	b, a := agentsPickerBoard(t, func(a api.Agent) bool { return a.LoggedOut })
	b.open("n", "loading agents…")
	assert.Contains(t, b.formText(), clean(a.Name())+" is not listed: not logged in.")
}

func TestThePickedAgentShowsPlainlyOnceTheFieldIsLeft(t *testing.T) {
	b := newPickerBoard(t)
	free := b.freeAgents()
	agent := free[len(free)-1]
	part := strings.SplitN(agent, "@", 2)[0]
	b.open("n", "loading agents…")
	b.typeText(part[1 : len(part)-1])
	b.press("enter")
	text := b.formText()
	assert.NotContains(t, text, "/"+part[1:len(part)-1], "no filter line once the field is left")
	assert.Regexp(t, `agent  `+regexpQuote(agent)+`  \S`, text, "the agent picked, on the agent line")
	assert.Contains(t, text, "AVAILABLE")
}

func regexpQuote(s string) string { return regexp.QuoteMeta(s) }

// TestAccessibleCallbackShowsItsValueOnceLeft: without colour, the
// callback switch is a two-line select; once left it reads "callback
// yes" — nothing else would say which was chosen.
func TestAccessibleCallbackShowsItsValueOnceLeft(t *testing.T) {
	b, _, _ := dispositionBoard(t, withConfig(func(c *Config) { c.Accessible = true }))
	b.open("d", "loading the call's dispositions…")
	b.typeText("callback")
	b.press("enter") // Callback Requested
	require.Contains(t, b.formText(), "› no", "on the callback field, no marked")
	b.press("down", "enter")
	text := b.formText()
	assert.Regexp(t, `callback  yes\b`, text, "the value chosen, once left")
	assert.NotContains(t, text, "› yes", "no longer a list")
	b.typeText(b.clock.Now().AddDate(0, 0, 1).Format("2006-01-02") + " 14:30")
	b.press("enter")
	b.typeText("call back tomorrow")
	b.press("enter")
	require.Nil(t, b.m.overlay)
	last, ok := b.lastRequest("/dispositionCall")
	require.True(t, ok)
	assert.Equal(t, "true", last.Query.Get("callback"), "the value shown is the value sent")
}
