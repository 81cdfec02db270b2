package main

import (
	"cmp"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/sim"
)

// Every command's mistakes on the command line — an unknown flag, a
// missing or extra argument, a value of the wrong kind — end with exit 2
// before anything is sent, saying what is wrong; those in the command
// line's shape point at the command's help (help), those in a value say
// what to give instead (help "").
func TestBadUsageEndsWithStatus2(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	type row struct {
		args []string
		want string
		help string
	}
	rows := []row{
		{[]string{"bogus"}, `unknown command "bogus" for "callboard"`, "callboard"},
		{[]string{"hangpu", uii}, "Did you mean this?\n\thangup", "callboard"},
		{[]string{"--bogus"}, "unknown flag: --bogus", "callboard"},
		{[]string{"--refresh"}, "flag needs an argument: --refresh", "callboard"},
		{[]string{"--read-only=maybe"}, `--read-only "maybe": give true or false`, "callboard"},
		{[]string{"--refresh", "1s"}, "--refresh 1s: too short: the minimum is 2s", ""},
		{[]string{"--refresh", "876000h"}, "--refresh 876000h: too long: give between 2s and 10m", ""},
		{[]string{"calls", "--action-deadline", "0s"}, "--action-deadline 0s: out of range: give between 1s and 10m", ""},

		{[]string{"calls", "--bogus"}, "unknown flag: --bogus", "callboard calls"},
		{[]string{"calls", "--demo"}, "unknown flag: --demo", "callboard calls"},
		{[]string{"calls", "now"}, `calls takes no arguments (got "now")`, "callboard calls"},
		{[]string{"calls", "--json=yes please"}, `--json "yes please": give true or false`, "callboard calls"},
		{[]string{"calls", "--json", "--csv"}, "choose one of --json and --csv", "callboard calls"},

		{[]string{"audit", "--bogus"}, "unknown flag: --bogus", "callboard audit"},
		{[]string{"audit", uii}, `audit takes no arguments (got "` + uii + `")`, "callboard audit"},
		{[]string{"audit", "--since"}, "flag needs an argument: --since", "callboard audit"},
		{[]string{"audit", "--since", "yesterday"}, `--since "yesterday" is neither a duration nor a date`, ""},

		{[]string{"config", "--bogus"}, "unknown flag: --bogus", "callboard config"},
		{[]string{"config", "show"}, `config takes no arguments (got "show")`, "callboard config"},
		{[]string{"config", "--theme", "purple"}, "--theme purple", ""},

		{[]string{"sim", "--nope"}, "unknown flag: --nope", "callboard sim"},
		{[]string{"sim", "extra"}, `sim takes no arguments (got "extra")`, "callboard sim"},
		{[]string{"sim", "--seed"}, "flag needs an argument: --seed", "callboard sim"},
		{[]string{"sim", "--calls", "many"}, `--calls "many": give a whole number`, "callboard sim"},
		{[]string{"sim", "--token-ttl", "soon"}, `--token-ttl "soon": give a duration such as 30s or 5m`, "callboard sim"},
		{[]string{"sim", "--calls", "-1"}, "--calls must be between 0 and 100000", "callboard sim"},
		{[]string{"sim", "--rate-limit", "0"}, "--rate-limit must be positive, or -1 for no limit", "callboard sim"},

		{[]string{"completion"}, "say which shell: bash, zsh, fish or powershell", "callboard completion"},
		{[]string{"help", "hangpu"}, `help: there is no command "hangpu"`, "callboard help"},
		{[]string{"help", "record", "on"}, `help: there is no command "record on"`, "callboard help"},
		{[]string{"completion", "tcsh"}, `unknown command "tcsh" for "callboard completion"`, "callboard"},
	}
	// What every command that acts on a call refuses alike.
	for _, name := range []string{"monitor", "coach", "barge", "end-session", "hangup", "disposition"} {
		valid := []string{"--yes", "--phone", cliPhone} // all else in order: only the uii is wrong
		if name == "disposition" {
			valid = append(valid, "--disposition", "Resolved")
		}
		rows = append(rows,
			row{[]string{name}, name + " takes 1 argument (UII), got 0", "callboard " + name},
			row{[]string{name, uii, "now"}, name + " takes 1 argument (UII), got 2", "callboard " + name},
			row{[]string{name, uii, "--bogus"}, "unknown flag: --bogus", "callboard " + name},
			row{append([]string{name, "58218"}, valid...), "has 5 digits; a RingCX uii has 30", ""},
		)
	}
	rows = append(rows,
		row{[]string{"barge", uii, "--yes=perhaps"}, `--yes "perhaps": give true or false`, "callboard barge"},
		row{[]string{"disposition", uii}, "give the disposition: --disposition NAME", ""},
		row{[]string{"disposition", uii, "--disposition"}, "flag needs an argument: --disposition", "callboard disposition"},
		row{[]string{"disposition", uii, "--disposition", "Resolved", "--callback-at", "soon"}, "--callback-at: invalid callback time", ""},

		row{[]string{"record", uii}, "record takes 2 arguments (UII on|off), got 1", "callboard record"},
		row{[]string{"record", uii, "on", "now"}, "record takes 2 arguments (UII on|off), got 3", "callboard record"},
		row{[]string{"record", uii, "on", "--bogus"}, "unknown flag: --bogus", "callboard record"},
		row{[]string{"record", uii, "maybe"}, `record: say on or off, not "maybe"`, ""},

		row{[]string{"dial", "now"}, `dial takes no arguments (got "now")`, "callboard dial"},
		row{[]string{"dial", "--bogus"}, "unknown flag: --bogus", "callboard dial"},
		row{[]string{"dial", "--agent", "a@b", "--to", "6505550123", "--caller-id", "8005550199", "--ring", "half"}, `--ring "half": give a whole number`, "callboard dial"},
		row{[]string{"dial", "--agent", "a@b", "--to", "6505550123", "--caller-id", "8005550199", "--ring", "121"}, "--ring 121: give 1 to 120 seconds", ""},
		row{[]string{"dial", "--to", "6505550123", "--caller-id", "8005550199"}, "give the agent's RingCX username: --agent USERNAME", ""},
	)
	sent := len(c.sim.Requests())
	for _, tc := range rows {
		out, errOut, code := c.run(tc.args...)
		assert.Equal(t, exitUsage, code, "%q: %s", tc.args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "callboard: "), "%q: plain text when stderr is no terminal: %q", tc.args, errOut)
		assert.Contains(t, errOut, tc.want, "%q", tc.args)
		if tc.help != "" {
			assert.Contains(t, errOut, "\nRun '"+tc.help+" --help' for usage.\n", "%q", tc.args)
		} else {
			assert.NotContains(t, errOut, "for usage", "%q: the message says what to give", tc.args)
		}
		assert.Empty(t, out, "%q", tc.args)
	}
	assert.Equal(t, sent, len(c.sim.Requests()), "bad usage sends nothing")
}

