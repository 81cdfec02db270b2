package console

import (
	"github.com/callboard/callboard/ui"
)

// Role is what a viewer may do.
type Role string

// The roles.
const (
	// RoleSupervisor watches and acts.
	RoleSupervisor Role = "supervisor"
	// RoleViewer only watches: the service refuses their actions before
	// anything reaches RingCX. An empty or unknown role is a viewer's, so
	// a mistake in a configuration never hands out control of calls.
	RoleViewer Role = "viewer"
)

// Viewer is one person looking at the service's calls.
type Viewer struct {
	// Operator is their name in the audit log and on other boards (for the
	// local board: the OS user, audit.Operator()).
	Operator string
	// Source is the front end they use: audit.SourceBoard, audit.SourceSSH
	// or audit.SourceCLI.
	Source string
	// Fingerprint is the SHA256 fingerprint of the SSH key they signed in
	// with ("" locally); it goes into their audit records.
	Fingerprint string
	// Phone is the phone RingCX dials for their sessions, E.164, or "": the
	// board asks.
	Phone string
	Role  Role
	Keys  ui.KeyMap
	Theme ui.ThemeFunc
	// Accessible asks forms for plain prompts (NO_COLOR, TERM=dumb).
	Accessible bool
	// RememberPhone keeps the phone typed at the board's prompt for the
	// next run: the local board only; nil elsewhere.
	RememberPhone func(string) error
}

// mayAct reports whether the viewer's role lets them act.
func (v Viewer) mayAct() bool { return v.Role == RoleSupervisor }
