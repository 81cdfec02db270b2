package audit

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/require"
)

const (
	testAccount  = simtest.Account
	testAPIToken = simtest.Token
	supervisor   = "+16505550100"
)

// harness is a static simulator on loopback, a client for it, and a
// Recorder writing to a fresh log in a temporary directory.
type harness struct {
	t   *testing.T
	sim *simtest.Sim
	log *Log
	rec *Recorder
}

// newHarness starts the simulator; opts are added to (and override) the
// client's defaults, auth included.
func newHarness(t *testing.T, cfg sim.Config, opts ...api.Option) *harness {
	t.Helper()
	s := simtest.Start(t, cfg)
	h := &harness{t: t, sim: s}
	h.openRecorder(opts...)
	return h
}

func (h *harness) openRecorder(opts ...api.Option) {
	h.t.Helper()
	c := simclient.New(h.t, h.sim, opts...)
	l, err := Open(filepath.Join(h.t.TempDir(), "state", "callboard", "audit.jsonl"))
	require.NoError(h.t, err)
	h.t.Cleanup(func() { l.Close() })
	h.log = l
	h.rec = NewRecorder(c, l, testAccount, SourceCLI)
}

// answeredUII is a call an agent has taken (sessions need someone to
// listen to).
func (h *harness) answeredUII() string {
	h.t.Helper()
	for _, c := range h.sim.Calls(testAccount) {
		if c.DequeueTime != nil {
			return c.UII
		}
	}
	uii := h.sim.AddCall(testAccount, sim.CallSpec{})
	require.NotEmpty(h.t, uii)
	return uii
}

// freeAgent is a logged-in agent not on a call, for manual calls.
func (h *harness) freeAgent() string {
	h.t.Helper()
	for _, a := range h.sim.Agents(testAccount) {
		if a.LoggedIn && a.OnCall == "" {
			return a.Username
		}
	}
	h.t.Fatal("the simulator has no free agent")
	return ""
}

// actionRequests are the Active Calls actions the simulator received.
func (h *harness) actionRequests() []string {
	var out []string
	for _, r := range h.sim.Requests() {
		if r.Method == "POST" && strings.Contains(r.Path, "/activeCalls/") {
			out = append(out, r.Path)
		}
	}
	return out
}

func (h *harness) records() []Record {
	h.t.Helper()
	recs, err := Read(h.log.Path(), Filter{})
	require.NoError(h.t, err)
	return recs
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// faultyFile stands in for the log's file: it counts syncs and fails the
// write numbered failWrite (from 1) or every sync when syncErr is set.
type faultyFile struct {
	file
	mu        sync.Mutex
	writes    int
	syncs     int
	failWrite int
	partial   bool // the failing write still writes half its bytes
	syncErr   error
}

var errDiskFull = diskFull{}

type diskFull struct{}

func (diskFull) Error() string { return "no space left on device" }

func (f *faultyFile) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	if f.writes == f.failWrite {
		if f.partial {
			n, _ := f.file.Write(b[:len(b)/2])
			return n, errDiskFull
		}
		return 0, errDiskFull
	}
	return f.file.Write(b)
}

func (f *faultyFile) Sync() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncs++
	if f.syncErr != nil {
		return f.syncErr
	}
	return f.file.Sync()
}

// inject swaps the log's file for a faultyFile over it.
func inject(l *Log, f *faultyFile) *faultyFile {
	l.mu.Lock()
	defer l.mu.Unlock()
	f.file = l.f
	l.f = f
	return f
}
