package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func paths(reqs []sim.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func TestJWTSignInChain(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client(WithAuth(h.jwtAuth()))
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)

	reqs := h.sim.Requests()
	require.Equal(t, []string{
		"POST /restapi/oauth/token",
		"POST /api/auth/login/rc/accesstoken",
		"GET " + base + "list",
	}, paths(reqs))

	rc := reqs[0]
	user, pass, ok := (&http.Request{Header: rc.Header}).BasicAuth()
	require.True(t, ok, "client credentials go in HTTP Basic auth")
	assert.Equal(t, testClientID, user)
	assert.Equal(t, testClientSecret, pass)
	form, err := url.ParseQuery(rc.Body)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {testJWT}}, form)
	assert.Equal(t, "application/x-www-form-urlencoded", rc.Header.Get("Content-Type"))

	ex := reqs[1]
	assert.Equal(t, url.Values{"includeRefresh": {"true"}}, ex.Query)
	form, err = url.ParseQuery(ex.Body)
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer"}, form["rcTokenType"])
	assert.NotEmpty(t, form.Get("rcAccessToken"))

	bearer := reqs[2].Header.Get("Authorization")
	assert.True(t, strings.HasPrefix(bearer, "Bearer eyJ"), "RingCX token sent as a Bearer JWT")

	_, err = c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	st := h.sim.Stats()
	assert.Equal(t, 1, st.RCTokens)
	assert.Equal(t, 1, st.Exchanges, "the token is reused while it is fresh")

	details, err := c.SignIn(ctx(t))
	require.NoError(t, err)
	require.NotNil(t, details)
	assert.Equal(t, "12440001", details.MainAccountID)
	var accounts []string
	for _, a := range details.Agents {
		accounts = append(accounts, a.AccountID+" "+a.AccountName)
	}
	assert.Contains(t, accounts, mainAccount+" Northwind Care")
	assert.Contains(t, accounts, otherAccount+" Northwind Billing")
	assert.Equal(t, 1, h.sim.Stats().Exchanges, "SignIn reuses the sign-in already made")
}

func TestRefreshBeforeExpiryRotatesRefreshToken(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client(WithAuth(h.jwtAuth()))
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)

	var used []string
	for i := range 3 {
		// 4m35s into a 5-minute token: inside the 30 s renewal margin, not
		// yet expired — the client refreshes before sending.
		h.clock.Advance(4*time.Minute + 35*time.Second)
		h.sim.ResetRequests()
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.NoError(t, err, "cycle %d", i)
		reqs := h.sim.Requests()
		require.Equal(t, []string{"POST /api/auth/token/refresh", "GET " + base + "list"}, paths(reqs), "cycle %d", i)
		form, _ := url.ParseQuery(reqs[0].Body)
		assert.Equal(t, "Bearer", form.Get("rcTokenType"))
		used = append(used, form.Get("refresh_token"))
		assert.Equal(t, http.StatusOK, reqs[0].Status)
	}
	assert.Len(t, uniq(used), 3, "each refresh uses the refresh token the previous one returned")
	st := h.sim.Stats()
	assert.Equal(t, 3, st.Refreshes)
	assert.Equal(t, 1, st.Exchanges, "refreshing never needed a new exchange")
}

func uniq(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func TestExpiredTokenRefreshesAndRetriesOnce(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client(WithAuth(h.jwtAuth()))
	uii := h.activeUII()
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)

	h.sim.ExpireTokens()
	h.sim.ResetRequests()
	require.NoError(t, c.ToggleRecording(ctx(t), uii, true))
	reqs := h.sim.Requests()
	require.Equal(t, []string{
		"POST " + base + uii + "/toggleCallRecording",
		"POST /api/auth/token/refresh",
		"POST " + base + uii + "/toggleCallRecording",
	}, paths(reqs))
	assert.Equal(t, http.StatusUnauthorized, reqs[0].Status)
	assert.Equal(t, http.StatusOK, reqs[2].Status)
	assert.NotEqual(t, reqs[0].Header.Get("Authorization"), reqs[2].Header.Get("Authorization"))
}

