package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
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

func TestKeyOverridesRebindAndRefuseConflicts(t *testing.T) {
	km := defaultKeyMap()
	require.NoError(t, applyKeyOverrides(&km, map[string][]string{"hangup": {"X", "ctrl+h"}, "leave": {"l"}}))
	assert.Equal(t, []string{"X", "ctrl+h"}, km.Hangup.Keys())
	assert.Equal(t, "X/ctrl+h", km.Hangup.Help().Key, "help follows the new keys")
	assert.Equal(t, "hang up", km.Hangup.Help().Desc)

	km = defaultKeyMap()
	err := applyKeyOverrides(&km, map[string][]string{"hangup": {"m"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"m" is bound to both`)
	err = applyKeyOverrides(&km, map[string][]string{"hang_up": {"Z"}})
	assert.ErrorContains(t, err, "[keys] hang_up: not an action")
}

// useTokenInstead drops the JWT sign-in newCLI sets up, so that the token
// variables the test sets decide the sign-in mode.
func (c *cli) useTokenInstead() {
	for _, k := range []string{"RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT"} {
		delete(c.env, k)
	}
}

// writeSecret writes value to a 0600 file in c's directory, as a secret
// mounted for callboard would be.
func (c *cli) writeSecret(name, value string) string {
	c.t.Helper()
	path := filepath.Join(c.dir, name)
	require.NoError(c.t, os.WriteFile(path, []byte(value+"\n"), 0o600))
	return path
}

// The start-up contract for every sign-in mode: credentials RingCX (or
// RingCentral) refuses end the command with exit 1 and the server's
// reason, naming the variable, file or config line the value came from —
// never the value.
func TestStartUpRefusalNamesWhereTheCredentialCameFrom(t *testing.T) {
	const wrong = "rejected-credential-Qw7Er5Ty3Ui1"
	for _, tc := range []struct {
		name  string
		sim   sim.Config
		setup func(c *cli) (want string)
	}{
		{name: "api token", setup: func(c *cli) string {
			c.useTokenInstead()
			c.env["RINGCX_API_TOKEN"] = wrong
			return "RingCX refused the API token from RINGCX_API_TOKEN (GET /voice/api/v1/admin/accounts/12440011/activeCalls/list: 401 Unauthorized"
		}},
		{name: "api token file", setup: func(c *cli) string {
			c.useTokenInstead()
			path := c.writeSecret("api-token", wrong)
			c.env["RINGCX_API_TOKEN_FILE"] = path
			return "RingCX refused the API token from the file " + path + " (RINGCX_API_TOKEN_FILE) ("
		}},
		{name: "api token file named in the config file", setup: func(c *cli) string {
			c.useTokenInstead()
			path := c.writeSecret("api-token", wrong)
			cfg := filepath.Join(c.dir, "config", "callboard", "config.toml")
			require.NoError(t, os.MkdirAll(filepath.Dir(cfg), 0o700))
			require.NoError(t, os.WriteFile(cfg, []byte("[credentials]\napi_token_file = \""+path+"\"\n"), 0o600))
			return "RingCX refused the API token from the file " + path + " (api_token_file in " + cfg + ":2) ("
		}},
		{name: "access token", setup: func(c *cli) string {
			c.useTokenInstead()
			c.env["RINGCX_ACCESS_TOKEN"] = wrong
			return "RingCX refused the access token from RINGCX_ACCESS_TOKEN ("
		}},
		{name: "jwt", sim: sim.Config{JWT: "the-only-jwt-the-simulator-takes"}, setup: func(c *cli) string {
			return "RingCentral refused the JWT sign-in (client id from RINGCENTRAL_CLIENT_ID, client secret from RINGCENTRAL_CLIENT_SECRET, JWT from RINGCENTRAL_JWT) (RingCentral sign-in failed: POST /restapi/oauth/token: 400 Bad Request"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, tc.sim)
			want := tc.setup(c)
			_, errOut, code := c.run("calls")
			assert.Equal(t, exitFailed, code, errOut)
			assert.Contains(t, errOut, want)
			for _, secret := range []string{wrong, cliJWT, cliClientSecret} {
				assert.NotContains(t, errOut, secret)
			}
		})
	}
}

// A 403 on the first request is the account: the message names it and
// where it was set.
func TestStartUpForbiddenAccountIsNamed(t *testing.T) {
	c := newCLI(t, sim.Config{})
	_, errOut, code := c.run("calls", "--account", "99999999")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "RingCX refused access to account 99999999 with the JWT sign-in (")
	assert.Contains(t, errOut, "403 Forbidden")
	assert.Contains(t, errOut, "check the account (from --account)")
}

// Token modes sign in to nothing, so the first request proper proves them:
// a good API token goes on to the listing.
func TestStartUpAcceptsAGoodToken(t *testing.T) {
	const good = "good-api-token-Lk4Jh6Gf8"
	c := newCLI(t, sim.Config{APITokens: []string{good}})
	c.useTokenInstead()
	c.env["RINGCX_API_TOKEN"] = good
	out, errOut, code := c.run("calls", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"accountId": "12440011"`)
}

// A one-shot command needs an answer: RingCX out of reach is exit 1 with
// the reason, whichever server it was.
func TestStartUpUnreachableEndsACommand(t *testing.T) {
	const down = "http://127.0.0.1:1"
	c := newCLI(t, sim.Config{})
	c.env["RINGCENTRAL_SERVER_URL"] = down
	_, errOut, code := c.run("calls")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "cannot reach RingCentral at "+down+": RingCentral sign-in failed")
	assert.Contains(t, errOut, "connection refused")

	c.useTokenInstead()
	c.env["RINGCX_API_TOKEN"] = "x"
	c.env["RINGCX_SERVER_URL"] = down
	_, errOut, code = c.run("calls")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, "cannot reach RingCX at "+down+": not sent (no connection): GET /voice/api/v1/admin/accounts/12440011/activeCalls/list: could not connect")
}

