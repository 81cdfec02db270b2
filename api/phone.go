package api

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the region a number written without a country code is
// read in when none is configured and the supervisor's own phone says
// nothing (RingCX's home market).
const DefaultRegion = "US"

// WireRegion is the region of the numbers RingCX sends without a country
// code (ANI, DNIS): it writes North American numbers as 10 digits and any
// other in E.164 (NOTES.md: "digits (6501234567) or E.164").
const WireRegion = "US"

// PhoneParser is how phone numbers are read from people and shown to
// them, for one default region: the region a number without + and a
// country code belongs to ("020 7946 0958" is London for GB, nothing for
// US). It is a value, not package state, so that two boards in one process
// — or two tests — can read numbers for two regions. The zero value reads
// numbers as DefaultRegion.
//
// It stands on libphonenumber (github.com/nyaruka/phonenumbers), whose
// metadata knows each country's number lengths, prefixes and grouping;
// hand-written rules only ever knew North America.
type PhoneParser struct {
	// Region is a region code libphonenumber knows ("US", "GB", "DE");
	// check it with ParseRegion. "" means DefaultRegion.
	Region string
}

func (p PhoneParser) region() string {
	if p.Region == "" {
		return DefaultRegion
	}
	return p.Region
}

// Normalize reads a phone number as a person typed it — national or
// international, with spaces, dashes, dots or brackets — and returns it in
// E.164 (+ and digits), the one form the client sends: RingCX also takes
// bare digits, but hangupSession must be given exactly the string
// addSessionToCall dialled, and the audit log matches sessions by it, so
// every number has one spelling. A number that is not valid is an
// *InputError (ErrInvalidInput) with libphonenumber's reason in plain words.
// field names the parameter in the error ("destination", "phone").
func (p PhoneParser) Normalize(field, s string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", &InputError{Field: field, Reason: "a phone number is required"}
	}
	bad := func(reason string, args ...any) error {
		return &InputError{Field: field, Value: Clean(in, 40), Reason: fmt.Sprintf(reason, args...)}
	}
	if reason := badCharacter(in); reason != "" {
		return "", bad("%s", reason)
	}
	n, err := phonenumbers.Parse(in, p.region())
	if err != nil {
		return "", bad("%s", parseReason(err))
	}
	if reason := p.invalidReason(n); reason != "" {
		if !strings.HasPrefix(in, "+") && !strings.HasPrefix(reason, "too short") && !strings.HasPrefix(reason, "a short code") {
			// Read as this region's: a number from elsewhere is not.
			reason += " (a number from another country needs + and its country code, e.g. +44 20 7946 0958)"
		}
		return "", bad("%s", reason)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// badCharacter refuses what libphonenumber would read past rather than
// reject. It is lenient by design — it skips leading text, turns letters
// into digits (1-800-FLOWERS) and drops a stray one — which suits numbers
// found in documents, not a number RingCX is about to ring: "415555O141"
// with a letter O must not become another number, nor "ext. 12" an
// extension RingCX cannot dial. Digits (of any script), spaces and the
// usual separators pass; + only first.
func badCharacter(s string) string {
	for i, r := range s {
		switch {
		case unicode.IsDigit(r), unicode.IsSpace(r), strings.ContainsRune("-.()/", r):
		case r == '+' || r == '＋':
			if i != 0 {
				return "`+` may only start the number"
			}
		case unicode.IsLetter(r):
			return "letters are not allowed in a phone number"
		default:
			return fmt.Sprintf("unexpected character %q", r)
		}
	}
	return ""
}

// parseReason words libphonenumber's parse errors for people.
func parseReason(err error) string {
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return "the country code is not valid (after + comes a country code, such as +1 or +44)"
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return "too short to be a phone number"
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return "too long to be a phone number"
	}
	return "not a phone number"
}

// invalidReason is why a parsed number cannot be dialled, or "".
func (p PhoneParser) invalidReason(n *phonenumbers.PhoneNumber) string {
	if phonenumbers.IsValidNumber(n) {
		return ""
	}
	where := regionOfCode(n)
	why := phonenumbers.IsPossibleNumberWithReason(n)
	if why != phonenumbers.IS_POSSIBLE && why != phonenumbers.INVALID_COUNTRY_CODE && phonenumbers.IsValidShortNumberForRegion(n, p.region()) {
		return "a short code (like 911 or 112) cannot be dialled this way; give a full number"
	}
	switch why {
	case phonenumbers.TOO_SHORT:
		return "too short for a number in " + where
	case phonenumbers.TOO_LONG:
		return "too long for a number in " + where
	case phonenumbers.INVALID_LENGTH:
		return "has the wrong number of digits for a number in " + where
	case phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		return "too short for a number in " + where + ": is the area code missing?"
	case phonenumbers.INVALID_COUNTRY_CODE:
		return fmt.Sprintf("+%d is not a country code", n.GetCountryCode())
	}
	return "not a valid number in " + where
}

