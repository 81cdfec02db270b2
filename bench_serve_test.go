package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	gossh "golang.org/x/crypto/ssh"

	"github.com/callboard/callboard/internal/serve"
	"github.com/callboard/callboard/internal/sshtest"
)

// BenchmarkServeIdleSessions is what one more idle SSH session costs
// `callboard serve` at 1,000 calls: the server runs as its own process
// (the built binary, on the standalone simulator with 1,000 calls), so its
// memory and CPU are its own, not the test's clients'. Idle means nobody
// types: the boards still redraw every second for their ticking timers,
// and on every refresh. Reported per session, from the difference between
// 1 and 1+idleSessions open boards over the same window:
//
//   - KiB/session: resident memory (VmRSS) added
//   - %cpu/session: CPU time (user+system) added, as a share of one core
//   - B/s/session: bytes each board receives per second
//
// go test -run '^$' -bench ServeIdleSessions -benchtime 1x .
func BenchmarkServeIdleSessions(b *testing.B) {
	const idleSessions = 20
	window := 20 * time.Second
	env := startSimulator(b, "--calls", "1000", "--rate-limit", "-1", "--static")
	dir := b.TempDir()
	home := filepath.Join(dir, "home")
	key := filepath.Join(dir, "id_ed25519")
	authorized := writeClientKey(b, key, "bench@host")
	signer := loadClientKey(b, key)

	srv := exec.Command(binary, "serve", "--listen", "127.0.0.1:0", "--authorized-keys", authorized)
	srv.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + home + "/config",
		"XDG_STATE_HOME=" + home + "/state"}, env...)
	stdout, err := srv.StdoutPipe()
	require.NoError(b, err)
	require.NoError(b, srv.Start())
	b.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	addr := ""
	lines := bufio.NewScanner(stdout)
	for addr == "" && lines.Scan() {
		if m := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	require.NotEmpty(b, addr)
	hostKey, _, err := serve.HostKey(filepath.Join(home, "state", "callboard", hostKeyFile))
	require.NoError(b, err)

	open := func() *sshtest.Terminal {
		t := sshtest.OpenBoard(b, sshtest.Dial(b, addr, hostKey.PublicKey(), signer), 120, 40)
		t.WaitFor("LIVE")
		t.WaitFor("1,000 calls")
		return t
	}
	// measure is the server's resident memory now, and its CPU time and
	// the bytes each board received over the window.
	measure := func(boards []*sshtest.Terminal) (rssKiB int, cpu time.Duration, bytesPerBoard float64) {
		before := make([]int, len(boards))
		for i, t := range boards {
			before[i] = t.Received()
		}
		cpu0 := processCPU(b, srv.Process.Pid)
		time.Sleep(window)
		cpu = processCPU(b, srv.Process.Pid) - cpu0
		total := 0
		for i, t := range boards {
			total += t.Received() - before[i]
		}
		return processRSS(b, srv.Process.Pid), cpu, float64(total) / float64(len(boards))
	}

	b.ResetTimer()
	for range b.N {
		boards := []*sshtest.Terminal{open()}
		rss1, cpu1, _ := measure(boards)
		for range idleSessions {
			boards = append(boards, open())
		}
		rssN, cpuN, bytesEach := measure(boards)
		b.ReportMetric(float64(rssN-rss1)/idleSessions, "KiB/session")
		b.ReportMetric(100*float64(cpuN-cpu1)/idleSessions/float64(window), "%cpu/session")
		b.ReportMetric(bytesEach/window.Seconds(), "B/s/session")
		b.ReportMetric(float64(rss1), "KiB-rss-1-session")
		b.ReportMetric(100*float64(cpu1)/float64(window), "%cpu-1-session")
		for _, t := range boards {
			_ = t.Sess.Close()
		}
	}
}

func loadClientKey(t testing.TB, path string) gossh.Signer {
	t.Helper()
	pem, err := os.ReadFile(path)
	require.NoError(t, err)
	s, err := gossh.ParsePrivateKey(pem)
	require.NoError(t, err)
	return s
}

// processCPU is process pid's user and system CPU time (/proc/PID/stat).
func processCPU(t testing.TB, pid int) time.Duration {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	require.NoError(t, err)
	_, after, _ := strings.Cut(string(stat), ") ")
	f := strings.Fields(after) // from field 3 (state) on
	utime, err := strconv.ParseInt(f[11], 10, 64)
	require.NoError(t, err)
	stime, err := strconv.ParseInt(f[12], 10, 64)
	require.NoError(t, err)
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// processRSS is process pid's resident memory in KiB (/proc/PID/status).
func processRSS(t testing.TB, pid int) int {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	require.NoError(t, err)
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kib, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			require.NoError(t, err)
			return kib
		}
	}
	t.Fatal("no VmRSS")
	return 0
}
