package api

import (
	"bytes"
	jsonv1 "encoding/json"
	"fmt"
	"hash/maphash"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Lenient scalar decoders for the supervisor feeds (realTimeData, roster,
// queues, dispositions). Those answers are documented less precisely than
// Active Calls (the real-time ones only in the developer guide's prose, see
// supervisor-data.md), so every field is read the way flexString reads
// text: the documented type, the same value written as a string, null and
// "" (zero) all decode. Only an object or array where a scalar belongs is an
// error: that is a different shape, not a different spelling.
//
// Each type reads two ways with one interpretation: UnmarshalJSON is
// encoding/json's (the reference FuzzDecodeListsAgree holds the lists to,
// and what errors.go and the sign-in answers still use), UnmarshalJSONFrom
// is json v2's, which the lists decode with (listOptions): it reads the
// value from the decoder's buffer, without the copy and the second scan
// encoding/json makes for every UnmarshalJSON.

// flexLabel is flexString for the text fields whose values repeat across
// rows and across polls (states, types, group and profile names, the ids of
// groups, queues and campaigns): read the same way, and interned when json
// v2 reads it, so a feed read every few seconds does not allocate them anew
// for every row.
type flexLabel flexString

// UnmarshalJSON reads the value as flexString does.
func (f *flexLabel) UnmarshalJSON(b []byte) error { return (*flexString)(f).UnmarshalJSON(b) }

// UnmarshalJSONFrom reads the value as flexString does, interned.
func (f *flexLabel) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, err := readText(dec)
	if err != nil {
		return err
	}
	*f = flexLabel(internLabel(b))
	return nil
}

// labels is the intern table of flexLabel: direct-mapped by a hash of the
// text, each slot holding the last label that hashed there. Safe for
// lists decoded at once (a slot is one atomic pointer), bounded in size
// and never locked; a collision costs an allocation, not a wrong label.
var (
	labels    [1024]atomic.Pointer[string]
	labelSeed = maphash.MakeSeed()
)

// maxLabel bounds what is interned: labels are short, and a long text is
// not worth keeping.
const maxLabel = 64

// internLabel returns b as a string, shared with earlier labels of the
// same text.
func internLabel(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxLabel {
		return string(b)
	}
	slot := &labels[maphash.Bytes(labelSeed, b)%uint64(len(labels))]
	if p := slot.Load(); p != nil && *p == string(b) {
		return *p
	}
	s := string(b)
	slot.Store(&s)
	return s
}

// flexInt decodes a JSON number, a number written as a string ("12",
// " 12 ", "12.0", "1e3"), a boolean (1/0) and null or "" (0). A fraction is
// truncated toward zero; text that is not a number at all reads as 0 rather
// than failing the whole list (counters are shown, never acted on).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b, "a number")
	if err != nil {
		return err
	}
	*f = flexInt(parseLenientInt(s))
	return nil
}

// UnmarshalJSONFrom reads the value as UnmarshalJSON does.
func (f *flexInt) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, err := readScalar(dec, "a number")
	if err != nil {
		return err
	}
	*f = flexInt(lenientInt(b))
	return nil
}

// lenientInt is parseLenientInt of a value's text, without making a string
// of the common plain integer.
func lenientInt(b []byte) int64 {
	if n, ok := plainInt(b); ok {
		return n
	}
	return parseLenientInt(string(b))
}

// plainInt reads an optional minus and 1–18 digits, what strconv.ParseInt
// reads the same and cannot overflow on.
func plainInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func parseLenientInt(s string) int64 {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "null":
		return 0
	case "true":
		return 1
	case "false":
		return 0
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	v = math.Trunc(v)
	if v > math.MaxInt64 || v < math.MinInt64 {
		return 0
	}
	return int64(v)
}

// flexSeconds is a count of seconds (stateTime, longestInQueue, …) as a
// duration, read as flexInt reads numbers. Negative values (a clock skew on
// the server) read as 0.
type flexSeconds time.Duration

func (f *flexSeconds) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b, "a number of seconds")
	if err != nil {
		return err
	}
	*f = secondsOf(parseLenientInt(s))
	return nil
}

// UnmarshalJSONFrom reads the value as UnmarshalJSON does.
func (f *flexSeconds) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, err := readScalar(dec, "a number of seconds")
	if err != nil {
		return err
	}
	*f = secondsOf(lenientInt(b))
	return nil
}

