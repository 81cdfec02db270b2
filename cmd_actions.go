package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/muesli/cancelreader"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/ui"
)

// action is one action a command is about to make: on which call, what
// it does, how it asks first and what it says when done.
type action struct {
	uii string
	// phone is the supervisor phone a session action uses, for the
	// explanation of a refusal.
	phone   string
	confirm string // the question, for the actions that ask first
	// check, when set, runs once signed in, before asking and sending: it
	// checks the input against RingCX's lists (cmd_pickers.go) and may
	// settle it (the list's spelling, which do then sends, and done says).
	// An *exitError it returns ends the command as it says; any other
	// error is bad input (exit 2).
	check func(ctx context.Context, act *action) error
	do    func(ctx context.Context, c audit.Actions) error
	done  string
}

// actionCommand completes cmd — an action's usage, examples, argument
// check and own flags — with what every action does, in runAction.
// prepare turns the arguments and the flags into the action, or says what
// is wrong with them; it runs once the configuration is loaded (it may
// need the phone). destructive actions ask first on a terminal, naming the
// call, unless --yes, and refuse without a terminal.
func (a *app) actionCommand(cmd *cobra.Command, destructive bool, prepare func(args []string) (action, error)) *cobra.Command {
	yes := cmd.Flags().Bool("yes", false, "do not ask first; needed where there is no terminal to ask on")
	if !destructive {
		// Nothing to skip, but accepted as it always was: scripts pass it
		// to every action.
		_ = cmd.Flags().MarkHidden("yes")
	}
	cmd.GroupID = groupAct
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := a.load(cmd); err != nil {
			return err
		}
		return a.runAction(cmd.Context(), cmd.Name(), destructive && !*yes, func() (action, error) { return prepare(args) })
	}
	return cmd
}

// runAction is the one path of every action command: the same validation
// and safety as the board, the audit log written around it. It refuses
// under read-only, checks the input, asks when ask is set (only on a
// terminal), opens the audit log, signs in, sends and explains a failure:
// exit 0 done; 1 refused, failed, declined or not sent; 2 bad usage or
// input; 3 sent with an outcome unknown (actionError).
func (a *app) runAction(ctx context.Context, name string, ask bool, prepare func() (action, error)) error {
	if a.cfg.ReadOnly {
		return a.failf(exitUsage, "read-only is set (--read-only or read_only in the config): %s is not allowed", name)
	}
	act, err := prepare()
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	if ask && (!isTerminal(a.stdin) || !isTerminal(a.stdout)) {
		return a.failf(exitUsage, "%s needs --yes when not run from a terminal (nothing was done)", name)
	}
	// The audit log first: an action that cannot be recorded is not made,
	// and there is no point signing in to find that out. (Over SSH the
	// service's is open already.)
	var log *audit.Log
	if a.remote == nil {
		if log, err = audit.Open(a.cfg.AuditLog); err != nil {
			return a.failf(exitUsage, "%v\nSet where actions are recorded with --audit-log FILE (or CALLBOARD_AUDIT_LOG); nothing was sent.", err)
		}
		defer log.Close()
	}
	if err := a.connect(ctx, nil); err != nil {
		return err
	}
	if act.check != nil {
		if err := act.check(ctx, &act); err != nil {
			var exit *exitError
			if errors.As(err, &exit) {
				return err
			}
			return a.failf(exitUsage, "%v", err)
		}
	}
	// seen: the call was in the live list in this run, so a 404 means it
	// has ended; otherwise the uii may never have been a call.
	seen := false
	if ask {
		var confirmed bool
		if seen, confirmed = a.confirm(ctx, act); !confirmed {
			fmt.Fprintln(a.stdout, "\nCancelled: nothing was done.")
			return &exitError{code: exitFailed}
		}
	}
	if ctx.Err() != nil {
		return a.failf(exitFailed, "interrupted: nothing was sent")
	}
	actions := a.actions(log, func(uii string) bool { return seen && uii == act.uii })
	if err := act.do(api.WithPriority(ctx, api.PriorityAction), actions); err != nil {
		return a.actionError(name, act, seen, err)
	}
	fmt.Fprintln(a.stdout, "✓ "+act.done)
	return nil
}

