package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/cmdtest"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

func withConfig(f func(*Config)) boardOpt { return func(c *Config, _ *sim.Config) { f(c) } }

// restart replaces the board with a new one on the same simulator, as a
// new run would start: its store holds the sessions the earlier run
// recorded (yours unless an operator is named), and with no service to
// reconcile it, the board does.
func (b *board) restart(sessions ...Session) {
	for i := range sessions {
		if sessions[i].Operator == "" {
			sessions[i].Operator = "you"
		}
	}
	store := team.NewStore(sessions...)
	cfg := b.m.cfg
	cfg.Team, cfg.TeamSub, cfg.Client = store, nil, team.Actions(b.client, store, "you")
	b.m = New(cfg)
	b.m.ownsTeam = true
	b.send(tea.WindowSizeMsg{Width: 120, Height: 60})
}

// noList is the snapshot the poller publishes while no list has ever
// arrived: the first try failed, the next is scheduled.
func (b *board) noList(err error, next time.Duration) {
	b.send(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.AccountScope(account), Status: poller.Status{
		State: poller.StateStale, Attempt: 1, Err: err, NextTry: b.clock.Now().Add(next),
	}}})
}

// The repro: RingCX unreachable at start. The board must not say "0 calls"
// or "No active calls" — nothing is known.
func TestNothingIsClaimedBeforeTheFirstList(t *testing.T) {
	b := newBoard(t)
	b.noList(errors.New("GET /voice/api/v1/admin/accounts/12440011/activeCalls/list: dial tcp 127.0.0.1:1: connect: connection refused"), 8*time.Second)
	s := b.screen()
	assert.Contains(t, s, "◌ NO DATA YET · retrying in 0:08 · connection refused")
	assert.Contains(t, s, "calls: not known yet")
	assert.Contains(t, s, "nothing is known about the calls")
	assert.Contains(t, s, "Next try in 0:08")
	for _, lie := range []string{"0 calls", "0 queued", "0 talking", "No active calls", "STALE"} {
		assert.NotContains(t, s, lie)
	}
	b.press("enter")
	assert.Contains(t, b.screen(), "no call selected: no call list from RingCX yet")

	// Once a list has arrived and gone stale, its counts stay, dimmed and
	// dated — never zeros.
	b.refresh()
	calls := b.last
	b.clock.Advance(40 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	b.send(SnapshotMsg{poller.Snapshot{Seq: 5, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: b.clock.Now().Add(-40 * time.Second),
		Status: poller.Status{State: poller.StateStale, Err: errors.New("GET /x: i/o timeout"), NextTry: b.clock.Now().Add(4 * time.Second)}}})
	s = b.screen()
	assert.Contains(t, s, fmt.Sprintf("%d calls", len(calls)))
	assert.Contains(t, s, "(as of 40s ago)")
	assert.Contains(t, s, "● STALE 0:40")
	assert.NotEmpty(t, b.rowOf(calls[0].UII))
}

// The repro: m, quit, start again, x — "you have no session on this call".
// Sessions from earlier runs show as mine, x and mode changes act on them,
// and those whose call ended meanwhile are dropped with an event.
func TestSessionsFromEarlierRunsAreMine(t *testing.T) {
	b := newBoard(t)
	live, gone := b.answered(1)[0], "202001010000000000000000000001"
	// RingCX has the session the earlier run started; a new board starts
	// with what that run recorded.
	require.NoError(t, b.client.AddSession(context.Background(), live, "+12125550177", api.SessionMonitor))
	b.restart(
		Session{UII: live, Type: api.SessionMonitor, Phone: "+12125550177", Since: b.clock.Now().Add(-time.Minute)},
		Session{UII: gone, Type: api.SessionCoaching, Phone: myPhone},
	)

	b.refresh()
	assert.Contains(t, b.rowOf(live), "MON")
	assert.NotContains(t, b.m.team.Sessions, gone)
	assert.Contains(t, b.screen(), "coaching session on call …00001 is over: the call is no longer active")
	assert.Equal(t, "session ended with the call", b.m.history[gone][0].Action)

	b.selectUII(live)
	b.press("x")
	c, _ := b.sim.Call(live)
	assert.NotContains(t, c.Sessions, "+12125550177", "x ended the session with the phone it was started with")
	assert.Contains(t, b.screen(), "Left ")
	assert.NotContains(t, b.rowOf(live), "MON")
}

// A call I am on that ends is said, not just unmarked.
func TestMyCallEndingIsSaid(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("m")
	require.Contains(t, b.rowOf(uii), "MON")
	require.NoError(t, b.client.HangupCall(context.Background(), uii))
	b.refresh()
	s := b.screen()
	assert.Contains(t, s, "Call ended: ")
	assert.Contains(t, s, "your monitor session ended with it")
	b.press("M")
	assert.Contains(t, b.screen(), "your monitor session ended with it", "the messages pane keeps it")
}

// The repro at 80×24: callers waiting longer than the top visible queued
// row are off-screen with no sign.
func TestOffScreenWaitsAreShownAndReachable(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.WaitThreshold = time.Second }))
	b.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	b.refresh()
	b.clock.Advance(5 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	require.Positive(t, b.m.tallies.queued)
	// Sorted by talk time, longest first, the queued calls (no talk yet)
	// are below the screen.
	for b.m.sortBy != sortTalk {
		b.press("s")
	}
	b.press("g")
	s := b.screen()
	h := b.m.visibleRows()
	n := len(b.m.rows)
	want := fmt.Sprintf("1–%d of %d · ↓ %d more (%d waiting over 0:01 — w jumps)", h, n, n-h, b.m.tallies.queued)
	assert.Contains(t, s, want)

	b.press("w")
	sel := b.selectedLine()
	assert.Contains(t, sel, "queued")
	longest := b.m.tallies.longestWait(b.m.now)
	assert.Contains(t, sel, clock(longest), "the longest wait, the header's figure, is selected")
	assert.Contains(t, b.screen(), "↑ ", "now the rest is above")

	// And the other way round: at the top, waits below are counted too.
	b.press("g")
	assert.Contains(t, b.screen(), "waiting over 0:01")
}

