package api

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var accountScope = ListOptions{Product: ProductAccount, ProductID: mainAccount}

func TestServerFailuresBecomeTypedErrors(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()

	t.Run("5xx", func(t *testing.T) {
		h.sim.SetFaults(sim.Faults{ErrorRate: 1})
		defer h.sim.SetFaults(sim.Faults{})
		seen := map[int]bool{}
		for range 30 {
			_, err := c.ListActiveCalls(ctx(t), accountScope)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.GreaterOrEqual(t, apiErr.StatusCode, 500)
			assert.NotContains(t, apiErr.Message, "<", "HTML error pages are not reasons")
			seen[apiErr.StatusCode] = true
		}
		assert.Greater(t, len(seen), 1, "the simulator varies its 5xx answers: %v", seen)
	})
	t.Run("outage", func(t *testing.T) {
		h.sim.SetFaults(sim.Faults{Outage: true})
		defer h.sim.SetFaults(sim.Faults{})
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	})
	t.Run("malformed JSON", func(t *testing.T) {
		h.sim.SetFaults(sim.Faults{Malformed: 1})
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.ErrorIs(t, err, ErrMalformedResponse)
		_, err = c.ListActiveCalls(ctx(t), accountScope)
		require.NoError(t, err, "the next answer is fine again")
	})
	t.Run("truncated JSON", func(t *testing.T) {
		h.sim.SetFaults(sim.Faults{Truncated: 1})
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		var lost *AnswerLostError
		require.ErrorAs(t, err, &lost, "the body ends before its Content-Length")
		assert.Equal(t, "answer cut short", lost.Cause)
	})
	t.Run("oversized body", func(t *testing.T) {
		h.sim.SetFaults(sim.Faults{OversizedBytes: MaxResponseBytes + 1<<20})
		defer h.sim.SetFaults(sim.Faults{})
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrAnswerLost)
		assert.Contains(t, err.Error(), "answer larger than 32 MiB: refused")
	})
	t.Run("large but allowed body", func(t *testing.T) {
		h.sim.SetFaults(sim.Faults{OversizedBytes: 4 << 20})
		defer h.sim.SetFaults(sim.Faults{})
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.NoError(t, err)
	})
}

func TestRequestTimeout(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client(WithTimeout(150 * time.Millisecond))
	// An hour's latency: only the client's own timeout ends the request
	// (ErrTimeout, not a late answer). No clock is asserted: a busy machine
	// may take longer to notice, never less.
	h.sim.SetFaults(sim.Faults{Latency: time.Hour})
	err := c.HangupCall(ctx(t), h.activeUII())
	require.ErrorIs(t, err, ErrTimeout)
	assert.Contains(t, err.Error(), "after 150ms")
}

func TestCallerCancellation(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()
	h.sim.SetFaults(sim.Faults{Latency: 3 * time.Second})
	cctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.ListActiveCalls(cctx, accountScope)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrTimeout)
}

func TestRateLimitedPollReportsRetryAfterAndPausesBudget(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()
	h.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: 2 * time.Second})
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.ErrorIs(t, err, ErrRateLimited)
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 2*time.Second, rl.RetryAfter)
	require.NotNil(t, rl.API)
	assert.Equal(t, http.StatusTooManyRequests, rl.API.StatusCode)
	assert.Len(t, h.sim.Requests(), 1, "a poll is not retried by the client: the poller backs off")

	// The budget is paused until Retry-After: a
	// request that cannot wait that long gives up instead of earning another 429.
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.ListActiveCalls(short, accountScope)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Len(t, h.sim.Requests(), 1, "nothing was sent during the pause")
}

func TestRateLimitedActionRetriesOnceAfterRetryAfter(t *testing.T) {
	// pausedAtRetry is the budget's pause on actions as the retry arrives:
	// zero once the pause the 429 set has ended.
	var c *Client
	var actions atomic.Int64
	pausedAtRetry := make(chan time.Time, 1)
	watch := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/toggleCallRecording") && actions.Add(1) == 2 {
				pausedAtRetry <- c.Budget().PausedUntil(PriorityAction)
			}
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, sim.Config{Static: true}, watch)
	c = h.client()
	uii := h.activeUII()
	h.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: time.Second})
	require.NoError(t, c.ToggleRecording(ctx(t), uii, true))
	assert.Zero(t, <-pausedAtRetry, "the retry waited out Retry-After's pause")
	reqs := h.sim.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.StatusTooManyRequests, reqs[0].Status)
	assert.Equal(t, http.StatusOK, reqs[1].Status)

	h.sim.SetFaults(sim.Faults{Force429: 2, RetryAfter: time.Second})
	err := c.ToggleRecording(ctx(t), uii, false)
	assert.ErrorIs(t, err, ErrRateLimited, "only one retry")

	c = h.client(WithMaxRetryWait(0))
	h.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: time.Second})
	assert.ErrorIs(t, c.ToggleRecording(ctx(t), uii, false), ErrRateLimited, "retry disabled")
}

// The client's own budget keeps it under the server's limit: with both at
// 120 a minute, a burst of requests is spread out instead of drawing 429s.
func TestBudgetPreventsServer429s(t *testing.T) {
	clock := fakeclock.New()
	h := newHarness(t, sim.Config{Static: true, RateLimit: 12, Now: clock.Now})
	c := h.client(WithRequestsPerMinute(600)) // deliberately larger than the server's 12
	for i := range 12 {
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.NoError(t, err, "request %d", i)
	}
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl, "the simulator enforces its limit (12 a minute)")
	assert.InDelta(t, 60, rl.RetryAfter.Seconds(), 1, "until the oldest request leaves the rolling minute")

	// A client budget no larger than the server's limit: the burst goes at
	// once, the rest waits for tokens, and the server never says 429.
	h2 := newHarness(t, sim.Config{Static: true, RateLimit: 600})
	c2 := h2.client(WithRequestsPerMinute(600))
	done := make(chan error, 1)
	go func() {
		for range c2.Budget().limiter.Burst() + 5 {
			if _, err := c2.ListActiveCalls(ctx(t), accountScope); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	require.Eventually(t, func() bool { p, _ := c2.Budget().Waiting(); return p == 1 }, 10*time.Second, time.Millisecond,
		"requests beyond the burst wait their turn in the budget")
	require.NoError(t, <-done)
	for _, r := range h2.sim.Requests() {
		assert.NotEqual(t, http.StatusTooManyRequests, r.Status)
	}
}
