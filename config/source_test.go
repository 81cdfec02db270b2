package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSourceString(t *testing.T) {
	cases := []struct {
		src  Source
		want string
	}{
		{Source{Kind: KindDefault}, "default"},
		{Source{Kind: KindDefault, Name: "account"}, "default (the account)"},
		{Source{Kind: KindFlag, Name: "refresh"}, "flag --refresh"},
		{Source{Kind: KindEnv, Name: "RINGCX_ACCOUNT_ID"}, "env RINGCX_ACCOUNT_ID"},
		{Source{Kind: KindFile, Name: "/p/config.toml", Line: 7}, "file /p/config.toml:7"},
		{Source{Kind: KindFile, Name: "/p/config.toml"}, "file /p/config.toml"},
		{Source{Kind: KindRemembered, Name: "/s/callboard/phone"}, "remembered (/s/callboard/phone)"},
		{Source{Kind: KindEnv, Name: "RINGCENTRAL_JWT_FILE", SecretFile: "/run/secrets/jwt"},
			"env RINGCENTRAL_JWT_FILE (read from /run/secrets/jwt)"},
		{Source{Kind: KindFile, Name: "/p/config.toml", Line: 3, SecretFile: "/run/jwt"},
			"file /p/config.toml:3 (read from /run/jwt)"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.src.String())
	}
}

func TestSourceNamesTheSettingAsWritten(t *testing.T) {
	flagSrc := Source{Kind: KindFlag, Name: "refresh"}
	envSrc := Source{Kind: KindEnv, Name: "RINGCX_ACCOUNT_ID"}
	fileSrc := Source{Kind: KindFile, Name: "/p/c.toml", Line: 3}

	assert.Equal(t, "--refresh 1s", flagSrc.atValue("refresh", "1s"))
	assert.Equal(t, "RINGCX_ACCOUNT_ID=12a", envSrc.atValue("account", "12a"))
	assert.Equal(t, `/p/c.toml:3: refresh = "1s"`, fileSrc.atValue("refresh", "1s"))
	assert.Equal(t, "/p/c.toml:3: refresh", fileSrc.at("refresh"))
	// Values a reader could misread, or that would act on the terminal,
	// are quoted.
	assert.Equal(t, `--phone "555 0123"`, Source{Kind: KindFlag, Name: "phone"}.atValue("phone", "555 0123"))
	assert.Equal(t, `--phone "\x1b[2J"`, Source{Kind: KindFlag, Name: "phone"}.atValue("phone", "\x1b[2J"))
}
