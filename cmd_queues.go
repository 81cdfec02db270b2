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

--json writes one array of objects with these fields (durations in whole seconds; null where not known): gateId, gateGroupId, name, groupName, state, open, waiting, longestWaitSeconds, talking, ringing, staffed, available, nobodyAvailable, offered, answered, abandoned, slaPass, slaFail, serviceLevel (0 to 1), averageWaitSeconds. --csv has the same columns, in that order, with a header row.`,
		Example: `
callboard queues
callboard queues --json | jq '.[] | select(.nobodyAvailable) | .name'
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

// jsonQueue is one queue for --json; the field names are documented in
// the command's help and are kept stable for scripts.
type jsonQueue struct {
	GateID             *string  `json:"gateId"`
	GateGroupID        *string  `json:"gateGroupId"`
	Name               *string  `json:"name"`
	GroupName          *string  `json:"groupName"`
	State              *string  `json:"state"`
	Open               *bool    `json:"open"`
	Waiting            int      `json:"waiting"`
	LongestWaitSeconds int64    `json:"longestWaitSeconds"`
	Talking            int      `json:"talking"`
	Ringing            int      `json:"ringing"`
	Staffed            int      `json:"staffed"`
	Available          int      `json:"available"`
	NobodyAvailable    bool     `json:"nobodyAvailable"`
	Offered            int      `json:"offered"`
	Answered           int      `json:"answered"`
	Abandoned          int      `json:"abandoned"`
	SLAPass            int      `json:"slaPass"`
	SLAFail            int      `json:"slaFail"`
	ServiceLevel       *float64 `json:"serviceLevel"`
	AverageWaitSeconds *int64   `json:"averageWaitSeconds"`
}

func queuesJSON(queues []api.Queue, now time.Time) []jsonQueue {
	out := make([]jsonQueue, len(queues))
	for i, q := range queues {
		j := jsonQueue{
			GateID: nullable(q.GateID), GateGroupID: nullable(q.GateGroupID), Name: nullable(q.Name), GroupName: nullable(q.GroupName),
			State: nullable(q.State), Waiting: q.InQueue, LongestWaitSeconds: wholeSeconds(q.LongestWait(now)),
			Talking: q.Active, Ringing: q.Routing, Staffed: q.Staffed, Available: q.Available, NobodyAvailable: q.NobodyAvailable(),
			Offered: q.Presented, Answered: q.Accepted, Abandoned: q.Abandoned, SLAPass: q.SLAPass, SLAFail: q.SLAFail,
		}
		if open, known := q.Open(); known {
			j.Open = &open
		}
		if sl, ok := q.ServiceLevel(); ok {
			j.ServiceLevel = &sl
		}
		if avg, ok := q.AverageWait(); ok {
			s := wholeSeconds(avg)
			j.AverageWaitSeconds = &s
		}
		out[i] = j
	}
	return out
}

// queuesCSVHeader is --csv's header: the JSON field names, in their order.
var queuesCSVHeader = []string{"gateId", "gateGroupId", "name", "groupName", "state", "open", "waiting", "longestWaitSeconds",
	"talking", "ringing", "staffed", "available", "nobodyAvailable", "offered", "answered", "abandoned", "slaPass", "slaFail",
	"serviceLevel", "averageWaitSeconds"}

func writeQueuesCSV(w io.Writer, queues []api.Queue, now time.Time) error {
	rows := make([][]string, 0, len(queues))
	for _, j := range queuesJSON(queues, now) {
		rows = append(rows, []string{csvText(j.GateID), csvText(j.GateGroupID), csvText(j.Name), csvText(j.GroupName), csvText(j.State), csvValue(j.Open),
			fmt.Sprint(j.Waiting), fmt.Sprint(j.LongestWaitSeconds), fmt.Sprint(j.Talking), fmt.Sprint(j.Ringing),
			fmt.Sprint(j.Staffed), fmt.Sprint(j.Available), fmt.Sprint(j.NobodyAvailable), fmt.Sprint(j.Offered),
			fmt.Sprint(j.Answered), fmt.Sprint(j.Abandoned), fmt.Sprint(j.SLAPass), fmt.Sprint(j.SLAFail), csvValue(j.ServiceLevel), csvValue(j.AverageWaitSeconds)})
	}
	return writeCSV(w, queuesCSVHeader, rows)
}

func writeQueuesTable(w io.Writer, queues []api.Queue, now time.Time) error {
	rows := [][]string{{"QUEUE", "GROUP", "OPEN", "WAITING", "LONGEST", "TALKING", "RINGING", "STAFFED", "AVAILABLE",
		"OFFERED", "ANSWERED", "ABANDONED", "SL", "AVG WAIT"}}
	for _, q := range queues {
		open := orDashText(cell(q.State))
		if o, known := q.Open(); known {
			open = map[bool]string{true: "open", false: "closed"}[o]
		}
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
		rows = append(rows, []string{orDashText(cell(q.Name)), orDashText(cell(q.GroupName)), open, fmt.Sprint(q.InQueue), longest,
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