// The phone typed at the board's prompt (RememberPhone) is kept in the
// state directory and used when nothing configured gives one; `callboard
// config` says where it came from.
func TestRememberedPhoneRoundTrip(t *testing.T) {
	c := newCLI(t, sim.Config{})
	env := func(k string) string { return c.env[k] }
	keep := newApp(env, nil, io.Discard, io.Discard).phoneKeeper()
	require.NotNil(t, keep)
	require.NoError(t, keep("+1 (312) 555-0123"))
	path := filepath.Join(c.dir, "state", "callboard", "phone")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "+13125550123\n", string(b))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	out, errOut, code := c.run("config")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^phone\s+\+13125550123\s+remembered \(`+regexp.QuoteMeta(path)+`\)$`, out)

	c.env["CALLBOARD_PHONE"] = "+12125550123"
	out, _, _ = c.run("config")
	assert.Regexp(t, `(?m)^phone\s+\+12125550123\s+env CALLBOARD_PHONE$`, out, "anything configured comes first")
	delete(c.env, "CALLBOARD_PHONE")

	require.NoError(t, os.Chmod(path, 0o666))
	out, _, _ = c.run("config")
	assert.Regexp(t, `(?m)^phone\s+\(not set\)$`, out, "a file others can change is not trusted")

	demo := newApp(env, nil, io.Discard, io.Discard)
	demo.demo = true
	assert.Nil(t, demo.phoneKeeper(), "the demo keeps nothing")
}

// What the board gets first when RingCX cannot be reached: the poller's
// snapshot of its first failed attempt — nothing known (no calls, no
// fetch time), stale and retrying, with the reason.
func TestFirstSnapshotWhenRingCXIsUnreachable(t *testing.T) {
	client, err := api.NewClient(api.WithServer("http://127.0.0.1:1"), api.WithAccount(cliAccount), api.WithAuth(api.APITokenAuth("x")))
	require.NoError(t, err)
	p, err := poller.New(client, poller.AccountScope(cliAccount))
	require.NoError(t, err)
	sub := p.Subscribe()
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = p.Run(ctx) }()
	var snap poller.Snapshot
	select {
	case snap = <-sub.C():
	case <-time.After(15 * time.Second):
		t.Fatal("no snapshot from the poller")
	}
	assert.Equal(t, uint64(1), snap.Seq)
	assert.Empty(t, snap.Calls)
	assert.True(t, snap.FetchedAt.IsZero(), "nothing fetched yet")
	assert.Equal(t, poller.StateStale, snap.Status.State, "retrying, not given up")
	assert.Equal(t, 1, snap.Status.Attempt)
	assert.ErrorContains(t, snap.Status.Err, "connection refused")
	assert.False(t, snap.Status.NextTry.IsZero(), "the next try is scheduled")
	assert.Zero(t, snap.Status.Reason, "a reason is for failures retrying cannot fix")
}

// The demo keeps its audit log in its own temporary state; an audit log
// asked for by name is said not to be used, not silently ignored.
func TestDemoSaysItDoesNotUseANamedAuditLog(t *testing.T) {
	var stderr strings.Builder
	a := newApp(func(string) string { return "" }, strings.NewReader(""), io.Discard, &stderr)
	a.cfg = &config.Config{Settings: config.Settings{AuditLog: "/srv/audit.jsonl"}, Sources: map[string]config.Source{"audit_log": {Kind: config.KindFlag, Name: "audit-log"}}}
	stop, path, err := a.startDemo()
	require.NoError(t, err)
	defer stop()
	assert.NotEqual(t, "/srv/audit.jsonl", path)
	assert.Contains(t, stderr.String(), "--demo records its actions in its own temporary state, not in /srv/audit.jsonl")
}