// actions is the path of a command's action: over SSH the service's —
// the role check, the audit record as the person (source ssh, their name
// and key), the shared state every board reads — else a recorder on the
// audit log log. seen reports whether the command saw the call active.
func (a *app) actions(log *audit.Log, seen func(uii string) bool) audit.Actions {
	if a.remote != nil {
		return a.remote.svc.CommandActions(a.remote.viewer, seen)
	}
	rec := audit.NewRecorder(a.client, log, a.client.AccountID(), audit.SourceCLI)
	rec.Seen = seen
	return rec
}

// confirm asks on the terminal whether to go ahead, naming the call from
// the live list. yes is the answer; seen reports whether the call was in
// the list.
func (a *app) confirm(ctx context.Context, act action) (seen, yes bool) {
	desc, seen := a.describeCall(ctx, act.uii)
	fmt.Fprintf(a.stdout, "%s\n%s [y/N] ", act.confirm, desc)
	answer, err := readLine(ctx, a.stdin)
	return seen, err == nil && isYes(answer)
}

// describeCall names a call for a confirmation: who is on it, from the
// current list (best effort: the question is asked either way). active
// reports whether the call was in the list.
func (a *app) describeCall(ctx context.Context, uii string) (text string, active bool) {
	calls, partial, err := a.activeCalls(ctx)
	if err != nil {
		return "  (could not look the call up: " + api.Clean(err.Error(), 80) + ")", false
	}
	for _, c := range calls {
		if c.UII == uii {
			agent := cell(strings.TrimSpace(c.AgentFirstName + " " + c.AgentLastName))
			return fmt.Sprintf("  %s ↔ %s %s · %s · uii %s", orDashText(agent), cell(c.CNAM), cell(a.cfg.Phones().Format(c.ANI)), orDashText(cell(c.DestinationName)), uii), true
		}
	}
	if partial {
		return "  (this uii is not among the calls RingCX listed, but the list is partial — " + pagingIgnored(len(calls)) + ")", false
	}
	return "  (this uii is not among the active calls: it may have ended)", false
}

// isYes reports whether a typed answer confirms: y or yes, in any case,
// spaces around ignored. Anything else — including nothing — declines.
func isYes(answer string) bool {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return true
	}
	return false
}

// typedText refuses free text a person typed (flag → value) that is not
// plain text (api.CheckText: invalid UTF-8, control characters, bidi
// overrides; notes may have lines and tabs) before anything is recorded or
// sent, naming the flag and the byte offset and never echoing the bytes:
// what the audit log records must be byte for byte what is sent, and what
// RingCX stores is shown to the next person who reads it.
func typedText(values map[string]string) error {
	for _, flag := range slices.Sorted(maps.Keys(values)) {
		if err := api.CheckText(flag, values[flag], flag == "--notes"); err != nil {
			return err
		}
	}
	return nil
}

// uiiDigits is a RingCX uii's length (NOTES: a 30-digit string).
const uiiDigits = 30

// validateUIIArg checks a uii typed on the command line: digits, and as
// many as RingCX's have. A shorter one is most often a tail copied from the
// board's UII column, and is refused before anything is sent (exit 2)
// rather than audited as a call RingCX does not know.
func validateUIIArg(uii string) error {
	if err := api.ValidateUII(uii); err != nil {
		return err
	}
	if len(uii) != uiiDigits {
		return &api.InputError{Field: "uii", Value: uii, Reason: fmt.Sprintf("has %d %s; a RingCX uii has %d — copy it whole from `callboard calls` (or y on the board)", len(uii), map[bool]string{true: "digit", false: "digits"}[len(uii) == 1], uiiDigits)}
	}
	return nil
}

