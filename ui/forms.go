package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
)

// form is a huh form drawn over the board: a title and the lines that say
// what it is for, the fields, and the keys. huh does the fields — per-field
// validation with inline errors, tab and shift+tab, placeholders, a yes/no
// switch; the board keeps esc (cancel) and ctrl+c (quit) for itself, and
// runs done once every field has passed.
type form struct {
	title string
	intro []string
	huh   *huh.Form
	// done runs when the form is submitted: the fields' values are in the
	// variables they are bound to. It returns the command to run, or an
	// error that is shown as a failure toast. Every field has passed its
	// own check by then, so this is for what only the whole form can say
	// (a callback time with callback set to no); huh cannot reopen a
	// completed form, so the person opens it again.
	done func() (tea.Cmd, error)
	// fields are the form's fields, in order.
	fields []huh.Field
	// skipNext and skipPrev count the moves made at once in key (see
	// there), whose messages huh also queued and are dropped when they come.
	skipNext, skipPrev int
	// loading, while a picker's list is fetched (huh is nil meanwhile),
	// says what for; typed keeps the keys and pastes that come in the
	// meantime, for the form once it opens — typing ahead into the filter.
	loading string
	typed   []tea.Msg
	// fieldsHeight is the lines the fields take in full; huhHeight the
	// lines huh was last given for them (fit: fewer on a short screen),
	// with huhErrLines for its errors.
	fieldsHeight, huhHeight, huhErrLines int
	// pinFirst keeps the intro's first paragraph longest on a short
	// screen (introLines): it names what the form acts on.
	pinFirst bool
	// stopLookup ends the request for the list the form waits for: a form
	// closed before its list came must not keep asking RingCX at action
	// priority for up to lookupTimeout.
	stopLookup context.CancelFunc
}

// close takes the form off the board and ends its lookup if one runs.
func (f *form) close(m *Model) {
	if m.overlay == f {
		m.overlay = nil
	}
	if f.stopLookup != nil {
		f.stopLookup()
	}
}

// maxTypedAhead bounds the keys kept while a list loads.
const maxTypedAhead = 64

// The messages huh moves between fields with, known by type: their types
// are huh's own.
var (
	nextFieldMsg = reflect.TypeOf(huh.NextField())
	prevFieldMsg = reflect.TypeOf(huh.PrevField())
)

// labelWidth aligns the fields' titles, right-justified before the value.
const labelWidth = 13

// textField is a text input bound to value. A field with a list of valid
// values is a choiceField instead; swapping one for the other is one line.
func textField(title, placeholder string, value *string, limit int, check func(string) error) huh.Field {
	in := huh.NewInput().Title(fitRight(title, labelWidth)).Prompt("  ").Placeholder(placeholder).Value(value).CharLimit(limit).Inline(true)
	return in.Validate(func(s string) error {
		// What a person typed must be plain text (api.CheckText), as the
		// commands require of their flags: it is sent, audited byte for
		// byte and shown to the next person who reads it.
		if err := api.CheckText(title, s, false); err != nil || check == nil {
			return fieldProblem(title, err)
		}
		return fieldProblem(title, check(strings.TrimSpace(s)))
	})
}

// choiceField is a select of the valid values — / filters them as the
// person types — textField's replacement where the list is known. It is
// not filtering from the start: huh's filter line would take the title's
// place.
func choiceField(title string, choices []string, value *string) huh.Field {
	return huh.NewSelect[string]().Title(fitRight(title, labelWidth)).Options(huh.NewOptions(choices...)...).Value(value)
}

// pickerRows is how many of a picker's choices show at once.
const pickerRows = 8

// pickerField is a select that filters as the person types, from the
// first key: the agent and disposition pickers, whose lists are long.
// While filtering, huh draws the filter line ("/mar") in the title's
// place, so the description names the field too, and says how to use it.
// Once left, it reads as one line: the title and the choice (settled).
func (m *Model) pickerField(title string, opts []huh.Option[string], value *string, check func(string) error) huh.Field {
	km := m.formKeys().Select
	sel := huh.NewSelect[string]().
		Title(fitRight(title, labelWidth)).
		Description(title + ": type to filter, " + km.Up.Help().Key + "/" + km.Down.Help().Key + " choose").
		Options(opts...).Value(value).
		Height(min(len(opts), m.pickerRows()) + 2). // the title (or filter) and the description
		Filtering(true)
	if check != nil {
		sel = sel.Validate(func(v string) error { return fieldProblem(title, check(v)) })
	}
	return m.settle(sel, title, value, opts)
}

