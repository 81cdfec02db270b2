package config

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/shown"
)

// checkKeys validates [keys]: known action names (when the caller says
// which they are), at least one key each, no empty key, and every key
// plain text (api.CheckText): a key's name is shown as it is written — in
// the help, the footer, every "R tries again", and with serve on every
// viewer's screen — so an escape sequence, a C1 control or a bidi
// override in it would act on those terminals. The board and callboard
// config both load [keys] through here, so both refuse it alike.
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
			if err := notPlainKey(list, where); err != nil {
				errs = append(errs, err)
				continue
			}
			out[name] = list
		}
	}
	return out, errs
}

// notPlainKey is the problem with the first key of list that is not plain
// text, naming the key escaped (shown.Quote) and what is wrong with it;
// nil when every key is plain.
func notPlainKey(list []string, where string) error {
	for _, k := range list {
		var bad *api.InputError
		if err := api.CheckText("key", k, false); errors.As(err, &bad) {
			return problemf("%s: %s is not a key: it %s", where, shown.Quote(k), bad.Reason)
		}
	}
	return nil
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	sort.Strings(c)
	return c
}
