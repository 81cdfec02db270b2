package ui

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

// feedControl records what the board tells the service about its views.
type feedControl struct {
	mu        sync.Mutex
	showing   []ViewID
	refreshes []ViewID
}

func (f *feedControl) Showing(v ViewID) { f.mu.Lock(); f.showing = append(f.showing, v); f.mu.Unlock() }
func (f *feedControl) RefreshNow(v ViewID) {
	f.mu.Lock()
	f.refreshes = append(f.refreshes, v)
	f.mu.Unlock()
}

// liveStatus is a feed's status after a good fetch.
func (b *board) liveStatus() poller.Status {
	return poller.Status{State: poller.StateLive, NextTry: b.clock.Now().Add(5 * time.Second)}
}

// feeds reads the simulator's agents (merged with its roster) and queues
// and hands them to the board, as the service's feeds would. Rows are
// stamped with the simulator's clock, the instant they were true.
func (b *board) feeds() ([]api.Agent, []api.Queue) {
	b.t.Helper()
	agents, queues := b.readFeeds()
	b.sendAgents(agents, b.liveStatus())
	b.sendQueues(queues, b.liveStatus())
	return agents, queues
}

// readFeeds reads the simulator's agents and queues, stamped as feeds
// does, without handing them to the board.
func (b *board) readFeeds() ([]api.Agent, []api.Queue) {
	b.t.Helper()
	ctx := context.Background()
	live, err := b.client.RealTimeAgents(ctx)
	require.NoError(b.t, err)
	roster, _, err := b.client.ListRoster(ctx)
	require.NoError(b.t, err)
	queues, err := b.client.RealTimeQueues(ctx)
	require.NoError(b.t, err)
	agents := api.MergeRoster(live, roster)
	for i := range agents {
		if !agents[i].LoggedOut {
			agents[i].AsOf = b.clock.Now()
		}
	}
	for i := range queues {
		queues[i].AsOf = b.clock.Now()
	}
	return agents, queues
}

func (b *board) sendAgents(rows []api.Agent, st poller.Status) {
	b.t.Helper()
	b.seq++
	at := b.clock.Now()
	if st.State == poller.StateFailed && rows == nil {
		at = time.Time{}
	}
	b.send(AgentsMsg{poller.Rows[api.Agent]{Seq: b.seq, Feed: "agents", Rows: rows, FetchedAt: at, Requests: 1, Status: st}})
}

func (b *board) sendQueues(rows []api.Queue, st poller.Status) {
	b.t.Helper()
	b.seq++
	b.send(QueuesMsg{poller.Rows[api.Queue]{Seq: b.seq, Feed: "queues", Rows: rows, FetchedAt: b.clock.Now(), Requests: 1, Status: st}})
}

// flat is the screen as one line of words, for sentences wrapped over
// several lines.
func (b *board) flat() string { return strings.Join(strings.Fields(b.screen()), " ") }

// agentOnListedCall is an agent on a call the board's calls list has.
func agentOnListedCall(t *testing.T, b *board, agents []api.Agent) api.Agent {
	t.Helper()
	for _, a := range agents {
		if uii, ok := a.OnCall(); ok && b.m.row(uii) != nil && !b.m.row(uii).call.Queued() {
			return a
		}
	}
	t.Fatal("no agent is on a listed, answered call")
	return api.Agent{}
}

// selectRow moves a view's cursor to the row with key id by pressing g
// and j, as a person would.
func selectRow[T any](b *board, g *grid[T], id string) {
	b.t.Helper()
	b.press("g")
	for range len(g.rows) {
		if g.selected == id {
			return
		}
		b.press("j")
	}
	b.t.Fatalf("row %s is not on the view", id)
}

func (b *board) selectAgent(id string) { b.t.Helper(); selectRow(b, b.m.agentsGrid, id) }
func (b *board) selectQueue(id string) { b.t.Helper(); selectRow(b, b.m.queuesGrid, id) }

