package sim_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

const formCT = "application/x-www-form-urlencoded"

var jwtForm = url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {"eyJhbGciOi.jwt.sig"}}.Encode()

type rcToken struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
	OwnerID               string `json:"owner_id"`
	EndpointID            string `json:"endpoint_id"`
}

type tokenDetails struct {
	AccessToken   *string `json:"accessToken"`
	RefreshToken  *string `json:"refreshToken"`
	TokenType     string  `json:"tokenType"`
	MainAccountID string  `json:"mainAccountId"`
	AgentDetails  []struct {
		AgentID     int    `json:"agentId"`
		FirstName   string `json:"firstName"`
		LastName    string `json:"lastName"`
		Email       string `json:"email"`
		Username    string `json:"username"`
		AccountID   string `json:"accountId"`
		AccountName string `json:"accountName"`
	} `json:"agentDetails"`
	AdminID  int    `json:"adminId"`
	AdminURL string `json:"adminUrl"`
	AgentURL string `json:"agentUrl"`
	SSOLogin *bool  `json:"ssoLogin"`
}

func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

func (e *env) rcToken() string {
	e.t.Helper()
	r := e.do("POST", "/restapi/oauth/token", jwtForm, "Authorization", basic("cid", "csecret"), "Content-Type", formCT)
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	var tok rcToken
	r.json(e.t, &tok)
	return tok.AccessToken
}

func (e *env) exchange(rc string) (result, tokenDetails) {
	e.t.Helper()
	r := e.do("POST", "/api/auth/login/rc/accesstoken?includeRefresh=true",
		url.Values{"rcAccessToken": {rc}, "rcTokenType": {"Bearer"}}.Encode(), "Content-Type", formCT)
	var d tokenDetails
	if r.status == http.StatusOK {
		r.json(e.t, &d)
	}
	return r, d
}

func (e *env) refresh(rt string) (result, tokenDetails) {
	e.t.Helper()
	r := e.do("POST", "/api/auth/token/refresh", url.Values{"refresh_token": {rt}, "rcTokenType": {"Bearer"}}.Encode(), "Content-Type", formCT)
	var d tokenDetails
	if r.status == http.StatusOK {
		r.json(e.t, &d)
	}
	return r, d
}

func (e *env) bearer(tok, path string) result {
	e.t.Helper()
	return e.do("GET", path, "", "Authorization", "Bearer "+tok)
}

func TestRCTokenJWTGrant(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, ClientID: "cid", ClientSecret: "csecret", JWT: "eyJhbGciOi.jwt.sig"})

	r := e.do("POST", "/restapi/oauth/token", jwtForm, "Authorization", basic("cid", "csecret"), "Content-Type", formCT)
	require.Equal(t, http.StatusOK, r.status, r.body)
	var tok rcToken
	r.json(t, &tok)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.Equal(t, "bearer", tok.TokenType)
	assert.Equal(t, int64(3600), tok.ExpiresIn)
	assert.Equal(t, "ReadAccounts", tok.Scope)
	assert.NotEmpty(t, tok.OwnerID)
	assert.NotEmpty(t, tok.EndpointID)
	assert.Positive(t, tok.RefreshTokenExpiresIn)
	assert.Equal(t, 1, e.srv.Stats().RCTokens)

	type oauthErr struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
		Errors           []struct {
			ErrorCode string `json:"errorCode"`
			Message   string `json:"message"`
		} `json:"errors"`
	}
	bad := []struct {
		name, auth, body string
		status           int
		code             string
	}{
		{"no client auth", "", jwtForm, 401, "invalid_client"},
		{"wrong client id", basic("other", "csecret"), jwtForm, 401, "invalid_client"},
		{"wrong secret", basic("cid", "nope"), jwtForm, 401, "invalid_client"},
		{"missing assertion", basic("cid", "csecret"), "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer", 400, "invalid_grant"},
		{"wrong assertion", basic("cid", "csecret"), url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {"x"}}.Encode(), 400, "invalid_grant"},
		{"password grant", basic("cid", "csecret"), "grant_type=password&username=a&password=b", 400, "invalid_grant"},
		{"empty body", basic("cid", "csecret"), "", 400, "invalid_grant"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			h := []string{"Content-Type", formCT}
			if tc.auth != "" {
				h = append(h, "Authorization", tc.auth)
			}
			r := e.do("POST", "/restapi/oauth/token", tc.body, h...)
			require.Equal(t, tc.status, r.status, r.body)
			var oe oauthErr
			r.json(t, &oe)
			assert.Equal(t, tc.code, oe.Error)
			assert.NotEmpty(t, oe.ErrorDescription)
			require.Len(t, oe.Errors, 1)
			assert.NotEmpty(t, oe.Errors[0].ErrorCode)
		})
	}
	// The grant in the query string instead of the form body is not a grant.
	r = e.do("POST", "/restapi/oauth/token?"+jwtForm, "", "Authorization", basic("cid", "csecret"))
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = e.do("GET", "/restapi/oauth/token", "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, "POST", r.header.Get("Allow"))
}

