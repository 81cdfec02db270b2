package privfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenAppend(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "log")
	f, created, err := OpenAppend(path, "debug log")
	require.NoError(t, err)
	assert.True(t, created)
	f.Close()
	info, _ := os.Stat(path)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dinfo, _ := os.Stat(filepath.Dir(path))
	assert.Equal(t, os.FileMode(0o700), dinfo.Mode().Perm())

	require.NoError(t, os.Chmod(path, 0o644))
	f, created, err = OpenAppend(path, "debug log")
	require.NoError(t, err)
	assert.False(t, created)
	f.Close()
	info, _ = os.Stat(path)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "tightened")

	target := filepath.Join(dir, "elsewhere")
	require.NoError(t, os.WriteFile(target, nil, 0o644))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(target, link))
	_, _, err = OpenAppend(link, "debug log")
	assert.ErrorContains(t, err, "debug log "+link+" is a symbolic link")
	info, _ = os.Stat(target)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), "the link's target is untouched")

	_, _, err = OpenAppend(dir, "debug log")
	assert.ErrorContains(t, err, "is not a regular file")
	_, _, err = OpenAppend("", "audit log")
	assert.ErrorContains(t, err, "audit log: no path given")
}

func TestRefusesAPathSwappedForASymlink(t *testing.T) {
	// adopt's after-the-fact check: the file opened is not what the path
	// names any more.
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.jsonl")
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, os.Remove(path))
	require.NoError(t, os.Symlink(filepath.Join(dir, "other"), path))
	err = adopt(f, path, "audit log")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "changed while it was being opened")
}
