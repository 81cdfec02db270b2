package config

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The specs table, the file's shape and the file's key list must name the
// same settings, or a setting would silently be dropped somewhere.
func TestSpecsMatchTheFileShape(t *testing.T) {
	truth := true
	fc := fileConfig{ReadOnly: &truth}
	fc.Thresholds.Bell = &truth
	var plainNames, secretNames []string
	for _, sp := range specs {
		plainNames = append(plainNames, sp.name)
		assert.NotNil(t, sp.set, sp.name)
		assert.NotNil(t, sp.get, sp.name)
	}
	for _, ss := range secretSpecs {
		secretNames = append(secretNames, ss.name)
	}
	assert.ElementsMatch(t, plainNames, slices.Collect(maps.Keys(fc.plain())))
	assert.ElementsMatch(t, secretNames, slices.Collect(maps.Keys(fc.secrets())))

	// Every key the TOML decoder accepts (from the struct tags) is one the
	// "did you mean" hints know, and vice versa.
	assert.ElementsMatch(t, tomlKeys(reflect.TypeOf(fc), ""), fileKeyNames())
}

func tomlKeys(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name := prefix + strings.Split(f.Tag.Get("toml"), ",")[0]
		out = append(out, name)
		switch {
		case f.Type.Kind() == reflect.Struct:
			out = append(out, tomlKeys(f.Type, name+".")...)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct: // [[serve.users]]
			out = append(out, tomlKeys(f.Type.Elem(), name+".")...)
		}
	}
	return out
}

func TestEnvironmentNames(t *testing.T) {
	var names []string
	for _, sp := range specs {
		if sp.env != "" {
			names = append(names, sp.env)
		}
	}
	for _, ss := range secretSpecs {
		names = append(names, ss.env, ss.env+"_FILE")
	}
	assert.ElementsMatch(t, []string{
		"RINGCX_SERVER_URL", "RINGCX_ACCOUNT_ID", "CALLBOARD_PHONE", "CALLBOARD_REGION", "CALLBOARD_AUDIT_LOG", "CALLBOARD_LOG_FILE",
		"CALLBOARD_LOG_LEVEL", "CALLBOARD_REFRESH", "CALLBOARD_ACTION_DEADLINE", "RINGCENTRAL_SERVER_URL", "RINGCENTRAL_CLIENT_ID",
		"RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_CLIENT_SECRET_FILE", "RINGCENTRAL_JWT", "RINGCENTRAL_JWT_FILE",
		"RINGCX_ACCESS_TOKEN", "RINGCX_ACCESS_TOKEN_FILE", "RINGCX_REFRESH_TOKEN", "RINGCX_REFRESH_TOKEN_FILE",
		"RINGCX_API_TOKEN", "RINGCX_API_TOKEN_FILE",
	}, names)
}

func TestShortDuration(t *testing.T) {
	for in, want := range map[string]string{"5s": "5s", "1m0s": "1m", "10m0s": "10m", "1h0m0s": "1h", "1m30s": "1m30s", "1h30m0s": "1h30m", "500ms": "500ms"} {
		assert.Equal(t, want, shortDuration(mustDuration(in)), in)
	}
}

func TestSuggest(t *testing.T) {
	assert.Equal(t, "refresh", suggest("refersh", []string{"server", "refresh"}))
	assert.Equal(t, "", suggest("colours", []string{"server", "refresh"}))
	assert.Equal(t, 3, EditDistance("kitten", "sitting"))
}
