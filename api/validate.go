package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ValidateUII checks a call id: digits only (RingCX uiis are 30 digits).
func ValidateUII(uii string) error {
	if uii == "" {
		return &InputError{Field: "uii", Reason: "a call id is required"}
	}
	if len(uii) > 64 {
		return &InputError{Field: "uii", Value: uii[:20] + "…", Reason: "too long for a call id"}
	}
	for _, r := range uii {
		if r < '0' || r > '9' {
			return &InputError{Field: "uii", Value: uii, Reason: "a call id has digits only"}
		}
	}
	return nil
}

// ParseSessionType reads a session type the way people write it: the API's
// names in any case, or the short words monitor, barge, coach.
func ParseSessionType(s string) (SessionType, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "MONITOR", "MON":
		return SessionMonitor, nil
	case "BARGEIN", "BARGE", "BARGE-IN":
		return SessionBargeIn, nil
	case "COACHING", "COACH":
		return SessionCoaching, nil
	}
	return "", &InputError{Field: "sessionType", Value: s, Reason: "must be MONITOR, BARGEIN or COACHING"}
}

// CallbackLayout is dispositionCall's callBackDTS format, yyyyMMddHHmmss.
const CallbackLayout = "20060102150405"

// ValidateCallbackDTS checks a callBackDTS value is yyyyMMddHHmmss and a
// real date (no 30 February, no hour 25).
func ValidateCallbackDTS(s string) error {
	if len(s) != len(CallbackLayout) {
		return &InputError{Field: "callBackDTS", Value: s, Reason: "must be yyyyMMddHHmmss (14 digits)"}
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return &InputError{Field: "callBackDTS", Value: s, Reason: "must be yyyyMMddHHmmss (digits only)"}
		}
	}
	if _, err := time.Parse(CallbackLayout, s); err != nil {
		return &InputError{Field: "callBackDTS", Value: s, Reason: "not a real date and time"}
	}
	return nil
}

func validateRingDuration(n int) error {
	if n < 1 || n > 120 {
		return &InputError{Field: "ringDuration", Value: strconv.Itoa(n), Reason: "must be between 1 and 120 seconds"}
	}
	return nil
}

func validateRequired(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &InputError{Field: field, Reason: "is required"}
	}
	return CheckText(field, v, false)
}

// validateOptionalText refuses in free text (notes) what CheckText refuses:
// it would be stored by RingCX and shown to the next person who reads it.
// Newlines and tabs are allowed.
func validateOptionalText(field, v string) error {
	return CheckText(field, v, true)
}

// CheckText refuses text a person typed that is not plain text: invalid
// UTF-8 (which would be sent as raw bytes while anything printing it shows
// U+FFFD, so the audit could not say byte for byte what was sent), control
// characters (newlines and tabs allowed only when multiline) and bidi
// overrides and isolates, which make text read differently from what it
// is. The *InputError names the field and the byte offset, never the raw
// bytes.
func CheckText(field, v string, multiline bool) error {
	for i, r := range v {
		var what string
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(v[i:], "\uFFFD"):
			what = "invalid UTF-8"
		case multiline && (r == '\n' || r == '\t' || r == '\r'):
			continue
		case unicode.IsControl(r):
			what = "a control character"
		case isBidiControl(r):
			what = "a bidi control character"
		default:
			continue
		}
		return &InputError{Field: field, Reason: fmt.Sprintf("contains %s at byte %d", what, i)}
	}
	return nil
}

func validateProductID(id string) error {
	if id == "" {
		return &InputError{Field: "productId", Reason: "is required with a product"}
	}
	n, err := strconv.ParseInt(id, 10, 32)
	if err != nil || n < 0 {
		return &InputError{Field: "productId", Value: id, Reason: "must be a whole number (int32)"}
	}
	return nil
}

// validateAccountID: account ids are digit strings; they go into the path,
// so anything else would change the URL.
func validateAccountID(id string) error {
	if id == "" {
		return &InputError{Field: "account id", Reason: "is not set (RINGCX_ACCOUNT_ID or --account)"}
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return &InputError{Field: "account id", Value: id, Reason: "has digits only"}
		}
	}
	return nil
}

// callbackForms are the ways a person may write a callback time, besides
// RingCX's own yyyyMMddHHmmss. The board and the commands accept the same.
var callbackForms = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"}

// CallbackForms names the accepted callback time forms, for usage texts.
const CallbackForms = "YYYY-MM-DD HH:MM, YYYY-MM-DDTHH:MM or yyyyMMddHHmmss"

// callbackExamples shows the accepted forms on a time that is valid at now
// (tomorrow, 14:30), so the example itself is never refused.
func callbackExamples(now time.Time) string {
	t := time.Date(now.Year(), now.Month(), now.Day()+1, 14, 30, 0, 0, now.Location())
	return t.Format("2006-01-02 15:04") + ", " + t.Format("2006-01-02T15:04") + " or " + t.Format(CallbackLayout)
}

// ParseCallbackTime reads a callback time as a person writes it — a local
// date and time (2026-11-26 14:30, 2026-11-26T14:30) or yyyyMMddHHmmss —
// and returns RingCX's callBackDTS form. A time that is not after now is
// refused: a callback cannot be scheduled in the past. Errors name the
// field "callback time", the words the person used, not the API's.
func ParseCallbackTime(s string, now time.Time) (string, error) {
	s = strings.TrimSpace(s)
	var at time.Time
	var err error
	if len(s) == len(CallbackLayout) && strings.Trim(s, "0123456789") == "" {
		at, err = time.ParseInLocation(CallbackLayout, s, now.Location())
	} else {
		err = errNoForm
		for _, layout := range callbackForms {
			if t, perr := time.ParseInLocation(layout, s, now.Location()); perr == nil {
				at, err = t, nil
				break
			}
		}
	}
	if err != nil {
		return "", &InputError{Field: "callback time", Value: Clean(s, 40), Reason: "is not a date and time; write it like " + callbackExamples(now)}
	}
	if !at.After(now) {
		return "", &InputError{Field: "callback time", Value: Clean(s, 40), Reason: "is in the past; give a time after " + now.Format("2006-01-02 15:04")}
	}
	return at.Format(CallbackLayout), nil
}

var errNoForm = errors.New("no accepted form")
