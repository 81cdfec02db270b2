// Package ui is the supervision board: an Elm-style Bubble Tea model that
// shows the poller's snapshots and sends the supervisor's actions through
// the API client. All I/O happens in commands; View only draws.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
)

// ActionClient is what the board acts through: *api.Client, or the audit
// recorder wrapping it.
type ActionClient = api.Actions

// Refresher is the poller's control surface a board may use; *poller.Poller
// is one. Pausing is the board's own (it freezes one screen), so it is not
// here.
type Refresher interface {
	RefreshNow()
}

// Config is everything the board is given; it owns none of it.
type Config struct {
	Client ActionClient
	Poller Refresher
	Sub    *poller.Subscription
	// Budget, when set, feeds the requests-a-minute figure in the header.
	Budget *api.Budget
	// ActionDeadline is how long an action may wait for its turn before
	// the client gives it up as not sent (0: api.DefaultActionDeadline),
	// so a waiting action can say when that will be.
	ActionDeadline time.Duration

	Keys  KeyMap
	Theme ThemeFunc

	AccountID, AccountName string
	// AccountNameLater is asked for the account's name while AccountName
	// is empty: the service reads it after start when it could not at
	// start (RingCX out of reach, its sign-ins spent), and the header
	// shows it from the next frame. Safe to call from the UI loop; nil:
	// the name is AccountName for good.
	AccountNameLater func() string
	Demo             bool
	ReadOnly         bool
	// ReadOnlyReason says why the board is read-only, for its messages.
	ReadOnlyReason api.NotAllowedReason
	// Accessible asks forms for their accessible mode (main sets it for
	// NO_COLOR and TERM=dumb): plain prompts where a form runs on its own.
	Accessible bool

	// Phone is the supervisor's phone (normalised); empty means ask the
	// first time it is needed. PhoneHint is the prompt's placeholder.
	Phone, PhoneHint string
	// Region is where numbers written without a country code belong
	// (config region): they are read and shown in its national format.
	Region string

	// Calls waiting or talking longer than these are highlighted.
	WaitThreshold, TalkThreshold time.Duration
	// Thresholds are the agents' and queues' limits (highlights, alerts).
	Thresholds Thresholds

	// Agents and Queues are the board's subscriptions to the service's
	// agents and queues feeds (nil: the view says it has no feed); Feeds
	// tells the service which view is on screen; Lookup answers the new-call
	// and disposition pickers (nil: the forms take typed text and say why).
	Agents *AgentsSub
	Queues *QueuesSub
	Feeds  FeedControl
	Lookup Lookup

	// History, when set, is the durable record of actions on a call (the
	// audit log), shown in the details pane.
	History HistoryLoader

	// Team is the call state the board shares with the service's other
	// boards: supervisor sessions and who started them, recording, viewers.
	// The board reads it; Client (wrapped in team.Actions) keeps it true.
	// Without one, the board keeps a store of its own and reconciles it with
	// the lists it is given. TeamSub, when set, is the board's subscription
	// to it (the service closes it when the board ends).
	Team    *team.Store
	TeamSub *team.Subscription
	// Operator is who this board's person is in Team ("you" when unset).
	Operator string

	// RememberPhone, when set, keeps the phone the person typed at the
	// prompt for the next run. It is called from a command.
	RememberPhone func(phone string) error

	// Context ends actions in flight when the program stops.
	Context context.Context
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
}

// Defaults for unset thresholds.
const (
	DefaultWaitThreshold = 60 * time.Second
	DefaultTalkThreshold = 10 * time.Minute
	// Minimum terminal size the board is drawn at.
	MinWidth  = 60
	MinHeight = 15
)

