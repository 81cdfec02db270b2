package ui

import (
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
)

// TeamChangedMsg carries a new version of the shared call state.
type TeamChangedMsg struct{ team.State }

// waitForTeam is the bridge from the team store to the Elm loop, like
// WaitForSnapshot: one command waits for the next change at a time, and
// none once the subscription is closed.
func (m *Model) waitForTeam() tea.Cmd {
	sub, store := m.teamSub, m.cfg.Team
	return func() tea.Msg {
		if _, ok := <-sub.C(); !ok {
			return nil
		}
		return TeamChangedMsg{store.State()}
	}
}

// applyTeam takes a version of the shared state (an older one than shown
// is ignored), and tells the person about their sessions that ended with
// their calls — once each, even across states this board skipped.
func (m *Model) applyTeam(st team.State) {
	if st.Seq < m.team.Seq {
		return
	}
	m.team = st
	var told []string
	for _, e := range st.Ended {
		if e.Seq <= m.endedSeen {
			continue
		}
		m.endedSeen = e.Seq
		m.record(e.UII, HistoryEntry{At: m.now, Action: "session ended with the call", Result: sessionLabel(e.Type) + " " + e.Operator, OK: true, Event: true})
		if e.Operator != m.cfg.Operator {
			continue
		}
		if r := m.row(e.UII); r != nil {
			told = append(told, "call ended: "+m.labelOf(r)+" — your "+sessionName(e.Type)+" session ended with it")
		} else {
			told = append(told, "your "+sessionName(e.Type)+" session on call "+shortUII(e.UII)+" is over: the call is no longer active")
		}
	}
	if len(told) > 0 {
		slices.Sort(told)
		text := strings.Join(told, "; ")
		m.say(notice(strings.ToUpper(text[:1]) + text[1:]))
	}
}

// reconcileOwnTeam keeps a board's own store (no service) true to the
// lists it is given, as the service does for its boards: only a list of
// the whole account can say a call has ended. live is the snapshot's
// calls by uii (the rows built for it).
func (m *Model) reconcileOwnTeam(s poller.Snapshot, live map[string]*row) {
	if !m.ownsTeam || s.FetchedAt.IsZero() || s.Scope.Product != api.ProductAccount || s.Scope.ExternalID != "" {
		return
	}
	if len(m.cfg.Team.Reconcile(func(uii string) bool { _, ok := live[uii]; return ok })) > 0 {
		m.applyTeam(m.cfg.Team.State())
	}
}

// mine is this board's person's session on a call.
func (m *Model) mine(uii string) (team.Session, bool) { return m.team.Mine(uii, m.cfg.Operator) }

// others are the other supervisors' sessions on a call.
func (m *Model) others(uii string) []team.Session { return m.team.Others(uii, m.cfg.Operator) }

// anyMine reports whether this board's person has a session anywhere.
func (m *Model) anyMine() bool {
	for uii := range m.team.Sessions {
		if _, ok := m.mine(uii); ok {
			return true
		}
	}
	return len(m.starting) > 0
}

// anyOthers reports whether another supervisor has a session anywhere.
func (m *Model) anyOthers() bool {
	for uii := range m.team.Sessions {
		if len(m.others(uii)) > 0 {
			return true
		}
	}
	return false
}

// sessionsText is the ME cell: your session's mode (MON, COACH?…), then
// who else is on the call (MON Ana, +2 when several).
func (m *Model) sessionsText(uii string) string {
	var parts []string
	if s, ok := m.mine(uii); ok {
		parts = append(parts, sessionTag(s))
	}
	others := m.others(uii)
	if len(others) > 0 {
		o := others[0]
		parts = append(parts, sessionTag(o)+" "+clean(o.Operator))
		if len(others) > 1 {
			parts = append(parts, "+"+strconv.Itoa(len(others)-1))
		}
	}
	return strings.Join(parts, " ")
}

// sessionTag is a session's mode as the ME column shows it, with a question
// mark while it may not exist.
func sessionTag(s team.Session) string {
	if s.Uncertain {
		return sessionLabel(s.Type) + "?"
	}
	return sessionLabel(s.Type)
}

// onCall says what a supervisor is doing on a call, by mode.
var onCall = map[api.SessionType]string{api.SessionMonitor: "monitoring", api.SessionCoaching: "coaching", api.SessionBargeIn: "barged in on"}

// othersOn names who else is on a call and how, for messages: "Ana is
// monitoring", "Ana is monitoring and Raj is coaching" (this call).
func (m *Model) othersOn(uii string) string {
	var who []string
	for _, o := range m.others(uii) {
		who = append(who, clean(o.Operator)+" is "+onCall[o.Type])
	}
	return strings.Join(who, " and ")
}

// viewersText says how many boards the service serves, when others watch
// too.
func (m *Model) viewersText() string {
	if m.team.Viewers <= 1 {
		return ""
	}
	return " · " + strconv.Itoa(m.team.Viewers) + " watching"
}
