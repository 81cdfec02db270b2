package poller

import (
	"sync"
	"time"

	"github.com/callboard/callboard/api"
)

// progressEvery spaces out the progress snapshots of a long load: at most
// four a second, so a walk of many quick pages does not redraw every board
// for each one.
const progressEvery = 250 * time.Millisecond

// walk follows one read of the call list's pages through the client's
// progress calls (api.ListOptions.Progress): while no list of the scope is
// shown it publishes how far the read got, and it notes whether RingCX
// ignored paging. Its methods are called from the walk's goroutines; end,
// from the loop once the read returns, stops it, so no progress is
// published after the list it led to.
type walk struct {
	p      *Poller
	scope  Scope
	expect int
	// show: no list of the scope is on any board yet, so progress is
	// published; status is what those snapshots say besides Loading.
	show   bool
	status Status

	mu      sync.Mutex
	done    bool
	ignored bool
	last    time.Time // the last progress published
}

// startWalk prepares the read of scope's pages; it expects the count the
// list had when last read (the current one, or the scope's last visit).
func (p *Poller) startWalk(scope Scope) *walk {
	w := &walk{p: p, scope: scope, expect: p.counts[scope], show: p.fetchedAt.IsZero()}
	if !w.show {
		w.expect = len(p.calls)
	}
	w.status = Status{State: StateStarting, Interval: p.planner.desired(p.slot)}
	return w
}

// progress takes one progress call of the walk.
func (w *walk) progress(lp api.ListProgress) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.ignored = w.ignored || lp.PagingIgnored
	if !w.show {
		return
	}
	now := w.p.clock.Now()
	if !w.last.IsZero() && now.Sub(w.last) < progressEvery {
		return
	}
	w.last = now
	st := w.status
	st.Loading = &Loading{Pages: lp.Pages, Calls: lp.Calls, Expect: w.expect}
	w.p.publishProgress(w.scope, st)
}

// end stops the walk's publishing and reports whether RingCX ignored
// paging.
func (w *walk) end() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	return w.ignored
}

// publishProgress sends a snapshot of no calls yet, with how far the load
// has got.
func (p *Poller) publishProgress(scope Scope, st Status) {
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.seq++
	p.hub.publish(Snapshot{Seq: p.seq, Scope: scope, Status: st})
}
