package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// viewNames are the views' names on the tab line, in ViewID order.
var viewNames = [numViews]string{ViewCalls: "Calls", ViewAgents: "Agents", ViewQueues: "Queues"}

// filterHints are the filter's placeholders, per view.
var filterHints = [numViews]string{
	ViewCalls:  "agent, caller, number, queue or uii",
	ViewAgents: "name, username, group or state",
	ViewQueues: "queue, group or state",
}

// switchTo puts view v on screen. Each view keeps its own filter; the
// service is told which view is shown, so that its feed is polled at the
// on-screen interval.
func (m *Model) switchTo(v ViewID) {
	if v == m.view {
		return
	}
	m.filters[m.view] = m.filter.Value()
	m.view = v
	m.filter.SetValue(m.filters[v])
	m.filter.Placeholder = filterHints[v]
	m.refilterView()
	m.fitShortHelp()
	m.showing(v)
}

// showing tells the service which view is on screen (nil-safe).
func (m *Model) showing(v ViewID) {
	if m.cfg.Feeds != nil {
		m.cfg.Feeds.Showing(v)
	}
}

// refilterView applies the filter's text to the view on screen.
func (m *Model) refilterView() {
	switch m.view {
	case ViewAgents:
		m.agentsGrid.setFilter(m.filter.Value())
	case ViewQueues:
		m.queuesGrid.setFilter(m.filter.Value())
	default:
		m.refilter()
	}
}

// takeAgents takes the agents feed's rows — held while this screen is
// paused — and returns the alerts' bell, if any.
func (m *Model) takeAgents(r poller.Rows[api.Agent]) tea.Cmd {
	return takeRows(m, ViewAgents, r, &m.heldAgents, m.applyAgents)
}

// takeQueues: see takeAgents.
func (m *Model) takeQueues(r poller.Rows[api.Queue]) tea.Cmd {
	return takeRows(m, ViewQueues, r, &m.heldQueues, m.applyQueues)
}

// takeRows takes a feed's rows for view v: held while this screen is
// paused, else shown through apply (which returns the status they
// replace); a new failure is said, and the alerts checked.
func takeRows[T any](m *Model, v ViewID, r poller.Rows[T], held **poller.Rows[T], apply func(poller.Rows[T]) poller.Status) tea.Cmd {
	if m.frozen {
		*held = &r
		return nil
	}
	prev := apply(r)
	m.sayFeedFailure(v, prev, r.Status)
	return m.checkAlerts()
}

func (m *Model) applyAgents(r poller.Rows[api.Agent]) poller.Status {
	prev := m.agents.Status
	m.onAgents(r)
	m.agentsGrid.setRows(mapRows(r.Rows, newAgentRow))
	m.agentTallies = m.tallyAgents()
	return prev
}

func (m *Model) applyQueues(r poller.Rows[api.Queue]) poller.Status {
	prev := m.queues.Status
	m.onQueues(r)
	m.queuesGrid.setRows(mapRows(r.Rows, newQueueRow))
	m.agentsGrid.retext() // the Agents view's CALL column names queues
	m.queueTallies = m.tallyQueues()
	return prev
}

