package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/ui"
)

// defaultKeyMap is the board's bindings (ui.DefaultKeyMap), before the
// configuration's [keys] overrides.
func defaultKeyMap() ui.KeyMap { return ui.DefaultKeyMap() }

// keyMap is the board's key map with the configuration's [keys] applied
// and checked: the one validation the board, callboard serve and
// callboard config share, so that config refuses exactly what the board
// would, with the same message.
func (a *app) keyMap() (ui.KeyMap, error) {
	km := defaultKeyMap()
	err := applyKeyOverrides(&km, a.cfg.Keys)
	return km, err
}

// applyKeyOverrides rebinds board actions from the configuration ([keys]
// in the config file: action = ["key", …]). The help text follows the new
// keys, and a rebinding that makes two actions share a key is refused.
func applyKeyOverrides(km *ui.KeyMap, overrides map[string][]string) error {
	bindings := km.Bindings()
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		b, ok := bindings[name]
		if !ok {
			return fmt.Errorf("[keys] %s: not an action (known: %s)", shown.Value(name), strings.Join(slices.Sorted(maps.Keys(bindings)), ", "))
		}
		keys := overrides[name]
		if len(keys) == 0 {
			return fmt.Errorf("[keys] %s: give at least one key", shown.Value(name))
		}
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	}
	return km.Validate()
}
