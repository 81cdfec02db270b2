package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultTokenLifetime is what a RingCX access token is assumed to live
// when it does not say (they last about five minutes).
const DefaultTokenLifetime = 5 * time.Minute

// Sign-in limits: RingCX documents at most 5 exchanges a minute.
const (
	maxExchangesPerMinute = 5
	maxRefreshMargin      = 30 * time.Second
)

// JWTCredentials are a RingCentral app's client credentials and a user's
// JWT, RingCentral's recommended flow for server-side tools.
type JWTCredentials struct {
	Server       string // RingCentral platform; default DefaultRingCentral
	ClientID     string
	ClientSecret string
	JWT          string
	// Store, when set, keeps the RingCX tokens between runs: one-shot
	// commands would otherwise each spend one of the five exchanges a
	// minute, and a script of six commands would be refused.
	Store TokenStore
}

// TokenStore persists a RingCX sign-in. Load reports false when there is
// nothing usable; Save is called after every exchange and refresh (a
// refresh token is single-use, so the newest must be kept).
type TokenStore interface {
	Load() (Tokens, bool)
	Save(Tokens) error
}

// TokenLocker is a TokenStore that can also lock the stored sign-in
// across processes. Several commands started together then share one
// refresh: refresh tokens are single-use, and without the lock all but one
// would be refused and fall back to exchanges, five of which a minute
// RingCX allows.
type TokenLocker interface {
	LockTokens(ctx context.Context) (unlock func(), err error)
}

// Tokens is a RingCX sign-in as stored between runs.
type Tokens struct {
	AccessToken  string        `json:"accessToken"`
	RefreshToken string        `json:"refreshToken"`
	Expiry       time.Time     `json:"expiry"`
	Details      *LoginDetails `json:"details,omitempty"`
}

// JWTAuth signs in with RingCentral's JWT flow and exchanges the RingCentral
// token for a RingCX one; it refreshes the RingCX token before it expires and
// when the server says it has, and signs in afresh if refreshing fails. At
// most 5 exchanges happen in any minute, whatever the server answers.
func JWTAuth(creds JWTCredentials) Authenticator {
	return &tokenAuth{jwt: &creds, gate: make(chan struct{}, 1)}
}

// TokenAuth uses a RingCX access token obtained elsewhere, refreshing it with
// refreshToken when one is given.
func TokenAuth(accessToken, refreshToken string) Authenticator {
	return &tokenAuth{
		access:  strings.TrimSpace(accessToken),
		refresh: strings.TrimSpace(refreshToken),
		gate:    make(chan struct{}, 1),
	}
}

// tokenAuth holds a RingCX access token and renews it. gate serialises
// renewals (a one-slot semaphore that, unlike a mutex, can be abandoned when
// the caller's context ends); mu guards the fields for the fast path.
type tokenAuth struct {
	t        *transport
	jwt      *JWTCredentials
	rcServer *url.URL
	gate     chan struct{}

	mu        sync.Mutex
	access    string
	refresh   string
	expiry    time.Time     // zero: unknown, trust the token until a 401
	margin    time.Duration // renew this long before expiry
	rcToken   string
	rcExpiry  time.Time
	exchanges []time.Time
	details   *LoginDetails
	// rejected are the last access tokens RingCX refused as expired: a
	// token store still holds one after a failed renewal, and adopting it
	// again would only be refused again (and cost a refresh and a
	// sign-in each time).
	rejected []string
}

// maxRejected bounds the rejected tokens remembered: a renewal and a
// re-sign-in each add one, and a few cover every token a store can
// still hold.
const maxRejected = 8

