package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// The active-call list is the one answer read every few seconds, and at
// 10,000 calls it must decode in a few milliseconds whatever its strings
// hold. decodeCallList reads it with one decoder, jsontext's token reader,
// for every input: there is no fast path that gives up and no second decoder
// behind it, so a list whose names carry JSON escapes (\u00e9, \") costs
// about what a plain one does.
//
// It keeps the leniency of the encoding/json decoding it replaces exactly
// (FuzzDecodeActiveCalls compares the two on every input, the old one kept
// as referenceDecodeActiveCalls in calldecode_reference_test.go). The syntax is jsontext's
// default RFC 8259 grammar with two options, callListOptions:
//
//   - AllowInvalidUTF8(true): encoding/json accepts bytes that are not UTF-8
//     inside strings, and \u escapes of lone surrogates (\ud800); jsontext
//     rejects both by default, which would turn a list that decodes today
//     into an error over one mangled caller name.
//   - AllowDuplicateNames(true): encoding/json accepts a name twice in an
//     object (the last value wins, as it does here); jsontext rejects the
//     object by default. Not tracking names is also what makes the reader
//     fastest.
//
// No other option changes decoding: the rest of jsontext's options only
// affect encoding. Nesting is limited to 10,000 levels as in encoding/json.
// Everything else is semantics, done here rather than by a struct decoder,
// exactly as encoding/json with the old wire types (flexString, wireTime,
// flexBool) did it:
//
//   - Names match a field exactly or else case-insensitively with Unicode
//     simple folding (bytes.EqualFold, which is encoding/json's foldName),
//     after unescaping; delimiters count ("dnis_e164" is not "dnisE164").
//     An unknown name's value is skipped, whatever it is.
//   - A text field takes a string (unescaped when it holds an escape, with
//     invalid UTF-8 then replaced by U+FFFD; copied byte for byte when it
//     holds none, invalid UTF-8 included), a number's or a boolean's own
//     text, and null as "". An object or array there fails the list.
//   - A timestamp takes null, "", a documented layout (ParseTime, on the
//     string as written: an escaped timestamp is unreadable), epoch
//     milliseconds, and an object whose millis (any case) is an integer.
//   - archive takes true/false, "true"/"false", null and "".
//   - A call written as null is a call with every field zero.
//
// Values repeated across calls (account, state, queue, dialled number,
// agent names) are interned, which keeps snapshots small.
var callListOptions = []jsontext.Options{
	jsontext.AllowInvalidUTF8(true),
	jsontext.AllowDuplicateNames(true),
}

// callListDecoder is the reusable state of one decode; decoders are pooled
// so a poll reuses the reader's and the intern table's memory.
type callListDecoder struct {
	src     bytes.Buffer
	dec     jsontext.Decoder
	scratch []byte // unescaped text of the current name or value
	// intern holds the values of the fields that repeat across calls,
	// keyed by the value as written.
	intern map[string]interned
	// last is each field's latest value: consecutive calls mostly share
	// account, state and dialled number, and comparing the bytes is
	// cheaper than hashing them.
	last [fieldCount]interned
	days dayCache
	// text holds the current call's values that are unique to it (uii,
	// caller, number, external id), made into one string when the call
	// ends: one allocation per call instead of one per field.
	text    []byte
	pending []pendingText
	// millis reads a timestamp object, the rare shape, apart from the list.
	millisSrc bytes.Buffer
	millis    jsontext.Decoder
}

// maxInterned bounds the intern table a pooled decoder carries between
// lists: distinct repeated values beyond it are not worth keeping.
const maxInterned = 1 << 16

var callDecoders = sync.Pool{New: func() any {
	return &callListDecoder{intern: make(map[string]interned, 64)}
}}

// decodeCallList decodes a list answer that starts with '['.
func decodeCallList(body []byte) ([]ActiveCall, error) {
	d := callDecoders.Get().(*callListDecoder)
	defer d.release()
	d.reset(body)
	calls, err := d.list(body)
	if err != nil {
		return nil, d.describe(err)
	}
	return calls, nil
}

