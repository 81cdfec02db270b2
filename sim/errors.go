package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// response is what a handler produces while holding the lock; ServeHTTP writes it after unlocking,
// applying the list faults (malformed, truncated, oversized) on the way out.
type response struct {
	status int
	ctype  string
	body   []byte
	header http.Header
	list   bool // an activeCalls list answer: the list faults apply to it
	pooled bool // body came from listBufs and goes back after writing
}

const (
	ctJSON = "application/json"
	ctText = "text/plain;charset=UTF-8"
	ctHTML = "text/html"
)

func (r *response) set(k, v string) *response {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(k, v)
	return r
}

func textResp(status int, body string) *response {
	return &response{status: status, ctype: ctText, body: []byte(body)}
}

// jsonResp encodes v without HTML escaping, so messages like "Bearer <token>" read as written.
func jsonResp(status int, v any) *response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only our own wire types get here
	}
	return &response{status: status, ctype: ctJSON, body: bytes.TrimSuffix(buf.Bytes(), []byte("\n"))}
}

// apiError is the RingCX error body. errorCode names are the simulator's own (the spec gives none).
type apiError struct {
	ErrorCode        string            `json:"errorCode,omitempty"`
	GeneralMessage   string            `json:"generalMessage"`
	Details          string            `json:"details"`
	RequestURI       string            `json:"requestUri"`
	Timestamp        int64             `json:"timestamp"`
	ValidationErrors []validationError `json:"validationErrors,omitempty"`
}

type validationError struct {
	AttributeName string  `json:"attributeName"`
	Message       string  `json:"message"`
	Value         *string `json:"value"`
}

// vErr builds a validation error; a parameter that is absent reports value null.
func vErr(name, msg string, q map[string][]string) validationError {
	ve := validationError{AttributeName: name, Message: msg}
	if vs, ok := q[name]; ok && len(vs) > 0 {
		v := vs[0]
		ve.Value = &v
	}
	return ve
}

func errResp(rc *rctx, status int, code, general, details string) *response {
	return jsonResp(status, apiError{
		ErrorCode: code, GeneralMessage: general, Details: details,
		RequestURI: rc.r.URL.Path, Timestamp: rc.now.UnixMilli(),
	})
}

func badRequest(rc *rctx, details string, ves ...validationError) *response {
	return jsonResp(http.StatusBadRequest, apiError{
		ErrorCode: "VALIDATION_ERROR", GeneralMessage: "Request validation failed", Details: details,
		RequestURI: rc.r.URL.Path, Timestamp: rc.now.UnixMilli(), ValidationErrors: ves,
	})
}

func notFound(rc *rctx, details string) *response {
	return errResp(rc, http.StatusNotFound, "NOT_FOUND", "Resource not found", details)
}

func methodNotAllowed(rc *rctx, allow string) *response {
	return errResp(rc, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED",
		"Request method '"+rc.r.Method+"' is not supported", "Allowed: "+allow).set("Allow", allow)
}

// retryAfter renders a wait as whole seconds, rounded up, at least 1, as Retry-After requires.
func retryAfter(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}

func tooMany(rc *rctx, wait time.Duration, details string) *response {
	return errResp(rc, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Rate limit exceeded", details).
		set("Retry-After", retryAfter(wait))
}
