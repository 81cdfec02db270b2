package sim

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// authState holds every credential the sim has issued. Token strings come from crypto/rand, never
// from the world's rng, so logging in does not change the simulated call centre.
type authState struct {
	key          []byte               // HMAC key for RingCX access tokens, random per sim
	rcTokens     map[string]time.Time // RingCentral platform token → expiry (sim clock)
	refresh      map[string]bool      // live RingCX refresh tokens
	apiTokens    map[string]bool      // permanent X-Auth-Token values
	apiOrder     []string             // for GET admin/token
	nextJTI      uint64
	expiredBelow uint64 // ExpireTokens: access tokens with jti below this are expired
	exchanges    *window
}

const (
	jwtGrant          = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	adminID           = 1207
	rcOwnerID         = "400131234009"
	msgJwtExpired     = "Jwt is expired"
	msgInvalidToken   = "Invalid token"
	refreshTokenTTL   = 7 * 24 * time.Hour
	supervisorRCUser  = 400131234009
	supervisorCompany = "Northwind Health"
)

func newAuthState(cfg *Config) *authState {
	a := &authState{
		key:       randomBytes(32),
		rcTokens:  map[string]time.Time{},
		refresh:   map[string]bool{},
		apiTokens: map[string]bool{},
		exchanges: newWindow(cfg.ExchangeLimit),
	}
	for _, t := range cfg.APITokens {
		a.addAPIToken(t)
	}
	return a
}

func (a *authState) addAPIToken(t string) {
	if t != "" && !a.apiTokens[t] {
		a.apiTokens[t] = true
		a.apiOrder = append(a.apiOrder, t)
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return b
}

func randomToken(n int) string { return base64.RawURLEncoding.EncodeToString(randomBytes(n)) }

var b64 = base64.RawURLEncoding

type claims struct {
	Sub           string   `json:"sub"`
	Iss           string   `json:"iss"`
	Aud           string   `json:"aud"`
	Iat           int64    `json:"iat"`
	Exp           int64    `json:"exp"`
	JTI           string   `json:"jti"`
	MainAccountID string   `json:"mainAccountId"`
	AccountIDs    []string `json:"accountIds"`
}

// issueAccess signs a JWT-shaped RingCX access token whose exp a client may read.
func (s *Server) issueAccess(now time.Time) string {
	a := s.auth
	a.nextJTI++
	c := claims{
		Sub: strconv.Itoa(adminID), Iss: "callboard-sim", Aud: "ringcx",
		Iat: now.Unix(), Exp: now.Add(s.cfg.TokenTTL).Unix(), JTI: strconv.FormatUint(a.nextJTI, 10),
		MainAccountID: mainAccountID,
	}
	for _, acct := range s.w.accounts {
		c.AccountIDs = append(c.AccountIDs, acct.id)
	}
	payload, _ := json.Marshal(c)
	signing := b64.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b64.EncodeToString(payload)
	return signing + "." + a.sign(signing)
}

func (a *authState) sign(s string) string {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(s))
	return b64.EncodeToString(m.Sum(nil))
}

// verifyAccess answers "" for a good token, else the plain-text 401 body RingCX would send.
func (a *authState) verifyAccess(tok string, now time.Time) string {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || !hmac.Equal([]byte(a.sign(parts[0]+"."+parts[1])), []byte(parts[2])) {
		return msgInvalidToken
	}
	raw, err := b64.DecodeString(parts[1])
	var c claims
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return msgInvalidToken
	}
	jti, _ := strconv.ParseUint(c.JTI, 10, 64)
	if now.Unix() >= c.Exp || jti < a.expiredBelow {
		return msgJwtExpired
	}
	return ""
}

// authenticate checks the API credentials for the base the request came in on: the legacy base
// only knows X-Auth-Token; the current one takes a Bearer RingCX token or a permanent X-Auth-Token.
func (s *Server) authenticate(rc *rctx) *response {
	if authz := rc.r.Header.Get("Authorization"); authz != "" && !rc.legacy {
		scheme, tok, _ := strings.Cut(authz, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return textResp(http.StatusUnauthorized, msgInvalidToken)
		}
		if msg := s.auth.verifyAccess(strings.TrimSpace(tok), rc.now); msg != "" {
			return textResp(http.StatusUnauthorized, msg)
		}
		return nil
	}
	if x := rc.r.Header.Get("X-Auth-Token"); x != "" {
		if !s.auth.apiTokens[x] {
			return textResp(http.StatusUnauthorized, msgInvalidToken)
		}
		return nil
	}
	how := "Send 'Authorization: Bearer <RingCX access token>' or 'X-Auth-Token: <API token>'"
	if rc.legacy {
		how = "Send 'X-Auth-Token: <API token>' (the legacy API does not take Bearer tokens)"
	}
	return errResp(rc, http.StatusUnauthorized, "UNAUTHORIZED", "Full authentication is required to access this resource", how)
}

