package sim

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The call centre's life: arrivals, queueing, answers and hang-ups, driven by an event queue.
// There are no goroutines: every request and introspection call first runs the queue up to the sim
// clock (advance), so the same seed, clock readings and requests always give the same world.

const (
	// Talk times are log-normal: median 4 min, σ 0.7 puts ~10% of calls past 10 minutes.
	talkMu    = 5.4806 // ln(240)
	talkSigma = 0.7
	// Outbound conversations are shorter: median 3 min.
	outMu = 5.1930 // ln(180)
	// meanCallSeconds sizes the Poisson arrival rate: mean talk (~307 s) plus mean queue wait (~50 s),
	// weighted with the share of outbound calls that skip the queue.
	meanCallSeconds = 335.0
	outboundShare   = 0.2
	abandonShare    = 0.04
	// The arrival rate is nudged toward the count it steers for by nudge times the shortfall's
	// share, at most maxNudge times.
	nudge    = 1.5
	maxNudge = 3.0
	// A gap longer than this (a laptop waking up, a fake clock jumping hours) restarts the world at
	// steady state instead of replaying every event in between.
	maxCatchUp = time.Hour
	// Ended calls stay queryable through Call for a while; this bounds the memory a long demo uses.
	endedRetention = 20000
	// A caller reaches an agent who is free within routeMin..routeMax (the queue's greeting and the
	// agent's phone ringing); an agent freed while callers wait takes the longest-waiting one handoff
	// later. So a caller waits longer than seconds only while every agent is busy or away.
	routeMin = time.Second
	routeMax = 6 * time.Second
	handoff  = 2 * time.Second
	// A caller who finds nobody free gives up after patienceMin plus up to patienceSpread.
	patienceMin    = 45 * time.Second
	patienceSpread = 4 * time.Minute
)

type evKind uint8

const (
	evArrival        evKind = iota // next Poisson arrival for an account
	evQueueDone                    // a queued call's wait is over: answer if an agent is free
	evAbandon                      // a queued caller gives up
	evEnd                          // conversation over
	evManualAnswer                 // a manual outbound call is picked up
	evManualNoAnswer               // ... or rings out
	evAux                          // an agent takes a break or comes back (liveness.go)
	evRoute                        // agents freed while callers wait take the longest-waiting ones
)

type event struct {
	at   time.Time
	seq  uint64 // tie-break so equal times keep insertion order (determinism)
	kind evKind
	acct *account
	c    *call
}

type eventHeap []*event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(*event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}

func (w *world) push(at time.Time, kind evKind, a *account, c *call) {
	w.evSeq++
	heap.Push(&w.events, &event{at: at, seq: w.evSeq, kind: kind, acct: a, c: c})
}

// advance runs every event due by now. Events run at their own time so timestamps are exact.
func (w *world) advance(now time.Time) {
	if !now.After(w.now) {
		return
	}
	if !w.static && now.Sub(w.now) > maxCatchUp {
		w.restart(now)
		return
	}
	for len(w.events) > 0 && !w.events[0].at.After(now) {
		e := heap.Pop(&w.events).(*event)
		w.now = e.at
		w.handle(e)
	}
	w.now = now
}

func (w *world) restart(now time.Time) {
	w.now = now
	w.events = nil
	w.quiet = true
	for _, a := range w.accounts {
		for _, c := range a.live() {
			w.end(c)
		}
		a.arrivalArmed, a.routeArmed, a.waiting = false, false, nil
	}
	w.quiet = false
	for _, a := range w.accounts {
		w.fill(a, a.target)
		w.armArrivals(a)
		w.armAux(a)
	}
}

func (w *world) handle(e *event) {
	c := e.c
	switch e.kind {
	case evArrival:
		e.acct.arrivalArmed = false
		w.candidate(e.acct)
		w.armArrivals(e.acct)
		return
	case evAux:
		w.auxChange(e.acct)
		w.armAux(e.acct)
		return
	case evRoute:
		e.acct.routeArmed = false
		w.route(e.acct)
		return
	}
	if c.ended {
		return // the call was hung up or ended by a hook before its event came due
	}
	switch e.kind {
	case evQueueDone:
		if c.agent != nil {
			return
		}
		if ag := w.longestIdle(c.account); ag != nil {
			w.assign(c, ag)
			w.answer(c)
			return
		}
		w.wait(c)
	case evAbandon:
		if c.agent == nil {
			w.end(c)
		}
	case evEnd, evManualNoAnswer:
		w.end(c)
	case evManualAnswer:
		w.answer(c)
	}
}

