package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
)

// redacted is what a set secret prints as, everywhere.
const redacted = "********"

// Secret is a credential and where it came from. Nothing that prints,
// logs or encodes a Secret shows its value: only Value does.
//
// The value sits behind a pointer so that even fmt's reflection fallback
// (a Secret inside some other package's unexported struct field, where
// the methods below cannot be called) prints an address, not the text.
type Secret struct {
	value  *string
	source Source
}

// NewSecret wraps a credential obtained elsewhere (the demo's simulator,
// a test) so it gets the same protection as a configured one.
func NewSecret(value string, src Source) Secret { return Secret{value: &value, source: src} }

// Value returns the secret itself, for handing to the API client only.
func (s Secret) Value() string {
	if s.value == nil {
		return ""
	}
	return *s.value
}

// IsSet reports whether the secret has a (non-empty) value.
func (s Secret) IsSet() bool { return s.Value() != "" }

// Source says where the secret came from (including the file it was read
// from, if any). It is the zero Source when the secret is not set.
func (s Secret) Source() Source { return s.source }

// String is "********" when set and "" when not.
func (s Secret) String() string {
	if s.IsSet() {
		return redacted
	}
	return ""
}

// GoString keeps %#v (and test-failure dumps that use it) redacted.
func (s Secret) GoString() string { return "config.Secret{" + s.String() + "}" }

// Format makes every verb print the redacted form: without it, %x or %d
// would format the underlying value.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(s.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(strconv.Quote(s.String())))
	default:
		_, _ = f.Write([]byte(s.String()))
	}
}

// MarshalJSON writes "[redacted]" (or "" when unset) so that a Settings
// dumped as JSON stays safe to paste into a ticket.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.marker()) }

// MarshalText does the same for encoders that use encoding.TextMarshaler
// (TOML, YAML, slog's text handler).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.marker()), nil }

// LogValue keeps structured logs redacted whatever handler is used.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.marker()) }

func (s Secret) marker() string {
	if s.IsSet() {
		return "[redacted]"
	}
	return ""
}
