package poller

import (
	"errors"
	"net/http"
	"time"

	"github.com/callboard/callboard/api"
)

// verdict is what a failed fetch means for the next attempt.
type verdict struct {
	permanent bool
	hint      string        // what the person should fix (permanent only)
	atLeast   time.Duration // wait no less than this (Retry-After)
}

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
		return verdict{permanent: true, hint: "RingCX rejected the credentials: check RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT (or RINGCX_ACCESS_TOKEN / RINGCX_API_TOKEN), then press R"}
	case errors.Is(err, api.ErrForbidden):
		return verdict{permanent: true, hint: "permission denied: this user cannot read the account's active calls; ask a RingCX admin for access, or check RINGCX_ACCOUNT_ID"}
	case errors.Is(err, api.ErrInvalidInput):
		return verdict{permanent: true, hint: "the request is invalid: check the scope (--product, --product-id, --external-id) and the account id"}
	}
	var apiErr *api.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		return verdict{permanent: true, hint: "RingCX has no such account or path: check RINGCX_SERVER_URL and RINGCX_ACCOUNT_ID"}
	}
	return verdict{}
}
