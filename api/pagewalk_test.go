package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// walkHarness is a simulator holding n calls of the main account (static,
// so every read sees the same list) and a client on it.
func walkHarness(t *testing.T, n int, wrap ...func(http.Handler) http.Handler) (*harness, *Client) {
	t.Helper()
	h := newHarness(t, sim.Config{Static: true, MaxRows: 20000, RateLimit: -1,
		Accounts: []sim.AccountSpec{{ID: mainAccount, Name: "Northwind Care", Calls: n, Agents: n + 100}}}, wrap...)
	require.Len(t, h.sim.Calls(mainAccount), n)
	return h, h.client()
}

// pageByPage is the sequential reading the walk must agree with, written
// independently of it: ListActiveCalls page after page until a short one.
func pageByPage(t *testing.T, c *Client, opts ListOptions) ([]ActiveCall, int) {
	t.Helper()
	var all []ActiveCall
	for page := 0; ; page++ {
		opts.Page = page
		calls, err := c.ListActiveCalls(ctx(t), opts)
		require.NoError(t, err)
		all = append(all, calls...)
		if len(calls) < opts.MaxRows {
			return all, page + 1
		}
	}
}

// walkLeftNothing fails the test if a goroutine started since before is
// still running, other than net/http's own connection goroutines.
func walkLeftNothing(t *testing.T, before goleak.Option) {
	t.Helper()
	goleak.VerifyNone(t, before,
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("net/http.(*conn).serve"),
		goleak.IgnoreAnyFunction("net/http.(*connReader).backgroundRead"),
	)
}

func listPage(r *http.Request) (int, bool) {
	if !strings.HasSuffix(r.URL.Path, "/activeCalls/list") {
		return 0, false
	}
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	return page, err == nil
}

var walkScope = ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 500}

// The concurrent walk answers exactly what reading page by page answers —
// the same calls in the same order, in the same number of requests when it
// expects the right count — around every page boundary, whatever it
// expected.
func TestListWalkIsTheSequentialResult(t *testing.T) {
	for _, n := range []int{1, 2, 499, 500, 501, 10000} {
		t.Run(fmt.Sprintf("calls=%d", n), func(t *testing.T) {
			_, c := walkHarness(t, n)
			want, wantPages := pageByPage(t, c, walkScope)
			require.Len(t, want, n)
			for _, expect := range []int{n, 0, n / 2, 3 * n} {
				before := goleak.IgnoreCurrent()
				opts := walkScope
				opts.Expect = expect
				got, pages, err := c.ListAllActiveCalls(ctx(t), opts)
				require.NoError(t, err, "expecting %d", expect)
				assert.Equal(t, want, got, "expecting %d", expect)
				switch {
				case expect <= n:
					assert.Equal(t, wantPages, pages, "expecting %d (or less): not one request more", expect)
				default: // runs ahead into pages that turn out empty: at most three
					assert.GreaterOrEqual(t, pages, wantPages)
					assert.LessOrEqual(t, pages, wantPages+maxPagesInFlight-1, "expecting %d", expect)
				}
				walkLeftNothing(t, before)
			}
		})
	}
}

// inFlightCounter is middleware counting the list requests the simulator is
// answering at once. The first `gate` wait until that many are in, so a
// walk that can reach the bound must reach it.
type inFlightCounter struct {
	gate    int
	mu      sync.Mutex
	now     int
	most    int
	arrived int
	open    chan struct{}
}

func (f *inFlightCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := listPage(r); !ok {
			next.ServeHTTP(w, r)
			return
		}
		f.mu.Lock()
		f.now++
		f.arrived++
		f.most = max(f.most, f.now)
		if f.arrived == f.gate {
			close(f.open)
		}
		f.mu.Unlock()
		<-f.open
		next.ServeHTTP(w, r)
		f.mu.Lock()
		f.now--
		f.mu.Unlock()
	})
}

// Never more than four pages are out at once, and four are: the first four
// requests are held until all four are at the server.
func TestListWalkKeepsFourPagesInFlight(t *testing.T) {
	const bound = 4
	f := &inFlightCounter{gate: bound, open: make(chan struct{})}
	_, c := walkHarness(t, 10000, f.wrap)
	before := goleak.IgnoreCurrent()
	opts := walkScope
	opts.Expect = 10000
	calls, pages, err := c.ListAllActiveCalls(ctx(t), opts)
	require.NoError(t, err)
	assert.Len(t, calls, 10000)
	assert.Equal(t, 21, pages, "20 full pages and the empty one")
	assert.Equal(t, 21, f.arrived)
	assert.Equal(t, bound, f.most)
	walkLeftNothing(t, before)
}