// The configuration flags are the root's persistent flags: before the
// command or after it, they mean the same.
func TestGlobalFlagsBeforeOrAfterTheCommand(t *testing.T) {
	c := newCLI(t, sim.Config{})
	delete(c.env, "RINGCX_ACCOUNT_ID")
	for _, args := range [][]string{
		{"--account", "12440012", "calls", "--json"},
		{"calls", "--account", "12440012", "--json"},
		{"calls", "--json", "--account=12440012"},
		{"--read-only", "calls", "--account", "12440012", "--json"},
	} {
		out, errOut, code := c.run(args...)
		require.Equal(t, exitOK, code, "%q: %s", args, errOut)
		assert.Contains(t, out, `"accountId": "12440012"`, "%q", args)
		assert.NotContains(t, out, `"accountId": "`+cliAccount+`"`, "%q", args)
	}
	for _, args := range [][]string{{"--refresh", "9s", "config"}, {"config", "--refresh", "9s"}} {
		out, errOut, code := c.run(args...)
		require.Equal(t, exitOK, code, "%q: %s", args, errOut)
		assert.Regexp(t, `refresh\s+9s\s+flag --refresh`, out, "%q", args)
	}
	uii := c.answered()
	for _, args := range [][]string{{"hangup", uii, "--yes", "--read-only"}, {"--read-only", "hangup", uii, "--yes"}} {
		_, errOut, code := c.run(args...)
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.Contains(t, errOut, "read-only is set", "%q", args)
	}

	_, errOut, code := c.run("--account", cliAccount, "--phone", cliPhone, "monitor", uii)
	require.Equal(t, exitOK, code, errOut)
	r := c.lastRequest()
	assert.Equal(t, "/voice/api/v1/admin/accounts/"+cliAccount+"/activeCalls/"+uii+"/addSessionToCall", r.Path)
	assert.Equal(t, cliPhone, r.Query.Get("destination"))

	elsewhere := filepath.Join(c.dir, "elsewhere.jsonl")
	_, errOut, code = c.run("--account="+cliAccount, "--audit-log", elsewhere, "record", uii, "on")
	require.Equal(t, exitOK, code, errOut)
	out, errOut, code := c.run("--audit-log", elsewhere, "audit", "--since", "1h")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "record on")
	assert.NotContains(t, out, "monitor", "the other log's actions are not in this one")
}

