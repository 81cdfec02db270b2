package api

import (
	"testing"

	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The supervisor feeds against the simulator on loopback: every operation
// decodes what it serves, and the joins the views rely on hold (an agent on
// a call names an active call and a known gate; a queue's waiting count is
// its queued calls; a gate's dispositions are what dispositionCall takes).
func TestSupervisorFeedsOnSimulator(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()

	agents, err := c.RealTimeAgents(ctx(t))
	require.NoError(t, err)
	require.NotEmpty(t, agents)
	queues, err := c.RealTimeQueues(ctx(t))
	require.NoError(t, err)
	require.NotEmpty(t, queues)
	calls, _, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
	require.NoError(t, err)
	roster, _, err := c.ListRoster(ctx(t))
	require.NoError(t, err)
	groups, err := c.GateGroups(ctx(t), PageOptions{})
	require.NoError(t, err)
	gates := GatesByID(groups)
	dial, err := c.DialGroups(ctx(t), PageOptions{})
	require.NoError(t, err)
	campaigns := CampaignsByID(dial)
	system, err := c.SystemDispositions(ctx(t))
	require.NoError(t, err)
	assert.Contains(t, system, "ANSWER")

	active := map[string]ActiveCall{}
	waiting := map[string]int{}
	for _, call := range calls {
		active[call.UII] = call
		if call.Queued() {
			waiting[call.DestinationName]++
		}
	}
	for _, a := range agents {
		assert.NotEmpty(t, a.AgentID)
		assert.NotEmpty(t, a.State, "agent %s has a state", a.AgentID)
		assert.Equal(t, h.clock.Now(), a.AsOf)
		assert.False(t, a.LastUpdate.IsZero(), "agent %s: lastUpdate read", a.AgentID)
		if uii, ok := a.OnCall(); ok {
			assert.Contains(t, active, uii, "agent %s is on an active call", a.AgentID)
			if a.GateID != "" {
				assert.Contains(t, gates, a.GateID, "agent %s's gate is a known queue", a.AgentID)
			}
			if a.CampaignID != "" {
				assert.Contains(t, campaigns, a.CampaignID, "agent %s's campaign is known", a.AgentID)
			}
		}
	}
	for _, q := range queues {
		assert.Contains(t, gates, q.GateID, "queue %s is a known gate", q.GateID)
		assert.False(t, q.LastUpdate.IsZero(), "queue %s: lastUpdate read", q.GateID)
		assert.Equal(t, waiting[q.Name], q.InQueue, "queue %s: waiting count is its queued calls", q.Name)
	}

	merged := MergeRoster(agents, roster)
	require.GreaterOrEqual(t, len(merged), len(agents))
	for _, a := range merged {
		assert.NotEmpty(t, a.Username, "agent %s has a username to dial with", a.AgentID)
	}

	// A disposition from the call's queue list is accepted; a made-up one
	// is refused.
	var uii string
	var gate Gate
	for _, a := range agents {
		if u, ok := a.OnCall(); ok && a.GateID != "" {
			uii, gate = u, gates[a.GateID]
			break
		}
	}
	require.NotEmpty(t, uii, "an agent on an inbound call")
	ds, err := c.GateDispositions(ctx(t), gate.GroupID, gate.ID)
	require.NoError(t, err)
	usable := UsableDispositions(ds)
	require.NotEmpty(t, usable)
	assert.ErrorIs(t, c.Disposition(ctx(t), uii, DispositionRequest{Disposition: "Not a disposition of this queue"}), ErrRefused)
	require.NoError(t, c.Disposition(ctx(t), uii, DispositionRequest{Disposition: usable[0].Name, Notes: "checked"}))
}

// Without reporting rights the real-time feeds fail alone, told apart from
// every other failure; the reference lists and the calls still answer.
func TestReportingDeniedOnSimulator(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true, DenyReporting: true})
	c := h.client()
	_, err := c.RealTimeAgents(ctx(t))
	assert.ErrorIs(t, err, ErrForbidden)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "access.denied.exception", apiErr.ErrorCode)
	_, err = c.RealTimeQueues(ctx(t))
	assert.ErrorIs(t, err, ErrForbidden)

	_, _, err = c.ListRoster(ctx(t))
	assert.NoError(t, err)
	_, err = c.GateGroups(ctx(t), PageOptions{})
	assert.NoError(t, err)
	_, err = c.ListActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
	assert.NoError(t, err)
}

func TestSignedInUserOnSimulator(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	u, err := h.client().SignedInUser(ctx(t))
	require.NoError(t, err)
	assert.NotEmpty(t, u.UserName)
	assert.NotEmpty(t, u.Phone())
	assert.NotEmpty(t, u.Accounts)
}
