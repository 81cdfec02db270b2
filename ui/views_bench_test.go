package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

var benchStates = []string{"ON_CALL", "AVAILABLE", "WRAP_UP", "LUNCH", "Coffee", "AWAY"}

// syntheticAgents are n agents, one in three on one of the calls.
func syntheticAgents(n int, calls []api.ActiveCall, now time.Time) []api.Agent {
	agents := make([]api.Agent, n)
	for i := range agents {
		a := api.Agent{
			AgentID: fmt.Sprint(100000 + i), FirstName: benchNames[i%len(benchNames)], LastName: fmt.Sprint(i),
			Username: fmt.Sprintf("agent%d@northwind.example", i), AgentGroupName: "Floor " + string(rune('A'+i%4)),
			State: benchStates[i%len(benchStates)], StateTime: time.Duration(i%900) * time.Second,
			CallsHandled: i % 40, RNA: i % 3, AsOf: now,
		}
		if a.State == "WRAP_UP" {
			a.PendingDisposition, a.PendingDispositionTime = true, time.Duration(i%300)*time.Second
		}
		if i%3 == 0 && i/3 < len(calls) {
			a.State, a.CallUII, a.GateID = "ON_CALL", calls[i/3].UII, fmt.Sprint(i%200)
		}
		if i%10 == 9 {
			a = api.Agent{AgentID: a.AgentID, FirstName: a.FirstName, Username: a.Username, LoggedOut: true}
		}
		agents[i] = a
	}
	return agents
}

func syntheticQueues(n int, now time.Time) []api.Queue {
	queues := make([]api.Queue, n)
	for i := range queues {
		queues[i] = api.Queue{
			GateID: fmt.Sprint(i), Name: fmt.Sprintf("Queue %d %s", i, benchNames[i%len(benchNames)]), GroupName: "Northwind",
			State: "OPEN", InQueue: i % 5, Active: i % 9, Routing: i % 2, LongestInQueue: time.Duration(i%120) * time.Second,
			Staffed: 10, Available: i % 4, Presented: 300 + i, Accepted: 280 + i, Abandoned: 20, SLAPass: 200 + i, SLAFail: 80,
			TotalAnswerTime: time.Duration(280+i) * 20 * time.Second, AsOf: now,
		}
	}
	return queues
}

// BenchmarkViewAgentsQueues draws the Agents view at 1,000 agents and the
// Queues view at 200 queues, 120×50, beside 1,000 calls. Target: ≤ 1 ms.
func BenchmarkViewAgentsQueues(b *testing.B) {
	for _, view := range []struct {
		name string
		key  string
	}{{"agents=1000", "2"}, {"queues=200", "3"}} {
		b.Run(view.name, func(b *testing.B) {
			m := benchModel(b, 1000)
			now := m.now
			m.Update(AgentsMsg{poller.Rows[api.Agent]{Seq: 1, Rows: syntheticAgents(1000, m.snap.Calls, now), FetchedAt: now, Status: poller.Status{State: poller.StateLive}}})
			m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 2, Rows: syntheticQueues(200, now), FetchedAt: now, Status: poller.Status{State: poller.StateLive}}})
			m.Update(keyMsg(view.key))
			m.Update(keyMsg("L")) // logged-out agents shown too
			for range 40 {
				m.Update(keyMsg("j"))
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkAgentsUpdate is the per-poll cost of a new agents list: rows
// cleaned, sorted, filtered, tallied and checked for alerts.
func BenchmarkAgentsUpdate(b *testing.B) {
	m := benchModel(b, 1000)
	now := m.now
	lists := [2][]api.Agent{syntheticAgents(1000, m.snap.Calls, now), syntheticAgents(1000, m.snap.Calls, now.Add(time.Second))}
	m.Update(tea.KeyPressMsg{Code: '2', Text: "2"})
	b.ReportAllocs()
	seq := uint64(0)
	for b.Loop() {
		seq++
		m.Update(AgentsMsg{poller.Rows[api.Agent]{Seq: seq, Rows: lists[seq%2], FetchedAt: now, Status: poller.Status{State: poller.StateLive}}})
	}
}

// BenchmarkTick is the once-a-second Update of an idle board: 1,000 calls,
// 1,000 agents and 200 queues, the timers ticking and the alerts checked.
func BenchmarkTick(b *testing.B) {
	m := benchModel(b, 1000)
	now := m.now
	m.Update(AgentsMsg{poller.Rows[api.Agent]{Seq: 1, Rows: syntheticAgents(1000, m.snap.Calls, now), FetchedAt: now, Status: poller.Status{State: poller.StateLive}}})
	m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 2, Rows: syntheticQueues(200, now), FetchedAt: now, Status: poller.Status{State: poller.StateLive}}})
	b.ReportAllocs()
	for b.Loop() {
		m.Update(tickMsg{at: now})
	}
}
