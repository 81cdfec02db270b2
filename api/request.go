package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// do sends one API request: budget first (actions ahead of polls), then
// credentials, then the request; a 401 "expired" renews the credential and
// retries once, a 429 pauses the budget for Retry-After and retries an
// action once if the wait is short. Every non-2xx answer becomes an error.
func (c *Client) do(ctx context.Context, method string, query url.Values, def Priority, segments ...string) (*response, error) {
	r, err := c.request(ctx, method, query, def, segments...)
	if err != nil {
		return nil, err
	}
	return c.send(ctx, r)
}

// send admits r and exchanges it.
func (c *Client) send(ctx context.Context, r *apiRequest) (*response, error) {
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
	// acts: the request changes something on a call (Client.action), so a
	// gateway's 502/503/504 in RingCX's place leaves its outcome unknown.
	acts bool
	// waitStart is when an action first waited for its turn, and deadline
	// is its action deadline from then: one deadline for every wait of
	// the action (the budget, a 429's pause), so that waiting twice never
	// stretches it. Both are zero until the first wait.
	waitStart, deadline time.Time
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

// waitBudget waits for r's turn. A poll waits as long as its context lets
// it. An action has one deadline (WithActionDeadline), started at its
// first wait and shared by every later one (a retry after a 429): past it,
// or past its context's own earlier deadline, it fails as a *NotSentError
// (NotSentDeadline) — or NotSentStopping when ctx was cancelled or the
// budget stopped — and is never sent. Waited is the whole wait since the
// first, and the error names the deadline that was hit.
func (c *Client) waitBudget(ctx context.Context, r *apiRequest) error {
	if r.prio != PriorityAction {
		if err := c.budget.Wait(ctx, r.prio); err != nil {
			return fmt.Errorf("%s %s: waiting for the request budget: %w", r.method, r.path, err)
		}
		return nil
	}
	if r.waitStart.IsZero() {
		r.waitStart = time.Now()
		r.deadline = r.waitStart.Add(c.actionDeadline)
	}
	wctx, cancel := context.WithDeadline(ctx, r.deadline)
	defer cancel()
	err := c.budget.Wait(wctx, r.prio)
	waited := time.Since(r.waitStart)
	var ns *NotSentError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ns):
		return &NotSentError{Reason: ns.Reason, Waited: waited, Err: fmt.Errorf("%s %s: %w", r.method, r.path, ns.Err)}
	case errors.Is(ctx.Err(), context.Canceled):
		return &NotSentError{Reason: NotSentStopping, Waited: waited, Err: fmt.Errorf("%s %s: %w", r.method, r.path, context.Canceled)}
	}
	which := fmt.Sprintf("within %s", c.actionDeadline)
	if dl, ok := ctx.Deadline(); ok && dl.Before(r.deadline) {
		which = fmt.Sprintf("before its caller's deadline, %s after it began waiting", max(0, dl.Sub(r.waitStart)).Round(time.Millisecond))
	}
	return &NotSentError{Reason: NotSentDeadline, Waited: waited, Err: fmt.Errorf("%s %s: no turn %s (request budget or rate-limit pause)", r.method, r.path, which)}
}

// fitsActionDeadline reports whether an action can still wait d and be
// sent before its deadline (see waitBudget).
func (r *apiRequest) fitsActionDeadline(d time.Duration) bool {
	return r.deadline.IsZero() || time.Until(r.deadline) > d
}

// retries counts what exchange has done to get a request through, so that
// each remedy is tried at most once per request.
type retries struct {
	renewed, signedIn, rateLimited bool
}

// exchange sends an admitted request and reads its answer. A retry (after
// renewing an expired credential, or an action's short 429) is another
// request and waits for the budget again. It retries only on an answer
// that proves the request did not run — a 401 or a 429 — so an action is
// never sent twice.
func (c *Client) exchange(ctx context.Context, r *apiRequest) (*response, error) {
	var done retries
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
			return nil, signInFailed(err)
		}
		if h := attemptHooksFrom(ctx); h != nil && h.Sending != nil {
			h.Sending()
		}
		resp, err := c.t.sendBody(ctx, req, r.path, r.pooled)
		if err != nil {
			return nil, err
		}
		id := c.t.requestID(resp.Header)
		noteResponse(ctx, resp.StatusCode, id)
		c.log.Debug("request", "method", r.method, "path", r.path, "status", resp.StatusCode, "request_id", id)
		retry, err := c.judge(ctx, r, resp, cred, &done)
		if retry || err != nil {
			resp.release()
		}
		if retry {
			continue
		}
		if err != nil {
			return nil, err
		}
		return resp, nil
	}
}

// judge reads an answer's status: whether to send the request again (the
// answer proves it did not run, and the remedy was not tried yet), or the
// error it means (nil for 2xx).
func (c *Client) judge(ctx context.Context, r *apiRequest, resp *response, cred string, done *retries) (bool, error) {
	switch code := resp.StatusCode; {
	case code == http.StatusUnauthorized && expiredBody.Match(resp.body):
		notRun(ctx)
		return c.reauthorize(ctx, resp, r, cred, done)
	case code == http.StatusTooManyRequests:
		notRun(ctx)
		return c.rateLimited(ctx, r, resp, done)
	case r.acts && IsGatewayStatus(code):
		return false, &AnswerLostError{Method: r.method, Path: r.path, StatusCode: code, Cause: fmt.Sprintf("%d %s", code, http.StatusText(code)), RequestID: c.t.requestID(resp.Header)}
	case code < 200 || code > 299:
		return false, newAPIError(resp.Response, resp.body, r.method, r.path, c.t.clean)
	}
	return false, nil
}

