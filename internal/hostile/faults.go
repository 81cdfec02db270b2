package hostile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Status answers code with body, as ctype, and nothing else: a RingCX
// error, or a gateway's.
func Status(code int, ctype, body string) Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// GatewayPage is the HTML page nginx answers code (502, 503, 504) with
// when RingCX behind it failed to answer in time or at all.
func GatewayPage(code int) Fault {
	title := fmt.Sprintf("%d %s", code, http.StatusText(code))
	return Status(code, "text/html", "<html>\r\n<head><title>"+title+"</title></head>\r\n<body>\r\n<center><h1>"+title+
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
}

// TooMany is RingCX's 429 with retryAfter as the Retry-After header, as
// given ("" sends none): seconds, an HTTP date, garbage, a negative.
func TooMany(retryAfter string) Fault {
	return func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_ = json.NewEncoder(w).Encode(map[string]string{
			"errorCode": "TOO_MANY_REQUESTS", "generalMessage": "Too many requests", "requestUri": r.URL.Path,
		})
	}
}

// Expired is RingCX's answer to a token it no longer takes: 401 with the
// plain-text body clients look for ("expired") to refresh and retry.
func Expired() Fault {
	return Status(http.StatusUnauthorized, "text/plain", "Jwt is expired")
}

// Delay holds the answer back d before RingCX is even asked (a slow first
// byte; longer than the client's timeout, no answer at all), or until the
// client gives up.
func Delay(d time.Duration) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}
}

// Trickle sends RingCX's answer in pieces pieces, every apart: a body
// that arrives slowly but whole.
func Trickle(pieces int, every time.Duration) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		res := record(next, r)
		copyHeader(w.Header(), res.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(res.Code)
		body := res.Body.Bytes()
		size := max(len(body)/max(pieces, 1), 1)
		for len(body) > 0 {
			n := min(size, len(body))
			if _, err := w.Write(body[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			body = body[n:]
			select {
			case <-time.After(every):
			case <-r.Context().Done():
				return
			}
		}
	}
}

// CutShort sends RingCX's answer with its full Content-Length but only
// the first half of the body, then closes the connection.
func CutShort() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		res := record(next, r)
		body := res.Body.Bytes()
		raw(w, res.Code, res.Header(), "Content-Length: "+strconv.Itoa(len(body)+1), body[:len(body)/2])
	}
}

// CutChunked sends RingCX's answer chunked, and closes the connection
// after the first half without the closing chunk.
func CutChunked() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		res := record(next, r)
		half := res.Body.Bytes()[:res.Body.Len()/2]
		chunk := append([]byte(strconv.FormatInt(int64(len(half)), 16)+"\r\n"), half...)
		raw(w, res.Code, res.Header(), "Transfer-Encoding: chunked", append(chunk, "\r\n"...))
	}
}

// DropAfterRead reads the whole request and closes the connection without
// a word: the request reached RingCX, its answer never comes back.
func DropAfterRead() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		_, _ = io.Copy(io.Discard, r.Body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}
}

// AnswerThenDrop lets RingCX act on the request and closes the connection
// instead of passing its answer on: the action ran, and the client cannot
// know it.
func AnswerThenDrop() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		record(next, r)
		DropAfterRead()(w, r, next)
	}
}

// Oversized answers 200 with a JSON array of n bytes (mostly spaces),
// chunked, so only reading it tells how big it is.
func Oversized(n int64) Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "[")
		pad := bytes.Repeat([]byte(" "), 64<<10)
		for left := n - 2; left > 0; left -= int64(len(pad)) {
			if _, err := w.Write(pad[:min(int64(len(pad)), left)]); err != nil {
				return
			}
		}
		_, _ = io.WriteString(w, "]")
	}
}

// Header passes RingCX's answer on with header name set to value (a
// hostile or 5 MB X-Request-Id).
func Header(name, value string) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		res := record(next, r)
		copyHeader(w.Header(), res.Header())
		w.Header()[name] = []string{value}
		w.WriteHeader(res.Code)
		_, _ = w.Write(res.Body.Bytes())
	}
}

// HugeHeaders passes RingCX's answer on after n bytes of response headers
// (one long X-Padding line): more than any client should read.
func HugeHeaders(n int) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		res := record(next, r)
		raw(w, res.Code, res.Header(), "X-Padding: "+strings.Repeat("x", n), nil)
	}
}

// IgnorePaging asks RingCX for the first page whatever page the request
// names: a server that returns the same rows for every page.
func IgnorePaging() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		q := r.URL.Query()
		q.Del("page")
		r2 := r.Clone(r.Context())
		r2.URL.RawQuery = q.Encode()
		r2.RequestURI = r2.URL.RequestURI()
		next.ServeHTTP(w, r2)
	}
}

// Fields passes RingCX's JSON answer on with payload (a fragment of a JSON
// string literal, such as Payload or InvalidUTF8) appended to every string
// value whose name is not in keep, at any depth.
func Fields(payload string, keep ...string) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		res := record(next, r)
		body := res.Body.Bytes()
		var v any
		if json.Unmarshal(body, &v) == nil {
			if out, err := json.Marshal(spoil(v, keep)); err == nil {
				body = bytes.ReplaceAll(out, []byte(marker), []byte(payload))
			}
		}
		copyHeader(w.Header(), res.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(res.Code)
		_, _ = w.Write(body)
	}
}

// marker stands for the payload until the spoiled answer is encoded: the
// payload may hold bytes no JSON encoder writes.
const marker = "@@hostile-payload@@"

func spoil(v any, keep []string) any {
	switch v := v.(type) {
	case []any:
		for i := range v {
			v[i] = spoil(v[i], keep)
		}
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && !contains(keep, k) {
				v[k] = s + marker
				continue
			}
			v[k] = spoil(x, keep)
		}
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// record is RingCX's answer to r, whole.
func record(next http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return rec
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}

// raw writes an answer by hand on the hijacked connection — a status
// line, h without its framing, the extra header line, body — and closes
// it: what net/http would refuse to send.
func raw(w http.ResponseWriter, code int, h http.Header, extra string, body []byte) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	h = h.Clone()
	h.Del("Content-Length")
	h.Del("Transfer-Encoding")
	bw := bufio.NewWriter(buf)
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	_ = h.Write(bw)
	fmt.Fprintf(bw, "%s\r\nConnection: close\r\n\r\n", extra)
	_, _ = bw.Write(body)
	_ = bw.Flush()
	_ = buf.Flush()
}
