package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

const demoAccount = "12440011"

// runBoard starts the supervision board: the root command. --demo is
// parsed by then, so loading the configuration neither opens the real
// debug log nor reads the remembered phone for the demo.
func (a *app) runBoard(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	a.board = true
	if err := a.load(cmd); err != nil {
		return err
	}
	if !isTerminal(a.stdout) {
		return a.failf(exitUsage, "standard output is not a terminal, so the board will not start.\nFor scripts and pipes use a one-shot command, e.g. `callboard calls` (see callboard --help).")
	}
	auditPath := a.cfg.AuditLog
	if a.demo {
		stop, path, err := a.startDemo()
		if err != nil {
			return a.failf(exitFailed, "cannot start the demo simulator: %v", err)
		}
		defer stop()
		auditPath = path
	}
	keys := defaultKeyMap()
	if err := applyKeyOverrides(&keys, a.cfg.Keys); err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	theme := themeFor(a.cfg.Theme)
	// The audit log first: the board's actions cannot be made without it.
	auditLog, err := audit.Open(auditPath)
	if err != nil {
		return a.failf(exitUsage, "%v\nSet where actions are recorded with --audit-log FILE (or CALLBOARD_AUDIT_LOG).", err)
	}
	defer auditLog.Close()
	if err := a.connect(ctx, func(accounts []ui.Account) (ui.Account, bool) {
		return pickAccount(ctx, a, accounts, keys, theme)
	}); err != nil {
		return err
	}
	actions := audit.NewRecorder(a.client, auditLog, a.client.AccountID(), "board")
	// Actions get a context of their own that outlives ctx: a signal
	// (SIGHUP from a dropped SSH session, SIGTERM) stops the board, not an
	// action already sent, whose outcome still goes into the audit log.
	// It ends once waitForActions has waited as long as it will.
	actionsCtx, endActions := context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		a.waitForActions(actions)
		endActions()
	}()

	p, err := poller.New(a.client, a.scope(), poller.WithInterval(a.cfg.Refresh))
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	sub := p.Subscribe()
	defer sub.Close()
	pollCtx, stopPolling := context.WithCancel(ctx)
	defer stopPolling()
	go func() { _ = p.Run(pollCtx) }()

	store := team.NewStore(a.sessionsFrom(auditLog.Path(), a.client.AccountID())...)
	m := ui.New(ui.Config{
		Client: team.Actions(actions, store, actions.Operator), Team: store, Operator: actions.Operator,
		Poller: p, Sub: sub, Budget: a.client.Budget(),
		Keys: keys, Theme: theme,
		AccountID: a.client.AccountID(), AccountName: a.accountName, Demo: a.demo, ReadOnly: a.cfg.ReadOnly,
		// NO_COLOR (theme none) and dumb terminals ask forms for plain prompts.
		Accessible: a.cfg.Theme == "none" || a.env("TERM") == "dumb",
		Phone:      a.cfg.Phone, PhoneHint: "+1 212 555 0123", RememberPhone: a.phoneKeeper(), Region: a.cfg.Region,
		WaitThreshold: a.cfg.WaitThreshold, TalkThreshold: a.cfg.TalkThreshold,
		History: historyFrom(auditLog.Path(), a.client.AccountID()),
		Context: actionsCtx,
	})
	a.log.Info("board started", "account", a.client.AccountID(), "scope", a.scope().String(), "read_only", a.cfg.ReadOnly)
	// The signals end the board through ctx alone (main): SIGINT, SIGTERM
	// and SIGHUP alike, like q, with exit status 0 once the actions in
	// flight are recorded. Bubble Tea's own handler would race it for two.
	prog := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout), tea.WithoutSignalHandler())
	if _, err := prog.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return a.failf(exitFailed, "%v", err)
	}
	a.log.Info("board stopped", "signal", ctx.Err() != nil)
	return nil
}