// settled is a select that, once left, reads as one line: its title and
// the chosen option's label. huh draws a select it has left as its list —
// still filtered, under the filter line in the title's place, the choice
// unmarked (without colour, nothing at all says which) — so who or what
// was picked no longer showed.
type settled[T comparable] struct {
	*huh.Select[T]
	title   string
	value   *T
	labels  map[T]string
	line    func(title, label string) string
	focused bool
}

// settle wraps a select so it reads as settled once left.
func (m *Model) settle(sel *huh.Select[string], title string, value *string, opts []huh.Option[string]) huh.Field {
	return newSettled(sel, title, value, opts, m.settledLine)
}

func newSettled[T comparable](sel *huh.Select[T], title string, value *T, opts []huh.Option[T], line func(title, label string) string) *settled[T] {
	labels := make(map[T]string, len(opts))
	for _, o := range opts {
		labels[o.Value] = o.Key
	}
	return &settled[T]{Select: sel, title: title, value: value, labels: labels, line: line}
}

// settledLine is a left select's line: the title as huh draws a left
// field's, then the choice as typed text is drawn — its columns closed up
// (a picker's label is laid out for the list) and fitted to the form.
func (m *Model) settledLine(title, label string) string {
	st := m.formStyles().Blurred
	if label = strings.TrimSpace(columnGaps.ReplaceAllString(label, "  ")); label == "" {
		label = m.theme.Muted.Render("not chosen")
	} else {
		label = st.TextInput.Text.Render(fit(label, (&form{}).width(m.width)-labelWidth-4))
	}
	return st.Base.Render(st.Title.Render(fitRight(title, labelWidth)) + "  " + label)
}

// columnGaps are the runs of spaces that align a label's columns.
var columnGaps = regexp.MustCompile(`  +`)

func (s *settled[T]) Focus() tea.Cmd { s.focused = true; return s.Select.Focus() }
func (s *settled[T]) Blur() tea.Cmd  { s.focused = false; return s.Select.Blur() }

func (s *settled[T]) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	_, cmd := s.Select.Update(msg)
	return s, cmd
}

func (s *settled[T]) View() string {
	if s.focused {
		return s.Select.View()
	}
	return s.line(s.title, s.labels[*s.value])
}

// expanded is the field as it is drawn while it has the focus: the height
// the form keeps for it.
func (s *settled[T]) expanded() string { return s.Select.View() }

// pickerRows is how many of a picker's choices show at once: fewer on a
// short terminal, so the form still fits (see form.view).
func (m *Model) pickerRows() int {
	if m.height < shortScreen {
		return 3
	}
	return pickerRows
}

// shortScreen is a terminal height under which forms drop what only
// explains (the intro lines) and pickers show fewer rows.
const shortScreen = 30

// pickerWidth is the cells a picker's choice may take in a form drawn on a
// terminal this wide: the form's text width less the field's border and
// the selection mark.
func pickerWidth(termWidth int) int { return (&form{}).width(termWidth) - 4 }

// yesNoField is a yes/no switch: y, n, space or the arrows set it, so typing
// cannot make "ny" of it. In accessible mode (NO_COLOR, TERM=dumb), where
// the switch's highlight may not show, it is a two-line select whose
// choice is marked in text (›) and, once left, reads "callback  yes".
func (m *Model) yesNoField(title string, value *bool, check func(bool) error) huh.Field {
	if m.cfg.Accessible {
		opts := []huh.Option[bool]{huh.NewOption("no", false), huh.NewOption("yes", true)}
		sel := huh.NewSelect[bool]().Title(fitRight(title, labelWidth)).Options(opts...).Value(value)
		if check != nil {
			sel = sel.Validate(func(v bool) error { return fieldProblem(title, check(v)) })
		}
		return newSettled(sel, title, value, opts, m.settledLine)
	}
	c := huh.NewConfirm().Title(fitRight(title, labelWidth) + " ").Affirmative("yes").Negative("no").Inline(true).Value(value)
	if check != nil {
		c = c.Validate(func(v bool) error { return fieldProblem(title, check(v)) })
	}
	return c
}

