package audit

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/sim"
)

// sessionLog builds audit records for the replay tests: one action each,
// its intent at a second from t0 and, unless result is "", its outcome.
type sessionLog struct {
	t0   time.Time
	recs []Record
}

func (l *sessionLog) act(at int, operator, account, action, uii, result string, params map[string]string) *sessionLog {
	id := fmt.Sprintf("act%d", len(l.recs))
	in := Record{Time: l.t0.Add(time.Duration(at) * time.Second), Event: EventIntent, ID: id, Operator: operator, Host: "jump1",
		Source: SourceBoard, Account: account, UII: uii, Action: action, Params: params}
	l.recs = append(l.recs, in)
	if result != "" {
		out := in
		out.Event, out.Params, out.Result, out.Time = EventOutcome, nil, result, in.Time.Add(100*time.Millisecond)
		l.recs = append(l.recs, out)
	}
	return l
}

const (
	callA = "300000000000000000000000000001"
	callB = "300000000000000000000000000002"
	me    = "dana"
	phone = "+12125550123"
)

// Shorthands for the actions of the table below, all on testAccount.
func add(at int, uii string, t api.SessionType, result string) func(*sessionLog) {
	return func(l *sessionLog) {
		l.act(at, me, testAccount, ActionAddSession, uii, result, map[string]string{"destination": phone, "session_type": string(t)})
	}
}

func end(at int, uii, ph, result string) func(*sessionLog) {
	return func(l *sessionLog) {
		l.act(at, me, testAccount, ActionHangupSession, uii, result, map[string]string{"phone": ph})
	}
}

func other(at int, operator, action, uii, result string) func(*sessionLog) {
	return func(l *sessionLog) { l.act(at, operator, testAccount, action, uii, result, nil) }
}

func TestReadSessionsReplaysTheAuditLog(t *testing.T) {
	now := time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)
	t0 := now.Add(-time.Hour)
	type want struct {
		uii       string
		mode      api.SessionType
		uncertain bool
	}
	cases := []struct {
		name    string
		actions []func(*sessionLog)
		want    []want
	}{
		{"an ok add is open", []func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK)},
			[]want{{callA, api.SessionMonitor, false}}},
		{"an add with no answer in time may exist", []func(*sessionLog){add(0, callA, api.SessionMonitor, ResultTimeout)},
			[]want{{callA, api.SessionMonitor, true}}},
		{"an add with no outcome may exist", []func(*sessionLog){add(0, callA, api.SessionCoaching, "")},
			[]want{{callA, api.SessionCoaching, true}}},
		{"an add whose answer was lost may exist", []func(*sessionLog){add(0, callA, api.SessionBargeIn, ResultAnswerLost)},
			[]want{{callA, api.SessionBargeIn, true}}},
		{"an add never sent opened nothing", []func(*sessionLog){add(0, callA, api.SessionMonitor, "not sent: callboard was stopping")}, nil},
		{"an end whose answer was lost leaves it uncertain",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, ResultAnswerLost)},
			[]want{{callA, api.SessionMonitor, true}}},
		{"an end never sent leaves it as it was",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, "not sent: waited 20s for its turn (action deadline)")},
			[]want{{callA, api.SessionMonitor, false}}},
		{"a later add never sent leaves the earlier",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), add(1, callA, api.SessionCoaching, "not sent: no connection to RingCX")},
			[]want{{callA, api.SessionMonitor, false}}},
		{"a refused add opened nothing", []func(*sessionLog){add(0, callA, api.SessionMonitor, ResultRefused)}, nil},
		{"a failed add opened nothing", []func(*sessionLog){add(0, callA, api.SessionMonitor, "error: permission denied")}, nil},
		{"ended", []func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, ResultOK)}, nil},
		{"ending refused: no such session any more",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, ResultRefused)}, nil},
		{"ending another phone's session leaves mine",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, "+16175550100", ResultOK)},
			[]want{{callA, api.SessionMonitor, false}}},
		{"an end with no outcome leaves it uncertain",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, "")},
			[]want{{callA, api.SessionMonitor, true}}},
		{"an end that failed leaves it",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, "error: 500 Internal Server Error")},
			[]want{{callA, api.SessionMonitor, false}}},
		{"the call was hung up", []func(*sessionLog){add(0, callA, api.SessionBargeIn, ResultOK), other(1, "lee", ActionHangupCall, callA, ResultOK)}, nil},
		{"a refused hang-up leaves it",
			[]func(*sessionLog){add(0, callA, api.SessionBargeIn, ResultOK), other(1, me, ActionHangupCall, callA, ResultRefused)},
			[]want{{callA, api.SessionBargeIn, false}}},
		{"anyone's action found the call ended",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), other(1, "lee", ActionToggleRecording, callA, ResultEnded)}, nil},
		{"RingCX did not find the call",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), other(1, me, ActionDisposition, callA, ResultNotFound)}, nil},
		{"the board's switch: end, then add in the new mode",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), end(1, callA, phone, ResultOK), add(2, callA, api.SessionCoaching, ResultOK)},
			[]want{{callA, api.SessionCoaching, false}}},
		{"a later add replaces the earlier",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), add(1, callA, api.SessionBargeIn, ResultTimeout)},
			[]want{{callA, api.SessionBargeIn, true}}},
		{"a refused later add leaves the earlier",
			[]func(*sessionLog){add(0, callA, api.SessionMonitor, ResultOK), add(1, callA, api.SessionCoaching, ResultRefused)},
			[]want{{callA, api.SessionMonitor, false}}},
		{"another operator's session is not mine", []func(*sessionLog){func(l *sessionLog) {
			l.act(0, "lee", testAccount, ActionAddSession, callA, ResultOK, map[string]string{"destination": phone, "session_type": "MONITOR"})
		}}, nil},
		{"another account's session is not this board's", []func(*sessionLog){func(l *sessionLog) {
			l.act(0, me, "99999999", ActionAddSession, callA, ResultOK, map[string]string{"destination": phone, "session_type": "MONITOR"})
		}}, nil},
		{"a session older than a day is not read", []func(*sessionLog){add(-25*3600+3600, callA, api.SessionMonitor, ResultOK)}, nil},
		{"several calls, oldest first",
			[]func(*sessionLog){add(0, callB, api.SessionMonitor, ResultOK), add(1, callA, api.SessionCoaching, ResultOK)},
			[]want{{callB, api.SessionMonitor, false}, {callA, api.SessionCoaching, false}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := &sessionLog{t0: t0}
			for _, a := range c.actions {
				a(l)
			}
			got, err := ReadSessions(writeLog(t, l.recs...), testAccount, me, now)
			require.NoError(t, err)
			var gotWant []want
			for _, s := range got {
				gotWant = append(gotWant, want{s.UII, s.Type, s.Uncertain})
				assert.Equal(t, phone, s.Phone, "the phone RingCX dialled, to end it with")
				assert.False(t, s.Since.Before(t0.Add(-time.Second)), "since the add was sent")
			}
			assert.Equal(t, c.want, gotWant)
		})
	}
}

