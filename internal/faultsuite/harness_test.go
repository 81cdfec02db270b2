package faultsuite

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/internal/syncbuf"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

// Every goroutine the cases start — the pollers, the boards, the clients'
// requests held by the hostile front — ends with its case.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		// teatest's interrupt watcher lives as long as the test binary, and
		// a board's tea.Every tick has no cancel: it ends at its next tick,
		// up to a second after the board quit.
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"),
		goleak.IgnoreTopFunction("charm.land/bubbletea/v2.Every.func1"),
	)
}

// The credentials of every case: distinctive, so that a trace of them on
// the screen, in the debug log or in the audit log is found.
const (
	clientID     = "faultsuite-client-id-31c4e0"
	clientSecret = "faultsuite-client-secret-9e27d1"
	assertion    = "faultsuite-jwt-assertion-6a0b58"
)

// The routes the cases spoil.
var (
	list    = hostile.Match{Method: "GET", Path: "/activeCalls/list"}
	refresh = hostile.Match{Method: "POST", Path: "/api/auth/token/refresh"}
	hangup  = hostile.Match{Method: "POST", Path: "/hangupCall"}
	monitor = hostile.Match{Method: "POST", Path: "/addSessionToCall"}
	record  = hostile.Match{Method: "POST", Path: "/toggleCallRecording"}
	dispose = hostile.Match{Method: "POST", Path: "/dispositionCall"}
)

// rig is one case's world: the simulator behind a hostile front; a client
// signed in through the front with RingCentral's JWT flow; a console
// service polling the account on a fake clock, with its audit log and its
// debug log.
type rig struct {
	t      *testing.T
	sim    *simtest.Sim
	front  *hostile.Front
	client *api.Client
	clock  *fakeclock.Clock
	svc    *console.Service
	audit  *audit.Log
	debug  *syncbuf.Buffer
	sub    *poller.Subscription
	last   poller.Snapshot
}

// setup is what a case may change before the rig starts.
type setup struct {
	sim    sim.Config
	client []api.Option
}

func newRig(t *testing.T, change ...func(*setup)) *rig {
	t.Helper()
	// The simulator's own rate limit is off: the 429s of a case are the
	// front's, and the fake clock lets polls come faster than RingCX's.
	su := setup{sim: sim.Config{Seed: 11, ClientID: clientID, ClientSecret: clientSecret, JWT: assertion, RateLimit: 1 << 30}}
	for _, f := range change {
		f(&su)
	}
	s, front := hostile.Start(t, su.sim)
	debug := &syncbuf.Buffer{}
	logger := slog.New(slog.NewTextHandler(debug, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jwt := api.JWTAuth(api.JWTCredentials{Server: s.URL, ClientID: clientID, ClientSecret: clientSecret, JWT: assertion})
	client := simclient.New(t, s, append([]api.Option{api.WithAuth(jwt), api.WithLogger(logger)}, su.client...)...)
	log, err := audit.Open(filepath.Join(t.TempDir(), "audit.jsonl"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = log.Close() })
	clock := fakeclock.New()
	svc, err := console.New(console.Options{
		Client: client, AccountName: "Northwind Care", Scope: poller.AccountScope(s.Account),
		AuditLog: log, Log: logger, Clock: pollClock{clock},
	})
	require.NoError(t, err)
	return &rig{t: t, sim: s, front: front, client: client, clock: clock, svc: svc, audit: log, debug: debug}
}

// pollClock is the fake clock as the poller's Clock.
type pollClock struct{ *fakeclock.Clock }

func (c pollClock) NewTimer(d time.Duration) poller.Timer { return c.Clock.NewTimer(d) }

// run starts the service until the case ends, and waits for its first
// list.
func (r *rig) run() *rig {
	r.t.Helper()
	r.sub = r.svc.Poller().Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.svc.Run(ctx) }()
	r.t.Cleanup(func() {
		cancel()
		r.svc.Close()
		require.NoError(r.t, <-done)
	})
	r.until("the first list", live)
	return r
}

// until lets time pass on the fake clock — to each retry the poller
// planned, as a person waits — until cond holds of a snapshot, and returns
// it. Nothing is pressed: a fault that clears must be got over by itself.
func (r *rig) until(what string, cond func(poller.Snapshot) bool) poller.Snapshot {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case s, ok := <-r.sub.C():
			require.True(r.t, ok, "the poller stopped")
			r.last = s
			if cond(s) {
				return s
			}
		case <-time.After(20 * time.Millisecond):
			step := time.Second
			if next := r.last.Status.NextTry.Sub(r.clock.Now()); next > 0 {
				step = next
			}
			r.clock.Advance(step)
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("gave up waiting for %s; the poller is %s (err %v)", what, r.last.Status.State, r.last.Status.Err)
		}
	}
}

