package config

import (
	"path/filepath"

	"github.com/callboard/callboard/internal/privfile"
)

// checkConfigPlace refuses a config file that someone else could have
// written — the user's or root's, writable by no one else — and, for
// the default file, its directory (~/.config/callboard) and those above
// it up to the home directory, as ssh checks the path to authorized_keys:
// whoever can write any of them chooses the server the credentials are
// sent to. It is checked before the file is read. A file named with
// --config or CALLBOARD_CONFIG is checked itself, not the directory it
// happens to sit in (a team's repository, say).
func checkConfigPlace(path string, named bool, env func(string) string) error {
	if !named {
		place := privfile.Place{What: "config directory", Elsewhere: "XDG_CONFIG_HOME, or --config", Home: env("HOME")}
		if err := privfile.CheckDir(filepath.Dir(path), place); err != nil {
			return err
		}
	}
	return privfile.CheckFile(path, "config file")
}

// statePlaces refuses the places callboard keeps state in when another
// user could change them: the state directory (sign-in store, locks,
// remembered phone, and the logs by default) and the directories above
// it, and an audit or debug log given by name with the directories above
// it. Another user who could rename any of them away could delete the
// audit log or swap the sign-in store. A log's own directory may be
// sticky, as /tmp is: the log itself, when there, must then be the
// user's. Load refuses them before anything is read or sent.
func (c *Config) statePlaces(env func(string) string) []error {
	home := env("HOME")
	state := StateDir(env)
	var errs []error
	if state != "" {
		if err := privfile.CheckDir(state, privfile.Place{What: "state directory", Elsewhere: "XDG_STATE_HOME", Home: home}); err != nil {
			errs = append(errs, err)
		}
	}
	logs := []struct{ path, what, elsewhere string }{
		{c.AuditLog, "audit log", "--audit-log or CALLBOARD_AUDIT_LOG"},
		{c.LogFile, "debug log", "--log-file or CALLBOARD_LOG_FILE"},
	}
	for _, l := range logs {
		if l.path == "" || filepath.Dir(l.path) == state {
			continue // the state directory's own: checked above
		}
		if err := privfile.CheckFileIn(l.path, privfile.Place{What: l.what, Elsewhere: l.elsewhere, Home: home}); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
