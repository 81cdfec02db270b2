package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// hangup is what SIGHUP does while a command has taken it over (serve
// reloads its users); nil ends the command, as SIGTERM does.
var hangup struct {
	sync.Mutex
	do func()
}

// onHangup makes SIGHUP call do instead of ending the command, until
// restore. A server has no terminal to lose, and SIGHUP is how daemons
// are told to read their configuration again.
func onHangup(do func()) (restore func()) {
	hangup.Lock()
	defer hangup.Unlock()
	hangup.do = do
	return func() {
		hangup.Lock()
		defer hangup.Unlock()
		hangup.do = nil
	}
}

// withHangup is ctx ended also by SIGHUP — what a dropped SSH session
// sends to the board — unless a command has taken it over (onHangup).
// Under nohup, which ignores SIGHUP, it stays ignored: catching it would
// undo nohup.
func withHangup(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	if signal.Ignored(syscall.SIGHUP) {
		return ctx, cancel
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-ch:
				hangup.Lock()
				do := hangup.do
				hangup.Unlock()
				if do == nil {
					cancel()
					return
				}
				do()
			case <-ctx.Done():
				return
			}
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel() }
}
