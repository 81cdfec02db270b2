package audit

import "time"

// Record is one line of the audit log. An action writes two records that
// share an ID: the intent (before the request is sent, with the
// parameters) and the outcome (after, with the result, HTTP status and
// latency).
type Record struct {
	Time     time.Time `json:"time"`
	Event    string    `json:"event"`    // EventIntent, EventOutcome or EventObserved
	ID       string    `json:"id"`       // pairs an intent with its outcome
	Operator string    `json:"operator"` // who acted: the OS user, or the name a service knows its viewer by
	Host     string    `json:"host"`
	Source   string    `json:"source"` // SourceBoard, SourceSSH or SourceCLI
	// Key is the SHA256 fingerprint of the SSH key the operator signed in
	// with (SourceSSH): the name is what the server's config calls them,
	// the key is what proves who it was.
	Key     string `json:"key,omitempty"`
	Account string `json:"account"`
	UII     string `json:"uii,omitempty"`
	Action  string `json:"action"`
	// Params are the values handed to the action, as given: phone numbers
	// are kept (they say who was dialled), credentials never pass through
	// here.
	Params map[string]string `json:"params,omitempty"`
	// Result is set on outcomes only; see Classify for the exact texts.
	Result     string `json:"result,omitempty"`
	HTTPStatus int    `json:"http_status,omitempty"`
	// RequestID is the server's request id, the one thing RingCentral
	// support asks for when an action's effect is disputed.
	RequestID string `json:"request_id,omitempty"`
	LatencyMS int64  `json:"latency_ms,omitempty"`
}

// Event names.
const (
	EventIntent  = "intent"
	EventOutcome = "outcome"
	// EventObserved is something callboard saw rather than did — a
	// supervisor session ending with its call — recorded so the trail (and
	// the sessions replayed from it) does not have to guess. It stands
	// alone, its Result set.
	EventObserved = "observed"
)

// Sources: which front end the operator used.
const (
	SourceBoard = "board"
	// SourceSSH is a board (or a command) served over SSH by callboard serve.
	SourceSSH = "ssh"
	SourceCLI = "cli"
)

// Action names, one per RingCX Active Calls action.
const (
	ActionAddSession      = "add_session"
	ActionHangupSession   = "hangup_session"
	ActionHangupCall      = "hangup_call"
	ActionToggleRecording = "toggle_recording"
	ActionDisposition     = "disposition"
	ActionManualCall      = "manual_call"
	// ActionSessionEnded is observed, not sent: the call a session was on
	// is no longer active, so the session ended with it.
	ActionSessionEnded = "session_ended"
)
