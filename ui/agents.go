package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
)

// agentRow is one agent of the Agents view (realTimeData/agent merged with
// the roster), its text cleaned once per list rather than per frame.
type agentRow struct {
	a                        api.Agent
	name, user, group, state string
	class                    api.AgentClass
	// away: a known away state or an account-defined aux state (api
	// Agent.Away); only the known ones are coloured.
	away bool
}

func newAgentRow(a api.Agent) agentRow {
	r := agentRow{a: a, name: clean(a.Name()), user: clean(a.Username), group: clean(a.AgentGroupName), class: a.Class(), away: a.Away()}
	r.state = clean(a.State)
	if a.LoggedOut {
		r.state = "logged out"
	}
	return r
}

// agentKey is an agent's key across refreshes: the agent id shared with
// the roster, else the username.
func agentKey(r *agentRow) string {
	if r.a.AgentID != "" {
		return r.a.AgentID
	}
	return "user:" + r.a.Username
}

// stateRank orders the Agents view by state: those needing a look first
// (wrap-up, a disposition pending), then on calls, free, away, the states
// callboard does not know, and logged out last.
// A class added to api later ranks with the unknown states.
func stateRank(k api.AgentClass) int64 {
	switch k {
	case api.AgentWrapUp:
		return 0
	case api.AgentEngaged:
		return 1
	case api.AgentAvailable:
		return 2
	case api.AgentAway:
		return 3
	case api.AgentLoggedOut:
		return 5
	}
	return 4
}

// The Agents view's columns, in order.
const (
	agName = iota
	agUser
	agGroup
	agState
	agInState
	agPending
	agCall
	agTalk
	agHandled
	agRNA
)

// newAgentsGrid is the Agents view's table, sorted by state and then time
// in state, longest first.
func newAgentsGrid(m *Model) *grid[agentRow] {
	text, byText, byCount := textCell[agentRow], textKey[agentRow], countKey[agentRow]
	count := func(f func(r *agentRow) int) func(r *agentRow) (string, *paint) {
		return func(r *agentRow) (string, *paint) {
			if r.a.LoggedOut {
				return "–", nil
			}
			return strconv.Itoa(f(r)), nil
		}
	}
	name := func(r *agentRow) string { return r.name }
	user := func(r *agentRow) string { return r.user }
	group := func(r *agentRow) string { return r.group }
	handled := func(r *agentRow) int { return r.a.CallsHandled }
	rna := func(r *agentRow) int { return r.a.RNA }
	cols := []gridCol[agentRow]{
		agName:    {title: "AGENT", min: 12, flex: 3, max: 24, cell: text(name), key: byText(name)},
		agUser:    {title: "USERNAME", min: 12, flex: 3, max: 32, drop: 5, cell: text(user), key: byText(user)},
		agGroup:   {title: "GROUP", min: 8, flex: 1, max: 16, drop: 3, cell: text(group), key: byText(group)},
		agState:   {title: "STATE", min: 10, flex: 1, max: 18, cell: m.agentStateCell, key: m.agentStateKey},
		agInState: {title: "IN STATE", min: 8, right: true, cell: m.agentInStateCell, key: m.agentInStateKey, desc: true},
		agPending: {title: "PENDING", min: 7, right: true, drop: 7, cell: m.agentPendingCell, key: m.agentPendingKey, desc: true},
		agCall:    {title: "CALL", min: 14, flex: 4, max: 44, drop: 6, cell: m.agentCallCell, key: byText(m.agentCallText)},
		agTalk:    {title: "TALK", min: 6, right: true, drop: 1, cell: m.agentTalkCell, key: m.agentTalkKey, desc: true},
		agHandled: {title: "HANDLED", min: 7, right: true, drop: 4, cell: count(handled), key: byCount(handled), desc: true},
		agRNA:     {title: "RNA", min: 3, right: true, drop: 2, cell: count(rna), key: byCount(rna), desc: true},
	}
	g := newGrid(&m.keys, cols, agState, agentKey, m.agentSearchText)
	g.sortDesc = false
	g.hide = func(r *agentRow) bool { return r.a.LoggedOut && !m.showLoggedOut }
	g.flag = m.agentFlag
	return g
}

// agentFlag marks an agent in wrap-up, or with a disposition pending, past
// WrapUp (what the IN STATE and PENDING cells highlight as alerts), the
// longest worst.
func (m *Model) agentFlag(r *agentRow) (int64, bool) {
	now, limit := m.agentsNow(), m.cfg.Thresholds.WrapUp
	d, ok := r.a.PendingFor(now)
	if !ok || d <= limit {
		d, ok = 0, false
	}
	if in := r.a.InState(now); r.class == api.AgentWrapUp && in > limit {
		d, ok = max(d, in), true
	}
	return d.Milliseconds(), ok
}

