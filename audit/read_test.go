package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeLog(t *testing.T, recs ...Record) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, err := Open(path)
	require.NoError(t, err)
	defer l.Close()
	for _, r := range recs {
		require.NoError(t, l.Append(r))
	}
	return path
}

func ids(recs []Record) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, r.ID+"/"+r.Event)
	}
	return out
}

func TestReadMissingFileIsAnEmptyLog(t *testing.T) {
	recs, err := Read(filepath.Join(t.TempDir(), "never", "audit.jsonl"), Filter{})
	require.NoError(t, err)
	assert.Empty(t, recs)
}

func TestReadFilters(t *testing.T) {
	t0 := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	path := writeLog(t,
		record("old", EventIntent, "111", t0),
		record("old", EventOutcome, "111", t0.Add(time.Second)),
		record("straddle", EventIntent, "222", t0.Add(59*time.Minute+59*time.Second)),
		record("straddle", EventOutcome, "222", t0.Add(time.Hour+time.Second)),
		record("new", EventIntent, "111", t0.Add(2*time.Hour)),
		record("new", EventOutcome, "111", t0.Add(2*time.Hour+time.Second)),
		record("lost", EventIntent, "333", t0.Add(3*time.Hour)),
	)

	all, err := Read(path, Filter{})
	require.NoError(t, err)
	assert.Len(t, all, 7)

	since, err := Read(path, Filter{Since: t0.Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, []string{"straddle/intent", "straddle/outcome", "new/intent", "new/outcome", "lost/intent"}, ids(since),
		"an action that ended after Since comes with its intent")

	call, err := Read(path, Filter{UII: "111"})
	require.NoError(t, err)
	assert.Equal(t, []string{"old/intent", "old/outcome", "new/intent", "new/outcome"}, ids(call))

	both, err := Read(path, Filter{UII: "111", Since: t0.Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, []string{"new/intent", "new/outcome"}, ids(both))

	none, err := Read(path, Filter{UII: "999"})
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestReadToleratesATornLastLine(t *testing.T) {
	t0 := time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)
	path := writeLog(t, record("a", EventIntent, "1", t0))
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"time":"2030-05-01T09:00:01Z","event":"outcome","id":"a","res`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	recs, err := Read(path, Filter{})
	require.NoError(t, err, "a crash mid-write is not an error")
	assert.Equal(t, []string{"a/intent"}, ids(recs))

	// The next run starts its first record on a fresh line; the fragment
	// is then an ordinary bad line, reported, and nothing after it is lost.
	l, err := Open(path)
	require.NoError(t, err)
	require.NoError(t, l.Append(record("b", EventIntent, "1", t0.Add(time.Minute))))
	require.NoError(t, l.Close())
	recs, err = Read(path, Filter{})
	var bad *MalformedError
	require.ErrorAs(t, err, &bad)
	require.Len(t, bad.Lines, 1)
	assert.Equal(t, 2, bad.Lines[0].Line)
	assert.Equal(t, []string{"a/intent", "b/intent"}, ids(recs))
}

func TestReadReportsMalformedLinesAndKeepsTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	good := `{"time":"2030-05-01T09:00:00Z","event":"intent","id":"a","action":"hangup_call"}`
	content := strings.Join([]string{
		good,
		"not json at all",
		"",
		`{"time":"2030-05-01T09:00:01Z","event":"outcome","id":"a","result":"ok"}`,
		`{}`,
		`{"time":"2030-05-01T09:00:02Z","event":"intent","id":"b","uii":"5"}`,
	}, "\n") + "\n"
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))

	recs, err := Read(path, Filter{})
	assert.Equal(t, []string{"a/intent", "a/outcome", "b/intent"}, ids(recs))
	var bad *MalformedError
	require.ErrorAs(t, err, &bad)
	require.Len(t, bad.Lines, 2)
	assert.Equal(t, 2, bad.Lines[0].Line)
	assert.Equal(t, 5, bad.Lines[1].Line)
	assert.Contains(t, err.Error(), "audit log "+path+": 2 lines are not records: line 2: invalid character")
	assert.Contains(t, err.Error(), `line 5: not an audit record (event "")`)

	recs, err = Read(path, Filter{UII: "5"})
	assert.Equal(t, []string{"b/intent"}, ids(recs))
	assert.Error(t, err, "damage is reported whatever the filter")
}

func TestMalformedErrorSummarises(t *testing.T) {
	e := &MalformedError{Path: "/x"}
	for i := range 5 {
		e.Lines = append(e.Lines, LineError{Line: i + 1, Err: assert.AnError})
	}
	assert.Contains(t, e.Error(), "/x: 5 lines are not records: line 1:")
	assert.Contains(t, e.Error(), "(and 2 more)")
	assert.NotContains(t, e.Error(), "line 4")
}

func TestReadLongLines(t *testing.T) {
	r := record("a", EventIntent, "1", time.Now())
	r.Params = map[string]string{"notes": strings.Repeat("x", 1<<20)}
	recs, err := Read(writeLog(t, r), Filter{})
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Len(t, recs[0].Params["notes"], 1<<20)
}

func TestReadUnreadable(t *testing.T) {
	_, err := Read(t.TempDir(), Filter{})
	assert.Error(t, err, "a directory is not a log")
}
