package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
)

// The fixed Result texts. Anything else is ResultErrorPrefix followed by
// the reason.
const (
	ResultOK      = "ok"
	ResultRefused = "refused"
	// ResultEnded: RingCX no longer knows a call that was seen active in
	// this run (404): it has ended.
	ResultEnded = "call ended"
	// ResultNotFound: RingCX does not know a uii this run never saw active
	// (404). It may have ended, or never been a call (a mistyped uii): the
	// audit does not claim which.
	ResultNotFound = "not found"
	// ResultTimeout: the request may or may not have reached RingCX and
	// taken effect; an audit must not claim either.
	ResultTimeout = "unknown: no answer in time"
	// ResultAnswerLost: the action was sent and RingCX's answer was lost
	// (api.ErrAnswerLost: the connection dropped, the answer was cut short,
	// a gateway answered 502/503/504). It may have run.
	ResultAnswerLost = "unknown: sent; RingCX's answer was lost — check the call"
	// ResultNotSentPrefix starts the result of an action that was never
	// sent (api.ErrNotSent), followed by why: nothing happened.
	ResultNotSentPrefix = "not sent: "
	// ResultCancelled: callboard gave up waiting (the operator quit or
	// cancelled); as with a timeout, the action may have happened.
	ResultCancelled = "unknown: cancelled before an answer"
	// ResultNotAllowed: the service refused the action before sending it,
	// because the person is a viewer; ResultReadOnly, because the service
	// is read-only. Neither is "refused" — RingCX's false, which the
	// session replay reads as "no such session".
	ResultNotAllowed  = "not allowed: " + string(api.NotAllowedViewer)
	ResultReadOnly    = "not allowed: " + string(api.NotAllowedReadOnly)
	ResultErrorPrefix = "error: "
)

// maxReason bounds an error's text in a record: the record is one line
// and the table one row.
const maxReason = 300

// ClassifyCall is the Result text for an action on a call: Classify, except
// that a 404 (ResultEnded) on a call not seen active in this run is
// ResultNotFound — a record must not say a call ended when nothing showed
// it was ever active.
func ClassifyCall(err error, seen bool) string {
	result := Classify(err)
	if result == ResultEnded && !seen {
		return ResultNotFound
	}
	return result
}

// Classify is the Result text for an action's error (nil is ResultOK), for
// a call seen active (a 404 is ResultEnded; see ClassifyCall).
//
// Not sent and answer lost come ahead of everything else: a request never
// sent did nothing whatever its cause says, and one whose answer was lost
// may have run whatever its cause says. A gateway's 502/503/504 answering
// for RingCX is an answer lost too, whether or not the client has already
// said so: the audit never claims an action failed on a gateway's word.
func Classify(err error) string {
	var rl *api.RateLimitError
	var ae *api.APIError
	var na *api.NotAllowedError
	var ns *api.NotSentError
	switch {
	case err == nil:
		return ResultOK
	case errors.As(err, &ns):
		return ResultNotSentPrefix + notSentWords(ns)
	case errors.Is(err, api.ErrNotSent):
		return ResultNotSentPrefix + "nothing was sent"
	case errors.Is(err, api.ErrAnswerLost), errors.As(err, &ae) && api.IsGatewayStatus(ae.StatusCode):
		return ResultAnswerLost
	case errors.As(err, &na):
		return "not allowed: " + api.Clean(string(na.Reason), 40)
	case errors.Is(err, api.ErrRefused):
		return ResultRefused
	case errors.Is(err, api.ErrCallNotFound):
		return ResultEnded
	case errors.Is(err, api.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return ResultTimeout
	case errors.Is(err, context.Canceled):
		return ResultCancelled
	case errors.As(err, &rl):
		return ResultErrorPrefix + rateLimitedWords(rl)
	case errors.As(err, &ae):
		return ResultErrorPrefix + api.Clean(apiReason(ae), maxReason)
	}
	return ResultErrorPrefix + api.Clean(requestPrefix.ReplaceAllString(err.Error(), ""), maxReason)
}

// rateLimitedWords says what a 429 did, after ResultErrorPrefix: the
// record is permanent, so it keeps what RingCX asked for ("it asked to
// wait 2m0s") rather than advice ("retry in 2m0s") that is stale a
// minute later. RingCX did not act; the standing is failed, as for any
// other refusal by RingCX (print.go's Standing).
func rateLimitedWords(e *api.RateLimitError) string {
	wait := e.RetryAfter.Round(time.Second)
	switch {
	case e.API == nil && wait > 0:
		return fmt.Sprintf("rate limited: callboard held it back for %s (%s limit)", wait, api.Clean(e.Limit, 40))
	case e.API == nil:
		return fmt.Sprintf("rate limited: callboard held it back (%s limit)", api.Clean(e.Limit, 40))
	case wait > 0:
		return fmt.Sprintf("rate limited by RingCX, which did not act (it asked to wait %s)", wait)
	}
	return "rate limited by RingCX, which did not act"
}

// notSentWords says why a request was never sent, after ResultNotSentPrefix.
// A sign-in failure carries its cause, cleaned and bounded: it is the
// server's or the network's words.
func notSentWords(e *api.NotSentError) string {
	switch e.Reason {
	case api.NotSentDeadline:
		if e.Waited <= 0 {
			return "its turn did not come before the action deadline"
		}
		return "waited " + e.Waited.Round(time.Second).String() + " for its turn (action deadline)"
	case api.NotSentStopping:
		return "callboard was stopping"
	case api.NotSentNoConnection:
		return "no connection to RingCX"
	case api.NotSentSignIn:
		if e.Err == nil {
			return "sign-in failed"
		}
		return "sign-in failed: " + api.Clean(requestPrefix.ReplaceAllString(e.Err.Error(), ""), maxReason)
	}
	return api.Clean(string(e.Reason), 40)
}

// Unknown reports whether result leaves open whether the action took
// effect: no answer in time, cancelled after sending, or the answer lost.
// The session replay keeps what such an action may have started, and the
// commands exit exitUnknown.
func Unknown(result string) bool { return strings.HasPrefix(result, "unknown") }

// NotSent reports whether result says the action was never sent: nothing
// happened.
func NotSent(result string) bool { return strings.HasPrefix(result, ResultNotSentPrefix) }

// apiReason says what the server's refusal means, then the server's own
// words. The status code is in the record's http_status already.
func apiReason(e *api.APIError) string {
	var what string
	switch e.StatusCode {
	case http.StatusUnauthorized:
		what = "not signed in"
	case http.StatusForbidden:
		what = "permission denied"
	default:
		what = fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if reason := e.Reason(); reason != "" {
		return what + ": " + reason
	}
	return what
}

// requestPrefix is the "POST /voice/api/v1/admin/accounts/…: " the client
// puts before transport errors. The record already names the action, call
// and account; the path only buries the reason.
var requestPrefix = regexp.MustCompile(`^[A-Z]+ /\S*: `)