// A damaged line costs at most the action on it: the sessions in the
// readable records are still found. An add whose intent line is lost has
// lost its phone, so it opens nothing.
func TestReadSessionsToleratesDamage(t *testing.T) {
	now := time.Now()
	l := &sessionLog{t0: now.Add(-time.Minute)}
	add(0, callA, api.SessionMonitor, ResultOK)(l)
	add(1, callB, api.SessionCoaching, ResultOK)(l)
	path := writeLog(t, l.recs[0], l.recs[1], l.recs[3])
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("{ this line was damaged\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, readErr := Read(path, Filter{})
	var damaged *MalformedError
	require.ErrorAs(t, readErr, &damaged, "the log really is damaged")

	got, err := ReadSessions(path, testAccount, me, now)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, callA, got[0].UII)

	got, err = ReadSessions(t.TempDir()+"/none.jsonl", testAccount, me, now)
	require.NoError(t, err, "no log yet: no sessions")
	assert.Empty(t, got)
	_, err = ReadSessions(t.TempDir(), testAccount, me, now)
	assert.Error(t, err, "a log that cannot be read is an error")
}

// An empty account reads every account's sessions: a command that has not
// signed in yet knows the uii, which names one call across RingCX.
func TestSessionsWithoutAnAccount(t *testing.T) {
	l := &sessionLog{t0: time.Now()}
	l.act(0, me, "99999999", ActionAddSession, callA, ResultOK, map[string]string{"destination": phone, "session_type": "BARGEIN"})
	got := Sessions(Pair(l.recs), "", me)
	require.Len(t, got, 1)
	assert.Equal(t, api.SessionBargeIn, got[0].Type)
	assert.Empty(t, Sessions(Pair(l.recs), testAccount, me))
}

