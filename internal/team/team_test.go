package team

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/simtest/simclient"
	"github.com/callboard/callboard/sim"
)

const (
	uiiA = "202611300000000000000000000001"
	uiiB = "202611300000000000000000000002"
)

func TestStoreKeepsOneSessionPerOperatorAndPhone(t *testing.T) {
	st := NewStore(Session{UII: uiiA, Operator: "ana", Type: api.SessionMonitor, Phone: "+1"})
	st.Started(Session{UII: uiiA, Operator: "raj", Type: api.SessionCoaching, Phone: "+2"})
	st.Started(Session{UII: uiiA, Operator: "ana", Type: api.SessionBargeIn, Phone: "+1"}) // ana switched modes
	s := st.State()
	require.Len(t, s.Sessions[uiiA], 2)
	mine, ok := s.Mine(uiiA, "ana")
	require.True(t, ok)
	assert.Equal(t, api.SessionBargeIn, mine.Type)
	assert.Equal(t, []Session{{UII: uiiA, Operator: "raj", Type: api.SessionCoaching, Phone: "+2"}}, s.Others(uiiA, "ana"))

	st.Unsure(uiiA, "+2")
	assert.True(t, st.State().Sessions[uiiA][0].Uncertain)
	st.Ended(uiiA, "+2")
	st.Ended(uiiA, "+1")
	assert.NotContains(t, st.State().Sessions, uiiA, "a call with no sessions left is forgotten")
	assert.Greater(t, st.State().Seq, s.Seq)
}

func TestEndedCallsAreToldOnceAndNumbered(t *testing.T) {
	st := NewStore(
		Session{UII: uiiA, Operator: "ana", Type: api.SessionMonitor, Phone: "+1"},
		Session{UII: uiiB, Operator: "raj", Type: api.SessionMonitor, Phone: "+2"},
	)
	st.SetRecording(uiiA, true)
	ended := st.Reconcile(func(uii string) bool { return uii == uiiB })
	require.Len(t, ended, 1)
	s := st.State()
	assert.NotContains(t, s.Sessions, uiiA)
	assert.NotContains(t, s.Recording, uiiA, "what was known of the call goes with it")
	require.Len(t, s.Ended, 1)
	assert.Equal(t, uint64(1), s.Ended[0].Seq)
	assert.Nil(t, st.Reconcile(func(uii string) bool { return uii == uiiB }), "nothing more to end")
	st.CallsEnded(uiiB)
	s = st.State()
	require.Len(t, s.Ended, 2)
	assert.Equal(t, uint64(2), s.Ended[1].Seq)

	for range keptEnded + 10 {
		st.Started(Session{UII: uiiA, Operator: "ana", Phone: "+1"})
		st.CallsEnded(uiiA)
	}
	assert.Len(t, st.State().Ended, keptEnded, "bounded")
}

func TestSubscribersAreToldLatestWins(t *testing.T) {
	st := NewStore()
	sub := st.Subscribe()
	leave := st.Join()
	st.SetRecording(uiiA, true)
	<-sub.C()
	select {
	case <-sub.C():
		t.Fatal("two changes, one signal: the subscriber reads the newest state")
	default:
	}
	assert.Equal(t, 1, st.State().Viewers)
	leave()
	leave()
	assert.Equal(t, 0, st.State().Viewers, "leaving twice counts once")
	sub.Close()
	for range sub.C() { // a signal still buffered, then closed
	}
	sub.Close()
}

