package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const products = "ACCOUNT, ACD, AGENT, CHAT_QUEUE, OUTBOUND, VISUAL_IVR, CLOUD_PROFILE, CLOUD_DESTINATION, " +
	"TRAC_NUMBER, HTTP_SERVICES, SCRIPTING, TN_MANAGER, SURVEY, DNIS, TEAMS, KNOWLEDGE_BASE, UTILITIES"

// refreshTooLong is the refusal of a refresh over ten minutes, which would
// keep a board saying "updated 14s ago" long after its calls went stale.
const refreshTooLong = "too long: give between 2s and 10m, so the board can tell when its calls go stale"

func TestBadFlagValues(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--refresh", "1s"}, "--refresh 1s: too short: the minimum is 2s (RingCX allows 120 requests a minute per account, shared with actions)"},
		{[]string{"--refresh", "fast"}, `--refresh: "fast" is not a duration (e.g. 5s, 1m)`},
		{[]string{"--refresh", "876000h"}, "--refresh 876000h: " + refreshTooLong},
		{[]string{"--action-deadline", "500ms"}, "--action-deadline 500ms: out of range: give between 1s and 10m"},
		{[]string{"--action-deadline", "11m"}, "--action-deadline 11m: out of range: give between 1s and 10m"},
		{[]string{"--action-deadline", "soon"}, `--action-deadline: "soon" is not a duration (e.g. 5s, 1m)`},
		{[]string{"--wait-threshold", "0s"}, "--wait-threshold 0s: must be more than 0"},
		{[]string{"--talk-threshold", "-1m"}, "--talk-threshold -1m: must be more than 0"},
		{[]string{"--theme", "purple"}, "--theme purple: unknown theme: use auto, dark, light or none"},
		{[]string{"--log-level", "trace"}, "--log-level trace: unknown log level: use debug, info, warn or error"},
		{[]string{"--product", "QUEUE", "--product-id", "1"}, "--product QUEUE: unknown product: use one of " + products},
		{[]string{"--product", "ACD", "--product-id", "q1"}, "--product-id q1: a product id has digits only"},
		{[]string{"--product", "ACD", "--product-id", "99999999999"}, "--product-id 99999999999: too large for a product id"},
		{[]string{"--account", "acme"}, "--account acme: an account id has digits only"},
		{[]string{"--account", "-5"}, "--account -5: an account id has digits only"},
		{[]string{"--phone", "555-CALL-NOW"}, "--phone 555-CALL-NOW: letters are not allowed in a phone number"},
		{[]string{"--phone", "12345"}, "--phone 12345: too short for a number in US (+1)"},
		{[]string{"--phone", "+1 555 415 0123"}, `--phone "+1 555 415 0123": not a valid number in US (+1)`},
		{[]string{"--region", "EU"}, "--region EU: not a region code: use a two-letter code such as US, GB, DE or IN"},
		{[]string{"--phone", "555#1234567"}, "--phone 555#1234567: unexpected character '#'"},
		{[]string{"--server", "http://ringcx.example.com"}, "--server http://ringcx.example.com: plain http is allowed only to this machine (localhost); use https"},
		{[]string{"--server", "ringcx.ringcentral.com"}, "--server ringcx.ringcentral.com: not a URL: expected one like https://host"},
		{[]string{"--server", "ftp://ringcx.ringcentral.com"}, "--server ftp://ringcx.ringcentral.com: not a URL: expected one like https://host"},
		{[]string{"--server", "https://ringcx.ringcentral.com/admin"}, "--server https://ringcx.ringcentral.com/admin: expected a host such as https://ringcx.ringcentral.com (optionally ending in /voice/api/v1 or /api/v1)"},
		{[]string{"--server", "https://user:pw@ringcx.ringcentral.com"}, "--server: a server URL must not carry a user name, password, query or fragment"},
		{[]string{"--external-id", "a\x1bb"}, `--external-id "a\x1bb": contains a control character at byte 1`},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, loadErr(t, newTestEnv(t), c.args...), c.args)
	}
}

func TestBadEnvironmentValues(t *testing.T) {
	cases := []struct {
		name, value, want string
	}{
		{"RINGCX_ACCOUNT_ID", "12a", "RINGCX_ACCOUNT_ID=12a: an account id has digits only"},
		{"CALLBOARD_PHONE", "call me", `CALLBOARD_PHONE="call me": letters are not allowed in a phone number`},
		{"RINGCX_SERVER_URL", "http://10.0.0.1", "RINGCX_SERVER_URL=http://10.0.0.1: plain http is allowed only to this machine (localhost); use https"},
		{"RINGCENTRAL_SERVER_URL", "http://platform.example", "RINGCENTRAL_SERVER_URL=http://platform.example: plain http is allowed only to this machine (localhost); use https"},
		{"CALLBOARD_LOG_LEVEL", "verbose", "CALLBOARD_LOG_LEVEL=verbose: unknown log level: use debug, info, warn or error"},
		{"CALLBOARD_REFRESH", "876000h", "CALLBOARD_REFRESH=876000h: " + refreshTooLong},
		{"CALLBOARD_ACTION_DEADLINE", "0s", "CALLBOARD_ACTION_DEADLINE=0s: out of range: give between 1s and 10m"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, loadErr(t, newTestEnv(t).set(c.name, c.value)), c.name)
	}
}

func TestBadFileValues(t *testing.T) {
	cases := map[string]string{
		"refresh = \"1s\"\n":                               `FILE:1: refresh = "1s": too short: the minimum is 2s (RingCX allows 120 requests a minute per account, shared with actions)`,
		"account = \"x1\"\n":                               `FILE:1: account = "x1": an account id has digits only`,
		"refresh = \"876000h\"\n":                          `FILE:1: refresh = "876000h": ` + refreshTooLong,
		"action_deadline = \"1h\"\n":                       `FILE:1: action_deadline = "1h": out of range: give between 1s and 10m`,
		"phone = \"+1 555 CALL\"\n":                        `FILE:1: phone = "+1 555 CALL": letters are not allowed in a phone number`,
		"server = \"http://ringcx.local\"\n":               `FILE:1: server = "http://ringcx.local": plain http is allowed only to this machine (localhost); use https`,
		"[thresholds]\nwait = \"-5s\"\n":                   `FILE:2: thresholds.wait = "-5s": must be more than 0`,
		"[scope]\nproduct = \"acd\"\nproduct_id = \"x\"\n": `FILE:3: scope.product_id = "x": a product id has digits only`,
	}
	for doc, want := range cases {
		assert.Equal(t, want, configErr(t, doc), doc)
	}
}

// Every problem is reported at once, each with its own source, including
// values a higher source overrides: they would surface the day the
// override goes away.
func TestAllProblemsAreReportedTogether(t *testing.T) {
	e := newTestEnv(t).set("RINGCX_ACCOUNT_ID", "abc")
	writeFile(t, e.defaultConfig(), "refresh = \"1s\"\n", 0o600)
	msg := loadErr(t, e, "--refresh", "10s", "--theme", "neon")
	assert.Contains(t, msg, "RINGCX_ACCOUNT_ID=abc: an account id has digits only")
	assert.Contains(t, msg, `config.toml:1: refresh = "1s": too short`)
	assert.Contains(t, msg, "--theme neon: unknown theme")
}
