package sim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

func TestSteadyStateAtStart(t *testing.T) {
	e := newEnv(t, sim.Config{})
	calls := e.srv.Calls(care)
	assert.InDelta(t, 40, len(calls), 6)
	queued, oldest := 0, time.Duration(0)
	for _, c := range calls {
		if c.DequeueTime == nil {
			queued++
			assert.Empty(t, c.AgentUsername)
		} else {
			assert.NotEmpty(t, c.AgentUsername)
			assert.False(t, c.DequeueTime.Before(c.EnqueueTime))
		}
		oldest = max(oldest, t0.Sub(c.EnqueueTime))
	}
	for _, c := range calls {
		if c.DequeueTime == nil {
			assert.LessOrEqual(t, t0.Sub(c.EnqueueTime), 6*time.Second, "with agents free, a caller waits only for the greeting and the ring")
		}
	}
	assert.Less(t, queued, len(calls)/2)
	assert.Greater(t, oldest, 5*time.Minute, "calls of varied ages")
	assert.NotEmpty(t, e.srv.Calls(billing))
}

func TestLifecycle(t *testing.T) {
	e := newEnv(t, sim.Config{})
	initial := map[string]bool{}
	for _, c := range e.srv.Calls(care) {
		initial[c.UII] = true
	}
	seenQueued := map[string]bool{}

	arrived, counts := map[string]bool{}, []int{}
	var waits []time.Duration
	for step := 1; step <= 360; step++ { // 30 minutes in 5 s steps
		e.clock.Advance(5 * time.Second)
		calls := e.srv.Calls(care)
		for _, c := range calls {
			if c.DequeueTime == nil {
				seenQueued[c.UII] = true
			}
			if !initial[c.UII] && !arrived[c.UII] {
				arrived[c.UII] = true
				assert.WithinDuration(t, e.clock.Now(), c.EnqueueTime, 5*time.Second, "arrives now, not in the past")
			}
		}
		if step%12 == 0 {
			counts = append(counts, len(calls))
		}
	}
	ended := 0
	for u := range initial {
		if v, ok := e.srv.Call(u); ok && v.Ended {
			ended++
		}
	}
	for u := range arrived {
		v, _ := e.srv.Call(u)
		if v.DequeueTime != nil && v.DestinationName != "Renewal Outreach" && v.DestinationName != "Satisfaction Survey" {
			waits = append(waits, v.DequeueTime.Sub(v.EnqueueTime))
		}
	}
	answeredFromQueue := 0
	for u := range seenQueued {
		if v, _ := e.srv.Call(u); v.DequeueTime != nil {
			answeredFromQueue++
		}
	}

	assert.Greater(t, len(arrived), 100, "~40 calls of ~5.5 min each: ~200 arrivals in 30 min")
	assert.Greater(t, ended, len(initial)*2/3, "most calls present at the start have ended after 30 min")
	assert.Positive(t, answeredFromQueue, "queued → answered")
	sum := 0
	for _, n := range counts {
		sum += n
		assert.InDelta(t, 40, n, 30, "count follows the rushes around the target: %v", counts)
	}
	assert.InDelta(t, 40, float64(sum)/float64(len(counts)), 10, "%v", counts)
	sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
	require.NotEmpty(t, waits)
	assert.Less(t, waits[len(waits)/2], 90*time.Second, "median wait under 90 s")
}

func TestSameSeedSameWorld(t *testing.T) {
	run := func(seed int64) []string {
		e := newEnv(t, sim.Config{Seed: seed})
		var snaps []string
		for range 20 {
			snaps = append(snaps, e.api("GET", listPath("12440001", "product=ACCOUNT&productId=12440001&maxRows=1000")).body)
			e.clock.Advance(17 * time.Second)
		}
		return snaps
	}
	a, b := run(7), run(7)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a[0], run(8)[0])
	assert.NotEqual(t, a[0], a[19], "and it moves")
}

func TestLongGapRestartsAtSteadyState(t *testing.T) {
	e := newEnv(t, sim.Config{})
	e.clock.Advance(3 * time.Hour)
	calls := e.srv.Calls(care)
	assert.InDelta(t, 40, len(calls), 10)
	for _, c := range calls {
		assert.Less(t, e.clock.Now().Sub(c.EnqueueTime), 3*time.Hour)
	}
}

func TestSetTargetCalls(t *testing.T) {
	e := newEnv(t, sim.Config{})
	e.srv.SetTargetCalls(billing, 300)
	assert.GreaterOrEqual(t, len(e.srv.Calls(billing)), 300, "raising the target fills at once")
	loggedIn := 0
	for _, a := range e.srv.Agents(billing) {
		if a.LoggedIn {
			loggedIn++
		}
	}
	assert.Greater(t, loggedIn, 300, "the roster grows to carry the target")
	e.srv.SetTargetCalls(billing, 0)
	for range 120 {
		e.clock.Advance(30 * time.Second)
	}
	assert.Empty(t, e.srv.Calls(billing), "with target 0, calls drain and none arrive")

	s := staticEnv(t)
	s.srv.SetTargetCalls(care, 10)
	assert.Len(t, s.srv.Calls(care), 10, "static: exact")
	s.srv.SetTargetCalls(care, 55)
	assert.Len(t, s.srv.Calls(care), 55)
	s.clock.Advance(time.Hour)
	assert.Len(t, s.srv.Calls(care), 55, "static: nothing moves by itself")
}

