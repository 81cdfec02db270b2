package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/ui"
)

// action describes one one-shot action command.
type action struct {
	name  string
	usage string
	// args is how many positional arguments it takes.
	args int
	// flags registers the command's own flags; build then turns flags and
	// arguments into the call to make (or a usage error).
	flags func(fs flagSet) func(pos []string) (actionRun, error)
	// destructive actions ask on a terminal without --yes, and refuse
	// without a terminal.
	destructive bool
}

// actionRun is a prepared action: what it does, and the confirmation text.
type actionRun struct {
	uii string
	// phone is the supervisor phone a session action uses, for the
	// explanation of a refusal.
	phone   string
	confirm string
	do      func(ctx context.Context, c audit.Actions) error
	done    string
}

// runAction runs an action command: same validation and safety as the
// board, the audit log written around it, exit code 0 done, 1 refused or
// failed, 2 bad usage or input.
func (a *app) runAction(ctx context.Context, act action, args []string) int {
	fs, flags := newFlagSet("callboard " + act.name)
	yes := fs.Bool("yes", false, "")
	build := act.flags(fs)
	pos, code := a.parse(fs, flags, args, act.usage)
	if code >= 0 {
		return code
	}
	if len(pos) != act.args {
		return a.failf(exitUsage, "%s takes %d argument%s, got %d\nRun 'callboard %s --help' for usage.", act.name, act.args, map[bool]string{true: "", false: "s"}[act.args == 1], len(pos), act.name)
	}
	if a.cfg.ReadOnly {
		return a.failf(exitUsage, "read-only is set (--read-only or read_only in the config): %s is not allowed", act.name)
	}
	run, err := build(pos)
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	ask := act.destructive && !*yes
	if ask && (!isTerminal(a.stdin) || !isTerminal(a.stdout)) {
		return a.failf(exitUsage, "%s needs --yes when not run from a terminal (nothing was done)", act.name)
	}
	// The audit log first: an action that cannot be recorded is not made,
	// and there is no point signing in to find that out.
	log, err := audit.Open(a.cfg.AuditLog)
	if err != nil {
		return a.failf(exitUsage, "%v\nSet where actions are recorded with --audit-log FILE (or CALLBOARD_AUDIT_LOG); nothing was sent.", err)
	}
	defer log.Close()
	if code := a.connect(ctx, nil); code >= 0 {
		return code
	}
	// seen: the call was in the live list in this run, so a 404 means it
	// has ended; otherwise the uii may never have been a call.
	seen := false
	if ask {
		var confirmed bool
		if seen, confirmed = a.confirm(ctx, run); !confirmed {
			fmt.Fprintln(a.stdout, "\nCancelled: nothing was done.")
			return exitFailed
		}
	}
	if ctx.Err() != nil {
		return a.failf(exitFailed, "interrupted: nothing was sent")
	}
	rec := audit.NewRecorder(a.client, log, a.client.AccountID(), audit.SourceCLI)
	rec.Seen = func(uii string) bool { return seen && uii == run.uii }
	if err := run.do(api.WithPriority(ctx, api.PriorityAction), rec); err != nil {
		if errors.Is(err, api.ErrInvalidInput) && !isAPIError(err) {
			return a.failf(exitUsage, "%v", err)
		}
		return a.failf(exitFailed, "%s", a.actionFailure(act.name, run, seen, err))
	}
	fmt.Fprintln(a.stdout, "✓ "+run.done)
	return exitOK
}

// confirm asks on the terminal whether to go ahead, naming the call from
// the live list. yes is the answer; seen reports whether the call was in
// the list.
func (a *app) confirm(ctx context.Context, run actionRun) (seen, yes bool) {
	desc, seen := a.describeCall(ctx, run.uii)
	fmt.Fprintf(a.stdout, "%s\n%s [y/N] ", run.confirm, desc)
	answer, err := readLine(ctx, a.stdin)
	return seen, err == nil && isYes(answer)
}

