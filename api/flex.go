package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Lenient scalar decoders for the supervisor feeds (realTimeData, roster,
// queues, dispositions). Those answers are documented less precisely than
// Active Calls (the real-time ones only in the developer guide's prose, see
// supervisor-data.md), so every field is read the way flexString reads
// text: the documented type, the same value written as a string, null and
// "" (zero) all decode. Only an object or array where a scalar belongs is an
// error: that is a different shape, not a different spelling.

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
	n := parseLenientInt(s)
	if n < 0 || n > int64(math.MaxInt64/int64(time.Second)) {
		n = 0
	}
	*f = flexSeconds(time.Duration(n) * time.Second)
	return nil
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
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "y", "yes", "t":
		*f = true
		return nil
	case "", "false", "0", "n", "no", "f", "null":
		*f = false
		return nil
	}
	if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		*f = v != 0
		return nil
	}
	*f = false
	return nil
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
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	}
	return string(b), nil
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
