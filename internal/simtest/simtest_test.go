package simtest_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
)

func list(t *testing.T, s *simtest.Sim, token string) int {
	t.Helper()
	req, err := http.NewRequest("GET", s.URL+"/voice/api/v1/admin/accounts/"+s.Account+"/activeCalls/list?product=ACCOUNT&productId="+s.Account, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func uiis(s *simtest.Sim) []string {
	var out []string
	for _, c := range s.Calls(s.Account) {
		out = append(out, c.UII)
	}
	slices.Sort(out)
	return out
}

func TestStartServesAStaticWorldWithTheToken(t *testing.T) {
	clock := fakeclock.New()
	s := simtest.Start(t, sim.Config{}, simtest.WithClock(clock))
	assert.Equal(t, simtest.Account, s.Account)
	assert.Same(t, clock, s.Clock)
	assert.Equal(t, http.StatusOK, list(t, s, s.Token))
	assert.Equal(t, http.StatusUnauthorized, list(t, s, "not-the-token-0123456789"))

	before := uiis(s)
	require.NotEmpty(t, before)
	clock.Advance(30 * time.Minute)
	assert.Equal(t, before, uiis(s), "nothing arrives or ends in a static world")
}

func TestLiveLetsTheWorldMove(t *testing.T) {
	clock := fakeclock.New()
	s := simtest.Start(t, sim.Config{}, simtest.Live(), simtest.WithClock(clock))
	before := uiis(s)
	clock.Advance(30 * time.Minute)
	assert.NotEqual(t, before, uiis(s))
}

func TestTheConfigsNowOutranksTheClock(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	s := simtest.Start(t, sim.Config{Now: func() time.Time { return at }}, simtest.WithClock(fakeclock.New()))
	for _, c := range s.Calls(s.Account) {
		assert.False(t, c.EnqueueTime.After(at))
		assert.Greater(t, c.EnqueueTime.Year(), 2029, "the world was made at the config's time")
	}
}

func TestAccountIsTheFirstConfigured(t *testing.T) {
	s := simtest.Start(t, sim.Config{Accounts: []sim.AccountSpec{{ID: "555", Name: "Small", Calls: 2, Agents: 3}}})
	assert.Equal(t, "555", s.Account)
	assert.Len(t, s.Calls("555"), 2)
	assert.Nil(t, s.Clock, "no fake clock unless one is given")
}

func TestWrapOrder(t *testing.T) {
	var seen []string
	mark := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = append(seen, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	s := simtest.Start(t, sim.Config{}, simtest.Wrap(mark("inner")), simtest.Wrap(mark("outer")))
	assert.Equal(t, http.StatusOK, list(t, s, s.Token))
	assert.Equal(t, []string{"outer", "inner"}, seen, "the last middleware sees requests first")
	assert.Len(t, s.Requests(), 1, "the request reached the simulator")
}
