package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

func TestBoardShowsCallsCountsAndFreshness(t *testing.T) {
	b := newBoard(t)
	assert.Contains(t, b.screen(), "nothing is known about the calls")
	assert.Contains(t, b.screen(), "connecting")
	b.refresh()
	s := b.screen()
	calls := b.sim.Calls(account)
	queued := 0
	for _, c := range calls {
		if c.DequeueTime == nil {
			queued++
		}
		assert.NotEmpty(t, b.rowOf(c.UII), "row for %s", c.UII)
	}
	assert.Contains(t, s, "Northwind Care (12440011)")
	assert.Contains(t, s, "ACCOUNT 12440011")
	assert.Contains(t, s, "● LIVE · updated just now")
	assert.Contains(t, s, strconv.Itoa(len(calls))+" calls")
	assert.Contains(t, s, strconv.Itoa(queued)+" queued")
	assert.Contains(t, s, strconv.Itoa(len(calls)-queued)+" talking")
	assert.Contains(t, s, "you: (212) 555-0123")
	assert.NotContains(t, s, "DEMO")
	for _, l := range strings.Split(s, "\n") {
		assert.LessOrEqual(t, ansi.StringWidth(l), 120, "no line wider than the terminal: %q", l)
	}

	b.clock.Advance(3 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.screen(), "updated 3s ago", "the freshness line ticks between refreshes")
}

func TestTalkAndWaitTickEverySecond(t *testing.T) {
	b := newBoard(t)
	uii := b.sim.AddCall(account, sim.CallSpec{Age: 90 * time.Second})
	b.refresh()
	before := b.rowOf(uii)
	b.clock.Advance(2 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	after := b.rowOf(uii)
	assert.NotEqual(t, before, after)
	c, _ := b.sim.Call(uii)
	talk := b.clock.Now().Sub(*c.DequeueTime)
	assert.Contains(t, after, clock(talk), "talk time computed from dequeueTime, ticking")
}

func TestSelectionIsAnchoredToTheCall(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.press("j", "j", "j")
	uii := b.m.selected
	require.NotEmpty(t, uii)
	require.Contains(t, b.selectedLine(), shortUII(uii))

	// New calls arrive that sort above it (queued calls sort first).
	for range 3 {
		b.sim.AddCall(account, sim.CallSpec{Queued: true, Age: time.Hour})
	}
	b.refresh()
	assert.Contains(t, b.selectedLine(), shortUII(uii), "refresh kept the cursor on the call, not the row index")

	b.press("s", "s", "S") // another sort column, reversed
	assert.Contains(t, b.selectedLine(), shortUII(uii), "sorting kept the cursor on the call")

	agent := b.m.row(uii).agent
	b.press("/")
	b.typeText(strings.Fields(agent)[0])
	b.press("enter")
	assert.Contains(t, b.selectedLine(), shortUII(uii), "filtering kept the cursor on the call")
	b.press("/", "esc")

	// The selected call ends: the row says so, stays selected, refuses actions.
	require.True(t, b.sim.EndCall(uii))
	b.refresh()
	line := b.selectedLine()
	assert.Contains(t, line, shortUII(uii))
	assert.Contains(t, line, "ended")
	assert.Contains(t, line, "×")
	n := len(b.requests())
	b.press("m")
	assert.Contains(t, b.screen(), "call has ended")
	b.press("H")
	assert.Nil(t, b.m.overlay, "no hang-up dialog for an ended call")
	assert.Equal(t, n, len(b.requests()), "nothing was sent")

	// The selected ghost stays past its time — the cursor must not land on
	// a call nobody chose — until the person moves; then it goes.
	b.clock.Advance(endedLinger + time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.selectedLine(), shortUII(uii), "still there, still selected")
	b.press("k")
	other := b.m.selected
	assert.NotEqual(t, uii, other)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Empty(t, b.rowOf(uii), "gone once not selected")
	assert.Equal(t, other, b.m.selected, "and the cursor stayed where the person put it")
}

func TestFilteringNeverMovesTheSelection(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.press("j", "j")
	uii := b.m.selected
	b.press("/")
	b.typeText("zzzz-no-match")
	assert.Empty(t, b.m.rows)
	for range len("zzzz-no-match") {
		b.press("backspace")
	}
	b.press("esc")
	assert.Equal(t, uii, b.m.selected)
	assert.Contains(t, b.selectedLine(), shortUII(uii))
}

func TestTooSmallAcceptsOnlyQuit(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("H")
	require.NotNil(t, b.m.overlay)
	b.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	b.press("y")
	c, _ := b.sim.Call(uii)
	assert.False(t, c.Ended, "a confirmation answered while it could not be seen does nothing")
	assert.Nil(t, b.m.overlay)
	b.press("H", "y", "m")
	c, _ = b.sim.Call(uii)
	assert.False(t, c.Ended)
	assert.Empty(t, c.Sessions)
	_, cmd := b.m.Update(keyMsg("q"))
	require.NotNil(t, cmd)
	assert.IsType(t, tea.QuitMsg{}, cmd(), "quitting still works")
}

func TestConfirmRechecksTheCallOnYes(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("H")
	require.NotNil(t, b.m.overlay)
	b.sim.EndCall(uii)
	b.refresh() // the call ends while the question is on screen
	n := len(b.requests())
	b.press("y")
	assert.Equal(t, n, len(b.requests()), "no hang-up sent for a call that has ended")
	assert.Contains(t, b.screen(), "call has ended")
}

func TestSkippedSnapshotsDoNotLoseDepartures(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("m")
	require.Contains(t, b.rowOf(uii), "MON")
	// The call ends, but the snapshot saying so is never read: the next one
	// carries no diff for it.
	b.sim.EndCall(uii)
	calls, _, err := b.client.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: account})
	require.NoError(t, err)
	b.send(SnapshotMsg{poller.Snapshot{Seq: 50, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: b.clock.Now(), Status: poller.Status{State: poller.StateLive}}})
	assert.Contains(t, b.rowOf(uii), "ended", "worked out from the calls, not the diff")
	_, mine := b.m.mine(uii)
	assert.False(t, mine, "my session ended with the call")
}

