package audit

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrint(t *testing.T) {
	t0 := time.Date(2030, 5, 1, 9, 0, 0, 250e6, time.Local)
	in := func(id, action, uii string, params map[string]string, s int) Record {
		r := record(id, EventIntent, uii, t0.Add(time.Duration(s)*time.Second))
		r.Action, r.Params = action, params
		return r
	}
	out := func(id, result string, status int, ms int64) *Record {
		r := record(id, EventOutcome, "", t0)
		r.Result, r.HTTPStatus, r.LatencyMS = result, status, ms
		return &r
	}
	orphan := *out("o", ResultRefused, 200, 9)
	orphan.Action, orphan.UII, orphan.Time, orphan.Operator = ActionHangupSession, "300000000000000000000000000003", t0.Add(7*time.Second), "lee"
	orphan.Host, orphan.Source = "jump2", SourceBoard
	entries := []Entry{
		{Intent: in("1", ActionAddSession, "300000000000000000000000000001", map[string]string{"destination": "6505550100", "session_type": "BARGEIN"}, 0), Outcome: out("1", ResultOK, 200, 143)},
		{Intent: in("2", ActionHangupSession, "300000000000000000000000000001", map[string]string{"phone": "6505550100"}, 1), Outcome: out("2", ResultNotFound, 404, 88)},
		{Intent: in("3", ActionHangupCall, "300000000000000000000000000001", nil, 2), Outcome: out("3", ResultTimeout, 0, 10001)},
		{Intent: in("4", ActionToggleRecording, "300000000000000000000000000002", map[string]string{"record": "false"}, 3), Outcome: out("4", "error: permission denied: Access is denied", 403, 51)},
		{Intent: in("5", ActionDisposition, "300000000000000000000000000002", map[string]string{"disposition": "Callback Requested", "callback": "true", "callback_at": "20300502090000", "notes": "n"}, 4), Outcome: out("5", ResultOK, 200, 60)},
		{Intent: in("6", ActionManualCall, "", map[string]string{"agent": "jsmith", "destination": "+14155550123", "caller_id": "6505550199", "ring_seconds": "30"}, 5)},
		{Intent: in("7", "future_action", "300000000000000000000000000002", map[string]string{"b": "2", "a": "1"}, 6)},
		{Outcome: &orphan},
	}
	var b strings.Builder
	require.NoError(t, Print(&b, entries))
	want := `
TIME                 OPERATOR  HOST   SOURCE  ACCOUNT   UII                             ACTION                                                         RESULT                                                     STATUS  LATENCY
2030-05-01 09:00:00  dana      jump1  cli     12440011  300000000000000000000000000001  barge to 6505550100                                            ok                                                         200     143ms
2030-05-01 09:00:01  dana      jump1  cli     12440011  300000000000000000000000000001  end-session 6505550100                                         not found                                                  404     88ms
2030-05-01 09:00:02  dana      jump1  cli     12440011  300000000000000000000000000001  hangup                                                         unknown: no answer in time                                 -       10001ms
2030-05-01 09:00:03  dana      jump1  cli     12440011  300000000000000000000000000002  record off                                                     error: permission denied: Access is denied                 403     51ms
2030-05-01 09:00:04  dana      jump1  cli     12440011  300000000000000000000000000002  disposition "Callback Requested" callback at 2030-05-02 09:00  ok                                                         200     60ms
2030-05-01 09:00:05  dana      jump1  cli     12440011  -                               dial agent jsmith to +14155550123 from 6505550199              no outcome recorded (callboard stopped before the answer)  -       -
2030-05-01 09:00:06  dana      jump1  cli     12440011  300000000000000000000000000002  future_action a=1 b=2                                          no outcome recorded (callboard stopped before the answer)  -       -
2030-05-01 09:00:07  lee       jump2  board   12440011  300000000000000000000000000003  end-session                                                    refused                                                    200     9ms
`
	assert.Equal(t, strings.TrimPrefix(want, "\n"), b.String())
}

