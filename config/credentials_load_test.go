package config

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretsFromTheEnvironment(t *testing.T) {
	e := newTestEnv(t).set(
		"RINGCENTRAL_CLIENT_ID", "cid",
		"RINGCENTRAL_CLIENT_SECRET", "csecret",
		"RINGCENTRAL_JWT", "jwt",
		"RINGCX_ACCESS_TOKEN", "at",
		"RINGCX_REFRESH_TOKEN", "rt",
		"RINGCX_API_TOKEN", "api",
	)
	c := mustLoad(t, e)
	cr := c.Credentials
	assert.Equal(t, "cid", cr.ClientID)
	for secret, want := range map[*Secret]string{
		&cr.ClientSecret: "csecret", &cr.JWT: "jwt", &cr.AccessToken: "at", &cr.RefreshToken: "rt", &cr.APIToken: "api",
	} {
		assert.Equal(t, want, secret.Value())
		assert.Equal(t, KindEnv, secret.Source().Kind)
	}
	assert.Equal(t, "env RINGCENTRAL_JWT", c.Sources["credentials.jwt"].String())
}

func TestSecretsFromFileVariables(t *testing.T) {
	dir := t.TempDir()
	e := newTestEnv(t)
	for name, content := range map[string]string{
		"RINGCENTRAL_CLIENT_SECRET": "csecret\n",
		"RINGCENTRAL_JWT":           "jwt\r\n",
		"RINGCX_ACCESS_TOKEN":       "at",
		"RINGCX_REFRESH_TOKEN":      "rt\n\n", // only one newline is dropped
		"RINGCX_API_TOKEN":          "api\n",
	} {
		e.set(name+"_FILE", writeFile(t, filepath.Join(dir, name), content, 0o600))
	}
	c := mustLoad(t, e)
	cr := c.Credentials
	assert.Equal(t, "csecret", cr.ClientSecret.Value())
	assert.Equal(t, "jwt", cr.JWT.Value())
	assert.Equal(t, "at", cr.AccessToken.Value())
	assert.Equal(t, "rt\n", cr.RefreshToken.Value())
	assert.Equal(t, "api", cr.APIToken.Value())
	assert.Equal(t, Source{Kind: KindEnv, Name: "RINGCENTRAL_JWT_FILE", SecretFile: filepath.Join(dir, "RINGCENTRAL_JWT")},
		cr.JWT.Source())
	assert.Equal(t, cr.JWT.Source(), c.Sources["credentials.jwt"])
}

func TestSecretsFromTheConfigFile(t *testing.T) {
	e := newTestEnv(t)
	secretPath := writeFile(t, filepath.Join(t.TempDir(), "jwt"), "file-jwt\n", 0o400)
	path := writeFile(t, e.defaultConfig(), "[credentials]\nclient_id = \"cid\"\nclient_secret = \"inline\"\n"+
		"jwt_file = \""+secretPath+"\"\n", 0o600)
	c := mustLoad(t, e)
	assert.Equal(t, "inline", c.Credentials.ClientSecret.Value())
	assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 3}, c.Credentials.ClientSecret.Source())
	assert.Equal(t, "file-jwt", c.Credentials.JWT.Value())
	assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 4, SecretFile: secretPath}, c.Credentials.JWT.Source())

	// The environment outranks the file, secret by secret.
	e.set("RINGCENTRAL_JWT", "env-jwt")
	c = mustLoad(t, e)
	assert.Equal(t, "env-jwt", c.Credentials.JWT.Value())
	assert.Equal(t, "inline", c.Credentials.ClientSecret.Value())
}

func TestSecretFilePermissions(t *testing.T) {
	dir := t.TempDir()
	open := writeFile(t, filepath.Join(dir, "jwt"), "j\n", 0o644)
	e := newTestEnv(t).set("RINGCENTRAL_JWT_FILE", open)
	assert.Equal(t, "RINGCENTRAL_JWT_FILE="+open+": "+open+" is readable by others (mode 0644): run chmod 600 "+open,
		loadErr(t, e))

	groupWritable := writeFile(t, filepath.Join(dir, "api"), "a\n", 0o620)
	e = newTestEnv(t).set("RINGCX_API_TOKEN_FILE", groupWritable)
	assert.Equal(t, "RINGCX_API_TOKEN_FILE="+groupWritable+": "+groupWritable+" is writable by others (mode 0620): run chmod 600 "+groupWritable,
		loadErr(t, e))

	e = newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), "[credentials]\naccess_token_file = \""+open+"\"\n", 0o600)
	assert.Equal(t, path+`:2: credentials.access_token_file = "`+open+`": `+open+" is readable by others (mode 0644): run chmod 600 "+open,
		loadErr(t, e))
}

