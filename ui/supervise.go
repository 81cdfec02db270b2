package ui

import (
	"net/http"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
)

func httpStatusText(code int) string { return http.StatusText(code) }

// readOnlyText answers an action key on a read-only board, with why it is
// read-only.
func (m *Model) readOnlyText() string { return "read-only: " + m.notAllowed(m.cfg.ReadOnlyReason) }

// notAllowed words why this board may not act.
func (*Model) notAllowed(r api.NotAllowedReason) string {
	if r == api.NotAllowedViewer {
		return "you are connected as a viewer, who may watch the calls but not act on them"
	}
	return "actions are turned off (callboard was started with --read-only)"
}

// actionable returns the row for an action on uii, or says why not.
func (m *Model) actionable(uii string) (*row, bool) {
	if m.cfg.ReadOnly {
		m.say(failure(m.readOnlyText()))
		return nil, false
	}
	r := m.row(uii)
	switch {
	case r == nil:
		m.say(failure("no call selected: " + m.nothingHere()))
		return nil, false
	case r.ended:
		m.say(failure("call has ended — nothing to act on"))
		return nil, false
	case m.pending[uii] != "":
		m.say(failure("still working on " + m.pending[uii] + " for this call"))
		return nil, false
	}
	return r, true
}

// row finds a call's row, a ghost included.
func (m *Model) row(uii string) *row {
	if r, ok := m.cache[uii]; ok {
		return r
	}
	return m.ghosts[uii]
}

// callLabel names a call for people: agent ↔ caller.
func (m *Model) callLabel(uii string) string {
	r := m.row(uii)
	if r == nil {
		return "call " + shortUII(uii)
	}
	return m.labelOf(r)
}

// labelOf names a row's call for people: agent ↔ caller.
func (m *Model) labelOf(r *row) string {
	agent := r.agent
	if agent == "" {
		agent = "(no agent yet)"
	}
	return agent + " ↔ " + orDash(callerText(r.cnam, m.showPhone(r.ani)))
}

// callLines describe a call in a dialog: who, where, how long, which uii.
func (m *Model) callLines(uii string) []string {
	r := m.row(uii)
	if r == nil {
		return []string{"uii " + uii}
	}
	where := orDash(r.queue) + " · " + r.state
	if !r.call.Queued() {
		where += " " + clock(r.talk(m.now))
	} else {
		where += " " + clock(r.wait(m.now))
	}
	return []string{m.callLabel(uii), where + " · uii " + clean(uii)}
}

// supervise starts, or changes the mode of, this console's session on a
// call. Barging in and changing mode ask first.
func (m *Model) supervise(uii string, t api.SessionType) tea.Cmd {
	r, ok := m.actionable(uii)
	if !ok {
		return nil
	}
	if r.call.Queued() {
		m.say(failure("still in queue: no agent has answered yet, so there is nothing to " + sessionWords[t].do))
		return nil
	}
	if m.phone == "" {
		return m.askPhone(sessionWords[t].do, uii, func() tea.Cmd { return m.supervise(uii, t) })
	}
	req := actionRequest{kind: actAddSession, uii: uii, label: m.callLabel(uii), session: t, phone: m.phone}
	cur, has := m.mine(uii)
	if has && cur.Uncertain && cur.Type == t {
		// RingCX's answer to the first add was lost: it may have opened
		// the session. A second is sent only when the person says so; the
		// leave key ends the one that may be open.
		m.overlay = &confirmDialog{
			title: "Your " + sessionName(t) + " session may already be open — send it again?",
			body:  m.callLines(uii),
			note: "RingCX's answer to the last request was lost, so it may have started: check your phone (" +
				m.showPhone(cur.Phone) + "). " + m.keys.Leave.Help().Key + " ends it instead.",
			yes: "send again", no: "keep", uii: uii,
			onYes: func() tea.Cmd { return m.start(req) },
		}
		return nil
	}
	if has && cur.Type == t {
		m.say(info("already " + sessionVerb(t) + " this call"))
		return nil
	}
	if has {
		req.kind, req.from = actSwitchSession, cur
		note := "RingCX cannot change a session's mode: your " + sessionName(cur.Type) +
			" session ends and a new " + sessionName(t) + " session dials " + m.showPhone(m.phone) + " — your phone will ring again."
		if cur.Uncertain {
			note = "Your " + sessionName(cur.Type) + " session may be open (RingCX's answer was lost): it is ended first, and a new " +
				sessionName(t) + " session dials " + m.showPhone(m.phone) + " — your phone will ring again."
		}
		if t == api.SessionBargeIn {
			note += " Once you answer, the customer and the agent both hear you."
		}
		m.overlay = &confirmDialog{
			title: "Switch from " + sessionName(cur.Type) + " to " + sessionName(t) + "?",
			body:  m.callLines(uii), note: note, yes: "switch", no: "keep " + sessionVerb(cur.Type),
			danger: t == api.SessionBargeIn, uii: uii,
			onYes: func() tea.Cmd { return m.start(req) },
		}
		return nil
	}
	// Another supervisor already on the call is said before anyone else
	// joins it: two people coaching one agent help nobody.
	others := m.othersOn(uii)
	if t == api.SessionBargeIn || others != "" {
		act := map[api.SessionType]string{api.SessionMonitor: "monitor", api.SessionCoaching: "coach", api.SessionBargeIn: "barge in"}[t]
		title := strings.ToUpper(act[:1]) + act[1:] + " this call?"
		note := "RingCX dials " + m.showPhone(m.phone) + "."
		if t == api.SessionBargeIn {
			title = "Barge in on this call?"
			note = "RingCX dials " + m.showPhone(m.phone) + "; once you answer, the customer and the agent both hear you."
		}
		if others != "" {
			title = others + " this call — " + act + " anyway?"
			note = others + " this call. " + note
		}
		m.overlay = &confirmDialog{
			title: title, body: m.callLines(uii), note: note,
			yes: act, no: "cancel", danger: t == api.SessionBargeIn, uii: uii,
			onYes: func() tea.Cmd { return m.start(req) },
		}
		return nil
	}
	return m.start(req)
}

// leave ends this console's session on the selected call.
func (m *Model) leave() tea.Cmd {
	uii := m.selectedUII()
	if _, ok := m.actionable(uii); !ok {
		return nil
	}
	s, has := m.mine(uii)
	if !has {
		m.say(info("you have no session on this call"))
		return nil
	}
	return m.start(actionRequest{kind: actLeave, uii: uii, label: m.callLabel(uii), from: s})
}

// hangup ends the call for everyone, after a confirmation.
func (m *Model) hangup() tea.Cmd {
	uii := m.selectedUII()
	if _, ok := m.actionable(uii); !ok {
		return nil
	}
	req := actionRequest{kind: actHangup, uii: uii, label: m.callLabel(uii)}
	m.overlay = &confirmDialog{
		title: "Hang up this call?",
		body:  m.callLines(uii),
		note:  "This ends the call for the customer and the agent.",
		yes:   "hang up", no: "keep", danger: true, uii: uii,
		onYes: func() tea.Cmd { return m.start(req) },
	}
	return nil
}

// toggleRecording flips what this console last set; RingCX does not report
// recording, so from "unknown" the first press starts it.
func (m *Model) toggleRecording() tea.Cmd {
	uii := m.selectedUII()
	if _, ok := m.actionable(uii); !ok {
		return nil
	}
	return m.start(actionRequest{kind: actRecord, uii: uii, label: m.callLabel(uii), record: !m.team.Recording[uii]})
}
