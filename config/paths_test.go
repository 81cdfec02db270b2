package config

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestDefaultConfigPath(t *testing.T) {
	assert.Equal(t, "/xdg/callboard/config.toml",
		DefaultConfigPath(envOf("XDG_CONFIG_HOME", "/xdg", "HOME", "/home/a")))
	assert.Equal(t, "/home/a/.config/callboard/config.toml",
		DefaultConfigPath(envOf("HOME", "/home/a")))
	// The XDG spec says relative paths are invalid and to be ignored.
	assert.Equal(t, "/home/a/.config/callboard/config.toml",
		DefaultConfigPath(envOf("XDG_CONFIG_HOME", "rel", "HOME", "/home/a")))
	assert.Equal(t, "", DefaultConfigPath(envOf()))
}

func TestStateDir(t *testing.T) {
	assert.Equal(t, "/state/callboard", StateDir(envOf("XDG_STATE_HOME", "/state", "HOME", "/home/a")))
	assert.Equal(t, "/home/a/.local/state/callboard", StateDir(envOf("HOME", "/home/a")))
	assert.Equal(t, "", StateDir(envOf()))
}

func TestNilEnvMeansTheProcessEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_STATE_HOME", dir)
	assert.Equal(t, filepath.Join(dir, "callboard", "config.toml"), DefaultConfigPath(nil))
	assert.Equal(t, filepath.Join(dir, "callboard"), StateDir(nil))
}