func TestFooterKeepsHelpAndQuitAtAnyWidth(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	for _, w := range []int{60, 80, 100, 120, 200} {
		b.send(tea.WindowSizeMsg{Width: w, Height: 30})
		lines := strings.Split(b.screen(), "\n")
		last := lines[len(lines)-1]
		assert.Contains(t, last, "? help", "width %d", w)
		assert.Contains(t, last, "q quit", "width %d", w)
		assert.LessOrEqual(t, ansi.StringWidth(last), w)
	}
}

func TestColumnsDropTheLeastInformativeFirst(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	header := func() string { return strings.Split(b.screen(), "\n")[3] }
	b.send(tea.WindowSizeMsg{Width: 80, Height: 30})
	h := header()
	assert.Contains(t, h, "QUEUE", "QUEUE stays while REC says only ?")
	assert.Contains(t, h, "WAIT")
	assert.NotContains(t, h, "REC")
	b.send(tea.WindowSizeMsg{Width: 60, Height: 30})
	assert.Contains(t, header(), "WAIT", "never dropped")

	// Wide: the uii is shown whole, the caller column does not take it all.
	b.send(tea.WindowSizeMsg{Width: 200, Height: 30})
	uii := b.answered(1)[0]
	assert.Contains(t, b.rowOf(uii), uii)
	assert.LessOrEqual(t, b.m.layout().widths[colCaller], colSpecs[colCaller].max+40)
}

func TestUIISortShowsTheOrder(t *testing.T) {
	b := newBoard(t)
	b.send(tea.WindowSizeMsg{Width: 80, Height: 40})
	b.refresh()
	for b.m.sortBy != sortUII {
		b.press("s")
	}
	var heads []string
	for _, l := range strings.Split(b.screen(), "\n")[4:] {
		if f := strings.Fields(l); len(f) > 0 && strings.HasSuffix(f[len(f)-1], "…") {
			heads = append(heads, f[len(f)-1])
		}
	}
	require.Greater(t, len(heads), 10, "the uii's head is shown while sorted by it")
	assert.True(t, slices.IsSorted(heads), "and the order can be seen: %v", heads)
}