func (a *tokenAuth) bind(t *transport) error {
	a.t = t
	if a.jwt == nil {
		if a.access == "" {
			return &InputError{Field: "access token", Reason: "is empty"}
		}
		t.secrets.add(a.access, a.refresh)
		a.expiry, a.margin = tokenExpiry(a.access, t.now(), false)
		return nil
	}
	c := a.jwt
	for _, f := range []struct{ name, v string }{{"RingCentral client id", c.ClientID}, {"RingCentral client secret", c.ClientSecret}, {"RingCentral JWT", c.JWT}} {
		if strings.TrimSpace(f.v) == "" {
			return &InputError{Field: f.name, Reason: "is empty"}
		}
	}
	server := c.Server
	if server == "" {
		server = DefaultRingCentral
	}
	u, err := parseOrigin("RingCentral server URL", server)
	if err != nil {
		return err
	}
	a.rcServer = u
	t.secrets.add(c.ClientSecret, c.JWT)
	if c.Store != nil {
		if tok, ok := c.Store.Load(); ok && tok.AccessToken != "" {
			t.secrets.add(tok.AccessToken, tok.RefreshToken)
			a.access, a.refresh, a.details = tok.AccessToken, tok.RefreshToken, tok.Details
			a.expiry = tok.Expiry
			_, a.margin = tokenExpiry(tok.AccessToken, t.now(), true)
		}
	}
	return nil
}

