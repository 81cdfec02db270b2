package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/internal/syncbuf"
	"github.com/callboard/callboard/sim"
)

// The fault-injection cases where a terminal matters (issue 9): the built
// binary in tmux, against the standalone simulator behind a hostile front
// (internal/hostile). The rest of the fault matrix is internal/faultsuite.

// startHostileSimulator runs `callboard sim` with args behind a hostile
// front, and returns the environment that points callboard at the front,
// and the front.
func startHostileSimulator(t *testing.T, args ...string) ([]string, *hostile.Front) {
	t.Helper()
	env := startSimulator(t, args...)
	target, err := url.Parse(envValue(env, "RINGCX_SERVER_URL"))
	require.NoError(t, err)
	front := hostile.Proxy(target)
	srv := httptest.NewServer(front)
	t.Cleanup(srv.Close)
	return envWith(env, map[string]string{"RINGCX_SERVER_URL": srv.URL, "RINGCENTRAL_SERVER_URL": srv.URL}), front
}

// Hostile bytes in every field RingCX sends — escapes, C1 controls, a
// right-to-left override, raw invalid UTF-8 — never reach the terminal:
// the rows and a call's details show them cleaned, nothing retitles the
// window. (callState keeps its value so the test can find a talking call:
// the board shows any other state as the text RingCX sent.)
func TestE2EFaultsHostileBytesInEveryField(t *testing.T) {
	for name, payload := range map[string]string{"escapes": hostile.Payload, "invalid UTF-8": hostile.InvalidUTF8} {
		t.Run(name, func(t *testing.T) {
			env, front := startHostileSimulator(t, "--static")
			front.Add(hostile.Rule{Match: hostile.Match{Method: http.MethodGet}, Fault: hostile.Fields(payload, "uii", "enqueueTime", "dequeueTime", "callState")})
			tm := startTerm(t, env, "--phone", "2125550123")
			tm.waitFor("LIVE")
			tm.selectTalking()
			tm.keys("Enter")
			s := tm.waitFor("Call details")
			raw := tm.screen(true)
			for _, bad := range []string{"\u202e", "\u009b", "\ufffd", "pwned"} {
				assert.NotContains(t, raw, bad)
			}
			title := tm.tmux("display-message", "-p", "#{pane_title}")
			assert.NotContains(t, title, "pwned", "a hostile field must not retitle the terminal")
			assert.Contains(t, s, "Call details")
			tm.keys("Escape", "q")
			assert.Equal(t, "0", tm.exited())
		})
	}
}

// A monitor whose answer a gateway swallowed (502) is shown as sent with
// its outcome unknown, recorded so in the audit log, and never sent again.
func TestE2EFaultsAnswerLostIsShownAndAudited(t *testing.T) {
	env, front := startHostileSimulator(t, "--static")
	monitor := hostile.Match{Method: http.MethodPost, Path: "/addSessionToCall"}
	front.Add(hostile.Rule{Match: monitor, Fault: hostile.GatewayPage(http.StatusBadGateway)})
	auditLog := filepath.Join(t.TempDir(), "audit.jsonl")
	tm := startTerm(t, env, "--phone", "2125550123", "--audit-log", auditLog)
	tm.waitFor("LIVE")
	tm.selectTalking()
	tm.keys("m")
	s := tm.waitFor("check the call")
	assert.NotContains(t, s, "nginx", "the gateway's page is not shown")
	tm.keys("q")
	if strings.Contains(tm.settle(tm.screen(false), ""), "Quit with a live supervisor session?") {
		tm.keys("y")
	}
	assert.Equal(t, "0", tm.exited())
	assert.Equal(t, audit.ResultAnswerLost, onlyAction(t, auditLog).ResultText())
	assert.Equal(t, 1, front.Count(monitor), "sent once")
}

