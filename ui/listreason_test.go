package ui

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
)

// ListReason is the one wording of a missing list for the commands and the
// board's pickers alike.
func TestListReasonWordsTheTypedReasonsOnce(t *testing.T) {
	for _, err := range []error{ErrNoLookup, ErrNoAgentOnCall, ErrQueueNotListed, api.ErrTimeout, api.ErrNotFound} {
		require.Equal(t, listReason(err, "unused"), ListReason(fmt.Errorf("reading the list: %w", err)), "%v", err)
	}
	require.Equal(t, "RingCX refused it (this user may lack reporting rights or access to the queue's settings)",
		ListReason(fmt.Errorf("x: %w", api.ErrForbidden)))
	require.Equal(t, "RingCX said try later (HTTP 503)",
		ListReason(fmt.Errorf("x: %w", &api.APIError{StatusCode: 503, Message: "try later"})), "the status is said: a command's reader may need it")
	require.Equal(t, "RingCX's answer was lost (answer cut short)",
		ListReason(fmt.Errorf("x: %w", &api.AnswerLostError{Method: "GET", Path: "/x", Cause: "answer cut short"})), "a lost answer is worded as the board words it")
	require.Equal(t, "something odd", ListReason(fmt.Errorf("something odd\x1b[31m")))
}
