package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/callboard/callboard/internal/simtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testUII is a call id the hostile servers accept for any action.
const testUII = "202611300000000000000000000001"

// hostile is a server on loopback whose every request is answered by
// handle; it counts the requests it read, actions (POST) apart.
type hostile struct {
	srv            *httptest.Server
	requests, acts atomic.Int64
}

func newHostile(t *testing.T, handle http.HandlerFunc) *hostile {
	t.Helper()
	h := &hostile{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		if r.Method == http.MethodPost {
			h.acts.Add(1)
		}
		handle(w, r)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// client is a client of the hostile server with an API token and a budget
// no test reaches.
func (h *hostile) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithServer(h.srv.URL), WithAccount(mainAccount), WithAuth(APITokenAuth(testAPIToken)), WithRequestsPerMinute(simtest.Unlimited)}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// raw takes the connection over and writes answer as it is, then closes
// it: the request has been read whole by then.
func raw(answer string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		_, _ = buf.WriteString(answer)
		_ = buf.Flush()
		_ = conn.Close()
	}
}

// answer writes a status, headers and body.
func answer(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// limitedOnce answers the first request 429 with Retry-After retryAfter,
// and every later one "true": an action RingCX held back once.
func limitedOnce(retryAfter string) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			answer(http.StatusTooManyRequests, "slow down", "Retry-After", retryAfter)(w, r)
			return
		}
		answer(http.StatusOK, "true")(w, r)
	}
}

// onPOST answers actions with act and everything else "[]" (an empty
// call list).
func onPOST(act http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			act(w, r)
			return
		}
		answer(http.StatusOK, "[]", "Content-Type", "application/json")(w, r)
	}
}

const gatewayPage = "<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>"

// Every way an answer can be lost after the request went out is an
// *AnswerLostError worded for people — never "EOF" — and the action is
// sent once: Go's transport does not replay it and neither does the
// client.
func TestActionAnswerLostAfterSending(t *testing.T) {
	for _, c := range []struct {
		name   string
		handle http.HandlerFunc
		cause  string
		status int
	}{
		{"connection closed after reading the request", raw(""), "connection closed after the request was sent", 0},
		{"reset mid-headers", raw("HTTP/1.1 200 OK\r\nContent-Type: te"), "connection closed after the request was sent", 0},
		{"200 cut short", raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\ntr"), "answer cut short", 0},
		{"chunked 200 cut short", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ntr"), "answer cut short", 0},
		{"headers over the limit", answer(http.StatusOK, "true", "X-Padding", strings.Repeat("a", MaxResponseHeaderBytes)), "answer headers too large", 0},
		{"malformed header", raw("HTTP/1.1 200 OK\r\nX-Request-Id: \x1b[2J\r\nContent-Length: 4\r\n\r\ntrue"), "unreadable answer", 0},
		{"not HTTP", raw("SSH-2.0-OpenSSH_9.6\r\n"), "unreadable answer", 0},
		{"unreadable 200", answer(http.StatusOK, "<html>maintenance</html>", "Content-Type", "text/html"), "unreadable answer", 0},
		{"502 page", answer(http.StatusBadGateway, "<html><h1>502 Bad Gateway</h1></html>", "Content-Type", "text/html"), "502 Bad Gateway", 502},
		{"503 page", answer(http.StatusServiceUnavailable, "<html>down</html>", "Content-Type", "text/html"), "503 Service Unavailable", 503},
		{"504 page", answer(http.StatusGatewayTimeout, gatewayPage, "Content-Type", "text/html"), "504 Gateway Timeout", 504},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHostile(t, onPOST(c.handle))
			client := h.client(t)
			// A poll first, so the action may go out on a reused
			// connection: the one Go's transport would replay if it could.
			_, err := client.ListActiveCalls(ctx(t), accountScope)
			require.NoError(t, err)

			err = client.HangupCall(ctx(t), testUII)
			var lost *AnswerLostError
			require.ErrorAs(t, err, &lost)
			assert.ErrorIs(t, err, ErrAnswerLost)
			assert.NotErrorIs(t, err, ErrNotSent)
			assert.Equal(t, c.cause, lost.Cause)
			assert.Equal(t, c.status, lost.StatusCode)
			assert.Equal(t, http.MethodPost, lost.Method)
			assert.Contains(t, lost.Path, "/hangupCall")
			assert.NotContains(t, err.Error(), "EOF")
			assert.NotContains(t, err.Error(), "<")
			assert.Equal(t, int64(1), h.acts.Load(), "sent exactly once")
		})
	}
}

