package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// gridCol is one column of a grid: how it is sized, drawn and sorted.
type gridCol[T any] struct {
	title string
	// min is the narrowest the column is drawn; flex its share of spare
	// width, up to max.
	min, flex, max int
	right          bool
	// drop: on a narrow terminal, columns with drop > 0 go, lowest first,
	// until the rest fits; drop 0 always stays.
	drop int
	// cell is the row's text in this column (already clean) and its paint
	// (nil: plain). Only the rows on screen are asked.
	cell func(r *T) (string, *paint)
	// key orders rows by this column: a number (counts, milliseconds),
	// then lower-cased text. nil: the column is not sortable.
	key func(r *T) (int64, string)
	// desc: the column reads best descending (counts, durations).
	desc bool
}

// textCell is a column's cell drawing f's text, "–" when empty.
func textCell[T any](f func(*T) string) func(*T) (string, *paint) {
	return func(r *T) (string, *paint) { return orDash(f(r)), nil }
}

// textKey sorts a column by f's text, ignoring case.
func textKey[T any](f func(*T) string) func(*T) (int64, string) {
	return func(r *T) (int64, string) { return 0, strings.ToLower(f(r)) }
}

// countKey sorts a column by f's number.
func countKey[T any](f func(*T) int) func(*T) (int64, string) {
	return func(r *T) (int64, string) { return int64(f(r)), "" }
}

// gridRow is one row of a grid: the item, its key and its filter text.
type gridRow[T any] struct {
	item   T
	id     string
	search string // lower-cased text the filter looks in
}

// grid is the table the Agents and Queues views share, in the manner of a
// bubbles component (SetSize, Update, View, help.KeyMap): sizing columns
// for the width and dropping the least useful on narrow terminals, a
// header marking the sort, the selection anchored to a row's key across
// refreshes, the board's navigation keys, the filter, sorting by any
// column, and an off-screen rule. View draws only the rows on screen.
type grid[T any] struct {
	cols []gridCol[T]
	keys *KeyMap
	id   func(r *T) string
	text func(r *T) string
	// hide, when set, leaves rows out whatever the filter (logged-out
	// agents while they are hidden).
	hide func(r *T) bool
	// texted says every row's search text is current. The text is built
	// only while a filter is set: the Agents view's joins the calls list
	// and the queues, and rebuilding it for every agent on every calls
	// refresh was the idle board's costliest work after drawing.
	texted bool
	// flag, when set, marks a row past a threshold, and how badly: the
	// rule counts those off screen and jumpWorst finds the worst.
	flag func(r *T) (severity int64, ok bool)

	all    []gridRow[T]
	sorted []*gridRow[T]
	rows   []*gridRow[T] // sorted, then filtered: what is shown
	hidden int           // rows left out by hide
	words  []string

	sortBy   int
	sortDesc bool

	selected       string // key of the row the person chose
	cursor, offset int

	width, height int // height: table rows on screen
	shown         []int
	widths        []int
}

// newGrid builds a grid sorted by the column sortBy in its natural order.
// A column is never narrower than its title and the sort mark.
func newGrid[T any](keys *KeyMap, cols []gridCol[T], sortBy int, id, text func(*T) string) *grid[T] {
	for i := range cols {
		cols[i].min = max(cols[i].min, ansi.StringWidth(cols[i].title)+1)
		cols[i].max = max(cols[i].max, cols[i].min)
	}
	g := &grid[T]{cols: cols, keys: keys, id: id, text: text, sortBy: sortBy, sortDesc: cols[sortBy].desc}
	g.SetSize(100, 20)
	return g
}

// setRows takes a new list: rows are re-sorted and re-filtered, and the
// cursor goes back to the row the person chose.
func (g *grid[T]) setRows(items []T) {
	all := make([]gridRow[T], len(items))
	for i := range items {
		r := &all[i]
		r.item = items[i]
		r.id = g.id(&r.item)
	}
	g.all, g.texted = all, false
	g.resort()
}

// retext marks every row's filter text out of date, and refilters when a
// filter is set: for text that comes from elsewhere than the row's own
// item (the Agents view's CALL column, from the calls list and the
// queues feed).
func (g *grid[T]) retext() {
	g.texted = false
	if len(g.words) > 0 {
		g.refilter()
	}
}

