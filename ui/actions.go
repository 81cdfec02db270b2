package ui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/team"
)

// The three supervision modes, as the board names them.
const (
	sessionMonitor = api.SessionMonitor
	sessionCoach   = api.SessionCoaching
	sessionBarge   = api.SessionBargeIn
)

// sessionWords is how the board names each mode: the ME column, running
// text, the toast's verb, the infinitive and the permission an admin grants.
var sessionWords = map[api.SessionType]struct{ label, name, verb, do, permission string }{
	api.SessionMonitor:  {"MON", "monitor", "monitoring", "monitor", "Monitoring"},
	api.SessionCoaching: {"COACH", "coaching", "coaching", "coach", "Coaching"},
	api.SessionBargeIn:  {"BARGE", "barge-in", "barged in on", "barge in on", "Barge-in"},
}

func sessionLabel(t api.SessionType) string { return sessionWords[t].label }
func sessionName(t api.SessionType) string  { return sessionWords[t].name }
func sessionVerb(t api.SessionType) string  { return sessionWords[t].verb }

// actionKind is what an action does.
type actionKind int

const (
	actAddSession actionKind = iota
	actSwitchSession
	actLeave
	actHangup
	actRecord
	actDisposition
	actManualCall
)

// actionRequest is one action, built in Update and carried out in a
// command.
type actionRequest struct {
	kind    actionKind
	uii     string
	label   string // who is on the call, for messages
	session api.SessionType
	from    team.Session // the session being replaced (switch) or ended (leave)
	phone   string
	record  bool
	disp    api.DispositionRequest
	manual  api.ManualCallRequest
	key     string // the pending map's key: the uii, or a manual call's own
}

func (r actionRequest) describe() string {
	switch r.kind {
	case actAddSession:
		return sessionName(r.session)
	case actSwitchSession:
		return "switch " + sessionName(r.from.Type) + " → " + sessionName(r.session)
	case actLeave:
		return "leave (end " + sessionName(r.from.Type) + " session)"
	case actHangup:
		return "hang up"
	case actRecord:
		if r.record {
			return "recording on"
		}
		return "recording off"
	case actDisposition:
		return "disposition " + clean(r.disp.Disposition)
	case actManualCall:
		return "manual call " + clean(r.manual.Destination)
	}
	return "action"
}

// actionDoneMsg is an action's outcome, with the shared state as the
// action left it.
type actionDoneMsg struct {
	req  actionRequest
	err  error
	at   time.Time
	took time.Duration
	team team.State
}

// start marks the call busy and returns the command that performs the
// action. The command never touches the model: it reports back.
func (m *Model) start(req actionRequest) tea.Cmd {
	first := len(m.pending) == 0
	if req.uii == "" {
		m.manualSeq++
		req.key = fmt.Sprintf("manual#%d", m.manualSeq)
	} else {
		req.key = req.uii
	}
	m.pending[req.key] = req.describe()
	m.pendingAt[req.key] = m.now
	if req.kind == actAddSession || req.kind == actSwitchSession {
		m.starting[req.uii] = req.session
	}
	m.say(info(req.describe() + "…"))
	client, ctx, store := m.cfg.Client, m.cfg.Context, m.cfg.Team
	run := func() tea.Msg {
		started := time.Now()
		err := perform(ctx, client, req)
		return actionDoneMsg{req: req, err: err, at: time.Now(), took: time.Since(started), team: store.State()}
	}
	if first {
		return tea.Batch(run, m.spinner.Tick)
	}
	return run
}

// actionWait is what holds actions back from being sent, read from the
// request budget on each tick: RingCX's rate-limit pause on actions (zero
// when none) and how many actions wait for their turn.
type actionWait struct {
	paused time.Time
	queued int
}

