package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// signIns counts the RingCentral sign-ins (JWT grants) the simulator was
// asked for, from its request log.
func (c *cli) signIns() int {
	n := 0
	for _, r := range c.sim.Requests() {
		if r.Path == "/restapi/oauth/token" {
			n++
		}
	}
	return n
}

// withoutStateDirectory takes HOME and XDG_STATE_HOME away, as a service
// or a bare cron job runs, and gives TMPDIR a private place of the test's.
func (c *cli) withoutStateDirectory() (tmp string) {
	delete(c.env, "HOME")
	delete(c.env, "XDG_STATE_HOME")
	tmp = c.t.TempDir()
	c.env["TMPDIR"] = tmp
	return tmp
}

// Without a state directory, consecutive commands share one sign-in kept
// in $TMPDIR/callboard-<uid> (made 0700), and each says so once: before,
// seven `calls` made seven sign-ins, and RingCX allows five a minute.
func TestWithoutAStateDirectoryCommandsShareOneSignIn(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uids and modes are Unix's")
	}
	c := newCLI(t, sim.Config{RateLimit: -1})
	tmp := c.withoutStateDirectory()
	dir := filepath.Join(tmp, "callboard-"+strconv.Itoa(os.Getuid()))
	for i := range 3 {
		_, errOut, code := c.run("calls", "--json")
		require.Equal(t, exitOK, code, errOut)
		assert.Equal(t, 1, strings.Count(errOut, "no state directory"), "said once a run: %s", errOut)
		assert.Contains(t, errOut, "the sign-in is kept in "+dir)
		assert.Equal(t, 1, c.signIns(), "run %d signed in again", i+1)
	}
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm())
}

// A callboard-<uid> someone else made, or one open to others, is refused
// before anything is sent: whoever controls it controls the sign-in.
func TestATemporarySignInDirectoryOpenToOthersIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uids and modes are Unix's")
	}
	c := newCLI(t, sim.Config{})
	tmp := c.withoutStateDirectory()
	dir := filepath.Join(tmp, "callboard-"+strconv.Itoa(os.Getuid()))
	require.NoError(t, os.Mkdir(dir, 0o700))
	require.NoError(t, os.Chmod(dir, 0o777))
	_, errOut, code := c.run("calls")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "sign-in directory "+dir+" is open to others (mode 0777): run chmod 700 "+dir)
	assert.Contains(t, errOut, "set XDG_STATE_HOME")
	assert.Empty(t, c.sim.Requests(), "nothing was sent")
}

// The repro: a callboard/ state directory at mode 0777 (there,
// another user deleted the audit log, and `audit` printed an empty table
// with status 0). Now every command that uses it refuses, exit 2, before
// anything is read or sent, saying which path, its mode and the fix.
func TestAStateDirectoryOthersCanWriteIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes are Unix's")
	}
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	_, errOut, code := c.run("record", uii, "on")
	require.Equal(t, exitOK, code, errOut)
	state := filepath.Dir(c.auditLog())
	require.NoError(t, os.Chmod(state, 0o777))
	c.sim.ResetRequests()
	want := "state directory " + state + " is writable by group and others (mode 0777): refusing to use it " +
		"(they could change or delete what callboard keeps there); run chmod 700 " + state
	for _, args := range [][]string{{"audit"}, {"calls"}, {"config"}, {"hangup", uii, "--yes"}} {
		out, errOut, code := c.run(args...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.Contains(t, errOut, want, "%v", args)
		if args[0] != "config" {
			assert.Empty(t, out, "%v: nothing read", args)
		}
	}
	assert.Empty(t, c.sim.Requests(), "nothing was sent")
}

// A debug log in a sticky directory others may write, as /tmp is, is
// accepted: there others cannot move or remove what is the user's.
// Before, `--log-file /tmp/x.log config` was refused (exit 2) as a
// "state directory" with advice to chmod 700 /tmp.
func TestALogInAStickyDirectoryIsAccepted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes are Unix's")
	}
	c := newCLI(t, sim.Config{})
	tmp := filepath.Join(t.TempDir(), "tmp")
	require.NoError(t, os.Mkdir(tmp, 0o700))
	require.NoError(t, os.Chmod(tmp, 0o777|os.ModeSticky))
	out, errOut, code := c.run("--log-file", filepath.Join(tmp, "x.log"), "config")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, filepath.Join(tmp, "x.log"))
	assert.NotContains(t, errOut, "chmod")
}

// The repro by another route: the state directory is fine, but
// the directory it is in may be written by others and is not sticky, so
// another user could rename callboard/ away and `audit` would find no
// log. Every command refuses, exit 2, before anything is sent; a
// directory that is not the user's is never to be chmod-ed — they are
// told to choose another place.
func TestAStateDirectoryOthersCanMoveAwayIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uids and modes are Unix's")
	}
	c := newCLI(t, sim.Config{})
	uii := c.answered()
	shared := filepath.Join(t.TempDir(), "shared")
	require.NoError(t, os.MkdirAll(filepath.Join(shared, "callboard"), 0o700))
	require.NoError(t, os.Chmod(shared, 0o777))
	c.env["XDG_STATE_HOME"] = shared
	state := filepath.Join(shared, "callboard")
	fix := "run chmod go-w " + shared // the user's own, here
	if os.Getuid() == 0 {
		// As root, make it another user's, as a shared directory is.
		require.NoError(t, os.Chown(shared, 4242, 4242))
		fix = "belongs to uid 4242"
	}
	for _, args := range [][]string{{"audit"}, {"calls"}, {"hangup", uii, "--yes"}} {
		out, errOut, code := c.run(args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, errOut)
		assert.Contains(t, errOut, "state directory "+state+": "+shared+" ", "%v", args)
		assert.Contains(t, errOut, fix, "%v", args)
		if os.Getuid() == 0 {
			assert.NotContains(t, errOut, "chmod", "%v: never on another's directory", args)
			assert.Contains(t, errOut, "choose another place (XDG_STATE_HOME)", "%v", args)
		}
		assert.Empty(t, out, "%v", args)
	}
	assert.Empty(t, c.sim.Requests(), "nothing was sent")
}

// No audit log at all is said, exit 1, not shown as an empty table with
// status 0 — which reads as a clean record, when the log may have been
// removed.
func TestAuditWithoutALogSaysSo(t *testing.T) {
	c := newCLI(t, sim.Config{})
	for _, args := range [][]string{{"audit"}, {"audit", "--json"}} {
		out, errOut, code := c.run(args...)
		assert.Equal(t, exitFailed, code, "%v", args)
		assert.Empty(t, out, "%v: no table", args)
		assert.Contains(t, errOut, "no audit log at "+c.auditLog()+" yet", "%v", args)
	}
	uii := c.answered()
	_, errOut, code := c.run("record", uii, "on")
	require.Equal(t, exitOK, code, errOut)
	out, errOut, code := c.run("audit")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "record on")
}
