package console

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

// Two people on one service: what one does shows on the other's board at
// once, from the shared state, not at the next poll — and both boards read
// the one poller.
func TestTwoBoardsOneService(t *testing.T) {
	r := newRig(t, "")
	r.run()
	uii := r.answered(1)[0]
	ctxA, endA := context.WithCancel(context.Background())
	defer endA()
	ctxB, endB := context.WithCancel(context.Background())
	defer endB()
	ana := drive(t, r.svc.NewBoard(ctxA, viewer("ana", RoleSupervisor)))
	raj := drive(t, r.svc.NewBoard(ctxB, viewer("raj", RoleSupervisor)))
	assert.Equal(t, 2, r.svc.Viewers())

	ana.selectCall(uii)
	ana.press("m")
	ana.until("ana's monitor", func(string) bool { return strings.Contains(ana.rowOf(uii), "MON") })
	add := r.sim.Requests()[r.requests()-1]
	assert.Contains(t, add.Path, "/activeCalls/"+uii+"/addSession")
	assert.Equal(t, phones["ana"], add.Query.Get("destination"))

	raj.until("ana's monitor on raj's board", func(string) bool { return strings.Contains(raj.rowOf(uii), "MON ana") })
	s, ok := r.svc.Store().State().Mine(uii, "ana")
	require.True(t, ok, "the store every board reads has it")
	assert.Equal(t, api.SessionMonitor, s.Type)
	assert.Equal(t, phones["ana"], s.Phone)

	endA()
	eventually(t, "ana's board to stop counting", func() bool { return r.svc.Viewers() == 1 })
}

// A viewer may watch, not act: their action is refused below any board,
// before a request leaves for RingCX, and the attempt is in the audit log
// under their name with a result of its own — not "refused", which the
// session replay reads as "no such session".
func TestViewersActionsAreRefusedBeforeRingCX(t *testing.T) {
	r := newRig(t, "")
	uii := r.answered(1)[0]
	lee := viewer("lee", RoleViewer)
	before := r.requests()
	acts := r.svc.Actions(lee)
	for _, err := range []error{
		acts.AddSession(context.Background(), uii, phones["lee"], api.SessionMonitor),
		acts.HangupCall(context.Background(), uii),
		acts.ToggleRecording(context.Background(), uii, true),
	} {
		require.ErrorIs(t, err, api.ErrNotAllowed)
		var na *api.NotAllowedError
		require.ErrorAs(t, err, &na)
		assert.Equal(t, api.NotAllowedViewer, na.Reason)
	}
	assert.Equal(t, before, r.requests(), "nothing reached the simulator")
	assert.Empty(t, r.svc.Store().State().Sessions, "nothing changed in the shared state")

	entries := r.entries()
	require.Len(t, entries, 3)
	for _, e := range entries {
		assert.Equal(t, audit.ResultNotAllowed, e.ResultText())
		assert.Equal(t, "lee", e.Outcome.Operator)
		assert.Equal(t, audit.SourceSSH, e.Outcome.Source)
		assert.Equal(t, lee.Fingerprint, e.Outcome.Key)
	}
	assert.Equal(t, []string{audit.ActionAddSession, audit.ActionHangupCall, audit.ActionToggleRecording},
		[]string{entries[0].Intent.Action, entries[1].Intent.Action, entries[2].Intent.Action})

	// An unset role is a viewer's: a gap in a configuration never hands
	// out control of calls.
	unset := viewer("lee", "")
	require.ErrorIs(t, r.svc.Actions(unset).HangupCall(context.Background(), uii), api.ErrNotAllowed)
	assert.Equal(t, before, r.requests())
}

// A viewer's board offers no action; the key does nothing that reaches
// RingCX or the audit log.
func TestViewersBoardIsReadOnly(t *testing.T) {
	r := newRig(t, "")
	r.run()
	uii := r.answered(1)[0]
	ctx, end := context.WithCancel(context.Background())
	defer end()
	lee := drive(t, r.svc.NewBoard(ctx, viewer("lee", RoleViewer)))
	lee.selectCall(uii)
	before := r.requests()
	lee.press("m", "H", "r")
	lee.settle()
	assert.NotContains(t, lee.rowOf(uii), "MON")
	assert.Contains(t, lee.screen(), "read-only")
	assert.Empty(t, r.entries())
	for _, req := range r.sim.Requests()[before:] {
		assert.Contains(t, req.Path, "/activeCalls/list", "only polling")
	}
}

