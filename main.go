// Command callboard is a terminal console for RingCX (Engage Voice)
// supervisors: every live call of an account on one screen, the
// supervisor's actions on them, and one-shot commands for scripts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/sim"
)

// version is set at build time (make build: -ldflags -X main.version=…).
var version = "dev"

// main runs a command with a context that the stop signals cancel: ctrl+c
// where the terminal is not in raw mode, SIGTERM (kill, systemd) and
// SIGHUP (what a dropped SSH session sends). The board then ends as q
// ends it — its last actions recorded, temporary files removed, status 0 —
// and a one-shot command reports that it was interrupted. Under nohup,
// which ignores SIGHUP, it stays ignored: catching it would undo nohup.
func main() {
	stopSignals := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		stopSignals = append(stopSignals, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a command and returns its exit code: 0 done, 1 RingCX
// refused or failed, 2 bad usage or input. Global flags may stand before or
// after the command word (`callboard --account N calls`).
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := newApp(env, stdin, stdout, stderr)
	defer a.close()
	cmd, rest := splitCommand(args)
	switch cmd {
	case "sim":
		return sim.Main(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "callboard %s\n", version)
		return exitOK
	case "help":
		fmt.Fprint(stdout, boardUsage)
		return exitOK
	case "calls":
		return a.runCalls(ctx, rest)
	case "audit":
		return a.runAudit(ctx, rest)
	case "config":
		return a.runConfig(ctx, rest)
	case "":
		if slices.Contains(args, "--version") || slices.Contains(args, "-version") {
			fmt.Fprintf(stdout, "callboard %s\n", version)
			return exitOK
		}
	default:
		if act, ok := a.actions()[cmd]; ok {
			return a.runAction(ctx, act, rest)
		}
	}
	return a.runBoard(ctx, args)
}

// splitCommand finds the command word — the first argument that is neither
// a flag nor a flag's value — and returns it with the other arguments in
// their order; every command reads its flags wherever they stand. Which
// flags take a value comes from the shared flag definitions, so a value is
// never mistaken for the command (`--account calls audit`); a flag they do
// not define is taken to stand alone, as the board's --demo and the
// commands' --yes and --json do (a command's own flags that take a value
// belong after the command). No command word ("") means the board.
func splitCommand(args []string) (cmd string, rest []string) {
	valued := valueFlags()
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break // what follows is not flags; the board reports it
		}
		if len(arg) < 2 || arg[0] != '-' {
			return arg, slices.Concat(args[:i], args[i+1:])
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if valued[name] && !hasValue {
			i++ // its value is the next argument
		}
	}
	return "", args
}

// valueFlags names the shared flags that take a value (all but booleans).
func valueFlags() map[string]bool {
	fs := flag.NewFlagSet("callboard", flag.ContinueOnError)
	config.RegisterFlags(fs)
	valued := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			valued[f.Name] = true
		}
	})
	return valued
}
