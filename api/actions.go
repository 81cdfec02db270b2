package api

import (
	"context"
	"strings"
)

// Actions is the part of the client that changes something on a live call.
// The board and the one-shot commands act through it, and the audit log's
// recorder wraps it, so there is one definition of "an action".
//
// Phone numbers are E.164 (+14155550123), normalised where people typed
// them (PhoneParser.Normalize); anything else is refused with
// ErrInvalidInput. One spelling per number is what lets HangupSession name
// the session AddSession dialled, and the audit log match the two.
type Actions interface {
	AddSession(ctx context.Context, uii, destination string, t SessionType) error
	HangupSession(ctx context.Context, uii, phone string) error
	HangupCall(ctx context.Context, uii string) error
	ToggleRecording(ctx context.Context, uii string, on bool) error
	Disposition(ctx context.Context, uii string, r DispositionRequest) error
	CreateManualAgentCall(ctx context.Context, r ManualCallRequest) error
}

var _ Actions = (*Client)(nil)

// The checks each action makes before anything is sent, exported so that a
// wrapper (the audit log) refuses bad input before recording an attempt
// that never reached RingCX. The client methods run the same checks.

// ValidateAddSession checks AddSession's parameters.
func ValidateAddSession(uii, destination string, t SessionType) error {
	if err := ValidateUII(uii); err != nil {
		return err
	}
	if !t.Valid() {
		return &InputError{Field: "sessionType", Value: string(t), Reason: "must be MONITOR, BARGEIN or COACHING"}
	}
	return validE164("destination", destination)
}

// ValidateHangupSession checks HangupSession's parameters. The phone must
// be exactly the string the session was added with, so besides E.164 it
// may be the bare digits earlier versions of callboard sent (RingCX takes
// both): a session recorded that way can still be ended.
func ValidateHangupSession(uii, phone string) error {
	if err := ValidateUII(uii); err != nil {
		return err
	}
	if digits := strings.TrimPrefix(phone, "+"); digits == phone && len(phone) >= 7 && len(phone) <= 15 && strings.Trim(phone, "0123456789") == "" {
		return nil
	}
	return validE164("phone", phone)
}

// Validate checks a disposition.
func (r DispositionRequest) Validate() error {
	if err := validateRequired("disposition", r.Disposition); err != nil {
		return err
	}
	if r.CallbackDTS != "" {
		if err := ValidateCallbackDTS(r.CallbackDTS); err != nil {
			return err
		}
	}
	return validateOptionalText("notes", r.Notes)
}

// Validate checks a manual call.
func (r ManualCallRequest) Validate() error {
	if err := validateRequired("username", r.Username); err != nil {
		return err
	}
	if err := validE164("destination", r.Destination); err != nil {
		return err
	}
	if err := validE164("callerId", r.CallerID); err != nil {
		return err
	}
	return validateRingDuration(r.RingDuration)
}
