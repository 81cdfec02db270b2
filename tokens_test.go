package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/sim"
)

func TestFileTokenStore(t *testing.T) {
	dir := t.TempDir()
	s := newFileTokenStore(dir, "https://ringcx.example", "https://platform.example", "client", "jwt-a")
	_, ok := s.Load()
	assert.False(t, ok, "nothing stored yet")
	exp := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	require.NoError(t, s.Save(api.Tokens{AccessToken: "access-1", RefreshToken: "refresh-1", Expiry: exp}))
	got, ok := s.Load()
	require.True(t, ok)
	assert.Equal(t, "access-1", got.AccessToken)
	assert.True(t, exp.Equal(got.Expiry))
	info, err := os.Stat(filepath.Join(dir, "tokens.json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	raw, _ := os.ReadFile(filepath.Join(dir, "tokens.json"))
	assert.NotContains(t, string(raw), "jwt-a", "entries are keyed by a hash, not by the credentials")

	other := newFileTokenStore(dir, "https://ringcx.example", "https://platform.example", "client", "jwt-b")
	_, ok = other.Load()
	assert.False(t, ok, "another JWT does not reuse this sign-in")
	require.NoError(t, other.Save(api.Tokens{AccessToken: "access-2"}))
	got, _ = s.Load()
	assert.Equal(t, "access-1", got.AccessToken, "entries live side by side")

	require.NoError(t, os.Chmod(filepath.Join(dir, "tokens.json"), 0o644))
	_, ok = s.Load()
	assert.False(t, ok, "a store others can read is not trusted")

	assert.Nil(t, newFileTokenStore("", "a", "b", "c", "d"), "no state directory, no store")
}

func TestFileTokenStoreLockIsExclusive(t *testing.T) {
	s := newFileTokenStore(t.TempDir(), "a", "b", "c", "d")
	unlock, err := s.LockTokens(context.Background())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = s.LockTokens(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "held by another")
	unlock()
	unlock2, err := s.LockTokens(context.Background())
	require.NoError(t, err, "free again")
	unlock2()
}

// Eight callboard processes start together on an expired sign-in, as a
// script's commands do: the lock on the sign-in store makes one of them
// refresh and the others take up what it saved. Without it each would
// spend the single-use refresh token or one of RingCX's five sign-ins a
// minute, and some would fail.
func TestParallelProcessesShareOneSignIn(t *testing.T) {
	c := newCLI(t, sim.Config{RateLimit: -1})
	_, errOut, code := c.run("calls")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, 1, c.sim.Stats().Exchanges, "the first run signed in and kept the sign-in")
	c.sim.ExpireTokens()
	// Slow answers keep every process inside its sign-in at once: without
	// the lock they would all find the token expired and refresh together.
	c.sim.SetFaults(sim.Faults{Latency: 200 * time.Millisecond})

	env := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(binary, "calls", "--json")
			cmd.Env = env
			var errb bytes.Buffer
			cmd.Stderr = &errb
			assert.NoError(t, cmd.Run(), "process %d: %s", i, errb.String())
		}()
	}
	wg.Wait()
	st := c.sim.Stats()
	assert.Equal(t, 1, st.Refreshes, "one process refreshed")
	assert.Equal(t, 1, st.Exchanges, "nobody signed in afresh")
}
