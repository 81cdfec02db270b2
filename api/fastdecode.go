package api

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The active-call list is the one answer read every few seconds, and at
// 10,000 calls encoding/json with per-field lenient decoders spends well
// over 100 ms on it. fastDecodeCalls reads the documented shape directly
// (flat objects of strings, null, booleans and numbers) and interns the
// values that repeat across calls (account, agents, queues, numbers), which
// also keeps snapshots small. Anything unusual — escapes, nested values in
// known fields, invalid UTF-8, keys differing only in case — makes it give up
// with errSlowPath, and the encoding/json decoder (the reference behaviour,
// see wireActiveCall) decides. FuzzDecodeActiveCalls checks both agree.
var errSlowPath = errors.New("fast path declined")

type callDecoder struct {
	b      []byte
	i      int
	intern map[string]string
}

func fastDecodeCalls(body []byte) ([]ActiveCall, error) {
	d := &callDecoder{b: body, intern: make(map[string]string, 64)}
	d.ws()
	if !d.eat('[') {
		return nil, errSlowPath
	}
	calls := make([]ActiveCall, 0, estimateCalls(body))
	d.ws()
	if d.eat(']') {
		return calls, d.end()
	}
	for {
		var c ActiveCall
		if err := d.object(&c); err != nil {
			return nil, err
		}
		calls = append(calls, c)
		d.ws()
		if d.eat(',') {
			d.ws()
			continue
		}
		if d.eat(']') {
			return calls, d.end()
		}
		return nil, errSlowPath
	}
}

// estimateCalls sizes the slice from the body: a call is ~350 bytes.
func estimateCalls(body []byte) int { return len(body)/300 + 1 }

func (d *callDecoder) end() error {
	d.ws()
	if d.i != len(d.b) {
		return errSlowPath
	}
	return nil
}

func (d *callDecoder) ws() {
	b, i := d.b, d.i
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	d.i = i
}

func (d *callDecoder) eat(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *callDecoder) object(c *ActiveCall) error {
	if !d.eat('{') {
		return errSlowPath
	}
	d.ws()
	if d.eat('}') {
		return nil
	}
	for {
		d.ws()
		key, ok := d.rawString()
		if !ok {
			return errSlowPath
		}
		d.ws()
		if !d.eat(':') {
			return errSlowPath
		}
		d.ws()
		if err := d.field(c, key); err != nil {
			return err
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		if d.eat('}') {
			return nil
		}
		return errSlowPath
	}
}

// field stores one value. Strings, numbers and booleans become text where
// the field is text (as flexString does); timestamps accept the documented
// string layouts, epoch millis and null.
func (d *callDecoder) field(c *ActiveCall, key []byte) error {
	var dst *string
	repeats := false // worth interning: the same value on many calls
	switch string(key) {
	case "uii":
		dst = &c.UII
	case "accountId":
		dst = &c.AccountID
		repeats = true
	case "ani":
		dst = &c.ANI
	case "dnis":
		dst = &c.DNIS
		repeats = true
	case "dnisE164":
		dst = &c.DNISE164
		repeats = true
	case "callState":
		dst = &c.CallState
		repeats = true
	case "agentFirstName":
		dst = &c.AgentFirstName
		repeats = true
	case "agentLastName":
		dst = &c.AgentLastName
		repeats = true
	case "destinationName":
		dst = &c.DestinationName
		repeats = true
	case "externalId":
		dst = &c.ExternalID
	case "cnam":
		dst = &c.CNAM
	case "enqueueTime":
		return d.timeValue(&c.EnqueueTime)
	case "dequeueTime":
		return d.timeValue(&c.DequeueTime)
	case "archive":
		return d.boolValue(&c.Archive)
	default:
		if isKnownFieldFold(key) {
			return errSlowPath // encoding/json matches keys case-insensitively
		}
		return d.skip(0)
	}
	raw, kind := d.scalar()
	switch kind {
	case kindString, kindNumber, kindLiteral:
		if kind == kindLiteral && string(raw) == "null" {
			*dst = ""
		} else {
			*dst = d.str(raw, repeats)
		}
		return nil
	}
	return errSlowPath
}

func (d *callDecoder) timeValue(t *time.Time) error {
	raw, kind := d.scalar()
	switch {
	case kind == kindLiteral && string(raw) == "null":
		*t = time.Time{}
	case kind == kindString && len(raw) == 0:
		*t = time.Time{}
	case kind == kindString:
		v, ok := parseDocumentedTime(raw)
		if !ok {
			return errSlowPath
		}
		*t = v
	case kind == kindNumber:
		ms, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return errSlowPath
		}
		*t = time.UnixMilli(ms).UTC()
	default:
		return errSlowPath
	}
	return nil
}

func (d *callDecoder) boolValue(b *bool) error {
	raw, kind := d.scalar()
	switch {
	case kind == kindLiteral && string(raw) == "true", kind == kindString && string(raw) == "true":
		*b = true
	case kind == kindLiteral && (string(raw) == "false" || string(raw) == "null"),
		kind == kindString && (string(raw) == "false" || len(raw) == 0):
		*b = false
	default:
		return errSlowPath
	}
	return nil
}

