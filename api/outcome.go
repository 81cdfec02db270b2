package api

import (
	"context"
	"errors"
)

// OutcomeUnknown reports whether err, an action's error, leaves open
// whether the action took effect: it was (or may have been) sent and no
// answer says what became of it — RingCX's answer was lost (ErrAnswerLost,
// or a gateway's 502/503/504 answering in its place), none came in time
// (ErrTimeout, a deadline), or callboard gave up waiting after sending (a
// cancel). An action never sent (ErrNotSent) is not unknown: nothing
// happened, whatever its cause wraps. Nor is one RingCX or the service
// answered (refused, not found, not allowed).
//
// It is the one rule for "maybe": the audit log's unknown results
// (audit.Classify) and the shared session state's "maybe open" both follow
// it, so a board never shows a session as gone that the log keeps as
// possibly open, or the reverse.
func OutcomeUnknown(err error) bool {
	var ae *APIError
	switch {
	case err == nil, errors.Is(err, ErrNotSent):
		return false
	case errors.Is(err, ErrAnswerLost), errors.As(err, &ae) && IsGatewayStatus(ae.StatusCode):
		return true
	case errors.Is(err, ErrNotAllowed), errors.Is(err, ErrRefused), errors.Is(err, ErrCallNotFound):
		return false
	}
	return errors.Is(err, ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}
