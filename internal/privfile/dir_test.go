package privfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func skipOnWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no owners or mode bits to check on Windows")
	}
}

// otherOwner makes every file look like uid's for the rest of the test:
// the owner check, tested as one user.
func otherOwner(t *testing.T, uid int) {
	saved := fileOwner
	fileOwner = func(fs.FileInfo) (int, bool) { return uid, true }
	t.Cleanup(func() { fileOwner = saved })
}

func TestCheckDirRefusesWhatOthersCanWrite(t *testing.T) {
	skipOnWindows(t)
	dir := filepath.Join(t.TempDir(), "callboard")
	assert.NoError(t, CheckDir(dir, "state directory"), "absent: created 0700 when first written")
	require.NoError(t, os.Mkdir(dir, 0o700))
	for mode, want := range map[os.FileMode]string{
		0o700: "", 0o755: "", 0o750: "",
		0o777: "state directory " + dir + " is writable by group and others (mode 0777)",
		0o775: "is writable by its group (mode 0775)",
		0o703: "is writable by others (mode 0703)",
	} {
		require.NoError(t, os.Chmod(dir, mode))
		err := CheckDir(dir, "state directory")
		if want == "" {
			assert.NoError(t, err, "%04o", mode)
			continue
		}
		require.Error(t, err, "%04o", mode)
		assert.Contains(t, err.Error(), want)
		assert.Contains(t, err.Error(), "run chmod 700 "+dir)
	}
	file := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	assert.ErrorContains(t, CheckDir(file, "state directory"), "is not a directory")
}

func TestCheckDirRefusesAnotherUsersDirectory(t *testing.T) {
	skipOnWindows(t)
	dir := t.TempDir()
	otherOwner(t, os.Getuid()+4242)
	err := CheckDir(dir, "state directory")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "state directory "+dir+" belongs to uid ")
	assert.Contains(t, err.Error(), "not to you")
	assert.Contains(t, err.Error(), "remove it")

	otherOwner(t, 0)
	assert.NoError(t, CheckDir(dir, "state directory"), "root's, not writable by others: as ssh, trusted")
}

func TestCheckFile(t *testing.T) {
	skipOnWindows(t)
	file := filepath.Join(t.TempDir(), "config.toml")
	assert.NoError(t, CheckFile(file, "config file"), "absent: the reader says so")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	require.NoError(t, os.Chmod(file, 0o644))
	assert.NoError(t, CheckFile(file, "config file"))
	require.NoError(t, os.Chmod(file, 0o666))
	assert.ErrorContains(t, CheckFile(file, "config file"), "config file "+file+" is writable by group and others (mode 0666)")
	assert.ErrorContains(t, CheckFile(file, "config file"), "run chmod go-w "+file)
	require.NoError(t, os.Chmod(file, 0o600))
	otherOwner(t, os.Getuid()+4242)
	assert.ErrorContains(t, CheckFile(file, "config file"), "belongs to uid ")
}

func TestPrivateDir(t *testing.T) {
	skipOnWindows(t)
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "callboard-1000")
	require.NoError(t, PrivateDir(dir, "sign-in directory"))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "created private")
	require.NoError(t, PrivateDir(dir, "sign-in directory"), "and taken again")

	require.NoError(t, os.Chmod(dir, 0o755))
	assert.ErrorContains(t, PrivateDir(dir, "sign-in directory"), "is open to others (mode 0755): run chmod 700 "+dir)
	require.NoError(t, os.Chmod(dir, 0o700))

	link := filepath.Join(tmp, "callboard-link")
	require.NoError(t, os.Symlink(dir, link))
	assert.ErrorContains(t, PrivateDir(link, "sign-in directory"), "is not a directory (a symbolic link): remove it")

	otherOwner(t, os.Getuid()+4242)
	assert.ErrorContains(t, PrivateDir(dir, "sign-in directory"), "belongs to uid ")
	otherOwner(t, 0)
	if os.Getuid() != 0 {
		assert.Error(t, PrivateDir(dir, "sign-in directory"), "root's is not the user's own")
	}
}