// fieldProblem words a field's problem after its title — "callback time
// is in the past…", "ring seconds: a number from 1 to 120" — with an
// api.InputError's reason alone (its field name is the API's, not the
// form's).
func fieldProblem(title string, err error) error {
	if err == nil {
		return nil
	}
	reason := err.Error()
	var ie *api.InputError
	if errors.As(err, &ie) {
		reason = ie.Reason
	}
	if strings.HasPrefix(reason, "is ") || strings.HasPrefix(reason, "has ") {
		return errors.New(title + " " + reason)
	}
	return errors.New(title + ": " + reason)
}

// refused keeps text that is not plain (api.CheckText: a control or bidi
// character, invalid UTF-8) out of a form's fields as it is typed or
// pasted, and says why. In a field it would reach the screen as written —
// a bidi override turns the line around — long before submit could refuse
// it. Newlines and tabs pass: the fields turn them into spaces.
func refused(m *Model, what, text string) bool {
	err := api.CheckText(what, text, true)
	if err == nil {
		return false
	}
	reason := "is not plain text"
	var ie *api.InputError
	if errors.As(err, &ie) {
		reason = ie.Reason // "contains a bidi control character at byte 3"
	}
	m.say(failure(what + " not taken: it " + reason + " — only plain text can be typed here"))
	return true
}

// openForm shows a form over the board.
func (m *Model) openForm(title string, intro []string, done func() (tea.Cmd, error), fields ...huh.Field) tea.Cmd {
	f := &form{title: title, intro: intro, done: done, fields: fields, fieldsHeight: formHeight(fields)}
	f.huhHeight = f.fieldsHeight
	f.huh = huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return m.formStyles() })).
		WithKeyMap(m.formKeys()).
		WithShowHelp(false).
		WithShowErrors(true).
		WithAccessible(m.cfg.Accessible).
		WithWidth(f.width(m.width)).
		WithHeight(f.fieldsHeight) // no padding to the window's height
	m.overlay = f
	return f.huh.Init()
}

// formHeight is the lines the fields take: one for a text field or a
// switch, more for a select.
func formHeight(fields []huh.Field) int {
	h := 1
	for _, f := range fields {
		v := f.View()
		if e, ok := f.(interface{ expanded() string }); ok {
			v = e.expanded()
		}
		h += max(1, lipgloss.Height(strings.TrimRight(v, "\n")))
	}
	return h
}

// width is the form's text width inside its box for a terminal width.
func (f *form) width(termWidth int) int { return min(termWidth-4, 72) }

// resize fits the form to a new terminal width.
func (f *form) resize(termWidth int) {
	if f.huh != nil {
		f.huh = f.huh.WithWidth(f.width(termWidth))
	}
}

func (f *form) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case k.String() == "ctrl+c":
		f.close(m)
		return m.quit()
	case key.Matches(k, m.keys.Cancel):
		f.close(m)
		m.say(info("cancelled: " + strings.ToLower(f.title)))
		return nil
	case f.huh == nil:
		if len(f.typed) < maxTypedAhead {
			f.typed = append(f.typed, k)
		}
		return nil
	}
	if refused(m, "key", k.Text) {
		return nil
	}
	field := f.huh.GetFocusedField()
	cmd := f.update(m, k)
	if m.overlay != f {
		return cmd
	}
	if sel, ok := field.(interface{ Hovered() (string, bool) }); ok && key.Matches(k, m.keys.NextField, m.keys.Submit) {
		if _, any := sel.Hovered(); !any {
			return cmd // the filter matches nothing: nothing to move on with
		}
	}
	// huh moves to another field through a message it queues; keys typed
	// before that message arrives (over SSH they often come together) would
	// land in the field being left. So the move is made now, and huh's
	// queued message is dropped when it comes.
	_, confirm := field.(*huh.Confirm)
	choice := confirm && strings.Contains("yYnN", k.Text) && k.Text != ""
	switch {
	case key.Matches(k, m.keys.PrevField):
		f.skipPrev++
		return tea.Batch(cmd, f.huh.PrevField())
	case (key.Matches(k, m.keys.NextField, m.keys.Submit) || choice) && field.Error() == nil:
		if field == f.fields[len(f.fields)-1] {
			return tea.Batch(cmd, f.finish(m, f.huh.NextGroup()))
		}
		f.skipNext++
		return tea.Batch(cmd, f.huh.NextField())
	}
	return cmd
}

func (f *form) paste(m *Model, p tea.PasteMsg) tea.Cmd {
	if f.huh != nil && refused(m, "paste", p.Content) {
		return nil
	}
	if f.huh == nil {
		if len(f.typed) < maxTypedAhead {
			f.typed = append(f.typed, p)
		}
		return nil
	}
	return f.update(m, p)
}

