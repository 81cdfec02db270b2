package sim_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

func isAux(state string) bool { return slices.Contains([]string{"LUNCH", "AWAY", "BREAK"}, state) }

// Over half an hour the floor moves by itself: available agents take breaks, away agents come
// back (AVAILABLE from that moment), wrap-ups end into AVAILABLE, and the number away stays near
// what the floor started with.
func TestAgentsTakeBreaksAndComeBack(t *testing.T) {
	e := newEnv(t, sim.Config{})
	prev := map[string]rtAgent{}
	awayAtStart := 0
	for _, r := range rtAgents(e, care) {
		prev[r.Username] = r
		if isAux(r.AgentState) {
			awayAtStart++
		}
	}
	require.Positive(t, awayAtStart)
	left, cameBack, wrapEnded := 0, 0, 0
	for range 180 { // 30 minutes in 10 s steps
		e.clock.Advance(10 * time.Second)
		away := 0
		for _, r := range rtAgents(e, care) {
			p := prev[r.Username]
			switch {
			case isAux(r.AgentState):
				away++
				assert.Empty(t, r.CallUII, "an away agent is handed no call")
				if p.AgentState == "AVAILABLE" {
					left++
					assert.LessOrEqual(t, r.StateTime, 10, "away since the change")
				}
			case isAux(p.AgentState) && r.AgentState == "AVAILABLE":
				cameBack++
				assert.LessOrEqual(t, r.StateTime, 10, "available since coming back, not since before the break")
				assert.Zero(t, r.PendingDisposition)
			case p.AgentState == "WRAP_UP" && r.AgentState == "AVAILABLE":
				wrapEnded++
			}
			prev[r.Username] = r
		}
		assert.InDelta(t, awayAtStart, away, 3, "the number away stays near the start's")
	}
	assert.Positive(t, left, "available agents take breaks")
	assert.Positive(t, cameBack, "away agents come back")
	assert.Positive(t, wrapEnded, "wrap-ups end into AVAILABLE")
}

// The arrival rate rises and falls in rushes: the queues back up (callers waiting, at times with
// nobody available) and drain again.
func TestQueuesFillAndDrain(t *testing.T) {
	e := newEnv(t, sim.Config{})
	var waiting []int
	nobodyAvailable := false
	for range 288 { // 48 minutes (four rushes) in 10 s steps
		e.clock.Advance(10 * time.Second)
		n := 0
		for _, q := range rtQueues(e, care) {
			n += q.InQueue
			nobodyAvailable = nobodyAvailable || (q.InQueue > 0 && q.Available == 0)
		}
		waiting = append(waiting, n)
	}
	// Each period's rush half (sin > 0: its first 6 minutes) against its lull.
	rushSum, lullSum := 0, 0
	for i, n := range waiting {
		if (i/36)%2 == 0 {
			rushSum += n
		} else {
			lullSum += n
		}
	}
	t.Logf("waiting in rushes %d, in lulls %d: %v", rushSum, lullSum, waiting)
	assert.Greater(t, float64(rushSum), 1.4*float64(lullSum), "more wait in the rushes than in the lulls")
	peak := slices.Index(waiting, slices.Max(waiting))
	assert.GreaterOrEqual(t, waiting[peak], 8, "a rush backs the queues up: %v", waiting)
	assert.LessOrEqual(t, slices.Min(waiting[peak:]), 2, "and they drain after it: %v", waiting)
	assert.True(t, nobodyAvailable, "at a rush's height callers wait with nobody available")
}

// The movement is the seed's: two worlds with one seed agree after aux changes and rushes, and a
// Static world has none.
func TestLivenessIsDeterministic(t *testing.T) {
	bodies := func(e *env) string {
		return e.api("GET", base+care+"/realTimeData/agent").body + e.api("GET", base+care+"/realTimeData/inbound").body
	}
	a, b := newEnv(t, sim.Config{Seed: 5}), newEnv(t, sim.Config{Seed: 5})
	for range 6 {
		a.clock.Advance(3 * time.Minute)
		b.clock.Advance(3 * time.Minute)
		assert.Equal(t, bodies(a), bodies(b))
	}

	s := newEnv(t, sim.Config{Seed: 5, Static: true})
	before := rtAgents(s, care)
	s.clock.Advance(30 * time.Minute)
	assert.Equal(t, before, rtAgents(s, care), "a Static world's agents keep their states")
}

// The introspection roster (Agents, GET /_sim/agents) says each agent's state as realTimeData/agent
// does, so a test can choose a free agent; logged-out agents have none.
func TestAgentViewStateIsTheRealTimeState(t *testing.T) {
	e := newEnv(t, sim.Config{})
	e.clock.Advance(10 * time.Minute) // in the lull: some agents available
	rt := map[string]string{}
	for _, r := range rtAgents(e, care) {
		rt[r.Username] = r.AgentState
	}
	states := map[string]bool{}
	for _, a := range e.srv.Agents(care) {
		assert.Equal(t, rt[a.Username], a.State, a.Username)
		assert.Equal(t, a.LoggedIn, a.State != "", a.Username)
		states[a.State] = true
	}
	assert.True(t, states["AVAILABLE"] && states["ON_CALL"], "%v", states)
}

// The router hands a waiting caller to a free agent within seconds: whenever an agent has been
// AVAILABLE for more than a few seconds, no caller has waited longer than the greeting and the ring
// take, so callers wait only while every agent is busy or away. No agent sits available for long
// while callers come in (the next caller goes to whoever has been idle longest, and free agents at
// start have been idle minutes, not since login). Checked at start and over four rushes in the
// demo's world, where the rushes still make callers wait, and at 3,000 calls.
func TestFreeAgentsTakeWaitingCallers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		calls int
		steps int
	}{{"demo", 0, 288}, {"3000 calls", 3000, 12}} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := sim.Config{}
			if tc.calls > 0 {
				cfg.Accounts = []sim.AccountSpec{{ID: care, Name: "Northwind Care", Calls: tc.calls, Agents: 48}}
			}
			e := newEnv(t, cfg)
			waited := 0
			for step := range tc.steps + 1 {
				if step > 0 {
					e.clock.Advance(10 * time.Second)
				}
				idle, longest := 0, 0
				for _, r := range rtAgents(e, care) {
					if r.AgentState == "AVAILABLE" {
						idle = max(idle, r.StateTime)
					}
				}
				for _, q := range rtQueues(e, care) {
					longest = max(longest, q.LongestInQueue)
				}
				if idle > 5 {
					require.LessOrEqual(t, longest, 8, "at %v a caller has waited %d s while an agent has been available %d s", 10*time.Second*time.Duration(step), longest, idle)
				}
				require.LessOrEqual(t, idle, 15*60, "at %v an agent has been available %d s", 10*time.Second*time.Duration(step), idle)
				waited = max(waited, longest)
			}
			if tc.calls == 0 {
				assert.Greater(t, waited, 60, "in a rush, with every agent busy, callers wait")
			}
		})
	}
}
