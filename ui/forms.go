package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
)

// form is a small dialog of text fields: tab and shift+tab move between
// them, enter submits (each field validated, the first problem shown and
// the form kept open), esc cancels.
type form struct {
	title  string
	intro  []string
	fields []*field
	focus  int
	err    string
	// submit receives the fields' values (trimmed), returns the command to
	// run, or an error to show.
	submit func(values []string) (tea.Cmd, error)
}

type field struct {
	label string
	input textinput.Model
	// check validates one value; nil accepts anything.
	check func(string) error
	// toggle makes the field a yes/no switch: space, y, n and the arrow
	// keys set it; typing cannot make "ny" of it. on is its value.
	toggle, on bool
}

// newToggle is a yes/no field.
func newToggle(label string, on bool) *field { return &field{label: label, toggle: true, on: on} }

// value is what the field holds: its text, or "yes"/"no" for a toggle.
func (fl *field) value() string {
	if fl.toggle {
		return map[bool]string{true: "yes", false: "no"}[fl.on]
	}
	return strings.TrimSpace(fl.input.Value())
}

// toggleKey sets a yes/no field from a key, and reports whether the key
// was one a switch takes.
func (fl *field) toggleKey(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "space", " ", "left", "right", "x":
		fl.on = !fl.on
	case "y", "Y":
		fl.on = true
	case "n", "N":
		fl.on = false
	default:
		return false
	}
	return true
}

func (fl *field) view(th *Theme) string {
	if !fl.toggle {
		return fl.input.View()
	}
	hint := th.Muted.Render("  (space, y or n)")
	if fl.on {
		return th.Input.Render("[x] yes") + hint
	}
	return th.Input.Render("[ ] no") + hint
}

func newField(label, placeholder, value string, limit int, check func(string) error) *field {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetValue(value)
	return &field{label: label, input: in, check: check}
}

func (f *form) open(m *Model) tea.Cmd {
	m.overlay = f
	f.resize(m.width)
	return f.focusOn(0)
}

// resize fits the inputs to the dialog for a terminal width; called when
// the form opens and when the terminal is resized, never from view.
func (f *form) resize(width int) {
	inner, labelW := f.widths(width)
	for _, fl := range f.fields {
		fl.input.SetWidth(max(10, inner-labelW-6))
	}
}

func (f *form) widths(width int) (inner, labelW int) {
	for _, fl := range f.fields {
		labelW = max(labelW, len(fl.label))
	}
	return min(width-4, 72), labelW
}

func (f *form) focusOn(i int) tea.Cmd {
	f.fields[f.focus].input.Blur()
	f.focus = (i + len(f.fields)) % len(f.fields)
	if f.fields[f.focus].toggle {
		return nil
	}
	return f.fields[f.focus].input.Focus()
}

func (f *form) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case k.String() == "ctrl+c":
		m.overlay = nil
		return m.quit()
	case key.Matches(k, m.keys.Cancel):
		m.overlay = nil
		m.say(info("cancelled: " + strings.ToLower(f.title)))
		return nil
	case key.Matches(k, m.keys.NextField):
		return f.focusOn(f.focus + 1)
	case key.Matches(k, m.keys.PrevField):
		return f.focusOn(f.focus - 1)
	case key.Matches(k, m.keys.Submit):
		values := make([]string, len(f.fields))
		for i, fl := range f.fields {
			values[i] = fl.value()
			if fl.check != nil {
				if err := fl.check(values[i]); err != nil {
					f.err = fieldProblem(fl.label, err)
					return f.focusOn(i)
				}
			}
		}
		cmd, err := f.submit(values)
		if err != nil {
			f.err = err.Error()
			return nil
		}
		if m.overlay == f {
			m.overlay = nil
		}
		return cmd
	}
	fl := f.fields[f.focus]
	if fl.toggle {
		f.err = ""
		if !fl.toggleKey(k) {
			f.err = fl.label + ": press space to switch, or y / n"
		}
		return nil
	}
	var cmd tea.Cmd
	fl.input, cmd = fl.input.Update(k)
	f.err = ""
	return cmd
}

func (f *form) paste(_ *Model, p tea.PasteMsg) tea.Cmd {
	fl := f.fields[f.focus]
	if fl.toggle {
		return nil // pasted text is not a yes
	}
	var cmd tea.Cmd
	fl.input, cmd = fl.input.Update(p)
	return cmd
}

// fieldProblem words a field's problem after its label: "callback at is in
// the past…", "ring seconds: a number from 1 to 120".
func fieldProblem(label string, err error) string {
	reason := stripField(err).Error()
	if strings.HasPrefix(reason, "is ") {
		return label + " " + reason
	}
	return label + ": " + reason
}

func (f *form) view(m *Model, width, _ int) string {
	th := &m.theme
	inner, labelW := f.widths(width)
	var lines []string
	for _, l := range f.intro {
		lines = append(lines, wrap(l, inner)...)
	}
	if len(f.intro) > 0 {
		lines = append(lines, "")
	}
	for i, fl := range f.fields {
		label := th.Label.Render(fitRight(fl.label, labelW))
		marker := "  "
		if i == f.focus {
			marker = th.Key.Render("› ")
		}
		lines = append(lines, marker+label+" "+fl.view(th))
	}
	lines = append(lines, "")
	switch {
	case f.err != "":
		lines = append(lines, wrap(th.InputErr.Render("✗ "+f.err), inner)...)
	case len(f.fields) == 1:
		lines = append(lines, th.Muted.Render(m.keys.Submit.Help().Key+" save · "+m.keys.Cancel.Help().Key+" cancel"))
	default:
		lines = append(lines, th.Muted.Render(m.keys.NextField.Help().Key+" next field · "+m.keys.Submit.Help().Key+" submit · "+m.keys.Cancel.Help().Key+" cancel"))
	}
	return box(th, f.title, lines, inner)
}

