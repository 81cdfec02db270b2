package ui

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

// rosterLookup answers DialAgents as the service does when the agents'
// real-time states cannot be read: the roster's members, with
// ErrAgentStatesUnknown wrapping why.
type rosterLookup struct{ simLookup }

func (l rosterLookup) DialAgents(ctx context.Context) ([]api.Agent, error) {
	roster, _, err := l.c.ListRoster(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := l.c.RealTimeAgents(ctx); err != nil {
		return api.MergeRoster(nil, roster), fmt.Errorf("%w: %w", ErrAgentStatesUnknown, err)
	}
	return nil, fmt.Errorf("the simulator answered realTimeData/agent: this lookup is for when it refuses")
}

func TestNewCallWithoutAgentStatesListsTheRosterAndClaimsNoState(t *testing.T) {
	b := newPickerBoard(t)
	b.m.cfg.Lookup = rosterLookup{simLookup{b.client}}
	b.sim.SetReportingDenied(true)
	roster, _, err := b.client.ListRoster(context.Background())
	require.NoError(t, err)
	var loggedOut string
	for _, a := range b.sim.Agents(account) {
		if !a.LoggedIn {
			loggedOut = a.Username
		}
	}
	if loggedOut == "" {
		require.True(t, b.sim.SetAgentLoggedIn(roster[0].Username, false))
		loggedOut = roster[0].Username
	}

	b.open("n", "loading agents…")
	text := b.formText()
	assert.Contains(t, text, "Agent states unknown: RingCX refused it (no reporting rights); all roster members listed.")
	for _, claim := range []string{"free agents first", "logged-in", "logged-out", "AVAILABLE", "–"} {
		assert.NotContains(t, text, claim, "no claim about who is free or logged in")
	}
	f := b.m.overlay.(*form)
	sel := f.fields[0].(*settled[string])
	usernames := map[string]bool{}
	for _, a := range roster {
		usernames[a.Username] = true
	}
	assert.Len(t, sel.labels, len(usernames), "every roster member is offered")
	assert.Contains(t, sel.labels, loggedOut, "a logged-out one too: nobody knows they are")

	b.typeText(loggedOut[:len(loggedOut)-3])
	b.press("enter")
	assert.Regexp(t, `agent  `+regexpQuote(loggedOut), b.formText())
}
