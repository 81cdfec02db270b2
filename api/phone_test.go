package api

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The numbers below are real shapes: 555-01xx is North America's range for
// fiction, 020 7946 0xxx London's, the others the examples libphonenumber
// and the national regulators publish.

func TestNormalizeReadsNumbersAsTheirRegionWritesThem(t *testing.T) {
	for _, tc := range []struct{ region, in, want string }{
		{"US", "(415) 555-0141", "+14155550141"},
		{"US", "415.555.0141", "+14155550141"},
		{"US", "1 415 555 0141", "+14155550141"},
		{"US", " +1 415 555 0141 ", "+14155550141"},
		{"", "415-555-0141", "+14155550141"}, // the zero value reads US
		{"US", "011 44 20 7946 0958", "+442079460958"},
		{"US", "+44 20 7946 0958", "+442079460958"},
		{"US", "＋１ ４１５ ５５５ ０１４１", "+14155550141"}, // full-width, as some input methods type
		{"US", "٤١٥٥٥٥٠١٤١", "+14155550141"},      // Arabic-Indic digits
		{"GB", "020 7946 0958", "+442079460958"},
		{"GB", "07400 123456", "+447400123456"},
		{"GB", "00 1 415 555 0141", "+14155550141"},
		{"GB", "+1 (415) 555-0141", "+14155550141"},
		{"DE", "030 123456", "+4930123456"},
		{"DE", "+49 (0) 30 123456", "+4930123456"},
		{"DE", "01512 3456789", "+4915123456789"},
		{"FR", "01 23 45 67 89", "+33123456789"},
		{"FR", "06.12.34.56.78", "+33612345678"},
		{"IN", "98765 43210", "+919876543210"},
		{"IN", "098765 43210", "+919876543210"},
		{"AU", "(02) 9876 5432", "+61298765432"},
		{"AU", "0412 345 678", "+61412345678"},
		{"JP", "03-1234-5678", "+81312345678"},
		{"US", "+800 1234 5678", "+80012345678"}, // international freephone, no region
	} {
		got, err := PhoneParser{Region: tc.region}.Normalize("phone", tc.in)
		require.NoError(t, err, "%s in %s", tc.in, tc.region)
		assert.Equal(t, tc.want, got, "%s in %s", tc.in, tc.region)
	}
}

func TestNormalizeSaysWhyANumberIsRefused(t *testing.T) {
	for _, tc := range []struct{ region, in, want string }{
		{"US", "", "invalid phone: a phone number is required"},
		{"US", "   ", "a phone number is required"},
		// libphonenumber's verdicts, in plain words.
		{"US", "911", "a short code (like 911 or 112) cannot be dialled this way"},
		{"GB", "999", "a short code"},
		{"DE", "112", "a short code"},
		{"US", "555-0141", "too short for a number in US (+1): is the area code missing?"},
		{"US", "415555014", "too short for a number in US (+1)"},
		{"US", "00", "too short for a number in US (+1)"},
		{"US", "+1 415 555 01411", "too long for a number in US (+1)"},
		{"US", "020 7946 0958", "too long for a number in US (+1)"}, // a London number read as American
		{"DE", "+49 30 1", "too short"},
		{"US", "+999 1234567", "the country code is not valid"},
		{"US", "+0 4155550141", "the country code is not valid"},
		{"US", "+1 555 415 0123", "not a valid number in US (+1)"}, // area code 555 is not assigned
		{"GB", "07700 900148", "not a valid number in GB (+44)"},   // Ofcom's drama range is never assigned
		{"IN", "+91 22 1234 5678", "not a valid number in IN (+91)"},
		{"US", "+", "not a phone number"},
		{"US", "---", "not a phone number"},
		{"US", strings.Repeat("4", 300), "too long to be a phone number"},
		// What libphonenumber would read past: letters, stray symbols,
		// control and bidi characters.
		{"US", "415555O141", "letters are not allowed"},
		{"US", "1-800-FLOWERS", "letters are not allowed"},
		{"US", "+1 415 555 0141 ext. 12", "letters are not allowed"},
		{"US", "1+4155550141", "`+` may only start the number"},
		{"US", "++14155550141", "`+` may only start the number"},
		{"US", "415#5550141", "unexpected character '#'"},
		{"US", "<script>4155550141", "unexpected character '<'"},
		{"US", "4155550141\x1b[2J", "unexpected character '\\x1b'"},
		{"US", "\u202e4155550141", "unexpected character '\\u202e'"},
		{"US", "415-555-0141; DROP TABLE calls", "unexpected character ';'"},
	} {
		_, err := PhoneParser{Region: tc.region}.Normalize("phone", tc.in)
		require.Error(t, err, "%q in %s", tc.in, tc.region)
		assert.ErrorIs(t, err, ErrInvalidInput)
		assert.Contains(t, err.Error(), tc.want, "%q in %s", tc.in, tc.region)
		assert.NotContains(t, err.Error(), "\x1b", "the refusal never repeats a control character")
	}
}

