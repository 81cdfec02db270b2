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
	// gen counts the feeds' updates, so a rebuild knows whether the rows
	// shown were read against this join (Model.joinBuilt); 0 is "no feed
	// yet".
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
	m.pendingAgents = m.pendingAgents[:0]
	for i := range r.Rows {
		if r.Rows[i].PendingDisposition {
			m.pendingAgents = append(m.pendingAgents, i)
		}
	}
	byCall := api.AgentsByCall(r.Rows)
	same := sameJoin(m.join.agentByUII, byCall, func(a, b api.Agent) bool { return a.Username == b.Username && a.GateID == b.GateID })
	m.join.agentByUII = byCall
	if !same {
		m.rejoinAll()
	}
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
	same := sameJoin(m.join.queueByID, byID, func(a, b api.Queue) bool { return a.Name == b.Name })
	m.join.queueByID = byID
	if !same {
		m.rejoinAll()
	}
}

// sameJoin reports whether a feed's new map joins every call as the old
// one did (eq compares what joined reads): then no row can change, and
// the calls table is not rebuilt — at 100,000 calls that is a rebuild
// saved on most feed refreshes, where only agents' states move.
func sameJoin[T any](a, b map[string]T, eq func(a, b T) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		if y, ok := b[k]; !ok || !eq(x, y) {
			return false
		}
	}
	return true
}

// rejoinAll brings every row, ghosts too, up to a changed join: the
// rebuild reads them all against it and reorders only when what changed
// can move a row (sorted by queue, a joined name is sorted by).
func (m *Model) rejoinAll() {
	m.join.gen++
	m.rebuild(false)
}

// joined is what the join says of a call: the username of the agent on
// it, the queue it shows (the list's own, else the queue that agent's
// call came through) and that queue's name by gate id.
func (j *callJoin) joined(r *row) (user, queue, gate string) {
	queue = r.listQueue
	if a, ok := j.agent(r.call.UII); ok {
		user = clean(a.Username)
		if q, ok := j.queue(a.GateID); ok {
			gate = clean(q.Name)
		}
		if queue == "" {
			queue = gate
		}
	}
	return user, queue, gate
}

// apply brings a row nobody else holds yet up to the join, in place.
func (j *callJoin) apply(r *row) {
	user, queue, gate := j.joined(r)
	if user == r.username && queue == r.queue && gate == r.gateName {
		return
	}
	r.username, r.queue, r.gateName = user, queue, gate
	r.index()
}

// rejoined is the row brought up to the join: the row itself when the join
// changes nothing in it, else a copy (rows on screen are never written
// while a build may read them).
func (j *callJoin) rejoined(r *row) *row {
	user, queue, gate := j.joined(r)
	if user == r.username && queue == r.queue && gate == r.gateName {
		return r
	}
	nr := *r
	nr.username, nr.queue, nr.gateName = user, queue, gate
	nr.index()
	return &nr
}

// usernamesKnown says the agents feed names an agent on some call: the
// calls table then has a USERNAME column to show.
func (m *Model) usernamesKnown() bool { return len(m.join.agentByUII) > 0 }