func TestViewsSwitchWithKeysAndTellTheService(t *testing.T) {
	fc := &feedControl{}
	b := newBoard(t, withConfig(func(c *Config) { c.Feeds = fc }))
	b.m.Init()
	b.refresh()
	agents, queues := b.feeds()

	require.Contains(t, b.screen(), "STATE▲")
	require.Contains(t, b.screen(), "CALLER")

	b.press("2")
	s := b.screen()
	require.Contains(t, s, "USERNAME")
	require.Contains(t, s, "IN STATE")
	require.Contains(t, s, strings.Fields(clean(agentOnListedCall(t, b, agents).Name()))[0])
	loggedIn := 0
	for _, a := range agents {
		if !a.LoggedOut {
			loggedIn++
		}
	}
	require.Contains(t, s, "2 Agents "+itoa(loggedIn), "the tab line counts the logged-in agents")

	b.press("3")
	s = b.screen()
	require.Contains(t, s, "WAITING")
	require.Contains(t, s, "SL TODAY")
	require.Contains(t, s, clean(queues[0].Name))
	require.Contains(t, s, "3 Queues "+itoa(len(queues)))

	b.press("tab")
	require.Equal(t, ViewCalls, b.m.view, "tab goes round to the Calls view")
	require.Contains(t, b.screen(), "CALLER")
	b.press("tab")
	require.Equal(t, ViewAgents, b.m.view)
	b.press("1")
	require.Equal(t, ViewCalls, b.m.view)

	require.Equal(t, []ViewID{ViewCalls, ViewAgents, ViewQueues, ViewCalls, ViewAgents, ViewCalls}, fc.showing)

	b.press("2", "R")
	require.Equal(t, []ViewID{ViewAgents}, fc.refreshes, "R asks for the feed on screen")
	require.Equal(t, 1, b.poll.refreshes, "and for the calls")

	b.press("?")
	help := b.screen()
	for _, k := range []string{`1 +calls`, `2 +agents`, `3 +queues`, `tab +next view`, `L +logged-out agents`} {
		require.Regexp(t, k, help)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestAgentsViewSortsFiltersAndKeepsTheSelection(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.feeds()
	b.press("2")

	// Default: by state (wrap-up, on a call, free, away, other), then the
	// longest in that state first.
	rows := b.m.agentsGrid.rows
	require.NotEmpty(t, rows)
	for i := 1; i < len(rows); i++ {
		a, c := rows[i-1].item, rows[i].item
		ra, rc := stateRank(a.class), stateRank(c.class)
		require.LessOrEqual(t, ra, rc, "state order")
		if ra == rc {
			require.GreaterOrEqual(t, a.a.InState(b.m.now), c.a.InState(b.m.now), "longest in state first")
		}
	}
	require.Contains(t, b.screen(), "STATE▲")

	b.press("s")
	require.Contains(t, b.screen(), "IN STATE▼")
	rows = b.m.agentsGrid.rows
	for i := 1; i < len(rows); i++ {
		require.GreaterOrEqual(t, rows[i-1].item.a.InState(b.m.now), rows[i].item.a.InState(b.m.now))
	}
	b.press("S")
	require.Contains(t, b.screen(), "IN STATE▲")
	rows = b.m.agentsGrid.rows
	for i := 1; i < len(rows); i++ {
		require.LessOrEqual(t, rows[i-1].item.a.InState(b.m.now), rows[i].item.a.InState(b.m.now))
	}

	// Select the third agent; a refresh later (states changed, order
	// changed) the cursor is still on them.
	b.press("g", "j", "j")
	chosen := b.m.agentsGrid.current()
	id, name := agentKey(chosen), chosen.name
	require.Contains(t, b.selectedLine(), name)
	b.clock.Advance(40 * time.Second)
	b.refresh()
	b.feeds()
	require.Equal(t, id, agentKey(b.m.agentsGrid.current()), "the selection follows the agent, not the position")
	require.Contains(t, b.selectedLine(), name)

	// The filter narrows by any of the row's words, ignoring case; esc
	// clears it; the Calls view keeps its own filter.
	user := chosen.user
	b.press("/")
	b.typeText(strings.ToUpper(user[:len(user)-2]))
	b.press("enter")
	for _, r := range b.m.agentsGrid.rows {
		require.Contains(t, strings.ToLower(r.item.user+r.item.name), strings.ToLower(user[:len(user)-2]))
	}
	require.Contains(t, b.screen(), "showing ")
	b.press("1")
	require.Empty(t, b.m.filter.Value(), "each view has its own filter")
	b.press("2")
	require.Equal(t, strings.ToUpper(user[:len(user)-2]), b.m.filter.Value())
	b.press("esc")
	require.Empty(t, b.m.filter.Value())
	require.Len(t, b.m.agentsGrid.rows, len(b.m.agentsGrid.all)-b.m.agentsGrid.hidden)
}

func TestAgentsViewHidesLoggedOutAgentsUntilL(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	require.NotEmpty(t, b.freeAgents())
	out := b.freeAgents()[0]
	require.True(t, b.sim.SetAgentLoggedIn(out, false))
	agents, _ := b.feeds()
	hidden := 0
	for _, a := range agents {
		if a.LoggedOut {
			hidden++
		}
	}
	require.Positive(t, hidden)
	b.press("2")
	require.Contains(t, b.screen(), itoa(hidden)+" logged out hidden: L shows")
	onScreen := func() bool {
		for _, r := range b.m.agentsGrid.rows {
			if r.item.a.Username == out {
				return true
			}
		}
		return false
	}
	require.False(t, onScreen(), "a logged-out agent is hidden")
	b.press("L")
	require.True(t, onScreen())
	require.Contains(t, b.screen(), "logged out shown: L hides")
	b.press("G") // logged out sort last
	require.Contains(t, b.selectedLine(), "logged out")
	b.press("L")
	require.False(t, onScreen())
}

func TestAFailingFeedSaysWhyWhileTheCallsStayLive(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	agents, _ := b.feeds()
	b.sim.SetReportingDenied(true)
	_, err := b.client.RealTimeAgents(context.Background())
	require.True(t, errors.Is(err, api.ErrForbidden), "the simulator refuses the report: %v", err)

	b.sendAgents(nil, poller.Status{State: poller.StateFailed, Reason: poller.ReasonPermission, Err: err, NextTry: b.clock.Now().Add(5 * time.Minute)})
	b.press("2")
	want := "RingCX refused the agents list: this user has no reporting rights (access denied). The calls keep updating; it is asked again every few minutes, or at once with R."
	require.Contains(t, b.flat(), want)
	require.Contains(t, strings.Split(b.screen(), "\n")[0], "✕ 403")
	msgs := ""
	for _, m := range b.m.messages {
		msgs += m.text
	}
	require.Contains(t, msgs, want, "the messages pane keeps it")

	// Rows that were good stay, said to be old.
	fetched := b.clock.Now()
	b.clock.Advance(20 * time.Second)
	b.send(AgentsMsg{poller.Rows[api.Agent]{Seq: 100, Rows: agents, FetchedAt: fetched,
		Status: poller.Status{State: poller.StateStale, Err: api.ErrTimeout, NextTry: b.clock.Now().Add(5 * time.Second)}}})
	b.send(tickMsg{at: b.clock.Now()})
	require.Contains(t, strings.Split(b.screen(), "\n")[0], "● STALE")
	require.Contains(t, strings.Split(b.screen(), "\n")[1], "(as of 20s ago)")

	// The calls go on: refreshed, live, on their own view.
	b.clock.Advance(5 * time.Second)
	b.refresh()
	b.press("1")
	require.Contains(t, strings.Split(b.screen(), "\n")[0], "● LIVE")
	require.Contains(t, b.screen(), "40 calls")
}

func TestAViewWithoutAFeedSaysSo(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.press("3")
	require.Contains(t, b.flat(), "This board has no queues feed")
	require.Contains(t, strings.Split(b.screen(), "\n")[0], "no queues feed")
}

func TestHighlightsColourTheNumberPastTheThresholds(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) {
		c.Thresholds = Thresholds{WrapUp: 5 * time.Second, Away: time.Minute, QueueWait: time.Second, ServiceLevel: 0.99}
	}))
	b.refresh()
	// Calls end; their agents wrap up with a disposition pending.
	for _, uii := range b.answered(6) {
		b.sim.EndCall(uii)
	}
	b.clock.Advance(10 * time.Second)
	b.refresh()
	agents, queues := b.feeds()
	// The simulator is static: its times stand still, and the board's
	// clock ticks them on, as between two polls.
	b.send(tickMsg{at: b.clock.Now().Add(10 * time.Second)})
	alert, warn := b.m.paints.Alert.pre, b.m.paints.Warn.pre

	b.press("2")
	var pending api.Agent
	for _, a := range agents {
		if d, ok := a.PendingFor(b.m.now); ok && d > 5*time.Second {
			pending = a
			break
		}
	}
	require.NotEmpty(t, pending.AgentID, "an agent has a disposition pending past the threshold")
	require.Positive(t, b.messagesWith("has had a disposition pending for"), "and the alerts tell it")
	b.press("G") // the cursor away from them: a selected row is one style
	d, _ := pending.PendingFor(b.m.now)
	line := rowLine(b, b.m.agentsGrid, pending.AgentID)
	requirePainted(t, line, alert, clock(d), "the pending time is highlighted, not the row")

	// Away (LUNCH, BREAK, AWAY) past the threshold: the time in state.
	away := 0
	for _, a := range agents {
		if a.Class() == api.AgentAway && a.InState(b.m.now) > time.Minute && agentKey(&agentRow{a: a}) != b.m.agentsGrid.selected {
			requirePainted(t, rowLine(b, b.m.agentsGrid, a.AgentID), warn, clock(a.InState(b.m.now)), "away past the threshold")
			away++
		}
	}
	require.Positive(t, away)

	b.press("3")
	var waiting api.Queue
	for _, q := range queues {
		if q.LongestWait(b.m.now) > time.Second {
			waiting = q
		}
	}
	require.NotEmpty(t, waiting.GateID, "a caller waits")
	b.selectQueue(queueKey(&queueRow{q: queues[len(queues)-1]}))
	if b.m.queuesGrid.current().q.GateID == waiting.GateID {
		b.press("g")
	}
	line = rawLine(b, clean(waiting.Name))
	requirePainted(t, line, warn, clock(waiting.LongestWait(b.m.now)), "longest wait over QueueWait")
	sl, ok := waiting.ServiceLevel()
	require.True(t, ok)
	requirePainted(t, line, warn, percent(sl), "service level under target")
}

