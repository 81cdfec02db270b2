package config

import "strings"

// Credentials are what callboard signs in with, in RingCentral's own
// terms. Which of them are used is Mode's decision.
type Credentials struct {
	RingCentralServer string // RingCentral platform, for the JWT flow
	ClientID          string // a RingCentral app's client id (not a secret)
	ClientSecret      Secret
	JWT               Secret
	AccessToken       Secret // a RingCX access token obtained elsewhere
	RefreshToken      Secret // renews AccessToken
	APIToken          Secret // a permanent RingCX API token
}

// SignInMode is how callboard signs in.
type SignInMode string

// The sign-in modes, in order of preference.
const (
	// SignInJWT: RingCentral's JWT flow, then the RingCX exchange. First
	// choice because it renews itself indefinitely.
	SignInJWT SignInMode = "jwt"
	// SignInAccessToken: a RingCX access token (renewed with the refresh
	// token when there is one; without, it lapses in about 5 minutes).
	SignInAccessToken SignInMode = "access-token"
	// SignInAPIToken: a permanent RingCX API token (X-Auth-Token).
	SignInAPIToken SignInMode = "api-token"
	// SignInNone: nothing complete is configured.
	SignInNone SignInMode = ""
)

// Mode is the sign-in the credentials allow. When several are complete
// the order of preference is JWT, access token, API token: the JWT flow
// renews itself, an access token only with its refresh token, and an API
// token never expires, so it is the one to keep for last.
func (c Credentials) Mode() SignInMode {
	switch {
	case c.ClientID != "" && c.ClientSecret.IsSet() && c.JWT.IsSet():
		return SignInJWT
	case c.AccessToken.IsSet():
		return SignInAccessToken
	case c.APIToken.IsSet():
		return SignInAPIToken
	}
	return SignInNone
}

// Summary says in words which sign-in is used, what is ignored, and, when
// the JWT flow is half-configured, what is missing. Describe prints it.
func (c Credentials) Summary() string {
	var b strings.Builder
	switch c.Mode() {
	case SignInJWT:
		b.WriteString("jwt: RingCentral JWT sign-in, exchanged for a RingCX token")
		if ignored := c.ignored(SignInJWT); ignored != "" {
			b.WriteString("; not used: " + ignored)
		}
		return b.String()
	case SignInAccessToken:
		b.WriteString("access-token: a RingCX access token")
		if c.RefreshToken.IsSet() {
			b.WriteString(", renewed with the refresh token")
		} else {
			b.WriteString(" without a refresh token: it lapses in about 5 minutes")
		}
		if ignored := c.ignored(SignInAccessToken); ignored != "" {
			b.WriteString("; not used: " + ignored)
		}
	case SignInAPIToken:
		b.WriteString("api-token: a permanent RingCX API token")
	default:
		b.WriteString("none: set RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT, or RINGCX_ACCESS_TOKEN, or RINGCX_API_TOKEN")
	}
	if missing := c.missingForJWT(); missing != "" {
		b.WriteString("; JWT sign-in is incomplete, missing " + missing)
	}
	return b.String()
}

// ignored lists the complete-or-partial credentials the chosen mode does
// not use, so nobody wonders why their API token "does nothing".
func (c Credentials) ignored(m SignInMode) string {
	var out []string
	if m == SignInJWT && c.AccessToken.IsSet() {
		out = append(out, "the access token")
	}
	if c.APIToken.IsSet() {
		out = append(out, "the API token")
	}
	return strings.Join(out, " and ")
}

// missingForJWT names what the JWT flow lacks when some but not all of it
// is configured; "" when it is complete or not attempted at all.
func (c Credentials) missingForJWT() string {
	parts := []struct {
		name string
		have bool
	}{
		{"the client id (RINGCENTRAL_CLIENT_ID)", c.ClientID != ""},
		{"the client secret (RINGCENTRAL_CLIENT_SECRET)", c.ClientSecret.IsSet()},
		{"the JWT (RINGCENTRAL_JWT)", c.JWT.IsSet()},
	}
	var missing []string
	for _, p := range parts {
		if !p.have {
			missing = append(missing, p.name)
		}
	}
	if len(missing) == 0 || len(missing) == len(parts) {
		return ""
	}
	return strings.Join(missing, " and ")
}