// Each command's help shows what it is for, its usage, its examples, and
// every configuration setting's flag — whatever config/specs.go holds, a
// setting added later too.
func TestHelpOfEachCommand(t *testing.T) {
	settings := pflag.NewFlagSet("config", pflag.ContinueOnError)
	config.RegisterFlags(settings)
	root := newApp(func(string) string { return "" }, nil, io.Discard, io.Discard).rootCommand()
	c := newCLI(t, sim.Config{})
	for _, cmd := range append(root.Commands(), root) {
		if cmd.Hidden {
			continue
		}
		args := append(strings.Fields(strings.TrimPrefix(cmd.CommandPath(), "callboard")), "--help")
		out, errOut, code := c.run(args...)
		require.Equal(t, exitOK, code, "%q: %s", args, errOut)
		assert.Empty(t, errOut)
		assert.Contains(t, out, cmp.Or(cmd.Long, cmd.Short)[:20], "%q", args)
		assert.Contains(t, out, "USAGE", "%q", args)
		assert.NotContains(t, out, "\x1b", "%q: no styling when stdout is no terminal", args)
		settings.VisitAll(func(f *pflag.Flag) {
			assert.Contains(t, out, "--"+f.Name, "%q", args)
		})
		if cmd.Name() == "completion" {
			continue // cobra's own
		}
		require.NotEmpty(t, cmd.Example, cmd.CommandPath())
		assert.Contains(t, out, "EXAMPLES", "%q", args)
		for _, line := range strings.Split(strings.TrimSpace(cmd.Example), "\n") {
			assert.Contains(t, out, strings.TrimSpace(line), "%q", args)
		}
	}
	hangup, _, _ := c.run("hangup", "--help")
	out, _, code := c.run("help", "hangup")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, hangup, out, "help COMMAND is COMMAND --help")
	out, _, _ = c.run("--help")
	for _, want := range []string{"LOOK", "ACT ON A CALL", "MORE", "Exit status: 0 done, 1 RingCX refused or failed"} {
		assert.Contains(t, out, want)
	}
}

// --version prints the version the build was given (make build:
// -ldflags -X main.version=…).
func TestVersion(t *testing.T) {
	saved := version
	version = "v1.2.3-test"
	defer func() { version = saved }()
	c := newCLI(t, sim.Config{})
	for _, args := range [][]string{{"--version"}, {"-v"}, {"--read-only", "--version"}, {"version"}} {
		out, errOut, code := c.run(args...)
		assert.Equal(t, exitOK, code, "%q: %s", args, errOut)
		assert.Equal(t, "callboard version v1.2.3-test\n", out, "%q", args)
	}
}