// readLine reads an answer, giving up when ctx ends (ctrl+c at a prompt
// must cancel, not wait for enter). The read is cancelled then rather than
// left waiting: it would hold the terminal, and whatever asks the terminal
// something next (fang's styling of the error asks for its background
// colour) would wait for an answer that read swallowed.
func readLine(ctx context.Context, r io.Reader) (string, error) {
	cr, err := cancelreader.NewReader(r)
	if err != nil {
		return "", err
	}
	defer cr.Close()
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(cr).ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		return line, nil
	case <-ctx.Done():
		if cr.Cancel() {
			<-got // the read has let go of the terminal
		}
		return "", ctx.Err()
	}
}

// actionError ends an action command that did not succeed, with the exit
// code a script can branch on, decided as the audit log records it
// (audit.Classify), so the two never disagree: input refused before
// sending is exit 2; an action sent whose outcome is unknown (no answer in
// time, the answer lost, interrupted after sending) is exitUnknown, since
// trying again may do it twice; one never sent is exit 1 with why; any
// other failure exit 1 with actionFailure's explanation.
func (a *app) actionError(name string, act action, seen bool, err error) error {
	if errors.Is(err, api.ErrInvalidInput) && !isAPIError(err) {
		return a.failf(exitUsage, "%v", err)
	}
	what := name
	if act.uii != "" {
		what += " on call " + act.uii
	}
	switch result := audit.Classify(err); {
	case audit.Unknown(result):
		return a.failf(exitUnknown, "%s: %s — check the call before trying again%s", what, unknownWords(err), unaudited(err))
	case audit.NotSent(result):
		return a.failf(exitFailed, "%s: %s; nothing was sent%s", what, strings.TrimPrefix(result, audit.ResultNotSentPrefix), unaudited(err))
	}
	return a.failf(exitFailed, "%s", a.actionFailure(name, act, seen, err))
}

// unknownWords says how an action's outcome came to be unknown.
func unknownWords(err error) string {
	switch {
	case errors.Is(err, api.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "sent; no answer from RingCX in time"
	case errors.Is(err, context.Canceled):
		return "sent, then interrupted before RingCX answered"
	}
	return "sent; RingCX's answer was lost"
}

// unaudited adds, for an action whose outcome could not be written to the
// audit log, what the log's error was.
func unaudited(err error) string {
	var we *audit.WriteError
	if errors.As(err, &we) {
		return "\n" + api.Clean(we.Err.Error(), 300) + ": the audit log shows the action without its outcome"
	}
	return ""
}

func isAPIError(err error) bool {
	var apiErr *api.APIError
	return errors.As(err, &apiErr)
}

// actionFailure says why, in RingCX's words where it gave them, and a
// refusal with the board's explanation. seen says the call was in the
// live list in this run: only then does a 404 mean it has ended.
func (a *app) actionFailure(name string, act action, seen bool, err error) string {
	var limited *api.RateLimitError
	switch {
	case errors.Is(err, api.ErrCallNotFound) && seen:
		return name + ": the call has ended (RingCX no longer knows this uii)"
	case errors.Is(err, api.ErrCallNotFound):
		return name + ": " + ui.NotActive
	case errors.Is(err, api.ErrRefused):
		return name + ": RingCX refused" + ui.ExplainRefusal(a.refusalFor(name, act))
	case errors.Is(err, api.ErrNotAllowed):
		return name + ": not allowed: " + notAllowedReason(err) + "; nothing was sent"
	case errors.Is(err, api.ErrForbidden):
		return name + ": permission denied — ask a RingCX admin to grant it: " + err.Error()
	case errors.Is(err, api.ErrUnauthorized):
		// A 401 that outlived the refresh and a new sign-in: RingCX did not
		// act, so running the command again is safe once the sign-in is.
		fix := "check the credentials (callboard config shows where each came from), then run it again"
		if a.remote != nil {
			fix = "ask whoever runs callboard serve to check its credentials, then run it again"
		}
		return fmt.Sprintf("%s: RingCX refused the sign-in for this action%s, even after signing in again: nothing was done; %s",
			name, serverWords(err), fix)
	case errors.As(err, &limited) && limited.API != nil:
		wait := ""
		if limited.RetryAfter > 0 {
			wait = " and asked to wait " + limited.RetryAfter.Round(time.Second).String()
		}
		return fmt.Sprintf("%s: RingCX rate-limited this action%s: nothing was done; run it again after that", name, wait)
	}
	return name + ": " + err.Error()
}

// serverWords is RingCX's own reason in an error's *api.APIError, as
// " (…)", cleaned and bounded; "" when it gave none. It leaves out the
// request's method and path, which tell a person nothing.
func serverWords(err error) string {
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) || apiErr.Reason() == "" {
		return ""
	}
	return " (" + api.Clean(apiErr.Reason(), 200) + ")"
}

