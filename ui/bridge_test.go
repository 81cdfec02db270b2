package ui

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

func TestWaitForSnapshotDeliversThenReportsStop(t *testing.T) {
	s := sim.New(sim.Config{Static: true, Seed: 5, APITokens: []string{"bridge-test-token-123"}})
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, err := api.NewClient(api.WithServer(srv.URL), api.WithAccount("12440011"), api.WithAuth(api.APITokenAuth("bridge-test-token-123")))
	require.NoError(t, err)
	p, err := poller.New(c, poller.AccountScope("12440011"))
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
		assert.Len(t, snap.Calls, len(s.Calls("12440011")))
	case <-time.After(5 * time.Second):
		t.Fatal("no snapshot")
	}

	cancel()
	<-done
	assert.IsType(t, PollerStoppedMsg{}, WaitForSnapshot(sub)(), "a stopped poller ends the wait instead of blocking forever")
}
