package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTheAgentsFilterMatchesTheCallColumn(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	agents, _ := b.feeds()
	a := agentOnListedCall(t, b, agents)
	id := agentKey(&agentRow{a: a})
	uii, _ := a.OnCall()
	c := b.m.row(uii)
	require.NotEmpty(t, c.queue, "the call names its queue")
	b.press("2")
	shows := func(filter string) bool {
		b.t.Helper()
		b.press("esc", "/")
		b.typeText(filter)
		b.press("enter")
		return slices.ContainsFunc(b.m.agentsGrid.rows, func(r *gridRow[agentRow]) bool { return r.id == id })
	}
	require.True(t, shows(uii[len(uii)-5:]), "the call's uii")
	require.Len(t, b.m.agentsGrid.rows, 1, "only the agent on that call")
	require.True(t, shows(strings.ToUpper(c.queue)), "the call's queue, as the CALL column shows it")
	caller := c.cnam
	if caller == "" {
		caller = c.ani
	}
	require.NotEmpty(t, caller)
	require.True(t, shows(strings.Fields(caller)[0]), "the caller, as the CALL column shows it")

}
