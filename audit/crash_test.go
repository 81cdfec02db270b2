package audit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The crash helper's settings travel in the environment: the test binary
// is started again with only TestHelperProcess selected.
const (
	envHelper = "CALLBOARD_AUDIT_CRASH_HELPER"
	envLog    = "CALLBOARD_AUDIT_CRASH_LOG"
	envServer = "CALLBOARD_AUDIT_CRASH_SERVER"
	envUII    = "CALLBOARD_AUDIT_CRASH_UII"
)

// TestHelperProcess is not a test: run by TestCrashBetweenIntentAndOutcome
// in a child process, it is callboard hanging up a call through a real
// client and Recorder, and it is killed while it waits for the answer.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("run as a subprocess by TestCrashBetweenIntentAndOutcome")
	}
	c, err := api.NewClient(api.WithServer(os.Getenv(envServer)), api.WithAccount(testAccount),
		api.WithAuth(api.APITokenAuth(testAPIToken)), api.WithTimeout(time.Minute))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	l, err := Open(os.Getenv(envLog))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	err = NewRecorder(c, l, testAccount, SourceCLI).HangupCall(context.Background(), os.Getenv(envUII))
	fmt.Fprintln(os.Stderr, "the action returned, which it must not:", err)
	os.Exit(4)
}

func TestCrashBetweenIntentAndOutcome(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	// The answer takes far longer than the test waits: the child is
	// killed with the request in flight, after the intent was written.
	h.sim.SetFaults(sim.Faults{Latency: time.Minute})
	path := filepath.Join(t.TempDir(), "audit.jsonl")

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"=1", envLog+"="+path, envServer+"="+h.sim.URL, envUII+"="+uii)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())

	require.Eventually(t, func() bool { return len(h.actionRequests()) == 1 }, 30*time.Second, 10*time.Millisecond,
		"the child's hangup never reached the simulator: %s", &stderr)
	require.NoError(t, cmd.Process.Kill())
	err := cmd.Wait()
	require.Error(t, err, "the child was killed, it did not exit normally")
	assert.NotContains(t, stderr.String(), "the action returned")

	recs, err := Read(path, Filter{UII: uii})
	require.NoError(t, err)
	require.Len(t, recs, 1, "the intent is on disk: it was synced before the request went out")
	entries := Pair(recs)
	require.Len(t, entries, 1)
	assert.Equal(t, ActionHangupCall, entries[0].Intent.Action)
	assert.Equal(t, uii, entries[0].Intent.UII)
	assert.Nil(t, entries[0].Outcome)
	assert.Equal(t, "no outcome recorded (callboard stopped before the answer)", entries[0].ResultText())

	var out strings.Builder
	require.NoError(t, Print(&out, entries))
	assert.Contains(t, out.String(), "hangup")
	assert.Contains(t, out.String(), "no outcome recorded")
}
