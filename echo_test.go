package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/shown"
	"github.com/callboard/callboard/sim"
)

// What the person gave — a variable, a flag's value, an unknown flag or
// command, an argument — is repeated in the refusal with its controls
// written out (\x9b, \x1b, \u202e): neither played on the terminal nor
// silently dropped, so the person sees what is wrong with it.
func TestUserValuesAreEchoedVisibly(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"env phone", map[string]string{"CALLBOARD_PHONE": "+1555\x9b31mRED"}, []string{"calls"},
			`CALLBOARD_PHONE="+1555\x9b31mRED": contains invalid UTF-8 at byte 5`},
		{"flag theme", nil, []string{"config", "--theme", "\x9b2J"}, `--theme "\x9b2J": unknown theme`},
		{"unknown flag", nil, []string{"--bo\x1b[2Jgus"}, `unknown flag: --bo\x1b[2Jgus`},
		{"unknown command", nil, []string{"bo\u202egus"}, `unknown command "bo\u202egus" for "callboard"`},
		{"argument", nil, []string{"calls", "\x1b]0;owned\a"}, `calls takes no arguments (got "\x1b]0;owned\a")`},
		{"bool flag", nil, []string{"--read-only=\x9b"}, `--read-only "\x9b": give true or false`},
		{"help topic", nil, []string{"help", "\u202ehangup"}, `help: there is no command "\u202ehangup"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				c.env[k] = v
				defer delete(c.env, k)
			}
			out, errOut, code := c.run(tc.args...)
			assert.Equal(t, exitUsage, code, errOut)
			assert.Contains(t, errOut, tc.want)
			assert.Equal(t, shown.Message(errOut), errOut, "nothing that would act on the terminal")
			assert.Equal(t, shown.Message(out), out, "nothing that would act on the terminal")
		})
	}
}

// callboard config shows what the config file holds without passing a
// bidi override or an escape to the terminal: the file's path (from
// CALLBOARD_CONFIG) is written out visibly, and a key binding holding an
// escape — which the board would show as written — is refused (exit 2),
// echoed visibly.
func TestConfigPrintsNothingRaw(t *testing.T) {
	c := newCLI(t, sim.Config{})
	path := filepath.Join(c.dir, "team\u202elmot.toml")
	require.NoError(t, os.WriteFile(path, []byte("[keys]\nhangup = [\"H\", \"\\u001b[A\"]\n"), 0o600))
	c.env["CALLBOARD_CONFIG"] = path
	out, errOut, code := c.run("config")
	require.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, `team\u202elmot.toml`)
	assert.Contains(t, errOut, `keys.hangup: "\x1b[A" is not a key`)
	assert.Equal(t, shown.Message(out), out, "nothing that would act on the terminal")
	assert.Equal(t, shown.Message(errOut), errOut, "nothing that would act on the terminal")

	require.NoError(t, os.WriteFile(path, []byte("[keys]\nhangup = [\"H\", \"ctrl+h\"]\n"), 0o600))
	out, errOut, code = c.run("config")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `team\u202elmot.toml`)
	assert.Contains(t, out, `["H", "ctrl+h"]`)
	assert.Equal(t, shown.Message(out), out, "nothing that would act on the terminal")
}
