package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func creds(parts ...string) Credentials {
	var c Credentials
	for _, p := range parts {
		s := NewSecret("value-of-"+p, Source{Kind: KindEnv, Name: p})
		switch p {
		case "id":
			c.ClientID = "client-id"
		case "secret":
			c.ClientSecret = s
		case "jwt":
			c.JWT = s
		case "access":
			c.AccessToken = s
		case "refresh":
			c.RefreshToken = s
		case "api":
			c.APIToken = s
		}
	}
	return c
}

func TestSignInMode(t *testing.T) {
	cases := []struct {
		parts []string
		want  SignInMode
	}{
		{nil, SignInNone},
		{[]string{"id", "secret", "jwt"}, SignInJWT},
		{[]string{"id", "secret", "jwt", "access", "refresh", "api"}, SignInJWT},
		{[]string{"id", "jwt", "access"}, SignInAccessToken},
		{[]string{"access"}, SignInAccessToken},
		{[]string{"access", "refresh", "api"}, SignInAccessToken},
		{[]string{"api"}, SignInAPIToken},
		{[]string{"id", "secret", "api"}, SignInAPIToken},
		{[]string{"refresh"}, SignInNone},
		{[]string{"secret", "jwt"}, SignInNone},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, creds(c.parts...).Mode(), "%v", c.parts)
	}
}

func TestSignInSummary(t *testing.T) {
	cases := []struct {
		parts []string
		want  string
	}{
		{nil, "none: set RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT, or RINGCX_ACCESS_TOKEN, or RINGCX_API_TOKEN"},
		{[]string{"id", "secret", "jwt"}, "jwt: RingCentral JWT sign-in, exchanged for a RingCX token"},
		{[]string{"id", "secret", "jwt", "access", "api"},
			"jwt: RingCentral JWT sign-in, exchanged for a RingCX token; not used: the access token and the API token"},
		{[]string{"access", "refresh"}, "access-token: a RingCX access token, renewed with the refresh token"},
		{[]string{"access", "api"}, "access-token: a RingCX access token without a refresh token: it lapses in about 5 minutes; not used: the API token"},
		{[]string{"api"}, "api-token: a permanent RingCX API token"},
		{[]string{"id", "jwt"}, "none: set RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT, or RINGCX_ACCESS_TOKEN, " +
			"or RINGCX_API_TOKEN; JWT sign-in is incomplete, missing the client secret (RINGCENTRAL_CLIENT_SECRET)"},
		{[]string{"jwt", "api"}, "api-token: a permanent RingCX API token; JWT sign-in is incomplete, " +
			"missing the client id (RINGCENTRAL_CLIENT_ID) and the client secret (RINGCENTRAL_CLIENT_SECRET)"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, creds(c.parts...).Summary(), "%v", c.parts)
	}
}
