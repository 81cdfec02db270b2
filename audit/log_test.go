package audit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func record(id, event, uii string, at time.Time) Record {
	return Record{Time: at, Event: event, ID: id, Operator: "dana", Host: "jump1", Source: SourceCLI, Account: "12440011", UII: uii, Action: ActionHangupCall}
}

func perm(t *testing.T, path string) os.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Mode().Perm()
}

func TestOpenCreatesAPrivateFileAndDirectories(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "state", "callboard", "audit.jsonl")
	l, err := Open(path)
	require.NoError(t, err)
	defer l.Close()
	assert.Equal(t, path, l.Path())
	require.NoError(t, l.Append(record("a", EventIntent, "1", time.Now())))
	assert.Equal(t, os.FileMode(0o600), perm(t, path))
	assert.Equal(t, os.FileMode(0o700), perm(t, filepath.Join(root, "state", "callboard")))
	assert.Equal(t, os.FileMode(0o700), perm(t, filepath.Join(root, "state")))
}

func TestOpenTightensAnExistingReadableFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	line := `{"time":"2030-01-01T00:00:00Z","event":"intent","id":"x","action":"hangup_call"}` + "\n"
	require.NoError(t, os.WriteFile(path, []byte(line), 0o644))
	require.NoError(t, os.Chmod(path, 0o644)) // whatever the umask
	l, err := Open(path)
	require.NoError(t, err)
	defer l.Close()
	assert.Equal(t, os.FileMode(0o600), perm(t, path))
	require.NoError(t, l.Append(record("y", EventIntent, "1", time.Now())))
	recs, err := Read(path, Filter{})
	require.NoError(t, err)
	require.Len(t, recs, 2, "appending keeps what was there")
	assert.Equal(t, "x", recs[0].ID)
}

func TestOpenRefusesWhatIsNotAPlainFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	require.NoError(t, os.WriteFile(target, []byte("precious\n"), 0o600))

	link := filepath.Join(dir, "audit.jsonl")
	require.NoError(t, os.Symlink(target, link))
	_, err := Open(link)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a symbolic link")

	dangling := filepath.Join(dir, "dangling.jsonl")
	require.NoError(t, os.Symlink(filepath.Join(dir, "created-through-link"), dangling))
	_, err = Open(dangling)
	require.Error(t, err)
	assert.NoFileExists(t, filepath.Join(dir, "created-through-link"), "nothing was created through the link")

	got, _ := os.ReadFile(target)
	assert.Equal(t, "precious\n", string(got), "the link's target is untouched")

	_, err = Open(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a regular file")

	_, err = Open(filepath.Join(target, "audit.jsonl"))
	assert.Error(t, err, "a parent that is a file")

	_, err = Open("")
	assert.Error(t, err)
}

func TestAppendSyncsEveryRecord(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "audit.jsonl"))
	require.NoError(t, err)
	defer l.Close()
	f := inject(l, &faultyFile{})
	for i := range 3 {
		require.NoError(t, l.Append(record(fmt.Sprint(i), EventIntent, "1", time.Now())))
	}
	assert.Equal(t, 3, f.syncs, "one fsync per record, before Append returns")
	assert.Equal(t, 3, f.writes, "one write per record")

	f.syncErr = errors.New("input/output error")
	err = l.Append(record("3", EventIntent, "1", time.Now()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "syncing to disk: input/output error")
}

func TestAppendAfterATornWriteStartsAFreshLine(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "audit.jsonl"))
	require.NoError(t, err)
	defer l.Close()
	inject(l, &faultyFile{failWrite: 2, partial: true})
	require.NoError(t, l.Append(record("a", EventIntent, "1", time.Now())))
	require.Error(t, l.Append(record("b", EventIntent, "1", time.Now())))
	require.NoError(t, l.Append(record("c", EventIntent, "1", time.Now())))
	recs, err := Read(l.Path(), Filter{})
	var bad *MalformedError
	require.ErrorAs(t, err, &bad, "the half record is reported")
	assert.Equal(t, 2, bad.Lines[0].Line)
	require.Len(t, recs, 2)
	assert.Equal(t, "a", recs[0].ID)
	assert.Equal(t, "c", recs[1].ID, "the record after the torn one survives")
}

func TestAppendAfterCloseFails(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "audit.jsonl"))
	require.NoError(t, err)
	require.NoError(t, l.Close())
	require.NoError(t, l.Close(), "closing twice is harmless")
	assert.ErrorIs(t, l.Append(record("a", EventIntent, "1", time.Now())), os.ErrClosed)
}

// Eight writers, half through a second Log on the same file (as a second
// callboard process would be), with records long enough that interleaved
// writes would show.
func TestConcurrentAppendsKeepLinesIntact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	first, err := Open(path)
	require.NoError(t, err)
	defer first.Close()
	second, err := Open(path)
	require.NoError(t, err)
	defer second.Close()

	const writers, each = 8, 50
	notes := strings.Repeat("n", 8<<10)
	var wg sync.WaitGroup
	for w := range writers {
		l := first
		if w%2 == 1 {
			l = second
		}
		wg.Go(func() {
			for i := range each {
				r := record(fmt.Sprintf("w%d-%d", w, i), EventIntent, fmt.Sprint(w), time.Now())
				r.Params = map[string]string{"notes": notes}
				assert.NoError(t, l.Append(r))
			}
		})
	}
	wg.Wait()

	recs, err := Read(path, Filter{})
	require.NoError(t, err, "every line is a whole record")
	require.Len(t, recs, writers*each)
	seen := map[string]bool{}
	for _, r := range recs {
		assert.Equal(t, notes, r.Params["notes"])
		seen[r.ID] = true
	}
	assert.Len(t, seen, writers*each)
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, writers*each, strings.Count(string(raw), "\n"))
}

func TestRecordsAreOneReadableLine(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "audit.jsonl"))
	require.NoError(t, err)
	defer l.Close()
	r := record("a", EventIntent, "1", time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	r.Params = map[string]string{"notes": "line one\nline two <b> & \x1b[31m"}
	require.NoError(t, l.Append(r))
	raw, err := os.ReadFile(l.Path())
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(raw), "\n"))
	assert.True(t, strings.HasSuffix(string(raw), "\n"))
	assert.Contains(t, string(raw), `"notes":"line one\nline two <b> & \u001b[31m"`)
	assert.Contains(t, string(raw), `"time":"2030-01-02T03:04:05Z","event":"intent","id":"a"`)
	assert.NotContains(t, string(raw), "result", "empty outcome fields are left out")
}
