package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

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

// csvValue is a nullable number or flag: empty for null.
func csvValue[T any](v *T) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(*v)
}
