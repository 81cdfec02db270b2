package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/sim"
)

// binary is the callboard built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "callboard-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "callboard")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building callboard for the end-to-end tests:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var sockets atomic.Int64

// pane is the binary running in a real terminal: a tmux pane on a private
// server, driven with send-keys and read with capture-pane.
type pane struct {
	t      *testing.T
	socket string
}

func startTerm(t *testing.T, env []string, args ...string) *pane {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for the end-to-end tests (.ci/run installs it): ", err)
	}
	tm := &pane{t: t, socket: fmt.Sprintf("callboard-e2e-%d-%d", os.Getpid(), sockets.Add(1))}
	// The program starts from an empty environment with a home of its own:
	// the developer's config file, credentials and state stay out of it.
	// The shell around it reports its exit status and keeps the pane open.
	home := t.TempDir()
	base := []string{"TERM=screen-256color", "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8",
		"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/config", "XDG_STATE_HOME=" + home + "/state"}
	cmd := "env -i " + strings.Join(append(append(base, env...), binary), " ") + " " + strings.Join(args, " ") + "; echo EXIT=$?; sleep 600"
	out, err := exec.Command("tmux", "-L", tm.socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", cmd).CombinedOutput()
	require.NoError(t, err, "tmux: %s", out)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *pane) tmux(args ...string) string {
	out, _ := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	return string(out)
}

// screen is the pane's text; escapes keeps the SGR attributes.
func (tm *pane) screen(escapes bool) string {
	if escapes {
		return tm.tmux("capture-pane", "-p", "-e")
	}
	return tm.tmux("capture-pane", "-p")
}