// formValues merges an urlencoded body with the query string (body first), as the RingCX auth
// endpoints accept either.
func formValues(rc *rctx) url.Values {
	vals := url.Values{}
	ct := rc.r.Header.Get("Content-Type")
	if ct == "" || strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		if body, err := url.ParseQuery(rc.body); err == nil {
			vals = body
		}
	}
	for k, vs := range rc.q {
		if _, ok := vals[k]; !ok {
			vals[k] = vs
		}
	}
	return vals
}

// rcOAuthError is RingCentral's OAuth error body, with its errors[] array.
func rcOAuthError(status int, code, desc, errorCode string) *response {
	return jsonResp(status, map[string]any{
		"error": code, "error_description": desc,
		"errors": []map[string]string{{"errorCode": errorCode, "message": desc}},
	})
}

// handleRCToken is the RingCentral platform's POST /restapi/oauth/token, JWT bearer grant only.
func (s *Server) handleRCToken(rc *rctx) *response {
	id, secret, ok := rc.r.BasicAuth()
	if !ok || id == "" || secret == "" ||
		(s.cfg.ClientID != "" && id != s.cfg.ClientID) || (s.cfg.ClientSecret != "" && secret != s.cfg.ClientSecret) {
		return rcOAuthError(http.StatusUnauthorized, "invalid_client", "Invalid client: "+id, "OAU-123")
	}
	// RingCentral reads the grant from the form body only, not the query string.
	form, _ := url.ParseQuery(rc.body)
	if g := form.Get("grant_type"); g != jwtGrant {
		return rcOAuthError(http.StatusBadRequest, "invalid_grant", fmt.Sprintf("Unsupported grant type: %q", g), "OAU-250")
	}
	as := form.Get("assertion")
	if as == "" || (s.cfg.JWT != "" && as != s.cfg.JWT) {
		return rcOAuthError(http.StatusBadRequest, "invalid_grant", "Invalid assertion signature", "OAU-144")
	}
	tok := "U0pDMTFQMDFQQVMwMHxB" + randomToken(60)
	s.auth.rcTokens[tok] = rc.now.Add(s.cfg.RCTokenTTL)
	s.stats.RCTokens++
	return jsonResp(http.StatusOK, wireRCToken{
		AccessToken: tok, TokenType: "bearer", ExpiresIn: int64(s.cfg.RCTokenTTL / time.Second),
		RefreshToken: "U0pDMTFQMDFQQVMwMHxC" + randomToken(60), RefreshTokenExpiresIn: int64(refreshTokenTTL / time.Second),
		Scope: "ReadAccounts", OwnerID: rcOwnerID, EndpointID: randomToken(16),
	})
}

