package hostile_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/sim"
)

var list = hostile.Match{Method: http.MethodGet, Path: "/activeCalls/list"}

// get asks the front for the account's calls (page, if not "").
func get(t *testing.T, s *simtest.Sim, page string) (*http.Response, []byte, error) {
	t.Helper()
	q := url.Values{"product": {"ACCOUNT"}, "productId": {s.Account}}
	if page != "" {
		q.Set("page", page)
		q.Set("maxRows", "5")
	}
	req, err := http.NewRequest(http.MethodGet, s.URL+"/voice/api/v1/admin/accounts/"+s.Account+"/activeCalls/list?"+q.Encode(), nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", s.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func calls(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	require.NoError(t, json.Unmarshal(body, &out), "%.200s", body)
	return out
}

func TestRulesPickCountAndClear(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	front.Add(hostile.Rule{Match: list, Skip: 1, Times: 2, Fault: hostile.GatewayPage(http.StatusBadGateway)})
	var codes []int
	for range 4 {
		resp, _, err := get(t, s, "")
		require.NoError(t, err)
		codes = append(codes, resp.StatusCode)
	}
	assert.Equal(t, []int{200, 502, 502, 200}, codes, "one through, two spoiled, then faithful again")
	assert.Equal(t, 4, front.Count(list))
	assert.Equal(t, 2, len(s.Requests()), "the spoiled ones never reached the simulator")

	front.Add(hostile.Rule{Match: list, Fault: hostile.Expired()})
	resp, body, err := get(t, s, "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "Jwt is expired", string(body))
	front.Clear()
	resp, _, err = get(t, s, "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 0, front.Count(hostile.Match{Method: http.MethodPost}))
}

func TestStatusAnswers(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	for _, ra := range []string{"3600", "99999999", "-5", "soon", "Wed, 21 Oct 2099 07:28:00 GMT", ""} {
		front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.TooMany(ra)})
		resp, _, err := get(t, s, "")
		require.NoError(t, err)
		assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		assert.Equal(t, ra, resp.Header.Get("Retry-After"))
	}
	front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.GatewayPage(http.StatusGatewayTimeout)})
	resp, body, err := get(t, s, "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	assert.Contains(t, string(body), "<h1>504 Gateway Timeout</h1>")
}

func TestBrokenAnswers(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	for name, c := range map[string]struct {
		fault hostile.Fault
		check func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		"cut short": {hostile.CutShort(), func(t *testing.T, _ *http.Response, _ []byte, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}},
		"chunked, cut": {hostile.CutChunked(), func(t *testing.T, _ *http.Response, _ []byte, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}},
		"dropped": {hostile.DropAfterRead(), func(t *testing.T, _ *http.Response, _ []byte, err error) {
			assert.ErrorContains(t, err, "EOF")
		}},
		"answered, then dropped": {hostile.AnswerThenDrop(), func(t *testing.T, _ *http.Response, _ []byte, err error) {
			assert.ErrorContains(t, err, "EOF")
		}},
		"huge headers": {hostile.HugeHeaders(11 << 20), func(t *testing.T, _ *http.Response, _ []byte, err error) {
			assert.ErrorContains(t, err, "headers exceeded")
		}},
		"oversized": {hostile.Oversized(3 << 20), func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Len(t, body, 3<<20)
			assert.Empty(t, calls(t, body))
			assert.Equal(t, int64(-1), resp.ContentLength, "chunked: only reading tells the size")
		}},
		"trickled": {hostile.Trickle(4, time.Millisecond), func(t *testing.T, _ *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Len(t, calls(t, body), len(s.Calls(s.Account)), "slow but whole")
		}},
		"slow first byte": {hostile.Delay(time.Millisecond), func(t *testing.T, _ *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Len(t, calls(t, body), len(s.Calls(s.Account)))
		}},
	} {
		t.Run(name, func(t *testing.T) {
			front.Add(hostile.Rule{Match: list, Times: 1, Fault: c.fault})
			asked := len(s.Requests())
			resp, body, err := get(t, s, "")
			c.check(t, resp, body, err)
			reached := len(s.Requests()) > asked
			assert.Equal(t, name != "dropped" && name != "oversized", reached, "which faults ask RingCX first")
		})
	}
}

