package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// maxPagesInFlight bounds the requests one walk has out at once. Four pages
// overlap the server's encoding, the network and the decoding well on two
// cores; more would only queue at the server and hold more bodies at once.
const maxPagesInFlight = 4

// pageWalk reads every page of a call listing. RingCX answers a page as a
// bare JSON array, with no total and no "next": the only end is the first
// page with fewer than MaxRows calls. So the walk launches pages in order,
// each admitted (paced, then charged to the budget) before it is sent, at
// most maxPagesInFlight out at once; it runs ahead only as far as
// opts.Expect calls reach, and beyond that launches page k only once every
// page before it came back full, so a list that did not grow costs no
// request more than reading it page by page. Pages may be answered in any
// order; they are assembled by index. A page that fails fails the walk and
// cancels the others; a 429 also pauses the shared budget (Client.exchange),
// which holds the pages not yet sent.
//
// A full page that adds no uii the pages before it had not already shown
// is a repeat. A list moves while it is read: calls arriving before a page
// shift it down, and a whole page's worth arriving between two requests
// makes a page the same as the one before it. So a repeat is left out and
// the walk goes on — unless it is page 0 again (same uiis, same order:
// what a server that ignores the page parameter answers every time), or
// the walk's second repeat (a whole page arriving twice in one walk is a
// server going round, not a busy account). Then the walk ends with what
// it had and says RingCX ignored paging (ListProgress.PagingIgnored);
// otherwise it would go on to maxPagesPerListing requests. A repeat of
// page 1 is page 0 again: with one page's shift right after page 0, the
// walk cannot tell the two apart from two pages, and says so — costing
// two requests, as ignored paging must.
type pageWalk struct {
	c    *Client
	opts ListOptions
	// aheadTo is the last page launched without waiting for the ones
	// before it: the page opts.Expect calls end on.
	aheadTo int

	reqCtx    context.Context // the pages' requests; cancelled on failure
	cancelReq context.CancelFunc
	// admitCtx is the wait for the next page's turn; cancelled as soon as
	// the walk is decided (its end found, or a failure), so a page nobody
	// needs is never charged.
	admitCtx    context.Context
	cancelAdmit context.CancelFunc
	wg          sync.WaitGroup

	mu       sync.Mutex
	turn     *sync.Cond // signalled whenever a page comes back
	inFlight int
	sent     int
	pages    [][]ActiveCall // by index; nil until answered
	full     int            // pages 0..full-1 came back full
	end      int            // the last page of the list, -1 until known
	cause    error          // why the walk failed
	// seen holds the uiis of pages 0..checked-1, the answered prefix
	// already compared: a page adds something new or ends the walk.
	// It is built only once a second page is answered.
	seen    map[string]struct{}
	checked int
	// repeats are the full pages that added nothing new, in order: left
	// out of the list, and the second ends the walk.
	repeats  []int
	ignored  bool // RingCX ignores paging (see pageWalk)
	answered int  // pages answered, for opts.Progress
}

// maxRepeats is the repeats a walk reads past: one is a list that moved by
// a whole page between two requests; a second, the server going round.
const maxRepeats = 1

func newPageWalk(ctx context.Context, c *Client, opts ListOptions) *pageWalk {
	w := &pageWalk{c: c, opts: opts, aheadTo: max(opts.Expect, 0) / opts.MaxRows, end: -1}
	w.reqCtx, w.cancelReq = context.WithCancel(ctx)
	w.admitCtx, w.cancelAdmit = context.WithCancel(w.reqCtx)
	w.turn = sync.NewCond(&w.mu)
	return w
}

// stop releases the walk's contexts once every page is back.
func (w *pageWalk) stop() {
	w.cancelAdmit()
	w.cancelReq()
}

// run launches pages until the walk is decided, waits for every page out,
// and assembles the answer.
func (w *pageWalk) run() ([]ActiveCall, int, error) {
	for page := 0; w.waitTurn(page); page++ {
		opts := w.opts
		opts.Page = page
		r, err := w.c.listRequest(w.reqCtx, opts)
		if err == nil {
			err = w.c.admit(w.admitCtx, r)
		}
		if err != nil {
			w.fail(-1, err)
			break
		}
		w.mu.Lock()
		w.sent++
		w.inFlight++
		w.mu.Unlock()
		w.wg.Add(1)
		go w.fetch(page, r)
	}
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cause != nil {
		return nil, w.sent, w.cause
	}
	if w.end == 0 {
		return w.pages[0], w.sent, nil // the common case: one page, nothing to merge
	}
	return mergePages(w.keptLocked(w.end)), w.sent, nil
}

// keptLocked is pages 0..last that make the list: answered, and not a
// repeat. Caller holds mu.
func (w *pageWalk) keptLocked(last int) [][]ActiveCall {
	kept := make([][]ActiveCall, 0, last+1)
	for k, p := range w.pages[:last+1] {
		if p != nil && !slices.Contains(w.repeats, k) {
			kept = append(kept, p)
		}
	}
	return kept
}

