package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Distinctive values: if any of them (or a long part of one) shows up in
// an error or in Describe, a secret has leaked.
var leakSecrets = map[string]string{
	"RINGCENTRAL_CLIENT_SECRET": "LEAK-client-secret-5e1f09",
	"RINGCENTRAL_JWT":           "LEAK-eyJhbGciOiJSUzI1NiJ9.payload.sig-77aa",
	"RINGCX_ACCESS_TOKEN":       "LEAK-access-token-c0ffee",
	"RINGCX_REFRESH_TOKEN":      "LEAK-refresh-token-b00b1e",
	"RINGCX_API_TOKEN":          "LEAK-api-token-d15ea5e",
}

func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for name, v := range leakSecrets {
		assert.NotContains(t, text, v, "%s reveals %s", what, name)
		assert.NotContains(t, text, v[5:17], "%s reveals part of %s", what, name)
	}
	assert.NotContains(t, text, "LEAK-", what)
}

// secretEnv sets every secret in the environment, or as *_FILE variables
// pointing at files of the given mode.
func secretEnv(t *testing.T, e *testEnv, asFiles bool, mode os.FileMode) {
	t.Helper()
	dir := t.TempDir()
	for name, v := range leakSecrets {
		if asFiles {
			e.set(name+"_FILE", writeFile(t, filepath.Join(dir, name), v+"\n", mode))
		} else {
			e.set(name, v)
		}
	}
}

// secretTOML is a [credentials] table holding every secret inline.
func secretTOML() string {
	return "[credentials]\nclient_id = \"app\"\n" +
		"client_secret = \"" + leakSecrets["RINGCENTRAL_CLIENT_SECRET"] + "\"\n" +
		"jwt = \"" + leakSecrets["RINGCENTRAL_JWT"] + "\"\n" +
		"access_token = \"" + leakSecrets["RINGCX_ACCESS_TOKEN"] + "\"\n" +
		"refresh_token = \"" + leakSecrets["RINGCX_REFRESH_TOKEN"] + "\"\n" +
		"api_token = \"" + leakSecrets["RINGCX_API_TOKEN"] + "\"\n"
}

func TestNoErrorRevealsASecret(t *testing.T) {
	jwt := leakSecrets["RINGCENTRAL_JWT"]
	badValues := []string{"--refresh", "1s", "--theme", "neon", "--phone", "CALL-ME", "--account", "x",
		"--product", "NOPE", "--wait-threshold", "0s", "--log-level", "loud"}
	type scenario struct {
		name  string
		setup func(t *testing.T, e *testEnv) []string // returns args
	}
	scenarios := []scenario{
		{"env secrets with every bad value", func(t *testing.T, e *testEnv) []string {
			secretEnv(t, e, false, 0)
			return badValues
		}},
		{"secret files readable by others", func(t *testing.T, e *testEnv) []string {
			secretEnv(t, e, true, 0o644)
			return badValues
		}},
		{"inline and file variables both set", func(t *testing.T, e *testEnv) []string {
			secretEnv(t, e, true, 0o600)
			for name, v := range leakSecrets {
				e.set(name, v)
			}
			return nil
		}},
		{"config file with secrets readable by others", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "refresh = \"1s\"\n"+secretTOML(), 0o644)
			return badValues
		}},
		{"config file with inline and file secrets", func(t *testing.T, e *testEnv) []string {
			f := writeFile(t, filepath.Join(t.TempDir(), "s"), jwt, 0o644)
			writeFile(t, e.defaultConfig(), secretTOML()+"jwt_file = \""+f+"\"\napi_token_file = \""+f+"\"\n", 0o600)
			return nil
		}},
		{"config file secret file readable by others", func(t *testing.T, e *testEnv) []string {
			f := writeFile(t, filepath.Join(t.TempDir(), "s"), jwt, 0o640)
			writeFile(t, e.defaultConfig(), "[credentials]\njwt_file = \""+f+"\"\n", 0o600)
			return nil
		}},
		{"unterminated secret string", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "[credentials]\njwt = \""+jwt+"\n", 0o600)
			return nil
		}},
		{"unquoted secret", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "[credentials]\njwt = "+jwt+"\n", 0o600)
			return nil
		}},
		{"secret pasted without a key", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "[credentials]\n"+jwt+"\n", 0o600)
			return nil
		}},
		{"secret after a valid string", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "[credentials]\njwt = \"x\" "+jwt+"\n", 0o600)
			return nil
		}},
		{"secret under a misspelt key", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "[credentials]\nclient_secrett = \""+jwt+"\"\n", 0o600)
			return nil
		}},
		{"secret in a server URL", func(t *testing.T, e *testEnv) []string {
			e.set("RINGCENTRAL_SERVER_URL", "https://user:"+jwt+"@platform.example")
			return []string{"--server", "https://ringcx.example/?token=" + jwt}
		}},
		{"secret in a URL that does not parse", func(t *testing.T, e *testEnv) []string {
			e.set("RINGCX_SERVER_URL", "https//user:"+jwt+"@host")
			return nil
		}},
		{"secret in a URL with a fragment", func(t *testing.T, e *testEnv) []string {
			writeFile(t, e.defaultConfig(), "server = \"https://host/#"+jwt+"\"\n", 0o600)
			return nil
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e := newTestEnv(t)
			args := sc.setup(t, e)
			_, err := load(t, e, args...)
			require.Error(t, err)
			assertNoSecret(t, "error", err.Error())
			assertNoSecret(t, "error %+v", fmt.Sprintf("%+v", err))
		})
	}
}

func TestLoadedSecretsStayHidden(t *testing.T) {
	for _, files := range []bool{false, true} {
		e := newTestEnv(t)
		secretEnv(t, e, files, 0o600)
		e.set("RINGCENTRAL_CLIENT_ID", "app")
		c := mustLoad(t, e)
		require.Equal(t, SignInJWT, c.Credentials.Mode())
		require.Equal(t, leakSecrets["RINGCX_API_TOKEN"], c.Credentials.APIToken.Value())

		assertNoSecret(t, "Describe", describe(t, c))
		assertNoSecret(t, "%+v", fmt.Sprintf("%+v", c))
		assertNoSecret(t, "%#v", fmt.Sprintf("%#v", c))
		assertNoSecret(t, "summary", c.Credentials.Summary())
		var b bytes.Buffer
		require.NoError(t, json.NewEncoder(&b).Encode(c))
		assertNoSecret(t, "JSON", b.String())
	}
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), secretTOML(), 0o600)
	c := mustLoad(t, e)
	assertNoSecret(t, "Describe", describe(t, c))
}