// update hands a message to huh and, once the form is complete, runs done.
func (f *form) update(m *Model, msg tea.Msg) tea.Cmd {
	if loaded, ok := msg.(pickerLoadedMsg); ok {
		return f.loaded(m, loaded)
	}
	if f.huh == nil {
		return nil // still loading: nothing of huh's yet
	}
	switch t := reflect.TypeOf(msg); {
	case t == nextFieldMsg && f.skipNext > 0:
		f.skipNext--
		return nil
	case t == prevFieldMsg && f.skipPrev > 0:
		f.skipPrev--
		return nil
	}
	next, cmd := f.huh.Update(msg)
	f.huh = next.(*huh.Form)
	return f.finish(m, cmd)
}

// finish runs done once huh says the form is complete.
func (f *form) finish(m *Model, cmd tea.Cmd) tea.Cmd {
	if f.huh.State != huh.StateCompleted {
		return cmd
	}
	if m.overlay == f {
		m.overlay = nil
	}
	run, err := f.done()
	if err != nil {
		m.say(failure(f.title + ": " + err.Error()))
		return nil
	}
	return tea.Batch(cmd, run)
}

// boxLines are the lines a box takes besides its body: borders, the
// title and the blank line under it.
const boxLines = 4

// view draws the form to fit height: the intro's paragraphs go first, the
// least specific first, when there is no room for them; then, if the
// fields still do not fit, huh is given the room there is and keeps the
// field being typed into in sight.
func (f *form) view(m *Model, width, height int) string {
	th := &m.theme
	inner := f.width(width)
	keys := f.keysLine(m, inner)
	room := height - boxLines - 1 - len(keys) // 1: the blank line above the keys
	var fields []string
	if f.huh != nil {
		f.fit(inner, room)
		for _, l := range strings.Split(f.huh.View(), "\n") {
			if strings.TrimSpace(ansi.Strip(l)) != "" {
				fields = append(fields, l) // huh pads the fields to its height, and the errors with a blank line
			}
		}
	} else {
		fields = []string{th.Muted.Render(f.loading)}
		keys = []string{th.Muted.Render(m.keys.Cancel.Help().Key + " cancel")}
	}
	intro := f.introLines(inner, room-len(fields))
	lines := append(intro, fields...)
	lines = append(lines, "")
	lines = append(lines, keys...)
	return box(th, f.title, lines, inner)
}

// fit gives huh the lines there are for the fields and their errors
// (huh keeps the focused field in sight when that is fewer than they
// take): huh's height is its fields' and its errors' together, and it
// measures the errors when it is set, so it is set again when they change.
func (f *form) fit(width, room int) {
	errLines := 0
	for _, err := range f.huh.Errors() {
		errLines += len(wrap(err.Error(), width))
	}
	fields := max(1, min(f.fieldsHeight, room-errLines))
	if fields != f.huhHeight || errLines != f.huhErrLines {
		f.huhHeight, f.huhErrLines = fields, errLines
		f.huh = f.huh.WithHeight(fields + errLines)
	}
}

// introLines are the intro's paragraphs wrapped to width, and a blank
// line after them, in at most room lines: the first paragraphs (what the
// form is for) are dropped before the last (what is known about its
// list) — except a pinned first one (the call a form acts on), dropped
// last — and nothing at all is shown rather than a cut sentence.
func (f *form) introLines(width, room int) []string {
	paras := slices.Clone(f.intro)
	for len(paras) > 0 {
		var lines []string
		for _, p := range paras {
			lines = append(lines, wrap(p, width)...)
		}
		if len(lines)+1 <= room {
			return append(lines, "")
		}
		drop := 0
		if f.pinFirst && len(paras) > 1 {
			drop = 1
		}
		paras = slices.Delete(paras, drop, drop+1)
	}
	return nil
}

// keysLine says the form's keys, shortened where the long wording does not
// fit the width.
func (f *form) keysLine(m *Model, width int) []string {
	th, k := &m.theme, &m.keys
	line := k.NextField.Help().Key + " / " + k.PrevField.Help().Key + " move · " + k.Submit.Help().Key + " next, and submit on the last · " + k.Cancel.Help().Key + " cancel"
	if len(f.fields) == 1 {
		line = k.Submit.Help().Key + " save · " + k.Cancel.Help().Key + " cancel"
	} else if ansi.StringWidth(line) > width {
		line = k.NextField.Help().Key + "/" + k.PrevField.Help().Key + " move · " + k.Submit.Help().Key + " next/submit · " + k.Cancel.Help().Key + " cancel"
	}
	return []string{th.Muted.Render(line)}
}