// On a list request a gateway's 5xx stays an *APIError: nothing was
// changed, and the poller retries it.
func TestListGatewayStaysAnAPIError(t *testing.T) {
	h := newHostile(t, answer(http.StatusGatewayTimeout, gatewayPage, "Content-Type", "text/html"))
	_, err := h.client(t).ListActiveCalls(ctx(t), accountScope)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusGatewayTimeout, apiErr.StatusCode)
	assert.NotErrorIs(t, err, ErrAnswerLost)
}

// A request that never left is not sent, with the reason: no connection
// (refused), or stopping (cancelled before it was written).
func TestRequestNotSent(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		h := newHostile(t, answer(http.StatusOK, "true"))
		c := h.client(t)
		h.srv.Close()
		err := c.HangupCall(ctx(t), testUII)
		var ns *NotSentError
		require.ErrorAs(t, err, &ns)
		assert.Equal(t, NotSentNoConnection, ns.Reason)
		assert.Contains(t, err.Error(), "could not connect")
		assert.NotErrorIs(t, err, ErrAnswerLost)
		assert.NotErrorIs(t, err, ErrTimeout)
	})
	t.Run("cancelled before it was written", func(t *testing.T) {
		h := newHostile(t, answer(http.StatusOK, "true"))
		cctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := h.client(t).HangupCall(cctx, testUII)
		var ns *NotSentError
		require.ErrorAs(t, err, &ns)
		assert.Equal(t, NotSentStopping, ns.Reason)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, h.requests.Load())
	})
}

// After the request was written, a cancel stays context.Canceled and a
// timeout ErrTimeout: both leave the outcome unknown, not "not sent".
func TestSentThenCancelledOrTimedOut(t *testing.T) {
	arrived := make(chan struct{}, 1)
	hold := func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}
	t.Run("cancelled", func(t *testing.T) {
		h := newHostile(t, hold)
		cctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- h.client(t).HangupCall(cctx, testUII) }()
		<-arrived
		cancel()
		err := <-done
		require.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, ErrNotSent)
		assert.NotErrorIs(t, err, ErrAnswerLost)
	})
	t.Run("trickling answer times out", func(t *testing.T) {
		h := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(http.StatusOK)
			for r.Context().Err() == nil {
				_, _ = w.Write([]byte("t"))
				w.(http.Flusher).Flush()
				time.Sleep(20 * time.Millisecond)
			}
		})
		err := h.client(t, WithTimeout(200*time.Millisecond)).HangupCall(ctx(t), testUII)
		require.ErrorIs(t, err, ErrTimeout)
		assert.NotErrorIs(t, err, ErrNotSent)
		assert.Equal(t, int64(1), h.acts.Load())
	})
}

// A 429 proves the action did not run: it is sent again once after a
// short Retry-After, and never after anything else.
func TestActionRetriedOnlyAfterA429(t *testing.T) {
	h := newHostile(t, limitedOnce("0"))
	require.NoError(t, h.client(t).HangupCall(ctx(t), testUII))
	assert.Equal(t, int64(2), h.acts.Load())
}

