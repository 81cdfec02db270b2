// Package ui is the supervision board: an Elm-style Bubble Tea model that
// shows the poller's snapshots and sends the supervisor's actions through
// the API client. All I/O happens in commands; View only draws.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// ActionClient is what the board needs to act on calls; *api.Client is one
// (and so is anything that wraps it, such as an audit log).
type ActionClient interface {
	AddSession(ctx context.Context, uii, destination string, t api.SessionType) error
	HangupSession(ctx context.Context, uii, phone string) error
	HangupCall(ctx context.Context, uii string) error
	ToggleRecording(ctx context.Context, uii string, on bool) error
	Disposition(ctx context.Context, uii string, r api.DispositionRequest) error
	CreateManualAgentCall(ctx context.Context, r api.ManualCallRequest) error
}

// Refresher is the poller's control surface; *poller.Poller is one.
type Refresher interface {
	RefreshNow()
	Pause()
	Resume()
	Paused() bool
}

// Config is everything the board is given; it owns none of it.
type Config struct {
	Client ActionClient
	Poller Refresher
	Sub    *poller.Subscription
	// Budget, when set, feeds the requests-a-minute figure in the header.
	Budget *api.Budget

	Keys  KeyMap
	Theme ThemeFunc

	AccountID, AccountName string
	Demo                   bool
	ReadOnly               bool
	// Phone is the supervisor's phone (normalised); empty means ask the
	// first time it is needed. PhoneHint is the prompt's placeholder.
	Phone, PhoneHint string

	// Calls waiting or talking longer than these are highlighted.
	WaitThreshold, TalkThreshold time.Duration

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
	cfg   Config
	keys  KeyMap
	theme Theme
	dark  bool

	width, height int
	now           time.Time

	snap     poller.Snapshot
	haveSnap bool
	cache    map[string]*row // current version of each call's row
	ghosts   map[string]*row // calls that just ended, shown a little longer
	all      []*row          // every row, unfiltered, unsorted
	rows     []*row          // what the table shows, filtered and sorted
	tallies  tallies

	selected string // uii the cursor is anchored to
	cursor   int
	offset   int

	sortBy   sortColumn
	sortDesc bool

	filter    textinput.Model
	filtering bool

	phone     string
	sessions  map[string]session
	recording map[string]bool
	pending   map[string]string // uii → action label while it runs
	history   map[string][]historyEntry
	spinner   spinner.Model

	toast     toast
	overlay   overlay
	help      help.Model
	reqPerMin int
	stopped   bool
}

// session is one of this console's supervisor sessions on a call.
type session struct {
	Type  api.SessionType
	Phone string
	Since time.Time
}

// historyEntry is an action this console took on a call.
type historyEntry struct {
	At     time.Time
	Action string
	Result string
	OK     bool
}

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
		sessions:  map[string]session{},
		recording: map[string]bool{},
		pending:   map[string]string{},
		history:   map[string][]historyEntry{},
		spinner:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:      help.New(),
		width:     100,
		height:    30,
	}
	m.filter = textinput.New()
	m.filter.Prompt = "/ "
	m.filter.Placeholder = "agent, caller, number, queue or uii"
	m.applyTheme()
	return m
}

func (m *Model) applyTheme() {
	if m.cfg.Theme == nil {
		return
	}
	m.theme = m.cfg.Theme(m.dark)
	m.spinner.Style = m.theme.Spinner
	m.help.Styles.ShortKey = m.theme.HelpKey
	m.help.Styles.ShortDesc = m.theme.HelpDesc
	m.help.Styles.ShortSeparator = m.theme.HelpSep
	m.help.Styles.FullKey = m.theme.HelpKey
	m.help.Styles.FullDesc = m.theme.HelpDesc
	m.help.Styles.FullSeparator = m.theme.HelpSep
	m.help.Styles.Ellipsis = m.theme.HelpSep
}

// tickMsg drives the ticking talk and wait times.
type tickMsg time.Time

