package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expireRefreshed is middleware that, while on, expires every token the
// moment a refresh has issued it: RingCX answering "Jwt is expired" to
// the refreshed token as well.
func expireRefreshed(on *atomic.Bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if on.Load() && r.URL.Path == "/api/auth/token/refresh" {
				next.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/_sim/expire-tokens", nil))
			}
		})
	}
}

// A 401 that survives the refresh gets one full re-sign-in (a new
// exchange), and the action goes through on the new token.
func TestExpiredAfterRefreshSignsInAgain(t *testing.T) {
	var on atomic.Bool
	h := newHarness(t, sim.Config{Static: true, Control: true}, expireRefreshed(&on))
	c := h.client(WithAuth(h.jwtAuth()))
	uii := h.activeUII()
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	require.Equal(t, 1, h.sim.Stats().Exchanges)

	on.Store(true)
	h.sim.ExpireTokens()
	h.sim.ResetRequests()
	require.NoError(t, c.ToggleRecording(ctx(t), uii, true))
	var got []string
	for _, r := range h.sim.Requests() {
		if !strings.HasPrefix(r.Path, "/_sim/") {
			got = append(got, r.Method+" "+r.Path)
		}
	}
	action := "POST " + base + uii + "/toggleCallRecording"
	assert.Equal(t, []string{
		action, "POST /api/auth/token/refresh",
		action, "POST /restapi/oauth/token", "POST /api/auth/login/rc/accesstoken",
		action,
	}, got, "refresh, still expired, then one fresh sign-in with a new RingCentral token")
	st := h.sim.Stats()
	assert.Equal(t, 2, st.Exchanges)
	assert.Equal(t, 1, st.Refreshes)
}

// A storm of expiries, each surviving its refresh: every request is
// rescued by a re-sign-in until the five exchanges a minute are spent;
// then requests fail as not sent (sign-in rate limited) — never a loop,
// never a sixth exchange — and a minute later they go through again.
func TestExpiryStormStaysWithinTheExchangeLimit(t *testing.T) {
	var on atomic.Bool
	h := newHarness(t, sim.Config{Static: true, Control: true}, expireRefreshed(&on))
	c := h.client(WithAuth(h.jwtAuth()))
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	on.Store(true)
	ok, limited := 0, 0
	for range 10 {
		h.sim.ExpireTokens()
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		switch {
		case err == nil:
			ok++
		case assert.ErrorIs(t, err, ErrRateLimited, "%v", err):
			assert.ErrorIs(t, err, ErrNotSent)
			limited++
		}
		assert.LessOrEqual(t, h.sim.Stats().Exchanges, maxExchangesPerMinute)
	}
	assert.Equal(t, maxExchangesPerMinute-1, ok, "one exchange went to the first sign-in")
	assert.Equal(t, 10-ok, limited)

	h.clock.Advance(61 * time.Second)
	_, err = c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err, "a minute later the console signs in again by itself")
}

// A 401 that survives the re-sign-in too is the answer: ErrUnauthorized,
// after exactly one refresh and one exchange, with no loop.
func TestExpiredAfterSignInIsUnauthorized(t *testing.T) {
	var api atomic.Int64
	alwaysExpired := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/voice/") {
				api.Add(1)
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte("Jwt is expired"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, sim.Config{Static: true}, alwaysExpired)
	c := h.client(WithAuth(h.jwtAuth()))
	err := c.HangupCall(ctx(t), h.activeUII())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, int64(3), api.Load(), "first try, after the refresh, after the re-sign-in")
	st := h.sim.Stats()
	assert.Equal(t, 2, st.Exchanges, "the first sign-in and one re-sign-in")
	assert.Equal(t, 1, st.Refreshes)
}

// With a bare access token (and its refresh token) there is nothing to
// sign in with: a 401 after the refresh is the answer, as before.
func TestAccessTokenExpiredAfterRefreshIsUnauthorized(t *testing.T) {
	var on atomic.Bool
	h := newHarness(t, sim.Config{Static: true, Control: true}, expireRefreshed(&on))
	access, refresh := signInRaw(t, h)
	c := h.client(WithAuth(TokenAuth(access, refresh)))
	on.Store(true)
	h.sim.ExpireTokens()
	before := h.sim.Stats().Exchanges
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, before, h.sim.Stats().Exchanges, "no exchange without a JWT")
}
