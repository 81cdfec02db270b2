package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/callboard/callboard/internal/privfile"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Log is an open audit log. It is safe for concurrent use; several
// processes may append to the same file too (see Append).
type Log struct {
	path string

	mu sync.Mutex
	f  file // nil once closed
	// newline is set when the file may end in the middle of a line: it did
	// not end with one when opened (a record torn by a crash) or one of our
	// writes failed part-way. The next record then starts with a newline so
	// it is not glued to the fragment and lost with it.
	newline bool
}

// file is what Log needs of *os.File; tests substitute one that fails.
type file interface {
	Write([]byte) (int, error)
	Sync() error
	Close() error
}

// Open opens the audit log at path for appending, creating it (mode 0600)
// and its missing parent directories (mode 0700). An existing file that
// others can read is tightened to 0600: the log names callers' numbers. A
// symlink or anything but a regular file is refused, so the log cannot be
// redirected into another file. Existing parent directories are left as
// they are: the path may be one the operator chose in a shared place.
func Open(path string) (*Log, error) {
	f, created, err := privfile.OpenAppend(path, "audit log")
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("audit log: %w", err)
	}
	torn, err := endsMidLine(path, info)
	if err != nil {
		f.Close()
		return nil, err
	}
	if created {
		syncDir(filepath.Dir(path))
	}
	return &Log{path: path, f: f, newline: torn}, nil
}

// endsMidLine reports whether the file's last byte is not a newline. It
// reads through a separate descriptor because the log's own is write-only.
func endsMidLine(path string, opened fs.FileInfo) (bool, error) {
	if opened.Size() == 0 {
		return false, nil
	}
	r, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return false, fmt.Errorf("audit log: %w", err)
	}
	defer r.Close()
	if info, err := r.Stat(); err != nil || !os.SameFile(info, opened) {
		return false, fmt.Errorf("audit log %s: the file changed while it was being opened; refusing it", path)
	}
	last := make([]byte, 1)
	if _, err := r.ReadAt(last, opened.Size()-1); err != nil {
		return false, fmt.Errorf("audit log: %w", err)
	}
	return last[0] != '\n', nil
}

// syncDir makes a new file's directory entry durable, so a crash right
// after the first record cannot lose the whole file. Best effort: not every
// system can sync a directory, and the record itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Path is the file the log writes to.
func (l *Log) Path() string { return l.path }

// Append writes r as one line and syncs it to disk before returning, so a
// record that Append accepted survives a crash or power cut. The line goes
// out in a single write on a file opened O_APPEND, which the kernel places
// at the end as a unit: processes appending to the same file concurrently
// do not interleave within a line.
func (l *Log) Append(r Record) error {
	if l == nil {
		return errors.New("audit log: none is open")
	}
	var buf bytes.Buffer
	buf.WriteByte('\n') // dropped below unless the file may end mid-line
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "<" and "&" readable for grep
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("audit log %s: encoding the record: %w", l.path, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return fmt.Errorf("audit log %s: %w", l.path, os.ErrClosed)
	}
	line := buf.Bytes()
	if !l.newline {
		line = line[1:]
	}
	if n, err := l.f.Write(line); err != nil {
		l.newline = l.newline || n > 0
		return fmt.Errorf("audit log %s: writing: %w", l.path, err)
	}
	l.newline = false
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("audit log %s: syncing to disk: %w", l.path, err)
	}
	return nil
}

// Close closes the file; later Appends fail. Closing twice is harmless.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
