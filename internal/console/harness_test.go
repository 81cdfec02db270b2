package console

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/cmdtest"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

// Every goroutine a service or a board starts ends with its context: the
// poller's, the boards' bridges, the subscriptions' watchers.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// Idle keep-alive connections of the clients and the loopback servers.
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
	)
}

// rig is a service on a static simulator, with its audit log.
type rig struct {
	t      *testing.T
	sim    *simtest.Sim
	client *api.Client
	log    *audit.Log
	svc    *Service
}

// newRig opens the audit log at logPath ("" for a new one) and builds a
// service on a fresh simulator; change adjusts its options.
func newRig(t *testing.T, logPath string, change ...func(*Options)) *rig {
	t.Helper()
	s := simtest.Start(t, sim.Config{Seed: 11})
	return newRigOn(t, s, logPath, change...)
}

// newRigOn is newRig on a simulator already running (a restart).
func newRigOn(t *testing.T, s *simtest.Sim, logPath string, change ...func(*Options)) *rig {
	t.Helper()
	if logPath == "" {
		logPath = filepath.Join(t.TempDir(), "audit.jsonl")
	}
	log, err := audit.Open(logPath)
	require.NoError(t, err)
	t.Cleanup(func() { _ = log.Close() })
	c := simclient.New(t, s)
	opts := Options{Client: c, AccountName: "Northwind Care", Scope: poller.AccountScope(s.Account), AuditLog: log}
	for _, f := range change {
		f(&opts)
	}
	svc, err := New(opts)
	require.NoError(t, err)
	t.Cleanup(svc.Close)
	return &rig{t: t, sim: s, client: c, log: log, svc: svc}
}

// run starts the service until the test ends.
func (r *rig) run() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.svc.Run(ctx) }()
	r.t.Cleanup(func() {
		cancel()
		require.NoError(r.t, <-done)
	})
}

// answered returns n of the simulator's answered (talking) calls.
func (r *rig) answered(n int) []string {
	r.t.Helper()
	var out []string
	for _, c := range r.sim.Calls(r.sim.Account) {
		if c.DequeueTime != nil && len(out) < n {
			out = append(out, c.UII)
		}
	}
	require.Len(r.t, out, n)
	return out
}

// requests counts the requests the simulator has seen.
func (r *rig) requests() int { return len(r.sim.Requests()) }

// entries are the audit log's actions, paired.
func (r *rig) entries() []audit.Entry {
	r.t.Helper()
	records, err := audit.Read(r.log.Path(), audit.Filter{})
	require.NoError(r.t, err)
	return audit.Pair(records)
}

// ended are the audit log's records of sessions that ended with their call.
func (r *rig) ended() []audit.Record {
	var out []audit.Record
	for _, e := range r.entries() {
		if e.About().Action == audit.ActionSessionEnded {
			out = append(out, e.About())
		}
	}
	return out
}

// eventually waits, with a deadline, for cond to hold.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The phones RingCX dials for each person in the tests.
var phones = map[string]string{"ana": "+12125550101", "raj": "+12125550102", "lee": "+12125550103", "dana": "+12125550104"}

// viewer is name looking at the service in role, over SSH.
func viewer(name string, role Role) Viewer {
	return Viewer{
		Operator: name, Source: audit.SourceSSH, Fingerprint: "SHA256:" + name + "-key-fingerprint",
		Phone: phones[name], Role: role, Keys: ui.DefaultKeyMap(), Theme: ui.NewTheme(true),
	}
}

// driver runs a board as Bubble Tea would, minus the terminal: the test's
// goroutine makes every Update; the commands run in goroutines of their own
// and hand their messages back. Commands that only wait for time (ticks,
// spinners, cursor blinks) are not run, so nothing depends on the clock.
type driver struct {
	t    *testing.T
	m    tea.Model
	msgs chan tea.Msg
	done chan struct{}
	wg   sync.WaitGroup
}

// drive starts the board (Init) at 160×50. stop ends the command goroutines
// still waiting to deliver; those waiting on the board's subscriptions end
// with the board's context.
func drive(t *testing.T, m tea.Model) *driver {
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg), done: make(chan struct{})}
	t.Cleanup(d.stop)
	d.m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
	d.exec(d.m.Init())
	return d
}

func (d *driver) stop() {
	select {
	case <-d.done:
	default:
		close(d.done)
	}
	d.wg.Wait()
}

// exec runs cmd's leaves, each in a goroutine.
func (d *driver) exec(cmd tea.Cmd) {
	if cmd == nil || cmdtest.WaitsForTime(cmd) {
		return
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		msg := cmd()
		if sub := cmdtest.SubCommands(msg); sub != nil {
			for _, c := range sub {
				d.exec(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case d.msgs <- msg:
		case <-d.done:
		}
	}()
}

// send delivers msg and runs what the board answers with.
func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.exec(cmd)
}

// press sends key presses: single characters, or "enter".
func (d *driver) press(keys ...string) {
	for _, k := range keys {
		if k == "enter" {
			d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
			continue
		}
		for _, r := range k {
			d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

// until delivers the board's messages until cond holds of its screen.
func (d *driver) until(what string, cond func(screen string) bool) {
	d.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond(d.screen()) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline:
			d.t.Fatalf("gave up waiting for %s; the board shows:\n%s", what, d.screen())
		}
	}
}

// settle delivers the messages already waiting, without blocking.
func (d *driver) settle() {
	for {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		default:
			return
		}
	}
}

// screen is what a person reads: the view without escape codes.
func (d *driver) screen() string { return ansi.Strip(d.m.View().Content) }

// rowOf is the screen line of a call (by the end of its uii), or "".
func (d *driver) rowOf(uii string) string {
	for _, l := range strings.Split(d.screen(), "\n") {
		if strings.Contains(l, uii[len(uii)-5:]) && !strings.HasPrefix(strings.TrimSpace(l), "/") {
			return l
		}
	}
	return ""
}

// selectCall narrows the board to one call with the filter, as a person
// would, so the cursor is on it.
func (d *driver) selectCall(uii string) {
	d.t.Helper()
	d.until("the call on the board", func(string) bool { return d.rowOf(uii) != "" })
	d.press("/", uii, "enter")
}