const (
	kindNone = iota
	kindString
	kindNumber
	kindLiteral
)

// scalar reads a string (contents without quotes, no escapes), a number or
// a literal; anything else reports kindNone.
func (d *callDecoder) scalar() ([]byte, int) {
	if d.i >= len(d.b) {
		return nil, kindNone
	}
	switch c := d.b[d.i]; {
	case c == '"':
		s, ok := d.rawString()
		if !ok {
			return nil, kindNone
		}
		return s, kindString
	case c == '-' || (c >= '0' && c <= '9'):
		start := d.i
		if !d.number() {
			return nil, kindNone
		}
		return d.b[start:d.i], kindNumber
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(d.b[d.i:], []byte(lit)) {
				d.i += len(lit)
				return d.b[d.i-len(lit) : d.i], kindLiteral
			}
		}
	}
	return nil, kindNone
}

// rawString reads a JSON string without escapes, control characters or
// invalid UTF-8 and returns its contents. It scans with locals: through the
// pointer the compiler reloads d.i and d.b on every byte.
func (d *callDecoder) rawString() ([]byte, bool) {
	b, i := d.b, d.i
	if i >= len(b) || b[i] != '"' {
		return nil, false
	}
	i++
	start, ascii := i, true
	for ; i < len(b); i++ {
		c := b[i]
		if !stringSpecial[c] {
			continue
		}
		if c == '"' {
			s := b[start:i]
			d.i = i + 1
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			return s, true
		}
		if c < 0x80 { // backslash or control character
			return nil, false
		}
		ascii = false
	}
	return nil, false
}

// stringSpecial marks the bytes rawString must look at twice.
var stringSpecial = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// number checks JSON number grammar.
func (d *callDecoder) number() bool {
	d.eat('-')
	if !d.eat('0') && d.digits() == 0 {
		return false
	}
	if d.eat('.') && d.digits() == 0 {
		return false
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if !d.eat('+') {
			d.eat('-')
		}
		if d.digits() == 0 {
			return false
		}
	}
	return true
}

func (d *callDecoder) digits() int {
	n := 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

// skip passes over the value of an unknown field, nested or not.
func (d *callDecoder) skip(depth int) error {
	if depth > 64 {
		return errSlowPath
	}
	if _, kind := d.scalar(); kind != kindNone {
		return nil
	}
	open := byte(0)
	switch {
	case d.eat('{'):
		open = '{'
	case d.eat('['):
		open = '['
	default:
		return errSlowPath
	}
	closer := byte(']')
	if open == '{' {
		closer = '}'
	}
	d.ws()
	if d.eat(closer) {
		return nil
	}
	for {
		d.ws()
		if open == '{' {
			if _, ok := d.rawString(); !ok {
				return errSlowPath
			}
			d.ws()
			if !d.eat(':') {
				return errSlowPath
			}
			d.ws()
		}
		if err := d.skip(depth + 1); err != nil {
			return err
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		if d.eat(closer) {
			return nil
		}
		return errSlowPath
	}
}

// str returns b as a string, interned when the field repeats across calls
// (account, state, queue, dialled number, agent names); uiis and callers are
// unique and would only grow the table.
func (d *callDecoder) str(b []byte, repeats bool) string {
	if !repeats {
		return string(b)
	}
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.intern) < 1<<16 {
		d.intern[s] = s
	}
	return s
}

var knownFields = []string{"uii", "accountId", "ani", "dnis", "dnisE164", "callState", "agentFirstName", "agentLastName",
	"destinationName", "externalId", "cnam", "enqueueTime", "dequeueTime", "archive"}

func isKnownFieldFold(key []byte) bool {
	for _, f := range knownFields {
		if strings.EqualFold(string(key), f) {
			return true
		}
	}
	return false
}

// parseDocumentedTime reads "2020-05-08T14:40:47.000+0000" without the
// generality of time.Parse; other layouts decline to ParseTime.
func parseDocumentedTime(b []byte) (time.Time, bool) {
	// 0123456789012345678901234567
	// 2020-05-08T14:40:47.000+0000
	if len(b) != 28 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != '.' || (b[23] != '+' && b[23] != '-') {
		t, err := ParseTime(string(b))
		return t, err == nil
	}
	for _, k := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 24, 25, 26, 27} {
		if b[k] < '0' || b[k] > '9' {
			return time.Time{}, false
		}
	}
	n2 := func(k int) int { return int(b[k]-'0')*10 + int(b[k+1]-'0') }
	year := n2(0)*100 + n2(2)
	month, day, hour, minute, sec := n2(5), n2(8), n2(11), n2(14), n2(17)
	ms := int(b[20]-'0')*100 + n2(21)
	off := n2(24)*100 + n2(26)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 || off/100 > 24 || off%100 > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, ms*int(time.Millisecond), time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 30 February: time.Date would roll it over; time.Parse rejects it
	}
	offset := time.Duration(off/100)*time.Hour + time.Duration(off%100)*time.Minute
	if b[23] == '+' {
		t = t.Add(-offset)
	} else {
		t = t.Add(offset)
	}
	return t, true
}
