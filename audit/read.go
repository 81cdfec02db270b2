package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

// Filter narrows what Read returns. The zero Filter returns everything.
type Filter struct {
	// Since keeps actions with a record at or after this time. An action
	// is kept whole: an intent just before Since comes with its outcome
	// just after, rather than leaving the outcome unexplained.
	Since time.Time
	// UII keeps the actions on one call.
	UII string
}

func (f Filter) matches(r Record) bool {
	return (f.UII == "" || r.UII == f.UII) && (f.Since.IsZero() || !r.Time.Before(f.Since))
}

// Read returns the log's records in file order, filtered by f. A missing
// file is an empty log.
//
// Damage is handled so that nothing is lost silently and one bad line does
// not hide the rest:
//   - a last line without its newline that is not a whole record is the
//     trace of a crash in the middle of a write; it is skipped quietly
//     (Open starts the next record on a fresh line after it);
//   - any other line that is not a record is reported in a
//     *MalformedError with its line number, returned together with every
//     record that could be read, so `callboard audit` shows the trail and
//     warns.
//
// Other errors (the file cannot be read) return no records.
func Read(path string, f Filter) ([]Record, error) {
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer fh.Close()
	all, bad, err := decode(bufio.NewReader(fh))
	if err != nil {
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	records := filter(all, f)
	if len(bad) > 0 {
		return records, &MalformedError{Path: path, Lines: bad}
	}
	return records, nil
}

// decode reads line by line with no length limit: a record with long
// disposition notes is still one record.
func decode(br *bufio.Reader) (records []Record, bad []LineError, err error) {
	for n := 1; ; n++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return nil, nil, rerr
		}
		complete := len(line) > 0 && line[len(line)-1] == '\n'
		if text := bytes.TrimSpace(line); len(text) > 0 {
			r, derr := decodeRecord(text)
			switch {
			case derr == nil:
				records = append(records, r)
			case complete:
				bad = append(bad, LineError{Line: n, Err: derr})
			}
			// An incomplete line can only be the last: a torn write.
		}
		if rerr == io.EOF {
			return records, bad, nil
		}
	}
}

func decodeRecord(text []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(text, &r); err != nil {
		return Record{}, err
	}
	if r.Event != EventIntent && r.Event != EventOutcome && r.Event != EventObserved {
		return Record{}, fmt.Errorf("not an audit record (event %q)", r.Event)
	}
	return r, nil
}

// filter keeps the records of every action that has a matching record;
// records are grouped by ID, and one without an ID stands alone.
func filter(all []Record, f Filter) []Record {
	if f == (Filter{}) {
		return all
	}
	keep := map[string]bool{}
	for _, r := range all {
		if r.ID != "" && f.matches(r) {
			keep[r.ID] = true
		}
	}
	var out []Record
	for _, r := range all {
		if keep[r.ID] || (r.ID == "" && f.matches(r)) {
			out = append(out, r)
		}
	}
	return out
}

// MalformedError names the lines of a log that are not records.
type MalformedError struct {
	Path  string
	Lines []LineError
}

// LineError is one malformed line, numbered from 1.
type LineError struct {
	Line int
	Err  error
}

func (e *MalformedError) Error() string {
	const shown = 3
	parts := make([]string, 0, shown)
	for _, l := range e.Lines[:min(len(e.Lines), shown)] {
		parts = append(parts, fmt.Sprintf("line %d: %v", l.Line, l.Err))
	}
	more := ""
	if len(e.Lines) > shown {
		more = fmt.Sprintf(" (and %d more)", len(e.Lines)-shown)
	}
	noun := "line is"
	if len(e.Lines) != 1 {
		noun = "lines are"
	}
	return fmt.Sprintf("audit log %s: %d %s not records: %s%s", e.Path, len(e.Lines), noun, strings.Join(parts, "; "), more)
}
