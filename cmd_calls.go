package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/timefmt"
)

// callsCommand prints the calls once: a table for people, JSON or CSV for
// scripts. Every text field from the API is cleaned of control characters
// before it reaches the output.
func (a *app) callsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calls",
		Short: "Print the active calls once (a table, JSON or CSV)",
		Long:  "Prints the active calls of the account (or the configured scope) once: an aligned table, or for scripts --json (the API's fields plus waitSeconds and talkSeconds) or --csv (with a header row).",
		Example: `
callboard calls
callboard calls --json | jq '.[] | select(.waitSeconds > 60)'
callboard calls --external-id crm-7731 --csv > calls.csv`,
	}
	return a.listing(cmd, "one JSON array: the API's fields plus waitSeconds and talkSeconds", a.printCalls)
}

// printCalls lists the calls of the scope and writes them in the format
// asked for.
func (a *app) printCalls(ctx context.Context, format listFormat) error {
	calls, partial, err := a.activeCalls(ctx)
	if err != nil {
		return a.failf(exitFailed, "%v", err)
	}
	now := time.Now()
	switch format {
	case formatJSON:
		err = writeCallsJSON(a.stdout, calls, now)
	case formatCSV:
		err = writeCallsCSV(a.stdout, calls, now)
	default:
		err = writeCallsTable(a.stdout, calls, now, a.cfg.Phones())
	}
	if err != nil {
		return a.failf(exitFailed, "writing the calls: %v", err)
	}
	if partial {
		// After the list, whatever its format: a script reading --json or
		// --csv must not take it for the whole list, so the status says it.
		return a.failf(exitPartial, "%s", pagingIgnored(len(calls)))
	}
	return nil
}

// activeCalls walks every page of the scope's active calls, ahead of any
// polling (a person asked). partial reports that RingCX ignored paging
// (api.ListProgress.PagingIgnored): the walk stopped with the first
// page's calls, and the list is not the whole account.
func (a *app) activeCalls(ctx context.Context) (calls []api.ActiveCall, partial bool, err error) {
	scope := a.scope()
	var ignored atomic.Bool // Progress runs on the walk's goroutines
	opts := api.ListOptions{Product: scope.Product, ProductID: scope.ProductID, ExternalID: scope.ExternalID,
		Progress: func(p api.ListProgress) {
			if p.PagingIgnored {
				ignored.Store(true)
			}
		}}
	calls, _, err = a.client.ListAllActiveCalls(api.WithPriority(ctx, api.PriorityAction), opts)
	return calls, ignored.Load(), err
}

// pagingIgnored says that a list of n calls is only what RingCX's first
// page held.
func pagingIgnored(n int) string {
	return fmt.Sprintf("RingCX ignored paging: these are only the first %d calls, not the whole list", n)
}

// callDurations are the call's wait and talk at now, computed by the
// domain type exactly as the board computes them.
func callDurations(c api.ActiveCall, now time.Time) (wait, talk time.Duration) {
	return c.Wait(now), c.Talk(now)
}

// jsonCall is the API's ActiveCallListResponse with two computed fields;
// empty values are null, as the API sends them.
type jsonCall struct {
	UII             *string `json:"uii"`
	AccountID       *string `json:"accountId"`
	ANI             *string `json:"ani"`
	DNIS            *string `json:"dnis"`
	DNISE164        *string `json:"dnisE164"`
	EnqueueTime     *string `json:"enqueueTime"`
	DequeueTime     *string `json:"dequeueTime"`
	CallState       *string `json:"callState"`
	Archive         bool    `json:"archive"`
	AgentFirstName  *string `json:"agentFirstName"`
	AgentLastName   *string `json:"agentLastName"`
	DestinationName *string `json:"destinationName"`
	ExternalID      *string `json:"externalId"`
	CNAM            *string `json:"cnam"`
	WaitSeconds     int64   `json:"waitSeconds"`
	TalkSeconds     int64   `json:"talkSeconds"`
}

func writeCallsJSON(w io.Writer, calls []api.ActiveCall, now time.Time) error {
	str, stamp := nullable, stampOrNull
	out := make([]jsonCall, len(calls))
	for i, c := range calls {
		wait, talk := callDurations(c, now)
		out[i] = jsonCall{
			UII: str(c.UII), AccountID: str(c.AccountID), ANI: str(c.ANI), DNIS: str(c.DNIS), DNISE164: str(c.DNISE164),
			EnqueueTime: stamp(c.EnqueueTime), DequeueTime: stamp(c.DequeueTime), CallState: str(c.CallState), Archive: c.Archive,
			AgentFirstName: str(c.AgentFirstName), AgentLastName: str(c.AgentLastName), DestinationName: str(c.DestinationName),
			ExternalID: str(c.ExternalID), CNAM: str(c.CNAM),
			WaitSeconds: int64(wait / time.Second), TalkSeconds: int64(talk / time.Second),
		}
	}
	return writeJSON(w, out)
}

var csvHeader = []string{"uii", "accountId", "callState", "ani", "cnam", "dnis", "dnisE164", "destinationName",
	"agentFirstName", "agentLastName", "externalId", "enqueueTime", "dequeueTime", "waitSeconds", "talkSeconds"}

func writeCallsCSV(w io.Writer, calls []api.ActiveCall, now time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, c := range calls {
		wait, talk := callDurations(c, now)
		if err := cw.Write([]string{
			textCell(c.UII), textCell(c.AccountID), textCell(c.CallState), textCell(c.ANI), textCell(c.CNAM), textCell(c.DNIS), textCell(c.DNISE164),
			textCell(c.DestinationName), textCell(c.AgentFirstName), textCell(c.AgentLastName), textCell(c.ExternalID),
			stamp(c.EnqueueTime), stamp(c.DequeueTime), fmt.Sprint(int64(wait / time.Second)), fmt.Sprint(int64(talk / time.Second)),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// nullable is s as field writes it, nil (null) when empty, as the API
// sends what it does not know.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	s = field(s)
	return &s
}

func writeCallsTable(w io.Writer, calls []api.ActiveCall, now time.Time, numbers api.PhoneParser) error {
	rows := [][]string{{"UII", "STATE", "WAIT", "TALK", "AGENT", "CALLER", "NUMBER", "DIALLED", "QUEUE"}}
	for _, c := range calls {
		wait, talk := callDurations(c, now)
		state := c.State()
		talkText := "-"
		if !c.Queued() {
			talkText = timefmt.Clock(talk)
		}
		rows = append(rows, []string{cell(c.UII), cell(state), timefmt.Clock(wait), talkText,
			orDashText(cell(strings.TrimSpace(c.AgentFirstName + " " + c.AgentLastName))), orDashText(cell(c.CNAM)),
			orDashText(cell(numbers.Format(c.ANI))), orDashText(cell(numbers.Format(cmp.Or(c.DNISE164, c.DNIS)))), orDashText(cell(c.DestinationName))})
	}
	if err := printTable(w, rows); err != nil {
		return err
	}
	if len(calls) == 0 {
		_, err := fmt.Fprintln(w, "(no active calls)")
		return err
	}
	return nil
}

// printTable aligns columns by display width (text/tabwriter counts runes,
// so a CJK or emoji name would push the columns after it out of line).
func printTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i < len(r)-1 {
				b.WriteString(padRight(c, widths[i]) + "  ")
			} else {
				b.WriteString(c)
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// padRight pads s with spaces to w terminal columns (display width, so a
// CJK or emoji name takes the columns it shows in).
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

func orDashText(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
