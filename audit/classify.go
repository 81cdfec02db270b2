package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/callboard/callboard/api"
)

// The fixed Result texts. Anything else is ResultErrorPrefix followed by
// the reason.
const (
	ResultOK      = "ok"
	ResultRefused = "refused"
	ResultEnded   = "call ended"
	// ResultTimeout: the request may or may not have reached RingCX and
	// taken effect; an audit must not claim either.
	ResultTimeout = "unknown: no answer in time"
	// ResultCancelled: callboard gave up waiting (the operator quit or
	// cancelled); as with a timeout, the action may have happened.
	ResultCancelled   = "unknown: cancelled before an answer"
	ResultErrorPrefix = "error: "
)

// maxReason bounds an error's text in a record: the record is one line
// and the table one row.
const maxReason = 300

// Classify is the Result text for an action's error (nil is ResultOK).
func Classify(err error) string {
	var rl *api.RateLimitError
	var ae *api.APIError
	switch {
	case err == nil:
		return ResultOK
	case errors.Is(err, api.ErrRefused):
		return ResultRefused
	case errors.Is(err, api.ErrCallNotFound):
		return ResultEnded
	case errors.Is(err, api.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return ResultTimeout
	case errors.Is(err, context.Canceled):
		return ResultCancelled
	case errors.As(err, &rl):
		return ResultErrorPrefix + "rate limited, retry in " + rl.RetryAfter.Round(time.Second).String()
	case errors.As(err, &ae):
		return ResultErrorPrefix + api.Clean(apiReason(ae), maxReason)
	}
	return ResultErrorPrefix + api.Clean(requestPrefix.ReplaceAllString(err.Error(), ""), maxReason)
}

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