func TestSecretFileProblems(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	assert.Equal(t, "RINGCX_ACCESS_TOKEN_FILE="+missing+": "+missing+" does not exist",
		loadErr(t, newTestEnv(t).set("RINGCX_ACCESS_TOKEN_FILE", missing)))

	empty := writeFile(t, filepath.Join(dir, "empty"), "\n", 0o600)
	assert.Equal(t, "RINGCENTRAL_JWT_FILE="+empty+": "+empty+" is empty",
		loadErr(t, newTestEnv(t).set("RINGCENTRAL_JWT_FILE", empty)))

	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o700))
	assert.Equal(t, "RINGCENTRAL_JWT_FILE="+sub+": "+sub+" is a directory, not a file",
		loadErr(t, newTestEnv(t).set("RINGCENTRAL_JWT_FILE", sub)))
}

func TestConfigFileWithSecretsMustBePrivate(t *testing.T) {
	for mode, how := range map[os.FileMode]string{0o644: "readable", 0o640: "readable", 0o604: "readable"} {
		e := newTestEnv(t)
		path := writeFile(t, e.defaultConfig(), "[credentials]\napi_token = \"tok\"\n", mode)
		assert.Equal(t, fmt.Sprintf("%s holds secrets and is %s by others (mode %04o): run chmod 600 %s", path, how, mode, path), loadErr(t, e), "%04o", mode)
	}
	// Writable by others, it is not read at all, secrets or not.
	for mode, who := range map[os.FileMode]string{0o620: "its group", 0o602: "others"} {
		e := newTestEnv(t)
		path := writeFile(t, e.defaultConfig(), "[credentials]\napi_token = \"tok\"\n", mode)
		assert.Equal(t, fmt.Sprintf("config file %s is writable by %s (mode %04o): refusing to use it (they could change what it says); run chmod go-w %s", path, who, mode, path), loadErr(t, e), "%04o", mode)
	}
	// Private: fine. Without inline secrets (only paths): fine at any mode.
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "[credentials]\napi_token = \"tok\"\n", 0o600)
	mustLoad(t, e)

	e = newTestEnv(t)
	secret := writeFile(t, filepath.Join(t.TempDir(), "tok"), "tok", 0o600)
	writeFile(t, e.defaultConfig(), "account = \"1\"\n[credentials]\nclient_id = \"public\"\napi_token_file = \""+secret+"\"\n", 0o644)
	c := mustLoad(t, e)
	assert.Equal(t, "tok", c.Credentials.APIToken.Value())
}

func TestInlineAndFileSecretsAtTheSameLevelConflict(t *testing.T) {
	secret := writeFile(t, filepath.Join(t.TempDir(), "jwt"), "j", 0o600)
	e := newTestEnv(t).set("RINGCENTRAL_JWT", "j", "RINGCENTRAL_JWT_FILE", secret)
	assert.Equal(t, "RINGCENTRAL_JWT and RINGCENTRAL_JWT_FILE are both set: keep one", loadErr(t, e))

	e = newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), "[credentials]\nclient_secret_file = \""+secret+"\"\nclient_secret = \"s\"\n", 0o600)
	assert.Equal(t, path+":2: credentials.client_secret and credentials.client_secret_file are both set: keep one",
		loadErr(t, e))

	// At different levels there is no conflict: the environment wins.
	e = newTestEnv(t).set("RINGCX_API_TOKEN_FILE", secret)
	writeFile(t, e.defaultConfig(), "[credentials]\napi_token = \"from-file\"\n", 0o600)
	c := mustLoad(t, e)
	assert.Equal(t, "j", c.Credentials.APIToken.Value())
}
