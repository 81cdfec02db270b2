package config

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"
)

// testEnv is a fake environment rooted in a temporary home, so no test
// reads the real environment or touches the real home directory.
type testEnv struct {
	home string
	vars map[string]string
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	home := t.TempDir()
	return &testEnv{home: home, vars: map[string]string{"HOME": home}}
}

func (e *testEnv) get(name string) string { return e.vars[name] }

func (e *testEnv) set(kv ...string) *testEnv {
	for i := 0; i+1 < len(kv); i += 2 {
		e.vars[kv[i]] = kv[i+1]
	}
	return e
}

// defaultConfig is where Load looks for the config file in this env.
func (e *testEnv) defaultConfig() string {
	return filepath.Join(e.home, ".config", "callboard", "config.toml")
}

// writeFile writes content with the given mode (chmod'ed explicitly, so
// the test does not depend on the umask) and returns the path.
func writeFile(t *testing.T, path, content string, mode os.FileMode) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	require.NoError(t, os.Chmod(path, mode))
	return path
}

// load parses args as a command would and loads the configuration.
func load(t *testing.T, e *testEnv, args ...string) (*Config, error) {
	t.Helper()
	return loadKeys(t, e, nil, args...)
}

func loadKeys(t *testing.T, e *testEnv, keyNames []string, args ...string) (*Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("callboard", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	RegisterFlags(fs)
	require.NoError(t, fs.Parse(args))
	return Load(fs, Options{Env: e.get, KeyNames: keyNames})
}

// mustLoad is load for cases that must succeed.
func mustLoad(t *testing.T, e *testEnv, args ...string) *Config {
	t.Helper()
	c, err := load(t, e, args...)
	require.NoError(t, err)
	return c
}

// loadErr is load for cases that must fail; it returns the message.
func loadErr(t *testing.T, e *testEnv, args ...string) string {
	t.Helper()
	c, err := load(t, e, args...)
	require.Error(t, err)
	require.Nil(t, c)
	return err.Error()
}