// ensureText builds the rows' search text if it is not current.
func (g *grid[T]) ensureText() {
	if g.texted {
		return
	}
	for i := range g.all {
		r := &g.all[i]
		r.search = strings.ToLower(g.text(&r.item))
	}
	g.texted = true
}

// resort orders the rows for the current sort, then refilters. The row's
// key breaks ties, so equal rows never swap between refreshes.
func (g *grid[T]) resort() {
	type item struct {
		n   int64
		s   string
		row *gridRow[T]
	}
	keyOf := g.cols[g.sortBy].key
	items := make([]item, len(g.all))
	for i := range g.all {
		r := &g.all[i]
		n, s := keyOf(&r.item)
		items[i] = item{n, s, r}
	}
	sign := 1
	if g.sortDesc {
		sign = -1
	}
	slices.SortFunc(items, func(a, b item) int {
		return sign * cmp.Or(cmp.Compare(a.n, b.n), strings.Compare(a.s, b.s), strings.Compare(a.row.id, b.row.id))
	})
	g.sorted = make([]*gridRow[T], len(items))
	for i, it := range items {
		g.sorted[i] = it.row
	}
	g.refilter()
}

// setFilter narrows the rows to those holding every word of s, ignoring
// case.
func (g *grid[T]) setFilter(s string) {
	g.words = strings.Fields(strings.ToLower(s))
	g.refilter()
}

func (g *grid[T]) refilter() {
	if len(g.words) > 0 {
		g.ensureText()
	}
	rows := make([]*gridRow[T], 0, len(g.sorted))
	g.hidden = 0
	for _, r := range g.sorted {
		switch {
		case g.hide != nil && g.hide(&r.item):
			g.hidden++
		case g.matches(r):
			rows = append(rows, r)
		}
	}
	g.rows = rows
	g.reanchor()
}

func (g *grid[T]) matches(r *gridRow[T]) bool {
	for _, w := range g.words {
		if !strings.Contains(r.search, w) {
			return false
		}
	}
	return true
}

// reanchor puts the cursor back on the chosen row. While that row is
// filtered out the cursor rests nearby, and the choice stands.
func (g *grid[T]) reanchor() {
	if len(g.rows) == 0 {
		g.cursor, g.offset = 0, 0
		return
	}
	if i := slices.IndexFunc(g.rows, func(r *gridRow[T]) bool { return r.id == g.selected }); g.selected != "" && i >= 0 {
		g.cursor = i
		g.ensureVisible()
		return
	}
	g.cursor = max(0, min(g.cursor, len(g.rows)-1))
	if g.selected == "" || !g.known(g.selected) {
		g.selected = g.rows[g.cursor].id // nothing chosen yet, or the row is gone
	}
	g.ensureVisible()
}

func (g *grid[T]) known(id string) bool {
	return slices.ContainsFunc(g.all, func(r gridRow[T]) bool { return r.id == id })
}

// current is the selected row's item, nil when nothing is shown.
func (g *grid[T]) current() *T {
	if g.cursor < 0 || g.cursor >= len(g.rows) {
		return nil
	}
	return &g.rows[g.cursor].item
}

// find is the item with key id among all the rows, shown or not.
func (g *grid[T]) find(id string) *T {
	for i := range g.all {
		if g.all[i].id == id {
			return &g.all[i].item
		}
	}
	return nil
}

func (g *grid[T]) moveTo(i int) {
	if len(g.rows) == 0 {
		return
	}
	g.cursor = max(0, min(i, len(g.rows)-1))
	g.selected = g.rows[g.cursor].id
	g.ensureVisible()
}

func (g *grid[T]) ensureVisible() {
	switch {
	case g.cursor < g.offset:
		g.offset = g.cursor
	case g.cursor >= g.offset+g.height:
		g.offset = g.cursor - g.height + 1
	}
	g.offset = max(0, min(g.offset, len(g.rows)-g.height))
}

// SetSize lays the columns out for a width and a number of table rows.
func (g *grid[T]) SetSize(width, rows int) {
	g.width, g.height = width, max(1, rows)
	g.layout()
	g.ensureVisible()
}

// gridGutter is the selection bar and a space.
const gridGutter = 2