func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3, "JWT-shaped: header.payload.signature")
	var hdr map[string]any
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &hdr))
	assert.Equal(t, "HS256", hdr["alg"])
	raw, err = base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(raw, &c))
	return c
}

func TestExchangeRefreshChain(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, TokenTTL: 5 * time.Minute})
	r, d := e.exchange(e.rcToken())
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	require.NotNil(t, d.AccessToken)
	require.NotNil(t, d.RefreshToken)
	assert.Equal(t, "Bearer", d.TokenType)
	assert.Equal(t, "12440001", d.MainAccountID)
	require.Len(t, d.AgentDetails, 2, "one agentDetails entry per visible account")
	assert.Equal(t, care, d.AgentDetails[0].AccountID)
	assert.Equal(t, "Northwind Care", d.AgentDetails[0].AccountName)
	assert.NotEmpty(t, d.AgentDetails[0].Username)
	assert.NotEmpty(t, d.AgentDetails[0].Email)
	assert.NotZero(t, d.AgentDetails[0].AgentID)
	assert.NotZero(t, d.AdminID)
	assert.NotEmpty(t, d.AdminURL)
	assert.NotEmpty(t, d.AgentURL)
	require.NotNil(t, d.SSOLogin)
	assert.False(t, *d.SSOLogin)
	assert.Equal(t, 1, e.srv.Stats().Exchanges)

	c := jwtClaims(t, *d.AccessToken)
	assert.Equal(t, float64(t0.Unix()), c["iat"])
	assert.Equal(t, float64(t0.Add(5*time.Minute).Unix()), c["exp"], "exp = issue time + TokenTTL on the sim clock")

	assert.Equal(t, http.StatusOK, e.bearer(*d.AccessToken, "/voice/api/v1/admin/accounts").status)

	r2, d2 := e.refresh(*d.RefreshToken)
	require.Equal(t, http.StatusOK, r2.status, r2.body)
	require.NotNil(t, d2.RefreshToken)
	assert.NotEqual(t, *d.RefreshToken, *d2.RefreshToken, "refresh hands out a new refresh token")
	assert.NotEqual(t, *d.AccessToken, *d2.AccessToken)
	assert.Len(t, d2.AgentDetails, 2)
	assert.Equal(t, http.StatusOK, e.bearer(*d2.AccessToken, "/voice/api/v1/admin/accounts").status)

	r3, _ := e.refresh(*d.RefreshToken)
	assert.Equal(t, http.StatusUnauthorized, r3.status, "the used refresh token is dead")
	assert.Contains(t, r3.apiErr(t).GeneralMessage, "refresh token")
	r4, _ := e.refresh(*d2.RefreshToken)
	assert.Equal(t, http.StatusOK, r4.status)
	assert.Equal(t, 2, e.srv.Stats().Refreshes)
}

func TestExchangeVariants(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, ExchangeLimit: -1})
	rc := e.rcToken()

	// Without includeRefresh there is no refreshToken field at all.
	r := e.do("POST", "/api/auth/login/rc/accesstoken", url.Values{"rcAccessToken": {rc}, "rcTokenType": {"Bearer"}}.Encode(), "Content-Type", formCT)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.NotContains(t, r.body, "refreshToken")

	// The OpenAPI spec lists the parameters in the query; accept that too.
	r = e.do("POST", "/api/auth/login/rc/accesstoken?includeRefresh=true&rcTokenType=Bearer&rcAccessToken="+url.QueryEscape(rc), "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Contains(t, r.body, `"refreshToken"`)

	for name, body := range map[string]string{
		"unknown rc token": "rcAccessToken=not-issued-here&rcTokenType=Bearer",
		"missing rc token": "rcTokenType=Bearer",
	} {
		r := e.do("POST", "/api/auth/login/rc/accesstoken", body, "Content-Type", formCT)
		assert.Equal(t, http.StatusUnauthorized, r.status, name)
		r.apiErr(t)
	}

	e.clock.Advance(time.Hour) // RCTokenTTL default
	r, _ = e.exchange(rc)
	assert.Equal(t, http.StatusUnauthorized, r.status, "expired RingCentral token")
	assert.Contains(t, r.apiErr(t).GeneralMessage, "expired")
}

