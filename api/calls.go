package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ListActiveCalls reads one page of active calls in the given scope.
func (c *Client) ListActiveCalls(ctx context.Context, opts ListOptions) ([]ActiveCall, error) {
	r, err := c.listRequest(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := c.admit(ctx, r); err != nil {
		return nil, err
	}
	return c.readPage(ctx, r, opts.Page)
}

// readPage sends an admitted page request and decodes the answer, handing
// its body back for the next page. A failed request's error is the
// request's own (it names the path; people see it as it is).
func (c *Client) readPage(ctx context.Context, r *apiRequest, page int) ([]ActiveCall, error) {
	resp, err := c.exchange(ctx, r)
	if err != nil {
		return nil, err
	}
	calls, err := decodeCalls(resp)
	resp.release()
	if err != nil {
		return nil, fmt.Errorf("active calls page %d: %w", page, err)
	}
	return calls, nil
}

// ListAllActiveCalls walks every page of the scope, starting at page 0 and
// stopping at the first short or empty page, and returns the calls (each
// uii once, even if a call moved between pages while they were read) and
// the number of requests it made. Up to opts.Expect calls' worth of pages
// are fetched concurrently (see pageWalk); the answer is the same as
// reading them one by one.
func (c *Client) ListAllActiveCalls(ctx context.Context, opts ListOptions) ([]ActiveCall, int, error) {
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultPageSize
	}
	w := newPageWalk(ctx, c, opts)
	defer w.stop()
	return w.run()
}

// mergePages concatenates pages in one allocation (decoding into one
// growing slice instead copies more, by doubling). A call arriving while the
// pages are read shifts later calls down a place, so the end of one page
// reappears at the start of the next: that prefix is dropped, checked
// against the previous page, the only place it can come from.
func mergePages(pages [][]ActiveCall) []ActiveCall {
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	all := make([]ActiveCall, 0, total)
	for k, p := range pages {
		if k > 0 {
			for len(p) > 0 && containsUII(pages[k-1], p[0].UII) {
				p = p[1:]
			}
		}
		all = append(all, p...)
	}
	return all
}

func containsUII(calls []ActiveCall, uii string) bool {
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].UII == uii {
			return true
		}
	}
	return false
}

func (c *Client) listQuery(opts ListOptions) (url.Values, error) {
	if err := validateAccountID(c.accountID); err != nil {
		return nil, err
	}
	q := url.Values{}
	switch {
	case opts.Product != "":
		if !opts.Product.Valid() {
			return nil, &InputError{Field: "product", Value: string(opts.Product), Reason: "not a RingCX product (e.g. ACCOUNT, ACD, OUTBOUND, DNIS)"}
		}
		if err := validateProductID(opts.ProductID); err != nil {
			return nil, err
		}
		q.Set("product", string(opts.Product))
		q.Set("productId", opts.ProductID)
		if opts.ExternalID != "" {
			q.Set("externalId", opts.ExternalID)
		}
	case opts.ExternalID != "":
		q.Set("externalId", opts.ExternalID)
	default:
		return nil, &InputError{Field: "scope", Reason: "give a product and product id, or an external id"}
	}
	if opts.Page < 0 {
		return nil, &InputError{Field: "page", Value: strconv.Itoa(opts.Page), Reason: "pages start at 0"}
	}
	rows := opts.MaxRows
	if rows <= 0 {
		rows = DefaultPageSize
	}
	q.Set("page", strconv.Itoa(opts.Page))
	q.Set("maxRows", strconv.Itoa(rows))
	return q, nil
}

// decodeCalls reads a list answer: a JSON array, or nothing at all (204).
func decodeCalls(resp *response) ([]ActiveCall, error) {
	body := bytes.TrimSpace(resp.body)
	if resp.StatusCode == http.StatusNoContent || len(body) == 0 {
		return []ActiveCall{}, nil
	}
	return DecodeActiveCalls(body)
}

// DecodeActiveCalls decodes a list answer body. It is exported for the fuzz
// target and for tools that read saved answers.
func DecodeActiveCalls(body []byte) ([]ActiveCall, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '[' {
		return nil, fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeBody(body))
	}
	calls, err := decodeCallList(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
	}
	return calls, nil
}

func describeBody(b []byte) string {
	if len(b) == 0 {
		return "an empty body"
	}
	return fmt.Sprintf("%q", truncateForError(b))
}