// Model is the board.
type Model struct {
	cfg    Config
	keys   KeyMap
	theme  Theme
	paints paints
	dark   bool

	width, height int
	now           time.Time

	snap     poller.Snapshot
	haveSnap bool
	cache    map[string]*row // current version of each call's row
	ghosts   map[string]*row // calls that just ended, shown a little longer
	all      []*row          // every call's row, unsorted
	sorted   []*row          // calls and ghosts, in the current sort
	rows     []*row          // what the table shows: sorted, filtered
	tallies  tallies
	// shownLive counts the live calls among rows (ghosts aside), for
	// "showing 8 of 36"; waiting lists the positions in rows of queued
	// calls, so off-screen waits are found without scanning every row.
	shownLive int
	waiting   []int
	offscreen offscreenWaits

	selected string // uii the cursor is anchored to
	cursor   int
	offset   int

	sortBy   sortColumn
	sortDesc bool

	// The calls table is rebuilt off the Update loop from syncBelow calls
	// up (offloop.go): pend is what the next build takes in, building
	// says one is in flight, gen numbers builds so only the newest is
	// applied, joinBuilt is the join gen the rows shown were read with.
	pend      pendingBuild
	building  bool
	gen       uint64
	joinBuilt uint64
	syncBelow int

	filter    textinput.Model
	filtering bool

	phone   string
	numbers *numberBook // formats the numbers shown, in cfg.Region
	// team is the shared call state as last read; endedSeen the last of its
	// ended sessions already told; ownsTeam is set when there is no service
	// and the board keeps the store itself.
	team      team.State
	endedSeen uint64
	ownsTeam  bool
	teamSub   *team.Subscription
	// frozen holds this screen still (p): snapshots wait in held, while the
	// service goes on polling for everyone else.
	frozen    bool
	held      *poller.Snapshot
	pending   map[string]string    // uii → action label while it runs
	pendingAt map[string]time.Time // when each pending action started
	// actionWait is what holds actions back, as of the last tick: a
	// rate-limit pause and how many wait in the request budget.
	actionWait actionWait
	starting   map[string]api.SessionType // sessions being added (quit asks about them too)
	manualSeq  int
	history    map[string][]HistoryEntry
	spinner    spinner.Model
	// loadBar draws a long first load's progress (progress.go).
	loadBar progress.Model

	toast    toast
	messages []message // what toasts said, newest last, for the messages pane

	overlay overlay
	help    help.Model
	// shortHelpText is the footer's key line, fitted to the width.
	shortHelpText string
	reqPerMin     int
	stopped       bool

	// agents and queues are the feeds' latest rows (haveAgents/haveQueues:
	// any arrived); join links a call to its agent and queue through
	// them (callUii, gateId).
	agents     poller.Rows[api.Agent]
	queues     poller.Rows[api.Queue]
	haveAgents bool
	haveQueues bool
	join       callJoin

	// view is the view on screen; filters keep each view's filter text
	// while another view is shown.
	view    ViewID
	filters [numViews]string
	// agentsGrid and queuesGrid are the Agents and Queues views' tables,
	// their tallies the header's counts, worked out per list.
	agentsGrid   *grid[agentRow]
	queuesGrid   *grid[queueRow]
	agentTallies agentTallies
	queueTallies queueTallies
	// pendingAgents are the indexes in agents.Rows of the agents with a
	// disposition pending, found once per list: the alerts look at them
	// every second, and scanning every agent for the flag each time was a
	// twentieth of an idle board's CPU at 1,000 agents.
	pendingAgents []int
	showLoggedOut bool
	statePaints   statePaints
	// feedStopped marks a feed whose subscription closed; heldAgents and
	// heldQueues wait while this screen is paused, as held does.
	feedStopped [numViews]bool
	heldAgents  *poller.Rows[api.Agent]
	heldQueues  *poller.Rows[api.Queue]
	alerts      alertState
}

// Session is a supervisor session on a call (the team's record of it).
type Session = team.Session

// HistoryEntry is something done to a call: an action (this console's, or
// from the audit log, any console's or command's on this host) or an event
// this console saw.
type HistoryEntry struct {
	At     time.Time
	Action string
	Result string
	OK     bool
	// Unknown: the action may or may not have run (api.OutcomeUnknown,
	// audit.Unknown); NotSent: it was never sent. Each has its own mark,
	// apart from a failure's: neither says RingCX refused anything.
	Unknown, NotSent bool
	// Source says where the action came from when it was read from the
	// audit log ("board", "cli", with the operator); Event marks things
	// seen rather than done (a session ending with its call).
	Source string
	Event  bool
}

// HistoryLoader reads a call's recorded history (the audit log). It is
// called from a command, never from Update or View.
type HistoryLoader func(uii string) ([]HistoryEntry, error)

