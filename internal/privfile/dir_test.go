package privfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func skipOnWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no owners or mode bits to check on Windows")
	}
}

// otherOwner makes every file look like uid's for the rest of the test:
// the owner check, tested as one user.
func otherOwner(t *testing.T, uid int) {
	saved := fileOwner
	fileOwner = func(fs.FileInfo) (int, bool) { return uid, true }
	t.Cleanup(func() { fileOwner = saved })
}

// pretendUser is the uid tests run as when they pretend, not root.
const pretendUser = 4000

// pretend runs the rest of the test as uid pretendUser, to whom the
// files this process made belong, while each path in owners looks like
// its uid's (0: root's): what a user who is not root is told about /tmp,
// a shared directory of root's, or one of another user's.
func pretend(t *testing.T, owners map[string]int) {
	savedOwner, savedUID := fileOwner, myUID
	real := fileOwner
	fileOwner = func(info fs.FileInfo) (int, bool) {
		for path, uid := range owners {
			if other, err := os.Stat(path); err == nil && os.SameFile(info, other) {
				return uid, true
			}
		}
		uid, ok := real(info)
		if ok && uid == os.Getuid() {
			uid = pretendUser
		}
		return uid, ok
	}
	myUID = func() int { return pretendUser }
	t.Cleanup(func() { fileOwner, myUID = savedOwner, savedUID })
}

// privateGroups makes the group of the files this process makes the
// user's private group, or not, for the rest of the test: tests cannot
// make groups.
func privateGroups(t *testing.T, private bool) {
	saved := privateGroup
	privateGroup = func(gid int) bool { return private && gid == os.Getgid() }
	t.Cleanup(func() { privateGroup = saved })
}

// mkdir makes path with exactly mode (the umask aside).
func mkdir(t *testing.T, path string, mode fs.FileMode) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(path, 0o700))
	require.NoError(t, os.Chmod(path, mode))
	return path
}

func TestCheckDirRefusesWhatOthersCanWrite(t *testing.T) {
	skipOnWindows(t)
	privateGroups(t, false)
	home := t.TempDir()
	place := Place{What: "state directory", Elsewhere: "XDG_STATE_HOME", Home: home}
	dir := filepath.Join(home, "callboard")
	assert.NoError(t, CheckDir(dir, place), "absent: created 0700 when first written")
	require.NoError(t, os.Mkdir(dir, 0o700))
	for mode, want := range map[os.FileMode]string{
		0o700: "", 0o755: "", 0o750: "",
		0o777:                 "state directory " + dir + " is writable by group and others (mode 0777)",
		0o775:                 "is writable by its group (mode 0775)",
		0o703:                 "is writable by others (mode 0703)",
		0o777 | os.ModeSticky: "is writable by group and others (mode 1777)", // others could still add files
	} {
		require.NoError(t, os.Chmod(dir, mode))
		err := CheckDir(dir, place)
		if want == "" {
			assert.NoError(t, err, "%04o", mode)
			continue
		}
		require.Error(t, err, "%04o", mode)
		assert.Contains(t, err.Error(), want)
		assert.Contains(t, err.Error(), "run chmod 700 "+dir)
	}
	file := filepath.Join(dir, "f")
	require.NoError(t, os.Chmod(dir, 0o700))
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	assert.ErrorContains(t, CheckDir(file, place), "is not a directory")
}

// Debian's user private groups: mkdir under umask 002 makes 0775, and
// the group is the user's alone. That is accepted, as Debian's ssh
// accepts it; a group with others in it, or a directory others may
// write, is not.
func TestCheckDirAcceptsTheUsersPrivateGroup(t *testing.T) {
	skipOnWindows(t)
	home := t.TempDir()
	place := Place{What: "config directory", Home: home}
	dir := mkdir(t, filepath.Join(mkdir(t, filepath.Join(home, ".config"), 0o775), "callboard"), 0o775)
	privateGroups(t, true)
	assert.NoError(t, CheckDir(dir, place))
	require.NoError(t, os.Chmod(dir, 0o777))
	assert.ErrorContains(t, CheckDir(dir, place), "writable by group and others (mode 0777)")
	require.NoError(t, os.Chmod(dir, 0o775))
	privateGroups(t, false)
	assert.ErrorContains(t, CheckDir(dir, place), "writable by its group (mode 0775)")
}

