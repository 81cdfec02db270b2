package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/simtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Until the simulator serves the supervisor feeds, their requests are
// checked against an httptest server on loopback that answers the shapes of
// the spec subset (ringcx-openapi-lists-subset.json) and, for the
// real-time feeds the spec lacks, of supervisor-data.md.

const acctBase = "/voice/api/v1/admin/accounts/" + mainAccount

// stubRequest is what reached the stub server.
type stubRequest struct {
	Method string
	Path   string
	Query  url.Values
	Token  string
	Body   int64
}

// stubAnswer is one canned answer.
type stubAnswer struct {
	Status      int
	ContentType string
	Body        string
}

// stub is a loopback server answering every request with answer, recording
// what it was asked.
type stub struct {
	mu     sync.Mutex
	seen   []stubRequest
	answer stubAnswer
	srv    *httptest.Server
}

func newStub(t *testing.T, a stubAnswer) *stub {
	t.Helper()
	s := &stub{answer: a}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, stubRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Token: r.Header.Get("X-Auth-Token"), Body: r.ContentLength})
		a := s.answer
		s.mu.Unlock()
		if a.Status == 0 {
			a.Status = http.StatusOK
		}
		if a.ContentType == "" && a.Body != "" {
			a.ContentType = "application/json"
		}
		if a.ContentType != "" {
			w.Header().Set("Content-Type", a.ContentType)
		}
		w.WriteHeader(a.Status)
		_, _ = w.Write([]byte(a.Body))
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// client is a client of the stub with a fixed clock at stubNow.
func (s *stub) client(t *testing.T) *Client {
	t.Helper()
	c, err := NewClient(WithServer(s.srv.URL), WithAccount(mainAccount), WithAuth(APITokenAuth(testAPIToken)),
		WithRequestsPerMinute(simtest.Unlimited), withClock(func() time.Time { return stubNow }))
	require.NoError(t, err)
	return c
}

// only returns the one request the stub saw, failing otherwise.
func (s *stub) only(t *testing.T) stubRequest {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.Len(t, s.seen, 1, "requests sent")
	return s.seen[0]
}

var stubNow = time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)

// assertRequest checks the exact method, path and query of a request, and
// that it carried the credential and no body.
func assertRequest(t *testing.T, got stubRequest, method, path string, query url.Values) {
	t.Helper()
	assert.Equal(t, method, got.Method)
	assert.Equal(t, path, got.Path)
	if query == nil {
		query = url.Values{}
	}
	assert.Equal(t, query, got.Query)
	assert.Equal(t, testAPIToken, got.Token)
	assert.LessOrEqual(t, got.Body, int64(0))
}