// agentSearchText is what the Agents filter looks in: what the row shows,
// the CALL column (caller, queue) included, with the call's uii and the
// caller's number as sent. The CALL column comes from the calls list and
// the queues feed, so it is reread when they change (grid.retext).
func (m *Model) agentSearchText(r *agentRow) string {
	parts := []string{r.name, r.user, r.group, r.state, r.a.Email}
	if uii, c := m.agentCall(r); uii != "" {
		parts = append(parts, m.agentCallText(r), clean(uii), clean(r.a.CallANI))
		if c != nil {
			parts = append(parts, c.ani)
		}
	}
	return strings.Join(parts, "\x00")
}

func (m *Model) agentStateCell(r *agentRow) (string, *paint) {
	return orDash(r.state), m.statePaints.of(r.class)
}

func (m *Model) agentStateKey(r *agentRow) (int64, string) {
	return stateRank(r.class)<<44 - min(r.a.InState(m.agentsNow()).Milliseconds(), 1<<43), strings.ToLower(r.state)
}

// agentInStateCell is the ticking time in state, highlighted past the
// thresholds: wrap-up (or a disposition pending) past WrapUp, away (an
// account's own aux states too) past Away.
func (m *Model) agentInStateCell(r *agentRow) (string, *paint) {
	if r.a.LoggedOut {
		return "–", nil
	}
	d := r.a.InState(m.agentsNow())
	th := &m.cfg.Thresholds
	switch {
	case r.class == api.AgentWrapUp && d > th.WrapUp:
		return clock(d), &m.paints.Alert
	case r.away && d > th.Away:
		return clock(d), &m.paints.Warn
	}
	return clock(d), nil
}

func (m *Model) agentInStateKey(r *agentRow) (int64, string) {
	if r.a.LoggedOut {
		return -1, ""
	}
	return r.a.InState(m.agentsNow()).Milliseconds(), ""
}

// agentPendingCell is how long a disposition has been pending, past
// WrapUp highlighted.
func (m *Model) agentPendingCell(r *agentRow) (string, *paint) {
	d, ok := r.a.PendingFor(m.agentsNow())
	switch {
	case !ok:
		return "–", nil
	case d > m.cfg.Thresholds.WrapUp:
		return clock(d), &m.paints.Alert
	}
	return clock(d), nil
}

func (m *Model) agentPendingKey(r *agentRow) (int64, string) {
	if d, ok := r.a.PendingFor(m.agentsNow()); ok {
		return d.Milliseconds(), ""
	}
	return -1, ""
}

// agentCall is the call the agent is on, as the calls list shows it (nil
// when it is not there).
func (m *Model) agentCall(r *agentRow) (uii string, call *row) {
	uii, ok := r.a.OnCall()
	if !ok {
		return "", nil
	}
	return uii, m.row(uii)
}

// agentCallText is the agent's call: the caller (from the calls list) and
// the queue (from the queues feed, else the calls list).
func (m *Model) agentCallText(r *agentRow) string {
	uii, c := m.agentCall(r)
	if uii == "" {
		return ""
	}
	queue := ""
	if q, ok := m.join.queue(r.a.GateID); ok {
		queue = clean(q.Name)
	}
	if c == nil {
		return strings.TrimSuffix("call "+shortUII(uii)+" · "+queue, " · ")
	}
	queue = firstNonEmpty(queue, c.queue)
	return strings.TrimSuffix(orDash(callerText(c.cnam, m.showPhone(c.ani)))+" · "+queue, " · ")
}

// agentCallCell and agentTalkCell are dimmed while the calls list they
// come from is not current (callsOld).
// A supervisor session on the agent's call (yours, or the team's) leads
// the CALL cell, in the ME column's paint: "MON · caller · queue".
func (m *Model) agentCallCell(r *agentRow) (string, *paint) {
	text := orDash(m.agentCallText(r))
	if uii, _ := r.a.OnCall(); uii != "" {
		if me := m.sessionsText(uii); me != "" {
			return me + " · " + text, &m.paints.Mine
		}
	}
	return text, m.callsPaint()
}

func (m *Model) agentTalkCell(r *agentRow) (string, *paint) {
	if _, c := m.agentCall(r); c != nil && !c.call.Queued() {
		return clock(c.talk(m.now)), m.callsPaint()
	}
	return "–", nil
}

func (m *Model) callsPaint() *paint {
	if m.callsOld() {
		return &m.paints.StaleRows
	}
	return nil
}

func (m *Model) agentTalkKey(r *agentRow) (int64, string) {
	if _, c := m.agentCall(r); c != nil && !c.call.Queued() {
		return c.talk(m.now).Milliseconds(), ""
	}
	return -1, ""
}

// agentTallies are the Agents view's header counts.
type agentTallies struct{ loggedIn, loggedOut, available, engaged, wrapUp, away int }

func (m *Model) tallyAgents() agentTallies {
	var t agentTallies
	for _, a := range m.agents.Rows {
		switch a.Class() {
		case api.AgentLoggedOut:
			t.loggedOut++
			continue
		case api.AgentAvailable:
			t.available++
		case api.AgentEngaged:
			t.engaged++
		case api.AgentWrapUp:
			t.wrapUp++
		}
		if a.Away() {
			t.away++
		}
		t.loggedIn++
	}
	return t
}