// requirePainted asserts that the line draws text (right-aligned in its
// cell) in the paint that starts with pre.
func requirePainted(t *testing.T, line, pre, text, why string) {
	t.Helper()
	require.Regexp(t, regexp.QuoteMeta(pre)+" *"+regexp.QuoteMeta(text)+regexp.QuoteMeta("\x1b[m"), line, why)
}

// rowLine is the screen line, escapes and all, of the row with key id on
// a view's table: below the header, summary, tab line and column titles.
func rowLine[T any](b *board, g *grid[T], id string) string {
	b.t.Helper()
	i := slices.IndexFunc(g.rows, func(r *gridRow[T]) bool { return r.id == id })
	require.GreaterOrEqual(b.t, i, g.offset, "row %s is on screen", id)
	require.Less(b.t, i, g.offset+g.height, "row %s is on screen", id)
	return strings.Split(b.m.View().Content, "\n")[4+b.m.bannerLines()+i-g.offset]
}

// rawLine is the table's screen line, escapes and all, that names text
// (the header and the alert line above the table are passed over).
func rawLine(b *board, text string) string {
	for _, l := range strings.Split(b.m.View().Content, "\n")[3+b.m.bannerLines():] {
		if strings.Contains(ansi.Strip(l), text) {
			return l
		}
	}
	b.t.Fatalf("%q is not on screen", text)
	return ""
}

