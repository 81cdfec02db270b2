package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// column is one table column.
type column int

const (
	colState column = iota
	colTalk
	colWait
	colAgent
	colUsername
	colCaller
	colDialled
	colQueue
	colRec
	colMe
	colUII
	numColumns
)

// colSpec sizes a column: min cells, and for flexible columns the share of
// spare width and the width past which it stops growing.
type colSpec struct {
	title string
	min   int
	// comfy is the width a flexible column should have before optional
	// columns are kept at its expense.
	comfy    int
	flex     int
	max      int
	right    bool
	sortedBy sortColumn
}

var colSpecs = [numColumns]colSpec{
	colState: {title: "STATE", min: 8, sortedBy: sortState},
	colTalk:  {title: "TALK", min: 6, right: true, sortedBy: sortTalk},
	colWait:  {title: "WAIT", min: 6, right: true, sortedBy: sortWait},
	colAgent: {title: "AGENT", min: 12, comfy: 16, flex: 2, max: 22, sortedBy: sortAgent},
	// USERNAME is the agent's RingCX username, joined from the agents
	// feed: what the new-call form and RingCX's own tools take.
	colUsername: {title: "USERNAME", min: 12, flex: 2, max: 30, sortedBy: -1},
	colCaller:   {title: "CALLER", min: 16, comfy: 24, flex: 4, max: 36, sortedBy: sortCaller},
	colDialled:  {title: "DIALLED", min: 16, sortedBy: sortDialled},
	colQueue:    {title: "QUEUE", min: 10, flex: 2, max: 20, sortedBy: sortQueue},
	colRec:      {title: "REC", min: 3, sortedBy: -1},
	colMe:       {title: "ME", min: 6, sortedBy: -1},
	colUII:      {title: "UII", min: 6, sortedBy: sortUII},
}

const (
	gutterWidth = 3 // selection bar, status mark (spinner, new, ended), space
	colGap      = 1
	// uiiLen is a RingCX uii's length: the UII column grows to it when
	// there is room, so a wide terminal shows whole uiis.
	uiiLen = 30
	// uiiSortedMin is the UII column's width while the board is sorted by
	// uii: enough of the head (the call's creation time) to see the order.
	uiiSortedMin = 15
	// teamMeMin is the ME column's width once other supervisors are on
	// calls: room for "MON COACH Ana".
	teamMeMin = 14
)

// layoutHints are what the board knows that decides which columns earn
// their room.
type layoutHints struct {
	recKnown  bool // this console set recording on some call (else REC is "?" everywhere)
	mine      bool // this console has a session on some call (else ME is empty)
	uiiSorted bool // sorted by uii: the column shows the uii's head, never dropped
	team      bool // another supervisor has a session: ME names them (MON Ana)
	usernames bool // the agents feed names agents on calls (else no USERNAME column)
}

// layout is the set of columns shown and their widths for a width.
type layout struct {
	cols      []column
	widths    [numColumns]int
	uiiSorted bool
	// meShown: without the ME column, the gutter marks your sessions.
	meShown bool
}

// layout is the table's layout for the terminal's width and what the
// board knows now.
func (m *Model) layout() layout {
	return newLayout(m.width, layoutHints{
		recKnown:  len(m.team.Recording) > 0,
		mine:      m.anyMine() || m.anyOthers(),
		team:      m.anyOthers(),
		uiiSorted: m.sortBy == sortUII,
		usernames: m.usernamesKnown(),
	})
}

// dropOrder is what goes first when the terminal is narrow, in two tiers.
// The first holds the least informative columns — REC while nothing is
// known of recording, ME while it is empty, then DIALLED, USERNAME and UII
// — and they go while the text columns lack a comfortable width. USERNAME
// is its own column rather than "Name (username)" in AGENT: AGENT stops
// growing at 22 cells, where the username — the part a supervisor types
// into the new-call form — would be the part cut; as a column it lines
// up, and goes before UII (a call is told by its uii, while AGENT already
// names its agent). The second —
// REC, QUEUE, and ME last (your own sessions) — goes only when even the
// minimum widths do not fit. STATE, TALK, AGENT and CALLER always stay,
// and so does WAIT: a queued call's wait is what a supervisor watches.
func dropOrder(h layoutHints) (comfort, room []column) {
	if !h.recKnown {
		comfort = append(comfort, colRec)
	}
	if !h.mine {
		comfort = append(comfort, colMe)
	}
	comfort = append(comfort, colDialled, colUsername)
	if !h.uiiSorted {
		comfort = append(comfort, colUII)
	}
	return comfort, []column{colRec, colQueue, colMe}
}

