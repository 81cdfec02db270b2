package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
)

// onKey routes a key press: an open dialog or form takes every key; then
// the filter input while it is focused; then the board.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	if m.tooSmall() {
		// Nothing can be seen, so nothing may be done but leaving: a
		// confirmation answered blind is no confirmation.
		m.closeOverlay()
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
	case key.Matches(k, keys.Calls):
		m.switchTo(ViewCalls)
		return nil
	case key.Matches(k, keys.Agents):
		m.switchTo(ViewAgents)
		return nil
	case key.Matches(k, keys.Queues):
		m.switchTo(ViewQueues)
		return nil
	case key.Matches(k, keys.NextView):
		m.switchTo((m.view + 1) % numViews)
		return nil
	}
	if m.view != ViewCalls {
		if cmd, handled := m.viewKey(k); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(k, keys.Up):
		m.moveTo(m.cursor - 1)
	case key.Matches(k, keys.Down):
		m.moveTo(m.cursor + 1)
	case key.Matches(k, keys.PageUp):
		m.moveTo(m.cursor - m.visibleRows())
	case key.Matches(k, keys.PageDown):
		m.moveTo(m.cursor + m.visibleRows())
	case key.Matches(k, keys.HalfPageUp):
		m.moveTo(m.cursor - max(1, m.visibleRows()/2))
	case key.Matches(k, keys.HalfPageDown):
		m.moveTo(m.cursor + max(1, m.visibleRows()/2))
	case key.Matches(k, keys.LongestWait):
		m.jumpToLongestWait()
	case key.Matches(k, keys.Cancel) && m.filter.Value() != "":
		// esc on the board clears an applied filter (k9s, gh-dash).
		m.filter.SetValue("")
		m.refilterView()
		m.say(info("filter cleared"))
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
		m.say(info("sorted by " + sortNames[m.sortBy]))
	case key.Matches(k, keys.SortReverse):
		m.sortDesc = !m.sortDesc
		m.resort()
	case key.Matches(k, keys.Details):
		if r := m.current(); r != nil {
			return m.openDetails(r.call.UII)
		}
		m.say(info("no call selected: " + m.nothingHere()))
	case key.Matches(k, keys.CopyUII):
		return m.copySelected(false)
	case key.Matches(k, keys.CopyCaller):
		return m.copySelected(true)
	case key.Matches(k, keys.Messages):
		m.overlay = &messagesPane{}
	case key.Matches(k, keys.Phone):
		return m.changePhone()
	case key.Matches(k, keys.Refresh):
		m.refreshNow()
	case key.Matches(k, keys.Pause):
		return m.togglePause()
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
		m.say(failure(m.readOnlyText()))
	default:
		m.say(info(k.String() + " does nothing here — " + m.keys.Help.Help().Key + " lists the keys"))
	}
	return nil
}

// nothingHere says why there is no call to act on.
func (m *Model) nothingHere() string {
	switch {
	case !m.known():
		return "no call list from RingCX yet"
	case m.filter.Value() != "":
		return "no call matches the filter"
	}
	return "there are no active calls"
}

// jumpToLongestWait selects the queued call that has waited longest, the
// one a supervisor must not lose sight of.
func (m *Model) jumpToLongestWait() {
	best := -1
	for _, i := range m.waiting {
		if best < 0 || m.rows[i].call.EnqueueTime.Before(m.rows[best].call.EnqueueTime) {
			best = i
		}
	}
	if best < 0 {
		switch {
		case !m.known():
			m.say(info("no call list from RingCX yet: nothing is known about waiting callers"))
		case m.filter.Value() != "" && m.tallies.queued > 0:
			m.say(info("no queued call matches the filter (" + m.keys.Cancel.Help().Key + " clears it)"))
		default:
			m.say(info("no caller is waiting in queue"))
		}
		return
	}
	m.moveTo(best)
	m.say(info("longest wait: " + clock(m.rows[best].wait(m.now)) + " — " + m.labelOf(m.rows[best])))
}

// copySelected puts the selected call's uii, or its caller's number, on the
// clipboard. OSC 52 asks the terminal to do it, so it works over SSH too.
func (m *Model) copySelected(caller bool) tea.Cmd {
	r := m.current()
	if r == nil {
		m.say(info("nothing to copy: " + m.nothingHere()))
		return nil
	}
	return m.copyCall(r, caller)
}

