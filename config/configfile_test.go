package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// configErr writes doc as the default config file and returns Load's
// error with the file's path replaced by FILE.
func configErr(t *testing.T, doc string, keyNames ...string) string {
	t.Helper()
	e := newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), doc, 0o600)
	_, err := loadKeys(t, e, keyNames)
	require.Error(t, err)
	return strings.ReplaceAll(err.Error(), path, "FILE")
}

func TestUnknownKeysNameTheLine(t *testing.T) {
	doc := "server = \"https://ringcx.ringcentral.com\"\n" +
		"account = \"1\"\n" +
		"\n" +
		"# how often\n" +
		"\n" +
		"\n" +
		"refersh = \"5s\"\n" +
		"[scope]\n" +
		"prodct = \"ACD\"\n" +
		"[colours]\n" +
		"x = 1\n"
	assert.Equal(t, `FILE:7: unknown key "refersh" (did you mean "refresh"?)`+"\n"+
		`FILE:9: unknown key "scope.prodct" (did you mean "scope.product"?)`+"\n"+
		`FILE:10: unknown key "colours"`, configErr(t, doc))
}

func TestMalformedDurationNamesLineAndKey(t *testing.T) {
	assert.Equal(t, `FILE:3: refresh: "fast" is not a duration (e.g. 5s, 1m)`,
		configErr(t, "account = \"1\"\n\nrefresh = \"fast\"\n"))
	assert.Equal(t, `FILE:2: thresholds.talk: "10" is not a duration (e.g. 5s, 1m)`,
		configErr(t, "[thresholds]\ntalk = \"10\"\n"))
}

func TestWrongTOMLTypes(t *testing.T) {
	cases := map[string]string{
		"refresh = 5\n":                    `FILE:1: refresh: expected a duration in quotes, e.g. refresh = "5s", not an integer`,
		"account = 12440011\n":             `FILE:1: account: expected a string in quotes, e.g. account = "…", not an integer`,
		"read_only = \"yes\"\n":            `FILE:1: read_only: expected true or false, not a string`,
		"[keys]\nhangup = \"H\"\n":         `FILE:2: keys.hangup: expected a list of keys, e.g. hangup = ["H", "ctrl+h"], not a string`,
		"[thresholds]\nwait = 60\n":        `FILE:2: thresholds.wait: expected a duration in quotes, e.g. wait = "5s", not an integer`,
		"scope = \"ACD\"\n":                `FILE:1: scope: expected a table, [scope], not a string`,
		"[credentials]\njwt = true\n":      `FILE:2: credentials.jwt: expected a string in quotes, e.g. jwt = "…", not a boolean`,
		"[log]\nlevel = [\"debug\"]\n":     `FILE:2: log.level: expected a string in quotes, e.g. level = "…", not an array`,
		"server = \"a\"\nserver = \"b\"\n": `FILE:2: key server is already defined`,
	}
	for doc, want := range cases {
		assert.Equal(t, want, configErr(t, doc), doc)
	}
}

func TestSyntaxErrorsNameTheLine(t *testing.T) {
	msg := configErr(t, "account = \"1\"\nrefresh = \n")
	assert.True(t, strings.HasPrefix(msg, "FILE:2: "), msg)
	msg = configErr(t, "account = \"1\"\n[scope\n")
	assert.True(t, strings.HasPrefix(msg, "FILE:2: "), msg)
}

func TestValuesRefusedAfterDecodingNameTheLine(t *testing.T) {
	assert.Equal(t, `FILE:4: theme = "purple": unknown theme: use auto, dark, light or none`,
		configErr(t, "account = \"1\"\n\n\ntheme = \"purple\"\n"))
	// Keys inside an inline table, and dotted keys, are found too.
	assert.Equal(t, `FILE:2: scope.product = "QUEUE": unknown product: use one of ACCOUNT, ACD, AGENT, CHAT_QUEUE, `+
		`OUTBOUND, VISUAL_IVR, CLOUD_PROFILE, CLOUD_DESTINATION, TRAC_NUMBER, HTTP_SERVICES, SCRIPTING, TN_MANAGER, `+
		`SURVEY, DNIS, TEAMS, KNOWLEDGE_BASE, UTILITIES`,
		configErr(t, "account = \"1\"\nscope = { product = \"QUEUE\", product_id = \"5\" }\n"))
	assert.Equal(t, `FILE:3: log.level = "loud": unknown log level: use debug, info, warn or error`,
		configErr(t, "\n\nlog.level = \"loud\"\n"))
}

