package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/callboard/callboard/api"
)

// Print writes entries as the aligned table of `callboard audit`: local
// time to the second, operator, host, source (board, ssh or cli), the SSH
// key's fingerprint when any entry has one, account, uii, the action as the
// command names it with its key parameters, result, HTTP status and
// latency. Every value is cleaned for the terminal: the file is text anyone
// with access could have edited, and results quote the server.
func Print(w io.Writer, entries []Entry) error { return PrintStyled(w, entries, nil) }

// PrintStyled is Print with each row's result styled by style (given the
// entry's Standing and the result as the table shows it, padded), for a
// terminal: an outcome unknown must not read like one that failed, nor
// one never sent like one that ran. style nil is Print. Styling comes
// after alignment, so escape codes never count as width.
func PrintStyled(w io.Writer, entries []Entry, style func(Standing, string) string) error {
	if style == nil {
		return printTable(w, entries)
	}
	var b strings.Builder
	if err := printTable(&b, entries); err != nil {
		return err
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, e := range entries {
		line := lines[i+1] // after the header
		result := cell(e.ResultText(), maxReason)
		at := strings.LastIndex(line, result) // only status and latency follow
		end := at + len(result)
		for end < len(line) && line[end] == ' ' {
			end++
		}
		lines[i+1] = line[:at] + style(e.Standing(), line[at:end]) + line[end:]
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// Standing is how an action stands, as its outcome says: what a reader of
// the audit most needs to tell apart.
type Standing string

// The standings.
const (
	StandingOK Standing = "ok"
	// StandingFailed: RingCX (or the service) refused it, or it failed.
	StandingFailed Standing = "failed"
	// StandingUnknown: it was sent and may have happened — no answer in
	// time, the answer lost, cancelled after sending, or no outcome
	// recorded. Check the call.
	StandingUnknown Standing = "unknown"
	// StandingNotSent: it was never sent; nothing happened.
	StandingNotSent Standing = "not sent"
	// StandingObserved: seen, not done (a session that ended with its call).
	StandingObserved Standing = "observed"
)

// Standing is how e stands.
func (e Entry) Standing() Standing {
	switch result := e.ResultText(); {
	case e.About().Event == EventObserved:
		return StandingObserved
	case e.Outcome == nil || Unknown(result):
		return StandingUnknown
	case NotSent(result):
		return StandingNotSent
	case result == ResultOK:
		return StandingOK
	}
	return StandingFailed
}

// jsonEntry is one action as WriteJSON writes it.
type jsonEntry struct {
	Time     time.Time         `json:"time"`
	Event    string            `json:"event"`
	Operator string            `json:"operator"`
	Host     string            `json:"host"`
	Source   string            `json:"source"`
	Key      string            `json:"key,omitempty"`
	Account  string            `json:"account"`
	UII      string            `json:"uii,omitempty"`
	Action   string            `json:"action"`
	Params   map[string]string `json:"params,omitempty"`
	// Result is the outcome's result exactly as recorded (Classify's
	// texts), or NoOutcome; Standing says how it stands.
	Result     string   `json:"result"`
	Standing   Standing `json:"standing"`
	HTTPStatus int      `json:"http_status,omitempty"`
	RequestID  string   `json:"request_id,omitempty"`
	LatencyMS  int64    `json:"latency_ms,omitempty"`
}

// WriteJSON writes entries as JSON Lines, one action a line: the intent's
// fields, the outcome's result exactly as recorded, its standing, status,
// request id and latency. Strings are kept exactly — a script compares
// results with Classify's texts — but the C1 controls and bidi controls
// JSON would leave raw are written as \u escapes, as JSON escapes C0: the
// output is safe on a terminal and decodes to the same strings.
func WriteJSON(w io.Writer, entries []Entry) error {
	for _, e := range entries {
		r := e.About()
		j := jsonEntry{
			Time: e.Time(), Event: r.Event, Operator: r.Operator, Host: r.Host, Source: r.Source, Key: r.Key,
			Account: r.Account, UII: r.UII, Action: r.Action, Params: r.Params, Result: e.ResultText(), Standing: e.Standing(),
		}
		if o := e.Outcome; o != nil {
			j.HTTPStatus, j.RequestID, j.LatencyMS = o.HTTPStatus, o.RequestID, o.LatencyMS
		}
		b, err := json.Marshal(j)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, escapeInvisible(string(b))+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// escapeInvisible writes the C1 controls, DEL and the bidi controls of
// JSON text as \u escapes. Outside strings JSON is ASCII, so every one is
// inside a string, where the escape means the same character.
func escapeInvisible(s string) string {
	invisible := func(r rune) bool { return (r >= 0x7f && r <= 0x9f) || unicode.Is(unicode.Bidi_Control, r) }
	if !strings.ContainsFunc(s, invisible) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if invisible(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func printTable(w io.Writer, entries []Entry) error {
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