func TestQuitAsksWhileASessionIsStarting(t *testing.T) {
	b, uii := boardOnACall(t)
	_, _ = b.m.Update(keyMsg("m")) // started, not yet answered
	_, cmd := b.m.Update(keyMsg("q"))
	assert.Nil(t, cmd)
	assert.Contains(t, b.screen(), "MON (starting)")
	assert.Contains(t, b.screen(), uii)
}

func TestNewCallsAreMarkedForAMoment(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	uii := b.sim.AddCall(account, sim.CallSpec{CNAM: "FRESH ARRIVAL"})
	b.refresh()
	row := b.rowOf(uii)
	assert.True(t, strings.HasPrefix(row, " +") || strings.HasPrefix(row, "▌+"), "marked new: %q", row)
	b.clock.Advance(newLinger + time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	row = b.rowOf(uii)
	assert.False(t, strings.Contains(row[:4], "+"), "mark gone: %q", row)
}

func TestNavigationKeys(t *testing.T) {
	b := newBoard(t, simCfg(func(c *sim.Config) {
		c.Accounts = []sim.AccountSpec{{ID: account, Name: "Big", Calls: 120, Agents: 130}}
	}))
	b.send(tea.WindowSizeMsg{Width: 120, Height: 20})
	b.refresh()
	rows := b.m.rows
	require.Len(t, rows, 120)
	b.press("j", "j")
	assert.Equal(t, rows[2].call.UII, b.m.selected)
	b.press("k")
	assert.Equal(t, rows[1].call.UII, b.m.selected)
	b.press("pgdown")
	assert.Equal(t, rows[1+b.m.visibleRows()].call.UII, b.m.selected)
	b.press("G")
	assert.Equal(t, rows[119].call.UII, b.m.selected)
	assert.Contains(t, b.selectedLine(), rows[119].uii[len(rows[119].uii)-5:], "scrolled to the bottom")
	b.press("pgup", "g")
	assert.Equal(t, rows[0].call.UII, b.m.selected)
	b.press("k")
	assert.Equal(t, rows[0].call.UII, b.m.selected, "the top is the top")
	visible := strings.Count(b.screen(), "\n") + 1
	assert.Equal(t, 20, visible, "the screen is exactly the terminal's height")
}

func TestMonitorCoachAndBargeReachTheSimulator(t *testing.T) {
	b, uii := boardOnACall(t)

	b.press("m")
	c, _ := b.sim.Call(uii)
	assert.Equal(t, "MONITOR", c.Sessions[myPhone])
	last := b.requests()[len(b.requests())-1]
	assert.Equal(t, "/voice/api/v1/admin/accounts/"+account+"/activeCalls/"+uii+"/addSessionToCall", last.Path)
	assert.Equal(t, "MONITOR", last.Query.Get("sessionType"))
	assert.Equal(t, myPhone, last.Query.Get("destination"))
	assert.Contains(t, b.rowOf(uii), "MON")
	assert.Contains(t, b.screen(), "✓ Monitoring")
	assert.Contains(t, b.screen(), "your phone is ringing")
	assert.GreaterOrEqual(t, b.poll.refreshes, 1, "an action asks the poller for an immediate refresh")

	// Changing mode explains the phone will ring again, and asks.
	n := len(b.requests())
	b.press("c")
	require.NotNil(t, b.m.overlay)
	s := b.screen()
	assert.Contains(t, s, "Switch from monitor to coaching?")
	assert.Contains(t, s, "your phone will ring again")
	b.press("y")
	reqs := b.requests()[n:]
	require.Len(t, reqs, 2, "hang up the old session, then add the new one")
	assert.True(t, strings.HasSuffix(reqs[0].Path, "/hangupSession"))
	assert.Equal(t, myPhone, reqs[0].Query.Get("phone"))
	assert.True(t, strings.HasSuffix(reqs[1].Path, "/addSessionToCall"))
	assert.Equal(t, "COACHING", reqs[1].Query.Get("sessionType"))
	c, _ = b.sim.Call(uii)
	assert.Equal(t, map[string]string{myPhone: "COACHING"}, c.Sessions)
	assert.Contains(t, b.rowOf(uii), "COACH")

	// Barge needs a y; anything else cancels.
	for _, k := range []string{"n", "esc", "enter", "q", "Y", "space"} {
		n = len(b.requests())
		b.press("b")
		require.NotNil(t, b.m.overlay, "barge asks first")
		b.press(k)
		assert.Nil(t, b.m.overlay, "%q closes the dialog", k)
		assert.Equal(t, n, len(b.requests()), "%q did not barge in", k)
	}
	b.press("b", "y")
	c, _ = b.sim.Call(uii)
	assert.Equal(t, map[string]string{myPhone: "BARGEIN"}, c.Sessions)

	// Same mode again does nothing.
	n = len(b.requests())
	b.press("b")
	b.press("y")
	assert.Equal(t, n, len(b.requests()))
}

func TestLeaveEndsMySession(t *testing.T) {
	b, uii := boardOnACall(t)
	n := len(b.requests())
	b.press("x")
	assert.Contains(t, b.screen(), "you have no session on this call")
	assert.Equal(t, n, len(b.requests()))
	b.press("m", "x")
	c, _ := b.sim.Call(uii)
	assert.Empty(t, c.Sessions)
	last := b.requests()[len(b.requests())-1]
	assert.True(t, strings.HasSuffix(last.Path, "/hangupSession"))
	assert.Equal(t, myPhone, last.Query.Get("phone"))
	assert.NotContains(t, b.rowOf(uii), "MON")
}

func TestHangupConfirmationNamesTheCallAndDefaultsToNo(t *testing.T) {
	b, uii := boardOnACall(t)
	r := b.m.row(uii)
	for _, k := range []string{"n", "N", "esc", "enter", "H", "x", "ctrl+c"} {
		n := len(b.requests())
		b.press("H")
		s := b.screen()
		require.Contains(t, s, "Hang up this call?")
		assert.Contains(t, s, r.agent)
		assert.Contains(t, s, r.cnam)
		assert.Contains(t, s, uii, "the full uii is named")
		assert.Contains(t, s, "[y] hang up")
		assert.Contains(t, s, "[N] keep")
		b.press(k)
		assert.Nil(t, b.m.overlay)
		assert.Equal(t, n, len(b.requests()), "%q must not hang up", k)
		c, _ := b.sim.Call(uii)
		assert.False(t, c.Ended)
	}
	b.press("H", "y")
	c, _ := b.sim.Call(uii)
	assert.True(t, c.Ended)
	assert.Contains(t, b.screen(), "✓ Hung up")
}

func TestRecordingToggle(t *testing.T) {
	b, uii := boardOnACall(t)
	assert.Contains(t, b.rowOf(uii), " ? ", "unknown until this console sets it")
	b.press("r")
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Recording)
	assert.True(t, *c.Recording)
	assert.Contains(t, b.rowOf(uii), "●")
	b.press("r")
	c, _ = b.sim.Call(uii)
	assert.False(t, *c.Recording)
	assert.Contains(t, b.rowOf(uii), "○")
	last := b.requests()[len(b.requests())-1]
	assert.Equal(t, "false", last.Query.Get("record"))
}

