package audit

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callboard/callboard/api"
)

// Print writes entries as the aligned table of `callboard audit`: local
// time to the second, operator, host, source (board, ssh or cli), the SSH
// key's fingerprint when any entry has one, account, uii, the action as the
// command names it with its key parameters, result, HTTP status and
// latency. Every value is cleaned for the terminal: the file is text anyone
// with access could have edited, and results quote the server.
func Print(w io.Writer, entries []Entry) error {
	// The key column only where there are keys: a log of one person's
	// board and commands has none, and the table is wide already.
	keyed := slices.ContainsFunc(entries, func(e Entry) bool { return e.About().Key != "" })
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	key := func(k string) string {
		if !keyed {
			return ""
		}
		return cell(k, 60) + "\t"
	}
	fmt.Fprintln(tw, "TIME\tOPERATOR\tHOST\tSOURCE\t"+map[bool]string{true: "KEY\t"}[keyed]+"ACCOUNT\tUII\tACTION\tRESULT\tSTATUS\tLATENCY")
	for _, e := range entries {
		r := e.About()
		status, latency := "-", "-"
		if o := e.Outcome; o != nil {
			if o.HTTPStatus != 0 {
				status = strconv.Itoa(o.HTTPStatus)
			}
			if o.LatencyMS != 0 {
				latency = strconv.FormatInt(o.LatencyMS, 10) + "ms"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t%s\n",
			e.Time().Local().Format("2006-01-02 15:04:05"),
			cell(r.Operator, 32), cell(r.Host, 40), cell(r.Source, 12), key(r.Key), cell(r.Account, 20), cell(r.UII, 40),
			cell(Describe(r), 200), cell(e.ResultText(), maxReason), status, latency)
	}
	return tw.Flush()
}

// commandNames are the actions as the commands (and the board's help)
// name them, for an action whose parameters are unknown: an outcome whose
// intent line was lost.
var commandNames = map[string]string{
	ActionAddSession: "add session", ActionHangupSession: "end-session", ActionHangupCall: "hangup",
	ActionToggleRecording: "record", ActionDisposition: "disposition", ActionManualCall: "dial",
	ActionSessionEnded: "session ended",
}

// sessionCommands name the supervision modes as the commands do.
var sessionCommands = map[string]string{
	string(api.SessionMonitor): "monitor", string(api.SessionCoaching): "coach", string(api.SessionBargeIn): "barge",
}

// Describe names an audited action the way a person asked for it — the
// command's name (monitor, end-session, record off, disposition "X",
// dial…) and the parameters that say what it did — so `callboard audit`
// and the board's details pane read alike. The text is cleaned of control
// characters: the log is a file anyone with access could have edited.
func Describe(r Record) string {
	name, known := commandNames[r.Action]
	if !known {
		name = r.Action // written by a newer callboard
	}
	if r.Event == EventOutcome {
		return api.Clean(name, 40) // its intent is missing, and with it the parameters
	}
	p := func(k string) string { return api.Clean(r.Params[k], 60) }
	var parts []string
	switch r.Action {
	case ActionAddSession:
		mode, ok := sessionCommands[r.Params["session_type"]]
		if !ok {
			mode = name + " " + p("session_type")
		}
		parts = []string{mode, "to", p("destination")}
	case ActionHangupSession:
		parts = []string{name, p("phone")}
	case ActionHangupCall:
		parts = []string{name}
	case ActionToggleRecording:
		parts = []string{name, map[string]string{"true": "on", "false": "off"}[r.Params["record"]]}
	case ActionDisposition:
		parts = []string{name, strconv.Quote(p("disposition"))}
		if at := r.Params["callback_at"]; at != "" {
			parts = append(parts, "callback at", callbackText(at))
		} else if r.Params["callback"] == "true" {
			parts = append(parts, "callback")
		}
	case ActionManualCall:
		parts = []string{name, "agent", p("agent"), "to", p("destination"), "from", p("caller_id")}
	case ActionSessionEnded:
		parts = []string{name + ":", sessionCommands[r.Params["session_type"]], "from", p("phone")}
	default:
		parts = []string{api.Clean(name, 40)}
		for _, k := range slices.Sorted(maps.Keys(r.Params)) {
			parts = append(parts, api.Clean(k, 40)+"="+p(k))
		}
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " ")
}

// callbackText shows a callBackDTS (yyyyMMddHHmmss) as people write it
// (2026-11-26 14:30); anything else is shown as it was recorded.
func callbackText(dts string) string {
	t, err := time.Parse(api.CallbackLayout, dts)
	switch {
	case err != nil:
		return api.Clean(dts, 60)
	case t.Second() != 0:
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// cell is one value made safe for a table cell: no escape sequences, no
// tabs or newlines to break the alignment, bounded, "-" when empty.
func cell(s string, max int) string {
	if s = api.Clean(s, max); s == "" {
		return "-"
	}
	return s
}
