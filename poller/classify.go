package poller

import (
	"errors"
	"net/http"
	"time"

	"github.com/callboard/callboard/api"
)

// Reason is why refreshing failed: for StateFailed, what the person has
// to change (retrying will not fix it); for StateStale, what the poller
// is waiting out when it knows (a sign-in, RingCX's rate limit). The
// poller only classifies; the ui words it (the key to retry may be
// rebound, and a viewer over SSH has none of the server's environment
// variables to check).
type Reason int

// The reasons.
const (
	ReasonNone Reason = iota
	// ReasonCredentials: RingCX rejected the sign-in, or refused a
	// renewed session with nothing here to sign in afresh with
	// (api.ErrSignInNeeded: an access token without a JWT). Either way
	// only new credentials help.
	ReasonCredentials
	// ReasonPermission: the user may not read the account's active calls.
	ReasonPermission
	// ReasonInvalidRequest: RingCX refused the request as given (scope,
	// account id).
	ReasonInvalidRequest
	// ReasonNotFound: RingCX has no such account or path.
	ReasonNotFound
	// ReasonSignedOut: RingCX refused a request's session (401) although
	// the client had renewed it, and the client can sign in afresh (it
	// has a JWT). Not the person's to fix: the poller retries with
	// backoff, and the client signs in afresh on the way (StateStale).
	ReasonSignedOut
	// ReasonRateLimited: RingCX answered 429. The poller waits out its
	// Retry-After (NextTry), and a refresh asked for by hand does not cut
	// the wait short (StateStale).
	ReasonRateLimited
)

// String is the reason's name for the debug log (the ui words reasons
// for people).
func (r Reason) String() string {
	names := [...]string{"none", "credentials", "permission", "invalid request", "not found", "signed out", "rate limited"}
	if r < 0 || int(r) >= len(names) {
		return "unknown"
	}
	return names[r]
}

// verdict is what a failed fetch means for the next attempt.
type verdict struct {
	reason Reason // why; ReasonNone: nothing more is known
	// permanent: retrying will not help until the person fixes reason.
	permanent bool
	atLeast   time.Duration // wait no less than this (Retry-After)
}

// classify sorts failures into "retry with backoff" and "retrying will not
// help". A sign-in whose credentials RingCX rejected is the person's to
// fix, and so is a session RingCX ended when nothing here can sign in
// afresh (api.ErrSignInNeeded); a request refused as unauthorised after
// the client renewed its token is not — the session ended on RingCX's
// side, and the next try signs in again — so it is retried like any
// outage.
func classify(err error) verdict {
	var rl *api.RateLimitError
	if errors.As(err, &rl) {
		return verdict{reason: ReasonRateLimited, atLeast: rl.RetryAfter}
	}
	var signIn *api.SignInError
	var apiErr *api.APIError
	switch {
	case errors.Is(err, api.ErrSignInNeeded):
		return verdict{reason: ReasonCredentials, permanent: true}
	case errors.As(err, &signIn) && errors.Is(signIn, api.ErrUnauthorized):
		return verdict{reason: ReasonCredentials, permanent: true}
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized:
		return verdict{reason: ReasonSignedOut}
	}
	return classifyRefusal(err)
}

// classifyRefusal sorts the failures retrying cannot fix from the rest.
// An unauthorised error here carries no answer from RingCX: the client
// could not renew the credential at all (an expired access token without
// a refresh token, a revoked API token, none configured).
func classifyRefusal(err error) verdict {
	switch {
	case errors.Is(err, api.ErrUnauthorized):
		return verdict{reason: ReasonCredentials, permanent: true}
	case errors.Is(err, api.ErrForbidden):
		return verdict{reason: ReasonPermission, permanent: true}
	case errors.Is(err, api.ErrInvalidInput):
		return verdict{reason: ReasonInvalidRequest, permanent: true}
	case errors.Is(err, api.ErrNotFound):
		return verdict{reason: ReasonNotFound, permanent: true}
	}
	return verdict{}
}