// Actions keep the store true to what RingCX did, on the simulator.
func TestActionsKeepTheStoreTrue(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 5})
	c := simclient.New(t, s)
	var uii string
	for _, call := range s.Calls(s.Account) {
		if call.DequeueTime != nil {
			uii = call.UII
			break
		}
	}
	require.NotEmpty(t, uii)
	st := NewStore()
	ana, raj := Actions(c, st, "ana"), Actions(c, st, "raj")
	ctx := context.Background()

	require.NoError(t, ana.AddSession(ctx, uii, "+12125550123", api.SessionMonitor))
	require.NoError(t, raj.ToggleRecording(ctx, uii, true))
	st0 := st.State()
	mine, ok := st0.Mine(uii, "ana")
	require.True(t, ok)
	assert.Equal(t, "+12125550123", mine.Phone)
	assert.WithinDuration(t, time.Now(), mine.Since, time.Minute)
	assert.True(t, st0.Recording[uii])

	// Refused: the simulator has no session for that phone — so none is kept.
	require.ErrorIs(t, raj.HangupSession(ctx, uii, "+12125550999"), api.ErrRefused)
	require.NoError(t, ana.HangupSession(ctx, uii, "+12125550123"))
	assert.NotContains(t, st.State().Sessions, uii)

	require.NoError(t, ana.AddSession(ctx, uii, "+12125550123", api.SessionCoaching))
	require.NoError(t, raj.HangupCall(ctx, uii))
	after := st.State()
	assert.NotContains(t, after.Sessions, uii, "hung up: its sessions ended with it")
	require.NotEmpty(t, after.Ended)
	assert.Equal(t, "ana", after.Ended[len(after.Ended)-1].Operator)

	// A 404 says the call is gone, whoever asks.
	require.ErrorIs(t, ana.AddSession(ctx, uii, "+12125550123", api.SessionMonitor), api.ErrCallNotFound)
	assert.NotContains(t, st.State().Sessions, uii)
}

// answers is an api.Actions whose every action returns err (its methods
// not overridden here are not called).
type answers struct {
	api.Actions
	err error
}

func (a answers) AddSession(context.Context, string, string, api.SessionType) error { return a.err }
func (a answers) HangupSession(context.Context, string, string) error               { return a.err }
func (a answers) ToggleRecording(context.Context, string, bool) error               { return a.err }

// An action whose outcome is unknown — RingCX's answer lost, a gateway's
// 504 in its place, no answer in time, given up after sending — may have
// run: the session it may have opened is kept as maybe open (a board shows
// MON? and does not send a second), the one it may have ended as maybe
// still open, and recording as unknown. An action never sent changed
// nothing, even when its cause is a cancel.
func TestUnknownOutcomesAreKeptAsMaybe(t *testing.T) {
	ctx := context.Background()
	lost := &api.AnswerLostError{Method: "POST", Path: "/addSessionToCall", Cause: "connection closed after the request was sent"}
	unknown := []error{lost, &api.APIError{StatusCode: 504}, api.ErrTimeout, context.Canceled}
	for _, err := range unknown {
		st := NewStore()
		a := Actions(answers{err: err}, st, "ana")
		require.ErrorIs(t, a.AddSession(ctx, uiiA, "+1", api.SessionMonitor), err)
		mine, ok := st.State().Mine(uiiA, "ana")
		require.True(t, ok, "%v: the session may be open", err)
		assert.True(t, mine.Uncertain, "%v", err)
	}

	notSent := &api.NotSentError{Reason: api.NotSentStopping, Err: context.Canceled}
	for _, err := range []error{notSent, api.ErrRefused, &api.APIError{StatusCode: 403}} {
		st := NewStore()
		_ = Actions(answers{err: err}, st, "ana").AddSession(ctx, uiiA, "+1", api.SessionMonitor)
		_, ok := st.State().Mine(uiiA, "ana")
		assert.False(t, ok, "%v: nothing was opened", err)
	}

	// Ending a session: lost is maybe still open; never sent is as it was.
	st := NewStore(Session{UII: uiiA, Operator: "ana", Type: api.SessionMonitor, Phone: "+1"})
	require.Error(t, Actions(answers{err: notSent}, st, "ana").HangupSession(ctx, uiiA, "+1"))
	assert.False(t, st.State().Sessions[uiiA][0].Uncertain, "not sent: the session is as sure as it was")
	require.Error(t, Actions(answers{err: lost}, st, "ana").HangupSession(ctx, uiiA, "+1"))
	assert.True(t, st.State().Sessions[uiiA][0].Uncertain)

	// Recording: lost forgets what was set; never sent keeps it.
	st.SetRecording(uiiA, true)
	require.Error(t, Actions(answers{err: notSent}, st, "ana").ToggleRecording(ctx, uiiA, false))
	assert.Equal(t, map[string]bool{uiiA: true}, st.State().Recording)
	require.Error(t, Actions(answers{err: lost}, st, "ana").ToggleRecording(ctx, uiiA, false))
	assert.NotContains(t, st.State().Recording, uiiA, "it may be on or off")
}
