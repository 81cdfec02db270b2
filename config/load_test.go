package config

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaults(t *testing.T) {
	e := newTestEnv(t)
	c := mustLoad(t, e)
	state := filepath.Join(e.home, ".local", "state", "callboard")

	assert.Equal(t, "https://ringcx.ringcentral.com", c.Server)
	assert.Equal(t, "https://platform.ringcentral.com", c.Credentials.RingCentralServer)
	assert.Equal(t, 5*time.Second, c.Refresh)
	assert.Equal(t, 60*time.Second, c.WaitThreshold)
	assert.Equal(t, 10*time.Minute, c.TalkThreshold)
	assert.Equal(t, "auto", c.Theme)
	assert.Equal(t, "info", c.LogLevel)
	assert.False(t, c.ReadOnly)
	assert.Equal(t, filepath.Join(state, "callboard.log"), c.LogFile)
	assert.Equal(t, filepath.Join(state, "audit.jsonl"), c.AuditLog)
	assert.Equal(t, Scope{Product: "ACCOUNT"}, c.Scope, "the account is not known yet")
	assert.Empty(t, c.Account)
	assert.Empty(t, c.Phone)
	assert.Empty(t, c.ConfigFile, "a missing default config file is no error")
	assert.NotNil(t, c.Keys)
	assert.Equal(t, SignInNone, c.Credentials.Mode())

	for _, name := range []string{"server", "refresh", "theme", "log.level", "log.file", "audit_log",
		"thresholds.wait", "thresholds.talk", "read_only", "scope.product", "credentials.ringcentral_server"} {
		assert.Equal(t, Source{Kind: KindDefault}, c.Sources[name], name)
	}
	assert.NotContains(t, c.Sources, "account")
	assert.NotContains(t, c.Sources, "credentials.jwt")
}

func TestDefaultScopeIsTheAccount(t *testing.T) {
	e := newTestEnv(t).set("RINGCX_ACCOUNT_ID", "12440011")
	c := mustLoad(t, e)
	assert.Equal(t, Scope{Product: "ACCOUNT", ProductID: "12440011"}, c.Scope)
	assert.Equal(t, "default (the account)", c.Sources["scope.product_id"].String())
}

func TestStateDirectoryFollowsXDGStateHome(t *testing.T) {
	e := newTestEnv(t).set("XDG_STATE_HOME", "/srv/state")
	c := mustLoad(t, e)
	assert.Equal(t, "/srv/state/callboard/callboard.log", c.LogFile)
	assert.Equal(t, "/srv/state/callboard/audit.jsonl", c.AuditLog)
}

func TestWithoutHomeLogPathsAreLeftEmpty(t *testing.T) {
	e := &testEnv{vars: map[string]string{}}
	c := mustLoad(t, e)
	assert.Empty(t, c.LogFile)
	assert.Empty(t, c.AuditLog)
	assert.Empty(t, c.ConfigFile)
}

