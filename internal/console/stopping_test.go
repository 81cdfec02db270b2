package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
)

// rateLimitActions has RingCX answer the next action with a 429 and
// Retry-After of an hour, which pauses the request budget: every action
// after it waits for its turn.
func (r *rig) rateLimitActions(uii string) {
	r.t.Helper()
	r.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: time.Hour})
	err := r.svc.Actions(viewer("lee", RoleSupervisor)).ToggleRecording(r.svc.actionsCtx, uii, true)
	require.ErrorIs(r.t, err, api.ErrRateLimited, "the 429 went to the action")
}

// actionsSent counts the Active Calls actions the simulator received.
func (r *rig) actionsSent() int {
	n := 0
	for _, q := range r.sim.Requests() {
		if q.Method == "POST" && strings.Contains(q.Path, "/activeCalls/") {
			n++
		}
	}
	return n
}

// outcomeOf is the entry of operator's action, once it has an intent.
func (r *rig) outcomeOf(operator, action string) (audit.Entry, bool) {
	for _, e := range r.entries() {
		if e.About().Operator == operator && e.About().Action == action {
			return e, true
		}
	}
	return audit.Entry{}, false
}

// The repro: an action waits behind a long rate-limit pause and
// the process stops. StopSending gives it up at once — Wait does not sit
// out the pause — and the audit log says it was not sent, with no answer
// recorded; RingCX never saw it.
func TestStoppingGivesUpActionsNotYetSent(t *testing.T) {
	r := newRig(t, "")
	uii := r.answered(1)[0]
	r.rateLimitActions(uii)
	sent := r.actionsSent()

	result := make(chan error, 1)
	go func() {
		result <- r.svc.Actions(viewer("ana", RoleSupervisor)).HangupCall(r.svc.actionsCtx, uii)
	}()
	eventually(t, "the hang-up's intent", func() bool { _, ok := r.outcomeOf("ana", audit.ActionHangupCall); return ok })

	r.svc.StopSending()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, r.svc.Wait(ctx), "nothing sent is left to wait for")
	require.ErrorIs(t, <-result, api.ErrNotSent)
	e, _ := r.outcomeOf("ana", audit.ActionHangupCall)
	require.NotNil(t, e.Outcome, "every intent has its outcome")
	assert.Equal(t, "not sent: callboard was stopping", e.Outcome.Result)
	assert.Zero(t, e.Outcome.HTTPStatus)
	assert.Empty(t, e.Outcome.RequestID)
	assert.Equal(t, sent, r.actionsSent(), "RingCX never saw it")

	err := r.svc.Actions(viewer("ana", RoleSupervisor)).HangupCall(r.svc.actionsCtx, uii)
	require.ErrorIs(t, err, api.ErrNotSent, "nothing more is sent once stopping")
}

// A viewer leaving a shared service (q, a dropped SSH session) gives up
// only their own actions not yet sent, as not sent; another viewer's
// action waiting beside it still waits, for the service goes on.
func TestLeavingBoardGivesUpOnlyItsOwnUnsentActions(t *testing.T) {
	clock := fakeClock{fakeclock.New()} // one poll, then only what the test does
	s := simtest.Start(t, sim.Config{Seed: 11}, simtest.WithClock(clock.Clock))
	r := newRigOn(t, s, "", func(o *Options) { o.Clock = clock })
	r.run()
	uiis := r.answered(2)
	ctx, leave := context.WithCancel(context.Background())
	ana := drive(t, r.svc.NewBoard(ctx, viewer("ana", RoleSupervisor)))
	ana.selectCall(uiis[0])
	r.rateLimitActions(uiis[1])

	ana.press("r") // recording on: waits for its turn
	eventually(t, "ana's intent", func() bool { _, ok := r.outcomeOf("ana", audit.ActionToggleRecording); return ok })
	rajDone := make(chan error, 1)
	go func() {
		rajDone <- r.svc.Actions(viewer("raj", RoleSupervisor)).HangupCall(r.svc.actionsCtx, uiis[1])
	}()
	eventually(t, "raj's intent", func() bool { _, ok := r.outcomeOf("raj", audit.ActionHangupCall); return ok })

	leave()
	eventually(t, "ana's outcome", func() bool {
		e, _ := r.outcomeOf("ana", audit.ActionToggleRecording)
		return e.Outcome != nil
	})
	e, _ := r.outcomeOf("ana", audit.ActionToggleRecording)
	assert.Equal(t, "not sent: callboard was stopping", e.Outcome.Result)
	raj, _ := r.outcomeOf("raj", audit.ActionHangupCall)
	assert.Nil(t, raj.Outcome, "raj's action still waits for its turn")
	select {
	case err := <-rajDone:
		t.Fatalf("raj's action ended when ana left: %v", err)
	default:
	}

	r.svc.StopSending()
	require.ErrorIs(t, <-rajDone, api.ErrNotSent)
}

