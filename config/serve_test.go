package config

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
)

// authorizedKey is a new ed25519 public key as an authorized_keys line
// with comment, and the key.
func authorizedKey(t *testing.T, comment string) (string, ssh.PublicKey) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	k, err := ssh.NewPublicKey(pub)
	require.NoError(t, err)
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + " " + comment, k
}

// serveConfig writes content as the config file and reads its [serve].
func serveConfig(t *testing.T, content string, mode ...int) (*Serve, error) {
	t.Helper()
	e := newTestEnv(t)
	m := 0o600
	if len(mode) > 0 {
		m = mode[0]
	}
	writeFile(t, e.defaultConfig(), content, os.FileMode(m))
	c := mustLoad(t, e)
	return ReadServe(c)
}

func TestReadServeDefaultsWithoutAFile(t *testing.T) {
	s, err := ReadServe(mustLoad(t, newTestEnv(t)))
	require.NoError(t, err)
	assert.Equal(t, ":2222", s.Listen)
	assert.Equal(t, DefaultServeMaxSessions, s.MaxSessions)
	assert.Equal(t, DefaultServeIdleTimeout, s.IdleTimeout)
	assert.Zero(t, s.MaxSessionTime)
	assert.Empty(t, s.Users)
}

func TestReadServeUsersAndLimits(t *testing.T) {
	anaKey, ana := authorizedKey(t, "ana@laptop")
	rajKey, raj := authorizedKey(t, "raj@desk")
	dir := t.TempDir()
	leeLine, lee := authorizedKey(t, "lee@home")
	writeFile(t, filepath.Join(dir, "lee.pub"), leeLine+"\n", 0o644)
	s, err := serveConfig(t, fmt.Sprintf(`
region = "US"
[serve]
listen = "127.0.0.1:2200"
max_sessions = 10
idle_timeout = "5m"
max_session_time = "8h"
rate_limit = 12
host_key = "keys/host"

[[serve.users]]
name = "Ana"
keys = [%q]
phone = "(212) 555-0123"
role = "supervisor"

[[serve.users]]
name = "Raj"
keys = %q
role = "Viewer"

[[serve.users]]
name = "Lee"
keys = [%q]
role = "supervisor"
`, anaKey, rajKey, filepath.Join(dir, "lee.pub")))
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:2200", s.Listen)
	assert.Equal(t, 10, s.MaxSessions)
	assert.Equal(t, 5*time.Minute, s.IdleTimeout)
	assert.Equal(t, 8*time.Hour, s.MaxSessionTime)
	assert.Equal(t, 12, s.RateLimit)
	assert.True(t, filepath.IsAbs(s.HostKey) && strings.HasSuffix(s.HostKey, "callboard/keys/host"), "relative to the config file: %s", s.HostKey)
	require.Len(t, s.Users, 3)
	assert.Equal(t, "Ana", s.Users[0].Name)
	assert.Equal(t, "+12125550123", s.Users[0].Phone, "normalised in the configured region")
	assert.Equal(t, RoleSupervisor, s.Users[0].Role)
	assert.Equal(t, ssh.FingerprintSHA256(ana), ssh.FingerprintSHA256(s.Users[0].Keys[0]))
	assert.Equal(t, 11, s.Users[0].Source.Line, "the line of its [[serve.users]]")
	assert.Equal(t, RoleViewer, s.Users[1].Role)
	assert.Equal(t, ssh.FingerprintSHA256(raj), ssh.FingerprintSHA256(s.Users[1].Keys[0]))
	assert.Equal(t, ssh.FingerprintSHA256(lee), ssh.FingerprintSHA256(s.Users[2].Keys[0]), "read from the .pub file")
	assert.Equal(t, 8, s.Sources["serve.rate_limit"].Line)
}

func TestReadServeNamesFileLineAndKey(t *testing.T) {
	anaKey, _ := authorizedKey(t, "ana@laptop")
	_, err := serveConfig(t, fmt.Sprintf(`[serve]
idle_timeout = "soon"
max_sessions = 0

[[serve.users]]
name = "Ana"
keys = [%[1]q]
role = "boss"

[[serve.users]]
name = "Raj"
keys = ["ssh-ed25519 AAAAnotakey raj"]
role = "viewer"

[[serve.users]]
name = "Lee"
role = "viewer"

[[serve.users]]
name = "Kim"
keys = [%[1]q]
role = "viewer"
phone = "12"
`, anaKey))
	require.Error(t, err)
	msg := err.Error()
	file := "config.toml"
	for _, want := range []string{
		file + `:2: serve.idle_timeout: "soon" is not a duration`,
		file + `:3: serve.max_sessions = 0: give 1 or more`,
		file + `:8: serve.users ("Ana").role = "boss": use supervisor or viewer`,
		file + `:12: serve.users ("Raj").keys: "ssh-ed25519 AAAAnotakey raj" is not a valid public key`,
		file + `:15: serve.users ("Lee"): give at least one key`,
		file + `:23: serve.users ("Kim").phone = "12"`,
	} {
		assert.Contains(t, msg, want)
	}
}