// The private group is read from the account databases' text.
func TestSoleMember(t *testing.T) {
	passwd := []byte("root:x:0:0:root:/root:/bin/sh\nana:x:1000:1000::/home/ana:/bin/sh\nraj:x:1001:1001::/home/raj:/bin/sh\n")
	for name, tc := range map[string]struct {
		groups, passwd string
		want           bool
	}{
		"ana's own":                  {groups: "# comment\nroot:x:0:\nana:x:1000:\n", want: true},
		"ana listed in her own":      {groups: "ana:x:1000:ana\n", want: true},
		"raj in it too":              {groups: "ana:x:1000:ana,raj\n"},
		"named otherwise":            {groups: "staff:x:1000:\n"},
		"not listed":                 {groups: "root:x:0:\n"},
		"another user's primary one": {groups: "ana:x:1000:\n", passwd: "eve:x:1002:1000::/home/eve:/bin/sh\n"},
	} {
		assert.Equal(t, tc.want, soleMember([]byte(tc.groups), append(passwd, tc.passwd...), "ana", "1000", "1000"), name)
	}
}

// The repro by another route: a state directory of the user's,
// mode 0700, in a directory others may write and that is not sticky —
// they can rename callboard/ away, and the audit log with it. Every
// directory up to home is checked, as ssh's safe_path does; one that is
// the user's is to be chmod-ed, one that is root's (or anyone's but the
// user's) is never: the advice is to choose another place.
func TestCheckDirChecksEveryDirectoryAbove(t *testing.T) {
	skipOnWindows(t)
	privateGroups(t, false)
	home := t.TempDir()
	place := Place{What: "state directory", Elsewhere: "XDG_STATE_HOME", Home: home}
	shared := mkdir(t, filepath.Join(home, "shared"), 0o777)
	dir := mkdir(t, filepath.Join(shared, "callboard"), 0o700)

	pretend(t, nil)
	err := CheckDir(dir, place)
	require.Error(t, err)
	assert.Equal(t, "state directory "+dir+": "+shared+" is writable by group and others and not sticky (mode 0777): refusing to use it "+
		"(they could rename "+dir+" and put their own in its place); run chmod go-w "+shared, err.Error())
	require.NoError(t, os.Remove(dir))
	assert.ErrorContains(t, CheckDir(dir, place), shared+" is writable by group and others", "absent, it would be made where others could move it")
	require.NoError(t, os.Mkdir(dir, 0o700))

	pretend(t, map[string]int{shared: 0})
	err = CheckDir(dir, place)
	require.Error(t, err)
	assert.Contains(t, err.Error(), shared+" is writable by group and others and not sticky (mode 0777)")
	assert.Contains(t, err.Error(), "it is not yours to change: choose another place (XDG_STATE_HOME)")
	assert.NotContains(t, err.Error(), "chmod", "never advice to change a directory of someone else's")

	require.NoError(t, os.Chmod(shared, 0o777|os.ModeSticky))
	assert.NoError(t, CheckDir(dir, place), "root's and sticky, as /tmp: others cannot move what is the user's")

	pretend(t, map[string]int{shared: 4242})
	err = CheckDir(dir, place)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "state directory "+dir+": "+shared+" belongs to uid 4242")
	assert.Contains(t, err.Error(), "choose another place (XDG_STATE_HOME)")
	assert.NotContains(t, err.Error(), "chmod")
}

// The walk stops at the user's home, as ssh's does: what holds the homes
// is the administrator's. Without a home (or outside it) it goes to /.
func TestCheckDirWalksUpToHome(t *testing.T) {
	skipOnWindows(t)
	privateGroups(t, false)
	above := mkdir(t, filepath.Join(t.TempDir(), "homes"), 0o777)
	home := mkdir(t, filepath.Join(above, "ana"), 0o700)
	dir := mkdir(t, filepath.Join(home, "state"), 0o700)
	assert.NoError(t, CheckDir(dir, Place{What: "state directory", Home: home}))
	assert.ErrorContains(t, CheckDir(dir, Place{What: "state directory"}), above+" is writable by group and others")
	assert.ErrorContains(t, CheckDir(dir, Place{What: "state directory", Home: "/nonexistent"}), above+" is writable by group and others")

	// A symbolic link is followed to where it leads, and that is checked.
	link := filepath.Join(home, "link")
	require.NoError(t, os.Symlink(dir, link))
	assert.NoError(t, CheckDir(link, Place{What: "state directory", Home: home}))
	elsewhere := mkdir(t, filepath.Join(above, "elsewhere"), 0o700)
	require.NoError(t, os.Remove(link))
	require.NoError(t, os.Symlink(elsewhere, link))
	assert.ErrorContains(t, CheckDir(link, Place{What: "state directory", Home: home}), above+" is writable by group and others")
}

func TestCheckDirRefusesAnotherUsersDirectory(t *testing.T) {
	skipOnWindows(t)
	dir := t.TempDir()
	place := Place{What: "state directory", Home: dir}
	otherOwner(t, os.Getuid()+4242)
	err := CheckDir(dir, place)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "state directory "+dir+" belongs to uid ")
	assert.Contains(t, err.Error(), "not to you")
	assert.Contains(t, err.Error(), "remove it")

	otherOwner(t, 0)
	assert.NoError(t, CheckDir(dir, place), "root's, not writable by others: as ssh, trusted")
}