// A read-only service refuses everyone, supervisors too, and says why in
// the audit log.
func TestReadOnlyServiceRefusesSupervisors(t *testing.T) {
	r := newRig(t, "", func(o *Options) { o.ReadOnly = true })
	uii := r.answered(1)[0]
	before := r.requests()
	err := r.svc.Actions(viewer("ana", RoleSupervisor)).AddSession(context.Background(), uii, phones["ana"], api.SessionMonitor)
	var na *api.NotAllowedError
	require.ErrorAs(t, err, &na)
	assert.Equal(t, api.NotAllowedReadOnly, na.Reason)
	assert.Equal(t, before, r.requests())
	entries := r.entries()
	require.Len(t, entries, 1)
	assert.Equal(t, audit.ResultReadOnly, entries[0].ResultText())
}

// Each record names the person who acted — their operator name, the front
// end, their key — not the process's OS user; and the replay of one
// operator's sessions finds theirs by that name.
func TestAuditRecordsNameEachViewer(t *testing.T) {
	r := newRig(t, "")
	calls := r.answered(2)
	ana := viewer("ana", RoleSupervisor)
	dana := Viewer{Operator: "dana", Source: audit.SourceBoard, Phone: phones["dana"], Role: RoleSupervisor}
	require.NoError(t, r.svc.Actions(ana).AddSession(context.Background(), calls[0], ana.Phone, api.SessionMonitor))
	require.NoError(t, r.svc.Actions(dana).ToggleRecording(context.Background(), calls[1], true))

	entries := r.entries()
	require.Len(t, entries, 2)
	for i, want := range []struct{ operator, source, key string }{{"ana", audit.SourceSSH, ana.Fingerprint}, {"dana", audit.SourceBoard, ""}} {
		for _, rec := range []audit.Record{entries[i].Intent, *entries[i].Outcome} {
			assert.Equal(t, want.operator, rec.Operator)
			assert.Equal(t, want.source, rec.Source)
			assert.Equal(t, want.key, rec.Key)
			assert.Equal(t, audit.Host(), rec.Host)
			assert.Equal(t, r.sim.Account, rec.Account)
		}
		assert.Equal(t, audit.ResultOK, entries[i].ResultText())
	}
	mine, err := audit.ReadSessions(r.log.Path(), r.sim.Account, "ana", time.Now())
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, calls[0], mine[0].UII)
	st := r.svc.Store().State()
	assert.True(t, st.Recording[calls[1]], "recording as dana set it")
}

