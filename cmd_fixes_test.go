package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	gossh "golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/internal/sshtest"
	"github.com/callboard/callboard/sim"
)

// newHostileCLI is newCLI with a hostile front before the simulator.
func newHostileCLI(t *testing.T, cfg sim.Config) (*cli, *hostile.Front) {
	t.Helper()
	if cfg.Seed == 0 {
		cfg.Seed = 21
	}
	s, front := hostile.Start(t, cfg)
	return cliFor(t, s), front
}

// A RingCX that answers page 0 for every page gives `calls` only its
// first page: the list is still written, in every format, but the
// command says once on stderr that it is partial and exits 4, so a script
// can tell it from the whole list.
func TestCallsSaysAListIsPartialWhenRingCXIgnoresPaging(t *testing.T) {
	c, front := newHostileCLI(t, sim.Config{Accounts: []sim.AccountSpec{{ID: cliAccount, Name: "Northwind Care", Calls: 1200, Agents: 60}}})
	out, errOut, code := c.run("calls", "--json")
	require.Equal(t, exitOK, code, errOut)
	var whole []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &whole))
	require.Greater(t, len(whole), api.DefaultPageSize)
	assert.Empty(t, errOut)

	front.Add(hostile.Rule{Match: hostile.Match{Path: "/activeCalls/list"}, Fault: hostile.IgnorePaging()})
	for _, format := range []string{"--json", "--csv", ""} {
		args := []string{"calls"}
		if format != "" {
			args = append(args, format)
		}
		out, errOut, code := c.run(args...)
		assert.Equal(t, exitPartial, code, "%s: %s", format, errOut)
		assert.Equal(t, 1, strings.Count(errOut, "RingCX ignored paging"), "%s: said once: %s", format, errOut)
		assert.Contains(t, errOut, "these are only the first 500 calls")
		assert.NotEmpty(t, out, "%s: the list is still written", format)
		if format == "--json" {
			var part []map[string]any
			require.NoError(t, json.Unmarshal([]byte(out), &part))
			assert.Len(t, part, api.DefaultPageSize)
		}
	}
}

// --since echoes what was given, its controls written out, not dropped:
// dropping \x1b[2J showed "2h", a valid value, called invalid.
func TestAuditEchoesSinceVisibly(t *testing.T) {
	c := newCLI(t, sim.Config{})
	_, errOut, code := c.run("audit", "--since", "2h\x1b[2J")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--since "2h\x1b[2J" is neither a duration nor a date`)
	assert.NotContains(t, errOut, "\x1b")
	_, errOut, code = c.run("audit", "--since", "-2h\u202e")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--since "-2h\u202e": give how long back`)
}

// --uii is checked as the actions check theirs: a value that cannot be a
// call's is bad input (exit 2), not an empty table with exit 0.
func TestAuditRefusesAUIIThatCannotBeACall(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("record", uii, "off")
	require.Equal(t, exitOK, code, errOut)
	for _, bad := range []string{"12\x1b[2J", "abc", "12345"} {
		out, errOut, code := c.run("audit", "--uii", bad)
		assert.Equal(t, exitUsage, code, "%q", bad)
		assert.Contains(t, errOut, "--uii: invalid uii")
		assert.NotContains(t, errOut, "\x1b")
		assert.Empty(t, out, "no table")
	}
	out, errOut, code := c.run("audit", "--uii", uii)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, uii)
}

// dial's numbers are checked as typed text before they are parsed: a raw
// C1 byte is named as invalid UTF-8 at its offset, as every other typed
// value's is, not as the parser's "unexpected character '\ufffd'".
func TestDialChecksTypedNumbersFirst(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, tc := range []struct{ flag, to, callerID string }{
		{"--to", "\x9b2J", "+18005550199"},
		{"--caller-id", "+16505550123", "+1800\x9b2J"},
		{"--to", "+1650\u202e5550123", "+18005550199"},
	} {
		_, errOut, code := c.run("dial", "--agent", "marta", "--to", tc.to, "--caller-id", tc.callerID)
		assert.Equal(t, exitUsage, code, errOut)
		assert.Contains(t, errOut, "invalid "+tc.flag+": contains")
		assert.NotContains(t, errOut, "\ufffd")
		assert.NotContains(t, errOut, "unexpected character")
	}
	assert.NoFileExists(t, c.auditLog(), "nothing recorded, nothing sent")
}

// An action RingCX answers 401 "Jwt is expired" every time — first, after
// the refresh, after signing in again — was not done: the command says so
// plainly, without the request's method and path, and says what to do;
// the audit log says the sign-in was refused.
func TestActionWhoseSignInIsRefusedSaysNothingWasDone(t *testing.T) {
	c, front := newHostileCLI(t, sim.Config{})
	uii := c.answered()
	front.Add(hostile.Rule{Match: hostile.Match{Method: "POST", Path: "/hangupCall"}, Fault: hostile.Expired()})
	_, errOut, code := c.run("hangup", uii, "--yes")
	assert.Equal(t, exitFailed, code, errOut)
	assert.Contains(t, errOut, "hangup: RingCX refused the sign-in for this action (Jwt is expired), even after signing in again: nothing was done; check the credentials")
	assert.NotContains(t, errOut, "POST")
	assert.NotContains(t, errOut, "/voice/")
	assert.Equal(t, "error: not signed in: Jwt is expired", c.lastOutcome())
}