// Each page is paced and charged to the request budget before it is sent:
// whenever a list request reaches the server, the pacer and the budget
// have counted at least as many.
func TestListWalkChargesEachPageBeforeSending(t *testing.T) {
	var (
		client           atomic.Pointer[Client]
		paced            atomic.Int64
		mu               sync.Mutex
		arrived, shortOf int
		paceShortOf      int
	)
	check := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, ok := listPage(r); ok {
				mu.Lock()
				arrived++
				if client.Load().Budget().UsedLastMinute() < arrived {
					shortOf++
				}
				if int(paced.Load()) < arrived {
					paceShortOf++
				}
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	}
	_, c := walkHarness(t, 2600, check)
	client.Store(c)
	opts := walkScope
	opts.Expect = 2600
	pacer := func(context.Context) error { paced.Add(1); return nil }
	_, pages, err := c.ListAllActiveCalls(WithPacer(ctx(t), pacer), opts)
	require.NoError(t, err)
	assert.Equal(t, 6, pages)
	assert.Equal(t, 6, arrived)
	assert.Zero(t, shortOf, "a page reached the server before the budget counted it")
	assert.Zero(t, paceShortOf, "a page reached the server before the pacer let it go")
	assert.Equal(t, int64(6), paced.Load())
	assert.Equal(t, 6, c.Budget().UsedLastMinute())
}

// With a budget of one request now and the next in a minute, the walk sends
// page 0 and waits for the budget before sending page 1, however far ahead
// it may run; giving up leaves it at the one request.
func TestListWalkWaitsForTheBudgetBeforeEachPage(t *testing.T) {
	h := newHarness(t, sim.Config{Static: true, Accounts: []sim.AccountSpec{{ID: mainAccount, Name: "Northwind Care", Calls: 12, Agents: 20}}})
	c := h.client(WithRequestsPerMinute(2)) // a burst of one, then one a minute
	h.sim.ResetRequests()
	before := goleak.IgnoreCurrent()
	wctx, cancel := context.WithCancel(ctx(t))
	type result struct {
		pages int
		err   error
	}
	done := make(chan result, 1)
	go func() {
		_, pages, err := c.ListAllActiveCalls(wctx, ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 5, Expect: 12})
		done <- result{pages, err}
	}()
	require.Eventually(t, func() bool {
		polls, _ := c.Budget().Waiting()
		return polls == 1 && len(h.sim.Requests()) == 1
	}, 10*time.Second, time.Millisecond, "page 0 answered, page 1 queued for the budget")
	cancel()
	r := <-done
	require.ErrorIs(t, r.err, context.Canceled)
	assert.Contains(t, r.err.Error(), "waiting for the request budget")
	assert.Equal(t, 1, r.pages)
	require.Len(t, h.sim.Requests(), 1)
	assert.Equal(t, "0", h.sim.Requests()[0].Query.Get("page"))
	walkLeftNothing(t, before)
}

// Pages answered out of order are assembled in page order: page 0 is held
// back until pages 1 to 3 have been answered.
func TestListWalkAssemblesPagesInOrder(t *testing.T) {
	var answered sync.WaitGroup
	answered.Add(3)
	var armed atomic.Bool
	hold := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			page, ok := listPage(r)
			switch {
			case !armed.Load():
			case ok && page == 0:
				answered.Wait()
			case ok && page <= 3:
				defer answered.Done()
			}
			next.ServeHTTP(w, r)
		})
	}
	h, c := walkHarness(t, 18, hold)
	opts := ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 5, Expect: 18}
	h.sim.ResetRequests()
	armed.Store(true)
	got, pages, err := c.ListAllActiveCalls(ctx(t), opts)
	armed.Store(false)
	require.NoError(t, err)
	assert.Equal(t, 4, pages)
	var order []string
	for _, r := range h.sim.Requests() {
		order = append(order, r.Query.Get("page"))
	}
	assert.Equal(t, "0", order[len(order)-1], "page 0 was answered last: %v", order)
	want, _ := pageByPage(t, c, opts)
	assert.Equal(t, want, got)
}

