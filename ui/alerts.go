package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// alertKind is which threshold an alert is about.
type alertKind uint8

const (
	alertNobody  alertKind = iota // a queue with callers waiting and nobody available
	alertWait                     // a queue's longest wait over QueueWait
	alertPending                  // an agent's disposition pending past WrapUp
	numAlertKinds
)

// alertKey names one crossing: its kind and what crossed (a queue's gate
// id and name, an agent's id and username). A struct rather than a joined
// string, so that checking does not build a key per row per tick.
type alertKey struct {
	kind     alertKind
	id, name string
}

// alertState is which thresholds are crossed now. An alert is told when a
// crossing appears and re-armed when it clears, so one crossing is told
// once however long it lasts. cur and next are swapped each check; banner
// is what the alert line says of the crossings that hold now, worded per
// check (a few short strings while anything is crossed, none otherwise).
type alertState struct {
	cur, next map[alertKey]bool
	banner    []string
	// rang is when the bell last rang: it rings at most once per bellEvery.
	rang time.Time
}

// bell is the terminal bell, written through the program (tea.Raw) so it
// never lands in the middle of a frame.
const bell = "\a"

// bellEvery is the least time between two bells: a burst of crossings, or
// crossings one after another, ring once.
const bellEvery = 10 * time.Second

// alertGroup gathers one kind's crossings in a check: how many, and the
// first of them (worded when it is the only one).
type alertGroup struct {
	n  int
	at alertSubject
}

// alertSubject is what crossed: a queue or an agent of the lists on the
// board, for the alert's words. A value, not a closure over the row, so a
// check allocates nothing for the rows past their thresholds (it runs
// every second).
type alertSubject struct {
	queue *api.Queue
	agent *api.Agent
}

// alertText words the alert of kind about s.
func (m *Model) alertText(kind alertKind, s alertSubject) string {
	th := &m.cfg.Thresholds
	switch kind {
	case alertNobody:
		q := s.queue
		return fmt.Sprintf("%s: %d %s waiting and nobody available", orDash(clean(q.Name)), q.InQueue, plural(q.InQueue, "caller", "callers"))
	case alertWait:
		q := s.queue
		return fmt.Sprintf("%s: a caller has waited %s (over %s)", orDash(clean(q.Name)), clock(q.LongestWait(m.now)), clock(th.QueueWait))
	default:
		ag := s.agent
		d, _ := ag.PendingFor(m.now)
		return fmt.Sprintf("%s has had a disposition pending for %s (over %s)", orDash(clean(ag.Name())), clock(d), clock(th.WrapUp))
	}
}

// checkAlerts looks for crossings on each feed update and each tick: a
// queue's longest wait over QueueWait, a queue with callers waiting and
// nobody available, an agent with a disposition pending past WrapUp.
//
// Only a live feed's rows are judged: a stale, refused or stopped feed's
// times go on counting from when they were read, and a paused screen is
// not looking, so their crossings are neither told nor cleared (nothing
// re-arms when the feed comes back) and the alert line leaves them out.
//
// Each new crossing is kept in the messages pane; the alert line, of its
// own above the table, groups those that hold now and is gone when none
// does. With Thresholds.Bell the terminal bell rings for new ones, at most
// once per bellEvery.
func (m *Model) checkAlerts() tea.Cmd {
	a := &m.alerts
	if a.cur == nil {
		a.cur, a.next = map[alertKey]bool{}, map[alertKey]bool{}
	}
	clear(a.next)
	hadBanner := len(a.banner) > 0
	a.banner = a.banner[:0]
	var groups [numAlertKinds]alertGroup
	raised := false
	raise := func(k alertKey, at alertSubject) {
		a.next[k] = true
		g := &groups[k.kind]
		if g.n++; g.n == 1 {
			g.at = at
		}
		if !a.cur[k] {
			m.keep(notice(m.alertText(k.kind, at)))
			raised = true
		}
	}
	if m.feedLive(ViewQueues) {
		m.queueCrossings(raise)
	} else {
		a.carry(alertNobody, alertWait)
	}
	if m.feedLive(ViewAgents) {
		m.agentCrossings(raise)
	} else {
		a.carry(alertPending)
	}
	a.cur, a.next = a.next, a.cur
	m.wordBanner(&groups)
	if hadBanner != (len(a.banner) > 0) {
		m.sizeGrids() // the alert line takes a table row, or gives it back
		m.ensureVisible()
	}
	th := &m.cfg.Thresholds
	if raised && th.Bell && (a.rang.IsZero() || m.now.Sub(a.rang) >= bellEvery) {
		a.rang = m.now
		return tea.Raw(bell)
	}
	return nil
}

