package ui

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// loadingSnap is what the poller publishes while a first load walks its
// pages: no calls, no time read, and how far it got.
func (b *board) loadingSnap(l poller.Loading) {
	b.t.Helper()
	b.seq++
	b.send(SnapshotMsg{poller.Snapshot{Seq: b.seq, Scope: poller.AccountScope(account),
		Status: poller.Status{State: poller.StateStarting, Interval: poller.DefaultInterval, Loading: &l}}})
}

// status hands the board the calls it has with another status.
func (b *board) status(st poller.Status) {
	b.t.Helper()
	s := b.m.snap
	s.Seq++
	s.Status = st
	b.send(SnapshotMsg{s})
}

// A long first load says how far it got — a count without a total, a bar
// against the scope's last count with one — and never a count of calls
// as if it were the floor's; the list, once read, replaces it.
func TestALongFirstLoadShowsItsProgress(t *testing.T) {
	b := newBoard(t)
	b.loadingSnap(poller.Loading{Pages: 37, Calls: 18500})
	s := b.screen()
	lines := strings.Split(s, "\n")
	assert.Contains(t, lines[0], "◌ loading the call list…")
	assert.Contains(t, lines[1], "loading… 37 pages · 18,500 calls so far")
	assert.NotContains(t, s, "connecting")
	assert.NotContains(t, s, "No active calls")
	assert.Contains(t, b.m.emptyText(), "RingCX is sending it: loading… 37 pages · 18,500 calls so far.")
	assert.NotContains(t, lines[1], "█", "no bar without a total")

	b.loadingSnap(poller.Loading{Pages: 10, Calls: 5000, Expect: 20000})
	line := b.screenLine(1)
	assert.Contains(t, line, "loading… 10 pages · 5,000 of about 20,000 calls")
	assert.Equal(t, loadBarWidth/4, strings.Count(line, "█"), "a quarter of the bar: %q", line)
	assert.Equal(t, loadBarWidth-loadBarWidth/4, strings.Count(line, "░"))

	b.refresh()
	s = b.screen()
	assert.NotContains(t, s, "loading")
	assert.Contains(t, strings.Split(s, "\n")[0], "LIVE")
}

// The loading board's layout, with and without colour.
func TestGoldenLoading(t *testing.T) {
	for _, th := range []struct {
		name  string
		theme ThemeFunc
	}{{"nocolor", NewTheme(true)}, {"colour", NewTheme(false)}} {
		t.Run(th.name, func(t *testing.T) {
			b := newBoard(t, withConfig(func(c *Config) { c.Theme = th.theme }))
			b.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			b.loadingSnap(poller.Loading{Pages: 12, Calls: 6000, Expect: 20000})
			golden.RequireEqual(t, b.m.View().Content)
		})
	}
}

// slowSource is a calls source whose first walk reports two pages and
// then waits to be let go, as a walk of a huge list would.
type slowSource struct{ release chan struct{} }

func (s *slowSource) ListAllActiveCalls(ctx context.Context, opts api.ListOptions) ([]api.ActiveCall, int, error) {
	opts.Progress(api.ListProgress{Pages: 1, Calls: 500})
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, 1, ctx.Err()
	}
	return []api.ActiveCall{{UII: "202611250900000000000000000001", AgentFirstName: "Ana"}}, 2, nil
}

// A real poller's progress reaches the board through the subscription
// bridge while the walk is still running, and the list replaces it.
func TestARealLoadInProgressReachesTheBoard(t *testing.T) {
	src := &slowSource{release: make(chan struct{})}
	_, sub, _, stop := runPoller(t, src)
	defer stop()
	b := newBoard(t)
	b.send(WaitForSnapshot(sub)())
	assert.Contains(t, b.screenLine(1), "loading… 1 page · 500 calls so far")
	close(src.release)
	b.send(WaitForSnapshot(sub)())
	assert.Contains(t, b.screenLine(0), "LIVE")
	assert.Contains(t, b.screenLine(1), "1 call")
}