// completion writes a script for each shell cobra knows.
func TestCompletionScripts(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for shell, want := range map[string]string{
		"bash": "__start_callboard", "zsh": "#compdef callboard", "fish": "complete -c callboard", "powershell": "Register-ArgumentCompleter",
	} {
		out, errOut, code := c.run("completion", shell)
		assert.Equal(t, exitOK, code, "%s: %s", shell, errOut)
		assert.Contains(t, out, want, shell)
	}
	// The completions come from the command tree: commands, flags, and
	// record's on|off.
	out, _, code := c.run("__complete", "ha")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "hangup\t")
	out, _, _ = c.run("__complete", "calls", "--acc")
	assert.Contains(t, out, "--account\t")
	out, _, _ = c.run("__complete", "help", "end")
	assert.Contains(t, out, "end-session\t")
	out, _, _ = c.run("__complete", "record", "202005081040440132050000019657", "")
	assert.Contains(t, out, "on\n")
	assert.Contains(t, out, "off\n")
}

// `callboard man` writes the man page (fang writes it to the process's own
// stdout, hence the built binary), and `make man` is what writes callboard.1.
func TestManPage(t *testing.T) {
	out, err := exec.Command(binary, "man").Output()
	require.NoError(t, err)
	page := string(out)
	assert.True(t, strings.HasPrefix(page, ".TH CALLBOARD 1 "), page[:min(len(page), 80)])
	for _, want := range []string{".SH NAME", ".SH OPTIONS", `\fB--account\fP`, "hangup", "disposition", "sim", "Exit status"} {
		assert.Contains(t, page, want)
	}

	makefile, err := os.ReadFile(filepath.Join(".", "Makefile"))
	require.NoError(t, err)
	assert.Contains(t, string(makefile), "man > callboard.1")
}

// On a terminal an error is shown in fang's style — its header, then the
// message as written, not recased or rewrapped — with the same status.
func TestE2EErrorsOnATerminalAreStyled(t *testing.T) {
	tm := startTerm(t, nil, "record", "1", "on", "--bogus")
	assert.Equal(t, "2", tm.exited())
	s := tm.screen(false)
	assert.Contains(t, s, "ERROR")
	assert.Contains(t, s, "  unknown flag: --bogus\n")
	assert.Contains(t, s, "Run callboard record --help for usage.")
	assert.NotContains(t, s, "callboard: ", "the plain form is for scripts and logs")
}

// README's list of commands is the one `callboard --help` shows: the same
// groups, and each command with its arguments and what it does.
func TestREADMEListsTheCommandsOfHelp(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	section := string(readme)[strings.Index(string(readme), "\n### Commands\n"):]
	block := section[strings.Index(section, "```\n")+4:]
	block = block[:strings.Index(block, "```")]
	var titles, listed [][]string
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		if !strings.HasPrefix(line, "  ") {
			titles = append(titles, []string{strings.ToUpper(line)})
			continue
		}
		use, short, _ := strings.Cut(strings.TrimSpace(line), "  ")
		listed = append(listed, []string{use, strings.TrimSpace(short)})
	}

	c := newCLI(t, sim.Config{})
	help, _, code := c.run("--help")
	require.Equal(t, exitOK, code)
	help = help[strings.Index(help, "\n  LOOK"):strings.Index(help, "\n  FLAGS")]
	var groups, shown [][]string
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.TrimSpace(line) == "": // fang's padding
		case strings.HasPrefix(line, "    "):
			use, short, _ := strings.Cut(strings.TrimSpace(line), "  ")
			shown = append(shown, []string{strings.TrimSuffix(use, " [--flags]"), strings.TrimSpace(short)})
		default:
			groups = append(groups, []string{strings.TrimSpace(line)})
		}
	}
	require.Len(t, shown, 17, "the commands help shows")
	assert.Equal(t, groups, titles, "README's groups are help's")
	assert.Equal(t, shown, listed, "README lists each command as help does, and no other")
}
