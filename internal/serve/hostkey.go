package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"

	gossh "golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/internal/privfile"
)

// maxHostKey bounds what is read as a host key: an OpenSSH ed25519 key
// is about 400 bytes, an RSA one a few KiB.
const maxHostKey = 16 << 10

// HostKey is the server's key from path, created (ed25519, mode 0600,
// missing directories 0700) when there is none. created reports that it
// is new, so the caller can say so: clients that knew the old one will
// warn. A key others can read, or that is a symbolic link or another
// user's, is refused, not used: whoever copies it can pose as the server.
func HostKey(path string) (signer gossh.Signer, created bool, err error) {
	b, err := privfile.ReadPrivate(path, "SSH host key", maxHostKey)
	if errors.Is(err, fs.ErrNotExist) {
		if err := newHostKey(path); err != nil {
			return nil, false, err
		}
		created = true
		b, err = privfile.ReadPrivate(path, "SSH host key", maxHostKey)
	}
	if err != nil {
		return nil, false, err
	}
	signer, err = gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, false, fmt.Errorf("SSH host key %s: %w", path, err)
	}
	return signer, created, nil
}

// newHostKey writes a new ed25519 key in OpenSSH's format, so ssh-keygen
// can read it (ssh-keygen -lf shows the fingerprint the server prints).
func newHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := gossh.MarshalPrivateKey(priv, "callboard serve host key")
	if err != nil {
		return err
	}
	return privfile.Replace(path, "SSH host key", pem.EncodeToMemory(block))
}
