package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// overlay is a dialog, form or pane drawn over the board. While one is open
// it receives every key.
type overlay interface {
	key(m *Model, k tea.KeyPressMsg) tea.Cmd
	paste(m *Model, p tea.PasteMsg) tea.Cmd
	// view draws the box; width is the most it may use.
	view(m *Model, width, height int) string
}

// closeOverlay takes whatever is open off the board, ending a form's
// lookup still under way.
func (m *Model) closeOverlay() {
	if f, ok := m.overlay.(*form); ok {
		f.close(m)
	}
	m.overlay = nil
}

// confirmDialog asks before something that cannot be undone. It defaults
// to No: only y confirms, and any other key — n, esc, enter, a stray
// letter — cancels.
type confirmDialog struct {
	title   string
	body    []string
	note    string
	yes, no string
	danger  bool
	// uii, when set, is checked again on y: the call may have ended, or
	// another action started, while the question was on screen.
	uii   string
	onYes func() tea.Cmd
}

func (d *confirmDialog) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	m.overlay = nil
	if key.Matches(k, m.keys.Confirm) {
		if d.uii != "" {
			if _, ok := m.actionable(d.uii); !ok {
				return nil
			}
		}
		return d.onYes()
	}
	m.say(info("cancelled: " + strings.TrimSuffix(strings.ToLower(d.title), "?")))
	return nil
}

func (d *confirmDialog) paste(m *Model, _ tea.PasteMsg) tea.Cmd {
	m.overlay = nil // pasted text is not a y
	m.say(info("cancelled: " + strings.TrimSuffix(strings.ToLower(d.title), "?")))
	return nil
}

func (d *confirmDialog) view(m *Model, width, _ int) string {
	th := &m.theme
	inner := min(width-4, 76)
	var lines []string
	for _, l := range d.body {
		lines = append(lines, wrap(l, inner)...)
	}
	lines = append(lines, "")
	note := th.Muted
	if d.danger {
		note = th.Danger
	}
	for _, l := range wrap(d.note, inner) {
		lines = append(lines, note.Render(l))
	}
	lines = append(lines, "")
	buttons := th.Key.Render("[y]") + " " + d.yes + "   " + th.Key.Render("[N]") + " " + d.no
	lines = append(lines, fitRight(buttons, inner))
	return box(th, d.title, lines, inner)
}

// helpScreen is the full key list, generated from the key map.
type helpScreen struct{}

func (helpScreen) key(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	m.overlay = nil
	return nil
}

func (helpScreen) paste(*Model, tea.PasteMsg) tea.Cmd { return nil }

func (helpScreen) view(m *Model, width, _ int) string {
	h := m.help
	h.SetWidth(width - 4)
	body := strings.Split(h.FullHelpView(m.keys.FullHelp()), "\n")
	body = append(body, "", m.theme.Muted.Render("Confirmations take only y; any other key cancels. Press any key to close."))
	if m.cfg.ReadOnly {
		body = append(body, m.theme.Muted.Render("Read-only: call actions are turned off."))
	}
	inner := 0
	for _, l := range body {
		inner = max(inner, ansi.StringWidth(l))
	}
	return box(&m.theme, "Keys", body, min(inner, width-4))
}

// detailsPane shows everything known about one call: every API field, this
// console's sessions and recording, and what was done to the call — from the
// audit log when there is one, else from this console's memory.
type detailsPane struct {
	uii string
	pager
	// The audit log's entries, loaded by a command when the pane opens.
	loaded   bool
	recorded []HistoryEntry
	loadErr  error
}

// historyLoadedMsg carries the audit log's entries for a call.
type historyLoadedMsg struct {
	uii     string
	entries []HistoryEntry
	err     error
}

func (m *Model) openDetails(uii string) tea.Cmd {
	m.overlay = &detailsPane{uii: uii}
	load := m.cfg.History
	if load == nil {
		return nil
	}
	return func() tea.Msg {
		entries, err := load(uii)
		return historyLoadedMsg{uii: uii, entries: entries, err: err}
	}
}

// history is what the pane lists, newest first: the audit log's entries
// (every console and command on this host) plus the events this console
// saw, or — without an audit log — this console's own memory.
func (d *detailsPane) history(m *Model) []HistoryEntry {
	if m.cfg.History == nil || d.loadErr != nil {
		return m.history[d.uii]
	}
	out := slices.Clone(d.recorded)
	for _, e := range m.history[d.uii] {
		if e.Event {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b HistoryEntry) int { return a.At.Compare(b.At) })
	return out
}

