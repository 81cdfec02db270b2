package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// alertState is which thresholds are crossed now, by what crossed them
// ("wait:<gate id>"). An alert is raised when a crossing appears and
// re-armed when it clears, so one crossing is told once however long it
// lasts. cur and next are swapped each check, so checking allocates
// nothing once the maps have grown.
type alertState struct{ cur, next map[string]bool }

// bell is the terminal bell, written through the program (tea.Raw) so it
// never lands in the middle of a frame.
const bell = "\a"

// checkAlerts looks for crossings on each feed update and each tick: a
// queue's longest wait over QueueWait, a queue with callers waiting and
// nobody available, an agent with a disposition pending past WrapUp. Each
// new one is a banner on whatever view is showing (the messages pane keeps
// it); with Thresholds.Bell, the terminal bell rings once for them.
func (m *Model) checkAlerts() tea.Cmd {
	a := &m.alerts
	if a.cur == nil {
		a.cur, a.next = map[string]bool{}, map[string]bool{}
	}
	clear(a.next)
	raised := false
	// The text is worded only for a new crossing: most ticks find none.
	raise := func(id string, text func() string) {
		a.next[id] = true
		if !a.cur[id] {
			m.say(notice(text()))
			raised = true
		}
	}
	th := &m.cfg.Thresholds
	if m.haveQueues && m.queues.Known() {
		for i := range m.queues.Rows {
			q := &m.queues.Rows[i]
			if q.NobodyAvailable() {
				raise("nobody:"+q.GateID+q.Name, func() string {
					return fmt.Sprintf("%s: %d %s waiting and nobody available", orDash(clean(q.Name)), q.InQueue, plural(q.InQueue, "caller", "callers"))
				})
			}
			if d := q.LongestWait(m.now); d > th.QueueWait {
				raise("wait:"+q.GateID+q.Name, func() string {
					return fmt.Sprintf("%s: a caller has waited %s (over %s)", orDash(clean(q.Name)), clock(d), clock(th.QueueWait))
				})
			}
		}
	}
	if m.haveAgents && m.agents.Known() {
		for i := range m.agents.Rows {
			ag := &m.agents.Rows[i]
			if d, ok := ag.PendingFor(m.now); ok && d > th.WrapUp {
				raise("pending:"+ag.AgentID+ag.Username, func() string {
					return fmt.Sprintf("%s has had a disposition pending for %s (over %s)", orDash(clean(ag.Name())), clock(d), clock(th.WrapUp))
				})
			}
		}
	}
	a.cur, a.next = a.next, a.cur
	if raised && th.Bell {
		return tea.Raw(bell)
	}
	return nil
}
