package poller

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

// A feed's failures leave lines in the debug log, one per change of state
// — live to stale with the typed reason, the cleaned error and the next
// try, and live again with how long it was down — not one per retry: a
// storm of 401s left only "board started" and "board stopped". What
// RingCX sent reaches the log cleaned of escapes and bidi overrides.
func TestFeedStateChangesAreLoggedOnce(t *testing.T) {
	var logs bytes.Buffer
	src := &pagedSource{calls: 3, pageSize: 500}
	r := pagedRig(t, src, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	s := r.list()
	require.Equal(t, StateLive, s.Status.State)
	assert.Empty(t, logs.String(), "a feed going live the first time is no news")

	src.set(func(s *pagedSource) {
		s.err = &api.APIError{StatusCode: http.StatusUnauthorized, Message: "Jwt is expired\x1b[2J\u202e"}
	})
	for range 6 {
		s = r.listAt(s)
		require.Equal(t, StateStale, s.Status.State)
	}
	out := logs.String()
	assert.Equal(t, 1, strings.Count(out, "is stale"), out)
	assert.Contains(t, out, `reason="signed out"`)
	assert.Contains(t, out, "Jwt is expired")
	assert.Contains(t, out, "next_try_in=")
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\u202e")

	src.set(func(s *pagedSource) { s.err = &api.APIError{StatusCode: http.StatusForbidden} })
	s = r.listAt(s)
	require.Equal(t, StateFailed, s.Status.State)
	assert.Equal(t, 1, strings.Count(logs.String(), "is failed"), "a new reason is a new line")

	src.set(func(s *pagedSource) { s.err = nil })
	s = r.listAt(s)
	require.Equal(t, StateLive, s.Status.State)
	s = r.listAt(s)
	out = logs.String()
	assert.Equal(t, 1, strings.Count(out, "live again"), out)
	assert.Contains(t, out, "down_for=")
	assert.Contains(t, out, "failures=7")
	assert.Equal(t, 3, strings.Count(out, "\n"), "three changes, three lines: "+out)
}