func TestDispositionForm(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("d")
	require.Contains(t, b.screen(), "Disposition")
	n := len(b.requests())
	b.press("enter")
	assert.Contains(t, b.screen(), "disposition: required")
	b.typeText("Callback Requested")
	b.press("tab")
	// The callback field is a yes/no switch: n sets no (and moves on); a
	// letter cannot be typed into it.
	b.typeText("n")
	b.typeText("tomorrow")
	b.press("enter")
	assert.Contains(t, b.screen(), "callback time is not a date and time; write it like ")
	assert.Equal(t, n, len(b.requests()), "invalid input is not sent")
	for range len("tomorrow") {
		b.press("backspace")
	}
	// A time in the past is refused, in the person's words.
	b.typeText("2020-01-02 10:00")
	b.press("enter")
	assert.Contains(t, b.screen(), "callback time is in the past")
	assert.NotContains(t, b.screen(), "callBackDTS")
	assert.Equal(t, n, len(b.requests()))
	for range len("2020-01-02 10:00") {
		b.press("backspace")
	}
	b.typeText("2026-11-26T14:30")
	b.press("enter")
	assert.Contains(t, b.screen(), "a callback time needs callback set to yes")
	b.press("shift+tab")
	b.typeText("y") // yes, and on to the time, which now passes
	b.press("enter")
	b.typeText("wants a call back after lunch")
	b.press("enter")
	assert.Nil(t, b.m.overlay)
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Disposition)
	want, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-26 14:30", time.Local)
	assert.Equal(t, sim.DispositionView{Disposition: "Callback Requested", Callback: true, CallbackDTS: want.Format("20060102150405"), Notes: "wants a call back after lunch"}, *c.Disposition)
	assert.Contains(t, b.screen(), `Disposition "Callback Requested" set`)
}

