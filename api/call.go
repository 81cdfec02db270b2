package api

import (
	"strings"
	"time"
)

// The states State reports for the two states RingCX's list implies; any
// other callState is reported as RingCX wrote it, lower-cased.
const (
	StateQueued  = "queued"
	StateTalking = "talking"
)

// State is the call's state as people read it: "queued" until an agent
// takes it, then "talking" — or, when RingCX reports a callState other
// than ACTIVE, that text lower-cased (untrusted: clean it before display).
// The board, the commands and the tallies all read it here, so they cannot
// disagree.
func (c ActiveCall) State() string {
	switch {
	case c.CallState != "" && !strings.EqualFold(c.CallState, "ACTIVE"):
		return strings.ToLower(c.CallState)
	case c.Queued():
		return StateQueued
	}
	return StateTalking
}

// Wait is the time the caller spent in queue at now: dequeue − enqueue once
// an agent took the call, now − enqueue while it is still queued, zero
// when RingCX did not say when the call was queued.
func (c ActiveCall) Wait(now time.Time) time.Duration {
	switch {
	case c.EnqueueTime.IsZero():
		return 0
	case c.Queued():
		return max(0, now.Sub(c.EnqueueTime))
	}
	return max(0, c.DequeueTime.Sub(c.EnqueueTime))
}

// Talk is how long an agent has been on the call at now (zero while it is
// queued). It depends on the dequeue time alone: a call whose enqueueTime
// is null still has a talk time.
func (c ActiveCall) Talk(now time.Time) time.Duration {
	if c.Queued() {
		return 0
	}
	return max(0, now.Sub(c.DequeueTime))
}
