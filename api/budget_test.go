package api

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/fakeclock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Greedy consumption against the limiter the budget builds: no rolling
// minute may hold more than the budget, and the budget must be usable
// (not starved by an over-cautious bucket).
func TestBudgetNeverExceedsRollingMinute(t *testing.T) {
	for _, perMinute := range []int{120, 100, 60, 7} {
		b := NewBudget(perMinute)
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var grants []time.Time
		for ms := 0; ms < 180_000; ms += 5 {
			now := start.Add(time.Duration(ms) * time.Millisecond)
			if b.limiter.AllowN(now, 1) {
				grants = append(grants, now)
			}
		}
		maxInWindow := 0
		for i := range grants {
			j := i
			for j < len(grants) && grants[j].Sub(grants[i]) < time.Minute {
				j++
			}
			maxInWindow = max(maxInWindow, j-i)
		}
		assert.LessOrEqual(t, maxInWindow, perMinute, "perMinute=%d", perMinute)
		// The price of the rolling-window guarantee is the burst: the bucket
		// refills at perMinute−burst a minute. It must not cost more.
		burst := b.limiter.Burst()
		assert.GreaterOrEqual(t, len(grants), burst+3*(perMinute-burst)-1, "perMinute=%d", perMinute)
		assert.LessOrEqual(t, burst, max(1, perMinute/6))
	}
}

func drain(t *testing.T, b *Budget) {
	t.Helper()
	for b.limiter.TokensAt(time.Now()) >= 1 {
		require.NoError(t, b.Wait(context.Background(), PriorityPoll))
	}
}

func TestBudgetServesActionsBeforeQueuedPolls(t *testing.T) {
	b := NewBudget(600) // once drained, one token every ~100 ms: grants are spaced
	drain(t, b)
	// Hold every grant while the queue forms, so the order is decided by
	// priority alone and not by how fast goroutines start on a busy machine.
	b.PauseFor(PriorityAction, time.Hour)

	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	wait := func(name string, p Priority) {
		defer wg.Done()
		require.NoError(t, b.Wait(context.Background(), p))
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
	}
	for _, name := range []string{"poll1", "poll2", "poll3"} {
		wg.Add(1)
		go wait(name, PriorityPoll)
	}
	require.Eventually(t, func() bool { p, _ := b.Waiting(); return p == 3 }, 2*time.Second, time.Millisecond)
	wg.Add(1)
	go wait("action", PriorityAction)
	require.Eventually(t, func() bool { _, a := b.Waiting(); return a == 1 }, 2*time.Second, time.Millisecond)

	b.mu.Lock()
	b.pausedUntil = [2]time.Time{} // the pause ends
	b.dispatchLocked()
	b.mu.Unlock()
	wg.Wait()
	require.Len(t, order, 4)
	assert.Equal(t, "action", order[0], "the action queued last is served first: %v", order)
	assert.ElementsMatch(t, []string{"poll1", "poll2", "poll3"}, order[1:])
}

func TestBudgetWaitHonoursContext(t *testing.T) {
	b := NewBudget(6) // one token, then one every 12 s
	drain(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := b.Wait(ctx, PriorityPoll)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	polls, actions := b.Waiting()
	assert.Zero(t, polls+actions, "an abandoned waiter leaves the queue")
}

// An action's pause holds the action and the polls until it ends — on a
// fake clock, so "held" is the queue observed, not a duration measured.
func TestBudgetPauseHoldsEveryone(t *testing.T) {
	clock := fakeclock.New()
	b := NewBudget(600)
	b.now = clock.Now
	b.PauseFor(PriorityAction, 150*time.Millisecond)
	granted := make(chan Priority, 2)
	for _, p := range []Priority{PriorityAction, PriorityPoll} {
		go func() {
			assert.NoError(t, b.Wait(context.Background(), p))
			granted <- p
		}()
	}
	require.Eventually(t, func() bool { p, a := b.Waiting(); return p == 1 && a == 1 }, 2*time.Second, time.Millisecond, "both queue behind the pause")
	clock.Advance(149 * time.Millisecond)
	b.mu.Lock()
	b.dispatchLocked() // what the pause's timer does when it fires
	b.mu.Unlock()
	polls, actions := b.Waiting()
	assert.Equal(t, [2]int{1, 1}, [2]int{polls, actions}, "a millisecond before the pause ends nothing is granted")
	assert.Zero(t, b.UsedLastMinute())

	clock.Advance(time.Millisecond)
	b.mu.Lock()
	b.dispatchLocked()
	b.mu.Unlock()
	assert.ElementsMatch(t, []Priority{PriorityAction, PriorityPoll}, []Priority{<-granted, <-granted}, "both go once the pause ends")
	assert.Equal(t, 2, b.UsedLastMinute())
}

// A poll's 429 must not stop a person's action: the pause holds the polls
// only, and the action is granted while a poll still waits.
func TestBudgetPollPauseLetsActionsThrough(t *testing.T) {
	b := NewBudget(600)
	b.PauseFor(PriorityPoll, time.Hour)
	assert.Zero(t, b.PausedUntil(PriorityAction), "actions are not paused")
	assert.WithinDuration(t, time.Now().Add(MaxRetryAfter), b.PausedUntil(PriorityPoll), 5*time.Second, "the pause is capped at MaxRetryAfter")

	polled := make(chan error, 1)
	go func() { polled <- b.Wait(context.Background(), PriorityPoll) }()
	require.Eventually(t, func() bool { p, _ := b.Waiting(); return p == 1 }, 2*time.Second, time.Millisecond)
	require.NoError(t, b.Wait(context.Background(), PriorityAction), "the action goes while polls are paused")
	polls, _ := b.Waiting()
	assert.Equal(t, 1, polls, "the poll still waits out its pause")
	b.Stop()
	require.ErrorIs(t, <-polled, ErrNotSent)
}

// An action's 429 means the account is limited: polls wait too.
func TestBudgetActionPauseHoldsPolls(t *testing.T) {
	b := NewBudget(600)
	b.PauseFor(PriorityAction, 30*time.Second)
	assert.False(t, b.PausedUntil(PriorityPoll).IsZero())
	assert.Equal(t, b.PausedUntil(PriorityAction), b.PausedUntil(PriorityPoll))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, b.Wait(ctx, PriorityPoll), context.Canceled, "the paused poll is not granted")
	// A shorter pause later does not shorten the one in force.
	until := b.PausedUntil(PriorityPoll)
	b.PauseFor(PriorityPoll, time.Second)
	assert.Equal(t, until, b.PausedUntil(PriorityPoll))
}
