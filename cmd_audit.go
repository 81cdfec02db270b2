package main

import (
	"context"
	"errors"
	"time"

	"github.com/callboard/callboard/audit"
)

const auditUsage = `Usage: callboard audit [--since 1h] [--uii UII]

Reads the audit log back: every action sent from this host's callboard (board and commands), its
parameters and its outcome. An intent with no outcome means callboard stopped before RingCX answered.

Examples:
  callboard audit --since 24h
  callboard audit --uii 202005081040440132050000019657
`

func (a *app) runAudit(_ context.Context, args []string) int {
	fs, flags := newFlagSet("callboard audit")
	since := fs.Duration("since", 0, "")
	uii := fs.String("uii", "", "")
	pos, code := a.parse(fs, flags, args, auditUsage)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return a.failf(exitUsage, "audit takes no arguments (got %q)", pos[0])
	}
	if *since < 0 {
		return a.failf(exitUsage, "--since must be positive, e.g. 1h or 30m")
	}
	if a.cfg.AuditLog == "" {
		return a.failf(exitUsage, "no audit log to read: give --audit-log FILE (or CALLBOARD_AUDIT_LOG)")
	}
	f := audit.Filter{UII: *uii}
	if *since > 0 {
		f.Since = time.Now().Add(-*since)
	}
	records, err := audit.Read(a.cfg.AuditLog, f)
	var damaged *audit.MalformedError
	switch {
	case errors.As(err, &damaged):
		// Damaged lines are reported, the readable records still shown: an
		// audit trail is most wanted exactly when something went wrong.
		defer a.failf(exitFailed, "%v", err)
	case err != nil:
		return a.failf(exitFailed, "reading the audit log %s: %v", a.cfg.AuditLog, err)
	}
	if err := audit.Print(a.stdout, audit.Pair(records)); err != nil {
		return a.failf(exitFailed, "%v", err)
	}
	if damaged != nil {
		return exitFailed
	}
	return exitOK
}

const configUsage = `Usage: callboard config [flags]

Prints the effective configuration — each setting, its value (secrets hidden) and where it came from
(flag, environment, config file and line, or default) — and which sign-in will be used.

Examples:
  callboard config
  callboard config --config ./team.toml --refresh 10s
`

func (a *app) runConfig(_ context.Context, args []string) int {
	fs, flags := newFlagSet("callboard config")
	pos, code := a.parse(fs, flags, args, configUsage)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return a.failf(exitUsage, "config takes no arguments (got %q)", pos[0])
	}
	if err := a.cfg.Describe(a.stdout); err != nil {
		return a.failf(exitFailed, "%v", err)
	}
	return exitOK
}