func (a *tokenAuth) Apply(ctx context.Context, req *http.Request) (string, error) {
	tok, err := a.token(ctx)
	if err != nil {
		return "", err
	}
	if a.t.legacy {
		req.Header.Set("X-Auth-Token", tok)
	} else {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return tok, nil
}

func (a *tokenAuth) Renew(ctx context.Context, used string) error {
	return a.replaceStale(ctx, used, func() {
		a.rejectLocked(used)
		a.expiry = a.t.now().Add(-time.Second)
	}, a.renewLocked)
}

func (a *tokenAuth) canSignInAgain() bool { return a.jwt != nil }

// signInAgain is the remedy for a 401 "expired" that survived a renewal:
// the refreshed token was no better, so the RingCX access and refresh
// tokens are dropped (and the access token remembered as rejected) and the
// JWT is exchanged afresh: one exchange, counted against the five a minute
// (takeExchangeSlot). The cached RingCentral token is kept — the exchange
// gets a fresh one itself if RingCX refuses it — since a RingCentral
// sign-in costs one of its own limited sign-ins. Under the token store's
// lock, a newer sign-in another process saved is taken up instead.
func (a *tokenAuth) signInAgain(ctx context.Context, used string) error {
	return a.replaceStale(ctx, used, func() {
		a.rejectLocked(used)
		a.access, a.refresh = "", ""
		a.expiry = time.Time{}
	}, a.signInLocked)
}

// signInLocked exchanges the JWT afresh unless another process sharing
// the token store has just done so. Caller holds the gate.
func (a *tokenAuth) signInLocked(ctx context.Context) error {
	if unlock, ok := a.lockStore(ctx); ok {
		defer unlock()
		if a.adoptStored() {
			return nil
		}
	}
	return a.exchange(ctx)
}

// rejectLocked remembers tok as refused by RingCX, so that it is never
// taken up from the token store again. Caller holds mu.
func (a *tokenAuth) rejectLocked(tok string) {
	if tok == "" {
		return
	}
	if len(a.rejected) == maxRejected {
		a.rejected = append(a.rejected[:0], a.rejected[1:]...)
	}
	a.rejected = append(a.rejected, tok)
}

// replaceStale replaces the credential a request was refused with: holding
// the gate, it runs forget (under mu) and then renew — unless the
// credential was already replaced while the request was in flight, when
// the caller simply retries with the new one.
func (a *tokenAuth) replaceStale(ctx context.Context, used string, forget func(), renew func(context.Context) error) error {
	if err := a.lock(ctx); err != nil {
		return err
	}
	defer a.unlock()
	a.mu.Lock()
	if a.access != used {
		a.mu.Unlock()
		return nil // someone renewed it while this request was in flight
	}
	forget()
	a.mu.Unlock()
	return renew(ctx)
}

// SignIn returns the sign-in answer, signing in if that has not happened.
func (a *tokenAuth) SignIn(ctx context.Context) (*LoginDetails, error) {
	if a.jwt == nil {
		return nil, nil
	}
	a.mu.Lock()
	d := a.details
	a.mu.Unlock()
	if d != nil {
		return d, nil
	}
	if err := a.lock(ctx); err != nil {
		return nil, err
	}
	defer a.unlock()
	a.mu.Lock()
	d = a.details
	a.mu.Unlock()
	if d != nil {
		return d, nil
	}
	if err := a.renewLocked(ctx); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.details, nil
}

// token returns a usable access token, renewing it first when it is
// missing or inside its renewal margin.
func (a *tokenAuth) token(ctx context.Context) (string, error) {
	if tok, ok := a.fresh(); ok {
		return tok, nil
	}
	if err := a.lock(ctx); err != nil {
		return "", err
	}
	defer a.unlock()
	if tok, ok := a.fresh(); ok {
		return tok, nil
	}
	if err := a.renewLocked(ctx); err != nil {
		// Renewal starts early; a token that has not actually expired is
		// still worth using while the next attempt waits.
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.access != "" && a.t.now().Before(a.expiry) {
			return a.access, nil
		}
		return "", err
	}
	tok, _ := a.fresh()
	return tok, nil
}

func (a *tokenAuth) fresh() (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.access == "" {
		return "", false
	}
	if a.expiry.IsZero() || a.t.now().Before(a.expiry.Add(-a.margin)) {
		return a.access, true
	}
	return "", false
}

func (a *tokenAuth) lock(ctx context.Context) error {
	select {
	case a.gate <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for sign-in: %w", ctx.Err())
	}
}

func (a *tokenAuth) unlock() { <-a.gate }

// renewLocked refreshes, or signs in afresh when the refresh token was
// rejected. A refresh that failed for another reason (network, 5xx) is
// reported instead: signing in again would fail the same way and spend one
// of the five exchanges a minute. Caller holds the gate.
func (a *tokenAuth) renewLocked(ctx context.Context) error {
	if unlock, ok := a.lockStore(ctx); ok {
		defer unlock()
		if a.adoptStored() {
			return nil
		}
	}
	a.mu.Lock()
	refresh := a.refresh
	a.mu.Unlock()
	if refresh != "" {
		err := a.postToken(ctx, "RingCX token refresh", "/api/auth/token/refresh", url.Values{"refresh_token": {refresh}, "rcTokenType": {"Bearer"}})
		if err == nil || !isRejection(err) {
			return err
		}
		if a.jwt == nil {
			return err
		}
	}
	if a.jwt == nil {
		return fmt.Errorf("%w: the RingCX access token has expired and there is no refresh token; supply a new RINGCX_ACCESS_TOKEN", ErrUnauthorized)
	}
	return a.exchange(ctx)
}

func (a *tokenAuth) store() TokenStore {
	if a.jwt == nil {
		return nil
	}
	return a.jwt.Store
}

// lockStore locks the token store across processes when it can be
// locked; ok is false when it cannot (no store, no lock, or the wait for
// it ended), and the caller goes on without it.
func (a *tokenAuth) lockStore(ctx context.Context) (unlock func(), ok bool) {
	l, can := a.store().(TokenLocker)
	if !can {
		return nil, false
	}
	unlock, err := l.LockTokens(ctx)
	return unlock, err == nil
}

// adoptStored takes up a sign-in another process saved while this one
// waited for the lock: a different access token that is still fresh is
// used as it is; a stale one still brings the newest refresh token. A
// sign-in whose access token RingCX has refused is left alone, refresh
// token and all: it was refused once and would be again.
func (a *tokenAuth) adoptStored() bool {
	tok, ok := a.jwt.Store.Load()
	if !ok {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if tok.AccessToken == a.access || slices.Contains(a.rejected, tok.AccessToken) {
		return false
	}
	a.t.secrets.add(tok.AccessToken, tok.RefreshToken)
	if tok.RefreshToken != "" {
		a.refresh = tok.RefreshToken
	}
	now := a.t.now()
	_, margin := tokenExpiry(tok.AccessToken, now, true)
	if tok.Expiry.IsZero() || !now.Before(tok.Expiry.Add(-margin)) {
		return false
	}
	a.access, a.expiry, a.margin = tok.AccessToken, tok.Expiry, margin
	if tok.Details != nil {
		a.details = tok.Details
	}
	return true
}

// exchange trades a RingCentral token for a RingCX one. A cached RingCentral
// token the exchange rejects is dropped and a fresh one tried, once. Each
// attempt takes its exchange slot before anything is sent — before the
// RingCentral sign-in too — so no more than five attempts a minute sign in
// to RingCentral or to RingCX, whatever either answers.
func (a *tokenAuth) exchange(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		if err := a.takeExchangeSlot(); err != nil {
			return err
		}
		rc, cached, err := a.rcAccessToken(ctx)
		if err != nil {
			return err
		}
		err = a.postToken(ctx, "RingCX sign-in (token exchange)", "/api/auth/login/rc/accesstoken?includeRefresh=true",
			url.Values{"rcAccessToken": {rc}, "rcTokenType": {"Bearer"}})
		if err != nil && cached && attempt == 0 && isRejection(err) {
			a.mu.Lock()
			a.rcToken = ""
			a.mu.Unlock()
			continue
		}
		return err
	}
}

// takeExchangeSlot enforces the documented 5 exchanges per rolling minute on
// this side, so no server behaviour can make the client loop on sign-in.
func (a *tokenAuth) takeExchangeSlot() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.t.now()
	recent := a.exchanges[:0]
	for _, t := range a.exchanges {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	a.exchanges = recent
	if len(recent) >= maxExchangesPerMinute {
		return &RateLimitError{RetryAfter: time.Minute - now.Sub(recent[0]), Limit: "sign-in (5 RingCX exchanges a minute)"}
	}
	a.exchanges = append(a.exchanges, now)
	return nil
}

// rcAccessToken returns a RingCentral access token, reusing the last one
// while it has more than a minute to live.
func (a *tokenAuth) rcAccessToken(ctx context.Context) (tok string, cached bool, err error) {
	a.mu.Lock()
	if a.rcToken != "" && a.t.now().Add(time.Minute).Before(a.rcExpiry) {
		tok = a.rcToken
		a.mu.Unlock()
		return tok, true, nil
	}
	a.mu.Unlock()

	c := a.jwt
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {c.JWT}}
	u := *a.rcServer
	u.Path = "/restapi/oauth/token"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", false, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(c.ClientID, c.ClientSecret)
	resp, err := a.send(ctx, req, "RingCentral sign-in", u.Path)
	if err != nil {
		return "", false, err
	}
	var answer struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(resp.body, &answer); err != nil || answer.AccessToken == "" {
		return "", false, &SignInError{Step: "RingCentral sign-in", Err: fmt.Errorf("%w: no access_token in the answer", ErrMalformedResponse)}
	}
	a.t.secrets.add(answer.AccessToken)
	life := time.Duration(answer.ExpiresIn) * time.Second
	if life <= 0 {
		life = time.Hour
	}
	a.mu.Lock()
	a.rcToken, a.rcExpiry = answer.AccessToken, a.t.now().Add(life)
	a.mu.Unlock()
	return answer.AccessToken, false, nil
}

