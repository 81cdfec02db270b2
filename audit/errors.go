package audit

import (
	"errors"
	"fmt"
)

// ErrNotAudited matches (errors.Is) every Recorder error caused by the
// audit log rather than by the action.
var ErrNotAudited = errors.New("the audit log could not be written")

// WriteError is a Recorder action whose audit record could not be
// written. Sent says which of the two cases it is: false, the intent
// failed and nothing was sent; true, the action was sent (Result is what
// came of it, ActionErr its error if any) but its outcome is not in the log.
type WriteError struct {
	Action    string
	UII       string
	Sent      bool
	Result    string
	Err       error // the audit log's error
	ActionErr error // the action's own error, when Sent
}

func (e *WriteError) Error() string {
	what := e.Action
	if e.UII != "" {
		what += " on call " + e.UII
	}
	if !e.Sent {
		return fmt.Sprintf("%s not sent: the audit log could not be written: %v", what, e.Err)
	}
	return fmt.Sprintf("%s was sent (result: %s) but its outcome could not be written to the audit log: %v", what, e.Result, e.Err)
}

// Is makes every WriteError match ErrNotAudited.
func (e *WriteError) Is(target error) bool { return target == ErrNotAudited }

// Unwrap exposes both causes, so errors.Is(err, api.ErrRefused) still
// answers for an action whose outcome went unrecorded.
func (e *WriteError) Unwrap() []error {
	if e.ActionErr != nil {
		return []error{e.Err, e.ActionErr}
	}
	return []error{e.Err}
}
