package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
)

// The whole program under Bubble Tea's runtime: a real poller on the
// simulator feeds the board through the subscription bridge; keys go in as
// a terminal would send them; the simulator sees the action.
func TestProgramMonitorsAndQuits(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 4})
	c := simclient.New(t, s, api.WithRequestsPerMinute(api.DefaultRequestsPerMinute)) // the board's own budget
	p, sub, ctx, stop := runPoller(t, c)
	defer stop()

	m := New(Config{
		Client: c, Poller: p, Sub: sub, Budget: c.Budget(), Keys: DefaultKeyMap(), Theme: testTheme,
		AccountID: account, AccountName: "Northwind Care", Phone: myPhone, Context: ctx,
	})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 50))
	waitFor := outputWaiter(t, tm)
	waitFor("LIVE")

	// Pick an answered call and find it the way a person would: filter by
	// its uii, which leaves it the only (so the selected) row.
	var target string
	for _, c := range s.Calls(account) {
		if c.DequeueTime != nil {
			target = c.UII
			break
		}
	}
	require.NotEmpty(t, target)
	tm.Send(tea.KeyPressMsg{Code: '/', Text: "/"})
	tm.Type(target)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // keys are handled in order: m acts on the filtered row
	tm.Send(tea.KeyPressMsg{Code: 'm', Text: "m"})
	waitFor("your phone is ringing")
	call, _ := s.Call(target)
	assert.Equal(t, "MONITOR", call.Sessions[myPhone])

	// Quitting with a live session asks; y confirms.
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	waitFor("Quit with a live supervisor session?")
	tm.Send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(*Model)
	mine, _ := final.mine(target)
	assert.Equal(t, myPhone, mine.Phone)
}