// postToken posts a form to a RingCX auth endpoint (exchange or refresh) and
// stores the AccessTokenUserDetails answer.
func (a *tokenAuth) postToken(ctx context.Context, step, pathAndQuery string, form url.Values) error {
	u := *a.t.server
	target := u.String() + pathAndQuery
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	path, _, _ := strings.Cut(pathAndQuery, "?")
	resp, err := a.send(ctx, req, step, path)
	if err != nil {
		return err
	}
	var answer struct {
		AccessToken   string     `json:"accessToken"`
		RefreshToken  string     `json:"refreshToken"`
		MainAccountID flexString `json:"mainAccountId"`
		AdminID       flexString `json:"adminId"`
		AgentDetails  []struct {
			AgentID     flexString `json:"agentId"`
			FirstName   flexString `json:"firstName"`
			LastName    flexString `json:"lastName"`
			Email       flexString `json:"email"`
			Username    flexString `json:"username"`
			AccountID   flexString `json:"accountId"`
			AccountName flexString `json:"accountName"`
		} `json:"agentDetails"`
	}
	if err := json.Unmarshal(resp.body, &answer); err != nil || answer.AccessToken == "" {
		return &SignInError{Step: step, Err: fmt.Errorf("%w: no accessToken in the answer", ErrMalformedResponse)}
	}
	a.t.secrets.add(answer.AccessToken, answer.RefreshToken)
	now := a.t.now()
	expiry, margin := tokenExpiry(answer.AccessToken, now, true)
	details := &LoginDetails{MainAccountID: string(answer.MainAccountID), AdminID: string(answer.AdminID)}
	for _, d := range answer.AgentDetails {
		details.Agents = append(details.Agents, AgentDetail{
			AgentID: string(d.AgentID), FirstName: string(d.FirstName), LastName: string(d.LastName),
			Email: string(d.Email), Username: string(d.Username), AccountID: string(d.AccountID), AccountName: string(d.AccountName),
		})
	}
	a.mu.Lock()
	a.access, a.expiry, a.margin = answer.AccessToken, expiry, margin
	if answer.RefreshToken != "" {
		a.refresh = answer.RefreshToken // a refresh token is single-use: the new one replaces it
	}
	if len(details.Agents) > 0 || a.details == nil {
		a.details = details
	}
	saved := Tokens{AccessToken: a.access, RefreshToken: a.refresh, Expiry: a.expiry, Details: a.details}
	a.mu.Unlock()
	if a.jwt != nil && a.jwt.Store != nil {
		// Not fatal: the sign-in worked; the next run signs in again.
		_ = a.jwt.Store.Save(saved)
	}
	return nil
}

