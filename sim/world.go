package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The world model: accounts, their queues, campaigns and agent rosters, and the calls among them.
// lifecycle.go makes it move.

const (
	mainAccountID   = "12440001"
	mainAccountName = "Northwind Health"
)

type agent struct {
	id                        int
	username, first, last     string
	hostileFirst, hostileLast string
	loggedIn                  bool
	onCall                    *call
	freeIdx                   int // index in account.free, -1 when not free
	account                   *account
	// What realTimeData/agent reports beyond the call (reporting.go). away is an aux state such as
	// "LUNCH" ("" = not away): away agents are logged in but never handed a call.
	away                string
	loginAt, stateSince time.Time
	lastCall            *call     // the call that ended last, for wrap-up and pending disposition
	lastEnd             time.Time // when it ended; zero if none
	wrapFor             time.Duration
	callsHandled        int
	talkTotal           time.Duration
}

type dest struct {
	id    int
	name  string
	dnis  []string // numbers that ring this queue; for a campaign, its caller ids
	isOut bool
	// Reference data (refdata.go): a queue's gate settings and today's counters, a campaign's
	// dispositions.
	wrapTime, slaTime time.Duration
	disps             []dispSpec
	stats             gateStats
}

type account struct {
	id, name     string
	suffix       string // username tag, "nc" for Northwind Care
	target       int
	agents       []*agent
	byUser       map[string]*agent
	free         []*agent // logged in and not on a call
	queues       []*dest
	campaigns    []*dest
	active       []*call // sorted by uii; may hold ended calls until the next read (see live)
	stale        int     // ended calls still in active
	unsorted     bool    // a bulk fill appended without sorting
	arrivalArmed bool
	waiting      []*call // callers who found nobody free, oldest first; may hold ended or answered ones
	routeArmed   bool
	awayTarget   int // how many agents are away at start; aux changes keep near it (liveness.go)
	idx          int // position in Config.Accounts: numbers the account's groups
}

// live returns the active calls sorted by uii. Ended calls are dropped lazily, here, so that a
// catch-up over thousands of events costs one compaction instead of one O(n) delete per call.
func (a *account) live() []*call {
	if a.stale > 0 {
		a.active = slices.DeleteFunc(a.active, func(c *call) bool { return c.ended })
		a.stale = 0
	}
	if a.unsorted {
		slices.SortFunc(a.active, byUII)
		a.unsorted = false
	}
	return a.active
}

func (a *account) count() int { return len(a.active) - a.stale }

func byUII(x, y *call) int { return strings.Compare(x.uii, y.uii) }

type call struct {
	uii         string
	account     *account
	ani         string // "" → null (blocked caller id)
	dnis        string
	dnisE164    string
	cnam        string // "" → null
	cnamFixed   bool   // set through CallSpec: shown even in hostile mode
	hostileIdx  int
	enqueue     time.Time
	enqueueNull bool      // served as null (CallSpec.NoEnqueueTime); enqueue still drives the world
	dequeue     time.Time // zero while queued / ringing
	agent       *agent
	dest        *dest // nil for manual calls
	destName    string
	externalID  string // "" → null
	manual      bool
	abandons    bool
	ended       bool
	sessions    map[string]string
	recording   *bool
	disposition *DispositionView
	enc         []byte // cached list JSON; nil after any visible change
}

type world struct {
	rng      *rand.Rand
	auxRng   *rand.Rand // aux changes' own draws (liveness.go)
	now      time.Time
	static   bool
	hostile  bool
	accounts []*account
	byID     map[string]*account
	calls    map[string]*call // active and recently ended
	ended    []string         // FIFO of ended uiis, for retention
	events   eventHeap
	evSeq    uint64
	node     int    // uii digits 15-18, fixed per sim
	seq      uint64 // uii digits 19-30
	agentSeq int
	bulk     bool // inside fill: append calls unsorted, sort once on the next read
	start    time.Time
	quiet    bool // inside restart: ending calls is not traffic, today's counters ignore it
}

