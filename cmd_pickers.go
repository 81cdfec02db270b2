package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/ui"
)

// The commands' side of the pickers: dial's agent and disposition's name
// are checked against RingCX's lists — the board's own lookup (Reference)
// — once signed in, and dial offers the agents to choose from when run on
// a terminal without --agent.

// lookup is where the lists come from: over SSH the service's (its feeds
// keep them fresh), else one read of each list as it is needed.
func (a *app) lookup() ui.Lookup {
	if a.remote != nil {
		return a.remote.svc.Reference()
	}
	return console.NewReference(a.client)
}

// warnf writes a warning line on stderr: something the command went on
// without.
func (a *app) warnf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if a.client != nil {
		msg = a.client.Redact(msg)
	}
	fmt.Fprintln(a.stderr, "callboard: "+msg)
}

// interactive reports whether the command can ask: both ends a terminal.
func (a *app) interactive() bool { return isTerminal(a.stdin) && isTerminal(a.stdout) }

// checkDialAgent settles the agent a manual call is placed for. typed ""
// (on a terminal) offers the agents to pick from, dialling saying what
// will be dialled. A username the roster
// does not know is bad input (exit 2) with the closest names; when the
// list cannot be read, the username goes as typed, with a warning saying
// why. The username returned is the roster's spelling.
func (a *app) checkDialAgent(ctx context.Context, typed, dialling string) (string, error) {
	agents, err := a.lookup().DialAgents(ctx)
	if typed == "" {
		picked, pickErr := a.pickAgent(ctx, agents, err, dialling)
		if pickErr != nil || err != nil {
			return picked, pickErr
		}
		typed = picked
	}
	rosterOnly := errors.Is(err, ui.ErrAgentStatesUnknown) && len(agents) > 0 // names known, states not
	if err != nil && !rosterOnly {
		a.warnf("dial: the agents list is unavailable (%s): sending %q as typed", ui.ListReason(err), cell(typed))
		return typed, nil
	}
	ag, ok := findAgent(agents, typed)
	if !ok {
		msg := fmt.Sprintf("dial: no agent %q on the account's roster", cell(typed))
		switch near := quoteAll(closestUsernames(agents, typed, 3)); len(near) {
		case 0:
		case 1:
			msg += "; did you mean " + near[0] + "?"
		default:
			msg += "; did you mean one of " + strings.Join(near, ", ") + "?"
		}
		return "", &exitError{code: exitUsage, msg: msg + "\n`callboard agents --all` lists them."}
	}
	if warning, ok := notFreeWarning(ag); ok {
		a.warnf("%s", warning)
	}
	return ag.Username, nil
}

// notFreeWarning is dial's one wording for an agent who is not free —
// logged out, on a call, in wrap-up or away alike — and false for a free
// agent or one whose state is not known. The state read may be a few
// seconds old, so the call is sent anyway and RingCX decides: a warning,
// not a refusal.
func notFreeWarning(ag api.Agent) (string, bool) {
	state := cell(ag.State)
	uii, onCall := ag.OnCall()
	switch {
	case ag.LoggedOut:
		state = "logged out"
	case onCall:
		state = cmp.Or(state, "on a call") + " (call " + cell(uii) + ")"
	case ag.Free() || strings.TrimSpace(ag.State) == "":
		return "", false
	}
	return fmt.Sprintf("dial: %s is %s, not free, as RingCX last reported (its state may be a few seconds old): "+
		"RingCX will likely refuse the call; sending it anyway", cell(ag.Username), state), true
}

// findAgent finds a username on the list: exactly, else ignoring case
// (usernames are e-mail addresses).
func findAgent(agents []api.Agent, name string) (api.Agent, bool) {
	name = strings.TrimSpace(name)
	if i := slices.IndexFunc(agents, func(ag api.Agent) bool { return ag.Username == name }); i >= 0 {
		return agents[i], true
	}
	i := slices.IndexFunc(agents, func(ag api.Agent) bool { return strings.EqualFold(ag.Username, name) })
	if i < 0 {
		return api.Agent{}, false
	}
	return agents[i], true
}

// closestUsernames are up to n usernames like name: those holding it,
// or whose part before "@" it holds (heldLocalPart), ignoring case, first;
// then those a few edits away, nearest first.
func closestUsernames(agents []api.Agent, name string, n int) []string {
	name = strings.ToLower(strings.TrimSpace(name))
	type near struct {
		username string
		dist     int
	}
	var found []near
	for _, ag := range agents {
		u := strings.ToLower(ag.Username)
		switch d := config.EditDistance(name, u); {
		case u == "":
		case strings.Contains(u, name) || heldLocalPart(name, u):
			found = append(found, near{ag.Username, -1})
		case d <= max(2, len(name)/5):
			found = append(found, near{ag.Username, d})
		}
	}
	slices.SortStableFunc(found, func(x, y near) int {
		return cmp.Or(cmp.Compare(x.dist, y.dist), strings.Compare(x.username, y.username))
	})
	out := make([]string, 0, n)
	for _, f := range found[:min(n, len(found))] {
		out = append(out, cell(f.username))
	}
	return out
}

