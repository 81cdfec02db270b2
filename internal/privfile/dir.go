package privfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/callboard/callboard/internal/shown"
)

// Place is a path callboard keeps something in, as the checks here need
// it: What names it in messages ("state directory", "debug log"),
// Elsewhere is how to choose another place ("XDG_STATE_HOME",
// "--log-file"), said when the fix is not the user's to make, and Home is
// the user's home directory, where the walk up from the path stops — as
// ssh's does: what holds the home directories is the administrator's
// business. A path outside Home (or with Home "") is walked up to /.
type Place struct {
	What, Elsewhere, Home string
}

// CheckDir refuses a directory callboard keeps its state in (the sign-in
// store and its lock, the remembered phone, the audit and debug logs by
// default) or reads its settings from, when someone else could change
// what is in it. It is OpenSSH's safe_path: the directory must be the
// user's or root's and writable by no one else, and so must every
// directory above it up to the user's home, or one of them could be
// renamed away and another put in its place. A directory above it may be
// sticky (as /tmp is): there others may add their own entries but cannot
// move the user's. A directory whose group is the user's private group
// (Debian's user private groups: mkdir under umask 002 gives 0775) may
// be writable by that group: nobody else is in it. A directory that does
// not exist yet is fine — it is created 0700 when first written — but
// those it will be created in are checked. Advice to chmod is given only
// for a directory the user owns; for one they do not, they are told to
// choose another place. Windows has no such bits; nothing is checked.
func CheckDir(dir string, p Place) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	real, exists, err := p.resolve(dir)
	if err != nil {
		return err
	}
	if !exists {
		return p.checkAbove(dir, real, real)
	}
	info, err := os.Stat(real)
	switch {
	case err != nil:
		return fmt.Errorf("%s %s: %w", p.What, shown.Value(dir), err)
	case !info.IsDir():
		return fmt.Errorf("%s %s is not a directory", p.What, shown.Value(dir))
	}
	if err := p.checkItself(dir, info); err != nil {
		return err
	}
	return p.checkAbove(dir, real, filepath.Dir(real))
}

// CheckFileIn refuses a file callboard writes (an audit or debug log
// given by name) in a directory someone else could change: its directory
// and those above it are held to CheckDir's rule for the directories
// above, so a sticky directory such as /tmp is fine. In a sticky
// directory others may create the name first, so the file itself, when
// there, must then be a regular file (not a symbolic link) of the user's
// that nobody else may write. The file is opened without following
// symbolic links when it is written (OpenAppend).
func CheckFileIn(file string, p Place) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return fmt.Errorf("%s %s: %w", p.What, shown.Value(file), err)
	}
	real, exists, err := p.resolve(filepath.Dir(abs))
	if err != nil {
		return err
	}
	if err := p.checkAbove(file, real, real); err != nil || !exists {
		return err
	}
	if info, err := os.Stat(real); err != nil || info.Mode()&fs.ModeSticky == 0 {
		return nil // not sticky: nobody else could have made the file
	}
	info, err := os.Lstat(filepath.Join(real, filepath.Base(abs)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s %s: %w", p.What, shown.Value(file), err)
	}
	if err := check(shown.Value(file), p.What, info); err != nil {
		return err
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("%s %s is writable by %s (mode %04o): refusing to use it (they could change or empty it); run chmod 600 %s",
			p.What, shown.Value(file), writers(perm), perm, shown.Value(file))
	}
	return nil
}

// CheckFile refuses a file callboard reads settings from (the config
// file) that someone else could have written: another user's (root
// aside), or writable by group or others — whoever can write it chooses
// the server the credentials go to. An absent file is left to the
// caller.
func CheckFile(path, what string) error {
	info, err := os.Stat(path)
	if err != nil || runtime.GOOS == "windows" {
		return nil // absent or unreadable: the reader says so
	}
	if uid, ok := fileOwner(info); ok && uid != myUID() && uid != 0 {
		return fmt.Errorf("%s %s belongs to %s, not to you: refusing to use it (its owner could change what it says); remove it, or choose another place",
			what, shown.Value(path), userName(uid))
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("%s %s is writable by %s (mode %04o): refusing to use it (they could change what it says); run chmod go-w %s",
			what, shown.Value(path), writers(perm), perm, shown.Value(path))
	}
	return nil
}

// PrivateDir makes dir, a directory of the user's alone, or checks the
// one already there: it must be a real directory (not a symbolic link),
// the user's, and open to nobody else (0700), in directories nobody else
// can rename it out of (CheckDir's rule for those above). It is for a
// place in a shared temporary directory, where anyone could have made
// the name first.
func PrivateDir(dir, what string) error {
	if runtime.GOOS != "windows" {
		above := Place{What: what, Elsewhere: "TMPDIR"}
		real, _, err := above.resolve(filepath.Dir(dir))
		if err != nil {
			return err
		}
		if err := above.checkAbove(dir, real, real); err != nil {
			return err
		}
	}
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
	if uid, ok := fileOwner(info); ok && uid != myUID() {
		return fmt.Errorf("%s %s belongs to %s, not to you: refusing it (someone made it first; remove it, or set TMPDIR)", what, shown.Value(dir), userName(uid))
	}
	if perm := info.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return fmt.Errorf("%s %s is open to others (mode %04o): run chmod 700 %s", what, shown.Value(dir), perm, shown.Value(dir))
	}
	return nil
}