func live(s poller.Snapshot) bool  { return s.Status.State == poller.StateLive && !s.FetchedAt.IsZero() }
func stale(s poller.Snapshot) bool { return s.Status.State == poller.StateStale }

// act runs an action as ana at the board, through the service (so it is
// audited), and returns its error.
func (r *rig) act(do func(context.Context, api.Actions) error) error {
	v := console.Viewer{Operator: "ana", Source: audit.SourceBoard, Phone: "+12125550101", Role: console.RoleSupervisor,
		Keys: ui.DefaultKeyMap(), Theme: ui.NewTheme(true)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return do(ctx, r.svc.Actions(v))
}

// talking is one of the simulator's answered calls.
func (r *rig) talking() string {
	r.t.Helper()
	for _, c := range r.sim.Calls(r.sim.Account) {
		if c.DequeueTime != nil {
			return c.UII
		}
	}
	r.t.Fatal("no answered call")
	return ""
}

// entries are the audit log's actions.
func (r *rig) entries() []audit.Entry {
	r.t.Helper()
	records, err := audit.Read(r.audit.Path(), audit.Filter{})
	require.NoError(r.t, err)
	return audit.Pair(records)
}

// outcome is the one action's result in the audit log.
func (r *rig) outcome() audit.Record {
	r.t.Helper()
	entries := r.entries()
	require.Len(r.t, entries, 1)
	require.NotNil(r.t, entries[0].Outcome, "an outcome was recorded")
	return *entries[0].Outcome
}

// secrets are every credential of the case: the configured ones, and the
// tokens the simulator issued and was shown.
func (r *rig) secrets() []string {
	out := []string{clientSecret, assertion, simtest.Token}
	for _, req := range r.sim.Requests() {
		if tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer "); ok {
			out = append(out, tok)
		}
		if tok := req.Header.Get("X-Auth-Token"); tok != "" {
			out = append(out, tok)
		}
		if form, err := url.ParseQuery(req.Body); err == nil {
			for _, k := range []string{"refresh_token", "rcAccessToken", "assertion"} {
				if v := form.Get(k); v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// leak says what of hostile or secret text s carries — an unsafe byte
// (hostile.Unsafe), the payload's retitle, or a secret — "" for nothing.
func (r *rig) leak(s string, styled bool) string {
	if u := hostile.Unsafe(s, styled); u != "" {
		return u
	}
	if strings.Contains(s, "pwned") {
		return "the hostile retitle's text"
	}
	for _, secret := range r.secrets() {
		if len(secret) >= 8 && strings.Contains(s, secret) {
			return "a secret"
		}
	}
	return ""
}

// clean asserts that nothing hostile or secret reached the audit log (any
// string of any record, as read back) or the debug log (a text log, whose
// writer quotes control characters: the quoted forms count too).
func (r *rig) clean() {
	r.t.Helper()
	f, err := os.Open(r.audit.Path())
	require.NoError(r.t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var v any
		require.NoError(r.t, json.Unmarshal(sc.Bytes(), &v), "audit line %d", n)
		for _, s := range stringsOf(v) {
			if l := r.leak(s, false); l != "" {
				r.t.Errorf("audit line %d carries %s: %.200q", n, l, s)
			}
		}
		if len(sc.Bytes()) > 4096 {
			r.t.Errorf("audit line %d is %d bytes: a server value was stored unbounded", n, len(sc.Bytes()))
		}
	}
	require.NoError(r.t, sc.Err())
	debug := r.debug.String()
	for _, quoted := range []string{`\x1b`, `\u009b`, `\x9b`, `\u202e`, `\x00`} {
		if strings.Contains(debug, quoted) {
			r.t.Errorf("the debug log carries %s", quoted)
		}
	}
	if l := r.leak(debug, false); l != "" && !strings.HasPrefix(l, "control") {
		r.t.Errorf("the debug log carries %s", l)
	}
}

// stringsOf is every string in a decoded JSON value, names included.
func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, stringsOf(x)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, x := range v {
			out = append(append(out, k), stringsOf(x)...)
		}
		return out
	}
	return nil
}