// formKeys are huh's keys with the board's: next and previous field and
// submit follow the key map; esc and ctrl+c stay with the board.
func (m *Model) formKeys() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	next := append(m.keys.NextField.Keys(), m.keys.Submit.Keys()...)
	km.Quit.SetEnabled(false)
	km.Input.Next.SetKeys(next...)
	km.Input.Prev.SetKeys(m.keys.PrevField.Keys()...)
	km.Input.Submit.SetKeys(m.keys.Submit.Keys()...)
	km.Confirm.Next.SetKeys(next...)
	km.Confirm.Prev.SetKeys(m.keys.PrevField.Keys()...)
	km.Confirm.Submit.SetKeys(m.keys.Submit.Keys()...)
	km.Confirm.Toggle.SetKeys("space", "left", "right", "h", "l")
	km.Select.Next.SetKeys(next...)
	km.Select.Prev.SetKeys(m.keys.PrevField.Keys()...)
	km.Select.Submit.SetKeys(m.keys.Submit.Keys()...)
	return km
}

// formStyles dress huh in the board's theme: the same roles for labels,
// input, errors and the focused field, and attributes only without colour.
func (m *Model) formStyles() *huh.Styles {
	th := &m.theme
	s := huh.ThemeBase(m.dark)
	s.FieldSeparator = s.FieldSeparator.SetString("\n")
	s.Focused.Base = s.Focused.Base.BorderForeground(th.Key.GetForeground())
	s.Focused.Title = th.Key
	s.Focused.ErrorIndicator = th.InputErr.SetString(" ✗")
	s.Focused.ErrorMessage = th.InputErr.SetString("")
	s.Focused.TextInput.Prompt = th.Key
	s.Focused.TextInput.Text = th.Input
	s.Focused.TextInput.Placeholder = th.Muted
	s.Focused.TextInput.Cursor = th.Key
	s.Focused.SelectSelector = th.Key.SetString("› ")
	s.Focused.Option = th.Input
	s.Focused.FocusedButton = th.Selected.Padding(0, 1)
	s.Focused.BlurredButton = th.Muted.Padding(0, 1)
	s.Blurred = s.Focused
	s.Blurred.Base = s.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
	s.Blurred.Title = th.Label
	s.Blurred.SelectSelector = th.Label.SetString("  ")
	s.Blurred.FocusedButton = th.Key.Underline(true).Padding(0, 1)
	return s
}

// askPhone asks for the supervisor's phone the first time it is needed —
// naming the call and the action it is for — then carries on with it.
func (m *Model) askPhone(action, uii string, then func() tea.Cmd) tea.Cmd {
	return m.phoneForm("Your phone — to "+action+" "+m.callLabel(uii),
		"RingCX dials this number to "+action+" "+m.callLabel(uii)+" (uii "+clean(uii)+"). Write it as you would dial it from here, or with + and the country code. "+m.phoneKept(),
		then)
}

// phoneKept says how long the phone typed at the prompt counts.
func (m *Model) phoneKept() string {
	if m.cfg.RememberPhone == nil {
		return "It counts for this run only (" + m.keys.Phone.Help().Key + " changes it)."
	}
	return "It is remembered for next time (" + m.keys.Phone.Help().Key + " changes it)."
}

// changePhone lets the person change the phone RingCX dials for them.
func (m *Model) changePhone() tea.Cmd {
	if m.cfg.ReadOnly {
		m.say(failure(m.readOnlyText()))
		return nil
	}
	return m.phoneForm("Your phone",
		"RingCX dials this number for monitor, coach and barge; sessions already running keep the phone they dialled. "+m.phoneKept(),
		nil)
}

// phoneForm is the one-field phone prompt; then, when set, runs after the
// phone is saved.
func (m *Model) phoneForm(title, intro string, then func() tea.Cmd) tea.Cmd {
	number := m.phone
	done := func() (tea.Cmd, error) {
		p, err := m.normalizePhone("phone", strings.TrimSpace(number))
		if err != nil {
			return nil, err
		}
		m.phone = p
		m.say(success("your phone is " + m.showPhone(p)))
		cmds := []tea.Cmd{m.rememberPhone(p)}
		if then != nil {
			cmds = append(cmds, then())
		}
		return tea.Batch(cmds...), nil
	}
	return m.openForm(title, []string{intro}, done,
		textField("phone", m.cfg.PhoneHint, &number, 24, m.phoneCheck("phone")))
}