// armArrivals schedules the next candidate arrival of a Poisson process whose rate changes with the
// rush and the call count: candidates come at the highest rate the account can have (maxRate) and
// each is kept with probability rate/maxRate when it comes due (thinning), so a gap drawn in a lull
// does not hold back the next rush.
func (w *world) armArrivals(a *account) {
	if w.static || a.target <= 0 || a.arrivalArmed {
		return
	}
	w.push(w.now.Add(secs(w.rng.ExpFloat64()/w.maxRate(a))), evArrival, a, nil)
	a.arrivalArmed = true
}

// arrivalRate is the account's arrival rate now, per second. It is sized from Little's law (target
// / mean call length) and nudged toward the target so counts hover near it even when agents are
// scarce and calls last longer than planned.
func (w *world) arrivalRate(a *account) float64 {
	target := float64(a.target) * w.rush() // the rush's target (liveness.go)
	f := 1 + nudge*(target-float64(a.count()))/target
	return target / meanCallSeconds * min(max(f, 0.2), maxNudge)
}

// maxRate bounds arrivalRate: the rush's peak target, nudged up as far as the nudge goes.
func (w *world) maxRate(a *account) float64 {
	return float64(a.target) * (1 + rushDepth) / meanCallSeconds * maxNudge
}

// candidate is a candidate arrival come due: kept with probability rate/maxRate.
func (w *world) candidate(a *account) {
	if w.rng.Float64()*w.maxRate(a) < w.arrivalRate(a) {
		w.arrive(a)
	}
}

func (w *world) arrive(a *account) {
	if len(a.campaigns) > 0 && w.rng.Float64() < outboundShare {
		// A predictive dialer only dials when an agent is free, and the call skips the queue.
		ag := w.longestIdle(a)
		if ag == nil {
			return
		}
		c := w.newCall(a, w.now, a.campaigns[w.rng.IntN(len(a.campaigns))])
		w.assign(c, ag)
		w.answer(c)
		return
	}
	c := w.newCall(a, w.now, a.queues[w.rng.IntN(len(a.queues))])
	if w.rng.Float64() < abandonShare {
		// An impatient caller: gone after 10 s to 2 min unless an agent answers first.
		c.abandons = true
		w.push(w.now.Add(secs(10+w.rng.Float64()*110)), evAbandon, nil, c)
	}
	w.push(w.now.Add(routeDelay(w.rng)), evQueueDone, nil, c)
}

// routeDelay is how long a caller takes to reach a free agent: the greeting and the ring.
func routeDelay(r *rand.Rand) time.Duration {
	return routeMin + time.Duration(r.Float64()*float64(routeMax-routeMin))
}

// wait puts a caller who found nobody free in the account's line (every agent serves every queue
// of their account), with a patience after which they give up.
func (w *world) wait(c *call) {
	a := c.account
	a.waiting = append(a.waiting, c)
	if !c.abandons {
		w.push(w.now.Add(patienceMin+time.Duration(w.rng.Float64()*float64(patienceSpread))), evAbandon, nil, c)
	}
}

// armRoute schedules the hand-off of waiting callers to agents just freed; none in a Static world,
// where calls change only through actions.
func (w *world) armRoute(a *account) {
	if w.static || a.routeArmed {
		return
	}
	w.push(w.now.Add(handoff), evRoute, a, nil)
	a.routeArmed = true
}

// route hands the longest-waiting callers to the longest-idle free agents, first come first served.
// Callers who hung up or were answered meanwhile leave the line here.
func (w *world) route(a *account) {
	for len(a.free) > 0 && len(a.waiting) > 0 {
		c := a.waiting[0]
		a.waiting[0] = nil
		a.waiting = a.waiting[1:]
		if c.ended || c.agent != nil {
			continue
		}
		w.assign(c, w.longestIdle(a))
		w.answer(c)
	}
	if len(a.waiting) == 0 {
		a.waiting = nil // let the backing array go
	}
}

