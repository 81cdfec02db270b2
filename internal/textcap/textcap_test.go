package textcap

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestBytes(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"ab", 3, "ab"},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc"},
		{"aé", 2, "a"}, // é is two bytes: cut before it
		{"aé", 3, "aé"},
		{"a😀b", 4, "a"}, // 😀 is four bytes
		{"a😀b", 5, "a😀"},
		{"abc", 0, ""},
		{"abc", -1, ""},
		// Not UTF-8 at the cut: cut at n rather than dropping the
		// whole run of continuation bytes.
		{"a" + strings.Repeat("\x80", 10), 6, "a" + strings.Repeat("\x80", 5)},
	} {
		got := Bytes(c.s, c.n)
		assert.Equal(t, c.want, got, "Bytes(%q, %d)", c.s, c.n)
		assert.LessOrEqual(t, len(got), max(c.n, 0))
		if utf8.ValidString(c.s) {
			assert.True(t, utf8.ValidString(got), "Bytes(%q, %d) split a character", c.s, c.n)
		}
	}
}
