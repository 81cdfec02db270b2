package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const plain = "hunter2-the-actual-credential"

func TestSecretAccessors(t *testing.T) {
	src := Source{Kind: KindEnv, Name: "RINGCX_API_TOKEN"}
	s := NewSecret(plain, src)
	assert.Equal(t, plain, s.Value())
	assert.True(t, s.IsSet())
	assert.Equal(t, src, s.Source())

	var zero Secret
	assert.Empty(t, zero.Value())
	assert.False(t, zero.IsSet())
	assert.Empty(t, zero.String())
}

func TestSecretNeverPrintsItsValue(t *testing.T) {
	s := NewSecret(plain, Source{Kind: KindEnv, Name: "RINGCENTRAL_JWT"})
	c := Credentials{ClientID: "id", JWT: s, APIToken: s}
	// A Secret inside another package's unexported field cannot have its
	// methods called by fmt; the pointer keeps the value out of reach.
	type holder struct{ creds Credentials }

	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%10s", "%-8v"} {
		outs = append(outs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, c), fmt.Sprintf(verb, &c))
	}
	outs = append(outs,
		fmt.Sprint(s), fmt.Sprintln(s, c), s.String(), s.GoString(),
		fmt.Sprintf("%+v", holder{c}), fmt.Sprintf("%#v", holder{c}), fmt.Sprintf("%v", []Secret{s}),
		fmt.Sprintf("%v", map[string]Secret{"k": s}))

	j, err := json.Marshal(c)
	require.NoError(t, err)
	outs = append(outs, string(j))
	txt, err := s.MarshalText()
	require.NoError(t, err)
	outs = append(outs, string(txt))

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "jwt", s, "creds", c)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "jwt", s, "creds", c)
	outs = append(outs, logs.String())

	for _, out := range outs {
		assert.NotContains(t, out, plain)
		assert.NotContains(t, out, "hunter2")
	}
	assert.Equal(t, "********", fmt.Sprint(s))
	assert.Equal(t, `"********"`, fmt.Sprintf("%q", s))
	assert.Equal(t, "config.Secret{********}", fmt.Sprintf("%#v", s))
	assert.Contains(t, string(j), `"JWT":"[redacted]"`)
	assert.Contains(t, string(j), `"AccessToken":""`)
}
