package poller

import (
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/stretchr/testify/assert"
)

// referenceDiff is the obvious map-based diff the walk must agree with.
func referenceDiff(prev, next []api.ActiveCall) Diff {
	before := map[string]api.ActiveCall{}
	for _, c := range prev {
		before[c.UII] = c
	}
	var d Diff
	for _, c := range next {
		old, ok := before[c.UII]
		switch {
		case !ok:
			d.Added = append(d.Added, c.UII)
		case old != c:
			d.Changed = append(d.Changed, c.UII)
		}
		delete(before, c.UII)
	}
	for _, c := range prev {
		if _, ok := before[c.UII]; ok {
			d.Ended = append(d.Ended, c.UII)
		}
	}
	return d
}

func norm(d Diff) Diff {
	for _, s := range [][]string{d.Added, d.Ended, d.Changed} {
		sort.Strings(s)
	}
	return d
}

func TestDiffAgreesWithMapDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	mk := func(id int) api.ActiveCall {
		return api.ActiveCall{UII: string(rune('A'+id%26)) + string(rune('a'+id/26)), EnqueueTime: base.Add(time.Duration(rng.IntN(20)) * time.Second)}
	}
	for round := range 500 {
		var prev []api.ActiveCall
		for id := range rng.IntN(30) {
			prev = append(prev, mk(id))
		}
		var next []api.ActiveCall
		for _, c := range prev {
			switch rng.IntN(6) {
			case 0: // ended
			case 1:
				c.CNAM = "changed"
				next = append(next, c)
			case 2:
				c.EnqueueTime = c.EnqueueTime.Add(time.Duration(rng.IntN(9)-4) * time.Second)
				next = append(next, c)
			default:
				next = append(next, c)
			}
		}
		for id := 100; id < 100+rng.IntN(5); id++ {
			next = append(next, mk(id))
		}
		prev, next = sortCalls(prev), sortCalls(next)
		assert.Equal(t, norm(referenceDiff(prev, next)), norm(diff(prev, next)), "round %d", round)
	}
}

func TestSortCallsByUII(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	calls := []api.ActiveCall{
		{UII: "3", EnqueueTime: t0},
		{UII: "1", EnqueueTime: t0.Add(time.Second)},
		{UII: "2", EnqueueTime: t0},
	}
	assert.Equal(t, []string{"1", "2", "3"}, uiis(sortCalls(calls)))
	assert.Equal(t, []string{"3", "1", "2"}, uiis(calls), "the input is not modified")
	sorted := sortCalls(calls)
	assert.Same(t, &sorted[0], &sortCalls(sorted)[0], "already sorted input is returned as is")
}