// describeCall names a call for a confirmation: who is on it, from the
// current list (best effort: the question is asked either way). active
// reports whether the call was in the list.
func (a *app) describeCall(ctx context.Context, uii string) (text string, active bool) {
	scope := a.scope()
	calls, _, err := a.client.ListAllActiveCalls(api.WithPriority(ctx, api.PriorityAction),
		api.ListOptions{Product: scope.Product, ProductID: scope.ProductID, ExternalID: scope.ExternalID})
	if err != nil {
		return "  (could not look the call up: " + api.Clean(err.Error(), 80) + ")", false
	}
	for _, c := range calls {
		if c.UII == uii {
			agent := cell(strings.TrimSpace(c.AgentFirstName + " " + c.AgentLastName))
			return fmt.Sprintf("  %s ↔ %s %s · %s · uii %s", orDashText(agent), cell(c.CNAM), cell(c.ANI), orDashText(cell(c.DestinationName)), uii), true
		}
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
		return &api.InputError{Field: "uii", Value: uii, Reason: fmt.Sprintf("has %d digits; a RingCX uii has %d — copy it whole from `callboard calls` (or y on the board)", len(uii), uiiDigits)}
	}
	return nil
}

// readLine reads an answer, giving up when ctx ends (ctrl+c at a prompt
// must cancel, not wait for enter).
func readLine(ctx context.Context, r io.Reader) (string, error) {
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		return line, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func isAPIError(err error) bool {
	var apiErr *api.APIError
	return errors.As(err, &apiErr)
}

// actionFailure says why, in RingCX's words where it gave them, and a
// refusal with the board's explanation. seen says the call was in the
// live list in this run: only then does a 404 mean it has ended.
func (a *app) actionFailure(name string, run actionRun, seen bool, err error) string {
	switch {
	case errors.Is(err, api.ErrCallNotFound) && seen:
		return name + ": the call has ended (RingCX no longer knows this uii)"
	case errors.Is(err, api.ErrCallNotFound):
		return name + ": " + ui.NotActive
	case errors.Is(err, api.ErrRefused):
		return name + ": RingCX refused" + ui.ExplainRefusal(a.refusalFor(name, run))
	case errors.Is(err, api.ErrTimeout):
		return name + ": no answer from RingCX in time — the action may or may not have happened; check with `callboard calls`"
	case errors.Is(err, api.ErrForbidden):
		return name + ": permission denied — ask a RingCX admin to grant it: " + err.Error()
	}
	return name + ": " + err.Error()
}

// refusalFor is what is known about a refused action for its explanation:
// for a new session, the mode of the session this operator already has on
// the call, from the audit log (coach after monitor is refused because
// RingCX cannot change a session's mode).
func (a *app) refusalFor(name string, run actionRun) ui.Refusal {
	ref := ui.Refusal{Action: name, Phone: run.phone}
	switch name {
	case ui.ActionMonitor, ui.ActionCoach, ui.ActionBarge:
		if s, ok := a.openSession(a.client.AccountID(), run.uii); ok {
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
	sessions, err := audit.ReadSessions(path, account, audit.Operator(), time.Now())
	if err != nil {
		a.log.Warn("could not replay sessions from the audit log", "err", err)
	}
	return sessions
}

// flagSet is the part of *flag.FlagSet the commands use.
type flagSet interface {
	String(name, value, usage string) *string
	Int(name string, value int, usage string) *int
}

// sessionAction is monitor, coach or barge.
func (a *app) sessionAction(name string, t api.SessionType, destructive bool) action {
	return action{
		name: name, args: 1, destructive: destructive,
		usage: fmt.Sprintf(`Usage: callboard %s UII [--phone N]%s

Adds a %s session to the call: RingCX dials your phone (--phone or CALLBOARD_PHONE).

Example:
  callboard %s 202005081040440132050000019657 --phone +15554150123
`, name, map[bool]string{true: " [--yes]", false: ""}[destructive], strings.ToLower(string(t)), name),
		flags: func(flagSet) func([]string) (actionRun, error) {
			return func(pos []string) (actionRun, error) {
				uii := pos[0]
				if err := validateUIIArg(uii); err != nil {
					return actionRun{}, err
				}
				phone, err := a.phone()
				if err != nil {
					return actionRun{}, err
				}
				return actionRun{
					uii: uii, phone: phone,
					confirm: fmt.Sprintf("Barge in on call %s? Your phone %s rings, then the customer and the agent both hear you.", uii, phone),
					do:      func(ctx context.Context, c audit.Actions) error { return c.AddSession(ctx, uii, phone, t) },
					done:    fmt.Sprintf("%s session added to call %s: RingCX is dialling %s", strings.ToLower(string(t)), uii, phone),
				}, nil
			}
		},
	}
}

// endSessionPhone is the phone whose session on uii to end: a configured
// one (--phone, CALLBOARD_PHONE, the config file), else the one this OS
// user's open session on the call dialled, from the audit log, else the
// phone remembered from the board's prompt. The session's phone outranks
// the remembered one: it is the number RingCX dialled for this very call,
// the remembered one only the board's last answer.
func (a *app) endSessionPhone(uii string) (string, error) {
	remembered := a.cfg.Sources["phone"].Kind == config.KindRemembered
	if a.cfg.Phone != "" && !remembered {
		return a.phone()
	}
	if s, ok := a.openSession(a.cfg.Account, uii); ok {
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
	return api.NormalizePhone("phone", a.cfg.Phone)
}

func (a *app) actions() map[string]action {
	uiiArg := func(pos []string) (string, error) { return pos[0], validateUIIArg(pos[0]) }
	return map[string]action{
		ui.ActionMonitor: a.sessionAction(ui.ActionMonitor, api.SessionMonitor, false),
		ui.ActionCoach:   a.sessionAction(ui.ActionCoach, api.SessionCoaching, false),
		ui.ActionBarge:   a.sessionAction(ui.ActionBarge, api.SessionBargeIn, true),
		ui.ActionEndSession: {name: ui.ActionEndSession, args: 1, usage: `Usage: callboard end-session UII [--phone N]

Ends your supervisor session on the call. The call goes on. The session is the one that dialled
--phone (or CALLBOARD_PHONE, or phone in the config file); with no phone set, the phone your open
session on that call dialled, as the audit log shows it (sessions you started from the board or a
command on this host, in the last day).

Examples:
  callboard end-session 202005081040440132050000019657
  callboard end-session 202005081040440132050000019657 --phone +15554150123
`, flags: func(flagSet) func([]string) (actionRun, error) {
			return func(pos []string) (actionRun, error) {
				uii, err := uiiArg(pos)
				if err != nil {
					return actionRun{}, err
				}
				phone, err := a.endSessionPhone(uii)
				if err != nil {
					return actionRun{}, err
				}
				return actionRun{uii: uii, phone: phone, do: func(ctx context.Context, c audit.Actions) error { return c.HangupSession(ctx, uii, phone) },
					done: "session of " + phone + " ended on call " + uii}, nil
			}
		}},
		ui.ActionHangup: {name: ui.ActionHangup, args: 1, destructive: true, usage: `Usage: callboard hangup UII --yes

Hangs up the call for the customer and the agent. Without --yes it asks on a terminal (naming the
call) and refuses without one.

Examples:
  callboard hangup 202005081040440132050000019657          # asks
  callboard hangup 202005081040440132050000019657 --yes    # scripts
`, flags: func(flagSet) func([]string) (actionRun, error) {
			return func(pos []string) (actionRun, error) {
				uii, err := uiiArg(pos)
				if err != nil {
					return actionRun{}, err
				}
				return actionRun{uii: uii, confirm: "Hang up call " + uii + " for the customer and the agent?",
					do: func(ctx context.Context, c audit.Actions) error { return c.HangupCall(ctx, uii) }, done: "call " + uii + " hung up"}, nil
			}
		}},
		ui.ActionRecord: {name: ui.ActionRecord, args: 2, usage: `Usage: callboard record UII on|off

Starts or stops recording the call.

Examples:
  callboard record 202005081040440132050000019657 on
  callboard record 202005081040440132050000019657 off
`, flags: func(flagSet) func([]string) (actionRun, error) {
			return func(pos []string) (actionRun, error) {
				uii, err := uiiArg(pos)
				if err != nil {
					return actionRun{}, err
				}
				var on bool
				switch strings.ToLower(pos[1]) {
				case "on":
					on = true
				case "off":
				default:
					return actionRun{}, fmt.Errorf("record: say on or off, not %q", pos[1])
				}
				return actionRun{uii: uii, do: func(ctx context.Context, c audit.Actions) error { return c.ToggleRecording(ctx, uii, on) },
					done: "recording " + strings.ToLower(pos[1]) + " on call " + uii}, nil
			}
		}},
		ui.ActionDisposition: {name: ui.ActionDisposition, args: 1, usage: `Usage: callboard disposition UII --disposition NAME [--callback-at TIME] [--notes TEXT]

Sets the call's disposition; --callback-at also requests a callback at that time, in local time,
written as the board takes it: ` + api.CallbackForms + ` (yyyyMMddHHmmss).
A time that has passed is refused.

Example:
  callboard disposition 202005081040440132050000019657 --disposition "Callback Requested" --callback-at "2026-12-01 14:30"
`, flags: func(fs flagSet) func([]string) (actionRun, error) {
			name := fs.String("disposition", "", "")
			at := fs.String("callback-at", "", "")
			notes := fs.String("notes", "", "")
			return func(pos []string) (actionRun, error) {
				uii, err := uiiArg(pos)
				if err != nil {
					return actionRun{}, err
				}
				if strings.TrimSpace(*name) == "" {
					return actionRun{}, fmt.Errorf("give the disposition: --disposition NAME")
				}
				var dts string
				if *at != "" {
					if dts, err = api.ParseCallbackTime(*at, time.Now()); err != nil {
						return actionRun{}, fmt.Errorf("--callback-at: %w", err)
					}
				}
				req := api.DispositionRequest{Disposition: *name, Callback: dts != "", CallbackDTS: dts, Notes: *notes}
				return actionRun{uii: uii, do: func(ctx context.Context, c audit.Actions) error { return c.Disposition(ctx, uii, req) },
					done: fmt.Sprintf("disposition %q set on call %s", *name, uii)}, nil
			}
		}},
		ui.ActionDial: {name: ui.ActionDial, args: 0, usage: `Usage: callboard dial --agent USERNAME --to NUMBER --caller-id NUMBER [--ring 30]

Places a manual call from an agent's phone: it rings the agent first, then dials --to. The agent must
be logged in and not on a call.

Example:
  callboard dial --agent marta.nunez@example.com --to "(650) 123-4567" --caller-id +18661234567
`, flags: func(fs flagSet) func([]string) (actionRun, error) {
			agent := fs.String("agent", "", "")
			to := fs.String("to", "", "")
			callerID := fs.String("caller-id", "", "")
			ring := fs.Int("ring", 30, "")
			return func([]string) (actionRun, error) {
				if strings.TrimSpace(*agent) == "" {
					return actionRun{}, fmt.Errorf("give the agent's RingCX username: --agent USERNAME")
				}
				dest, err := api.NormalizePhone("--to", *to)
				if err != nil {
					return actionRun{}, err
				}
				cid, err := api.NormalizePhone("--caller-id", *callerID)
				if err != nil {
					return actionRun{}, err
				}
				if *ring < 1 || *ring > 120 {
					return actionRun{}, fmt.Errorf("--ring %d: give 1 to 120 seconds", *ring)
				}
				req := api.ManualCallRequest{Username: *agent, Destination: dest, CallerID: cid, RingDuration: *ring}
				return actionRun{do: func(ctx context.Context, c audit.Actions) error { return c.CreateManualAgentCall(ctx, req) },
					done: fmt.Sprintf("calling %s from %s's phone", dest, *agent)}, nil
			}
		}},
	}
}
