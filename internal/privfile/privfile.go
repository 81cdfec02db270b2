// Package privfile opens the files callboard keeps for its user alone — the
// audit log, the debug log — so they cannot be redirected or read by
// others: mode 0600, missing directories 0700, no symbolic links, nothing
// but a regular file owned by the user.
package privfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// OpenAppend opens path for appending, creating it. what names the file in
// errors ("audit log"). created reports whether the file is new.
func OpenAppend(path, what string) (f *os.File, created bool, err error) {
	if path == "" {
		return nil, false, fmt.Errorf("%s: no path given", what)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("%s: creating its directory: %w", what, err)
	}
	before, err := os.Lstat(path)
	created = errors.Is(err, fs.ErrNotExist)
	if err != nil && !created {
		return nil, false, fmt.Errorf("%s: %w", what, err)
	}
	if err == nil {
		if err := check(path, what, before); err != nil {
			return nil, false, err
		}
	}
	f, err = os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY|noFollow, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", what, err)
	}
	if err := adopt(f, path, what); err != nil {
		f.Close()
		return nil, false, err
	}
	return f, created, nil
}

// adopt checks what was actually opened: if the path no longer names it
// (swapped for a symlink between the check and the open) it is refused; a
// file others can read is tightened to 0600.
func adopt(f *os.File, path, what string) error {
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := check(path, what, info); err != nil {
		return err
	}
	now, err := os.Lstat(path)
	if err != nil || !os.SameFile(info, now) {
		return fmt.Errorf("%s %s: the file changed while it was being opened; refusing it", what, path)
	}
	if info.Mode().Perm()&^0o600 != 0 {
		if err := f.Chmod(0o600); err != nil {
			return fmt.Errorf("%s %s is readable by others and could not be restricted (chmod 600 it): %w", what, path, err)
		}
	}
	return nil
}

// Exposure says how a file is open to users other than its owner, by its
// mode bits — "readable by others (mode 0644)", "writable by others (mode
// 0620)" — or "" when it is not. It is the one test of "private" for
// everything callboard trusts from disk: a secret file, a config file
// holding credentials, the sign-in store, the remembered phone. A file
// others can read leaks what it holds; one others can write can be made to
// say anything. Windows has no such bits (a writable file reports 0666);
// its ACLs are the administrator's, and nothing is reported there.
func Exposure(info fs.FileInfo) string {
	perm := info.Mode().Perm()
	if runtime.GOOS == "windows" || perm&0o077 == 0 {
		return ""
	}
	what := "readable"
	if perm&0o044 == 0 {
		what = "writable"
	}
	return fmt.Sprintf("%s by others (mode %04o)", what, perm)
}

func check(path, what string, info fs.FileInfo) error {
	mode := info.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return fmt.Errorf("%s %s is a symbolic link: refusing to follow it; give the real path", what, path)
	case !mode.IsRegular():
		return fmt.Errorf("%s %s is not a regular file (%s)", what, path, mode.Type())
	case !ownedByMe(info):
		return fmt.Errorf("%s %s belongs to another user: refusing to write to it", what, path)
	}
	return nil
}
