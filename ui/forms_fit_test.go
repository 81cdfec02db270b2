package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireFormFits checks that the whole form is on a screen of the
// stated minimum size: its bottom border, its keys, and the field being
// typed into (huh's focus bar) with what was typed.
func requireFormFits(t *testing.T, b *board, typed string) {
	t.Helper()
	s := b.screen()
	lines := strings.Split(s, "\n")
	require.LessOrEqual(t, len(lines), 15)
	assert.Contains(t, s, "╰", "the form's bottom border is on screen:\n%s", s)
	assert.Contains(t, s, "esc cancel", "its keys are on screen:\n%s", s)
	assert.Contains(t, s, "┃", "the field being typed into is on screen:\n%s", s)
	if typed != "" {
		assert.Contains(t, s, typed, "and what was typed into it:\n%s", s)
	}
}

func TestNewCallFormFitsTheMinimumScreen(t *testing.T) {
	b := newPickerBoard(t)
	b.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	b.open("n", "loading agents…")
	requireFormFits(t, b, "")
	b.press("enter")
	b.typeText("6505550123")
	requireFormFits(t, b, "6505550123")
	b.press("tab")
	b.typeText("8665550199")
	requireFormFits(t, b, "8665550199")
	b.press("tab", "backspace", "backspace")
	b.typeText("45")
	requireFormFits(t, b, "45")
	b.press("shift+tab", "backspace")
	b.press("enter") // the caller id is now short: refused, its error shown
	requireFormFits(t, b, "caller id")
}

func TestDispositionFormFitsTheMinimumScreen(t *testing.T) {
	b, _, _ := dispositionBoard(t)
	b.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	b.open("d", "loading the call's dispositions…")
	requireFormFits(t, b, "")
	b.typeText("escal")
	requireFormFits(t, b, "escal")
	b.press("enter", "enter", "enter")
	b.typeText("asked for a manager")
	requireFormFits(t, b, "asked for a manager")
}