// The operator the replay looks for is the one NewRecorder writes.
func TestRecorderNamesTheOperatorTheReplayLooksFor(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	require.NoError(t, h.rec.AddSession(testCtx(t), uii, supervisor, api.SessionMonitor))
	got, err := ReadSessions(h.log.Path(), testAccount, Operator(), time.Now())
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, Session{UII: uii, Operator: Operator(), Type: api.SessionMonitor, Phone: supervisor, Since: got[0].Since}, got[0])
}

// AllOperators replays everyone's sessions, each with who started it: a
// service's viewers see each other's. One call may carry several, one per
// operator and phone; ending one (by its phone) leaves the others, and the
// call ending ends them all.
func TestSessionsOfAllOperators(t *testing.T) {
	const anaPhone, rajPhone = "+12125550101", "+12125550102"
	addBy := func(l *sessionLog, at int, operator, uii, ph string, t api.SessionType, result string) {
		l.act(at, operator, testAccount, ActionAddSession, uii, result, map[string]string{"destination": ph, "session_type": string(t)})
	}
	l := &sessionLog{t0: time.Now()}
	addBy(l, 0, "ana", callA, anaPhone, api.SessionMonitor, ResultOK)
	addBy(l, 1, "raj", callA, rajPhone, api.SessionCoaching, ResultOK)
	addBy(l, 2, "raj", callB, rajPhone, api.SessionMonitor, ResultTimeout)
	addBy(l, 3, "lee", callB, "+12125550103", api.SessionMonitor, ResultRefused)
	got := Sessions(Pair(l.recs), testAccount, AllOperators)
	require.Len(t, got, 3)
	assert.Equal(t, Session{UII: callA, Operator: "ana", Type: api.SessionMonitor, Phone: anaPhone, Since: l.t0}, got[0])
	assert.Equal(t, Session{UII: callA, Operator: "raj", Type: api.SessionCoaching, Phone: rajPhone, Since: l.t0.Add(time.Second)}, got[1])
	assert.Equal(t, Session{UII: callB, Operator: "raj", Type: api.SessionMonitor, Phone: rajPhone, Since: l.t0.Add(2 * time.Second), Uncertain: true}, got[2])

	ana := Sessions(Pair(l.recs), testAccount, "ana")
	require.Len(t, ana, 1, "one operator's replay is still theirs alone")
	assert.Equal(t, "ana", ana[0].Operator)

	l.act(4, "ana", testAccount, ActionHangupSession, callA, ResultOK, map[string]string{"phone": anaPhone})
	got = Sessions(Pair(l.recs), testAccount, AllOperators)
	require.Len(t, got, 2, "ana's session ended, raj's stays")
	assert.Equal(t, []string{"raj", "raj"}, []string{got[0].Operator, got[1].Operator})

	addBy(l, 5, "ana", callA, rajPhone, api.SessionBargeIn, ResultOK) // the same phone: RingCX has one session for it
	got = Sessions(Pair(l.recs), testAccount, AllOperators)
	require.Len(t, got, 2)
	assert.Equal(t, Session{UII: callA, Operator: "ana", Type: api.SessionBargeIn, Phone: rajPhone, Since: l.t0.Add(5 * time.Second)}, got[1])

	l.act(6, "lee", testAccount, ActionSessionEnded, callB, ResultEnded, nil)
	got = Sessions(Pair(l.recs), testAccount, AllOperators)
	require.Len(t, got, 1, "the call ended: every session on it with it")
	assert.Equal(t, callA, got[0].UII)
}

// A session the board saw end with its call is recorded as observed, so
// the next start does not offer it (or announce its end) again.
func TestObservedEndClosesTheSession(t *testing.T) {
	h := newHarness(t, sim.Config{Seed: 3})
	uii := h.answeredUII()
	require.NoError(t, h.rec.AddSession(context.Background(), uii, supervisor, api.SessionMonitor))
	open, err := ReadSessions(h.log.Path(), testAccount, h.rec.Operator, time.Now())
	require.NoError(t, err)
	require.Len(t, open, 1)

	require.NoError(t, h.rec.Observe(uii, ActionSessionEnded, map[string]string{"session_type": "MONITOR", "phone": supervisor}, ResultEnded))
	open, err = ReadSessions(h.log.Path(), testAccount, h.rec.Operator, time.Now())
	require.NoError(t, err)
	assert.Empty(t, open)

	records, err := Read(h.log.Path(), Filter{})
	require.NoError(t, err)
	entries := Pair(records)
	require.Len(t, entries, 2)
	assert.Equal(t, "session ended: monitor from "+supervisor, Describe(entries[1].About()))
	assert.Equal(t, ResultEnded, entries[1].ResultText())
}
