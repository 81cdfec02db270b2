package api

import (
	"bytes"
	"context"
	jsonv1 "encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	v1opts "github.com/go-json-experiment/json/v1"
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

// listOptions are the json v2 options the supervisor lists, their nested
// objects and the signed-in user decode with. Together with the types'
// UnmarshalJSONFrom methods they make json v2 decode exactly what
// encoding/json decoded with the types' UnmarshalJSON (FuzzDecodeListsAgree
// compares the two on every input). Each is there because v2's default
// differs from v1's:
//
//   - MatchCaseInsensitiveNames(true): v1 matches a member to a field
//     exactly, else case-insensitively ("AGENTID" is agentId); v2 only
//     exactly.
//   - MatchCaseSensitiveDelimiter(true) (the v1 package's option): v2's
//     case-insensitive matching also ignores '_' and '-', so "agent_id"
//     would be agentId; v1's did not (strings.EqualFold), and neither does
//     this.
//   - jsontext.AllowDuplicateNames(true): v1 takes a name given twice (the
//     last value wins, as it does here); v2 rejects the object.
//   - jsontext.AllowInvalidUTF8(true): v1 takes bytes that are not UTF-8,
//     and \u escapes of lone surrogates, inside strings; v2 rejects them,
//     which would fail a whole list over one mangled name. What a string
//     then reads as is the types' own doing (readScalar).
//
// The rest of v2's defaults already agree for these types: unknown members
// are skipped, null leaves a pointer field nil and is handed to every other
// field's UnmarshalJSONFrom, and nesting stops at 10,000 levels.
var listOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	v1opts.MatchCaseSensitiveDelimiter(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// listItem is what a list decodes into: a type that reads itself from a
// json v2 decoder, so no element goes through a slower, generic path.
type listItem[T any] interface {
	*T
	json.UnmarshalerFrom
}

// unmarshalWire decodes b with encoding/json into the wire shape W and
// stores what conv makes of it: the UnmarshalJSON of a list element.
func unmarshalWire[W, T any](b []byte, dst *T, conv func(*W) T) error {
	var w W
	if err := jsonv1.Unmarshal(b, &w); err != nil {
		return err
	}
	*dst = conv(&w)
	return nil
}

// unmarshalWireFrom is unmarshalWire for json v2, with the decoder's
// options (listOptions): the UnmarshalJSONFrom of a list element. The wire
// shape comes from pool, zeroed, so a list costs no wire value per row,
// and a member given twice replaces rather than merges, as with
// encoding/json.
func unmarshalWireFrom[W, T any](dec *jsontext.Decoder, dst *T, pool *wirePool[W], conv func(*W) T) error {
	w := pool.get()
	defer pool.put(w)
	if err := json.UnmarshalDecode(dec, w); err != nil {
		return err
	}
	*dst = conv(w)
	return nil
}

// wirePool keeps the wire values of one list element type between rows:
// a wire value is large (a row's every field), and allocating one per row
// cost more than a fifth of decoding the agents feed. The zero value is
// ready to use.
type wirePool[W any] struct{ p sync.Pool }

func (wp *wirePool[W]) get() *W {
	if w, ok := wp.p.Get().(*W); ok {
		return w
	}
	return new(W)
}

// put zeroes w, so the pool holds no row's text, and keeps it.
func (wp *wirePool[W]) put(w *W) {
	var zero W
	*w = zero
	wp.p.Put(w)
}

// getList sends one GET under the account and decodes a JSON array of T.
// Lists are background reads (PriorityPoll) unless the context says
// otherwise (WithPriority: a person asked for this list now).
func getList[T any, PT listItem[T]](ctx context.Context, c *Client, what string, q url.Values, segments ...string) ([]T, error) {
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
	list, err := decodeList[T, PT](body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}

// decodeList reads a list answer: a JSON array, or an empty body (a 204, as
// Active Calls answers an empty list; assumed to hold here too). null reads
// as an empty list. Anything else — an object, text, cut-off JSON — is
// ErrMalformedResponse. The result is never nil.
func decodeList[T any, PT listItem[T]](body []byte) ([]T, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		return []T{}, nil
	}
	if body[0] != '[' {
		return nil, fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeBody(body))
	}
	rows := rowsHint[T]()
	list := make([]T, 0, min(rows.Load(), int64(len(body)/2)))
	if err := json.Unmarshal(body, &list, listOptions); err != nil {
		return nil, malformed(err)
	}
	if list == nil {
		list = []T{}
	}
	rows.Store(int64(len(list)))
	return list, nil
}

// listRows remembers, per element type, how many rows the last list of it
// had: a polled feed is about as long each time, so its slice is made that
// size at once rather than grown row by row (growing it was nine tenths of
// what decoding the agents feed allocated, and much of its garbage
// collection). The hint comes from a list decoded, not from a body, so a
// hostile answer cannot make it large; json v2 decodes into the capacity.
var listRows sync.Map // reflect.Type → *atomic.Int64

func rowsHint[T any]() *atomic.Int64 {
	t := reflect.TypeFor[T]()
	if v, ok := listRows.Load(t); ok {
		return v.(*atomic.Int64)
	}
	v, _ := listRows.LoadOrStore(t, new(atomic.Int64))
	return v.(*atomic.Int64)
}

// malformed words a decoding error as ErrMalformedResponse. A body cut off
// reads as encoding/json worded it, which says what happened more plainly
// than v2's offsets.
func malformed(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of JSON input")
	}
	return fmt.Errorf("%w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
}
