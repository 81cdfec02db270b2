package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/console"
)

// What callboard says on exit of the actions still out is worded from what
// Shutdown reported — the outcome written, or that none could be — never
// an outcome claimed before it is in the audit log.
func TestExitSaysTheOutcomesShutdownRecorded(t *testing.T) {
	assert.Equal(t, []string{`callboard: no answer in time; the audit log records that action's outcome as "unknown: cancelled before an answer" — check the call`},
		closedText(true, console.Closed{Results: []string{audit.ResultCancelled}}))
	assert.Equal(t, []string{`callboard: no answer in time; the audit log records that action's outcome as "not sent: callboard was stopping"`},
		closedText(true, console.Closed{Results: []string{"not sent: callboard was stopping"}}), "not sent: nothing to check")
	assert.Equal(t, []string{"callboard: no answer in time, and the outcome of 1 action could not be recorded before exit: the audit log shows it without an outcome — check the call"},
		closedText(true, console.Closed{Unrecorded: 1}), "never 'records it as unknown' when it could not")
	assert.Equal(t, []string{"callboard: no answer in time, and the outcome of 2 actions could not be recorded before exit: the audit log shows them without an outcome — check the call"},
		closedText(true, console.Closed{Unrecorded: 2}))
	assert.Equal(t, []string{"callboard: the last action ended; its outcome is in the audit log"},
		closedText(true, console.Closed{}), "it ended by itself between the wait and the cancel")
	assert.Empty(t, closedText(false, console.Closed{}), "nothing was out: nothing to say")
}
