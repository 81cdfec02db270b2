package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The /_sim/ endpoints let a human with curl, or an end-to-end test of the built binary, turn the
// same knobs the Go API offers. They need no auth, are not rate limited, not logged as requests and
// not subject to faults — otherwise an outage could not be switched off.

type faultsJSON struct {
	Latency        string       `json:"latency"`
	LatencyJitter  string       `json:"latencyJitter"`
	ErrorRate      float64      `json:"errorRate"`
	Outage         bool         `json:"outage"`
	Outages        []windowJSON `json:"outages"`
	Force429       int          `json:"force429"`
	RetryAfter     string       `json:"retryAfter"`
	Malformed      int          `json:"malformed"`
	Truncated      int          `json:"truncated"`
	OversizedBytes int64        `json:"oversizedBytes"`
}

type windowJSON struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func toFaultsJSON(f Faults) faultsJSON {
	j := faultsJSON{
		Latency: f.Latency.String(), LatencyJitter: f.LatencyJitter.String(), ErrorRate: f.ErrorRate,
		Outage: f.Outage, Force429: f.Force429, RetryAfter: f.RetryAfter.String(),
		Malformed: f.Malformed, Truncated: f.Truncated, OversizedBytes: f.OversizedBytes, Outages: []windowJSON{},
	}
	for _, w := range f.Outages {
		j.Outages = append(j.Outages, windowJSON(w))
	}
	return j
}

func (j faultsJSON) faults() (Faults, error) {
	f := Faults{ErrorRate: j.ErrorRate, Outage: j.Outage, Force429: j.Force429, Malformed: j.Malformed,
		Truncated: j.Truncated, OversizedBytes: j.OversizedBytes}
	for _, d := range []struct {
		name string
		in   string
		out  *time.Duration
	}{{"latency", j.Latency, &f.Latency}, {"latencyJitter", j.LatencyJitter, &f.LatencyJitter}, {"retryAfter", j.RetryAfter, &f.RetryAfter}} {
		if d.in == "" {
			continue
		}
		v, err := time.ParseDuration(d.in)
		if err != nil || v < 0 {
			return f, fmt.Errorf("%s: want a Go duration such as \"250ms\" or \"2s\", got %q", d.name, d.in)
		}
		*d.out = v
	}
	if f.ErrorRate < 0 || f.ErrorRate > 1 {
		return f, fmt.Errorf("errorRate: want 0..1, got %v", f.ErrorRate)
	}
	for _, w := range j.Outages {
		f.Outages = append(f.Outages, Window(w))
	}
	return f, nil
}

func ctlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", ctJSON)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func ctlErr(w http.ResponseWriter, status int, msg string) {
	ctlJSON(w, status, map[string]string{"error": msg})
}

