package audit

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/callboard/callboard/api"
)

// Print writes entries as the aligned table of `callboard audit`: local
// time to the second, operator, account, uii, the action with its key
// parameters, result, HTTP status and latency. Every value is cleaned for
// the terminal: the file is text anyone with access could have edited, and
// results quote the server.
func Print(w io.Writer, entries []Entry) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tOPERATOR\tACCOUNT\tUII\tACTION\tRESULT\tSTATUS\tLATENCY")
	for _, e := range entries {
		r := e.about()
		status, latency := "-", "-"
		if o := e.Outcome; o != nil {
			if o.HTTPStatus != 0 {
				status = strconv.Itoa(o.HTTPStatus)
			}
			if o.LatencyMS != 0 {
				latency = strconv.FormatInt(o.LatencyMS, 10) + "ms"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			e.Time().Local().Format("2006-01-02 15:04:05"),
			cell(r.Operator, 32), cell(r.Account, 20), cell(r.UII, 40),
			describe(r), cell(e.ResultText(), maxReason), status, latency)
	}
	return tw.Flush()
}

// describe is the action and the parameters that say what it did.
func describe(r Record) string {
	parts := []string{cell(r.Action, 40)}
	if r.Event == EventOutcome {
		return parts[0] // its intent is missing, and with it the parameters
	}
	p := func(k string) string { return cell(r.Params[k], 60) }
	switch r.Action {
	case ActionAddSession:
		parts = append(parts, p("session_type"), "to", p("destination"))
	case ActionHangupSession:
		parts = append(parts, p("phone"))
	case ActionHangupCall:
	case ActionToggleRecording:
		parts = append(parts, map[string]string{"true": "on", "false": "off"}[r.Params["record"]])
	case ActionDisposition:
		parts = append(parts, strconv.Quote(api.Clean(r.Params["disposition"], 60)))
		if at := r.Params["callback_at"]; at != "" {
			parts = append(parts, "callback at", p("callback_at"))
		} else if r.Params["callback"] == "true" {
			parts = append(parts, "callback")
		}
	case ActionManualCall:
		parts = append(parts, "agent", p("agent"), "to", p("destination"), "from", p("caller_id"))
	default:
		for _, k := range slices.Sorted(maps.Keys(r.Params)) {
			parts = append(parts, cell(k, 40)+"="+p(k))
		}
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " ")
}

// cell is one value made safe for a table cell: no escape sequences, no
// tabs or newlines to break the alignment, bounded, "-" when empty.
func cell(s string, max int) string {
	if s = api.Clean(s, max); s == "" {
		return "-"
	}
	return s
}