func newLayout(width int, h layoutHints) layout {
	l := layout{uiiSorted: h.uiiSorted}
	minOf := func(c column) int {
		switch {
		case c == colUII && h.uiiSorted:
			return uiiSortedMin
		case c == colMe && h.team:
			return teamMeMin
		}
		return colSpecs[c].min
	}
	shown := [numColumns]bool{}
	for c := range shown {
		shown[c] = true
	}
	shown[colUsername] = h.usernames
	need := func(comfortable bool) int {
		n := gutterWidth
		for c := column(0); c < numColumns; c++ {
			if shown[c] {
				w := minOf(c)
				if comfortable {
					w = max(w, colSpecs[c].comfy)
				}
				n += w + colGap
			}
		}
		return n
	}
	// Optional columns go, in order, until the text columns have room to be
	// read, then until the rest fits at all.
	comfort, room := dropOrder(h)
	for _, c := range comfort {
		if need(true) <= width {
			break
		}
		shown[c] = false
	}
	for _, c := range room {
		if need(false) <= width {
			break
		}
		shown[c] = false
	}
	l.meShown = shown[colMe]
	flexTotal := 0
	for c := column(0); c < numColumns; c++ {
		if shown[c] {
			l.cols = append(l.cols, c)
			l.widths[c] = minOf(c)
			flexTotal += colSpecs[c].flex
		}
	}
	// Spare width goes to the text columns by share, up to their max; then
	// to the uii when it can be shown whole (a few more digits of its tail
	// tell nobody anything).
	spare := max(0, width-need(false))
	for _, c := range l.cols {
		if s := colSpecs[c]; s.flex > 0 {
			add := min(spare*s.flex/flexTotal, s.max-l.widths[c])
			l.widths[c] += add
		}
	}
	left := max(0, width-l.total())
	if add := uiiLen - l.widths[colUII]; shown[colUII] && add > 0 && add <= left {
		l.widths[colUII] += add
		left -= add
	}
	// Past every column's comfortable maximum, the text columns share what
	// is left by the same proportions; rounding's remainder pads the caller.
	given := 0
	for _, c := range l.cols {
		if s := colSpecs[c]; s.flex > 0 && flexTotal > 0 {
			add := left * s.flex / flexTotal
			l.widths[c] += add
			given += add
		}
	}
	if left -= given; left > 0 && shown[colCaller] {
		l.widths[colCaller] += left
	}
	return l
}

// total is the row width the layout draws.
func (l *layout) total() int {
	n := gutterWidth
	for _, c := range l.cols {
		n += l.widths[c] + colGap
	}
	return n
}

// uiiCell shows as much of a uii as fits: the tail (what tells calls
// apart) — or, while the board is sorted by uii, the head (the creation
// time it sorts by), so the order can be seen.
func uiiCell(uii string, w int, head bool) string {
	if len(uii) <= w || w < 2 {
		return fit(uii, w)
	}
	if head {
		return uii[:w-1] + "…"
	}
	return "…" + uii[len(uii)-(w-1):]
}