// onlyAction is the one action the audit log at path holds.
func onlyAction(t *testing.T, path string) audit.Entry {
	t.Helper()
	records, err := audit.Read(path, audit.Filter{})
	require.NoError(t, err)
	entries := audit.Pair(records)
	require.Len(t, entries, 1)
	return entries[0]
}

// hostileCLI is newCLI with the hostile front between the commands and
// the simulator.
func hostileCLI(t *testing.T, cfg sim.Config) (*cli, *hostile.Front) {
	t.Helper()
	c := newCLI(t, cfg)
	target, err := url.Parse(c.env["RINGCX_SERVER_URL"])
	require.NoError(t, err)
	front := hostile.Proxy(target)
	srv := httptest.NewServer(front)
	t.Cleanup(srv.Close)
	c.env["RINGCX_SERVER_URL"], c.env["RINGCENTRAL_SERVER_URL"] = srv.URL, srv.URL
	return c, front
}

// A command whose action was sent and whose answer was lost exits 3 and
// says to check the call; the audit log and `callboard audit` say the
// outcome is unknown; the action is sent once.
func TestFaultsAnswerLostExits3(t *testing.T) {
	for name, fault := range map[string]hostile.Fault{
		"502 from a gateway":         hostile.GatewayPage(http.StatusBadGateway),
		"503 from a gateway":         hostile.GatewayPage(http.StatusServiceUnavailable),
		"504 from a gateway":         hostile.GatewayPage(http.StatusGatewayTimeout),
		"dropped after reading":      hostile.DropAfterRead(),
		"dropped after RingCX acted": hostile.AnswerThenDrop(),
		"200 cut short":              hostile.CutShort(),
		"headers over the limit":     hostile.HugeHeaders(11 << 20),
	} {
		t.Run(name, func(t *testing.T) {
			c, front := hostileCLI(t, sim.Config{})
			uii := c.answered()
			hangup := hostile.Match{Method: http.MethodPost, Path: "/hangupCall"}
			front.Add(hostile.Rule{Match: hangup, Fault: fault})
			_, errOut, code := c.run("hangup", uii, "--yes")
			assert.Equal(t, exitUnknown, code, "%s", errOut)
			assert.Contains(t, errOut, "check the call")
			assert.Equal(t, audit.ResultAnswerLost, c.lastOutcome())
			assert.Equal(t, 1, front.Count(hangup), "sent once")
			out, _, code := c.run("audit")
			assert.Equal(t, 0, code)
			assert.Contains(t, out, "check the call")
		})
	}
}

// What a person gives — typed free text, the environment, flags, the
// config file — with raw invalid bytes, C1 controls or a bidi override is
// refused with exit 2 before anything is sent, and echoed written out,
// never played. A state directory others may write to is refused too,
// and so is a refresh interval the board could never call stale.
func TestFaultsHostileInputIsRefusedAndNeverEchoedRaw(t *testing.T) {
	c, front := hostileCLI(t, sim.Config{})
	uii := c.answered()
	configDir := filepath.Join(c.env["XDG_CONFIG_HOME"], "callboard")
	require.NoError(t, os.MkdirAll(configDir, 0o700))
	loose := filepath.Join(t.TempDir(), "loose")
	require.NoError(t, os.MkdirAll(filepath.Join(loose, "callboard"), 0o700))
	require.NoError(t, os.Chmod(filepath.Join(loose, "callboard"), 0o777))
	for _, tc := range []struct {
		name string
		env  map[string]string
		file string // the config file's text
		args []string
		want string
	}{
		{name: "disposition", args: []string{"disposition", uii, "--disposition", "Sale\x9b2J"}},
		{name: "notes", args: []string{"disposition", uii, "--disposition", "Sale", "--notes", "call \u202eback"}},
		{name: "phone from the environment", env: map[string]string{"CALLBOARD_PHONE": "+1555\x9b31mRED"}, args: []string{"monitor", uii}},
		{name: "theme", args: []string{"calls", "--theme", "\x9b2J"}, want: `\x9b2J`},
		{name: "unknown flag", args: []string{"calls", "--bogus\x9b31m"}, want: `\x9b31m`},
		{name: "config file", file: "region = \"US\u202e\"\n", args: []string{"config"}, want: `\u202e`},
		{name: "refresh without bound", args: []string{"calls", "--refresh", "876000h"}, want: "too long"},
		{name: "state directory others may write", env: map[string]string{"XDG_STATE_HOME": loose}, args: []string{"audit"}, want: "writable by group and others"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				old := c.env[k]
				c.env[k] = v
				t.Cleanup(func() { c.env[k] = old })
			}
			require.NoError(t, os.WriteFile(filepath.Join(configDir, "config.toml"), []byte(tc.file), 0o600))
			out, errOut, code := c.run(tc.args...)
			assert.Equal(t, exitUsage, code, "%s", errOut)
			assert.Empty(t, hostile.Unsafe(out+errOut, false), "%q", out+errOut)
			assert.Contains(t, errOut, tc.want)
		})
	}
	assert.Zero(t, front.Count(hostile.Match{Method: http.MethodPost}), "nothing sent")
}

