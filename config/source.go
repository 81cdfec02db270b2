package config

import (
	"fmt"
	"strconv"

	"github.com/callboard/callboard/internal/shown"
)

// The kinds of Source, lowest precedence first.
const (
	KindDefault = "default"
	KindFile    = "file"
	KindEnv     = "env"
	KindFlag    = "flag"
	// KindRemembered is a value the board kept from an earlier run (the
	// phone typed at its prompt), below every configured one; Name is the
	// state file.
	KindRemembered = "remembered"
)

// Source says where a setting's value came from.
type Source struct {
	Kind string // KindDefault, KindFile, KindEnv or KindFlag
	// Name is the config file's path, the variable's name or the flag's
	// name (without dashes). For a default derived from another setting it
	// names that setting ("account").
	Name string
	Line int // line in the config file; 0 when unknown or not a file
	// SecretFile is the file a secret was read from (via a *_FILE variable
	// or a *_file key); "" when the secret was given inline.
	SecretFile string
}

// String is how Describe and error messages name the source:
// "default", "flag --refresh", "env RINGCX_ACCOUNT_ID",
// "file /path/config.toml:7", "remembered (/path/phone)".
func (s Source) String() string {
	var out string
	switch s.Kind {
	case KindFlag:
		out = "flag --" + s.Name
	case KindEnv:
		out = "env " + s.Name
	case KindFile:
		out = "file " + s.fileLine()
	case KindRemembered:
		out = "remembered (" + shown.Value(s.Name) + ")"
	default:
		out = KindDefault
		if s.Name != "" {
			out += " (the " + s.Name + ")"
		}
	}
	if s.SecretFile != "" {
		out += " (read from " + shown.Value(s.SecretFile) + ")"
	}
	return out
}

// fileLine names the config file, and the line when known, as the
// messages show a path: cleaned (shown.Value), since the path itself came
// from a flag or a variable.
func (s Source) fileLine() string {
	if s.Line > 0 {
		return shown.Value(s.Name) + ":" + strconv.Itoa(s.Line)
	}
	return shown.Value(s.Name)
}

// at names a setting as the person wrote it, for messages whose reason
// quotes the value itself: `--refresh`, `RINGCX_ACCOUNT_ID`,
// `/path/config.toml:3: refresh`.
func (s Source) at(key string) string {
	switch s.Kind {
	case KindFlag:
		return "--" + s.Name
	case KindEnv:
		return s.Name
	case KindFile:
		return s.fileLine() + ": " + key
	}
	return "default " + key
}

// atValue names a setting together with its value, as the person wrote
// it: `--refresh 1s`, `RINGCX_ACCOUNT_ID=12a`,
// `/path/config.toml:3: refresh = "1s"`. Never call it for a secret.
func (s Source) atValue(key, value string) string {
	switch s.Kind {
	case KindFlag:
		return "--" + s.Name + " " + shown.Value(value)
	case KindEnv:
		return s.Name + "=" + shown.Value(value)
	case KindFile:
		return s.fileLine() + ": " + key + " = " + shown.Quote(value)
	}
	return "default " + key + " " + shown.Value(value)
}

// problemf makes one refused-value message. Load gathers them so a person
// fixes every mistake in one pass instead of one per run. Callers never
// pass %w: the message is the whole story, and a wrapped cause is where
// unvetted text (and with it a secret) could slip in.
func problemf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}
