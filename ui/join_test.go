package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// sendFeeds reads the simulator's real-time agents and queues, as the
// service's feeds would, and hands them to the board.
func (b *board) sendFeeds() ([]api.Agent, []api.Queue) {
	b.t.Helper()
	ctx := context.Background()
	agents, err := b.client.RealTimeAgents(ctx)
	require.NoError(b.t, err)
	queues, err := b.client.RealTimeQueues(ctx)
	require.NoError(b.t, err)
	live := poller.Status{State: poller.StateLive, NextTry: b.clock.Now().Add(5 * time.Second)}
	b.send(AgentsMsg{poller.Rows[api.Agent]{Seq: 1, Feed: "agents", Rows: agents, FetchedAt: b.clock.Now(), Status: live}})
	b.send(QueuesMsg{poller.Rows[api.Queue]{Seq: 1, Feed: "queues", Rows: queues, FetchedAt: b.clock.Now(), Status: live}})
	return agents, queues
}

// agentOnCall is the agent the simulator's feed names on the call.
func agentOnCall(t *testing.T, agents []api.Agent, uii string) api.Agent {
	t.Helper()
	a, ok := api.AgentsByCall(agents)[uii]
	require.True(t, ok, "the agents feed names nobody on %s", uii)
	return a
}

func TestCallsTableShowsTheJoinedUsername(t *testing.T) {
	b := newBoard(t)
	b.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	b.refresh()
	uii := b.answered(1)[0]
	assert.NotContains(t, b.screen(), "USERNAME", "no agents feed: no column to show")

	agents, _ := b.sendFeeds()
	a := agentOnCall(t, agents, uii)
	require.NotEmpty(t, a.Username)
	assert.Contains(t, b.screen(), "USERNAME")
	assert.Contains(t, b.rowOf(uii), a.Username, "the row names the agent's username beside their name")
	assert.Contains(t, b.rowOf(uii), strings.TrimSpace(a.FirstName))

	// Queued calls have no agent: a dash, not someone else's name.
	for _, c := range b.sim.Calls(account) {
		if c.DequeueTime == nil {
			assert.NotContains(t, b.rowOf(c.UII), "@", "a queued call shows no username")
		}
	}
}

func TestCallsFilterMatchesTheJoinedUsername(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	uii := b.answered(1)[0]
	agents, _ := b.sendFeeds()
	user := agentOnCall(t, agents, uii).Username
	// The username's local part: the call list itself never carries it.
	word := strings.SplitN(user, "@", 2)[0]
	require.NotContains(t, strings.ToLower(b.rowOf(uii)[:40]), strings.ToLower(word), "the word must be the username's, not the agent's name")

	b.press("/")
	b.typeText(word)
	b.press("enter")
	assert.Equal(t, 1, b.m.shownLive, "only the call of %s", user)
	assert.NotEmpty(t, b.rowOf(uii))
}

func TestCallsTableTakesTheJoinedQueueWhereTheListHasNone(t *testing.T) {
	b := newBoard(t)
	b.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	calls, _, err := b.client.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: account})
	require.NoError(t, err)
	agents, queues := b.sendFeeds()
	// A call the list sends without its queue's name, as the spec allows
	// for any field: the agents feed still says which gate it came
	// through.
	var uii, want string
	byID := map[string]string{}
	for _, q := range queues {
		byID[q.GateID] = q.Name
	}
	for i, c := range calls {
		if a, ok := api.AgentsByCall(agents)[c.UII]; ok && byID[a.GateID] != "" {
			uii, want = c.UII, byID[a.GateID]
			calls[i].DestinationName = ""
			break
		}
	}
	require.NotEmpty(t, uii, "the simulator has an inbound call with an agent")
	b.snapshot(calls, poller.Status{State: poller.StateLive})
	assert.Contains(t, b.rowOf(uii), want, "QUEUE shows the joined queue's name")

	// The list's own name wins when it has one.
	calls = slices.Clone(calls)
	for i := range calls {
		if calls[i].UII == uii {
			calls[i].DestinationName = "Named By The List"
		}
	}
	b.snapshot(calls, poller.Status{State: poller.StateLive})
	assert.Contains(t, b.rowOf(uii), "Named By The List")
	assert.NotContains(t, b.rowOf(uii), want)
}

func TestCallDetailsShowTheJoinedAgentAndQueue(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	uii := b.selectAnswered()
	agents, queues := b.sendFeeds()
	a := agentOnCall(t, agents, uii)
	b.press("enter")
	screen := b.screen()
	assert.Contains(t, screen, "agent username")
	assert.Contains(t, screen, a.Username)
	assert.Contains(t, screen, "agent state")
	assert.Contains(t, screen, a.State+" for ")
	for _, q := range queues {
		if q.GateID == a.GateID {
			assert.Contains(t, screen, q.Name+" · gate "+q.GateID)
		}
	}
}

func TestCallsWithoutAnAgentOnTheFeedShowNoJoinedDetails(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.selectAnswered()
	b.press("enter")
	assert.NotContains(t, b.screen(), "agent username", "no agents feed: nothing joined")
	b.press("esc")
	b.sendFeeds()
	b.press("enter")
	assert.Contains(t, b.screen(), "agent username", "the same call, once the feed names its agent")
}

// The calls view once the agents and queues feeds have arrived: the
// USERNAME column where the terminal has room for it (golden screens, as
// TestGoldenScreens; -update rewrites them).
func TestGoldenScreensJoined(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			b := newBoard(t)
			b.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
			b.refresh()
			b.sendFeeds()
			b.selectAnswered()
			golden.RequireEqual(t, b.m.View().Content)
		})
	}
}

// BenchmarkCallsJoin is the calls view's cost of a new agents list: every
// row's agent looked up again, the changed rows re-indexed (1,000 agents,
// a third on calls), and the per-snapshot cost the join adds, every few
// seconds. The rebuild is counted (pump): off the Update loop from
// syncBelow calls up.
func BenchmarkCallsJoin(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("agents/calls=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			lists := [2][]api.Agent{syntheticAgents(1000, m.snap.Calls, m.now), syntheticAgents(1000, m.snap.Calls[1:], m.now)}
			b.ReportAllocs()
			seq := uint64(0)
			for b.Loop() {
				seq++
				pump(m.Update(AgentsMsg{poller.Rows[api.Agent]{Seq: seq, Rows: lists[seq%2], FetchedAt: m.now, Status: poller.Status{State: poller.StateLive}}}))
			}
		})
	}
}
