package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/require"
)

func TestANarrowAgentsHeaderKeepsItsCountsBeforeTheHint(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.feeds()
	b.press("2")
	require.Positive(t, b.m.agentTallies.loggedOut)
	require.Positive(t, b.m.agentTallies.away)
	for _, w := range []int{60, 80} {
		b.send(tea.WindowSizeMsg{Width: w, Height: 24})
		line := b.screenLine(1)
		require.Contains(t, line, itoa(b.m.agentTallies.away)+" away", "at %d columns", w)
		require.Contains(t, line, itoa(b.m.agentTallies.engaged)+" on calls", "at %d columns", w)
	}
	b.send(tea.WindowSizeMsg{Width: 120, Height: 24})
	require.Contains(t, b.screenLine(1), "("+itoa(b.m.agentTallies.loggedOut)+" logged out hidden: L shows)", "room enough: the whole hint")
}