// waitFor polls the pane until it shows what, or fails after 15 s. The
// screen it returns is settled: tmux may be captured mid-frame, while the
// board is still writing a row (seen under -race on a busy machine), so it
// is read again until two reads 60 ms apart agree, or a second has passed
// (timers tick once a second; a frame takes milliseconds).
func (tm *pane) waitFor(what string) string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := tm.screen(false)
		if strings.Contains(s, what) {
			return tm.settle(s, what)
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q; it shows:\n%s", what, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settle reads the screen again until two reads in a row agree (and still
// show what), for at most a second, and returns the last read.
func (tm *pane) settle(s, what string) string {
	for range 16 {
		time.Sleep(60 * time.Millisecond)
		next := tm.screen(false)
		if next == s || !strings.Contains(next, what) {
			return s
		}
		s = next
	}
	return s
}

// keys sends key presses one at a time, as a person types. After Escape it
// pauses: an escape followed at once by a key is read as alt+key.
func (tm *pane) keys(keys ...string) {
	for _, k := range keys {
		tm.tmux("send-keys", k)
		pause := 30 * time.Millisecond
		if k == "Escape" {
			pause = 250 * time.Millisecond
		}
		time.Sleep(pause)
	}
}

// joined is the pane's text with wrapped lines joined again, for messages
// longer than the pane is wide.
func (tm *pane) joined() string { return tm.tmux("capture-pane", "-p", "-J") }

// pid is the callboard process in the pane: the child of the pane's
// shell that runs the binary (env execs it).
func (tm *pane) pid() int {
	tm.t.Helper()
	shell := strings.TrimSpace(tm.tmux("display-message", "-p", "#{pane_pid}"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		children, _ := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
		for _, child := range strings.Fields(string(children)) {
			if exe, _ := os.Readlink("/proc/" + child + "/exe"); exe == binary {
				pid, err := strconv.Atoi(child)
				require.NoError(tm.t, err)
				return pid
			}
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("no callboard process under the pane's shell %s; the screen:\n%s", shell, tm.screen(false))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// signal sends sig to the callboard process in the pane.
func (tm *pane) signal(sig syscall.Signal) {
	tm.t.Helper()
	pid := tm.pid()
	proc, err := os.FindProcess(pid)
	require.NoError(tm.t, err)
	require.NoError(tm.t, proc.Signal(sig), "signal %v to callboard (pid %d)", sig, pid)
}

// running reports whether process pid has not yet exited (a zombie, whose
// shell died with the terminal, has).
func running(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z") && !strings.HasPrefix(after, "X")
}

// exited waits for the program to end and returns its exit status.
func (tm *pane) exited() string {
	tm.t.Helper()
	s := tm.waitFor("EXIT=")
	status := s[strings.Index(s, "EXIT=")+len("EXIT="):]
	return strings.TrimSpace(strings.SplitN(status, "\n", 2)[0])
}

func TestE2EDemoBoardAsAPersonUsesIt(t *testing.T) {
	tm := startTerm(t, nil, "--demo", "--phone", "+12125550123")
	s := tm.waitFor("LIVE")
	assert.Contains(t, s, "Northwind Care (12440011)")
	assert.Contains(t, s, "DEMO")
	assert.Contains(t, s, "you: (212) 555-0123")
	assert.Contains(t, s, "m monitor")

	// Move past the queued calls to a talking one and monitor it.
	tm.selectTalking()
	tm.keys("m")
	tm.waitFor("your phone is ringing")
	assert.Contains(t, selectedLine(tm.screen(false)), "MON")

	// Hang up asks; n keeps the call.
	tm.keys("H")
	s = tm.waitFor("Hang up this call?")
	assert.Contains(t, s, "[y] hang up")
	tm.keys("n")
	tm.waitFor("cancelled: hang up this call")

	// Details, help, filter.
	tm.keys("Enter")
	tm.waitFor("Call details")
	tm.keys("Escape")
	tm.keys("?")
	tm.waitFor("Confirmations take only y")
	tm.keys("Escape")
	tm.keys("/")
	tm.tmux("send-keys", "-l", "no such caller anywhere")
	tm.waitFor("No calls match")
	tm.keys("Escape")
	tm.waitFor("MON")

	// Quitting with a live session asks first; y quits.
	tm.keys("q")
	tm.waitFor("Quit with a live supervisor session?")
	tm.keys("y")
	if code := tm.exited(); code != "0" {
		t.Fatalf("exit status %s; the screen:\n%s", code, tm.screen(false))
	}
}

var (
	selectedRE = regexp.MustCompile(`(?m)^▌.*$`)
	// tableRow: gutter (bar, mark, space), then the state column.
	tableRow = regexp.MustCompile(`^(▌| ). (talking|queued|ended)`)
)

func selectedLine(screen string) string { return selectedRE.FindString(screen) }

func selectedIsTalking(screen string) bool {
	return strings.Contains(selectedLine(screen), "talking")
}

// selectTalking moves the cursor down past the queued calls to the first
// talking one.
func (tm *pane) selectTalking() {
	tm.t.Helper()
	for i := 0; i < 40 && !selectedIsTalking(tm.screen(false)); i++ {
		tm.keys("j")
	}
	require.True(tm.t, selectedIsTalking(tm.screen(false)), "found a talking call")
}

// The real-account path, against the standalone simulator serving hostile
// data: credentials from RingCentral's variables, a JWT sign-in, and names
// full of escape sequences that must not reach the terminal.
func TestE2EAgainstStandaloneSimulatorWithHostileData(t *testing.T) {
	env := startSimulator(t, "--hostile", "--static")
	tm := startTerm(t, env, "--phone", "2125550123")
	s := tm.waitFor("LIVE")
	assert.Contains(t, s, "Northwind Care (12440011)")
	assert.NotContains(t, s, "DEMO")
	assert.Contains(t, s, "LONG·LONG", "hostile names are on screen, cleaned")
	// In a real terminal every row still ends in its uii column: wide,
	// joined and combining characters did not push columns out of place.
	rowEnd := regexp.MustCompile(`…\d{5}$`)
	rows := 0
	for _, line := range strings.Split(s, "\n") {
		if tableRow.MatchString(line) {
			rows++
			assert.Regexp(t, rowEnd, line)
		}
	}
	assert.Greater(t, rows, 10)
	title := strings.TrimSpace(tm.tmux("display-message", "-p", "#{pane_title}"))
	assert.NotContains(t, title, "pwned", "a hostile CNAM must not retitle the terminal")
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		assert.LessOrEqual(t, ansi.StringWidth(line), 120, "garbled line: %q", line)
	}
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
}

// startSimulator runs `callboard sim` on a free loopback port and returns
// the environment it prints for pointing callboard at it.
func startSimulator(t testing.TB, args ...string) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary, append([]string{"sim", "--listen", "127.0.0.1:0", "--quiet"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	var env []string
	sc := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(10*time.Second, cancel)
	defer deadline.Stop()
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "export "); ok {
			env = append(env, v)
		}
		if strings.HasPrefix(line, "curl ") {
			break
		}
	}
	require.NotEmpty(t, env, "the simulator printed its environment")
	go func() { _, _ = bufio.NewReader(stdout).WriteTo(devNull{}) }()
	return env
}

type devNull struct{}

func (devNull) Write(p []byte) (int, error) { return len(p), nil }

func TestE2ENoColorIsColourlessButUsable(t *testing.T) {
	tm := startTerm(t, []string{"NO_COLOR=1"}, "--demo", "--phone", "+12125550123")
	tm.waitFor("LIVE")
	raw := tm.screen(true)
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	reverse := false
	for _, m := range sgr.FindAllStringSubmatch(raw, -1) {
		for _, p := range strings.Split(m[1], ";") {
			switch {
			case p == "7":
				reverse = true
			case strings.HasPrefix(p, "3") && len(p) == 2 && p != "39", strings.HasPrefix(p, "4") && len(p) == 2 && p != "49",
				strings.HasPrefix(p, "9") && len(p) == 2, strings.HasPrefix(p, "10") && len(p) == 3:
				t.Errorf("colour code %q on a NO_COLOR board", m[0])
			}
		}
	}
	assert.True(t, reverse, "the selected row is in reverse video")
	assert.Contains(t, tm.screen(false), "▌", "and marked with the bar")
	tm.keys("q")
	tm.exited()
}

func TestE2ERefusesWithoutATerminalOrCredentials(t *testing.T) {
	out, err := exec.Command(binary, "--demo").CombinedOutput()
	require.Error(t, err)
	assert.Equal(t, 2, err.(*exec.ExitError).ExitCode())
	assert.Contains(t, string(out), "standard output is not a terminal")
	assert.Contains(t, string(out), "callboard calls")

	tm := startTerm(t, nil)
	s := tm.waitFor("callboard --demo")
	assert.Contains(t, s, "RINGCENTRAL_CLIENT_ID")
	assert.Contains(t, s, "RINGCX_ACCOUNT_ID")
	assert.Equal(t, "2", tm.exited())
}

// A user who can see several accounts and configured none picks one before
// the board starts.
func TestE2EAccountPicker(t *testing.T) {
	kept := envWith(startSimulator(t, "--static"), nil, "RINGCX_ACCOUNT_ID", "RINGCX_API_TOKEN")
	tm := startTerm(t, kept, "--phone", "2125550123")
	s := tm.waitFor("Which account?")
	assert.Contains(t, s, "12440011")
	assert.Contains(t, s, "Northwind Billing")
	tm.keys("j", "Enter")
	s = tm.waitFor("LIVE")
	assert.Contains(t, s, "Northwind Billing (12440012)")
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
}

// On a terminal, a destructive command without --yes asks, naming the call;
// anything but y leaves the call alone.
func TestE2EHangupAsksOnATerminal(t *testing.T) {
	env := startSimulator(t, "--static")
	home := t.TempDir()
	out, err := exec.Command("env", append([]string{"-i", "HOME=" + home, "XDG_STATE_HOME=" + home + "/state"}, append(env, binary, "calls", "--json")...)...).Output()
	require.NoError(t, err)
	var calls []struct {
		UII         string  `json:"uii"`
		DequeueTime *string `json:"dequeueTime"`
		AgentFirst  string  `json:"agentFirstName"`
	}
	require.NoError(t, json.Unmarshal(out, &calls))
	var uii, agent string
	for _, c := range calls {
		if c.DequeueTime != nil {
			uii, agent = c.UII, c.AgentFirst
			break
		}
	}
	require.NotEmpty(t, uii)
	tm := startTerm(t, env, "hangup", uii)
	s := tm.waitFor("[y/N]")
	assert.Contains(t, s, "Hang up call "+uii)
	assert.Contains(t, s, agent, "the question names who is on the call")
	tm.keys("n", "Enter")
	tm.waitFor("Cancelled: nothing was done.")
	assert.Equal(t, "1", tm.exited(), "not done is not success")

	// ctrl+c at the question cancels at once; nothing is sent or recorded.
	tm2 := startTerm(t, env, "hangup", uii)
	tm2.waitFor("[y/N]")
	tm2.keys("C-c")
	tm2.waitFor("Cancelled: nothing was done.")
	assert.Equal(t, "1", tm2.exited())
}

// envWith is env with the variables in set added or replaced and those
// named in drop removed.
func envWith(env []string, set map[string]string, drop ...string) []string {
	var out []string
	for _, e := range env {
		name, _, _ := strings.Cut(e, "=")
		if _, replaced := set[name]; !replaced && !slices.Contains(drop, name) {
			out = append(out, e)
		}
	}
	for name, v := range set {
		out = append(out, name+"="+v)
	}
	return out
}

// envValue is name's value in env, "" when it is not there.
func envValue(env []string, name string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, name+"="); ok {
			return v
		}
	}
	return ""
}

// waitForFile polls path until it contains what, or fails after 15 s.
func waitForFile(t *testing.T, path, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), what) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never contained %q; it holds:\n%s", path, what, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// setFaults switches the standalone simulator's fault knobs (PATCH: only
// the fields in body change).
func setFaults(t *testing.T, server, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPatch, server+"/_sim/faults", strings.NewReader(body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

// The start-up contract: with RingCX out of reach (no VPN yet) the board
// opens anyway when it knows the account, and keeps retrying — whether it
// signs in with an API token or a JWT.
func TestE2EBoardOpensWhileRingCXIsUnreachable(t *testing.T) {
	const down = "http://127.0.0.1:1" // nothing listens on port 1: connection refused
	for name, env := range map[string][]string{
		"api token": {"RINGCX_SERVER_URL=" + down, "RINGCX_API_TOKEN=x", "RINGCX_ACCOUNT_ID=12440011"},
		"jwt": {"RINGCX_SERVER_URL=" + down, "RINGCENTRAL_SERVER_URL=" + down, "RINGCENTRAL_CLIENT_ID=id",
			"RINGCENTRAL_CLIENT_SECRET=secret", "RINGCENTRAL_JWT=jwt", "RINGCX_ACCOUNT_ID=12440011"},
	} {
		t.Run(name, func(t *testing.T) {
			tm := startTerm(t, env, "--phone", "2125550123")
			s := tm.waitFor("retrying")
			assert.Contains(t, s, "callboard", "the board's header")
			assert.Contains(t, s, "12440011")
			tm.keys("q")
			assert.Equal(t, "0", tm.exited())
		})
	}
	t.Run("no account", func(t *testing.T) {
		tm := startTerm(t, []string{"RINGCX_SERVER_URL=" + down, "RINGCX_API_TOKEN=x"})
		assert.Equal(t, "1", tm.exited(), "no account to watch while waiting")
		s := tm.joined()
		assert.Contains(t, s, "cannot reach RingCX at "+down+" to find out which account to watch")
		assert.Contains(t, s, "Set RINGCX_ACCOUNT_ID (or --account) to open the board anyway")
	})
}

// Credentials RingCX refuses end the board before it opens, with the
// reason and where the value came from — never the value itself.
func TestE2EBoardRefusedTokenNamesWhereItCameFrom(t *testing.T) {
	const wrong = "not-the-simulators-api-token"
	env := envWith(startSimulator(t, "--static"), map[string]string{"RINGCX_API_TOKEN": wrong},
		"RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT")
	tm := startTerm(t, env)
	assert.Equal(t, "1", tm.exited())
	s := tm.joined()
	assert.Contains(t, s, "RingCX refused the API token from RINGCX_API_TOKEN (")
	assert.Contains(t, s, "401 Unauthorized")
	assert.NotContains(t, s, wrong)

	file := filepath.Join(t.TempDir(), "api-token")
	require.NoError(t, os.WriteFile(file, []byte(wrong+"\n"), 0o600))
	tm = startTerm(t, envWith(env, map[string]string{"RINGCX_API_TOKEN_FILE": file}, "RINGCX_API_TOKEN"))
	assert.Equal(t, "1", tm.exited())
	s = tm.joined()
	assert.Contains(t, s, "RingCX refused the API token from the file "+file+" (RINGCX_API_TOKEN_FILE)")
	assert.NotContains(t, s, wrong)
}

// startDemoBoard starts the demo board with its temporary files in a test
// directory (TMPDIR) and waits until it is live. It returns the board and
// the demo's temporary state directory.
func startDemoBoard(t *testing.T, env ...string) (*pane, string) {
	t.Helper()
	tmp := t.TempDir()
	tm := startTerm(t, append([]string{"TMPDIR=" + tmp}, env...), "--demo")
	tm.waitFor("LIVE")
	dirs, err := filepath.Glob(filepath.Join(tmp, "callboard-demo-*"))
	require.NoError(t, err)
	require.Len(t, dirs, 1, "the demo's temporary state")
	return tm, dirs[0]
}

// SIGHUP — what a dropped SSH session sends — ends the demo board as q
// does: exit status 0, and its temporary state directory removed.
func TestE2EHangupSignalEndsTheDemoAndRemovesItsState(t *testing.T) {
	tm, demoState := startDemoBoard(t)
	tm.signal(syscall.SIGHUP)
	assert.Equal(t, "0", tm.exited())
	assert.NoDirExists(t, demoState)
}

// A dropped SSH session for real: the terminal itself goes away (tmux
// closes the pseudo-terminal and the kernel hangs up on the program), so
// every write to it fails from then on. The board must still end, and
// remove its temporary state, rather than hang.
func TestE2ETerminalGoneEndsTheDemoAndRemovesItsState(t *testing.T) {
	tm, demoState := startDemoBoard(t)
	pid := tm.pid()
	tm.tmux("kill-server")
	deadline := time.Now().Add(15 * time.Second)
	for running(pid) || dirExists(demoState) {
		if time.Now().After(deadline) {
			t.Fatalf("callboard still running (%v) or its temporary state still there (%v) 15 s after its terminal went away", running(pid), dirExists(demoState))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func dirExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// SIGTERM while an action waits for RingCX's answer: the board stops, and
// the action's outcome still reaches the audit log.
func TestE2ETermSignalStillRecordsTheActionInFlight(t *testing.T) {
	env := startSimulator(t, "--static")
	auditLog := filepath.Join(t.TempDir(), "audit.jsonl")
	tm := startTerm(t, env, "--phone", "2125550123", "--audit-log", auditLog)
	tm.waitFor("LIVE")
	tm.selectTalking()
	setFaults(t, envValue(env, "RINGCX_SERVER_URL"), `{"latency":"2s"}`)
	tm.keys("m")
	waitForFile(t, auditLog, `"event":"intent"`)
	// Sent means RingCX has it (the answer 2 s away): a signal before
	// that would truthfully leave it not sent.
	server := envValue(env, "RINGCX_SERVER_URL")
	require.Eventually(t, func() bool {
		for _, r := range simGet[[]sim.Request](t, server, "/_sim/requests") {
			if strings.HasSuffix(r.Path, "/addSessionToCall") {
				return true
			}
		}
		return false
	}, 15*time.Second, 20*time.Millisecond, "the monitor reaches RingCX")
	tm.signal(syscall.SIGTERM)
	assert.Equal(t, "0", tm.exited())
	records, err := audit.Read(auditLog, audit.Filter{})
	require.NoError(t, err)
	entries := audit.Pair(records)
	require.Len(t, entries, 1)
	require.NotNil(t, entries[0].Outcome, "the outcome was recorded")
	assert.Equal(t, "add_session", entries[0].Intent.Action)
	assert.Equal(t, "ok", entries[0].Outcome.Result)
}

// The demo keeps its debug log, like its audit log, in its own temporary
// state: nothing of it is read from or written to the real state
// directory, not even the remembered phone.
func TestE2EDemoLeavesTheRealStateDirectoryAlone(t *testing.T) {
	state := t.TempDir()
	phoneFile := filepath.Join(state, "callboard", "phone")
	require.NoError(t, os.MkdirAll(filepath.Dir(phoneFile), 0o700))
	require.NoError(t, os.WriteFile(phoneFile, []byte("+13125550123\n"), 0o600))
	tm, demoState := startDemoBoard(t, "XDG_STATE_HOME="+state)
	assert.Contains(t, tm.screen(false), "you: phone not set", "the demo does not use the remembered phone")
	waitForFile(t, filepath.Join(demoState, "callboard.log"), "board started") // its debug log, in its own state
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())
	var files []string
	require.NoError(t, filepath.WalkDir(state, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	}))
	assert.Equal(t, []string{phoneFile}, files, "nothing of the demo in the real state directory")
	assert.NoDirExists(t, demoState, "q removes the temporary state too")
}

// The phone typed at the board's prompt is kept, and the next board uses it.
func TestE2EPhoneTypedAtThePromptIsRemembered(t *testing.T) {
	state := t.TempDir()
	env := append(startSimulator(t, "--static"), "XDG_STATE_HOME="+state)
	tm := startTerm(t, env)
	s := tm.waitFor("LIVE")
	assert.Contains(t, s, "you: phone not set")
	tm.keys("P")
	tm.waitFor("Your phone")
	tm.tmux("send-keys", "-l", "+1 312 555 0123")
	tm.keys("Enter")
	phoneFile := filepath.Join(state, "callboard", "phone")
	waitForFile(t, phoneFile, "+13125550123")
	info, err := os.Stat(phoneFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	tm.keys("q")
	assert.Equal(t, "0", tm.exited())

	again := startTerm(t, env)
	s = again.waitFor("LIVE")
	assert.Contains(t, s, "you: (312) 555-0123")
	again.keys("q")
	assert.Equal(t, "0", again.exited())
}
