package console

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// Reference-list timing.
const (
	// ReferenceInterval is how often the service rereads the reference
	// lists (roster, queues, campaigns, system dispositions): they change
	// when an admin edits the account, not call by call.
	ReferenceInterval = 10 * time.Minute
	// gateDispositionsTTL is how long a queue's dispositions are reused
	// before they are read again.
	gateDispositionsTTL = 5 * time.Minute
)

// Reference answers the pickers (whom to dial for, which dispositions a
// call takes) from the account's reference lists and the agents' real-time
// rows. A service's Reference reads the lists its feeds keep fresh; a
// standalone one (NewReference, for the commands) reads each list once
// when first asked and keeps it for ReferenceInterval. It is safe for
// concurrent use and is the board's ui.Lookup.
type Reference struct {
	client *api.Client
	now    func() time.Time
	// agents is the service's agents feed; nil standalone.
	agents *poller.Feed[api.Agent]
	// calls is the service's poller's latest calls list; nil standalone.
	calls func() (poller.Snapshot, bool)

	roster     refList[api.RosterAgent]
	gateGroups refList[api.GateGroup]
	dialGroups refList[api.DialGroup]
	system     refList[string]

	mu       sync.Mutex
	gateDisp map[string]cachedDispositions // by group/gate id
}

type cachedDispositions struct {
	items []api.Disposition
	at    time.Time
}

var _ ui.Lookup = (*Reference)(nil)

// NewReference builds a standalone Reference on client.
func NewReference(client *api.Client) *Reference { return newReference(client, time.Now) }

func newReference(client *api.Client, now func() time.Time) *Reference {
	r := &Reference{client: client, now: now, gateDisp: map[string]cachedDispositions{}}
	r.roster = refList[api.RosterAgent]{name: "roster", ref: r, fetch: client.ListRoster, key: func(a api.RosterAgent) string { return a.AgentID }}
	r.gateGroups = refList[api.GateGroup]{name: "gate groups", ref: r, fetch: one(func(ctx context.Context) ([]api.GateGroup, error) {
		return client.GateGroups(ctx, api.PageOptions{})
	}), key: func(g api.GateGroup) string { return g.ID }}
	r.dialGroups = refList[api.DialGroup]{name: "dial groups", ref: r, fetch: one(func(ctx context.Context) ([]api.DialGroup, error) {
		return client.DialGroups(ctx, api.PageOptions{})
	}), key: func(g api.DialGroup) string { return g.ID }}
	r.system = refList[string]{name: "system dispositions", ref: r, fetch: one(client.SystemDispositions), key: func(s string) string { return s }}
	return r
}

// one adapts a single-request read to a feed's Fetch.
func one[T any](read func(context.Context) ([]T, error)) func(context.Context) ([]T, int, error) {
	return func(ctx context.Context) ([]T, int, error) {
		rows, err := read(ctx)
		return rows, 1, err
	}
}

// serve builds the lists' feeds on the service's planner and clock and
// returns their Run functions.
func (r *Reference) serve(opts []poller.Option) ([]func(context.Context) error, error) {
	var runs []func(context.Context) error
	for _, add := range []func([]poller.Option) (func(context.Context) error, error){
		r.roster.serve, r.gateGroups.serve, r.dialGroups.serve, r.system.serve,
	} {
		run, err := add(opts)
		if err != nil {
			return nil, err
		}
		runs = append(runs, run)
	}
	return runs, nil
}

// refList is one reference list: read by its feed in a service, else on
// demand and kept for ReferenceInterval.
type refList[T any] struct {
	name  string
	ref   *Reference
	fetch func(context.Context) ([]T, int, error)
	key   func(T) string
	feed  *poller.Feed[T]

	mu   sync.Mutex
	rows []T
	at   time.Time
}

func (l *refList[T]) serve(opts []poller.Option) (func(context.Context) error, error) {
	f, err := poller.NewFeed(poller.FeedConfig[T]{
		Name: l.name, Fetch: l.fetch, Key: l.key,
		OnScreen: ReferenceInterval, OffScreen: ReferenceInterval,
	}, opts...)
	if err != nil {
		return nil, err
	}
	l.feed = f
	return f.Run, nil
}

