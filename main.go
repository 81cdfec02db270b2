// Command callboard is a terminal console for RingCX (Engage Voice)
// supervisors: every live call of an account on one screen, the
// supervisor's actions on them, and one-shot commands for scripts.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/shown"
)

// version is set at build time (make build: -ldflags -X main.version=…).
var version = "dev"

// main runs a command with a context that the stop signals cancel: ctrl+c
// where the terminal is not in raw mode, SIGTERM (kill, systemd) and
// SIGHUP (what a dropped SSH session sends; withHangup). The board then
// ends as q ends it — its last actions recorded, temporary files removed,
// status 0 — and a one-shot command reports that it was interrupted.
// `callboard serve` takes SIGHUP over to reload its users.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, stopHangup := withHangup(ctx)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stopHangup()
	stop()
	os.Exit(code)
}

// run executes the command line and returns its exit code: 0 done, 1
// RingCX refused or failed, the action was not sent (or the person
// declined), 2 bad usage or input, 3 an action sent whose outcome is
// unknown, 4 a listing written that is not the whole list.
//
// cobra parses the command line and fang runs it: the help (styled on a
// terminal, with each command's examples), --version, `completion` for
// bash, zsh, fish and PowerShell, and the man page (`man`) come from them
// rather than from text kept by hand beside the flags it describes. The
// configuration flags are the root's persistent flags, so they stand
// before or after the command. A command that fails returns an exitError
// with its code; whatever cobra refuses itself — an unknown command, a
// missing argument for a flag — is bad usage.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := newApp(env, stdin, stdout, stderr)
	defer a.close()
	root := a.rootCommand()
	root.SetArgs(append([]string{}, args...)) // never nil: cobra would read os.Args
	if err := fang.Execute(ctx, root, fang.WithVersion(version), fang.WithErrorHandler(a.printError)); err != nil {
		return asExitError(err).code
	}
	return exitOK
}

// Help lists the commands in the order rootCommand adds them, grouped by
// what they are for, rather than alphabetically.
func init() { cobra.EnableCommandSorting = false }

// The groups of commands in help.
const (
	groupLook = "look"
	groupAct  = "act"
	groupMore = "more"
)

// rootCommand is the command tree: the board at the root, the one-shot
// commands under it, writing to a's streams.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "callboard",
		Short: "Every live call of a RingCX account, and the supervisor's actions on them",
		Long: `callboard — every live call of a RingCX (Engage Voice) account on one screen, and the supervisor's actions on them.

Without a command it opens the board, which needs a terminal. The commands are for scripts and quick looks: the same validation and safety as the board, and every action recorded in the audit log.

Settings: flags > environment > config file > defaults; callboard config shows each and where it came from. Credentials, RingCentral's usual variables: RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT (RINGCENTRAL_SERVER_URL elsewhere); or RINGCX_ACCESS_TOKEN (+ RINGCX_REFRESH_TOKEN); or RINGCX_API_TOKEN. Any secret may come from a file: RINGCENTRAL_JWT_FILE=/path, and so on.

Exit status: 0 done, 1 RingCX refused or failed, or the action was not sent (or you declined), 2 bad usage or input, 3 the action was sent and its outcome is unknown (check the call before trying again), 4 the calls listed are not all of them (RingCX ignored paging).`,
		Example: `
# the board on a simulated account, no credentials needed
callboard --demo
CALLBOARD_PHONE=+12125550123 callboard --account 12440011
# the configuration flags stand before or after the command
callboard --account 12440012 calls --csv > calls.csv
callboard monitor 202005081040440132050000019657 --phone +12125550123
callboard hangup 202005081040440132050000019657 --yes`,
		RunE: a.runBoard,
	}
	// Before the completion command is made: it keeps the stream it finds.
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	config.RegisterFlags(root.PersistentFlags())
	root.Flags().BoolVar(&a.demo, "demo", false, "the board on an embedded simulated RingCX account: no credentials needed, nothing kept")
	root.SetFlagErrorFunc(flagError)
	root.AddGroup(
		&cobra.Group{ID: groupLook, Title: "look"},
		&cobra.Group{ID: groupAct, Title: "act on a call (recorded in the audit log)"},
		&cobra.Group{ID: groupMore, Title: "more"},
	)
	root.SetHelpCommand(helpCommand(root))
	root.SetCompletionCommandGroupID(groupMore)
	root.AddCommand(a.callsCommand(), a.agentsCommand(), a.queuesCommand(), a.auditCommand(), a.configCommand())
	root.AddCommand(a.actionCommands()...)
	root.AddCommand(a.serveCommand(), simCommand(), versionCommand())
	// cobra's completion command, given no shell, lists the shells and
	// ends with status 0: that is bad usage like any other. (Given a shell
	// it does not know, cobra says "unknown command".)
	root.InitDefaultCompletionCmd()
	if completion, _, err := root.Find([]string{"completion"}); err == nil {
		completion.RunE = func(cmd *cobra.Command, _ []string) error {
			return usageErrorf(cmd, "completion: say which shell: bash, zsh, fish or powershell")
		}
	}
	return root
}

