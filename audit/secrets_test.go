package audit

import (
	"encoding/base64"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Distinctive credentials: if any of them, or any token issued for them,
// reaches the audit file, grep finds it.
const (
	secretClientID = "cb-client-id-ZX81-spectrum"
	secretClient   = "cb-client-secret-Q7w9E2r4T6y8"
	secretJWT      = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdWRpdC10ZXN0In0.audit-jwt-signature-K3j5H7g9"
)

func TestSecretsNeverReachTheAuditLog(t *testing.T) {
	h := newHarness(t, sim.Config{ClientID: secretClientID, ClientSecret: secretClient, JWT: secretJWT})
	h.openRecorder(api.WithAuth(api.JWTAuth(api.JWTCredentials{
		Server: h.sim.URL, ClientID: secretClientID, ClientSecret: secretClient, JWT: secretJWT,
	})))
	uii := h.answeredUII()
	agent := h.freeAgent()
	ctx := testCtx(t)

	require.NoError(t, h.rec.AddSession(ctx, uii, supervisor, api.SessionCoaching))
	require.ErrorIs(t, h.rec.HangupSession(ctx, uii, "+16505550188"), api.ErrRefused)
	h.sim.ExpireTokens() // a renewal mid-way issues fresh tokens
	require.NoError(t, h.rec.ToggleRecording(ctx, uii, true))
	require.NoError(t, h.rec.Disposition(ctx, uii, api.DispositionRequest{Disposition: "Sale", Notes: "paid by card"}))
	require.NoError(t, h.rec.CreateManualAgentCall(ctx, api.ManualCallRequest{Username: agent, Destination: "+16505550142", RingDuration: 20, CallerID: "+16505550199"}))
	require.NoError(t, h.rec.HangupCall(ctx, uii))
	require.ErrorIs(t, h.rec.HangupCall(ctx, uii), api.ErrCallNotFound)

	secrets := []string{secretClientID, secretClient, secretJWT, testAPIToken}
	for _, r := range h.sim.Requests() {
		secrets = append(secrets, credentials(t, r)...)
	}
	issued := 0
	for _, s := range secrets {
		if strings.HasPrefix(s, "eyJ") && s != secretJWT {
			issued++
		}
	}
	require.GreaterOrEqual(t, issued, 2, "the sim issued RingCX tokens and the renewal another")

	raw, err := os.ReadFile(h.log.Path())
	require.NoError(t, err)
	text := string(raw)
	require.Equal(t, 14, strings.Count(text, "\n"), "seven actions, two records each")
	for _, s := range secrets {
		assert.NotContains(t, text, s)
	}
	assert.NotContains(t, text, "eyJ")
	assert.NotContains(t, strings.ToLower(text), "bearer")
	assert.Contains(t, text, "+16505550142", "phone numbers are kept")
	assert.Contains(t, text, "paid by card")
}

// credentials pulls every credential out of a request the sim received:
// the Authorization and X-Auth-Token headers (Basic decoded into id and
// secret) and the token fields of sign-in form bodies.
func credentials(t *testing.T, r sim.Request) []string {
	t.Helper()
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); len(s) >= 8 {
			out = append(out, s)
		}
	}
	for _, v := range r.Header.Values("Authorization") {
		scheme, cred, _ := strings.Cut(v, " ")
		add(cred)
		if strings.EqualFold(scheme, "Basic") {
			dec, err := base64.StdEncoding.DecodeString(cred)
			require.NoError(t, err)
			id, secret, _ := strings.Cut(string(dec), ":")
			add(id)
			add(secret)
		}
	}
	add(r.Header.Get("X-Auth-Token"))
	form, _ := url.ParseQuery(r.Body)
	for _, k := range []string{"assertion", "rcAccessToken", "refresh_token", "access_token"} {
		add(form.Get(k))
	}
	return out
}
