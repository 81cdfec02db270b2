package ui

import (
	"github.com/callboard/callboard/api"
)

// The actions as the commands name them. The board and the commands share
// the explanations below through these names, so `callboard coach` and c on
// the board say the same thing when RingCX refuses.
const (
	ActionMonitor     = "monitor"
	ActionCoach       = "coach"
	ActionBarge       = "barge"
	ActionEndSession  = "end-session"
	ActionHangup      = "hangup"
	ActionRecord      = "record"
	ActionDisposition = "disposition"
	ActionDial        = "dial"
)

// SessionAction is the command name of a supervision mode.
func SessionAction(t api.SessionType) string {
	switch t {
	case api.SessionCoaching:
		return ActionCoach
	case api.SessionBargeIn:
		return ActionBarge
	}
	return ActionMonitor
}

// Refusal is what is known when RingCX answers false to an action.
type Refusal struct {
	// Action is one of the Action names.
	Action string
	// Phone is the supervisor phone the action used (sessions), as the
	// caller shows numbers: the board in its region's format, the
	// commands as sent.
	Phone string
	// Existing is the mode of a session this operator already has on the
	// call, when one is known (empty otherwise).
	Existing api.SessionType
	// Switch is set when the refusal came from the board's mode switch,
	// which already ends the old session first.
	Switch bool
}

// ExplainRefusal says why RingCX probably answered false, in one
// parenthesised clause that follows "RingCX refused". It is the one table
// of explanations for the board and the commands.
func ExplainRefusal(r Refusal) string {
	switch r.Action {
	case ActionMonitor, ActionCoach, ActionBarge:
		if r.Existing != "" && SessionAction(r.Existing) == r.Action {
			return " (it answered false: you already have a " + sessionName(r.Existing) + " session on this call — RingCX takes one session per phone)"
		}
		if r.Existing != "" && !r.Switch {
			return " (it answered false: you already have a " + sessionName(r.Existing) + " session on this call, and RingCX cannot change a session's mode — end it first (end-session, or x on the board), or switch on the board, which does both steps)"
		}
		return " (it answered false: the call may not be connected to an agent yet, or your phone already has a session on it)"
	case ActionEndSession:
		if r.Phone != "" {
			return " (it answered false: there is no session for " + r.Phone + " on this call any more)"
		}
		return " (it answered false: there is no session for that phone on this call)"
	case ActionDisposition:
		return " (it answered false: check the disposition name exists for this call's campaign or queue — names must match exactly)"
	case ActionDial:
		return " (it answered false: the agent must be logged in, connected and not on a call)"
	case ActionHangup:
		return " (it answered false: the call may be ending already)"
	}
	return " (it answered false)"
}

// NotActive is what a command says of a uii RingCX does not know: not an
// active call (it never was one in this run, so it is not said to have
// ended).
const NotActive = "not an active call (check `callboard calls`)"
