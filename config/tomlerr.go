package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/callboard/callboard/internal/shown"
)

// decodeProblems words go-toml's errors as "FILE:LINE: …". Only the
// position, key and go-toml's own message are used, never its
// human-readable form: that quotes the offending document line, which may
// hold a secret.
func decodeProblems(path string, err error) []error {
	var missing *toml.StrictMissingError
	if errors.As(err, &missing) {
		errs := make([]error, 0, len(missing.Errors))
		for i := range missing.Errors {
			e := &missing.Errors[i]
			line, _ := e.Position()
			key := strings.Join(e.Key(), ".")
			msg := fmt.Sprintf("%s:%d: unknown key %s", shown.Value(path), line, shown.Quote(key))
			if s := suggest(key, fileKeyNames()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs = append(errs, problemf("%s", msg))
		}
		return errs
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		key := strings.Join(de.Key(), ".")
		if kind, ok := strings.CutPrefix(msg, "cannot decode TOML "); ok && key != "" {
			kind, _, _ = strings.Cut(kind, " ")
			return []error{problemf("%s:%d: %s: expected %s, not %s", shown.Value(path), line, shown.Value(key), expectedType(key), article(kind))}
		}
		return []error{problemf("%s:%d: %s", shown.Value(path), line, shown.Message(msg))}
	}
	return []error{problemf("%s: %s", shown.Value(path), shown.Message(err.Error()))}
}

// expectedType says what a key takes, in the file's own terms.
func expectedType(key string) string {
	switch {
	case key == "thresholds.bell":
		return "true or false"
	case key == "refresh" || key == "action_deadline" || strings.HasPrefix(key, "thresholds."):
		return fmt.Sprintf("a duration in quotes, e.g. %s = \"5s\"", lastPart(key))
	case key == "read_only":
		return "true or false"
	case key == "serve.max_sessions" || key == "serve.rate_limit":
		return fmt.Sprintf("a whole number, e.g. %s = 20", lastPart(key))
	case key == "serve.idle_timeout" || key == "serve.max_session_time":
		return fmt.Sprintf("a duration in quotes, e.g. %s = \"30m\"", lastPart(key))
	case key == "serve.users":
		return "tables, each [[serve.users]] with name, keys, phone and role"
	case key == "keys":
		return `a table of action = ["key", …]`
	case strings.HasPrefix(key, "keys."):
		return fmt.Sprintf(`a list of keys, e.g. %s = ["H", "ctrl+h"]`, lastPart(key))
	case key == "scope" || key == "thresholds" || key == "log" || key == "credentials" || key == "serve":
		return "a table, [" + key + "]"
	}
	return fmt.Sprintf("a string in quotes, e.g. %s = \"…\"", lastPart(key))
}

func lastPart(key string) string {
	return key[strings.LastIndexByte(key, '.')+1:]
}

func article(kind string) string {
	if kind == "" {
		return "this"
	}
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// suggest returns the candidate closest to s when it is close enough to be
// a typo (at most two edits), else "".
func suggest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := EditDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b (in bytes), for
// "did you mean" hints: here for the config file's keys, in the commands
// for usernames.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
