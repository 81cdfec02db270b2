package ui

import (
	tea "charm.land/bubbletea/v2"

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
