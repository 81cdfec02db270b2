package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/privfile"
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
		fmt.Fprintf(a.stderr, "callboard: cannot write the debug log %s (%v); continuing without it\n", path, err)
		return
	}
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[a.cfg.LogLevel]
	a.log = slog.New(&redactingHandler{next: slog.NewTextHandler(f, &slog.HandlerOptions{Level: level}), redact: a.redact})
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

// redactingHandler is the debug log's last guard: whatever a caller logs,
// credentials are replaced before the line is written.
type redactingHandler struct {
	next   slog.Handler
	redact func(string) string
}

func (h *redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.redact(r.Message), r.PC)
	r.Attrs(func(at slog.Attr) bool {
		out.AddAttrs(h.clean(at))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactingHandler) clean(at slog.Attr) slog.Attr {
	v := at.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(at.Key, h.redact(v.String()))
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(at.Key, h.redact(err.Error()))
		}
		return slog.String(at.Key, h.redact(fmt.Sprint(v.Any())))
	case slog.KindGroup:
		attrs := v.Group()
		cleaned := make([]any, len(attrs))
		for i, g := range attrs {
			cleaned[i] = h.clean(g)
		}
		return slog.Group(at.Key, cleaned...)
	}
	return at
}

func (h *redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	cleaned := make([]slog.Attr, len(attrs))
	for i, at := range attrs {
		cleaned[i] = h.clean(at)
	}
	return &redactingHandler{next: h.next.WithAttrs(cleaned), redact: h.redact}
}

func (h *redactingHandler) WithGroup(name string) slog.Handler {
	return &redactingHandler{next: h.next.WithGroup(name), redact: h.redact}
}