// helpCommand is `callboard help [command]`: the command's --help. It
// replaces cobra's, which answers a command it does not know with the
// usage in its own, unstyled format and status 0.
func helpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:     "help [command]",
		GroupID: groupMore,
		Short:   "Help about any command",
		Example: "callboard help hangup",
		RunE: func(cmd *cobra.Command, args []string) error {
			topic, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 {
				return usageErrorf(cmd, "help: there is no command %s", shown.Quote(strings.Join(args, " ")))
			}
			// The flags as the command itself would have them when run.
			topic.InitDefaultHelpFlag()
			topic.InitDefaultVersionFlag()
			topic.InheritedFlags() // merges the persistent flags
			return topic.Help()
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var names []cobra.Completion
			if topic, _, err := root.Find(args); err == nil {
				for _, c := range topic.Commands() {
					if c.IsAvailableCommand() {
						names = append(names, cobra.CompletionWithDesc(c.Name(), c.Short))
					}
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
}

// takesArgs is a command's argument check: exactly n arguments, or bad
// usage saying how many and which.
func takesArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == n:
			return nil
		case n == 0:
			return usageErrorf(cmd, "%s takes no arguments (got %s)", cmd.Name(), shown.Quote(args[0]))
		}
		_, which, _ := strings.Cut(cmd.Use, " ")
		return usageErrorf(cmd, "%s takes %d argument%s (%s), got %d", cmd.Name(), n, map[bool]string{true: "", false: "s"}[n == 1], which, len(args))
	}
}

// flagError is every command's FlagErrorFunc: a flag cobra could not
// parse is bad usage. A value of the wrong type says what to give, in
// place of the parser's own words.
func flagError(cmd *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	if errors.As(err, &invalid) {
		want := map[string]string{"bool": "give true or false", "int": "give a whole number", "int64": "give a whole number",
			"duration": "give a duration such as 30s or 5m"}[invalid.GetFlag().Value.Type()]
		if want != "" {
			return usageErrorf(cmd, "--%s %s: %s", invalid.GetFlag().Name, shown.Quote(invalid.GetValue()), want)
		}
	}
	return usageErrorf(cmd, "%v", err)
}

// asExitError is the exitError err carries; anything else comes from
// cobra itself (an unknown command), which is bad usage.
func asExitError(err error) *exitError {
	var e *exitError
	if errors.As(err, &e) {
		return e
	}
	return &exitError{code: exitUsage, msg: strings.TrimSpace(err.Error()), help: "callboard"}
}

// printError is fang's error handler. On a terminal it is fang's error
// header and style, the message kept as written (fang's own handler would
// capitalise it, end it with a full stop and wrap it, which breaks the
// commands it quotes); for a script or a log, plain "callboard: …".
// Either way a mistake on the command line ends by pointing at the help.
// Every message passes shown.Message on its way out: what the person
// typed and cobra or pflag repeat unquoted (an unknown flag) is shown
// with its controls written out, not played on the terminal.
func (a *app) printError(w io.Writer, styles fang.Styles, err error) {
	e := asExitError(err)
	if e.msg == "" {
		return
	}
	msg := shown.Message(e.msg)
	if !isTerminal(a.stderr) {
		fmt.Fprintln(w, "callboard: "+msg)
		if e.help != "" {
			fmt.Fprintf(w, "Run '%s --help' for usage.\n", e.help)
		}
		return
	}
	text := styles.ErrorText.UnsetWidth().UnsetTransform()
	fmt.Fprintln(w, styles.ErrorHeader.String())
	// Line by line: a block would pad every line to the longest, and the
	// terminal would wrap the padding into blank lines.
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintln(w, text.Render(line))
	}
	fmt.Fprintln(w)
	if e.help != "" {
		fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Left, text.Render("Run"),
			styles.Program.Flag.Render(" "+e.help+" --help "), text.UnsetMargins().Render("for usage.")))
		fmt.Fprintln(w)
	}
}

// versionCommand keeps `callboard version`, which scripts written for
// earlier versions use, working beside --version.
func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use: "version", Short: "Print the version (as --version does)", Hidden: true, Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "callboard version %s\n", version)
			return err
		},
	}
}
