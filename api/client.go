package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callboard/callboard/internal/textcap"
)

// Defaults.
const (
	DefaultServer       = "https://ringcx.ringcentral.com"
	DefaultRingCentral  = "https://platform.ringcentral.com"
	DefaultTimeout      = 15 * time.Second
	DefaultPageSize     = 500
	MaxResponseBytes    = 32 << 20
	defaultUserAgent    = "callboard"
	defaultMaxRetryWait = 10 * time.Second
	// DefaultActionDeadline bounds how long an action may wait for its
	// turn (the request budget, a rate-limit pause) before it is given up
	// as not sent (WithActionDeadline).
	DefaultActionDeadline = 20 * time.Second
	// MaxRetryAfter caps a server's Retry-After: RingCX's limit is per
	// rolling minute, so no honest answer asks for more than a minute or
	// so, and one hostile header must not pause the console for an hour.
	MaxRetryAfter      = 2 * time.Minute
	currentAPIPath     = "/voice/api/v1"
	legacyAPIPath      = "/api/v1"
	maxPagesPerListing = 1000
)

// legacyHosts serve the API at /api/v1 and authenticate with X-Auth-Token.
var legacyHosts = map[string]bool{"portal.vacd.biz": true, "portal.virtualacd.biz": true}

// Client talks to one RingCX server on behalf of one signed-in user. It is
// safe for concurrent use. Build it with NewClient.
type Client struct {
	t         *transport
	accountID string
	auth      Authenticator
	budget    *Budget
	// maxRetryWait bounds how long an action waits out a 429 before
	// retrying by itself; polls never retry here (the poller backs off).
	maxRetryWait time.Duration
	// actionDeadline bounds an action's wait before it is sent.
	actionDeadline time.Duration
	log            *slog.Logger
}

// transport is what the client and its authenticators share: where the
// server is and how to send a request to it.
type transport struct {
	server    *url.URL // scheme://host[:port]
	apiBase   string   // "/voice/api/v1" or "/api/v1"
	legacy    bool
	http      *http.Client
	userAgent string
	timeout   time.Duration
	maxBody   int64
	secrets   *secrets
	now       func() time.Time
}

// Option configures a Client.
type Option func(*config) error

type config struct {
	server         string
	accountID      string
	httpClient     *http.Client
	userAgent      string
	timeout        time.Duration
	auth           Authenticator
	budget         *Budget
	perMinute      int
	maxRetryWait   time.Duration
	actionDeadline time.Duration
	now            func() time.Time
	log            *slog.Logger
}

// WithServer sets the RingCX server (default DefaultServer). Legacy hosts
// (portal.vacd.biz, portal.virtualacd.biz) are recognised and use their
// /api/v1 base and X-Auth-Token header. A URL with a path is taken as the
// API base itself (e.g. https://host/voice/api/v1).
func WithServer(rawURL string) Option {
	return func(c *config) error { c.server = rawURL; return nil }
}

// WithAccount sets the account whose calls the client reads and acts on.
func WithAccount(id string) Option {
	return func(c *config) error { c.accountID = strings.TrimSpace(id); return nil }
}

// WithHTTPClient sets the HTTP client (default: a client with sane
// transport timeouts). Its Timeout is left alone; each request gets the
// client's own timeout (WithTimeout).
func WithHTTPClient(h *http.Client) Option {
	return func(c *config) error {
		if h == nil {
			return errors.New("api: nil *http.Client")
		}
		c.httpClient = h
		return nil
	}
}

// WithUserAgent sets the User-Agent (product/version).
func WithUserAgent(ua string) Option {
	return func(c *config) error { c.userAgent = ua; return nil }
}

// WithTimeout bounds each request, sign-in included (default 15 s).
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("api: timeout must be positive, got %s", d)
		}
		c.timeout = d
		return nil
	}
}

// WithAuth sets how requests are authenticated; see JWTAuth, TokenAuth and
// APITokenAuth.
func WithAuth(a Authenticator) Option {
	return func(c *config) error { c.auth = a; return nil }
}

// WithRequestsPerMinute sizes the client's own request budget (default 120).
func WithRequestsPerMinute(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("api: requests per minute must be positive, got %d", n)
		}
		c.perMinute = n
		return nil
	}
}

// WithBudget shares a request budget between clients of the same account,
// since RingCX counts requests per account, not per connection.
func WithBudget(b *Budget) Option {
	return func(c *config) error { c.budget = b; return nil }
}

// WithMaxRetryWait bounds how long an action waits out a 429 to retry once
// by itself (default 10 s; 0 disables the retry).
func WithMaxRetryWait(d time.Duration) Option {
	return func(c *config) error { c.maxRetryWait = d; return nil }
}