// An action already sent when its viewer leaves is not cancelled: RingCX
// may be carrying it out, and its outcome is recorded as it comes.
func TestLeavingDoesNotCancelWhatWasSent(t *testing.T) {
	r := newRig(t, "")
	uii := r.answered(1)[0]
	board := &leaving{}
	actions := r.svc.actions(viewer("ana", RoleSupervisor), nil, board)
	r.sim.SetFaults(sim.Faults{Latency: 300 * time.Millisecond})
	result := make(chan error, 1)
	go func() { result <- actions.ToggleRecording(r.svc.actionsCtx, uii, true) }()
	eventually(t, "the action to reach RingCX", func() bool { return r.actionsSent() == 1 })

	board.leave()
	require.NoError(t, <-result)
	e, _ := r.outcomeOf("ana", audit.ActionToggleRecording)
	require.NotNil(t, e.Outcome)
	assert.Equal(t, audit.ResultOK, e.Outcome.Result)

	err := actions.HangupCall(r.svc.actionsCtx, uii)
	require.ErrorIs(t, err, api.ErrNotSent, "nothing is sent for a viewer who has left")
	assert.Equal(t, 1, r.actionsSent())
}

// Shutdown says what became of the actions it cancelled from the outcomes
// written, so that what callboard prints on exit is what the audit log
// holds: an action RingCX had not answered is recorded, and reported, as
// unknown.
func TestShutdownReportsTheOutcomesItRecorded(t *testing.T) {
	r := newRig(t, "")
	uii := r.answered(1)[0]
	r.sim.SetFaults(sim.Faults{Latency: time.Minute})
	result := make(chan error, 1)
	go func() {
		result <- r.svc.Actions(viewer("ana", RoleSupervisor)).HangupCall(r.svc.actionsCtx, uii)
	}()
	eventually(t, "the hang-up to reach RingCX", func() bool { return r.actionsSent() == 1 })

	r.svc.StopSending()
	closed := r.svc.Shutdown()
	require.Error(t, <-result)
	e, _ := r.outcomeOf("ana", audit.ActionHangupCall)
	require.NotNil(t, e.Outcome, "recorded before Shutdown returned")
	assert.Equal(t, []string{e.Outcome.Result}, closed.Results, "what it reports is what the audit log holds")
	assert.True(t, strings.HasPrefix(e.Outcome.Result, "unknown"), e.Outcome.Result)
	assert.Zero(t, closed.Unrecorded)
}

// An action whose outcome is not recorded when Shutdown's wait runs out
// is counted as such, not reported with an outcome; one that ends later
// is reported with its own.
func TestShutdownCountsOutcomesNotRecordedInTime(t *testing.T) {
	var f inflight
	before := f.begin()
	before(nil)
	end := f.begin()
	f.close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.Error(t, f.wait(ctx))
	assert.Equal(t, Closed{Unrecorded: 1}, f.closed(), "an action ended before closing is not Shutdown's to report")
	end(context.Canceled)
	assert.Equal(t, Closed{Results: []string{audit.ResultCancelled}}, f.closed())
}

// The finding: an action RingCX answered with a short 429 waits
// to be sent again; its viewer leaving during that wait gives it up — the
// 429 proved the first try did not run — so nothing is sent after they
// left, and the audit log says not sent. (Before, the first try's written
// headers counted as "sent", and the retry went out after they had gone.)
func TestLeavingGivesUpAnActionWaitingToRetryAfterA429(t *testing.T) {
	r := newRig(t, "")
	uii := r.answered(1)[0]
	board := &leaving{}
	actions := r.svc.actions(viewer("ana", RoleSupervisor), nil, board)
	r.sim.SetFaults(sim.Faults{Force429: 1, RetryAfter: 10 * time.Second})
	result := make(chan error, 1)
	go func() { result <- actions.ToggleRecording(r.svc.actionsCtx, uii, true) }()
	eventually(t, "the first try to reach RingCX", func() bool { return r.actionsSent() == 1 })

	board.leave()
	err := <-result
	var ns *api.NotSentError
	require.ErrorAs(t, err, &ns, "%v", err)
	assert.Equal(t, api.NotSentStopping, ns.Reason)
	assert.Equal(t, 1, r.actionsSent(), "the retry is not sent after the viewer left")
	e, _ := r.outcomeOf("ana", audit.ActionToggleRecording)
	require.NotNil(t, e.Outcome)
	assert.Equal(t, "not sent: callboard was stopping", e.Outcome.Result)
}