// refusalFor is what is known about a refused action for its explanation:
// for a new session, the mode of the session this operator already has on
// the call, from the audit log (coach after monitor is refused because
// RingCX cannot change a session's mode).
func (a *app) refusalFor(name string, act action) ui.Refusal {
	ref := ui.Refusal{Action: name, Phone: act.phone}
	switch name {
	case ui.ActionMonitor, ui.ActionCoach, ui.ActionBarge:
		if s, ok := a.openSession(a.client.AccountID(), act.uii); ok {
			ref.Existing = s.Type
		}
	}
	return ref
}

// openSession is the supervisor session this OS user has open on uii, as
// replayed from the audit log; account "" matches any account (before
// signing in, the uii alone names the call).
func (a *app) openSession(account, uii string) (audit.Session, bool) {
	for _, s := range a.openSessions(a.cfg.AuditLog, account) {
		if s.UII == uii {
			return s, true
		}
	}
	return audit.Session{}, false
}

// openSessions is the supervisor sessions this OS user started on account
// and has not ended, replayed from the audit log at path. Best effort: a
// log that cannot be read is noted in the debug log and costs only what
// the sessions would have told (a default phone, an explanation, ME marks).
func (a *app) openSessions(path, account string) []audit.Session {
	operator := audit.Operator()
	if a.remote != nil {
		operator = a.remote.viewer.Operator
	}
	sessions, err := audit.ReadSessions(path, account, operator, time.Now())
	if err != nil {
		a.log.Warn("could not replay sessions from the audit log", "err", err)
	}
	return sessions
}

// actionCommands are the commands that act on calls, in the order help
// lists them.
func (a *app) actionCommands() []*cobra.Command {
	return []*cobra.Command{
		a.sessionCommand(ui.ActionMonitor, api.SessionMonitor, "Listen to a call: RingCX dials your phone, nobody hears you", false),
		a.sessionCommand(ui.ActionCoach, api.SessionCoaching, "Coach the agent: RingCX dials your phone, only the agent hears you", false),
		a.sessionCommand(ui.ActionBarge, api.SessionBargeIn, "Barge in: RingCX dials your phone, the customer and the agent both hear you", true),
		a.endSessionCommand(), a.hangupCommand(), a.recordCommand(), a.dispositionCommand(), a.dialCommand(),
	}
}

