package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// [keys] is checked once (app.keyMap) for the board and for callboard
// config: a clash the board refuses with exit 2, config refuses with exit
// 2 and the same message — config used to say nothing and exit 0.
func TestConfigRefusesTheKeyClashesTheBoardRefuses(t *testing.T) {
	c := newCLI(t, sim.Config{})
	file := filepath.Join(c.dir, "config", "callboard", "config.toml")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o700))
	for _, toml := range []string{
		"[keys]\nhangup = [\"q\"]\n",                 // quit's key
		"[keys]\nmonitor = [\"c\"]\n",                // coach's
		"[keys]\nrefresh = [\"x\", \"ctrl+c\"]\n",    // one of two, quit's second key
		"[keys]\nsort = [\"/\"]\nfilter = [\"s\"]\n", // a swap is fine; see below
	} {
		require.NoError(t, os.WriteFile(file, []byte(toml), 0o600))
		_, boardErr, boardCode := c.run()
		_, configErr, configCode := c.run("config")
		if strings.Contains(toml, "sort") {
			assert.Equal(t, exitOK, configCode, "a swap clashes with nothing: %s", configErr)
			assert.NotContains(t, boardErr, "key bindings")
			continue
		}
		assert.Equal(t, exitUsage, boardCode, toml)
		assert.Equal(t, exitUsage, configCode, toml)
		msg := strings.TrimPrefix(strings.TrimSpace(boardErr), "callboard: ")
		assert.Contains(t, msg, "is bound to both", toml)
		assert.Contains(t, configErr, msg, "the same message: %s", toml)
	}
}

// A key that is not plain text would reach the help, the footer and every
// viewer's screen as written: the board and callboard config both refuse
// it with exit 2, echoed escaped.
func TestBoardAndConfigRefuseAKeyThatIsNotPlainText(t *testing.T) {
	c := newCLI(t, sim.Config{})
	file := filepath.Join(c.dir, "config", "callboard", "config.toml")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o700))
	require.NoError(t, os.WriteFile(file, []byte("[keys]\nrefresh = [\"\\u009b31mR\", \"\\u202eX\"]\n"), 0o600))
	for _, args := range [][]string{nil, {"config"}} {
		_, stderr, code := c.run(args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, stderr)
		assert.Contains(t, stderr, `keys.refresh: "\u009b31mR" is not a key: it contains a control character at byte 0`, args)
		assert.NotContains(t, stderr, "\u009b", args)
		assert.NotContains(t, stderr, "\u202e", args)
	}
}
