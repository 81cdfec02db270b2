package api

import (
	"errors"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const base = "/voice/api/v1/admin/accounts/" + mainAccount + "/activeCalls/"

// Every operation: the request that reaches the server (method, path,
// exact query, empty body, credentials) and how its answer is read.
func TestOperationRequestShapes(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()
	uii := h.activeUII()
	agent := idleAgent(t, h)

	cases := []struct {
		name   string
		call   func() error
		method string
		path   string
		query  map[string][]string
		check  func(t *testing.T)
	}{
		{
			name: "list",
			call: func() error {
				_, err := c.ListActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
				return err
			},
			method: "GET", path: base + "list",
			query: q("product", "ACCOUNT", "productId", mainAccount, "page", "0", "maxRows", "500"),
		},
		{
			name: "list by external id, page 2 of 50",
			call: func() error {
				_, err := c.ListActiveCalls(ctx(t), ListOptions{ExternalID: "crm-42", Page: 2, MaxRows: 50})
				return err
			},
			method: "GET", path: base + "list",
			query: q("externalId", "crm-42", "page", "2", "maxRows", "50"),
		},
		{
			name:   "add monitor session",
			call:   func() error { return c.AddSession(ctx(t), uii, "+14155550123", SessionMonitor) },
			method: "POST", path: base + uii + "/addSessionToCall",
			query: q("destination", "+14155550123", "sessionType", "MONITOR"),
			check: func(t *testing.T) {
				call, ok := h.sim.Call(uii)
				require.True(t, ok)
				assert.Equal(t, "MONITOR", call.Sessions["+14155550123"])
			},
		},
		{
			name:   "hang up session",
			call:   func() error { return c.HangupSession(ctx(t), uii, "+14155550123") },
			method: "POST", path: base + uii + "/hangupSession",
			query: q("phone", "+14155550123"),
			check: func(t *testing.T) {
				call, _ := h.sim.Call(uii)
				assert.Empty(t, call.Sessions)
			},
		},
		{
			name:   "recording on",
			call:   func() error { return c.ToggleRecording(ctx(t), uii, true) },
			method: "POST", path: base + uii + "/toggleCallRecording",
			query: q("record", "true"),
			check: func(t *testing.T) {
				call, _ := h.sim.Call(uii)
				require.NotNil(t, call.Recording)
				assert.True(t, *call.Recording)
			},
		},
		{
			name:   "recording off",
			call:   func() error { return c.ToggleRecording(ctx(t), uii, false) },
			method: "POST", path: base + uii + "/toggleCallRecording",
			query: q("record", "false"),
			check: func(t *testing.T) {
				call, _ := h.sim.Call(uii)
				require.NotNil(t, call.Recording)
				assert.False(t, *call.Recording)
			},
		},
		{
			name: "disposition with callback",
			call: func() error {
				return c.Disposition(ctx(t), uii, DispositionRequest{Disposition: "Callback Requested", Callback: true, CallbackDTS: "20261126093000", Notes: "call back after 9 — señora Díaz"})
			},
			method: "POST", path: base + uii + "/dispositionCall",
			query: q("disposition", "Callback Requested", "callback", "true", "callBackDTS", "20261126093000", "notes", "call back after 9 — señora Díaz"),
			check: func(t *testing.T) {
				call, _ := h.sim.Call(uii)
				require.NotNil(t, call.Disposition)
				assert.Equal(t, "Callback Requested", call.Disposition.Disposition)
				assert.True(t, call.Disposition.Callback)
				assert.Equal(t, "20261126093000", call.Disposition.CallbackDTS)
			},
		},
		{
			name:   "disposition without callback",
			call:   func() error { return c.Disposition(ctx(t), uii, DispositionRequest{Disposition: "Resolved"}) },
			method: "POST", path: base + uii + "/dispositionCall",
			query: q("disposition", "Resolved", "callback", "false"),
		},
		{
			name: "manual agent call",
			call: func() error {
				return c.CreateManualAgentCall(ctx(t), ManualCallRequest{Username: agent, Destination: "+16505550123", RingDuration: 30, CallerID: "+18005550199"})
			},
			method: "POST", path: base + "createManualAgentCall",
			query: q("username", agent, "destination", "+16505550123", "ringDuration", "30", "callerId", "+18005550199"),
			check: func(t *testing.T) {
				found := false
				for _, call := range h.sim.Calls(mainAccount) {
					if call.AgentUsername == agent && call.DNIS == "+16505550123" {
						found = true
					}
				}
				assert.True(t, found, "the simulator placed the agent's call")
			},
		},
		{
			name:   "hang up call",
			call:   func() error { return c.HangupCall(ctx(t), uii) },
			method: "POST", path: base + uii + "/hangupCall",
			query: q(),
			check: func(t *testing.T) {
				call, ok := h.sim.Call(uii)
				require.True(t, ok)
				assert.True(t, call.Ended)
			},
		},
		{
			name:   "accounts",
			call:   func() error { _, err := c.Accounts(ctx(t)); return err },
			method: "GET", path: "/voice/api/v1/admin/accounts",
			query: q(),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.call())
			r := h.lastRequest()
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, tc.path, r.Path)
			assert.Equal(t, tc.query, map[string][]string(r.Query), "exact query")
			assert.Empty(t, r.Body, "all parameters are query parameters; bodies are empty")
			assert.Equal(t, testAPIToken, r.Header.Get("X-Auth-Token"))
			assert.Equal(t, "callboard", r.Header.Get("User-Agent"))
			assert.Equal(t, http.StatusOK, r.Status)
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
}

func idleAgent(t *testing.T, h *harness) string {
	t.Helper()
	for _, a := range h.sim.Agents(mainAccount) {
		if a.LoggedIn && a.OnCall == "" {
			return a.Username
		}
	}
	t.Fatal("the simulator has no idle logged-in agent")
	return ""
}

func TestListDecodesWhatTheServerHolds(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()
	queued := h.sim.AddCall(mainAccount, sim.CallSpec{Queued: true, CNAM: "ACME WIRE"})
	calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
	require.NoError(t, err)
	assert.Equal(t, 1, pages)
	want := h.sim.Calls(mainAccount)
	require.Len(t, calls, len(want))
	byUII := map[string]ActiveCall{}
	for _, call := range calls {
		byUII[call.UII] = call
	}
	for _, w := range want {
		got, ok := byUII[w.UII]
		require.True(t, ok, w.UII)
		assert.Equal(t, w.AccountID, got.AccountID)
		assert.Equal(t, w.ANI, got.ANI)
		assert.Equal(t, w.DNIS, got.DNIS)
		assert.Equal(t, w.DNISE164, got.DNISE164)
		assert.Equal(t, w.CNAM, got.CNAM)
		assert.Equal(t, w.AgentFirstName, got.AgentFirstName)
		assert.Equal(t, w.AgentLastName, got.AgentLastName)
		assert.Equal(t, w.DestinationName, got.DestinationName)
		assert.Equal(t, w.ExternalID, got.ExternalID)
		assert.Equal(t, w.CallState, got.CallState)
		assert.True(t, w.EnqueueTime.Truncate(1e6).Equal(got.EnqueueTime), "%s vs %s", w.EnqueueTime, got.EnqueueTime)
		if w.DequeueTime == nil {
			assert.True(t, got.Queued())
		} else {
			assert.True(t, w.DequeueTime.Truncate(1e6).Equal(got.DequeueTime))
		}
	}
	assert.True(t, byUII[queued].Queued())
	assert.Equal(t, "ACME WIRE", byUII[queued].CNAM)
}

func TestListAllPagesWalk(t *testing.T) {
	for _, tc := range []struct {
		name      string
		calls     int
		maxRows   int
		wantPages int
	}{
		{"short last page", 23, 5, 5},                      // 5+5+5+5+3
		{"exact multiple ends on an empty page", 20, 5, 5}, // 5+5+5+5+0
		{"single short page", 3, 5, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, sim.Config{Static: true, Accounts: []sim.AccountSpec{{ID: mainAccount, Name: "Northwind Care", Calls: 0, Agents: 40}}})
			for range tc.calls {
				h.sim.AddCall(mainAccount, sim.CallSpec{})
			}
			require.Len(t, h.sim.Calls(mainAccount), tc.calls)
			c := h.client()
			h.sim.ResetRequests()
			calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: tc.maxRows})
			require.NoError(t, err)
			assert.Equal(t, tc.wantPages, pages)
			assert.Len(t, calls, tc.calls)
			var seen []string
			for i, r := range h.sim.Requests() {
				assert.Equal(t, []string{strconv.Itoa(i)}, r.Query["page"], "pages are zero-indexed and walked in order")
				seen = append(seen, r.Query.Get("page"))
			}
			assert.Len(t, seen, tc.wantPages)
			uiis := map[string]bool{}
			for _, call := range calls {
				assert.False(t, uiis[call.UII], "duplicate %s", call.UII)
				uiis[call.UII] = true
			}
		})
	}
}