func newWorld(seed int64, specs []AccountSpec, now time.Time, static, hostile bool) *world {
	w := &world{
		rng:     rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		auxRng:  newAuxRng(seed),
		now:     now,
		static:  static,
		hostile: hostile,
		byID:    map[string]*account{},
		calls:   map[string]*call{},
		start:   now,
	}
	w.node = w.rng.IntN(10000)
	w.seq = 50_000_000_000 + uint64(w.rng.IntN(1_000_000))
	w.agentSeq = 1_100_000 + w.rng.IntN(100_000)
	for i, sp := range specs {
		a := w.newAccount(i, sp)
		w.accounts = append(w.accounts, a)
		w.byID[a.id] = a
	}
	for _, a := range w.accounts {
		w.seedToday(a)
		w.fill(a, a.target)
		w.armArrivals(a)
		w.seedWrapUps(a)
		w.armAux(a)
	}
	return w
}

func (w *world) newAccount(idx int, sp AccountSpec) *account {
	a := &account{id: sp.ID, name: sp.Name, target: max(sp.Calls, 0), byUser: map[string]*agent{}, idx: idx}
	for _, word := range strings.Fields(sp.Name) {
		if r := word[0]; r < utf8.RuneSelf && (unicode.IsLetter(rune(r)) || unicode.IsDigit(rune(r))) {
			a.suffix += strings.ToLower(string(r))
		}
	}
	if a.suffix == "" {
		a.suffix = "acct" + sp.ID
	}
	qs, ok := defaultQueues[sp.ID]
	if !ok {
		for j := range 4 {
			qs = append(qs, destSpec{10400 + 10*idx + j + 1, queuePool[(idx*3+j)%len(queuePool)]})
		}
	}
	cs, ok := defaultCampaigns[sp.ID]
	if !ok {
		cs = []destSpec{{20000 + 10*idx + 1, campaignPool[idx%len(campaignPool)]}}
	}
	for _, q := range qs {
		n := q.id % 10000
		a.queues = append(a.queues, newGate(q, len(a.queues), []string{fmt.Sprintf("866555%04d", n), fmt.Sprintf("877555%04d", n)}))
	}
	for _, c := range cs {
		a.campaigns = append(a.campaigns, &dest{id: c.id, name: c.name, isOut: true, dnis: []string{fmt.Sprintf("888555%04d", c.id%10000)}, disps: campaignDispositions})
	}
	// A few agents are logged out, as on any real floor; the roster grows past the spec if the
	// target needs more hands, or calls would pile up in queue forever.
	loggedOut := max(1, sp.Agents/16)
	if sp.Agents < 5 {
		loggedOut = 0
	}
	total := max(sp.Agents, neededAgents(a.target)+loggedOut)
	for i := range total {
		w.addAgent(a, i >= loggedOut)
	}
	// A few more are logged in but away (lunch, a break): on the floor, not taking calls. They come
	// after the roster above so its names and the world's draws are what they were without them.
	if sp.Agents >= 5 {
		a.awayTarget = max(1, sp.Agents/12)
		for i := range a.awayTarget {
			ag := w.addAgent(a, false)
			ag.away = auxStates[i%len(auxStates)]
			login := ag.loginAt
			w.setLoggedIn(ag, true)
			ag.loginAt = login
			w.seedSession(ag)
			ag.stateSince = w.now.Add(-time.Duration(60+ag.id*13%1500) * time.Second)
		}
	}
	return a
}

// neededAgents is the logged-in head count that keeps a target's queue short: 10% headroom plus one.
func neededAgents(target int) int { return int(math.Ceil(float64(target)*1.1)) + 1 }

func (w *world) addAgent(a *account, loggedIn bool) *agent {
	i := len(a.agents)
	n := agentNames[(i*7+len(a.suffix))%len(agentNames)] // stride so neighbouring agents differ in script
	base := n.userFirst + "." + n.userLast
	if k := i / len(agentNames); k > 0 {
		base += fmt.Sprint(k + 1)
	}
	w.agentSeq++
	ag := &agent{
		id: w.agentSeq, username: base + "+" + a.suffix + "@northwind.example",
		first: n.first, last: n.last,
		hostileFirst: hostileStrings[i%len(hostileStrings)],
		hostileLast:  hostileStrings[(i+5)%len(hostileStrings)],
		freeIdx:      -1, account: a,
	}
	a.agents = append(a.agents, ag)
	a.byUser[ag.username] = ag
	w.setLoggedIn(ag, loggedIn)
	// Logged in some time this shift: 1 to 6 hours ago, by id (no draw from the world's rng).
	ag.loginAt = w.now.Add(-time.Hour - time.Duration(ag.id*37%18000)*time.Second)
	ag.stateSince = ag.loginAt
	w.seedSession(ag)
	return ag
}

