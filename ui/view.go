package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
	"github.com/callboard/callboard/poller"
)

// View draws the board from the model alone: no I/O, no clock reads, and
// only the rows that fit on screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "callboard · " + clean(firstNonEmpty(m.accountName(), m.cfg.AccountID))
	return v
}

// tooSmall: below the minimum the board is not drawn, and only quitting
// is possible.
func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

func (m *Model) render() string {
	if m.tooSmall() {
		msg := fmt.Sprintf("callboard needs at least %d×%d; this terminal is %d×%d. Enlarge the window, or press q to quit.", MinWidth, MinHeight, m.width, m.height)
		w := max(m.width, 1)
		return lipgloss.Place(w, max(m.height, 1), lipgloss.Center, lipgloss.Center, lipgloss.Wrap(msg, w, " "))
	}
	var b strings.Builder
	b.Grow(m.width * m.height * 2)
	b.WriteString(m.headerLine1())
	b.WriteByte('\n')
	b.WriteString(m.viewSummary())
	b.WriteByte('\n')
	b.WriteString(m.tabLine())
	b.WriteByte('\n')
	if m.bannerLines() > 0 {
		b.WriteString(m.alertLine())
		b.WriteByte('\n')
	}
	if m.view == ViewCalls {
		m.callsTable(&b)
	} else {
		b.WriteString(m.viewTable())
	}
	b.WriteByte('\n')
	b.WriteString(m.footerLine())
	b.WriteByte('\n')
	b.WriteString(m.shortHelpText)
	board := b.String()
	if m.overlay != nil {
		return place(board, m.overlay.view(m, m.width, m.height), m.width, m.height)
	}
	return board
}

// callsTable draws the Calls view's table: column titles, the calls on
// screen and the rule under them.
func (m *Model) callsTable(b *strings.Builder) {
	l := m.layout()
	b.WriteString(m.tableHeader(&l))
	b.WriteByte('\n')
	h := m.visibleRows()
	stale := m.callsStale()
	end := min(len(m.rows), m.offset+h)
	drawn := 0
	for i := m.offset; i < end; i++ {
		b.WriteString(m.renderRow(m.rows[i], &l, i == m.cursor, stale))
		b.WriteByte('\n')
		drawn++
	}
	if drawn == 0 {
		b.WriteString(m.theme.Muted.Render(fit("  "+m.emptyText(), m.width)))
		b.WriteByte('\n')
		drawn++
	}
	for ; drawn < h; drawn++ {
		b.WriteByte('\n')
	}
	b.WriteString(m.scrollRule())
}

// known reports whether any call list has arrived: until one has, the
// board knows nothing about the calls and must not show counts of zero or
// "No active calls" — a supervisor would read that as a quiet floor.
func (m *Model) known() bool { return m.haveSnap && !m.snap.FetchedAt.IsZero() }

func (m *Model) emptyText() string {
	switch {
	case !m.known():
		return "No call list from RingCX yet, so nothing is known about the calls. " + m.nextTryText()
	case m.filter.Value() != "":
		return fmt.Sprintf("No calls match %q (%s clears the filter).", clean(m.filter.Value()), m.keys.Cancel.Help().Key)
	}
	return "No active calls."
}

// nextTryText says why there is no list yet and when the next try is.
func (m *Model) nextTryText() string {
	if !m.haveSnap {
		return "Connecting to RingCX…"
	}
	if l := m.loading(); l != nil {
		return "RingCX is sending it: " + loadingText(l) + "."
	}
	st := m.snap.Status
	s := ""
	if st.Err != nil {
		s = "Last try: " + shortReason(st.Err) + ". "
	}
	switch wait := st.NextTry.Sub(m.now); {
	case st.State == poller.StateFailed:
		return s + m.fixText(&m.snap.Status)
	case st.NextTry.IsZero():
		return s
	case wait > 0:
		return s + "Next try in " + clock(wait) + "."
	}
	return s + "Trying now…"
}