// Retry-After applies to what was limited, capped at MaxRetryAfter: a
// poll's 429 pauses polls while actions go on; an action's pauses both, and
// a later action whose wait would pass its deadline is not sent at all.
func TestRetryAfterPausesWhatWasLimited(t *testing.T) {
	t.Run("a poll's 429", func(t *testing.T) {
		h := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				answer(http.StatusTooManyRequests, "", "Retry-After", "3600")(w, r)
				return
			}
			answer(http.StatusOK, "true")(w, r)
		})
		c := h.client(t)
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, MaxRetryAfter, rl.RetryAfter, "an hour is capped at two minutes")
		assert.WithinDuration(t, time.Now().Add(MaxRetryAfter), c.Budget().PausedUntil(PriorityPoll), 10*time.Second)
		assert.Zero(t, c.Budget().PausedUntil(PriorityAction))
		require.NoError(t, c.HangupCall(ctx(t), testUII), "actions keep flowing")
	})
	t.Run("an action's 429", func(t *testing.T) {
		h := newHostile(t, answer(http.StatusTooManyRequests, "", "Retry-After", "99999999"))
		c := h.client(t, WithActionDeadline(100*time.Millisecond))
		err := c.HangupCall(ctx(t), testUII)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, MaxRetryAfter, rl.RetryAfter)
		assert.Equal(t, int64(1), h.acts.Load(), "too long a wait to retry")
		assert.False(t, c.Budget().PausedUntil(PriorityPoll).IsZero(), "polls are held too")

		err = c.HangupCall(ctx(t), testUII)
		var ns *NotSentError
		require.ErrorAs(t, err, &ns)
		assert.Equal(t, NotSentDeadline, ns.Reason, "the pause outlasts the action deadline")
		assert.Positive(t, ns.Waited)
		assert.Equal(t, int64(1), h.acts.Load(), "not sent")
	})
}

// An action waits for the budget at most its deadline, and is not sent
// when that passes, when its context is cancelled, or when the budget
// stops.
func TestActionDeadline(t *testing.T) {
	drained := func(t *testing.T, h *hostile) *Client {
		c := h.client(t, WithRequestsPerMinute(6), WithActionDeadline(100*time.Millisecond))
		drain(t, c.Budget())
		return c
	}
	t.Run("deadline", func(t *testing.T) {
		h := newHostile(t, answer(http.StatusOK, "true"))
		err := drained(t, h).HangupCall(ctx(t), testUII)
		var ns *NotSentError
		require.ErrorAs(t, err, &ns)
		assert.Equal(t, NotSentDeadline, ns.Reason)
		assert.Positive(t, ns.Waited)
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "not to be taken for a timeout after sending")
		assert.Zero(t, h.requests.Load())
	})
	for _, stop := range []string{"cancelled", "budget stopped"} {
		t.Run(stop, func(t *testing.T) {
			h := newHostile(t, answer(http.StatusOK, "true"))
			c := h.client(t, WithRequestsPerMinute(6))
			drain(t, c.Budget())
			cctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- c.HangupCall(cctx, testUII) }()
			require.Eventually(t, func() bool { _, a := c.Budget().Waiting(); return a == 1 }, 5*time.Second, time.Millisecond)
			if stop == "cancelled" {
				cancel()
			} else {
				c.Budget().Stop()
			}
			err := <-done
			var ns *NotSentError
			require.ErrorAs(t, err, &ns)
			assert.Equal(t, NotSentStopping, ns.Reason)
			assert.Zero(t, h.requests.Load())
		})
	}
}

// An action has one deadline, from its first wait: a 429 whose
// Retry-After would fit a fresh deadline but not what is left of this one
// is the answer at once — not a retry that waits, and not a deadline that
// starts again (which let an action wait twice its deadline).
func TestActionDeadlineIsOneDeadline(t *testing.T) {
	t.Run("the first wait counts", func(t *testing.T) {
		h := newHostile(t, limitedOnce("2"))
		c := h.client(t, WithActionDeadline(2500*time.Millisecond))
		c.Budget().PauseFor(PriorityAction, time.Second) // the first wait: about a second of the 2.5
		err := c.HangupCall(ctx(t), testUII)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl, "%v", err)
		assert.NotErrorIs(t, err, ErrNotSent, "RingCX's 429 is the answer, at once")
		assert.Equal(t, int64(1), h.acts.Load(), "a 2 s pause does not fit what is left")
	})
	t.Run("a wait longer than the deadline", func(t *testing.T) {
		h := newHostile(t, limitedOnce("2"))
		c := h.client(t, WithActionDeadline(time.Second)) // maxRetryWait is 10 s
		err := c.HangupCall(ctx(t), testUII)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl, "%v", err)
		assert.NotErrorIs(t, err, ErrNotSent)
		assert.Equal(t, int64(1), h.acts.Load())
	})
	t.Run("a wait that fits is retried", func(t *testing.T) {
		h := newHostile(t, limitedOnce("2"))
		require.NoError(t, h.client(t, WithActionDeadline(time.Minute)).HangupCall(ctx(t), testUII))
		assert.Equal(t, int64(2), h.acts.Load())
	})
}