// agentsSummary is the Agents view's second header line: who is logged in
// and doing what, and how many logged-out roster members are hidden. The
// counts come first: on a narrow terminal the logged-out hint is shortened,
// then dropped, before any count is cut.
func (m *Model) agentsSummary() string {
	th := &m.theme
	t := m.agentTallies
	n := func(v int, what string) string { return th.Count.Render(thousands(v)) + " " + what }
	first := n(t.loggedIn, "logged in")
	if f := m.filter.Value(); f != "" {
		first = th.Warn.Render("showing " + thousands(len(m.agentsGrid.rows)) + " of " + thousands(len(m.agentsGrid.all)-m.agentsGrid.hidden))
	}
	// Free agents are always said (none free matters); the other states
	// only when someone is in them.
	rest := []string{n(t.available, "free")}
	for _, c := range []struct {
		v    int
		what string
	}{{t.engaged, "on calls"}, {t.wrapUp, "wrap-up"}, {t.away, "away"}} {
		if c.v > 0 {
			rest = append(rest, n(c.v, c.what))
		}
	}
	line := func(hint string) string {
		return " " + strings.Join(append([]string{first + hint}, rest...), "   ")
	}
	for _, hint := range m.loggedOutHints(t.loggedOut) {
		if l := line(th.Muted.Render(hint)); ansi.StringWidth(l) <= m.width {
			return l
		}
	}
	return line("")
}

// loggedOutHints say how many logged-out roster members are hidden or
// shown and which key changes it, longest first.
func (m *Model) loggedOutHints(out int) []string {
	if out == 0 {
		return nil
	}
	lo := m.keys.LoggedOut.Help().Key
	if m.showLoggedOut {
		return []string{fmt.Sprintf(" (%d logged out shown: %s hides)", out, lo), fmt.Sprintf(" (+%d out: %s)", out, lo)}
	}
	return []string{fmt.Sprintf(" (%d logged out hidden: %s shows)", out, lo), fmt.Sprintf(" (%d out: %s)", out, lo)}
}

// toggleLoggedOut shows or hides the roster members not logged in.
func (m *Model) toggleLoggedOut() {
	m.showLoggedOut = !m.showLoggedOut
	m.agentsGrid.refilter()
	if m.showLoggedOut {
		m.say(info("logged-out agents shown — " + m.keys.LoggedOut.Help().Key + " hides them"))
		return
	}
	m.say(info(fmt.Sprintf("logged-out agents hidden (%d) — %s shows them", m.agentsGrid.hidden, m.keys.LoggedOut.Help().Key)))
}

// agentDetails is the selected agent's every field, labelled.
func (m *Model) agentDetails(id string) *fieldsPane {
	return &fieldsPane{title: "Agent details — esc to close", content: func(m *Model, field func(label, value string)) bool {
		r := m.agentsGrid.find(id)
		if r == nil {
			return false
		}
		a := r.a
		field("name", r.name)
		field("username", r.user)
		field("agent id", clean(a.AgentID))
		field("email", clean(a.Email))
		field("type", clean(a.AgentType))
		field("group", strings.TrimSuffix(r.group+" ("+clean(a.AgentGroupID)+")", " ()"))
		field("state", r.state+" ("+r.class.String()+")")
		if !a.LoggedOut {
			field("in state", clock(a.InState(m.agentsNow())))
			field("logged in for", clock(a.LoginTime))
		}
		if d, ok := a.PendingFor(m.agentsNow()); ok {
			field("disposition", "pending for "+clock(d))
		}
		uii, _ := m.agentCall(r)
		field("call", m.agentCallText(r))
		field("call uii", clean(uii))
		if uii != "" {
			field("sessions", m.sessionsText(uii))
			field("caller number", m.showPhone(clean(a.CallANI)))
			field("dialled", m.showPhone(clean(a.CallDNIS)))
			talk, _ := m.agentTalkCell(r)
			field("talk", strings.Trim(talk, "–"))
			field("source", clean(firstNonEmpty(a.CallSourceDesc, a.CallSource)))
		}
		field("queue id", clean(a.GateID))
		field("campaign id", clean(a.CampaignID))
		field("calls handled", strconv.Itoa(a.CallsHandled))
		field("rang, not answered", strconv.Itoa(a.RNA))
		field("talk time (session)", clock(a.TotalTalkTime))
		field("phone", clean(a.AgentPhone))
		field("profile", clean(a.ProfileName))
		field("login id", clean(a.AgentLoginID))
		field("off hook", yesNo(a.Offhook))
		field("ghost login", yesNo(a.GhostLogin))
		if !a.LastUpdate.IsZero() {
			field("last update", stamp(a.LastUpdate, m.now))
		}
		return true
	}}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
