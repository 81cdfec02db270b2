package ui

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

// A list read whose answer was lost on the way back (cut short, too large,
// a gateway's 502/503/504) is worded on the calls, agents and queues status
// from how it was lost — never the raw error's last clause: "sent;" means
// nothing for a read, and a cause holding ": " ("answer larger than 32
// MiB: refused") lost all but its last word.
func TestALostListAnswerIsWordedOnEveryFeedsStatus(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	agents, queues := b.feeds()

	b.sim.SetFaults(sim.Faults{Truncated: 1})
	_, _, cut := b.client.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: account})
	var lost *api.AnswerLostError
	require.ErrorAs(t, cut, &lost, "the simulator's cut-short list is an answer lost")

	for _, c := range []struct {
		err  error
		want string
	}{
		{cut, "RingCX's answer was lost (answer cut short)"},
		{&api.AnswerLostError{Method: "GET", Path: "/x", Cause: "answer larger than 32 MiB: refused"}, "RingCX's answer was lost (answer larger than 32 MiB: refused)"},
		{&api.AnswerLostError{Method: "GET", Path: "/x", StatusCode: 504, Cause: "504 Gateway Timeout"}, "no answer from RingCX: a gateway said 504 Gateway Timeout"},
	} {
		st := poller.Status{State: poller.StateStale, Err: c.err, Attempt: 1, NextTry: b.clock.Now().Add(5 * time.Second)}
		b.snapshot(b.last, st)
		b.sendAgents(agents, st)
		b.sendQueues(queues, st)
		for _, view := range []string{"1", "2", "3"} {
			b.press(view)
			line := b.screenLine(0)
			require.Contains(t, line, c.want, "view %s: %v", view, c.err)
			require.NotContains(t, line, "sent;", "view %s", view)
		}
		b.press("1")
	}
}
