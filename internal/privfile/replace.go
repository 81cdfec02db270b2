package privfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Replace writes data to path as a new file only the user can read (0600,
// missing directories 0700) and renames it over the old one, so a reader
// never sees half a file and a crash never leaves one. It is for small
// state kept between runs — the sign-in, the remembered phone — that is
// rewritten whole. what names the file in errors ("sign-in store"). A path
// that is a symbolic link, not a regular file, or another user's is
// refused, as OpenAppend refuses it.
func Replace(path, what string, data []byte) error {
	if path == "" {
		return fmt.Errorf("%s: no path given", what)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("%s: creating its directory: %w", what, err)
	}
	if info, err := os.Lstat(path); err == nil {
		if err := check(path, what, info); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", what, err)
	}
	// CreateTemp makes the file 0600 and never follows or reuses a name.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// ReadPrivate reads a small file written by Replace. A file that is absent
// (fs.ErrNotExist), a symbolic link, not a regular file, another user's,
// readable or writable by others, or larger than limit bytes is not
// trusted and not read: what it says could have been put there by someone
// else.
func ReadPrivate(path, what string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		if info, lerr := os.Lstat(path); lerr == nil {
			if cerr := check(path, what, info); cerr != nil {
				return nil, cerr // a symbolic link says so, not "too many links"
			}
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := check(path, what, info); err != nil {
		return nil, err
	}
	if e := Exposure(info); e != "" {
		return nil, fmt.Errorf("%s %s is %s: not trusted; chmod 600 it", what, path, e)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s %s is larger than %d bytes: not trusted", what, path, limit)
	}
	return b, nil
}