// TestPrecedence takes each setting through every source it has: flag over
// environment over file over default, each reported as the source.
func TestPrecedence(t *testing.T) {
	type layerValues struct{ flag, env, file, def string }
	cases := []struct {
		name    string // setting
		flag    string // flag name, "" when none
		env     string // variable, "" when none
		fileKey string // TOML line prefix (with its table)
		vals    layerValues
		got     func(*Config) string
	}{
		{"server", "server", "RINGCX_SERVER_URL", "server",
			layerValues{"https://a.example", "https://b.example", "https://c.example", "https://ringcx.ringcentral.com"},
			func(c *Config) string { return c.Server }},
		{"account", "account", "RINGCX_ACCOUNT_ID", "account",
			layerValues{"1", "2", "3", ""}, func(c *Config) string { return c.Account }},
		{"phone", "phone", "CALLBOARD_PHONE", "phone",
			layerValues{"+16175550101", "+16175550102", "+16175550103", ""}, func(c *Config) string { return c.Phone }},
		{"region", "region", "CALLBOARD_REGION", "region",
			layerValues{"GB", "DE", "FR", "US"}, func(c *Config) string { return c.Region }},
		{"log.level", "log-level", "CALLBOARD_LOG_LEVEL", "[log]\nlevel",
			layerValues{"debug", "warn", "error", "info"}, func(c *Config) string { return c.LogLevel }},
		{"log.file", "log-file", "CALLBOARD_LOG_FILE", "[log]\nfile",
			layerValues{"/f/flag.log", "/f/env.log", "/f/file.log", "/state/callboard/callboard.log"}, func(c *Config) string { return c.LogFile }},
		{"audit_log", "audit-log", "CALLBOARD_AUDIT_LOG", "audit_log",
			layerValues{"/a/flag.jsonl", "/a/env.jsonl", "/a/file.jsonl", "/state/callboard/audit.jsonl"}, func(c *Config) string { return c.AuditLog }},
		{"refresh", "refresh", "CALLBOARD_REFRESH", "refresh",
			layerValues{"7s", "8s", "9s", "5s"}, func(c *Config) string { return c.Refresh.String() }},
		{"action_deadline", "action-deadline", "CALLBOARD_ACTION_DEADLINE", "action_deadline",
			layerValues{"7s", "8s", "9s", "20s"}, func(c *Config) string { return c.ActionDeadline.String() }},
		{"thresholds.wait", "wait-threshold", "", "[thresholds]\nwait",
			layerValues{"30s", "", "45s", "1m0s"}, func(c *Config) string { return c.WaitThreshold.String() }},
		{"thresholds.talk", "talk-threshold", "", "[thresholds]\ntalk",
			layerValues{"5m0s", "", "15m0s", "10m0s"}, func(c *Config) string { return c.TalkThreshold.String() }},
		{"theme", "theme", "", "theme",
			layerValues{"dark", "", "light", "auto"}, func(c *Config) string { return c.Theme }},
		{"credentials.ringcentral_server", "", "RINGCENTRAL_SERVER_URL", "[credentials]\nringcentral_server",
			layerValues{"", "https://env.example", "https://file.example", "https://platform.ringcentral.com"},
			func(c *Config) string { return c.Credentials.RingCentralServer }},
		{"credentials.client_id", "", "RINGCENTRAL_CLIENT_ID", "[credentials]\nclient_id",
			layerValues{"", "env-id", "file-id", ""}, func(c *Config) string { return c.Credentials.ClientID }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t).set("XDG_STATE_HOME", "/state")
			path := writeFile(t, e.defaultConfig(), "# callboard\n"+tc.fileKey+" = \""+tc.vals.file+"\"\n", 0o600)
			fileLine := 2
			if tc.fileKey[0] == '[' {
				fileLine = 3
			}
			var args []string
			if tc.flag != "" {
				args = []string{"--" + tc.flag, tc.vals.flag}
			}
			if tc.env != "" {
				e.set(tc.env, tc.vals.env)
			}

			if tc.flag != "" {
				c := mustLoad(t, e, args...)
				assert.Equal(t, tc.vals.flag, tc.got(c))
				assert.Equal(t, Source{Kind: KindFlag, Name: tc.flag}, c.Sources[tc.name])
			}
			if tc.env != "" {
				c := mustLoad(t, e)
				assert.Equal(t, tc.vals.env, tc.got(c))
				assert.Equal(t, Source{Kind: KindEnv, Name: tc.env}, c.Sources[tc.name])
				delete(e.vars, tc.env)
			}
			c := mustLoad(t, e)
			assert.Equal(t, tc.vals.file, tc.got(c))
			assert.Equal(t, Source{Kind: KindFile, Name: path, Line: fileLine}, c.Sources[tc.name])

			writeFile(t, path, "# empty\n", 0o600)
			c = mustLoad(t, e)
			assert.Equal(t, tc.vals.def, tc.got(c))
			if tc.vals.def != "" {
				assert.Equal(t, KindDefault, c.Sources[tc.name].Kind)
			}
		})
	}
}

