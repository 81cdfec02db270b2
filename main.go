// Command callboard is a terminal console for RingCX (Engage Voice)
// supervisors: every live call of an account, and the actions a supervisor
// takes on them.
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
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a command and returns the exit code: 0 done, 1 the API
// refused or failed, 2 bad usage or input.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "sim":
			return sim.Main(ctx, args[1:], stdout, stderr)
		case "--version", "version":
			fmt.Fprintf(stdout, "callboard %s\n", version)
			return 0
		}
	}
	return runBoard(ctx, args, os.Getenv, stdin, stdout, stderr)
}
