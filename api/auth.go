package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Authenticator puts credentials on requests and renews them when RingCX
// says they have expired. The client does not care which kind it has.
type Authenticator interface {
	// Apply adds credentials to req, signing in or refreshing first if the
	// current ones are missing or about to expire. It returns the credential
	// it used, to be passed back to Renew if the server rejects it.
	Apply(ctx context.Context, req *http.Request) (credential string, err error)
	// Renew is called once when the server answered 401 "expired" to a
	// request made with credential. Concurrent callers holding the same stale
	// credential share a single renewal; a caller whose credential was
	// already replaced returns at once.
	Renew(ctx context.Context, credential string) error
}

// binder is implemented by the built-in authenticators, which send their
// sign-in requests through the client's transport (same timeout, size limit,
// user agent and secret redaction).
type binder interface {
	bind(t *transport) error
}

// SignIner is implemented by authenticators that sign in to RingCX and so
// learn which accounts the user can see.
type SignIner interface {
	SignIn(ctx context.Context) (*LoginDetails, error)
}

// SignIn signs in now (if the authenticator signs in at all) and returns
// what RingCX said about the user: the main account and the accounts where
// the user has a login. It returns (nil, nil) for API tokens and bare access
// tokens, which carry no such answer; use Accounts instead.
func (c *Client) SignIn(ctx context.Context) (*LoginDetails, error) {
	s, ok := c.auth.(SignIner)
	if !ok {
		return nil, nil
	}
	return s.SignIn(ctx)
}

// APITokenAuth sends a permanent RingCX API token as X-Auth-Token (also the
// legacy hosts' only scheme). It cannot be renewed: a rejected token is
// ErrUnauthorized.
func APITokenAuth(token string) Authenticator {
	return &apiTokenAuth{token: strings.TrimSpace(token)}
}

type apiTokenAuth struct {
	token string
	t     *transport
}

func (a *apiTokenAuth) bind(t *transport) error {
	if a.token == "" {
		return &InputError{Field: "API token", Reason: "is empty"}
	}
	a.t = t
	t.secrets.add(a.token)
	return nil
}

func (a *apiTokenAuth) Apply(_ context.Context, req *http.Request) (string, error) {
	req.Header.Set("X-Auth-Token", a.token)
	return a.token, nil
}

func (a *apiTokenAuth) Renew(context.Context, string) error {
	return fmt.Errorf("%w: the API token has expired or was revoked; create a new one (RINGCX_API_TOKEN)", ErrUnauthorized)
}