func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	allow := map[string]string{
		"/_sim/faults": "GET,PUT,PATCH", "/_sim/expire-tokens": "POST", "/_sim/hostile": "POST", "/_sim/reporting": "POST",
		"/_sim/calls": "GET,POST", "/_sim/agents": "GET", "/_sim/requests": "GET,DELETE", "/_sim/stats": "GET",
	}[r.URL.Path]
	if allow == "" {
		ctlErr(w, http.StatusNotFound, "unknown control endpoint; try /_sim/faults, /_sim/expire-tokens, /_sim/hostile, /_sim/reporting, /_sim/calls, /_sim/agents, /_sim/requests, /_sim/stats")
		return
	}
	if !strings.Contains(","+allow+",", ","+r.Method+",") {
		w.Header().Set("Allow", allow)
		ctlErr(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; use "+allow)
		return
	}
	switch r.Method + " " + r.URL.Path {
	case "GET /_sim/faults":
		ctlJSON(w, http.StatusOK, toFaultsJSON(s.Faults()))
	case "PUT /_sim/faults", "PATCH /_sim/faults":
		// PUT replaces every knob; PATCH changes only the fields the body names.
		var j faultsJSON
		if r.Method == http.MethodPatch {
			j = toFaultsJSON(s.Faults())
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&j); err != nil {
			ctlErr(w, http.StatusBadRequest, "bad faults JSON: "+err.Error())
			return
		}
		f, err := j.faults()
		if err != nil {
			ctlErr(w, http.StatusBadRequest, err.Error())
			return
		}
		s.SetFaults(f)
		ctlJSON(w, http.StatusOK, toFaultsJSON(f))
	case "POST /_sim/expire-tokens":
		s.ExpireTokens()
		ctlJSON(w, http.StatusOK, map[string]bool{"expired": true})
	case "POST /_sim/hostile":
		on, ok := parseBool(q.Get("on"))
		if !ok {
			ctlErr(w, http.StatusBadRequest, "on must be true or false")
			return
		}
		s.SetHostile(on)
		ctlJSON(w, http.StatusOK, map[string]bool{"hostile": on})
	case "POST /_sim/reporting":
		denied, ok := parseBool(q.Get("denied"))
		if !ok {
			ctlErr(w, http.StatusBadRequest, "denied must be true or false")
			return
		}
		s.SetReportingDenied(denied)
		ctlJSON(w, http.StatusOK, map[string]bool{"reportingDenied": denied})
	case "POST /_sim/calls":
		n, err := strconv.Atoi(q.Get("n"))
		acct := q.Get("account")
		if err != nil || n < 0 || n > 100_000 {
			ctlErr(w, http.StatusBadRequest, "n must be a whole number of calls, 0 to 100000")
			return
		}
		if !s.hasAccount(acct) {
			ctlErr(w, http.StatusNotFound, "unknown account "+strconv.Quote(acct))
			return
		}
		s.SetTargetCalls(acct, n)
		ctlJSON(w, http.StatusOK, map[string]any{"account": acct, "target": n, "active": len(s.Calls(acct))})
	case "GET /_sim/calls":
		ctlJSON(w, http.StatusOK, nonNil(s.Calls(s.accountOrMain(q.Get("account")))))
	case "GET /_sim/agents":
		ctlJSON(w, http.StatusOK, nonNil(s.Agents(s.accountOrMain(q.Get("account")))))
	case "GET /_sim/requests":
		ctlJSON(w, http.StatusOK, redact(s.Requests()))
	case "DELETE /_sim/requests":
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	case "GET /_sim/stats":
		ctlJSON(w, http.StatusOK, s.Stats())
	}
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func (s *Server) hasAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.byID[id] != nil
}

func (s *Server) accountOrMain(id string) string {
	if id == "" {
		return mainAccountID
	}
	return id
}

// secretParams are the form and query fields that carry credentials.
var secretParams = []string{"assertion", "rcAccessToken", "refresh_token", "password", "access_token"}

// redact hides credentials so the request log can be shown to anyone who can reach the sim.
func redact(reqs []Request) []Request {
	for i := range reqs {
		r := &reqs[i]
		r.Header = r.Header.Clone()
		for _, h := range []string{"Authorization", "X-Auth-Token", "Cookie"} {
			if r.Header.Get(h) != "" {
				r.Header.Set(h, "REDACTED")
			}
		}
		if q, changed := redactValues(r.Query); changed {
			r.Query, r.RawQuery = q, q.Encode()
		}
		if vals, err := url.ParseQuery(r.Body); err == nil {
			if v, changed := redactValues(vals); changed {
				r.Body = v.Encode()
			}
		}
	}
	return reqs
}

// redactValues replaces credential values; changed says whether there were any.
func redactValues(v url.Values) (out url.Values, changed bool) {
	out = url.Values{}
	for k, vs := range v {
		out[k] = vs
		if slices.Contains(secretParams, k) {
			out[k], changed = []string{"REDACTED"}, true
		}
	}
	return out, changed
}

func redactedURI(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	if q, changed := redactValues(u.Query()); changed {
		return u.Path + "?" + q.Encode()
	}
	return u.Path + "?" + u.RawQuery
}