// sessionCommand is monitor, coach or barge: a session of type t added to
// the call, dialling the supervisor's phone. Barge asks first.
func (a *app) sessionCommand(name string, t api.SessionType, short string, destructive bool) *cobra.Command {
	example := fmt.Sprintf(`
callboard %[1]s 202005081040440132050000019657 --phone +12125550123
# the phone from CALLBOARD_PHONE, the config file or the board's prompt
callboard %[1]s 202005081040440132050000019657`, name)
	if destructive {
		example += " --yes"
	}
	return a.actionCommand(&cobra.Command{
		Use:   name + " UII",
		Short: short,
		Long: short + `.

The phone is --phone, else CALLBOARD_PHONE, phone in the config file, or the one typed at the board's prompt. RingCX cannot change a session's mode: to switch (monitor to coach), end the session first (end-session).`,
		Example: example,
		Args:    takesArgs(1),
	}, destructive, func(args []string) (action, error) {
		uii := args[0]
		if err := validateUIIArg(uii); err != nil {
			return action{}, err
		}
		phone, err := a.phone()
		if err != nil {
			return action{}, err
		}
		return action{
			uii: uii, phone: phone,
			confirm: fmt.Sprintf("Barge in on call %s? Your phone %s rings, then the customer and the agent both hear you.", uii, phone),
			do:      func(ctx context.Context, c audit.Actions) error { return c.AddSession(ctx, uii, phone, t) },
			done:    fmt.Sprintf("%s session added to call %s: RingCX is dialling %s", strings.ToLower(string(t)), uii, phone),
		}, nil
	})
}

// endSessionPhone is the phone whose session on uii to end: a configured
// one (--phone, CALLBOARD_PHONE, the config file), else the one this OS
// user's open session on the call dialled, from the audit log, else the
// phone remembered from the board's prompt. The session's phone outranks
// the remembered one: it is the number RingCX dialled for this very call,
// the remembered one only the board's last answer.
func (a *app) endSessionPhone(uii string) (string, error) {
	remembered := a.cfg.Sources["phone"].Kind == config.KindRemembered
	s, open := a.openSession(a.cfg.Account, uii)
	if a.cfg.Phone != "" && !remembered {
		phone, err := a.phone()
		if err == nil && open && s.Phone != phone && a.cfg.Phones().Format(s.Phone) == a.cfg.Phones().Format(phone) {
			// The same number, spelt as the session was started (bare digits
			// by an earlier callboard): RingCX ends it only by that string.
			return s.Phone, nil
		}
		return phone, err
	}
	if open {
		return s.Phone, nil
	}
	if a.cfg.Phone != "" {
		return a.phone()
	}
	return "", fmt.Errorf("the audit log shows no open session of yours on call %s, so the phone to end it for is unknown: give --phone N (the number RingCX dialled for the session)", uii)
}

// phone is the configured supervisor phone, normalised, or a usage error.
func (a *app) phone() (string, error) {
	if a.cfg.Phone == "" {
		return "", fmt.Errorf("your phone is not set: give --phone N (or CALLBOARD_PHONE, or phone in the config file)")
	}
	return a.cfg.Phones().Normalize("phone", a.cfg.Phone)
}

func (a *app) endSessionCommand() *cobra.Command {
	return a.actionCommand(&cobra.Command{
		Use:   ui.ActionEndSession + " UII",
		Short: "End your supervisor session on a call (the call goes on)",
		Long: `Ends your supervisor session on the call; the call goes on.

The session is the one that dialled --phone (or CALLBOARD_PHONE, or phone in the config file); with no phone set, the phone your open session on that call dialled, as the audit log shows it (sessions you started from the board or a command on this host, in the last day), else the one typed at the board's prompt.`,
		Example: `
callboard end-session 202005081040440132050000019657
callboard end-session 202005081040440132050000019657 --phone +12125550123`,
		Args: takesArgs(1),
	}, false, func(args []string) (action, error) {
		uii := args[0]
		if err := validateUIIArg(uii); err != nil {
			return action{}, err
		}
		phone, err := a.endSessionPhone(uii)
		if err != nil {
			return action{}, err
		}
		return action{uii: uii, phone: phone, do: func(ctx context.Context, c audit.Actions) error { return c.HangupSession(ctx, uii, phone) },
			done: "session of " + phone + " ended on call " + uii}, nil
	})
}