// get is the list: the feed's last good one, or its refusal (a feed RingCX
// refuses is not asked again); else — standalone, or the feed not answered
// yet — one read of its own. A person waiting is never made to wait for a
// feed's first answer, which queues behind the polls.
func (l *refList[T]) get(ctx context.Context) ([]T, error) {
	if l.feed != nil {
		if rows, ok := l.feed.Latest(); ok && rows.Known() {
			return rows.Rows, nil
		} else if ok && rows.Status.State == poller.StateFailed {
			return nil, rows.Status.Err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rows != nil && l.ref.now().Sub(l.at) < ReferenceInterval {
		return l.rows, nil
	}
	rows, _, err := l.fetch(api.WithPriority(ctx, api.PriorityAction))
	if err != nil {
		return nil, err
	}
	l.rows, l.at = rows, l.ref.now()
	return rows, nil
}

// known is the feed's last good list, without waiting or reading (nil
// before its first answer).
func (l *refList[T]) known() []T {
	if rows, ok := l.feed.Latest(); ok {
		return rows.Rows
	}
	return nil
}

// missed says the list lacked something a call names (a queue or campaign
// added since it was read): it is read again — by its feed as soon as the
// budget allows, or standalone at the next get — so the next picker finds it.
func (l *refList[T]) missed() {
	if l.feed != nil {
		l.feed.RefreshNow()
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rows = nil
}

// DialAgents is whom a new call may be placed for: the agents feed's
// rows (real-time merged with the roster) while they are current; else the
// roster merged with one realTimeData/agent read; when that read fails, the
// feed's older rows with an *OutdatedAgentsError saying their age, or —
// with no rows at all — the roster alone with ui.ErrAgentStatesUnknown
// wrapping why. A list hours old is never offered as "free agents first"
// without saying so, nor a roster as anyone's state.
func (r *Reference) DialAgents(ctx context.Context) ([]api.Agent, error) {
	old, known := r.latestAgents()
	if known && r.current(old) {
		return old.Rows, nil
	}
	roster, rosterErr := r.roster.get(ctx)
	live, err := r.liveAgents(ctx)
	switch {
	case err == nil:
		return api.MergeRoster(live, roster), nil
	case known:
		return old.Rows, r.outdated(old, err)
	case rosterErr != nil:
		return nil, err
	}
	agents := api.MergeRoster(nil, roster)
	for i := range agents {
		agents[i].LoggedOut = false // not known: the real-time read failed
	}
	return agents, fmt.Errorf("%w: %w", ui.ErrAgentStatesUnknown, err)
}

// OutdatedAgentsError is why a picker fell back to the agents feed's older
// rows: they are Age old (stale, or past twice their interval), and reading
// them again failed with Err. It matches ui.ErrAgentsOutdated and Err.
type OutdatedAgentsError struct {
	Age time.Duration
	Err error
}

func (e *OutdatedAgentsError) Error() string {
	return fmt.Sprintf("%v (%s old): %v", ui.ErrAgentsOutdated, e.Age.Round(time.Second), e.Err)
}

func (e *OutdatedAgentsError) Unwrap() []error { return []error{ui.ErrAgentsOutdated, e.Err} }

func (r *Reference) outdated(rows poller.Rows[api.Agent], err error) error {
	return &OutdatedAgentsError{Age: rows.Age(r.now()), Err: err}
}

// current reports whether the agents feed's rows may be offered as they
// are: from its latest attempt, and no older than twice its interval.
func (r *Reference) current(rows poller.Rows[api.Agent]) bool {
	return !rows.Stale() && rows.Age(r.now()) <= 2*rows.Status.Interval
}

// liveAgents is one realTimeData/agent read for a person waiting, unless
// the agents feed already knows RingCX refuses it.
func (r *Reference) liveAgents(ctx context.Context) ([]api.Agent, error) {
	if r.agents != nil {
		if rows, ok := r.agents.Latest(); ok && rows.Status.State == poller.StateFailed {
			return nil, rows.Status.Err
		}
	}
	return r.client.RealTimeAgents(api.WithPriority(ctx, api.PriorityAction))
}

// latestAgents is the agents feed's last good list, if any, current or not.
func (r *Reference) latestAgents() (poller.Rows[api.Agent], bool) {
	if r.agents == nil {
		return poller.Rows[api.Agent]{}, false
	}
	rows, ok := r.agents.Latest()
	return rows, ok && rows.Known()
}

// Dispositions is what a disposition for the call may be named: its
// queue's gate dispositions or its campaign's, usable and ranked — the
// valid names for dispositionCall on that call (supervisor-data.md, [spec]).
// The call's queue or campaign comes from the agent on it (realTimeData/
// agent's callUii); failing that, the queue the calls list names for it
// (listedGate). When both joins fail, Partial says why of the first
// (ui.ErrNoAgentOnCall, ui.ErrQueueNotListed, or RingCX's refusal) and the
// account's system dispositions are offered instead: all that is known of
// the account, though RingCX may refuse them for this call (they are
// dialer results; the simulator refuses them). They are not added to a
// known queue's list, which is complete: offering a name RingCX refuses
// would only turn a pick into a refusal. When the agent was found only in
// the agents feed's outdated rows, the queue's list comes with Partial an
// *OutdatedAgentsError. The error is set only when there is nothing at all
// to offer.
func (r *Reference) Dispositions(ctx context.Context, uii string) (ui.DispositionChoices, error) {
	var choices ui.DispositionChoices
	agent, found, err := r.agentOnCall(ctx, uii)
	if found {
		queue, from, qErr := r.callDispositions(ctx, agent)
		if qErr == nil {
			choices.Items, choices.From, choices.Partial = api.UsableDispositions(queue), from, err
			return choices, nil
		}
		err = qErr
	}
	if gate, ok := r.listedGate(ctx, uii); ok {
		if queue, qErr := r.gateDispositions(ctx, gate); qErr == nil {
			choices.Items, choices.From = api.UsableDispositions(queue), gate.Name
			return choices, nil
		}
	}
	choices.Partial = err
	system, sysErr := r.system.get(ctx)
	choices.Items = systemDispositions(system)
	if len(choices.Items) == 0 {
		return choices, cmp.Or(err, sysErr)
	}
	return choices, nil
}

// agentOnCall finds the agent on the call: in the agents feed's rows
// while they are current, else in one realTimeData/agent read. A feed that
// RingCX refuses answers with its refusal, without asking again. When the
// read fails and the feed's older rows have the call, that agent is found
// with an *OutdatedAgentsError saying their age.
func (r *Reference) agentOnCall(ctx context.Context, uii string) (api.Agent, bool, error) {
	old, known := r.latestAgents()
	if known && r.current(old) {
		if a, ok := api.AgentsByCall(old.Rows)[uii]; ok {
			return a, true, nil
		}
	}
	live, err := r.liveAgents(ctx)
	switch {
	case err == nil:
		if a, ok := api.AgentsByCall(live)[uii]; ok {
			return a, true, nil
		}
		return api.Agent{}, false, fmt.Errorf("call %s: %w", api.Clean(uii, 40), ui.ErrNoAgentOnCall)
	case known:
		a, ok := api.AgentsByCall(old.Rows)[uii]
		return a, ok, r.outdated(old, err)
	}
	return api.Agent{}, false, err
}

// listedGate is the queue of a call the service's latest calls list has,
// found by the name the list gives it (destinationName) among the gates:
// exactly that name, and only when one gate has it (api.GateNamed). It is
// the join when realTimeData/agent has no row for the call — refused
// (no reporting rights), not yet listing it, or nobody on it — while the
// board shows the call's queue. A standalone Reference has no calls list.
func (r *Reference) listedGate(ctx context.Context, uii string) (api.Gate, bool) {
	if r.calls == nil {
		return api.Gate{}, false
	}
	snap, ok := r.calls()
	if !ok {
		return api.Gate{}, false
	}
	i, found := callIndex(snap.Calls, uii)
	if !found || snap.Calls[i].DestinationName == "" {
		return api.Gate{}, false
	}
	groups, err := r.gateGroups.get(ctx)
	if err != nil {
		return api.Gate{}, false
	}
	return api.GateNamed(groups, snap.Calls[i].DestinationName)
}

// callDispositions are the dispositions of the agent's call's queue or
// campaign, with its name (raw; the ui cleans it).
func (r *Reference) callDispositions(ctx context.Context, a api.Agent) ([]api.Disposition, string, error) {
	switch {
	case a.GateID != "":
		groups, err := r.gateGroups.get(ctx)
		if err != nil {
			return nil, "", err
		}
		gate, ok := api.GatesByID(groups)[a.GateID]
		if !ok {
			r.gateGroups.missed()
			return nil, "", fmt.Errorf("queue %s: %w", api.Clean(a.GateID, 20), ui.ErrQueueNotListed)
		}
		ds, err := r.gateDispositions(ctx, gate)
		return ds, gate.Name, err
	case a.CampaignID != "":
		groups, err := r.dialGroups.get(ctx)
		if err != nil {
			return nil, "", err
		}
		c, ok := api.CampaignsByID(groups)[a.CampaignID]
		if !ok {
			r.dialGroups.missed()
			return nil, "", fmt.Errorf("campaign %s: %w", api.Clean(a.CampaignID, 20), ui.ErrQueueNotListed)
		}
		return c.Dispositions, c.Name, nil
	}
	return nil, "", fmt.Errorf("the agent's call names no queue or campaign: %w", ui.ErrQueueNotListed)
}

// gateDispositions reads a queue's dispositions, reusing them for
// gateDispositionsTTL.
func (r *Reference) gateDispositions(ctx context.Context, gate api.Gate) ([]api.Disposition, error) {
	key := gate.GroupID + "/" + gate.ID
	r.mu.Lock()
	c, ok := r.gateDisp[key]
	r.mu.Unlock()
	if ok && r.now().Sub(c.at) < gateDispositionsTTL {
		return c.items, nil
	}
	items, err := r.client.GateDispositions(api.WithPriority(ctx, api.PriorityAction), gate.GroupID, gate.ID)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.gateDisp[key] = cachedDispositions{items: items, at: r.now()}
	r.mu.Unlock()
	return items, nil
}

// systemDispositions is the system list as dispositions a picker offers.
func systemDispositions(names []string) []api.Disposition {
	sys := make([]api.Disposition, len(names))
	for i, name := range names {
		sys[i] = api.Disposition{Name: name}
	}
	return api.UsableDispositions(sys)
}