// pendingText lists the actions still waiting for RingCX and, while they
// wait for their turn rather than an answer, why — RingCX's rate limit
// and for how long at most, or the request budget — and when they will be
// given up as not sent: the action deadline, counted from the oldest.
func (m *Model) pendingText() string {
	labels := make([]string, 0, len(m.pending))
	oldest := m.now
	for _, k := range slices.Sorted(maps.Keys(m.pending)) {
		labels = append(labels, m.pending[k])
		if at, ok := m.pendingAt[k]; ok && at.Before(oldest) {
			oldest = at
		}
	}
	text := "waiting for RingCX: " + strings.Join(labels, ", ")
	w := m.actionWait
	switch {
	case w.paused.After(m.now):
		text += " · held by RingCX's rate limit: up to " + clock(w.paused.Sub(m.now))
	case w.queued > 0:
		text += " · waiting its turn in the request budget"
	default:
		return text
	}
	deadline := m.cfg.ActionDeadline
	if deadline <= 0 {
		deadline = api.DefaultActionDeadline
	}
	if left := oldest.Add(deadline).Sub(m.now); left > 0 {
		text += " · given up as not sent in " + clock(left)
	}
	return text
}

// perform runs the action against the API. Changing mode is two calls:
// RingCX has no "switch", so the old session is ended and a new one added.
func perform(ctx context.Context, c ActionClient, r actionRequest) error {
	switch r.kind {
	case actAddSession:
		return c.AddSession(ctx, r.uii, r.phone, r.session)
	case actSwitchSession:
		if err := c.HangupSession(ctx, r.uii, r.from.Phone); err != nil && !errors.Is(err, api.ErrRefused) {
			// Refused means the old session was already gone: carry on.
			return fmt.Errorf("ending the %s session: %w", sessionName(r.from.Type), err)
		}
		if err := c.AddSession(ctx, r.uii, r.phone, r.session); err != nil {
			return &switchError{err: err}
		}
		return nil
	case actLeave:
		return c.HangupSession(ctx, r.uii, r.from.Phone)
	case actHangup:
		return c.HangupCall(ctx, r.uii)
	case actRecord:
		return c.ToggleRecording(ctx, r.uii, r.record)
	case actDisposition:
		return c.Disposition(ctx, r.uii, r.disp)
	case actManualCall:
		return c.CreateManualAgentCall(ctx, r.manual)
	}
	return fmt.Errorf("unknown action %d", r.kind)
}

// switchError: the old session ended but the new one did not start.
type switchError struct{ err error }

func (e *switchError) Error() string { return e.err.Error() }
func (e *switchError) Unwrap() error { return e.err }

// onActionDone records the outcome, updates what this console knows about
// the call, says so, and asks the poller for a fresh list.
func (m *Model) onActionDone(d actionDoneMsg) tea.Cmd {
	r := d.req
	delete(m.pending, r.key)
	delete(m.pendingAt, r.key)
	delete(m.starting, r.uii)
	if m.cfg.Poller != nil {
		m.cfg.Poller.RefreshNow()
	}
	// The store already holds what the action did (team.Actions): a session
	// started or ended, recording set, a call gone.
	m.applyTeam(d.team)
	if d.err != nil {
		msg := m.describeError(r, d.err)
		if r.kind == actLeave && errors.Is(d.err, api.ErrRefused) {
			// RingCX knows no such session: it ended some other way (the
			// phone hung up), and the store has forgotten it.
			msg += " — callboard no longer counts it as yours"
		}
		m.record(r.uii, HistoryEntry{At: d.at, Action: r.describe(), Result: msg,
			Unknown: api.OutcomeUnknown(d.err), NotSent: errors.Is(d.err, api.ErrNotSent)})
		m.say(failure(msg))
		return nil
	}
	m.record(r.uii, HistoryEntry{At: d.at, Action: r.describe(), Result: "ok", OK: true})
	switch r.kind {
	case actAddSession, actSwitchSession:
		verb := sessionVerb(r.session)
		m.say(success(strings.ToUpper(verb[:1]) + verb[1:] + " " + r.label + " — your phone is ringing"))
	case actLeave:
		m.say(success("Left " + r.label + " (" + sessionName(r.from.Type) + " session ended)"))
	case actHangup:
		m.say(success("Hung up " + r.label))
	case actRecord:
		if r.record {
			m.say(success("Recording started on " + r.label))
		} else {
			m.say(success("Recording stopped on " + r.label))
		}
	case actDisposition:
		m.say(success(fmt.Sprintf("Disposition %q set on %s", r.disp.Disposition, r.label)))
	case actManualCall:
		m.say(success(fmt.Sprintf("Calling %s from %s's phone", m.showPhone(r.manual.Destination), r.manual.Username)))
	}
	return nil
}

