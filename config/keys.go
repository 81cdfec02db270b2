package config

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/callboard/callboard/internal/shown"
)

// checkKeys validates [keys]: known action names (when the caller says
// which they are), at least one key each, no empty key.
func checkKeys(keys map[string][]string, allowed []string, at func(string) Source) (map[string][]string, []error) {
	var errs []error
	out := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(keys)) {
		key := "keys." + name
		where := at(key).fileLine() + ": " + shown.Value(key)
		list := keys[name]
		switch {
		case allowed != nil && !slices.Contains(allowed, name):
			msg := fmt.Sprintf("%s: unknown action %s", where, shown.Quote(name))
			if s := suggest(name, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs = append(errs, problemf("%s; the actions are %s", msg, strings.Join(sortedCopy(allowed), ", ")))
		case len(list) == 0:
			errs = append(errs, problemf("%s: no keys given: write e.g. %s = [\"H\"]", where, shown.Value(name)))
		case slices.Contains(list, ""):
			errs = append(errs, problemf("%s: an empty string is not a key", where))
		default:
			out[name] = list
		}
	}
	return out, errs
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	sort.Strings(c)
	return c
}