// New builds the board. Nothing runs until the program starts it.
func New(cfg Config) *Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	if cfg.WaitThreshold <= 0 {
		cfg.WaitThreshold = DefaultWaitThreshold
	}
	if cfg.TalkThreshold <= 0 {
		cfg.TalkThreshold = DefaultTalkThreshold
	}
	cfg.Thresholds = cfg.Thresholds.withDefaults()
	keys := cfg.Keys
	if cfg.ReadOnly || cfg.Client == nil {
		cfg.ReadOnly = true
		for _, b := range keys.actions() {
			b.SetEnabled(false)
		}
	}
	m := &Model{
		cfg:       cfg,
		keys:      keys,
		dark:      true,
		now:       cfg.Now(),
		cache:     map[string]*row{},
		ghosts:    map[string]*row{},
		sortBy:    sortState,
		phone:     cfg.Phone,
		numbers:   newNumberBook(cfg.Region),
		pending:   map[string]string{},
		pendingAt: map[string]time.Time{},
		starting:  map[string]api.SessionType{},
		history:   map[string][]HistoryEntry{},
		spinner:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:      help.New(),
		width:     100,
		height:    30,

		syncBelow: syncBelow,
	}
	if m.cfg.Operator == "" {
		m.cfg.Operator = "you"
	}
	if m.cfg.Team == nil {
		m.cfg.Team, m.ownsTeam = team.NewStore(), true
		if m.cfg.Client != nil {
			m.cfg.Client = team.Actions(m.cfg.Client, m.cfg.Team, m.cfg.Operator)
		}
	}
	m.teamSub = m.cfg.TeamSub
	if m.teamSub == nil {
		m.teamSub = m.cfg.Team.Subscribe()
	}
	m.team = m.cfg.Team.State()
	if n := len(m.team.Ended); n > 0 {
		m.endedSeen = m.team.Ended[n-1].Seq // told before this board opened
	}
	m.filter = textinput.New()
	m.filter.Prompt = "/ "
	m.filter.Placeholder = filterHints[ViewCalls]
	m.agentsGrid, m.queuesGrid = newAgentsGrid(m), newQueuesGrid(m)
	m.sizeGrids()
	m.applyTheme()
	return m
}

func (m *Model) applyTheme() {
	if m.cfg.Theme == nil {
		return
	}
	m.theme = m.cfg.Theme(m.dark)
	m.paints = newPaints(&m.theme)
	m.statePaints = newStatePaints(&m.theme)
	m.spinner.Style = m.theme.Spinner
	m.loadBar = newLoadBar(&m.theme)
	m.help.Styles.ShortKey = m.theme.HelpKey
	m.help.Styles.ShortDesc = m.theme.HelpDesc
	m.help.Styles.ShortSeparator = m.theme.HelpSep
	m.help.Styles.FullKey = m.theme.HelpKey
	m.help.Styles.FullDesc = m.theme.HelpDesc
	m.help.Styles.FullSeparator = m.theme.HelpSep
	m.help.Styles.Ellipsis = m.theme.HelpSep
	m.fitShortHelp()
}

// FrameRate is the most frames a second the board's program draws
// (tea.WithFPS). Bubble Tea's renderer, as callboard builds it
// (third_party/bubbletea, PATCHED.md), draws when a view comes: at once
// after a quiet frame, so a key's echo does not wait, and otherwise when
// the frame ends, with every view that came within it. The rate is then a
// cap on how often a burst — a held key, a spinner, a refresh landing
// while someone scrolls — writes to the terminal, which is what a slow
// link pays for: 12 keeps a held j/k scrolling at 12 frames a second and
// its last key within one frame of 83 ms, under the ~100 ms below which a
// person feels a reaction as immediate. It no longer costs an idle board
// anything: upstream's renderer woke FrameRate times a second for the
// program's whole life, and on the 2-core VM measured for issue 13 each
// frame a second cost an idle board 10–15 ms of CPU a minute (820–900 ms
// a minute at Bubble Tea's default of 60, about 460 at 20, 210 at 1).
// Team mode's sessions use it too.
const FrameRate = 12