// sampleWait: a quarter answered at once, most within 90 s, a tenth between 1.5 and 5 minutes. It
// is the queue time of calls found already answered at start, and of calls a test adds queued.

func sampleWait(r *rand.Rand) time.Duration {
	switch u := r.Float64(); {
	case u < 0.25:
		return secs(r.Float64() * 3)
	case u < 0.9:
		return secs(3 + r.Float64()*87)
	default:
		return secs(90 + r.Float64()*210)
	}
}

func sampleTalk(r *rand.Rand, mu float64) time.Duration {
	s := math.Exp(mu + talkSigma*r.NormFloat64())
	return secs(min(max(s, 10), 7200))
}

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// fill adds n calls as they would be found at steady state: varied ages, some still queued. Elapsed
// talk is drawn from the length-biased distribution (μ+σ²), as an observer arriving at a random
// moment sees long calls more often than short ones.
func (w *world) fill(a *account, n int) {
	w.growRoster(a)
	w.bulk = true
	defer func() { w.bulk = false }()
	for range n {
		u := w.rng.Float64()
		switch {
		case len(a.campaigns) > 0 && u < 0.14:
			ag := w.pickFree(a)
			if ag == nil {
				continue
			}
			total := sampleTalk(w.rng, outMu+talkSigma*talkSigma)
			elapsed := time.Duration(w.rng.Float64() * float64(total))
			c := w.newCall(a, w.now.Add(-elapsed), a.campaigns[w.rng.IntN(len(a.campaigns))])
			w.assign(c, ag)
			c.dequeue = c.enqueue
			if !w.static {
				w.push(w.now.Add(total-elapsed), evEnd, nil, c)
			}
		case u < w.queuedShare():
			wait := w.queuedWait()
			age := time.Duration(w.rng.Float64() * float64(wait))
			c := w.newCall(a, w.now.Add(-age), a.queues[w.rng.IntN(len(a.queues))])
			if !w.static {
				w.push(w.now.Add(wait-age), evQueueDone, nil, c)
			}
		default:
			wait := sampleWait(w.rng)
			total := sampleTalk(w.rng, talkMu+talkSigma*talkSigma)
			elapsed := time.Duration(w.rng.Float64() * float64(total))
			c := w.newCall(a, w.now.Add(-elapsed-wait), a.queues[w.rng.IntN(len(a.queues))])
			ag := w.pickFree(a)
			if ag == nil {
				if !w.static {
					w.push(w.now.Add(secs(3)), evQueueDone, nil, c)
				}
				continue
			}
			w.assign(c, ag)
			c.dequeue = w.now.Add(-elapsed)
			w.countAnswered(c)
			if !w.static {
				w.push(w.now.Add(total-elapsed), evEnd, nil, c)
			}
		}
	}
}

// queuedShare is the share of calls found queued at start. A living world's callers are in their
// greeting, about to reach one of the agents free at start; a Static world is a snapshot for tests
// and keeps the callers it always had waiting minutes beside free agents, whom nothing will route.
func (w *world) queuedShare() float64 {
	if w.static {
		return 0.26
	}
	return 0.16
}

// queuedWait is how long a caller found queued at start waits in all: see queuedShare.
func (w *world) queuedWait() time.Duration {
	if w.static {
		return sampleWait(w.rng)
	}
	return routeDelay(w.rng)
}

// newCall creates a call (queued, no agent) and makes it active. The rng draws happen in a fixed
// order so the world stays reproducible.
func (w *world) newCall(a *account, enqueue time.Time, d *dest) *call {
	enqueue = enqueue.UTC().Truncate(time.Millisecond)
	uii := w.nextUII(enqueue)
	c := &call{uii: uii, account: a, enqueue: enqueue, dest: d, hostileIdx: w.hostilePick()}
	customer := w.randomPhone()
	if d != nil {
		c.destName = d.name
		number := d.dnis[w.rng.IntN(len(d.dnis))]
		if d.isOut {
			c.ani, c.dnis = number, customer
		} else {
			c.ani, c.dnis = customer, number
		}
	}
	if w.rng.Float64() < 0.01 {
		c.ani = "" // caller id withheld
	}
	if w.rng.Float64() < 0.6 {
		c.cnam = cnamNames[w.rng.IntN(len(cnamNames))]
	}
	if u := w.rng.Float64(); u < 0.15 {
		c.externalID = fmt.Sprintf("SF-%08d", w.rng.IntN(100_000_000))
	} else if u < 0.25 {
		c.externalID = fmt.Sprintf("CRM-%06d", w.rng.IntN(1_000_000))
	}
	c.dnisE164 = toE164(c.dnis)
	w.activate(c)
	w.countPresented(c)
	return c
}

