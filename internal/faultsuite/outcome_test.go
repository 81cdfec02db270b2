package faultsuite

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/hostile"
)

// action is one non-idempotent action on a call and the route it takes.
type action struct {
	name  string
	route hostile.Match
	do    func(ctx context.Context, a api.Actions, uii string) error
}

var actions = []action{
	{"hang up", hangup, func(ctx context.Context, a api.Actions, uii string) error { return a.HangupCall(ctx, uii) }},
	{"barge", monitor, func(ctx context.Context, a api.Actions, uii string) error {
		return a.AddSession(ctx, uii, "+12125550101", api.SessionBargeIn)
	}},
	{"record", record, func(ctx context.Context, a api.Actions, uii string) error { return a.ToggleRecording(ctx, uii, true) }},
	{"disposition", dispose, func(ctx context.Context, a api.Actions, uii string) error {
		return a.Disposition(ctx, uii, api.DispositionRequest{Disposition: "Sale"})
	}},
}

// Sent, then the answer lost — the connection dropped after the request
// went out (before or after RingCX acted), a 200 cut short, headers over
// the limit, a gateway's 502/503/504, an answer too big or unreadable —
// is an unknown outcome: audited as such, an *api.AnswerLostError for the
// board, and never sent again.
func TestSentThenAnswerLostIsUnknownAndNotSentAgain(t *testing.T) {
	faults := map[string]hostile.Fault{
		"dropped after reading":      hostile.DropAfterRead(),
		"dropped after RingCX acted": hostile.AnswerThenDrop(),
		"200 cut short":              hostile.CutShort(),
		"200 chunked, cut":           hostile.CutChunked(),
		"headers over the limit":     hostile.HugeHeaders(11 << 20),
		"502 from a gateway":         hostile.GatewayPage(502),
		"503 from a gateway":         hostile.GatewayPage(503),
		"504 from a gateway":         hostile.GatewayPage(504),
		"oversized answer":           hostile.Oversized(api.MaxResponseBytes + 1),
		"HTML page with 200":         hostile.GatewayPage(200),
		"neither true nor false":     hostile.Status(200, "text/plain", "maybe"),
	}
	for name, fault := range faults {
		for _, a := range actions {
			t.Run(name+"/"+a.name, func(t *testing.T) {
				t.Parallel()
				r := newRig(t).run()
				uii := r.talking()
				r.front.Add(hostile.Rule{Match: a.route, Fault: fault})
				err := r.act(func(ctx context.Context, acts api.Actions) error { return a.do(ctx, acts, uii) })
				assert.Equal(t, audit.ResultAnswerLost, r.outcome().Result)
				assert.Equal(t, 1, r.front.Count(a.route), "sent once, never again")
				var lost *api.AnswerLostError
				require.True(t, errors.As(err, &lost), "%v", err)
				assert.Empty(t, r.leak(lost.Error(), false))
				r.clean()
			})
		}
	}
}