func TestManualCallForm(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	var agent string
	for _, a := range b.sim.Agents(account) {
		if a.LoggedIn && a.OnCall == "" {
			agent = a.Username
			break
		}
	}
	require.NotEmpty(t, agent)
	b.press("n")
	require.Contains(t, b.screen(), "New manual agent call")
	b.typeText(agent)
	b.press("tab")
	b.typeText("(650) 555-0123")
	b.press("tab")
	b.typeText("866 CALL NOW")
	b.press("enter")
	assert.Contains(t, b.screen(), "caller id: letters are not allowed in a phone number")
	for range len("866 CALL NOW") {
		b.press("backspace")
	}
	b.typeText("+1 866 555 0199")
	b.press("enter", "enter") // past ring seconds (30), and submit
	assert.Nil(t, b.m.overlay)
	last := b.requests()[len(b.requests())-1]
	assert.True(t, strings.HasSuffix(last.Path, "/createManualAgentCall"))
	assert.Equal(t, agent, last.Query.Get("username"))
	assert.Equal(t, "+16505550123", last.Query.Get("destination"), "sent as E.164")
	assert.Equal(t, "+18665550199", last.Query.Get("callerId"))
	assert.Equal(t, "30", last.Query.Get("ringDuration"))
	assert.Contains(t, b.screen(), "✓ Calling (650) 555-0123")
}

