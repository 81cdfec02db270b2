package faultsuite

import (
	"context"
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