// Flags carry defaults for the help text; those must never hide a value
// from the environment or the file.
func TestOnlyFlagsThatAreSetOverride(t *testing.T) {
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "refresh = \"9s\"\ntheme = \"light\"\nread_only = true\n", 0o600)
	e.set("RINGCX_SERVER_URL", "https://engage.ringcentral.com")
	c := mustLoad(t, e, "--account", "42")
	assert.Equal(t, 9*time.Second, c.Refresh)
	assert.Equal(t, "light", c.Theme)
	assert.True(t, c.ReadOnly)
	assert.Equal(t, "https://engage.ringcentral.com", c.Server)
	assert.Equal(t, "42", c.Account)
}

func TestReadOnlyFlagFalseOverridesFile(t *testing.T) {
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "read_only = true\n", 0o600)
	c := mustLoad(t, e, "--read-only=false")
	assert.False(t, c.ReadOnly)
	assert.Equal(t, "flag --read-only", c.Sources["read_only"].String())

	c = mustLoad(t, e)
	assert.True(t, c.ReadOnly)
	assert.Equal(t, KindFile, c.Sources["read_only"].Kind)

	c = mustLoad(t, newTestEnv(t), "--read-only")
	assert.True(t, c.ReadOnly)
}

func TestEmptyValuesCountAsUnset(t *testing.T) {
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "account = \"3\"\nphone = \"\"\n[scope]\nexternal_id = \"\"\n", 0o600)
	e.set("RINGCX_ACCOUNT_ID", "", "CALLBOARD_PHONE", "  ", "NO_COLOR", "", "RINGCENTRAL_JWT", "")
	c := mustLoad(t, e)
	assert.Equal(t, "3", c.Account)
	assert.Empty(t, c.Phone)
	assert.Equal(t, "auto", c.Theme)
	assert.False(t, c.Credentials.JWT.IsSet())
	assert.Equal(t, Scope{Product: "ACCOUNT", ProductID: "3"}, c.Scope)
}

func TestNoColorMeansThemeNone(t *testing.T) {
	e := newTestEnv(t).set("NO_COLOR", "1")
	c := mustLoad(t, e)
	assert.Equal(t, "none", c.Theme)
	assert.Equal(t, "env NO_COLOR", c.Sources["theme"].String())

	// The environment outranks the file...
	writeFile(t, e.defaultConfig(), "theme = \"dark\"\n", 0o600)
	c = mustLoad(t, e)
	assert.Equal(t, "none", c.Theme)

	// ...and a flag outranks NO_COLOR.
	c = mustLoad(t, e, "--theme", "light")
	assert.Equal(t, "light", c.Theme)
	assert.Equal(t, "flag --theme", c.Sources["theme"].String())
}

func TestThemeAndLevelsAreCaseInsensitive(t *testing.T) {
	c := mustLoad(t, newTestEnv(t).set("CALLBOARD_LOG_LEVEL", "DEBUG"), "--theme", "Dark")
	assert.Equal(t, "dark", c.Theme)
	assert.Equal(t, "debug", c.LogLevel)
}

func TestPhoneIsNormalised(t *testing.T) {
	c := mustLoad(t, newTestEnv(t).set("CALLBOARD_PHONE", "+1 (212) 555-0123"))
	assert.Equal(t, "+12125550123", c.Phone)
	c = mustLoad(t, newTestEnv(t), "--phone", "650.555.0123")
	assert.Equal(t, "+16505550123", c.Phone)
}

