package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/ui"
)

// auditCommand reads the audit log back.
func (a *app) auditCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "audit",
		GroupID: groupLook,
		Short:   "What was done, from the audit log",
		Long: `Reads the audit log back: every action sent from this host's callboard (board and commands) — when, who (operator and host), from where (board, ssh — with the key's fingerprint — or cli), the action as the commands name it with its parameters, and its outcome. A result starting "unknown:" was sent and may have happened (no answer in time, RingCX's answer lost, cancelled after sending): check the call before trying again; "not sent:" means nothing was sent, and says why. An intent with no outcome means callboard stopped before RingCX answered, and is unknown too. When there is no audit log at all it says so and exits 1, rather than showing an empty table. On a terminal the results are coloured by how they stand; --json writes one object per action with the result exactly as recorded and its standing.

--since takes ` + sinceForms + ".",
		Example: `
callboard audit --since 90m
callboard audit --since 3d
callboard audit --since 2026-11-29
callboard audit --uii 202005081040440132050000019657
callboard audit --since 1d --json | jq 'select(.standing == "unknown")'`,
		Args: takesArgs(0),
	}
	since := cmd.Flags().String("since", "", "only what was done since then: 90m, 2h, 3d, 2026-11-29 or RFC 3339")
	uii := cmd.Flags().String("uii", "", "only this call's actions")
	asJSON := cmd.Flags().Bool("json", false, "one JSON object per action (JSON Lines): the intent's fields, the result exactly as recorded, its standing (ok, failed, unknown, not sent, observed), status, request id and latency")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f := audit.Filter{UII: *uii}
		if *uii != "" {
			// As the actions check theirs: a uii that cannot be a call's would
			// select nothing, and an empty table reads as "nothing was done".
			if err := validateUIIArg(*uii); err != nil {
				return a.failf(exitUsage, "--uii: %v", err)
			}
		}
		if *since != "" {
			var err error
			if f.Since, err = parseSince(*since, time.Now()); err != nil {
				return a.failf(exitUsage, "%v", err)
			}
		}
		if err := a.load(cmd); err != nil {
			return err
		}
		return a.printAudit(f, *asJSON)
	}
	return cmd
}

// sinceForms are the ways --since may be written, for usage and errors.
const sinceForms = "a duration back from now (90m, 2h, 3d) or a date: 2026-11-29 (local midnight) or RFC 3339 (2026-11-29T14:30:00Z)"

// parseSince reads --since: a duration back from now — Go's units plus d
// for days, which Go lacks and audits are read in — or a date, a calendar
// day from local midnight or an RFC 3339 instant.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return time.Time{}, fmt.Errorf("--since %s: give how long back as a positive duration (90m, 2h, 3d)", shown.Quote(s))
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, now.Location()); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %s is neither a duration nor a date: give %s", shown.Quote(s), sinceForms)
}

// printAudit prints the audit log's records that f selects, paired: the
// table, or JSON Lines with asJSON.
func (a *app) printAudit(f audit.Filter, asJSON bool) error {
	if a.cfg.AuditLog == "" {
		return a.failf(exitUsage, "no audit log to read: give --audit-log FILE (or CALLBOARD_AUDIT_LOG)")
	}
	// An absent log is said, not shown as an empty table: that reads as
	// a clean record, and the log may have been removed.
	if _, err := os.Lstat(a.cfg.AuditLog); errors.Is(err, fs.ErrNotExist) {
		return a.failf(exitFailed, "no audit log at %s yet: no action has been recorded there (or the file was removed)", shown.Value(a.cfg.AuditLog))
	}
	records, err := audit.Read(a.cfg.AuditLog, f)
	var damaged *audit.MalformedError
	if err != nil && !errors.As(err, &damaged) {
		return a.failf(exitFailed, "reading the audit log %s: %v", a.cfg.AuditLog, err)
	}
	// Damaged lines are reported after the readable records, which are
	// still shown: an audit trail is most wanted exactly when something
	// went wrong.
	if err := a.writeAudit(audit.Pair(records), asJSON); err != nil {
		return a.failf(exitFailed, "%v", err)
	}
	if damaged != nil {
		return a.failf(exitFailed, "%v", damaged)
	}
	return nil
}

