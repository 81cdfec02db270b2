package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
)

// queuesCommand prints the inbound queues once, as the board's queues
// view lists them (realTimeData/inbound).
func (a *app) queuesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queues",
		Short: "Print the inbound queues and today's figures once (a table, JSON or CSV)",
		Long: `Prints the account's inbound queues once: open or closed, callers waiting and the longest wait, calls talking and ringing, agents staffed and available, and today's offered, answered and abandoned calls, service level and average wait.

It needs RingCX reporting rights (realTimeData/inbound); without them it says so and exits 1, while calls and actions keep working.

--json writes one array of objects with these fields: ` + queuesHelpFields + `. --csv has the same columns, in that order, with a header row (null is an empty cell).`,
		Example: `
callboard queues
callboard queues --json | jq '.[] | select(.nobodyAvailable) | .gateName'
callboard queues --csv > queues.csv`,
	}
	return a.listing(cmd, "one JSON array (fields under --help), durations in seconds", a.printQueues)
}

func (a *app) printQueues(ctx context.Context, format listFormat) error {
	queues, err := a.client.RealTimeQueues(api.WithPriority(ctx, api.PriorityAction)) // a person asked
	if err != nil {
		return a.reportingFailure("realTimeData/inbound", err)
	}
	// By group, then name (case folded), then id: a stable order to read and diff.
	slices.SortStableFunc(queues, func(x, y api.Queue) int {
		return cmp.Or(strings.Compare(strings.ToLower(cell(x.GroupName)), strings.ToLower(cell(y.GroupName))),
			strings.Compare(strings.ToLower(cell(x.Name)), strings.ToLower(cell(y.Name))), strings.Compare(x.GateID, y.GateID))
	})
	now := time.Now()
	switch format {
	case formatJSON:
		err = writeJSON(a.stdout, queuesJSON(queues, now))
	case formatCSV:
		err = writeQueuesCSV(a.stdout, queues, now)
	default:
		err = writeQueuesTable(a.stdout, queues, now)
	}
	if err != nil {
		return a.failf(exitFailed, "writing the queues: %v", err)
	}
	return nil
}

// jsonQueue is one queue for --json: realTimeData/inbound's fields under
// RingCX's names and types (ids and counters numbers, times in seconds as
// read), then the derived open, longestWaitSeconds, nobodyAvailable,
// serviceLevel and averageWaitSeconds, as the board computes them. Text and
// ids RingCX left empty are null, as is a derived value not known.
type jsonQueue struct {
	GateID              any      `json:"gateId"`
	GateGroupID         any      `json:"gateGroupId"`
	GateName            *string  `json:"gateName"`
	GroupName           *string  `json:"groupName"`
	Schedule            *string  `json:"schedule"`
	ScheduleOverride    *string  `json:"scheduleOverride"`
	State               *string  `json:"state"`
	LastUpdate          *string  `json:"lastUpdate"`
	Active              int      `json:"active"`
	InQueue             int      `json:"inQueue"`
	Routing             int      `json:"routing"`
	LongestInQueue      int64    `json:"longestInQueue"`
	Staffed             int      `json:"staffed"`
	Available           int      `json:"available"`
	Presented           int      `json:"presented"`
	Accepted            int      `json:"accepted"`
	Abandoned           int      `json:"abandoned"`
	Deflected           int      `json:"deflected"`
	ShortAbandon        int      `json:"shortAbandon"`
	SLAPass             int      `json:"slaPass"`
	SLAFail             int      `json:"slaFail"`
	ShortCall           int      `json:"shortCall"`
	LongCall            int      `json:"longCall"`
	SuccessDispositions int      `json:"successDispositions"`
	TotalQueueTime      int64    `json:"totalQueueTime"`
	TotalAnswerTime     int64    `json:"totalAnswerTime"`
	TotalTalkTime       int64    `json:"totalTalkTime"`
	TotalAbandonTime    int64    `json:"totalAbandonTime"`
	Open                *bool    `json:"open"`
	LongestWaitSeconds  int64    `json:"longestWaitSeconds"`
	NobodyAvailable     bool     `json:"nobodyAvailable"`
	ServiceLevel        *float64 `json:"serviceLevel"`
	AverageWaitSeconds  *int64   `json:"averageWaitSeconds"`
}

// queuesHelpFields lists --json's fields for the command's help, in order.
const queuesHelpFields = `gateId, gateGroupId, gateName, groupName, schedule, scheduleOverride, state, lastUpdate, active (talking), inQueue (waiting), routing (ringing), longestInQueue, staffed, available, presented, accepted, abandoned, deflected, shortAbandon, slaPass, slaFail, shortCall, longCall, successDispositions, totalQueueTime, totalAnswerTime, totalTalkTime, totalAbandonTime — RingCX's realTimeData/inbound fields, names and types as it sends them (times in seconds as read, lastUpdate in RFC 3339 UTC; today's counters from midnight) — then the derived open (true, false, or null when state says neither), longestWaitSeconds (the longest wait now, as the board counts it), nobodyAvailable (callers waiting, nobody available), serviceLevel (slaPass / (slaPass + slaFail), 0 to 1; null before any) and averageWaitSeconds (totalAnswerTime / accepted; null before any)`