func TestExchangeLimit(t *testing.T) {
	e := staticEnv(t)
	rc := e.rcToken()
	for i := range 5 {
		r, _ := e.exchange(rc)
		require.Equal(t, http.StatusOK, r.status, "exchange %d", i+1)
		e.clock.Advance(time.Second)
	}
	r, _ := e.exchange(rc)
	require.Equal(t, http.StatusTooManyRequests, r.status, "6th exchange within a minute")
	assert.Equal(t, "55", r.header.Get("Retry-After"), "first exchange at t0 frees its slot at t0+60s; now is t0+5s")
	assert.Equal(t, "TOO_MANY_REQUESTS", r.apiErr(t).ErrorCode)
	assert.Equal(t, 5, e.srv.Stats().Exchanges)
	assert.Equal(t, 1, e.srv.Stats().RateLimited)

	e.clock.Advance(55 * time.Second)
	r, _ = e.exchange(rc)
	assert.Equal(t, http.StatusOK, r.status, "a slot freed up")
}

func TestAccessTokenExpiry(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, TokenTTL: time.Minute})
	_, d := e.exchange(e.rcToken())
	acc := "/voice/api/v1/admin/accounts"

	e.clock.Advance(59 * time.Second)
	assert.Equal(t, http.StatusOK, e.bearer(*d.AccessToken, acc).status)
	e.clock.Advance(time.Second)
	r := e.bearer(*d.AccessToken, acc)
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Equal(t, "Jwt is expired", r.body)
	assert.True(t, strings.HasPrefix(r.header.Get("Content-Type"), "text/plain"))

	// ExpireTokens: a fresh token dies too, its refresh token still works.
	_, d2 := e.refresh(*d.RefreshToken)
	require.NotNil(t, d2.AccessToken)
	assert.Equal(t, http.StatusOK, e.bearer(*d2.AccessToken, acc).status)
	e.srv.ExpireTokens()
	r = e.bearer(*d2.AccessToken, acc)
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Equal(t, "Jwt is expired", r.body)
	r3, d3 := e.refresh(*d2.RefreshToken)
	require.Equal(t, http.StatusOK, r3.status)
	assert.Equal(t, http.StatusOK, e.bearer(*d3.AccessToken, acc).status, "tokens issued after ExpireTokens work")
}

func TestAPIAuthFailures(t *testing.T) {
	e := staticEnv(t)
	_, d := e.exchange(e.rcToken())
	tok := *d.AccessToken
	parts := strings.Split(tok, ".")
	forged := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	list := listPath(care, "product=ACCOUNT&productId="+care)
	legacyList := "/api/v1/admin/accounts/" + care + "/activeCalls/list?product=ACCOUNT&productId=" + care

	cases := []struct {
		name    string
		path    string
		headers []string
		status  int
		text    string // exact plain-text body, or "" for a JSON error
	}{
		{"bearer ok", list, []string{"Authorization", "Bearer " + tok}, 200, ""},
		{"api token ok", list, []string{"X-Auth-Token", apiTok}, 200, ""},
		{"legacy api token ok", legacyList, []string{"X-Auth-Token", apiTok}, 200, ""},
		{"missing credentials", list, nil, 401, ""},
		{"garbled bearer", list, []string{"Authorization", "Bearer garbage"}, 401, "Invalid token"},
		{"forged signature", list, []string{"Authorization", "Bearer " + forged}, 401, "Invalid token"},
		{"basic instead of bearer", list, []string{"Authorization", basic("a", "b")}, 401, "Invalid token"},
		{"unknown api token", list, []string{"X-Auth-Token", "nope"}, 401, "Invalid token"},
		{"legacy ignores bearer", legacyList, []string{"Authorization", "Bearer " + tok}, 401, ""},
		{"legacy rejects jwt as api token", legacyList, []string{"X-Auth-Token", tok}, 401, "Invalid token"},
		{"other account", listPath("99999999", "product=ACCOUNT&productId=99999999"), []string{"Authorization", "Bearer " + tok}, 403, ""},
		{"other account, action", actionPath("99999999", "1", "hangupCall", nil), []string{"X-Auth-Token", apiTok}, 405, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("GET", tc.path, "", tc.headers...)
			require.Equal(t, tc.status, r.status, r.body)
			switch {
			case tc.status == 200:
				assert.Equal(t, "application/json", r.header.Get("Content-Type"))
			case tc.text != "":
				assert.Equal(t, tc.text, r.body)
				assert.Equal(t, "text/plain;charset=UTF-8", r.header.Get("Content-Type"))
			default:
				r.apiErr(t)
			}
		})
	}
	r := e.do("POST", actionPath("99999999", "1", "hangupCall", nil), "", "X-Auth-Token", apiTok)
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "FORBIDDEN", r.apiErr(t).ErrorCode)
}

