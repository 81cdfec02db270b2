// Command callboard is a terminal console for RingCX (Engage Voice)
// supervisors: every live call of an account on one screen, the
// supervisor's actions on them, and one-shot commands for scripts.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/callboard/callboard/sim"
)

// version is set at build time (make build: -ldflags -X main.version=…).
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a command and returns its exit code: 0 done, 1 RingCX
// refused or failed, 2 bad usage or input.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := newApp(env, stdin, stdout, stderr)
	defer a.close()
	if len(args) == 0 {
		return a.runBoard(ctx, nil)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "sim":
		return sim.Main(ctx, rest, stdout, stderr)
	case "--version", "-version", "version":
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
	default:
		if act, ok := a.actions()[cmd]; ok {
			return a.runAction(ctx, act, rest)
		}
	}
	return a.runBoard(ctx, args)
}
