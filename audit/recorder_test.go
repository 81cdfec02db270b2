package audit

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lastPair checks that the log ends with one intent and its outcome for
// action and returns them.
func lastPair(t *testing.T, h *harness, action string) (Record, Record) {
	t.Helper()
	recs := h.records()
	require.GreaterOrEqual(t, len(recs), 2)
	in, out := recs[len(recs)-2], recs[len(recs)-1]
	assert.Equal(t, EventIntent, in.Event)
	assert.Equal(t, EventOutcome, out.Event)
	assert.Equal(t, in.ID, out.ID, "the outcome carries its intent's id")
	assert.NotEmpty(t, in.ID)
	for _, r := range []Record{in, out} {
		assert.Equal(t, action, r.Action)
		assert.Equal(t, testAccount, r.Account)
		assert.Equal(t, SourceCLI, r.Source)
		assert.NotEmpty(t, r.Operator)
		assert.NotEmpty(t, r.Host)
		assert.False(t, r.Time.IsZero())
	}
	assert.Empty(t, in.Result, "an intent has no result yet")
	assert.False(t, out.Time.Before(in.Time))
	return in, out
}

func TestRecorderPairsEveryActionAgainstTheSimulator(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	agent := h.freeAgent()
	ctx := testCtx(t)

	steps := []struct {
		action string
		uii    string
		params map[string]string
		run    func() error
		check  func(sim.CallView)
	}{
		{ActionAddSession, uii, map[string]string{"destination": supervisor, "session_type": "MONITOR"},
			func() error { return h.rec.AddSession(ctx, uii, supervisor, api.SessionMonitor) },
			func(c sim.CallView) { assert.Equal(t, "MONITOR", c.Sessions[supervisor]) }},
		{ActionHangupSession, uii, map[string]string{"phone": supervisor},
			func() error { return h.rec.HangupSession(ctx, uii, supervisor) },
			func(c sim.CallView) { assert.Empty(t, c.Sessions) }},
		{ActionToggleRecording, uii, map[string]string{"record": "true"},
			func() error { return h.rec.ToggleRecording(ctx, uii, true) },
			func(c sim.CallView) { require.NotNil(t, c.Recording); assert.True(t, *c.Recording) }},
		{ActionToggleRecording, uii, map[string]string{"record": "false"},
			func() error { return h.rec.ToggleRecording(ctx, uii, false) },
			func(c sim.CallView) { require.NotNil(t, c.Recording); assert.False(t, *c.Recording) }},
		{ActionDisposition, uii, map[string]string{"disposition": "Resolved", "callback": "true", "callback_at": "20300101120000", "notes": "call back re: <refund> & fees"},
			func() error {
				return h.rec.Disposition(ctx, uii, api.DispositionRequest{Disposition: "Resolved", Callback: true, CallbackDTS: "20300101120000", Notes: "call back re: <refund> & fees"})
			},
			func(c sim.CallView) {
				require.NotNil(t, c.Disposition)
				assert.Equal(t, "Resolved", c.Disposition.Disposition)
			}},
		{ActionManualCall, "", map[string]string{"agent": agent, "destination": "+14155550123", "caller_id": "+16505550199", "ring_seconds": "30"},
			func() error {
				return h.rec.CreateManualAgentCall(ctx, api.ManualCallRequest{Username: agent, Destination: "+14155550123", RingDuration: 30, CallerID: "+16505550199"})
			}, nil},
		{ActionHangupCall, uii, nil,
			func() error { return h.rec.HangupCall(ctx, uii) },
			func(c sim.CallView) { assert.True(t, c.Ended) }},
	}
	for i, s := range steps {
		sent := len(h.actionRequests())
		require.NoError(t, s.run(), "step %d: %s", i, s.action)
		assert.Len(t, h.actionRequests(), sent+1, "%s reached the simulator once", s.action)
		in, out := lastPair(t, h, s.action)
		assert.Equal(t, s.uii, in.UII)
		assert.Equal(t, s.uii, out.UII)
		assert.Equal(t, s.params, in.Params, s.action)
		assert.Equal(t, ResultOK, out.Result)
		assert.Equal(t, http.StatusOK, out.HTTPStatus)
		assert.NotEmpty(t, out.RequestID, "the server's request id is kept for support")
		assert.Positive(t, out.LatencyMS)
		if s.check != nil {
			v, ok := h.sim.Call(uii)
			require.True(t, ok)
			s.check(v)
		}
	}
	assert.Len(t, h.records(), 2*len(steps))
	assert.Len(t, Pair(h.records()), len(steps))
}