// A restarted service starts with every operator's open sessions from the
// audit log, so every board shows who is on which call before anyone acts;
// its first list of the account ends (and records, once) the sessions
// whose call ended while it was down.
func TestSessionsAreRestoredFromTheAuditLog(t *testing.T) {
	first := newRig(t, "")
	calls := first.answered(3)
	ctx := context.Background()
	require.NoError(t, first.svc.Actions(viewer("ana", RoleSupervisor)).AddSession(ctx, calls[0], phones["ana"], api.SessionMonitor))
	require.NoError(t, first.svc.Actions(viewer("raj", RoleSupervisor)).AddSession(ctx, calls[1], phones["raj"], api.SessionCoaching))
	require.NoError(t, first.svc.Actions(viewer("raj", RoleSupervisor)).AddSession(ctx, calls[2], phones["raj"], api.SessionMonitor))
	require.NoError(t, first.log.Close())
	require.True(t, first.sim.EndCall(calls[2]), "a call ends while no service runs")

	r := newRigOn(t, first.sim, first.log.Path())
	st := r.svc.Store().State()
	require.Len(t, st.Sessions, 3, "restored as the log left them")
	s, ok := st.Mine(calls[0], "ana")
	require.True(t, ok)
	assert.Equal(t, team.Session{UII: calls[0], Operator: "ana", Type: api.SessionMonitor, Phone: phones["ana"], Since: s.Since}, s)
	_, ok = st.Mine(calls[1], "raj")
	assert.True(t, ok)

	r.run()
	eventually(t, "the first list to end the session on the ended call", func() bool { return len(r.ended()) == 1 })
	ended := r.ended()[0]
	assert.Equal(t, calls[2], ended.UII)
	assert.Equal(t, "raj", ended.Operator, "the session's operator, not the process's")
	assert.Equal(t, audit.ResultEnded, ended.Result)
	assert.Equal(t, map[string]string{"session_type": string(api.SessionMonitor), "phone": phones["raj"]}, ended.Params)

	bctx, end := context.WithCancel(ctx)
	defer end()
	dana := drive(t, r.svc.NewBoard(bctx, viewer("dana", RoleSupervisor)))
	dana.until("the restored sessions", func(string) bool {
		return strings.Contains(dana.rowOf(calls[0]), "MON ana") && strings.Contains(dana.rowOf(calls[1]), "COACH raj")
	})
	open, err := audit.ReadSessions(r.log.Path(), r.sim.Account, audit.AllOperators, time.Now())
	require.NoError(t, err)
	assert.Len(t, open, 2, "the next start will not offer the ended one again")
}

// sortedList is the account's calls as the poller publishes them: sorted
// by uii.
func (r *rig) sortedList(except ...string) []api.ActiveCall {
	r.t.Helper()
	calls, _, err := r.client.ListAllActiveCalls(context.Background(), api.ListOptions{Product: api.ProductAccount, ProductID: r.sim.Account})
	require.NoError(r.t, err)
	calls = slices.DeleteFunc(calls, func(c api.ActiveCall) bool { return slices.Contains(except, c.UII) })
	slices.SortFunc(calls, func(a, b api.ActiveCall) int { return strings.Compare(a.UII, b.UII) })
	return calls
}

// Every complete list is compared with the shared state; a session whose
// call is gone is recorded as ended once, however many lists show it gone
// and however many snapshots repeat a list with a new status.
func TestReconcileRecordsEachEndedSessionOnce(t *testing.T) {
	r := newRig(t, "")
	calls := r.answered(2)
	ctx := context.Background()
	require.NoError(t, r.svc.Actions(viewer("ana", RoleSupervisor)).AddSession(ctx, calls[0], phones["ana"], api.SessionMonitor))
	require.NoError(t, r.svc.Actions(viewer("raj", RoleSupervisor)).AddSession(ctx, calls[1], phones["raj"], api.SessionBargeIn))
	sub := r.svc.Store().Subscribe()
	defer sub.Close()

	t0 := time.Now()
	scope := poller.AccountScope(r.sim.Account)
	without := r.sortedList(calls[0])
	r.svc.reconcile(poller.Snapshot{Scope: scope, Calls: without, FetchedAt: t0, Status: poller.Status{State: poller.StateLive}})
	r.svc.reconcile(poller.Snapshot{Scope: scope, Calls: without, FetchedAt: t0, Status: poller.Status{State: poller.StateStale}})
	r.svc.reconcile(poller.Snapshot{Scope: scope, Calls: r.sortedList(calls[0]), FetchedAt: t0.Add(5 * time.Second)})

	ended := r.ended()
	require.Len(t, ended, 1)
	assert.Equal(t, calls[0], ended[0].UII)
	assert.Equal(t, "ana", ended[0].Operator)
	assert.Equal(t, audit.SourceBoard, ended[0].Source, "what the service records itself carries its own source")
	st := r.svc.Store().State()
	assert.NotContains(t, st.Sessions, calls[0])
	assert.Contains(t, st.Sessions, calls[1], "raj's call is still live")
	require.NotEmpty(t, st.Ended)
	assert.Equal(t, "ana", st.Ended[len(st.Ended)-1].Operator, "the boards are told whose session ended")
}

