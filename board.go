package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

const demoAccount = "12440011"

// runBoard starts the supervision board: the root command. --demo is
// parsed by then, so loading the configuration neither opens the real
// debug log nor reads the remembered phone for the demo. The board is one
// viewer — the OS user, a supervisor — of a service of its own.
func (a *app) runBoard(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	a.board = true
	if err := a.load(cmd); err != nil {
		return err
	}
	keys, err := a.keyMap()
	if err != nil {
		return a.failf(exitUsage, "%v", err)
	}
	if !isTerminal(a.stdout) {
		return a.failf(exitUsage, "standard output is not a terminal, so the board will not start.\nFor scripts and pipes use a one-shot command, e.g. `callboard calls` (see callboard --help).")
	}
	theme := themeFor(a.cfg.Theme)
	svc, closeService, err := a.openService(ctx, audit.SourceBoard, func(accounts []ui.Account) (ui.Account, bool) {
		return pickAccount(ctx, a, accounts, keys, theme)
	})
	if err != nil {
		return err
	}
	defer closeService()
	boardCtx, endBoard := context.WithCancel(ctx)
	defer endBoard()
	m := svc.NewBoard(boardCtx, console.Viewer{
		Operator: audit.Operator(), Source: audit.SourceBoard, Role: console.RoleSupervisor,
		Phone: a.cfg.Phone, RememberPhone: a.phoneKeeper(), Keys: keys, Theme: theme,
		// NO_COLOR (theme none) and dumb terminals ask forms for plain prompts.
		Accessible: a.cfg.Theme == "none" || a.env("TERM") == "dumb",
	})
	a.log.Info("board started", "account", a.client.AccountID(), "scope", a.scope().String(), "read_only", a.cfg.ReadOnly)
	// The signals end the board through ctx alone (main): SIGINT, SIGTERM
	// and SIGHUP alike, like q, with exit status 0 once the actions in
	// flight are recorded. Bubble Tea's own handler would race it for two.
	// The frame rate is the board's own (ui.FrameRate says why), not
	// Bubble Tea's default of 60: it caps how often a burst of views is
	// written to a possibly slow link.
	prog := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout), tea.WithoutSignalHandler(), tea.WithFPS(ui.FrameRate))
	if _, err := prog.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return a.failf(exitFailed, "%v", err)
	}
	a.log.Info("board stopped", "signal", ctx.Err() != nil)
	return nil
}

// openService opens the account's service as the board does: the demo's
// simulator (--demo), the audit log — first, since no action can be made
// without it — the sign-in and the account (pick chooses when several can
// be seen; nil refuses to guess), then the service, polling from now on.
// source is the front end it serves (audit.SourceBoard, audit.SourceSSH),
// for what it records itself. closeService stops polling, waits (bounded)
// for the actions in flight to be recorded, then closes the audit log and
// the demo: call it once, when every board is gone.
func (a *app) openService(ctx context.Context, source string, pick func([]ui.Account) (ui.Account, bool)) (svc *console.Service, closeService func(), err error) {
	var undo []func() // what closes it, in reverse
	closeAll := func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll() // what was opened before the failure
		}
	}()
	auditPath := a.cfg.AuditLog
	if a.demo {
		stop, path, err := a.startDemo()
		if err != nil {
			return nil, nil, a.failf(exitFailed, "cannot start the demo simulator: %v", err)
		}
		undo = append(undo, stop)
		auditPath = path
	}
	auditLog, err := audit.Open(auditPath)
	if err != nil {
		return nil, nil, a.failf(exitUsage, "%v\nSet where actions are recorded with --audit-log FILE (or CALLBOARD_AUDIT_LOG).", err)
	}
	undo = append(undo, func() { _ = auditLog.Close() })
	if err := a.connect(ctx, pick); err != nil {
		return nil, nil, err
	}
	svc, err = console.New(console.Options{
		Client: a.client, AccountName: a.accountName, Demo: a.demo, Scope: a.scope(), Refresh: a.cfg.Refresh,
		AuditLog: auditLog, WaitThreshold: a.cfg.WaitThreshold, TalkThreshold: a.cfg.TalkThreshold, Thresholds: viewThresholds(a.cfg.Settings),
		Region: a.cfg.Region, ReadOnly: a.cfg.ReadOnly, Source: source, Log: a.log,
	})
	if err != nil {
		return nil, nil, a.failf(exitUsage, "%v", err)
	}
	// Actions outlive ctx: a signal (SIGHUP from a dropped SSH session,
	// SIGTERM) stops the boards, not an action already sent, whose outcome
	// still goes into the audit log. svc.Close ends them once
	// waitForActions has waited as long as it will.
	undo = append(undo, func() {
		waited := a.waitForActions(svc)
		closed := svc.Shutdown()
		for _, line := range closedText(waited, closed) {
			fmt.Fprintln(a.stderr, line)
		}
	})
	pollCtx, stopPolling := context.WithCancel(ctx)
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		_ = svc.Run(pollCtx)
	}()
	undo = append(undo, func() {
		stopPolling()
		<-polled // nothing more is recorded once the log closes
	})
	return svc, closeAll, nil
}