// When the caller's own deadline comes before the action deadline, the
// action is not sent and the error names the deadline that was hit, not
// the action deadline it never reached.
func TestActionNotSentNamesTheDeadlineHit(t *testing.T) {
	h := newHostile(t, answer(http.StatusOK, "true"))
	c := h.client(t) // the default action deadline, 20 s
	c.Budget().PauseFor(PriorityAction, time.Hour)
	cctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := c.HangupCall(cctx, testUII)
	var ns *NotSentError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, NotSentDeadline, ns.Reason)
	assert.Positive(t, ns.Waited)
	assert.Contains(t, err.Error(), "its caller's deadline")
	assert.NotContains(t, err.Error(), "20s", "the action deadline was not what ended the wait")
	assert.Zero(t, h.requests.Load())

	err = h.client(t, WithActionDeadline(100*time.Millisecond), WithBudget(c.Budget())).HangupCall(ctx(t), testUII)
	require.ErrorAs(t, err, &ns)
	assert.Contains(t, err.Error(), "no turn within 100ms")
}

// Request ids are server text: cleaned and cut to 128 bytes on a rune
// boundary wherever they are kept — the response info, an APIError, an
// AnswerLostError, the debug log.
func TestRequestIDsAreCleanedAndCapped(t *testing.T) {
	hostileID := "req-\u009b31m\u202eevil\u0085" + strings.Repeat("é", 5<<20/2)
	check := func(t *testing.T, id string) {
		t.Helper()
		assert.True(t, strings.HasPrefix(id, "req-31mevil"), "%.40q", id)
		assert.LessOrEqual(t, len(id), maxRequestIDBytes)
		assert.True(t, utf8.ValidString(id))
		assert.NotContains(t, id, "\u202e")
		assert.NotContains(t, id, "\u009b")
		assert.NotContains(t, id, "\x1b")
	}
	var status atomic.Int64
	status.Store(http.StatusOK)
	h := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		answer(int(status.Load()), "true", "X-Request-Id", hostileID)(w, r)
	})
	var logged bytes.Buffer
	c := h.client(t, WithLogger(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))))

	var info ResponseInfo
	require.NoError(t, c.HangupCall(WithResponseInfo(ctx(t), &info), testUII))
	check(t, info.RequestID)
	assert.Less(t, logged.Len(), 1024, "the debug line holds the capped id")
	assert.Contains(t, logged.String(), "req-31mevil")

	status.Store(http.StatusBadRequest)
	var apiErr *APIError
	require.ErrorAs(t, c.HangupCall(ctx(t), testUII), &apiErr)
	check(t, apiErr.RequestID)

	status.Store(http.StatusGatewayTimeout)
	var lost *AnswerLostError
	require.ErrorAs(t, c.HangupCall(ctx(t), testUII), &lost)
	check(t, lost.RequestID)
}

// A sign-in that fails leaves the request not sent, and callers that
// branch on ErrUnauthorized and *SignInError still can.
func TestSignInFailureIsNotSent(t *testing.T) {
	h := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		answer(http.StatusUnauthorized, `{"error":"invalid_grant","error_description":"JWT is revoked"}`, "Content-Type", "application/json")(w, r)
	})
	c := h.client(t, WithAuth(JWTAuth(JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT})))
	err := c.HangupCall(ctx(t), testUII)
	var ns *NotSentError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, NotSentSignIn, ns.Reason)
	assert.ErrorIs(t, err, ErrUnauthorized)
	var signIn *SignInError
	assert.ErrorAs(t, err, &signIn)
	assert.Equal(t, int64(1), h.requests.Load(), "only RingCentral's sign-in was sent, not the action")
}

// A sign-in request whose answer is lost does not make the action it was
// for look sent.
func TestLostSignInAnswerIsNotAnActionLost(t *testing.T) {
	h := newHostile(t, raw(""))
	c := h.client(t, WithAuth(JWTAuth(JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT})))
	err := c.HangupCall(ctx(t), testUII)
	require.ErrorIs(t, err, ErrNotSent)
	assert.NotErrorIs(t, err, ErrAnswerLost)
}