// waitForActions lets actions sent just before quitting get their answer
// and their outcome into the audit log (bounded by the request timeout).
func (a *app) waitForActions(r *audit.Recorder) {
	ctx, cancel := context.WithTimeout(context.Background(), api.DefaultTimeout+5*time.Second)
	defer cancel()
	quick, cancelQuick := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelQuick()
	if r.Wait(quick) == nil {
		return
	}
	fmt.Fprintln(a.stderr, "callboard: waiting for RingCX to answer the last action, to record its outcome…")
	if err := r.Wait(ctx); err != nil {
		fmt.Fprintln(a.stderr, "callboard: no answer in time; the audit log shows that action without an outcome")
	}
}

// startDemo points the configuration at an embedded simulator on loopback,
// signed in through the real JWT exchange. Demo actions are audited, and
// the debug log written, into a temporary state directory that stop
// removes: they happened to no real call, and nothing of the demo is left
// in the real state directory.
func (a *app) startDemo() (stop func(), auditPath string, err error) {
	url, _, stopSim, err := sim.Start(sim.Config{Seed: 1})
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "callboard-demo-")
	if err != nil {
		stopSim()
		return nil, "", err
	}
	a.demo = true
	a.cfg.LogFile = filepath.Join(dir, "callboard.log")
	a.logTo(a.cfg.LogFile)
	a.cfg.Server, a.cfg.Account = url, demoAccount
	a.cfg.Scope.Product, a.cfg.Scope.ProductID, a.cfg.Scope.ExternalID = "", "", ""
	a.cfg.Credentials = demoCredentials(url)
	return func() { stopSim(); _ = os.RemoveAll(dir) }, filepath.Join(dir, "audit.jsonl"), nil
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// pickAccount runs the account picker before the board.
func pickAccount(ctx context.Context, a *app, accounts []ui.Account, keys ui.KeyMap, theme ui.ThemeFunc) (ui.Account, bool) {
	p := ui.NewPicker(accounts, keys, theme)
	if _, err := tea.NewProgram(p, tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)).Run(); err != nil {
		return ui.Account{}, false
	}
	return p.Chosen()
}

// historyFrom reads a call's entries from the audit log for the details
// pane; the board calls it from a command, off the UI loop.
func historyFrom(path, account string) ui.HistoryLoader {
	return func(uii string) ([]ui.HistoryEntry, error) {
		records, err := audit.Read(path, audit.Filter{UII: uii})
		var damaged *audit.MalformedError
		if err != nil && !errors.As(err, &damaged) {
			return nil, err // damaged lines are skipped; the readable records still count
		}
		var out []ui.HistoryEntry
		for _, e := range audit.Pair(records) {
			r := e.About()
			if r.Account != account {
				continue
			}
			out = append(out, ui.HistoryEntry{
				At: r.Time, Action: audit.Describe(r), Result: e.ResultText(),
				OK: e.Outcome != nil && e.Outcome.Result == audit.ResultOK, Source: r.Source + " · " + r.Operator,
			})
		}
		return out, nil
	}
}

// sessionsFrom is the supervisor sessions this OS user started on account
// and has not ended, replayed from the audit log at path, so a restarted
// board still knows them (ME, x, mode switches).
func (a *app) sessionsFrom(path, account string) []ui.Session {
	found := a.openSessions(path, account)
	out := make([]ui.Session, len(found))
	for i, s := range found {
		out[i] = ui.Session{UII: s.UII, Operator: audit.Operator(), Type: s.Type, Phone: s.Phone, Since: s.Since, Uncertain: s.Uncertain}
	}
	return out
}

// demoCredentials are the demo's sign-in: the simulator accepts any client
// and JWT, and going through the real exchange exercises what a real
// account will.
func demoCredentials(server string) config.Credentials {
	demo := config.Source{Kind: config.KindDefault, Name: "demo"}
	return config.Credentials{
		RingCentralServer: server,
		ClientID:          "demo-client-id",
		ClientSecret:      config.NewSecret("demo-client-secret", demo),
		JWT:               config.NewSecret("demo-jwt-assertion", demo),
	}
}
