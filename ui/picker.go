package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
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

// The new-call and disposition forms' pickers: what they offer, in what
// order, and why a list is missing when it is.

// agentOptions are the agents a new call may be placed for, as the agent
// picker offers them: logged-in agents who are free (AVAILABLE) first,
// then the other logged-in agents, each group by username, each shown
// with their name and state as RingCX names it. Logged-out agents are
// left out — RingCX rings only a logged-in agent's phone — and counted.
// The value is the username exactly as RingCX sent it (it is sent back);
// the label is cleaned and fitted to width cells.
func agentOptions(agents []api.Agent, width int) (opts []huh.Option[string], free, loggedOut int) {
	listed, free, loggedOut := api.DialCandidates(agents)
	userW, nameW := 8, 4
	for _, a := range agents {
		userW = max(userW, ansi.StringWidth(clean(a.Username)))
		nameW = max(nameW, ansi.StringWidth(clean(a.Name())))
	}
	userW, nameW = min(userW, max(12, width/2)), min(nameW, max(8, width/4))
	for _, a := range listed {
		state := clean(a.State)
		if a.PendingDisposition {
			state += " · disposition pending"
		}
		label := fit(clean(a.Username), userW) + "  " + fit(clean(a.Name()), nameW) + "  " + orDash(state)
		opts = append(opts, huh.NewOption(fit(label, width), a.Username))
	}
	return opts, free, loggedOut
}

// rosterOptions are the roster's members as the agent picker offers them
// when their states are unknown: by username, with their names, each
// username once; nobody is ranked or left out, as nothing is known of who
// is free or logged in. Value and label as agentOptions.
func rosterOptions(agents []api.Agent, width int) []huh.Option[string] {
	members := slices.Clone(agents)
	slices.SortStableFunc(members, func(x, y api.Agent) int {
		return strings.Compare(strings.ToLower(x.Username), strings.ToLower(y.Username))
	})
	userW := 8
	for _, a := range members {
		userW = max(userW, ansi.StringWidth(clean(a.Username)))
	}
	userW = min(userW, max(12, width*2/3))
	opts := make([]huh.Option[string], 0, len(members))
	seen := make(map[string]bool, len(members))
	for _, a := range members {
		if strings.TrimSpace(a.Username) == "" || seen[a.Username] {
			continue
		}
		seen[a.Username] = true
		opts = append(opts, huh.NewOption(fit(fit(clean(a.Username), userW)+"  "+clean(a.Name()), width), a.Username))
	}
	return opts
}

// otherDisposition is the disposition picker's "type another name" choice,
// offered when the list may be incomplete; no RingCX name can equal it.
const otherDisposition = "\x00other"

// dispositionOptions are a call's dispositions as the picker offers them,
// in the service's order (the queue's or campaign's, then the system's),
// those needing a note marked; the value is the name exactly as listed.
// Where the list may be incomplete, "another name" comes first: typing a
// name is then as likely as picking one, and the choice stays in sight
// however long the list.
func dispositionOptions(items []api.Disposition, partial bool, width int) []huh.Option[string] {
	opts := make([]huh.Option[string], 0, len(items)+1)
	if partial {
		opts = append(opts, huh.NewOption("another name — type it below", otherDisposition))
	}
	for _, d := range items {
		label := clean(d.Name)
		if d.RequireNote {
			label += "  · note required"
		}
		opts = append(opts, huh.NewOption(fit(label, width), d.Name))
	}
	return opts
}

// ListReason words why a list is missing or incomplete, in a line, for
// callboard's commands as for the board's pickers: one wording of the
// lookup's typed reasons (feeds.go) and the api's errors, any other
// failure as it came (cleaned).
func ListReason(err error) string {
	return listReason(err, "this user may lack reporting rights or access to the queue's settings")
}

// listReason is ListReason with what a refusal means for this list.
func listReason(err error, forbidden string) string {
	var rl *api.RateLimitError
	var apiErr *api.APIError
	var lost *api.AnswerLostError
	switch {
	case errors.Is(err, ErrNoLookup):
		return "this board has no service to ask for it"
	case errors.Is(err, ErrNoAgentOnCall):
		return "no agent is known on this call, so neither is its queue"
	case errors.Is(err, ErrQueueNotListed):
		return "the call's queue or campaign is not in the account's lists"
	case errors.Is(err, api.ErrForbidden):
		return "RingCX refused it (" + forbidden + ")"
	case errors.As(err, &rl):
		return "RingCX is rate limiting this account"
	case errors.Is(err, api.ErrUnauthorized):
		return "signed out of RingCX"
	case errors.Is(err, api.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "no answer from RingCX in time"
	case errors.Is(err, api.ErrNotFound):
		return "RingCX does not know it"
	case errors.As(err, &lost):
		return answerLostText(lost)
	case errors.As(err, &apiErr) && clean(apiErr.Reason()) != "":
		return fmt.Sprintf("RingCX said %s (HTTP %d)", clean(apiErr.Reason()), apiErr.StatusCode)
	}
	return clean(err.Error())
}
