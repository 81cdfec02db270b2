package api

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestActiveCallStateWaitTalk(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) time.Time { return now.Add(-ago) }
	cases := []struct {
		name       string
		call       ActiveCall
		state      string
		wait, talk time.Duration
	}{
		{"queued", ActiveCall{EnqueueTime: at(90 * time.Second)}, StateQueued, 90 * time.Second, 0},
		{"talking", ActiveCall{EnqueueTime: at(5 * time.Minute), DequeueTime: at(4 * time.Minute)}, StateTalking, time.Minute, 4 * time.Minute},
		// A null enqueueTime hides the wait, never the talk time.
		{"talking, enqueue null", ActiveCall{DequeueTime: at(3 * time.Minute)}, StateTalking, 0, 3 * time.Minute},
		{"other state", ActiveCall{CallState: "WRAP_UP", DequeueTime: at(time.Minute)}, "wrap_up", 0, time.Minute},
		{"ACTIVE is not a state of its own", ActiveCall{CallState: "active", EnqueueTime: at(time.Second)}, StateQueued, time.Second, 0},
		// Clocks disagree: a dequeue time in the future is no negative talk.
		{"clock skew", ActiveCall{EnqueueTime: now.Add(time.Minute), DequeueTime: now.Add(2 * time.Minute)}, StateTalking, time.Minute, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.state, c.call.State())
			assert.Equal(t, c.wait, c.call.Wait(now))
			assert.Equal(t, c.talk, c.call.Talk(now))
		})
	}
}

func TestParseCallbackTime(t *testing.T) {
	loc := time.FixedZone("here", 3600)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, loc)
	for in, want := range map[string]string{
		"20261126143000":      "20261126143000",
		"2026-11-26 14:30":    "20261126143000",
		"2026-11-26T14:30":    "20261126143000",
		" 2026-11-27 09:05 ":  "20261127090500",
		"2026-11-26 14:30:15": "20261126143015",
	} {
		got, err := ParseCallbackTime(in, now)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got, in)
		}
	}
	for in, reason := range map[string]string{
		"20261126110000":   "in the past",
		"2026-11-26 12:00": "in the past",
		"tomorrow":         "2026-11-27 14:30, 2026-11-27T14:30 or 20261127143000",
		"20261131143000":   "not a date and time",
		"2026-13-01 10:00": "not a date and time",
	} {
		_, err := ParseCallbackTime(in, now)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), reason, in)
			assert.Contains(t, err.Error(), "callback time", "the person's words, not callBackDTS")
			assert.NotContains(t, err.Error(), "callBackDTS")
		}
	}
}
