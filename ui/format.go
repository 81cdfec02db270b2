package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
)

// maxFieldLen bounds any single text field from the API before layout: a
// CNAM of several kilobytes must not cost more than what can be shown.
const maxFieldLen = 200

// clean makes untrusted API text safe to draw: escape sequences, control
// and bidi-control characters go, whitespace collapses, length is bounded.
// Every string from the API passes through it before it reaches a row.
//
// It also drops the few code points whose width terminals disagree on —
// zero-width joiners, variation selectors, skin-tone modifiers, tag
// characters. With them, "👨‍👩‍👧" is two cells to a terminal that clusters
// graphemes and six to one that does not (tmux, most SSH setups), and every
// column after it slides. Without them each terminal draws what was
// measured.
func clean(s string) string {
	s = api.Clean(s, maxFieldLen)
	if !strings.ContainsFunc(s, widthAmbiguous) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if widthAmbiguous(r) {
			return -1
		}
		return r
	}, s)
}

func widthAmbiguous(r rune) bool {
	switch {
	case r == 0x200C || r == 0x200D: // zero-width (non-)joiner
	case r >= 0xFE00 && r <= 0xFE0F: // variation selectors
	case r >= 0x1F3FB && r <= 0x1F3FF: // skin-tone modifiers
	case r >= 0xE0000 && r <= 0xE007F: // tags
	case r >= 0xE0100 && r <= 0xE01EF: // variation selectors supplement
	default:
		return false
	}
	return true
}

// fit pads or truncates s (already clean) to exactly w cells, measuring
// wide and combining characters as the terminal will.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := cellWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitRight right-aligns s in w cells.
func fitRight(s string, w int) string {
	sw := cellWidth(s)
	if sw >= w {
		return fit(s, w)
	}
	return strings.Repeat(" ", w-sw) + s
}

// cellWidth is the cells s takes on screen: ansi.StringWidth, which walks
// grapheme clusters, except for printable ASCII, where it is the length.
// Most of what the board fits into its columns — numbers, timers, states,
// most names — is printable ASCII, and the walk was a third of drawing the
// board.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// clock is a wait or talk time on the board: timefmt.Clock, which the
// commands' tables use too, so a wait reads the same in both.
func clock(d time.Duration) string { return timefmt.Clock(d) }

// ago is a coarse relative time for the freshness line.
func ago(d time.Duration) string {
	switch {
	case d < time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	}
	return fmt.Sprintf("%dh ago", int(d/time.Hour))
}

// numberBook shows phone numbers the way the board's region reads them
// (api.PhoneParser.Format) and remembers what it showed. libphonenumber
// takes microseconds to parse a number where the hand-written grouping
// took nanoseconds, so numbers are formatted when drawn, not when a list
// arrives — a first list of 100,000 calls would otherwise spend seconds on
// numbers nobody scrolls to — and each once: a frame draws the same
// numbers as the last, and RingCX lists repeat them (one DNIS for a whole
// queue, callers who call back).
type numberBook struct {
	parser api.PhoneParser
	shown  map[string]string
}

// maxShownNumbers bounds the book. A screen shows a few hundred numbers;
// past the bound the book starts again rather than grow with every caller
// of a long day.
const maxShownNumbers = 4096

func newNumberBook(region string) *numberBook {
	return &numberBook{parser: api.PhoneParser{Region: region}, shown: map[string]string{}}
}

// show formats s (clean API text, or a normalised number) for reading.
func (b *numberBook) show(s string) string {
	if f, ok := b.shown[s]; ok {
		return f
	}
	if len(b.shown) >= maxShownNumbers {
		clear(b.shown)
	}
	f := b.parser.Format(s)
	b.shown[s] = f
	return f
}

// showPhone formats a number for reading in the board's region.
func (m *Model) showPhone(s string) string { return m.numbers.show(s) }

// normalizePhone reads a number typed into the board in its region and
// returns the E.164 form sent to RingCX.
func (m *Model) normalizePhone(field, s string) (string, error) {
	return m.numbers.parser.Normalize(field, s)
}

// phoneCheck validates a phone field as RingCX will take it, with
// libphonenumber's reason inline in the form.
func (m *Model) phoneCheck(name string) func(string) error {
	return func(s string) error {
		_, err := m.normalizePhone(name, s)
		return err
	}
}

// shortUII keeps the distinguishing tail of a 30-digit uii (cleaned: it
// is API text like any other).
func shortUII(uii string) string {
	r := []rune(clean(uii))
	if len(r) <= 6 {
		return string(r)
	}
	return "…" + string(r[len(r)-5:])
}

// plural picks a word form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