func TestFilterMatchesStateAndEscClearsIt(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	queued := b.m.tallies.queued
	require.Positive(t, queued)
	b.press("/")
	b.typeText("queued")
	b.press("enter")
	s := b.screen()
	assert.Contains(t, s, fmt.Sprintf("showing %d of %d calls", queued, b.m.tallies.calls))
	assert.Equal(t, 1, strings.Count(s, "showing"), "said once")
	for _, r := range b.m.rows {
		assert.Equal(t, "queued", r.state)
	}
	b.press("esc")
	assert.Equal(t, "", b.m.filter.Value(), "esc on the board clears an applied filter")
	assert.Contains(t, b.screen(), "filter cleared")
	assert.Len(t, b.m.rows, b.m.tallies.calls)
}

func TestHalfPagesAndKeysThatDoNothingSayWhy(t *testing.T) {
	b := newBoard(t)
	b.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	b.refresh()
	half := b.m.visibleRows() / 2
	b.press("g", "ctrl+d")
	assert.Equal(t, half, b.m.cursor)
	b.press("ctrl+u")
	assert.Equal(t, 0, b.m.cursor)

	b.press("z")
	assert.Contains(t, b.screen(), "z does nothing here — ? lists the keys")
	b.press("/")
	b.typeText("no such caller anywhere")
	b.press("enter", "w")
	assert.Contains(t, b.screen(), "no queued call matches the filter")
	b.press("y")
	assert.Contains(t, b.screen(), "nothing to copy: no call matches the filter")
}

func TestCopyPutsTheUIIOnTheClipboard(t *testing.T) {
	b, uii := boardOnACall(t)
	_, cmd := b.m.Update(keyMsg("y"))
	require.NotNil(t, cmd)
	assert.Contains(t, b.screen(), "copied uii "+uii+" to the clipboard")
	assert.Equal(t, fmt.Sprint(tea.SetClipboard(uii)()), fmt.Sprint(cmd()), "the OSC 52 clipboard message carries the uii")
	c, _ := b.sim.Call(uii)
	_, cmd = b.m.Update(keyMsg("Y"))
	require.NotNil(t, cmd)
	assert.Equal(t, fmt.Sprint(tea.SetClipboard(c.ANI)()), fmt.Sprint(cmd()))
	assert.Contains(t, b.screen(), "copied caller number "+c.ANI)
}

// A long error cut to fit the footer can be read whole in the messages
// pane.
func TestLongMessagesCanBeReadWhole(t *testing.T) {
	b, _ := boardOnACall(t)
	b.send(tea.WindowSizeMsg{Width: 70, Height: 30})
	long := "the reason RingCX gave is long enough that it cannot fit on one line of a seventy column terminal, and ends HERE"
	b.m.say(failure(long))
	s := b.screen()
	assert.Contains(t, s, "M: whole message")
	assert.NotContains(t, s, "ends HERE")
	b.press("M")
	s = b.screen()
	assert.Contains(t, s, "Messages")
	assert.Contains(t, strings.Join(strings.Fields(stripBox(s)), " "), "and ends HERE", "whole, wrapped")
}

// stripBox removes a dialog's borders, so wrapped text can be rejoined.
func stripBox(s string) string {
	return strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(s)
}