func TestConcurrentExpiryCausesExactlyOneRefresh(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true, RateLimit: -1})
	c := h.client(WithAuth(h.jwtAuth()))
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	h.sim.ExpireTokens()

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	start := make(chan struct{})
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := c.ListActiveCalls(ctx(t), accountScope)
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	st := h.sim.Stats()
	assert.Equal(t, 1, st.Refreshes, "50 goroutines hitting expiry share one refresh")
	assert.Equal(t, 1, st.Exchanges)
}

// rejectRefresh answers every refresh with 401, as RingCX does for a
// refresh token it no longer knows.
func rejectRefresh(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/auth/token/refresh" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"generalMessage":"Invalid refresh token","details":"refresh token is not valid"}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func TestRejectedRefreshFallsBackToExchange(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true}, rejectRefresh)
	c := h.client(WithAuth(h.jwtAuth()))
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	h.sim.ExpireTokens()
	_, err = c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	st := h.sim.Stats()
	assert.Equal(t, 2, st.Exchanges, "a fresh exchange after the refresh was rejected")
	assert.Equal(t, 1, st.RCTokens, "the RingCentral token (1 h) is reused for the new exchange")
}

func TestFailingRefreshIsNotAnExchangeLoop(t *testing.T) {
	// A server that calls every RingCX token expired and rejects every
	// refresh would make a naive client exchange on every request.
	alwaysExpired := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/voice/") {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, "Jwt is expired")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, sim.Config{Static: true}, rejectRefresh, alwaysExpired)
	c := h.client(WithAuth(h.jwtAuth()))
	var last error
	for range 20 {
		_, last = c.ListActiveCalls(ctx(t), accountScope)
		require.Error(t, last)
	}
	assert.Equal(t, 5, h.sim.Stats().Exchanges, "never more than 5 exchanges a minute")
	require.ErrorIs(t, last, ErrRateLimited)
	assert.Contains(t, last.Error(), "sign-in")

	h.clock.Advance(61 * time.Second)
	for range 20 {
		_, _ = c.ListActiveCalls(ctx(t), accountScope)
	}
	assert.Equal(t, 10, h.sim.Stats().Exchanges, "a minute later, five more and no more")
}

// signInRaw performs the JWT → RingCX exchange by hand and returns the
// RingCX tokens, for tests of TokenAuth.
func signInRaw(t *testing.T, h *harness) (access, refresh string) {
	t.Helper()
	req, _ := http.NewRequest("POST", h.srv.URL+"/restapi/oauth/token", strings.NewReader(url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {testJWT}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(testClientID, testClientSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var rc struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rc))
	resp.Body.Close()
	resp, err = http.PostForm(h.srv.URL+"/api/auth/login/rc/accesstoken?includeRefresh=true", url.Values{"rcAccessToken": {rc.AccessToken}, "rcTokenType": {"Bearer"}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var ex struct{ AccessToken, RefreshToken string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ex))
	require.NotEmpty(t, ex.AccessToken)
	return ex.AccessToken, ex.RefreshToken
}

func TestStaticAccessToken(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	access, refresh := signInRaw(t, h)

	withRefresh := h.client(WithAuth(TokenAuth(access, refresh)))
	_, err := withRefresh.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	h.sim.ExpireTokens()
	_, err = withRefresh.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err, "refreshed with the given refresh token")
	assert.Equal(t, 1, h.sim.Stats().Refreshes)
	details, err := withRefresh.SignIn(ctx(t))
	assert.NoError(t, err)
	assert.Nil(t, details, "a bare token has no sign-in answer; use Accounts")

	access2, _ := signInRaw(t, h)
	bare := h.client(WithAuth(TokenAuth(access2, "")))
	_, err = bare.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	h.sim.ExpireTokens()
	_, err = bare.ListActiveCalls(ctx(t), accountScope)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Contains(t, err.Error(), "RINGCX_ACCESS_TOKEN")

	bogus := h.client(WithAuth(TokenAuth("not-a-real-token-at-all", "")))
	_, err = bogus.ListActiveCalls(ctx(t), accountScope)
	require.ErrorIs(t, err, ErrUnauthorized)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Invalid token", apiErr.Message, "plain-text 401 body kept as the reason")

	_, err = h.client(WithAuth(APITokenAuth("unknown-api-token-123"))).ListActiveCalls(ctx(t), accountScope)
	require.ErrorIs(t, err, ErrUnauthorized)
}

func TestSignInRejections(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT})
	for name, creds := range map[string]JWTCredentials{
		"wrong secret": {ClientID: testClientID, ClientSecret: "wrong-secret-0000000", JWT: testJWT},
		"wrong jwt":    {ClientID: testClientID, ClientSecret: testClientSecret, JWT: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.bad-signature"},
		"wrong client": {ClientID: "someone-else", ClientSecret: testClientSecret, JWT: testJWT},
	} {
		creds.Server = h.srv.URL
		c := h.client(WithAuth(JWTAuth(creds)))
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrUnauthorized, name)
		var sie *SignInError
		require.ErrorAs(t, err, &sie, name)
		assert.Equal(t, "RingCentral sign-in", sie.Step, name)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, name)
		assert.NotEmpty(t, apiErr.Message, "%s: the platform's reason is kept: %v", name, err)
		assertNoSecrets(t, err.Error(), creds.ClientSecret, creds.JWT)
	}
	assert.Zero(t, h.sim.Stats().Exchanges)
}