// A session RingCX ended is said to be signing in again, with the next
// try, never as a stop.
func TestSignedOutSaysItSignsInAgain(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.clock.Advance(10 * time.Second)
	b.status(poller.Status{State: poller.StateStale, Reason: poller.ReasonSignedOut, Interval: poller.DefaultInterval,
		Err: &api.APIError{StatusCode: http.StatusUnauthorized}, NextTry: b.clock.Now().Add(30 * time.Second)})
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.screenLine(0), "● STALE 0:10 · RingCX signed us out — signing in again · next try in 0:30")

	b2 := newBoard(t)
	b2.send(SnapshotMsg{poller.Snapshot{Seq: 1, Scope: poller.AccountScope(account), Status: poller.Status{
		State: poller.StateStale, Reason: poller.ReasonSignedOut, NextTry: b2.clock.Now().Add(4 * time.Second)}}})
	assert.Contains(t, b2.screen(), "◌ NO DATA YET · RingCX signed us out — signing in again · next try in 0:04")
}

// errSource is a call list that fails with err every time.
type errSource struct{ err error }

func (s errSource) ListAllActiveCalls(context.Context, api.ListOptions) ([]api.ActiveCall, int, error) {
	return nil, 1, s.err
}

// Signed in with an access token and refresh token, no JWT: when RingCX
// refuses the renewed session, nothing can sign in again
// (api.ErrSignInNeeded). Through a real poller the board says a new token
// is needed and R retries — never "signing in again", which it cannot do.
func TestASessionNoOneCanSignInAgainAsksForANewToken(t *testing.T) {
	err := &api.SignInError{Step: "RingCX sign-in", Err: fmt.Errorf("%w: %w", api.ErrSignInNeeded, &api.APIError{StatusCode: http.StatusUnauthorized, Message: "Jwt is expired"})}
	_, sub, _, stop := runPoller(t, errSource{err})
	defer stop()
	b := newBoard(t)
	b.send(WaitForSnapshot(sub)())
	require.Equal(t, poller.StateFailed, b.m.snap.Status.State)
	s := b.flat()
	assert.NotContains(t, s, "signing in again")
	assert.Contains(t, b.screenLine(0), "✕ signed out: a new token is needed · R tries again")
	assert.Contains(t, s, "✗ RingCX ended the session and callboard has no JWT to sign in again with: supply a new access token", "the footer")
	require.NotEmpty(t, b.m.messages)
	assert.Equal(t, "✗ RingCX ended the session and callboard has no JWT to sign in again with: supply a new access token (or a JWT) where callboard runs (callboard config shows where each comes from) — then R tries again at once (callboard also tries every few minutes)",
		b.m.messages[len(b.m.messages)-1].text, "the messages pane keeps it whole")

	b.sendAgents(nil, poller.Status{State: poller.StateFailed, Reason: poller.ReasonCredentials, Err: err})
	b.press("2")
	assert.Contains(t, b.flat(), "RingCX ended the session for the agents list and callboard has no JWT to sign in again with: supply a new access token where callboard runs — then R tries again at once.")
}

// A refusal retrying cannot fix names the key that tries again — as it is
// bound — in the header and the footer, for the calls and for a feed.
func TestEveryFailureNamesTheRetryKey(t *testing.T) {
	rebound := func(c *Config) {
		c.Keys.Refresh = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh"))
	}
	b := newBoard(t, withConfig(rebound))
	b.refresh()
	signIn := &api.SignInError{Step: "RingCX sign-in (token exchange)", Err: &api.APIError{StatusCode: http.StatusUnauthorized}}
	b.status(poller.Status{State: poller.StateFailed, Reason: poller.ReasonCredentials, Err: signIn, NextTry: b.clock.Now().Add(5 * time.Minute)})
	assert.Contains(t, b.screenLine(0), "✕ sign-in rejected · ctrl+r tries again")
	require.NotEmpty(t, b.m.messages)
	assert.Contains(t, b.m.messages[len(b.m.messages)-1].text,
		"RingCX rejected the sign-in: the credentials need fixing where callboard runs (callboard config shows where each comes from) — then ctrl+r tries again at once")

	for _, reason := range []poller.Reason{poller.ReasonCredentials, poller.ReasonPermission, poller.ReasonNotFound, poller.ReasonInvalidRequest} {
		b.sendAgents(nil, poller.Status{State: poller.StateFailed, Reason: reason, Err: api.ErrForbidden, NextTry: b.clock.Now().Add(5 * time.Minute)})
		b.press("2")
		s := strings.Join(strings.Fields(b.screen()), " ")
		assert.Contains(t, s, "ctrl+r tries again", "reason %d: the header", reason)
		assert.Contains(t, b.m.feedFailText(ViewAgents, b.m.feed(ViewAgents)), "ctrl+r", "reason %d: the footer", reason)
		b.press("1")
	}
}