func TestSampleConfigFromTheIssueLoads(t *testing.T) {
	e := newTestEnv(t)
	doc := `server = "https://ringcx.ringcentral.com"   # RingCX server; legacy hosts accepted
account = "12440011"
phone = "+12125550123"
read_only = false
refresh = "5s"
theme = "auto"            # auto | dark | light | none
audit_log = "/path/audit.jsonl"
[scope]
product = "ACCOUNT"       # with product_id; or external_id
product_id = "12440011"
external_id = ""
[thresholds]
wait = "60s"
talk = "10m"
[keys]                    # action name → keys, e.g. hangup = ["H", "ctrl+h"]
hangup = ["H", "ctrl+h"]
[log]
level = "info"            # debug | info | warn | error
file = "/path/callboard.log"
[credentials]
ringcentral_server = "https://platform.ringcentral.com"
client_id = "app-id"
client_secret = "app-secret"
jwt = "user-jwt"
`
	path := writeFile(t, e.defaultConfig(), doc, 0o600)
	c, err := loadKeys(t, e, []string{"hangup", "monitor"})
	require.NoError(t, err)
	assert.Equal(t, path, c.ConfigFile)
	assert.Equal(t, "12440011", c.Account)
	assert.Equal(t, Scope{Product: "ACCOUNT", ProductID: "12440011"}, c.Scope)
	assert.Equal(t, map[string][]string{"hangup": {"H", "ctrl+h"}}, c.Keys)
	assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 16}, c.Sources["keys.hangup"])
	assert.Equal(t, "/path/callboard.log", c.LogFile)
	assert.Equal(t, SignInJWT, c.Credentials.Mode())
	assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 24}, c.Credentials.JWT.Source())
}

func TestRelativePathsInTheFileAreRelativeToIt(t *testing.T) {
	e := newTestEnv(t)
	dir := filepath.Dir(e.defaultConfig())
	writeFile(t, filepath.Join(dir, "secrets", "jwt"), "the-jwt\n", 0o600)
	writeFile(t, e.defaultConfig(), "audit_log = \"audit/a.jsonl\"\n[log]\nfile = \"cb.log\"\n"+
		"[credentials]\njwt_file = \"secrets/jwt\"\n", 0o600)
	c := mustLoad(t, e)
	assert.Equal(t, filepath.Join(dir, "audit", "a.jsonl"), c.AuditLog)
	assert.Equal(t, filepath.Join(dir, "cb.log"), c.LogFile)
	assert.Equal(t, "the-jwt", c.Credentials.JWT.Value())
	assert.Equal(t, filepath.Join(dir, "secrets", "jwt"), c.Credentials.JWT.Source().SecretFile)
}

func TestKeyOverrides(t *testing.T) {
	names := []string{"hangup", "monitor", "quit"}
	e := newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), "[keys]\nmonitor = [\"M\"]\nquit = [\"Q\", \"ctrl+q\"]\n", 0o600)
	c, err := loadKeys(t, e, names)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"monitor": {"M"}, "quit": {"Q", "ctrl+q"}}, c.Keys)
	assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 3}, c.Sources["keys.quit"])

	assert.Equal(t, `FILE:3: keys.hangupp: unknown action "hangupp" (did you mean "hangup"?); the actions are hangup, monitor, quit`,
		configErr(t, "[keys]\nmonitor = [\"M\"]\nhangupp = [\"H\"]\n", names...))
	assert.Equal(t, `FILE:2: keys.zap: unknown action "zap"; the actions are hangup, monitor, quit`,
		configErr(t, "[keys]\nzap = [\"z\"]\n", names...))
	assert.Equal(t, `FILE:2: keys.quit: no keys given: write e.g. quit = ["H"]`,
		configErr(t, "[keys]\nquit = []\n", names...))
	assert.Equal(t, `FILE:2: keys.quit: an empty string is not a key`,
		configErr(t, "[keys]\nquit = [\"q\", \"\"]\n", names...))
	// A key's name is shown as written (help, footer, every viewer's
	// screen): one that is not plain text is refused, echoed escaped.
	assert.Equal(t, `FILE:2: keys.quit: "q\u202e" is not a key: it contains a bidi control character at byte 1`,
		configErr(t, "[keys]\nquit = [\"q\\u202e\"]\n", names...))
	assert.Equal(t, `FILE:2: keys.quit: "\u009b31m" is not a key: it contains a control character at byte 0`,
		configErr(t, "[keys]\nquit = [\"Q\", \"\\u009b31m\"]\n", names...))
	assert.Equal(t, `FILE:2: keys.hangup: "\x1b[2J" is not a key: it contains a control character at byte 0`,
		configErr(t, "[keys]\nhangup = [\"\\u001b[2J\"]\n", names...))

	// Without a list of actions (a caller with no key map) names are not checked.
	c, err = loadKeys(t, e, nil)
	require.NoError(t, err)
	assert.Len(t, c.Keys, 2)
}
