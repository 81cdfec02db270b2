package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

const (
	cliClientID     = "cli-client-id-4242"
	cliClientSecret = "cli-client-secret-Zx9Qw8Er7Ty6"
	cliJWT          = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGkifQ.cli-jwt-signature-Vb5Nm4"
	cliAccount      = "12440011"
	cliPhone        = "+12125550123"
)

// cli runs callboard's commands in-process against a simulator on
// loopback, with a private home, config and state directory.
type cli struct {
	t   *testing.T
	sim *sim.Server
	env map[string]string
	dir string
}

func newCLI(t *testing.T, cfg sim.Config) *cli {
	t.Helper()
	if cfg.Seed == 0 {
		cfg.Seed = 21
	}
	return cliFor(t, simtest.Start(t, cfg)) // static: nothing moves between two commands
}

// cliFor is a cli against the simulator s (or whatever front stands
// before it at s.URL).
func cliFor(t *testing.T, s *simtest.Sim) *cli {
	dir := t.TempDir()
	return &cli{t: t, sim: s.Server, dir: dir, env: map[string]string{
		"HOME":                      dir,
		"XDG_CONFIG_HOME":           filepath.Join(dir, "config"),
		"XDG_STATE_HOME":            filepath.Join(dir, "state"),
		"RINGCX_SERVER_URL":         s.URL,
		"RINGCENTRAL_SERVER_URL":    s.URL,
		"RINGCENTRAL_CLIENT_ID":     cliClientID,
		"RINGCENTRAL_CLIENT_SECRET": cliClientSecret,
		"RINGCENTRAL_JWT":           cliJWT,
		"RINGCX_ACCOUNT_ID":         cliAccount,
	}}
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code = run(ctx, args, func(k string) string { return c.env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func (c *cli) answered() string {
	c.t.Helper()
	for _, call := range c.sim.Calls(cliAccount) {
		if call.DequeueTime != nil {
			return call.UII
		}
	}
	c.t.Fatal("no answered call")
	return ""
}

// agentOn is the username of the agent on the call uii.
func (c *cli) agentOn(uii string) string {
	c.t.Helper()
	call, ok := c.sim.Call(uii)
	require.True(c.t, ok)
	require.NotEmpty(c.t, call.AgentUsername)
	return call.AgentUsername
}

func (c *cli) lastRequest() sim.Request {
	reqs := c.sim.Requests()
	return reqs[len(reqs)-1]
}

func TestCallsCommandFormats(t *testing.T) {
	c := newCLI(t, sim.Config{})
	formula := c.sim.AddCall(cliAccount, sim.CallSpec{CNAM: "=HYPERLINK(\"http://x\")\x1b[31m"})
	want := c.sim.Calls(cliAccount)

	out, errOut, code := c.run("calls")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.True(t, strings.HasPrefix(lines[0], "UII"))
	assert.Len(t, lines, len(want)+1)
	assert.NotContains(t, out, "\x1b")
	ani := want[0].ANI
	require.Len(t, ani, 10, "the simulator writes North American numbers as RingCX does")
	assert.Contains(t, out, "("+ani[:3]+") "+ani[3:6]+"-"+ani[6:], "numbers as people read them, as on the board")

	out, errOut, code = c.run("calls", "--json")
	require.Equal(t, exitOK, code, errOut)
	var calls []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &calls))
	require.Len(t, calls, len(want))
	for _, call := range calls {
		for _, field := range []string{"uii", "accountId", "ani", "dnis", "dnisE164", "enqueueTime", "dequeueTime", "callState", "archive",
			"agentFirstName", "agentLastName", "destinationName", "externalId", "cnam", "waitSeconds", "talkSeconds"} {
			assert.Contains(t, call, field)
		}
		if call["uii"] == formula {
			assert.Equal(t, "=HYPERLINK(\"http://x\")", call["cnam"], "control sequences removed")
		}
	}
	assert.NotContains(t, out, `\u001b`)

	out, errOut, code = c.run("calls", "--csv")
	require.Equal(t, exitOK, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, csvHeader, rows[0])
	assert.Len(t, rows, len(want)+1)
	assert.Contains(t, out, `'=HYPERLINK`, "a formula in a caller name is neutralised for spreadsheets")

	_, errOut, code = c.run("calls", "--json", "--csv")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "choose one of --json and --csv")
}

