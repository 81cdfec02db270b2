package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/team"
)

// lostAnswers is a connection that drops after RingCX read the request
// (hostile.DropAfterRead): each action reaches the simulator and runs,
// and its answer comes back lost — or, with notSent, nothing is sent.
type lostAnswers struct {
	api.Actions
	notSent bool
}

func (l lostAnswers) outcome(path string, run func() error) error {
	if l.notSent {
		return &api.NotSentError{Reason: api.NotSentDeadline}
	}
	if err := run(); err != nil {
		return err
	}
	return &api.AnswerLostError{Method: "POST", Path: path, Cause: "connection closed after the request was sent"}
}

func (l lostAnswers) AddSession(ctx context.Context, uii, phone string, t api.SessionType) error {
	return l.outcome("/addSessionToCall", func() error { return l.Actions.AddSession(ctx, uii, phone, t) })
}

func (l lostAnswers) ToggleRecording(ctx context.Context, uii string, on bool) error {
	return l.outcome("/toggleCallRecording", func() error { return l.Actions.ToggleRecording(ctx, uii, on) })
}

// actThrough makes the board act through next, kept true in its store as
// the board's own client is.
func (b *board) actThrough(next api.Actions) {
	b.m.cfg.Client = team.Actions(next, b.m.cfg.Team, b.m.cfg.Operator)
}

// adds counts the addSessionToCall requests RingCX received.
func (b *board) adds() int {
	n := 0
	for _, r := range b.requests() {
		if strings.HasSuffix(r.Path, "/addSessionToCall") {
			n++
		}
	}
	return n
}

// An add whose answer was lost may have opened the session: the board
// shows it as maybe open (MON?), the details say so and how to end it,
// the audit line is marked unknown rather than failed, and a second m does
// not send a second add until the person confirms it.
func TestALostAddIsAMaybeOpenSessionNotASecondAdd(t *testing.T) {
	b, uii := boardOnACall(t)
	b.actThrough(lostAnswers{Actions: b.client})
	b.press("m")
	require.Equal(t, 1, b.adds())
	assert.Contains(t, b.screen(), "monitor: sent — RingCX's answer was lost")
	assert.Contains(t, b.rowOf(uii), "MON?")

	b.press("enter")
	details := b.screen()
	assert.Regexp(t, `my session +MON\? may be open \(answer lost\) — check \(212\) 555-0123; x ends it`, details)
	assert.Regexp(t, `\? \d\d:\d\d:\d\d  monitor — monitor: sent`, details, "unknown has its own mark")
	assert.NotRegexp(t, `✗ \d\d:\d\d`, details, "not marked as a failure")
	b.press("esc")

	b.press("m")
	assert.Contains(t, b.screen(), "Your monitor session may already be open — send it again?")
	b.press("n")
	assert.Equal(t, 1, b.adds(), "held back: no second add without a yes")
	assert.Contains(t, b.rowOf(uii), "MON?")

	b.press("m", "y")
	assert.Equal(t, 2, b.adds(), "a retry the person confirmed is sent")
}

// A recording change whose answer was lost leaves recording unknown — not
// what was set before; an action never sent is marked apart from a failure.
func TestALostRecordingChangeIsUnknownAndNotSentHasItsOwnMark(t *testing.T) {
	b, uii := boardOnACall(t)
	b.press("r")
	require.True(t, b.m.team.Recording[uii])
	b.actThrough(lostAnswers{Actions: b.client})
	b.press("r")
	assert.NotContains(t, b.m.team.Recording, uii)
	b.press("enter")
	assert.Regexp(t, `recording +unknown`, b.screen())

	b.press("esc")
	b.actThrough(lostAnswers{Actions: b.client, notSent: true})
	b.press("m")
	assert.Zero(t, b.adds())
	assert.NotContains(t, b.rowOf(uii), "MON", "never sent: nothing may be open")
	b.press("enter")
	assert.Regexp(t, `– \d\d:\d\d:\d\d  monitor — monitor: not sent`, b.screen())
}

// An action held back from being sent says why — RingCX's rate limit, for
// how long at most, or the request budget — and when it will be given up
// as not sent (the configured action deadline, from when it was asked
// for); one sent and waiting for its answer says only that.
func TestAWaitingActionSaysWhyAndUntilWhen(t *testing.T) {
	b, uii := boardOnACall(t, withConfig(func(c *Config) { c.ActionDeadline = 30 * time.Second }))
	budget := api.NewBudget(60)
	t.Cleanup(budget.Stop)
	budget.PauseFor(api.PriorityAction, 2*time.Minute)
	b.m.cfg.Budget = budget
	msg, ok := b.m.tick()().(tickMsg)
	require.True(t, ok)
	assert.False(t, msg.wait.paused.IsZero(), "the tick reads the budget's pause on actions")

	_ = b.m.start(actionRequest{kind: actRecord, uii: uii, label: b.m.callLabel(uii), record: false}) // never run: it waits
	start := b.clock.Now()
	b.send(tickMsg{at: start}) // the "recording off…" toast's five seconds start
	footer := func(wait actionWait, after time.Duration) string {
		b.send(tickMsg{at: start.Add(after), wait: wait})
		lines := strings.Split(b.screen(), "\n")
		return lines[len(lines)-2]
	}
	assert.Contains(t, footer(actionWait{paused: start.Add(100 * time.Second)}, 6*time.Second),
		"waiting for RingCX: recording off · held by RingCX's rate limit: up to 1:34 · given up as not sent in 0:24")
	assert.Contains(t, footer(actionWait{queued: 1}, 10*time.Second),
		"waiting for RingCX: recording off · waiting its turn in the request budget · given up as not sent in 0:20")
	sent := footer(actionWait{}, 12*time.Second)
	assert.Contains(t, sent, "waiting for RingCX: recording off")
	assert.NotContains(t, sent, "given up")
}
