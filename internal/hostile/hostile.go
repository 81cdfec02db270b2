// Package hostile is a hostile front for RingCX, for tests: an http.Handler
// in front of the simulator (Start) or of any RingCX (Proxy) that answers
// the requests a rule picks the way a broken or malicious server, or a
// gateway in front of it, would — status bursts with HTML pages, every
// form of Retry-After, "Jwt is expired" storms, slow, trickling, cut-off,
// oversized and malformed answers, pages that ignore `page`, hostile bytes
// in every field and header, a connection dropped once the request was
// read — and counts every request that reaches it, so a test can assert
// that nothing was sent twice.
//
// The simulator stays faithful: everything hostile is here, and only where
// a test asks for it.
//
//	s, front := hostile.Start(t, sim.Config{Seed: 11})
//	front.Add(hostile.Rule{Method: "POST", Path: "/hangupCall", Times: 1, Fault: hostile.DropAfterRead()})
//	// … act through a client of s.URL …
//	front.Count(hostile.Match{Method: "POST", Path: "/hangupCall"}) // 1: not sent again
package hostile

import (
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
)

// Fault answers one request in place of next (RingCX behind the front), or
// around it: it may call next and then spoil the answer.
type Fault func(w http.ResponseWriter, r *http.Request, next http.Handler)

// Match picks requests: Method ("" for any) and the end of the URL path
// ("/activeCalls/list", "/hangupCall"; "" for any).
type Match struct{ Method, Path string }

func (m Match) matches(r *http.Request) bool {
	return (m.Method == "" || m.Method == r.Method) && strings.HasSuffix(r.URL.Path, m.Path)
}

// Rule is a fault for the requests Match picks: after letting Skip of them
// through untouched, it spoils the next Times (every one while the rule
// stands when Times is 0).
type Rule struct {
	Match
	Skip, Times int
	Fault       Fault
}

type rule struct {
	Rule
	seen int
}

// Front is the hostile front. It is safe for concurrent use.
type Front struct {
	next  http.Handler
	mu    sync.Mutex
	rules []*rule
	seen  []Seen
}

// Seen is one request that reached the front, faulted or not.
type Seen struct {
	Method, Path string
	Query        url.Values
}

// New puts a front before next.
func New(next http.Handler) *Front { return &Front{next: next} }

// Proxy is a front before the RingCX at target (the standalone simulator
// of an end-to-end test), through a reverse proxy.
func Proxy(target *url.URL) *Front { return New(httputil.NewSingleHostReverseProxy(target)) }

// Start runs the simulator (simtest.Start, so a static world unless opts
// say otherwise) with a front before it; the Sim's URL is the front's.
func Start(t testing.TB, cfg sim.Config, opts ...simtest.Option) (*simtest.Sim, *Front) {
	t.Helper()
	var f *Front
	wrap := simtest.Wrap(func(next http.Handler) http.Handler { f = New(next); return f })
	return simtest.Start(t, cfg, append(opts, wrap)...), f
}

// Add makes a rule stand until Clear (or until its Times are spent). The
// first standing rule that picks a request answers it.
func (f *Front) Add(r Rule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = append(f.rules, &rule{Rule: r})
}

// Clear removes every rule: RingCX answers faithfully again.
func (f *Front) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = nil
}

// Count is how many requests m picked among those that reached the front.
func (f *Front) Count(m Match) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.seen {
		if (m.Method == "" || m.Method == s.Method) && strings.HasSuffix(s.Path, m.Path) {
			n++
		}
	}
	return n
}

// Requests are the requests that reached the front, in order.
func (f *Front) Requests() []Seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Seen(nil), f.seen...)
}

func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if fault := f.pick(r); fault != nil {
		fault(w, r, f.next)
		return
	}
	f.next.ServeHTTP(w, r)
}

// pick records r and returns the fault that answers it, nil for none. The
// simulator's control endpoints pass untouched and uncounted: a test must
// always be able to reach its knobs.
func (f *Front) pick(r *http.Request) Fault {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, Seen{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()})
	for i, ru := range f.rules {
		if !ru.matches(r) {
			continue
		}
		ru.seen++
		if ru.seen <= ru.Skip {
			return nil
		}
		if ru.Times > 0 && ru.seen-ru.Skip >= ru.Times {
			f.rules = append(f.rules[:i:i], f.rules[i+1:]...)
		}
		return ru.Fault
	}
	return nil
}
