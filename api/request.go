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
	r, err := c.request(ctx, method, query, def, segments...)
	if err != nil {
		return nil, err
	}
	if err := c.admit(ctx, r); err != nil {
		return nil, err
	}
	return c.exchange(ctx, r)
}

// apiRequest is one API request ready to go: a walk over pages admits each
// page itself (so it knows what it was charged) and sends it elsewhere.
type apiRequest struct {
	method, path, target string
	prio                 Priority
	// pooled: the body is read into a recycled buffer, and the caller
	// hands it back with response.release once decoded.
	pooled bool
}

func (c *Client) request(ctx context.Context, method string, query url.Values, def Priority, segments ...string) (*apiRequest, error) {
	if c.auth == nil {
		return nil, fmt.Errorf("%w: no credentials configured", ErrUnauthorized)
	}
	path := c.t.endpoint(segments...)
	u := *c.t.server
	u.Path = path
	u.RawQuery = query.Encode()
	return &apiRequest{method: method, path: path, target: u.String(), prio: priorityFrom(ctx, def)}, nil
}

// admit is what a request waits for before it is sent: the pacer of a
// multi-request read (if ctx has one), then the request budget, which
// charges it.
func (c *Client) admit(ctx context.Context, r *apiRequest) error {
	if err := pace(ctx); err != nil {
		return fmt.Errorf("%s %s: waiting for its turn: %w", r.method, r.path, err)
	}
	return c.waitBudget(ctx, r)
}

func (c *Client) waitBudget(ctx context.Context, r *apiRequest) error {
	if err := c.budget.Wait(ctx, r.prio); err != nil {
		return fmt.Errorf("%s %s: waiting for the request budget: %w", r.method, r.path, err)
	}
	return nil
}

// exchange sends an admitted request and reads its answer. A retry (after
// renewing an expired credential, or an action's short 429) is another
// request and waits for the budget again.
func (c *Client) exchange(ctx context.Context, r *apiRequest) (*response, error) {
	renewed, retried := false, false
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := c.waitBudget(ctx, r); err != nil {
				return nil, err
			}
		}
		req, err := http.NewRequestWithContext(ctx, r.method, r.target, http.NoBody)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
		}
		cred, err := c.auth.Apply(ctx, req)
		if err != nil {
			return nil, err
		}
		resp, err := c.t.sendBody(ctx, req, r.path, r.pooled)
		if err != nil {
			return nil, err
		}
		noteResponse(ctx, resp.Response)
		c.log.Debug("request", "method", r.method, "path", r.path, "status", resp.StatusCode, "request_id", c.t.clean(firstHeader(resp.Header, "X-Request-Id", "RCRequestId")))
		switch {
		case resp.StatusCode == http.StatusUnauthorized && !renewed && expiredBody.Match(resp.body):
			resp.release()
			renewed = true
			if err := c.auth.Renew(ctx, cred); err != nil {
				return nil, err
			}
			continue
		case resp.StatusCode == http.StatusTooManyRequests:
			wait := parseRetryAfter(resp.Header, time.Now())
			c.budget.PauseFor(wait)
			if r.prio == PriorityAction && !retried && wait <= c.maxRetryWait && fitsDeadline(ctx, wait) {
				resp.release()
				retried = true
				continue // the budget holds this request until the pause ends
			}
			err := &RateLimitError{RetryAfter: wait, API: newAPIError(resp.Response, resp.body, r.method, r.path, c.t.clean)}
			resp.release()
			return nil, err
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			err := newAPIError(resp.Response, resp.body, r.method, r.path, c.t.clean)
			resp.release()
			return nil, err
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