// nextUII builds a 30-digit uii like the platform's: yyyyMMddHHmmss of the enqueue time, then a
// per-sim node number and a sequence, so sorting by uii sorts by arrival.
func (w *world) nextUII(t time.Time) string {
	w.seq++
	return fmt.Sprintf("%s%04d%012d", t.UTC().Format("20060102150405"), w.node, w.seq)
}

// hostilePick spreads the hostile samples over calls by sequence, without touching the rng.
func (w *world) hostilePick() int { return int(w.seq % uint64(len(hostileStrings))) }

func (w *world) randomPhone() string {
	if w.rng.Float64() < 0.05 {
		return fmt.Sprintf("+4477009001%02d", w.rng.IntN(100)) // UK drama range
	}
	return fmt.Sprintf("%s55501%02d", areaCodes[w.rng.IntN(len(areaCodes))], w.rng.IntN(100))
}

func toE164(n string) string {
	switch {
	case n == "":
		return ""
	case strings.HasPrefix(n, "+"):
		return n
	case len(n) == 10:
		return "+1" + n
	default:
		return "+" + n
	}
}

func (w *world) activate(c *call) {
	a := c.account
	switch n := len(a.active); {
	case a.unsorted || n == 0 || a.active[n-1].uii < c.uii:
		a.active = append(a.active, c) // arrivals are (nearly) always the newest uii
	case w.bulk:
		a.active = append(a.active, c)
		a.unsorted = true
	default:
		i, _ := slices.BinarySearchFunc(a.active, c, byUII)
		a.active = slices.Insert(a.active, i, c)
	}
	w.calls[c.uii] = c
}

func (w *world) assign(c *call, ag *agent) {
	c.agent = ag
	ag.onCall = c
	w.syncFree(ag)
	c.enc = nil
}

// answer connects a call that has an agent; in a living world it also schedules the hang-up.
func (w *world) answer(c *call) {
	c.dequeue = w.now
	c.enc = nil
	w.countAnswered(c)
	if !w.static {
		mu := talkMu
		if c.manual || (c.dest != nil && c.dest.isOut) {
			mu = outMu
		}
		w.push(w.now.Add(sampleTalk(w.rng, mu)), evEnd, nil, c)
	}
}

func (w *world) end(c *call) {
	if c.ended {
		return
	}
	c.ended = true
	c.enc = nil
	a := c.account
	a.stale++
	w.countEnded(c)
	if ag := c.agent; ag != nil && ag.onCall == c {
		ag.onCall = nil
		w.wrapUp(ag, c)
		w.syncFree(ag)
	}
	w.ended = append(w.ended, c.uii)
	if len(w.ended) > endedRetention {
		drop := len(w.ended) - endedRetention
		for _, u := range w.ended[:drop] {
			delete(w.calls, u)
		}
		w.ended = slices.Delete(w.ended, 0, drop)
	}
	w.armArrivals(a)
}

// setTarget changes an account's target. Raising it fills the difference at once so the knob feels
// live; lowering it lets calls end naturally (arrivals slow down) unless the world is static, where
// the newest calls are ended so the count is exact.
func (w *world) setTarget(a *account, n int) {
	n = max(n, 0)
	a.target = n
	if extra := n - a.count(); extra > 0 {
		w.fill(a, extra)
	} else if w.static && extra < 0 {
		byAge := slices.Clone(a.live())
		slices.SortStableFunc(byAge, func(x, y *call) int { return y.enqueue.Compare(x.enqueue) })
		for _, c := range byAge[:-extra] {
			w.end(c)
		}
	}
	w.growRoster(a)
	w.armArrivals(a)
}