func TestPrintCleansWhatItShows(t *testing.T) {
	r := record("1", EventIntent, "1", time.Now())
	r.Operator = "ev\x1b[31mil\tname"
	r.Action = ActionDisposition
	r.Params = map[string]string{"disposition": "Sale\x1b]0;pwned\x07", "callback": "false"}
	var b strings.Builder
	require.NoError(t, Print(&b, []Entry{{Intent: r}}))
	assert.NotContains(t, b.String(), "\x1b")
	assert.NotContains(t, b.String(), "\x07")
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, strings.Index(lines[0], "HOST"), strings.Index(lines[1], "jump1"), "a tab in a value does not shift the columns")
	assert.Contains(t, lines[1], `disposition "Sale"`)
}

func TestPrintEmpty(t *testing.T) {
	var b strings.Builder
	require.NoError(t, Print(&b, nil))
	assert.Equal(t, "TIME  OPERATOR  HOST  SOURCE  ACCOUNT  UII  ACTION  RESULT  STATUS  LATENCY\n", b.String())
}

// Describe names actions as the commands do, with the parameters that say
// what was done; the board's details pane shows the same text.
func TestDescribe(t *testing.T) {
	intent := func(action string, params map[string]string) Record {
		r := record("1", EventIntent, "1", time.Now())
		r.Action, r.Params = action, params
		return r
	}
	orphan := record("1", EventOutcome, "1", time.Now())
	orphan.Action = ActionAddSession
	cases := []struct {
		r    Record
		want string
	}{
		{intent(ActionAddSession, map[string]string{"session_type": "MONITOR", "destination": "+15554150123"}), "monitor to +15554150123"},
		{intent(ActionAddSession, map[string]string{"session_type": "COACHING", "destination": "5554150123"}), "coach to 5554150123"},
		{intent(ActionAddSession, map[string]string{"session_type": "WHISPER", "destination": "5554150123"}), "add session WHISPER to 5554150123"},
		{intent(ActionHangupSession, map[string]string{"phone": "5554150123"}), "end-session 5554150123"},
		{intent(ActionHangupCall, nil), "hangup"},
		{intent(ActionToggleRecording, map[string]string{"record": "true"}), "record on"},
		{intent(ActionDisposition, map[string]string{"disposition": "Sale", "callback": "false"}), `disposition "Sale"`},
		{intent(ActionDisposition, map[string]string{"disposition": "Call back", "callback": "true"}), `disposition "Call back" callback`},
		{intent(ActionDisposition, map[string]string{"disposition": "Call back", "callback": "true", "callback_at": "20301126143015"}),
			`disposition "Call back" callback at 2030-11-26 14:30:15`},
		{intent(ActionManualCall, map[string]string{"agent": "marta", "destination": "6501234567", "caller_id": "8661234567"}),
			"dial agent marta to 6501234567 from 8661234567"},
		{orphan, "add session"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Describe(c.r), "%s %v", c.r.Action, c.r.Params)
	}
}

// Records from SSH sessions carry the key's fingerprint: the table shows a
// KEY column then, and only then.
func TestPrintShowsTheKeyWhenThereIsOne(t *testing.T) {
	t0 := time.Date(2030, 5, 1, 9, 0, 0, 0, time.Local)
	local := record("1", EventIntent, "300000000000000000000000000001", t0)
	local.Action = ActionHangupCall
	var b strings.Builder
	require.NoError(t, Print(&b, []Entry{{Intent: local}}))
	assert.NotContains(t, b.String(), "KEY")

	remote := record("2", EventIntent, "300000000000000000000000000001", t0.Add(time.Second))
	remote.Action, remote.Operator, remote.Source, remote.Key = ActionHangupCall, "ana", SourceSSH, "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
	b.Reset()
	require.NoError(t, Print(&b, []Entry{{Intent: local}, {Intent: remote}}))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^TIME\s+OPERATOR\s+HOST\s+SOURCE\s+KEY\s+ACCOUNT\s+UII`, lines[0])
	assert.Regexp(t, `\scli\s+-\s+12440011\s`, lines[1], "no key for a local command")
	assert.Regexp(t, `\sana\s+jump1\s+ssh\s+SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s\s+12440011\s`, lines[2])
}
