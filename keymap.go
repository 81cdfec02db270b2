package main

import (
	"charm.land/bubbles/v2/key"

	"github.com/callboard/callboard/ui"
)

// defaultKeyMap declares every binding of the board once: the keys it
// answers to and how help shows it. The help screen and footer are built
// from these same values, so they cannot disagree with behaviour.
func defaultKeyMap() ui.KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return ui.KeyMap{
		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		PageUp:   b("pgup", "page up", "pgup", "ctrl+b"),
		PageDown: b("pgdn", "page down", "pgdown", "ctrl+f"),
		Top:      b("g", "top", "g", "home"),
		Bottom:   b("G", "bottom", "G", "end"),

		Monitor:     b("m", "monitor", "m"),
		Coach:       b("c", "coach", "c"),
		Barge:       b("b", "barge", "b"),
		Leave:       b("x", "leave", "x"),
		Hangup:      b("H", "hang up", "H"),
		Record:      b("r", "record", "r"),
		Disposition: b("d", "disposition", "d"),
		NewCall:     b("n", "new call", "n"),

		Filter:      b("/", "filter", "/"),
		Sort:        b("s", "sort", "s"),
		SortReverse: b("S", "reverse", "S"),
		Details:     b("enter", "details", "enter"),
		Refresh:     b("R", "refresh", "R"),
		Pause:       b("p", "pause", "p"),
		Help:        b("?", "help", "?"),
		Quit:        b("q", "quit", "q", "ctrl+c"),

		Confirm:   b("y", "yes", "y"),
		Cancel:    b("esc", "cancel", "esc"),
		Submit:    b("enter", "submit", "enter"),
		NextField: b("tab", "next field", "tab"),
		PrevField: b("shift+tab", "previous field", "shift+tab"),
	}
}
