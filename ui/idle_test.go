package ui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/poller"
)

// The freshness line keeps its place as the age ticks ("just now", "1s
// ago", "12s ago", "1m ago"): a line laid out again each time would shift
// under the terminal, which is then sent the whole right-hand side instead
// of the changed digits.
func TestHeaderKeepsItsLayoutAsTheAgeTicks(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	// Refreshed every minute, so a minute-old list is still live.
	b.snapshot(b.last, poller.Status{State: poller.StateLive, Interval: time.Minute, NextTry: b.clock.Now().Add(time.Minute)})
	fetched := b.clock.Now()
	header := func(age time.Duration) string {
		b.send(tickMsg{at: fetched.Add(age)})
		return strings.SplitN(b.screen(), "\n", 2)[0]
	}
	first := header(0)
	require.Contains(t, first, "updated just now")
	at := ansi.StringWidth(first[:strings.Index(first, "●")])
	for _, age := range []time.Duration{time.Second, 9 * time.Second, 12 * time.Second, 61 * time.Second} {
		line := header(age)
		require.Contains(t, line, "updated "+ago(age), "the age is shown")
		assert.Equal(t, at, ansi.StringWidth(line[:strings.Index(line, "●")]), "the freshness line starts where it did at %v: %q", age, line)
		assert.Equal(t, b.m.width, ansi.StringWidth(line), "the header fills the width at %v", age)
	}
}

// A sorted column's title (underlined in the NO_COLOR theme, which
// lipgloss draws one rune at a time) goes out as one styled run, in the
// Calls table and in the Agents and Queues grids alike.
func TestSortedTitleIsPaintedOnce(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	assert.Contains(t, b.m.View().Content, "STATE▲", "the Calls table's sorted title is one run")
	b.press("3")
	var sorted string
	for i, c := range b.m.queuesGrid.cols {
		if i == b.m.queuesGrid.sortBy {
			sorted = c.title
		}
	}
	require.NotEmpty(t, sorted, "the Queues view is sorted by a column")
	assert.Regexp(t, `\x1b\[[0-9;]*m`+sorted+`[▲▼]`, b.m.View().Content, "the Queues grid's sorted title is one run")
}

// The spinner animates only while an action runs: once the last action's
// answer is in, its next tick draws nothing new and asks for no other, so
// an idle board is not woken a dozen times a second.
func TestSpinnerStopsWhenNoActionRuns(t *testing.T) {
	b, _ := boardOnACall(t)
	_, cmd := b.m.Update(keyMsg("r")) // record: an action, the spinner starts
	require.NotEmpty(t, b.m.pending)
	require.NotNil(t, cmd)
	tick := b.m.spinner.Tick()
	before := b.m.View().Content
	_, next := b.m.Update(tick)
	assert.NotNil(t, next, "while the action runs, the spinner asks for its next frame")
	assert.NotEqual(t, before, b.m.View().Content, "and shows it")

	b.awaitAction(cmd)
	require.Empty(t, b.m.pending, "the action's answer is in")
	idle := b.m.View().Content
	_, next = b.m.Update(spinner.TickMsg{ID: b.m.spinner.ID(), Time: b.clock.Now()})
	assert.Nil(t, next, "no action runs: the spinner stops ticking")
	assert.Equal(t, idle, b.m.View().Content, "and the screen is unchanged")
}

// A paused screen stays as it was between two ticks: the refreshes that
// arrive meanwhile are held, and draw nothing.
func TestPausedBoardDrawsNothingNewBetweenTicks(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.press("p")
	b.send(tickMsg{at: b.clock.Now()})
	before := b.m.View().Content
	b.clock.Advance(300 * time.Millisecond)
	b.refresh()
	assert.Equal(t, before, b.m.View().Content, "a held refresh changes nothing on screen")
}
