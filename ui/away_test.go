package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

func TestAnAccountsOwnAwayStateIsAwayButPlain(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.Away = 10 * time.Minute }))
	b.refresh()
	agents, _ := b.readFeeds()
	coffee := -1
	for i, a := range agents {
		if _, on := a.OnCall(); !a.LoggedOut && !on && !a.PendingDisposition && a.Class() == api.AgentAvailable {
			coffee = i
			break
		}
	}
	require.GreaterOrEqual(t, coffee, 0, "a free agent to send for coffee")
	agents[coffee].State, agents[coffee].StateTime = "Coffee", 21*time.Minute+40*time.Second
	away := 0
	for _, a := range agents {
		if !a.LoggedOut && (a.Class() == api.AgentAway || a.State == "Coffee") {
			away++
		}
	}
	b.sendAgents(agents, b.liveStatus())
	b.press("2")
	require.Contains(t, ansi.Strip(strings.Split(b.screen(), "\n")[1]), itoa(away)+" away", "the header counts the aux state as away")

	id := agentKey(&agentRow{a: agents[coffee]})
	if b.m.agentsGrid.selected == id {
		b.press("j")
	}
	line := rowLine(b, b.m.agentsGrid, id)
	requirePainted(t, line, b.m.paints.Warn.pre, "21:40", "away past the threshold")
	r := newAgentRow(agents[coffee])
	_, p := b.m.agentStateCell(&r)
	require.Nil(t, p, "an unknown label is shown plainly")
}
