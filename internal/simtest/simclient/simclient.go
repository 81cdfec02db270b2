// Package simclient builds the api.Client tests use on a simulator started
// by simtest. It is apart from simtest because it imports api, and api's
// own tests use simtest (see simtest's package documentation).
package simclient

import (
	"testing"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
)

// New returns a client of s's account, signed in with s's API token, whose
// request budget no test reaches (simtest.Unlimited). opts come after these
// and so override any of them: another auth, the product's own budget
// (api.WithRequestsPerMinute(api.DefaultRequestsPerMinute)), a timeout.
func New(t testing.TB, s *simtest.Sim, opts ...api.Option) *api.Client {
	t.Helper()
	base := []api.Option{
		api.WithServer(s.URL), api.WithAccount(s.Account),
		api.WithAuth(api.APITokenAuth(s.Token)), api.WithRequestsPerMinute(simtest.Unlimited),
	}
	c, err := api.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("simclient: %v", err)
	}
	return c
}