func (a *app) hangupCommand() *cobra.Command {
	return a.actionCommand(&cobra.Command{
		Use:   ui.ActionHangup + " UII",
		Short: "Hang up a call for the customer and the agent",
		Long: `Hangs up the call for the customer and the agent.

Without --yes it asks on a terminal, naming the call (only y or yes goes ahead), and refuses without one.`,
		Example: `
# asks first
callboard hangup 202005081040440132050000019657
# scripts
callboard hangup 202005081040440132050000019657 --yes`,
		Args: takesArgs(1),
	}, true, func(args []string) (action, error) {
		uii := args[0]
		if err := validateUIIArg(uii); err != nil {
			return action{}, err
		}
		return action{uii: uii, confirm: "Hang up call " + uii + " for the customer and the agent?",
			do: func(ctx context.Context, c audit.Actions) error { return c.HangupCall(ctx, uii) }, done: "call " + uii + " hung up"}, nil
	})
}

func (a *app) recordCommand() *cobra.Command {
	cmd := a.actionCommand(&cobra.Command{
		Use:   ui.ActionRecord + " UII on|off",
		Short: "Start or stop recording a call",
		Example: `
callboard record 202005081040440132050000019657 on
callboard record 202005081040440132050000019657 off`,
		Args: takesArgs(2),
	}, false, func(args []string) (action, error) {
		uii := args[0]
		if err := validateUIIArg(uii); err != nil {
			return action{}, err
		}
		var on bool
		switch strings.ToLower(args[1]) {
		case "on":
			on = true
		case "off":
		default:
			return action{}, fmt.Errorf("record: say on or off, not %s", shown.Quote(args[1]))
		}
		return action{uii: uii, do: func(ctx context.Context, c audit.Actions) error { return c.ToggleRecording(ctx, uii, on) },
			done: "recording " + strings.ToLower(args[1]) + " on call " + uii}, nil
	})
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) == 1 {
			return []cobra.Completion{"on", "off"}, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}

func (a *app) dispositionCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   ui.ActionDisposition + " UII",
		Short: "Set a call's disposition, and ask for a callback",
		Long: `Sets the call's disposition; --callback-at also requests a callback at that time, in local time, written as the board takes it: ` + api.CallbackForms + `.

A time that has passed is refused.

The name is checked against the dispositions valid for the call — its queue's or campaign's, then the account's system dispositions — and sent as that list spells it: a name the list lacks is refused with the valid ones, and one that requires a note needs --notes. When the list cannot be read in full (no agent on the call in RingCX's real-time data, no reporting rights) the name is sent as typed, with a line saying why.

On a terminal, leave --disposition out to pick from the call's dispositions (type to filter; those that require a note are marked, and a note is then asked for); when the list is unavailable, the name is asked for, with a line saying why.`,
		Example: `
callboard disposition 202005081040440132050000019657 --disposition Resolved --notes "refund sent"
callboard disposition 202005081040440132050000019657 --disposition Callback --callback-at "2026-12-01 14:30"
# on a terminal: pick the disposition from the call's list
callboard disposition 202005081040440132050000019657`,
		Args: takesArgs(1),
	}
	name := cmd.Flags().String("disposition", "", "the disposition's name, as RingCX knows it (on a terminal, leave it out to pick from the call's dispositions)")
	at := cmd.Flags().String("callback-at", "", "request a callback at this local time: "+api.CallbackForms)
	notes := cmd.Flags().String("notes", "", "notes to keep with the disposition")
	return a.actionCommand(cmd, false, func(args []string) (action, error) {
		uii := args[0]
		if err := validateUIIArg(uii); err != nil {
			return action{}, err
		}
		if err := typedText(map[string]string{"--disposition": *name, "--notes": *notes}); err != nil {
			return action{}, err
		}
		pick := strings.TrimSpace(*name) == ""
		if pick && !a.interactive() {
			return action{}, fmt.Errorf("give the disposition: --disposition NAME (on a terminal, leave it out to pick from the call's dispositions)")
		}
		var dts string
		if *at != "" {
			var err error
			if dts, err = api.ParseCallbackTime(*at, time.Now()); err != nil {
				return action{}, fmt.Errorf("--callback-at: %w", err)
			}
		}
		req := api.DispositionRequest{Disposition: strings.TrimSpace(*name), Callback: dts != "", CallbackDTS: dts, Notes: *notes}
		return action{uii: uii,
			check: func(ctx context.Context, act *action) error {
				settle := a.checkDisposition
				if pick {
					settle = a.pickDisposition
				}
				if err := settle(ctx, uii, &req); err != nil {
					return err
				}
				act.done = fmt.Sprintf("disposition %q set on call %s", cell(req.Disposition), uii)
				return nil
			},
			do: func(ctx context.Context, c audit.Actions) error { return c.Disposition(ctx, uii, req) }}, nil
	})
}