func (d *detailsPane) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	return d.pager.key(m, k, d.content)
}

func (d *detailsPane) paste(*Model, tea.PasteMsg) tea.Cmd { return nil }

func (d *detailsPane) view(m *Model, width, height int) string {
	return d.pager.view(m, width, height, "Call details — esc to close", d.content)
}

// pager scrolls a pane of lines too long for the screen: up and down
// scroll, any other key closes the pane.
type pager struct{ scroll int }

// paneSize is a pane's text width and how many lines fit.
func paneSize(width, height int) (inner, room int) {
	return min(width-4, 90), max(3, height-4)
}

func (p *pager) key(m *Model, k tea.KeyPressMsg, content func(*Model, int) []string) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Down):
		inner, room := paneSize(m.width, m.height)
		p.scroll = max(0, min(p.scroll+1, len(content(m, inner))-room))
	case key.Matches(k, m.keys.Up):
		p.scroll = max(0, p.scroll-1)
	default:
		m.overlay = nil
	}
	return nil
}

func (p *pager) view(m *Model, width, height int, title string, content func(*Model, int) []string) string {
	inner, room := paneSize(width, height)
	lines := content(m, inner)
	if len(lines) > room {
		from := min(p.scroll, len(lines)-room)
		lines = lines[from : from+room]
	}
	return box(&m.theme, title, lines, inner)
}

// messagesPane lists what the board said — action results, errors and
// events — newest first, with the time, each whole: a message cut to fit
// the footer is never lost.
type messagesPane struct{ pager }

func (p *messagesPane) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	return p.pager.key(m, k, p.content)
}

func (*messagesPane) paste(*Model, tea.PasteMsg) tea.Cmd { return nil }

func (p *messagesPane) view(m *Model, width, height int) string {
	return p.pager.view(m, width, height, "Messages — newest first; ↑/↓ scroll, esc closes", p.content)
}

func (*messagesPane) content(m *Model, inner int) []string {
	th := &m.theme
	if len(m.messages) == 0 {
		return []string{th.Muted.Render("Nothing yet: action results, errors and events appear here.")}
	}
	var lines []string
	for _, msg := range slices.Backward(m.messages) {
		style := th.ToastOK
		switch msg.kind {
		case toastErr:
			style = th.ToastErr
		case toastNotice:
			style = th.Stale
		}
		stamp := th.Muted.Render(msg.at.Local().Format("15:04:05") + " ")
		for i, l := range wrap(msg.text, inner-9) {
			if i > 0 {
				stamp = strings.Repeat(" ", 9)
			}
			lines = append(lines, stamp+style.Render(l))
		}
	}
	return lines
}

