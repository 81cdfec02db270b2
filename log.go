package main

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/shown"
)

// openLog starts the debug log in its file; it never writes to the screen.
// The demo's log goes into its own temporary state instead (startDemo):
// nothing of the demo touches the real state directory.
func (a *app) openLog() {
	if !a.demo {
		a.logTo(a.cfg.LogFile)
	}
}

// logTo opens the debug log at path. A log that cannot be opened is
// reported once and the command goes on.
func (a *app) logTo(path string) {
	if path == "" {
		return
	}
	f, _, err := privfile.OpenAppend(path, "debug log")
	if err != nil {
		fmt.Fprintf(a.stderr, "callboard: cannot write the debug log %s (%s); continuing without it\n", shown.Value(path), shown.Message(err.Error()))
		return
	}
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[a.cfg.LogLevel]
	a.log = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: level, ReplaceAttr: a.redactAttr}))
	a.closeLog = func() { _ = f.Close() }
}

// redact removes every credential the configuration or the client holds.
func (a *app) redact(s string) string {
	if a.cfg != nil {
		c := a.cfg.Credentials
		for _, sec := range []config.Secret{c.ClientSecret, c.JWT, c.AccessToken, c.RefreshToken, c.APIToken} {
			if v := sec.Value(); len(v) >= 8 {
				s = strings.ReplaceAll(s, v, "[redacted]")
			}
		}
	}
	if a.client != nil {
		s = a.client.Redact(s)
	}
	return s
}

// redactAttr is the debug log's last guard, its ReplaceAttr: whatever a
// caller logs, credentials are replaced before the line is written. The
// handler hands it every attribute already resolved (a LogValuer's value),
// those inside groups and those given to With one by one, and the message
// as the attribute slog.MessageKey, so one function covers what a
// wrapping handler had to walk itself. Values other than text are written
// as fmt prints them (an error as its message) and redacted as text;
// numbers, times and durations hold no credential and are left as they are.
func (a *app) redactAttr(_ []string, at slog.Attr) slog.Attr {
	switch at.Value.Kind() {
	case slog.KindString:
		return slog.String(at.Key, a.redact(at.Value.String()))
	case slog.KindAny:
		return slog.String(at.Key, a.redact(fmt.Sprint(at.Value.Any())))
	}
	return at
}
