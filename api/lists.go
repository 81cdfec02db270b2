package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// PageOptions pages the reference lists whose spec operations take page and
// maxRows (agentGroups, gateGroups/withChildren, gates, dialGroups/
// withChildren). The zero value sends neither, and the server answers its
// whole list, which is what a console wants for lists this size. The spec
// does not say whether page is zero-indexed there; Active Calls' is.
type PageOptions struct {
	Page    int
	MaxRows int // > 0 sends page and maxRows
}

func (o PageOptions) query() (url.Values, error) {
	q := url.Values{}
	if o.Page < 0 {
		return nil, &InputError{Field: "page", Value: strconv.Itoa(o.Page), Reason: "pages start at 0"}
	}
	if o.MaxRows < 0 {
		return nil, &InputError{Field: "maxRows", Value: strconv.Itoa(o.MaxRows), Reason: "must not be negative"}
	}
	if o.MaxRows > 0 {
		q.Set("page", strconv.Itoa(o.Page))
		q.Set("maxRows", strconv.Itoa(o.MaxRows))
	} else if o.Page > 0 {
		return nil, &InputError{Field: "page", Value: strconv.Itoa(o.Page), Reason: "a page needs maxRows"}
	}
	return q, nil
}

// validateID checks an id that goes into the path (agentGroupId,
// gateGroupId, gateId: int32 in the spec). Ids are strings in this package,
// as RingCX's own answers sometimes write them.
func validateID(field, id string) error {
	if id == "" {
		return &InputError{Field: field, Reason: "is required"}
	}
	n, err := strconv.ParseInt(id, 10, 32)
	if err != nil || n < 0 {
		return &InputError{Field: field, Value: Clean(id, 40), Reason: "must be a whole number (int32)"}
	}
	return nil
}

// getList sends one GET under the account and decodes a JSON array of T.
// Lists are background reads (PriorityPoll) unless the context says
// otherwise (WithPriority: a person asked for this list now).
func getList[T any](ctx context.Context, c *Client, what string, q url.Values, segments ...string) ([]T, error) {
	if err := validateAccountID(c.accountID); err != nil {
		return nil, err
	}
	path := append([]string{"admin", "accounts", c.accountID}, segments...)
	resp, err := c.do(ctx, http.MethodGet, q, PriorityPoll, path...)
	if err != nil {
		return nil, err
	}
	var body []byte
	if resp.StatusCode != http.StatusNoContent {
		body = resp.body
	}
	list, err := decodeList[T](body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}

// decodeList reads a list answer: a JSON array, or an empty body (a 204, as
// Active Calls answers an empty list; assumed to hold here too). null reads
// as an empty list. Anything else — an object, text, cut-off JSON — is
// ErrMalformedResponse. The result is never nil.
func decodeList[T any](body []byte) ([]T, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		return []T{}, nil
	}
	if body[0] != '[' {
		return nil, fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeBody(body))
	}
	var list []T
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
	}
	if list == nil {
		list = []T{}
	}
	return list, nil
}