// decodeOneCall decodes a single call object (or null) as the list does.
func decodeOneCall(b []byte, c *ActiveCall) error {
	d := callDecoders.Get().(*callListDecoder)
	defer d.release()
	d.reset(b)
	var call ActiveCall
	if err := d.call(&call); err != nil {
		return d.describe(err)
	}
	if err := d.end(b); err != nil {
		return d.describe(err)
	}
	*c = call
	return nil
}

func (d *callListDecoder) reset(body []byte) {
	d.src = *bytes.NewBuffer(body) // read in place: jsontext parses a bytes.Buffer without copying
	d.dec.Reset(&d.src, callListOptions...)
}

func (d *callListDecoder) release() {
	d.src = bytes.Buffer{}
	d.dec.Reset(&d.src) // drop the reference to the body
	d.millisSrc = bytes.Buffer{}
	d.millis.Reset(&d.millisSrc)
	clear(d.pending[:cap(d.pending)]) // pointers into the calls decoded
	if len(d.intern) > maxInterned {
		clear(d.intern)
	}
	callDecoders.Put(d)
}

// describe words a decoding error: a truncated body reads as encoding/json
// worded it (callers and tests know that wording), other errors as jsontext
// or this decoder word them.
func (d *callListDecoder) describe(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("unexpected end of JSON input")
	}
	return err
}

func (d *callListDecoder) list(body []byte) ([]ActiveCall, error) {
	if _, err := d.dec.ReadToken(); err != nil { // '[', checked by the caller
		return nil, err
	}
	calls := make([]ActiveCall, 0, estimateCalls(body))
	for d.dec.PeekKind() != ']' {
		// Decoded in place (the pending text points into it), in memory
		// make has zeroed already while the estimate holds.
		if len(calls) < cap(calls) {
			calls = calls[:len(calls)+1]
		} else {
			calls = append(calls, ActiveCall{})
		}
		if err := d.call(&calls[len(calls)-1]); err != nil {
			return nil, fmt.Errorf("call %d: %w", len(calls)-1, err)
		}
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	return calls, d.end(body)
}

// estimateCalls sizes the slice from the body: a call is ~350 bytes.
func estimateCalls(body []byte) int { return len(body)/300 + 1 }

// end checks that only whitespace follows the value: jsontext would read
// a stream of values, encoding/json takes exactly one.
func (d *callListDecoder) end(body []byte) error {
	for _, c := range body[d.dec.InputOffset():] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return fmt.Errorf("invalid character %q after the list", rune(c))
		}
	}
	return nil
}

