package faultsuite

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/poller"
)

// hostileError is a RingCX error body with the hostile payload in every
// field, as a server that echoes what it was sent would answer.
const hostileError = `{"errorCode":"X` + hostile.Payload + `","generalMessage":"boom` + hostile.Payload +
	`","details":"` + hostile.Payload + `","requestUri":"/x` + hostile.Payload + `"}`

// pollCase is a fault on the call list: the board must show the last list
// as stale with what went wrong (stale, unless the client gets over it
// inside the refresh), and be live again by itself once it clears.
type pollCase struct {
	name  string
	rules []hostile.Rule
	// stale: the fault shows; otherwise the client gets over it unseen.
	stale bool
	// check looks at the error the stale board shows.
	check  func(t *testing.T, err error)
	client []api.Option
}

func once(m hostile.Match, f hostile.Fault) []hostile.Rule {
	return []hostile.Rule{{Match: m, Times: 1, Fault: f}}
}

func times(n int, m hostile.Match, f hostile.Fault) []hostile.Rule {
	return []hostile.Rule{{Match: m, Times: n, Fault: f}}
}

func isErr(target error) func(*testing.T, error) {
	return func(t *testing.T, err error) { assert.ErrorIs(t, err, target) }
}

func status(code int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var ae *api.APIError
		if assert.True(t, errors.As(err, &ae), "%v", err) {
			assert.Equal(t, code, ae.StatusCode)
		}
		assert.NotContains(t, err.Error(), "<html", "a gateway's page says nothing its status does not")
	}
}

func says(what string) func(*testing.T, error) {
	return func(t *testing.T, err error) { assert.ErrorContains(t, err, what) }
}

func retryAfter(atLeast time.Duration) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var rl *api.RateLimitError
		if assert.True(t, errors.As(err, &rl), "%v", err) {
			assert.GreaterOrEqual(t, rl.RetryAfter, atLeast)
		}
	}
}

// retryAt is a 429 whose Retry-After is the HTTP date d after it is sent.
func retryAt(d time.Duration) hostile.Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		hostile.TooMany(time.Now().Add(d).UTC().Format(http.TimeFormat))(w, r, next)
	}
}

func pollCases() []pollCase {
	gateway := func(code int) pollCase {
		return pollCase{name: http.StatusText(code) + " burst", rules: times(3, list, hostile.GatewayPage(code)), stale: true}
	}
	return []pollCase{
		{name: "500 burst, hostile body", rules: times(3, list, hostile.Status(500, "application/json", hostileError)), stale: true, check: status(500)},
		gateway(502), gateway(503), gateway(504),
		{name: "429 Retry-After 1", rules: once(list, hostile.TooMany("1")), stale: true, check: retryAfter(time.Second)},
		{name: "429 Retry-After negative", rules: once(list, hostile.TooMany("-5")), stale: true, check: retryAfter(time.Second)},
		{name: "429 Retry-After as an HTTP date", rules: once(list, retryAt(5*time.Second)), stale: true, check: retryAfter(time.Second)},
		{name: "429 Retry-After garbage", rules: once(list, hostile.TooMany("soon")), stale: true, check: retryAfter(time.Second)},
		{name: "429 without Retry-After", rules: once(list, hostile.TooMany("")), stale: true, check: retryAfter(time.Second)},
		{name: "token expired once", rules: once(list, hostile.Expired())},
		{name: "slow first byte", rules: once(list, hostile.Delay(300*time.Millisecond))},
		{name: "no answer in time", rules: once(list, hostile.Delay(time.Hour)), stale: true, check: isErr(api.ErrTimeout), client: []api.Option{api.WithTimeout(time.Second)}},
		{name: "trickling body", rules: once(list, hostile.Trickle(8, 20*time.Millisecond))},
		{name: "body cut short", rules: once(list, hostile.CutShort()), stale: true},
		{name: "chunked body cut", rules: once(list, hostile.CutChunked()), stale: true},
		{name: "oversized body", rules: once(list, hostile.Oversized(api.MaxResponseBytes+1)), stale: true, check: says("larger than")},
		{name: "oversized headers", rules: once(list, hostile.HugeHeaders(11<<20)), stale: true},
		{name: "malformed JSON", rules: once(list, hostile.Status(200, "application/json", `[{"uii":`)), stale: true, check: isErr(api.ErrMalformedResponse)},
		{name: "HTML instead of JSON", rules: once(list, hostile.GatewayPage(200)), stale: true, check: isErr(api.ErrMalformedResponse)},
		{name: "hostile request id on an error", rules: once(list, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			w.Header().Set("X-Request-Id", hostile.HeaderValue)
			hostile.Status(500, "text/plain", "boom "+hostile.InvalidUTF8)(w, r, next)
		}), stale: true, check: status(500)},
		{name: "connection dropped after the request", rules: once(list, hostile.DropAfterRead())},
	}
}

