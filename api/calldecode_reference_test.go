package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// referenceDecodeActiveCalls is how the active-call list was decoded before
// issue 13, kept as the reference the one decoder (decodeCallList) must
// agree with: encoding/json into wireActiveCall, whose field types
// (flexString, wireTime, flexBool) carry the leniency. The hand-written fast
// path that ran first was required to agree with this on every input it
// accepted (the old FuzzDecodeActiveCalls), so this is the behaviour.
func referenceDecodeActiveCalls(body []byte) ([]ActiveCall, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '[' {
		return nil, fmt.Errorf("%w: expected a JSON array, got %s", ErrMalformedResponse, describeBody(body))
	}
	var wire []referenceCall
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformedResponse, Clean(err.Error(), maxReasonLen))
	}
	calls := make([]ActiveCall, len(wire))
	for i, c := range wire {
		calls[i] = ActiveCall(c)
	}
	return calls, nil
}

// referenceCall decodes one call the old way; a null call reaches
// UnmarshalJSON too and decodes to the zero call.
type referenceCall ActiveCall

func (c *referenceCall) UnmarshalJSON(b []byte) error {
	var w wireActiveCall
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = referenceCall{
		UII:             string(w.UII),
		AccountID:       string(w.AccountID),
		ANI:             string(w.ANI),
		DNIS:            string(w.DNIS),
		DNISE164:        string(w.DNISE164),
		EnqueueTime:     time.Time(w.EnqueueTime),
		DequeueTime:     time.Time(w.DequeueTime),
		CallState:       string(w.CallState),
		Archive:         bool(w.Archive),
		AgentFirstName:  string(w.AgentFirstName),
		AgentLastName:   string(w.AgentLastName),
		DestinationName: string(w.DestinationName),
		ExternalID:      string(w.ExternalID),
		CNAM:            string(w.CNAM),
	}
	return nil
}

// wireActiveCall is the JSON shape; unknown fields are ignored by
// encoding/json, nulls decode to zero values.
type wireActiveCall struct {
	UII             flexString `json:"uii"`
	AccountID       flexString `json:"accountId"`
	ANI             flexString `json:"ani"`
	DNIS            flexString `json:"dnis"`
	DNISE164        flexString `json:"dnisE164"`
	EnqueueTime     wireTime   `json:"enqueueTime"`
	DequeueTime     wireTime   `json:"dequeueTime"`
	CallState       flexString `json:"callState"`
	Archive         flexBool   `json:"archive"`
	AgentFirstName  flexString `json:"agentFirstName"`
	AgentLastName   flexString `json:"agentLastName"`
	DestinationName flexString `json:"destinationName"`
	ExternalID      flexString `json:"externalId"`
	CNAM            flexString `json:"cnam"`
}

// flexBool decodes true/false, "true"/"false" and null (false).
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", `"true"`:
		*f = true
	case "false", `"false"`, "null", `""`:
		*f = false
	default:
		return fmt.Errorf("expected a boolean, got %s", kindOf(b))
	}
	return nil
}
