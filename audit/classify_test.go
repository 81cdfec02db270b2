package audit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	wrap := func(err error) error {
		return fmt.Errorf("POST /voice/api/v1/admin/accounts/1/activeCalls/2/hangupCall: %w", err)
	}
	cases := []struct {
		err  error
		want string
	}{
		{nil, "ok"},
		{fmt.Errorf("hang up on call 2: %w", api.ErrRefused), "refused"},
		{fmt.Errorf("call 2 has ended: %w", api.ErrCallNotFound), "call ended"},
		{wrap(api.ErrTimeout), "unknown: no answer in time"},
		{context.DeadlineExceeded, "unknown: no answer in time"},
		{wrap(context.Canceled), "unknown: cancelled before an answer"},
		// What happened, not advice that goes stale in the permanent record.
		{&api.RateLimitError{RetryAfter: 12300 * time.Millisecond, API: &api.APIError{StatusCode: 429}}, "error: rate limited by RingCX, which did not act (it asked to wait 12s)"},
		{wrap(&api.RateLimitError{API: &api.APIError{StatusCode: 429}}), "error: rate limited by RingCX, which did not act"},
		{&api.RateLimitError{RetryAfter: 12300 * time.Millisecond, Limit: "sign-in"}, "error: rate limited: callboard held it back for 12s (sign-in limit)"},
		{&api.APIError{StatusCode: 403, Message: "Access is denied"}, "error: permission denied: Access is denied"},
		{&api.APIError{StatusCode: 401}, "error: not signed in"},
		{&api.APIError{StatusCode: 500, Message: "boom", Details: "db down"}, "error: 500 Internal Server Error: boom; db down"},
		{&api.InputError{Field: "phone", Value: "x", Reason: "letters are not allowed"}, `error: invalid phone "x": letters are not allowed`},
		{wrap(errors.New("connection refused")), "error: connection refused"},
		{errors.New("two\nlines\x1b[31m"), "error: two lines"},
		{fmt.Errorf("monitor: %w", &api.NotAllowedError{Reason: api.NotAllowedViewer}), ResultNotAllowed},
		{&api.NotAllowedError{Reason: api.NotAllowedReadOnly}, ResultReadOnly},
		// Sent, answer lost: unknown, whatever the cause says.
		{wrap(&api.AnswerLostError{Method: "POST", Path: "/x", Cause: "connection closed after the request was sent"}), ResultAnswerLost},
		{wrap(api.ErrAnswerLost), ResultAnswerLost},
		{&api.AnswerLostError{StatusCode: 504, Cause: "504 Gateway Timeout"}, ResultAnswerLost},
		// A gateway answering for RingCX, before the client says so itself.
		{&api.APIError{StatusCode: 502, Message: "<html>bad gateway</html>"}, ResultAnswerLost},
		{&api.APIError{StatusCode: 503}, ResultAnswerLost},
		{wrap(&api.APIError{StatusCode: 504}), ResultAnswerLost},
		// Never sent: nothing happened, and why.
		{wrap(&api.NotSentError{Reason: api.NotSentDeadline, Waited: 20*time.Second + 300*time.Millisecond, Err: context.DeadlineExceeded}),
			"not sent: waited 20s for its turn (action deadline)"},
		{&api.NotSentError{Reason: api.NotSentDeadline}, "not sent: its turn did not come before the action deadline"},
		{wrap(&api.NotSentError{Reason: api.NotSentStopping, Waited: time.Hour, Err: context.Canceled}), "not sent: callboard was stopping"},
		{&api.NotSentError{Reason: api.NotSentNoConnection, Err: errors.New("dial tcp: connection refused")}, "not sent: no connection to RingCX"},
		{&api.NotSentError{Reason: api.NotSentSignIn, Err: errors.New("POST /restapi/oauth/token: invalid_grant\x1b[2J: JWT\u202e expired")},
			"not sent: sign-in failed: invalid_grant: JWT expired"},
		{&api.NotSentError{Reason: api.NotSentSignIn}, "not sent: sign-in failed"},
		{fmt.Errorf("x: %w", api.ErrNotSent), "not sent: nothing was sent"},
		// Not sent outranks what its cause would say on its own.
		{&api.NotSentError{Reason: api.NotSentSignIn, Err: &api.APIError{Method: "POST", Path: "/restapi/oauth/token", StatusCode: 503}}, "not sent: sign-in failed: 503 Service Unavailable"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Classify(c.err), "%v", c.err)
		// One rule for "maybe": the session state (api.OutcomeUnknown) and
		// the audit log agree on every outcome.
		assert.Equal(t, Unknown(c.want), api.OutcomeUnknown(c.err), "%v", c.err)
	}
	// Both are told apart from every other result by what reads them.
	assert.True(t, Unknown(ResultAnswerLost))
	assert.True(t, Unknown(ResultTimeout))
	assert.True(t, Unknown(ResultCancelled))
	assert.False(t, Unknown("not sent: callboard was stopping"))
	assert.True(t, NotSent(Classify(&api.NotSentError{Reason: api.NotSentStopping})))
	assert.False(t, NotSent(ResultAnswerLost))
	assert.False(t, NotSent(ResultNotAllowed), "a refusal by the service is its own result")
	long := Classify(fmt.Errorf("%0500d", 0))
	assert.LessOrEqual(t, len(long), len("error: ")+maxReason+len("…"), "bounded")
}

// A 404 means "call ended" only for a call seen active in this run; for a
// uii never seen it may have been a typing mistake, and the audit says
// only that RingCX did not find it. Other results do not depend on it.
func TestClassifyCall(t *testing.T) {
	gone := fmt.Errorf("call 2 has ended: %w", api.ErrCallNotFound)
	refused := fmt.Errorf("hang up on call 2: %w", api.ErrRefused)
	cases := []struct {
		err  error
		seen bool
		want string
	}{
		{gone, true, "call ended"},
		{gone, false, "not found"},
		{refused, false, "refused"},
		{nil, false, "ok"},
		{fmt.Errorf("POST /x: %w", api.ErrTimeout), false, "unknown: no answer in time"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, ClassifyCall(c.err, c.seen), "%v seen=%v", c.err, c.seen)
	}
}
