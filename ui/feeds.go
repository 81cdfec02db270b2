package ui

import (
	"context"
	"errors"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
)

// ViewID names one of the board's views, switched by 1 2 3 and tab.
type ViewID int

// The views, in tab order.
const (
	ViewCalls ViewID = iota
	ViewAgents
	ViewQueues
	numViews
)

// AgentsSub and QueuesSub are a board's subscriptions to the service's
// agents and queues feeds.
type (
	AgentsSub = poller.Sub[poller.Rows[api.Agent]]
	QueuesSub = poller.Sub[poller.Rows[api.Queue]]
)

// FeedControl is what a board tells the service about the feeds it shows:
// which view is on screen (that feed is polled at the on-screen interval,
// the others more slowly), and when the person asks for a refresh (R). The
// service keeps one per board.
type FeedControl interface {
	// Showing says view is now on this board's screen.
	Showing(view ViewID)
	// RefreshNow asks the feed behind view for a fetch as soon as the
	// budget allows.
	RefreshNow(view ViewID)
}

// Lookup answers the pickers' questions from the service's reference lists
// (roster, queues, campaigns, dispositions). It is called from commands,
// never from Update or View: an answer may need a request.
type Lookup interface {
	// DialAgents is whom a new call may be placed for: the roster merged
	// with the agents' real-time states (api.MergeRoster). The error says
	// why the list is unavailable; the form then takes typed text — except
	// ErrAgentStatesUnknown, which comes with the roster's agents: they
	// are offered, with no claim about their states.
	DialAgents(ctx context.Context) ([]api.Agent, error)
	// Dispositions is what a disposition for the call may be named.
	Dispositions(ctx context.Context, uii string) (DispositionChoices, error)
}

// DispositionChoices is the disposition picker's list for one call: the
// names valid for its queue (gate dispositions) or campaign; when those
// are not known, the account's system dispositions, with Partial saying
// why.
type DispositionChoices struct {
	// Items are usable dispositions (api.UsableDispositions) by rank;
	// RequireNote marks those needing a note.
	Items []api.Disposition
	// From says where Items came from, for the form's line: the queue's or
	// campaign's name as RingCX wrote it (untrusted), or "" when only the
	// system dispositions are known.
	From string
	// Partial is why the list may be incomplete (the call's queue is not
	// known, its list was refused), worded by the ui; nil when complete.
	Partial error
}

// Why a picker's list is incomplete or missing (DispositionChoices.Partial,
// Lookup errors): the service returns these, wrapped, and the forms word
// them. A refusal from RingCX comes as the api error itself (errors.Is
// api.ErrForbidden and the like).
var (
	// ErrNoAgentOnCall: realTimeData/agent has no agent with the call's
	// uii, so its queue or campaign — and their dispositions — are unknown.
	ErrNoAgentOnCall = errors.New("no agent is known on this call")
	// ErrQueueNotListed: the call's queue (gate) or campaign is not in the
	// account's lists.
	ErrQueueNotListed = errors.New("the call's queue or campaign is not in the account's lists")
	// ErrAgentsOutdated: the agents list offered is older than its feed's pace and could not be read again.
	ErrAgentsOutdated = errors.New("the agents list is out of date")
	// ErrAgentStatesUnknown: the agents offered are the roster alone —
	// their real-time states could not be read (the wrapped error says
	// why) — so nobody is known to be free, busy or logged in.
	ErrAgentStatesUnknown = errors.New("agent states unknown")
	// ErrNoLookup: the board has no service to ask (a board without one).
	ErrNoLookup = errors.New("no lists to offer")
)

// Thresholds are the limits past which the agents and queues views
// highlight a row and the board raises an alert (config [thresholds]).
// Zero values take the defaults below.
type Thresholds struct {
	// WrapUp: an agent in wrap-up, or with a disposition pending, longer
	// than this.
	WrapUp time.Duration
	// Away: an agent in an away (aux) state longer than this.
	Away time.Duration
	// QueueWait: a queue's longest wait over this.
	QueueWait time.Duration
	// ServiceLevel: a queue whose service level today is under this share
	// (0–1).
	ServiceLevel float64
	// Bell rings the terminal bell with each alert (off by default).
	Bell bool
}

// Defaults for unset thresholds.
const (
	DefaultWrapUpThreshold       = 2 * time.Minute
	DefaultAwayThreshold         = 15 * time.Minute
	DefaultQueueWaitThreshold    = 60 * time.Second
	DefaultServiceLevelThreshold = 0.8
)

// withDefaults fills the unset thresholds.
func (t Thresholds) withDefaults() Thresholds {
	if t.WrapUp <= 0 {
		t.WrapUp = DefaultWrapUpThreshold
	}
	if t.Away <= 0 {
		t.Away = DefaultAwayThreshold
	}
	if t.QueueWait <= 0 {
		t.QueueWait = DefaultQueueWaitThreshold
	}
	if t.ServiceLevel <= 0 {
		t.ServiceLevel = DefaultServiceLevelThreshold
	}
	return t
}
