package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultKeyMapIsConsistentAndFullyDocumented(t *testing.T) {
	km := defaultKeyMap()
	require.NoError(t, km.Validate(), "no two board actions share a key")
	inHelp := map[string]bool{}
	for _, group := range km.FullHelp() {
		for _, b := range group {
			inHelp[b.Help().Desc] = true
		}
	}
	for name, b := range km.Bindings() {
		assert.NotEmpty(t, b.Keys(), name)
		assert.NotEmpty(t, b.Help().Key, name)
		assert.True(t, inHelp[b.Help().Desc], "%s is missing from the help screen", name)
	}
	for _, want := range [][2]string{{"m", "monitor"}, {"c", "coach"}, {"b", "barge"}, {"x", "leave"}, {"H", "hang up"},
		{"r", "record"}, {"d", "disposition"}, {"n", "new call"}, {"/", "filter"}, {"s", "sort"}, {"S", "reverse"},
		{"enter", "details"}, {"R", "refresh"}, {"p", "pause"}, {"?", "help"}, {"q", "quit"}} {
		found := false
		for _, b := range km.Bindings() {
			if b.Help().Desc == want[1] {
				found = true
				assert.Contains(t, b.Keys(), want[0], want[1])
			}
		}
		assert.True(t, found, want[1])
	}
	assert.Equal(t, []string{"y"}, km.Confirm.Keys(), "only y confirms")
}

func TestThemeNoColorHasNoColours(t *testing.T) {
	th := newTheme(true)(true)
	for name, st := range map[string]interface{ Render(...string) string }{"alert": th.Alert, "live": th.Live, "badge": th.Badge, "queued": th.Queued} {
		out := st.Render("x")
		assert.NotRegexp(t, `\x1b\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]`, out, name)
	}
	assert.Contains(t, th.Selected.Render("row"), "\x1b[7m", "selected row in reverse video")
	dark, light := newTheme(false)(true), newTheme(false)(false)
	assert.NotEqual(t, dark.Alert.GetForeground(), light.Alert.GetForeground(), "colours adapt to the background")
}

func TestBoardFlags(t *testing.T) {
	env := func(vals map[string]string) func(string) string {
		return func(k string) string { return vals[k] }
	}
	var out, errb bytes.Buffer
	o, code := parseBoardFlags([]string{"--refresh", "10s", "--phone", "(555) 415-0123", "--read-only", "--talk-threshold", "12m"}, env(nil), &out, &errb)
	require.Equal(t, -1, code, errb.String())
	assert.Equal(t, 10*time.Second, o.refresh)
	assert.Equal(t, "5554150123", o.phone)
	assert.True(t, o.readOnly)
	assert.Equal(t, 12*time.Minute, o.talkThreshold)

	o, code = parseBoardFlags(nil, env(map[string]string{"CALLBOARD_PHONE": "+15554150123", "RINGCX_ACCOUNT_ID": "12440011", "NO_COLOR": "1"}), &out, &errb)
	require.Equal(t, -1, code)
	assert.Equal(t, "+15554150123", o.phone)
	assert.Equal(t, "12440011", o.account)
	assert.True(t, o.noColor)
	assert.Equal(t, []string{"RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT"}, o.missingCredentials())

	for args, want := range map[string]string{
		"--refresh 1s":         "--refresh 1s is too short: the minimum is 2s",
		"--phone 555-CALL-NOW": "letters are not allowed",
		"--wait-threshold 0s":  "must be positive",
		"--bogus":              "flag provided but not defined: -bogus",
		"calls-typo":           `unknown command "calls-typo"`,
		"--refresh soon":       "invalid value",
	} {
		errb.Reset()
		_, code := parseBoardFlags(strings.Fields(args), env(nil), &out, &errb)
		assert.Equal(t, 2, code, args)
		assert.Contains(t, errb.String(), want, args)
	}
	out.Reset()
	_, code = parseBoardFlags([]string{"--help"}, env(nil), &out, &errb)
	assert.Equal(t, 0, code)
	assert.Contains(t, out.String(), "callboard --demo")
	assert.Contains(t, noCredentialsMessage([]string{"RINGCENTRAL_JWT"}), "callboard --demo")
}