func TestPhonePromptNamesTheCallAndIsRemembered(t *testing.T) {
	var mu sync.Mutex
	var kept []string
	b := newBoard(t, withPhone(""), withConfig(func(c *Config) {
		c.RememberPhone = func(p string) error { mu.Lock(); defer mu.Unlock(); kept = append(kept, p); return nil }
	}))
	b.refresh()
	uii := b.selectAnswered()
	b.press("c")
	s := b.screen()
	assert.Contains(t, s, "Your phone — to coach "+b.m.callLabel(uii))
	assert.Contains(t, s, "enter save · esc cancel")
	assert.NotContains(t, s, "shift+tab", "one field: no tab to advertise")
	b.typeText("2125550199")
	b.press("enter")
	c, _ := b.sim.Call(uii)
	assert.Equal(t, "COACHING", c.Sessions["+12125550199"], "the action went on with the new phone, in E.164")
	have := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(kept) }
	require.Eventually(t, func() bool { return len(have()) == 1 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, []string{"+12125550199"}, have())

	// P changes it, prefilled with the current one.
	b.press("P")
	require.Contains(t, b.screen(), "+12125550199")
	for range len("+12125550199") {
		b.press("backspace")
	}
	b.typeText("+44 20 7946 0958")
	b.press("enter")
	assert.Equal(t, "+442079460958", b.m.phone)
	assert.Equal(t, []string{"+12125550199", "+442079460958"}, have())

	// A phone that cannot be kept is said, and still used for now.
	b.m.cfg.RememberPhone = func(string) error { return errors.New("read-only file system") }
	b.press("P", "enter")
	assert.Contains(t, b.m.messages[len(b.m.messages)-1].text, "could not be kept for next time: read-only file system")
}

// runAll runs a command tree (batches included) and returns its messages;
// commands that block (ticks, the snapshot bridge) must not be in it.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// A session whose start was never answered may or may not exist: it is
// shown as uncertain, not passed off as known.
func TestUncertainSessionsAreMarked(t *testing.T) {
	b := newBoard(t)
	uii := b.answered(1)[0]
	b.restart(Session{UII: uii, Type: api.SessionBargeIn, Phone: myPhone, Uncertain: true})
	b.refresh()
	assert.Contains(t, b.rowOf(uii), "BARGE?")
	b.selectUII(uii)
	b.press("enter")
	assert.Contains(t, b.screen(), "BARGE? may be open (answer lost) — check (212) 555-0123; x ends it")
}

func TestRefusalExplanations(t *testing.T) {
	assert.Contains(t, ExplainRefusal(Refusal{Action: ActionCoach, Existing: api.SessionMonitor}), "cannot change a session's mode")
	assert.Contains(t, ExplainRefusal(Refusal{Action: ActionMonitor, Existing: api.SessionMonitor}), "you already have a monitor session on this call")
	assert.NotContains(t, ExplainRefusal(Refusal{Action: ActionCoach, Existing: api.SessionMonitor, Switch: true}), "cannot change")
	assert.Contains(t, ExplainRefusal(Refusal{Action: ActionEndSession, Phone: "(212) 555-0123"}), "no session for (212) 555-0123 on this call")
}

// At 80×24 the header keeps the account id and the DEMO badge; the scope
// and the account's name give way first.
func TestHeaderKeepsTheAccountAndDemoWhenNarrow(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Demo = true }))
	b.refresh()
	b.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	first := strings.Split(b.screen(), "\n")[0]
	assert.Contains(t, first, "(12440011)")
	assert.Contains(t, first, "DEMO")
	assert.Contains(t, first, "LIVE")
	b.send(tea.WindowSizeMsg{Width: 120, Height: 24})
	assert.Contains(t, b.screen(), "Northwind Care (12440011) · ACCOUNT 12440011")
}

// Your own sessions stay visible on narrow terminals: ME outranks QUEUE,
// and where even ME cannot fit, the gutter carries the mode's letter.
func TestMySessionsStayVisibleWhenNarrow(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("m")
	b.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	b.selectUII(uii)
	assert.Contains(t, strings.Split(b.screen(), "\n")[3], "ME")
	assert.Contains(t, b.selectedLine(), "MON")
	b.send(tea.WindowSizeMsg{Width: 60, Height: 24})
	assert.NotContains(t, strings.Split(b.screen(), "\n")[3], " ME")
	assert.True(t, strings.HasPrefix(b.selectedLine(), "▌M "), "the gutter marks the session: %q", b.selectedLine())
}

// A board watching part of the account cannot tell that a call outside
// its scope has ended: sessions from earlier runs are kept, not declared
// over.
func TestScopedBoardKeepsSessionsItCannotSee(t *testing.T) {
	b := newBoard(t)
	b.restart(Session{UII: "202001010000000000000000000001", Type: api.SessionMonitor, Phone: myPhone})
	b.send(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.Scope{Product: api.ProductACD, ProductID: "10404"}, FetchedAt: b.clock.Now(),
		Status: poller.Status{State: poller.StateLive}}})
	assert.Contains(t, b.m.team.Sessions, "202001010000000000000000000001")
	assert.NotContains(t, b.screen(), "is over")
}