func queuesJSON(queues []api.Queue, now time.Time) []jsonQueue {
	out := make([]jsonQueue, len(queues))
	for i, q := range queues {
		j := jsonQueue{
			GateID: apiID(q.GateID), GateGroupID: apiID(q.GateGroupID), GateName: nullable(q.Name), GroupName: nullable(q.GroupName),
			Schedule: nullable(q.Schedule), ScheduleOverride: nullable(q.ScheduleOverride), State: nullable(q.State),
			LastUpdate: stampOrNull(q.LastUpdate), Active: q.Active, InQueue: q.InQueue, Routing: q.Routing,
			LongestInQueue: wholeSeconds(q.LongestInQueue), Staffed: q.Staffed, Available: q.Available,
			Presented: q.Presented, Accepted: q.Accepted, Abandoned: q.Abandoned, Deflected: q.Deflected,
			ShortAbandon: q.ShortAbandon, SLAPass: q.SLAPass, SLAFail: q.SLAFail, ShortCall: q.ShortCall, LongCall: q.LongCall,
			SuccessDispositions: q.SuccessDispositions, TotalQueueTime: wholeSeconds(q.TotalQueueTime),
			TotalAnswerTime: wholeSeconds(q.TotalAnswerTime), TotalTalkTime: wholeSeconds(q.TotalTalkTime),
			TotalAbandonTime:   wholeSeconds(q.TotalAbandonTime),
			LongestWaitSeconds: wholeSeconds(q.LongestWait(now)), NobodyAvailable: q.NobodyAvailable(),
		}
		if open, known := q.Open(); known {
			j.Open = &open
		}
		if sl, ok := q.ServiceLevel(); ok {
			j.ServiceLevel = &sl
		}
		if avg, ok := q.AverageWait(); ok {
			j.AverageWaitSeconds = ptr(wholeSeconds(avg))
		}
		out[i] = j
	}
	return out
}

// queuesCSVHeader is --csv's header: the JSON field names, in their order.
var queuesCSVHeader = []string{"gateId", "gateGroupId", "gateName", "groupName", "schedule", "scheduleOverride", "state",
	"lastUpdate", "active", "inQueue", "routing", "longestInQueue", "staffed", "available", "presented", "accepted",
	"abandoned", "deflected", "shortAbandon", "slaPass", "slaFail", "shortCall", "longCall", "successDispositions",
	"totalQueueTime", "totalAnswerTime", "totalTalkTime", "totalAbandonTime", "open", "longestWaitSeconds",
	"nobodyAvailable", "serviceLevel", "averageWaitSeconds"}

func writeQueuesCSV(w io.Writer, queues []api.Queue, now time.Time) error {
	rows := make([][]string, 0, len(queues))
	n := fmt.Sprint
	for _, j := range queuesJSON(queues, now) {
		rows = append(rows, []string{csvID(j.GateID), csvID(j.GateGroupID), csvText(j.GateName), csvText(j.GroupName),
			csvText(j.Schedule), csvText(j.ScheduleOverride), csvText(j.State), csvText(j.LastUpdate),
			n(j.Active), n(j.InQueue), n(j.Routing), n(j.LongestInQueue), n(j.Staffed), n(j.Available), n(j.Presented),
			n(j.Accepted), n(j.Abandoned), n(j.Deflected), n(j.ShortAbandon), n(j.SLAPass), n(j.SLAFail), n(j.ShortCall),
			n(j.LongCall), n(j.SuccessDispositions), n(j.TotalQueueTime), n(j.TotalAnswerTime), n(j.TotalTalkTime),
			n(j.TotalAbandonTime), csvValue(j.Open), n(j.LongestWaitSeconds), n(j.NobodyAvailable), csvValue(j.ServiceLevel),
			csvValue(j.AverageWaitSeconds)})
	}
	return writeCSV(w, queuesCSVHeader, rows)
}

func writeQueuesTable(w io.Writer, queues []api.Queue, now time.Time) error {
	// The board's queues view's words (ui/queues.go), so a column means the same in both.
	rows := [][]string{{"QUEUE", "GROUP", "STATE", "WAITING", "LONGEST", "TALKING", "RINGING", "STAFFED", "FREE",
		"OFFERED", "ANSWERED", "ABANDONED", "SL TODAY", "AVG WAIT"}}
	for _, q := range queues {
		state := orDashText(cell(q.State))
		longest, sl, avg := "-", "-", "-"
		if d := q.LongestWait(now); d > 0 {
			longest = timefmt.Clock(d)
		}
		if s, ok := q.ServiceLevel(); ok {
			sl = fmt.Sprintf("%.0f%%", s*100)
		}
		if d, ok := q.AverageWait(); ok {
			avg = timefmt.Clock(d)
		}
		rows = append(rows, []string{orDashText(cell(q.Name)), orDashText(cell(q.GroupName)), state, fmt.Sprint(q.InQueue), longest,
			fmt.Sprint(q.Active), fmt.Sprint(q.Routing), fmt.Sprint(q.Staffed), fmt.Sprint(q.Available),
			fmt.Sprint(q.Presented), fmt.Sprint(q.Accepted), fmt.Sprint(q.Abandoned), sl, avg})
	}
	if err := printTable(w, rows); err != nil {
		return err
	}
	if len(queues) == 0 {
		_, err := fmt.Fprintln(w, "(no inbound queues)")
		return err
	}
	return nil
}