// logIn logs agents in or out: the free ones out leaves the queues with
// nobody available.
func logIn(b *board, in bool, names []string) []string {
	for _, n := range names {
		require.True(b.t, b.sim.SetAgentLoggedIn(n, in))
	}
	return names
}

func TestAlertsOncePerCrossingAndAgainAfterItClears(t *testing.T) {
	b := newBoard(t, withConfig(func(c *Config) { c.Thresholds.Bell = true }))
	b.refresh()
	_, queues := b.feeds()
	nobody := func() int {
		n := 0
		for _, m := range b.m.messages {
			if strings.Contains(m.text, "nobody available") {
				n++
			}
		}
		return n
	}
	require.Zero(t, nobody())

	gone := logIn(b, false, b.freeAgents())
	require.NotEmpty(t, gone)
	// A caller arrives in a queue nobody can answer.
	b.sim.AddCall(account, sim.CallSpec{ANI: "+14155550100", Queue: queues[0].Name, Queued: true})
	b.clock.Advance(time.Second)
	b.refresh()
	_, queues = b.feeds()
	crossing := 0
	for _, q := range queues {
		if q.NobodyAvailable() {
			crossing++
		}
	}
	require.Positive(t, crossing)
	require.Equal(t, crossing, nobody(), "one banner per queue crossing")
	require.Contains(t, b.screen(), "nobody available", "the banner is on screen")
	// On the Queues view, the waiting and free counts of such a queue are
	// the alert's colour.
	b.press("3", "G")
	checked := 0
	for _, q := range queues {
		if q.NobodyAvailable() && b.m.queuesGrid.current().q.GateID != q.GateID {
			line := rawLine(b, clean(q.Name))
			requirePainted(t, line, b.m.paints.Alert.pre, itoa(q.InQueue), "waiting with nobody free")
			requirePainted(t, line, b.m.paints.Alert.pre, "0", "nobody free")
			checked++
		}
	}
	require.Positive(t, checked)

	// Ticks and refreshes while it lasts: no more.
	b.send(tickMsg{at: b.clock.Now().Add(time.Second)})
	b.feeds()
	b.press("2")
	b.send(tickMsg{at: b.clock.Now().Add(2 * time.Second)})
	require.Equal(t, crossing, nobody())

	// Cleared, then crossed again: told again, on whatever view is shown,
	// with the bell.
	logIn(b, true, gone)
	b.clock.Advance(time.Second)
	b.feeds()
	require.Equal(t, crossing, nobody())
	logIn(b, false, b.freeAgents())
	b.clock.Advance(time.Second)
	b.refresh()
	_, queues = b.feeds()
	_, cmd := b.m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 999, Rows: queues, FetchedAt: b.clock.Now(), Status: b.liveStatus()}})
	require.Nil(t, cmd, "the same crossing: no bell")
	require.Greater(t, nobody(), crossing)

	b.sendQueues(nil, b.liveStatus())
	b.send(tickMsg{at: b.m.now.Add(bellEvery)}) // the bell rings at most once per bellEvery
	_, cmd = b.m.Update(QueuesMsg{poller.Rows[api.Queue]{Seq: 1000, Rows: queues, FetchedAt: b.clock.Now(), Status: b.liveStatus()}})
	require.NotNil(t, cmd, "a new crossing rings the bell")
	require.Equal(t, tea.RawMsg{Msg: "\a"}, cmd())
}

