package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding of the board. DefaultKeyMap declares them once;
// main (keymap.go) rebinds keys from the configuration; the help screen is
// generated from it, so help cannot drift from behaviour.
type KeyMap struct {
	Up, Down, PageUp, PageDown, HalfPageUp, HalfPageDown, Top, Bottom key.Binding
	// LongestWait jumps to the call that has waited longest in queue.
	LongestWait key.Binding

	Monitor, Coach, Barge, Leave, Hangup, Record, Disposition, NewCall key.Binding

	Filter, Sort, SortReverse, Details, Refresh, Pause, Help, Quit key.Binding

	// CopyUII and CopyCaller put the selected call's uii or caller number
	// on the clipboard (OSC 52, so it works over SSH); Messages opens the
	// list of recent messages; Phone changes the supervisor's phone.
	CopyUII, CopyCaller, Messages, Phone key.Binding

	// Calls, Agents and Queues put a view on screen; NextView goes to the
	// next one (tab: forms are overlays and take it first); LoggedOut shows
	// or hides the roster's logged-out agents on the Agents view.
	Calls, Agents, Queues, NextView, LoggedOut key.Binding

	// Inside dialogs and forms.
	Confirm, Cancel, Submit, NextField, PrevField key.Binding
}

// ShortHelp is the footer line, most useful first. The footer keeps the
// keys of EssentialHelp visible at any width and drops these from the end.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Monitor, k.Coach, k.Barge, k.Leave, k.Hangup, k.Record, k.Filter, k.LongestWait, k.Sort, k.Details}
}

// EssentialHelp ends the footer at every width: how to learn the rest, and
// how to leave.
func (k KeyMap) EssentialHelp() []key.Binding { return []key.Binding{k.Help, k.Quit} }

// FullHelp is the help screen, one column a group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown, k.Top, k.Bottom, k.LongestWait},
		{k.Monitor, k.Coach, k.Barge, k.Leave, k.Hangup, k.Record, k.Disposition, k.NewCall},
		{k.Filter, k.Sort, k.SortReverse, k.Details, k.CopyUII, k.CopyCaller, k.Messages},
		{k.Calls, k.Agents, k.Queues, k.NextView, k.LoggedOut, k.Refresh, k.Pause, k.Phone, k.Help, k.Quit},
	}
}

// actions are the bindings that change a call; read-only mode disables
// them, which also hides them from help.
func (k *KeyMap) actions() []*key.Binding {
	return []*key.Binding{&k.Monitor, &k.Coach, &k.Barge, &k.Leave, &k.Hangup, &k.Record, &k.Disposition, &k.NewCall}
}

// board lists every binding active on the board, by name, for conflict
// checks.
func (k *KeyMap) board() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "page_up": &k.PageUp, "page_down": &k.PageDown,
		"half_page_up": &k.HalfPageUp, "half_page_down": &k.HalfPageDown, "top": &k.Top, "bottom": &k.Bottom,
		"longest_wait": &k.LongestWait, "copy_uii": &k.CopyUII, "copy_caller": &k.CopyCaller,
		"messages": &k.Messages, "phone": &k.Phone,
		"monitor": &k.Monitor, "coach": &k.Coach, "barge": &k.Barge, "leave": &k.Leave, "hangup": &k.Hangup,
		"record": &k.Record, "disposition": &k.Disposition, "new_call": &k.NewCall, "filter": &k.Filter,
		"sort": &k.Sort, "sort_reverse": &k.SortReverse, "details": &k.Details, "refresh": &k.Refresh,
		"pause": &k.Pause, "help": &k.Help, "quit": &k.Quit,
		"view_calls": &k.Calls, "view_agents": &k.Agents, "view_queues": &k.Queues, "next_view": &k.NextView,
		"logged_out": &k.LoggedOut,
	}
}

// Bindings exposes the board bindings by their configuration names, so
// main can apply overrides without a second list of names.
func (k *KeyMap) Bindings() map[string]*key.Binding { return k.board() }

// Validate reports two board actions sharing a key (a rebinding mistake that
// would make one of them unreachable) and bindings with no key at all.
func (k *KeyMap) Validate() error {
	owner := map[string]string{}
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(k.board())) {
		b := k.board()[name]
		if len(b.Keys()) == 0 {
			problems = append(problems, fmt.Sprintf("%s has no key", name))
		}
		for _, key := range b.Keys() {
			if other, dup := owner[key]; dup {
				problems = append(problems, fmt.Sprintf("%q is bound to both %s and %s", key, other, name))
				continue
			}
			owner[key] = name
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("key bindings: %s", strings.Join(problems, "; "))
	}
	return nil
}

// DefaultKeyMap declares every binding of the board once: the keys it
// answers to and how help shows it. The help screen and footer are built
// from these same values, so they cannot disagree with behaviour.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
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

		Calls:     b("1", "calls", "1"),
		Agents:    b("2", "agents", "2"),
		Queues:    b("3", "queues", "3"),
		NextView:  b("tab", "next view", "tab"),
		LoggedOut: b("L", "logged-out agents", "L"),

		Confirm:   b("y", "yes", "y"),
		Cancel:    b("esc", "cancel", "esc"),
		Submit:    b("enter", "submit", "enter"),
		NextField: b("tab", "next field", "tab"),
		PrevField: b("shift+tab", "previous field", "shift+tab"),
	}
}
