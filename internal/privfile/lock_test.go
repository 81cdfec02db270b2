package privfile

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLockIsExclusiveAndWaitsForItsContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "tokens.lock")
	unlock, err := Lock(context.Background(), path)
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
		dinfo, _ := os.Stat(filepath.Dir(path))
		assert.Equal(t, os.FileMode(0o700), dinfo.Mode().Perm())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = Lock(ctx, path)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "held by another: waited until the context ended")

	unlock()
	unlock2, err := Lock(context.Background(), path)
	require.NoError(t, err, "free again")
	unlock2()
}

func TestLockRefusesASymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	link := filepath.Join(dir, "tokens.lock")
	require.NoError(t, os.Symlink(target, link))
	_, err := Lock(context.Background(), link)
	require.Error(t, err)
	assert.NoFileExists(t, target, "nothing was created through the link")
}

// lockChildEnv makes the test binary a child that takes the lock.
const lockChildEnv = "PRIVFILE_LOCK_CHILD"

// Four processes each add one to a counter file 25 times, reading and
// rewriting it under the lock. Only if no two processes ever hold the lock
// at once does the count come out at 100: an unguarded read-modify-write
// loses increments.
func TestLockExcludesOtherProcesses(t *testing.T) {
	dir := t.TempDir()
	counter := filepath.Join(dir, "counter")
	require.NoError(t, os.WriteFile(counter, []byte("0"), 0o600))
	const procs, rounds = 4, 25
	var wg sync.WaitGroup
	for range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestLockChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), lockChildEnv+"="+dir+"|"+strconv.Itoa(rounds))
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "%s", out)
		}()
	}
	wg.Wait()
	b, err := os.ReadFile(counter)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(procs*rounds), string(b))
}

// TestLockChild is the child process of TestLockExcludesOtherProcesses;
// run on its own it does nothing.
func TestLockChild(t *testing.T) {
	spec := os.Getenv(lockChildEnv)
	if spec == "" {
		t.Skip("the child of TestLockExcludesOtherProcesses")
	}
	dir, n, _ := strings.Cut(spec, "|")
	rounds, err := strconv.Atoi(n)
	require.NoError(t, err)
	counter := filepath.Join(dir, "counter")
	for range rounds {
		unlock, err := Lock(context.Background(), filepath.Join(dir, "counter.lock"))
		require.NoError(t, err)
		b, err := os.ReadFile(counter)
		require.NoError(t, err)
		v, err := strconv.Atoi(string(b))
		require.NoError(t, err)
		runtime.Gosched() // give another process every chance to interleave
		require.NoError(t, os.WriteFile(counter, []byte(strconv.Itoa(v+1)), 0o600))
		unlock()
	}
}
