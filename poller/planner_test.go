package poller

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// board is the service's plan with the reference lists: the calls list
// (pages a cycle) at 5 s, agents on screen at 5 s, queues off screen at
// 30 s, the roster (1 + groups requests) and three one-request lists every
// 10 minutes.
type board struct {
	p                     *Planner
	calls, agents, queues *slot
	roster                *slot
	lists                 []*slot
}

func newBoard(budget, pages, groups int) *board {
	b := &board{p: NewPlanner(budget),
		calls:  newSlot("calls", 5*time.Second, true),
		agents: newSlot("agents", 5*time.Second, false),
		queues: newSlot("queues", 30*time.Second, false),
		roster: newSlot("roster", 10*time.Minute, false),
	}
	for _, name := range []string{"gate groups", "dial groups", "system dispositions"} {
		b.lists = append(b.lists, newSlot(name, 10*time.Minute, false))
	}
	for _, s := range b.all() {
		b.p.add(s)
	}
	b.p.measured(b.calls, pages, false)
	b.p.measured(b.roster, 1+groups, false)
	return b
}

func (b *board) all() []*slot {
	return append([]*slot{b.calls, b.agents, b.queues, b.roster}, b.lists...)
}

// perMinute is the most requests the plan lets into a rolling minute: a
// paced slot's limit (what the engine lets through), an unpaced one's
// whole cycles.
func (b *board) perMinute() int {
	b.p.mu.Lock()
	defer b.p.mu.Unlock()
	n := 0
	for _, s := range b.p.slots {
		if s.limit > 0 {
			n += s.limit
		} else {
			n += s.perWindow(s.interval)
		}
	}
	return n
}

func (b *board) String() string {
	out := ""
	for _, s := range b.all() {
		iv, _ := b.p.interval(s)
		out += fmt.Sprintf("%s %s (%d/min) · ", s.name, iv, s.perWindow(iv))
	}
	return out + fmt.Sprintf("total %d/min", b.perMinute())
}

// The measured cases of a big roster or a huge calls list on budget 100:
// the plan never lets more than the budget into a rolling minute, and a
// big roster slows the roster, not the board — the calls list and the
// agents keep their 5 s. Only a calls list whose own cycle is too big
// stretches the calls list.
func TestPlanFitsBigListsWithinTheBudget(t *testing.T) {
	for _, tc := range []struct {
		pages, groups int
		callsKeep     bool
	}{
		{1, 80, true}, {1, 95, true}, {1, 150, true}, {1, 1000, true}, {1, 5000, true},
		{101, 3, false}, {200, 3, false},
	} {
		t.Run(fmt.Sprintf("%d pages, %d groups", tc.pages, tc.groups), func(t *testing.T) {
			b := newBoard(100, tc.pages, tc.groups)
			t.Log(b)
			assert.LessOrEqual(t, b.perMinute(), 100, "%s", b)
			assert.False(t, b.p.overBudget())
			calls, _ := b.p.interval(b.calls)
			if tc.callsKeep {
				assert.Equal(t, 5*time.Second, calls, "the calls list keeps its cadence")
				agents, _ := b.p.interval(b.agents)
				assert.Equal(t, 5*time.Second, agents, "and so do the agents")
			} else {
				assert.Greater(t, calls, 5*time.Second, "a calls list too big for the budget stretches")
			}
		})
	}
}

// A plan that cannot fit even at the most stretched says so.
func TestPlanOverBudgetIsReported(t *testing.T) {
	b := newBoard(2, 1, 3) // seven lists, at least one request a minute each
	assert.True(t, b.p.overBudget())
	b.p.remove(b.agents)
	for _, s := range b.lists {
		b.p.remove(s)
	}
	b.p.remove(b.roster)
	b.p.remove(b.queues)
	assert.False(t, b.p.overBudget(), "the calls list alone fits")
}

// A calls list too big for its cadence gives way before the view someone
// is looking at drops past the guide's 30 s: 3,000 calls (6 pages) asked
// every 2 s on budget 100 used to put the agents on screen at once a
// minute, with 17 requests a minute unused. The feed off screen still
// stretches further.
func TestAFeedOnScreenStaysWithinThirtySeconds(t *testing.T) {
	b := newBoard(100, 6, 3)
	b.p.setWant(b.calls, 2*time.Second, false)
	b.p.setWant(b.agents, 5*time.Second, true)
	t.Log(b)
	assert.LessOrEqual(t, b.perMinute(), 100, "%s", b)
	assert.False(t, b.p.overBudget())
	agents, stretched := b.p.interval(b.agents)
	assert.True(t, stretched)
	assert.LessOrEqual(t, agents, onScreenLimit, "%s", b)
	calls, _ := b.p.interval(b.calls)
	assert.Greater(t, calls, 2*time.Second, "the calls list gave way")
	queues, _ := b.p.interval(b.queues)
	assert.Greater(t, queues, agents, "off screen stretches further")

	// Holding the view at 30 s would take the calls list past 30 s: the
	// calls list comes first, and the view stretches too.
	tight := newBoard(12, 6, 3)
	tight.p.setWant(tight.agents, 5*time.Second, true)
	agents, _ = tight.p.interval(tight.agents)
	assert.Greater(t, agents, onScreenLimit, "%s", tight)
}
