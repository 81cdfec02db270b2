package console

import (
	"context"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/team"
)

// Actions is the one path of v's actions, for their board and for
// one-shot commands run for them: the audit recorder, writing v's
// operator, source and key fingerprint; below it the role check, which
// refuses a viewer's action (and every action of a read-only service)
// with an *api.NotAllowedError before anything reaches RingCX — recorded
// as audit.ResultNotAllowed, so the trail shows the attempt; then
// team.Actions, which keeps the shared state true to what was done; then
// the client. Wait counts every action until its outcome is recorded.
func (s *Service) Actions(v Viewer) api.Actions { return s.actions(v, nil, nil) }

// CommandActions is Actions for a one-shot command: seen reports whether
// the command saw the call active (in a live list it read), so that
// RingCX's 404 on a uii never seen is recorded as "not found" rather than
// "call ended" (audit.Recorder.Seen).
func (s *Service) CommandActions(v Viewer, seen func(uii string) bool) api.Actions {
	return s.actions(v, seen, nil)
}

// readOnlyReason is why v may not act, "" when v may.
func (s *Service) readOnlyReason(v Viewer) api.NotAllowedReason {
	switch {
	case s.opts.ReadOnly:
		return api.NotAllowedReadOnly
	case !v.mayAct():
		return api.NotAllowedViewer
	}
	return ""
}

// actions builds v's path; with board set, the actions it has not sent
// yet are given up when the board's viewer leaves (board.leave).
func (s *Service) actions(v Viewer, seen func(uii string) bool, board *leaving) api.Actions {
	var next api.Actions = team.Actions(s.client, s.store, v.Operator)
	if reason := s.readOnlyReason(v); reason != "" {
		next = notAllowed{reason}
	}
	if board != nil {
		next = &untilLeft{next: next, board: board}
	}
	rec := &audit.Recorder{
		Next: next, Log: s.audit, Account: s.client.AccountID(),
		Operator: v.Operator, Host: s.host, Source: v.Source, Key: v.Fingerprint, Seen: seen,
	}
	return &counted{next: rec, inflight: &s.inflight}
}

// notAllowed refuses every action, sending nothing.
type notAllowed struct{ reason api.NotAllowedReason }

func (n notAllowed) err() error { return &api.NotAllowedError{Reason: n.reason} }

func (n notAllowed) AddSession(context.Context, string, string, api.SessionType) error {
	return n.err()
}
func (n notAllowed) HangupSession(context.Context, string, string) error { return n.err() }
func (n notAllowed) HangupCall(context.Context, string) error            { return n.err() }
func (n notAllowed) ToggleRecording(context.Context, string, bool) error { return n.err() }
func (n notAllowed) Disposition(context.Context, string, api.DispositionRequest) error {
	return n.err()
}
func (n notAllowed) CreateManualAgentCall(context.Context, api.ManualCallRequest) error {
	return n.err()
}

// counted counts each action in flight for Service.Wait, and tells
// Service.Shutdown the outcome of each that ends while it waits.
type counted struct {
	next     api.Actions
	inflight *inflight
}

// ended ends an action begun with inflight.begin with its error, read
// when the deferred call runs.
func ended(end func(error), err *error) { end(*err) }

func (c *counted) AddSession(ctx context.Context, uii, destination string, t api.SessionType) (err error) {
	defer ended(c.inflight.begin(), &err)
	return c.next.AddSession(ctx, uii, destination, t)
}

func (c *counted) HangupSession(ctx context.Context, uii, phone string) (err error) {
	defer ended(c.inflight.begin(), &err)
	return c.next.HangupSession(ctx, uii, phone)
}

func (c *counted) HangupCall(ctx context.Context, uii string) (err error) {
	defer ended(c.inflight.begin(), &err)
	return c.next.HangupCall(ctx, uii)
}

func (c *counted) ToggleRecording(ctx context.Context, uii string, on bool) (err error) {
	defer ended(c.inflight.begin(), &err)
	return c.next.ToggleRecording(ctx, uii, on)
}

func (c *counted) Disposition(ctx context.Context, uii string, d api.DispositionRequest) (err error) {
	defer ended(c.inflight.begin(), &err)
	return c.next.Disposition(ctx, uii, d)
}

func (c *counted) CreateManualAgentCall(ctx context.Context, m api.ManualCallRequest) (err error) {
	defer ended(c.inflight.begin(), &err)
	return c.next.CreateManualAgentCall(ctx, m)
}
