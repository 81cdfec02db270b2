package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Account is an account the signed-in user can watch.
type Account struct{ ID, Name string }

// Picker asks which account to watch when the user can see several and
// none was configured. It runs as its own small program before the board.
type Picker struct {
	accounts      []Account
	cursor        int
	chosen        bool
	keys          KeyMap
	theme         Theme
	width, height int
}

// NewPicker lists accounts (names are untrusted API text, cleaned here).
func NewPicker(accounts []Account, keys KeyMap, theme ThemeFunc) *Picker {
	p := &Picker{keys: keys, width: 80, height: 24}
	for _, a := range accounts {
		p.accounts = append(p.accounts, Account{ID: clean(a.ID), Name: clean(a.Name)})
	}
	if theme != nil {
		p.theme = theme(true)
	}
	return p
}

// Chosen is the account picked, if one was.
func (p *Picker) Chosen() (Account, bool) {
	if !p.chosen || len(p.accounts) == 0 {
		return Account{}, false
	}
	return p.accounts[p.cursor], true
}

func (p *Picker) Init() tea.Cmd { return nil }

func (p *Picker) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.width, p.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, p.keys.Down):
			p.cursor = min(len(p.accounts)-1, p.cursor+1)
		case key.Matches(msg, p.keys.Submit):
			p.chosen = len(p.accounts) > 0
			return p, tea.Quit
		case key.Matches(msg, p.keys.Quit), key.Matches(msg, p.keys.Cancel):
			return p, tea.Quit
		}
	}
	return p, nil
}

func (p *Picker) View() tea.View {
	th := &p.theme
	var b strings.Builder
	b.WriteString(th.Title.Render("callboard") + "  " + th.Account.Render("Which account?") + "\n\n")
	b.WriteString(th.Muted.Render("You can see several RingCX accounts. Pick one (set RINGCX_ACCOUNT_ID or --account to skip this).") + "\n\n")
	for i, a := range p.accounts {
		line := fmt.Sprintf("%-12s %s", a.ID, a.Name)
		if i == p.cursor {
			b.WriteString(th.Bar + " " + th.Selected.Render(line))
		} else {
			b.WriteString("  " + line)
		}
		b.WriteByte('\n')
	}
	b.WriteString("\n" + th.Muted.Render("↑/↓ choose · enter watch · q quit"))
	v := tea.NewView(lipgloss.NewStyle().Padding(1, 2).Render(b.String()))
	v.AltScreen = true
	return v
}
