package api

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// secrets remembers every credential the client has held, so that text the
// server echoes back (an error body quoting a token, a request URI) can be
// scrubbed before it becomes part of an error string. Tokens rotate every few
// minutes, so the set only grows; it stays tiny (a few dozen entries per
// shift at most).
type secrets struct {
	mu     sync.RWMutex
	values map[string]struct{}
}

func (s *secrets) add(vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = make(map[string]struct{})
	}
	for _, v := range vals {
		// Very short values would redact innocent text; real credentials are long.
		if len(v) >= 8 {
			s.values[v] = struct{}{}
		}
	}
}

func (s *secrets) redact(text string) string {
	s.mu.RLock()
	for v := range s.values {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, "[redacted]")
		}
	}
	s.mu.RUnlock()
	return jwtLike.ReplaceAllString(text, "[redacted]")
}

// jwtLike matches a JWT (header.payload.signature, base64url, header starting
// with `{"`) and bearer credentials written out in text, whoever they
// belong to.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*|(?i:bearer\s+)[A-Za-z0-9._~+/=-]{12,}`)

// Clean makes untrusted server text safe to print on one line: escape
// sequences and control characters are removed, runs of whitespace become one
// space, and the result is bounded. It is exported because the UI and the CLI
// apply the same rule to call data.
func Clean(s string, maxLen int) string {
	if s == "" {
		return s
	}
	if !needsCleaning(s) && (maxLen <= 0 || len(s) <= maxLen) {
		return s
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == unicode.ReplacementChar:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || isBidiControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		if maxLen > 0 && b.Len() >= maxLen {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}

// needsCleaning is the fast path: most call data is plain printable text.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			return true
		}
	}
	return false
}

// isBidiControl reports the explicit directional formatting characters
// (embeddings, overrides, isolates). Left in untrusted text they can reorder
// what follows them on the line; RTL letters themselves are kept.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}
