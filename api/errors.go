package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinels for the failures callers branch on. Every error the client
// returns for these cases matches with errors.Is.
var (
	// ErrUnauthorized: the credentials were rejected (401) and could not be
	// renewed.
	ErrUnauthorized = errors.New("not signed in: the credentials were rejected")
	// ErrForbidden: the signed-in user lacks the permission (403).
	ErrForbidden = errors.New("permission denied")
	// ErrNotFound: the server answered 404 — for a list, the endpoint or
	// the thing it lists (a group, a queue) does not exist on this
	// deployment or account. Actions on an ended call match ErrCallNotFound
	// as well.
	ErrNotFound = errors.New("not found")
	// ErrCallNotFound: an action addressed a uii that is no longer active
	// (404). RingCX forgets a call as soon as it ends.
	ErrCallNotFound = errors.New("call has ended")
	// ErrRateLimited: the server answered 429, or the client's own limits
	// (such as the sign-in exchange limit) would be exceeded.
	ErrRateLimited = errors.New("rate limited")
	// ErrRefused: the server accepted the request but answered `false`.
	ErrRefused = errors.New("refused by RingCX")
	// ErrInvalidInput: a parameter failed validation before anything was sent.
	ErrInvalidInput = errors.New("invalid input")
	// ErrTimeout: no answer arrived within the request timeout. For an
	// action this means the outcome is unknown.
	ErrTimeout = errors.New("no answer from RingCX in time")
	// ErrMalformedResponse: the server answered 2xx with something that is
	// not what the spec describes (broken or cut-off JSON, an action answer
	// other than true/false).
	ErrMalformedResponse = errors.New("malformed answer from RingCX")
	// ErrNotAllowed: whoever asked may not act — a viewer of a shared
	// console, or a read-only one — so the action was refused before
	// anything was sent. RingCX never answers it; a callboard service does
	// (see NotAllowedError for why).
	ErrNotAllowed = errors.New("not allowed")
	// ErrAnswerLost: the request was sent and its answer was lost on the
	// way back — the connection dropped after the request went out, the
	// answer was cut short or could not be read, or a gateway in front of
	// RingCX answered 502/503/504 in its place. For an action the outcome
	// is unknown: it may have run. An action that ends this way is never
	// sent again by the client.
	ErrAnswerLost = errors.New("sent; RingCX's answer was lost")
	// ErrNotSent: the request was never sent, so nothing happened — its
	// deadline passed while it waited for its turn, callboard was
	// stopping, no connection could be made, or signing in failed.
	ErrNotSent = errors.New("not sent")
	// ErrSignInNeeded: RingCX still refused the credential after it was
	// renewed, and nothing here can sign in afresh — an access token and
	// refresh token were given without a JWT, or the authenticator cannot
	// sign in. Retrying will not help until the person supplies new
	// credentials. It comes as a *SignInError (step "RingCX sign-in")
	// wrapping RingCX's 401, so it also matches ErrUnauthorized and
	// errors.As finds the *APIError.
	ErrSignInNeeded = errors.New("RingCX needs a fresh sign-in, and there are no credentials to sign in with")
)

// NotSentReason says why a request was never sent.
type NotSentReason string

// The reasons a request is not sent.
const (
	// NotSentDeadline: the action's deadline (WithActionDeadline) passed
	// while it waited for the request budget or a rate-limit pause.
	NotSentDeadline NotSentReason = "deadline"
	// NotSentStopping: it was cancelled (quit, a viewer leaving, the
	// budget stopped) before it was sent.
	NotSentStopping NotSentReason = "stopping"
	// NotSentNoConnection: no connection to RingCX could be made, so the
	// request never went out.
	NotSentNoConnection NotSentReason = "no connection"
	// NotSentSignIn: signing in (or renewing the token) failed before the
	// request could be sent.
	NotSentSignIn NotSentReason = "sign-in"
)

// NotSentError is an ErrNotSent with its reason: what the audit log
// records as "not sent" and the board words.
type NotSentError struct {
	Reason NotSentReason
	// Waited is how long the request waited before it was given up.
	Waited time.Duration
	// Err is the underlying cause (a context error, a dial error, a
	// sign-in error); it is already cleaned of secrets.
	Err error
}