// phoneSaveFailedMsg says the phone could not be kept for next time.
type phoneSaveFailedMsg struct{ err error }

// rememberPhone keeps the phone for the next run, off the Update loop.
func (m *Model) rememberPhone(p string) tea.Cmd {
	save := m.cfg.RememberPhone
	if save == nil {
		return nil
	}
	return func() tea.Msg {
		if err := save(p); err != nil {
			return phoneSaveFailedMsg{err}
		}
		return nil
	}
}

// pickerLoadedMsg carries a picker's list to the form waiting for it:
// open, run in Update, builds the real form in its place with the list the
// command fetched.
type pickerLoadedMsg struct {
	waiting *form
	open    func() tea.Cmd
}

// lookupTimeout bounds the wait for a picker's list; past it the form
// takes typed text and says why.
const lookupTimeout = 20 * time.Second

// openLoading shows a form's title and intro with a line saying what is
// being fetched, while fetch runs in a command (its answer may need a
// request); fetch returns what builds the form from the answer.
func (m *Model) openLoading(title string, intro []string, loading string, fetch func(context.Context) func() tea.Cmd) tea.Cmd {
	ctx, cancel := context.WithTimeout(m.cfg.Context, lookupTimeout)
	f := &form{title: title, intro: intro, loading: loading, stopLookup: cancel}
	m.overlay = f
	return func() tea.Msg {
		return pickerLoadedMsg{waiting: f, open: fetch(ctx)}
	}
}

// loaded opens the form a list was fetched for in place of the box that
// waited, and hands it what was typed meanwhile. An answer for a form the
// person has since closed is dropped.
func (f *form) loaded(m *Model, msg pickerLoadedMsg) tea.Cmd {
	if msg.waiting.stopLookup != nil {
		msg.waiting.stopLookup() // it has answered: release its timer
	}
	if msg.waiting != f || f.huh != nil || m.overlay != f {
		return nil
	}
	cmds := []tea.Cmd{msg.open()}
	next, ok := m.overlay.(*form)
	for _, t := range f.typed {
		if !ok || m.overlay != next {
			break // the keys typed ahead finished or cancelled it
		}
		switch t := t.(type) {
		case tea.KeyPressMsg:
			cmds = append(cmds, next.key(m, t))
		case tea.PasteMsg:
			cmds = append(cmds, next.paste(m, t))
		}
	}
	return tea.Batch(cmds...)
}

// openDisposition sets the selected call's disposition, offering the
// names valid for the call (Lookup.Dispositions) once they are read.
func (m *Model) openDisposition() tea.Cmd {
	uii := m.selectedUII()
	if _, ok := m.actionable(uii); !ok {
		return nil
	}
	label := m.callLabel(uii)
	intro := label + " · uii " + clean(uii)
	lookup := m.cfg.Lookup
	if lookup == nil {
		return m.dispositionForm(uii, label, intro, DispositionChoices{}, ErrNoLookup)
	}
	return m.openLoading("Disposition", []string{intro}, "loading the call's dispositions…", func(ctx context.Context) func() tea.Cmd {
		choices, err := lookup.Dispositions(ctx, uii)
		return func() tea.Cmd { return m.dispositionForm(uii, label, intro, choices, err) }
	})
}

