package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/sim"
)

// gatewayFront puts a gateway in front of c's RingCX that answers every
// action with status (an HTML page, as gateways do) and passes the rest
// through. It counts the actions it answered.
func (c *cli) gatewayFront(status int) *atomic.Int32 {
	c.t.Helper()
	target, err := url.Parse(c.env["RINGCX_SERVER_URL"])
	require.NoError(c.t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var actions atomic.Int32
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/activeCalls/") {
			actions.Add(1)
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("X-Request-Id", "gw-\u009b31m-7")
			w.WriteHeader(status)
			_, _ = w.Write([]byte("<html><body><h1>" + http.StatusText(status) + "</h1></body></html>"))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	c.t.Cleanup(front.Close)
	c.env["RINGCX_SERVER_URL"] = front.URL
	return &actions
}

// A gateway in front of RingCX answers 504 for a hangup: the hangup went
// through it and may have run. The command says so and exits 3 — not 1,
// which a script would take as "nothing happened" and retry — the audit
// log says unknown with the gateway's status and cleaned request id, and
// the hangup was sent once.
func TestActionWhoseAnswerIsLostExitsUnknown(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			c := newCLI(t, sim.Config{})
			uii := c.answered()
			sent := c.gatewayFront(status)
			_, errOut, code := c.run("hangup", uii, "--yes")
			assert.Equal(t, exitUnknown, code, errOut)
			assert.Contains(t, errOut, "hangup on call "+uii+": sent; RingCX's answer was lost — check the call before trying again")
			assert.EqualValues(t, 1, sent.Load(), "sent once, never again")
			assert.Equal(t, audit.ResultAnswerLost, c.lastOutcome())
			records, err := audit.Read(c.auditLog(), audit.Filter{})
			require.NoError(t, err)
			out := records[len(records)-1]
			assert.Equal(t, status, out.HTTPStatus)
			assert.Equal(t, "gw-31m-7", out.RequestID)

			table, _, code := c.run("audit")
			require.Equal(t, exitOK, code)
			assert.Contains(t, table, audit.ResultAnswerLost)
			js, _, code := c.run("audit", "--json")
			require.Equal(t, exitOK, code)
			var last struct {
				Result     string `json:"result"`
				Standing   string `json:"standing"`
				HTTPStatus int    `json:"http_status"`
			}
			lines := strings.Split(strings.TrimSpace(js), "\n")
			require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &last))
			assert.Equal(t, audit.ResultAnswerLost, last.Result, "--json keeps the exact result")
			assert.Equal(t, "unknown", last.Standing)
			assert.Equal(t, status, last.HTTPStatus)
		})
	}
}

// Free text a person typed that is not plain text is refused with exit 2
// before anything is recorded or sent, naming the flag and never echoing
// the bytes.
func TestTypedTextThatIsNotPlainIsRefused(t *testing.T) {
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	n := len(c.sim.Requests())
	for _, tc := range []struct {
		args []string
		flag string
		bad  string
	}{
		{[]string{"disposition", uii, "--disposition", "Sale\x9b2J"}, "--disposition", "\x9b"},
		{[]string{"disposition", uii, "--disposition", "Sale\u009b2J"}, "--disposition", "\u009b"},
		{[]string{"disposition", uii, "--disposition", "Resolved", "--notes", "paid\u202eevil"}, "--notes", "\u202e"},
		{[]string{"disposition", uii, "--disposition", "Resolved", "--notes", "a\x1b[2Jb"}, "--notes", "\x1b"},
		{[]string{"dial", "--agent", "ana\xff@example.com", "--to", "6505550123", "--caller-id", "8005550199"}, "--agent", "\xff"},
	} {
		out, errOut, code := c.run(tc.args...)
		assert.Equal(t, exitUsage, code, "%q: %s", tc.args, errOut)
		assert.Contains(t, errOut, "invalid "+tc.flag+": contains ", "%q", tc.args)
		assert.NotContains(t, out+errOut, tc.bad, "%q", tc.args)
	}
	assert.Equal(t, n, len(c.sim.Requests()), "nothing was sent")
	_, err := os.Stat(c.auditLog())
	assert.True(t, errors.Is(err, os.ErrNotExist), "nothing was recorded: %v", err)

	// Notes may have lines and tabs: that is plain text.
	_, errOut, code := c.run("disposition", uii, "--disposition", "Resolved", "--notes", "line one\n\tline two")
	assert.Equal(t, exitOK, code, errOut)
}

