package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// flexString decodes a JSON string, and also a number or boolean as its text,
// and null as "". The spec documents strings, but ids in RingCX answers have
// been seen as numbers in other endpoints; a type surprise in one field must
// not make the whole call list unreadable.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*f = ""
	case b[0] == '"':
		if bytes.IndexByte(b, '\\') < 0 {
			*f = flexString(b[1 : len(b)-1])
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("expected a string, got %s", kindOf(b))
	default:
		*f = flexString(b)
	}
	return nil
}

// UnmarshalJSONFrom reads the value as UnmarshalJSON does (see readText).
func (f *flexString) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	b, err := readText(dec)
	if err != nil {
		return err
	}
	*f = flexString(b)
	return nil
}

// readText is readScalar for a text field: null is no text, as
// flexString.UnmarshalJSON reads it (where readScalar's is "null").
func readText(dec *jsontext.Decoder) ([]byte, error) {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return nil, err
	}
	return readScalar(dec, "a string")
}

// wireTime decodes the timestamp shapes RingCX is known to use:
// "2020-05-08T14:40:47.000+0000" (the documented one, offset without a
// colon), RFC 3339, epoch milliseconds, and the Joda DateTime object of the
// OpenAPI schema ({"millis": …}). null is the zero time.
type wireTime time.Time

func (w *wireTime) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		*w = wireTime{}
		return nil
	}
	switch b[0] {
	case '"':
		t, err := ParseTime(string(b[1 : len(b)-1]))
		if err != nil {
			return err
		}
		*w = wireTime(t)
	case '{':
		var obj struct {
			Millis *int64 `json:"millis"`
		}
		if err := json.Unmarshal(b, &obj); err != nil || obj.Millis == nil {
			return fmt.Errorf("timestamp object without millis")
		}
		*w = wireTime(time.UnixMilli(*obj.Millis).UTC())
	default:
		ms, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("unreadable timestamp %s", truncateForError(b))
		}
		*w = wireTime(time.UnixMilli(ms).UTC())
	}
	return nil
}

// Time layouts RingCX uses, most common first.
var timeLayouts = []string{
	"2006-01-02T15:04:05.000-0700",
	"2006-01-02T15:04:05-0700",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000",
	"2006-01-02 15:04:05",
}

// ParseTime reads a RingCX timestamp. Timestamps without an offset are taken
// as UTC, which is what the platform stores.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			// UTC throughout: equal instants compare equal with ==, which
			// the poller's diff relies on, and no per-call zone is kept.
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable timestamp %q", truncateForError([]byte(s)))
}

func kindOf(b []byte) string {
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func truncateForError(b []byte) string {
	const n = 40
	if len(b) > n {
		return Clean(string(b[:n]), 0) + "…"
	}
	return Clean(string(b), 0)
}
