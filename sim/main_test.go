package sim_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// syncBuffer is written by Main's goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMainFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--nope"}, {"--calls", "-1"}, {"--calls", "many"}, {"--rate-limit", "0"}, {"--token-ttl", "soon"},
		{"--token-ttl", "0s"}, {"extra"}, {"--seed"},
	} {
		var out, errb bytes.Buffer
		code := sim.Main(context.Background(), args, &out, &errb)
		assert.Equal(t, 2, code, "%v", args)
		assert.Contains(t, errb.String(), "callboard sim:", "%v", args)
		assert.Contains(t, errb.String(), "--help", "%v", args)
		assert.Empty(t, out.String())
	}
}

func TestMainHelp(t *testing.T) {
	for _, h := range []string{"-h", "--help"} {
		var out, errb bytes.Buffer
		assert.Equal(t, 0, sim.Main(context.Background(), []string{h}, &out, &errb))
		assert.Contains(t, out.String(), "Examples:")
		assert.Contains(t, out.String(), "--listen")
		assert.Empty(t, errb.String())
	}
}

func runMain(t *testing.T, args ...string) (stdout, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- sim.Main(ctx, args, stdout, stderr) }()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "curl ") }, 5*time.Second, 5*time.Millisecond,
		"stderr: %s", stderr.String())
	return stdout, stderr, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(5 * time.Second):
			t.Fatal("Main did not return after ctx was cancelled")
			return -1
		}
	}
}

func TestMainServesAndPrintsEnv(t *testing.T) {
	stdout, stderr, stop := runMain(t, "--listen", "127.0.0.1:0", "--seed", "3", "--calls", "12", "--static")
	out := stdout.String()
	env := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^export (\w+)=(\S+)$`).FindAllStringSubmatch(out, -1) {
		env[m[1]] = m[2]
	}
	for _, k := range []string{"RINGCENTRAL_SERVER_URL", "RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT",
		"RINGCX_SERVER_URL", "RINGCX_ACCOUNT_ID", "RINGCX_API_TOKEN"} {
		assert.NotEmpty(t, env[k], k)
	}
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, env["RINGCX_SERVER_URL"])
	assert.Equal(t, care, env["RINGCX_ACCOUNT_ID"])

	// The printed curl example works as printed, with the printed values.
	req, _ := http.NewRequest("GET", env["RINGCX_SERVER_URL"]+"/voice/api/v1/admin/accounts/"+env["RINGCX_ACCOUNT_ID"]+
		"/activeCalls/list?product=ACCOUNT&productId="+env["RINGCX_ACCOUNT_ID"]+"&maxRows=5", nil)
	req.Header.Set("X-Auth-Token", env["RINGCX_API_TOKEN"])
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, out, `curl -s -H "X-Auth-Token: $RINGCX_API_TOKEN"`)

	resp, err = http.Get(env["RINGCX_SERVER_URL"] + "/_sim/stats")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "control endpoints on by default standalone")

	assert.Equal(t, 0, stop())
	assert.Contains(t, stderr.String(), "/activeCalls/list", "requests are logged")
	assert.NotContains(t, stderr.String(), "warning")
}

func TestMainWarnsOffLoopback(t *testing.T) {
	_, stderr, stop := runMain(t, "--listen", "0.0.0.0:0", "--quiet", "--control=false")
	assert.Equal(t, 0, stop())
	assert.Contains(t, stderr.String(), "warning")
	assert.Contains(t, stderr.String(), "accepts any credentials")
}

func TestMainListenError(t *testing.T) {
	var out, errb bytes.Buffer
	assert.Equal(t, 1, sim.Main(context.Background(), []string{"--listen", "256.0.0.1:1"}, &out, &errb))
	assert.NotEmpty(t, errb.String())
}

func TestStart(t *testing.T) {
	url, srv, stop, err := sim.Start(sim.Config{Static: true, APITokens: []string{apiTok}})
	require.NoError(t, err)
	defer stop()
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, url)
	req, _ := http.NewRequest("GET", url+"/voice/api/v1/admin/accounts", nil)
	req.Header.Set("X-Auth-Token", apiTok)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 1, srv.Stats().Requests)
	stop()
	stop() // idempotent
	_, err = http.Get(url)
	assert.Error(t, err, "stopped")
}
