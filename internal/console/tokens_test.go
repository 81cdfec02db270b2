package console

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
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
