package api

import (
	"context"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Queue is one row of GET …/realTimeData/inbound: one inbound queue (a
// "gate" in RingCX's words). Like realTimeData/agent, the endpoint is in the
// developer guide, not the published spec: every field may be missing, null
// or a string-typed number and decodes to its zero value. Text fields are
// untrusted, to be cleaned before display.
type Queue struct {
	GateID           string
	GateGroupID      string
	Name             string // gateName
	GroupName        string
	Schedule         string
	ScheduleOverride string
	// State is open / closed / override as RingCX writes it; see Open.
	State      string
	LastUpdate time.Time

	// Live.
	Active         int // talking
	InQueue        int // waiting
	Routing        int // ringing an agent
	LongestInQueue time.Duration
	Staffed        int
	Available      int

	// Today (reset at midnight in the account's time zone).
	Presented           int
	Accepted            int
	Abandoned           int
	Deflected           int
	ShortAbandon        int
	SLAPass             int
	SLAFail             int
	ShortCall           int
	LongCall            int
	SuccessDispositions int
	TotalQueueTime      time.Duration
	TotalAnswerTime     time.Duration
	TotalTalkTime       time.Duration
	TotalAbandonTime    time.Duration

	// AsOf is when the client read the answer; zero for rows decoded
	// without a client (DecodeQueues).
	AsOf time.Time

	// inQueueSent records whether inQueue was in the answer at all, so a
	// queue reported empty stops its longest wait, and one whose count is
	// missing does not.
	inQueueSent bool
}

// ServiceLevel is today's share of calls answered within the queue's
// target, slaPass / (slaPass + slaFail), from 0 to 1; false when there is
// nothing to measure yet. The definition is the usual one, not RingCX's
// documented one (there is none): supervisor-data.md marks it [guess].
func (q Queue) ServiceLevel() (float64, bool) {
	total := q.SLAPass + q.SLAFail
	if q.SLAPass < 0 || q.SLAFail < 0 || total <= 0 {
		return 0, false
	}
	return float64(q.SLAPass) / float64(total), true
}

// AverageWait is today's average time to answer, totalAnswerTime /
// accepted; false before the first answered call.
func (q Queue) AverageWait() (time.Duration, bool) {
	if q.Accepted <= 0 || q.TotalAnswerTime < 0 {
		return 0, false
	}
	return q.TotalAnswerTime / time.Duration(q.Accepted), true
}

// LongestWait is how long the longest-waiting caller has waited at now:
// longestInQueue as read plus the time since (it ticks between polls).
// Zero when nobody waits: RingCX reported inQueue 0, or no longest wait.
func (q Queue) LongestWait(now time.Time) time.Duration {
	if q.LongestInQueue <= 0 || (q.inQueueSent && q.InQueue <= 0) {
		return 0
	}
	d := q.LongestInQueue
	if !q.AsOf.IsZero() && now.After(q.AsOf) {
		d += now.Sub(q.AsOf)
	}
	return d
}

// NobodyAvailable reports callers waiting with no agent available to take
// them, the first thing a supervisor must see.
func (q Queue) NobodyAvailable() bool { return q.InQueue > 0 && q.Available <= 0 }

// Open reports whether the queue is open, from its State text (any case):
// open → (true, true), closed → (false, true); anything else (override,
// empty, an unknown word) is not known.
func (q Queue) Open() (open, known bool) {
	switch strings.ToLower(strings.TrimSpace(q.State)) {
	case "open", "opened":
		return true, true
	case "closed", "close":
		return false, true
	}
	return false, false
}

type wireQueue struct {
	GateID              flexString  `json:"gateId"`
	GateGroupID         flexLabel   `json:"gateGroupId"`
	GateName            flexString  `json:"gateName"`
	GroupName           flexLabel   `json:"groupName"`
	Schedule            flexLabel   `json:"schedule"`
	ScheduleOverride    flexLabel   `json:"scheduleOverride"`
	State               flexLabel   `json:"state"`
	LastUpdate          lenientTime `json:"lastUpdate"`
	Active              flexInt     `json:"active"`
	InQueue             *flexInt    `json:"inQueue"`
	Routing             flexInt     `json:"routing"`
	LongestInQueue      flexSeconds `json:"longestInQueue"`
	Staffed             flexInt     `json:"staffed"`
	Available           flexInt     `json:"available"`
	Presented           flexInt     `json:"presented"`
	Accepted            flexInt     `json:"accepted"`
	Abandoned           flexInt     `json:"abandoned"`
	Deflected           flexInt     `json:"deflected"`
	ShortAbandon        flexInt     `json:"shortAbandon"`
	SLAPass             flexInt     `json:"slaPass"`
	SLAFail             flexInt     `json:"slaFail"`
	ShortCall           flexInt     `json:"shortCall"`
	LongCall            flexInt     `json:"longCall"`
	SuccessDispositions flexInt     `json:"successDispositions"`
	TotalQueueTime      flexSeconds `json:"totalQueueTime"`
	TotalAnswerTime     flexSeconds `json:"totalAnswerTime"`
	TotalTalkTime       flexSeconds `json:"totalTalkTime"`
	TotalAbandonTime    flexSeconds `json:"totalAbandonTime"`
}

var queueWires wirePool[wireQueue]

// UnmarshalJSON decodes the wire shape leniently (see wireQueue), as
// encoding/json reads it.
func (q *Queue) UnmarshalJSON(b []byte) error { return unmarshalWire(b, q, (*wireQueue).queue) }

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (q *Queue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, q, &queueWires, (*wireQueue).queue)
}

// queue is the row the wire shape describes.
func (w *wireQueue) queue() Queue {
	q := Queue{
		GateID:              strings.TrimSpace(string(w.GateID)),
		GateGroupID:         strings.TrimSpace(string(w.GateGroupID)),
		Name:                string(w.GateName),
		GroupName:           string(w.GroupName),
		Schedule:            string(w.Schedule),
		ScheduleOverride:    string(w.ScheduleOverride),
		State:               string(w.State),
		LastUpdate:          time.Time(w.LastUpdate),
		Active:              int(w.Active),
		Routing:             int(w.Routing),
		LongestInQueue:      time.Duration(w.LongestInQueue),
		Staffed:             int(w.Staffed),
		Available:           int(w.Available),
		Presented:           int(w.Presented),
		Accepted:            int(w.Accepted),
		Abandoned:           int(w.Abandoned),
		Deflected:           int(w.Deflected),
		ShortAbandon:        int(w.ShortAbandon),
		SLAPass:             int(w.SLAPass),
		SLAFail:             int(w.SLAFail),
		ShortCall:           int(w.ShortCall),
		LongCall:            int(w.LongCall),
		SuccessDispositions: int(w.SuccessDispositions),
		TotalQueueTime:      time.Duration(w.TotalQueueTime),
		TotalAnswerTime:     time.Duration(w.TotalAnswerTime),
		TotalTalkTime:       time.Duration(w.TotalTalkTime),
		TotalAbandonTime:    time.Duration(w.TotalAbandonTime),
	}
	if w.InQueue != nil {
		q.InQueue, q.inQueueSent = int(*w.InQueue), true
	}
	return q
}

// DecodeQueues decodes a realTimeData/inbound answer body.
func DecodeQueues(body []byte) ([]Queue, error) { return decodeList[Queue](body) }

// RealTimeQueues reads GET …/realTimeData/inbound: every inbound queue of
// the account with today's counters, stamped with the time it was read.
// Without reporting rights: errors.Is(err, ErrForbidden).
func (c *Client) RealTimeQueues(ctx context.Context) ([]Queue, error) {
	queues, err := getList[Queue](ctx, c, "real-time queues", nil, "realTimeData", "inbound")
	if err != nil {
		return nil, err
	}
	now := c.t.now()
	for i := range queues {
		queues[i].AsOf = now
	}
	return queues, nil
}