// reauthorize answers a 401 "expired": renew the credential (refresh) the
// first time; if RingCX still says expired, sign in afresh once (the
// authenticator's full exchange, within its 5-a-minute limit); after that
// the 401 is the answer (the session ended on RingCX's side; a later try
// signs in again). When the authenticator cannot sign in afresh, the 401
// after the renewal is a *SignInError matching ErrSignInNeeded.
// A renewal that fails leaves the request not sent (NotSentSignIn).
func (c *Client) reauthorize(ctx context.Context, resp *response, r *apiRequest, cred string, done *retries) (bool, error) {
	rs, canSignIn := c.auth.(reSigner)
	switch {
	case !done.renewed:
		done.renewed = true
		if err := c.auth.Renew(ctx, cred); err != nil {
			return false, signInFailed(err)
		}
		return true, nil
	case !done.signedIn && canSignIn && rs.canSignInAgain():
		done.signedIn = true
		if err := rs.signInAgain(ctx, cred); err != nil {
			return false, signInFailed(err)
		}
		return true, nil
	}
	apiErr := newAPIError(resp.Response, resp.body, r.method, r.path, c.t.clean)
	if !done.signedIn {
		// Renewed, still refused, and no way to sign in afresh: only new
		// credentials will help (ErrSignInNeeded).
		return false, &SignInError{Step: "RingCX sign-in", Err: fmt.Errorf("%w: %w", ErrSignInNeeded, apiErr)}
	}
	return false, apiErr
}

// reSigner is an authenticator that can sign in afresh, dropping every
// token it holds, when a renewed credential is still refused.
type reSigner interface {
	canSignInAgain() bool
	signInAgain(ctx context.Context, used string) error
}

// rateLimited answers a 429: Retry-After (capped at MaxRetryAfter) pauses
// what was limited — a poll's 429 the polls, an action's the actions and
// the polls — and an action whose wait is short and fits both what is left
// of its action deadline and its context is sent again once, after the
// pause; otherwise the *RateLimitError, with the capped wait, is the
// answer at once (a retry certain to miss its deadline would only turn it
// into "not sent" later).
func (c *Client) rateLimited(ctx context.Context, r *apiRequest, resp *response, done *retries) (bool, error) {
	wait := parseRetryAfter(resp.Header, time.Now())
	c.budget.PauseFor(r.prio, wait)
	if r.prio == PriorityAction && !done.rateLimited && wait <= c.maxRetryWait && fitsDeadline(ctx, wait) && r.fitsActionDeadline(wait) {
		done.rateLimited = true
		return true, nil // the budget holds this request until the pause ends
	}
	return false, &RateLimitError{RetryAfter: wait, API: newAPIError(resp.Response, resp.body, r.method, r.path, c.t.clean)}
}

// IsGatewayStatus is whether code is a gateway's answer in RingCX's
// place: 502, 503 and 504 are what a proxy in front of RingCX answers when
// RingCX itself did not, in time or at all — so an action answered with
// one may have run. It is the one rule for the client and the audit log.
func IsGatewayStatus(code int) bool {
	return code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// signInFailed is a request that could not be sent because signing in (or
// renewing) failed: *NotSentError NotSentSignIn wrapping the sign-in error,
// so errors.Is(err, ErrUnauthorized) and errors.As(err, **SignInError)
// still answer for it — or NotSentStopping when the wait for the sign-in
// was cancelled.
func signInFailed(err error) error {
	var ns *NotSentError
	if errors.As(err, &ns) && ns.Reason == NotSentStopping {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return &NotSentError{Reason: NotSentStopping, Err: err}
	}
	return &NotSentError{Reason: NotSentSignIn, Err: err}
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
	// RequestID is the server's request id, cleaned and at most 128 bytes.
	RequestID string
}

type responseInfoKey struct{}

// WithResponseInfo asks the client to fill info with the final answer of
// the requests made with the returned context.
func WithResponseInfo(ctx context.Context, info *ResponseInfo) context.Context {
	return context.WithValue(ctx, responseInfoKey{}, info)
}

// AttemptHooks follow the attempts of one call made with a context
// (WithAttemptHooks), for a caller that may give the call up only while
// nothing of it can have run: a call may make several requests — a
// sign-in or renewal, an attempt RingCX answered 401 or 429 and the retry
// after it — and only the call's own attempts can be carried out.
type AttemptHooks struct {
	// Sending is called just before each attempt of the call itself (not
	// a sign-in or renewal) is handed to the network. Cancelling the
	// context in it leaves that attempt not sent (a *NotSentError).
	Sending func()
	// NotRun is called when the answer to the attempt last sent proved
	// it did not run — a 401 "expired", a 429 — before the client renews
	// the credential or waits to send it again.
	NotRun func()
}

type attemptHooksKey struct{}

// WithAttemptHooks has the client call h's hooks for the calls made with
// the returned context.
func WithAttemptHooks(ctx context.Context, h *AttemptHooks) context.Context {
	return context.WithValue(ctx, attemptHooksKey{}, h)
}

func attemptHooksFrom(ctx context.Context) *AttemptHooks {
	h, _ := ctx.Value(attemptHooksKey{}).(*AttemptHooks)
	return h
}

// notRun tells ctx's AttemptHooks that the attempt last sent did not run.
func notRun(ctx context.Context) {
	if h := attemptHooksFrom(ctx); h != nil && h.NotRun != nil {
		h.NotRun()
	}
}

func noteResponse(ctx context.Context, status int, requestID string) {
	if info, ok := ctx.Value(responseInfoKey{}).(*ResponseInfo); ok && info != nil {
		info.StatusCode = status
		info.RequestID = requestID
	}
}
