package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/callboard/callboard/api"
)

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
	info, err := os.Lstat(s.path)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm()&0o077 != 0 {
		return all // absent, odd, or readable by others: not trusted
	}
	b, err := os.ReadFile(s.path)
	if err == nil {
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
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".tokens-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}
