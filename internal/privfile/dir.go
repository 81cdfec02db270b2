package privfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"runtime"
	"strconv"

	"github.com/callboard/callboard/internal/shown"
)

// CheckDir refuses a directory callboard keeps its state in (the audit
// log, the debug log, the sign-in store and its lock) or reads its
// settings from, when someone else could change what is in it: a
// directory another user owns (root aside), or one group or others may
// write to — whoever can write to it can delete the audit log, or swap a
// file for their own. It is ssh's rule for ~/.ssh. A directory that does
// not exist yet is fine: it is created 0700 when first written. what
// names it in the message ("state directory"), which says which path, why
// and the fix. Windows has no such bits; nothing is checked there.
func CheckDir(path, what string) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s %s: %w", what, shown.Value(path), err)
	case !info.IsDir():
		return fmt.Errorf("%s %s is not a directory", what, shown.Value(path))
	}
	return checkTrusted(path, what, info, "change or delete what callboard keeps there", "chmod 700 "+shown.Value(path))
}

// CheckFile is CheckDir's rule for a file callboard reads settings from
// (the config file): it must be the user's (or root's), and not writable
// by group or others, or anyone who can write it chooses the server the
// credentials go to. An absent file is left to the caller.
func CheckFile(path, what string) error {
	info, err := os.Stat(path)
	if err != nil {
		return nil // absent or unreadable: the reader says so
	}
	return checkTrusted(path, what, info, "change what it says", "chmod go-w "+shown.Value(path))
}

// PrivateDir makes dir, a directory of the user's alone, or checks the
// one already there: it must be a real directory (not a symbolic link),
// the user's, and open to nobody else (0700). It is for a place in a
// shared temporary directory, where anyone could have made the name
// first.
func PrivateDir(dir, what string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s %s: %w", what, shown.Value(dir), err)
	}
	info, err := os.Lstat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("%s %s: %w", what, shown.Value(dir), err)
	case !info.IsDir():
		return fmt.Errorf("%s %s is not a directory (%s): remove it", what, shown.Value(dir), typeOf(info))
	}
	if uid, ok := fileOwner(info); ok && uid != os.Getuid() {
		return fmt.Errorf("%s %s belongs to %s, not to you: refusing it (someone made it first; remove it, or set TMPDIR)", what, shown.Value(dir), userName(uid))
	}
	if perm := info.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return fmt.Errorf("%s %s is open to others (mode %04o): run chmod 700 %s", what, shown.Value(dir), perm, shown.Value(dir))
	}
	return nil
}

// checkTrusted is the rule of CheckDir and CheckFile: owned by the user
// or root, writable by no one else. harm is what another could do; fix
// is the command that mends a mode.
func checkTrusted(path, what string, info fs.FileInfo, harm, fix string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if uid, ok := fileOwner(info); ok && uid != os.Getuid() && uid != 0 {
		return fmt.Errorf("%s %s belongs to %s, not to you: refusing to use it (its owner could %s); remove it, or choose another place",
			what, shown.Value(path), userName(uid), harm)
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("%s %s is writable by %s (mode %04o): refusing to use it (they could %s); run %s",
			what, shown.Value(path), writers(perm), perm, harm, fix)
	}
	return nil
}

// writers names who besides the owner may write, by the mode's bits.
func writers(perm fs.FileMode) string {
	switch {
	case perm&0o022 == 0o022:
		return "group and others"
	case perm&0o002 != 0:
		return "others"
	}
	return "its group"
}

// userName is "uid 1001 (bob)", or "uid 1001" when it has no name here.
func userName(uid int) string {
	s := "uid " + strconv.Itoa(uid)
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil && u.Username != "" {
		s += " (" + shown.Value(u.Username) + ")"
	}
	return s
}

func typeOf(info fs.FileInfo) string {
	if info.Mode()&fs.ModeSymlink != 0 {
		return "a symbolic link"
	}
	return info.Mode().Type().String()
}
