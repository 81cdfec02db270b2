package simclient_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
)

func TestNewListsTheAccountWithTheToken(t *testing.T) {
	s := simtest.Start(t, sim.Config{})
	c := simclient.New(t, s)
	assert.Equal(t, simtest.Unlimited, c.Budget().PerMinute())
	calls, _, err := c.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: s.Account})
	require.NoError(t, err)
	assert.Len(t, calls, len(s.Calls(s.Account)))
	assert.Equal(t, s.Token, s.Requests()[0].Header.Get("X-Auth-Token"))
}

func TestOptionsOverrideTheDefaults(t *testing.T) {
	s := simtest.Start(t, sim.Config{})
	c := simclient.New(t, s, api.WithAuth(api.APITokenAuth("another-token-0123456789")), api.WithRequestsPerMinute(api.DefaultRequestsPerMinute))
	assert.Equal(t, api.DefaultRequestsPerMinute, c.Budget().PerMinute())
	_, _, err := c.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: s.Account})
	assert.ErrorIs(t, err, api.ErrUnauthorized)
}