func TestRecorderFailureOutcomes(t *testing.T) {
	cases := []struct {
		name    string
		cfg     sim.Config
		opts    []api.Option
		act     func(h *harness, uii string) error
		is      error
		action  string
		result  string
		status  int
		latency time.Duration // at least
	}{
		{name: "refused", action: ActionHangupSession, is: api.ErrRefused, result: "refused", status: 200,
			act: func(h *harness, uii string) error { return h.rec.HangupSession(testCtx(h.t), uii, "+16505550188") }},
		{name: "call ended", action: ActionHangupCall, is: api.ErrCallNotFound, result: "call ended", status: 404,
			act: func(h *harness, uii string) error {
				require.True(h.t, h.sim.EndCall(uii))
				return h.rec.HangupCall(testCtx(h.t), uii)
			}},
		{name: "timeout", action: ActionToggleRecording, is: api.ErrTimeout, result: "unknown: no answer in time",
			opts: []api.Option{api.WithTimeout(100 * time.Millisecond)}, latency: 100 * time.Millisecond,
			act: func(h *harness, uii string) error {
				h.sim.SetFaults(sim.Faults{Latency: 400 * time.Millisecond})
				return h.rec.ToggleRecording(testCtx(h.t), uii, true)
			}},
		{name: "permission denied", action: ActionAddSession, is: api.ErrForbidden, status: 403,
			cfg:    sim.Config{DeniedSessionTypes: []string{"BARGEIN"}},
			result: "error: permission denied: Access is denied; This user may not start BARGEIN sessions",
			act: func(h *harness, uii string) error {
				return h.rec.AddSession(testCtx(h.t), uii, supervisor, api.SessionBargeIn)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.cfg, c.opts...)
			uii := h.answeredUII()
			err := c.act(h, uii)
			require.ErrorIs(t, err, c.is)
			assert.NotErrorIs(t, err, ErrNotAudited)
			assert.Len(t, h.actionRequests(), 1, "the action was sent")
			_, out := lastPair(t, h, c.action)
			assert.Equal(t, c.result, out.Result)
			assert.Equal(t, c.result, Classify(err))
			assert.Equal(t, c.status, out.HTTPStatus)
			assert.Positive(t, out.LatencyMS)
			assert.GreaterOrEqual(t, out.LatencyMS, c.latency.Milliseconds())
		})
	}
}

// RingCX answers 404 for a uii it does not know. Whether that is "call
// ended" depends on whether this run saw the call active: a command given a
// mistyped uii must not leave a record saying a call ended.
func TestRecorderSeenDecidesEndedOrNotFound(t *testing.T) {
	h := newHarness(t, sim.Config{})
	seenUII := h.answeredUII()
	unknown := "999999999999999999999999999999"
	require.True(t, h.sim.EndCall(seenUII))
	h.rec.Seen = func(uii string) bool { return uii == seenUII }
	for uii, want := range map[string]string{seenUII: ResultEnded, unknown: ResultNotFound} {
		err := h.rec.HangupCall(testCtx(t), uii)
		require.ErrorIs(t, err, api.ErrCallNotFound)
		_, out := lastPair(t, h, ActionHangupCall)
		assert.Equal(t, want, out.Result, uii)
		assert.Equal(t, http.StatusNotFound, out.HTTPStatus)
	}
}

