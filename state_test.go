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
