package team

import (
	"context"
	"errors"
	"time"

	"github.com/callboard/callboard/api"
)

// Actions carries out next's actions for operator and keeps the store true
// to their effect: a session started (or, when the answer was lost, maybe
// started), a session ended, a call hung up, recording set. Every board
// reads the store, so what one supervisor does shows on the others' boards
// at once, not at the next poll.
func Actions(next api.Actions, store *Store, operator string) api.Actions {
	return &actions{next: next, store: store, operator: operator, now: time.Now}
}

type actions struct {
	next     api.Actions
	store    *Store
	operator string
	now      func() time.Time
}

// gone records what a 404 says: RingCX no longer knows the call.
func (a *actions) gone(uii string, err error) {
	if errors.Is(err, api.ErrCallNotFound) {
		a.store.CallsEnded(uii)
	}
}

func (a *actions) AddSession(ctx context.Context, uii, destination string, t api.SessionType) error {
	err := a.next.AddSession(ctx, uii, destination, t)
	// An add whose outcome is unknown (api.OutcomeUnknown: the answer
	// lost, none in time, given up after sending) may have opened the
	// session: it is kept as maybe open, so no board shows it gone and
	// sends a second one. One never sent opened nothing.
	if err == nil || api.OutcomeUnknown(err) {
		a.store.Started(Session{UII: uii, Operator: a.operator, Type: t, Phone: destination, Since: a.now(), Uncertain: err != nil})
	}
	a.gone(uii, err)
	return err
}

func (a *actions) HangupSession(ctx context.Context, uii, phone string) error {
	err := a.next.HangupSession(ctx, uii, phone)
	switch {
	case err == nil, errors.Is(err, api.ErrRefused):
		// Refused: RingCX has no such session (any more).
		a.store.Ended(uii, phone)
	case api.OutcomeUnknown(err):
		a.store.Unsure(uii, phone)
	}
	a.gone(uii, err)
	return err
}

func (a *actions) HangupCall(ctx context.Context, uii string) error {
	err := a.next.HangupCall(ctx, uii)
	if err == nil {
		a.store.CallsEnded(uii)
	}
	a.gone(uii, err)
	return err
}

func (a *actions) ToggleRecording(ctx context.Context, uii string, on bool) error {
	err := a.next.ToggleRecording(ctx, uii, on)
	switch {
	case err == nil:
		a.store.SetRecording(uii, on)
	case api.OutcomeUnknown(err):
		// It may or may not have changed: what was set before no longer
		// says what the call is doing.
		a.store.RecordingUnknown(uii)
	}
	a.gone(uii, err)
	return err
}

func (a *actions) Disposition(ctx context.Context, uii string, d api.DispositionRequest) error {
	err := a.next.Disposition(ctx, uii, d)
	a.gone(uii, err)
	return err
}

func (a *actions) CreateManualAgentCall(ctx context.Context, m api.ManualCallRequest) error {
	return a.next.CreateManualAgentCall(ctx, m)
}