// The first short page ends the walk, even when pages after it came back
// full: here page 1 answers an empty list while pages 2 and 3 are full.
func TestListWalkEndsAtTheFirstShortPage(t *testing.T) {
	empty := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if page, ok := listPage(r); ok && page == 1 {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte("[]"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	_, c := walkHarness(t, 23, empty)
	opts := ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 5, Expect: 23}
	got, _, err := c.ListAllActiveCalls(ctx(t), opts)
	require.NoError(t, err)
	first, err := c.ListActiveCalls(ctx(t), opts)
	require.NoError(t, err)
	assert.Equal(t, first, got, "page 0 and nothing after the empty page 1")
}

// A page holding more calls than were asked for means the server does not
// page as asked, so the pages cannot add up to the list: the walk says so
// as a malformed answer rather than guess.
func TestListWalkRefusesAnOverfullPage(t *testing.T) {
	overfull := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if page, ok := listPage(r); ok && page == 1 {
				q := r.URL.Query()
				q.Set("maxRows", "6")
				q.Set("page", "0")
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}
	_, c := walkHarness(t, 23, overfull)
	for _, expect := range []int{0, 23} {
		calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 5, Expect: expect})
		require.ErrorIs(t, err, ErrMalformedResponse)
		assert.Contains(t, err.Error(), "active calls page 1")
		assert.Contains(t, err.Error(), "6 calls on a page of at most 5")
		assert.Nil(t, calls)
		assert.GreaterOrEqual(t, pages, 2)
	}
}

// holdUntilCancelled is middleware that answers page `fail` with status
// (and Retry-After for a 429) and holds every other page after page 0
// until the client gives it up, counting those it held.
func holdUntilCancelled(fail, status int, held *atomic.Int64) func(http.Handler) http.Handler {
	// arrived closes when the first other page reaches the server: the
	// failing page answers only then, so a page is always out at the server
	// when the walk fails — otherwise, on a loaded machine, the walk could
	// fail before any other page was sent and there would be nothing in
	// flight to cancel.
	arrived := make(chan struct{})
	var once sync.Once
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			page, ok := listPage(r)
			switch {
			case !ok || page == 0:
				next.ServeHTTP(w, r)
			case page == fail:
				select {
				case <-arrived:
				case <-r.Context().Done():
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Retry-After", "60")
				w.WriteHeader(status)
				_, _ = fmt.Fprintf(w, `{"generalMessage":"page %d refused","details":"","requestUri":"%s"}`, page, r.URL.Path)
			default:
				once.Do(func() { close(arrived) })
				<-r.Context().Done() // the client cancelled it
				held.Add(1)
			}
		})
	}
}

// A page that fails fails the walk with its own error, and the pages still
// out are cancelled (their handlers return only when the client gives them
// up, so a walk that waited for them would never end).
func TestListWalkFailingPageCancelsTheOthers(t *testing.T) {
	var held atomic.Int64
	h, c := walkHarness(t, 10000, holdUntilCancelled(2, http.StatusInternalServerError, &held))
	h.sim.ResetRequests()
	before := goleak.IgnoreCurrent()
	opts := walkScope
	opts.Expect = 10000
	wctx := ctx(t)
	calls, pages, err := c.ListAllActiveCalls(wctx, opts)
	require.NoError(t, wctx.Err(), "the walk waited for its deadline instead of cancelling")
	require.Error(t, err)
	assert.Nil(t, calls)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusInternalServerError, apiErr.StatusCode)
	assert.Contains(t, apiErr.Reason(), "page 2 refused")
	assert.LessOrEqual(t, pages, 1+maxPagesInFlight)
	walkLeftNothing(t, before)
	require.Eventually(t, func() bool { return held.Load() > 0 }, 10*time.Second, time.Millisecond, "the server saw pages in flight cancelled")
}

// A 429 on one page pauses the shared budget, which holds the pages not yet
// sent until the walk gives them up: pages 1 and 3 are held at the server,
// page 2 answers 429, and no page after the four it could have out was ever
// sent.
func TestListWalk429PausesThePagesNotYetSent(t *testing.T) {
	var held atomic.Int64
	h, c := walkHarness(t, 10000, holdUntilCancelled(2, http.StatusTooManyRequests, &held))
	h.sim.ResetRequests()
	opts := walkScope
	opts.Expect = 10000
	wctx := ctx(t)
	_, pages, err := c.ListAllActiveCalls(wctx, opts)
	require.NoError(t, wctx.Err(), "the walk waited for its deadline instead of cancelling")
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, time.Minute, rl.RetryAfter)
	require.NotNil(t, rl.API)
	assert.Contains(t, rl.API.Reason(), "page 2 refused")
	assert.LessOrEqual(t, pages, 1+maxPagesInFlight, "page 0, then at most four out")
	for _, r := range h.sim.Requests() {
		page, _ := strconv.Atoi(r.Query.Get("page"))
		assert.LessOrEqual(t, page, maxPagesInFlight, "page %d was sent after the 429", page)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, c.Budget().Wait(gone, PriorityPoll), context.Canceled, "the budget is paused for Retry-After")
}