func TestPermanentTokensAndLegacyLogin(t *testing.T) {
	e := staticEnv(t)
	_, d := e.exchange(e.rcToken())

	r := e.do("POST", "/voice/api/v1/admin/token", "", "Authorization", "Bearer "+*d.AccessToken)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "text/plain;charset=UTF-8", r.header.Get("Content-Type"))
	perm := r.body
	require.NotEmpty(t, perm)
	assert.Equal(t, http.StatusOK, e.do("GET", "/api/v1/admin/accounts", "", "X-Auth-Token", perm).status)
	assert.Equal(t, http.StatusOK, e.do("GET", "/voice/api/v1/admin/accounts", "", "X-Auth-Token", perm).status)
	assert.Equal(t, http.StatusUnauthorized, e.do("POST", "/voice/api/v1/admin/token", "").status)

	r = e.do("GET", "/voice/api/v1/admin/token", "", "X-Auth-Token", perm)
	require.Equal(t, http.StatusOK, r.status)
	var toks []string
	r.json(t, &toks)
	assert.Contains(t, toks, perm)

	r = e.do("POST", "/api/v1/auth/login", "username=sup%40northwind.example&password=pw", "Content-Type", formCT)
	require.Equal(t, http.StatusOK, r.status, r.body)
	var login struct {
		AuthToken string `json:"authToken"`
		Accounts  []struct {
			AccountID string `json:"accountId"`
		} `json:"accounts"`
		User struct {
			UserName string `json:"userName"`
		} `json:"user"`
	}
	r.json(t, &login)
	require.NotEmpty(t, login.AuthToken)
	assert.Len(t, login.Accounts, 2)
	assert.Equal(t, "sup@northwind.example", login.User.UserName)
	assert.Equal(t, http.StatusOK, e.do("GET", "/api/v1/admin/accounts", "", "X-Auth-Token", login.AuthToken).status)

	r = e.do("POST", "/api/v1/auth/login?username=a&password=b", "")
	assert.Equal(t, http.StatusOK, r.status, "query parameters, as the spec lists them")
	r = e.do("POST", "/api/v1/auth/login", "username=a", "Content-Type", formCT)
	assert.Equal(t, http.StatusUnauthorized, r.status)
	r.apiErr(t)
}

func TestAccountsList(t *testing.T) {
	e := staticEnv(t)
	for _, p := range []string{"/voice/api/v1/admin/accounts", "/api/v1/admin/accounts"} {
		r := e.api("GET", p)
		require.Equal(t, http.StatusOK, r.status)
		var accts []map[string]any
		r.json(t, &accts)
		require.Len(t, accts, 2)
		assert.Equal(t, care, accts[0]["accountId"])
		assert.Equal(t, "Northwind Care", accts[0]["accountName"])
		assert.Equal(t, "12440001", accts[0]["mainAccountId"])
		assert.Equal(t, "Northwind Health", accts[0]["mainAccountName"])
		assert.Equal(t, billing, accts[1]["accountId"])
		assert.Greater(t, len(accts[0]), 4, "carries extra fields like the real answer")
	}
}