// WithActionDeadline bounds how long an action waits for its turn — the
// request budget, a rate-limit pause — before it is given up and returned
// as a *NotSentError (NotSentDeadline) without being sent (default
// DefaultActionDeadline). The wait for RingCX's answer once it is sent is
// the request timeout's (WithTimeout).
func WithActionDeadline(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: action deadline must be positive", ErrInvalidInput)
		}
		c.actionDeadline = d
		return nil
	}
}

// WithLogger sends a debug line per request (method, path — never the
// query or headers — status and request id) to logger.
func WithLogger(logger *slog.Logger) Option {
	return func(c *config) error { c.log = logger; return nil }
}

// withClock is for tests of expiry arithmetic.
func withClock(now func() time.Time) Option {
	return func(c *config) error { c.now = now; return nil }
}

// NewClient builds a client. Without WithAuth it can still be constructed
// (for validation and tests) but every request fails with ErrUnauthorized.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		server:         DefaultServer,
		userAgent:      defaultUserAgent,
		timeout:        DefaultTimeout,
		maxRetryWait:   defaultMaxRetryWait,
		actionDeadline: DefaultActionDeadline,
		now:            time.Now,
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	server, base, legacy, err := parseServer(cfg.server)
	if err != nil {
		return nil, err
	}
	if cfg.accountID != "" {
		if err := validateAccountID(cfg.accountID); err != nil {
			return nil, err
		}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = defaultHTTPClient()
	}
	t := &transport{
		server:    server,
		apiBase:   base,
		legacy:    legacy,
		http:      cfg.httpClient,
		userAgent: cfg.userAgent,
		timeout:   cfg.timeout,
		maxBody:   MaxResponseBytes,
		secrets:   &secrets{},
		now:       cfg.now,
	}
	if b, ok := cfg.auth.(binder); ok {
		if err := b.bind(t); err != nil {
			return nil, err
		}
	}
	budget := cfg.budget
	if budget == nil {
		budget = NewBudget(cfg.perMinute)
	}
	logger := cfg.log
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Client{t: t, accountID: cfg.accountID, auth: cfg.auth, budget: budget, maxRetryWait: cfg.maxRetryWait, actionDeadline: cfg.actionDeadline, log: logger}, nil
}

// WithAccountID returns a client for another account that shares this
// one's sign-in and request budget.
func (c *Client) WithAccountID(id string) (*Client, error) {
	id = strings.TrimSpace(id)
	if err := validateAccountID(id); err != nil {
		return nil, err
	}
	cc := *c
	cc.accountID = id
	return &cc, nil
}

// AccountID is the account the client acts on ("" until set).
func (c *Client) AccountID() string { return c.accountID }

// Budget is the client's request budget (shared with the poller's status).
func (c *Client) Budget() *Budget { return c.budget }

// ActionDeadline is how long an action may wait for its turn before it is
// given up as not sent (WithActionDeadline), so a board can say when that
// will be while it waits.
func (c *Client) ActionDeadline() time.Duration { return c.actionDeadline }

// Server is the RingCX server URL (scheme and host).
func (c *Client) Server() string { return c.t.server.String() }

// Redact removes every credential this client has held, and anything shaped
// like a JWT, from s. Loggers and audit writers use it as a last guard.
func (c *Client) Redact(s string) string { return c.t.secrets.redact(s) }

func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = DefaultTimeout
	tr.MaxIdleConnsPerHost = 4
	tr.MaxResponseHeaderBytes = MaxResponseHeaderBytes
	return &http.Client{
		Transport: tr,
		// A redirect would resend credentials to wherever it points; RingCX
		// does not redirect API calls, so one is reported, not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// parseServer checks the server URL: https, or http only to a loopback
// host (the simulator); returns the origin, the API base path and whether it
// is a legacy host.
func parseServer(raw string) (*url.URL, string, bool, error) {
	u, err := parseOrigin("server", raw)
	if err != nil {
		return nil, "", false, err
	}
	legacy := legacyHosts[strings.ToLower(u.Hostname())]
	base := currentAPIPath
	if legacy {
		base = legacyAPIPath
	}
	switch p := strings.TrimRight(u.Path, "/"); p {
	case "":
	case currentAPIPath, "/voice":
		base = currentAPIPath
	case legacyAPIPath:
		base = legacyAPIPath
	default:
		return nil, "", false, &InputError{Field: "server URL", Value: raw, Reason: "expected a host such as https://ringcx.ringcentral.com (optionally ending in /voice/api/v1 or /api/v1)"}
	}
	u.Path = ""
	// The /api/v1 base is the legacy deployment's, wherever it is served:
	// it authenticates with X-Auth-Token.
	return u, base, base == legacyAPIPath, nil
}

// parseOrigin parses a base URL and enforces HTTPS except on loopback.
func parseOrigin(field, raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &InputError{Field: field, Value: raw, Reason: "must be a URL like https://host"}
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, &InputError{Field: field, Value: u.Redacted(), Reason: "must not carry credentials, a query or a fragment"}
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, &InputError{Field: field, Value: raw, Reason: "plain http is refused except to a loopback address; use https"}
	}
	return u, nil
}