// Bodies are read into recycled buffers: the calls of one walk must not
// change when later walks reuse those buffers for other answers.
func TestListWalkCallsOutliveTheirBuffers(t *testing.T) {
	h, c := walkHarness(t, 1200)
	opts := walkScope
	opts.Expect = 1200
	first, _, err := c.ListAllActiveCalls(ctx(t), opts)
	require.NoError(t, err)
	kept, err := json.Marshal(first) // a copy of every byte, not of the strings' headers
	require.NoError(t, err)
	for _, call := range first[:600] {
		require.NoError(t, c.HangupCall(ctx(t), call.UII))
	}
	for range 3 {
		for range 300 {
			h.sim.AddCall(mainAccount, sim.CallSpec{CNAM: "OVERWRITTEN ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ"})
		}
		_, _, err := c.ListAllActiveCalls(ctx(t), opts)
		require.NoError(t, err)
	}
	now, err := json.Marshal(first)
	require.NoError(t, err)
	assert.JSONEq(t, string(kept), string(now))
}

// rewritePage is middleware sending the simulator another page than the
// one asked for.
func rewritePage(to func(page int) int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if page, ok := listPage(r); ok {
				q := r.URL.Query()
				q.Set("page", strconv.Itoa(to(page)))
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}
}

// progressLog records what a walk reported through ListOptions.Progress.
type progressLog struct {
	mu    sync.Mutex
	calls []ListProgress
}

func (l *progressLog) record(p ListProgress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, p)
}

func (l *progressLog) all() []ListProgress {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ListProgress(nil), l.calls...)
}

// ignored is how many reports said PagingIgnored.
func (l *progressLog) ignored() int {
	n := 0
	for _, p := range l.all() {
		if p.PagingIgnored {
			n++
		}
	}
	return n
}

// A server that ignores the page parameter answers page 0 again and again:
// the walk ends at the first page that adds no new call, with the calls it
// has and no error, says so once on its last progress report, and costs
// two requests, not a thousand.
func TestListWalkStopsWhenTheServerIgnoresThePage(t *testing.T) {
	h, c := walkHarness(t, 1200, rewritePage(func(int) int { return 0 }))
	first := h.sim.Calls(mainAccount)[:500]
	for _, expect := range []int{0, 1200} {
		var log progressLog
		opts := walkScope
		opts.Expect, opts.Progress = expect, log.record
		calls, pages, err := c.ListAllActiveCalls(ctx(t), opts)
		require.NoError(t, err, "expecting %d", expect)
		require.Len(t, calls, 500, "page 0's calls, once")
		for i := range first {
			assert.Equal(t, first[i].UII, calls[i].UII)
		}
		if expect == 0 {
			assert.Equal(t, 2, pages, "page 0, and page 1 adding nothing")
		} else {
			assert.LessOrEqual(t, pages, 1+maxPagesInFlight, "expecting %d", expect)
		}
		reports := log.all()
		require.NotEmpty(t, reports)
		assert.Equal(t, 1, log.ignored(), "reported once: %+v", reports)
		last := reports[len(reports)-1]
		assert.True(t, last.PagingIgnored, "on the last report: %+v", reports)
		assert.Equal(t, 500, last.Calls, "the calls kept")
	}
}

// A server cycling through a few pages repeats itself as surely as one
// stuck on page 0: the first page with nothing new ends the walk.
func TestListWalkStopsWhenPagesCycle(t *testing.T) {
	h, c := walkHarness(t, 23, rewritePage(func(page int) int {
		if page == 0 {
			return 0
		}
		return (page-1)%3 + 1 // pages 1, 2 and 3 of 0–4: always full
	}))
	var log progressLog
	calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 5, Progress: log.record})
	require.NoError(t, err)
	assert.Len(t, calls, 20, "pages 0–3: every call the server showed, once")
	assert.Equal(t, h.sim.Calls(mainAccount)[19].UII, calls[19].UII)
	assert.Equal(t, 6, pages, "page 4 repeats page 1 (left out: it could be a list that moved), page 5 repeats page 2, and the walk ends there")
	assert.Equal(t, 1, log.ignored())
}