// Without a state directory, seven commands in a row share one sign-in
// (RingCX allows five a minute), kept privately in the temporary
// directory.
func TestFaultsNoStateDirectorySharesOneSignIn(t *testing.T) {
	c, front := hostileCLI(t, sim.Config{})
	c.env["HOME"], c.env["XDG_STATE_HOME"], c.env["XDG_CONFIG_HOME"] = "", "", ""
	c.env["TMPDIR"] = t.TempDir()
	for range 7 {
		_, errOut, code := c.run("calls")
		require.Equal(t, 0, code, "%s", errOut)
	}
	assert.Equal(t, 1, front.Count(hostile.Match{Method: http.MethodPost, Path: "/api/auth/login/rc/accesstoken"}), "one sign-in")
}

// `callboard config` refuses the [keys] the board refuses (a clash), with
// the same exit status 2.
func TestFaultsConfigRefusesWhatTheBoardRefuses(t *testing.T) {
	c := newCLI(t, sim.Config{})
	dir := filepath.Join(c.env["XDG_CONFIG_HOME"], "callboard")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[keys]\nmonitor = [\"q\"]\n"), 0o600))
	_, errOut, code := c.run("config")
	assert.Equal(t, exitUsage, code, "%s", errOut)
	assert.Contains(t, errOut, "monitor")
}

// `callboard sim` writes the request paths it logs cleaned: a path with
// escapes and C1 bytes reaches its stderr written out, never raw.
func TestFaultsSimulatorLogsPathsCleaned(t *testing.T) {
	cmd := exec.Command(binary, "sim", "--listen", "127.0.0.1:0", "--static")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	var server string
	for server == "" && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "export RINGCX_SERVER_URL="); ok {
			server = v
		}
	}
	require.NotEmpty(t, server)
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	resp, err := http.Get(server + "/voice/api/v1/x%1b%5d0%3bpwned%07%c2%9b31m%e2%80%aeevil%9b")
	require.NoError(t, err)
	resp.Body.Close()
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "evil") }, 15*time.Second, 20*time.Millisecond, "the request logged")
	assert.Empty(t, hostile.Unsafe(stderr.String(), false), "%q", stderr.String())
	assert.Contains(t, stderr.String(), `\u202e`, "the override written out")
}

// A 401 that survives the refresh (Jwt is expired again) no longer stops
// the board for good: it says it is signing in again, and is live by
// itself when the storm ends.
func TestE2EFaultsExpiryStormSurvivingRefresh(t *testing.T) {
	env, front := startHostileSimulator(t, "--static")
	env = envWith(env, nil, "RINGCX_API_TOKEN") // RingCentral's JWT sign-in, which refreshes
	tm := startTerm(t, env, "--phone", "2125550123")
	tm.waitFor("LIVE")
	front.Add(hostile.Rule{Match: hostile.Match{Method: http.MethodGet, Path: "/activeCalls/list"}, Times: 4, Fault: hostile.Expired()})
	tm.waitFor("signing in again")
	tm.waitFor("LIVE")
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
}