func (w *world) growRoster(a *account) {
	in := 0
	for _, ag := range a.agents {
		if ag.loggedIn && ag.away == "" {
			in++
		}
	}
	for ; in < neededAgents(a.target); in++ {
		w.addAgent(a, true)
	}
}

func (w *world) setLoggedIn(ag *agent, in bool) {
	if in && !ag.loggedIn {
		ag.loginAt, ag.stateSince = w.now, w.now
		ag.callsHandled, ag.talkTotal, ag.lastCall, ag.lastEnd = 0, 0, nil, time.Time{} // per session
	}
	ag.loggedIn = in
	w.syncFree(ag)
}

// syncFree keeps account.free equal to {logged in, not on a call} with O(1) updates, so answering a
// call at 10,000-call scale never scans the roster.
func (w *world) syncFree(ag *agent) {
	a := ag.account
	want := ag.loggedIn && ag.onCall == nil && ag.away == ""
	switch {
	case want && ag.freeIdx < 0:
		ag.freeIdx = len(a.free)
		a.free = append(a.free, ag)
		if len(a.waiting) > 0 {
			w.armRoute(a)
		}
	case !want && ag.freeIdx >= 0:
		last := a.free[len(a.free)-1]
		a.free[ag.freeIdx] = last
		last.freeIdx = ag.freeIdx
		a.free = a.free[:len(a.free)-1]
		ag.freeIdx = -1
	}
}

// longestIdle is the free agent idle longest (the earliest stateSince; ties to the first in the free
// list), whom the router hands the next caller, or nil: an agent in wrap-up, idle only since their
// call ended, comes after those waiting longer.
func (w *world) longestIdle(a *account) *agent {
	var best *agent
	for _, ag := range a.free {
		if best == nil || ag.stateSince.Before(best.stateSince) {
			best = ag
		}
	}
	return best
}

// pickFree is a free agent at random, for calls found on a call at start, or nil.
func (w *world) pickFree(a *account) *agent {
	if len(a.free) == 0 {
		return nil
	}
	return a.free[w.rng.IntN(len(a.free))]
}

// scope is the accounts a path account id covers: the main account covers every sub-account.
func (w *world) scope(accountID string) []*account {
	if accountID == mainAccountID {
		return w.accounts
	}
	if a, ok := w.byID[accountID]; ok {
		return []*account{a}
	}
	return nil
}

// activeCalls lists a scope's active calls sorted by uii. A single account is already sorted.
func (w *world) activeCalls(accts []*account) []*call {
	if len(accts) == 1 {
		return accts[0].live()
	}
	var all []*call
	for _, a := range accts {
		all = append(all, a.live()...)
	}
	slices.SortFunc(all, byUII)
	return all
}

func (w *world) findAgent(accts []*account, username string) *agent {
	for _, a := range accts {
		if ag, ok := a.byUser[username]; ok {
			return ag
		}
	}
	return nil
}

func (w *world) setHostile(on bool) {
	w.hostile = on
	for _, c := range w.calls {
		c.enc = nil
	}
}

// visible names, honouring hostile mode. A CNAM a test set explicitly
// (CallSpec.CNAM) is what that test wants to see, hostile mode or not.
func (w *world) cnamOf(c *call) string {
	if w.hostile && !c.cnamFixed {
		return hostileStrings[c.hostileIdx]
	}
	return c.cnam
}

func (w *world) agentNames(ag *agent) (string, string) {
	if w.hostile {
		return ag.hostileFirst, ag.hostileLast
	}
	return ag.first, ag.last
}