func TestListEmptyAnswers(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		h := newHarness(t, sim.Config{Static: true, EmptyListStatus: status, Accounts: []sim.AccountSpec{{ID: mainAccount, Name: "Empty", Calls: 0, Agents: 2}}})
		c := h.client()
		calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
		require.NoError(t, err, "status %d", status)
		assert.NotNil(t, calls)
		assert.Empty(t, calls)
		assert.Equal(t, 1, pages)
		assert.Equal(t, status, h.lastRequest().Status)
	}
}

func TestActionAnswers(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true, DeniedSessionTypes: []string{"BARGEIN"}})
	c := h.client()
	uii := h.activeUII()
	queued := h.sim.AddCall(mainAccount, sim.CallSpec{Queued: true})

	t.Run("false is a refusal, not success", func(t *testing.T) {
		err := c.AddSession(ctx(t), queued, "+16505550123", SessionMonitor)
		require.ErrorIs(t, err, ErrRefused)
		assert.Contains(t, err.Error(), "refused by RingCX")
		assert.Contains(t, err.Error(), queued)

		err = c.HangupSession(ctx(t), uii, "+16505550199")
		assert.ErrorIs(t, err, ErrRefused, "no session for that phone")

		err = c.Disposition(ctx(t), uii, DispositionRequest{Disposition: "Not A Real Disposition"})
		assert.ErrorIs(t, err, ErrRefused)
	})
	t.Run("second session for the same phone is refused", func(t *testing.T) {
		require.NoError(t, c.AddSession(ctx(t), uii, "+16505550123", SessionMonitor))
		assert.ErrorIs(t, c.AddSession(ctx(t), uii, "+16505550123", SessionCoaching), ErrRefused)
		require.NoError(t, c.HangupSession(ctx(t), uii, "+16505550123"))
		require.NoError(t, c.AddSession(ctx(t), uii, "+16505550123", SessionCoaching))
	})
	t.Run("permission denied", func(t *testing.T) {
		err := c.AddSession(ctx(t), uii, "+16505550177", SessionBargeIn)
		require.ErrorIs(t, err, ErrForbidden)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
		assert.NotEmpty(t, apiErr.Reason(), "the server's own words are kept")
		assert.NotEmpty(t, apiErr.RequestID)
	})
	t.Run("manual call for a logged-out agent", func(t *testing.T) {
		var loggedOut string
		for _, a := range h.sim.Agents(mainAccount) {
			if !a.LoggedIn {
				loggedOut = a.Username
			}
		}
		if loggedOut == "" {
			loggedOut = idleAgent(t, h)
			require.True(t, h.sim.SetAgentLoggedIn(loggedOut, false))
		}
		err := c.CreateManualAgentCall(ctx(t), ManualCallRequest{Username: loggedOut, Destination: "+16505550123", RingDuration: 20, CallerID: "+18005550199"})
		assert.ErrorIs(t, err, ErrRefused)
	})
	t.Run("ended call is call-not-found", func(t *testing.T) {
		require.NoError(t, c.HangupCall(ctx(t), uii))
		for name, act := range map[string]func() error{
			"hangup":  func() error { return c.HangupCall(ctx(t), uii) },
			"monitor": func() error { return c.AddSession(ctx(t), uii, "+16505550123", SessionMonitor) },
			"record":  func() error { return c.ToggleRecording(ctx(t), uii, true) },
			"dispose": func() error { return c.Disposition(ctx(t), uii, DispositionRequest{Disposition: "Resolved"}) },
			"leave":   func() error { return c.HangupSession(ctx(t), uii, "+16505550123") },
		} {
			err := act()
			require.ErrorIs(t, err, ErrCallNotFound, name)
			assert.Contains(t, err.Error(), "has ended", name)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, name)
			assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
		}
	})
}

