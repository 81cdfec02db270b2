package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/config"
)

// secretValue is a slog.LogValuer that resolves to a credential, as a
// struct that logs itself might.
type secretValue string

func (s secretValue) LogValue() slog.Value { return slog.StringValue("token " + string(s)) }

// Whatever a caller puts in the debug log — the message, attributes
// plain, nested in groups, given to With or under WithGroup, errors,
// values that format or resolve themselves — leaves no credential in the
// file, and the rest of the line is kept.
func TestDebugLogRedactsEverywhere(t *testing.T) {
	const jwt, secret = "eyJhbGciOiJSUzI1NiJ9.jwt-payload", "client-secret-value"
	a := newApp(func(string) string { return "" }, nil, io.Discard, io.Discard)
	a.cfg = &config.Config{Settings: config.Settings{LogLevel: "debug", Credentials: config.Credentials{
		JWT: config.NewSecret(jwt, config.Source{Kind: config.KindEnv, Name: "RINGCENTRAL_JWT"}), ClientSecret: config.NewSecret(secret, config.Source{}),
	}}}
	path := filepath.Join(t.TempDir(), "callboard.log")
	a.logTo(path)
	defer a.close()

	a.log.Info("signing in with "+jwt, "account", "12440011")
	a.log.Debug("request", "body", "assertion="+jwt, "err", fmt.Errorf("exchange: %w", errors.New("bad "+secret)))
	a.log.Debug("nested", slog.Group("auth", slog.String("jwt", jwt), slog.Group("inner", "secret", secret)))
	a.log.With("jwt", jwt).WithGroup("req").Info("with", "form", map[string]string{"client_secret": secret})
	a.log.Warn("valuer", "v", secretValue(jwt), "n", 42)

	b, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(b)
	assert.NotContains(t, text, jwt)
	assert.NotContains(t, text, secret)
	for _, kept := range []string{
		`msg="signing in with [redacted]" account=12440011`,
		`body="assertion=[redacted]" err="exchange: bad [redacted]"`,
		`auth.jwt=[redacted] auth.inner.secret=[redacted]`,
		`jwt=[redacted] req.form=map[client_secret:[redacted]]`,
		`v="token [redacted]" n=42`,
		`level=DEBUG`,
	} {
		assert.Contains(t, text, kept)
	}
	assert.Equal(t, 5, strings.Count(text, "\n"), "one line each")
}
