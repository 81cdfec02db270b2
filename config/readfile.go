package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/shown"
)

// maxConfigFile bounds the config file: a real one is a few hundred
// bytes, and --config pointing at the wrong thing should fail, not hang.
const maxConfigFile = 1 << 20

// maxSecretFile bounds what is read from a secret file: credentials are a
// few KiB at most, and a path pointing at a log or a device by mistake
// should fail fast rather than fill memory.
const maxSecretFile = 64 << 10

// readSecretFile reads a credential from path. One trailing newline is
// dropped, since `echo token > file` and most editors add one. A file
// anyone but its owner can read or change is refused before its content
// is read, because a secret anyone on the jump host can copy is not a
// secret (mount Kubernetes or Docker secrets with mode 0400 or 0600).
func readSecretFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fileError(path, err)
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return "", fileError(path, err)
	}
	if info.IsDir() {
		return "", fmt.Errorf("%s is a directory, not a file", shown.Value(path))
	}
	if e := privfile.Exposure(info); e != "" {
		return "", fmt.Errorf("%s is %s: run chmod 600 %s", shown.Value(path), e, shown.Value(path))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", fileError(path, err)
	}
	if len(b) > maxSecretFile {
		return "", fmt.Errorf("%s is larger than %d KiB: not a credential file", shown.Value(path), maxSecretFile>>10)
	}
	s := string(b)
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		s = strings.TrimSuffix(t, "\r")
	}
	if s == "" {
		return "", fmt.Errorf("%s is empty", shown.Value(path))
	}
	return s, nil
}

// fileError words an I/O error without repeating the path twice.
func fileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist", shown.Value(path))
	}
	return fmt.Errorf("cannot read %s: %v", shown.Value(path), err)
}

// readSmallFile reads a regular file of at most maxConfigFile bytes and
// returns its mode bits as they were when it was opened.
func readSmallFile(path string) ([]byte, fs.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return nil, nil, errors.New("is a directory")
	}
	doc, err := io.ReadAll(io.LimitReader(f, maxConfigFile+1))
	if err != nil {
		return nil, nil, err
	}
	if len(doc) > maxConfigFile {
		return nil, nil, fmt.Errorf("is larger than %d KiB: not a config file", maxConfigFile>>10)
	}
	return doc, info, nil
}
