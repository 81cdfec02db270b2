package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// onKey routes a key press: an open dialog or form takes every key; then
// the filter input while it is focused; then the board.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	if m.tooSmall() {
		// Nothing can be seen, so nothing may be done but leaving: a
		// confirmation answered blind is no confirmation.
		m.overlay = nil
		if key.Matches(k, m.keys.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.overlay != nil {
		return m.overlay.key(m, k)
	}
	if m.filtering {
		return m.onFilterKey(k)
	}
	keys := &m.keys
	switch {
	case key.Matches(k, keys.Quit):
		return m.quit()
	case key.Matches(k, keys.Up):
		m.moveTo(m.cursor - 1)
	case key.Matches(k, keys.Down):
		m.moveTo(m.cursor + 1)
	case key.Matches(k, keys.PageUp):
		m.moveTo(m.cursor - m.visibleRows())
	case key.Matches(k, keys.PageDown):
		m.moveTo(m.cursor + m.visibleRows())
	case key.Matches(k, keys.Top):
		m.moveTo(0)
	case key.Matches(k, keys.Bottom):
		m.moveTo(len(m.rows) - 1)
	case key.Matches(k, keys.Filter):
		m.filtering = true
		return m.filter.Focus()
	case key.Matches(k, keys.Sort):
		m.sortBy = (m.sortBy + 1) % sortColumns
		m.sortDesc = m.sortBy.naturalDesc()
		m.resort()
		m.toast = info("sorted by " + sortNames[m.sortBy])
	case key.Matches(k, keys.SortReverse):
		m.sortDesc = !m.sortDesc
		m.resort()
	case key.Matches(k, keys.Details):
		if r := m.current(); r != nil {
			return m.openDetails(r.call.UII)
		}
	case key.Matches(k, keys.Refresh):
		if m.cfg.Poller != nil {
			m.cfg.Poller.RefreshNow()
			m.toast = info("refreshing…")
		}
	case key.Matches(k, keys.Pause):
		m.togglePause()
	case key.Matches(k, keys.Help):
		m.overlay = &helpScreen{}
	case key.Matches(k, keys.Monitor):
		return m.supervise(m.selectedUII(), sessionMonitor)
	case key.Matches(k, keys.Coach):
		return m.supervise(m.selectedUII(), sessionCoach)
	case key.Matches(k, keys.Barge):
		return m.supervise(m.selectedUII(), sessionBarge)
	case key.Matches(k, keys.Leave):
		return m.leave()
	case key.Matches(k, keys.Hangup):
		return m.hangup()
	case key.Matches(k, keys.Record):
		return m.toggleRecording()
	case key.Matches(k, keys.Disposition):
		return m.openDisposition()
	case key.Matches(k, keys.NewCall):
		return m.openManualCall()
	case m.cfg.ReadOnly && m.isActionKey(k):
		m.toast = failure("read-only: actions are turned off (started with --read-only)")
	}
	return nil
}

// isActionKey recognises an action's key even while read-only has
// disabled the binding, so the press is answered instead of ignored.
func (m *Model) isActionKey(k tea.KeyPressMsg) bool {
	for _, b := range m.cfg.Keys.actions() {
		if slices.Contains(b.Keys(), k.String()) {
			return true
		}
	}
	return false
}

func (m *Model) selectedUII() string {
	if r := m.current(); r != nil {
		return r.call.UII
	}
	return ""
}

func (m *Model) togglePause() {
	p := m.cfg.Poller
	if p == nil {
		return
	}
	if p.Paused() {
		p.Resume()
		m.toast = info("refreshing resumed")
	} else {
		p.Pause()
		m.toast = info("refreshing paused — press " + m.keys.Pause.Help().Key + " to resume")
	}
}

// onFilterKey edits the filter; the board narrows as it is typed. enter
// keeps the filter, esc clears it.
func (m *Model) onFilterKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case k.String() == "ctrl+c":
		return m.quit()
	case key.Matches(k, m.keys.Submit):
		m.filtering = false
		m.filter.Blur()
		return nil
	case key.Matches(k, m.keys.Cancel):
		m.filtering = false
		m.filter.Blur()
		m.filter.SetValue("")
		m.refilter()
		return nil
	}
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(k)
	if m.filter.Value() != before {
		m.refilter()
	}
	return cmd
}

func (m *Model) onPaste(p tea.PasteMsg) tea.Cmd {
	switch {
	case m.overlay != nil:
		return m.overlay.paste(m, p)
	case m.filtering:
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(p)
		m.refilter()
		return cmd
	}
	return nil
}

// filterWords splits the filter into lower-case words; all must match.
func filterWords(s string) []string {
	return strings.Fields(strings.ToLower(s))
}

// quit asks first when this console still has supervisor sessions on live
// calls: they stay connected after the program exits.
func (m *Model) quit() tea.Cmd {
	live := m.liveSessions()
	if len(live) == 0 {
		return tea.Quit
	}
	body := []string{}
	for i, uii := range live {
		if i == maxListed {
			body = append(body, fmt.Sprintf("… and %d more", len(live)-maxListed))
			break
		}
		label := sessionLabel(m.sessions[uii].Type)
		if t, starting := m.starting[uii]; starting {
			label = sessionLabel(t) + " (starting)"
		}
		body = append(body, label+"  "+m.callLabel(uii)+"  uii "+clean(uii))
	}
	m.overlay = &confirmDialog{
		title: "Quit with " + plural(len(live), "a live supervisor session", "live supervisor sessions") + "?",
		body:  body,
		note:  "Your phone stays on " + plural(len(live), "that call", "those calls") + " after callboard exits. Press x on a call first to leave it.",
		yes:   "quit",
		no:    "stay",
		onYes: func() tea.Cmd { return tea.Quit },
	}
	return nil
}

// liveSessions lists calls this console supervises that are still active,
// including sessions still being set up (the phone may ring after exit).
func (m *Model) liveSessions() []string {
	var out []string
	for uii := range m.sessions {
		if _, active := m.cache[uii]; active {
			out = append(out, uii)
		}
	}
	for uii := range m.starting {
		if _, dup := m.sessions[uii]; !dup {
			out = append(out, uii)
		}
	}
	slices.Sort(out)
	return out
}

// maxListed bounds the sessions a quit dialog names, so its buttons stay
// on screen.
const maxListed = 5

// toast is the one-line message above the help line.
type toast struct {
	text  string
	kind  toastKind
	until time.Time // zero: until replaced
}

type toastKind int

const (
	toastInfo toastKind = iota
	toastOK
	toastErr
)

var toastLife = [...]time.Duration{toastInfo: 5 * time.Second, toastOK: 8 * time.Second, toastErr: 20 * time.Second}

func info(s string) toast    { return toast{text: s, kind: toastInfo} }
func success(s string) toast { return toast{text: "✓ " + s, kind: toastOK} }
func failure(s string) toast { return toast{text: "✗ " + s, kind: toastErr} }