func TestPhoneIsAskedForOnceAndValidated(t *testing.T) {
	b := newBoard(t, withPhone(""))
	b.refresh()
	uii := b.selectAnswered()
	assert.Contains(t, b.screen(), "you: phone not set")
	n := len(b.requests())
	b.press("m")
	require.Contains(t, b.screen(), "Your phone")
	b.typeText("555-CALL-ME")
	b.press("enter")
	assert.Contains(t, b.screen(), "phone: letters are not allowed")
	assert.Equal(t, n, len(b.requests()))
	for range len("555-CALL-ME") {
		b.press("backspace")
	}
	b.typeText("(212) 555-0199")
	b.press("enter")
	c, _ := b.sim.Call(uii)
	assert.Equal(t, "MONITOR", c.Sessions["+12125550199"], "the action continued with the normalised number")
	assert.Contains(t, b.screen(), "you: (212) 555-0199")
	b.press("x", "m")
	assert.NotContains(t, b.screen(), "Your phone", "asked once")
}

func TestReadOnlyHidesAndRefusesActions(t *testing.T) {
	b := newBoard(t, readOnly())
	b.refresh()
	b.selectUII(b.answered(1)[0])
	s := b.screen()
	assert.Contains(t, s, "read-only")
	helpLine := s[strings.LastIndex(s, "\n")+1:]
	assert.NotContains(t, helpLine, "monitor")
	assert.NotContains(t, helpLine, "hang up")
	assert.Contains(t, helpLine, "filter")
	n := len(b.requests())
	for _, k := range []string{"m", "c", "b", "x", "H", "r", "d", "n"} {
		b.press(k)
		assert.Nil(t, b.m.overlay, "%s opens nothing", k)
		assert.Contains(t, b.screen(), "read-only: actions are turned off", k)
	}
	assert.Equal(t, n, len(b.requests()))
	b.press("?")
	assert.NotContains(t, b.screen(), "hang up")
}

func TestFilter(t *testing.T) {
	b := newBoard(t)
	uii := b.sim.AddCall(account, sim.CallSpec{CNAM: "ZEBRA IMPORTS", ANI: "4155550199"})
	b.refresh()
	total := len(b.m.rows)
	b.press("/")
	b.typeText("zebra")
	assert.Len(t, b.m.rows, 1, "narrows as it is typed")
	assert.NotEmpty(t, b.rowOf(uii))
	assert.Contains(t, b.screen(), "showing 1 of")
	b.press("enter")
	assert.False(t, b.m.filtering)
	assert.Len(t, b.m.rows, 1, "enter keeps the filter")
	b.press("/")
	for range 5 {
		b.press("backspace")
	}
	b.typeText("415-555-0199")
	assert.Len(t, b.m.rows, 1, "numbers match however they are written")
	b.press("esc")
	assert.Len(t, b.m.rows, total, "esc clears")
	b.press("/")
	b.typeText("no such caller")
	assert.Contains(t, b.screen(), `No calls match "no such caller"`)
}

