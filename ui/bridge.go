package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// SnapshotMsg carries a poller snapshot into the Elm loop.
type SnapshotMsg struct{ poller.Snapshot }

// PollerStoppedMsg says the subscription closed: the poller has stopped.
type PollerStoppedMsg struct{}

// WaitForSnapshot is the realtime bridge: a command that blocks on the
// subscription until the next snapshot arrives and returns it as a message.
// The model re-arms it after each SnapshotMsg, so exactly one such command
// is ever waiting — no goroutine per frame, no polling from the UI.
func WaitForSnapshot(sub *poller.Subscription) tea.Cmd {
	return func() tea.Msg {
		s, ok := <-sub.C()
		if !ok {
			return PollerStoppedMsg{}
		}
		return SnapshotMsg{s}
	}
}

// AgentsMsg and QueuesMsg carry the agents and queues feeds' rows into the
// Elm loop; FeedStoppedMsg says one of their subscriptions closed.
type (
	AgentsMsg      struct{ poller.Rows[api.Agent] }
	QueuesMsg      struct{ poller.Rows[api.Queue] }
	FeedStoppedMsg struct{ View ViewID }
)

// WaitForAgents and WaitForQueues bridge a feed's subscription as
// WaitForSnapshot does the calls poller's: one command waiting at a time,
// re-armed after each message.
func WaitForAgents(sub *AgentsSub) tea.Cmd {
	return waitForRows(sub, ViewAgents, func(r poller.Rows[api.Agent]) tea.Msg { return AgentsMsg{r} })
}

// WaitForQueues: see WaitForAgents.
func WaitForQueues(sub *QueuesSub) tea.Cmd {
	return waitForRows(sub, ViewQueues, func(r poller.Rows[api.Queue]) tea.Msg { return QueuesMsg{r} })
}

// waitForRows waits for a feed's next rows, wrapped as its message, or
// says view v's feed stopped when the subscription closes.
func waitForRows[T any](sub *poller.Sub[poller.Rows[T]], v ViewID, wrap func(poller.Rows[T]) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		r, ok := <-sub.C()
		if !ok {
			return FeedStoppedMsg{View: v}
		}
		return wrap(r)
	}
}
