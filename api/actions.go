package api

import "context"

// Actions is the part of the client that changes something on a live call.
// The board and the one-shot commands act through it, and the audit log's
// recorder wraps it, so there is one definition of "an action".
type Actions interface {
	AddSession(ctx context.Context, uii, destination string, t SessionType) error
	HangupSession(ctx context.Context, uii, phone string) error
	HangupCall(ctx context.Context, uii string) error
	ToggleRecording(ctx context.Context, uii string, on bool) error
	Disposition(ctx context.Context, uii string, r DispositionRequest) error
	CreateManualAgentCall(ctx context.Context, r ManualCallRequest) error
}

var _ Actions = (*Client)(nil)