func TestAccountsAndOtherAccount(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()
	accounts, err := c.Accounts(ctx(t))
	require.NoError(t, err)
	var ids []string
	for _, a := range accounts {
		ids = append(ids, a.AccountID)
		assert.NotEmpty(t, a.AccountName)
	}
	sort.Strings(ids)
	assert.Equal(t, []string{mainAccount, otherAccount}, ids)

	other, err := c.WithAccountID(otherAccount)
	require.NoError(t, err)
	assert.Same(t, c.Budget(), other.Budget(), "one account budget shared by both")
	calls, _, err := other.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: otherAccount})
	require.NoError(t, err)
	for _, call := range calls {
		assert.Equal(t, otherAccount, call.AccountID)
	}
	assert.Equal(t, "/voice/api/v1/admin/accounts/"+otherAccount+"/activeCalls/list", h.lastRequest().Path)
}

// Invalid input is refused with a specific message before anything is sent.
func TestValidationHappensBeforeSending(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client()
	uii := h.activeUII()
	h.sim.ResetRequests()
	cases := map[string]struct {
		call func() error
		want string
	}{
		"bad uii":          {func() error { return c.HangupCall(ctx(t), "12ab") }, "a call id has digits only"},
		"path traversal":   {func() error { return c.HangupCall(ctx(t), "../../accounts") }, "digits only"},
		"bad session type": {func() error { return c.AddSession(ctx(t), uii, "+16505550123", "WHISPER") }, "MONITOR, BARGEIN or COACHING"},
		"national phone":   {func() error { return c.AddSession(ctx(t), uii, "(650) 555-0123", SessionMonitor) }, "must be in international form"},
		"short phone":      {func() error { return c.HangupSession(ctx(t), uii, "+112345") }, "too short for a number in US (+1)"},
		"bad callback": {func() error {
			return c.Disposition(ctx(t), uii, DispositionRequest{Disposition: "Resolved", CallbackDTS: "20260230100000"})
		}, "not a real date"},
		"no disposition": {func() error { return c.Disposition(ctx(t), uii, DispositionRequest{}) }, "invalid disposition: is required"},
		"ring too long": {func() error {
			return c.CreateManualAgentCall(ctx(t), ManualCallRequest{Username: "a@b", Destination: "+16505550123", RingDuration: 300, CallerID: "+18005550199"})
		}, "between 1 and 120"},
		"no username": {func() error {
			return c.CreateManualAgentCall(ctx(t), ManualCallRequest{Destination: "+16505550123", RingDuration: 30, CallerID: "+18005550199"})
		}, "invalid username: is required"},
		"bad caller id": {func() error {
			return c.CreateManualAgentCall(ctx(t), ManualCallRequest{Username: "a@b", Destination: "+16505550123", RingDuration: 30, CallerID: "ACME"})
		}, "invalid callerId"},
		"no scope": {func() error { _, err := c.ListActiveCalls(ctx(t), ListOptions{}); return err }, "give a product and product id, or an external id"},
		"bad product": {func() error {
			_, err := c.ListActiveCalls(ctx(t), ListOptions{Product: "QUEUE", ProductID: "1"})
			return err
		}, "not a RingCX product"},
		"bad product id": {func() error {
			_, err := c.ListActiveCalls(ctx(t), ListOptions{Product: ProductACD, ProductID: "billing"})
			return err
		}, "whole number"},
	}
	for name, tc := range cases {
		err := tc.call()
		require.Error(t, err, name)
		assert.True(t, errors.Is(err, ErrInvalidInput), "%s: %v", name, err)
		assert.Contains(t, err.Error(), tc.want, name)
	}
	assert.Empty(t, h.sim.Requests(), "nothing was sent")

	noAccount, err := NewClient(WithServer(h.srv.URL), WithAuth(APITokenAuth(testAPIToken)))
	require.NoError(t, err)
	err = noAccount.HangupCall(ctx(t), uii)
	assert.ErrorContains(t, err, "account id")
	assert.ErrorContains(t, err, "RINGCX_ACCOUNT_ID")
}