// A scope narrower than the account cannot say a call it never listed has
// ended: only a call that leaves its list counts, as the board has always
// taken it.
func TestReconcileInANarrowerScope(t *testing.T) {
	r := newRig(t, "", func(o *Options) { o.Scope = poller.Scope{Product: api.ProductACD, ProductID: "10401"} })
	calls := r.answered(2)
	ctx := context.Background()
	require.NoError(t, r.svc.Actions(viewer("ana", RoleSupervisor)).AddSession(ctx, calls[0], phones["ana"], api.SessionMonitor))
	require.NoError(t, r.svc.Actions(viewer("raj", RoleSupervisor)).AddSession(ctx, calls[1], phones["raj"], api.SessionMonitor))
	scope := r.svc.Poller().Scope()
	t0 := time.Now()
	listed := r.sortedList(calls[1]) // the scope lists calls[0], never calls[1]
	r.svc.reconcile(poller.Snapshot{Scope: scope, Calls: listed, FetchedAt: t0})
	assert.Len(t, r.svc.Store().State().Sessions, 2, "nothing left the list yet")

	r.svc.reconcile(poller.Snapshot{Scope: scope, Calls: r.sortedList(calls...), FetchedAt: t0.Add(time.Second)})
	st := r.svc.Store().State()
	assert.NotContains(t, st.Sessions, calls[0], "it left the list")
	assert.Contains(t, st.Sessions, calls[1], "never listed here: nothing known")
	require.Len(t, r.ended(), 1)
	assert.Equal(t, calls[0], r.ended()[0].UII)
}

// A board lasts as long as its context: then it stops counting as a viewer
// and its subscriptions close, so the commands waiting on them end (the
// poller's bridge says the poller stopped) — no goroutine is left (goleak,
// TestMain), while the service polls on for the others.
func TestBoardEndsWithItsContext(t *testing.T) {
	r := newRig(t, "")
	r.run()
	ctx, end := context.WithCancel(context.Background())
	b := drive(t, r.svc.NewBoard(ctx, viewer("ana", RoleSupervisor)))
	b.until("the calls", func(s string) bool { return strings.Contains(s, "talking") })
	assert.Equal(t, 1, r.svc.Viewers())
	subscribers := r.svc.Poller().Subscribers()
	assert.Equal(t, 1, r.svc.Agents().Subscribers())
	assert.Equal(t, 1, r.svc.Queues().Subscribers())

	end()
	b.until("the board to hear its feed closed", func(s string) bool { return r.svc.Viewers() == 0 })
	eventually(t, "the board's poller subscription to close", func() bool { return r.svc.Poller().Subscribers() == subscribers-1 })
	eventually(t, "the board's feed subscriptions to close", func() bool {
		return r.svc.Agents().Subscribers() == 0 && r.svc.Queues().Subscribers() == 0
	})
	b.stop() // every command goroutine has returned
}

// Wait covers every action in flight, whoever sent it; Close cancels the
// ones still waiting for RingCX, whose outcome then says so.
func TestWaitAndCloseCoverActionsInFlight(t *testing.T) {
	r := newRig(t, "")
	uii := r.answered(1)[0]
	require.NoError(t, r.svc.Wait(context.Background()), "nothing in flight")
	r.sim.SetFaults(sim.Faults{Latency: time.Minute})
	sent := r.actionsSent()
	result := make(chan error, 1)
	go func() {
		result <- r.svc.Actions(viewer("ana", RoleSupervisor)).HangupCall(r.svc.actionsCtx, uii)
	}()
	// Sent means RingCX has it: cancelled before that, it is not sent.
	eventually(t, "the hang-up to be sent", func() bool { return len(r.entries()) == 1 && r.actionsSent() > sent })

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, r.svc.Wait(gone), context.Canceled, "still waiting for RingCX")
	r.svc.Close()
	assert.ErrorIs(t, <-result, context.Canceled)
	require.NoError(t, r.svc.Wait(context.Background()))
	entries := r.entries()
	require.Len(t, entries, 1)
	assert.Equal(t, audit.ResultCancelled, entries[0].ResultText())
}