// One 429 on the list asking for an hour: the board shows a wait of at
// most two minutes, an action still goes at once and is done, and q is
// prompt.
func TestE2EFaultsLongRetryAfterHoldsNoAction(t *testing.T) {
	env, front := startHostileSimulator(t, "--static")
	auditLog := filepath.Join(t.TempDir(), "audit.jsonl")
	tm := startTerm(t, env, "--phone", "2125550123", "--audit-log", auditLog)
	tm.waitFor("LIVE")
	front.Add(hostile.Rule{Match: hostile.Match{Method: http.MethodGet, Path: "/activeCalls/list"}, Times: 1, Fault: hostile.TooMany("3600")})
	s := tm.waitFor("rate limited by RingCX")
	wait := regexp.MustCompile(`retrying in (\d+):(\d\d)\b`).FindStringSubmatch(s)
	require.NotNil(t, wait, "the wait is shown: %s", s)
	assert.LessOrEqual(t, atoi(wait[1])*60+atoi(wait[2]), 120, "capped at two minutes: %s", wait[0])
	tm.selectTalking()
	tm.keys("m")
	tm.waitFor("your phone is ringing")
	tm.keys("q")
	tm.waitFor("Quit with a live supervisor session?")
	tm.keys("y")
	assert.Equal(t, "0", tm.exited())
	assert.Equal(t, audit.ResultOK, onlyAction(t, auditLog).ResultText())
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// A long first load shows its progress (pages, calls so far) instead of
// "connecting… 0 calls", and the board is live when it ends.
func TestE2EFaultsLongLoadShowsProgress(t *testing.T) {
	env, front := startHostileSimulator(t, "--static", "--calls", "12000", "--rate-limit", "-1")
	front.Add(hostile.Rule{Match: hostile.Match{Method: http.MethodGet, Path: "/activeCalls/list"}, Fault: hostile.Delay(150 * time.Millisecond)})
	tm := startTerm(t, env, "--phone", "2125550123")
	s := tm.waitFor("calls so far")
	assert.Regexp(t, `loading… \d+ pages? · [\d,]+ calls? so far`, s)
	front.Clear()
	tm.waitFor("LIVE")
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
}

// The freeze, on the terminal: RingCX asks actions to wait an
// hour; an action asked for then waits its turn, and q quits at once —
// the audit log says that action was not sent, never "no outcome
// recorded".
func TestE2EFaultsQuitWhileAnActionWaitsRecordsNotSent(t *testing.T) {
	env, front := startHostileSimulator(t, "--static")
	record := hostile.Match{Method: http.MethodPost, Path: "/toggleCallRecording"}
	front.Add(hostile.Rule{Match: record, Times: 1, Fault: hostile.TooMany("3600")})
	auditLog := filepath.Join(t.TempDir(), "audit.jsonl")
	tm := startTerm(t, env, "--phone", "2125550123", "--audit-log", auditLog)
	tm.waitFor("LIVE")
	tm.selectTalking()
	tm.keys("r")
	tm.waitFor("try again in 2m0s") // capped, not an hour
	tm.keys("r")
	tm.waitFor("waiting for RingCX")
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
	records, err := audit.Read(auditLog, audit.Filter{})
	require.NoError(t, err)
	entries := audit.Pair(records)
	require.Len(t, entries, 2)
	assert.True(t, strings.HasPrefix(entries[1].ResultText(), audit.ResultNotSentPrefix), "%q", entries[1].ResultText())
	assert.Equal(t, 1, front.Count(record), "the second was never sent")
}