// call reads one element of the list into c.
func (d *callListDecoder) call(c *ActiveCall) error {
	switch d.dec.PeekKind() {
	case '{':
	case 'n':
		_, err := d.dec.ReadToken()
		return err
	default:
		v, err := d.dec.ReadValue()
		if err != nil {
			return err
		}
		return fmt.Errorf("expected a call object, got %s", kindOf(v))
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	d.text, d.pending = d.text[:0], d.pending[:0]
	for d.dec.PeekKind() != '}' {
		name, err := d.dec.ReadValue()
		if err != nil {
			return err
		}
		f := d.fieldOf(name)
		if f == fieldUnknown {
			if _, err := d.dec.ReadValue(); err != nil {
				return err
			}
			continue
		}
		if err := d.field(c, f); err != nil {
			return fmt.Errorf("%s: %w", callFieldNames[f], err)
		}
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	text := string(d.text)
	for _, p := range d.pending { // in order: the last of duplicate names wins
		*p.dst = text[p.start:p.end]
	}
	return nil
}

// pendingText is a field's value waiting in callListDecoder.text.
type pendingText struct {
	dst        *string
	start, end int
}

// callField names a field of the wire shape (ActiveCallListResponse).
type callField uint8

const (
	fieldUnknown callField = iota
	fieldUII
	fieldAccountID
	fieldANI
	fieldDNIS
	fieldDNISE164
	fieldEnqueueTime
	fieldDequeueTime
	fieldCallState
	fieldArchive
	fieldAgentFirstName
	fieldAgentLastName
	fieldDestinationName
	fieldExternalID
	fieldCNAM
	fieldCount
)

var callFieldNames = [fieldCount]string{
	fieldUII: "uii", fieldAccountID: "accountId", fieldANI: "ani", fieldDNIS: "dnis", fieldDNISE164: "dnisE164",
	fieldEnqueueTime: "enqueueTime", fieldDequeueTime: "dequeueTime", fieldCallState: "callState", fieldArchive: "archive",
	fieldAgentFirstName: "agentFirstName", fieldAgentLastName: "agentLastName", fieldDestinationName: "destinationName",
	fieldExternalID: "externalId", fieldCNAM: "cnam",
}

// fieldOf matches a name (a raw JSON string) to a field: exactly, or else
// as encoding/json does, case-insensitively with Unicode simple folding.
func (d *callListDecoder) fieldOf(raw jsontext.Value) callField {
	if f := exactField(raw[1 : len(raw)-1]); f != fieldUnknown {
		return f // no known name holds an escape
	}
	name := d.unquote(raw)
	for f := fieldUII; f < fieldCount; f++ {
		if bytes.EqualFold(name, []byte(callFieldNames[f])) {
			return f
		}
	}
	return fieldUnknown
}

// exactField matches a name spelled exactly as documented.
func exactField(name []byte) callField {
	switch string(name) {
	case "uii":
		return fieldUII
	case "accountId":
		return fieldAccountID
	case "ani":
		return fieldANI
	case "dnis":
		return fieldDNIS
	case "dnisE164":
		return fieldDNISE164
	case "enqueueTime":
		return fieldEnqueueTime
	case "dequeueTime":
		return fieldDequeueTime
	case "callState":
		return fieldCallState
	case "archive":
		return fieldArchive
	case "agentFirstName":
		return fieldAgentFirstName
	case "agentLastName":
		return fieldAgentLastName
	case "destinationName":
		return fieldDestinationName
	case "externalId":
		return fieldExternalID
	case "cnam":
		return fieldCNAM
	}
	return fieldUnknown
}

// unquote returns the text of a raw JSON string: the bytes between the
// quotes when it holds no escape, else its unescaped form in d.scratch
// (valid only until the next unquote).
func (d *callListDecoder) unquote(raw []byte) []byte {
	if !escaped(raw) {
		return raw[1 : len(raw)-1]
	}
	// The reader has checked the string; the only errors left report
	// invalid UTF-8 and lone surrogates, which are replaced by U+FFFD as
	// encoding/json replaced them.
	d.scratch, _ = jsontext.AppendUnquote(d.scratch[:0], raw)
	return d.scratch
}

// escaped reports whether a raw JSON string holds an escape. A plain loop:
// the strings are short, and bytes.IndexByte's setup costs more than it
// saves on them.
func escaped(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' {
			return true
		}
	}
	return false
}

// field reads the value of a known field into c.
func (d *callListDecoder) field(c *ActiveCall, f callField) error {
	switch f {
	case fieldEnqueueTime:
		return d.timeValue(&c.EnqueueTime)
	case fieldDequeueTime:
		return d.timeValue(&c.DequeueTime)
	}
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if f == fieldArchive {
		return boolValue(raw, &c.Archive)
	}
	dst, repeats := c.text(f)
	if !repeats {
		return d.uniqueText(raw, dst)
	}
	return d.repeatedText(raw, dst, f)
}

