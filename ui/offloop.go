package ui

import (
	"maps"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// syncBelow is the list length under which the calls table is rebuilt
// inside Update rather than in a command. A whole rebuild (diff, join,
// sort, filter) costs about 0.3 ms at 1,000 calls, 5 ms at 10,000 and
// 95 ms at 100,000 (BenchmarkSnapshotBuild): under 2,000 calls it stays
// well under a millisecond, cheaper than a round trip through the
// program's command queue, and the table changes in the very message
// that changed it. From there up it runs off the Update loop (buildJob),
// so keys never wait for it.
const syncBelow = 2000

// pendingBuild is what the next rebuild of the calls table must take in:
// the newest snapshot not yet shown, and whether the order must be
// worked out again. It is cleared when a build that saw all of it is
// applied, so a build whose result is dropped loses nothing.
type pendingBuild struct {
	snap     *poller.Snapshot
	baseline bool // some snapshot since the rows shown starts afresh
	sort     bool
	// wanted: something changed since the build in flight started, so its
	// result is stale; kick: start a build when this Update returns.
	wanted, kick bool
	// then runs once the table asked for is shown (whenBuilt).
	then []func()
}

// buildJob is one rebuild of the calls table: everything it reads is
// captured on the Update loop and never written afterwards (maps and
// slices the loop replaces rather than changes; rows are copied before
// they change), so it may run on any goroutine.
type buildJob struct {
	gen      uint64
	snap     *poller.Snapshot // nil: the calls are those shown
	baseline bool
	cache    map[string]*row
	all      []*row
	ghosts   []*row
	sorted   []*row
	sort     bool
	join     callJoin
	// rejoin: the join changed since the rows were built, so every row is
	// read against it again (joinBuilt).
	rejoin   bool
	by       sortColumn
	desc     bool
	now      time.Time
	words    []filterWord
	selected string
}

// built is a finished rebuild, applied on the Update loop in one step.
type built struct {
	gen               uint64
	snap              *poller.Snapshot
	cache             map[string]*row
	ghosts            map[string]*row
	all, sorted, rows []*row
	tallies           *tallies
	shownLive         int
	waiting           []int
	joinGen           uint64
	selected          string
	selectedAt        int // index of selected in rows, -1: not shown
}

// rebuiltMsg carries a build's result back to Update.
type rebuiltMsg struct{ *built }

// rebuild asks for the calls table to be worked out again (sort: its
// order too). Small lists are rebuilt at once; larger ones in a command
// started when Update returns (startBuild). While a build runs, the
// request waits for its result, which is then dropped as stale and a new
// build takes in everything asked since.
func (m *Model) rebuild(sort bool) {
	m.pend.sort = m.pend.sort || sort
	m.pend.wanted = true
	switch {
	case m.building:
	case m.buildSize() < m.syncBelow:
		m.applyBuilt(m.newBuildJob().run())
	default:
		m.pend.kick = true
	}
}

// buildSize is the number of rows the next build handles.
func (m *Model) buildSize() int {
	n := len(m.all) + len(m.ghosts)
	if m.pend.snap != nil {
		n = max(n, len(m.pend.snap.Calls))
	}
	return n
}

// startBuild returns the command that runs the build asked for during
// this Update, if any.
func (m *Model) startBuild() tea.Cmd {
	if !m.pend.kick {
		return nil
	}
	m.pend.kick = false
	m.building = true
	job := m.newBuildJob()
	return job.cmd
}

// cmd runs the build; a method value, so tests can recognise the command.
func (j *buildJob) cmd() tea.Msg { return rebuiltMsg{j.run()} }

// onRebuilt takes a build's result: applied if nothing was asked since it
// started, otherwise dropped and a new build started with all of it.
func (m *Model) onRebuilt(b *built) tea.Cmd {
	if !m.building || b.gen != m.gen {
		return nil // not the build in flight (a duplicate, or superseded)
	}
	m.building = false
	if m.pend.wanted {
		m.rebuild(false)
		return m.startBuild()
	}
	m.applyBuilt(b)
	return nil
}

// newBuildJob captures what a build reads, under a new generation.
func (m *Model) newBuildJob() *buildJob {
	m.gen++
	m.pend.wanted = false
	j := &buildJob{
		gen: m.gen, snap: m.pend.snap, baseline: m.pend.baseline,
		cache: m.cache, all: m.all, sorted: m.sorted, sort: m.pend.sort,
		join: m.join, rejoin: m.join.gen != m.joinBuilt,
		by: m.sortBy, desc: m.sortDesc, now: m.now,
		words:    filterWords(m.filter.Value(), api.PhoneParser{Region: m.cfg.Region}),
		selected: m.selected,
		ghosts:   make([]*row, 0, len(m.ghosts)),
	}
	for _, g := range m.ghosts {
		j.ghosts = append(j.ghosts, g)
	}
	return j
}

// whenBuilt runs f once the calls table shows what was asked of it: at
// once when no rebuild is pending, else when the build is applied (what
// f reads, such as shownLive, is then the new table's).
func (m *Model) whenBuilt(f func()) {
	if !m.pend.wanted && !m.building && !m.pend.kick {
		f()
		return
	}
	m.pend.then = append(m.pend.then, f)
}

// applyBuilt shows a build's result: slices and maps swapped in, the
// cursor put back on the selected call.
func (m *Model) applyBuilt(b *built) {
	then := m.pend.then
	m.pend = pendingBuild{}
	m.cache, m.ghosts, m.all, m.sorted, m.rows = b.cache, b.ghosts, b.all, b.sorted, b.rows
	if b.tallies != nil {
		m.tallies = *b.tallies
	}
	m.shownLive, m.waiting = b.shownLive, b.waiting
	m.joinBuilt = b.joinGen
	at := b.selectedAt
	if b.selected != m.selected {
		at = m.indexOf(m.selected) // the person moved while it was built
	}
	m.place(at)
	if b.snap != nil {
		m.haveSnap = true
		m.agentsGrid.retext() // the Agents view's CALL column reads the calls
		m.reconcileOwnTeam(*b.snap, m.cache)
	}
	for _, f := range then {
		f()
	}
}

// run works out the table: rows for a new snapshot (reused where the call
// did not change, ghosts for calls that ended, arrivals marked), the join,
// the order and the filter. It writes nothing it was given.
func (j *buildJob) run() *built {
	b := &built{gen: j.gen, snap: j.snap, cache: j.cache, all: j.all, joinGen: j.join.gen, selected: j.selected, selectedAt: -1}
	b.ghosts = make(map[string]*row, len(j.ghosts))
	for _, g := range j.ghosts {
		b.ghosts[g.call.UII] = g
	}
	changed := false
	if j.snap != nil {
		j.diff(b)
	} else if j.rejoin {
		changed = j.rejoinShown(b)
	}
	if j.rejoin {
		for uii, g := range b.ghosts {
			if ng := j.join.rejoined(g); ng != g {
				b.ghosts[uii], changed = ng, true
			}
		}
	}
	switch {
	case j.sort || j.snap != nil || changed && j.by == sortQueue:
		b.sorted = make([]*row, 0, len(b.all)+len(b.ghosts))
		b.sorted = append(b.sorted, b.all...)
		for _, g := range b.ghosts {
			b.sorted = append(b.sorted, g)
		}
		sortRows(b.sorted, j.by, j.desc, j.now)
	case changed:
		b.sorted = make([]*row, len(j.sorted))
		for i, r := range j.sorted {
			b.sorted[i] = r
			if nr := b.find(r.call.UII); nr != nil {
				b.sorted[i] = nr
			}
		}
	default:
		b.sorted = j.sorted
	}
	j.filter(b)
	return b
}

// find is the built row of a call, a ghost included.
func (b *built) find(uii string) *row {
	if r, ok := b.cache[uii]; ok {
		return r
	}
	return b.ghosts[uii]
}

// diff builds the rows of the snapshot's calls against the rows shown.
// Arrivals and departures are worked out against what the board shows,
// not taken from the snapshot's diff: the subscription keeps only the
// newest snapshot, so one the board was too busy to read is skipped,
// diff and all.
func (j *buildJob) diff(b *built) {
	calls := j.snap.Calls
	if j.baseline {
		clear(b.ghosts)
	}
	next := make(map[string]*row, len(calls))
	all := make([]*row, 0, len(calls))
	for i := range calls {
		c := &calls[i]
		r, ok := j.cache[c.UII]
		switch {
		case !ok:
			r = newRow(*c)
			if !j.baseline {
				r.newUntil = j.now.Add(newLinger)
			}
			j.join.apply(r)
		case r.call != *c:
			nr := newRow(*c)
			nr.newUntil = r.newUntil
			j.join.apply(nr)
			r = nr
		case j.rejoin:
			r = j.join.rejoined(r)
		}
		delete(b.ghosts, c.UII) // it is back (or never left)
		next[c.UII] = r
		all = append(all, r)
	}
	for uii, r := range j.cache {
		if _, still := next[uii]; still || j.baseline {
			continue
		}
		g := *r
		g.ended, g.endedAt, g.newUntil = true, j.now, time.Time{}
		if j.rejoin {
			j.join.apply(&g)
		}
		b.ghosts[uii] = &g
	}
	t := tally(calls)
	b.cache, b.all, b.tallies = next, all, &t
}

// rejoinShown reads the rows shown against a changed join, copying the
// rows whose text changes. It reports whether any did.
func (j *buildJob) rejoinShown(b *built) bool {
	var all []*row
	for i, r := range j.all {
		nr := j.join.rejoined(r)
		if nr == r {
			continue
		}
		if all == nil {
			all = append(make([]*row, 0, len(j.all)), j.all...)
			b.cache = maps.Clone(j.cache)
		}
		all[i], b.cache[nr.call.UII] = nr, nr
	}
	if all == nil {
		return false
	}
	b.all = all
	return true
}

// filter derives the shown rows from the sorted ones, counts the live
// ones and notes where the queued calls and the selected one are.
func (j *buildJob) filter(b *built) {
	if len(j.words) == 0 {
		b.rows = b.sorted
	} else {
		b.rows = make([]*row, 0, len(b.sorted))
		for _, r := range b.sorted {
			if r.matches(j.words) {
				b.rows = append(b.rows, r)
			}
		}
	}
	for i, r := range b.rows {
		if r.call.UII == j.selected && j.selected != "" && b.selectedAt < 0 {
			b.selectedAt = i
		}
		if r.ended {
			continue
		}
		b.shownLive++
		if r.call.Queued() && !r.call.EnqueueTime.IsZero() {
			b.waiting = append(b.waiting, i)
		}
	}
}