// Each failure an action can end in, as actionError turns it into an
// exit code and words: the same classification as the audit log's.
func TestActionErrorExitCodes(t *testing.T) {
	a := newApp(func(string) string { return "" }, strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	const uii = "202005081040440132050000019657"
	act := action{uii: uii}
	post := func(err error) error {
		return fmt.Errorf("POST /voice/api/v1/admin/accounts/1/activeCalls/%s/hangupCall: %w", uii, err)
	}
	for _, tc := range []struct {
		err  error
		code int
		want string
	}{
		{post(&api.AnswerLostError{Method: "POST", Path: "/x", Cause: "connection closed after the request was sent"}), exitUnknown,
			"hangup on call " + uii + ": sent; RingCX's answer was lost — check the call before trying again"},
		{&api.APIError{StatusCode: 504, Method: "POST", Path: "/x"}, exitUnknown, "sent; RingCX's answer was lost — check the call"},
		{post(api.ErrTimeout), exitUnknown, "hangup on call " + uii + ": sent; no answer from RingCX in time — check the call before trying again"},
		{post(context.Canceled), exitUnknown, "sent, then interrupted before RingCX answered — check the call"},
		{post(&api.NotSentError{Reason: api.NotSentDeadline, Waited: 20 * time.Second}), exitFailed,
			"hangup on call " + uii + ": waited 20s for its turn (action deadline); nothing was sent"},
		{&api.NotSentError{Reason: api.NotSentStopping}, exitFailed, "callboard was stopping; nothing was sent"},
		{&api.NotSentError{Reason: api.NotSentNoConnection, Err: errors.New("dial tcp: connection refused")}, exitFailed, "no connection to RingCX; nothing was sent"},
		{&api.NotSentError{Reason: api.NotSentSignIn, Err: errors.New("invalid_grant")}, exitFailed, "sign-in failed: invalid_grant; nothing was sent"},
		{&audit.WriteError{Action: audit.ActionHangupCall, UII: uii, Sent: true, Result: audit.ResultAnswerLost, Err: errors.New("disk full"), ActionErr: api.ErrAnswerLost},
			exitUnknown, "disk full: the audit log shows the action without its outcome"},
		{&audit.WriteError{Action: audit.ActionHangupCall, UII: uii, Err: errors.New("disk full")}, exitFailed, "not sent: the audit log could not be written"},
		{&audit.WriteError{Action: audit.ActionHangupCall, UII: uii, Sent: true, Err: errors.New("disk full"), ActionErr: &api.NotSentError{Reason: api.NotSentStopping}},
			exitFailed, "callboard was stopping; nothing was sent\ndisk full: the audit log shows the action without its outcome"},
		{post(api.ErrRefused), exitFailed, "hangup: RingCX refused"},
		{&api.InputError{Field: "notes", Reason: "contains a control character at byte 3"}, exitUsage, "invalid notes"},
	} {
		e := asExitError(a.actionError("hangup", act, true, tc.err))
		assert.Equal(t, tc.code, e.code, "%v", tc.err)
		assert.Contains(t, e.msg, tc.want, "%v", tc.err)
	}
}

// On a terminal `callboard audit` styles each result by how it stands:
// unknown, failed, not sent and ok each look different, and with no
// colour (theme none) unknown and failed still differ from ok.
func TestAuditResultStylesDiffer(t *testing.T) {
	for _, theme := range []string{"dark", "light", "none"} {
		style := standingStyle(themeFor(theme)(theme != "light"))
		ok := style(audit.StandingOK, "x")
		unknown := style(audit.StandingUnknown, "x")
		failed := style(audit.StandingFailed, "x")
		assert.NotEqual(t, ok, unknown, theme)
		assert.NotEqual(t, ok, failed, theme)
		if theme != "none" {
			assert.NotEqual(t, unknown, failed, theme)
			assert.NotEqual(t, style(audit.StandingNotSent, "x"), failed, theme)
		}
		assert.Equal(t, "x", style(audit.StandingObserved, "x"))
	}
}

// The terminal prompts for a typed disposition, note or username refuse
// what the flags refuse: empty, or not plain text, naming the field.
func TestPromptsRefuseTextThatIsNotPlain(t *testing.T) {
	check := required("disposition", "type the disposition's name")
	assert.EqualError(t, check("  "), "type the disposition's name")
	assert.NoError(t, check("Call back — café"))
	err := check("Sale\u202eX")
	require.ErrorIs(t, err, api.ErrInvalidInput)
	assert.Equal(t, "invalid disposition: contains a bidi control character at byte 4", err.Error())
	assert.ErrorIs(t, required("username", "type the agent's username")("ana\xff"), api.ErrInvalidInput)
}