func (e *NotSentError) Error() string {
	s := "not sent (" + string(e.Reason) + ")"
	if e.Waited > 0 {
		s += fmt.Sprintf(" after waiting %s", e.Waited.Round(time.Second))
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}
func (e *NotSentError) Is(target error) bool { return target == ErrNotSent }
func (e *NotSentError) Unwrap() error        { return e.Err }

// AnswerLostError is an ErrAnswerLost: what was sent, and how its answer
// was lost. Every text field is cleaned of control characters and secrets.
type AnswerLostError struct {
	Method, Path string
	// StatusCode is the gateway's 502/503/504; 0 when the connection
	// failed, the answer was cut short or could not be read.
	StatusCode int
	// Cause is how the answer was lost, for people: "connection closed
	// after the request was sent", "answer cut short", "answer headers too
	// large", "answer larger than 32 MiB: refused", "unreadable answer" (an
	// action's 2xx that is neither true nor false), or the gateway's
	// status ("504 Gateway Timeout").
	Cause string
	// RequestID is the gateway's request id, cleaned and capped.
	RequestID string
}

func (e *AnswerLostError) Error() string {
	return fmt.Sprintf("%s %s: sent; RingCX's answer was lost (%s)", e.Method, e.Path, e.Cause)
}
func (e *AnswerLostError) Is(target error) bool { return target == ErrAnswerLost }

// APIError is any non-success answer from the server. Its text fields come
// from the server and are untrusted: they are cleaned of control characters
// and of anything that looks like a credential before they are stored.
type APIError struct {
	StatusCode int
	// ErrorCode, Message (generalMessage), Details and RequestURI mirror the
	// RingCX error body; a plain-text body lands in Message.
	ErrorCode  string
	Message    string
	Details    string
	RequestURI string
	// RequestID is the server's request id header, for support tickets.
	RequestID        string
	ValidationErrors []FieldError
	// Method and Path identify the request (path only: no query string).
	Method string
	Path   string
}

// FieldError is one entry of a RingCX validationErrors list.
type FieldError struct {
	Attribute string
	Message   string
	Value     string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if msg := e.Reason(); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Reason is the server's own words, the part worth showing a person: the
// message, then details and field errors where they add something.
func (e *APIError) Reason() string {
	parts := make([]string, 0, 2+len(e.ValidationErrors))
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	if e.Details != "" && e.Details != e.Message {
		parts = append(parts, e.Details)
	}
	for _, v := range e.ValidationErrors {
		s := v.Message
		if v.Attribute != "" {
			s = v.Attribute + ": " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// Is maps the HTTP status onto the package sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrInvalidInput:
		return e.StatusCode == http.StatusBadRequest
	}
	return false
}

// RateLimitError is a 429 from the server, or a request the client held back
// to stay inside a documented limit. RetryAfter is how long to wait.
type RateLimitError struct {
	RetryAfter time.Duration
	// API is the server's answer; nil when the client itself held back.
	API *APIError
	// Limit names the limit when the client held back (e.g. "sign-in").
	Limit string
}

func (e *RateLimitError) Error() string {
	wait := e.RetryAfter.Round(time.Second)
	if e.API == nil {
		return fmt.Sprintf("rate limited: %s limit reached, retry in %s", e.Limit, wait)
	}
	return fmt.Sprintf("%s (retry in %s)", e.API.Error(), wait)
}

func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

func (e *RateLimitError) Unwrap() error {
	if e.API == nil {
		return nil
	}
	return e.API
}

// callError marks an action's 404 as "the call has ended" while keeping the
// server's answer reachable through errors.As.
type callError struct {
	uii string
	api *APIError
}

func (e *callError) Error() string {
	return fmt.Sprintf("call %s has ended (%d %s)", e.uii, e.api.StatusCode, e.api.Reason())
}
func (e *callError) Is(target error) bool { return target == ErrCallNotFound }
func (e *callError) Unwrap() error        { return e.api }

// refusedError is an action answered with `false`.
type refusedError struct {
	action string
	uii    string
}

func (e *refusedError) Error() string {
	if e.uii == "" {
		return fmt.Sprintf("%s: refused by RingCX (it answered false)", e.action)
	}
	return fmt.Sprintf("%s on call %s: refused by RingCX (it answered false)", e.action, e.uii)
}
func (e *refusedError) Is(target error) bool { return target == ErrRefused }

// InputError is a parameter rejected before any request was sent.
type InputError struct {
	Field  string
	Value  string
	Reason string
}

func (e *InputError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("invalid %s: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("invalid %s %q: %s", e.Field, e.Value, e.Reason)
}
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// NotAllowedReason says why an action was not allowed.
type NotAllowedReason string

// The reasons an action is not allowed.
const (
	// NotAllowedViewer: the person is a viewer of the service, who may
	// watch but not act.
	NotAllowedViewer NotAllowedReason = "viewer"
	// NotAllowedReadOnly: the service was started read-only.
	NotAllowedReadOnly NotAllowedReason = "read-only"
)

// NotAllowedError is an ErrNotAllowed with its reason, for the audit log
// and for the board to word.
type NotAllowedError struct{ Reason NotAllowedReason }

func (e *NotAllowedError) Error() string        { return "not allowed: " + string(e.Reason) }
func (e *NotAllowedError) Is(target error) bool { return target == ErrNotAllowed }

// wireError is the RingCX JSON error body. Fields are decoded leniently: a
// server that sends a number where a string is documented must not turn an
// error report into a decoding failure.
type wireError struct {
	ErrorCode        flexString `json:"errorCode"`
	GeneralMessage   flexString `json:"generalMessage"`
	Details          flexString `json:"details"`
	RequestURI       flexString `json:"requestUri"`
	Message          flexString `json:"message"`
	Error            flexString `json:"error"`
	ErrorDescription flexString `json:"error_description"`
	ValidationErrors []struct {
		AttributeName flexString `json:"attributeName"`
		Message       flexString `json:"message"`
		Value         flexString `json:"value"`
	} `json:"validationErrors"`
}

// maxReasonLen bounds server-supplied text kept in an error: a hostile or
// broken server must not fill the screen or the log with one message.
const maxReasonLen = 300

// newAPIError decodes an error answer. JSON bodies (RingCX's and the
// RingCentral platform's OAuth shape) are read field by field; anything else
// is kept as plain text, which is how RingCX reports expired tokens.
func newAPIError(resp *http.Response, body []byte, method, path string, clean func(string) string) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     method,
		Path:       path,
		RequestID:  requestID(resp.Header, clean),
	}
	trimmed := strings.TrimSpace(string(body))
	var w wireError
	if strings.HasPrefix(trimmed, "{") && json.Unmarshal(body, &w) == nil {
		e.ErrorCode = clean(string(w.ErrorCode))
		e.Message = clean(firstNonEmpty(string(w.GeneralMessage), string(w.Message), string(w.ErrorDescription), string(w.Error)))
		e.Details = clean(string(w.Details))
		e.RequestURI = clean(string(w.RequestURI))
		for _, v := range w.ValidationErrors {
			e.ValidationErrors = append(e.ValidationErrors, FieldError{
				Attribute: clean(string(v.AttributeName)),
				Message:   clean(string(v.Message)),
				Value:     clean(string(v.Value)),
			})
		}
		return e
	}
	if isHTML(resp.Header.Get("Content-Type"), trimmed) {
		// A proxy's error page says nothing the status does not.
		return e
	}
	e.Message = clean(trimmed)
	return e
}

func isHTML(contentType, body string) bool {
	return strings.Contains(contentType, "html") || strings.HasPrefix(strings.ToLower(body), "<!doctype") || strings.HasPrefix(strings.ToLower(body), "<html")
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date, capped at
// MaxRetryAfter (a number too large to parse is the cap too); absent or
// unreadable means "wait a little" (5 s), and zero, negative or a date
// already past one second — never "retry immediately".
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	const fallback = 5 * time.Second
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return fallback
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case err != nil && strings.HasPrefix(v, "-"), err == nil && secs < 1:
			return time.Second
		case err != nil || secs >= int64(MaxRetryAfter/time.Second):
			return MaxRetryAfter
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, MaxRetryAfter)
		}
		return time.Second
	}
	return fallback
}