func TestLegacyHostPathsAndHeader(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	c := h.client(WithServer(h.srv.URL+"/api/v1"), WithAuth(TokenAuth("legacy-auth-token-0123456789", "")))
	assert.Equal(t, "/api/v1", c.t.apiBase)
	_, err := c.ListActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
	// The simulator does not know this token; what matters here is what was sent.
	_ = err
	r := h.lastRequest()
	assert.Equal(t, "/api/v1/admin/accounts/"+mainAccount+"/activeCalls/list", r.Path)
	assert.Equal(t, "legacy-auth-token-0123456789", r.Header.Get("X-Auth-Token"), "legacy hosts take X-Auth-Token")
	assert.Empty(t, r.Header.Get("Authorization"))

	c = h.client(WithServer(h.srv.URL + "/api/v1"))
	_, err = c.ListActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount})
	require.NoError(t, err, "permanent API token on the legacy base")
}

func TestServerURLRules(t *testing.T) {
	for raw, want := range map[string]string{
		"http://ringcx.example.com":                "plain http is refused",
		"ftp://ringcx.ringcentral.com":             "must be a URL like https://host",
		"ringcx.ringcentral.com":                   "must be a URL like https://host",
		"https://user:pw@ringcx.ringcentral.com":   "must not carry credentials",
		"https://ringcx.ringcentral.com/somewhere": "expected a host such as",
	} {
		_, err := NewClient(WithServer(raw))
		require.ErrorIs(t, err, ErrInvalidInput, raw)
		assert.Contains(t, err.Error(), want, raw)
		assert.NotContains(t, err.Error(), ":pw@", raw)
	}
	for raw, wantBase := range map[string]string{
		"https://ringcx.ringcentral.com":              "/voice/api/v1",
		"https://engage.ringcentral.com/voice/api/v1": "/voice/api/v1",
		"https://portal.vacd.biz":                     "/api/v1",
		"https://portal.virtualacd.biz/api/v1":        "/api/v1",
		"http://127.0.0.1:8089":                       "/voice/api/v1",
		"http://[::1]:8089":                           "/voice/api/v1",
		"http://localhost:8089":                       "/voice/api/v1",
	} {
		c, err := NewClient(WithServer(raw))
		require.NoError(t, err, raw)
		assert.Equal(t, wantBase, c.t.apiBase, raw)
	}
	_, err := NewClient(WithAuth(JWTAuth(JWTCredentials{Server: "http://platform.example.com", ClientID: "a", ClientSecret: "b", JWT: "c"})))
	assert.ErrorContains(t, err, "RingCentral server URL")
	assert.ErrorContains(t, err, "plain http is refused")
}

