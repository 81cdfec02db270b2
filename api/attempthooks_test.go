package api

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// events records what a call's AttemptHooks were told, in order.
type events struct {
	mu   sync.Mutex
	seen []string
}

func (e *events) add(s string) { e.mu.Lock(); e.seen = append(e.seen, s); e.mu.Unlock() }
func (e *events) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.seen...)
}

// AttemptHooks are told each attempt of the call itself just before it is
// sent, and when an answer proved the attempt did not run (a 429, before
// the retry) — never for a final answer.
func TestAttemptHooksFollowAnActionsAttempts(t *testing.T) {
	h := newHostile(t, limitedOnce("0"))
	var ev events
	c := WithAttemptHooks(ctx(t), &AttemptHooks{Sending: func() { ev.add("sending") }, NotRun: func() { ev.add("not run") }})
	require.NoError(t, h.client(t).HangupCall(c, testUII))
	assert.Equal(t, []string{"sending", "not run", "sending"}, ev.list())
	assert.Equal(t, int64(2), h.acts.Load())
}

// Cancelling in NotRun gives the call up before its retry: not sent
// again, and said to be not sent (stopping). Cancelling in Sending leaves
// that attempt unsent.
func TestCancellingInTheHooksSendsNothingMore(t *testing.T) {
	h := newHostile(t, answer(http.StatusTooManyRequests, "slow down", "Retry-After", "0"))
	base, cancel := context.WithCancel(ctx(t))
	c := WithAttemptHooks(base, &AttemptHooks{NotRun: cancel})
	err := h.client(t).HangupCall(c, testUII)
	var ns *NotSentError
	require.ErrorAs(t, err, &ns, "%v", err)
	assert.Equal(t, NotSentStopping, ns.Reason)
	assert.Equal(t, int64(1), h.acts.Load(), "the retry is not sent")

	base, cancel = context.WithCancel(ctx(t))
	c = WithAttemptHooks(base, &AttemptHooks{Sending: cancel})
	err = h.client(t).HangupCall(c, testUII)
	require.True(t, errors.As(err, &ns) && ns.Reason == NotSentStopping, "%v", err)
	assert.Equal(t, int64(1), h.acts.Load(), "nothing reached the server")
}
