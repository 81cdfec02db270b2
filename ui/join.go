package ui

import (
	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// callJoin links calls to what the other feeds say about them: the agent
// on each call (realTimeData/agent's callUii) and each queue's name by
// gate id (realTimeData/inbound). The Active Calls list has neither id, so
// this is the only join (supervisor-data.md, [guess]); where it fails the
// board shows what the call list itself says.
type callJoin struct {
	agentByUII map[string]api.Agent
	queueByID  map[string]api.Queue
	// gen counts the feeds' updates, so a row knows whether what it took
	// from the join is current (row.joinGen); 0 is "no feed yet".
	gen uint64
}

// agent is the agent on the call, when the agents feed names one.
func (j *callJoin) agent(uii string) (api.Agent, bool) {
	a, ok := j.agentByUII[uii]
	return a, ok
}

// queue is the queue (gate) with that id, when the queues feed has it.
func (j *callJoin) queue(gateID string) (api.Queue, bool) {
	if gateID == "" {
		return api.Queue{}, false
	}
	q, ok := j.queueByID[gateID]
	return q, ok
}

// onAgents takes the agents feed's newest rows.
func (m *Model) onAgents(r poller.Rows[api.Agent]) {
	m.agents, m.haveAgents = r, true
	m.join.agentByUII = api.AgentsByCall(r.Rows)
	m.rejoinAll()
}

// onQueues takes the queues feed's newest rows.
func (m *Model) onQueues(r poller.Rows[api.Queue]) {
	m.queues, m.haveQueues = r, true
	byID := make(map[string]api.Queue, len(r.Rows))
	for _, q := range r.Rows {
		if q.GateID != "" {
			byID[q.GateID] = q
		}
	}
	m.join.queueByID = byID
	m.rejoinAll()
}

// rejoinAll brings every row, ghosts too, up to a changed join, and
// reorders or refilters only when what changed can move a row: sorted by
// queue (a joined name is sorted by), or filtered (a username matches).
func (m *Model) rejoinAll() {
	m.join.gen++
	changed := m.rejoin(m.all)
	for _, g := range m.ghosts {
		changed = m.rejoinRow(g) || changed
	}
	switch {
	case !changed:
	case m.sortBy == sortQueue:
		m.resort()
	case m.filter.Value() != "":
		m.refilter()
	}
}

// rejoin brings rows up to the join: new or changed calls take the agent
// and queue the feeds last named. It reports whether any row's text
// changed.
func (m *Model) rejoin(rows []*row) bool {
	changed := false
	for _, r := range rows {
		changed = m.rejoinRow(r) || changed
	}
	return changed
}

// rejoinRow reads the agent on the row's call (its username) and, where
// the call list names no queue, the queue that agent's call came through.
func (m *Model) rejoinRow(r *row) bool {
	if r.joinGen == m.join.gen {
		return false
	}
	r.joinGen = m.join.gen
	user, queue, gate := "", r.listQueue, ""
	if a, ok := m.join.agent(r.call.UII); ok {
		user = clean(a.Username)
		if q, ok := m.join.queue(a.GateID); ok {
			gate = clean(q.Name)
		}
		if queue == "" {
			queue = gate
		}
	}
	if user == r.username && queue == r.queue && gate == r.gateName {
		return false
	}
	r.username, r.queue, r.gateName = user, queue, gate
	r.index()
	return true
}

// usernamesKnown says the agents feed names an agent on some call: the
// calls table then has a USERNAME column to show.
func (m *Model) usernamesKnown() bool { return len(m.join.agentByUII) > 0 }
