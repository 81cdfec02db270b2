package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"
)

func TestAnAgentsRowShowsTheSessionOnTheirCallAndYCopiesIt(t *testing.T) {
	b, a, uii, _ := monitorFromAgents(t)
	id := agentKey(&agentRow{a: a})
	require.Contains(t, b.m.toast.text, "Monitoring")
	b.press("j") // off the row: a selected row is drawn in one style
	line := rowLine(b, b.m.agentsGrid, id)
	require.Contains(t, ansi.Strip(line), "MON · ", "the agent's row shows your session on their call")
	require.Contains(t, line, b.m.paints.Mine.pre+"MON")

	b.selectAgent(id)
	b.press("enter")
	require.Regexp(t, `sessions\s+MON`, b.screen(), "the agent's details say it")
	b.press("esc")

	_, cmd := b.m.Update(keyMsg("y"))
	require.NotNil(t, cmd, "y copies on the Agents view")
	require.Equal(t, "copied uii "+uii+" to the clipboard", b.m.toast.text)
	_, cmd = b.m.Update(keyMsg("Y"))
	require.NotNil(t, cmd)
	require.Contains(t, b.m.toast.text, "copied caller number ")
}