// describeError says what went wrong in the API's own words, with what to
// do where that is clear.
func (m *Model) describeError(r actionRequest, err error) string {
	what := r.describe()
	var apiErr *api.APIError
	hasAPI := errors.As(err, &apiErr)
	reason := ""
	if hasAPI {
		reason = clean(apiErr.Reason())
	}
	var rl *api.RateLimitError
	var na *api.NotAllowedError
	var ns *api.NotSentError
	switch {
	case errors.As(err, &ns):
		return what + ": not sent — " + notSentReason(ns)
	case errors.Is(err, api.ErrAnswerLost):
		return what + ": sent — RingCX's answer was lost; it may have happened: check the call"
	case errors.As(err, &na):
		return what + ": not sent — " + m.notAllowed(na.Reason)
	case errors.As(err, &rl):
		return fmt.Sprintf("%s: RingCX is rate limiting this account; try again in %s", what, rl.RetryAfter.Round(time.Second))
	case errors.Is(err, api.ErrCallNotFound):
		return what + ": call has ended"
	case errors.Is(err, api.ErrForbidden):
		return fmt.Sprintf("%s: permission denied — ask an admin to enable %s for your user%s", what, permissionFor(r), withReason(reason))
	case errors.Is(err, api.ErrRefused):
		return what + ": RingCX refused" + m.refusalHint(r)
	case errors.Is(err, api.ErrTimeout):
		return what + ": no answer from RingCX in time — it may or may not have happened; check the call"
	case errors.Is(err, api.ErrUnauthorized):
		return what + ": signed out" + withReason(reason) + " — check the credentials"
	case errors.Is(err, api.ErrInvalidInput):
		return what + ": " + clean(err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// Given up after it was sent (one never sent is a NotSentError,
		// above): RingCX may have acted.
		return what + ": given up before RingCX answered — it may have happened; check the call"
	case hasAPI:
		if reason == "" {
			reason = fmt.Sprintf("%d %s", apiErr.StatusCode, strings.ToLower(httpStatusText(apiErr.StatusCode)))
		}
		return what + ": " + reason
	}
	return what + ": " + clean(err.Error())
}

// notSentReason words why an action was never sent: nothing happened,
// and the person may try again once the reason has passed.
func notSentReason(e *api.NotSentError) string {
	switch e.Reason {
	case api.NotSentDeadline:
		if e.Waited <= 0 {
			return "its turn did not come in time"
		}
		return "waited " + e.Waited.Round(time.Second).String() + " for its turn"
	case api.NotSentStopping:
		return "callboard is stopping"
	case api.NotSentNoConnection:
		return "no connection to RingCX"
	case api.NotSentSignIn:
		if e.Err == nil {
			return "signing in to RingCX failed"
		}
		return "signing in to RingCX failed (" + clean(e.Err.Error()) + ")"
	}
	return clean(string(e.Reason))
}

func withReason(reason string) string {
	if reason == "" {
		return ""
	}
	return " (" + reason + ")"
}

func permissionFor(r actionRequest) string {
	switch r.kind {
	case actAddSession, actSwitchSession:
		return sessionWords[r.session].permission
	case actHangup:
		return "call control (hang up)"
	case actRecord:
		return "recording control"
	case actManualCall:
		return "manual outbound calls"
	}
	return "this action"
}

// refusalHint explains a refusal with the table the commands use too.
func (m *Model) refusalHint(r actionRequest) string {
	ref := Refusal{Phone: r.phone}
	switch r.kind {
	case actAddSession:
		ref.Action = SessionAction(r.session)
	case actSwitchSession:
		ref.Action, ref.Existing, ref.Switch = SessionAction(r.session), r.from.Type, true
	case actLeave:
		ref.Action, ref.Phone = ActionEndSession, r.from.Phone
	case actHangup:
		ref.Action = ActionHangup
	case actRecord:
		ref.Action = ActionRecord
	case actDisposition:
		ref.Action = ActionDisposition
	case actManualCall:
		ref.Action = ActionDial
	}
	if ref.Phone != "" {
		ref.Phone = m.showPhone(ref.Phone)
	}
	return ExplainRefusal(ref)
}