// mapRows makes a view's rows from a feed's.
func mapRows[T, R any](in []T, f func(T) R) []R {
	out := make([]R, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// takeHeld shows what the feeds sent while the screen was paused.
func (m *Model) takeHeld() tea.Cmd {
	return tea.Batch(takeHeldRows(&m.heldAgents, m.takeAgents), takeHeldRows(&m.heldQueues, m.takeQueues))
}

func takeHeldRows[T any](held **poller.Rows[T], take func(poller.Rows[T]) tea.Cmd) tea.Cmd {
	r := *held
	if r == nil {
		return nil
	}
	*held = nil
	return take(*r)
}

// sayFeedFailure tells, once, that a feed has failed for good (or failed
// for another reason): the messages pane keeps it.
func (m *Model) sayFeedFailure(v ViewID, prev, st poller.Status) {
	if st.State == poller.StateFailed && (prev.State != poller.StateFailed || prev.Reason != st.Reason) {
		m.say(failure(m.feedFailText(v, m.feed(v))))
	}
}

// feedState is what the header, footer and empty table say of a view's
// feed.
type feedState struct {
	noun string // "call list", "agents list", "queues list"
	// none: the board has no such feed (a board without a service).
	none, have, stopped bool
	rows                poller.Rows[struct{}] // when and how, without the rows
}

func (f *feedState) known() bool { return f.have && f.rows.Known() }

// feed is view v's feed as the board last heard of it.
func (m *Model) feed(v ViewID) feedState {
	switch v {
	case ViewAgents:
		return feedState{noun: "agents list", none: m.cfg.Agents == nil && !m.haveAgents, have: m.haveAgents, stopped: m.feedStopped[v],
			rows: poller.Rows[struct{}]{FetchedAt: m.agents.FetchedAt, Took: m.agents.Took, Status: m.agents.Status}}
	case ViewQueues:
		return feedState{noun: "queues list", none: m.cfg.Queues == nil && !m.haveQueues, have: m.haveQueues, stopped: m.feedStopped[v],
			rows: poller.Rows[struct{}]{FetchedAt: m.queues.FetchedAt, Took: m.queues.Took, Status: m.queues.Status}}
	}
	return feedState{noun: "call list", have: m.haveSnap, stopped: m.stopped,
		rows: poller.Rows[struct{}]{FetchedAt: m.snap.FetchedAt, Took: m.snap.Took, Status: m.snap.Status}}
}

// agentsNow and queuesNow are the clocks the Agents and Queues views read
// their times at (rowsNow).
func (m *Model) agentsNow() time.Time {
	return rowsNow(&m.agents, m.feedStopped[ViewAgents], m.now)
}

func (m *Model) queuesNow() time.Time {
	return rowsNow(&m.queues, m.feedStopped[ViewQueues], m.now)
}

// rowsNow is now while a feed is current; once it is stale (said or
// overdue), refused or stopped, the moment its rows were read: their times
// stop there rather than count on as if every agent were still in that
// state and every caller still waiting.
func rowsNow[T any](r *poller.Rows[T], stopped bool, now time.Time) time.Time {
	if r.Known() && (r.Stale() || r.Overdue(now) || stopped) {
		return r.FetchedAt
	}
	return now
}

// againText is how a failed feed goes on: the calls are unaffected, and
// the list is asked for again, rarely, or at once with the refresh key.
func (m *Model) againText() string {
	return " The calls keep updating; it is asked again every few minutes, or at once with " + m.keys.Refresh.Help().Key + "."
}

// feedFailText says plainly why the agents or queues list is missing.
func (m *Model) feedFailText(v ViewID, f feedState) string {
	switch f.rows.Status.Reason {
	case poller.ReasonPermission:
		return "RingCX refused the " + f.noun + ": this user has no reporting rights (access denied)." + m.againText()
	case poller.ReasonNotFound:
		return "RingCX has no " + f.noun + " at this address (not found)." + m.againText()
	case poller.ReasonCredentials:
		if errors.Is(f.rows.Status.Err, api.ErrSignInNeeded) {
			return "RingCX ended the session for the " + f.noun + " and callboard has no JWT to sign in again with: supply a new access token where callboard runs — then " + m.keys.Refresh.Help().Key + " tries again at once."
		}
		return "RingCX rejected the sign-in for the " + f.noun + ": the credentials need fixing where callboard runs — then " + m.keys.Refresh.Help().Key + " tries again at once."
	}
	if v == ViewCalls {
		return m.fixText(&f.rows.Status)
	}
	return "RingCX refused the " + f.noun + " (" + shortReason(f.rows.Status.Err) + ")." + m.againText()
}

// feedGoneText says that a view's feed stopped or was refused, and what
// the rows below are.
func (m *Model) feedGoneText(f feedState) string {
	what := "refreshing stopped"
	if !f.stopped {
		what = "refused"
		if f.rows.Status.Reason == poller.ReasonPermission {
			what += " (no reporting rights)"
		} else if r := shortReason(f.rows.Status.Err); r != "" {
			what += " (" + r + ")"
		}
	}
	return "✕ " + f.noun + " " + what + " — below: the last one, as of " + ago(f.rows.Age(m.now)) + ", times stopped"
}

// callsOld reports whether the calls list the Agents view's CALL and TALK
// columns come from is not current: stale, failed or stopped.
func (m *Model) callsOld() bool { return m.stopped || m.callsStale() }

// callsOldText says how old the calls list is.
func (m *Model) callsOldText() string {
	if m.stopped {
		return "call list stopped"
	}
	return "call list as of " + ago(m.snap.Age(m.now))
}

// feedEmptyText is what an agents or queues view says when it shows no
// row: no feed, nothing yet and why, the filter, or nothing at all.
func (m *Model) feedEmptyText(v ViewID, hidden int) string {
	f := m.feed(v)
	what := strings.ToLower(viewNames[v])
	switch {
	case f.none:
		return "This board has no " + what + " feed, so there is nothing to show here. The calls view (" + m.keys.Calls.Help().Key + ") is unaffected."
	case f.rows.Status.State == poller.StateFailed && !f.rows.Known():
		return m.feedFailText(v, f)
	case !f.known():
		if f.rows.Status.Err != nil {
			return "No " + f.noun + " from RingCX yet (last try: " + shortReason(f.rows.Status.Err) + "); nothing is known about the " + what + "."
		}
		return "No " + f.noun + " from RingCX yet, so nothing is known about the " + what + ". Connecting…"
	case m.filter.Value() != "":
		return fmt.Sprintf("No %s match %q (%s clears the filter).", what, clean(m.filter.Value()), m.keys.Cancel.Help().Key)
	case hidden > 0:
		return fmt.Sprintf("No agent is logged in; %s logged-out roster %s hidden (%s shows them).", thousands(hidden), plural(hidden, "member is", "members are"), m.keys.LoggedOut.Help().Key)
	}
	return "No " + what + "."
}

// tabLine names the views with a count each, the one on screen
// emphasised: the rule under the header.
func (m *Model) tabLine() string {
	th := &m.theme
	counts := [numViews]string{}
	if m.known() {
		counts[ViewCalls] = m.callCount(m.tallies.calls)
	}
	if f := m.feed(ViewAgents); f.known() {
		counts[ViewAgents] = thousands(m.agentTallies.loggedIn)
	}
	if f := m.feed(ViewQueues); f.known() {
		counts[ViewQueues] = thousands(m.queueTallies.queues)
	}
	keys := [numViews]key.Binding{m.keys.Calls, m.keys.Agents, m.keys.Queues}
	var tabs []string
	for v := range numViews {
		text := " " + keys[v].Help().Key + " " + viewNames[v] + " " + orDash(counts[v]) + " "
		if v == m.view {
			tabs = append(tabs, th.TabActive.Render(text))
		} else {
			tabs = append(tabs, th.Tab.Render(text))
		}
	}
	line := th.Rule.Render("─") + strings.Join(tabs, th.Rule.Render("─"))
	if w := ansi.StringWidth(line); w < m.width {
		return line + th.Rule.Render(strings.Repeat("─", m.width-w))
	}
	return ansi.Truncate(line, m.width, "")
}

// viewSummary is the second header line: the view's counts, or why there
// are none.
func (m *Model) viewSummary() string {
	th := &m.theme
	if m.view == ViewCalls {
		return m.headerLine2()
	}
	f := m.feed(m.view)
	var left string
	switch {
	case f.none:
		left = th.Muted.Render(" no " + strings.ToLower(viewNames[m.view]) + " feed")
	case !f.known():
		left = th.Warn.Render(" " + strings.ToLower(viewNames[m.view]) + ": not known yet")
	case m.view == ViewAgents:
		left = m.agentsSummary()
	default:
		left = m.queuesSummary()
	}
	switch {
	case f.known() && (f.stopped || f.rows.Status.State == poller.StateFailed):
		// Refused or stopped: said here, in the view, as a fresh start
		// without the feed says it; the last rows stay below, dimmed, their
		// times stopped at when they were read.
		left = th.Failed.Render(" " + m.feedGoneText(f))
	case f.known() && f.old(m.now):
		left = th.StaleRows.Render(ansi.Strip(left) + " (as of " + ago(f.rows.Age(m.now)) + ")")
	case m.view == ViewAgents && f.known() && m.callsOld():
		left += th.Stale.Render("   CALL, TALK: " + m.callsOldText())
	}
	if scope := m.scopeText(); scope != "" && f.known() {
		left += th.Muted.Render("   account-wide (calls: " + scope + ")")
	}
	return m.withYou(left)
}

// scopeText is the board's scope when its calls are a part of the
// account ("ACD 10401"), else "": realTimeData has no scope, so the Agents
// and Queues views always cover the whole account.
func (m *Model) scopeText() string {
	sc := m.snap.Scope
	if !m.haveSnap || sc.Product == api.ProductAccount && sc.ExternalID == "" || sc == (poller.Scope{}) {
		return ""
	}
	return clean(sc.String())
}

// sayOutOfScope explains a queue's empty call list on a scoped board: the
// Queues view is account-wide, the calls are not.
func (m *Model) sayOutOfScope(q *queueRow) {
	scope := m.scopeText()
	if q == nil || q.name == "" || scope == "" || m.view != ViewCalls || m.shownLive > 0 {
		return
	}
	m.say(info(q.name + " has no calls in this board's scope (" + scope + "); the Queues view covers the whole account — " + m.keys.Cancel.Help().Key + " clears the filter"))
}

// viewTable draws the agents or queues table.
func (m *Model) viewTable() string {
	f := m.feed(m.view)
	look := gridLook{th: &m.theme, paints: &m.paints, stale: f.known() && f.old(m.now), jump: m.keys.LongestWait.Help().Key, flagged: m.flaggedText()}
	if m.view == ViewAgents {
		look.empty = m.feedEmptyText(ViewAgents, m.agentsGrid.hidden)
		return m.agentsGrid.View(look)
	}
	look.empty = m.feedEmptyText(ViewQueues, 0)
	return m.queuesGrid.View(look)
}

// flaggedText words what the view on screen flags (agentFlag, queueFlag).
func (m *Model) flaggedText() string {
	th := &m.cfg.Thresholds
	if m.view == ViewAgents {
		return "in wrap-up over " + clock(th.WrapUp)
	}
	return "waiting over " + clock(th.QueueWait) + " or nobody free"
}

// jumpWorst moves the Agents or Queues view to its worst flagged row.
func (m *Model) jumpWorst() {
	g := m.activeGrid()
	if !g.jumpWorst() {
		m.say(info("no " + strings.TrimSuffix(strings.ToLower(viewNames[m.view]), "s") + " " + m.flaggedText()))
	}
}

// sizeGrids lays the views' tables out for the terminal.
func (m *Model) sizeGrids() {
	m.agentsGrid.SetSize(m.width, m.visibleRows())
	m.queuesGrid.SetSize(m.width, m.visibleRows())
}

// viewKey handles a key on the Agents or Queues view: their tables' keys,
// L, enter, and the call keys (which act on an agent's call). handled is
// false for the keys every view shares.
func (m *Model) viewKey(k tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	g := m.activeGrid()
	if ok, note := g.Update(k); ok {
		if note != "" {
			m.say(info(note))
		}
		return nil, true
	}
	keys := &m.keys
	switch {
	case key.Matches(k, keys.LoggedOut):
		if m.view != ViewAgents {
			m.say(info(keys.LoggedOut.Help().Key + " shows or hides logged-out agents on the Agents view (" + keys.Agents.Help().Key + ")"))
			return nil, true
		}
		m.toggleLoggedOut()
	case key.Matches(k, keys.Details) && m.view == ViewQueues:
		q := m.queuesGrid.current()
		m.showQueueCalls()
		m.whenBuilt(func() { m.sayOutOfScope(q) }) // it reads the calls shown
	case key.Matches(k, keys.Details):
		if r := m.agentsGrid.current(); r != nil {
			m.overlay = m.agentDetails(agentKey(r))
			return nil, true
		}
		m.say(info("no agent selected"))
	case m.isCallKey(k) && m.view == ViewQueues:
		m.say(info("a queue is not a call: " + keys.Details.Help().Key + " shows its calls, and the call keys work there"))
	case m.isCallKey(k):
		// On an agent who is on a call, the call's keys act on that call,
		// exactly as on the Calls view (selectedUII names it).
		return nil, !m.agentCallReady()
	case key.Matches(k, keys.LongestWait):
		m.jumpWorst()
	case key.Matches(k, keys.CopyUII, keys.CopyCaller) && m.view == ViewAgents:
		// The agent's call, as on the Calls view.
		if !m.agentCallReady() {
			return nil, true
		}
		_, c := m.agentCall(m.agentsGrid.current())
		return m.copyCall(c, key.Matches(k, keys.CopyCaller)), true
	case key.Matches(k, keys.CopyUII, keys.CopyCaller):
		m.say(info(k.String() + " works on the Calls view (" + keys.Calls.Help().Key + ")"))
	default:
		return nil, false
	}
	return nil, true
}

func (m *Model) activeGrid() interface {
	Update(tea.KeyPressMsg) (bool, string)
	jumpWorst() bool
} {
	if m.view == ViewAgents {
		return m.agentsGrid
	}
	return m.queuesGrid
}

// isCallKey reports a key that acts on a call (m c b x H r d).
func (m *Model) isCallKey(k tea.KeyPressMsg) bool {
	keys := &m.keys
	return key.Matches(k, keys.Monitor, keys.Coach, keys.Barge, keys.Leave, keys.Hangup, keys.Record, keys.Disposition)
}

// agentCallReady reports whether the selected agent is on a call the
// calls list has, saying why not otherwise.
func (m *Model) agentCallReady() bool {
	r := m.agentsGrid.current()
	if r == nil {
		m.say(info("no agent selected"))
		return false
	}
	uii, c := m.agentCall(r)
	switch {
	case uii == "":
		m.say(info(orDash(r.name) + " is not on a call"))
		return false
	case c == nil:
		m.say(failure(orDash(r.name) + "'s call (uii " + shortUII(clean(uii)) + ") is not in the calls list: nothing was done"))
		return false
	}
	return true
}

// selectedUII is the call the call keys act on: the selected call, or on
// the Agents view the selected agent's call.
func (m *Model) selectedUII() string {
	switch m.view {
	case ViewAgents:
		if r := m.agentsGrid.current(); r != nil {
			uii, _ := r.a.OnCall()
			return uii
		}
		return ""
	case ViewQueues:
		return ""
	}
	if r := m.current(); r != nil {
		return r.call.UII
	}
	return ""
}

// viewShortHelp is the footer's key line for the view on screen.
func (m *Model) viewShortHelp() []key.Binding {
	k := m.keys
	// w goes to the worst row past a threshold on these views.
	worst := key.NewBinding(key.WithKeys(k.LongestWait.Keys()...), key.WithHelp(k.LongestWait.Help().Key, "worst"))
	switch m.view {
	case ViewAgents:
		return []key.Binding{k.Monitor, k.Coach, k.Barge, k.Leave, k.Hangup, k.Record, k.LoggedOut, k.Filter, worst, k.Sort, k.Details, k.NextView}
	case ViewQueues:
		calls := key.NewBinding(key.WithKeys(k.Details.Keys()...), key.WithHelp(k.Details.Help().Key, "its calls"))
		return []key.Binding{calls, k.Filter, worst, k.Sort, k.SortReverse, k.NextView}
	}
	return k.ShortHelp()
}

// fieldsPane is a row's every field, labelled, read afresh each frame so
// times tick; any key but up and down closes it.
type fieldsPane struct {
	title string
	// content lists the fields through field; false: the row is gone.
	content func(m *Model, field func(label, value string)) bool
	pager
}

func (p *fieldsPane) lines(m *Model, inner int) []string {
	var lines []string
	field := func(label, value string) {
		lines = append(lines, m.theme.Label.Render(fit(label, 20))+" "+ansi.Truncate(orDash(value), inner-21, "…"))
	}
	if !p.content(m, field) {
		return []string{"This row is no longer listed."}
	}
	return lines
}

func (p *fieldsPane) key(m *Model, k tea.KeyPressMsg) tea.Cmd { return p.pager.key(m, k, p.lines) }

func (*fieldsPane) paste(*Model, tea.PasteMsg) tea.Cmd { return nil }

func (p *fieldsPane) view(m *Model, width, height int) string {
	return p.pager.view(m, width, height, p.title, p.lines)
}

// statePaints colour the agent states callboard knows; the others stay
// plain.
type statePaints struct{ available, engaged, away, wrapUp, loggedOut paint }

func newStatePaints(th *Theme) statePaints {
	return statePaints{available: newPaint(th.Available), engaged: newPaint(th.Engaged), away: newPaint(th.Away),
		wrapUp: newPaint(th.WrapUp), loggedOut: newPaint(th.LoggedOut)}
}

func (s *statePaints) of(k api.AgentClass) *paint {
	switch k {
	case api.AgentAvailable:
		return &s.available
	case api.AgentEngaged:
		return &s.engaged
	case api.AgentAway:
		return &s.away
	case api.AgentWrapUp:
		return &s.wrapUp
	case api.AgentLoggedOut:
		return &s.loggedOut
	}
	return nil
}