// rateLimited hands the board the status of the attempt'th failure in a
// row, a 429 with Retry-After retryAfter, the next try due in next.
func (b *board) rateLimited(attempt int, retryAfter, next time.Duration) {
	b.t.Helper()
	b.status(poller.Status{State: poller.StateStale, Reason: poller.ReasonRateLimited, Attempt: attempt, Interval: poller.DefaultInterval,
		Err:     &api.RateLimitError{RetryAfter: retryAfter, API: &api.APIError{StatusCode: http.StatusTooManyRequests}},
		NextTry: b.clock.Now().Add(next), RetryAfterUntil: b.clock.Now().Add(retryAfter)})
}

// A 429's wait is shown; R during it says it is waiting out RingCX's
// limit and asks nothing of the poller; after it, R asks once.
func TestRefreshDuringARateLimitSaysItWaits(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.rateLimited(1, 112*time.Second, 112*time.Second)
	assert.Contains(t, b.screenLine(0), "● STALE 0:00 · rate limited by RingCX · retrying in 1:52")
	b.press("R")
	assert.Contains(t, b.screen(), "waiting out RingCX's rate limit: the next try is in 1:52, by itself")
	assert.Zero(t, b.poll.refreshes, "nothing asked during the pause")

	b.clock.Advance(113 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.screenLine(0), "rate limited by RingCX · retrying now")
	b.press("R")
	assert.Equal(t, 1, b.poll.refreshes, "after the pause, R asks once")
	assert.Contains(t, b.screen(), "refreshing…")

	// The client's own hold on sign-ins (5 a minute) is not RingCX refusing.
	b.status(poller.Status{State: poller.StateStale, Reason: poller.ReasonRateLimited,
		Err: &api.RateLimitError{RetryAfter: 42 * time.Second, Limit: "sign-in (5 RingCX exchanges a minute)"}, NextTry: b.clock.Now().Add(42 * time.Second), RetryAfterUntil: b.clock.Now().Add(42 * time.Second)})
	assert.Contains(t, b.screenLine(0), "callboard is keeping within RingCX's limits · retrying in 0:42")
}

// A 429 with Retry-After 5 on the sixth failure in a row: the backoff
// (callboard's own) runs on to 0:55, RingCX's wait only to 0:05. R is held
// back — and said to be — only for RingCX's 5 seconds, not blamed on RingCX
// for the rest; after them R asks once, and the header says R works.
func TestRefreshIsHeldOnlyForRingCXsWaitNotTheBackoff(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.rateLimited(6, 5*time.Second, 55*time.Second)
	assert.Contains(t, b.screenLine(0), "● STALE 0:00 · rate limited by RingCX · retrying in 0:55")
	b.press("R")
	assert.Contains(t, b.screen(), "waiting out RingCX's rate limit for 0:05 more — then R tries at once (by itself, in 0:55)")
	assert.Zero(t, b.poll.refreshes, "nothing asked during RingCX's wait")

	b.clock.Advance(6 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.screenLine(0), "rate limited by RingCX · retrying in 0:49 (R tries now)")
	b.press("R")
	assert.Equal(t, 1, b.poll.refreshes, "RingCX's wait is over: R asks once, backoff or not")
	assert.Contains(t, b.screen(), "refreshing…")
	assert.NotContains(t, b.screen(), "waiting out RingCX")
}