// echoCredentials is a hostile server: it quotes back everything secret the
// request carried, in error bodies of both kinds.
func echoCredentials(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		echo := fmt.Sprintf("auth=%q xauth=%q body=%q", r.Header.Get("Authorization"), r.Header.Get("X-Auth-Token"), body)
		switch {
		case strings.HasSuffix(r.URL.Path, "/list"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			b, _ := json.Marshal(map[string]any{"generalMessage": echo, "details": echo, "requestUri": r.URL.String()})
			_, _ = w.Write(b)
		case strings.HasSuffix(r.URL.Path, "/hangupCall"):
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, "bad credentials: "+echo)
		case r.URL.Path == "/api/auth/token/refresh" && r.Header.Get("X-Test-Refresh") == "":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"invalid_grant","error_description":"`+strings.ReplaceAll(echo, `"`, `'`)+`"}`)
		default:
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			next.ServeHTTP(w, r)
		}
	})
}

func TestErrorsNeverContainSecrets(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true}, echoCredentials)
	var texts []string
	collect := func(err error) {
		if err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", errors.Unwrap(err)))
		}
	}
	jwtClient := h.client(WithAuth(h.jwtAuth()))
	_, err := jwtClient.ListActiveCalls(ctx(t), accountScope)
	collect(err)
	collect(jwtClient.HangupCall(ctx(t), "202611250900000000000000000001"))
	h.sim.ExpireTokens()
	h.clock.Advance(10 * time.Minute)
	_, err = jwtClient.ListActiveCalls(ctx(t), accountScope)
	collect(err)
	apiClient := h.client()
	_, err = apiClient.ListActiveCalls(ctx(t), accountScope)
	collect(err)
	collect(apiClient.HangupCall(ctx(t), "202611250900000000000000000001"))
	require.NotEmpty(t, texts)

	secrets := []string{testClientSecret, testJWT, testAPIToken}
	for _, r := range h.sim.Requests() {
		if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
			secrets = append(secrets, strings.TrimPrefix(a, "Bearer "))
		}
		if form, err := url.ParseQuery(r.Body); err == nil {
			for _, k := range []string{"rcAccessToken", "refresh_token", "assertion"} {
				if v := form.Get(k); v != "" {
					secrets = append(secrets, v)
				}
			}
		}
	}
	require.Greater(t, len(secrets), 4, "the test saw issued tokens to look for")
	for _, text := range texts {
		assertNoSecrets(t, text, secrets...)
	}
}

func assertNoSecrets(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("error text contains a secret (%d chars starting %q): %s", len(s), s[:4], strings.ReplaceAll(text, s, "<SECRET>"))
		}
	}
}

