package sim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
)

// Requests in these tests are built by hand with net/http against the paths, parameters and status
// codes of the spec; no client package is involved.

var t0 = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

const (
	care    = "12440011"
	billing = "12440012"
	apiTok  = simtest.Token
	base    = "/voice/api/v1/admin/accounts/"
)

type env struct {
	t     *testing.T
	srv   *sim.Server
	url   string
	clock *fakeclock.Clock
}

// newEnv starts a sim on a fake clock (unless cfg sets Now) with a permanent API token; the world is
// static only if cfg says so.
func newEnv(t *testing.T, cfg sim.Config) *env {
	t.Helper()
	s := simtest.Start(t, cfg, simtest.Live(), simtest.WithClock(fakeclock.At(t0)))
	return &env{t: t, srv: s.Server, url: s.URL, clock: s.Clock}
}

func staticEnv(t *testing.T) *env { return newEnv(t, sim.Config{Static: true}) }

type result struct {
	status int
	header http.Header
	body   string
}

func (r result) json(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(r.body), v), "body: %.300s", r.body)
}

// apiError decodes a RingCX JSON error body.
type apiError struct {
	ErrorCode        string `json:"errorCode"`
	GeneralMessage   string `json:"generalMessage"`
	Details          string `json:"details"`
	RequestURI       string `json:"requestUri"`
	Timestamp        int64  `json:"timestamp"`
	ValidationErrors []struct {
		AttributeName string  `json:"attributeName"`
		Message       string  `json:"message"`
		Value         *string `json:"value"`
	} `json:"validationErrors"`
}

func (r result) apiErr(t *testing.T) apiError {
	t.Helper()
	require.Equal(t, "application/json", r.header.Get("Content-Type"))
	var e apiError
	r.json(t, &e)
	require.NotEmpty(t, e.GeneralMessage)
	require.NotZero(t, e.Timestamp)
	return e
}

// do sends one request; headers are name/value pairs.
func (e *env) do(method, path, body string, headers ...string) result {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, strings.NewReader(body))
	require.NoError(e.t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return result{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// api sends an authenticated request with the permanent API token.
func (e *env) api(method, path string) result {
	e.t.Helper()
	return e.do(method, path, "", "X-Auth-Token", apiTok)
}

func listPath(acct string, q string) string { return base + acct + "/activeCalls/list?" + q }

func actionPath(acct, uii, action string, q url.Values) string {
	p := base + acct + "/activeCalls/" + uii + "/" + action
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// wireCall mirrors ActiveCallListResponse with pointers so null is observable.
type wireCall struct {
	UII             string  `json:"uii"`
	AccountID       string  `json:"accountId"`
	ANI             *string `json:"ani"`
	DNIS            *string `json:"dnis"`
	DNISE164        *string `json:"dnisE164"`
	EnqueueTime     *string `json:"enqueueTime"`
	DequeueTime     *string `json:"dequeueTime"`
	CallState       *string `json:"callState"`
	Archive         *bool   `json:"archive"`
	AgentFirstName  *string `json:"agentFirstName"`
	AgentLastName   *string `json:"agentLastName"`
	DestinationName *string `json:"destinationName"`
	ExternalID      *string `json:"externalId"`
	CNAM            *string `json:"cnam"`
}

func (e *env) list(acct, q string) []wireCall {
	e.t.Helper()
	r := e.api("GET", listPath(acct, q))
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	var calls []wireCall
	r.json(e.t, &calls)
	return calls
}

func uiis(calls []wireCall) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.UII
	}
	return out
}

// talking returns an active, answered call of the account (static world).
func (e *env) talking(acct string) sim.CallView {
	e.t.Helper()
	for _, c := range e.srv.Calls(acct) {
		if c.DequeueTime != nil {
			return c
		}
	}
	e.t.Fatal("no answered call")
	return sim.CallView{}
}

// rawEnv drives the handler in-process, for tests that send thousands of requests.
type rawEnv struct {
	srv   *sim.Server
	clock *fakeclock.Clock
}

func newEnvRaw(t testing.TB, cfgs ...sim.Config) *rawEnv {
	t.Helper()
	cfg := sim.Config{Static: true, RateLimit: -1}
	if len(cfgs) > 0 {
		cfg = cfgs[0]
	}
	clock := fakeclock.At(t0)
	cfg.Now = clock.Now
	cfg.APITokens = append(cfg.APITokens, apiTok)
	return &rawEnv{srv: sim.New(cfg), clock: clock}
}

func (e *rawEnv) serve(method, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	req.Header.Set("X-Auth-Token", apiTok)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}
