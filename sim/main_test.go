package sim_test

import (
	"bytes"
	"context"
	"github.com/callboard/callboard/internal/syncbuf"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// The values a flag can take but the simulator cannot run with are
// refused, naming the flag; the flags themselves are callboard's (cmd_sim.go).
func TestOptionsValidate(t *testing.T) {
	require.NoError(t, sim.DefaultOptions().Validate())
	for _, tc := range []struct {
		change func(*sim.Options)
		want   string
	}{
		{func(o *sim.Options) { o.Calls = -1 }, "--calls"},
		{func(o *sim.Options) { o.Calls = 100_001 }, "--calls"},
		{func(o *sim.Options) { o.TokenTTL = 0 }, "--token-ttl"},
		{func(o *sim.Options) { o.RateLimit = 0 }, "--rate-limit"},
		{func(o *sim.Options) { o.RateLimit = -2 }, "--rate-limit"},
		// Checked before the warning about listening beyond this machine,
		// which such an address is not; echoed with its controls visible.
		{func(o *sim.Options) { o.Listen = "127.0.0.1:\x1b[2J" }, `--listen "127.0.0.1:\x1b[2J": not a host and a port`},
		{func(o *sim.Options) { o.Listen = "127.0.0.1:80\x1b" }, `--listen "127.0.0.1:80\x1b": the port is not a number`},
		{func(o *sim.Options) { o.Listen = "127.0.0.1" }, `--listen "127.0.0.1": not a host and a port`},
		{func(o *sim.Options) { o.Listen = "127.0.0.1:99999" }, "the port is not a number from 0 to 65535"},
		{func(o *sim.Options) { o.Listen = "127.0.0.1:+80" }, "the port is not a number"},
		{func(o *sim.Options) { o.Listen = "ho\u202est:8089" }, `--listen "ho\u202est:8089": the host is neither`},
	} {
		o := sim.DefaultOptions()
		tc.change(&o)
		assert.ErrorContains(t, o.Validate(), tc.want)
		var out, errb bytes.Buffer
		assert.ErrorContains(t, sim.Run(context.Background(), o, &out, &errb), tc.want, "Run refuses it too")
		assert.Empty(t, out.String(), "nothing served")
		assert.Empty(t, errb.String(), "no warning about an address that is refused")
	}
	for _, ok := range []string{"127.0.0.1:0", ":8089", "localhost:8089", "[::1]:8089", "sim.example.com:8089", "0.0.0.0:8089"} {
		o := sim.DefaultOptions()
		o.Listen = ok
		assert.NoError(t, o.Validate(), ok)
	}
}

func runMain(t *testing.T, change func(*sim.Options)) (stdout, stderr *syncbuf.Buffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncbuf.Buffer{}, &syncbuf.Buffer{}
	o := sim.DefaultOptions()
	change(&o)
	done := make(chan error, 1)
	go func() { done <- sim.Run(ctx, o, stdout, stderr) }()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "curl ") }, 5*time.Second, 5*time.Millisecond,
		"stderr: %s", stderr.String())
	return stdout, stderr, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after ctx was cancelled")
			return nil
		}
	}
}

func TestMainServesAndPrintsEnv(t *testing.T) {
	stdout, stderr, stop := runMain(t, func(o *sim.Options) { o.Listen, o.Seed, o.Calls, o.Static = "127.0.0.1:0", 3, 12, true })
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

	assert.NoError(t, stop())
	assert.Contains(t, stderr.String(), "/activeCalls/list", "requests are logged")
	assert.NotContains(t, stderr.String(), "warning")
}

func TestMainWarnsOffLoopback(t *testing.T) {
	_, stderr, stop := runMain(t, func(o *sim.Options) { o.Listen, o.Quiet, o.Control = "0.0.0.0:0", true, false })
	assert.NoError(t, stop())
	assert.Contains(t, stderr.String(), "warning")
	assert.Contains(t, stderr.String(), "accepts any credentials")
}

func TestMainListenError(t *testing.T) {
	o := sim.DefaultOptions()
	o.Listen = "256.0.0.1:1"
	var out, errb bytes.Buffer
	assert.Error(t, sim.Run(context.Background(), o, &out, &errb))
	assert.Empty(t, out.String(), "no variables for a server that is not there")
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

// A request's path reaches stderr shown, not played: escape sequences and
// bidi overrides a client put in it (percent-encoded, so they arrive
// decoded in the path) are written out visibly.
func TestMainLogsRequestPathsCleaned(t *testing.T) {
	stdout, stderr, stop := runMain(t, func(o *sim.Options) { o.Listen, o.Static = "127.0.0.1:0", true })
	url := regexp.MustCompile(`(?m)^export RINGCX_SERVER_URL=(\S+)$`).FindStringSubmatch(stdout.String())
	require.Len(t, url, 2)
	resp, err := http.Get(url[1] + "/voice/api/v1/x%1b%5b2J%c2%9b31m%e2%80%aey")
	require.NoError(t, err)
	resp.Body.Close()
	require.NoError(t, stop())
	log := stderr.String()
	assert.Contains(t, log, `/voice/api/v1/x\x1b[2J\u009b31m\u202ey`)
	for _, raw := range []string{"\x1b", "\u009b", "\u202e"} {
		assert.NotContains(t, log, raw)
	}
}

// The --listen address is the person's, and is echoed shown, not played;
// one that is no host is refused before any warning about listening
// beyond this machine, which it is not.
func TestMainEchoesTheListenAddressVisibly(t *testing.T) {
	o := sim.DefaultOptions()
	o.Listen = "\x1b[2J\u202e:1"
	var out, errb bytes.Buffer
	err := sim.Run(context.Background(), o, &out, &errb)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `--listen "\x1b[2J\u202e:1": not a host and a port`)
	assert.NotContains(t, err.Error(), "\x1b")
	assert.NotContains(t, err.Error(), "\u202e")
	assert.Empty(t, errb.String(), "no warning")
}
