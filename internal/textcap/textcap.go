// Package textcap is the one rule for bounding text in bytes — a server's
// request id, a value echoed back, a field written out — so that a cut
// never leaves half a UTF-8 sequence behind. It imports only the standard
// library, so every layer (api, audit, internal/shown, which the
// simulator imports) can use it without an import cycle.
package textcap

import "unicode/utf8"

// Bytes is s cut to at most n bytes without splitting a character. Where s
// is not valid UTF-8 at the cut (no character starts in the last
// utf8.UTFMax bytes before it), it is cut at n exactly: backing up further
// would drop text for bytes that were never a character.
func Bytes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for cut := n; cut > n-utf8.UTFMax && cut > 0; cut-- {
		if utf8.RuneStart(s[cut]) {
			return s[:cut]
		}
	}
	return s[:n]
}