// A session that may not exist is no dead end: m asks RingCX again once
// the person confirms it, and a leave RingCX refuses (no such session)
// forgets it.
func TestUncertainAndVanishedSessionsCanBeResolved(t *testing.T) {
	b := newBoard(t)
	uii := b.answered(1)[0]
	b.restart(Session{UII: uii, Type: api.SessionMonitor, Phone: myPhone, Uncertain: true})
	b.refresh()
	b.selectUII(uii)
	b.press("m", "y")
	c, _ := b.sim.Call(uii)
	assert.Equal(t, "MONITOR", c.Sessions[myPhone], "m sent the add again")
	assert.Contains(t, b.rowOf(uii), "MON ")
	assert.NotContains(t, b.rowOf(uii), "MON?")

	// The supervisor hangs up their phone: RingCX forgets the session.
	require.NoError(t, b.client.HangupSession(context.Background(), uii, myPhone))
	b.press("x")
	assert.Contains(t, b.m.messages[len(b.m.messages)-1].text, "callboard no longer counts it as yours")
	assert.NotContains(t, b.rowOf(uii), "MON")
}

// A session that ends with its call leaves the shared state, said once in
// its Ended list — what the service records in the audit log.
func TestEndedSessionsLeaveTheSharedState(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	uii := b.selectAnswered()
	b.press("m")
	require.NoError(t, b.client.HangupCall(context.Background(), uii))
	b.refresh()
	st := b.m.cfg.Team.State()
	assert.NotContains(t, st.Sessions, uii)
	require.Len(t, st.Ended, 1)
	assert.Equal(t, uii, st.Ended[0].UII)
	assert.Equal(t, "you", st.Ended[0].Operator)
	b.refresh()
	assert.Len(t, b.m.cfg.Team.State().Ended, 1, "said once")
}

func TestNoListMeansNoClaimsFromKeys(t *testing.T) {
	b := newBoard(t)
	b.noList(errors.New("GET /x: connection refused"), 5*time.Second)
	b.press("w")
	assert.Contains(t, b.screen(), "no call list from RingCX yet")
	b.press("m")
	assert.Contains(t, b.screen(), "no call selected: no call list from RingCX yet")
}

// What to fix when refreshing has failed for good is kept whole.
func TestFailedHintIsKeptWhole(t *testing.T) {
	b := newBoard(t)
	b.send(tea.WindowSizeMsg{Width: 70, Height: 24})
	b.send(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.AccountScope(account), Status: poller.Status{
		State: poller.StateFailed, Err: &api.APIError{StatusCode: 401}, Reason: poller.ReasonCredentials}}})
	assert.Contains(t, b.screen(), "M: whole message")
	b.press("M")
	assert.Contains(t, strings.Join(strings.Fields(stripBox(b.screen())), " "), "(callboard config shows where each comes from) — then R tries again")
}

// Without somewhere to keep it, the phone prompt says the number counts
// for this run only.
func TestPhoneNotKeptSaysSo(t *testing.T) {
	b := newBoard(t, withPhone(""))
	b.refresh()
	b.selectAnswered()
	b.press("m")
	assert.Contains(t, strings.Join(strings.Fields(stripBox(b.screen())), " "), "It counts for this run only")
}

// The rule's position counts the rows it shows, and says how many of them
// are calls that just ended, so it agrees with the header's count.
func TestRuleAgreesWithTheHeader(t *testing.T) {
	b := newBoard(t)
	b.send(tea.WindowSizeMsg{Width: 120, Height: 24})
	b.refresh()
	uii := b.answered(1)[0]
	require.NoError(t, b.client.HangupCall(context.Background(), uii))
	b.refresh()
	s := b.screen()
	assert.Contains(t, s, fmt.Sprintf("%d calls", b.m.tallies.calls))
	assert.Contains(t, s, fmt.Sprintf("of %d (1 just ended)", b.m.tallies.calls+1))
}

