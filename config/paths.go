package config

import (
	"os"
	"path/filepath"
)

// appName is the directory callboard uses under the XDG base directories.
const appName = "callboard"

// DefaultConfigPath is where callboard looks for its config file when none
// is named: $XDG_CONFIG_HOME/callboard/config.toml, else
// $HOME/.config/callboard/config.toml. It is computed from env (not
// os.UserConfigDir) so that tests can redirect it and so that macOS jump
// hosts use the same ~/.config as Linux ones. "" when neither is set.
func DefaultConfigPath(env func(string) string) string {
	dir := xdgDir(orGetenv(env), "XDG_CONFIG_HOME", ".config")
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, appName, "config.toml")
}

// StateDir is callboard's own state directory, where the debug log and the
// audit log live by default: $XDG_STATE_HOME/callboard, else
// $HOME/.local/state/callboard. It already includes "callboard". "" when
// neither variable is set (a service without HOME): the log and audit
// paths are then left empty rather than guessed.
func StateDir(env func(string) string) string {
	dir := xdgDir(orGetenv(env), "XDG_STATE_HOME", filepath.Join(".local", "state"))
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, appName)
}

// xdgDir applies the XDG base-directory rule: the variable if it holds an
// absolute path (the spec says relative ones are to be ignored), else
// $HOME/fallback.
func xdgDir(env func(string) string, variable, fallback string) string {
	if d := env(variable); d != "" && filepath.IsAbs(d) {
		return d
	}
	if home := env("HOME"); home != "" {
		return filepath.Join(home, fallback)
	}
	return ""
}

func orGetenv(env func(string) string) func(string) string {
	if env == nil {
		return os.Getenv
	}
	return env
}