// cells renders a row's plain text, one string per shown column, each
// exactly its width. styled reports per-cell styles to apply when colour is
// wanted (nil style: none).
func (m *Model) cells(r *row, l *layout) ([]string, []*paint) {
	out := make([]string, len(l.cols))
	styles := make([]*paint, len(l.cols))
	th := &m.paints
	for i, c := range l.cols {
		w := l.widths[c]
		switch c {
		case colState:
			if r.ended {
				out[i] = fit("ended", w)
			} else {
				out[i] = fit(r.state, w)
			}
			switch {
			case r.ended:
				styles[i] = &th.Ended
			case r.state == "queued":
				styles[i] = &th.Queued
			case r.state == "talking":
				styles[i] = &th.Talking
			default:
				styles[i] = &th.OtherState
			}
		case colTalk:
			if r.call.Queued() {
				out[i] = fitRight("–", w)
			} else {
				t := r.talk(m.now)
				out[i] = fitRight(clock(t), w)
				if !r.ended && t > m.cfg.TalkThreshold {
					styles[i] = &th.Alert
				}
			}
		case colWait:
			wt := r.wait(m.now)
			out[i] = fitRight(clock(wt), w)
			if !r.ended && r.call.Queued() && wt > m.cfg.WaitThreshold {
				styles[i] = &th.Warn
			}
		case colAgent:
			out[i] = fit(orDash(r.agent), w)
		case colUsername:
			out[i] = fit(orDash(r.username), w)
		case colCaller:
			out[i] = fitCaller(r.cnam, m.showPhone(r.ani), w)
		case colDialled:
			out[i] = fit(orDash(m.showPhone(r.dialled)), w)
		case colQueue:
			out[i] = fit(orDash(r.queue), w)
		case colRec:
			on, known := m.team.Recording[r.call.UII]
			switch {
			case !known:
				out[i] = fit(" ?", w)
			case on:
				out[i], styles[i] = fit(" ●", w), &th.RecOn
			default:
				out[i], styles[i] = fit(" ○", w), &th.RecOff
			}
		case colMe:
			if text := m.sessionsText(r.call.UII); text != "" {
				out[i], styles[i] = fit(text, w), &th.Mine
			} else {
				out[i] = fit("", w)
			}
		case colUII:
			out[i] = uiiCell(r.uii, w, l.uiiSorted)
		}
	}
	return out, styles
}

// fitCaller keeps the caller's number whole and shortens the name first:
// the number is what a supervisor reads back.
func fitCaller(cnam, ani string, w int) string {
	caller := callerText(cnam, ani)
	if cnam == "" || ani == "" || ansi.StringWidth(caller) <= w {
		return fit(orDash(caller), w)
	}
	nameW := w - ansi.StringWidth(ani) - 2
	if nameW < 4 {
		return fit(caller, w)
	}
	return fit(fit(cnam, nameW)+"  "+ani, w)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// tableHeader is the column titles, the sorted one marked.
func (m *Model) tableHeader(l *layout) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", gutterWidth))
	for i, c := range l.cols {
		if i > 0 {
			b.WriteString(" ")
		}
		s := colSpecs[c]
		title := s.title
		style := &m.paints.ColumnHeader
		if s.sortedBy == m.sortBy {
			arrow := "▲"
			if m.sortDesc {
				arrow = "▼"
			}
			title += arrow
			style = &m.paints.SortedHeader
		}
		if s.right {
			style.write(&b, fitRight(title, l.widths[c]))
		} else {
			style.write(&b, fit(title, l.widths[c]))
		}
	}
	return b.String()
}

// renderRow draws one row. Rows drawn under one style of their own —
// selected (reverse video), stale, ended, new — are drawn as plain text
// inside it: a styled cell within would end with a reset that switches the
// row's style off for the rest of the line.
func (m *Model) renderRow(r *row, l *layout, selected, stale bool) string {
	cells, styles := m.cells(r, l)
	isNew := !r.newUntil.IsZero() && m.now.Before(r.newUntil)
	var rowStyle *paint
	switch {
	case selected:
		rowStyle = &m.paints.Selected
	case stale || r.ended:
		rowStyle = &m.paints.StaleRows
	case isNew:
		rowStyle = &m.paints.New
	}
	var b strings.Builder
	if selected {
		b.WriteString(m.theme.Bar)
	} else {
		b.WriteByte(' ')
	}
	b.WriteString(m.rowMark(r, l, rowStyle == nil))
	b.WriteByte(' ')
	for i, cell := range cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		if rowStyle == nil && styles[i] != nil {
			styles[i].write(&b, cell)
		} else {
			b.WriteString(cell)
		}
	}
	if rowStyle != nil {
		var out strings.Builder
		rowStyle.write(&out, b.String())
		return out.String()
	}
	return b.String()
}