// share makes the board one of a service's boards: it reads store and
// acts as operator, as internal/console wires it. With on, it watches that
// board's simulator (one account, as a service's boards do).
func (b *board) share(store *team.Store, operator string, on ...*board) {
	if len(on) > 0 {
		b.sim, b.client, b.clock = on[0].sim, on[0].client, on[0].clock
	}
	cfg := b.m.cfg
	cfg.Team, cfg.TeamSub, cfg.Operator, cfg.Client = store, nil, operator, team.Actions(b.client, store, operator)
	cfg.Phone = teamPhones[operator]
	b.m = New(cfg)
	b.send(tea.WindowSizeMsg{Width: 140, Height: 60})
	b.refresh()
}

// teamPhones are the supervisors' own phones: RingCX takes one session per
// phone on a call.
var teamPhones = map[string]string{"Ana": myPhone, "Raj": "+12125550188"}

// Team awareness: what Ana does shows on Raj's board as soon as the store
// changes, and Raj is told before joining a call Ana is on.
func TestBoardsOfOneServiceSeeEachOther(t *testing.T) {
	store := team.NewStore()
	ana, raj := newBoard(t), newBoard(t)
	ana.share(store, "Ana")
	raj.share(store, "Raj", ana)
	defer store.Join()()
	defer store.Join()()
	uii := ana.selectAnswered()
	ana.press("m")
	raj.send(TeamChangedMsg{store.State()}) // what the subscription delivers
	assert.Contains(t, raj.rowOf(uii), "MON Ana")
	assert.Contains(t, ana.rowOf(uii), "MON")
	assert.NotContains(t, ana.rowOf(uii), "Ana", "your own session is yours, not named")
	assert.Contains(t, raj.screen(), "2 watching")

	raj.selectUII(uii)
	raj.press("enter")
	assert.Contains(t, raj.screen(), "MON from (212) 555-0123", "the details pane lists who is on the call")
	raj.press("esc")

	n := len(raj.requests())
	raj.press("c")
	assert.Contains(t, raj.screen(), "Ana is monitoring this call — coach anyway?")
	raj.press("n")
	assert.Equal(t, n, len(raj.requests()), "n keeps out")
	raj.press("c", "y")
	c, _ := raj.sim.Call(uii)
	assert.Equal(t, "COACHING", c.Sessions[teamPhones["Raj"]], "y joins")
	assert.Equal(t, "MONITOR", c.Sessions[myPhone])
	ana.send(TeamChangedMsg{store.State()})
	assert.Contains(t, ana.rowOf(uii), "MON COACH Raj")
}

// Pausing is one screen's: another board of the service keeps moving.
func TestPauseIsPerScreen(t *testing.T) {
	store := team.NewStore()
	a, b := newBoard(t), newBoard(t)
	a.share(store, "Ana")
	b.share(store, "Raj", a)
	a.press("p")
	uii := a.answered(1)[0]
	require.NoError(t, a.client.HangupCall(context.Background(), uii))
	a.refresh()
	b.refresh()
	assert.NotContains(t, a.rowOf(uii), "ended", "the paused screen holds still")
	assert.Contains(t, b.rowOf(uii), "ended", "the other screen moves on")
	a.press("p")
	assert.Contains(t, a.rowOf(uii), "ended", "the newest list shows on resume")
}

// A viewer of a shared service is told why the board will not act — not
// that someone started it with --read-only.
func TestViewersAreToldWhyTheyCannotAct(t *testing.T) {
	b := newBoard(t, readOnly(), withConfig(func(c *Config) { c.ReadOnlyReason = api.NotAllowedViewer }))
	b.refresh()
	b.selectAnswered()
	b.press("m")
	assert.Contains(t, b.screen(), "read-only: you are connected as a viewer")
	assert.NotContains(t, b.screen(), "--read-only")
	msg := b.m.describeError(actionRequest{kind: actHangup}, &api.NotAllowedError{Reason: api.NotAllowedViewer})
	assert.Equal(t, "hang up: not sent — you are connected as a viewer, who may watch the calls but not act on them", msg)
}

