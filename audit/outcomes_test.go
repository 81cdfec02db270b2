package audit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A gateway in front of RingCX answering 503 for an action: the action
// went through it and may have run. The record says unknown — never a
// failure — keeps the gateway's status and request id for support, and
// the action was sent once.
func TestRecorderGatewayAnswerIsUnknown(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	h.sim.SetFaults(sim.Faults{Outage: true})
	err := h.rec.HangupCall(testCtx(t), uii)
	require.Error(t, err)
	assert.Len(t, h.actionRequests(), 1, "sent once, never again")
	_, out := lastPair(t, h, ActionHangupCall)
	assert.Equal(t, ResultAnswerLost, out.Result)
	assert.Equal(t, http.StatusServiceUnavailable, out.HTTPStatus)
	assert.NotEmpty(t, out.RequestID)
}

// An action the client never sent — here because the budget was stopped,
// as it is when callboard stops — is recorded as not sent, with why, and
// with no HTTP status or request id: there was no answer.
func TestRecorderNotSentHasNoAnswer(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	c := h.rec.Next.(*api.Client)
	c.Budget().Stop()
	err := h.rec.ToggleRecording(testCtx(t), uii, true)
	require.ErrorIs(t, err, api.ErrNotSent)
	assert.Empty(t, h.actionRequests())
	in, out := lastPair(t, h, ActionToggleRecording)
	assert.Equal(t, map[string]string{"record": "true"}, in.Params)
	assert.Equal(t, "not sent: callboard was stopping", out.Result)
	assert.Zero(t, out.HTTPStatus)
	assert.Empty(t, out.RequestID)
	e := Pair(h.records())
	require.Len(t, e, 1)
	assert.NotEqual(t, NoOutcome, e[0].ResultText(), "every intent has its outcome")
}

// The server's request id is untrusted: a record keeps it cleaned of
// controls and bidi overrides and at most MaxRequestID bytes, cut between
// characters, however long the header — whatever the client kept.
func TestRecorderCleansAndCapsTheRequestID(t *testing.T) {
	hostile := "req-\u009b31m\u202e" + strings.Repeat("é", 200_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", hostile)
		_, _ = w.Write([]byte("true"))
	}))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithServer(srv.URL), api.WithAccount(testAccount), api.WithAuth(api.APITokenAuth(testAPIToken)))
	require.NoError(t, err)
	l, err := Open(t.TempDir() + "/audit.jsonl")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	rec := NewRecorder(c, l, testAccount, SourceCLI)
	require.NoError(t, rec.HangupCall(testCtx(t), "1"))

	recs, err := Read(l.Path(), Filter{})
	require.NoError(t, err)
	require.Len(t, recs, 2)
	id := recs[1].RequestID
	assert.LessOrEqual(t, len(id), MaxRequestID)
	assert.True(t, utf8.ValidString(id))
	assert.True(t, strings.HasPrefix(id, "req-31mé"), id)
	assert.NotContains(t, id, "\u009b")
	assert.NotContains(t, id, "\u202e")
}

func TestRequestID(t *testing.T) {
	assert.Equal(t, "abc-123", RequestID("abc-123"))
	assert.Equal(t, "", RequestID(""))
	assert.Equal(t, "ab", RequestID("a\u202e\u009bb"))
	long := RequestID(strings.Repeat("€", 100)) // 3 bytes each
	assert.Equal(t, strings.Repeat("€", 42), long, "cut between characters, within the cap")
}

// What a person typed is recorded byte for byte as the client sends it:
// nothing in the record rewrites a valid value — markup, quotes, line
// separators, tabs and newlines in notes, accents and emoji — and the
// spaces the client trims from a name are not recorded either.
func TestRecorderParamsAreWhatWasSent(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	notes := "re: <refund> & \"fees\"\u2028line\tcol\nnext — café ☕ \\u0041"
	require.NoError(t, h.rec.Disposition(testCtx(t), uii, api.DispositionRequest{Disposition: "  Resolved ", Notes: notes}))
	in, _ := lastPair(t, h, ActionDisposition)
	assert.Equal(t, "Resolved", in.Params["disposition"])
	assert.Equal(t, notes, in.Params["notes"])

	var sent []string
	for _, r := range h.sim.Requests() {
		if strings.HasSuffix(r.Path, "/dispositionCall") {
			sent = append(sent, r.Query.Get("disposition"), r.Query.Get("notes"))
		}
	}
	assert.Equal(t, []string{in.Params["disposition"], in.Params["notes"]}, sent, "the record is what RingCX received")
}

// Text that is not plain text is refused before any intent: nothing is
// sent, nothing recorded, and the error names the field, never the bytes.
func TestRecorderRefusesInvalidTextBeforeTheIntent(t *testing.T) {
	h := newHarness(t, sim.Config{})
	uii := h.answeredUII()
	for field, act := range map[string]func() error{
		"disposition": func() error {
			return h.rec.Disposition(testCtx(t), uii, api.DispositionRequest{Disposition: "Sale\x9b2J"})
		},
		"notes": func() error {
			return h.rec.Disposition(testCtx(t), uii, api.DispositionRequest{Disposition: "Resolved", Notes: "ok\u202eko"})
		},
		"username": func() error {
			return h.rec.CreateManualAgentCall(testCtx(t), api.ManualCallRequest{Username: "ana\xff", Destination: "+16505550123", CallerID: "+18005550199", RingDuration: 30})
		},
	} {
		err := act()
		require.ErrorIs(t, err, api.ErrInvalidInput, field)
		assert.Contains(t, err.Error(), field)
		assert.NotContains(t, err.Error(), "\x9b")
		assert.NotContains(t, err.Error(), "\u202e")
		assert.NotContains(t, err.Error(), "\xff")
	}
	assert.Empty(t, h.actionRequests())
	assert.Empty(t, h.records())
}
