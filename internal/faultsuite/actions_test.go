package faultsuite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/hostile"
)

// RingCX's own answers keep their meaning: a 500 is an error it reported,
// an expired token is renewed and the action sent again (RingCX did not
// act on a 401), a short Retry-After is waited out and the action sent
// again once.
func TestActionAnswersKeepTheirMeaning(t *testing.T) {
	for name, c := range map[string]struct {
		fault  hostile.Fault
		result string
		sent   int
	}{
		"500 from RingCX":        {hostile.Status(500, "application/json", hostileError), "error: 500 Internal Server Error", 1},
		"token expired":          {hostile.Expired(), audit.ResultOK, 2},
		"429 with Retry-After 1": {hostile.TooMany("1"), audit.ResultOK, 2},
		"no answer in time":      {hostile.Delay(time.Hour), audit.ResultTimeout, 1},
		"slow first byte":        {hostile.Delay(300 * time.Millisecond), audit.ResultOK, 1},
		"trickling answer":       {hostile.Trickle(4, 50*time.Millisecond), audit.ResultOK, 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, func(s *setup) { s.client = []api.Option{api.WithTimeout(time.Second)} }).run()
			uii := r.talking()
			r.front.Add(hostile.Rule{Match: hangup, Times: 1, Fault: c.fault})
			_ = r.act(func(ctx context.Context, a api.Actions) error { return a.HangupCall(ctx, uii) })
			assert.True(t, strings.HasPrefix(r.outcome().Result, c.result), "%q", r.outcome().Result)
			assert.Equal(t, c.sent, r.front.Count(hangup))
			r.clean()
		})
	}
}

// Free text a person typed with raw invalid bytes, controls or bidi
// overrides is refused before anything is sent or recorded as sent.
func TestHostileInputIsRefusedBeforeSending(t *testing.T) {
	r := newRig(t).run()
	uii := r.talking()
	for _, d := range []api.DispositionRequest{
		{Disposition: "Sale\x9b2J"}, {Disposition: "Sale", Notes: "call back \u202eevil"}, {Disposition: "Sale\x1b[2J"},
	} {
		err := r.act(func(ctx context.Context, a api.Actions) error { return a.Disposition(ctx, uii, d) })
		require.ErrorIs(t, err, api.ErrInvalidInput)
		assert.Empty(t, hostile.Unsafe(err.Error(), false), "never echoed: %q", err)
	}
	assert.Zero(t, r.front.Count(dispose), "nothing sent")
	for _, e := range r.entries() {
		assert.NotEqual(t, audit.ResultOK, e.ResultText())
	}
	r.clean()
}

// A server's request id is cleaned and capped before it is stored: C1
// controls, a right-to-left override, 5 MB.
func TestRequestIDIsCleanedAndCappedInTheAudit(t *testing.T) {
	for name, id := range map[string]string{"hostile": hostile.HeaderValue, "5 MB": strings.Repeat("R", 5<<20)} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t).run()
			uii := r.talking()
			r.front.Add(hostile.Rule{Match: hangup, Fault: hostile.Header("X-Request-Id", id)})
			require.NoError(t, r.act(func(ctx context.Context, a api.Actions) error { return a.HangupCall(ctx, uii) }))
			out := r.outcome()
			assert.Equal(t, audit.ResultOK, out.Result)
			assert.NotEmpty(t, out.RequestID)
			assert.LessOrEqual(t, len(out.RequestID), 128)
			assert.Empty(t, hostile.Unsafe(out.RequestID, false), "%q", out.RequestID)
			r.clean()
		})
	}
}

// An action still waiting for its turn when callboard stops is recorded
// as not sent (stopping), not left without an outcome.
func TestActionWaitingWhenStoppingIsNotSent(t *testing.T) {
	r := newRig(t).run()
	uii := r.talking()
	r.front.Add(hostile.Rule{Match: record, Times: 1, Fault: hostile.TooMany("3600")})
	require.ErrorIs(t, r.act(func(ctx context.Context, a api.Actions) error { return a.ToggleRecording(ctx, uii, true) }), api.ErrRateLimited)
	done := make(chan error, 1)
	go func() {
		done <- r.act(func(ctx context.Context, a api.Actions) error { return a.HangupCall(ctx, uii) })
	}()
	require.Eventually(t, func() bool { return len(r.entries()) == 2 }, 10*time.Second, 10*time.Millisecond, "the hang-up's intent")
	// What q does: give up what is not sent, wait for what was.
	r.svc.StopSending()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, r.svc.Wait(ctx), "quit is prompt")
	err := <-done
	var ns *api.NotSentError
	require.True(t, errors.As(err, &ns), "%v", err)
	assert.Equal(t, api.NotSentStopping, ns.Reason)
	assert.True(t, strings.HasPrefix(r.entries()[1].ResultText(), audit.ResultNotSentPrefix), "%q", r.entries()[1].ResultText())
	assert.Zero(t, r.front.Count(hangup))
	r.clean()
}
