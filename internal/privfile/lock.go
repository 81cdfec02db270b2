package privfile

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// lockRetry is how often Lock tries again while another process holds
// the lock: short beside a sign-in's round trip, long enough not to spin.
const lockRetry = 25 * time.Millisecond

// Lock takes an exclusive lock on the file at path for as long as it
// takes another process to let go, or until ctx is done (then the error
// is ctx's). Processes that lock the same path take turns; a process that
// dies lets go with it, so there is nothing stale to clean up. The file is
// created as the others here are — 0600, missing directories 0700 — and a
// symbolic link in its place is refused, not followed. unlock releases it.
//
// It stands on github.com/gofrs/flock: flock(2) on Unix, LockFileEx on
// Windows, where the hand-written lock it replaces did nothing at all.
func Lock(ctx context.Context, path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	l := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR|noFollow), flock.SetPermissions(0o600))
	if _, err := l.TryLockContext(ctx, lockRetry); err != nil {
		return nil, err
	}
	return func() { _ = l.Unlock() }, nil
}