type memStore struct {
	mu    sync.Mutex
	tok   Tokens
	saved int
}

func (s *memStore) Load() (Tokens, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok, s.tok.AccessToken != ""
}

func (s *memStore) Save(t Tokens) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok, s.saved = t, s.saved+1
	return nil
}

// One-shot commands share a stored sign-in instead of each spending one of
// the five exchanges a minute.
func TestTokenStoreSpansClients(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	store := &memStore{}
	creds := JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT, Store: store}
	for i := range 8 {
		c := h.client(WithAuth(JWTAuth(creds)))
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.NoError(t, err, "run %d", i)
		details, err := c.SignIn(ctx(t))
		require.NoError(t, err)
		require.NotNil(t, details, "the sign-in answer is kept with the tokens")
		assert.Len(t, details.Agents, 2)
	}
	assert.Equal(t, 1, h.sim.Stats().Exchanges, "eight runs, one exchange")
	assert.Equal(t, 1, store.saved)

	h.sim.ExpireTokens()
	c := h.client(WithAuth(JWTAuth(creds)))
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	assert.Equal(t, 1, h.sim.Stats().Refreshes)
	assert.Equal(t, 2, store.saved, "the rotated refresh token was saved")
	c = h.client(WithAuth(JWTAuth(creds)))
	_, err = c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err, "the next run uses the new tokens")
	assert.Equal(t, 1, h.sim.Stats().Exchanges)
}

// lockingStore is memStore with the cross-process lock a file store has.
type lockingStore struct {
	memStore
	lock chan struct{}
}

func (s *lockingStore) LockTokens(ctx context.Context) (func(), error) {
	select {
	case s.lock <- struct{}{}:
		return func() { <-s.lock }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Eight commands start together on an expired token: one refreshes, the
// others take up what it saved — not seven refused refreshes and seven
// exchanges.
func TestConcurrentProcessesShareOneRefresh(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true, RateLimit: -1})
	store := &lockingStore{lock: make(chan struct{}, 1)}
	creds := JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT, Store: store}
	_, err := h.client(WithAuth(JWTAuth(creds))).ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	h.sim.ExpireTokens()

	listAtOnce(t, h, creds, 8) // each loads the same, now expired, token
	st := h.sim.Stats()
	assert.Equal(t, 1, st.Refreshes)
	assert.Equal(t, 1, st.Exchanges)
}

// expireRefreshed is middleware that, while on, expires every token the
// moment a refresh has issued it: RingCX answering "Jwt is expired" to
// the refreshed token as well.
func expireRefreshed(on *atomic.Bool) func(http.Handler) http.Handler {
	return expireOnRefresh(func() bool { return on.Load() })
}

// expireOnRefresh is middleware that expires every token issued so far
// after each refresh for which expire says so. The refresh's answer is
// held back until the tokens are expired: written straight through, it
// can reach the client before the expiry (the simulator's answers carry
// a Content-Length and are not held until the handler returns), and then
// whether the refreshed token still works depends on the scheduler.
func expireOnRefresh(expire func() bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/api/auth/token/refresh" || !expire() {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			next.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/_sim/expire-tokens", nil))
			maps.Copy(w.Header(), rec.Header())
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	}
}

// A 401 that survives the refresh gets one full re-sign-in (a new
// exchange, with the RingCentral token already held: a RingCentral
// sign-in is limited too), and the action goes through on the new token.
func TestExpiredAfterRefreshSignsInAgain(t *testing.T) {
	var on atomic.Bool
	h := newHarness(t, sim.Config{Static: true, Control: true}, expireRefreshed(&on))
	c := h.client(WithAuth(h.jwtAuth()))
	uii := h.activeUII()
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	require.Equal(t, 1, h.sim.Stats().Exchanges)

	on.Store(true)
	h.sim.ExpireTokens()
	h.sim.ResetRequests()
	require.NoError(t, c.ToggleRecording(ctx(t), uii, true))
	var got []string
	for _, r := range h.sim.Requests() {
		if !strings.HasPrefix(r.Path, "/_sim/") {
			got = append(got, r.Method+" "+r.Path)
		}
	}
	action := "POST " + base + uii + "/toggleCallRecording"
	assert.Equal(t, []string{
		action, "POST /api/auth/token/refresh",
		action, "POST /api/auth/login/rc/accesstoken",
		action,
	}, got, "refresh, still expired, then one fresh exchange of the RingCentral token held")
	st := h.sim.Stats()
	assert.Equal(t, 2, st.Exchanges)
	assert.Equal(t, 1, st.Refreshes)
	assert.Equal(t, 1, st.RCTokens, "one RingCentral sign-in, at the start")
}

