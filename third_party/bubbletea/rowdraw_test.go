package tea

// [callboard patch] This file is new; see PATCHED.md.

import (
	"fmt"
	"io"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// wholeCells is what upstream's renderer puts in its cell buffer for
// content: the whole frame drawn into a cleared buffer.
func wholeCells(w, h int, method ansi.Method, content string) uv.ScreenBuffer {
	buf := uv.NewScreenBuffer(w, h)
	buf.Method = method
	buf.Clear()
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	return buf
}

// sameCells fails t where got's cells differ from want's.
func sameCells(t *testing.T, step string, got, want uv.ScreenBuffer) {
	t.Helper()
	for y := range want.Height() {
		for x := range want.Width() {
			g, w := got.CellAt(x, y), want.CellAt(x, y)
			if !g.Equal(w) {
				t.Fatalf("%s: cell (%d,%d) is %+v, drawn whole it is %+v", step, x, y, *g, *w)
			}
		}
	}
}

// frameSteps draws frames through the renderer, one after another, and
// checks after each that its cell buffer holds what drawing the frame whole
// gives. It reports how many frames were drawn row by row.
func frameSteps(t *testing.T, w, h int, method ansi.Method, frames ...string) (byRow int) {
	t.Helper()
	s := newCursedRenderer(io.Discard, []string{"TERM=xterm-256color"}, w, h)
	s.cellbuf.Method = method
	for i, f := range frames {
		before := len(s.rows.lines) == h
		s.render(View{Content: f, AltScreen: true})
		if err := s.flush(false); err != nil {
			t.Fatal(err)
		}
		if before && len(s.rows.lines) == h {
			byRow++
		}
		sameCells(t, fmt.Sprintf("frame %d %q", i, f), s.cellbuf, wholeCells(s.cellbuf.Width(), s.cellbuf.Height(), method, f))
	}
	return byRow
}

// board is a frame like callboard's: styled header, rows with a ticking
// timer, wide and combining text, a box-drawing rule.
func board(second, top int) string { return boardRows(second, top, 6) }

// boardRows is board with n call rows.
func boardRows(second, top, n int) string {
	var b strings.Builder
	b.WriteString("\x1b[1mcallboard\x1b[m  \x1b[1mNorthwind\x1b[m · ACCOUNT        ● LIVE\n")
	b.WriteString("─\x1b[1;7m 1 Calls \x1b[m─ 2 Agents ─────\n")
	names := []string{"Marta Nuñez", "陳 大文", "Lars Øberg", "أحمد منصور", "Zoë Brontë", "e\u0301clair"}
	for i := top; i < top+n; i++ {
		sel := ""
		if i == 3 {
			sel = "\x1b[7m"
		}
		fmt.Fprintf(&b, "%s  talking \x1b[38;5;214m%2d:%02d\x1b[m %-12s …%05d\x1b[m\n", sel, (second+i)/60, (second+i)%60, names[i%len(names)], i)
	}
	b.WriteString("\x1b[2m j/k move · q quit\x1b[m")
	return b.String()
}

func TestRowDrawGivesTheCellsOfAWholeDraw(t *testing.T) {
	t.Run("ticking board", func(t *testing.T) {
		var frames []string
		for s := range 5 {
			frames = append(frames, board(s, 0))
		}
		if got := frameSteps(t, 40, 9, ansi.WcWidth, frames...); got != 4 {
			t.Fatalf("%d of the 4 frames after the first were drawn row by row", got)
		}
	})
	t.Run("scrolling board", func(t *testing.T) {
		frameSteps(t, 40, 9, ansi.GraphemeWidth, board(0, 0), board(0, 1), board(0, 2), board(1, 1), board(1, 0))
	})
	// Frames a row cannot be drawn alone in: each is drawn whole, and the
	// frame after it too (the buffer's rows are not known to stand alone).
	cases := map[string]string{
		"style left open":            "\x1b[31mred\nstill red\nplain",
		"style left open, no reset":  "\x1b[1;31mred\x1b[1m\nbold\n",
		"hyperlink":                  "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\nafter\n",
		"combining mark at the head": "base\n\u0301mark\n",
		"carriage return":            "abc\r\nxy\rz\n",
		"tab":                        "a\tb\n",
		"C1 control":                 "a\u009b31mb\nc\n",
		"invalid UTF-8":              "a\xffb\nc\n",
		"pass-through at the end":    "a\x1bP+q\x1b\\\nb\n",
		"unknown CSI":                "a\x1b[2Kb\nc\n",
	}
	for name, odd := range cases {
		t.Run(name, func(t *testing.T) {
			if got := frameSteps(t, 20, 4, ansi.WcWidth, "one\ntwo\nthree", odd, "one\ntwo\nthree", "one\ntwo\nfour"); got != 1 {
				t.Fatalf("%d frames drawn row by row, want only the last", got)
			}
		})
	}
	t.Run("rows wider than the screen, fewer rows than the screen", func(t *testing.T) {
		frameSteps(t, 8, 5, ansi.WcWidth, "陳陳陳陳陳\nabcdefghijkl\n", "陳陳陳陳a陳\nabcdefghijkm", "x", "")
	})
}

func TestLineAlone(t *testing.T) {
	for line, want := range map[string]bool{
		"":                               true,
		"plain":                          true,
		"\x1b[1mbold\x1b[m":              true,
		"\x1b[1mbold\x1b[0m tail":        true,
		"\x1b[1mbold":                    false,
		"\x1b[1mbold\x1b[0;1m":           false,
		"陳 wide":                         true,
		"\u0301 mark first":              false,
		"\x1b[1m\u0301 mark first":       false,
		"x\u0301 mark after a glyph":     true,
		"\x1b]8;;u\x1b\\l\x1b]8;;\x1b\\": false,
		"bell\a":                         false,
	} {
		if got := lineAlone(line, ansi.WcWidth); got != want {
			t.Errorf("lineAlone(%q) = %v, want %v", line, got, want)
		}
	}
}

// FuzzRowDraw holds drawing row by row to the cells of a whole draw, for two
// frames in a row.
func FuzzRowDraw(f *testing.F) {
	f.Add(board(0, 0), board(1, 0))
	f.Add(board(0, 0), board(0, 1))
	f.Add("a\nb\nc", "a\n\x1b[1mb\x1b[m\nc")
	f.Add("陳\n\u0301", "x\ny")
	f.Fuzz(func(t *testing.T, a, b string) {
		frameSteps(t, 12, 4, ansi.WcWidth, a, b, a)
	})
}

// BenchmarkBoardFrames draws a 120×50 board whose 46 call rows each have a
// timer that ticks, one frame a second's worth of change after another:
// what an idle callboard asks of the renderer once a second.
func BenchmarkBoardFrames(b *testing.B) {
	frames := make([]string, 60)
	for i := range frames {
		frames[i] = boardRows(i, 0, 46)
	}
	s := newCursedRenderer(io.Discard, []string{"TERM=xterm-256color"}, 120, 50)
	s.render(View{Content: frames[0], AltScreen: true})
	_ = s.flush(false)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s.render(View{Content: frames[i%len(frames)], AltScreen: true})
		_ = s.flush(false)
	}
}
