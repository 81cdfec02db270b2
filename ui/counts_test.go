package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// manyCalls is n calls made from the simulator's first, each its own uii.
func manyCalls(b *board, n int) []api.ActiveCall {
	b.t.Helper()
	require.NotEmpty(b.t, b.last)
	calls := make([]api.ActiveCall, n)
	for i := range calls {
		calls[i] = b.last[0]
		calls[i].UII = fmt.Sprintf("%s-%06d", b.last[0].UII, i)
	}
	return calls
}

// Every count from the call list is grouped the same way — header, tab
// line, footer, scroll rule: the header said "1200 calls" while the footer
// said "1,200 calls".
func TestCallCountsAreGroupedByThousandsEverywhere(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.snapshot(manyCalls(b, 1200), poller.Status{State: poller.StateLive, Stretched: true, Interval: 8 * time.Second, NextTry: b.clock.Now().Add(8 * time.Second)})
	screen := b.screen()
	assert.Contains(t, b.screenLine(1), "1,200 calls")
	assert.Contains(t, screen, "Calls 1,200")
	assert.Contains(t, screen, "1,200 calls: refreshing every 8 s")
	assert.Regexp(t, `of 1,\d{3} \(\d+ just ended\) · ↓ 1,\d{3} more`, screen)
	assert.NotContains(t, screen, "1200")
}

// A list RingCX would not page through is its first pages only: the
// header and the tab say each count is a lower bound, not the account's.
func TestIgnoredPagingMarksEveryCountAsALowerBound(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	calls := manyCalls(b, 1000)
	b.snapshot(calls, poller.Status{State: poller.StateLive, PagingIgnored: true, NextTry: b.clock.Now().Add(5 * time.Second)})
	line := b.screenLine(1)
	assert.Contains(t, line, "1,000+ calls")
	assert.Regexp(t, `\d\+ queued`, line)
	assert.Regexp(t, `\d\+ talking`, line)
	if strings.Contains(line, "longest wait") {
		assert.Contains(t, line, "longest wait ≥ ")
	}
	assert.Contains(t, b.screen(), "Calls 1,000+")

	b.snapshot(calls, poller.Status{State: poller.StateLive, NextTry: b.clock.Now().Add(5 * time.Second)})
	assert.Contains(t, b.screenLine(1), "1,000 calls")
	assert.NotContains(t, b.screen(), "1,000+")
}

// A retry whose read takes long (a trickling answer) says it is reading
// and for how long, not "retrying now" for half a minute.
func TestALongRetrySaysItIsReading(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.status(poller.Status{State: poller.StateStale, Attempt: 1, Interval: poller.DefaultInterval,
		Err: &api.APIError{StatusCode: http.StatusBadGateway}, NextTry: b.clock.Now().Add(2 * time.Second)})
	b.clock.Advance(2 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.screenLine(0), "· retrying now ·")
	b.clock.Advance(25 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	line := b.screenLine(0)
	assert.Contains(t, line, "● STALE 0:27 · retrying: reading… 0:25")
	assert.NotContains(t, line, "retrying now")
}

// The same holds while signing in again after RingCX signed us out.
func TestALongSignInRetrySaysItIsReading(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	b.status(poller.Status{State: poller.StateStale, Reason: poller.ReasonSignedOut, Attempt: 1, Interval: poller.DefaultInterval,
		Err: &api.APIError{StatusCode: http.StatusUnauthorized, Message: "Jwt is expired"}, NextTry: b.clock.Now()})
	assert.Contains(t, b.screenLine(0), "signing in again · retrying now")
	b.clock.Advance(30 * time.Second)
	b.send(tickMsg{at: b.clock.Now()})
	assert.Contains(t, b.screenLine(0), "signing in again · retrying: reading… 0:30")
}