// regionOfCode names the region of a number's country code the way the
// messages use it: "US (+1)", "GB (+44)", or "+800" for a code that is not
// a region's (international freephone).
func regionOfCode(n *phonenumbers.PhoneNumber) string {
	cc := int(n.GetCountryCode())
	if r := phonenumbers.GetRegionCodeForCountryCode(cc); r != "" && r != "ZZ" && r != "001" {
		return fmt.Sprintf("%s (+%d)", r, cc)
	}
	return fmt.Sprintf("+%d", cc)
}

// Format shows a number from RingCX (a caller's ANI, a dialled DNIS) or a
// normalised one the way people read it: a number of the parser's own
// region in that region's national format ("(415) 555-0141" for US,
// "020 7946 0958" for GB), any other in international format
// ("+44 20 7946 0958"). Text that is not a phone number ("anonymous",
// "Restricted", a short code) is returned as given: the caller cleans it
// for the screen as it cleans any API text. Numbers libphonenumber
// considers unassigned are still grouped, by their country's patterns.
func (p PhoneParser) Format(s string) string {
	if s == "" || badCharacter(s) != "" {
		return s
	}
	// RingCX writes a North American number as bare digits and any other
	// in E.164, whatever region the person reading it is in: the digits
	// are read as RingCX's, never as a national number of p's region.
	n, err := phonenumbers.Parse(s, WireRegion)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return s
	}
	if int(n.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(p.region()) {
		// Same country code: national, unless the number is known to be
		// another region's (+1 416 is Canada, not the United States).
		if r := phonenumbers.GetRegionCodeForNumber(n); r == "" || r == p.region() {
			return phonenumbers.Format(n, phonenumbers.NATIONAL)
		}
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// ParseRegion reads a region code as people write it ("gb", " US ") and
// returns it upper-cased if libphonenumber knows it.
func ParseRegion(s string) (string, error) {
	r := strings.ToUpper(strings.TrimSpace(s))
	if !phonenumbers.GetSupportedRegions()[r] {
		reason := "not a region code: use a two-letter code such as US, GB, DE or IN"
		if r == "UK" {
			reason = "the United Kingdom's region code is GB"
		}
		return "", &InputError{Field: "region", Value: Clean(s, 20), Reason: reason}
	}
	return r, nil
}

// PhoneRegion is the region an E.164 number belongs to ("GB" for
// +442079460958), or "" when it has no single region: not E.164, not
// valid, or a non-geographic number (+800).
func PhoneRegion(e164 string) string {
	if !strings.HasPrefix(e164, "+") {
		return ""
	}
	n, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return ""
	}
	if r := phonenumbers.GetRegionCodeForNumber(n); phonenumbers.GetSupportedRegions()[r] {
		return r
	}
	return ""
}

// validE164 is the check at the client's edge: a number must arrive
// normalised (PhoneParser.Normalize), so what is sent, recorded in the
// audit log and later given to hangupSession is one string. The client
// has no region to read a national number in, and rewriting a number here
// would make the audit record differ from the request.
func validE164(field, s string) error {
	if !strings.HasPrefix(s, "+") {
		if strings.TrimSpace(s) == "" {
			return &InputError{Field: field, Reason: "a phone number is required"}
		}
		return &InputError{Field: field, Value: Clean(s, 40), Reason: "must be in international form, + and the country code (+14155550123)"}
	}
	e, err := PhoneParser{}.Normalize(field, s)
	if err != nil {
		return err
	}
	if e != s {
		return &InputError{Field: field, Value: Clean(s, 40), Reason: "must be in E.164 form, without spaces or punctuation (" + e + ")"}
	}
	return nil
}

// Spellings are the digit strings a number people typed may be stored as
// in RingCX's data — its E.164 digits and its national number without
// prefix ("07700 900148" in GB: 447700900148 and 7700900148) — for
// searching numbers as they are shown. None when it is not a number.
func (p PhoneParser) Spellings(s string) []string {
	if badCharacter(s) != "" {
		return nil
	}
	n, err := phonenumbers.Parse(s, p.region())
	if err != nil {
		return nil
	}
	nsn := phonenumbers.GetNationalSignificantNumber(n)
	return []string{strings.TrimPrefix(phonenumbers.Format(n, phonenumbers.E164), "+"), nsn}
}