// The region numbers without a country code are read in: configured, else
// the supervisor's phone's own when it has a country code, else US.
func TestRegionComesFromThePhone(t *testing.T) {
	c := mustLoad(t, newTestEnv(t).set("CALLBOARD_PHONE", "+44 20 7946 0958"))
	assert.Equal(t, "GB", c.Region)
	assert.Equal(t, Source{Kind: KindDefault, Name: "phone"}, c.Sources["region"])
	assert.Equal(t, "+442079460958", c.Phone)

	c = mustLoad(t, newTestEnv(t), "--region", "gb", "--phone", "020 7946 0958")
	assert.Equal(t, "GB", c.Region)
	assert.Equal(t, "+442079460958", c.Phone, "a national number is read in the configured region")
	assert.Equal(t, "020 7946 0958", c.Phones().Format(c.Phone), "shown the way its region writes it")

	c = mustLoad(t, newTestEnv(t).set("CALLBOARD_REGION", "DE"), "--phone", "+1 212 555 0123")
	assert.Equal(t, "DE", c.Region, "a configured region outranks the phone's")

	c = mustLoad(t, newTestEnv(t), "--phone", "212 555 0123")
	assert.Equal(t, "US", c.Region, "a national phone says nothing about its region")
	assert.Equal(t, Source{Kind: KindDefault}, c.Sources["region"])

	// A London number read as American is too long; the message says so
	// rather than dialling something else.
	assert.Equal(t, "--phone \"020 7946 0958\": too long for a number in US (+1) (a number from another country needs + and its country code, e.g. +44 20 7946 0958)",
		loadErr(t, newTestEnv(t), "--phone", "020 7946 0958"))
	assert.Equal(t, "--region UK: the United Kingdom's region code is GB",
		loadErr(t, newTestEnv(t), "--region", "UK", "--phone", "020 7946 0958"), "a refused region is the only message")

	c = mustLoad(t, newTestEnv(t))
	c.UseRememberedPhone("+442079460958", "/state/callboard/phone")
	assert.Equal(t, "GB", c.Region, "a remembered phone sets a region nobody configured")
	c = mustLoad(t, newTestEnv(t), "--region", "FR")
	c.UseRememberedPhone("+442079460958", "/state/callboard/phone")
	assert.Equal(t, "FR", c.Region)
}

func TestLegacyAndLocalServersAreAccepted(t *testing.T) {
	for _, s := range []string{
		"https://portal.vacd.biz", "https://portal.virtualacd.biz/api/v1", "https://engage.ringcentral.com/voice",
		"https://ringcx.ringcentral.com/voice/api/v1/", "http://127.0.0.1:8080", "http://localhost:9000", "http://[::1]:80",
	} {
		c, err := load(t, newTestEnv(t), "--server", s)
		if assert.NoError(t, err, s) {
			assert.Equal(t, s, c.Server)
		}
	}
}

func TestConfigFileSelection(t *testing.T) {
	t.Run("default file", func(t *testing.T) {
		e := newTestEnv(t)
		path := writeFile(t, e.defaultConfig(), "account = \"1\"\n", 0o600)
		c := mustLoad(t, e)
		assert.Equal(t, path, c.ConfigFile)
		assert.Equal(t, Source{Kind: KindDefault}, c.Sources["config"])
	})
	t.Run("XDG_CONFIG_HOME moves the default", func(t *testing.T) {
		e := newTestEnv(t)
		xdg := t.TempDir()
		writeFile(t, e.defaultConfig(), "account = \"1\"\n", 0o600)
		path := writeFile(t, filepath.Join(xdg, "callboard", "config.toml"), "account = \"2\"\n", 0o600)
		e.set("XDG_CONFIG_HOME", xdg)
		c := mustLoad(t, e)
		assert.Equal(t, path, c.ConfigFile)
		assert.Equal(t, "2", c.Account)
	})
	t.Run("CALLBOARD_CONFIG", func(t *testing.T) {
		e := newTestEnv(t)
		writeFile(t, e.defaultConfig(), "account = \"1\"\n", 0o600)
		path := writeFile(t, filepath.Join(t.TempDir(), "cb.toml"), "account = \"2\"\n", 0o600)
		e.set("CALLBOARD_CONFIG", path)
		c := mustLoad(t, e)
		assert.Equal(t, path, c.ConfigFile)
		assert.Equal(t, "env CALLBOARD_CONFIG", c.Sources["config"].String())
		assert.Equal(t, "2", c.Account)
	})
	t.Run("--config beats CALLBOARD_CONFIG", func(t *testing.T) {
		e := newTestEnv(t)
		dir := t.TempDir()
		e.set("CALLBOARD_CONFIG", writeFile(t, filepath.Join(dir, "env.toml"), "account = \"2\"\n", 0o600))
		path := writeFile(t, filepath.Join(dir, "flag.toml"), "account = \"3\"\n", 0o600)
		c := mustLoad(t, e, "--config", path)
		assert.Equal(t, path, c.ConfigFile)
		assert.Equal(t, "flag --config", c.Sources["config"].String())
		assert.Equal(t, "3", c.Account)
	})
	t.Run(`--config "" reads no file`, func(t *testing.T) {
		e := newTestEnv(t)
		writeFile(t, e.defaultConfig(), "account = \"1\"\n", 0o600)
		c := mustLoad(t, e, "--config", "")
		assert.Empty(t, c.ConfigFile)
		assert.Empty(t, c.Account)
	})
	t.Run("a named file that is missing is an error", func(t *testing.T) {
		e := newTestEnv(t)
		missing := filepath.Join(e.home, "nope.toml")
		assert.Equal(t, "--config "+missing+": "+missing+" does not exist", loadErr(t, e, "--config", missing))
		e.set("CALLBOARD_CONFIG", missing)
		assert.Equal(t, "CALLBOARD_CONFIG="+missing+": "+missing+" does not exist", loadErr(t, e))
	})
	t.Run("a directory is not a config file", func(t *testing.T) {
		e := newTestEnv(t)
		dir := t.TempDir()
		assert.Equal(t, "--config "+dir+": cannot read "+dir+": is a directory", loadErr(t, e, "--config", dir))
	})
}