// A storm of expiries, each surviving its refresh: every request is
// rescued by a re-sign-in until the five exchanges a minute are spent;
// then requests fail as not sent (sign-in rate limited) — never a loop,
// never a sixth exchange, never a second RingCentral sign-in — and a
// minute later they go through again. With a token store that locks (the
// CLI's and the board's), the token RingCX refused stays in the store
// after the failed re-sign-in; it is never taken up again, so a request
// while the exchanges are spent sends nothing at all.
func TestExpiryStormStaysWithinTheExchangeLimit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store TokenStore
	}{
		{"no store", nil},
		{"locking store", &lockingStore{lock: make(chan struct{}, 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var on atomic.Bool
			h := newHarness(t, sim.Config{Static: true, Control: true}, expireRefreshed(&on))
			c := h.client(WithAuth(JWTAuth(JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT, Store: tc.store})))
			_, err := c.ListActiveCalls(ctx(t), accountScope)
			require.NoError(t, err)
			on.Store(true)
			ok, limited := 0, 0
			for i := range 10 {
				h.sim.ExpireTokens()
				h.sim.ResetRequests()
				_, err := c.ListActiveCalls(ctx(t), accountScope)
				switch {
				case err == nil:
					ok++
				case assert.ErrorIs(t, err, ErrRateLimited, "%v", err):
					assert.ErrorIs(t, err, ErrNotSent)
					limited++
					if limited > 1 {
						assert.Empty(t, apiPaths(h.sim.Requests()), "attempt %d: the spent sign-ins cost no request, the refused token is not tried again", i)
					}
				}
				st := h.sim.Stats()
				assert.LessOrEqual(t, st.Exchanges, maxExchangesPerMinute)
				assert.Equal(t, 1, st.RCTokens, "the RingCentral token is reused, not signed in for again")
			}
			assert.Equal(t, maxExchangesPerMinute-1, ok, "one exchange went to the first sign-in")
			assert.Equal(t, 10-ok, limited)

			h.clock.Advance(61 * time.Second)
			_, err = c.ListActiveCalls(ctx(t), accountScope)
			require.NoError(t, err, "a minute later the console signs in again by itself")
		})
	}
}

// The exchange slot is taken before the RingCentral sign-in: with
// RingCentral tokens too short-lived to reuse (so each exchange signs in
// to RingCentral first) and every exchange refused, ten attempts make five
// RingCentral sign-ins and five exchanges, not ten RingCentral sign-ins.
func TestRingCentralSignInsStayWithinTheLimit(t *testing.T) {
	var exchanges atomic.Int64
	refuse := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/auth/login/rc/accesstoken" {
				exchanges.Add(1)
				_, _ = io.Copy(io.Discard, r.Body)
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"error":"invalid RingCentral token"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, sim.Config{Static: true, RCTokenTTL: 30 * time.Second}, refuse)
	c := h.client(WithAuth(h.jwtAuth()))
	for range 10 {
		_, err := c.ListActiveCalls(ctx(t), accountScope)
		require.ErrorIs(t, err, ErrNotSent)
	}
	assert.Equal(t, maxExchangesPerMinute, h.sim.Stats().RCTokens)
	assert.Equal(t, int64(maxExchangesPerMinute), exchanges.Load())
}