// headerLine1: who and what is being watched, and how fresh it is. When
// the line is short, the scope goes first, then the account's name; the
// account id and the DEMO badge stay.
func (m *Model) headerLine1() string {
	th := &m.theme
	right := m.freshness()
	room := m.width - ansi.StringWidth(right) - 1
	badge := ""
	if m.cfg.Demo {
		badge = " " + th.Badge.Render(" DEMO ")
	}
	title := th.Title.Render("callboard") + "  "
	scope := ""
	if m.haveSnap {
		scope = th.Muted.Render(" · " + clean(m.snap.Scope.String()))
	}
	fixed := ansi.StringWidth(title + badge)
	account := m.accountText()
	if ansi.StringWidth(account)+ansi.StringWidth(scope)+fixed > room {
		scope = ""
	}
	if ansi.StringWidth(account)+fixed > room && m.cfg.AccountID != "" {
		id := " (" + clean(m.cfg.AccountID) + ")"
		name := ansi.Truncate(clean(m.accountName()), max(0, room-fixed-ansi.StringWidth(id)), "…")
		account = strings.TrimPrefix(name+id, " ")
	}
	return spread(title+th.Account.Render(account)+scope+badge, right, m.width)
}

// accountName is the account's name, "" while not known (see
// Config.AccountNameLater).
func (m *Model) accountName() string {
	if m.cfg.AccountName == "" && m.cfg.AccountNameLater != nil {
		return m.cfg.AccountNameLater()
	}
	return m.cfg.AccountName
}

func (m *Model) accountText() string {
	name, id := clean(m.accountName()), clean(m.cfg.AccountID)
	switch {
	case name != "" && id != "":
		return name + " (" + id + ")"
	case name != "":
		return name
	}
	return "account " + id
}

// agoWidth is the widest age the freshness line shows ("just now", "59s
// ago", "12m ago").
const agoWidth = 8

// freshness is the honest line about the feed of the view on screen:
// live, stale and why, paused, or failed. The age in it is followed by
// the spaces it lacks of agoWidth, at the end of the line, so the line
// keeps its width and its place as the age ticks from "just now" to "1s
// ago": the terminal is sent the changed digits, not the header laid out
// again every refresh. It is drawn every second, so it is painted (see
// paint), not rendered through lipgloss.
func (m *Model) freshness() (line string) {
	th := &m.paints
	f := m.feed(m.view)
	slack := 0
	agoText := func(d time.Duration) string {
		s := ago(d)
		slack = agoWidth - len(s)
		return s
	}
	defer func() { line += strings.Repeat(" ", max(0, slack)) }()
	switch {
	case f.none:
		return th.Muted.render("○ no " + strings.ToLower(viewNames[m.view]) + " feed")
	case !f.have && f.stopped:
		return th.Failed.render("✕ refreshing stopped")
	case !f.have:
		return th.Muted.render("◌ connecting…")
	case m.view == ViewCalls && m.loading() != nil:
		return th.Muted.render("◌ loading the call list…")
	case f.stopped:
		return th.Failed.render("✕ refreshing stopped · updated " + agoText(f.rows.Age(m.now)))
	}
	st := f.rows.Status
	age := f.rows.Age(m.now)
	fetched := f.rows.FetchedAt
	if m.frozen {
		return th.Paused.render("○ PAUSED (this screen) · updated " + agoText(age) + m.viewersText())
	}
	switch st.State {
	case poller.StateLive:
		if f.rows.Overdue(m.now) {
			return th.Stale.render(overdueText(&st, age))
		}
		s := "● LIVE · updated " + agoText(age)
		if st.Stretched {
			s += " · every " + timefmt.Seconds(st.Interval)
		}
		if m.reqPerMin > 0 {
			s += " · " + thousands(m.reqPerMin) + " req/min"
		}
		return th.Live.render(s + m.viewersText())
	case poller.StatePaused:
		s := "○ PAUSED"
		if !fetched.IsZero() {
			s += " · updated " + agoText(age)
		}
		return th.Paused.render(s)
	case poller.StateStale:
		return th.Stale.render(m.staleText(&st, fetched, age))
	case poller.StateFailed:
		return th.Failed.render(m.failedText(&st))
	}
	return ""
}

