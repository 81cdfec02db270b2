package sim

import (
	"net/http"
	"net/url"
	"time"
)

const requestLogSize = 10000

// Request is one received request as the sim saw it (headers unredacted; /_sim/requests redacts).
type Request struct {
	Time     time.Time   `json:"time"`
	Method   string      `json:"method"`
	Path     string      `json:"path"`
	RawQuery string      `json:"rawQuery"`
	Query    url.Values  `json:"query"`
	Header   http.Header `json:"header"`
	Body     string      `json:"body"`
	Status   int         `json:"status"`
}

// requestLog is a ring of the last requestLogSize requests; seq numbers let a slow request fill in
// its status only if its entry has not been overwritten meanwhile.
type requestLog struct {
	buf   []Request
	next  uint64
	first uint64 // oldest seq still held (raised by ResetRequests)
}

func (l *requestLog) add(r Request) uint64 {
	seq := l.next
	l.buf[seq%uint64(len(l.buf))] = r
	l.next++
	return seq
}

func (l *requestLog) lo() uint64 {
	lo := l.first
	if n := uint64(len(l.buf)); l.next > n && l.next-n > lo {
		lo = l.next - n
	}
	return lo
}

func (l *requestLog) setStatus(seq uint64, status int) {
	if seq >= l.lo() {
		l.buf[seq%uint64(len(l.buf))].Status = status
	}
}

func (l *requestLog) all() []Request {
	out := make([]Request, 0, l.next-l.lo())
	for seq := l.lo(); seq < l.next; seq++ {
		out = append(out, l.buf[seq%uint64(len(l.buf))])
	}
	return out
}

func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.all()
}

func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.first = s.log.next
}
