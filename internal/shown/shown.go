// Package shown is how callboard echoes what a person gave it — a flag's
// value, a variable, a line of the config file, an unknown command — in
// its messages. The value is shown as it was given, except that whatever
// would act on the terminal rather than be read (escape sequences, C0 and
// C1 controls, bidi overrides, invalid UTF-8) is written visibly, as Go
// writes it in a quoted string (\x1b, \x9b, \u202e), neither passed
// through nor silently dropped: the person sees what they typed, and the
// terminal stays theirs.
package shown

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/callboard/callboard/internal/textcap"
)

// MaxValue bounds an echoed value, in bytes of the value given: enough to
// recognise any real setting, while a variable holding a whole file by
// mistake does not fill the screen.
const MaxValue = 200

// Value is v for a message: as it is when it is a plain word, else in
// double quotes with everything unprintable escaped (spaces and quotes
// make it quoted too, so where the value ends is never in doubt). Values
// longer than MaxValue are cut and end in "…".
func Value(v string) string {
	cut, long := bound(v)
	if cut != "" && !strings.ContainsFunc(cut, needsQuotes) && utf8.ValidString(cut) {
		return cut + ellipsis(long)
	}
	return strconv.Quote(cut) + ellipsis(long)
}

// Quote is v always in double quotes, escaped and bounded as Value does:
// for a config file's values, which TOML writes quoted.
func Quote(v string) string {
	cut, long := bound(v)
	return strconv.Quote(cut) + ellipsis(long)
}

// Message makes a whole message safe to print: every rune Value would
// escape is escaped in place, while newlines and tabs, which messages use
// for their layout, are kept. It is the last guard before the terminal,
// for messages built by code that does not quote (a flag parser's "unknown
// flag: --x").
func Message(s string) string {
	if !strings.ContainsFunc(s, unprintable) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unprintable(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unprintable is a rune Message escapes: what strconv would escape in a
// quoted string, but for the layout of lines.
func unprintable(r rune) bool {
	return r != '\n' && r != '\t' && !strconv.IsPrint(r)
}

// needsQuotes is a rune that makes Value quote: unprintable, a space, or
// a quote or backslash a reader could take for the quoting itself.
func needsQuotes(r rune) bool {
	return !strconv.IsPrint(r) || unicode.IsSpace(r) || r == '"' || r == '\'' || r == '\\'
}

// bound cuts v to at most MaxValue bytes, at a rune boundary when it is
// valid UTF-8, and says whether it cut.
func bound(v string) (string, bool) {
	cut := textcap.Bytes(v, MaxValue)
	return cut, len(cut) < len(v)
}

func ellipsis(cut bool) string {
	if cut {
		return "…"
	}
	return ""
}
