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
		{&api.RateLimitError{RetryAfter: 12300 * time.Millisecond}, "error: rate limited, retry in 12s"},
		{&api.APIError{StatusCode: 403, Message: "Access is denied"}, "error: permission denied: Access is denied"},
		{&api.APIError{StatusCode: 401}, "error: not signed in"},
		{&api.APIError{StatusCode: 500, Message: "boom", Details: "db down"}, "error: 500 Internal Server Error: boom; db down"},
		{&api.InputError{Field: "phone", Value: "x", Reason: "letters are not allowed"}, `error: invalid phone "x": letters are not allowed`},
		{wrap(errors.New("connection refused")), "error: connection refused"},
		{errors.New("two\nlines\x1b[31m"), "error: two lines"},
		{fmt.Errorf("monitor: %w", &api.NotAllowedError{Reason: api.NotAllowedViewer}), ResultNotAllowed},
		{&api.NotAllowedError{Reason: api.NotAllowedReadOnly}, ResultReadOnly},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Classify(c.err), "%v", c.err)
	}
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
