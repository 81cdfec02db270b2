package config

import (
	"path/filepath"
	"slices"

	"github.com/callboard/callboard/internal/privfile"
)

// checkConfigPlace refuses a config file that someone else could have
// written — the user's or root's, writable by no one else — and, for
// the default file, its directory too (~/.config/callboard): whoever can
// write either chooses the server the credentials are sent to. It is
// checked before the file is read. A file named with --config or
// CALLBOARD_CONFIG is checked itself, not the directory it happens to sit
// in (a team's repository, say).
func checkConfigPlace(path string, named bool) error {
	if !named {
		if err := privfile.CheckDir(filepath.Dir(path), "config directory"); err != nil {
			return err
		}
	}
	return privfile.CheckFile(path, "config file")
}

// statePlaces refuses the directories callboard keeps state in — the
// state directory (sign-in store, locks, remembered phone) and those of
// the audit log and the debug log — when another user owns one or others
// may write to it: they could delete the audit log or swap the sign-in
// store. Load refuses them before anything is read or sent.
func (c *Config) statePlaces(env func(string) string) []error {
	var dirs []string
	if dir := StateDir(env); dir != "" {
		dirs = append(dirs, dir)
	}
	for _, p := range []string{c.AuditLog, c.LogFile} {
		if p != "" {
			dirs = append(dirs, filepath.Dir(p))
		}
	}
	slices.Sort(dirs)
	var errs []error
	for _, dir := range slices.Compact(dirs) {
		if err := privfile.CheckDir(dir, "state directory"); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