// tickMsg drives the ticking talk and wait times. It carries the time, on
// the board's clock (Config.Now, the one the poller stamps lists with, so
// a list's age is measured on one clock), and the request count of the
// last minute, both read in the command so Update stays pure.
type tickMsg struct {
	at        time.Time
	reqPerMin int
	wait      actionWait
}

func (m *Model) tick() tea.Cmd {
	budget, now := m.cfg.Budget, m.cfg.Now
	return tea.Every(time.Second, func(time.Time) tea.Msg {
		msg := tickMsg{at: now()}
		if budget != nil {
			msg.reqPerMin = budget.UsedLastMinute()
			_, queued := budget.Waiting()
			msg.wait = actionWait{paused: budget.PausedUntil(api.PriorityAction), queued: queued}
		}
		return msg
	})
}

// Init starts the snapshot and feed bridges and the one-second tick, tells
// the service the Calls view is on screen, and asks the terminal for its
// background so the theme can match it.
func (m *Model) Init() tea.Cmd {
	m.showing(m.view)
	cmds := []tea.Cmd{m.tick(), tea.RequestBackgroundColor}
	if m.cfg.Sub != nil {
		cmds = append(cmds, WaitForSnapshot(m.cfg.Sub))
	}
	cmds = append(cmds, m.waitForTeam())
	if m.cfg.Agents != nil {
		cmds = append(cmds, WaitForAgents(m.cfg.Agents))
	}
	if m.cfg.Queues != nil {
		cmds = append(cmds, WaitForQueues(m.cfg.Queues))
	}
	return tea.Batch(cmds...)
}

// Update handles one message, and starts the rebuild of the calls table it
// asked for, if any (offloop.go).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	if build := m.startBuild(); build != nil {
		cmd = tea.Batch(cmd, build)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.fitShortHelp()
		m.filter.SetWidth(max(10, msg.Width-4))
		m.sizeGrids()
		if f, ok := m.overlay.(*form); ok {
			f.resize(msg.Width)
		}
		m.ensureVisible()
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
		return m, nil
	case SnapshotMsg:
		if m.frozen {
			held := msg.Snapshot
			m.held = &held // shown when the person resumes
		} else {
			m.applySnapshot(msg.Snapshot)
		}
		if m.cfg.Sub == nil {
			return m, nil
		}
		return m, WaitForSnapshot(m.cfg.Sub)
	case rebuiltMsg:
		return m, m.onRebuilt(msg.built)
	case TeamChangedMsg:
		m.applyTeam(msg.State)
		return m, m.waitForTeam()
	case PollerStoppedMsg:
		m.stopped = true
		return m, nil
	case AgentsMsg:
		cmd := m.takeAgents(msg.Rows)
		if m.cfg.Agents == nil {
			return m, cmd
		}
		return m, tea.Batch(cmd, WaitForAgents(m.cfg.Agents))
	case QueuesMsg:
		cmd := m.takeQueues(msg.Rows)
		if m.cfg.Queues == nil {
			return m, cmd
		}
		return m, tea.Batch(cmd, WaitForQueues(m.cfg.Queues))
	case FeedStoppedMsg:
		if msg.View >= 0 && msg.View < numViews {
			m.feedStopped[msg.View] = true
		}
		return m, nil
	case tickMsg:
		m.reqPerMin, m.actionWait = msg.reqPerMin, msg.wait
		m.onTick(msg.at)
		return m, tea.Batch(m.tick(), m.checkAlerts())
	case spinner.TickMsg:
		if len(m.pending) == 0 {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case actionDoneMsg:
		return m, m.onActionDone(msg)
	case phoneSaveFailedMsg:
		m.say(failure("your phone is set for now, but could not be kept for next time: " + clean(msg.err.Error())))
		return m, nil
	case historyLoadedMsg:
		if d, ok := m.overlay.(*detailsPane); ok && d.uii == msg.uii {
			d.loaded, d.recorded, d.loadErr = true, msg.entries, msg.err
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.PasteMsg:
		return m, m.onPaste(msg)
	}
	// Anything else may be a form's own: huh moves between fields, and
	// blinks its cursor, through messages.
	if f, ok := m.overlay.(*form); ok {
		return m, f.update(m, msg)
	}
	return m, nil
}

