package tea

// [callboard patch] This file is new; see PATCHED.md.

import (
	"strings"
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// rowDrawer puts a frame into the renderer's cell buffer row by row,
// redrawing only the rows whose text changed.
//
// Upstream clears the whole buffer and draws the whole frame into it every
// time, which touches every row: the terminal renderer then compares every
// cell of every row and rehashes every row for its scroll optimisation. A
// board whose timers tick changes a few cells a row once a second; on it,
// that was most of the renderer's cost (see PATCHED.md for the figures).
//
// Drawing a row alone gives the cells drawing the whole frame gives only when
// nothing carries over from the rows above: the style (SGR) left open at the
// end of a row, a hyperlink, pass-through sequences waiting for a glyph, a
// combining mark that folds into the row above. lineAlone checks each row
// for that; a frame with any row that does not qualify is drawn whole, as
// upstream does.
type rowDrawer struct {
	// lines are the rows of the frame the cell buffer holds, when every one
	// of them draws the same alone (empty otherwise: the next frame is drawn
	// whole).
	lines []string
	next  []string
	// scratch is one row, drawn alone before it is copied into the buffer.
	scratch *uv.Buffer
	// old indexes lines by text, to tell a frame that scrolled (see seen);
	// built once a frame, when first needed.
	old     map[string]struct{}
	oldDone bool
}

// forget makes the next frame draw whole: the cell buffer or the way cells
// are measured changed behind the drawer's back.
func (d *rowDrawer) forget() { d.lines = d.lines[:0] }

// split cuts content into the rows of a frame height rows tall, in d.next,
// and reports whether each of them draws the same alone.
func (d *rowDrawer) split(content string, height int, method ansi.Method) bool {
	d.next = d.next[:0]
	alone := !strings.Contains(content, "\r") // Draw rewrites "\r\n"; a lone CR is rare: draw whole
	for y := 0; y < height; y++ {
		line := content
		if i := strings.IndexByte(content, '\n'); i >= 0 {
			line, content = content[:i], content[i+1:]
		} else {
			content = ""
		}
		d.next = append(d.next, line)
		if alone && !lineAlone(line, method) {
			alone = false
		}
	}
	return alone
}

// draw puts content into buf, a frame of buf's size. It reports drawn false
// when the frame has to be drawn whole (the caller does it, then calls
// drawnWhole), and moved when a row now shows what another row showed
// before: the frame scrolled, and the terminal renderer's scroll
// optimisation is worth its cost for this frame.
func (d *rowDrawer) draw(buf uv.ScreenBuffer, content string) (drawn, moved bool) {
	height, width := buf.Height(), buf.Width()
	if len(d.lines) != height || width == 0 || !d.split(content, height, buf.Method) {
		return false, false
	}
	d.oldDone = false
	if d.scratch == nil || d.scratch.Width() != width {
		d.scratch = uv.NewBuffer(width, 1)
	}
	scratch := scratchRow{Buffer: d.scratch, method: buf.Method}
	for y, line := range d.next {
		if line == d.lines[y] {
			continue
		}
		if !moved {
			moved = d.seen(line)
		}
		uv.NewStyledString(line).Draw(scratch, d.scratch.Bounds())
		copyRow(buf.RenderBuffer, y, d.scratch.Lines[0])
	}
	d.lines, d.next = d.next, d.lines
	return true, moved
}

// drawnWhole records the frame the caller drew whole, so the next one can
// be drawn row by row.
func (d *rowDrawer) drawnWhole(buf uv.ScreenBuffer, content string) {
	d.lines = d.lines[:0]
	if d.split(content, buf.Height(), buf.Method) {
		d.lines = append(d.lines, d.next...)
	}
}

// seen reports whether line is the text of a row of the frame before.
func (d *rowDrawer) seen(line string) bool {
	if !d.oldDone {
		if d.old == nil {
			d.old = make(map[string]struct{}, len(d.lines))
		}
		clear(d.old)
		d.oldDone = true
		for _, l := range d.lines {
			d.old[l] = struct{}{}
		}
	}
	_, ok := d.old[line]
	return ok
}

// copyRow puts row in row y of buf and marks the row touched. The terminal
// renderer compares every touched row with the screen cell by cell anyway,
// so comparing here first would only read both rows twice.
func copyRow(buf *uv.RenderBuffer, y int, row uv.Line) {
	copy(buf.Lines[y], row)
	buf.TouchLine(0, y, len(row))
}

// scratchRow is a one-row buffer that measures cells as the screen does.
type scratchRow struct {
	*uv.Buffer
	method ansi.Method
}

// WidthMethod implements uv.Screen.
func (r scratchRow) WidthMethod() uv.WidthMethod { return r.method }

// lineAlone reports whether line draws the same alone as after rows that
// leave nothing open, and leaves nothing open itself: it is valid UTF-8
// without C1 controls, its only control sequences are SGRs, and the last of
// them resets the style; its first glyph has a width (a zero-width one folds
// into the row above).
func lineAlone(line string, method ansi.Method) bool {
	if !utf8.ValidString(line) {
		return false
	}
	styled, reset, glyph := false, true, false
	for i := 0; i < len(line); {
		b := line[i]
		switch {
		case b == ansi.ESC:
			n, isReset := sgrLen(line[i:])
			if n == 0 {
				return false
			}
			styled, reset = true, isReset
			i += n
			continue
		case b < 0x20 || b == 0x7f:
			return false
		case b == 0xc2 && i+1 < len(line) && line[i+1] < 0xa0:
			return false // U+0080–U+009F, the C1 controls
		}
		if !glyph {
			glyph = true
			if b >= utf8.RuneSelf {
				if _, w, _, _ := method.DecodeSequenceInString(line[i:], ansi.NormalState, nil); w == 0 {
					return false
				}
			}
		}
		i++
	}
	return !styled || reset
}

// sgrLen is the length of the SGR sequence s starts with (ESC [ params m),
// 0 when it starts with anything else, and whether it resets the style
// whole ("\x1b[m", "\x1b[0m").
func sgrLen(s string) (n int, reset bool) {
	if len(s) < 3 || s[1] != '[' {
		return 0, false
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'm':
			params := s[2:i]
			return i + 1, params == "" || params == "0"
		case c >= '0' && c <= '9', c == ';', c == ':':
		default:
			return 0, false
		}
	}
	return 0, false
}
