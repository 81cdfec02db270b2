package config

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A state directory others may write to — the callboard/ at mode
// 0777, where another user deleted the audit log — is refused by Load,
// before anything is read from it or sent, naming the path, its mode and
// the fix; so is the directory of an audit or debug log given by name.
func TestLoadRefusesStateDirectoriesOthersCanWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	e := newTestEnv(t)
	state := filepath.Join(e.home, ".local", "state", "callboard")
	require.NoError(t, os.MkdirAll(state, 0o700))
	mustLoad(t, e)
	require.NoError(t, os.Chmod(state, 0o777))
	assert.Equal(t, "state directory "+state+" is writable by group and others (mode 0777): refusing to use it "+
		"(they could change or delete what callboard keeps there); run chmod 700 "+state, loadErr(t, e))
	require.NoError(t, os.Chmod(state, 0o700))

	// A log given by name is held to the rule for the directories above a
	// place: its directory may not be one others can write to unless it
	// is sticky.
	shared := dirWithMode(t, 0o777)
	audit := filepath.Join(shared, "audit.jsonl")
	assert.Equal(t, "audit log "+audit+": "+shared+" is writable by group and others and not sticky (mode 0777): refusing to use it "+
		"(they could rename what is in it and put their own in its place); run chmod go-w "+shared,
		loadErr(t, e, "--audit-log", audit))
	assert.Contains(t, loadErr(t, e.set("CALLBOARD_LOG_FILE", filepath.Join(shared, "debug.log"))), "debug log "+filepath.Join(shared, "debug.log")+": "+shared+" is writable")
}

// A debug log in /tmp (sticky, 1777) is fine: others cannot move or
// remove what is the user's there. Before, /tmp was refused as a "state
// directory", with advice to chmod 700 /tmp.
func TestLoadAcceptsALogInAStickyDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	e := newTestEnv(t)
	tmp := dirWithMode(t, 0o777|os.ModeSticky)
	c := mustLoad(t, e, "--log-file", filepath.Join(tmp, "x.log"), "--audit-log", filepath.Join(tmp, "audit.jsonl"))
	assert.Equal(t, filepath.Join(tmp, "x.log"), c.LogFile)

	require.NoError(t, os.WriteFile(filepath.Join(tmp, "x.log"), nil, 0o600))
	require.NoError(t, os.Chmod(filepath.Join(tmp, "x.log"), 0o622))
	assert.Contains(t, loadErr(t, e, "--log-file", filepath.Join(tmp, "x.log")), "debug log "+filepath.Join(tmp, "x.log")+" is writable by group and others (mode 0622)")
}

// The state directory's parent is checked too, up to home: in a
// directory others may write that is not sticky, they could rename
// callboard/ away — with the audit log in it — whether it exists yet or
// not.
func TestLoadRefusesAStateDirectoryOthersCanMoveAway(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	e := newTestEnv(t)
	shared := dirWithMode(t, 0o777)
	e.set("XDG_STATE_HOME", shared)
	state := filepath.Join(shared, "callboard")
	assert.Contains(t, loadErr(t, e), "state directory "+state+": "+shared+" is writable by group and others and not sticky (mode 0777)")
	require.NoError(t, os.Mkdir(state, 0o700))
	assert.Contains(t, loadErr(t, e), "(they could rename "+state+" and put their own in its place)")
	require.NoError(t, os.Chmod(shared, 0o777|os.ModeSticky))
	mustLoad(t, e)
}

// The default config file's directory is held to the same rule, and the
// file is then not read at all: its values could be anyone's.
func TestLoadRefusesAConfigDirectoryOthersCanWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	e := newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), "refresh = \"1s\"\n", 0o600)
	require.NoError(t, os.Chmod(filepath.Dir(path), 0o777))
	msg := loadErr(t, e)
	assert.Contains(t, msg, "config directory "+filepath.Dir(path)+" is writable by group and others (mode 0777)")
	assert.NotContains(t, msg, "refresh", "the file was not read")

	// A file named by --config is checked itself, not the directory it
	// sits in (a team's shared checkout).
	named := writeFile(t, filepath.Join(filepath.Dir(path), "team.toml"), "refresh = \"7s\"\n", 0o644)
	c := mustLoad(t, e, "--config", named)
	assert.Equal(t, "7s", shortDuration(c.Refresh))
}

// dirWithMode is a new directory of the test's with exactly mode (the
// umask aside).
func dirWithMode(t *testing.T, mode os.FileMode) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shared")
	require.NoError(t, os.Mkdir(dir, 0o700))
	require.NoError(t, os.Chmod(dir, mode))
	return dir
}
