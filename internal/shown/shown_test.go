package shown

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Everything that would act on a terminal is written out visibly, never
// passed through and never dropped; plain words are left alone.
func TestValueShowsControlsVisibly(t *testing.T) {
	for in, want := range map[string]string{
		"5s":                   "5s",
		"+12125550123":         "+12125550123",
		"/home/me/config.toml": "/home/me/config.toml",
		"دقيقة":                "دقيقة", // RTL letters are text
		"":                     `""`,
		"call me":              `"call me"`,
		`say "hi"`:             `"say \"hi\""`,
		"+1555\x9b31mRED":      `"+1555\x9b31mRED"`, // a raw C1 byte: invalid UTF-8
		"+1555\u009b31mRED":    `"+1555\u009b31mRED"`,
		"\x9b2J":               `"\x9b2J"`,
		"a\x1b[31mb":           `"a\x1b[31mb"`,
		"evil\u202etxt.exe":    `"evil\u202etxt.exe"`,
		"zero\u200bwidth":      `"zero\u200bwidth"`,
		"line\nbreak":          `"line\nbreak"`,
		"nbsp\u00a0here":       `"nbsp\u00a0here"`,
	} {
		assert.Equal(t, want, Value(in), "%q", in)
	}
	assert.Equal(t, `"5s"`, Quote("5s"))
	assert.Equal(t, `"\u202e"`, Quote("\u202e"))
}

func TestValueIsBounded(t *testing.T) {
	long := strings.Repeat("x", 5000)
	assert.Equal(t, strings.Repeat("x", MaxValue)+"…", Value(long))
	assert.Equal(t, `"`+strings.Repeat("x", MaxValue)+`"…`, Quote(long))
	// Cut at a rune boundary, so the cut itself adds no invalid byte.
	wide := strings.Repeat("é", 1000)
	got := Value(wide)
	assert.Equal(t, strings.Repeat("é", MaxValue/2)+"…", got)
}

func TestMessageKeepsLayoutAndEscapesTheRest(t *testing.T) {
	assert.Equal(t, "unknown flag: --bo\\x1bgus\nRun 'callboard --help'", Message("unknown flag: --bo\x1bgus\nRun 'callboard --help'"))
	assert.Equal(t, "Did you mean this?\n\thangup", Message("Did you mean this?\n\thangup"))
	assert.Equal(t, `a\x9bb \u202e c`, Message("a\x9bb \u202e c"))
	assert.Equal(t, `bell\a and \r`, Message("bell\a and \r"))
	plain := "--refresh 876000h: too long: give between 2s and 10m — see “callboard config”"
	assert.Equal(t, plain, Message(plain))
	assert.Equal(t, Message(Message("x\x1by")), Message("x\x1by"), "escaping what is already safe changes nothing")
}