// dispositionForm is the disposition form for a call: a picker of the
// call's dispositions when they are known (with "another name" where the
// list may be incomplete), else a text field saying why; notes required
// where the chosen disposition requires one. What is sent is the name
// exactly as the list spells it.
func (m *Model) dispositionForm(uii, label, intro string, choices DispositionChoices, lookupErr error) tea.Cmd {
	var (
		name, other, at, notes string
		callback               bool
	)
	items := choices.Items
	listed := lookupErr == nil && len(items) > 0
	lines, field := []string{intro}, huh.Field(nil)
	if listed {
		lines = append(lines, dispositionsFrom(choices))
		field = m.pickerField("disposition", dispositionOptions(items, choices.Partial != nil, pickerWidth(m.width)), &name, required)
	} else {
		why := lookupErr
		if why == nil {
			why = errors.New("RingCX lists none for this call")
		}
		lines = append(lines, "Disposition list unavailable: "+listReason(why, dispositionsForbidden)+" — type the name.")
		field = textField("disposition", "e.g. Resolved", &name, 100, required)
	}
	// chosen is the disposition to send: the one picked, or the name typed
	// — in the list's own spelling when the list has it.
	chosen := func() api.Disposition {
		if listed && name != otherDisposition {
			d, _ := api.FindDisposition(items, name)
			return d
		}
		typed := strings.TrimSpace(name)
		if listed {
			typed = strings.TrimSpace(other)
		}
		if d, ok := api.FindDisposition(items, typed); ok {
			return d
		}
		return api.Disposition{Name: typed}
	}
	callbackTime := func() (string, error) {
		if strings.TrimSpace(at) == "" {
			return "", nil
		}
		return api.ParseCallbackTime(at, m.now)
	}
	needsCallback := errors.New("a callback time needs callback set to yes (or clear the time)")
	noteCheck := func(s string) error {
		if d := chosen(); d.RequireNote && strings.TrimSpace(s) == "" {
			return fmt.Errorf("required for %q", clean(d.Name))
		}
		return nil
	}
	done := func() (tea.Cmd, error) {
		dts, err := callbackTime()
		switch {
		case err != nil:
			return nil, err
		case dts != "" && !callback:
			return nil, needsCallback
		}
		if err := fieldProblem("notes", noteCheck(notes)); err != nil {
			return nil, err
		}
		return m.start(actionRequest{kind: actDisposition, uii: uii, label: label,
			disp: api.DispositionRequest{Disposition: chosen().Name, Callback: callback, CallbackDTS: dts, Notes: strings.TrimSpace(notes)}}), nil
	}
	fields := []huh.Field{field}
	if listed && choices.Partial != nil {
		lines = append(lines, "The list may be incomplete: "+listReason(choices.Partial, dispositionsForbidden)+" — choose “another name” to type one.")
		fields = append(fields, textField("other name", "only with “another name” above", &other, 100, func(s string) error {
			switch {
			case name == otherDisposition && s == "":
				return errors.New("type the disposition's name, or pick one above")
			case name != otherDisposition && s != "":
				return errors.New("used only with “another name” above: clear it, or choose that")
			}
			return nil
		}))
	}
	notesHint := "optional"
	if slices.ContainsFunc(items, func(d api.Disposition) bool { return d.RequireNote }) {
		notesHint = "optional, unless the disposition requires one"
	}
	fields = append(fields,
		m.yesNoField("callback", &callback, func(cb bool) error {
			if !cb && strings.TrimSpace(at) != "" {
				return needsCallback
			}
			return nil
		}),
		textField("callback time", m.now.AddDate(0, 0, 1).Format("2006-01-02")+" 14:30", &at, 19, func(string) error {
			dts, err := callbackTime()
			if err == nil && dts != "" && !callback {
				err = needsCallback
			}
			return err
		}),
		textField("notes", notesHint, &notes, 500, noteCheck),
	)
	cmd := m.openForm("Disposition", lines, done, fields...)
	m.overlay.(*form).pinFirst = true // the call it is for
	return cmd
}

// dispositionsForbidden is what a refusal of a call's dispositions may
// mean: the service reads the agent on the call (reporting) and the
// queue's settings, and either may be refused.
const dispositionsForbidden = "no reporting rights, or no access to the queue's settings"

// dispositionsFrom says where the offered dispositions come from.
func dispositionsFrom(c DispositionChoices) string {
	if c.From == "" {
		return "The account's system dispositions (RingCX may refuse them for this call); those needing a note are marked."
	}
	return "The dispositions of " + clean(c.From) + "; those needing a note are marked."
}

// openManualCall places a call from an agent's phone, offering the agents
// who can take it (Lookup.DialAgents) once they are read. From the Agents
// view, the highlighted agent is the one offered first (highlighted).
func (m *Model) openManualCall() tea.Cmd {
	if m.cfg.ReadOnly {
		m.say(failure(m.readOnlyText()))
		return nil
	}
	var preset api.Agent
	if r := m.agentsGrid.current(); m.view == ViewAgents && r != nil {
		preset = r.a
	}
	lookup := m.cfg.Lookup
	if lookup == nil {
		return m.manualCallForm(nil, ErrNoLookup, preset)
	}
	return m.openLoading(manualCallTitle, []string{manualCallIntro}, "loading agents…", func(ctx context.Context) func() tea.Cmd {
		agents, err := lookup.DialAgents(ctx)
		return func() tea.Cmd { return m.manualCallForm(agents, err, preset) }
	})
}

