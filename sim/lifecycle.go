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
	// A gap longer than this (a laptop waking up, a fake clock jumping hours) restarts the world at
	// steady state instead of replaying every event in between.
	maxCatchUp = time.Hour
	// Ended calls stay queryable through Call for a while; this bounds the memory a long demo uses.
	endedRetention = 20000
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
		a.arrivalArmed = false
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
		w.arrive(e.acct)
		w.armArrivals(e.acct)
		return
	case evAux:
		w.auxChange(e.acct)
		w.armAux(e.acct)
		return
	}
	if c.ended {
		return // the call was hung up or ended by a hook before its event came due
	}
	switch e.kind {
	case evQueueDone:
		if !c.dequeue.IsZero() {
			return
		}
		if ag := w.pickFree(c.account); ag != nil {
			w.assign(c, ag)
			w.answer(c)
			return
		}
		// Nobody free: keep waiting; a tenth of those who wait this long give up.
		if w.rng.Float64() < 0.1 {
			w.push(w.now.Add(secs(5+w.rng.Float64()*40)), evAbandon, nil, c)
		} else {
			w.push(w.now.Add(secs(3+w.rng.Float64()*9)), evQueueDone, nil, c)
		}
	case evAbandon:
		if c.dequeue.IsZero() {
			w.end(c)
		}
	case evEnd, evManualNoAnswer:
		w.end(c)
	case evManualAnswer:
		w.answer(c)
	}
}

// armArrivals schedules the next Poisson arrival. The rate is sized from Little's law
// (target / mean call length) and nudged toward the target so counts hover near it even when agents
// are scarce and calls last longer than planned.
func (w *world) armArrivals(a *account) {
	if w.static || a.target <= 0 || a.arrivalArmed {
		return
	}
	target := float64(a.target) * w.rush() // the rush's target (liveness.go)
	rate := target / meanCallSeconds
	f := 1 + 0.5*(target-float64(a.count()))/target
	f = min(max(f, 0.2), 2)
	w.push(w.now.Add(secs(w.rng.ExpFloat64()/(rate*f))), evArrival, a, nil)
	a.arrivalArmed = true
}

func (w *world) arrive(a *account) {
	if len(a.campaigns) > 0 && w.rng.Float64() < outboundShare {
		// A predictive dialer only dials when an agent is free, and the call skips the queue.
		ag := w.pickFree(a)
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
		c.abandons = true
		w.push(w.now.Add(secs(10+w.rng.Float64()*110)), evAbandon, nil, c)
		return
	}
	w.push(w.now.Add(sampleWait(w.rng)), evQueueDone, nil, c)
}

// sampleWait: a quarter answered at once, most within 90 s, a tenth between 1.5 and 5 minutes.
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
		case u < 0.26:
			wait := sampleWait(w.rng)
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