// layout drops columns, lowest drop first, until the minimum widths fit,
// then shares the spare width among the flexible columns up to their max.
func (g *grid[T]) layout() {
	shown := make([]bool, len(g.cols))
	need := gridGutter
	for i, c := range g.cols {
		shown[i] = true
		need += c.min + colGap
	}
	for need > g.width {
		drop := -1
		for i, c := range g.cols {
			if shown[i] && c.drop > 0 && (drop < 0 || c.drop < g.cols[drop].drop) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		shown[drop] = false
		need -= g.cols[drop].min + colGap
	}
	g.shown, g.widths = g.shown[:0], make([]int, len(g.cols))
	flex := 0
	for i, c := range g.cols {
		if shown[i] {
			g.shown = append(g.shown, i)
			g.widths[i] = c.min
			flex += c.flex
		}
	}
	spare := max(0, g.width-need)
	for _, i := range g.shown {
		if c := g.cols[i]; c.flex > 0 {
			g.widths[i] += min(spare*c.flex/flex, c.max-c.min)
		}
	}
}

// Update handles the grid's keys — moving, and sorting — and reports
// whether k was one, with what to tell the person.
func (g *grid[T]) Update(k tea.KeyPressMsg) (handled bool, note string) {
	keys := g.keys
	switch {
	case key.Matches(k, keys.Up):
		g.moveTo(g.cursor - 1)
	case key.Matches(k, keys.Down):
		g.moveTo(g.cursor + 1)
	case key.Matches(k, keys.PageUp):
		g.moveTo(g.cursor - g.height)
	case key.Matches(k, keys.PageDown):
		g.moveTo(g.cursor + g.height)
	case key.Matches(k, keys.HalfPageUp):
		g.moveTo(g.cursor - max(1, g.height/2))
	case key.Matches(k, keys.HalfPageDown):
		g.moveTo(g.cursor + max(1, g.height/2))
	case key.Matches(k, keys.Top):
		g.moveTo(0)
	case key.Matches(k, keys.Bottom):
		g.moveTo(len(g.rows) - 1)
	case key.Matches(k, keys.Sort):
		g.sortBy = g.nextSortable()
		g.sortDesc = g.cols[g.sortBy].desc
		g.resort()
		return true, "sorted by " + strings.ToLower(g.cols[g.sortBy].title)
	case key.Matches(k, keys.SortReverse):
		g.sortDesc = !g.sortDesc
		g.resort()
	default:
		return false, ""
	}
	return true, ""
}

func (g *grid[T]) nextSortable() int {
	for i := 1; i <= len(g.cols); i++ {
		if c := (g.sortBy + i) % len(g.cols); g.cols[c].key != nil {
			return c
		}
	}
	return g.sortBy
}

// The grid is a help.KeyMap: its own keys, for a help view of its own.
var _ help.KeyMap = (*grid[agentRow])(nil)

// ShortHelp and FullHelp make the grid a help.KeyMap: its own keys.
func (g *grid[T]) ShortHelp() []key.Binding {
	return []key.Binding{g.keys.Up, g.keys.Down, g.keys.Sort, g.keys.SortReverse}
}

func (g *grid[T]) FullHelp() [][]key.Binding {
	k := g.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown, k.Top, k.Bottom}, {k.Sort, k.SortReverse}}
}

// gridLook is what View draws with: the theme and its paints, whether the
// rows are old (drawn dimmed), and what to say when no row is shown.
type gridLook struct {
	th     *Theme
	paints *paints
	stale  bool
	empty  string
	// flagged words the flagged rows for the rule ("in wrap-up over
	// 0:20"), jump the key that goes to the worst.
	flagged, jump string
}