// Eight processes sharing a locking token store meet a 401 that survives
// their shared refresh: one of them signs in again and the others take up
// its sign-in from the store — one exchange, not eight.
//
// Only the first refresh expires the tokens, and its answer is held
// until they are. With expireRefreshed every refresh request — refused
// ones too, which the simulator's Refreshes does not count — expired
// every token, the re-sign-in the others had just taken up included,
// after their one re-sign-in was spent; RingCX expires nothing on a
// refresh, so a failure there said nothing about the client. Every
// refresh request is counted here, so a second one still fails the test.
func TestConcurrentProcessesShareOneReSignIn(t *testing.T) {
	var on atomic.Bool
	var refreshes atomic.Int64
	h := newHarness(t, sim.Config{Static: true, Control: true, RateLimit: -1}, expireOnRefresh(func() bool {
		return on.Load() && refreshes.Add(1) == 1
	}))
	store := &lockingStore{lock: make(chan struct{}, 1)}
	creds := JWTCredentials{Server: h.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, JWT: testJWT, Store: store}
	_, err := h.client(WithAuth(JWTAuth(creds))).ListActiveCalls(ctx(t), accountScope)
	require.NoError(t, err)
	on.Store(true)
	h.sim.ExpireTokens()

	listAtOnce(t, h, creds, 8)
	st := h.sim.Stats()
	assert.Equal(t, 1, st.Refreshes)
	assert.Equal(t, int64(1), refreshes.Load(), "one refresh request, refused ones included")
	assert.Equal(t, 2, st.Exchanges, "the first sign-in and one shared re-sign-in")
}

// apiPaths is the requests to RingCX and RingCentral, the simulator's own
// control endpoints left out.
func apiPaths(reqs []sim.Request) []string {
	var out []string
	for _, p := range paths(reqs) {
		if !strings.Contains(p, " /_sim/") {
			out = append(out, p)
		}
	}
	return out
}

// listAtOnce lists the calls from n processes at once — n clients sharing
// creds' token store — and requires every list to succeed.
func listAtOnce(t *testing.T, h *harness, creds JWTCredentials, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		c := h.client(WithAuth(JWTAuth(creds)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ListActiveCalls(ctx(t), accountScope)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// A 401 that survives the re-sign-in too is the answer: ErrUnauthorized,
// after exactly one refresh and one exchange, with no loop.
func TestExpiredAfterSignInIsUnauthorized(t *testing.T) {
	var api atomic.Int64
	alwaysExpired := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/voice/") {
				api.Add(1)
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte("Jwt is expired"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	h := newHarness(t, sim.Config{Static: true}, alwaysExpired)
	c := h.client(WithAuth(h.jwtAuth()))
	err := c.HangupCall(ctx(t), h.activeUII())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.NotErrorIs(t, err, ErrSignInNeeded, "a JWT signs in again on a later try")
	assert.Equal(t, int64(3), api.Load(), "first try, after the refresh, after the re-sign-in")
	st := h.sim.Stats()
	assert.Equal(t, 2, st.Exchanges, "the first sign-in and one re-sign-in")
	assert.Equal(t, 1, st.Refreshes)
}

// With a bare access token (and its refresh token) there is nothing to
// sign in with: a 401 after the refresh is the answer, typed as a sign-in
// that only new credentials can fix (ErrSignInNeeded) so the poller stops
// saying it is signing in again.
func TestAccessTokenExpiredAfterRefreshIsUnauthorized(t *testing.T) {
	var on atomic.Bool
	h := newHarness(t, sim.Config{Static: true, Control: true}, expireRefreshed(&on))
	access, refresh := signInRaw(t, h)
	c := h.client(WithAuth(TokenAuth(access, refresh)))
	on.Store(true)
	h.sim.ExpireTokens()
	before := h.sim.Stats().Exchanges
	_, err := c.ListActiveCalls(ctx(t), accountScope)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.ErrorIs(t, err, ErrSignInNeeded)
	var signIn *SignInError
	require.ErrorAs(t, err, &signIn)
	assert.ErrorIs(t, signIn, ErrUnauthorized)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.NotErrorIs(t, err, ErrNotSent, "the request was sent and refused")
	assert.Equal(t, before, h.sim.Stats().Exchanges, "no exchange without a JWT")
}