func (m *Model) onTick(t time.Time) {
	m.now = t
	m.countOffscreen()
	// A toast's clock starts at the first tick that sees it; errors stay
	// longer than confirmations.
	switch {
	case m.toast.text == "":
	case m.toast.until.IsZero():
		m.toast.until = t.Add(toastLife[m.toast.kind])
	case t.After(m.toast.until):
		m.toast = toast{}
	}
	// Ghosts go after a while — except the selected one: it stays until the
	// person moves, so the cursor never lands on a call they did not choose.
	expired := false
	for uii, g := range m.ghosts {
		if t.Sub(g.endedAt) >= endedLinger && uii != m.selected {
			delete(m.ghosts, uii)
			expired = true
		}
	}
	if expired {
		m.resort()
	}
}

// applySnapshot takes a poller snapshot: its status at once, its calls
// through a rebuild of the table (offloop.go), where rows are rebuilt only
// for calls that changed, calls that ended linger as ghosts and new ones
// are marked.
func (m *Model) applySnapshot(s poller.Snapshot) {
	prev, had := m.snap, m.haveSnap
	m.snap, m.haveSnap = s, true
	// While the first list is built off the loop the board says it is on
	// its way, not "No active calls." (applyBuilt shows it).
	defer func() { m.haveSnap = had || m.pend.snap == nil }()
	if st := s.Status; st.State == poller.StateFailed && (prev.Status.State != poller.StateFailed || prev.Status.Reason != st.Reason) {
		m.say(failure(m.fixText(&st))) // kept whole in the messages pane
	}
	if s.Status.PagingIgnored && !prev.Status.PagingIgnored {
		m.keep(notice("RingCX ignored paging (every page answered alike): the list stops at the first " + thousands(len(s.Calls)) + " calls"))
	}
	if sameCalls(prev.Calls, s.Calls) && (len(m.all) > 0 || m.pend.snap != nil) {
		return // a status-only snapshot (stale, paused): the rows stand
	}
	baseline := s.Diff.Baseline || s.Scope != prev.Scope || len(m.all) == 0 && len(m.cache) == 0
	m.pend.snap = &s
	m.pend.baseline = m.pend.baseline || baseline
	m.rebuild(true)
}

// sameCalls reports whether two snapshots carry the very same list (the
// poller reuses the slice when only the status changed).
func sameCalls(a, b []api.ActiveCall) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// resort orders every row (calls and ghosts) for the current sort, then
// refilters. It runs when the calls or the sort change — not per key typed
// in the filter, which only narrows the sorted list.
func (m *Model) resort() { m.rebuild(true) }

// refilter derives the shown rows from the sorted ones and puts the cursor
// back on the selected call.
func (m *Model) refilter() { m.rebuild(false) }

// indexOf is the position of the call in the rows shown, -1 if not shown.
func (m *Model) indexOf(uii string) int {
	if uii == "" {
		return -1
	}
	for i, r := range m.rows {
		if r.call.UII == uii {
			return i
		}
	}
	return -1
}

// place puts the cursor on the selected call, found at i in the rows
// shown (-1: not shown). The selection is what the person chose and
// changes only when they move: if the call is filtered out the cursor
// rests on a nearby row meanwhile, and returns to the call when the filter
// is cleared.
func (m *Model) place(i int) {
	if len(m.rows) == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	if i >= 0 {
		m.cursor = i
		m.ensureVisible()
		return
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
	if m.selected == "" || m.row(m.selected) == nil {
		m.selected = m.rows[m.cursor].call.UII // nothing chosen yet, or the call is gone for good
	}
	m.ensureVisible()
}

// current is the selected row, if any.
func (m *Model) current() *row {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return nil
	}
	return m.rows[m.cursor]
}

func (m *Model) moveTo(i int) {
	if len(m.rows) == 0 {
		return
	}
	m.cursor = max(0, min(i, len(m.rows)-1))
	m.selected = m.rows[m.cursor].call.UII
	m.ensureVisible()
}

func (m *Model) record(uii string, e HistoryEntry) {
	m.history[uii] = append(m.history[uii], e)
}
