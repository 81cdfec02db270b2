package config

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/shown"
)

// A value the person gave is echoed in the refusal as they gave it, with
// what would act on the terminal written out visibly — never passed
// through, never silently dropped — from every source alike.
func TestRefusedValuesAreEchoedVisibly(t *testing.T) {
	for _, tc := range []struct {
		name string
		vars []string
		file string
		args []string
		want string
	}{
		{name: "env phone", vars: []string{"CALLBOARD_PHONE", "+1555\x9b31mRED"},
			want: `CALLBOARD_PHONE="+1555\x9b31mRED": contains invalid UTF-8 at byte 5`},
		{name: "flag theme", args: []string{"--theme", "\x9b2J"},
			want: `--theme "\x9b2J": unknown theme: use auto, dark, light or none`},
		{name: "flag duration", args: []string{"--refresh", "\x1b[2J"},
			want: `--refresh: "\x1b[2J" is not a duration (e.g. 5s, 1m)`},
		{name: "env bidi", vars: []string{"RINGCENTRAL_CLIENT_ID", "app\u202eid"},
			want: `RINGCENTRAL_CLIENT_ID="app\u202eid": contains a bidi control character at byte 3`},
		{name: "file bidi", file: "[scope]\nexternal_id = \"x\u202ey\"\n",
			want: `:2: scope.external_id = "x\u202ey": contains a bidi control character at byte 1`},
		{name: "server bidi", args: []string{"--server", "https://ex\u202eample.com"},
			want: `--server "https://ex\u202eample.com": contains a bidi control character at byte 10`},
		{name: "server with a password", vars: []string{"RINGCX_SERVER_URL", "https://u:pw\x1b@host"},
			want: "RINGCX_SERVER_URL: contains a control character at byte 12"},
		{name: "file key", file: "[keys]\n\"h\u202eup\" = [\"H\"]\n", want: `unknown action "h\u202eup"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t).set(tc.vars...)
			if tc.file != "" {
				writeFile(t, e.defaultConfig(), tc.file, 0o600)
			}
			_, err := loadKeys(t, e, []string{"hangup"}, tc.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, shown.Message(err.Error()), err.Error(), "nothing that would act on the terminal")
			assert.NotContains(t, err.Error(), "\n", "one problem, said once")
		})
	}
}

// callboard config shows no bidi override or control from where its
// values came from (a config file named by a path holding one).
func TestDescribeShowsNothingRaw(t *testing.T) {
	e := newTestEnv(t)
	path := writeFile(t, e.home+"/evil\u202eamot.toml", "refresh = \"7s\"\n", 0o600)
	e.set("CALLBOARD_CONFIG", path)
	c := mustLoad(t, e)
	var out bytes.Buffer
	require.NoError(t, c.Describe(&out))
	assert.Equal(t, shown.Message(out.String()), out.String(), "nothing that would act on the terminal")
	assert.Contains(t, out.String(), `evil\u202eamot.toml`)
}

// [serve]'s refusals echo the file's values the same way.
func TestServeRefusalsEchoVisibly(t *testing.T) {
	anaKey, _ := authorizedKey(t, "ana\u202e@laptop")
	_, err := serveConfig(t, "[[serve.users]]\nname = \"Ana\\u001b[2J\"\nkeys = [\"from=\\\"10.0.0.1\\u202e\\\" "+anaKey+"\"]\nrole = \"boss\\u202e\"\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `serve.users ("Ana\x1b[2J").role = "boss\u202e": use supervisor or viewer`)
	assert.Contains(t, err.Error(), `key "ana\u202e@laptop" has options (from="10.0.0.1\u202e")`)
	assert.Equal(t, shown.Message(err.Error()), err.Error(), "nothing that would act on the terminal")
}
