package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/api"
)

// listFormat is how a one-shot listing is written: a table for people,
// JSON or CSV for scripts.
type listFormat int

const (
	formatTable listFormat = iota
	formatJSON
	formatCSV
)

// listing completes a one-shot listing command (calls, agents, queues):
// --json and --csv (jsonUsage says what the JSON holds), no arguments,
// then the configuration, the sign-in, and print in the format asked for.
func (a *app) listing(cmd *cobra.Command, jsonUsage string, print func(ctx context.Context, f listFormat) error) *cobra.Command {
	asJSON := cmd.Flags().Bool("json", false, jsonUsage)
	asCSV := cmd.Flags().Bool("csv", false, "values separated by commas (CSV), with a header row")
	cmd.GroupID, cmd.Args = groupLook, takesArgs(0)
	cmd.Long += "\n\n" + serverTextHelp
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f := formatTable
		switch {
		case *asJSON && *asCSV:
			return usageErrorf(cmd, "choose one of --json and --csv")
		case *asJSON:
			f = formatJSON
		case *asCSV:
			f = formatCSV
		}
		if err := a.load(cmd); err != nil {
			return err
		}
		if err := a.connect(cmd.Context(), nil); err != nil {
			return err
		}
		return print(cmd.Context(), f)
	}
	return cmd
}

// reportingFailure words a failed real-time read (what names the feed:
// "realTimeData/agent"): a 403 is the user's missing reporting rights,
// which the calls and the actions do not need.
func (a *app) reportingFailure(what string, err error) error {
	if errors.Is(err, api.ErrForbidden) {
		code := "403"
		var apiErr *api.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode != "" {
			code += " " + api.Clean(apiErr.ErrorCode, 60)
		}
		return a.failf(exitFailed, "this RingCX user lacks reporting rights (%s answered %s): ask a RingCX admin to grant "+
			"the supervisor reporting permission for real-time data; calls and actions keep working without it", what, code)
	}
	return a.failf(exitFailed, "%v", err)
}

// wholeSeconds is a duration in whole seconds, for the scripts' formats.
func wholeSeconds(d time.Duration) int64 { return int64(d / time.Second) }

// writeJSON writes v as the listings do: indented, one value.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeCSV writes a header row and the rows.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// csvText is a nullable text cell: empty for null, else guarded as free
// text (textCell).
func csvText(s *string) string {
	if s == nil {
		return ""
	}
	return textCell(*s)
}

// serverTextHelp ends each listing's help: what is done to RingCX's text
// before it is written (field, cell, textCell).
var serverTextHelp = fmt.Sprintf("Text from RingCX is cleaned of escape sequences and control characters. A table cell is at most %d columns wide; "+
	"a --json or --csv text field longer than %d bytes is cut there, between characters, and ends with \"…\". "+
	"In --csv, text starting with = + - or @ is written after a single quote (') so that a spreadsheet shows it instead of running it as a formula; "+
	"a plain number such as +15551234567 is left as it is.", maxCellWidth, maxTextBytes)

// maxTextBytes bounds one text field from the server in --json and --csv:
// a longer one keeps its first 1,024 bytes, cut between characters, and
// ends with "…". A hostile server's megabyte name must not become a
// gigabyte of output over a few thousand rows.
const maxTextBytes = 1024

// maxCellWidth bounds one table cell, and a server name quoted in a
// message, in terminal columns: a table pads every row to its widest
// cell, so one long name would widen every line. It is the board's bound
// (ui's maxFieldLen).
const maxCellWidth = 200

// field is server text as --json and --csv write it: cleaned of escape
// sequences and control characters (api.Clean) and at most maxTextBytes
// bytes before the "…" that marks a cut.
func field(s string) string {
	s = api.Clean(s, maxTextBytes+1) // longer than maxTextBytes: cut below
	if len(s) <= maxTextBytes {
		return s
	}
	cut := maxTextBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// cell is server text as a table or a message shows it: field's text, at
// most maxCellWidth columns wide.
func cell(s string) string { return ansi.Truncate(field(s), maxCellWidth, "…") }

// textCell is server text for a CSV cell: field's text, guarded against
// spreadsheet formula injection as OWASP advises — text starting with
// = + - or @ (a caller name "=HYPERLINK(…)") is written after a single
// quote, which spreadsheets read as "this is text". A plain number ("-3",
// "+15551234567") is left alone: a spreadsheet reads it as a number, not
// a formula, and phone numbers stay as RingCX sent them.
func textCell(s string) string {
	s = field(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) && !plainNumber(s) {
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is a sign, digits and at most one decimal
// point: nothing a spreadsheet could evaluate as a formula.
func plainNumber(s string) bool {
	digits, point := 0, false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case (r == '+' || r == '-') && i == 0:
		case r == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// csvValue is a nullable number or flag: empty for null.
func csvValue[T any](v *T) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(*v)
}

// apiID is an id for --json as RingCX sends it: a number when it is one
// (agentId, gateId and the other ids are integers on the wire; the client
// keeps them as text), text otherwise, null when empty.
func apiID(s string) any {
	if s == "" {
		return nil
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return json.Number(s)
	}
	return field(s)
}

// csvID is apiID's value as a CSV cell: empty for null.
func csvID(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case json.Number:
		return string(v)
	case string:
		return textCell(v)
	}
	return fmt.Sprint(v)
}

// stampOrNull is a time for --json as the listings write it, RFC 3339 in
// UTC; null when RingCX sent none.
func stampOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// flag is a RingCX 0/1 flag as it sends it.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ptr[T any](v T) *T { return &v }