// handleExchange is POST /api/auth/login/rc/accesstoken: RingCentral token → RingCX token.
func (s *Server) handleExchange(rc *rctx) *response {
	if ok, wait := s.auth.exchanges.admit(rc.now); !ok {
		return tooMany(rc, wait, fmt.Sprintf("At most %d token exchanges per minute", s.cfg.ExchangeLimit))
	}
	form := formValues(rc)
	if tt := form.Get("rcTokenType"); tt != "" && !strings.EqualFold(tt, "Bearer") {
		return badRequest(rc, "rcTokenType must be Bearer", vErr("rcTokenType", "must be Bearer", form))
	}
	tok := form.Get("rcAccessToken")
	exp, known := s.auth.rcTokens[tok]
	switch {
	case tok == "":
		return errResp(rc, http.StatusUnauthorized, "UNAUTHORIZED", "RingCentral access token is required", "Send rcAccessToken=<RingCentral access token> in the form body")
	case !known:
		return errResp(rc, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid RingCentral access token", "The RingCentral platform did not recognise this token")
	case !rc.now.Before(exp):
		return errResp(rc, http.StatusUnauthorized, "UNAUTHORIZED", "RingCentral access token is expired", "Get a new RingCentral access token and exchange it again")
	}
	s.stats.Exchanges++
	return jsonResp(http.StatusOK, s.tokenDetails(rc, strings.EqualFold(rc.q.Get("includeRefresh"), "true")))
}

// handleRefresh is POST /api/auth/token/refresh; refresh tokens are single use.
func (s *Server) handleRefresh(rc *rctx) *response {
	form := formValues(rc)
	rt := form.Get("refresh_token")
	if rt == "" || !s.auth.refresh[rt] {
		return errResp(rc, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid refresh token", "The refresh token is unknown or was already used")
	}
	delete(s.auth.refresh, rt)
	s.stats.Refreshes++
	return jsonResp(http.StatusOK, s.tokenDetails(rc, true))
}

func (s *Server) tokenDetails(rc *rctx, withRefresh bool) wireTokenDetails {
	base := "http://" + rc.r.Host
	if rc.r.TLS != nil {
		base = "https://" + rc.r.Host
	}
	d := wireTokenDetails{
		AccessToken: s.issueAccess(rc.now), TokenType: "Bearer", MainAccountID: mainAccountID,
		AdminID: adminID, AdminURL: base + "/voice/admin/", AgentURL: base + "/voice/agent/",
		AnalyticsURL: base + "/voice/analytics/", PlatformID: "10",
		RCUser: wireRCContact{FirstName: supervisor.first, LastName: supervisor.last, Email: supervisorEmail(), Company: supervisorCompany, JobTitle: "Contact Centre Supervisor"},
	}
	if withRefresh {
		d.RefreshToken = randomToken(32)
		s.auth.refresh[d.RefreshToken] = true
	}
	for i, a := range s.w.accounts {
		d.AgentDetails = append(d.AgentDetails, wireAgent{
			AgentID: 1_090_000 + i, FirstName: supervisor.first, LastName: supervisor.last,
			Email: supervisorEmail(), Username: supervisor.userFirst + "." + supervisor.userLast + "+" + a.suffix + "@northwind.example",
			AccountID: a.id, AccountName: a.name, AgentType: "SUPERVISOR", RCUserID: supervisorRCUser,
		})
	}
	return d
}

func supervisorEmail() string {
	return supervisor.userFirst + "." + supervisor.userLast + "@northwind.example"
}

// handleAPITokenCreate is POST {base}/admin/token: a permanent API token as text/plain.
func (s *Server) handleAPIToken(rc *rctx) *response {
	if rc.r.Method == http.MethodGet {
		return jsonResp(http.StatusOK, append([]string{}, s.auth.apiOrder...))
	}
	t := hex.EncodeToString(randomBytes(16))
	s.auth.addAPIToken(t)
	return textResp(http.StatusOK, t)
}

// handleLegacyLogin is POST {base}/auth/login: any non-empty username and password get a token.
func (s *Server) handleLegacyLogin(rc *rctx) *response {
	form := formValues(rc)
	user, pass := form.Get("username"), form.Get("password")
	if user == "" || pass == "" {
		return errResp(rc, http.StatusUnauthorized, "UNAUTHORIZED", "Bad credentials", "username and password are required")
	}
	t := hex.EncodeToString(randomBytes(16))
	s.auth.addAPIToken(t)
	return jsonResp(http.StatusOK, s.loginView(rc, t, user))
}

// handleAuthView is GET {base}/admin/auth: what the login answered, for a user already signed in
// (the spec's UserLoginView). authToken is empty: the caller has its token already, and the spec
// does not say whether RingCX echoes it or mints one [guess].
func (s *Server) handleAuthView(rc *rctx) *response {
	return jsonResp(http.StatusOK, s.loginView(rc, "", supervisorEmail()))
}

func (s *Server) loginView(rc *rctx, token, user string) wireLogin {
	out := wireLogin{
		AuthToken: token, PlatformHost: rc.r.Host,
		User: wireUser{UserID: adminID, UserName: user, FirstName: supervisor.first, LastName: supervisor.last,
			FullName: supervisor.first + " " + supervisor.last, Enabled: true,
			PhoneNumber: supervisorPhone[2:], PhoneNumberE164: supervisorPhone, RCAccountID: rcAccountID},
	}
	for _, a := range s.w.wireAccounts() {
		out.Accounts = append(out.Accounts, wireAccountView{
			AccountID: a.AccountID, AccountName: a.AccountName, MainAccountID: a.MainAccountID,
			MainAccountName: a.MainAccountName, EnableInbound: a.EnableInbound, EnableOutbound: a.EnableOutbound, RcAccountID: rcAccountID,
		})
	}
	return out
}

// supervisorPhone is the signed-in supervisor's own phone, as admin/auth reports it.
const supervisorPhone = "+16505550100"