func TestAgentsRoster(t *testing.T) {
	e := staticEnv(t)
	agents := e.srv.Agents(care)
	assert.GreaterOrEqual(t, len(agents), 48)
	userRe := regexp.MustCompile(`^[a-z0-9.]+\+nc@northwind\.example$`)
	nonASCII, loggedOut, names := 0, 0, map[string]bool{}
	for _, a := range agents {
		assert.Regexp(t, userRe, a.Username)
		if !utf8.ValidString(a.FirstName+a.LastName) || strings.IndexFunc(a.FirstName+a.LastName, func(r rune) bool { return r > 127 }) >= 0 {
			nonASCII++
		}
		if !a.LoggedIn {
			loggedOut++
			assert.Empty(t, a.OnCall)
		}
		names[a.FirstName+" "+a.LastName] = true
	}
	assert.Greater(t, nonASCII, 10)
	assert.Positive(t, loggedOut)
	for _, n := range []string{"Marta Nuñez", "陳 大文", "Lars Øberg", "José Álvarez", "Zoë Brontë", "أحمد منصور", "Nguyễn Thị Lan"} {
		assert.True(t, names[n], n)
	}

	var free string
	for _, a := range agents {
		if a.LoggedIn && a.OnCall == "" {
			free = a.Username
		}
	}
	require.True(t, e.srv.SetAgentLoggedIn(free, false))
	assert.False(t, e.srv.SetAgentLoggedIn("nobody@northwind.example", true))
	for _, a := range e.srv.Agents(care) {
		if a.Username == free {
			assert.False(t, a.LoggedIn)
		}
	}
	assert.Empty(t, e.srv.AddCall(care, sim.CallSpec{AgentUsername: "nobody"}), "unknown agent")
	assert.Empty(t, e.srv.AddCall(care, sim.CallSpec{Queue: "No Such Queue"}))
	assert.Empty(t, e.srv.AddCall("404", sim.CallSpec{}))
	assert.False(t, e.srv.EndCall("1"))
}

var hostileMarkers = []string{`\u001b]0;pwned\u0007`, `\u001b[2J`, `\u001b[31m`, `\u0000`, "\u202e", "\u200f", "😀", "\u0300"}

func TestHostileData(t *testing.T) {
	e := newEnv(t, sim.Config{Static: true, Hostile: true})
	body := e.api("GET", listPath(care, "product=ACCOUNT&productId="+care)).body
	require.True(t, json.Valid([]byte(body)))
	for _, m := range hostileMarkers {
		assert.Contains(t, body, m)
	}
	var calls []wireCall
	require.NoError(t, json.Unmarshal([]byte(body), &calls))
	longest, escInName := 0, false
	for _, c := range calls {
		if c.CNAM != nil {
			longest = max(longest, len(*c.CNAM))
		}
		if c.AgentFirstName != nil && strings.ContainsAny(*c.AgentFirstName+*c.AgentLastName, "\x1b\x00\u009b") {
			escInName = true
		}
	}
	assert.Greater(t, longest, 4096, "a field of several KB")
	assert.True(t, escInName, "agent names carry control characters")

	// SetHostile rewrites the calls that already exist, and restores them when turned off.
	p := staticEnv(t)
	plain := p.api("GET", listPath(care, "product=ACCOUNT&productId="+care)).body
	assert.NotContains(t, plain, `\u001b`)
	p.srv.SetHostile(true)
	hostile := p.api("GET", listPath(care, "product=ACCOUNT&productId="+care)).body
	assert.Contains(t, hostile, `\u001b]0;pwned\u0007`)
	p.srv.SetHostile(false)
	assert.Equal(t, plain, p.api("GET", listPath(care, "product=ACCOUNT&productId="+care)).body)
}

func TestScale10000(t *testing.T) {
	e := newEnvRaw(t, sim.Config{Static: true, RateLimit: -1, Accounts: []sim.AccountSpec{{ID: care, Name: "Northwind Care", Calls: 10000, Agents: 48}}})
	var all []string
	for page := 0; page < 21; page++ {
		rec := e.serve("GET", fmt.Sprintf("%s%s/activeCalls/list?product=ACCOUNT&productId=%s&page=%d&maxRows=500", base, care, care, page))
		require.Equal(t, http.StatusOK, rec.Code)
		var calls []wireCall
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &calls))
		if page < 20 {
			require.Len(t, calls, 500)
		} else {
			require.Empty(t, calls)
		}
		all = append(all, uiis(calls)...)
	}
	assert.Len(t, all, 10000)
	assert.True(t, sort.StringsAreSorted(all))
	seen := map[string]bool{}
	for _, u := range all {
		seen[u] = true
	}
	assert.Len(t, seen, 10000, "unique uiis")

	// A living world at the same scale keeps up with a clock that moves.
	live := newEnvRaw(t, sim.Config{RateLimit: -1, Accounts: []sim.AccountSpec{{ID: care, Name: "Northwind Care", Calls: 10000}}})
	for range 4 {
		live.clock.Advance(15 * time.Second)
		require.Equal(t, http.StatusOK, live.serve("GET", base+care+"/activeCalls/list?product=ACCOUNT&productId="+care+"&maxRows=1").Code)
	}
	assert.InDelta(t, 10000, len(live.srv.Calls(care)), 1000)
}
