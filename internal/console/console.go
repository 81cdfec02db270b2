// Package console is what a callboard process shares among everyone
// looking at one account: the signed-in client, the one poller, the audit
// log and the shared call state (team.Store). A Service is built once per
// process and account; NewBoard builds one board for one viewer, and
// Actions is the one path every viewer's actions take — role check, audit
// record under the viewer's name, shared state, RingCX.
//
// The local board (`callboard` with no command) is one viewer of a local
// service; `callboard serve` gives every SSH session a viewer of its own.
// Either way the account is polled once, every board sees what the others
// do, and the audit log names the person who acted, not the process.
package console

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/team"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// Options is what a Service is built from: everything that is the same
// for every viewer of the account.
type Options struct {
	// Client is signed in to the account to watch (Connect); its request
	// budget is shared by the polling and every viewer's actions.
	Client      *api.Client
	AccountName string
	// Demo marks the embedded simulator's account (the boards say so).
	Demo bool
	// Scope is what the service polls, for every viewer.
	Scope poller.Scope
	// Refresh is the polling interval; zero is the poller's default.
	Refresh time.Duration
	// PollBudget is how many requests a minute all polling together (calls,
	// agents, queues, reference lists) may use; zero is
	// poller.DefaultPollBudget. Either way it is never more than 5/6 of the
	// client's request budget, which keeps the rest for actions.
	PollBudget int
	// AuditLog records every action and every session that ends with its
	// call. The caller opens it and closes it after Wait.
	AuditLog *audit.Log
	// Calls waiting or talking longer than these are highlighted.
	WaitThreshold, TalkThreshold time.Duration
	// Region is where numbers written without a country code belong.
	Region string
	// ReadOnly refuses every action, whoever asks (read_only in the
	// config).
	ReadOnly bool
	// Source is the front end the service serves (audit.SourceBoard for
	// the local board, audit.SourceSSH for callboard serve), written on
	// what the service records itself: sessions that ended with their
	// calls. Empty means audit.SourceBoard.
	Source string
	// Thresholds are where the agents and queues views highlight and
	// alert (config [thresholds]); zero values take the ui's defaults.
	Thresholds ui.Thresholds
	// Log is the debug log; nil discards.
	Log *slog.Logger
	// Clock drives the polling's intervals (tests); nil is the real clock.
	Clock poller.Clock
}

// Service is one account watched for any number of viewers. It is safe for
// concurrent use.
type Service struct {
	opts   Options
	client *api.Client
	poller *poller.Poller
	// The agents and queues feeds, and the reference lists behind the
	// pickers, polled on the calls poller's planner (one budget).
	agents *poller.Feed[api.Agent]
	queues *poller.Feed[api.Queue]
	ref    *Reference
	runs   []func(context.Context) error // every feed's Run but the calls poller's
	store  *team.Store
	audit  *audit.Log
	log    *slog.Logger
	host   string
	// now is the clock the poller reads (Options.Clock): the boards read it
	// too, so a list's age is measured on the clock that stamped it.
	now func() time.Time

	// actionsCtx outlives every board: a board that closes (q, a dropped
	// SSH session) does not cancel an action already sent, whose outcome
	// still goes into the audit log. Close ends it.
	actionsCtx    context.Context
	cancelActions context.CancelFunc
	inflight      inflight
	running       atomic.Bool

	// Owned by Run's goroutine: the previous complete list, for a scope
	// narrower than the account (see reconcile).
	prev      []api.ActiveCall
	fetchedAt time.Time

	// name is the account's name once known: Options.AccountName, or what
	// learnName read later when Connect could not (see AccountName).
	name atomic.Pointer[string]
	// Owned by Run's goroutine: learnName's reads so far and when the
	// last began; nameBusy is set while one runs, nameWG waits for it.
	nameReads int
	nameAt    time.Time
	nameBusy  atomic.Bool
	nameWG    sync.WaitGroup
}

