package ui

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/sim"
)

// A gateway answering 503 for an action: the action went through it and
// may have happened (the client says so: api.ErrAnswerLost). The board
// says so — not that it failed — on the action-result line and in the
// call's history.
func TestBoardSaysAnAnswerLostMayHaveHappened(t *testing.T) {
	b, _ := boardOnACall(t)
	b.sim.SetFaults(sim.Faults{Outage: true})
	b.press("r")
	want := "recording on: sent — RingCX's answer was lost; it may have happened: check the call"
	assert.Contains(t, b.screen(), want)
	b.press("enter")
	assert.Contains(t, b.screen(), "  recording on — recording on: sent — RingCX's answer was lost; it may have h…", "the details pane keeps it")
}

// An action never sent — here because callboard is stopping and the
// request budget with it — is said to be not sent, with why.
func TestBoardSaysAnActionWasNotSent(t *testing.T) {
	b, _ := boardOnACall(t)
	b.client.Budget().Stop()
	b.press("r")
	assert.Contains(t, b.screen(), "recording on: not sent — callboard is stopping")
}

func TestNotSentAndAnswerLostAreWorded(t *testing.T) {
	b := newBoard(t)
	req := actionRequest{kind: actHangup}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("POST /x: %w", &api.NotSentError{Reason: api.NotSentDeadline, Waited: 20*time.Second + 400*time.Millisecond}), "hang up: not sent — waited 20s for its turn"},
		{&api.NotSentError{Reason: api.NotSentDeadline}, "hang up: not sent — its turn did not come in time"},
		{&api.NotSentError{Reason: api.NotSentStopping}, "hang up: not sent — callboard is stopping"},
		{&api.NotSentError{Reason: api.NotSentStopping, Err: context.Canceled}, "hang up: not sent — callboard is stopping"},
		// Given up after sending: unknown, never a plain "cancelled".
		{fmt.Errorf("POST /x: %w", context.Canceled), "hang up: given up before RingCX answered — it may have happened; check the call"},
		{context.DeadlineExceeded, "hang up: given up before RingCX answered — it may have happened; check the call"},
		{&api.NotSentError{Reason: api.NotSentNoConnection, Err: errors.New("dial tcp: refused")}, "hang up: not sent — no connection to RingCX"},
		{&api.NotSentError{Reason: api.NotSentSignIn, Err: errors.New("invalid_grant\x1b[2J")}, "hang up: not sent — signing in to RingCX failed (invalid_grant)"},
		{&api.AnswerLostError{Method: "POST", Path: "/x", Cause: "answer cut short"}, "hang up: sent — RingCX's answer was lost; it may have happened: check the call"},
		{&api.APIError{StatusCode: 500, Message: "boom"}, "hang up: boom"},
	} {
		assert.Equal(t, tc.want, b.m.describeError(req, tc.err), "%v", tc.err)
	}
}

// Text typed into the board's forms must be plain text, as the commands'
// flags must: a bidi override or a control character typed or pasted
// into a field is not taken — the screen never shows it raw, a bidi
// override would turn the line around — and the person is told why; the
// value the field keeps is what the screen shows. Submit still refuses
// text that is not plain (a field given a value some other way), naming
// the field and the byte, and nothing is sent or recorded.
func TestBoardFormsRefuseTextThatIsNotPlain(t *testing.T) {
	b, _ := boardOnACall(t)
	b.press("d")
	n := len(b.requests())
	b.typeText("Sale\u202eX")
	assert.NotContains(t, b.screen(), "\u202e")
	assert.Contains(t, b.screen(), "key not taken: it contains a bidi control character at byte 0 — only plain text can be typed here")
	assert.Contains(t, b.screen(), "SaleX")

	// The notes, pasted into: nothing of the paste is taken.
	b.press("ctrl+u")
	b.typeText("Callback Requested")
	b.press("tab")
	b.typeText("n")
	b.press("tab")
	for _, paste := range []string{"abc\u202edef", "abc\x1b[2Jdef", "abc\u009bdef", "abc\xffdef"} {
		b.send(tea.PasteMsg{Content: paste})
		screen := b.screen()
		for _, raw := range []string{"\u202e", "\x1b[2J", "\u009b", "\xff", "abc"} {
			assert.NotContains(t, screen, raw, "%q", paste)
		}
		assert.Contains(t, screen, "paste not taken: it contains ")
	}
	b.send(tea.PasteMsg{Content: "plain notes"})
	assert.Contains(t, b.screen(), "plain notes")
	assert.Equal(t, n, len(b.requests()), "nothing was sent")

	// Submit's own check, for a value that came in some other way.
	assert.Contains(t, fieldProblem("disposition", api.CheckText("disposition", "Sale\u202eX", false)).Error(), "disposition: contains a bidi control character at byte 4")
}
