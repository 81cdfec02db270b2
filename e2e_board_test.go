package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The common SSH default, 80×24, in a real terminal: the footer still
// offers help and quit, the rule under the table says what is off-screen,
// and w brings the longest-waiting caller into view.
func TestE2EBoardAt80x24HidesNothing(t *testing.T) {
	tm := startTerm(t, nil, "--demo", "--phone", "+12125550123")
	tm.tmux("resize-window", "-x", "80", "-y", "24")
	s := tm.waitFor("LIVE")
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	require.LessOrEqual(t, len(lines), 24)
	last := lines[len(lines)-1]
	assert.Contains(t, last, "? help")
	assert.Contains(t, last, "q quit")
	for _, l := range lines {
		assert.LessOrEqual(t, ansi.StringWidth(l), 80, "garbled line: %q", l)
	}
	assert.Contains(t, s, "↓ ", "more calls below, and the board says so")

	tm.keys("G")
	s = tm.waitFor("↑ ")
	assert.Contains(t, s, " of ")
	// The demo's callers wait only while every agent is busy (a rush), so at the start w may find
	// nobody waiting; either way it answers on the screen's last lines.
	tm.keys("w")
	s = tm.waitFor("wait")
	if strings.Contains(s, "longest wait: ") {
		assert.Contains(t, selectedLine(s), "queued", "w selected a waiting caller")
	} else {
		assert.Contains(t, s, "no caller is waiting in queue")
	}
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
}