// askPhone asks for the supervisor's phone the first time it is needed —
// naming the call and the action it is for — then carries on with it.
func (m *Model) askPhone(action, uii string, then func() tea.Cmd) tea.Cmd {
	return m.phoneForm("Your phone — to "+action+" "+m.callLabel(uii),
		"RingCX dials this number to "+action+" "+m.callLabel(uii)+" (uii "+clean(uii)+"). Digits or +E.164; spaces, dashes and brackets are fine. "+m.phoneKept(),
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
		m.say(failure(readOnlyText))
		return nil
	}
	return m.phoneForm("Your phone",
		"RingCX dials this number for monitor, coach and barge; sessions already running keep the phone they dialled. "+m.phoneKept(),
		nil)
}

// phoneForm is the one-field phone prompt; then, when set, runs after the
// phone is saved.
func (m *Model) phoneForm(title, intro string, then func() tea.Cmd) tea.Cmd {
	f := &form{
		title: title,
		intro: []string{intro},
		fields: []*field{newField("phone", m.cfg.PhoneHint, m.phone, 24, func(s string) error {
			_, err := api.NormalizePhone("phone", s)
			return err
		})},
	}
	f.submit = func(v []string) (tea.Cmd, error) {
		p, _ := api.NormalizePhone("phone", v[0])
		m.phone = p
		m.overlay = nil
		m.say(success("your phone is " + phone(p)))
		cmds := []tea.Cmd{m.rememberPhone(p)}
		if then != nil {
			cmds = append(cmds, then())
		}
		return tea.Batch(cmds...), nil
	}
	return f.open(m)
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

// openDisposition sets the selected call's disposition.
func (m *Model) openDisposition() tea.Cmd {
	uii := m.selectedUII()
	if _, ok := m.actionable(uii); !ok {
		return nil
	}
	label := m.callLabel(uii)
	f := &form{
		title: "Disposition",
		intro: []string{label + " · uii " + uii},
		fields: []*field{
			newField("disposition", "e.g. Resolved", "", 100, func(s string) error {
				if s == "" {
					return fmt.Errorf("required")
				}
				return nil
			}),
			newToggle("callback", false),
			newField("callback time", m.now.AddDate(0, 0, 1).Format("2006-01-02")+" 14:30", "", 19, func(s string) error {
				if s == "" {
					return nil
				}
				_, err := api.ParseCallbackTime(s, m.now)
				return err
			}),
			newField("notes", "optional", "", 500, nil),
		},
	}
	f.submit = func(v []string) (tea.Cmd, error) {
		cb := v[1] == "yes"
		var dts string
		if v[2] != "" {
			dts, _ = api.ParseCallbackTime(v[2], m.now)
		}
		if dts != "" && !cb {
			return nil, fmt.Errorf("a callback time needs callback switched to yes (or clear the time)")
		}
		return m.start(actionRequest{kind: actDisposition, uii: uii, label: label,
			disp: api.DispositionRequest{Disposition: v[0], Callback: cb, CallbackDTS: dts, Notes: v[3]}}), nil
	}
	return f.open(m)
}

// openManualCall places a call from an agent's phone.
func (m *Model) openManualCall() tea.Cmd {
	if m.cfg.ReadOnly {
		m.say(failure(readOnlyText))
		return nil
	}
	phoneCheck := func(name string) func(string) error {
		return func(s string) error {
			_, err := api.NormalizePhone(name, s)
			return stripField(err)
		}
	}
	f := &form{
		title: "New manual agent call",
		intro: []string{"The agent's phone rings first; when they answer, RingCX dials the number. The agent must be logged in and not on a call."},
		fields: []*field{
			newField("agent", "RingCX username, e.g. marta.nunez@example.com", "", 120, func(s string) error {
				if s == "" {
					return fmt.Errorf("required")
				}
				return nil
			}),
			newField("to", "number to call", "", 24, phoneCheck("to")),
			newField("caller id", "number the callee sees", "", 24, phoneCheck("caller id")),
			newField("ring seconds", "1–120", "30", 3, func(s string) error {
				n, err := strconv.Atoi(s)
				if err != nil || n < 1 || n > 120 {
					return fmt.Errorf("a number of seconds from 1 to 120")
				}
				return nil
			}),
		},
	}
	f.submit = func(v []string) (tea.Cmd, error) {
		to, _ := api.NormalizePhone("destination", v[1])
		cid, _ := api.NormalizePhone("callerId", v[2])
		ring, _ := strconv.Atoi(v[3])
		return m.start(actionRequest{kind: actManualCall, label: phone(to),
			manual: api.ManualCallRequest{Username: v[0], Destination: to, CallerID: cid, RingDuration: ring}}), nil
	}
	return f.open(m)
}

// stripField turns an api.InputError into its reason alone: the form shows
// the field's own label.
func stripField(err error) error {
	var ie *api.InputError
	if errors.As(err, &ie) {
		return errors.New(ie.Reason)
	}
	return err
}