// secondsOf is n seconds, or 0 for a negative n or one past what a
// Duration holds.
func secondsOf(n int64) flexSeconds {
	if n < 0 || n > int64(math.MaxInt64/int64(time.Second)) {
		return 0
	}
	return flexSeconds(time.Duration(n) * time.Second)
}

// flexFlag decodes the ways RingCX writes a yes/no: true/false, 1/0 (the
// real-time feeds' pendingDisposition, isOffhook), the same as strings, and
// Y/N or yes/no in any case. null, "" and unrecognised text read as false:
// a flag is shown, and a wrong guess about one field must not hide the row.
type flexFlag bool

func (f *flexFlag) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b, "a boolean")
	if err != nil {
		return err
	}
	*f = flexFlag(parseFlag(s))
	return nil
}

// UnmarshalJSONFrom reads the value as UnmarshalJSON does.
func (f *flexFlag) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, err := readScalar(dec, "a boolean")
	if err != nil {
		return err
	}
	switch string(b) { // the usual spellings, without making a string
	case "1", "true":
		*f = true
	case "0", "false", "null", "":
		*f = false
	default:
		*f = flexFlag(parseFlag(string(b)))
	}
	return nil
}

// parseFlag reads a flag's text (see flexFlag).
func parseFlag(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "y", "yes", "t":
		return true
	case "", "false", "0", "n", "no", "f", "null":
		return false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil && v != 0
}

// scalarText returns the text of a scalar JSON value: a string's contents
// (unescaped), or a number's or literal's own bytes. Objects and arrays are
// an error naming what was expected.
func scalarText(b []byte, want string) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "", nil
	}
	switch b[0] {
	case '{', '[':
		return "", fmt.Errorf("expected %s, got %s", want, kindOf(b))
	case '"':
		if bytes.IndexByte(b, '\\') < 0 && len(b) >= 2 {
			return string(b[1 : len(b)-1]), nil
		}
		var s string
		if err := jsonv1.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	}
	return string(b), nil
}

// readScalar is scalarText for json v2: the next value's text, valid until
// the decoder reads on. A string holding no escape is its own bytes as sent
// (invalid UTF-8 included, as scalarText keeps it); an escaped one is
// unescaped, invalid UTF-8 and lone surrogates becoming U+FFFD as
// encoding/json makes them.
func readScalar(dec *jsontext.Decoder, want string) ([]byte, error) {
	raw, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	switch raw[0] {
	case '{', '[':
		return nil, fmt.Errorf("expected %s, got %s", want, kindOf(raw))
	case '"':
		if !escaped(raw) {
			return raw[1 : len(raw)-1], nil
		}
		// The reader has checked the string: the only errors left report
		// what AppendUnquote replaced.
		text, _ := jsontext.AppendUnquote(nil, raw)
		return text, nil
	}
	return raw, nil
}

// lenientTime reads a timestamp as wireTime does, but an unreadable one
// (another layout, text) is the zero time instead of an error: the feeds'
// timestamps (lastUpdate) only tell whether a row changed.
type lenientTime time.Time

func (t *lenientTime) UnmarshalJSON(b []byte) error {
	var w wireTime
	if err := w.UnmarshalJSON(bytes.TrimSpace(b)); err != nil {
		*t = lenientTime{}
		return nil
	}
	*t = lenientTime(w)
	return nil
}

// UnmarshalJSONFrom reads the value as UnmarshalJSON does. A string, the
// documented shape, is parsed where it lies; a number or a {"millis": …}
// object is read as wireTime reads it (json v2 for the object).
func (t *lenientTime) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*t = lenientTime{}
	switch raw[0] {
	case '"':
		if v, ok := parseDocumentedTime(raw[1 : len(raw)-1]); ok {
			*t = lenientTime(v)
		}
	case '{':
		var obj struct {
			Millis *int64 `json:"millis"`
		}
		if json.Unmarshal(raw, &obj, listOptions) == nil && obj.Millis != nil {
			*t = lenientTime(time.UnixMilli(*obj.Millis).UTC())
		}
	default:
		var w wireTime
		if w.UnmarshalJSON(raw) == nil {
			*t = lenientTime(w)
		}
	}
	return nil
}