// Accounts lists the RingCX accounts the signed-in user can see.
func (c *Client) Accounts(ctx context.Context) ([]Account, error) {
	resp, err := c.do(ctx, http.MethodGet, nil, PriorityAction, "admin", "accounts")
	if err != nil {
		return nil, err
	}
	body := bytes.TrimSpace(resp.body)
	if resp.StatusCode == http.StatusNoContent || len(body) == 0 {
		return []Account{}, nil
	}
	var accounts []Account
	if err := json.Unmarshal(body, &accounts); err != nil {
		return nil, fmt.Errorf("accounts: %w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
	}
	return accounts, nil
}

// CreateManualAgentCall makes a logged-in agent's phone dial Destination.
func (c *Client) CreateManualAgentCall(ctx context.Context, r ManualCallRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	q := url.Values{
		"username":     {strings.TrimSpace(r.Username)},
		"destination":  {r.Destination},
		"ringDuration": {strconv.Itoa(r.RingDuration)},
		"callerId":     {r.CallerID},
	}
	return c.action(ctx, "create manual agent call", "", q, "createManualAgentCall")
}

// AddSession adds a supervisor session of type t on the call, dialling
// destination (the supervisor's phone).
func (c *Client) AddSession(ctx context.Context, uii, destination string, t SessionType) error {
	if err := ValidateAddSession(uii, destination, t); err != nil {
		return err
	}
	q := url.Values{"destination": {destination}, "sessionType": {string(t)}}
	return c.action(ctx, "add "+strings.ToLower(string(t))+" session", uii, q, uii, "addSessionToCall")
}

// HangupSession removes the supervisor session that dialled phone.
func (c *Client) HangupSession(ctx context.Context, uii, phone string) error {
	if err := ValidateHangupSession(uii, phone); err != nil {
		return err
	}
	return c.action(ctx, "end session", uii, url.Values{"phone": {phone}}, uii, "hangupSession")
}

// HangupCall ends the call for everyone on it.
func (c *Client) HangupCall(ctx context.Context, uii string) error {
	if err := ValidateUII(uii); err != nil {
		return err
	}
	return c.action(ctx, "hang up", uii, nil, uii, "hangupCall")
}

// ToggleRecording starts (on) or stops recording the call.
func (c *Client) ToggleRecording(ctx context.Context, uii string, on bool) error {
	if err := ValidateUII(uii); err != nil {
		return err
	}
	what := "stop recording"
	if on {
		what = "start recording"
	}
	return c.action(ctx, what, uii, url.Values{"record": {strconv.FormatBool(on)}}, uii, "toggleCallRecording")
}

// Disposition sets the call's disposition (and callback request).
func (c *Client) Disposition(ctx context.Context, uii string, r DispositionRequest) error {
	if err := ValidateUII(uii); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	q := url.Values{"disposition": {strings.TrimSpace(r.Disposition)}, "callback": {strconv.FormatBool(r.Callback)}}
	if r.CallbackDTS != "" {
		q.Set("callBackDTS", r.CallbackDTS)
	}
	if r.Notes != "" {
		q.Set("notes", r.Notes)
	}
	return c.action(ctx, "disposition", uii, q, uii, "dispositionCall")
}

// action posts one Active Calls action and reads its text/plain boolean
// answer: `true` is success, `false` is ErrRefused. An empty 2xx body (the
// spec's bare 201 Created) is success too. A 404 on a call means it ended.
// Any other 2xx body is an *AnswerLostError ("unreadable answer"): RingCX
// took the request, and what it did is unknown.
func (c *Client) action(ctx context.Context, what, uii string, q url.Values, segments ...string) error {
	if err := validateAccountID(c.accountID); err != nil {
		return err
	}
	path := append([]string{"admin", "accounts", c.accountID, "activeCalls"}, segments...)
	r, err := c.request(ctx, http.MethodPost, q, PriorityAction, path...)
	if err != nil {
		return err
	}
	r.acts = true
	resp, err := c.send(ctx, r)
	if err != nil {
		var apiErr *APIError
		if uii != "" && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
			return &callError{uii: uii, api: apiErr}
		}
		return err
	}
	switch answer := strings.ToLower(string(bytes.TrimSpace(resp.body))); answer {
	case "true", "":
		return nil
	case "false":
		return &refusedError{action: what, uii: uii}
	default:
		return &AnswerLostError{Method: r.method, Path: r.path, Cause: causeUnreadable, RequestID: c.t.requestID(resp.Header)}
	}
}
