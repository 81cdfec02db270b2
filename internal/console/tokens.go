package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/privfile"
)

// maxTokenStore bounds what is read of tokens.json: a few entries of a few
// KiB each; anything larger is not what Save wrote.
const maxTokenStore = 1 << 20

// fileTokenStore keeps RingCX sign-ins between runs in the state directory,
// readable by the user only, one entry per server, client and JWT (the key
// is a hash: the file never names the credentials it came from). RingCX
// allows five exchanges a minute; without this, a script of one-shot
// commands would run out after five.
type fileTokenStore struct {
	path string
	key  string
}

func newFileTokenStore(stateDir, server, rcServer, clientID, jwt string) *fileTokenStore {
	if stateDir == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(server + "\x00" + rcServer + "\x00" + clientID + "\x00" + jwt))
	return &fileTokenStore{path: filepath.Join(stateDir, "tokens.json"), key: hex.EncodeToString(sum[:])}
}

func (s *fileTokenStore) read() map[string]api.Tokens {
	all := map[string]api.Tokens{}
	// Absent, odd, or open to others: not trusted, and signed in afresh.
	if b, err := privfile.ReadPrivate(s.path, "sign-in store", maxTokenStore); err == nil {
		_ = json.Unmarshal(b, &all)
	}
	return all
}

func (s *fileTokenStore) Load() (api.Tokens, bool) {
	t, ok := s.read()[s.key]
	return t, ok && t.AccessToken != ""
}

// Save replaces the entry, writing a new file and renaming it over the old
// one so a crash never leaves half a file.
func (s *fileTokenStore) Save(t api.Tokens) error {
	all := s.read()
	all[s.key] = t
	b, err := json.Marshal(all)
	if err != nil {
		return err
	}
	return privfile.Replace(s.path, "sign-in store", b)
}

// LockTokens locks tokens.lock beside the store across processes, so
// callboard processes started together renew the sign-in one at a time
// and the others take up what the first saved: a refresh token is
// single-use, and RingCX allows five fresh sign-ins a minute.
func (s *fileTokenStore) LockTokens(ctx context.Context) (func(), error) {
	return privfile.Lock(ctx, s.path+".lock")
}
