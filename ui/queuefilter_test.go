package ui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

// TestEnterOnAQueueShowsThatQueueOnly: enter on a queue shows the calls
// of that queue — by the call list's exact queue name, or through the
// agent's gate where the list names none — and not a call of a queue
// whose name merely contains it, nor one whose caller's name does.
func TestEnterOnAQueueShowsThatQueueOnly(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	agents, queues := b.feeds()
	gates := map[string]api.Queue{}
	for _, q := range queues {
		gates[q.GateID] = q
	}
	// viaGate is a listed call whose agent took it through a queue's gate.
	calls := append([]api.ActiveCall(nil), b.last...)
	index := map[string]int{}
	for i, c := range calls {
		index[c.UII] = i
	}
	viaGate, q := -1, api.Queue{}
	for _, a := range agents {
		if uii, on := a.OnCall(); on && gates[a.GateID].Name != "" {
			if i, listed := index[uii]; listed {
				viaGate, q = i, gates[a.GateID]
				break
			}
		}
	}
	require.NotEqual(t, -1, viaGate, "the simulator has an agent on a listed call through a queue")
	var inQ, lookalike, namesake []string
	for i := range calls {
		c := &calls[i]
		switch {
		case i == viaGate:
			c.DestinationName = "" // the list does not say: the join does
			inQ = append(inQ, c.UII)
		case c.DestinationName == q.Name:
			inQ = append(inQ, c.UII)
		case len(lookalike) == 0:
			c.DestinationName = q.Name + " EMEA"
			lookalike = append(lookalike, c.UII)
		case len(namesake) == 0:
			c.CNAM = q.Name + " Dept"
			namesake = append(namesake, c.UII)
		}
	}
	b.snapshot(calls, b.liveStatus())

	b.press("3")
	b.selectQueue(q.GateID)
	b.press("enter")
	require.Equal(t, ViewCalls, b.m.view)
	var shown []string
	for _, r := range b.m.rows {
		shown = append(shown, r.call.UII)
	}
	assert.ElementsMatch(t, inQ, shown, "the queue's calls, and only those")
	assert.Contains(t, b.m.toast.text, "calls in queue "+clean(q.Name))
	b.send(tickMsg{at: b.clock.Now()})
	b.clock.Advance(toastLife[b.m.toast.kind] + time.Second)
	b.send(tickMsg{at: b.clock.Now()}) // the toast is gone: the filter line shows
	assert.Contains(t, b.screen(), `filter: queue:"`+clean(q.Name)+`"`, "the filter line says it is a queue's calls")

	b.press("esc")
	assert.Len(t, b.m.rows, len(calls), "esc clears it")
}

func TestEnterOnAQueueWithoutANameIsRefused(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	_, queues := b.feeds()
	queues[0].Name = ""
	b.sendQueues(queues, b.liveStatus())
	b.press("3")
	b.selectQueue(queues[0].GateID)
	b.press("enter")
	assert.Equal(t, ViewQueues, b.m.view, "no Calls view of every call")
	assert.Empty(t, b.m.filters[ViewCalls])
	assert.Contains(t, b.m.toast.text, "has no name")
}

func TestQueueTermRoundTrips(t *testing.T) {
	for _, name := range []string{"Sales", `Sales "EMEA" \ North`, "Soporte técnico", ""} {
		got, rest, ok := splitQueueTerm(queueTerm(name) + " smith")
		require.True(t, ok, name)
		assert.Equal(t, name, got)
		assert.Equal(t, " smith", rest)
	}
	_, _, ok := splitQueueTerm(`queue:"Sal`)
	assert.False(t, ok, "a term still being typed is text")
}