// copyCall puts a call's uii, or its caller's number, on the clipboard.
func (m *Model) copyCall(r *row, caller bool) tea.Cmd {
	what, text := "uii", r.uii
	if caller {
		what, text = "caller number", onlyASCIIPrintable(clean(r.call.ANI))
		if text == "" {
			m.say(info("this call has no caller number to copy"))
			return nil
		}
	}
	m.say(info("copied " + what + " " + text + " to the clipboard"))
	return tea.SetClipboard(text)
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

// refreshNow asks for the calls, and for the feed of the view on screen,
// as soon as the budget allows.
func (m *Model) refreshNow() {
	f := m.feed(m.view)
	if wait := m.rateLimitWait(&f.rows.Status); wait > 0 {
		// RingCX asked for the pause: asking again sooner would only be
		// refused (the poller drops it). When it ends the poller tries
		// by itself, unless its backoff runs longer — then R works.
		msg := "waiting out RingCX's rate limit: the next try is in " + clock(wait) + ", by itself"
		if next := f.rows.Status.NextTry.Sub(m.now); next > wait+time.Second {
			msg = "waiting out RingCX's rate limit for " + clock(wait) + " more — then " + m.keys.Refresh.Help().Key + " tries at once (by itself, in " + clock(next) + ")"
		}
		m.say(info(msg))
		return
	}
	if m.cfg.Feeds != nil {
		m.cfg.Feeds.RefreshNow(m.view)
	}
	if m.cfg.Poller != nil {
		m.cfg.Poller.RefreshNow()
	}
	if m.cfg.Poller != nil || m.cfg.Feeds != nil {
		m.say(info("refreshing…"))
	}
}

// togglePause holds this screen still — calls, agents and queues — or
// lets it move again. Only this board pauses: the service goes on polling
// for everyone else, and the newest lists are shown at once on resume.
func (m *Model) togglePause() tea.Cmd {
	if m.frozen {
		m.frozen = false
		if m.held != nil {
			m.applySnapshot(*m.held)
			m.held = nil
		}
		m.say(info("this screen follows the calls again"))
		return m.takeHeld()
	}
	m.frozen = true
	m.say(info("this screen is paused (refreshing goes on for others) — " + m.keys.Pause.Help().Key + " resumes"))
	return nil
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
		m.refilterView()
		return nil
	}
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(k)
	if m.filter.Value() != before {
		m.refilterView()
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
		m.refilterView()
		return cmd
	}
	return nil
}

// filterWord is one word of the filter, with the digit strings a phone
// number typed as the board shows it may be stored as.
type filterWord struct {
	text    string
	numbers []string
	queue   *string // a queue term's name (rows.go): matched exactly, not as text
}

// filterWords splits the filter into lower-case words; all must match. A
// filter that is one phone number as the board shows it ("07700 900148",
// "(415) 555-0141") is one word, found however RingCX stored it.
func filterWords(s string, p api.PhoneParser) []filterWord {
	if name, rest, ok := splitQueueTerm(s); ok {
		return append([]filterWord{{queue: &name}}, filterWords(rest, p)...)
	}
	s = strings.TrimSpace(strings.ToLower(s))
	if isPhoneLike(s) {
		return []filterWord{{text: s, numbers: append([]string{onlyDigits(s)}, p.Spellings(s)...)}}
	}
	var out []filterWord
	for _, f := range strings.Fields(s) {
		w := filterWord{text: f}
		if isPhoneLike(f) {
			w.numbers = []string{onlyDigits(f)}
		}
		out = append(out, w)
	}
	return out
}

// exit ends the program. The team subscription the board opened itself
// is closed first, so its bridge's goroutine ends with the board (a
// service closes the ones it gives, Config.TeamSub).
func (m *Model) exit() tea.Cmd {
	if m.cfg.TeamSub == nil {
		m.teamSub.Close()
	}
	return tea.Quit
}

// quit asks first when this console still has supervisor sessions on live
// calls: they stay connected after the program exits.
func (m *Model) quit() tea.Cmd {
	live := m.liveSessions()
	if len(live) == 0 {
		return m.exit()
	}
	body := []string{}
	for i, uii := range live {
		if i == maxListed {
			body = append(body, fmt.Sprintf("… and %d more", len(live)-maxListed))
			break
		}
		s, _ := m.mine(uii)
		label := sessionLabel(s.Type)
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
		onYes: m.exit,
	}
	return nil
}

// liveSessions lists calls this console supervises that are still active,
// including sessions still being set up (the phone may ring after exit).
func (m *Model) liveSessions() []string {
	var out []string
	for uii := range m.team.Sessions {
		_, active := m.cache[uii]
		if _, ok := m.mine(uii); ok && active {
			out = append(out, uii)
		}
	}
	for uii := range m.starting {
		if _, dup := m.mine(uii); !dup {
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
	// toastNotice is something that happened that the person must not
	// miss (a call they are on ended): it stays as long as an error.
	toastNotice
)

var toastLife = [...]time.Duration{toastInfo: 5 * time.Second, toastOK: 8 * time.Second, toastErr: 20 * time.Second, toastNotice: 20 * time.Second}

func info(s string) toast    { return toast{text: s, kind: toastInfo} }
func success(s string) toast { return toast{text: "✓ " + s, kind: toastOK} }
func failure(s string) toast { return toast{text: "✗ " + s, kind: toastErr} }
func notice(s string) toast  { return toast{text: "● " + s, kind: toastNotice} }

// message is a toast kept for the messages pane, with when it was said.
type message struct {
	at   time.Time
	text string
	kind toastKind
}

// cut reports whether a toast's text is too wide for the footer.
func (m *Model) cut(text string) bool { return ansi.StringWidth(" "+text) > m.width }

// maxMessages bounds the messages pane's memory over a shift.
const maxMessages = 200

// say shows a toast. Everything but passing information is also kept for
// the messages pane, where a text cut to fit the footer can be read whole.
func (m *Model) say(t toast) {
	m.toast = t
	if t.kind == toastInfo && !m.cut(t.text) {
		return
	}
	m.keep(t)
}

// keep adds a message to the messages pane without showing it as a toast:
// alerts have a line of their own, so they never push an action's result
// or an error off the toast line.
func (m *Model) keep(t toast) {
	if t.text == "" {
		return
	}
	if len(m.messages) == maxMessages {
		m.messages = slices.Delete(m.messages, 0, 1)
	}
	m.messages = append(m.messages, message{at: m.now, text: t.text, kind: t.kind})
}