// carry keeps the crossings of these kinds as they are, unjudged.
func (a *alertState) carry(kinds ...alertKind) {
	for k := range a.cur {
		for _, kind := range kinds {
			if k.kind == kind {
				a.next[k] = true
			}
		}
	}
}

// feedLive reports whether view v's feed rows may be judged now: the
// latest attempt succeeded, the rows are not overdue (a hung refresh says
// nothing, and the rows' times would go on counting from when they were
// read), and this screen is not paused.
func (m *Model) feedLive(v ViewID) bool {
	if m.frozen || m.feedStopped[v] {
		return false
	}
	switch v {
	case ViewAgents:
		return m.haveAgents && current(&m.agents, m.now)
	case ViewQueues:
		return m.haveQueues && current(&m.queues, m.now)
	}
	return false
}

// current reports whether a feed's rows are what the feed says now: read,
// the latest attempt succeeded and they are not overdue at now.
func current[T any](r *poller.Rows[T], now time.Time) bool {
	return r.Known() && r.Status.State == poller.StateLive && !r.Overdue(now)
}

func (m *Model) queueCrossings(raise func(alertKey, alertSubject)) {
	th := &m.cfg.Thresholds
	for i := range m.queues.Rows {
		q := &m.queues.Rows[i]
		if q.NobodyAvailable() {
			raise(alertKey{alertNobody, q.GateID, q.Name}, alertSubject{queue: q})
		}
		if d := q.LongestWait(m.now); d > th.QueueWait {
			raise(alertKey{alertWait, q.GateID, q.Name}, alertSubject{queue: q})
		}
	}
}

func (m *Model) agentCrossings(raise func(alertKey, alertSubject)) {
	th := &m.cfg.Thresholds
	for _, i := range m.pendingAgents {
		ag := &m.agents.Rows[i]
		if d, ok := ag.PendingFor(m.now); ok && d > th.WrapUp {
			raise(alertKey{alertPending, ag.AgentID, ag.Username}, alertSubject{agent: ag})
		}
	}
}

// wordBanner words the alert line: a kind with one crossing names it, a
// burst is counted ("5 agents pending disposition over 0:20").
func (m *Model) wordBanner(groups *[numAlertKinds]alertGroup) {
	if groups[alertNobody].n+groups[alertWait].n+groups[alertPending].n == 0 {
		return
	}
	th := &m.cfg.Thresholds
	many := [numAlertKinds]func(n int) string{
		alertNobody: func(n int) string { return fmt.Sprintf("%d queues with callers waiting and nobody available", n) },
		alertWait: func(n int) string {
			return fmt.Sprintf("%d queues with a caller waiting over %s", n, clock(th.QueueWait))
		},
		alertPending: func(n int) string {
			return fmt.Sprintf("%d agents pending disposition over %s", n, clock(th.WrapUp))
		},
	}
	for k := range numAlertKinds {
		switch g := groups[k]; {
		case g.n == 1:
			m.alerts.banner = append(m.alerts.banner, m.alertText(k, g.at))
		case g.n > 1:
			m.alerts.banner = append(m.alerts.banner, many[k](g.n))
		}
	}
}

// bannerLines is how many lines the alert line takes: one while a
// crossing holds, else none.
func (m *Model) bannerLines() int {
	if len(m.alerts.banner) > 0 {
		return 1
	}
	return 0
}

// alertLine draws the alert line, cut to the width with a pointer to the
// messages pane, which keeps each alert whole.
func (m *Model) alertLine() string {
	return m.footerText("● "+strings.Join(m.alerts.banner, " · "), m.theme.Alert)
}