// shortReason names a failure in a few words for the header.
func shortReason(err error) string {
	var rl *api.RateLimitError
	var apiErr *api.APIError
	var lost *api.AnswerLostError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &rl):
		return "rate limited"
	case errors.Is(err, api.ErrSignInNeeded):
		return "signed out: a new token is needed"
	case errors.As(err, &lost):
		return answerLostText(lost)
	case errors.Is(err, api.ErrTimeout):
		return "no answer (timeout)"
	case errors.Is(err, api.ErrMalformedResponse):
		return "malformed answer"
	case errors.As(err, &apiErr):
		s := fmt.Sprintf("%d %s", apiErr.StatusCode, httpStatusText(apiErr.StatusCode))
		if r := clean(apiErr.Message); r != "" && len(r) < 40 && !strings.EqualFold(r, httpStatusText(apiErr.StatusCode)) {
			s += ": " + r
		}
		return s
	}
	// A transport error reads "GET /path: dial tcp …: connect: connection
	// refused"; its last clause is the reason.
	text := err.Error()
	if i := strings.LastIndex(text, ": "); i >= 0 {
		text = text[i+2:]
	}
	return api.Clean(text, 60)
}

// answerLostText words a read whose answer was lost on the way back, from
// how it was lost: a gateway's status in RingCX's place, or the cause (cut
// short, too large, unreadable, the connection closed). The read is
// retried; unlike an action, nothing it asked for may have happened.
func answerLostText(e *api.AnswerLostError) string {
	cause := api.Clean(e.Cause, 60)
	if e.StatusCode != 0 {
		return "no answer from RingCX: a gateway said " + cause
	}
	return "RingCX's answer was lost (" + cause + ")"
}

// headerLine2: the live counts, and who "you" are.
func (m *Model) headerLine2() string {
	th := &m.theme
	t := &m.tallies
	if l := m.loading(); l != nil {
		return m.withYou(m.loadingLine(l))
	}
	if !m.known() {
		return spread(th.Warn.Render(" calls: not known yet")+th.Muted.Render(" — "+m.nextTryText()), m.youText(), m.width)
	}
	// A list RingCX would not page through is only its first pages: every
	// count of it is at least what is shown, never the account's total.
	partial := m.snap.Status.PagingIgnored
	n := func(v int) string { return m.callCount(v) }
	count := th.Count.Render(n(t.calls)) + " " + plural(t.calls, "call", "calls")
	if m.filter.Value() != "" {
		count = th.Warn.Render("showing "+thousands(m.shownLive)+" of "+n(t.calls)) + " " + plural(t.calls, "call", "calls")
	}
	parts := []string{count,
		th.Count.Render(n(t.queued)) + " queued",
		th.Count.Render(n(t.talking)) + " talking"}
	if w := t.longestWait(m.now); w > 0 {
		s := "longest wait " + clock(w)
		if partial {
			s = "longest wait ≥ " + clock(w)
		}
		if w > m.cfg.WaitThreshold {
			s = th.Warn.Render(s)
		}
		parts = append(parts, s)
	}
	if k := t.talkingOver(m.cfg.TalkThreshold, m.now); k > 0 {
		parts = append(parts, m.paints.Alert.render(n(k)+" over "+clock(m.cfg.TalkThreshold)))
	}
	left := " " + strings.Join(parts, "   ")
	if m.callsStale() {
		// The last good counts stay, said to be old: never zeros, never
		// passed off as live.
		left = th.StaleRows.Render(ansi.Strip(left) + " (as of " + ago(m.snap.Age(m.now)) + ")")
	}
	return m.withYou(left)
}

