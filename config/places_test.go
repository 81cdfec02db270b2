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

	shared := filepath.Join(t.TempDir(), "shared")
	require.NoError(t, os.Mkdir(shared, 0o700))
	require.NoError(t, os.Chmod(shared, 0o775))
	assert.Contains(t, loadErr(t, e, "--audit-log", filepath.Join(shared, "audit.jsonl")), "state directory "+shared+" is writable by its group")
	assert.Contains(t, loadErr(t, e.set("CALLBOARD_LOG_FILE", filepath.Join(shared, "debug.log"))), "run chmod 700 "+shared)
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