// An action RingCX answers 429 with a Retry-After beyond the action's
// deadline was not done: the command says so without the raw request,
// and the audit log keeps what happened — RingCX's wait — rather than
// advice ("retry in 2m0s") that is stale by the time anyone reads it.
func TestActionRateLimitedIsRecordedAsWhatHappened(t *testing.T) {
	c, front := newHostileCLI(t, sim.Config{})
	uii := c.answered()
	front.Add(hostile.Rule{Match: hostile.Match{Method: "POST", Path: "/hangupCall"}, Fault: hostile.TooMany("120")})
	_, errOut, code := c.run("hangup", uii, "--yes")
	assert.Equal(t, exitFailed, code, errOut)
	assert.Contains(t, errOut, "hangup: RingCX rate-limited this action and asked to wait 2m0s: nothing was done")
	assert.NotContains(t, errOut, "/voice/")
	assert.Equal(t, "error: rate limited by RingCX, which did not act (it asked to wait 2m0s)", c.lastOutcome())
	js, _, code := c.run("audit", "--json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, js, `"standing":"failed"`)
}

// callboard config checks [serve] with the very check callboard serve
// uses: a user's name holding a bidi override, or a user without a role,
// is refused by both (exit 2), echoed with what is wrong written out;
// a valid [serve] is listed, each user with the line defining them.
func TestConfigChecksServeAsServeDoes(t *testing.T) {
	c := newCLI(t, sim.Config{})
	key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshtest.NewKey(t).PublicKey()))) + " ana@laptop"
	file := filepath.Join(c.dir, "config", "callboard", "config.toml")
	for _, tc := range []struct{ user, want string }{
		{"name = \"Ana\\u202eX\"\nrole = \"supervisor\"", `serve.users.name = "Ana\u202eX": contains a bidi control character at byte 3`},
		{"name = \"Ana\"", `serve.users ("Ana"): give a role`},
	} {
		writeConfig(t, file, fmt.Sprintf("[[serve.users]]\nkeys = [%q]\n%s\n", key, tc.user))
		for _, cmd := range [][]string{{"config"}, {"serve", "--listen", "127.0.0.1:0"}} {
			_, errOut, code := c.run(cmd...)
			assert.Equal(t, exitUsage, code, "%s: %s", cmd[0], errOut)
			assert.Contains(t, errOut, tc.want, cmd[0])
			assert.NotContains(t, errOut, "\u202e", cmd[0])
		}
	}
	writeConfig(t, file, fmt.Sprintf("[serve]\nlisten = \"127.0.0.1:2299\"\n\n[[serve.users]]\nname = \"Ana Lopez\"\nkeys = [%q]\nrole = \"viewer\"\n", key))
	out, errOut, code := c.run("config")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `serve\.listen\s+127\.0\.0\.1:2299\s+file .*config\.toml:2`, out)
	assert.Regexp(t, `serve\.users\s+"Ana Lopez" \(viewer, 1 key\)\s+file .*config\.toml:4`, out)
}

// serve's listing of the users it lets in writes each name as shown.Value
// does, so where one ends is never in doubt.
func TestServeListsUsersShown(t *testing.T) {
	s := startServe(t, []serveUser{{name: "Ana Lopez", role: "supervisor"}, {name: "Raj", role: "viewer"}})
	assert.Contains(t, s.stdout.String(), `users: "Ana Lopez" (supervisor), Raj (viewer)`)
}

// The hangup and barge question names the call from the calls list; when
// RingCX ignored paging, a call beyond its first page is not called
// "ended" on the word of a partial list.
func TestConfirmationSaysTheListIsPartial(t *testing.T) {
	c, front := newHostileCLI(t, sim.Config{Accounts: []sim.AccountSpec{{ID: cliAccount, Name: "Northwind Care", Calls: 1200, Agents: 60}}})
	uiis := []string{}
	for _, call := range c.sim.Calls(cliAccount) {
		uiis = append(uiis, call.UII)
	}
	slices.Sort(uiis)
	last := uiis[len(uiis)-1] // beyond the first page: the list is in uii order
	a := newApp(func(k string) string { return c.env[k] }, strings.NewReader(""), io.Discard, io.Discard)
	defer a.close()
	cfg, err := config.Load(nil, config.Options{Env: a.env})
	require.NoError(t, err)
	a.cfg = cfg
	ctx := context.Background()
	require.NoError(t, a.connect(ctx, nil))
	_, seen := a.describeCall(ctx, last)
	require.True(t, seen, "a faithful list has every call")

	front.Add(hostile.Rule{Match: hostile.Match{Path: "/activeCalls/list"}, Fault: hostile.IgnorePaging()})
	desc, seen := a.describeCall(ctx, last)
	assert.False(t, seen)
	assert.Contains(t, desc, "the list is partial — RingCX ignored paging: these are only the first 500 calls")
	assert.NotContains(t, desc, "it may have ended")
}