// Input the client would refuse is refused before anything is recorded:
// the audit log lists attempts that reached RingCX, not typing mistakes.
func TestRecorderRefusesBadInputBeforeRecording(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	for name, act := range map[string]func() error{
		"phone": func() error { return h.rec.AddSession(testCtx(t), uii, "call me maybe", api.SessionMonitor) },
		"uii":   func() error { return h.rec.HangupCall(testCtx(t), "12ab") },
		"disposition": func() error {
			return h.rec.Disposition(testCtx(t), uii, api.DispositionRequest{Disposition: "A\x1b[2Jb"})
		},
		"notes": func() error {
			return h.rec.Disposition(testCtx(t), uii, api.DispositionRequest{Disposition: "Resolved", Notes: "a\ab"})
		},
		"ring": func() error {
			return h.rec.CreateManualAgentCall(testCtx(t), api.ManualCallRequest{Username: "a", Destination: "+16505550123", CallerID: "+18005550199"})
		},
		"session": func() error { return h.rec.HangupSession(testCtx(t), uii, "") },
	} {
		require.ErrorIs(t, act(), api.ErrInvalidInput, name)
	}
	assert.Empty(t, h.actionRequests())
	records, err := Read(h.log.Path(), Filter{})
	require.NoError(t, err)
	assert.Empty(t, records)
}

func TestUnwritableLogMeansTheActionIsNotSent(t *testing.T) {
	t.Run("closed log", func(t *testing.T) {
		h := newHarness(t, sim.Config{})
		uii := h.answeredUII()
		require.NoError(t, h.log.Close())
		err := h.rec.HangupCall(testCtx(t), uii)
		require.ErrorIs(t, err, ErrNotAudited)
		require.ErrorIs(t, err, os.ErrClosed)
		assert.Contains(t, err.Error(), "hangup_call on call "+uii+" not sent: the audit log could not be written")
		var we *WriteError
		require.ErrorAs(t, err, &we)
		assert.False(t, we.Sent)
		assert.Empty(t, h.actionRequests(), "the simulator saw no action")
		v, _ := h.sim.Call(uii)
		assert.False(t, v.Ended, "the call is still up")
		assert.Empty(t, h.records())
	})
	t.Run("write fails", func(t *testing.T) {
		h := newHarness(t, sim.Config{})
		inject(h.log, &faultyFile{failWrite: 1})
		err := h.rec.AddSession(testCtx(t), h.answeredUII(), supervisor, api.SessionBargeIn)
		require.ErrorIs(t, err, ErrNotAudited)
		assert.Contains(t, err.Error(), "not sent")
		assert.Contains(t, err.Error(), "no space left on device")
		assert.Empty(t, h.actionRequests())
	})
	t.Run("sync fails", func(t *testing.T) {
		h := newHarness(t, sim.Config{})
		inject(h.log, &faultyFile{syncErr: errors.New("I/O error")})
		err := h.rec.HangupCall(testCtx(t), h.answeredUII())
		require.ErrorIs(t, err, ErrNotAudited)
		assert.Contains(t, err.Error(), "syncing to disk: I/O error")
		assert.Empty(t, h.actionRequests(), "a record not known to be on disk does not count")
	})
	t.Run("no log", func(t *testing.T) {
		h := newHarness(t, sim.Config{})
		h.rec.Log = nil
		require.ErrorIs(t, h.rec.HangupCall(testCtx(t), h.answeredUII()), ErrNotAudited)
		assert.Empty(t, h.actionRequests())
	})
}

func TestOutcomeWriteFailureSaysTheActionHappened(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	inject(h.log, &faultyFile{failWrite: 2})
	err := h.rec.HangupSession(testCtx(t), uii, "+16505550188")
	require.ErrorIs(t, err, ErrNotAudited)
	require.ErrorIs(t, err, api.ErrRefused, "the action's own error is still there")
	var we *WriteError
	require.ErrorAs(t, err, &we)
	assert.True(t, we.Sent)
	assert.Equal(t, "hangup_session on call "+uii+" was sent (result: refused) but its outcome could not be written to the audit log: audit log "+h.log.Path()+": writing: no space left on device", err.Error())
	assert.Len(t, h.actionRequests(), 1)
	entries := Pair(h.records())
	require.Len(t, entries, 1)
	assert.Nil(t, entries[0].Outcome)
}

// fakeActions answers every action with err after advancing clock by took.
type fakeActions struct {
	clock *fakeclock.Clock
	took  time.Duration
	err   error
	calls int
}