// Keys typed right after tab land in the next field even before huh's own
// move message arrives (over SSH, keys come together).
func TestFormKeysAfterTabLandInTheNextField(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.press("n")
	var queued []tea.Cmd
	typeRaw := func(keys ...tea.KeyPressMsg) {
		for _, k := range keys {
			_, cmd := b.m.Update(k) // no command runs yet: the keys are all in
			queued = append(queued, cmd)
		}
	}
	typeRaw(keyMsg("a"), keyMsg("b"), keyMsg("tab"), keyMsg("2"), keyMsg("1"), keyMsg("2"))
	for _, cmd := range queued { // huh's queued moves arrive late, and are dropped
		for _, msg := range cmdtest.Prompt(cmd) {
			b.send(msg)
		}
	}
	s := b.screen()
	assert.Contains(t, s, "agent  ab ")
	assert.Contains(t, s, "to  212")
	b.press("shift+tab")
	b.typeText("c")
	assert.Contains(t, b.screen(), "agent  abc")
}

// Under NO_COLOR or TERM=dumb the callback switch is a select whose
// choice is marked in text, not by a highlight the terminal may not show.
func TestAccessibleFormsMarkTheChoiceInText(t *testing.T) {
	b, uii := boardOnACall(t, withConfig(func(c *Config) { c.Accessible = true }))
	b.press("d")
	b.typeText("Resolved")
	b.press("tab")
	s := b.screen()
	assert.Contains(t, s, "› no")
	b.press("down")
	assert.Contains(t, b.screen(), "› yes")
	b.press("tab", "tab", "enter")
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Disposition)
	assert.True(t, c.Disposition.Callback)
}

// A text field becomes a select of the valid values by changing its one
// line: the form keeps every other field in view and filters as typed.
func TestChoiceFieldSwapsForATextField(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	var name, notes string
	var got []string
	b.m.openForm("Disposition", nil, func() (tea.Cmd, error) { got = append(got, name, notes); return nil, nil },
		choiceField("disposition", []string{"Resolved", "Callback Requested", "Escalated"}, &name),
		textField("notes", "optional", &notes, 500, nil),
	)
	s := b.screen()
	for _, want := range []string{"disposition", "Resolved", "Escalated", "notes"} {
		assert.Contains(t, s, want)
	}
	b.typeText("/esc")
	assert.NotContains(t, strings.Split(b.screen(), "notes")[0], "Resolved", "filtered as typed")
	b.press("enter", "enter", "enter", "enter")
	assert.Equal(t, []string{"Escalated", ""}, got)
}

// A number typed the way the board shows it finds its call, whatever
// spelling RingCX stored.
func TestFilterFindsNumbersAsShown(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Region = "GB" }))
	uk := b.sim.AddCall(account, sim.CallSpec{ANI: "+447700900148"})
	us := b.sim.AddCall(account, sim.CallSpec{ANI: "4155550141"})
	b.refresh()
	for typed, want := range map[string]string{
		"07700 900148": uk, "+44 7700 900148": uk, "900148": uk,
		"+1 415-555-0141": us, "415 555 0141": us,
	} {
		b.press("/")
		b.typeText(typed)
		require.Len(t, b.m.rows, 1, typed)
		assert.Equal(t, want, b.m.rows[0].call.UII, typed)
		b.press("esc")
	}
}

// A queued call is said to be queued before the phone is asked for:
// nobody types a number only to hear there is nothing to monitor.
func TestQueuedCallIsRefusedBeforeThePhoneIsAsked(t *testing.T) {
	b := newBoard(t, withPhone(""))
	b.refresh()
	b.press("g") // the board opens sorted by state: queued calls first
	require.Equal(t, "queued", b.m.rows[0].state)
	b.press("m")
	assert.Nil(t, b.m.overlay, "no phone prompt")
	assert.Contains(t, b.screen(), "still in queue")
}

// The end of the uii the board shows finds its call.
func TestFilterFindsTheUIITail(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	uii := b.answered(1)[0]
	b.press("/")
	b.typeText(uii[len(uii)-5:])
	require.Len(t, b.m.rows, 1)
	assert.Equal(t, uii, b.m.rows[0].call.UII)
}
