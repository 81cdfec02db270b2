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
}