// resolve is the real path (symbolic links followed, as ssh's realpath)
// of dir if it exists, else of the nearest directory above it that does
// — where it will be created.
func (p Place) resolve(dir string) (real string, exists bool, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, fmt.Errorf("%s %s: %w", p.What, shown.Value(dir), err)
	}
	for at := abs; ; at = filepath.Dir(at) {
		real, err := filepath.EvalSymlinks(at)
		switch {
		case err == nil:
			return real, at == abs, nil
		case !errors.Is(err, fs.ErrNotExist) || at == filepath.Dir(at):
			return "", false, fmt.Errorf("%s %s: %w", p.What, shown.Value(dir), err)
		}
	}
}

// checkItself is the rule for the directory callboard keeps things in:
// the user's or root's, writable by no one else (the user's private
// group aside). Sticky is not enough here: others could still add files.
func (p Place) checkItself(dir string, info fs.FileInfo) error {
	const harm = "change or delete what callboard keeps there"
	uid, _ := fileOwner(info)
	if !trustedOwner(info) {
		return fmt.Errorf("%s %s belongs to %s, not to you: refusing to use it (its owner could %s); remove it, or %s",
			p.What, shown.Value(dir), userName(uid), harm, p.elsewhere())
	}
	if perm := info.Mode().Perm(); othersMayWrite(info) {
		return fmt.Errorf("%s %s is writable by %s (mode %04o): refusing to use it (they could %s); %s",
			p.What, shown.Value(dir), writers(perm), modeBits(info), harm, p.fix(info, "chmod 700 "+shown.Value(dir)))
	}
	return nil
}

// checkAbove walks from real (a real path) up to the user's home, or to
// /, holding each directory to the rule for those above a place: the
// user's or root's, and writable by no one else unless sticky. given is
// the path as the person gave it, top the directory the place is in.
func (p Place) checkAbove(given, real, top string) error {
	home := ""
	if p.Home != "" {
		if h, err := filepath.EvalSymlinks(p.Home); err == nil {
			home = h
		}
	}
	below := real
	for at := top; ; at = filepath.Dir(at) {
		info, err := os.Stat(at)
		if err != nil {
			return fmt.Errorf("%s %s: %s: %w", p.What, shown.Value(given), shown.Value(at), err)
		}
		harm := "rename what is in it and put their own in its place"
		if below != at {
			harm = "rename " + shown.Value(below) + " and put their own in its place"
		}
		uid, _ := fileOwner(info)
		switch {
		case !trustedOwner(info):
			return fmt.Errorf("%s %s: %s belongs to %s, not to you or root: refusing to use it (its owner could %s); %s",
				p.What, shown.Value(given), shown.Value(at), userName(uid), harm, p.elsewhere())
		case othersMayWrite(info) && info.Mode()&fs.ModeSticky == 0:
			return fmt.Errorf("%s %s: %s is writable by %s and not sticky (mode %04o): refusing to use it (they could %s); %s",
				p.What, shown.Value(given), shown.Value(at), writers(info.Mode().Perm()), modeBits(info), harm,
				p.fix(info, "chmod go-w "+shown.Value(at)))
		}
		if at == home || at == filepath.Dir(at) {
			return nil
		}
		below = at
	}
}

// elsewhere is the advice for what the user cannot mend themselves.
func (p Place) elsewhere() string {
	if p.Elsewhere == "" {
		return "choose another place"
	}
	return "choose another place (" + p.Elsewhere + ")"
}

// fix is chmod for a directory the user owns, and otherwise advice to
// choose another place: changing the mode of /tmp or of a directory
// others share breaks what they use it for.
func (p Place) fix(info fs.FileInfo, chmod string) string {
	if uid, ok := fileOwner(info); ok && uid != myUID() {
		return "it is not yours to change: " + p.elsewhere()
	}
	return "run " + chmod
}

// trustedOwner is whether info's file is the user's or root's.
func trustedOwner(info fs.FileInfo) bool {
	uid, ok := fileOwner(info)
	return !ok || uid == myUID() || uid == 0
}

// othersMayWrite is whether someone besides the owner may write info's
// file: others, or a group other than the owner's private group (a group
// of the user alone, as Debian makes one for each user).
func othersMayWrite(info fs.FileInfo) bool {
	perm := info.Mode().Perm()
	switch {
	case perm&0o002 != 0:
		return true
	case perm&0o020 == 0:
		return false
	}
	uid, ok := fileOwner(info)
	gid, gok := fileGroup(info)
	return !ok || !gok || uid != myUID() || !privateGroup(gid)
}

// modeBits is the mode as chmod writes it, with the sticky bit.
func modeBits(info fs.FileInfo) fs.FileMode {
	m := info.Mode().Perm()
	if info.Mode()&fs.ModeSticky != 0 {
		m |= 0o1000
	}
	return m
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