// minLocalPart is the shortest part before "@" that closestUsernames
// looks for in what was typed: an empty or one- or two-letter part ("@x",
// "jo@x") is held in almost any name, and would be offered first for
// every typo.
const minLocalPart = 3

// heldLocalPart reports whether typed holds the username's part before
// "@", when that part is long enough to mean something (minLocalPart).
func heldLocalPart(typed, username string) bool {
	local, _, _ := strings.Cut(username, "@")
	return utf8.RuneCountInString(local) >= minLocalPart && strings.Contains(typed, local)
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, s := range names {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// pickAgent asks on the terminal whom to call for, saying which number is
// dialled and the caller id shown (dialling): the agents to choose from
// (type to filter), free ones first with their state, in aligned columns;
// with only the roster known (ui.ErrAgentStatesUnknown), every member and
// no claim about who is free; when the list is unavailable (listErr), a
// username to type, with a line saying why.
func (a *app) pickAgent(ctx context.Context, agents []api.Agent, listErr error, dialling string) (string, error) {
	var username string
	var field huh.Field
	rosterOnly := errors.Is(listErr, ui.ErrAgentStatesUnknown)
	ordered, _, loggedOut := api.DialCandidates(agents)
	if (listErr == nil || rosterOnly) && len(ordered) > 0 {
		desc := dialling + "\ntype to filter, ↑/↓ choose, enter to dial; free agents first"
		switch {
		case rosterOnly:
			desc = dialling + "\nAgent states unknown (" + ui.ListReason(listErr) + "); all roster members listed. Type to filter, enter to dial."
		case loggedOut > 0:
			desc += fmt.Sprintf(" (%d logged out, not listed)", loggedOut)
		}
		field = huh.NewSelect[string]().Title("Agent").Description(desc).
			Options(dialAgentOptions(ordered, !rosterOnly)...).Value(&username).Filtering(true).Height(min(len(ordered), 10) + 2)
	} else {
		why := "Nobody is logged in to take the call."
		if listErr != nil {
			why = "The agents list is unavailable: " + ui.ListReason(listErr) + "."
		}
		field = huh.NewInput().Title("Agent's RingCX username").Description(dialling + "\n" + why).
			Value(&username).Validate(required("username", "type the agent's username"))
	}
	if err := a.ask(ctx, "dial", field); err != nil {
		return "", err
	}
	return strings.TrimSpace(username), nil
}

// maxPickerUsername bounds the username column of dial's picker, in
// terminal columns: a long one is cut with "…" so the others stay in line.
const maxPickerUsername = 40

// dialAgentOptions are the agents as dial's picker lists them: username,
// state (when states are known) and name, each column padded to the
// widest so they line up.
func dialAgentOptions(agents []api.Agent, withState bool) []huh.Option[string] {
	users, states := make([]string, len(agents)), make([]string, len(agents))
	userW, stateW := 0, 0
	for i, ag := range agents {
		users[i] = ansi.Truncate(cell(ag.Username), maxPickerUsername, "…")
		states[i] = orDashText(cell(ag.State))
		userW, stateW = max(userW, ansi.StringWidth(users[i])), max(stateW, ansi.StringWidth(states[i]))
	}
	opts := make([]huh.Option[string], len(agents))
	for i, ag := range agents {
		label := padRight(users[i], userW) + "  "
		if withState {
			label += padRight(states[i], stateW) + "  "
		}
		opts[i] = huh.NewOption(label+cell(ag.Name()), ag.Username)
	}
	return opts
}

// dialContext is the line dial's picker opens with: the number RingCX
// dials once the agent answers, and the caller id it shows.
func (a *app) dialContext(dest, callerID string) string {
	phones := a.cfg.Phones()
	return fmt.Sprintf("Calls %s, showing caller id %s: RingCX rings the agent's phone first.", phones.Format(dest), phones.Format(callerID))
}

// ask runs one question on the terminal, in the board's accessible mode
// when the theme is none or the terminal dumb. Cancelling (esc, ctrl+c)
// says nothing was done and exits 1; cmd names the command in an error.
func (a *app) ask(ctx context.Context, cmd string, field huh.Field) error {
	form := huh.NewForm(huh.NewGroup(field)).WithInput(a.stdin).WithOutput(a.stdout).
		WithAccessible(a.cfg.Theme == "none" || a.env("TERM") == "dumb")
	if err := form.RunWithContext(ctx); err != nil {
		if errors.Is(err, huh.ErrUserAborted) || ctx.Err() != nil {
			fmt.Fprintln(a.stdout, "Cancelled: nothing was done.")
			return &exitError{code: exitFailed}
		}
		return a.failf(exitFailed, "%s: %v", cmd, err)
	}
	return nil
}

// required refuses an empty answer with msg, and one that is not plain
// text (api.CheckText, field naming it) as the flags' values are refused.
func required(field, msg string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(msg)
		}
		return api.CheckText(field, s, false)
	}
}

