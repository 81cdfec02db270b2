package sim

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

type Config struct {
	Seed               int64
	Accounts           []AccountSpec
	TokenTTL           time.Duration
	RCTokenTTL         time.Duration
	RateLimit          int
	ExchangeLimit      int
	ClientID           string
	ClientSecret       string
	JWT                string
	APITokens          []string
	Now                func() time.Time
	MaxRows            int
	EmptyListStatus    int
	ActionStatus       int
	Static             bool
	Hostile            bool
	DeniedSessionTypes []string
	DenyReporting      bool // realTimeData/* answer 403 access.denied.exception (no reporting rights)
	Control            bool
	Logf               func(format string, args ...any)
}

// AccountSpec describes a sub-account. Calls is the target number of concurrent calls; Agents is a
// minimum roster size (the sim adds logged-in agents when the target needs more).
type AccountSpec struct {
	ID, Name      string
	Calls, Agents int
}

var defaultAccounts = []AccountSpec{
	{ID: "12440011", Name: "Northwind Care", Calls: 40, Agents: 48},
	{ID: "12440012", Name: "Northwind Billing", Calls: 8, Agents: 10},
}

// Server is the simulator. One mutex guards everything: handlers are short, and the lock makes the
// world's evolution a single, reproducible sequence.
type Server struct {
	cfg      Config
	mu       sync.Mutex
	w        *world
	auth     *authState
	faults   Faults
	faultRng *rand.Rand // separate from the world's so fault draws never change the call centre
	limiter  *window
	log      requestLog
	stats    Stats
	idPrefix string
	idSeq    uint64
}

type Stats struct{ Requests, RateLimited, RCTokens, Exchanges, Refreshes int }

func New(cfg Config) *Server {
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.Accounts == nil {
		cfg.Accounts = defaultAccounts
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 5 * time.Minute
	}
	if cfg.RCTokenTTL <= 0 {
		cfg.RCTokenTTL = time.Hour
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 120
	}
	if cfg.ExchangeLimit == 0 {
		cfg.ExchangeLimit = 5
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxRows <= 0 {
		cfg.MaxRows = 1000
	}
	if cfg.EmptyListStatus != http.StatusNoContent {
		cfg.EmptyListStatus = http.StatusOK
	}
	if cfg.ActionStatus != http.StatusCreated {
		cfg.ActionStatus = http.StatusOK
	}
	s := &Server{
		cfg:      cfg,
		w:        newWorld(cfg.Seed, cfg.Accounts, cfg.Now(), cfg.Static, cfg.Hostile),
		faultRng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0xfa17)),
		limiter:  newWindow(cfg.RateLimit),
		log:      requestLog{buf: make([]Request, requestLogSize)},
		idPrefix: fmt.Sprintf("%x", randomBytes(4)),
	}
	s.auth = newAuthState(&s.cfg)
	return s
}

// rctx is one request as the handlers see it.
type rctx struct {
	r      *http.Request
	q      url.Values
	body   string
	now    time.Time
	legacy bool     // came in on /api/v1 (X-Auth-Token only)
	segs   []string // path below the API base
}

const maxBody = 1 << 20

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	w.Header().Set("X-Request-Id", s.requestID())
	if s.cfg.Control && strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.serveControl(w, r)
		return
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))

	s.mu.Lock()
	slot := s.log.add(Request{
		Time: s.cfg.Now(), Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Query: r.URL.Query(), Header: r.Header.Clone(), Body: string(raw),
	})
	s.stats.Requests++
	delay := s.latency()
	s.mu.Unlock()

	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			s.finish(slot, statusClientClosed)
			return
		}
	}

	s.mu.Lock()
	rc := &rctx{r: r, q: r.URL.Query(), body: string(raw), now: s.cfg.Now()}
	s.w.advance(rc.now)
	resp := s.handle(rc)
	truncate := s.listFaults(resp)
	s.finishLocked(slot, resp.status)
	s.mu.Unlock()

	if s.cfg.Logf != nil {
		s.cfg.Logf("%s %s → %d (%s)", r.Method, redactedURI(r.URL), resp.status, time.Since(start).Round(time.Microsecond))
	}
	write(w, resp, truncate)
	if resp.pooled {
		b := resp.body[:0]
		listBufs.Put(&b)
	}
}

// statusClientClosed is logged for a request whose client went away during injected latency.
const statusClientClosed = 499

func (s *Server) requestID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idSeq++
	return fmt.Sprintf("%s-%08d", s.idPrefix, s.idSeq)
}

func (s *Server) finish(slot uint64, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finishLocked(slot, status)
}

func (s *Server) finishLocked(slot uint64, status int) {
	s.log.setStatus(slot, status)
	if status == http.StatusTooManyRequests {
		s.stats.RateLimited++
	}
}

func write(w http.ResponseWriter, resp *response, truncate bool) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	if resp.body == nil {
		w.WriteHeader(resp.status)
		return
	}
	h.Set("Content-Type", resp.ctype)
	h.Set("Content-Length", fmt.Sprint(len(resp.body)))
	w.WriteHeader(resp.status)
	if !truncate {
		_, _ = w.Write(resp.body)
		return
	}
	// Cut off mid-body: send a valid prefix, flush it, then drop the connection so the client sees
	// an unexpected EOF exactly as when a proxy dies half-way through a response.
	_, _ = w.Write(resp.body[:len(resp.body)/2])
	_ = http.NewResponseController(w).Flush()
	panic(http.ErrAbortHandler)
}