// waitTurn blocks until page may be launched and reports whether it should
// be: false once the walk is decided.
func (w *pageWalk) waitTurn(page int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.decidedLocked() && (w.inFlight >= maxPagesInFlight || (page > w.aheadTo && w.full < page)) {
		w.turn.Wait()
	}
	if !w.decidedLocked() && page >= maxPagesPerListing {
		w.failLocked(-1, fmt.Errorf("active calls: more than %d pages; narrow the scope", maxPagesPerListing))
	}
	return !w.decidedLocked()
}

func (w *pageWalk) decidedLocked() bool { return w.cause != nil || w.end >= 0 }

// fetch sends one admitted page and records what came back.
func (w *pageWalk) fetch(page int, r *apiRequest) {
	defer w.wg.Done()
	calls, err := w.c.readPage(w.reqCtx, r, page)
	if err == nil && len(calls) > w.opts.MaxRows {
		err = fmt.Errorf("active calls page %d: %w: %d calls on a page of at most %d: the server did not page the list as asked", page, ErrMalformedResponse, len(calls), w.opts.MaxRows)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inFlight--
	defer w.turn.Broadcast()
	if err != nil {
		w.failLocked(page, err)
		return
	}
	w.record(page, calls)
}

// record keeps an answered page, extends the run of full pages, notes the
// end — a short page, or a page with nothing new — and reports progress
// while the end is unknown (once it is, the list itself follows within a
// round trip; only a walk ended by a page with nothing new reports that);
// a page past a known end is dropped.
func (w *pageWalk) record(page int, calls []ActiveCall) {
	if w.end >= 0 && page > w.end {
		return
	}
	for len(w.pages) <= page {
		w.pages = append(w.pages, nil)
	}
	w.pages[page] = calls
	w.answered++
	if len(calls) < w.opts.MaxRows {
		w.setEnd(page)
	}
	w.checkNew()
	for w.full < len(w.pages) && w.pages[w.full] != nil && len(w.pages[w.full]) == w.opts.MaxRows {
		w.full++
	}
	if w.end < 0 || w.ignored {
		w.progress()
	}
}

// setEnd makes page the list's last and stops admitting more pages.
func (w *pageWalk) setEnd(page int) {
	w.end = page
	w.cancelAdmit()
}

// checkNew compares each page of the answered prefix, in order, with the
// pages before it: a full page none of whose uiis is new is a repeat,
// which is left out, or ends the walk before it as ignored paging (see
// pageWalk). A one-page list builds no set.
func (w *pageWalk) checkNew() {
	for w.checked < len(w.pages) && w.pages[w.checked] != nil && (w.end < 0 || w.checked <= w.end) {
		if k := w.checked; k > 0 {
			if w.seen == nil {
				// Sized for the list expected: growing a set of
				// 100,000 uiis by doubling costs twice its filling.
				w.seen = make(map[string]struct{}, max(w.opts.Expect, 2*len(w.pages[0])))
				w.remember(w.pages[0])
			}
			if len(w.pages[k]) == w.opts.MaxRows && w.allSeen(w.pages[k]) {
				w.repeats = append(w.repeats, k)
				if sameUIIs(w.pages[k], w.pages[0]) || len(w.repeats) > maxRepeats {
					w.ignored = true
					w.setEnd(k - 1)
					return
				}
			} else {
				w.remember(w.pages[k])
			}
		}
		w.checked++
	}
}

func (w *pageWalk) remember(calls []ActiveCall) {
	for _, c := range calls {
		w.seen[c.UII] = struct{}{}
	}
}

// sameUIIs reports whether a and b hold the same calls in the same order.
func sameUIIs(a, b []ActiveCall) bool {
	return slices.EqualFunc(a, b, func(x, y ActiveCall) bool { return x.UII == y.UII })
}

func (w *pageWalk) allSeen(calls []ActiveCall) bool {
	for _, c := range calls {
		if _, ok := w.seen[c.UII]; !ok {
			return false
		}
	}
	return true
}

// progress reports the walk so far to opts.Progress, if set. It is called
// with w.mu held, so calls are serialised and the one that reports
// PagingIgnored is the walk's last (every later page is past the end).
func (w *pageWalk) progress() {
	if w.opts.Progress == nil {
		return
	}
	last := len(w.pages) - 1
	if w.end >= 0 {
		last = min(last, w.end)
	}
	calls := 0
	for _, p := range w.keptLocked(last) {
		calls += len(p)
	}
	w.opts.Progress(ListProgress{Pages: w.answered, Calls: calls, PagingIgnored: w.ignored})
}

func (w *pageWalk) fail(page int, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.failLocked(page, err)
}

// failLocked fails the walk with err and cancels every page out — unless
// the walk is already decided: a page past a known end is not part of the
// list, and after the first failure the others are its echoes (mostly
// "canceled").
func (w *pageWalk) failLocked(page int, err error) {
	if w.cause != nil || (w.end >= 0 && (page < 0 || page > w.end)) {
		return
	}
	w.cause = err
	w.cancelReq()
}

// listRequest is the request for one page of the listing.
func (c *Client) listRequest(ctx context.Context, opts ListOptions) (*apiRequest, error) {
	q, err := c.listQuery(opts)
	if err != nil {
		return nil, err
	}
	r, err := c.request(ctx, http.MethodGet, q, PriorityPoll, "admin", "accounts", c.accountID, "activeCalls", "list")
	if err != nil {
		return nil, err
	}
	r.pooled = true
	return r, nil
}
