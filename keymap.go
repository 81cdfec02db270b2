package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

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
		// ctrl+u/ctrl+d: half a page, as in vim, less and k9s.
		HalfPageUp:   b("ctrl+u", "half page up", "ctrl+u"),
		HalfPageDown: b("ctrl+d", "half page down", "ctrl+d"),
		Top:          b("g", "top", "g", "home"),
		Bottom:       b("G", "bottom", "G", "end"),
		LongestWait:  b("w", "longest wait", "w"),

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

		// y as in yank (vim, k9s): copies over SSH too (OSC 52).
		CopyUII:    b("y", "copy uii", "y"),
		CopyCaller: b("Y", "copy caller number", "Y"),
		Messages:   b("M", "messages", "M"),
		Phone:      b("P", "your phone", "P"),

		Confirm:   b("y", "yes", "y"),
		Cancel:    b("esc", "cancel", "esc"),
		Submit:    b("enter", "submit", "enter"),
		NextField: b("tab", "next field", "tab"),
		PrevField: b("shift+tab", "previous field", "shift+tab"),
	}
}

// applyKeyOverrides rebinds board actions from the configuration ([keys]
// in the config file: action = ["key", …]). The help text follows the new
// keys, and a rebinding that makes two actions share a key is refused.
func applyKeyOverrides(km *ui.KeyMap, overrides map[string][]string) error {
	bindings := km.Bindings()
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		b, ok := bindings[name]
		if !ok {
			return fmt.Errorf("[keys] %s: not an action (known: %s)", name, strings.Join(slices.Sorted(maps.Keys(bindings)), ", "))
		}
		keys := overrides[name]
		if len(keys) == 0 {
			return fmt.Errorf("[keys] %s: give at least one key", name)
		}
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	}
	return km.Validate()
}
