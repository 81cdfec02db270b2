package faultsuite

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
)

// One 429 on the list asking for an hour (or for ever) pauses the list
// for at most MaxRetryAfter, says so, and holds no action: an action sent
// meanwhile goes out at once and is done.
func TestLongRetryAfterOnTheListIsCappedAndHoldsNoAction(t *testing.T) {
	for _, ra := range []string{"3600", "99999999", time.Now().Add(48 * time.Hour).UTC().Format(http.TimeFormat)} {
		t.Run(ra, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, func(s *setup) { s.client = []api.Option{api.WithActionDeadline(2 * time.Second)} }).run()
			uii := r.talking()
			r.front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.TooMany(ra)})
			s := r.until("the board to go stale", stale)
			var rl *api.RateLimitError
			require.True(t, errors.As(s.Status.Err, &rl), "%v", s.Status.Err)
			assert.LessOrEqual(t, rl.RetryAfter, api.MaxRetryAfter)
			assert.LessOrEqual(t, s.Status.NextTry.Sub(r.clock.Now()), api.MaxRetryAfter+time.Second, "the board's wait is capped too")
			assert.Equal(t, poller.ReasonRateLimited, s.Status.Reason)

			require.NoError(t, r.act(func(ctx context.Context, a api.Actions) error { return a.HangupCall(ctx, uii) }))
			assert.Equal(t, audit.ResultOK, r.outcome().Result)
			assert.Equal(t, 1, r.front.Count(hangup))
			r.clean()
		})
	}
}

// An action that cannot be sent before its deadline — RingCX asked for an
// hour's pause on actions — is not sent, and the audit says so with the
// reason: never "no outcome recorded", never sent later behind the
// person's back.
func TestActionPastItsDeadlineIsNotSent(t *testing.T) {
	r := newRig(t, func(s *setup) { s.client = []api.Option{api.WithActionDeadline(time.Second)} }).run()
	uii := r.talking()
	r.front.Add(hostile.Rule{Match: record, Times: 1, Fault: hostile.TooMany("3600")})
	err := r.act(func(ctx context.Context, a api.Actions) error { return a.ToggleRecording(ctx, uii, true) })
	require.ErrorIs(t, err, api.ErrRateLimited)

	err = r.act(func(ctx context.Context, a api.Actions) error { return a.HangupCall(ctx, uii) })
	var ns *api.NotSentError
	require.True(t, errors.As(err, &ns), "%v", err)
	assert.Equal(t, api.NotSentDeadline, ns.Reason)
	entries := r.entries()
	require.Len(t, entries, 2)
	assert.True(t, strings.HasPrefix(entries[1].ResultText(), audit.ResultNotSentPrefix), "%q", entries[1].ResultText())
	assert.Zero(t, r.front.Count(hangup), "never sent")
	r.clean()
}

// A server that ignores `page` costs one page more than the list, not a
// thousand: the walk stops at the first page that adds nothing, the
// status says so, and the list is what the pages held.
func TestIgnoredPagingStopsTheWalk(t *testing.T) {
	r := newRig(t, func(s *setup) {
		s.sim.Accounts = []sim.AccountSpec{{ID: "12440011", Name: "Northwind Care", Calls: 1200, Agents: 60}}
	}).run()
	full := len(r.last.Calls)
	require.Greater(t, full, api.DefaultPageSize, "more than a page")
	r.front.Add(hostile.Rule{Match: list, Fault: hostile.IgnorePaging()})
	asked := r.front.Count(list)
	before := r.last.FetchedAt
	s := r.until("a list while paging is ignored", func(s poller.Snapshot) bool { return s.FetchedAt.After(before) || stale(s) })
	assert.True(t, s.Status.PagingIgnored, "the status says so")
	assert.Equal(t, poller.StateLive, s.Status.State, "%v", s.Status.Err)
	assert.Equal(t, api.DefaultPageSize, len(s.Calls), "the calls the pages held")
	assert.LessOrEqual(t, r.front.Count(list)-asked, 2+4, "two pages, and at most the pages already in flight")
	b := r.board()
	b.waitFor("RingCX ignored paging")
	b.quit()
	r.front.Clear()
	r.until("the whole list again", func(s poller.Snapshot) bool { return len(s.Calls) == full })
	r.clean()
}

// A long first load shows how far it got.
func TestLongLoadShowsProgress(t *testing.T) {
	r := newRig(t, func(s *setup) {
		s.sim.Accounts = []sim.AccountSpec{{ID: "12440011", Name: "Northwind Care", Calls: 2400, Agents: 60}}
	})
	r.front.Add(hostile.Rule{Match: list, Skip: 1, Fault: hostile.Delay(200 * time.Millisecond)})
	r.sub = r.svc.Poller().Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); r.svc.Close(); require.NoError(t, <-done) })
	s := r.until("progress", func(s poller.Snapshot) bool { return s.Status.Loading != nil && s.Status.Loading.Pages > 0 })
	assert.Positive(t, s.Status.Loading.Calls)
	r.until("the whole list", func(s poller.Snapshot) bool { return live(s) && len(s.Calls) == 2400 })
}