// viewThresholds are the agents and queues views' thresholds from the
// configuration ([thresholds]), checked by config.Load like every setting.
func viewThresholds(s config.Settings) ui.Thresholds {
	return ui.Thresholds{WrapUp: s.WrapUpThreshold, Away: s.AwayThreshold, QueueWait: s.QueueWaitThreshold,
		ServiceLevel: s.ServiceLevelTarget, Bell: s.Bell}
}

// waitForActions gives up the actions not yet sent (recorded as not sent:
// callboard was stopping) and lets those sent just before quitting get
// their answer and their outcome into the audit log (bounded by the
// request timeout); svc.Shutdown then cancels what is still unanswered.
// It reports whether it said it was waiting (an action was still out).
func (a *app) waitForActions(svc *console.Service) (waited bool) {
	svc.StopSending()
	ctx, cancel := context.WithTimeout(context.Background(), api.DefaultTimeout+5*time.Second)
	defer cancel()
	quick, cancelQuick := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelQuick()
	if svc.Wait(quick) == nil {
		return false
	}
	fmt.Fprintln(a.stderr, "callboard: waiting for RingCX to answer the last action, to record its outcome…")
	_ = svc.Wait(ctx) // what became of it is Shutdown's to say
	return true
}

// closedText is what callboard says on exit of the actions Shutdown
// cancelled, from what it reported — said only once the outcomes are in
// the audit log (or their wait ran out), so it never claims an outcome not
// yet written. waited: callboard said it was waiting for an answer.
func closedText(waited bool, c console.Closed) []string {
	var lines []string
	for _, r := range c.Results {
		line := "callboard: no answer in time; the audit log records that action's outcome as " + shown.Quote(r)
		if strings.HasPrefix(r, "unknown") {
			line += " — check the call"
		}
		lines = append(lines, line)
	}
	if n := c.Unrecorded; n > 0 {
		what := "1 action could not be recorded before exit: the audit log shows it"
		if n > 1 {
			what = fmt.Sprintf("%d actions could not be recorded before exit: the audit log shows them", n)
		}
		lines = append(lines, "callboard: no answer in time, and the outcome of "+what+" without an outcome — check the call")
	}
	if waited && lines == nil {
		lines = append(lines, "callboard: the last action ended; its outcome is in the audit log")
	}
	return lines
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
	// The configuration says so too: what reads the audit log back (the
	// audit command run over SSH by callboard serve --demo) reads the demo's.
	// A log asked for by name is not used — demo actions happened to no real
	// call — and that is said, not left to be found out.
	if k := a.cfg.Sources["audit_log"].Kind; k == config.KindFlag || k == config.KindEnv || k == config.KindFile {
		fmt.Fprintf(a.stderr, "callboard: --demo records its actions in its own temporary state, not in %s (they happen to no real call)\n", a.cfg.AuditLog)
	}
	a.cfg.AuditLog = filepath.Join(dir, "audit.jsonl")
	return func() { stopSim(); _ = os.RemoveAll(dir) }, a.cfg.AuditLog, nil
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
