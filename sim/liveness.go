package sim

import (
	"math"
	"math/rand/v2"
	"time"
)

// The floor's own movement, beyond what calls do: agents take breaks and come back, and the
// arrival rate rises and falls in rushes, so the queues fill and drain. Both are driven by the event
// queue like the rest of the world, lazily, and neither happens in a Static world.
//
// Aux changes draw from their own generator (world.auxRng), seeded from the world's seed: the
// calls' draws stay in the order they always had, so a seed keeps meaning the same call centre.

const (
	// auxEvery is how often, on average, each logged-in agent's aux state changes: the account's
	// changes come at loggedIn/auxEvery per second, each sending one available agent away or bringing
	// one back.
	auxEvery = 10 * time.Minute
	// A rush: the arrival rate, and the call count it steers toward, follow
	// 1 + rushDepth·sin(2πt/rushPeriod) from the world's start, so in a rush more calls come than
	// the agents take at once and the queues back up, then drain in the lull.
	rushPeriod = 12 * time.Minute
	rushDepth  = 0.7
)

// newAuxRng is the aux changes' generator for a seed.
func newAuxRng(seed int64) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), 0xa0c5_57a7e5)) }

// rush is the arrival rate's factor at the world's clock.
func (w *world) rush() float64 {
	phase := w.now.Sub(w.start).Seconds() / rushPeriod.Seconds()
	return 1 + rushDepth*math.Sin(2*math.Pi*phase)
}

// armAux schedules an account's next aux change: none for an account without away agents at start
// (a small test roster), nor in a Static world.
func (w *world) armAux(a *account) {
	if w.static || a.awayTarget <= 0 {
		return
	}
	in := 0
	for _, ag := range a.agents {
		if ag.loggedIn {
			in++
		}
	}
	mean := auxEvery.Seconds() / float64(max(in, 1))
	w.push(w.now.Add(secs(w.auxRng.ExpFloat64()*mean)), evAux, a, nil)
}

// auxChange brings an away agent back, or sends an available one away, keeping the number away
// near what the account started with: over it, someone comes back; under it, someone leaves; at it,
// either. An agent comes back AVAILABLE from that moment; an agent in wrap-up or on a call does not
// leave.
func (w *world) auxChange(a *account) {
	var away []*agent
	for _, ag := range a.agents {
		if ag.loggedIn && ag.away != "" {
			away = append(away, ag)
		}
	}
	back := len(away) > a.awayTarget || (len(away) == a.awayTarget && w.auxRng.IntN(2) == 0)
	if back && len(away) > 0 {
		ag := away[w.auxRng.IntN(len(away))]
		ag.away, ag.stateSince = "", w.now
		ag.lastCall, ag.lastEnd = nil, time.Time{} // the break ended any wrap-up
		w.syncFree(ag)
		return
	}
	var ready []*agent
	for _, ag := range a.free {
		if st, _, _ := w.agentState(ag); st == "AVAILABLE" {
			ready = append(ready, ag)
		}
	}
	if len(ready) == 0 {
		return
	}
	ag := ready[w.auxRng.IntN(len(ready))]
	ag.away, ag.stateSince = auxStates[w.auxRng.IntN(len(auxStates))], w.now
	w.syncFree(ag)
}