// pickDisposition asks on the terminal for the call's disposition: the
// names valid for it to choose from (type to filter), those requiring a
// note marked; when the list is unavailable, a name to type, with a line
// saying why. A name that requires a note is then asked for one, unless
// req already has it. req gets the list's spelling.
func (a *app) pickDisposition(ctx context.Context, uii string, req *api.DispositionRequest) error {
	choices, err := a.lookup().Dispositions(ctx, uii)
	var usable []api.Disposition
	if err == nil {
		usable = choices.Items
	}
	var name string
	if err := a.ask(ctx, "disposition", dispositionField(usable, choices, err, &name)); err != nil {
		return err
	}
	req.Disposition = strings.TrimSpace(name)
	d, found := api.FindDisposition(usable, req.Disposition)
	if !found {
		return nil
	}
	req.Disposition = d.Name
	if !d.RequireNote || strings.TrimSpace(req.Notes) != "" {
		return nil
	}
	notes := huh.NewInput().Title("Notes").Description(fmt.Sprintf("%q requires a note.", cell(d.Name))).
		Value(&req.Notes).Validate(required("notes", "this disposition requires a note"))
	return a.ask(ctx, "disposition", notes)
}

// dispositionField is the question pickDisposition asks: a list of ds, or
// with none (listErr says why, when it is known) a name to type.
func dispositionField(ds []api.Disposition, choices ui.DispositionChoices, listErr error, name *string) huh.Field {
	if len(ds) == 0 {
		why := "No dispositions are listed for this call."
		if listErr != nil {
			why = "The call's dispositions are unavailable: " + ui.ListReason(listErr) + "."
		}
		return huh.NewInput().Title("Disposition").Description(why).Value(name).Validate(required("disposition", "type the disposition's name"))
	}
	opts := make([]huh.Option[string], len(ds))
	for i, d := range ds {
		label := cell(d.Name)
		if d.RequireNote {
			label += "  (needs a note)"
		}
		opts[i] = huh.NewOption(label, d.Name)
	}
	desc := "type to filter, ↑/↓ choose, enter to set" + dispositionSource(choices)
	if choices.Partial != nil {
		desc += "; the list may be incomplete: " + ui.ListReason(choices.Partial)
	}
	return huh.NewSelect[string]().Title("Disposition").Description(desc).
		Options(opts...).Value(name).Filtering(true).Height(min(len(opts), 10) + 2)
}

// checkDisposition settles the disposition sent for a call against the
// names valid for it. A name the list has is sent in the list's spelling,
// and one that requires a note needs --notes (exit 2). A name the list
// lacks is refused (exit 2, listing the valid ones) when the list is
// complete; when it may be incomplete, or cannot be read, the name goes
// as typed with a warning saying why.
func (a *app) checkDisposition(ctx context.Context, uii string, req *api.DispositionRequest) error {
	choices, err := a.lookup().Dispositions(ctx, uii)
	if err != nil {
		a.warnf("disposition: the call's dispositions are unavailable (%s): sending %q as typed", ui.ListReason(err), cell(req.Disposition))
		return nil
	}
	d, found := api.FindDisposition(choices.Items, req.Disposition)
	switch {
	case found && d.RequireNote && strings.TrimSpace(req.Notes) == "":
		return &exitError{code: exitUsage, msg: fmt.Sprintf("disposition %q requires a note: add --notes TEXT", cell(d.Name))}
	case found:
		req.Disposition = d.Name
	case choices.Partial == nil:
		return &exitError{code: exitUsage, msg: fmt.Sprintf("disposition: %q is not valid for this call%s; valid: %s",
			cell(req.Disposition), dispositionSource(choices), dispositionNames(choices.Items))}
	default:
		a.warnf("disposition: the list for this call may be incomplete (%s): sending %q as typed", ui.ListReason(choices.Partial), cell(req.Disposition))
	}
	return nil
}

// dispositionSource names where the list came from, for the message.
func dispositionSource(c ui.DispositionChoices) string {
	if c.From == "" {
		return ""
	}
	return fmt.Sprintf(" (%s)", api.Clean(c.From, 60))
}

// dispositionNames lists the names, marking those that need a note.
func dispositionNames(ds []api.Disposition) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = fmt.Sprintf("%q", cell(d.Name))
		if d.RequireNote {
			names[i] += " (needs --notes)"
		}
	}
	return strings.Join(names, ", ")
}
