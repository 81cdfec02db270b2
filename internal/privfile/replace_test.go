package privfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplaceAndReadPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "phone")
	_, err := ReadPrivate(path, "phone", 64)
	assert.ErrorIs(t, err, fs.ErrNotExist, "nothing kept yet")

	require.NoError(t, Replace(path, "phone", []byte("+15554150123\n")))
	require.NoError(t, Replace(path, "phone", []byte("+15554150999\n")))
	b, err := ReadPrivate(path, "phone", 64)
	require.NoError(t, err)
	assert.Equal(t, "+15554150999\n", string(b), "the whole file is replaced")
	info, _ := os.Stat(path)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dinfo, _ := os.Stat(filepath.Dir(path))
	assert.Equal(t, os.FileMode(0o700), dinfo.Mode().Perm())
	entries, _ := os.ReadDir(filepath.Dir(path))
	assert.Len(t, entries, 1, "no temporary file is left behind")

	_, err = ReadPrivate(path, "phone", 4)
	assert.ErrorContains(t, err, "larger than 4 bytes")

	require.NoError(t, os.Chmod(path, 0o644))
	_, err = ReadPrivate(path, "phone", 64)
	assert.ErrorContains(t, err, "phone "+path+" is readable by others (mode 0644): not trusted")
	require.NoError(t, os.Chmod(path, 0o620))
	_, err = ReadPrivate(path, "phone", 64)
	assert.ErrorContains(t, err, "is writable by others (mode 0620)")

	target := filepath.Join(dir, "elsewhere")
	require.NoError(t, os.WriteFile(target, []byte("+15550000000"), 0o600))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(target, link))
	_, err = ReadPrivate(link, "phone", 64)
	assert.ErrorContains(t, err, "is a symbolic link")
	err = Replace(link, "phone", []byte("x"))
	assert.ErrorContains(t, err, "is a symbolic link")
	got, _ := os.ReadFile(target)
	assert.Equal(t, "+15550000000", string(got), "the link's target is untouched")

	assert.ErrorContains(t, Replace(dir, "phone", []byte("x")), "is not a regular file")
	assert.ErrorContains(t, Replace("", "phone", nil), "phone: no path given")
}