// The fault matrix on polling: every fault shows as a stale board that
// says what is wrong, never stops it, and clears by itself.
func TestPollFaults(t *testing.T) {
	for _, c := range pollCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, func(s *setup) { s.client = c.client }).run()
			before := r.last.FetchedAt
			for _, rule := range c.rules {
				r.front.Add(rule)
			}
			if c.stale {
				s := r.until("the board to go stale", stale)
				require.Error(t, s.Status.Err)
				assert.Empty(t, r.leak(s.Status.Err.Error(), false), "the error the board words: %q", s.Status.Err)
				if c.check != nil {
					c.check(t, s.Status.Err)
				}
			}
			s := r.until("the board to be live again", func(s poller.Snapshot) bool { return live(s) && s.FetchedAt.After(before) })
			assert.Equal(t, len(r.sim.Calls(r.sim.Account)), len(s.Calls), "the whole list again")
			assert.Positive(t, r.front.Count(list))
			r.clean()
		})
	}
}

// Token expiry on every request is got over by one refresh each, without
// a new sign-in: RingCX allows five of those a minute.
func TestExpiryStormIsRefreshedNotSignedInAgain(t *testing.T) {
	r := newRig(t).run()
	before := r.last.FetchedAt
	for range 3 {
		r.sim.ExpireTokens()
		s := r.until("a list after the token expired", func(s poller.Snapshot) bool { return live(s) && s.FetchedAt.After(before) })
		before = s.FetchedAt
	}
	st := r.sim.Stats()
	assert.Equal(t, 1, st.Exchanges, "one sign-in")
	assert.GreaterOrEqual(t, st.Refreshes, 3)
	r.clean()
}

// A refresh RingCX refuses falls back to a new sign-in, once.
func TestRefreshRejectedSignsInAgain(t *testing.T) {
	r := newRig(t).run()
	before := r.last.FetchedAt
	r.front.Add(hostile.Rule{Match: refresh, Fault: hostile.Status(400, "application/json", `{"error":"invalid_grant","error_description":"Refresh token is expired`+hostile.Payload+`"}`)})
	r.sim.ExpireTokens()
	r.until("a list after the refused refresh", func(s poller.Snapshot) bool { return live(s) && s.FetchedAt.After(before) })
	assert.Equal(t, 2, r.sim.Stats().Exchanges, "signed in again, once")
	assert.Equal(t, 1, r.front.Count(refresh))
	r.clean()
}

// The client's own words for a fault name it without the server's bytes.
func TestHostileErrorTextIsCleaned(t *testing.T) {
	r := newRig(t).run()
	r.front.Add(hostile.Rule{Match: list, Fault: hostile.Status(500, "application/json", hostileError)})
	s := r.until("the board to go stale", stale)
	msg := s.Status.Err.Error()
	assert.Contains(t, msg, "boom")
	assert.Empty(t, r.leak(msg, false), "%q", msg)
	assert.False(t, strings.Contains(msg, "\u202e"))
	r.front.Clear()
	r.until("the board to be live again", live)
	r.clean()
}

// A 401 that survives the refresh (Jwt is expired again) does not stop
// the board for good: it says it is signed out and retrying, signs in
// again within RingCX's five a minute, and is live by itself when the
// storm ends.
func TestExpiryStormSurvivingRefreshKeepsRetrying(t *testing.T) {
	r := newRig(t).run()
	before := r.last.FetchedAt
	r.front.Add(hostile.Rule{Match: list, Times: 6, Fault: hostile.Expired()})
	s := r.until("the board to go stale", stale)
	assert.Equal(t, poller.ReasonSignedOut, s.Status.Reason)
	r.until("the board to be live again", func(s poller.Snapshot) bool {
		require.NotEqual(t, poller.StateFailed, s.Status.State, "stopped for good: %v", s.Status.Err)
		return live(s) && s.FetchedAt.After(before)
	})
	assert.LessOrEqual(t, r.sim.Stats().Exchanges, 5, "sign-ins within RingCX's limit")
	r.clean()
}