// text returns the string field f and whether its values repeat across
// calls (worth interning); uiis, callers and external ids are unique.
func (c *ActiveCall) text(f callField) (*string, bool) {
	switch f {
	case fieldUII:
		return &c.UII, false
	case fieldAccountID:
		return &c.AccountID, true
	case fieldANI:
		return &c.ANI, false
	case fieldDNIS:
		return &c.DNIS, true
	case fieldDNISE164:
		return &c.DNISE164, true
	case fieldCallState:
		return &c.CallState, true
	case fieldAgentFirstName:
		return &c.AgentFirstName, true
	case fieldAgentLastName:
		return &c.AgentLastName, true
	case fieldDestinationName:
		return &c.DestinationName, true
	case fieldExternalID:
		return &c.ExternalID, false
	}
	return &c.CNAM, false
}

// interned is a value of a repeating field: as written (a string's
// contents between the quotes, escapes and all, or a number's or boolean's
// text) and as decoded.
type interned struct{ raw, text string }

// repeatedText stores a text field whose values repeat across calls: a
// string's text, a number's or boolean's own text, null as "". A value
// seen before costs a comparison or a lookup, not a decoding, and is one
// string shared by every call that has it.
func (d *callListDecoder) repeatedText(raw jsontext.Value, dst *string, f callField) error {
	key := raw
	switch raw[0] {
	case 'n':
		*dst = ""
		return nil
	case '"':
		key = raw[1 : len(raw)-1]
	case '{', '[':
		return fmt.Errorf("expected a string, got %s", kindOf(raw))
	}
	if v := d.last[f]; v.raw == string(key) {
		*dst = v.text
		return nil
	}
	v, ok := d.intern[string(key)]
	if !ok {
		v.raw = string(key)
		v.text = v.raw
		if raw[0] == '"' && escaped(key) {
			v.text = string(d.unquote(raw))
		}
		d.intern[v.raw] = v
	}
	d.last[f] = v
	*dst = v.text
	return nil
}

// uniqueText stores a text field whose values are unique to a call, as
// textValue does but by way of d.text.
func (d *callListDecoder) uniqueText(raw jsontext.Value, dst *string) error {
	start := len(d.text)
	switch raw[0] {
	case 'n':
	case '"':
		if !escaped(raw) {
			d.text = append(d.text, raw[1:len(raw)-1]...)
		} else {
			d.text, _ = jsontext.AppendUnquote(d.text, raw) // see unquote
		}
	case '{', '[':
		return fmt.Errorf("expected a string, got %s", kindOf(raw))
	default:
		d.text = append(d.text, raw...)
	}
	d.pending = append(d.pending, pendingText{dst: dst, start: start, end: len(d.text)})
	return nil
}

// boolValue reads archive: true/false, the same as strings, null and "".
func boolValue(raw jsontext.Value, b *bool) error {
	switch string(raw) {
	case "true", `"true"`:
		*b = true
	case "false", `"false"`, "null", `""`:
		*b = false
	default:
		return fmt.Errorf("expected a boolean, got %s", kindOf(raw))
	}
	return nil
}

// timeValue reads a timestamp: null or "" (zero), a string in a documented
// layout, epoch milliseconds, or a Joda DateTime object ({"millis": …}).
func (d *callListDecoder) timeValue(t *time.Time) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	switch raw[0] {
	case '{':
		return d.millisObject(raw, t)
	case 'n':
		*t = time.Time{}
	case '"':
		// The text as written, escapes and all: a timestamp is digits and
		// punctuation, and encoding/json's decoding parsed it unescaped.
		s := raw[1 : len(raw)-1]
		if len(s) == 0 {
			*t = time.Time{}
			return nil
		}
		v, ok := d.days.parse(s)
		if !ok {
			return fmt.Errorf("unreadable timestamp %q", truncateForError(s))
		}
		*t = v
	default: // a number, or a literal or array that fails to parse as one
		ms, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return fmt.Errorf("unreadable timestamp %s", truncateForError(raw))
		}
		*t = time.UnixMilli(ms).UTC()
	}
	return nil
}