// send performs a sign-in request and turns any non-2xx answer into a
// SignInError carrying the server's reason.
func (a *tokenAuth) send(ctx context.Context, req *http.Request, step, path string) (*response, error) {
	resp, err := a.t.send(ctx, req, path)
	if err != nil {
		return nil, &SignInError{Step: step, Err: signInTransportError(err)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(resp.Response, resp.body, req.Method, path, a.t.clean)
		if resp.StatusCode == http.StatusTooManyRequests {
			return nil, &SignInError{Step: step, Err: &RateLimitError{RetryAfter: parseRetryAfter(resp.Header, time.Now()), API: apiErr}}
		}
		return nil, &SignInError{Step: step, Err: apiErr}
	}
	return resp, nil
}

// signInTransportError keeps a sign-in request's lost answer from passing
// for the lost answer of the request it was made for: that request was
// never sent (NotSentSignIn), so nothing in its chain may match
// ErrAnswerLost.
func signInTransportError(err error) error {
	var lost *AnswerLostError
	if errors.As(err, &lost) {
		return errors.New(lost.Error())
	}
	return err
}

// SignInError is a failed step of signing in (RingCentral sign-in, the
// exchange, a refresh). It matches ErrUnauthorized when the server rejected
// the credentials (400, 401, 403), so callers can tell "fix your
// credentials" from "try again later".
type SignInError struct {
	Step string
	Err  error
}

func (e *SignInError) Error() string { return e.Step + " failed: " + e.Err.Error() }
func (e *SignInError) Unwrap() error { return e.Err }
func (e *SignInError) Is(target error) bool {
	return target == ErrUnauthorized && isRejection(e.Err)
}

// isRejection: the server looked at the credentials and said no.
func isRejection(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.StatusCode {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
		return true
	}
	return false
}

// tokenExpiry reads a JWT's exp (and iat) claims without verifying them:
// the lifetime exp−iat is measured on the server's clock and applied from
// now on ours, so a skewed local clock does not make every token look
// expired. Opaque tokens get DefaultTokenLifetime when just issued
// (assumeDefault) and an unknown (zero) expiry otherwise.
func tokenExpiry(tok string, now time.Time, assumeDefault bool) (time.Time, time.Duration) {
	life := time.Duration(0)
	if parts := strings.Split(tok, "."); len(parts) == 3 {
		if raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "=")); err == nil {
			var claims struct {
				Exp float64 `json:"exp"`
				Iat float64 `json:"iat"`
			}
			if json.Unmarshal(raw, &claims) == nil && claims.Exp > 0 {
				if claims.Iat > 0 && claims.Exp > claims.Iat {
					life = time.Duration((claims.Exp - claims.Iat) * float64(time.Second))
				} else if d := time.Until(time.Unix(int64(claims.Exp), 0)); d > 0 {
					life = d
				}
			}
		}
	}
	if life <= 0 {
		if !assumeDefault {
			return time.Time{}, 0
		}
		life = DefaultTokenLifetime
	}
	return now.Add(life), min(maxRefreshMargin, life/10)
}