// A list the poller last called live turns STALE once it is older than
// the interval in effect allows, with nothing more from the poller (a
// hung request): the header, the counts and the rows say so. A stretched
// interval allows more.
func TestALiveListTurnsStaleWhenOverdue(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.snapshot(b.last, poller.Status{State: poller.StateLive, Interval: 5 * time.Second, NextTry: b.clock.Now().Add(5 * time.Second)})
	at := b.clock.Now()
	b.send(tickMsg{at: at.Add(25 * time.Second)})
	require.Contains(t, b.screenLine(0), "● LIVE · updated 25s ago")
	b.send(tickMsg{at: at.Add(26 * time.Second)})
	assert.Contains(t, b.screenLine(0), "● STALE 0:26 · refresh overdue (due every 5 s)")
	assert.Contains(t, b.screenLine(1), "(as of 26s ago)")
	assert.True(t, b.m.callsStale(), "the rows are drawn as old")

	b.snapshot(b.last, poller.Status{State: poller.StateLive, Interval: time.Minute, Stretched: true, NextTry: b.clock.Now().Add(time.Minute)})
	at = b.clock.Now()
	b.send(tickMsg{at: at.Add(2 * time.Minute)})
	assert.Contains(t, b.screenLine(0), "● LIVE · updated 2m ago", "stretched to a minute, two minutes are within")
	b.send(tickMsg{at: at.Add(2*time.Minute + 16*time.Second)})
	assert.Contains(t, b.screenLine(0), "● STALE 2:16 · refresh overdue (due every 60 s)")
}

// The Agents and Queues views follow the same rule.
func TestAnAgentsListTurnsStaleWhenOverdue(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.feeds()
	b.press("2")
	at := b.clock.Now()
	b.send(tickMsg{at: at.Add(20 * time.Second)})
	require.Contains(t, b.screenLine(0), "LIVE")
	b.send(tickMsg{at: at.Add(time.Minute)})
	assert.Contains(t, b.screenLine(0), "● STALE 1:00 · refresh overdue")
	assert.Contains(t, b.screenLine(1), "(as of 1m ago)")
	assert.Equal(t, at, b.m.agentsNow(), "the agents' times stop at when they were read")
}

// When RingCX ignores paging the board says the list is its first pages
// only, in the footer while it holds, and keeps the notice once.
func TestIgnoredPagingIsShownAndKeptOnce(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	for range 3 {
		b.snapshot(b.last, poller.Status{State: poller.StateLive, PagingIgnored: true, NextTry: b.clock.Now().Add(5 * time.Second)})
	}
	n := len(b.last)
	assert.Contains(t, b.screen(), fmt.Sprintf("RingCX ignored paging: showing the first %d calls", n))
	kept := 0
	for _, msg := range b.m.messages {
		if strings.Contains(msg.text, "RingCX ignored paging") {
			kept++
		}
	}
	assert.Equal(t, 1, kept, "said once, not every refresh")
	b.snapshot(b.last, poller.Status{State: poller.StateLive, NextTry: b.clock.Now().Add(5 * time.Second)})
	assert.NotContains(t, b.screen(), "RingCX ignored paging")
}

// outputWaiter waits (bounded) until the program's output holds a text.
func outputWaiter(t *testing.T, tm *teatest.TestModel) func(what string) {
	return func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(out []byte) bool { return bytes.Contains(out, []byte(what)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
}

// runPoller runs a poller of the account on src, with a subscription,
// until stop; stop waits for it to end.
func runPoller(t *testing.T, src poller.Source) (p *poller.Poller, sub *poller.Subscription, ctx context.Context, stop func()) {
	t.Helper()
	p, err := poller.New(src, poller.AccountScope(account))
	require.NoError(t, err)
	sub = p.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = p.Run(ctx); close(done) }()
	return p, sub, ctx, func() { cancel(); <-done }
}

// The one-second tick reads the board's clock (Config.Now), the one its
// poller stamps lists with: a list's age, and so whether it is overdue,
// is measured on a single clock.
func TestTheTickReadsTheBoardsClock(t *testing.T) {
	b := newBoard(t)
	b.clock.Advance(42 * time.Hour)
	msg, ok := b.m.tick()().(tickMsg)
	require.True(t, ok)
	assert.Equal(t, b.clock.Now(), msg.at)
}
