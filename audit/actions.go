package audit

import (
	"context"
	"strconv"
	"strings"

	"github.com/callboard/callboard/api"
)

// The Actions methods. Each first makes the client's own checks: input the
// client would refuse is refused here, before an intent is recorded for an
// attempt that would never reach RingCX. Parameters are recorded byte for
// byte as the client sends them (a disposition's name and an agent's
// username without the spaces around them, which the client trims), so
// the record says exactly what RingCX was asked; optional ones the client
// leaves out of the request when empty are left out of the record.

// AddSession audits a monitor, coach or barge-in session.
func (r *Recorder) AddSession(ctx context.Context, uii, destination string, t api.SessionType) error {
	if err := api.ValidateAddSession(uii, destination, t); err != nil {
		return err
	}
	params := map[string]string{"destination": destination, "session_type": string(t)}
	return r.record(ctx, ActionAddSession, uii, params, func(ctx context.Context) error {
		return r.Next.AddSession(ctx, uii, destination, t)
	})
}

// HangupSession audits ending a supervisor session.
func (r *Recorder) HangupSession(ctx context.Context, uii, phone string) error {
	if err := api.ValidateHangupSession(uii, phone); err != nil {
		return err
	}
	return r.record(ctx, ActionHangupSession, uii, map[string]string{"phone": phone}, func(ctx context.Context) error {
		return r.Next.HangupSession(ctx, uii, phone)
	})
}

// HangupCall audits ending a call for everyone on it.
func (r *Recorder) HangupCall(ctx context.Context, uii string) error {
	if err := api.ValidateUII(uii); err != nil {
		return err
	}
	return r.record(ctx, ActionHangupCall, uii, nil, func(ctx context.Context) error {
		return r.Next.HangupCall(ctx, uii)
	})
}

// ToggleRecording audits starting or stopping the recording.
func (r *Recorder) ToggleRecording(ctx context.Context, uii string, on bool) error {
	if err := api.ValidateUII(uii); err != nil {
		return err
	}
	params := map[string]string{"record": strconv.FormatBool(on)}
	return r.record(ctx, ActionToggleRecording, uii, params, func(ctx context.Context) error {
		return r.Next.ToggleRecording(ctx, uii, on)
	})
}

// Disposition audits a disposition and its callback request.
func (r *Recorder) Disposition(ctx context.Context, uii string, d api.DispositionRequest) error {
	if err := api.ValidateUII(uii); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	params := map[string]string{"disposition": strings.TrimSpace(d.Disposition), "callback": strconv.FormatBool(d.Callback)}
	if d.CallbackDTS != "" {
		params["callback_at"] = d.CallbackDTS
	}
	if d.Notes != "" {
		params["notes"] = d.Notes
	}
	return r.record(ctx, ActionDisposition, uii, params, func(ctx context.Context) error {
		return r.Next.Disposition(ctx, uii, d)
	})
}

// CreateManualAgentCall audits making an agent's phone dial out. It has no
// uii: the call does not exist until it is placed.
func (r *Recorder) CreateManualAgentCall(ctx context.Context, m api.ManualCallRequest) error {
	if err := m.Validate(); err != nil {
		return err
	}
	params := map[string]string{
		"agent": strings.TrimSpace(m.Username), "destination": m.Destination,
		"caller_id": m.CallerID, "ring_seconds": strconv.Itoa(m.RingDuration),
	}
	return r.record(ctx, ActionManualCall, "", params, func(ctx context.Context) error {
		return r.Next.CreateManualAgentCall(ctx, m)
	})
}