func TestSortCyclesAndReverses(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	assert.Contains(t, b.screen(), "STATE▲")
	b.press("s")
	assert.Contains(t, b.screen(), "TALK▼", "durations sort longest first")
	talks := []time.Duration{}
	for _, r := range b.m.rows {
		talks = append(talks, r.talk(b.m.now))
	}
	for i := 1; i < len(talks); i++ {
		assert.GreaterOrEqual(t, talks[i-1], talks[i])
	}
	b.press("S")
	assert.Contains(t, b.screen(), "TALK▲")
	b.press("s", "s")
	assert.Contains(t, b.screen(), "AGENT▲")
	for i := 1; i < len(b.m.rows); i++ {
		assert.LessOrEqual(t, strings.ToLower(b.m.rows[i-1].agent), strings.ToLower(b.m.rows[i].agent))
	}
	for range int(sortColumns) - 3 {
		b.press("s")
	}
	assert.Contains(t, b.screen(), "STATE▲", "the cycle wraps")
	// State order: queued first, then talking.
	seenTalking := false
	for _, r := range b.m.rows {
		if r.state == "talking" {
			seenTalking = true
		}
		assert.False(t, seenTalking && r.state == "queued", "queued calls come first")
	}
}

func TestThresholdsHighlightTheNumbersAndCount(t *testing.T) {
	b := newBoard(t, simCfg(func(c *sim.Config) { c.Accounts = []sim.AccountSpec{{ID: account, Name: "Small", Calls: 0, Agents: 5}} }))
	long := b.sim.AddCall(account, sim.CallSpec{Age: 15 * time.Minute})
	waiting := b.sim.AddCall(account, sim.CallSpec{Queued: true, Age: 2 * time.Minute})
	short := b.sim.AddCall(account, sim.CallSpec{Age: time.Minute})
	other := b.sim.AddCall(account, sim.CallSpec{Age: 30 * time.Second})
	b.refresh()
	b.selectUII(other) // the selected row is drawn plain, in reverse video
	raw := b.m.View().Content
	lineOf := func(uii string) string {
		for _, l := range strings.Split(raw, "\n") {
			if strings.Contains(ansi.Strip(l), shortUII(uii)) {
				return l
			}
		}
		return ""
	}
	assert.Regexp(t, `\x1b\[([0-9]+;)*4[;m]`, lineOf(long), "talk over 10:00 is highlighted (alert: underline without colour)")
	assert.Contains(t, lineOf(waiting), "\x1b[1m", "wait over 1:00 is highlighted (warn)")
	assert.NotRegexp(t, `\x1b\[([0-9]+;)*4[;m]`, lineOf(short))
	assert.NotContains(t, lineOf(short), "\x1b[1m")
	assert.Contains(t, lineOf(other), "\x1b[7m")
	s := b.screen()
	assert.Contains(t, s, "1 over 10:00")
	assert.Contains(t, s, "longest wait 2:00")

	// Configurable.
	b2 := newBoard(t, func(c *Config, s *sim.Config) {
		c.TalkThreshold = 30 * time.Second
		s.Accounts = []sim.AccountSpec{{ID: account, Name: "Small", Calls: 0, Agents: 5}}
	})
	b2.sim.AddCall(account, sim.CallSpec{Age: time.Minute})
	b2.sim.AddCall(account, sim.CallSpec{Age: 2 * time.Minute})
	b2.refresh()
	assert.Contains(t, b2.screen(), "2 over 0:30")
}