func TestDelayEndsWithTheClient(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	front.Add(hostile.Rule{Match: list, Fault: hostile.Delay(time.Hour)})
	client := &http.Client{Timeout: 50 * time.Millisecond}
	req, err := http.NewRequest(http.MethodGet, s.URL+"/voice/api/v1/admin/accounts/"+s.Account+"/activeCalls/list?product=ACCOUNT&productId="+s.Account, nil)
	require.NoError(t, err)
	_, err = client.Do(req)
	assert.ErrorContains(t, err, "Client.Timeout")
	assert.Empty(t, s.Requests(), "RingCX was never asked")
}

func TestIgnorePagingAnswersThePageZeroForEveryPage(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	_, first, err := get(t, s, "0")
	require.NoError(t, err)
	_, second, err := get(t, s, "1")
	require.NoError(t, err)
	require.NotEqual(t, first, second, "a faithful server pages")
	front.Add(hostile.Rule{Match: list, Fault: hostile.IgnorePaging()})
	_, again, err := get(t, s, "1")
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Equal(t, "1", front.Requests()[2].Query.Get("page"), "the front counts what was asked")
}

func TestFieldsSpoilsEveryStringButThoseKept(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.Fields(hostile.Payload, "uii")})
	_, body, err := get(t, s, "")
	require.NoError(t, err)
	rows := calls(t, body)
	require.NotEmpty(t, rows)
	for _, row := range rows {
		assert.NotContains(t, row["uii"], "pwned")
		assert.True(t, strings.HasSuffix(row["ani"].(string), "\u202eevil\x00NUL\nLINE"), "%q", row["ani"])
		assert.NotEmpty(t, hostile.Unsafe(row["dnis"].(string), false))
	}

	front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.Fields(hostile.InvalidUTF8, "uii")})
	_, body, err = get(t, s, "")
	require.NoError(t, err)
	assert.Contains(t, string(body), "Sale\x9b2J\xff\xfe", "raw bytes no encoder writes")
}

func TestHeaderIsSetAsGiven(t *testing.T) {
	s, front := hostile.Start(t, sim.Config{Seed: 11})
	huge := strings.Repeat("R", 5<<20)
	for _, v := range []string{hostile.HeaderValue, huge} {
		front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.Header("X-Request-Id", v)})
		resp, body, err := get(t, s, "")
		require.NoError(t, err)
		assert.Equal(t, v, resp.Header.Get("X-Request-Id"))
		assert.NotEmpty(t, calls(t, body))
	}
}

func TestProxyFrontsAnotherServer(t *testing.T) {
	s := simtest.Start(t, sim.Config{Seed: 11})
	u, err := url.Parse(s.URL)
	require.NoError(t, err)
	front := hostile.Proxy(u)
	srv := httptest.NewServer(front)
	t.Cleanup(srv.Close)
	front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.Status(http.StatusInternalServerError, "application/json", `{"generalMessage":"boom"}`)})
	proxied := *s
	proxied.URL = srv.URL
	resp, body, err := get(t, &proxied, "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.JSONEq(t, `{"generalMessage":"boom"}`, string(body))
	resp, _, err = get(t, &proxied, "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, s.Requests(), 1)
	assert.Equal(t, 2, front.Count(list))
}

func TestUnsafe(t *testing.T) {
	for s, want := range map[string]string{
		"plain text, one line\nand another": "",
		"\x1b[1;31mstyled\x1b[0m":           "",
		"\x1b]0;pwned\x07":                  "an escape sequence at byte 0",
		"a\u009b31m":                        "C1 control U+009B at byte 1",
		"ab\u202eevil":                      "bidirectional control U+202E at byte 2",
		"Sale\x9b2J":                        "invalid UTF-8 or U+FFFD at byte 4",
		"tab\there":                         "control U+0009 at byte 3",
		"x\ufffd":                           "invalid UTF-8 or U+FFFD at byte 1",
		"\u2067isolate":                     "bidirectional control U+2067 at byte 0",
		"del\x7f":                           "control U+007F at byte 3",
		"wide 表情😀 and combining Z\u0351a\u0300": "",
	} {
		assert.Equal(t, want, hostile.Unsafe(s, true), "%q", s)
	}
	assert.Equal(t, "an escape sequence at byte 0", hostile.Unsafe("\x1b[31m", false), "unstyled text has no SGR either")
}
