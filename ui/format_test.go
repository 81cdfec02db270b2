package ui

import (
	"fmt"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
)

// Whatever the API sends, the cleaned text has the same width whether the
// terminal clusters graphemes or measures code point by code point, so
// columns line up on both kinds.
func TestCleanedTextWidthAgreesAcrossTerminals(t *testing.T) {
	for _, s := range []string{
		"👨\u200d👩\u200d👧\u200d👦 family", "👍🏽 thumbs", "❤️ heart", "🏳️\u200d🌈 flag", "陳 大文", "Zoë Brontë",
		"Z\u0351\u0342a\u0300\u0301", "مرحبا بالعالم", "שלום עולם", "表情😀全角ＡＢ", "🇺🇸 usa", "e\u0301\u0301\u0301",
	} {
		c := clean(s)
		assert.Equal(t, ansi.StringWidth(c), ansi.StringWidthWc(c), "%q → %q", s, c)
	}
	assert.Equal(t, "👨👩👧👦 family", clean("👨\u200d👩\u200d👧\u200d👦 family"))
}

func TestFormatting(t *testing.T) {
	assert.Equal(t, "…19657", shortUII("202005081040440132050000019657"))
	assert.Equal(t, "ab  ", fit("ab", 4))
	assert.Equal(t, "abc…", fit("abcdefgh", 4))
	assert.Equal(t, "陳 …", fit("陳 大文", 4), "wide characters measured as two cells")
	assert.Equal(t, "  ab", fitRight("ab", 4))
}

// The board shows numbers the way its region reads them: its own in
// national format, others in international format, and text that is not
// a number as it came.
func TestNumberBook(t *testing.T) {
	us, gb := newNumberBook("US"), newNumberBook("GB")
	for in, want := range map[string]string{
		"4155550141": "(415) 555-0141", "+14155550141": "(415) 555-0141", "14155550141": "(415) 555-0141",
		"+447700900148": "+44 7700 900148", "+442079460958": "+44 20 7946 0958", "anonymous": "anonymous", "": "",
	} {
		assert.Equal(t, want, us.show(in), in)
		assert.Equal(t, want, us.show(in), "%s, the second time, from the book", in)
	}
	for in, want := range map[string]string{
		"+447700900148": "07700 900148", "+442079460958": "020 7946 0958", "+14155550141": "+1 415-555-0141",
		"4155550141": "+1 415-555-0141", // RingCX's bare digits are North American on any board
	} {
		assert.Equal(t, want, gb.show(in), in)
	}
	assert.Equal(t, "(415) 555-0141", newNumberBook("").show("4155550141"), "no region configured: US")

	for i := range maxShownNumbers + 10 {
		us.show(fmt.Sprintf("+1415555%04d", i%10000))
	}
	assert.LessOrEqual(t, len(us.shown), maxShownNumbers, "the book is bounded")
	assert.Equal(t, "(415) 555-0141", us.show("+14155550141"), "and still right once it started again")
}

// TestCellWidthIsStringWidth holds the ASCII shortcut to what it stands
// in for: every string measures as ansi.StringWidth measures it.
func TestCellWidthIsStringWidth(t *testing.T) {
	for _, s := range []string{
		"", "4:07", "ACTIVE", "Ann O'Neil", "+1 415 555 0100", "~}|{ !",
		"Zoë", "日本語", "e\u0301", "👩‍👩‍👧", "a\tb", "a\x1b[31mb", "\x7f", "\u00a0", "\xff",
	} {
		assert.Equal(t, ansi.StringWidth(s), cellWidth(s), "%q", s)
	}
}

func FuzzCellWidth(f *testing.F) {
	for _, s := range []string{"4:07", "Zoë", "a\x1b[31mb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Fatalf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	})
}

// The header's freshness is painted every second in place of lipgloss's
// Render: in every theme the two give the same bytes for its texts.
func TestFreshnessPaintsAsLipglossRenders(t *testing.T) {
	themes := map[string]Theme{"dark": NewTheme(false)(true), "light": NewTheme(false)(false), "none": NewTheme(true)(true)}
	for name, th := range themes {
		p := newPaints(&th)
		for _, pair := range []struct {
			paint paint
			style lipgloss.Style
		}{{p.Live, th.Live}, {p.Stale, th.Stale}, {p.Paused, th.Paused}, {p.Failed, th.Failed}, {p.Muted, th.Muted}} {
			for _, text := range []string{"● LIVE · updated 3s ago · 42 req/min", "✕ refreshing stopped", "○ PAUSED (this screen) · updated 1m 2s ago · 3 watching"} {
				assert.Equal(t, pair.style.Render(text), pair.paint.render(text), "%s theme, %q", name, text)
			}
		}
	}
}