// withYou puts who "you" are to the right of a counts line. The counts
// matter more: when both do not fit, the right side goes.
func (m *Model) withYou(left string) string {
	right := m.youText()
	if ansi.StringWidth(left)+1+ansi.StringWidth(right) > m.width {
		return ansi.Truncate(left, m.width, "…")
	}
	return spread(left, right, m.width)
}

// footerText is a message on the footer line. One cut to fit says where it
// can be read whole: say keeps every cut message for the messages pane.
func (m *Model) footerText(text string, style lipgloss.Style) string {
	if !m.cut(text) {
		return style.Render(" " + text)
	}
	more := " … " + m.keys.Messages.Help().Key + ": whole message"
	return style.Render(ansi.Truncate(" "+text, max(0, m.width-ansi.StringWidth(more)), "")) + m.theme.Muted.Render(more)
}

// fixText says what to change when refreshing has failed for good, and
// which key tries again: words that hold for a board over SSH too, where
// the server's environment means nothing.
func (m *Model) fixText(st *poller.Status) string {
	retry := " — then " + m.keys.Refresh.Help().Key + " tries again at once (callboard also tries every few minutes)"
	switch st.Reason {
	case poller.ReasonCredentials:
		if errors.Is(st.Err, api.ErrSignInNeeded) {
			return "RingCX ended the session and callboard has no JWT to sign in again with: supply a new access token (or a JWT) where callboard runs (callboard config shows where each comes from)" + retry
		}
		return "RingCX rejected the sign-in: the credentials need fixing where callboard runs (callboard config shows where each comes from)" + retry
	case poller.ReasonPermission:
		return "permission denied: this user may not read the account's active calls; ask a RingCX admin for access, or check the account id" + retry
	case poller.ReasonInvalidRequest:
		return "RingCX refused the request: check the scope (product, product id, external id) and the account id" + retry
	case poller.ReasonNotFound:
		return "RingCX has no such account or path: check the server address and the account id" + retry
	}
	return ""
}

// youText is who "you" are: the phone RingCX dials for you.
func (m *Model) youText() string {
	th := &m.theme
	switch {
	case m.cfg.ReadOnly:
		return th.Muted.Render("read-only")
	case m.phone != "":
		return th.Muted.Render("you: " + m.showPhone(m.phone))
	}
	return th.Muted.Render("you: phone not set")
}

// footerLine is the filter while it is edited, else the latest toast, else
// what to fix when refreshing has failed for good.
func (m *Model) footerLine() string {
	th := &m.theme
	switch {
	case m.filtering:
		return ansi.Truncate(m.filter.View(), m.width, "…")
	case m.toast.text != "":
		style := th.ToastInfo
		switch m.toast.kind {
		case toastOK:
			style = th.ToastOK
		case toastErr:
			style = th.ToastErr
		case toastNotice:
			style = th.Stale
		}
		return m.footerText(m.toast.text, style)
	case m.view == ViewCalls && m.haveSnap && m.snap.Status.State == poller.StateFailed:
		return m.footerText(m.fixText(&m.snap.Status), th.ToastErr)
	case m.view != ViewCalls && m.feed(m.view).rows.Status.State == poller.StateFailed:
		return m.footerText(m.feedFailText(m.view, m.feed(m.view)), th.ToastErr)
	case m.filter.Value() != "":
		return th.Muted.Render(ansi.Truncate(" filter: "+clean(m.filter.Value())+"  ("+m.keys.Filter.Help().Key+" to edit, "+m.keys.Cancel.Help().Key+" to clear)", m.width, "…"))
	case len(m.pending) > 0:
		return th.ToastInfo.Render(ansi.Truncate(" "+m.spinner.View()+" "+m.pendingText(), m.width, "…"))
	case m.view == ViewCalls && m.pagingText() != "":
		return th.Warn.Render(ansi.Truncate(" "+m.pagingText(), m.width, "…"))
	case m.stretchText() != "":
		return th.Muted.Render(ansi.Truncate(" "+m.stretchText(), m.width, "…"))
	}
	return ""
}

