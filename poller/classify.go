package poller

import (
	"errors"
	"net/http"
	"time"

	"github.com/callboard/callboard/api"
)

// Reason is why refreshing failed in a way retrying will not fix: what
// the person has to change. The poller only classifies; the ui words it
// (the key to retry may be rebound, and a viewer over SSH has none of the
// server's environment variables to check).
type Reason int

// The reasons.
const (
	ReasonNone Reason = iota
	// ReasonCredentials: RingCX rejected the sign-in.
	ReasonCredentials
	// ReasonPermission: the user may not read the account's active calls.
	ReasonPermission
	// ReasonInvalidRequest: RingCX refused the request as given (scope,
	// account id).
	ReasonInvalidRequest
	// ReasonNotFound: RingCX has no such account or path.
	ReasonNotFound
)

// verdict is what a failed fetch means for the next attempt.
type verdict struct {
	reason  Reason        // what the person should fix; ReasonNone: retrying may help
	atLeast time.Duration // wait no less than this (Retry-After)
}

func (v verdict) permanent() bool { return v.reason != ReasonNone }

// classify sorts failures into "retry with backoff" and "retrying will not
// help". The client has already renewed an expired token once, so an
// authorisation failure that reaches here is real.
func classify(err error) verdict {
	var rl *api.RateLimitError
	if errors.As(err, &rl) {
		return verdict{atLeast: rl.RetryAfter}
	}
	switch {
	case errors.Is(err, api.ErrUnauthorized):
		return verdict{reason: ReasonCredentials}
	case errors.Is(err, api.ErrForbidden):
		return verdict{reason: ReasonPermission}
	case errors.Is(err, api.ErrInvalidInput):
		return verdict{reason: ReasonInvalidRequest}
	}
	var apiErr *api.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		return verdict{reason: ReasonNotFound}
	}
	return verdict{}
}
