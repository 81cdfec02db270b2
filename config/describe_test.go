package config

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func describe(t *testing.T, c *Config) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, c.Describe(&b))
	return b.String()
}

func TestDescribe(t *testing.T) {
	e := newTestEnv(t).set(
		"XDG_CONFIG_HOME", "/cfg", "XDG_STATE_HOME", "/state",
		"RINGCX_ACCOUNT_ID", "12440011",
		"RINGCENTRAL_CLIENT_ID", "app-id",
		"RINGCENTRAL_CLIENT_SECRET", "app-secret-value",
		"RINGCENTRAL_JWT", "jwt-value",
		"RINGCX_API_TOKEN", "api-token-value",
	)
	c := mustLoad(t, e, "--refresh", "10s", "--phone", "+1 212 555 0123")
	want := `config file                     none (would be /cfg/callboard/config.toml)
server                          https://ringcx.ringcentral.com    default
account                         12440011                          env RINGCX_ACCOUNT_ID
phone                           +12125550123                      flag --phone
region                          US                                default (the phone)
read_only                       false                             default
refresh                         10s                               flag --refresh
action_deadline                 20s                               default
theme                           auto                              default
audit_log                       /state/callboard/audit.jsonl      default
scope.product                   ACCOUNT                           default
scope.product_id                12440011                          default (the account)
scope.external_id               (not set)
thresholds.wait                 1m                                default
thresholds.talk                 10m                               default
thresholds.wrap_up              2m                                default
thresholds.away                 15m                               default
thresholds.queue_wait           1m                                default
thresholds.service_level        80%                               default
thresholds.bell                 false                             default
log.level                       info                              default
log.file                        /state/callboard/callboard.log    default
keys                            (built-in)                        default
credentials.ringcentral_server  https://platform.ringcentral.com  default
credentials.client_id           app-id                            env RINGCENTRAL_CLIENT_ID
credentials.client_secret       ******** (set)                    env RINGCENTRAL_CLIENT_SECRET
credentials.jwt                 ******** (set)                    env RINGCENTRAL_JWT
credentials.access_token        (not set)
credentials.refresh_token       (not set)
credentials.api_token           ******** (set)                    env RINGCX_API_TOKEN
sign-in                         jwt: RingCentral JWT sign-in, exchanged for a RingCX token; not used: the API token
`
	assert.Equal(t, want, describe(t, c))
}

func TestDescribeWithAConfigFile(t *testing.T) {
	e := newTestEnv(t).set("NO_COLOR", "1")
	dir := filepath.Dir(e.defaultConfig())
	secret := writeFile(t, filepath.Join(dir, "token"), "tok\n", 0o600)
	path := writeFile(t, e.defaultConfig(), "account = \"7\"\n[keys]\nquit = [\"Q\"]\nhangup = [\"H\", \"ctrl+h\"]\n"+
		"[credentials]\naccess_token_file = \"token\"\n", 0o600)
	out := describe(t, mustLoad(t, e, "--config", path))

	rows := map[string][2]string{}
	col := -1
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		assert.Equal(t, strings.TrimRight(line, " "), line, "no trailing spaces")
		fields := regexp.MustCompile(`\s{2,}`).Split(line, 3)
		require.GreaterOrEqual(t, len(fields), 2, line)
		// Every value starts in the same column.
		at := strings.Index(line, fields[1])
		if col < 0 {
			col = at
		}
		assert.Equal(t, col, at, line)
		if len(fields) == 2 {
			fields = append(fields, "")
		}
		rows[fields[0]] = [2]string{fields[1], fields[2]}
	}
	assert.Equal(t, [2]string{path, "flag --config"}, rows["config file"])
	assert.Equal(t, [2]string{"7", "file " + path + ":1"}, rows["account"])
	assert.Equal(t, [2]string{"none", "env NO_COLOR"}, rows["theme"])
	assert.Equal(t, [2]string{`["H", "ctrl+h"]`, "file " + path + ":4"}, rows["keys.hangup"])
	assert.Equal(t, [2]string{`["Q"]`, "file " + path + ":3"}, rows["keys.quit"])
	assert.NotContains(t, rows, "keys")
	assert.Equal(t, [2]string{"******** (set)", "file " + path + ":6 (read from " + secret + ")"}, rows["credentials.access_token"])
	assert.Equal(t, [2]string{"(not set)", ""}, rows["credentials.jwt"])
	assert.Equal(t, "access-token: a RingCX access token without a refresh token: it lapses in about 5 minutes",
		rows["sign-in"][0])
	assert.NotContains(t, out, "tok\n")
}

func TestDescribeQuotesControlCharacters(t *testing.T) {
	c := &Config{Sources: map[string]Source{}}
	c.Credentials.ClientID = "id\x1b[2J"
	out := describe(t, c)
	assert.NotContains(t, out, "\x1b")
	assert.Contains(t, out, `"id\x1b[2J"`)
}