func TestEnterOnAQueueShowsItsCalls(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	_, queues := b.feeds()
	counts := map[string]int{}
	for _, c := range b.m.all {
		counts[c.queue]++
	}
	var q api.Queue
	for _, cand := range queues {
		if counts[clean(cand.Name)] > counts[clean(q.Name)] {
			q = cand
		}
	}
	require.NotEmpty(t, q.Name)
	b.press("3")
	b.selectQueue(q.GateID)
	b.press("enter")
	require.Equal(t, ViewCalls, b.m.view)
	require.Equal(t, queueTerm(clean(q.Name)), b.m.filter.Value())
	require.Len(t, b.m.rows, counts[clean(q.Name)])
	for _, r := range b.m.rows {
		require.Equal(t, clean(q.Name), r.queue)
	}
}

// monitorFromAgents is a board on the Agents view whose person pressed m
// on an agent on a listed call: the agent, the call and the agents read.
func monitorFromAgents(t *testing.T) (b *board, a api.Agent, uii string, agents []api.Agent) {
	b = newBoard(t)
	b.refresh()
	agents, _ = b.feeds()
	b.press("2")
	a = agentOnListedCall(t, b, agents)
	uii, _ = a.OnCall()
	b.selectAgent(agentKey(&agentRow{a: a}))
	b.press("m")
	return b, a, uii, agents
}

