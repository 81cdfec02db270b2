package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// do sends one API request: budget first (actions ahead of polls), then
// credentials, then the request; a 401 "expired" renews the credential and
// retries once, a 429 pauses the whole budget for Retry-After and retries an
// action once if the wait is short. Every non-2xx answer becomes an error.
func (c *Client) do(ctx context.Context, method string, query url.Values, def Priority, segments ...string) (*response, error) {
	if c.auth == nil {
		return nil, fmt.Errorf("%w: no credentials configured", ErrUnauthorized)
	}
	path := c.t.endpoint(segments...)
	u := *c.t.server
	u.Path = path
	u.RawQuery = query.Encode()
	target := u.String()
	prio := priorityFrom(ctx, def)
	if err := pace(ctx); err != nil {
		return nil, fmt.Errorf("%s %s: waiting for its turn: %w", method, path, err)
	}

	renewed, retried := false, false
	for {
		if err := c.budget.Wait(ctx, prio); err != nil {
			return nil, fmt.Errorf("%s %s: waiting for the request budget: %w", method, path, err)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, http.NoBody)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
		cred, err := c.auth.Apply(ctx, req)
		if err != nil {
			return nil, err
		}
		resp, err := c.t.send(ctx, req, path)
		if err != nil {
			return nil, err
		}
		noteResponse(ctx, resp.Response)
		c.log.Debug("request", "method", method, "path", path, "status", resp.StatusCode, "request_id", c.t.clean(firstHeader(resp.Header, "X-Request-Id", "RCRequestId")))
		switch {
		case resp.StatusCode == http.StatusUnauthorized && !renewed && expiredBody.Match(resp.body):
			renewed = true
			if err := c.auth.Renew(ctx, cred); err != nil {
				return nil, err
			}
			continue
		case resp.StatusCode == http.StatusTooManyRequests:
			wait := parseRetryAfter(resp.Header, time.Now())
			c.budget.PauseFor(wait)
			if prio == PriorityAction && !retried && wait <= c.maxRetryWait && fitsDeadline(ctx, wait) {
				retried = true
				continue // the budget holds this request until the pause ends
			}
			return nil, &RateLimitError{RetryAfter: wait, API: newAPIError(resp.Response, resp.body, method, path, c.t.clean)}
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			return nil, newAPIError(resp.Response, resp.body, method, path, c.t.clean)
		}
		return resp, nil
	}
}

// fitsDeadline reports whether waiting d still leaves the caller's deadline
// in the future; otherwise the 429 is returned at once.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d
}

// ResponseInfo is what the last HTTP answer to a call said, for callers
// that record it (the audit log keeps the status of every action).
type ResponseInfo struct {
	StatusCode int
	RequestID  string
}

type responseInfoKey struct{}

// WithResponseInfo asks the client to fill info with the final answer of
// the requests made with the returned context.
func WithResponseInfo(ctx context.Context, info *ResponseInfo) context.Context {
	return context.WithValue(ctx, responseInfoKey{}, info)
}

func noteResponse(ctx context.Context, resp *http.Response) {
	if info, ok := ctx.Value(responseInfoKey{}).(*ResponseInfo); ok && info != nil {
		info.StatusCode = resp.StatusCode
		info.RequestID = firstHeader(resp.Header, "X-Request-Id", "RCRequestId")
	}
}