func TestReadServeRefusesAKeyGivenTwiceAndOptions(t *testing.T) {
	anaKey, _ := authorizedKey(t, "ana@laptop")
	_, err := serveConfig(t, fmt.Sprintf(`[[serve.users]]
name = "Ana"
keys = [%[1]q]
role = "supervisor"

[[serve.users]]
name = "Raj"
keys = [%[1]q]
role = "viewer"
`, anaKey))
	require.Error(t, err)
	assert.Regexp(t, `config.toml:6: key SHA256:\S+ is also given to "Ana" \(\S+config.toml:1\)`, err.Error())

	_, err = serveConfig(t, fmt.Sprintf(`[[serve.users]]
name = "Ana"
keys = [%q]
role = "supervisor"
`, `from="10.0.0.1" `+anaKey))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `has options (from="10.0.0.1"): callboard does not apply them`)
}

func TestReadServeRefusesAFileOthersCanWrite(t *testing.T) {
	anaKey, _ := authorizedKey(t, "ana@laptop")
	e := newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), fmt.Sprintf("[[serve.users]]\nname = \"Ana\"\nkeys = [%q]\nrole = \"supervisor\"\n", anaKey), 0o600)
	c := mustLoad(t, e)
	// Changed after the start, as a reload (SIGHUP) finds it; at the
	// start Load refuses it already.
	require.NoError(t, os.Chmod(path, 0o666))
	assert.Contains(t, loadErr(t, e), "is writable by group and others (mode 0666)")
	_, err := ReadServe(c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lets people in ([[serve.users]]) and is writable by others (mode 0666): run chmod go-w")
}

func TestReadServeUnknownKeyAndWrongType(t *testing.T) {
	// The shape is checked by Load for every command, as for the rest of
	// the file.
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "[serve]\nlisten = \":2222\"\nmax_sesions = 3\n", 0o600)
	assert.Contains(t, loadErr(t, e), `config.toml:3: unknown key "serve.max_sesions" (did you mean "serve.max_sessions"?)`)
	writeFile(t, e.defaultConfig(), "[serve]\nmax_sessions = \"3\"\n", 0o600)
	assert.Contains(t, loadErr(t, e), `config.toml:2: serve.max_sessions: expected a whole number, e.g. max_sessions = 20, not a string`)
}

func TestAuthorizedKeysFile(t *testing.T) {
	dir := t.TempDir()
	a, ak := authorizedKey(t, "ana@laptop")
	b, _ := authorizedKey(t, "")
	path := writeFile(t, filepath.Join(dir, "authorized_keys"), "# the team\n"+a+"\n\n"+strings.TrimSpace(b)+"\n", 0o644)
	users, err := ReadAuthorizedKeys(path)
	require.NoError(t, err)
	require.Len(t, users, 2)
	assert.Equal(t, "ana@laptop", users[0].Name, "named by the comment")
	assert.Equal(t, RoleSupervisor, users[0].Role)
	assert.Equal(t, 2, users[0].Source.Line)
	assert.Equal(t, ssh.FingerprintSHA256(ak), ssh.FingerprintSHA256(users[0].Keys[0]))
	assert.True(t, strings.HasPrefix(users[1].Name, "SHA256:"), "no comment: named by its fingerprint")

	writeFile(t, path, `command="/bin/sh" `+a+"\n", 0o644)
	_, err = ReadAuthorizedKeys(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+`:1: options (command="/bin/sh") are not supported`)

	writeFile(t, path, a+"\n", 0o666)
	_, err = ReadAuthorizedKeys(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "anyone could add a key")
}

// Other commands read a config file with a [serve] section without
// complaint: only its shape is theirs to check.
func TestOtherCommandsAcceptTheServeSection(t *testing.T) {
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "[serve]\nlisten = \":2222\"\n[[serve.users]]\nname = \"Ana\"\nrole = \"viewer\"\n", 0o600)
	_, err := load(t, e)
	require.NoError(t, err)
}

// Every text of [serve] that reaches a screen or RingCX is refused like
// any other text setting — a user's name (shown to every viewer), phone
// (sent), and an authorized_keys comment (which names its user) — with
// what is wrong written out, never played.
func TestServeTextIsPlainText(t *testing.T) {
	e := newTestEnv(t)
	key, _ := authorizedKey(t, "ana@laptop")
	for _, tc := range []struct{ user, want string }{
		{`name = "Ana\u202eX"` + "\nrole = \"supervisor\"", `config.toml:3: serve.users.name = "Ana\u202eX": contains a bidi control character at byte 3`},
		{`name = "Ana\u001b[2J"` + "\nrole = \"supervisor\"", `serve.users.name = "Ana\x1b[2J": contains a control character at byte 3`},
		{`name = "Ana"` + "\nrole = \"supervisor\"\nphone = \"+1212\\u009b5550123\"", `config.toml:5: serve.users.phone = "+1212\u009b5550123": contains a control character at byte 5`},
	} {
		writeFile(t, e.defaultConfig(), "[[serve.users]]\nkeys = [\""+key+"\"]\n"+tc.user+"\n", 0o600)
		_, err := ReadServe(mustLoad(t, e))
		require.Error(t, err, tc.user)
		assert.Contains(t, err.Error(), tc.want)
		assert.NotContains(t, err.Error(), "\u202e")
		assert.NotContains(t, err.Error(), "\x1b")
	}

	dir := t.TempDir()
	bidi, _ := authorizedKey(t, "ana\u202e@laptop")
	path := writeFile(t, filepath.Join(dir, "authorized_keys"), bidi+"\n", 0o644)
	_, err := ReadAuthorizedKeys(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+`:1: the key's comment "ana\u202e@laptop", which names its user, is refused: contains a bidi control character`)
}