// IsLoopbackHost reports whether host is this machine (localhost or a
// loopback address): the only place plain http is allowed.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// endpoint joins the API base and path segments, escaping each segment.
func (t *transport) endpoint(segments ...string) string {
	var b strings.Builder
	b.WriteString(t.apiBase)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// response is a finished exchange: status, headers and the whole body.
type response struct {
	*http.Response
	body []byte
	// buf is the recycled buffer body lives in, when the request asked for
	// one (apiRequest.pooled); release hands it back.
	buf *[]byte
}

// release hands a pooled body back for the next answer. Nothing may hold
// the body, or anything sliced from it, afterwards: the decoders copy what
// they keep. It is a no-op for an unpooled body.
func (r *response) release() {
	if r == nil || r.buf == nil {
		return
	}
	if cap(r.body) <= maxPooledBody {
		*r.buf = r.body[:0]
		bodyBufs.Put(r.buf)
	}
	r.body, r.buf = nil, nil
}

// bodyBufs recycles the bodies of call-list pages: a refresh of 10,000 calls
// reads some 4 MB, and allocating that afresh on every refresh is most of
// what the garbage collector then has to clear.
var bodyBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody bounds what the pool keeps: one freak answer must not pin
// its size for the rest of the shift.
const maxPooledBody = 8 << 20

// send performs one HTTP request with the client's timeout, user agent and
// body-size limit. It does no authentication and no budgeting: both are the
// caller's concern. path is used in errors (never the query: it may hold
// phone numbers of customers, and for sign-in, nothing else belongs there).
func (t *transport) send(ctx context.Context, req *http.Request, path string) (*response, error) {
	return t.sendBody(ctx, req, path, false)
}

// sendBody is send, reading the body into a recycled buffer if pooled.
// Its errors say whether the request reached the server (see
// requestError): a failure before the request was written is a
// *NotSentError, one after it an *AnswerLostError, ErrTimeout or
// context.Canceled.
func (t *transport) sendBody(ctx context.Context, req *http.Request, path string, pooled bool) (*response, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	var connected, wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
		// Only a request written whole can be acted on: a write that
		// failed part way left the server an unfinished request.
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wrote.Store(true)
			}
		},
	})
	req = req.WithContext(ctx)
	req.Header.Set("User-Agent", t.userAgent)
	resp, err := t.http.Do(req)
	if err != nil {
		return nil, t.requestError(parent, ctx, req.Method, path, err, connected.Load(), wrote.Load())
	}
	defer resp.Body.Close()
	var buf *[]byte
	if pooled {
		buf = bodyBufs.Get().(*[]byte)
	}
	body, err := readBody(resp, t.maxBody, buf)
	if err != nil {
		if buf != nil {
			bodyBufs.Put(buf)
		}
		return nil, t.bodyError(ctx, req.Method, path, resp.Header, err)
	}
	return &response{Response: resp, body: body, buf: buf}, nil
}

// The causes of a lost answer, worded for people (AnswerLostError.Cause).
const (
	causeClosed       = "connection closed after the request was sent"
	causeCutShort     = "answer cut short"
	causeHeadersLarge = "answer headers too large"
	causeUnreadable   = "unreadable answer"
)

// MaxResponseHeaderBytes bounds the headers of an answer on the default
// HTTP client (net/http's own default, stated here so it is a documented
// limit): an answer with more is refused as an *AnswerLostError ("answer
// headers too large"), never stored. Under it, a header is kept only
// cleaned and capped (a request id at 128 bytes).
const MaxResponseHeaderBytes = 10 << 20