// New builds the service: the poller (not started: Run starts it) and the
// shared call state, restored from the audit log with every operator's
// sessions that an earlier run left open, so a restart — after q, a crash
// or a dropped connection — still shows who is on which call.
func New(opts Options) (*Service, error) {
	if opts.Client == nil {
		return nil, errors.New("console: no client")
	}
	if opts.AuditLog == nil {
		return nil, errors.New("console: no audit log: actions that cannot be recorded are not made")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Source == "" {
		opts.Source = audit.SourceBoard
	}
	popts := []poller.Option{poller.WithLogger(opts.Log)}
	if opts.Refresh > 0 {
		popts = append(popts, poller.WithInterval(opts.Refresh))
	}
	if opts.PollBudget > 0 {
		popts = append(popts, poller.WithPollBudget(opts.PollBudget))
	}
	now := time.Now
	if opts.Clock != nil {
		popts = append(popts, poller.WithClock(opts.Clock))
		now = opts.Clock.Now
	}
	p, err := poller.New(opts.Client, opts.Scope, popts...)
	if err != nil {
		return nil, err
	}
	s := &Service{
		opts: opts, client: opts.Client, poller: p, audit: opts.AuditLog, log: opts.Log, host: audit.Host(), now: now,
		ref:   newReference(opts.Client, now),
		store: team.NewStore(restoredSessions(opts.AuditLog.Path(), opts.Client.AccountID(), opts.Log)...),
	}
	if err := s.newFeeds(opts.Clock); err != nil {
		return nil, err
	}
	s.actionsCtx, s.cancelActions = context.WithCancel(context.Background())
	s.name.Store(&opts.AccountName)
	return s, nil
}

// restoredSessions are the sessions anyone started on account and has not
// ended, replayed from the audit log at path. Best effort: a log that
// cannot be read costs only what it would have told (ME marks, the phone
// to end a session with), so it is logged, not fatal.
func restoredSessions(path, account string, log *slog.Logger) []team.Session {
	found, err := audit.ReadSessions(path, account, audit.AllOperators, time.Now())
	if err != nil {
		log.Warn("could not replay sessions from the audit log", "err", err)
	}
	return found
}

// Client is the signed-in client the service acts through.
func (s *Service) Client() *api.Client { return s.client }

// Store is the shared call state every board reads.
func (s *Service) Store() *team.Store { return s.store }

// Poller is the one poller every board subscribes to.
func (s *Service) Poller() *poller.Poller { return s.poller }

// Viewers counts the boards open on the service.
func (s *Service) Viewers() int { return s.store.State().Viewers }

// Run polls the calls, the agents and queues feeds and the reference
// lists until ctx ends, then closes every board's subscriptions. On each
// new complete call list it ends the sessions whose call is gone and
// records each in the audit log, once, whoever started it — so the boards
// only read, and the next start's replay neither offers them nor announces
// their end again.
func (s *Service) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("console: Run called twice")
	}
	sub := s.poller.Subscribe()
	defer sub.Close()
	done := make(chan error, 2)
	go func() { done <- s.poller.Run(ctx) }()
	go func() { done <- s.runFeeds(ctx) }()
	for snap := range sub.C() { // closed when the poller stops
		s.reconcile(snap)
		s.learnName(ctx, snap)
	}
	s.nameWG.Wait()
	return errors.Join(<-done, <-done)
}

// AccountName is the account's name, "" while it is not known: given at
// start, or read later by the service when it could not be then.
func (s *Service) AccountName() string { return *s.name.Load() }

// Reading the account's name later (see learnName): at most nameReads
// reads, nameGap apart.
const (
	maxNameReads = 3
	nameGap      = time.Minute
)

// learnName reads the account's name when Connect could not (RingCX out
// of reach at start, RingCX's sign-in exchanges spent): once a list has
// been read (RingCX answers again, and the client is signed in), in the
// background, at most maxNameReads times nameGap apart — one request of
// the shared budget each, never a retry loop. Every board shows it from
// then on: without it the header said "account 12440011" all shift.
func (s *Service) learnName(ctx context.Context, snap poller.Snapshot) {
	if s.AccountName() != "" || snap.Status.State != poller.StateLive || s.nameReads >= maxNameReads {
		return
	}
	now := s.now()
	if s.nameReads > 0 && now.Sub(s.nameAt) < nameGap || !s.nameBusy.CompareAndSwap(false, true) {
		return
	}
	s.nameReads++
	s.nameAt = now
	s.nameWG.Add(1)
	go func() {
		defer s.nameWG.Done()
		defer s.nameBusy.Store(false)
		id := s.client.AccountID()
		accounts, err := s.client.Accounts(api.WithPriority(ctx, api.PriorityPoll))
		if err != nil {
			s.log.Info("could not read the account's name", "account", id, "err", api.Clean(err.Error(), 300))
			return
		}
		for _, acc := range accounts {
			if acc.AccountID == id && acc.AccountName != "" {
				name := acc.AccountName
				s.name.Store(&name)
				s.log.Info("read the account's name", "account", id)
				return
			}
		}
		s.log.Info("RingCX's account list does not name the account", "account", id)
	}()
}