func tick() tea.Cmd {
	return tea.Every(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Init starts the snapshot bridge, the one-second tick, and asks the
// terminal for its background so the theme can match it.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tick(), tea.RequestBackgroundColor}
	if m.cfg.Sub != nil {
		cmds = append(cmds, WaitForSnapshot(m.cfg.Sub))
	}
	return tea.Batch(cmds...)
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.filter.SetWidth(max(10, msg.Width-4))
		m.ensureVisible()
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
		return m, nil
	case SnapshotMsg:
		m.applySnapshot(msg.Snapshot)
		if m.cfg.Sub == nil {
			return m, nil
		}
		return m, WaitForSnapshot(m.cfg.Sub)
	case PollerStoppedMsg:
		m.stopped = true
		return m, nil
	case tickMsg:
		m.onTick(time.Time(msg))
		return m, tick()
	case spinner.TickMsg:
		if len(m.pending) == 0 {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case actionDoneMsg:
		return m, m.onActionDone(msg)
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.PasteMsg:
		return m, m.onPaste(msg)
	}
	return m, nil
}

func (m *Model) onTick(t time.Time) {
	m.now = t
	if m.cfg.Budget != nil {
		m.reqPerMin = m.cfg.Budget.UsedLastMinute()
	}
	// A toast's clock starts at the first tick that sees it; errors stay
	// longer than confirmations.
	switch {
	case m.toast.text == "":
	case m.toast.until.IsZero():
		m.toast.until = t.Add(toastLife[m.toast.kind])
	case t.After(m.toast.until):
		m.toast = toast{}
	}
	expired := false
	for uii, g := range m.ghosts {
		if t.Sub(g.endedAt) >= endedLinger {
			delete(m.ghosts, uii)
			expired = true
		}
	}
	if expired {
		m.rebuild()
	}
}

// applySnapshot takes a poller snapshot: rows are rebuilt only for calls
// that changed, calls that ended linger as ghosts, new ones are marked.
func (m *Model) applySnapshot(s poller.Snapshot) {
	prevScope := m.snap.Scope
	m.snap, m.haveSnap = s, true
	if s.Diff.Baseline || s.Scope != prevScope {
		clear(m.ghosts)
	}
	if s.Diff.Empty() && len(m.all) > 0 && !s.Diff.Baseline {
		return // a status-only snapshot (stale, paused): the rows stand
	}
	now := m.now
	for _, uii := range s.Diff.Ended {
		if r, ok := m.cache[uii]; ok && !s.Diff.Baseline {
			g := *r
			g.ended, g.endedAt, g.state, g.newUntil = true, now, "ended", time.Time{}
			m.ghosts[uii] = &g
		}
		m.endSession(uii)
	}
	added := make(map[string]bool, len(s.Diff.Added))
	if !s.Diff.Baseline {
		for _, uii := range s.Diff.Added {
			added[uii] = true
		}
	}
	next := make(map[string]*row, len(s.Calls))
	all := make([]*row, 0, len(s.Calls)+len(m.ghosts))
	for i := range s.Calls {
		c := &s.Calls[i]
		r, ok := m.cache[c.UII]
		if !ok || r.call != *c {
			nr := newRow(*c)
			if ok {
				nr.newUntil = r.newUntil
			}
			r = nr
		}
		if added[c.UII] {
			r.newUntil = now.Add(newLinger)
		}
		delete(m.ghosts, c.UII) // it is back (or never left)
		next[c.UII] = r
		all = append(all, r)
	}
	m.cache = next
	m.all = all
	m.tallies = tally(s.Calls)
	m.rebuild()
}

// endSession forgets this console's session on a call that has ended: the
// session ended with it.
func (m *Model) endSession(uii string) {
	if s, ok := m.sessions[uii]; ok {
		delete(m.sessions, uii)
		m.record(uii, historyEntry{At: m.now, Action: "session ended with the call", Result: sessionLabel(s.Type), OK: true})
	}
}

// rebuild refilters and resorts, keeping the cursor on the same call.
func (m *Model) rebuild() {
	words := filterWords(m.filter.Value())
	rows := m.rows[:0:0]
	add := func(r *row) {
		if len(words) == 0 || r.matches(words) {
			rows = append(rows, r)
		}
	}
	for _, r := range m.all {
		add(r)
	}
	for _, g := range m.ghosts {
		add(g)
	}
	sortRows(rows, m.sortBy, m.sortDesc, m.now)
	m.rows = rows
	m.reanchor()
}

// reanchor puts the cursor back on the selected call after the rows
// changed; if that call is gone, on the row now at its old position.
func (m *Model) reanchor() {
	if len(m.rows) == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	if m.selected != "" {
		for i, r := range m.rows {
			if r.call.UII == m.selected {
				m.cursor = i
				m.ensureVisible()
				return
			}
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
	m.selected = m.rows[m.cursor].call.UII
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

func (m *Model) record(uii string, e historyEntry) {
	m.history[uii] = append(m.history[uii], e)
}