// millisObject reads {"millis": n, …}: the last millis named in any case
// decides, null clears it, and anything but an integer fails.
func (d *callListDecoder) millisObject(raw jsontext.Value, t *time.Time) error {
	d.millisSrc = *bytes.NewBuffer(raw)
	d.millis.Reset(&d.millisSrc, callListOptions...)
	if _, err := d.millis.ReadToken(); err != nil {
		return err
	}
	var ms int64
	have, bad := false, false
	for d.millis.PeekKind() != '}' {
		name, err := d.millis.ReadValue()
		if err != nil {
			return err
		}
		isMillis := bytes.EqualFold(d.unquote(name), []byte("millis"))
		v, err := d.millis.ReadValue()
		if err != nil {
			return err
		}
		if !isMillis {
			continue
		}
		switch v.Kind() {
		case 'n':
			have = false
		case '0':
			n, err := strconv.ParseInt(string(v), 10, 64)
			ms, have, bad = n, true, bad || err != nil
		default:
			bad = true
		}
	}
	if bad || !have {
		return errors.New("timestamp object without millis")
	}
	*t = time.UnixMilli(ms).UTC()
	return nil
}

// parseDocumentedTime reads a timestamp as ParseTime does, the documented
// "2020-05-08T14:40:47.000+0000" without the generality of time.Parse.
// Anything else, and anything the quick reading finds out of range, goes
// to ParseTime, whose verdict is the one that counts (it takes an offset of
// 60 minutes, for one).
func parseDocumentedTime(b []byte) (time.Time, bool) {
	var c dayCache
	return c.parse(b)
}

// dayCache remembers the last date a timestamp was on: the timestamps of a
// list fall on a day or two, and finding a date's first second is the
// costly part of reading one.
type dayCache struct {
	date [10]byte // "2020-05-08"
	unix int64    // its midnight UTC, in Unix seconds
	ok   bool
}

// parse is parseDocumentedTime with the cache.
func (c *dayCache) parse(b []byte) (time.Time, bool) {
	// 0123456789012345678901234567
	// 2020-05-08T14:40:47.000+0000
	if len(b) != 28 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != '.' || (b[23] != '+' && b[23] != '-') {
		return parseTimeBytes(b)
	}
	for _, k := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 24, 25, 26, 27} {
		if b[k] < '0' || b[k] > '9' {
			return parseTimeBytes(b)
		}
	}
	n2 := func(k int) int64 { return int64(b[k]-'0')*10 + int64(b[k+1]-'0') }
	hour, minute, sec := n2(11), n2(14), n2(17)
	ms := int64(b[20]-'0')*100 + n2(21)
	offHour, offMinute := n2(24), n2(26)
	if hour > 23 || minute > 59 || sec > 59 || offHour > 24 || offMinute > 59 {
		return parseTimeBytes(b)
	}
	midnight, ok := c.day(b[:10])
	if !ok {
		return parseTimeBytes(b)
	}
	unix := midnight + hour*3600 + minute*60 + sec
	offset := offHour*3600 + offMinute*60
	if b[23] == '+' {
		unix -= offset
	} else {
		unix += offset
	}
	return time.Unix(unix, ms*int64(time.Millisecond)).UTC(), true
}

func parseTimeBytes(b []byte) (time.Time, bool) {
	t, err := ParseTime(string(b))
	return t, err == nil
}

// day returns the first second of a "2020-05-08" date (digits checked),
// or false for a date that does not exist.
func (c *dayCache) day(b []byte) (int64, bool) {
	if c.ok && string(b) == string(c.date[:]) {
		return c.unix, true
	}
	n2 := func(k int) int { return int(b[k]-'0')*10 + int(b[k+1]-'0') }
	year, month, day := n2(0)*100+n2(2), n2(5), n2(8)
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return 0, false // 30 February: time.Date would roll it over; time.Parse rejects it
	}
	copy(c.date[:], b)
	c.unix, c.ok = t.Unix(), true
	return c.unix, true
}