func TestMergePagesDropsShiftedRepeats(t *testing.T) {
	mk := func(ids ...string) []ActiveCall {
		out := make([]ActiveCall, len(ids))
		for i, id := range ids {
			out[i] = ActiveCall{UII: id}
		}
		return out
	}
	ids := func(calls []ActiveCall) (out []string) {
		for _, c := range calls {
			out = append(out, c.UII)
		}
		return out
	}
	// Two calls arrived before the boundary while page 1 was being read:
	// "c" and "d" slid from page 0 into page 1.
	got := mergePages([][]ActiveCall{mk("a", "b", "c", "d"), mk("c", "d", "e", "f"), mk("g")})
	assert.Equal(t, []string{"a", "b", "c", "d", "e", "f", "g"}, ids(got))
	got = mergePages([][]ActiveCall{mk("a", "b"), mk("c", "d"), mk()})
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids(got))
}

func TestResponseInfoAndLogger(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true})
	var logs strings.Builder
	c := h.client(WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	uii := h.activeUII()
	var info ResponseInfo
	require.NoError(t, c.ToggleRecording(WithResponseInfo(ctx(t), &info), uii, true))
	assert.Equal(t, http.StatusOK, info.StatusCode)
	assert.NotEmpty(t, info.RequestID)
	err := c.HangupSession(WithResponseInfo(ctx(t), &info), uii, "+16505550199")
	assert.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, http.StatusOK, info.StatusCode, "a refusal is a 200 answering false")
	require.NoError(t, c.HangupCall(ctx(t), uii))
	err = c.HangupCall(WithResponseInfo(ctx(t), &info), uii)
	assert.ErrorIs(t, err, ErrCallNotFound)
	assert.Equal(t, http.StatusNotFound, info.StatusCode)
	assert.Contains(t, logs.String(), "path=/voice/api/v1/admin/accounts/12440011/activeCalls/"+uii+"/toggleCallRecording")
	assert.NotContains(t, logs.String(), "record=true", "queries are not logged")
	assert.NotContains(t, logs.String(), testAPIToken)
}
