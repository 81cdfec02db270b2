package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding of the board. main builds it (keymap.go) and
// may rebind keys from configuration; the ui only reads it, and the help
// screen is generated from it, so help cannot drift from behaviour.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Monitor, Coach, Barge, Leave, Hangup, Record, Disposition, NewCall key.Binding

	Filter, Sort, SortReverse, Details, Refresh, Pause, Help, Quit key.Binding

	// Inside dialogs and forms.
	Confirm, Cancel, Submit, NextField, PrevField key.Binding
}

// ShortHelp is the footer line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Monitor, k.Coach, k.Barge, k.Leave, k.Hangup, k.Record, k.Filter, k.Sort, k.Details, k.Help, k.Quit}
}

// FullHelp is the help screen, one column a group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Monitor, k.Coach, k.Barge, k.Leave, k.Hangup, k.Record, k.Disposition, k.NewCall},
		{k.Filter, k.Sort, k.SortReverse, k.Details, k.Refresh, k.Pause, k.Help, k.Quit},
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
		"up": &k.Up, "down": &k.Down, "page_up": &k.PageUp, "page_down": &k.PageDown, "top": &k.Top, "bottom": &k.Bottom,
		"monitor": &k.Monitor, "coach": &k.Coach, "barge": &k.Barge, "leave": &k.Leave, "hangup": &k.Hangup,
		"record": &k.Record, "disposition": &k.Disposition, "new_call": &k.NewCall, "filter": &k.Filter,
		"sort": &k.Sort, "sort_reverse": &k.SortReverse, "details": &k.Details, "refresh": &k.Refresh,
		"pause": &k.Pause, "help": &k.Help, "quit": &k.Quit,
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
