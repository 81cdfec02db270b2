package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"github.com/callboard/callboard/internal/syncbuf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	gossh "golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/internal/serve"
)

// The whole path a supervisor takes: `callboard serve --demo` as its own
// process, the system's OpenSSH client in a real terminal (tmux), the
// board over it, a command over it, and SIGTERM at the end.
func TestE2EServeDemoWithTheSystemSSHClient(t *testing.T) {
	sshPath, err := exec.LookPath("ssh")
	if err != nil {
		t.Fatal("the OpenSSH client is required for this test (.ci/run installs openssh-client): ", err)
	}
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	key := filepath.Join(dir, "id_ed25519")
	authorized := writeClientKey(t, key, "ana@laptop")

	srv := exec.Command(binary, "serve", "--demo", "--listen", "127.0.0.1:0", "--authorized-keys", authorized)
	srv.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + home + "/config", "XDG_STATE_HOME=" + home + "/state"}
	stdout, err := srv.StdoutPipe()
	require.NoError(t, err)
	stderr := &syncbuf.Buffer{}
	srv.Stderr = stderr
	require.NoError(t, srv.Start())
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() {
		_ = srv.Process.Kill()
		<-exited
	})

	// What it prints at start: where it listens and the host key's
	// fingerprint, which must be the one ssh-keygen reads from the file.
	lines := bufio.NewScanner(stdout)
	var printed strings.Builder
	var addr string
	listening := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`)
	for lines.Scan() {
		printed.WriteString(lines.Text() + "\n")
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
		if strings.HasPrefix(lines.Text(), "connect:") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	require.NotEmpty(t, addr, "serve said where it listens: %s%s", printed.String(), stderr.String())
	host, port, _ := strings.Cut(addr, ":")
	hostKeyPath := filepath.Join(home, "state", "callboard", hostKeyFile)
	hostKey, _, err := serve.HostKey(hostKeyPath)
	require.NoError(t, err)
	fp := gossh.FingerprintSHA256(hostKey.PublicKey())
	assert.Contains(t, printed.String(), "new host key "+fp+" (ED25519) in "+hostKeyPath)
	keygen, err := exec.Command("ssh-keygen", "-lf", hostKeyPath).CombinedOutput()
	require.NoError(t, err, "%s", keygen)
	assert.Contains(t, string(keygen), fp, "the printed fingerprint is the one ssh-keygen -lf shows")

	// A known_hosts with that key: strict checking proves the client got
	// the server it was told of.
	knownHosts := filepath.Join(dir, "known_hosts")
	require.NoError(t, os.WriteFile(knownHosts,
		[]byte(fmt.Sprintf("[%s]:%s %s", host, port, gossh.MarshalAuthorizedKey(hostKey.PublicKey()))), 0o600))
	sshArgs := []string{"-F", "/dev/null", "-p", port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR"}

	// A command: no terminal, output on the channel, the exit status back.
	out, err := exec.Command(sshPath, append(sshArgs, "ana@"+host, "calls", "--json")...).Output()
	require.NoError(t, err, "ssh … calls --json")
	var calls []map[string]any
	require.NoError(t, json.Unmarshal(out, &calls))
	assert.NotEmpty(t, calls)
	err = exec.Command(sshPath, append(sshArgs, "ana@"+host, "sim")...).Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, exitUsage, exit.ExitCode(), "a command not offered over SSH is bad usage")

	// The board, in a real terminal.
	tm := startPane(t, sshPath+" -t "+strings.Join(sshArgs, " ")+" ana@"+host)
	s := tm.waitFor("LIVE")
	assert.Contains(t, s, "Northwind Care (12440011)")
	assert.Contains(t, s, "DEMO")
	tm.selectTalking()
	tm.keys("q")
	if code := tm.exited(); code != "0" {
		t.Fatalf("ssh ended with %s; the screen:\n%s", code, tm.screen(false))
	}

	// SIGHUP reloads the users (a key added to the file) and stops
	// nothing: the open board goes on.
	tm = startPane(t, sshPath+" -t "+strings.Join(sshArgs, " ")+" ana@"+host)
	tm.waitFor("LIVE")
	raj := filepath.Join(dir, "id_raj")
	rajLine, err := os.ReadFile(writeClientKey(t, raj, "raj@desk"))
	require.NoError(t, err)
	anaLine, err := os.ReadFile(authorized)
	require.NoError(t, err)
	rajArgs := slices.Clone(sshArgs)
	rajArgs[slices.Index(rajArgs, key)] = raj // Raj's key alone: Ana's would let him in as her
	require.Error(t, exec.Command(sshPath, append(rajArgs, "raj@"+host, "calls")...).Run(), "not a user before the reload")
	require.NoError(t, os.WriteFile(authorized, append(anaLine, rajLine...), 0o644))
	require.NoError(t, srv.Process.Signal(syscall.SIGHUP))
	deadline := time.Now().Add(15 * time.Second)
	for exec.Command(sshPath, append(rajArgs, "raj@"+host, "calls")...).Run() != nil {
		require.True(t, time.Now().Before(deadline), "raj was never let in; serve said: %s", stderr.String())
		time.Sleep(100 * time.Millisecond)
	}
	assert.Contains(t, stderr.String(), "users reloaded (2)")
	// One edit and one SIGHUP reload once: the file watcher, which looks
	// every 2 s, takes the file as the signal's reload read it.
	time.Sleep(2500 * time.Millisecond)
	assert.Equal(t, 1, strings.Count(stderr.String(), "users reloaded"), "serve said: %s", stderr.String())
	tm.keys("j")
	assert.Contains(t, tm.waitFor("LIVE"), "Northwind Care", "the board goes on")

	// SIGTERM: the open board is told, and the server ends with 0.
	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	tm.waitFor("callboard serve is stopping")
	select {
	case err := <-exited:
		exited <- err
		require.NoError(t, err, "serve's exit status; stderr: %s", stderr.String())
	case <-time.After(serve.DefaultGrace + 10*time.Second):
		t.Fatal("serve did not end after SIGTERM")
	}
}

// writeClientKey writes a new ed25519 key for the ssh client (OpenSSH's
// format, 0600) at path, and its public half as an authorized_keys file
// with comment; it returns that file's path.
func writeClientKey(t testing.TB, path, comment string) string {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	block, err := gossh.MarshalPrivateKey(priv, comment)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(block), 0o600))
	sshPub, err := gossh.NewPublicKey(pub)
	require.NoError(t, err)
	authorized := path + ".pub"
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshPub))) + " " + comment + "\n"
	require.NoError(t, os.WriteFile(authorized, []byte(line), 0o644))
	return authorized
}

// startPane runs command (a shell command line) in a 120×40 tmux pane of
// its own, reporting its exit status as the board's panes do.
func startPane(t *testing.T, command string) *pane {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for the end-to-end tests (.ci/run installs it): ", err)
	}
	tm := &pane{t: t, socket: fmt.Sprintf("callboard-e2e-%d-%d", os.Getpid(), sockets.Add(1))}
	cmd := "env TERM=screen-256color LANG=C.UTF-8 " + command + "; echo EXIT=$?; sleep 600"
	out, err := exec.Command("tmux", "-L", tm.socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", cmd).CombinedOutput()
	require.NoError(t, err, "tmux: %s", out)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}
