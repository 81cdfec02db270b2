package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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
	return f.fields[f.focus].input.Focus()
}

func (f *form) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case k.String() == "ctrl+c":
		m.overlay = nil
		return m.quit()
	case key.Matches(k, m.keys.Cancel):
		m.overlay = nil
		m.toast = info("cancelled: " + strings.ToLower(f.title))
		return nil
	case key.Matches(k, m.keys.NextField):
		return f.focusOn(f.focus + 1)
	case key.Matches(k, m.keys.PrevField):
		return f.focusOn(f.focus - 1)
	case key.Matches(k, m.keys.Submit):
		values := make([]string, len(f.fields))
		for i, fl := range f.fields {
			values[i] = strings.TrimSpace(fl.input.Value())
			if fl.check != nil {
				if err := fl.check(values[i]); err != nil {
					f.err = fl.label + ": " + err.Error()
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
	var cmd tea.Cmd
	fl := f.fields[f.focus]
	fl.input, cmd = fl.input.Update(k)
	f.err = ""
	return cmd
}

func (f *form) paste(_ *Model, p tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	fl := f.fields[f.focus]
	fl.input, cmd = fl.input.Update(p)
	return cmd
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
		lines = append(lines, marker+label+" "+fl.input.View())
	}
	lines = append(lines, "")
	if f.err != "" {
		lines = append(lines, wrap(th.InputErr.Render("✗ "+f.err), inner)...)
	} else {
		lines = append(lines, th.Muted.Render("tab next field · enter submit · esc cancel"))
	}
	return box(th, f.title, lines, inner)
}

// askPhone asks for the supervisor's phone the first time it is needed, then
// carries on with what was asked for.
func (m *Model) askPhone(then func() tea.Cmd) tea.Cmd {
	f := &form{
		title: "Your phone",
		intro: []string{"RingCX dials this number for monitor, coach and barge. Digits or +E.164; spaces, dashes and brackets are fine."},
		fields: []*field{newField("phone", m.cfg.PhoneHint, "", 24, func(s string) error {
			_, err := api.NormalizePhone("phone", s)
			return stripField(err)
		})},
	}
	f.submit = func(v []string) (tea.Cmd, error) {
		p, _ := api.NormalizePhone("phone", v[0])
		m.phone = p
		m.overlay = nil
		m.toast = success("your phone is " + phone(p))
		return then(), nil
	}
	return f.open(m)
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
			newField("callback", "y or n", "n", 3, func(s string) error {
				_, err := parseYesNo(s)
				return err
			}),
			newField("callback at", "2026-11-26 14:30 or yyyyMMddHHmmss", "", 19, func(s string) error {
				_, err := parseCallbackTime(s)
				return err
			}),
			newField("notes", "optional", "", 500, nil),
		},
	}
	f.submit = func(v []string) (tea.Cmd, error) {
		cb, _ := parseYesNo(v[1])
		dts, _ := parseCallbackTime(v[2])
		if dts != "" && !cb {
			return nil, fmt.Errorf("a callback time needs callback: y")
		}
		return m.start(actionRequest{kind: actDisposition, uii: uii, label: label,
			disp: api.DispositionRequest{Disposition: v[0], Callback: cb, CallbackDTS: dts, Notes: v[3]}}), nil
	}
	return f.open(m)
}

// openManualCall places a call from an agent's phone.
func (m *Model) openManualCall() tea.Cmd {
	if m.cfg.ReadOnly {
		m.toast = failure("read-only: actions are turned off (started with --read-only)")
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
	if ie, ok := err.(*api.InputError); ok {
		return fmt.Errorf("%s", ie.Reason)
	}
	return err
}

func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "y", "yes", "true":
		return true, nil
	case "", "n", "no", "false":
		return false, nil
	}
	return false, fmt.Errorf("y or n")
}

// parseCallbackTime accepts yyyyMMddHHmmss or a readable local date and
// time, and returns RingCX's callBackDTS form ("" for none).
func parseCallbackTime(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if err := api.ValidateCallbackDTS(s); err == nil {
		return s, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t.Format(api.CallbackLayout), nil
		}
	}
	return "", fmt.Errorf("a date and time like 2026-11-26 14:30 (or yyyyMMddHHmmss)")
}