func TestHostileTextIsNeutralised(t *testing.T) {
	b := newBoard(t)
	b.sim.SetHostile(true)
	evil := b.sim.AddCall(account, sim.CallSpec{CNAM: "\x1b]0;pwned\x07\x1b[2J\x1b[31mRED\u202eEVIL\u0000 \u200f"})
	b.refresh()
	raw := b.m.View().Content
	assert.NotContains(t, raw, "\x1b]", "no OSC (window title, hyperlinks, clipboard)")
	assert.NotContains(t, raw, "\x07")
	assert.NotContains(t, raw, "\x1b[2J")
	assert.NotContains(t, raw, "\u202e")
	assert.NotContains(t, raw, "\x00")
	assert.NotContains(t, raw, "pwned")
	row := b.rowOf(evil)
	assert.Contains(t, row, "REDEVIL")
	for _, l := range strings.Split(b.screen(), "\n") {
		assert.LessOrEqual(t, ansi.StringWidth(l), 120, "wide, RTL and huge names keep columns aligned: %q", l)
	}
	// The columns line up: every row's UII column starts at the same cell.
	col := -1
	for _, r := range b.m.rows[:min(len(b.m.rows), b.m.visibleRows())] {
		l := b.rowOf(r.call.UII)
		i := ansi.StringWidth(l[:strings.Index(l, r.uii[len(r.uii)-5:])])
		if col == -1 {
			col = i
		}
		assert.Equal(t, col, i, "misaligned row %q", l)
	}
}

func TestResizeAndTooSmall(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	assert.Contains(t, b.screen(), "callboard needs at least 60×15; this terminal is")
	assert.Contains(t, b.screen(), "50×12")
	b.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	s := b.screen()
	assert.Contains(t, s, "STATE")
	assert.Contains(t, s, "TALK")
	assert.Contains(t, s, "AGENT")
	assert.Contains(t, s, "CALLER")
	assert.NotContains(t, s, "UII", "narrow terminals drop columns by priority")
	assert.NotContains(t, s, "DIALLED")
	lines := strings.Split(s, "\n")
	assert.Len(t, lines, 15)
	for _, l := range lines {
		assert.LessOrEqual(t, ansi.StringWidth(l), 60, "%q", l)
	}
	b.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	s = b.screen()
	assert.Contains(t, s, "UII")
	assert.Contains(t, s, "DIALLED")
	assert.Len(t, strings.Split(s, "\n"), 50)
}

func TestStalePausedAndFailedAreSaid(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	calls := b.last
	b.clock.Advance(45 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	fetched := b.clock.Now().Add(-45 * time.Second)
	b.send(SnapshotMsg{poller.Snapshot{Seq: 9, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: fetched, Status: poller.Status{
		State: poller.StateStale, Attempt: 3, NextTry: b.clock.Now().Add(8 * time.Second),
		Err: &api.APIError{StatusCode: 503, Method: "GET", Path: "/x"},
	}}})
	s := b.screen()
	assert.Contains(t, s, "● STALE 0:45 · retrying in 0:08 · 503 Service Unavailable")
	assert.NotEmpty(t, b.rowOf(calls[0].UII), "the last good calls stay visible")
	assert.Contains(t, b.m.View().Content, "\x1b[2m", "a stale board is dimmed")

	b.send(SnapshotMsg{poller.Snapshot{Seq: 10, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: fetched, Status: poller.Status{State: poller.StatePaused}}})
	assert.Contains(t, b.screen(), "○ PAUSED")

	b.send(SnapshotMsg{poller.Snapshot{Seq: 11, Scope: poller.AccountScope(account), Calls: calls, FetchedAt: fetched, Status: poller.Status{
		State: poller.StateFailed, Err: &api.APIError{StatusCode: 403, Message: "Access is denied"}, Reason: poller.ReasonPermission,
	}}})
	s = b.screen()
	assert.Contains(t, s, "✕ 403 Forbidden: Access is denied")
	assert.Contains(t, s, "permission denied: this user may not read", "what to fix is on screen")

	// p holds this screen still; the service's poller is not paused, and
	// the newest list shows on resume.
	b.press("p")
	assert.Contains(t, b.screen(), "○ PAUSED (this screen)")
	b.refresh()
	assert.Contains(t, b.screen(), "○ PAUSED (this screen)", "a list that arrives waits")
	b.press("p")
	assert.Contains(t, b.screen(), "● LIVE")
	n := b.poll.refreshes
	b.press("R")
	assert.Equal(t, n+1, b.poll.refreshes)
}

func TestQuitAsksWhileMySessionsAreLive(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	_, cmd := b.m.Update(keyMsg("q"))
	require.NotNil(t, cmd)
	assert.IsType(t, tea.QuitMsg{}, cmd(), "no sessions: q quits at once")

	uii := b.selectAnswered()
	b.press("m")
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd = b.m.Update(keyMsg(k))
		assert.Nil(t, cmd)
		s := b.screen()
		require.Contains(t, s, "Quit with a live supervisor session?")
		assert.Contains(t, s, "MON")
		assert.Contains(t, s, uii)
		b.press("n")
		assert.Nil(t, b.m.overlay)
	}
	b.press("q")
	_, cmd = b.m.Update(keyMsg("y"))
	require.NotNil(t, cmd)
	assert.IsType(t, tea.QuitMsg{}, cmd())
}