func (a *app) dialCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   ui.ActionDial,
		Short: "Place a manual call from an agent's phone",
		Long: `Places a manual call from an agent's phone: RingCX rings the agent first, then dials --to.

The agent must be logged in and not on a call. On a terminal, leave --agent out to pick from the agents (type to filter; free agents first, with their state). A username the roster does not know is refused with the closest ones; when the roster cannot be read it is sent as typed, with a line saying why. An agent RingCX last reported as not free (logged out, on a call, in wrap-up, away) gets a warning and the call is still sent: the state may be a few seconds old, and RingCX decides.`,
		Example: `
callboard dial --agent marta.nunez@example.com --to "(650) 555-0123" --caller-id +18005550199
callboard dial --agent marta.nunez@example.com --to 6505550123 --caller-id 8005550199 --ring 45
# on a terminal: pick the agent from the list
callboard dial --to "(650) 555-0123" --caller-id +18005550199`,
		Args: takesArgs(0),
	}
	agent := cmd.Flags().String("agent", "", "the agent's RingCX username (on a terminal, leave it out to pick from the agents)")
	to := cmd.Flags().String("to", "", "the number to call")
	callerID := cmd.Flags().String("caller-id", "", "the number the called party sees")
	ring := cmd.Flags().Int("ring", 30, "seconds to ring the agent, 1 to 120")
	return a.actionCommand(cmd, false, func([]string) (action, error) {
		// Every typed value that is sent, checked before it is parsed: a
		// number's parser would name a raw byte as the character '\ufffd'.
		if err := typedText(map[string]string{"--agent": *agent, "--to": *to, "--caller-id": *callerID}); err != nil {
			return action{}, err
		}
		if strings.TrimSpace(*agent) == "" && !a.interactive() {
			return action{}, fmt.Errorf("give the agent's RingCX username: --agent USERNAME (on a terminal, leave it out to pick from the agents)")
		}
		dest, err := a.cfg.Phones().Normalize("--to", *to)
		if err != nil {
			return action{}, err
		}
		cid, err := a.cfg.Phones().Normalize("--caller-id", *callerID)
		if err != nil {
			return action{}, err
		}
		if *ring < 1 || *ring > 120 {
			return action{}, fmt.Errorf("--ring %d: give 1 to 120 seconds", *ring)
		}
		req := api.ManualCallRequest{Username: strings.TrimSpace(*agent), Destination: dest, CallerID: cid, RingDuration: *ring}
		return action{
			check: func(ctx context.Context, act *action) error {
				username, err := a.checkDialAgent(ctx, req.Username, a.dialContext(dest, cid))
				if err != nil {
					return err
				}
				req.Username = username
				act.done = fmt.Sprintf("calling %s from %s's phone", dest, cell(username))
				return nil
			},
			do: func(ctx context.Context, c audit.Actions) error { return c.CreateManualAgentCall(ctx, req) }}, nil
	})
}