// A debug or audit log may be given in /tmp: a sticky directory is fine
// for a file of the user's, which is then checked itself — there anyone
// may have made the name first.
func TestCheckFileInAStickyDirectory(t *testing.T) {
	skipOnWindows(t)
	privateGroups(t, false)
	home := t.TempDir()
	tmp := mkdir(t, filepath.Join(home, "tmp"), 0o777|os.ModeSticky)
	pretend(t, map[string]int{tmp: 0})
	place := Place{What: "debug log", Elsewhere: "--log-file", Home: home}
	file := filepath.Join(tmp, "x.log")
	assert.NoError(t, CheckFileIn(file, place), "absent: made 0600 without following links")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	assert.NoError(t, CheckFileIn(file, place), "the user's own")

	require.NoError(t, os.Chmod(file, 0o666))
	assert.ErrorContains(t, CheckFileIn(file, place), "debug log "+file+" is writable by group and others (mode 0666): refusing to use it (they could change or empty it); run chmod 600 "+file)
	require.NoError(t, os.Chmod(file, 0o600))

	pretend(t, map[string]int{tmp: 0, file: 4242})
	assert.ErrorContains(t, CheckFileIn(file, place), "belongs to another user")

	require.NoError(t, os.Remove(file))
	require.NoError(t, os.Symlink(filepath.Join(home, "target"), file))
	assert.ErrorContains(t, CheckFileIn(file, place), "is a symbolic link")

	// Not sticky, the directory itself is refused; root's is never to be
	// chmod-ed.
	require.NoError(t, os.Chmod(tmp, 0o777))
	err := CheckFileIn(filepath.Join(tmp, "y.log"), place)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "debug log "+filepath.Join(tmp, "y.log")+": "+tmp+" is writable by group and others and not sticky (mode 0777)")
	assert.Contains(t, err.Error(), "choose another place (--log-file)")
	assert.NotContains(t, err.Error(), "chmod")
}

func TestCheckFile(t *testing.T) {
	skipOnWindows(t)
	file := filepath.Join(t.TempDir(), "config.toml")
	assert.NoError(t, CheckFile(file, "config file"), "absent: the reader says so")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	require.NoError(t, os.Chmod(file, 0o644))
	assert.NoError(t, CheckFile(file, "config file"))
	require.NoError(t, os.Chmod(file, 0o666))
	assert.ErrorContains(t, CheckFile(file, "config file"), "config file "+file+" is writable by group and others (mode 0666)")
	assert.ErrorContains(t, CheckFile(file, "config file"), "run chmod go-w "+file)
	require.NoError(t, os.Chmod(file, 0o600))
	otherOwner(t, os.Getuid()+4242)
	assert.ErrorContains(t, CheckFile(file, "config file"), "belongs to uid ")
}

func TestPrivateDir(t *testing.T) {
	skipOnWindows(t)
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "callboard-1000")
	require.NoError(t, PrivateDir(dir, "sign-in directory"))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "created private")
	require.NoError(t, PrivateDir(dir, "sign-in directory"), "and taken again")

	require.NoError(t, os.Chmod(dir, 0o755))
	assert.ErrorContains(t, PrivateDir(dir, "sign-in directory"), "is open to others (mode 0755): run chmod 700 "+dir)
	require.NoError(t, os.Chmod(dir, 0o700))

	link := filepath.Join(tmp, "callboard-link")
	require.NoError(t, os.Symlink(dir, link))
	assert.ErrorContains(t, PrivateDir(link, "sign-in directory"), "is not a directory (a symbolic link): remove it")

	otherOwner(t, os.Getuid()+4242)
	assert.ErrorContains(t, PrivateDir(dir, "sign-in directory"), "belongs to uid ")
	otherOwner(t, 0)
	if os.Getuid() != 0 {
		assert.Error(t, PrivateDir(dir, "sign-in directory"), "root's is not the user's own")
	}
}

// A TMPDIR others may write that is not sticky would let them move the
// private directory away and put their own in its place; a sticky one
// (as /tmp) would not.
func TestPrivateDirRefusesATemporaryDirectoryOthersCanMoveItOutOf(t *testing.T) {
	skipOnWindows(t)
	privateGroups(t, false)
	tmp := mkdir(t, filepath.Join(t.TempDir(), "tmp"), 0o777)
	dir := filepath.Join(tmp, "callboard-1000")
	assert.ErrorContains(t, PrivateDir(dir, "sign-in directory"), "sign-in directory "+dir+": "+tmp+" is writable by group and others and not sticky (mode 0777)")
	assert.NoDirExists(t, dir, "nothing made there")
	require.NoError(t, os.Chmod(tmp, 0o777|os.ModeSticky))
	assert.NoError(t, PrivateDir(dir, "sign-in directory"))
}
