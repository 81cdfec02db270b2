package audit

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/user"
	"sync"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/textcap"
)

// Actions is what the recorder wraps and offers: api.Actions, everything
// a supervisor must be accountable for.
type Actions = api.Actions

var _ Actions = (*Recorder)(nil)

// Recorder is an Actions that audits every action it passes on to Next:
// an intent record before sending, an outcome record after. If the intent
// cannot be written the action is not sent: an action that cannot be
// audited does not happen. It is safe for concurrent use.
type Recorder struct {
	Next Actions
	Log  *Log
	// Account, Operator, Host, Source and Key go into every record.
	Account, Operator, Host, Source, Key string
	// Now is the clock for record times and latency; nil means time.Now.
	Now func() time.Time
	// Seen reports whether a call was seen active in this run (in a call
	// list). It decides what RingCX's 404 means in the record: a call seen
	// active has ended (ResultEnded), while a uii never seen may never have
	// been a call at all — a typing mistake — and is only "not found"
	// (ResultNotFound). Nil means every call was seen: the board acts only on
	// calls it listed.
	Seen func(uii string) bool

	inflight sync.WaitGroup
}

// Wait blocks until every action in flight has its outcome recorded, or
// ctx ends (it then reports how it ended). The board calls it on quit
// before closing the log: an action sent just before q must not be left
// with "no outcome recorded" while RingCX carries it out.
func (r *Recorder) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { r.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewRecorder audits next's actions on account into log, naming the
// current OS user and host as the operator. A service acting for several
// people sets Operator (and Key) per viewer instead.
func NewRecorder(next Actions, log *Log, account, source string) *Recorder {
	return &Recorder{Next: next, Log: log, Account: account, Source: source, Operator: Operator(), Host: Host()}
}

// Operator is the OS account running callboard, the name every record
// carries: the replay of sessions (ReadSessions) looks for this name to
// find the sessions "I" started. os/user can fail without cgo on systems
// whose users are not in /etc/passwd; $USER is the fallback.
func Operator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// Host is the machine callboard runs on, the host every record names.
func Host() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "unknown"
}

// seen is Seen with its default: every call was seen.
func (r *Recorder) seen(uii string) bool {
	return r.Seen == nil || r.Seen(uii)
}

func (r *Recorder) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// record runs one action between its intent and its outcome.
func (r *Recorder) record(ctx context.Context, action, uii string, params map[string]string, send func(context.Context) error) error {
	r.inflight.Add(1)
	defer r.inflight.Done()
	base := Record{
		ID: rand.Text(), Operator: r.Operator, Host: r.Host, Source: r.Source, Key: r.Key,
		Account: r.Account, UII: uii, Action: action,
	}
	intent := base
	intent.Event, intent.Time, intent.Params = EventIntent, r.now().UTC(), params
	if err := r.Log.Append(intent); err != nil {
		return &WriteError{Action: action, UII: uii, Err: err}
	}

	var info api.ResponseInfo
	start := r.now()
	actErr := send(api.WithResponseInfo(ctx, &info))
	end := r.now()

	outcome := base
	outcome.Event, outcome.Time = EventOutcome, end.UTC()
	outcome.Result = ClassifyCall(actErr, r.seen(uii))
	outcome.HTTPStatus, outcome.RequestID = answer(info, actErr, outcome.Result)
	outcome.LatencyMS = millis(end.Sub(start))
	if err := r.Log.Append(outcome); err != nil {
		return &WriteError{Action: action, UII: uii, Sent: true, Result: outcome.Result, Err: err, ActionErr: actErr}
	}
	return actErr
}

// answer is the HTTP status and request id of the action's final answer:
// what the client saw, or failing that what its error carries. An action
// never sent had no answer; one with an unknown outcome had no final
// answer from RingCX — a status seen on the way (a 401 before a token
// renewal, a 429 before the retry, the 200 of an answer cut short) would
// mislead — except a gateway's 502/503/504, which is the one answer there
// was and whose request id is what support asks for. The request id is
// the server's and untrusted: cleaned and capped (RequestID).
func answer(info api.ResponseInfo, err error, result string) (int, string) {
	var lost *api.AnswerLostError
	var ae *api.APIError
	switch {
	case NotSent(result):
		return 0, ""
	case errors.As(err, &lost):
		return lost.StatusCode, RequestID(lost.RequestID)
	case result == ResultAnswerLost && errors.As(err, &ae):
		return ae.StatusCode, RequestID(ae.RequestID)
	case Unknown(result):
		return 0, ""
	case info.StatusCode != 0:
		return info.StatusCode, RequestID(info.RequestID)
	case errors.As(err, &ae):
		return ae.StatusCode, RequestID(ae.RequestID)
	}
	return 0, ""
}

// MaxRequestID is the most bytes of a server's request id a record keeps:
// real ones are a few dozen, and a hostile header must not make a
// megabyte record.
const MaxRequestID = 128

// RequestID is a server's request id as a record keeps it: cleaned of
// control characters and bidi overrides, at most MaxRequestID bytes, cut
// between characters. The client cleans and caps it too; the audit log
// does not rely on that.
func RequestID(s string) string {
	if len(s) > 4*MaxRequestID {
		s = s[:4*MaxRequestID] // what follows could never be kept
	}
	return textcap.Bytes(api.Clean(s, 0), MaxRequestID)
}

// millis rounds up: a sub-millisecond answer is 1, since 0 would read as
// "not measured" (and is left out of the record).
func millis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

// Observe records something seen rather than done (EventObserved): action
// names it, result says how it stands (ResultEnded for a session whose call
// is no longer active). It is written and synced like any record.
func (r *Recorder) Observe(uii, action string, params map[string]string, result string) error {
	return r.Log.Append(Record{
		Time: r.now().UTC(), Event: EventObserved, ID: rand.Text(), Operator: r.Operator, Host: r.Host,
		Source: r.Source, Key: r.Key, Account: r.Account, UII: uii, Action: action, Params: params, Result: result,
	})
}
