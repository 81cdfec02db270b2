package hostile

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// Payload is hostile text as the inside of a JSON string literal: a
// window retitle (OSC 0), a screen clear, an SGR colour, an 8-bit CSI
// (C1), a right-to-left override, a NUL and a line break. Every byte of
// it is valid JSON and valid UTF-8, so a faithful decoder takes it in.
const Payload = `\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED\u009b31mC1\u202eevil\u0000NUL\nLINE`

// InvalidUTF8 is hostile bytes a JSON string must not hold, raw: an
// 8-bit CSI as a bare byte, and bytes that are no UTF-8 at all.
const InvalidUTF8 = "Sale\x9b2J\xff\xfe"

// HeaderValue is hostile text for a header: C1 controls (8-bit CSI and
// OSC) and a right-to-left override as UTF-8. Go's HTTP stack passes them.
const HeaderValue = "req-\u009b2J\u009d0;title\u202eevil"

// sgr is the one escape sequence a rendered board may hold: colours and
// attributes (CSI … m).
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// Unsafe says what in s must never reach a terminal, a log or the audit
// log — an escape sequence (other than SGR styling when styled), another
// C0 control but newline, a C1 control, a bidirectional override or
// isolate, invalid UTF-8 or a replacement character (the trace of
// invalid bytes) — or "" when there is nothing.
func Unsafe(s string, styled bool) string {
	if styled {
		s = sgr.ReplaceAllString(s, "")
	}
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			return fmt.Sprintf("invalid UTF-8 or U+FFFD at byte %d", i)
		case r == 0x1b:
			return fmt.Sprintf("an escape sequence at byte %d", i)
		case r < 0x20 && r != '\n', r == 0x7f:
			return fmt.Sprintf("control %U at byte %d", r, i)
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 control %U at byte %d", r, i)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("bidirectional control %U at byte %d", r, i)
		}
	}
	return ""
}