// stretchText says why the feed of the view on screen refreshes less often
// than configured, when the request budget stretched it: "2,400 calls:
// refreshing every 8 s to stay within the API limit". Worded here from the
// status's Interval and Stretched, for every feed alike.
func (m *Model) stretchText() string {
	f := m.feed(m.view)
	st := &f.rows.Status
	if !f.known() || st.State != poller.StateLive || !st.Stretched || st.Interval <= 0 {
		return ""
	}
	what := f.noun
	if m.view == ViewCalls {
		n := len(m.snap.Calls)
		what = thousands(n) + " " + plural(n, "call", "calls")
	}
	return what + ": refreshing every " + timefmt.Seconds(st.Interval) + " to stay within the API limit"
}

// callCount is a count taken from the call list, as the board writes
// every count: grouped by thousands, and marked as a lower bound ("500+")
// while RingCX ignores paging, since the list then holds only its first
// pages and the account may have many more.
func (m *Model) callCount(n int) string {
	if m.haveSnap && m.snap.Status.PagingIgnored {
		return thousands(n) + "+"
	}
	return thousands(n)
}

// thousands writes n with comma grouping: 2400 → "2,400".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// spread puts left and right on one line of width w, truncating the left
// side first (identity matters less than freshness).
func spread(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	if rw >= w {
		return ansi.Truncate(right, w, "…")
	}
	room := w - rw - 1
	if ansi.StringWidth(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := w - ansi.StringWidth(left) - rw
	return left + strings.Repeat(" ", max(1, gap)) + right
}

// scrollRule is the rule under the table, carrying where the view is in
// the list and what is off-screen — above all, callers waiting longer than
// the threshold that cannot be seen: ↑ 4 more (2 waiting over 1:00) ·
// 12–30 of 58 · ↓ 28 more.
func (m *Model) scrollRule() string {
	th := &m.theme
	h := m.visibleRows()
	n := len(m.rows)
	if n <= h {
		return th.Rule.Render(strings.Repeat("─", m.width))
	}
	first, last := m.offset, min(n, m.offset+h)
	aboveOver, belowOver := m.offscreen.above, m.offscreen.below
	over := func(k int) string {
		if k == 0 {
			return ""
		}
		return th.Warn.Render(" (" + thousands(k) + " waiting over " + clock(m.cfg.WaitThreshold) + " — " + m.keys.LongestWait.Help().Key + " jumps)")
	}
	var parts []string
	if first > 0 {
		parts = append(parts, th.Muted.Render("↑ "+thousands(first)+" more")+over(aboveOver))
	}
	pos := thousands(first+1) + "–" + thousands(last) + " of " + thousands(n)
	if ended := n - m.shownLive; ended > 0 {
		pos += " (" + thousands(ended) + " just ended)"
	}
	parts = append(parts, th.Muted.Render(pos))
	if last < n {
		parts = append(parts, th.Muted.Render("↓ "+thousands(n-last)+" more")+over(belowOver))
	}
	return ruleWith(th, parts, m.width)
}

// fitShortHelp lays out the footer's key line for the width: the board's
// keys, most useful first, dropped from the end until the line fits — help
// and quit always stay. It runs when the width or the theme changes, not
// per frame.
func (m *Model) fitShortHelp() {
	h := m.help
	h.SetWidth(0) // measure whole lines; this function does the fitting
	keys := m.viewShortHelp()
	essential := m.keys.EssentialHelp()
	line := ""
	for n := len(keys); n >= 0; n-- {
		line = h.ShortHelpView(append(slices.Clone(keys[:n]), essential...))
		if ansi.StringWidth(line) <= m.width {
			break
		}
	}
	m.shortHelpText = ansi.Truncate(line, m.width, "…")
}