// numberedPages answers each list page itself with the calls page(k)
// numbers (call i's uii is i, zero-padded to 30 digits).
func numberedPages(page func(k int) []int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			k, ok := listPage(r)
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			var b strings.Builder
			b.WriteByte('[')
			for i, call := range page(k) {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"uii":"%030d","callState":"ACTIVE"}`, call)
			}
			b.WriteByte(']')
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, b.String())
		})
	}
}

// shiftingList is a list of n calls, rows a page — except that from page
// `after`+1 on, `shift` calls have arrived at its front (each page is
// read after the one before it came back, as a walk that expects nothing
// reads them). It counts the pages asked for.
func shiftingList(n, rows, after, shift int, requests *atomic.Int64) func(http.Handler) http.Handler {
	return numberedPages(func(page int) []int {
		requests.Add(1)
		var list []int
		if page > after {
			for i := range shift {
				list = append(list, 1_000_000+i) // the calls that arrived
			}
		}
		for i := range n {
			list = append(list, i)
		}
		return list[min(page*rows, len(list)):min((page+1)*rows, len(list))]
	})
}

// A list that moves while it is read is a busy account, not a broken
// server: whatever number of calls, up to a whole page, arrives between
// two pages, the walk reads every call of the list once, to its end, and
// never says RingCX ignored paging. A whole page arriving makes one page
// the same as the one before; it is left out and costs one request.
func TestListWalkReadsAListThatShifts(t *testing.T) {
	const n, rows = 23, 5
	for _, after := range []int{1, 2} {
		for shift := 1; shift <= rows; shift++ {
			t.Run(fmt.Sprintf("after page %d, %d calls arrive", after, shift), func(t *testing.T) {
				var requests atomic.Int64
				_, c := walkHarness(t, 1, shiftingList(n, rows, after, shift, &requests))
				var log progressLog
				calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: rows, Progress: log.record})
				require.NoError(t, err)
				assert.Zero(t, log.ignored(), "%+v", log.all())
				seen := map[string]int{}
				for _, call := range calls {
					seen[call.UII]++
				}
				for i := range n {
					assert.Equal(t, 1, seen[fmt.Sprintf("%030d", i)], "call %d, once", i)
				}
				assert.Len(t, calls, n, "the calls that arrived after page 0 was read are for the next refresh")
				assert.Equal(t, int64(pages), requests.Load())
				assert.Equal(t, (n+shift)/rows+1, pages, "every page of the moved list, the first short one included")
			})
		}
	}
}

// endlessPages answers every page of the list full of calls never seen
// before: a list that never ends.
func endlessPages(rows int) func(http.Handler) http.Handler {
	return numberedPages(func(page int) []int {
		calls := make([]int, rows)
		for i := range calls {
			calls[i] = page*rows + i
		}
		return calls
	})
}

// A list that never ends (every page full of new calls) stops at
// maxPagesPerListing requests with a way out, expected or not.
func TestListWalkGivesUpOnEndlessPages(t *testing.T) {
	_, c := walkHarness(t, 23, endlessPages(5))
	for _, expect := range []int{0, 23} {
		calls, pages, err := c.ListAllActiveCalls(ctx(t), ListOptions{Product: ProductAccount, ProductID: mainAccount, MaxRows: 5, Expect: expect})
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("more than %d pages; narrow the scope", maxPagesPerListing))
		assert.Nil(t, calls)
		assert.Equal(t, maxPagesPerListing, pages, "expecting %d", expect)
	}
}

// Progress is reported after every answered page while the list's end is
// unknown, one report at a time, counting up; the page that ends the list
// is not (the list follows at once), nor a one-page list at all, and a
// list read in full says nothing of paging.
func TestListWalkReportsProgressPerPage(t *testing.T) {
	_, c := walkHarness(t, 2600)
	for _, expect := range []int{0, 2600} {
		var log progressLog
		opts := walkScope
		opts.Expect, opts.Progress = expect, log.record
		_, pages, err := c.ListAllActiveCalls(ctx(t), opts)
		require.NoError(t, err)
		require.Equal(t, 6, pages)
		reports := log.all()
		if expect == 0 {
			require.Len(t, reports, pages-1, "page by page: every full page before the short one")
		}
		require.NotEmpty(t, reports)
		for i, p := range reports {
			assert.Equal(t, i+1, p.Pages, "pages counted in order of the reports")
			assert.LessOrEqual(t, p.Calls, 500*p.Pages)
			assert.False(t, p.PagingIgnored)
		}
	}
	var log progressLog
	opts := walkScope
	opts.MaxRows, opts.Progress = 5000, log.record
	_, pages, err := c.ListAllActiveCalls(ctx(t), opts)
	require.NoError(t, err)
	require.Equal(t, 1, pages)
	assert.Empty(t, log.all(), "a one-page list has nothing to report")
}