func TestActionFailuresUseTheAPIsWords(t *testing.T) {
	b := newBoard(t, simCfg(func(c *sim.Config) { c.DeniedSessionTypes = []string{"BARGEIN"} }))
	b.refresh()
	uiis := b.answered(2)
	b.selectUII(uiis[0])
	b.press("b", "y")
	s := b.screen()
	assert.Contains(t, s, "✗ barge-in: permission denied")
	assert.Contains(t, s, "ask an admin to enable Barge-in")

	// The call ends between refreshes: the action's 404 says so.
	b.sim.EndCall(uiis[1])
	b.selectUII(uiis[1])
	b.press("r")
	assert.Contains(t, b.screen(), "recording on: call has ended")

	b.press("enter")
	s = b.screen()
	assert.Contains(t, s, "Call details")
	assert.Contains(t, s, "✗")
	assert.Contains(t, s, "recording on — recording on: call has ended", "the details pane keeps this console's history")
}

func TestDetailsPaneShowsEveryField(t *testing.T) {
	b := newBoard(t)
	uii := b.sim.AddCall(account, sim.CallSpec{CNAM: "ACME WIRE", ANI: "4155550141", ExternalID: "crm-7731"})
	b.refresh()
	b.selectUII(uii)
	b.press("m", "r", "enter")
	s := b.screen()
	c, _ := b.sim.Call(uii)
	for _, want := range []string{uii, "ACME WIRE", "(415) 555-0141", c.AgentFirstName, c.DestinationName, "crm-7731", "ACTIVE",
		"MON from (212) 555-0123", "on (set through callboard)", "monitor — ok", "recording on — ok", "entered queue", "answered"} {
		assert.Contains(t, s, want)
	}
	b.press("esc")
	assert.Nil(t, b.m.overlay)
}

func TestHelpIsGeneratedFromTheKeyMap(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.press("?")
	s := b.screen()
	km := DefaultKeyMap()
	for _, group := range km.FullHelp() {
		for _, k := range group {
			assert.Contains(t, s, k.Help().Desc)
		}
	}
	b.press("x")
	assert.Nil(t, b.m.overlay, "any key closes help")
}

func TestKeyMapValidate(t *testing.T) {
	km := DefaultKeyMap()
	require.NoError(t, km.Validate())
	km.Hangup.SetKeys("m")
	err := km.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"m" is bound to both hangup and monitor`)
}

// A row drawn under one style (selected, new, ended) carries no styled
// cell inside it: the cell's reset would end the row's style midway.
func TestRowStylesAreNotCutShort(t *testing.T) {
	b, uii := boardOnACall(t)
	_, _ = b.m.Update(keyMsg("r")) // pending: a spinner on the selected row
	for _, l := range strings.Split(b.m.View().Content, "\n") {
		if strings.Contains(ansi.Strip(l), shortUII(uii)) {
			assert.True(t, strings.HasPrefix(l, "\x1b[7m"), "%q", l)
			assert.Equal(t, 1, strings.Count(l, "\x1b[m"), "one reset, at the end: %q", l)
		}
	}
}