// rowMark is the gutter's status cell: a spinner while an action runs on
// the call, + for a call that just arrived, × for one that just ended —
// and, when the terminal is too narrow for the ME column, the first letter
// of your session's mode, so your own phone legs never disappear. styled
// is false inside a row drawn under one style.
func (m *Model) rowMark(r *row, l *layout, styled bool) string {
	switch {
	case m.pending[r.call.UII] != "":
		if styled {
			return m.spinner.View()
		}
		return ansi.Strip(m.spinner.View())
	case r.ended:
		return "×"
	case !r.newUntil.IsZero() && m.now.Before(r.newUntil):
		return "+"
	}
	if s, ok := m.mine(r.call.UII); ok && !l.meShown {
		return sessionLabel(s.Type)[:1]
	}
	return " "
}

// visibleRows is how many table rows fit.
func (m *Model) visibleRows() int {
	return max(1, m.height-chromeLines-m.bannerLines())
}

// chromeLines: header (2), rule, column titles, rule, toast, help.
const chromeLines = 7

// ensureVisible scrolls so the cursor row is on screen.
func (m *Model) ensureVisible() {
	h := m.visibleRows()
	switch {
	case m.cursor < m.offset:
		m.offset = m.cursor
	case m.cursor >= m.offset+h:
		m.offset = m.cursor - h + 1
	}
	m.offset = max(0, min(m.offset, len(m.rows)-h))
	m.countOffscreen()
}

// offscreenWaits counts the queued callers above and below the screen
// waiting longer than the threshold, for the rule under the table.
type offscreenWaits struct{ above, below int }

// countOffscreen recounts them: when the view scrolls or the rows change
// (ensureVisible) and every second (a wait crosses the threshold), not per
// frame — at 100,000 calls thousands are queued.
func (m *Model) countOffscreen() {
	first, last := m.offset, m.offset+m.visibleRows()
	var c offscreenWaits
	for _, i := range m.waiting {
		if i >= first && i < last || m.rows[i].wait(m.now) <= m.cfg.WaitThreshold {
			continue
		}
		if i < first {
			c.above++
		} else {
			c.below++
		}
	}
	m.offscreen = c
}

// paint is a style reduced to the escape codes around its text. Rows are
// drawn every frame and these styles only set attributes and colours, so
// wrapping text in the codes is the same as lipgloss's Render at a fraction
// of its cost (it measured most of View's time). It also writes the codes
// once for the whole text, where Render styles an underlined text one rune
// at a time ("\x1b[1;4mS\x1b[m\x1b[1;4mT…", the NO_COLOR theme's sorted
// column title): several times the bytes to the terminal for the same
// screen.
type paint struct{ pre, post string }

func newPaint(st lipgloss.Style) paint {
	const mark = "\x00"
	out := st.Render(mark)
	i := strings.Index(out, mark)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+len(mark):]}
}

func (p *paint) write(b *strings.Builder, text string) {
	b.WriteString(p.pre)
	b.WriteString(text)
	b.WriteString(p.post)
}

// render is text in the paint's codes.
func (p *paint) render(text string) string { return p.pre + text + p.post }

// paints are the styles of the theme drawn every frame (rows, column
// titles, the header's freshness), prepared once per theme.
type paints struct {
	Ended, Queued, Talking, OtherState, Alert, Warn, RecOn, RecOff, Mine paint
	Selected, StaleRows, New                                             paint
	// ColumnHeader and SortedHeader draw the tables' column titles.
	ColumnHeader, SortedHeader paint
	// Live, Stale, Paused, Failed and Muted draw the header's freshness.
	Live, Stale, Paused, Failed, Muted paint
}

func newPaints(th *Theme) paints {
	return paints{
		Ended: newPaint(th.Ended), Queued: newPaint(th.Queued), Talking: newPaint(th.Talking), OtherState: newPaint(th.OtherState),
		Alert: newPaint(th.Alert), Warn: newPaint(th.Warn), RecOn: newPaint(th.RecOn), RecOff: newPaint(th.RecOff), Mine: newPaint(th.Mine),
		Selected: newPaint(th.Selected), StaleRows: newPaint(th.StaleRows), New: newPaint(th.New),
		ColumnHeader: newPaint(th.ColumnHeader), SortedHeader: newPaint(th.SortedHeader),
		Live: newPaint(th.Live), Stale: newPaint(th.Stale), Paused: newPaint(th.Paused), Failed: newPaint(th.Failed), Muted: newPaint(th.Muted),
	}
}