func (f *fakeActions) answer() error {
	f.calls++
	f.clock.Advance(f.took)
	return f.err
}
func (f *fakeActions) AddSession(context.Context, string, string, api.SessionType) error {
	return f.answer()
}
func (f *fakeActions) HangupSession(context.Context, string, string) error { return f.answer() }
func (f *fakeActions) HangupCall(context.Context, string) error            { return f.answer() }
func (f *fakeActions) ToggleRecording(context.Context, string, bool) error { return f.answer() }
func (f *fakeActions) Disposition(context.Context, string, api.DispositionRequest) error {
	return f.answer()
}
func (f *fakeActions) CreateManualAgentCall(context.Context, api.ManualCallRequest) error {
	return f.answer()
}

func TestRecorderTimesAndStatusFromTheError(t *testing.T) {
	l, err := Open(t.TempDir() + "/audit.jsonl")
	require.NoError(t, err)
	defer l.Close()
	start := time.Date(2031, 3, 4, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	clock := fakeclock.At(start)
	next := &fakeActions{clock: clock, took: 250 * time.Millisecond,
		err: &api.APIError{StatusCode: 500, Message: "upstream\x1b[2J gone", RequestID: "req-77"}}
	rec := &Recorder{Next: next, Log: l, Account: "a1", Operator: "dana", Host: "jump1", Source: SourceBoard, Now: clock.Now}

	require.Error(t, rec.HangupCall(context.Background(), "123"))
	recs, err := Read(l.Path(), Filter{})
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.True(t, recs[0].Time.Equal(start))
	assert.Equal(t, time.UTC, recs[0].Time.Location(), "records are in UTC; Print shows local time")
	assert.True(t, recs[1].Time.Equal(start.Add(250*time.Millisecond)))
	assert.Equal(t, int64(250), recs[1].LatencyMS)
	assert.Equal(t, 500, recs[1].HTTPStatus, "without a ResponseInfo the status comes from the APIError")
	assert.Equal(t, "req-77", recs[1].RequestID)
	assert.Equal(t, "error: 500 Internal Server Error: upstream gone", recs[1].Result, "server text is cleaned")
	assert.Equal(t, "dana", recs[1].Operator)
	assert.Equal(t, "jump1", recs[1].Host)
	assert.Equal(t, SourceBoard, recs[1].Source)
}

func TestNewRecorderNamesTheOperatorAndHost(t *testing.T) {
	rec := NewRecorder(nil, nil, "12440011", SourceBoard)
	host, _ := os.Hostname()
	assert.Equal(t, host, rec.Host)
	assert.NotEmpty(t, rec.Operator)
	assert.NotEqual(t, "unknown", rec.Operator)
	assert.Equal(t, "12440011", rec.Account)
	assert.Equal(t, SourceBoard, rec.Source)
}

func TestRecordIDsAreUnique(t *testing.T) {
	l, err := Open(t.TempDir() + "/audit.jsonl")
	require.NoError(t, err)
	defer l.Close()
	rec := &Recorder{Next: &fakeActions{clock: fakeclock.New()}, Log: l}
	for range 200 {
		require.NoError(t, rec.HangupCall(context.Background(), "1"))
	}
	recs, err := Read(l.Path(), Filter{})
	require.NoError(t, err)
	ids := map[string]int{}
	for _, r := range recs {
		ids[r.ID]++
	}
	assert.Len(t, ids, 200)
	for id, n := range ids {
		assert.Equal(t, 2, n, id)
		assert.GreaterOrEqual(t, len(id), 20, "random enough to be unique across processes and hosts")
		assert.False(t, strings.ContainsAny(id, " \t\n"))
	}
}

func TestWaitLetsActionsInFlightRecordTheirOutcome(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	h.sim.SetFaults(sim.Faults{Latency: 300 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- h.rec.ToggleRecording(testCtx(t), uii, true) }()
	require.Eventually(t, func() bool { return len(h.actionRequests()) == 1 }, 5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, h.rec.Wait(ctx))
	_, out := lastPair(t, h, ActionToggleRecording)
	require.NotNil(t, out)
	assert.Equal(t, "ok", out.Result, "the outcome was written before Wait returned")
	require.NoError(t, <-done)

	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	go func() { _ = h.rec.ToggleRecording(testCtx(t), uii, false) }()
	require.Eventually(t, func() bool { return len(h.actionRequests()) == 2 }, 5*time.Second, time.Millisecond)
	assert.ErrorIs(t, h.rec.Wait(short), context.DeadlineExceeded)
}