// requestError describes a request that got no (readable) answer. Before the request
// was written nothing reached the server: cancelled (or the budget
// stopped) is a *NotSentError NotSentStopping, anything else — refused,
// DNS, TLS, no connection in time — NotSentNoConnection. After it the
// request may have run: a timeout is ErrTimeout, a cancel stays
// context.Canceled, and a dropped connection or oversized headers are an
// *AnswerLostError. The URL is left out (net/http's errors repeat it,
// query and all).
func (t *transport) requestError(parent, ctx context.Context, method, path string, err error, connected, sent bool) error {
	if !sent {
		if errors.Is(parent.Err(), context.Canceled) {
			return &NotSentError{Reason: NotSentStopping, Err: fmt.Errorf("%s %s: %w", method, path, context.Canceled)}
		}
		why := "could not connect: "
		if connected {
			why = "the connection failed before the request was written: "
		}
		why += t.clean(unwrapURLError(err).Error())
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			why = "no connection in time"
		}
		return &NotSentError{Reason: NotSentNoConnection, Err: fmt.Errorf("%s %s: %s", method, path, why)}
	}
	if isTimeoutOrCancel(ctx, err) {
		return t.transportError(ctx, method, path, err)
	}
	cause := causeClosed
	switch msg := err.Error(); {
	case strings.Contains(msg, "response headers exceeded"):
		cause = causeHeadersLarge
	case strings.Contains(msg, "malformed") && !strings.Contains(msg, "EOF"):
		cause = causeUnreadable
	}
	return &AnswerLostError{Method: method, Path: path, Cause: cause}
}

// bodyError describes an answer whose headers arrived and whose body did
// not, whole: the request was sent, so it is an *AnswerLostError — cut
// short, or too large to read — unless the time ran out (ErrTimeout) or
// the caller cancelled.
func (t *transport) bodyError(ctx context.Context, method, path string, h http.Header, err error) error {
	if isTimeoutOrCancel(ctx, err) {
		return t.transportError(ctx, method, path, err)
	}
	cause := causeCutShort
	if errors.Is(err, errTooLarge) {
		cause = fmt.Sprintf("answer larger than %d MiB: refused", t.maxBody>>20)
	}
	return &AnswerLostError{Method: method, Path: path, Cause: cause, RequestID: t.requestID(h)}
}

func isTimeoutOrCancel(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

var errTooLarge = errors.New("response too large")

// readBody reads the whole body, at most limit bytes, into *buf's memory
// when buf is given and large enough. With a Content-Length (which net/http
// enforces) it reads into one buffer of exactly that size: call lists are
// megabytes, and growing a buffer by doubling would copy and discard as
// much again on every refresh.
func readBody(resp *http.Response, limit int64, buf *[]byte) ([]byte, error) {
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
	}
	if cl := resp.ContentLength; cl >= 0 {
		if cl > limit {
			return nil, errTooLarge
		}
		if int64(cap(b)) < cl {
			b = make([]byte, cl)
		}
		body := b[:cl]
		if _, err := io.ReadFull(resp.Body, body); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		return body, nil
	}
	if buf == nil {
		body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
		if err == nil && int64(len(body)) > limit {
			return nil, errTooLarge
		}
		return body, err
	}
	return readAllInto(b, resp.Body, limit)
}

// readAllInto is io.ReadAll into b's memory, at most limit bytes.
func readAllInto(b []byte, r io.Reader, limit int64) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// transportError describes a sent request whose answer did not come in
// time (ErrTimeout) or that the caller cancelled, without the URL
// (net/http's errors repeat it, query and all).
func (t *transport) transportError(ctx context.Context, method, path string, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s %s: %w after %s", method, path, ErrTimeout, t.timeout)
	}
	if errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s %s: %w", method, path, context.Canceled)
	}
	return fmt.Errorf("%s %s: %s", method, path, t.clean(unwrapURLError(err).Error()))
}

// maxRequestIDBytes bounds a server's request id wherever it is kept (the
// audit log, errors, the debug log): real ones are a few dozen bytes, and
// a hostile header must not make a record megabytes long.
const maxRequestIDBytes = 128

// requestID is the answer's request id (X-Request-Id, else RCRequestId),
// cleaned like any server text and cut to maxRequestIDBytes on a rune
// boundary. Only its first maxRequestIDScan bytes are read: cleaning a
// megabytes-long header would cost seconds for 128 bytes kept.
func requestID(h http.Header, clean func(string) string) string {
	return textcap.Bytes(clean(textcap.Bytes(firstHeader(h, "X-Request-Id", "RCRequestId"), maxRequestIDScan)), maxRequestIDBytes)
}

// maxRequestIDScan is how much of a request id header is cleaned: room for
// the id and for any credential it might echo to be recognised whole.
const maxRequestIDScan = 8 << 10

func (t *transport) requestID(h http.Header) string { return requestID(h, t.clean) }

// clean makes server-supplied or error text safe for an error string.
func (t *transport) clean(s string) string {
	return Clean(t.secrets.redact(s), maxReasonLen)
}

// expiredBody is how RingCX (and RingCentral's SDKs) recognise an expired
// token in a 401: the body mentions "expired".
var expiredBody = regexp.MustCompile(`(?i)expired`)
