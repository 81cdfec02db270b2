package ui

import (
	"context"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/cmdtest"
	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

const (
	account = simtest.Account
	myPhone = "+12125550123"
)

// testTheme is the product's colourless theme (what NO_COLOR selects):
// attributes only, so assertions read plain text after ansi.Strip and can
// still see bold, faint, underline and reverse video. The golden screens
// draw the colour theme too.
var testTheme = NewTheme(true)

// refresher records what the board asks of the poller.
type refresher struct {
	mu        sync.Mutex
	refreshes int
}

func (r *refresher) RefreshNow() { r.mu.Lock(); r.refreshes++; r.mu.Unlock() }

// board is a model on a static simulator, driven message by message.
type board struct {
	t      *testing.T
	m      *Model
	sim    *sim.Server
	client *api.Client
	poll   *refresher
	clock  *fakeclock.Clock
	last   []api.ActiveCall
	seq    uint64
}

type boardOpt func(*Config, *sim.Config)

func readOnly() boardOpt                  { return func(c *Config, _ *sim.Config) { c.ReadOnly = true } }
func withPhone(p string) boardOpt         { return func(c *Config, _ *sim.Config) { c.Phone = p } }
func simCfg(f func(*sim.Config)) boardOpt { return func(_ *Config, s *sim.Config) { f(s) } }

func newBoard(t *testing.T, opts ...boardOpt) *board {
	t.Helper()
	clock := fakeclock.New()
	sc := sim.Config{Seed: 11}
	cfg := Config{Keys: DefaultKeyMap(), Theme: testTheme, AccountID: account, AccountName: "Northwind Care", Phone: myPhone, Now: clock.Now}
	for _, o := range opts {
		o(&cfg, &sc)
	}
	s := simtest.Start(t, sc, simtest.WithClock(clock))
	c := simclient.New(t, s)
	r := &refresher{}
	cfg.Client, cfg.Poller = c, r
	m := New(cfg)
	if os.Getenv("CALLBOARD_UI_OFFLOOP") != "" {
		// Every board rebuilds its calls table in commands, however short
		// the list (offLoopBoard): the whole suite then checks the
		// off-loop path against what it expects of the board.
		m.syncBelow = 0
	}
	b := &board{t: t, m: m, sim: s.Server, client: c, poll: r, clock: clock}
	b.send(tea.WindowSizeMsg{Width: 120, Height: 60})
	return b
}

// offLoopBoard is a board that rebuilds its calls table in commands
// however short the list, as boards of syncBelow calls and more do; send
// runs the commands (pumpBuilds), so a message's tests read the board it
// led to.
func offLoopBoard(t *testing.T, opts ...boardOpt) *board {
	t.Helper()
	b := newBoard(t, opts...)
	b.m.syncBelow = 0
	return b
}

// refresh lists the simulator's calls, as the poller would, and hands the
// board the snapshot.
func (b *board) refresh() {
	b.t.Helper()
	calls, _, err := b.client.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: account})
	require.NoError(b.t, err)
	b.snapshot(calls, poller.Status{State: poller.StateLive, NextTry: b.clock.Now().Add(5 * time.Second)})
}

// snapshot hands the board these calls, with a diff against the last ones.
func (b *board) snapshot(calls []api.ActiveCall, st poller.Status) {
	b.t.Helper()
	b.seq++
	d := diffByUII(b.last, calls)
	d.Baseline = b.seq == 1
	b.last = calls
	b.send(SnapshotMsg{poller.Snapshot{Seq: b.seq, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: b.clock.Now(), Pages: 1, Diff: d, Status: st}})
}

func diffByUII(prev, next []api.ActiveCall) poller.Diff {
	before := map[string]api.ActiveCall{}
	for _, c := range prev {
		before[c.UII] = c
	}
	var d poller.Diff
	for _, c := range next {
		old, ok := before[c.UII]
		if !ok {
			d.Added = append(d.Added, c.UII)
		} else if old != c {
			d.Changed = append(d.Changed, c.UII)
		}
		delete(before, c.UII)
	}
	for uii := range before {
		d.Ended = append(d.Ended, uii)
	}
	return d
}