// content is every line of the pane, before scrolling.
func (d *detailsPane) content(m *Model, inner int) []string {
	th := &m.theme
	r := m.row(d.uii)
	var lines []string
	field := func(label, value string) {
		lines = append(lines, th.Label.Render(fit(label, 16))+" "+ansi.Truncate(orDash(value), inner-17, "…"))
	}
	if r == nil {
		lines = append(lines, "This call is no longer on the board.")
	} else {
		c := r.call
		field("uii", clean(c.UII))
		state := r.state
		if r.ended {
			state = "ended (seen ending " + ago(m.now.Sub(r.endedAt)) + ")"
		}
		field("state", state)
		field("call state", clean(c.CallState))
		field("account", clean(c.AccountID))
		field("agent", r.agent)
		field("caller name", clean(c.CNAM))
		field("caller number", m.showPhone(clean(c.ANI)))
		field("dialled", m.showPhone(r.dialled))
		field("dialled E.164", clean(c.DNISE164))
		field("queue/campaign", r.queue)
		m.joinedFields(c.UII, field)
		field("external id", clean(c.ExternalID))
		field("entered queue", stamp(c.EnqueueTime, m.now))
		field("answered", stamp(c.DequeueTime, m.now))
		field("wait", clock(r.wait(m.now)))
		if !c.Queued() {
			field("talk", clock(r.talk(m.now)))
		}
		field("archive", fmt.Sprint(c.Archive))
		lines = append(lines, "")
		if s, ok := m.mine(d.uii); ok {
			if s.Uncertain {
				// RingCX's answer was lost: said first, so a narrow pane
				// keeps it, with what to do.
				field("my session", sessionTag(s)+" may be open (answer lost) — check "+m.showPhone(s.Phone)+"; "+m.keys.Leave.Help().Key+" ends it")
				field("asked", stamp(s.Since, m.now))
			} else {
				field("my session", fmt.Sprintf("%s from %s, since %s", sessionLabel(s.Type), m.showPhone(s.Phone), stamp(s.Since, m.now)))
			}
		} else {
			field("my session", "none")
		}
		for _, o := range m.others(d.uii) {
			field(clean(o.Operator), fmt.Sprintf("%s from %s, since %s", sessionTag(o), m.showPhone(o.Phone), stamp(o.Since, m.now)))
		}
		rec := "unknown (RingCX does not report it; only what was set through callboard is known)"
		if on, ok := m.team.Recording[d.uii]; ok {
			rec = map[bool]string{true: "on (set through callboard)", false: "off (set through callboard)"}[on]
		}
		field("recording", rec)
	}
	title := "This console's actions on the call"
	switch {
	case m.cfg.History != nil && d.loadErr != nil:
		title += th.InputErr.Render(" (audit log unreadable: " + clean(d.loadErr.Error()) + ")")
	case m.cfg.History != nil && !d.loaded:
		title = "Actions on the call (reading the audit log…)"
	case m.cfg.History != nil:
		title = "Actions on the call (audit log)"
	}
	lines = append(lines, "", th.Label.Render(title))
	hist := d.history(m)
	if len(hist) == 0 {
		lines = append(lines, th.Muted.Render("  none yet"))
	}
	for _, e := range slices.Backward(hist) {
		mark := th.ToastOK.Render("✓")
		switch {
		case e.Event:
			mark = th.Muted.Render("·")
		case e.Unknown:
			mark = th.ToastErr.Render("?")
		case e.NotSent:
			mark = th.Muted.Render("–")
		case !e.OK:
			mark = th.ToastErr.Render("✗")
		}
		via := ""
		if e.Source != "" {
			via = th.Muted.Render("  (" + clean(e.Source) + ")")
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("  %s %s  %s — %s%s", mark, e.At.Local().Format("15:04:05"), clean(e.Action), clean(e.Result), via), inner, "…"))
	}
	return lines
}

// joinedFields are what the agents and queues feeds say about the call
// (callJoin): the agent on it, their state, and the queue it came
// through. Nothing is shown where the join does not know the call.
func (m *Model) joinedFields(uii string, field func(label, value string)) {
	a, ok := m.join.agent(uii)
	if !ok {
		return
	}
	field("agent username", clean(a.Username))
	state := clean(a.State) + " for " + clock(a.InState(m.now))
	if p, pending := a.PendingFor(m.now); pending {
		state += ", disposition pending " + clock(p)
	}
	field("agent state", state)
	if q, ok := m.join.queue(a.GateID); ok {
		field("queue (joined)", clean(q.Name)+" · gate "+clean(q.GateID))
	}
}

// stamp is a local time with how long ago it was.
func stamp(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05") + " (" + ago(now.Sub(t)) + ")"
}

// box frames lines with a rounded border and a title, width inner.
func box(th *Theme, title string, lines []string, inner int) string {
	for i, l := range lines {
		lines[i] = fit(l, inner)
	}
	body := strings.Join(lines, "\n")
	b := th.Dialog.Width(inner + 4).Render(th.DialogTitle.Render(ansi.Truncate(title, inner, "…")) + "\n\n" + body)
	return b
}

// wrap breaks text into lines of at most w cells.
func wrap(s string, w int) []string {
	if s == "" {
		return []string{""}
	}
	return strings.Split(lipgloss.Wrap(s, w, " "), "\n")
}

// place draws the box centred over the board.
func place(board, dialog string, width, height int) string {
	dw, dh := lipgloss.Width(dialog), lipgloss.Height(dialog)
	x, y := max(0, (width-dw)/2), max(0, (height-dh)/2)
	canvas := lipgloss.NewCanvas(width, height)
	canvas.Compose(lipgloss.NewCompositor(lipgloss.NewLayer(board), lipgloss.NewLayer(dialog).X(x).Y(y).Z(1)))
	return canvas.Render()
}