func TestActionCommandsReachTheSimulator(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	var agent string
	for _, a := range c.sim.Agents(cliAccount) {
		if a.LoggedIn && a.OnCall == "" {
			agent = a.Username
			break
		}
	}
	base := "/voice/api/v1/admin/accounts/" + cliAccount + "/activeCalls/"
	callback := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	for _, tc := range []struct {
		args  []string
		path  string
		query url.Values
	}{
		{[]string{"monitor", uii, "--phone", "(212) 555-0123"}, base + uii + "/addSessionToCall", url.Values{"destination": {"+12125550123"}, "sessionType": {"MONITOR"}}},
		{[]string{"end-session", uii, "--phone", "212-555-0123"}, base + uii + "/hangupSession", url.Values{"phone": {"+12125550123"}}},
		{[]string{"coach", uii, "--phone", cliPhone}, base + uii + "/addSessionToCall", url.Values{"destination": {cliPhone}, "sessionType": {"COACHING"}}},
		{[]string{"end-session", uii, "--phone", cliPhone}, base + uii + "/hangupSession", url.Values{"phone": {cliPhone}}},
		{[]string{"barge", uii, "--yes", "--phone", cliPhone}, base + uii + "/addSessionToCall", url.Values{"destination": {cliPhone}, "sessionType": {"BARGEIN"}}},
		{[]string{"record", uii, "on"}, base + uii + "/toggleCallRecording", url.Values{"record": {"true"}}},
		{[]string{"record", uii, "OFF"}, base + uii + "/toggleCallRecording", url.Values{"record": {"false"}}},
		{[]string{"disposition", uii, "--disposition", "Callback Requested", "--callback-at", callback.Format("2006-01-02 15:04"), "--notes", "after lunch"},
			base + uii + "/dispositionCall", url.Values{"disposition": {"Callback Requested"}, "callback": {"true"}, "callBackDTS": {callback.Format("20060102150405")}, "notes": {"after lunch"}}},
		{[]string{"dial", "--agent", agent, "--to", "650 555 0123", "--caller-id", "+1 800 555 0199", "--ring", "45"},
			base + "createManualAgentCall", url.Values{"username": {agent}, "destination": {"+16505550123"}, "callerId": {"+18005550199"}, "ringDuration": {"45"}}},
		{[]string{"hangup", uii, "--yes"}, base + uii + "/hangupCall", url.Values{}},
	} {
		out, errOut, code := c.run(tc.args...)
		require.Equal(t, exitOK, code, "%v: %s", tc.args, errOut)
		assert.True(t, strings.HasPrefix(out, "✓ "), "%v: %q", tc.args, out)
		r := c.lastRequest()
		assert.Equal(t, "POST", r.Method, "%v", tc.args)
		assert.Equal(t, tc.path, r.Path, "%v", tc.args)
		assert.Equal(t, tc.query, r.Query, "%v", tc.args)
	}
	call, _ := c.sim.Call(uii)
	assert.True(t, call.Ended)
	assert.Equal(t, 1, c.sim.Stats().Exchanges, "ten commands, one sign-in: the tokens are kept between runs")
	info, err := os.Stat(filepath.Join(c.dir, "state", "callboard", "tokens.json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestActionCommandExitCodes(t *testing.T) {
	c := newCLI(t, sim.Config{DeniedSessionTypes: []string{"BARGEIN"}})
	uii := c.answered()
	ended := c.sim.AddCall(cliAccount, sim.CallSpec{})
	c.sim.EndCall(ended)
	n := len(c.sim.Requests())
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"monitor", "12ab", "--phone", cliPhone}, exitUsage, "a call id has digits only"},
		{[]string{"monitor", uii}, exitUsage, "your phone is not set"},
		{[]string{"monitor", uii, "--phone", "555-CALL-NOW"}, exitUsage, "letters are not allowed"},
		{[]string{"monitor"}, exitUsage, "monitor takes 1 argument (UII), got 0"},
		{[]string{"barge", uii, "--phone", cliPhone}, exitUsage, "barge needs --yes when not run from a terminal"},
		{[]string{"hangup", uii}, exitUsage, "hangup needs --yes when not run from a terminal (nothing was done)"},
		{[]string{"record", uii, "maybe"}, exitUsage, `say on or off, not "maybe"`},
		{[]string{"disposition", uii}, exitUsage, "give the disposition"},
		{[]string{"disposition", uii, "--disposition", "Resolved", "--callback-at", "20990230120000"}, exitUsage, "--callback-at: invalid callback time"},
		{[]string{"dial", "--agent", "a@b", "--to", "123", "--caller-id", "8005550199"}, exitUsage, `invalid --to "123": too short for a number in US (+1)`},
		{[]string{"dial", "--agent", "a@b", "--to", "6505550123", "--caller-id", "8005550199", "--ring", "0"}, exitUsage, "1 to 120 seconds"},
		{[]string{"hangup", uii, "--yes", "--read-only"}, exitUsage, "read-only"},
		{[]string{"record", uii, "on", "--bogus"}, exitUsage, "unknown flag: --bogus"},
		{[]string{"monitor", uii, "--refresh", "1s", "--phone", cliPhone}, exitUsage, "too short: the minimum is 2s"},
	} {
		_, errOut, code := c.run(tc.args...)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
	assert.Equal(t, n, len(c.sim.Requests()), "bad usage sends nothing")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"record", ended, "on"}, "record: not an active call (check `callboard calls`)"},
		{[]string{"end-session", uii, "--phone", cliPhone}, "end-session: RingCX refused (it answered false"},
		{[]string{"barge", uii, "--yes", "--phone", cliPhone}, "permission denied"},
		{[]string{"dial", "--agent", c.agentOn(uii), "--to", "6505550123", "--caller-id", "8005550199"}, "RingCX refused"},
	} {
		_, errOut, code := c.run(tc.args...)
		assert.Equal(t, exitFailed, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}

func TestSignInProblemsAreExplained(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, k := range []string{"RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT"} {
		delete(c.env, k)
	}
	_, errOut, code := c.run("calls")
	assert.Equal(t, exitUsage, code)
	for _, want := range []string{"no RingCX credentials", "RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_JWT", "RINGCX_API_TOKEN", "callboard --demo"} {
		assert.Contains(t, errOut, want)
	}

	wrong := newCLI(t, sim.Config{ClientSecret: "the-real-secret-0000"})
	_, errOut, code = wrong.run("hangup", wrong.answered(), "--yes")
	assert.Equal(t, exitFailed, code)
	records, err := audit.Read(filepath.Join(wrong.dir, "state", "callboard", "audit.jsonl"), audit.Filter{})
	require.NoError(t, err)
	assert.Empty(t, records, "a rejected sign-in ends before anything is recorded as attempted")
	assert.Contains(t, errOut, "RingCentral sign-in failed")
	assert.Contains(t, errOut, "401 Unauthorized")
	assert.NotContains(t, errOut, cliClientSecret)
	assert.NotContains(t, errOut, cliJWT)
	assert.NotContains(t, errOut, "goroutine", "a reason, not a stack")

	several := newCLI(t, sim.Config{})
	delete(several.env, "RINGCX_ACCOUNT_ID")
	_, errOut, code = several.run("calls")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "12440011 Northwind Care")
	assert.Contains(t, errOut, "12440012 Northwind Billing")
	assert.Contains(t, errOut, "--account or RINGCX_ACCOUNT_ID")
	out, errOut, code := several.run("calls", "--account", "12440012", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"accountId": "12440012"`)
}

func TestAuditRecordsEveryActionAndReadsBack(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	for _, args := range [][]string{{"monitor", uii, "--phone", cliPhone}, {"record", uii, "on"}, {"end-session", uii, "--phone", "+13125550100"}} {
		c.run(args...)
	}
	path := filepath.Join(c.dir, "state", "callboard", "audit.jsonl")
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	records, err := audit.Read(path, audit.Filter{})
	require.NoError(t, err)
	require.Len(t, records, 6, "an intent and an outcome per action")
	entries := audit.Pair(records)
	require.Len(t, entries, 3)
	assert.Equal(t, "add_session", entries[0].Intent.Action)
	assert.Equal(t, cliPhone, entries[0].Intent.Params["destination"])
	assert.Equal(t, "cli", entries[0].Intent.Source)
	assert.Equal(t, cliAccount, entries[0].Intent.Account)
	assert.NotEmpty(t, entries[0].Intent.Operator)
	assert.NotEmpty(t, entries[0].Intent.Host)
	assert.Equal(t, "ok", entries[0].Outcome.Result)
	assert.Equal(t, 200, entries[0].Outcome.HTTPStatus)
	assert.Equal(t, "refused", entries[2].Outcome.Result)

	// A crash between intent and outcome leaves the intent, and says so.
	log, err := audit.Open(path)
	require.NoError(t, err)
	require.NoError(t, log.Append(audit.Record{Time: time.Now(), Event: "intent", ID: "crashed-1", Account: cliAccount, UII: uii, Action: "hangup_call", Source: "cli"}))
	require.NoError(t, log.Close())

	out, errOut, code := c.run("audit", "--uii", uii)
	require.Equal(t, exitOK, code, errOut)
	for _, want := range []string{"monitor to " + cliPhone, "record on", "end-session +13125550100", "refused", "no outcome recorded", "hangup"} {
		assert.Contains(t, out, want)
	}
	out, _, _ = c.run("audit", "--uii", "999")
	assert.NotContains(t, out, "monitor")
	out, _, code = c.run("audit", "--since", "1h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "monitor to")
}

func TestSecretsNeverReachLogsAuditOrOutput(t *testing.T) {
	c := newCLI(t, sim.Config{TokenTTL: 2 * time.Second})
	c.env["CALLBOARD_LOG_LEVEL"] = "debug"
	uii := c.answered()
	var outputs []string
	for _, args := range [][]string{{"calls"}, {"monitor", uii, "--phone", cliPhone}, {"record", uii, "on"}, {"config"}, {"audit"}, {"hangup", "1", "--yes"}} {
		out, errOut, _ := c.run(args...)
		outputs = append(outputs, out, errOut)
	}
	c.sim.ExpireTokens()
	out, errOut, _ := c.run("calls", "--json")
	outputs = append(outputs, out, errOut)

	secrets := []string{cliClientSecret, cliJWT}
	for _, r := range c.sim.Requests() {
		if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
			secrets = append(secrets, strings.TrimPrefix(a, "Bearer "))
		}
		form, _ := url.ParseQuery(r.Body)
		for _, k := range []string{"rcAccessToken", "refresh_token"} {
			if v := form.Get(k); v != "" {
				secrets = append(secrets, v)
			}
		}
	}
	require.Greater(t, len(secrets), 3)
	logBytes, err := os.ReadFile(filepath.Join(c.dir, "state", "callboard", "callboard.log"))
	require.NoError(t, err)
	assert.Contains(t, string(logBytes), "level=DEBUG", "the debug log was written")
	auditBytes, err := os.ReadFile(filepath.Join(c.dir, "state", "callboard", "audit.jsonl"))
	require.NoError(t, err)
	for _, text := range append(outputs, string(logBytes), string(auditBytes)) {
		for _, s := range secrets {
			assert.NotContains(t, text, s)
		}
	}
}

func TestConfigCommandAndPrecedence(t *testing.T) {
	c := newCLI(t, sim.Config{})
	cfgDir := filepath.Join(c.dir, "config", "callboard")
	require.NoError(t, os.MkdirAll(cfgDir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte("phone = \"+16175550111\"\nrefresh = \"7s\"\n[thresholds]\nwait = \"90s\"\n"), 0o600))
	c.env["CALLBOARD_PHONE"] = "+16175550122"
	out, errOut, code := c.run("config", "--refresh", "9s")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `refresh\s+9s\s+flag --refresh`, out)
	assert.Regexp(t, `phone\s+\+16175550122\s+env CALLBOARD_PHONE`, out)
	assert.Regexp(t, `thresholds.wait\s+1m30s\s+file .*config.toml:4`, out)
	assert.Contains(t, out, "********")
	assert.NotContains(t, out, cliClientSecret)
	assert.NotContains(t, out, cliJWT)

	require.NoError(t, os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte("refersh = \"7s\"\n"), 0o600))
	_, errOut, code = c.run("calls")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "config.toml:1: unknown key \"refersh\"")

	require.NoError(t, os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte("[credentials]\nclient_secret = \"in-file-secret-9876\"\n"), 0o644))
	require.NoError(t, os.Chmod(filepath.Join(cfgDir, "config.toml"), 0o644))
	_, errOut, code = c.run("calls")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "chmod 600")
	assert.NotContains(t, errOut, "in-file-secret-9876")
}

func TestBoardRefusesWithoutATerminal(t *testing.T) {
	c := newCLI(t, sim.Config{})
	_, errOut, code := c.run()
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "standard output is not a terminal")
	assert.Contains(t, errOut, "callboard calls")
	out, _, code := c.run("--version")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "callboard ")
	out, _, code = c.run("hangup", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "callboard hangup UII [--flags]")
}

// auditLog is the audit log the commands write by default.
func (c *cli) auditLog() string { return filepath.Join(c.dir, "state", "callboard", "audit.jsonl") }

// lastOutcome is the result of the last action recorded in the audit log.
func (c *cli) lastOutcome() string {
	c.t.Helper()
	records, err := audit.Read(c.auditLog(), audit.Filter{})
	require.NoError(c.t, err)
	entries := audit.Pair(records)
	require.NotEmpty(c.t, entries)
	return entries[len(entries)-1].ResultText()
}

// end-session without a phone ends the session this operator started on
// the call, with the phone it dialled; with no such session it says how to
// give one, and sends nothing.
func TestEndSessionWithoutAPhoneUsesTheSessionsPhone(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("monitor", uii, "--phone", "(212) 555-0123")
	require.Equal(t, exitOK, code, errOut)

	out, errOut, code := c.run("end-session", uii)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "session of +12125550123 ended on call "+uii)
	r := c.lastRequest()
	assert.Equal(t, "/voice/api/v1/admin/accounts/"+cliAccount+"/activeCalls/"+uii+"/hangupSession", r.Path)
	assert.Equal(t, url.Values{"phone": {"+12125550123"}}, r.Query, "the number monitor dialled, as it dialled it")
	v, _ := c.sim.Call(uii)
	assert.Empty(t, v.Sessions, "the session is over")

	n := len(c.sim.Requests())
	_, errOut, code = c.run("end-session", uii)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "the audit log shows no open session of yours on call "+uii)
	assert.Contains(t, errOut, "give --phone N")
	assert.Equal(t, n, len(c.sim.Requests()), "nothing was sent")
}

// The phone remembered from the board's prompt is only a fallback: the
// session's own phone, the number RingCX dialled for the call, comes first.
func TestEndSessionPrefersTheSessionsPhoneToTheRememberedOne(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("monitor", uii, "--phone", cliPhone)
	require.Equal(t, exitOK, code, errOut)
	remembered := "+16175550111"
	require.NoError(t, os.WriteFile(filepath.Join(c.dir, "state", "callboard", "phone"), []byte(remembered+"\n"), 0o600))

	_, errOut, code = c.run("end-session", uii)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, cliPhone, c.lastRequest().Query.Get("phone"))

	_, errOut, code = c.run("end-session", uii)
	assert.Equal(t, exitFailed, code, "no session left: the remembered phone is tried, and refused")
	assert.Equal(t, remembered, c.lastRequest().Query.Get("phone"))
	assert.Contains(t, errOut, "end-session: RingCX refused")
}

// The board starts with the sessions the audit log shows open: its service
// restores them, naming who started each.
func TestBoardSessionsComeFromTheAuditLog(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("coach", uii, "--phone", cliPhone)
	require.Equal(t, exitOK, code, errOut)
	restored := func(account string) []team.Session {
		t.Helper()
		log, err := audit.Open(c.auditLog())
		require.NoError(t, err)
		defer log.Close()
		client, err := api.NewClient(api.WithServer("http://127.0.0.1:1"), api.WithAccount(account), api.WithAuth(api.APITokenAuth("x")))
		require.NoError(t, err)
		svc, err := console.New(console.Options{Client: client, Scope: poller.AccountScope(account), AuditLog: log})
		require.NoError(t, err)
		var out []team.Session
		for _, list := range svc.Store().State().Sessions {
			out = append(out, list...)
		}
		return out
	}
	got := restored(cliAccount)
	require.Len(t, got, 1)
	assert.Equal(t, team.Session{UII: uii, Operator: audit.Operator(), Type: api.SessionCoaching, Phone: cliPhone, Since: got[0].Since}, got[0])
	assert.WithinDuration(t, time.Now(), got[0].Since, time.Minute)
	assert.Empty(t, restored("12440012"), "another account's board")

	_, errOut, code = c.run("end-session", uii)
	require.Equal(t, exitOK, code, errOut)
	assert.Empty(t, restored(cliAccount))
}

// A refusal carries the explanation the board gives, from the one table.
func TestRefusalsCarryTheBoardsExplanation(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	busy := c.agentOn(uii)
	queued := c.sim.AddCall(cliAccount, sim.CallSpec{Queue: "Renewals", Queued: true})
	_, errOut, code := c.run("monitor", uii, "--phone", cliPhone)
	require.Equal(t, exitOK, code, errOut)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"coach", uii, "--phone", cliPhone},
			"coach: RingCX refused" + ui.ExplainRefusal(ui.Refusal{Action: ui.ActionCoach, Existing: api.SessionMonitor})},
		{[]string{"end-session", uii, "--phone", "+13125550100"},
			"end-session: RingCX refused" + ui.ExplainRefusal(ui.Refusal{Action: ui.ActionEndSession, Phone: "+13125550100"})},
		// A queued call has no agent, so its list is incomplete: the name goes as typed, and RingCX
		// refuses a disposition before the call is answered.
		{[]string{"disposition", queued, "--disposition", "Resolved"},
			"disposition: RingCX refused" + ui.ExplainRefusal(ui.Refusal{Action: ui.ActionDisposition})},
		// An agent on a call is on the roster, and RingCX refuses them a manual call.
		{[]string{"dial", "--agent", busy, "--to", "6505550123", "--caller-id", "8005550199"},
			"dial: RingCX refused" + ui.ExplainRefusal(ui.Refusal{Action: ui.ActionDial})},
	} {
		_, errOut, code := c.run(tc.args...)
		assert.Equal(t, exitFailed, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
	}
	_, errOut, _ = c.run("coach", uii, "--phone", cliPhone)
	assert.Contains(t, errOut, "cannot change a session's mode", "coach after monitor explains the mode switch")
}

// A well-formed uii RingCX does not know is "not an active call" (exit 1,
// audited as not found); a malformed one is bad input (exit 2).
func TestUIIThatIsNotAnActiveCall(t *testing.T) {
	c := newCLI(t, sim.Config{})
	ended := c.sim.AddCall(cliAccount, sim.CallSpec{})
	require.True(t, c.sim.EndCall(ended))
	never := "209901010000000000000000000001"
	for _, args := range [][]string{
		{"monitor", never, "--phone", cliPhone},
		{"hangup", ended, "--yes"},
		{"record", never, "on"},
		{"end-session", ended, "--phone", cliPhone},
	} {
		_, errOut, code := c.run(args...)
		assert.Equal(t, exitFailed, code, "%v: %s", args, errOut)
		assert.Contains(t, errOut, args[0]+": not an active call (check `callboard calls`)", "%v", args)
		assert.NotContains(t, errOut, "ended", "%v: nothing in this run showed the call active", args)
		assert.Equal(t, audit.ResultNotFound, c.lastOutcome(), "%v", args)
	}
	_, errOut, code := c.run("hangup", "2099-01-01", "--yes")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "a call id has digits only")
}

// callboard config refuses what the board refuses, after describing the
// configuration (which says where each value came from).
func TestConfigChecksWhatTheBoardChecks(t *testing.T) {
	c := newCLI(t, sim.Config{})
	cfgDir := filepath.Join(c.dir, "config", "callboard")
	require.NoError(t, os.MkdirAll(cfgDir, 0o700))
	file := filepath.Join(cfgDir, "config.toml")
	link := filepath.Join(c.dir, "link.jsonl")
	require.NoError(t, os.Symlink(filepath.Join(c.dir, "real.jsonl"), link))
	for _, tc := range []struct {
		name, toml string
		args       []string
		unset      []string
		described  bool
		want       string
	}{
		{name: "key clash", toml: "[keys]\nhangup = [\"m\"]\n", described: true, want: `"m" is bound to both`},
		{name: "unknown action", toml: "[keys]\nhang_up = [\"Z\"]\n", want: `unknown action "hang_up"`},
		{name: "threshold", args: []string{"--wait-threshold", "0s"}, want: "must be more than 0"},
		{name: "service level", toml: "[thresholds]\nservice_level = \"120%\"\n", want: "thresholds.service_level = \"120%\": over 100%"},
		{name: "audit log", args: []string{"--audit-log", link}, described: true, want: "symbolic link"},
		{name: "credentials", unset: []string{"RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT"},
			described: true, want: "no RingCX credentials are set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(file, []byte(tc.toml), 0o600))
			saved := maps.Clone(c.env)
			defer func() { c.env = saved }()
			for _, k := range tc.unset {
				delete(c.env, k)
			}
			out, errOut, code := c.run(append([]string{"config"}, tc.args...)...)
			assert.Equal(t, exitUsage, code, errOut)
			assert.Contains(t, errOut, tc.want)
			if tc.described {
				assert.Contains(t, out, "sign-in", "the description comes first")
			}
		})
	}
	require.NoError(t, os.WriteFile(file, []byte("[keys]\nhangup = [\"X\"]\n"), 0o600))
	_, errOut, code := c.run("config")
	assert.Equal(t, exitOK, code, errOut)
}

func TestConfirmationTakesYOrYes(t *testing.T) {
	for answer, want := range map[string]bool{
		"y\n": true, "Y\n": true, "yes\n": true, "YES\n": true, " yes \n": true, "Yes": true,
		"\n": false, "n\n": false, "no\n": false, "yep\n": false, "y es\n": false, "ye\n": false, "": false,
	} {
		assert.Equal(t, want, isYes(answer), "%q", answer)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 30, 15, 4, 5, 0, time.Local)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"90m", now.Add(-90 * time.Minute)},
		{"2h", now.Add(-2 * time.Hour)},
		{"1h30m", now.Add(-90 * time.Minute)},
		{"3d", now.AddDate(0, 0, -3)},
		{" 0d ", now},
		{"2026-11-29", time.Date(2026, 11, 29, 0, 0, 0, 0, time.Local)},
		{"2026-11-29T14:30:00Z", time.Date(2026, 11, 29, 14, 30, 0, 0, time.UTC)},
		{"2026-11-29T14:30:00+01:00", time.Date(2026, 11, 29, 13, 30, 0, 0, time.UTC)},
	} {
		got, err := parseSince(tc.in, now)
		require.NoError(t, err, tc.in)
		assert.True(t, tc.want.Equal(got), "%s: got %v, want %v", tc.in, got, tc.want)
	}
	for _, in := range []string{"yesterday", "3 days", "1.5d", "2026-11-31", "29/11/2026", "-2h", "-3d", ""} {
		_, err := parseSince(in, now)
		assert.Error(t, err, in)
	}
}

// The audit table says who did what from where, in the commands' words;
// --since takes durations with days and dates, and says what it takes.
func TestAuditCommandSinceAndColumns(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("record", uii, "off")
	require.Equal(t, exitOK, code, errOut)
	host, err := os.Hostname()
	require.NoError(t, err)
	for _, since := range []string{"90m", "3d", time.Now().Format("2006-01-02"), time.Now().Add(-time.Hour).Format(time.RFC3339)} {
		out, errOut, code := c.run("audit", "--since", since)
		require.Equal(t, exitOK, code, "%s: %s", since, errOut)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		require.Len(t, lines, 2, since)
		assert.Regexp(t, `^TIME\s+OPERATOR\s+HOST\s+SOURCE\s+ACCOUNT\s+UII\s+ACTION\s+RESULT\s+STATUS\s+LATENCY$`, lines[0])
		assert.Regexp(t, `\s`+regexp.QuoteMeta(host)+`\s+cli\s+`+cliAccount+`\s+`+uii+`\s+record off\s+ok\s+200\s`, lines[1])
	}
	out, _, code := c.run("audit", "--since", time.Now().Add(time.Hour).Format(time.RFC3339))
	assert.Equal(t, exitOK, code)
	assert.NotContains(t, out, uii, "nothing since a time to come")

	_, errOut, code = c.run("audit", "--since", "yesterday")
	assert.Equal(t, exitUsage, code)
	for _, want := range []string{`--since "yesterday"`, "90m, 2h, 3d", "2026-11-29", "RFC 3339"} {
		assert.Contains(t, errOut, want)
	}
}

// --callback-at takes what the board's form takes, refuses the past, and
// speaks of the callback time, not the API's callBackDTS.
func TestDispositionCallbackTimes(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	at := time.Now().AddDate(0, 0, 2).Truncate(time.Minute)
	for _, given := range []string{at.Format("2006-01-02 15:04"), at.Format("2006-01-02T15:04"), at.Format("20060102150405")} {
		_, errOut, code := c.run("disposition", uii, "--disposition", "Callback Requested", "--notes", "after 2pm", "--callback-at", given)
		require.Equal(t, exitOK, code, "%s: %s", given, errOut)
		assert.Equal(t, at.Format("20060102150405"), c.lastRequest().Query.Get("callBackDTS"), given)
	}
	n := len(c.sim.Requests())
	for given, want := range map[string]string{
		time.Now().Add(-time.Hour).Format("2006-01-02 15:04"): "is in the past",
		"tomorrow at 3":    "write it like " + time.Now().AddDate(0, 0, 1).Format("2006-01-02") + " 14:30",
		"2099-02-30 10:00": "is not a date and time",
	} {
		_, errOut, code := c.run("disposition", uii, "--disposition", "Callback Requested", "--notes", "after 2pm", "--callback-at", given)
		assert.Equal(t, exitUsage, code, given)
		assert.Contains(t, errOut, "--callback-at: invalid callback time", given)
		assert.Contains(t, errOut, want, given)
		assert.NotContains(t, errOut, "callBackDTS", given)
	}
	assert.Equal(t, n, len(c.sim.Requests()), "nothing was sent")
	out, _, _ := c.run("disposition", "--help")
	assert.Contains(t, out, api.CallbackForms)
}

// A talking call whose enqueueTime is null still has its talk time, in the
// table and in JSON (its wait is unknown: 0).
func TestCallsShowTalkWhenEnqueueTimeIsNull(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.sim.AddCall(cliAccount, sim.CallSpec{Age: 10 * time.Minute, NoEnqueueTime: true})
	require.NotEmpty(t, uii, "a free agent took the call")
	minTalk := 9*time.Minute + 30*time.Second // the simulator answers it 30 s after it queued

	out, errOut, code := c.run("calls", "--json")
	require.Equal(t, exitOK, code, errOut)
	var calls []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &calls))
	idx := slices.IndexFunc(calls, func(m map[string]any) bool { return m["uii"] == uii })
	require.GreaterOrEqual(t, idx, 0)
	assert.Nil(t, calls[idx]["enqueueTime"], "the simulator served enqueueTime null")
	assert.NotNil(t, calls[idx]["dequeueTime"])
	assert.GreaterOrEqual(t, calls[idx]["talkSeconds"], minTalk.Seconds())
	assert.Equal(t, float64(0), calls[idx]["waitSeconds"])

	out, errOut, code = c.run("calls")
	require.Equal(t, exitOK, code, errOut)
	var row []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, uii) {
			row = strings.Fields(line)
		}
	}
	require.Len(t, row[:4], 4, "uii, state, wait, talk")
	assert.Equal(t, []string{uii, "talking", "0:00"}, row[:3])
	minutes, seconds, ok := strings.Cut(row[3], ":")
	require.True(t, ok, row[3])
	talk, err := time.ParseDuration(minutes + "m" + seconds + "s")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, talk, minTalk, "TALK %s is the real talk time", row[3])
}

// On a terminal, the hang-up question takes YES (any case, spaces around);
// the call was in the live list when the question named it, so when it
// ends before the answer, the command and the audit say it ended.
func TestE2EHangupPromptTakesYesAndKnowsTheCallWasSeen(t *testing.T) {
	env := startSimulator(t, "--static")
	var server string
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "RINGCX_SERVER_URL="); ok {
			server = v
		}
	}
	resp, err := http.Get(server + "/_sim/calls")
	require.NoError(t, err)
	var calls []sim.CallView
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&calls))
	resp.Body.Close()
	i := slices.IndexFunc(calls, func(v sim.CallView) bool { return v.DequeueTime != nil })
	require.GreaterOrEqual(t, i, 0, "an answered call")
	uii := calls[i].UII

	log := filepath.Join(t.TempDir(), "audit.jsonl")
	tm := startTerm(t, append(env, "CALLBOARD_AUDIT_LOG="+log), "hangup", uii)
	tm.waitFor("[y/N]")
	// Someone else hangs the call up while the question waits.
	other := exec.Command(binary, "hangup", uii, "--yes")
	other.Env = append(env, "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	out, err := other.CombinedOutput()
	require.NoError(t, err, "%s", out)

	tm.tmux("send-keys", "-l", " YES ")
	tm.keys("Enter")
	tm.waitFor("hangup: the call has ended")
	assert.Equal(t, "1", tm.exited())
	records, err := audit.Read(log, audit.Filter{UII: uii})
	require.NoError(t, err)
	entries := audit.Pair(records)
	require.Len(t, entries, 1, "the answer was taken: the hang-up was sent")
	assert.Equal(t, audit.ResultEnded, entries[0].ResultText())
}

// A uii that is not 30 digits — most often the tail the board shows — is a
// usage error, refused before anything is sent or audited.
func TestUIIMustBeWhole(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, uii := range []string{"12345", "…58218", strings.Repeat("1", 40)} {
		_, errOut, code := c.run("record", uii, "on")
		assert.Equal(t, exitUsage, code, uii)
		assert.Contains(t, errOut, "uii", uii)
	}
	_, errOut, _ := c.run("hangup", "58218", "--yes")
	assert.Contains(t, errOut, "has 5 digits; a RingCX uii has 30")
	assert.Empty(t, c.sim.Requests(), "nothing was sent")
}

// A session an earlier callboard started with bare digits can still be
// ended: end-session gives RingCX the very string the session dialled,
// whether the phone comes from the audit log or is typed again.
func TestEndSessionStartedWithBareDigits(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, typed := range []string{"", "(212) 555-0123"} {
		uii := c.answered()
		const digits = "2125550123"
		// What an earlier callboard did: RingCX dialled the bare digits …
		q := url.Values{"destination": {digits}, "sessionType": {"MONITOR"}}
		req, err := http.NewRequest(http.MethodPost, c.env["RINGCX_SERVER_URL"]+"/voice/api/v1/admin/accounts/"+cliAccount+"/activeCalls/"+uii+"/addSessionToCall?"+q.Encode(), nil)
		require.NoError(t, err)
		req.Header.Set("X-Auth-Token", simtest.Token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		// … and the audit log recorded them.
		log, err := audit.Open(c.auditLog())
		require.NoError(t, err)
		base := audit.Record{ID: "old-" + uii, Operator: audit.Operator(), Host: "h", Source: audit.SourceCLI, Account: cliAccount, UII: uii, Action: audit.ActionAddSession}
		intent, outcome := base, base
		intent.Event, intent.Time, intent.Params = audit.EventIntent, time.Now().UTC(), map[string]string{"destination": digits, "session_type": "MONITOR"}
		outcome.Event, outcome.Time, outcome.Result = audit.EventOutcome, time.Now().UTC(), audit.ResultOK
		require.NoError(t, log.Append(intent))
		require.NoError(t, log.Append(outcome))
		require.NoError(t, log.Close())

		args := []string{"end-session", uii}
		if typed != "" {
			args = append(args, "--phone", typed)
		}
		_, errOut, code := c.run(args...)
		require.Equal(t, exitOK, code, "%q: %s", typed, errOut)
		assert.Equal(t, digits, c.lastRequest().Query.Get("phone"), typed)
		call, _ := c.sim.Call(uii)
		assert.NotContains(t, call.Sessions, digits, typed)
	}
}
