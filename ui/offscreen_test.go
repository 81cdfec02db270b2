package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

// ruleLine is the rule under a view's table, without escapes.
func (b *board) ruleLine() string {
	lines := strings.Split(b.screen(), "\n")
	return ansi.Strip(lines[len(lines)-3])
}

// worstOf is the key of the flagged row with the highest severity among
// the view's shown rows, and how many are flagged off screen.
func worstOf[T any](g *grid[T]) (worst string, above, below int) {
	best := int64(-1)
	for i, r := range g.rows {
		s, ok := g.flag(&r.item)
		if !ok {
			continue
		}
		if s > best {
			worst, best = r.id, s
		}
		switch {
		case i < g.offset:
			above++
		case i >= g.offset+g.height:
			below++
		}
	}
	return worst, above, below
}

func TestTheAgentsRuleNamesAgentsPastWrapUpAndWJumpsToTheWorst(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.WrapUp = 5 * time.Second }))
	b.send(tea.WindowSizeMsg{Width: 120, Height: MinHeight})
	b.refresh()
	for _, uii := range b.answered(6) {
		b.sim.EndCall(uii)
	}
	b.clock.Advance(10 * time.Second)
	b.refresh()
	b.feeds()
	b.send(tickMsg{at: b.clock.Now().Add(10 * time.Second)})
	b.press("2", "G")
	worst, above, below := worstOf(b.m.agentsGrid)
	require.Positive(t, above, "agents past wrap-up are above the screen")
	require.Zero(t, below)
	require.Contains(t, b.ruleLine(), "("+itoa(above)+" in wrap-up over 0:05 — w jumps)")
	b.press("w")
	require.Equal(t, worst, b.m.agentsGrid.selected, "w goes to the agent in wrap-up longest")
	require.NotContains(t, b.ruleLine(), "in wrap-up over", "none is off screen any more")
}

func TestTheQueuesRuleNamesQueuesPastTheirThresholdsAndWJumpsToTheWorst(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.QueueWait = time.Second }))
	b.send(tea.WindowSizeMsg{Width: 120, Height: MinHeight})
	_, queues := b.readFeeds()
	nobodyQueues(b, queues)
	agents, queues := b.readFeeds()
	// The simulator has five queues, fewer than a screen's rows: the
	// account has each four times over, under other ids.
	var many []api.Queue
	for i := range 4 {
		for _, q := range queues {
			q.GateID, q.Name = q.GateID+"-"+itoa(i), q.Name+" "+itoa(i)
			many = append(many, q)
		}
	}
	b.sendAgents(agents, b.liveStatus())
	b.sendQueues(many, b.liveStatus())
	b.send(tickMsg{at: b.clock.Now().Add(10 * time.Second)})
	b.press("3", "G")
	worst, above, _ := worstOf(b.m.queuesGrid)
	require.Positive(t, above, "queues past a threshold are above the screen")
	require.Contains(t, b.ruleLine(), "("+itoa(above)+" waiting over 0:01 or nobody free — w jumps)")
	b.press("w")
	require.Equal(t, worst, b.m.queuesGrid.selected)
	require.True(t, b.m.queuesGrid.current().q.NobodyAvailable(), "nobody free is the worst")
}
