package ui

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

func TestWaitForSnapshotDeliversThenReportsStop(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 5})
	c := simclient.New(t, s, api.WithRequestsPerMinute(api.DefaultRequestsPerMinute)) // the board's own budget
	p, err := poller.New(c, poller.AccountScope(s.Account))
	require.NoError(t, err)
	sub := p.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = p.Run(ctx); close(done) }()

	msgs := make(chan any, 1)
	go func() { msgs <- WaitForSnapshot(sub)() }()
	select {
	case msg := <-msgs:
		snap, ok := msg.(SnapshotMsg)
		require.True(t, ok, "got %T", msg)
		assert.Equal(t, poller.StateLive, snap.Status.State)
		assert.Len(t, snap.Calls, len(s.Calls(s.Account)))
	case <-time.After(5 * time.Second):
		t.Fatal("no snapshot")
	}

	cancel()
	<-done
	assert.IsType(t, PollerStoppedMsg{}, WaitForSnapshot(sub)(), "a stopped poller ends the wait instead of blocking forever")
}