const (
	manualCallTitle = "New manual agent call"
	manualCallIntro = "The agent's phone rings first; when they answer, RingCX dials the number. The agent must be logged in and not on a call."
)

// manualCallForm is the new-call form: the agent picked from the list (or
// typed, when the list is unavailable: lookupErr says why), the number,
// the caller id and how long to ring. preset, when it has a username, is
// the agent the form starts on.
func (m *Model) manualCallForm(agents []api.Agent, lookupErr error, preset api.Agent) tea.Cmd {
	var agent, to, callerID string
	ring := "30"
	done := func() (tea.Cmd, error) {
		dest, err := m.normalizePhone("destination", strings.TrimSpace(to))
		if err != nil {
			return nil, err
		}
		cid, err := m.normalizePhone("callerId", strings.TrimSpace(callerID))
		if err != nil {
			return nil, err
		}
		seconds, _ := strconv.Atoi(strings.TrimSpace(ring))
		return m.start(actionRequest{kind: actManualCall, label: m.showPhone(dest),
			manual: api.ManualCallRequest{Username: strings.TrimSpace(agent), Destination: dest, CallerID: cid, RingDuration: seconds}}), nil
	}
	agentField, note := m.agentField(agents, lookupErr, preset, &agent)
	return m.openForm(manualCallTitle, []string{manualCallIntro, note}, done,
		agentField,
		textField("to", "number to call", &to, 24, m.phoneCheck("to")),
		textField("caller id", "number the callee sees", &callerID, 24, m.phoneCheck("caller id")),
		textField("ring seconds", "1–120", &ring, 3, func(s string) error {
			if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 120 {
				return fmt.Errorf("a number of seconds from 1 to 120")
			}
			return nil
		}),
	)
}

// agentField is the new-call form's agent: a picker of the logged-in
// agents, free ones first, when the list is known and has any; else a
// text field for the username. note is the form's line about it. The
// preset agent starts chosen when the list offers them (logged in), or
// typed when there is no list; a logged-out one is named in the note.
func (m *Model) agentField(agents []api.Agent, lookupErr error, preset api.Agent, value *string) (field huh.Field, note string) {
	typed := func() huh.Field {
		*value = preset.Username
		return textField("agent", "RingCX username, e.g. marta.nunez@example.com", value, 120, required)
	}
	switch {
	case errors.Is(lookupErr, ErrAgentStatesUnknown) && len(agents) > 0:
		return m.rosterField(agents, lookupErr, preset, value)
	case lookupErr != nil:
		return typed(), "Agents list unavailable: " + listReason(lookupErr, "no reporting rights") + " — type the username."
	}
	opts, free, loggedOut := agentOptions(agents, pickerWidth(m.width))
	out := ""
	if loggedOut > 0 {
		out = fmt.Sprintf(" %d logged-out %s not listed: RingCX rings only a logged-in agent.", loggedOut, plural(loggedOut, "agent", "agents"))
	}
	if len(opts) == 0 {
		return typed(), "Nobody is logged in to take the call." + out + " Type the username."
	}
	note = fmt.Sprintf("%d free %s first, then the other logged-in agents.", free, plural(free, "agent", "agents")) + out
	if preset.Username != "" {
		if slices.ContainsFunc(opts, func(o huh.Option[string]) bool { return o.Value == preset.Username }) {
			*value = preset.Username
		} else {
			note += " " + clean(preset.Name()) + " is not listed: not logged in."
		}
	}
	return m.pickerField("agent", opts, value, required), note
}

// rosterField is the agent picker when only the roster is known: every
// member, by username, with no state — whether anyone is free or even
// logged in is not known, so nothing is said about it.
func (m *Model) rosterField(agents []api.Agent, why error, preset api.Agent, value *string) (huh.Field, string) {
	opts := rosterOptions(agents, pickerWidth(m.width))
	if preset.Username != "" && slices.ContainsFunc(opts, func(o huh.Option[string]) bool { return o.Value == preset.Username }) {
		*value = preset.Username
	}
	return m.pickerField("agent", opts, value, required),
		"Agent states unknown: " + listReason(why, "no reporting rights") + "; all roster members listed."
}

// required refuses an empty field.
func required(s string) error {
	if s == "" {
		return errors.New("required")
	}
	return nil
}