// writeAudit writes entries as --json asks, or as the table; on a
// terminal each result is styled by how it stands, so an outcome unknown
// (check the call) and an action never sent stand out from what failed.
func (a *app) writeAudit(entries []audit.Entry, asJSON bool) error {
	switch {
	case asJSON:
		return audit.WriteJSON(a.stdout, entries)
	case !isTerminal(a.stdout):
		return audit.Print(a.stdout, entries)
	}
	var b strings.Builder
	if err := audit.PrintStyled(&b, entries, standingStyle(themeFor(a.cfg.Theme)(a.cfg.Theme != "light"))); err != nil {
		return err
	}
	_, err := lipgloss.Fprint(a.stdout, b.String())
	return err
}

// standingStyle styles a result by its standing with the board's theme:
// ok as live, unknown as a warning, failed as an alert, not sent muted.
func standingStyle(t ui.Theme) func(audit.Standing, string) string {
	return func(s audit.Standing, text string) string {
		switch s {
		case audit.StandingOK:
			return t.Live.Render(text)
		case audit.StandingUnknown:
			return t.Warn.Render(text)
		case audit.StandingFailed:
			return t.Alert.Render(text)
		case audit.StandingNotSent:
			return t.Muted.Render(text)
		}
		return text
	}
}

// configCommand describes the effective configuration and checks it.
func (a *app) configCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "config",
		GroupID: groupLook,
		Short:   "The effective configuration, where each value came from, and what the board would refuse",
		Long: `Prints the effective configuration — each setting, its value (secrets hidden) and where it came from (flag, environment, config file and line, or default) — and which sign-in will be used.

Then checks it as the board does at start (settings, thresholds, [keys] actions and clashes, credentials, the audit log), and [serve] as callboard serve does (its settings and users, which it also lists): each problem is printed after the description, and the exit status is 2.`,
		Example: `
callboard config
callboard config --config ./team.toml --refresh 10s`,
		Args: takesArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.load(cmd); err != nil {
				return err
			}
			if err := a.cfg.Describe(a.stdout); err != nil {
				return a.failf(exitFailed, "%v", err)
			}
			problems := a.boardProblems()
			// [serve], checked by the very function serve checks it with, so
			// the two never disagree about what serve would refuse.
			if sc, err := config.ReadServe(a.cfg); err != nil {
				problems = append(problems, err)
			} else if err := config.DescribeServe(a.stdout, sc); err != nil {
				return a.failf(exitFailed, "%v", err)
			}
			// The problems come after the description, not instead of it: it
			// says where each value came from, which is what fixing one needs.
			if err := errors.Join(problems...); err != nil {
				return a.failf(exitUsage, "%v", err)
			}
			return nil
		},
	}
}

// boardProblems are what the board refuses to start with, beyond what
// config.Load already refused (bad values, thresholds, scope, unknown
// [keys] actions): keys bound to two actions, no credentials, and an audit
// log the board could not write.
func (a *app) boardProblems() []error {
	var errs []error
	if _, err := a.keyMap(); err != nil {
		errs = append(errs, err)
	}
	if a.cfg.Credentials.Mode() == config.SignInNone {
		errs = append(errs, errors.New("no RingCX credentials are set (see sign-in above; callboard --help lists the variables)"))
	}
	if err := auditLogProblem(a.cfg.AuditLog); err != nil {
		errs = append(errs, fmt.Errorf("%w (choose where actions are recorded with --audit-log FILE or CALLBOARD_AUDIT_LOG)", err))
	}
	return errs
}

// auditLogProblem is why the board could not open the audit log, found
// without creating anything: an existing file is opened as the board opens
// it, and closed; a missing one is created when the board starts.
func auditLogProblem(path string) error {
	if path == "" {
		return errors.New("audit log: no path given")
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	l, err := audit.Open(path)
	if err != nil {
		return err
	}
	return l.Close()
}