// handle routes a request and runs it; the lock is held.
func (s *Server) handle(rc *rctx) *response {
	p := rc.r.URL.Path
	if resp := s.outage(rc); resp != nil {
		return resp
	}
	switch p {
	case "/restapi/oauth/token":
		return s.only(rc, http.MethodPost, s.handleRCToken)
	case "/api/auth/login/rc/accesstoken":
		return s.only(rc, http.MethodPost, s.handleExchange)
	case "/api/auth/token/refresh":
		return s.only(rc, http.MethodPost, s.handleRefresh)
	}
	var rest string
	switch {
	case strings.HasPrefix(p, "/voice/api/v1/"):
		rest = strings.TrimPrefix(p, "/voice/api/v1/")
	case strings.HasPrefix(p, "/api/v1/"):
		rest, rc.legacy = strings.TrimPrefix(p, "/api/v1/"), true
	default:
		return notFound(rc, "No handler for "+rc.r.Method+" "+p)
	}
	rc.segs = strings.Split(strings.TrimSuffix(rest, "/"), "/")
	if len(rc.segs) == 2 && rc.segs[0] == "auth" && rc.segs[1] == "login" {
		return s.only(rc, http.MethodPost, s.handleLegacyLogin)
	}
	// Everything else under the API bases is rate limited and subject to the API faults, whether or
	// not it routes: a gateway counts requests before it knows what they are.
	if resp := s.apiFaults(rc); resp != nil {
		return resp
	}
	h, allow := s.route(rc)
	if h == nil {
		return notFound(rc, "No handler for "+rc.r.Method+" "+p)
	}
	if !strings.Contains(","+allow+",", ","+rc.r.Method+",") {
		return methodNotAllowed(rc, allow)
	}
	if resp := s.authenticate(rc); resp != nil {
		return resp
	}
	return h(rc)
}

func (s *Server) only(rc *rctx, method string, h func(*rctx) *response) *response {
	if rc.r.Method != method {
		return methodNotAllowed(rc, method)
	}
	return h(rc)
}

var uiiActions = map[string]func(*Server, *rctx, *call) *response{
	"addSessionToCall":    (*Server).addSession,
	"hangupSession":       (*Server).hangupSession,
	"hangupCall":          (*Server).hangupCall,
	"toggleCallRecording": (*Server).toggleRecording,
	"dispositionCall":     (*Server).disposition,
}

// route maps the path below the API base to a handler and the methods it allows.
func (s *Server) route(rc *rctx) (func(*rctx) *response, string) {
	g := rc.segs
	switch {
	case len(g) == 2 && g[0] == "admin" && g[1] == "accounts":
		return s.handleAccounts, "GET"
	case len(g) == 2 && g[0] == "admin" && g[1] == "auth":
		return s.handleAuthView, "GET"
	case len(g) == 2 && g[0] == "admin" && g[1] == "token":
		return s.handleAPIToken, "GET,POST"
	case len(g) == 5 && g[0] == "admin" && g[1] == "accounts" && g[3] == "activeCalls":
		switch g[4] {
		case "list":
			return s.withAccount(s.handleList), "GET"
		case "createManualAgentCall":
			return s.withAccount(s.handleManualCall), "POST"
		}
	case len(g) == 6 && g[0] == "admin" && g[1] == "accounts" && g[3] == "activeCalls":
		if act, ok := uiiActions[g[5]]; ok {
			return s.withAccount(s.withCall(act)), "POST"
		}
	}
	if len(g) < 4 || g[0] != "admin" || g[1] != "accounts" {
		return nil, ""
	}
	// Reporting (reporting.go) and reference lists (refdata.go).
	var h func(*rctx) *response
	switch rest := strings.Join(g[3:], "/"); {
	case rest == "realTimeData/agent":
		h = s.reporting(s.handleRTAgent)
	case rest == "realTimeData/inbound":
		h = s.reporting(s.handleRTInbound)
	case rest == "agentGroups":
		h = s.handleAgentGroups
	case len(g) == 6 && g[3] == "agentGroups" && g[5] == "agents":
		h = s.handleGroupAgents
	case rest == "gateGroups/withChildren":
		h = s.handleGateGroups
	case len(g) == 6 && g[3] == "gateGroups" && g[5] == "gates":
		h = s.handleGates
	case len(g) == 8 && g[3] == "gateGroups" && g[5] == "gates" && g[7] == "dispositions":
		h = s.handleGateDispositions
	case rest == "campaignLeads/systemDispositions":
		h = s.handleSystemDispositions
	case rest == "dialGroups/withChildren":
		h = s.handleDialGroups
	default:
		return nil, ""
	}
	return s.withAccount(h), "GET"
}

// withAccount refuses an account the token cannot see. Every token sees the sub-accounts and the
// main account; any other id is someone else's account, hence 403 rather than 404.
func (s *Server) withAccount(h func(*rctx) *response) func(*rctx) *response {
	return func(rc *rctx) *response {
		if s.w.scope(rc.segs[2]) == nil {
			return errResp(rc, http.StatusForbidden, "FORBIDDEN", "Access is denied",
				"This token has no access to account "+rc.segs[2])
		}
		return h(rc)
	}
}

func (s *Server) handleAccounts(rc *rctx) *response {
	return jsonResp(http.StatusOK, s.w.wireAccounts())
}

func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// ExpireTokens makes every RingCX access token issued so far expired; refresh tokens keep working.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.expiredBelow = s.auth.nextJTI + 1
}