func TestLoadWithoutFlags(t *testing.T) {
	e := newTestEnv(t).set("RINGCX_ACCOUNT_ID", "7")
	c, err := Load(nil, Options{Env: e.get})
	require.NoError(t, err)
	assert.Equal(t, "7", c.Account)
}

func TestRegisterFlagsRegistersTheSharedFlags(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	RegisterFlags(fs)
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	want := []string{"config"}
	for _, sp := range specs {
		if sp.flag != "" {
			want = append(want, sp.flag)
		}
	}
	assert.ElementsMatch(t, want, names, "every setting with a flag name, and nothing else")
	assert.Subset(t, names, []string{"server", "account", "product", "product-id", "external-id",
		"refresh", "phone", "read-only", "wait-threshold", "talk-threshold", "theme", "log-level",
		"log-file", "audit-log"})
	// Durations are taken as text so their errors can name the source
	// like every other; help still says what the argument is.
	refresh := fs.Lookup("refresh")
	assert.Equal(t, "how often to ask for active calls (duration, 2s to 10m), or $CALLBOARD_REFRESH", refresh.Usage)
	assert.Equal(t, "5s", refresh.DefValue)
}

// cobra parses a command's own flag set, into which it merges the root's
// persistent flags: the flags are the same, so Load finds those set
// whichever of the two it is given.
func TestLoadReadsFlagsMergedFromAParent(t *testing.T) {
	root := pflag.NewFlagSet("callboard", pflag.ContinueOnError)
	RegisterFlags(root)
	cmd := pflag.NewFlagSet("calls", pflag.ContinueOnError)
	cmd.Bool("json", false, "")
	cmd.AddFlagSet(root)
	require.NoError(t, cmd.Parse([]string{"--json", "--account", "42", "--read-only"}))
	e := newTestEnv(t).set("RINGCX_ACCOUNT_ID", "7")
	for name, fs := range map[string]*pflag.FlagSet{"command": cmd, "root": root} {
		c, err := Load(fs, Options{Env: e.get})
		require.NoError(t, err, name)
		assert.Equal(t, "42", c.Account, name)
		assert.Equal(t, Source{Kind: KindFlag, Name: "account"}, c.Sources["account"], name)
		assert.True(t, c.ReadOnly, name)
		assert.Equal(t, KindDefault, c.Sources["refresh"].Kind, "a flag not given is not a flag value (%s)", name)
	}
}
