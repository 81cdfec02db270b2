package sim

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Window is a span of sim-clock time, [Start, End).
type Window struct{ Start, End time.Time }

// Faults are the failure knobs. Counters (Force429, Malformed, Truncated) count down as they fire.
type Faults struct {
	Latency        time.Duration
	LatencyJitter  time.Duration
	ErrorRate      float64
	Outage         bool
	Outages        []Window
	Force429       int
	RetryAfter     time.Duration
	Malformed      int
	Truncated      int
	OversizedBytes int64
}

func (f Faults) clone() Faults {
	f.Outages = slices.Clone(f.Outages)
	return f
}

func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f.clone()
}

// UpdateFaults edits the faults under the lock; fn must not call back into the Server.
func (s *Server) UpdateFaults(fn func(*Faults)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.faults)
}

func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.clone()
}

// latency draws this request's added delay (jitter from the fault rng, not the world's).
func (s *Server) latency() time.Duration {
	d := s.faults.Latency
	if j := s.faults.LatencyJitter; j > 0 {
		d += time.Duration(s.faultRng.Int64N(int64(j) + 1))
	}
	return d
}

// outage answers 503 while an outage is on or the sim clock is inside a window. Retry-After points
// at the window's end, which is what a well-behaved gateway would say.
func (s *Server) outage(rc *rctx) *response {
	wait := time.Duration(0)
	on := s.faults.Outage
	if on {
		wait = 5 * time.Second
	}
	for _, w := range s.faults.Outages {
		if !rc.now.Before(w.Start) && rc.now.Before(w.End) {
			on = true
			wait = max(wait, w.End.Sub(rc.now))
		}
	}
	if !on {
		return nil
	}
	return unavailable(wait)
}

func unavailable(wait time.Duration) *response {
	return textResp(http.StatusServiceUnavailable, "Service Unavailable").set("Retry-After", retryAfter(wait))
}

const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// apiFaults applies the per-request API faults, in the order a gateway would: forced 429, the real
// rate limit, then random upstream errors.
func (s *Server) apiFaults(rc *rctx) *response {
	if s.faults.Force429 > 0 {
		s.faults.Force429--
		ra := s.faults.RetryAfter
		if ra <= 0 {
			ra = 2 * time.Second
		}
		return tooMany(rc, ra, "Too many requests")
	}
	if ok, wait := s.limiter.admit(rc.now); !ok {
		return tooMany(rc, wait, "At most "+strconv.Itoa(s.cfg.RateLimit)+" requests per minute")
	}
	if s.faults.ErrorRate > 0 && s.faultRng.Float64() < s.faults.ErrorRate {
		switch s.faultRng.IntN(3) {
		case 0:
			return errResp(rc, http.StatusInternalServerError, "INTERNAL_ERROR", "An unexpected error occurred", "java.lang.NullPointerException")
		case 1:
			return &response{status: http.StatusBadGateway, ctype: ctHTML, body: []byte(badGatewayPage)}
		default:
			return unavailable(2 * time.Second)
		}
	}
	return nil
}

// listFaults rewrites a successful list answer: padded, syntactically broken or cut short. The
// counters only count down on list answers, so a test can aim them at the poller precisely.
// It reports whether the body must be cut off mid-way when written.
func (s *Server) listFaults(resp *response) (truncate bool) {
	if !resp.list || resp.status != http.StatusOK {
		return false
	}
	if n := s.faults.OversizedBytes; n > 0 && int64(len(resp.body)) < n {
		resp.body, resp.pooled = pad(resp.body, n), false
	}
	if s.faults.Malformed > 0 {
		s.faults.Malformed--
		resp.body, resp.pooled = malform(resp.body), false
	}
	if s.faults.Truncated > 0 {
		s.faults.Truncated--
		return true
	}
	return false
}

// pad grows a JSON array to at least n bytes while keeping it valid: a giant string field in the
// first object (unknown fields must be ignored by clients), or whitespace for an empty array.
func pad(body []byte, n int64) []byte {
	missing := int(n) - len(body)
	if bytes.HasPrefix(body, []byte("[{")) {
		const field = `"padding":"",`
		filler := strings.Repeat("x", max(missing-len(field), 0))
		out := make([]byte, 0, int(n)+len(field))
		out = append(out, "[{\"padding\":\""...)
		out = append(out, filler...)
		out = append(out, "\","...)
		return append(out, body[2:]...)
	}
	return append(append([]byte("["), bytes.Repeat([]byte(" "), missing)...), body[1:]...)
}

// malform drops the first key's opening quote: still looks like JSON, fails any parser.
func malform(body []byte) []byte {
	if bytes.HasPrefix(body, []byte(`[{"`)) {
		return append([]byte(`[{`), body[3:]...)
	}
	return []byte(`[{"uii":`)
}