// View draws the column titles, the rows on screen and the rule under
// them: height+2 lines.
func (g *grid[T]) View(look gridLook) string {
	var b strings.Builder
	b.Grow((g.height + 2) * (g.width + 16) * 2)
	g.header(&b, look.paints)
	drawn := 0
	end := min(len(g.rows), g.offset+g.height)
	for i := g.offset; i < end; i++ {
		b.WriteByte('\n')
		g.row(&b, look, g.rows[i], i == g.cursor)
		drawn++
	}
	if drawn == 0 {
		for _, l := range wrap(look.empty, max(10, g.width-2)) {
			if drawn == g.height {
				break
			}
			b.WriteByte('\n')
			b.WriteString(look.th.Muted.Render(fit("  "+l, g.width)))
			drawn++
		}
	}
	for ; drawn < g.height; drawn++ {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(g.rule(look))
	return b.String()
}

func (g *grid[T]) header(b *strings.Builder, p *paints) {
	b.WriteString(strings.Repeat(" ", gridGutter))
	for n, i := range g.shown {
		if n > 0 {
			b.WriteByte(' ')
		}
		c, title, style := g.cols[i], g.cols[i].title, &p.ColumnHeader
		if i == g.sortBy {
			title += map[bool]string{false: "▲", true: "▼"}[g.sortDesc]
			style = &p.SortedHeader
		}
		if c.right {
			style.write(b, fitRight(title, g.widths[i]))
		} else {
			style.write(b, fit(title, g.widths[i]))
		}
	}
}

// row draws one row. A row under a style of its own (selected: reverse
// video, which NO_COLOR keeps; stale: dimmed) is drawn as plain text
// inside it, as the calls table does.
func (g *grid[T]) row(b *strings.Builder, look gridLook, r *gridRow[T], selected bool) {
	var rowStyle *paint
	switch {
	case selected:
		rowStyle = &look.paints.Selected
	case look.stale:
		rowStyle = &look.paints.StaleRows
	}
	var line strings.Builder
	if selected {
		line.WriteString(look.th.Bar)
	} else {
		line.WriteByte(' ')
	}
	line.WriteByte(' ')
	for n, i := range g.shown {
		if n > 0 {
			line.WriteByte(' ')
		}
		text, style := g.cols[i].cell(&r.item)
		if g.cols[i].right {
			text = fitRight(text, g.widths[i])
		} else {
			text = fit(text, g.widths[i])
		}
		if rowStyle == nil && style != nil {
			style.write(&line, text)
		} else {
			line.WriteString(text)
		}
	}
	if rowStyle != nil {
		rowStyle.write(b, line.String())
		return
	}
	b.WriteString(line.String())
}

// rule is the line under the rows: where the view is in the list and how
// many rows are above and below it (↑ 4 more · 12–30 of 58 · ↓ 28 more).
func (g *grid[T]) rule(look gridLook) string {
	th := look.th
	n := len(g.rows)
	if n <= g.height {
		return th.Rule.Render(strings.Repeat("─", g.width))
	}
	first, last := g.offset, min(n, g.offset+g.height)
	above, below := g.offscreenFlagged()
	over := func(k int) string {
		if k == 0 {
			return ""
		}
		return th.Warn.Render(fmt.Sprintf(" (%d %s — %s jumps)", k, look.flagged, look.jump))
	}
	var parts []string
	if first > 0 {
		parts = append(parts, th.Muted.Render(fmt.Sprintf("↑ %d more", first))+over(above))
	}
	parts = append(parts, th.Muted.Render(fmt.Sprintf("%d–%d of %d", first+1, last, n)))
	if last < n {
		parts = append(parts, th.Muted.Render(fmt.Sprintf("↓ %d more", n-last))+over(below))
	}
	return ruleWith(th, parts, g.width)
}

// offscreenFlagged counts the flagged rows above and below the screen.
func (g *grid[T]) offscreenFlagged() (above, below int) {
	if g.flag == nil {
		return 0, 0
	}
	for i, r := range g.rows {
		if i >= g.offset && i < g.offset+g.height {
			continue
		}
		if _, ok := g.flag(&r.item); ok && i < g.offset {
			above++
		} else if ok {
			below++
		}
	}
	return above, below
}

// jumpWorst moves to the shown row flagged worst, and reports whether
// there was one.
func (g *grid[T]) jumpWorst() bool {
	if g.flag == nil {
		return false
	}
	at, worst := -1, int64(0)
	for i, r := range g.rows {
		if s, ok := g.flag(&r.item); ok && (at < 0 || s > worst) {
			at, worst = i, s
		}
	}
	if at < 0 {
		return false
	}
	g.moveTo(at)
	return true
}

// ruleWith draws a rule of width w carrying parts, joined by " · " and
// cut to fit.
func ruleWith(th *Theme, parts []string, w int) string {
	text := " " + strings.Join(parts, th.Muted.Render(" · ")) + " "
	if room := w - 2; ansi.StringWidth(text) > room {
		text = ansi.Truncate(text, room, "…")
	}
	return th.Rule.Render("─") + text + th.Rule.Render(strings.Repeat("─", max(0, w-1-ansi.StringWidth(text))))
}
