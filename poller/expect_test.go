package poller

import (
	"context"
	"sync"
	"testing"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expectRecorder is a Source that notes what each listing expected.
type expectRecorder struct {
	src     Source
	mu      sync.Mutex
	expects []int
}

func (r *expectRecorder) ListAllActiveCalls(ctx context.Context, opts api.ListOptions) ([]api.ActiveCall, int, error) {
	r.mu.Lock()
	r.expects = append(r.expects, opts.Expect)
	r.mu.Unlock()
	return r.src.ListAllActiveCalls(ctx, opts)
}

// Each refresh expects as many calls as the last one found, so its pages are
// read concurrently and it costs no request more than the list's pages; a
// new scope starts from nothing and reads page by page.
func TestRefreshExpectsTheLastCount(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 1, RateLimit: -1,
		Accounts: []sim.AccountSpec{{ID: account, Name: "Big", Calls: 1200, Agents: 1300}}})
	rec := &expectRecorder{src: simclient.New(t, s)}
	p, err := New(rec, AccountScope(account))
	require.NoError(t, err)
	p.prepare()
	for range 3 {
		r, ok := p.fetch(context.Background(), p.curScope, p.curGen)
		require.True(t, ok)
		require.NoError(t, r.err)
		assert.Len(t, p.calls, 1200)
		assert.Equal(t, 3, p.pages, "two full pages and a short one, nothing ahead")
	}
	require.NoError(t, p.SetScope(Scope{Product: api.ProductACD, ProductID: "1"}))
	p.prepare()
	_, ok := p.fetch(context.Background(), p.curScope, p.curGen)
	require.True(t, ok)
	assert.Equal(t, []int{0, 1200, 1200, 0}, rec.expects)
}