// send delivers a message; if it starts an action, waits for the action's
// command to finish against the simulator and delivers its result. While a
// form is open, the messages its commands answer at once (huh moves between
// fields that way) are delivered too.
func (b *board) send(msg tea.Msg) {
	b.t.Helper()
	pendingBefore := len(b.m.pending)
	_, inForm := b.m.overlay.(*form)
	_, cmd := b.m.Update(msg)
	b.pumpBuilds(cmd)
	switch {
	case len(b.m.pending) > pendingBefore && cmd != nil:
		b.awaitAction(cmd)
	case inForm && cmd != nil:
		for _, m := range cmdtest.Prompt(cmd) {
			b.send(m)
		}
	}
}

// pumpBuilds runs the calls table's rebuilds a command tree carries (on
// boards with syncBelow lowered, offLoop) and delivers their results, as
// the program would: a message's tests then read the board it led to.
func (b *board) pumpBuilds(cmd tea.Cmd) {
	b.t.Helper()
	for _, c := range buildCmds(cmd) {
		b.send(c())
	}
}

// buildCmds finds the rebuild commands (buildJob.cmd) in a command tree,
// opening batches and sequences but running nothing else.
func buildCmds(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	switch {
	case strings.Contains(name, "ui.(*buildJob).cmd"):
		return []tea.Cmd{cmd}
	case strings.Contains(name, ".compactCmds["):
		var out []tea.Cmd
		for _, c := range cmdtest.SubCommands(cmd()) {
			out = append(out, buildCmds(c)...)
		}
		return out
	}
	return nil
}

// awaitAction runs a command tree's leaves concurrently and delivers the
// action's result; ticks, spinners and cursor blinks are left to expire.
func (b *board) awaitAction(cmd tea.Cmd) {
	b.t.Helper()
	done := make(chan actionDoneMsg, 4)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		go func() {
			switch msg := c().(type) {
			case tea.BatchMsg:
				for _, sub := range msg {
					if sub != nil {
						run(sub)
					}
				}
			case actionDoneMsg:
				done <- msg
			}
		}()
	}
	run(cmd)
	select {
	case msg := <-done:
		b.send(msg)
	case <-time.After(5 * time.Second):
		b.t.Fatal("the action did not finish")
	}
}

// press sends key presses by name: "j", "enter", "esc", "ctrl+c", "H".
func (b *board) press(keys ...string) {
	b.t.Helper()
	for _, k := range keys {
		b.send(keyMsg(k))
	}
}

// typeText sends each character as a key press.
func (b *board) typeText(s string) {
	b.t.Helper()
	for _, r := range s {
		b.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
		"backspace": {Code: tea.KeyBackspace}, "space": {Code: tea.KeySpace, Text: " "},
		"ctrl+d": {Code: 'd', Mod: tea.ModCtrl}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
	}
	if m, ok := special[k]; ok {
		return m
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is what a person would read: the view without escape codes.
func (b *board) screen() string {
	return ansi.Strip(b.m.View().Content)
}

// rowOf returns the screen line showing the call, or "".
func (b *board) rowOf(uii string) string {
	for _, l := range strings.Split(b.screen(), "\n") {
		if strings.Contains(l, uii[len(uii)-5:]) {
			return l
		}
	}
	return ""
}

// selectedLine is the line with the selection bar.
func (b *board) selectedLine() string {
	for _, l := range strings.Split(b.screen(), "\n") {
		if strings.HasPrefix(l, "▌") {
			return l
		}
	}
	return ""
}

// selectUII moves the cursor to a call by pressing j/k, as a person would.
func (b *board) selectUII(uii string) {
	b.t.Helper()
	b.press("g")
	for range len(b.m.rows) {
		if b.m.selected == uii {
			return
		}
		b.press("j")
	}
	b.t.Fatalf("call %s is not on the board", uii)
}

// answered returns n answered (talking) calls of the simulator.
func (b *board) answered(n int) []string {
	b.t.Helper()
	var out []string
	for _, c := range b.sim.Calls(account) {
		if c.DequeueTime != nil && len(out) < n {
			out = append(out, c.UII)
		}
	}
	require.Len(b.t, out, n)
	return out
}

// lastRequest is the simulator's most recent request.
func (b *board) requests() []sim.Request { return b.sim.Requests() }

// selectAnswered selects an answered call and returns its uii.
func (b *board) selectAnswered() string {
	b.t.Helper()
	uii := b.answered(1)[0]
	b.selectUII(uii)
	return uii
}

// boardOnACall is a refreshed board with an answered call selected.
func boardOnACall(t *testing.T, opts ...boardOpt) (*board, string) {
	t.Helper()
	b := newBoard(t, opts...)
	b.refresh()
	return b, b.selectAnswered()
}