func TestFormatShowsNumbersTheWayTheRegionReadsThem(t *testing.T) {
	for _, tc := range []struct{ region, in, want string }{
		{"US", "4155550141", "(415) 555-0141"},
		{"US", "+14155550141", "(415) 555-0141"},
		{"US", "14155550141", "(415) 555-0141"},
		{"", "+14155550141", "(415) 555-0141"},
		{"US", "8661234567", "(866) 123-4567"}, // unassigned, still grouped
		{"US", "+447700900148", "+44 7700 900148"},
		{"US", "+442079460958", "+44 20 7946 0958"},
		{"US", "+14165550123", "+1 416-555-0123"}, // Toronto: another region behind +1
		{"US", "+919876543210", "+91 98765 43210"},
		{"GB", "+442079460958", "020 7946 0958"},
		// RingCX's bare digits are North American, whoever reads them: a
		// London board shows them internationally, never as London numbers.
		{"GB", "2065550125", "+1 206-555-0125"},
		{"GB", "02079460958", "02079460958"},
		{"GB", "+14155550141", "+1 415-555-0141"},
		{"DE", "+4930123456", "030 123456"},
		{"FR", "+33123456789", "01 23 45 67 89"},
		{"IN", "+919876543210", "098765 43210"},
		{"AU", "+61298765432", "(02) 9876 5432"},
		{"AU", "+61412345678", "0412 345 678"},
		{"US", "+80012345678", "+800 1234 5678"},
		// Not numbers: shown as given (the board cleans API text itself).
		{"US", "", ""},
		{"US", "anonymous", "anonymous"},
		{"US", "Restricted", "Restricted"},
		{"US", "911", "911"},
		{"US", "+", "+"},
		{"US", "4155550141 ext. 7", "4155550141 ext. 7"},
		{"US", "\x1b[2J4155550141", "\x1b[2J4155550141"},
	} {
		assert.Equal(t, tc.want, PhoneParser{Region: tc.region}.Format(tc.in), "%q in %s", tc.in, tc.region)
	}
}

func TestParseRegion(t *testing.T) {
	for in, want := range map[string]string{"US": "US", "gb": "GB", " de ": "DE", "In": "IN", "AU": "AU"} {
		got, err := ParseRegion(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, in := range []string{"", "EU", "ZZ", "001", "USA", "G", "\x1b[2J"} {
		_, err := ParseRegion(in)
		require.ErrorIs(t, err, ErrInvalidInput, in)
		assert.Contains(t, err.Error(), "not a region code: use a two-letter code such as US, GB")
	}
	_, err := ParseRegion("uk")
	assert.ErrorContains(t, err, "the United Kingdom's region code is GB", "the common slip is named")
	_, err = PhoneParser{Region: "US"}.Normalize("phone", "020 7946 0958")
	assert.ErrorContains(t, err, "a number from another country needs + and its country code")
}

func TestPhoneRegion(t *testing.T) {
	for in, want := range map[string]string{
		"+442079460958": "GB", "+14155550141": "US", "+14165550123": "CA", "+4930123456": "DE",
		"+15554150123": "", // not a valid number: no region to take
		"4155550141":   "", // not E.164: no country code to go by
		"+80012345678": "", // freephone belongs to no region
		"":             "",
	} {
		assert.Equal(t, want, PhoneRegion(in), in)
	}
}

func TestActionsTakeE164Only(t *testing.T) {
	uii := "202005081040440132050000019657"
	require.NoError(t, ValidateAddSession(uii, "+14155550141", SessionMonitor))
	require.NoError(t, ValidateHangupSession(uii, "+442079460958"))
	require.NoError(t, ManualCallRequest{Username: "a@b", Destination: "+14155550141", CallerID: "+18005550199", RingDuration: 30}.Validate())
	for in, want := range map[string]string{
		"":                "a phone number is required",
		"4155550141":      "must be in international form, + and the country code",
		"+1 415 555 0141": "must be in E.164 form, without spaces or punctuation (+14155550141)",
		"+15554150123":    "not a valid number in US (+1)",
		"+1911":           "a short code",
	} {
		err := ValidateAddSession(uii, in, SessionMonitor)
		require.ErrorIs(t, err, ErrInvalidInput, in)
		assert.Contains(t, err.Error(), want, in)
		assert.Contains(t, err.Error(), "invalid destination", in)
		if in == "4155550141" {
			// Ending a session takes the digits an earlier callboard
			// dialled: RingCX ends it only by the same string.
			assert.NoError(t, ValidateHangupSession(uii, in))
			continue
		}
		err = ValidateHangupSession(uii, in)
		require.ErrorIs(t, err, ErrInvalidInput, in)
		assert.Contains(t, err.Error(), "invalid phone", in)
	}
	err := ManualCallRequest{Username: "a@b", Destination: "+14155550141", CallerID: "8005550199", RingDuration: 30}.Validate()
	assert.ErrorContains(t, err, "invalid callerId")
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// FuzzPhoneParser: whatever is typed, Normalize returns E.164 that reads
// back as itself, or an ErrInvalidInput; Format never panics and returns
// either the input or text made of digits and separators.
func FuzzPhoneParser(f *testing.F) {
	for _, s := range []string{"(415) 555-0141", "+44 20 7946 0958", "020 7946 0958", "911", "", "+", "1-800-FLOWERS",
		"٤١٥٥٥٥٠١٤١", "\u202e+1", "0044 (0) 20 7946 0958", strings.Repeat("9", 40)} {
		f.Add(s, "US")
		f.Add(s, "GB")
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		p := PhoneParser{Region: region}
		if _, err := ParseRegion(region); err != nil {
			p = PhoneParser{}
		}
		got, err := p.Normalize("phone", s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid phone") {
				t.Fatalf("%q: unexpected error %v", s, err)
			}
		} else {
			if !e164.MatchString(got) {
				t.Fatalf("%q normalised to %q, not E.164", s, got)
			}
			if again, err := (PhoneParser{Region: "ZZ"}).Normalize("phone", got); err != nil || again != got {
				t.Fatalf("%q: E.164 %q does not read back as itself (%q, %v)", s, got, again, err)
			}
		}
		if out := p.Format(s); out != s && strings.Trim(out, "0123456789 +-().") != "" {
			t.Fatalf("%q formatted as %q", s, out)
		}
	})
}