// reconcile ends the sessions (and forgets the recording) of calls that a
// new list shows are over, and records the ended sessions. A list of the
// whole account shows it for every call not in it, sessions restored from
// an earlier run among them. A narrower scope cannot say that of a call it
// never listed, so there only calls that were in the previous list and
// have left it count as ended — as the board has always taken a call
// leaving its list.
func (s *Service) reconcile(snap poller.Snapshot) {
	if snap.FetchedAt.IsZero() || snap.FetchedAt.Equal(s.fetchedAt) {
		return // nothing fetched yet, or the same list with a new status
	}
	s.fetchedAt = snap.FetchedAt
	calls, prev := snap.Calls, s.prev
	s.prev = calls
	live := func(uii string) bool { return listed(calls, uii) }
	if !wholeAccount(snap.Scope) {
		live = func(uii string) bool { return listed(calls, uii) || !listed(prev, uii) }
	}
	for _, e := range s.store.Reconcile(live) {
		rec := audit.Recorder{Log: s.audit, Account: s.client.AccountID(), Operator: e.Operator, Host: s.host, Source: s.opts.Source}
		params := map[string]string{"session_type": string(e.Type), "phone": e.Phone}
		if err := rec.Observe(e.UII, audit.ActionSessionEnded, params, audit.ResultEnded); err != nil {
			s.log.Warn("a session that ended with its call could not be recorded in the audit log", "uii", e.UII, "operator", e.Operator, "err", err)
		}
	}
}

// listed reports whether calls (sorted by uii, as the poller publishes
// them) hold uii.
func listed(calls []api.ActiveCall, uii string) bool {
	_, found := callIndex(calls, uii)
	return found
}

// callIndex is where calls (sorted by uii) hold uii, if they do.
func callIndex(calls []api.ActiveCall, uii string) (int, bool) {
	return slices.BinarySearchFunc(calls, uii, func(c api.ActiveCall, uii string) int { return strings.Compare(c.UII, uii) })
}

// wholeAccount reports whether scope lists every call of the account.
func wholeAccount(scope poller.Scope) bool {
	return scope.Product == api.ProductAccount && scope.ExternalID == ""
}

// StopSending gives up at once every action not yet sent, and every one
// asked for from now on: the request budget is stopped, so each fails as
// not sent (api.NotSentStopping) and is recorded so — nothing happened —
// instead of waiting out a rate-limit pause while the process stops.
// Actions already sent are not touched. A process calls it when it stops
// (q, a signal, serve shutting down), before Wait: Wait then waits only
// for answers to what was sent.
func (s *Service) StopSending() { s.client.Budget().Stop() }

// Wait blocks until every action in flight has its outcome recorded, or
// ctx ends (it then says how). A process calls it before closing the
// audit log: an action sent just before q must not be left with "no
// outcome recorded" while RingCX carries it out.
func (s *Service) Wait(ctx context.Context) error { return s.inflight.wait(ctx) }

// closeGrace bounds Close's wait for the cancelled actions' outcomes: a
// cancelled request ends at once, and its record takes one write.
const closeGrace = 2 * time.Second

// Close cancels the actions still in flight — Wait has waited as long as
// it will — so their requests end, and waits (briefly) for their outcomes
// to be recorded: unknown, cancelled before an answer, or not sent. Boards
// still open can act no more. Call it before closing the audit log.
func (s *Service) Close() { s.Shutdown() }

// Closed is what Shutdown found of the actions it cancelled, so that what
// a process says on exit is what the audit log holds, not a guess made
// before the outcomes were written.
type Closed struct {
	// Results are the outcomes (audit results, e.g. "unknown: cancelled
	// before an answer") of the actions that ended after the cancel.
	Results []string
	// Unrecorded counts the actions still without an outcome when the
	// wait ran out: the audit log shows them without one.
	Unrecorded int
}

// Shutdown is Close, reporting what became of the actions it cancelled.
func (s *Service) Shutdown() Closed {
	s.inflight.close()
	s.cancelActions()
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	err := s.inflight.wait(ctx)
	c := s.inflight.closed()
	if err != nil {
		s.log.Warn("actions cancelled on close did not end in time; the audit log shows them without an outcome", "err", err, "unrecorded", c.Unrecorded)
	}
	return c
}

// inflight counts actions between their start and their outcome, and once
// closing, keeps the outcomes of those that end.
type inflight struct {
	mu      sync.Mutex
	n       int
	idle    chan struct{} // closed when n returns to zero
	closing bool          // Shutdown has cancelled the actions in flight
	results []string      // audit results of the actions ended since
}

// begin counts an action in flight; end is called with its error once its
// outcome is recorded.
func (f *inflight) begin() (end func(err error)) {
	f.mu.Lock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
	return func(err error) {
		f.mu.Lock()
		if f.closing {
			f.results = append(f.results, audit.Classify(err))
		}
		if f.n--; f.n == 0 {
			close(f.idle)
		}
		f.mu.Unlock()
	}
}

// close marks the start of shutting down: outcomes from now on are kept.
func (f *inflight) close() {
	f.mu.Lock()
	f.closing = true
	f.mu.Unlock()
}

// closed is what became of the actions since close: the outcomes of those
// that ended, and how many are still in flight.
func (f *inflight) closed() Closed {
	f.mu.Lock()
	defer f.mu.Unlock()
	return Closed{Results: slices.Clone(f.results), Unrecorded: f.n}
}

func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return nil
	}
	idle := f.idle
	f.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