func TestCallKeysOnAnAgentActOnTheirCall(t *testing.T) {
	b, _, uii, agents := monitorFromAgents(t)
	c, ok := b.sim.Call(uii)
	require.True(t, ok)
	require.Contains(t, c.Sessions, myPhone, "the simulator has the monitor session on the agent's call")
	require.Contains(t, b.m.messages[len(b.m.messages)-1].text, "Monitoring")

	// An agent on no call: said, nothing sent.
	var free api.Agent
	for _, x := range agents {
		if _, on := x.OnCall(); !on && !x.LoggedOut {
			free = x
			break
		}
	}
	require.NotEmpty(t, free.AgentID)
	b.selectAgent(free.AgentID)
	before := len(b.requests())
	b.press("H")
	require.Equal(t, before, len(b.requests()))
	require.Contains(t, b.m.toast.text, "is not on a call")
	require.Nil(t, b.m.overlay)
}

func TestACallKeyOnAnAgentWhoseCallIsNotListedDoesNothing(t *testing.T) {
	b := newBoard(t)
	agents, _ := b.feeds() // no calls list yet
	b.press("2")
	var a api.Agent
	for _, x := range agents {
		if _, on := x.OnCall(); on {
			a = x
			break
		}
	}
	require.NotEmpty(t, a.AgentID)
	b.selectAgent(a.AgentID)
	before := len(b.requests())
	b.press("m")
	require.Equal(t, before, len(b.requests()))
	require.Contains(t, b.m.toast.text, "is not in the calls list")
}

func TestViewsSurvivePauseResizeAndOverlays(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.feeds()
	b.press("2", "g", "j")
	id := b.m.agentsGrid.selected
	b.press("enter")
	require.IsType(t, &fieldsPane{}, b.m.overlay)
	s := b.screen()
	require.Contains(t, s, "Agent details")
	require.Contains(t, s, "username")
	require.Contains(t, s, "calls handled")
	b.press("esc")
	require.Nil(t, b.m.overlay)

	b.press("p")
	seq := b.m.agents.Seq
	b.clock.Advance(10 * time.Second)
	b.feeds()
	require.Equal(t, seq, b.m.agents.Seq, "a paused screen holds the agents too")
	b.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	require.Contains(t, b.screen(), "AGENT")
	require.Contains(t, b.screen(), "STATE")
	for _, l := range strings.Split(b.screen(), "\n") {
		require.LessOrEqual(t, ansi.StringWidth(l), 60)
	}
	b.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	b.press("p")
	require.Greater(t, b.m.agents.Seq, seq, "resumed: the newest list is shown")
	require.Equal(t, ViewAgents, b.m.view)
	require.Equal(t, id, b.m.agentsGrid.selected)
	require.True(t, slices.ContainsFunc(strings.Split(b.screen(), "\n"), func(l string) bool { return strings.HasPrefix(l, "▌") }))
}

// RingCX's states are partly the account's own (aux states): callboard
// colours only the classes it knows and shows the rest as sent, cleaned.
func TestAgentStatesAreColouredOnlyWhenKnown(t *testing.T) {
	m := New(Config{Keys: DefaultKeyMap(), Theme: NewTheme(false)})
	for _, c := range []struct {
		state string
		want  *paint
		text  string
	}{
		{"AVAILABLE", &m.statePaints.available, "AVAILABLE"},
		{"on call", &m.statePaints.engaged, "on call"},
		{"LUNCH", &m.statePaints.away, "LUNCH"},
		{"Coffee\x1b]0;pwned\x07", nil, "Coffee"},
		{"TRANSITION", nil, "TRANSITION"},
	} {
		r := newAgentRow(api.Agent{State: c.state})
		text, p := m.agentStateCell(&r)
		require.Equal(t, c.text, text, c.state)
		require.Same(t, c.want, p, c.state)
	}
	r := newAgentRow(api.Agent{State: "TRANSITION", PendingDisposition: true})
	_, p := m.agentStateCell(&r)
	require.Same(t, &m.statePaints.wrapUp, p, "a pending disposition is wrap-up whatever the label")
}
