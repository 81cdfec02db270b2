package sim

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

const usage = `Usage: callboard sim [flags]

Runs a simulated RingCX server: RingCentral JWT login, the RingCX token exchange and the Active
Calls API over a living call centre. It accepts any client id, secret, JWT and password.

Flags:
  --listen ADDR        address to listen on (default 127.0.0.1:8089)
  --seed N             world seed; same seed, same call centre (default 1)
  --calls N            target concurrent calls in Northwind Care (default 40)
  --token-ttl D        RingCX access token lifetime (default 5m)
  --rate-limit N       API requests per minute, -1 for none (default 120)
  --hostile            put terminal escapes, RTL text and huge strings in names
  --static             freeze the world: calls change only through API actions
  --control            serve the /_sim/ control endpoints (default true)
  --quiet              do not log each request to stderr
  -h, --help           show this help

Examples:
  callboard sim
  callboard sim --calls 10000 --rate-limit -1
  callboard sim --listen 127.0.0.1:9000 --token-ttl 30s --hostile
  curl -X PUT -d '{"errorRate":0.2,"latency":"300ms"}' http://127.0.0.1:8089/_sim/faults
`

// Main runs the simulator standalone until ctx is done. Exit codes: 0 clean, 1 cannot listen,
// 2 bad flags.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("callboard sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // we print our own usage and errors
	listenAddr := fs.String("listen", "127.0.0.1:8089", "")
	seed := fs.Int64("seed", 1, "")
	calls := fs.Int("calls", 40, "")
	ttl := fs.Duration("token-ttl", 5*time.Minute, "")
	rate := fs.Int("rate-limit", 120, "")
	hostile := fs.Bool("hostile", false, "")
	static := fs.Bool("static", false, "")
	control := fs.Bool("control", true, "")
	quiet := fs.Bool("quiet", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "callboard sim: %v\nRun 'callboard sim --help' for usage.\n", err)
		return 2
	}
	var bad string
	switch {
	case fs.NArg() > 0:
		bad = fmt.Sprintf("unexpected argument %q", fs.Arg(0))
	case *calls < 0 || *calls > 100_000:
		bad = "--calls must be between 0 and 100000"
	case *ttl <= 0:
		bad = "--token-ttl must be positive"
	case *rate == 0 || *rate < -1:
		bad = "--rate-limit must be positive, or -1 for no limit"
	}
	if bad != "" {
		fmt.Fprintf(stderr, "callboard sim: %s\nRun 'callboard sim --help' for usage.\n", bad)
		return 2
	}

	token := hex.EncodeToString(randomBytes(16))
	accounts := []AccountSpec{defaultAccounts[0], defaultAccounts[1]}
	accounts[0].Calls = *calls
	cfg := Config{
		Seed: *seed, Accounts: accounts, TokenTTL: *ttl, RateLimit: *rate, Hostile: *hostile,
		Static: *static, Control: *control, APITokens: []string{token},
	}
	if !*quiet {
		cfg.Logf = func(format string, args ...any) {
			fmt.Fprintf(stderr, time.Now().Format("15:04:05.000")+" "+format+"\n", args...)
		}
	}
	if !isLoopback(*listenAddr) {
		fmt.Fprintf(stderr, "callboard sim: warning: listening on %s, beyond this machine; the simulator accepts any credentials, so anyone who can reach it can use it\n", *listenAddr)
	}
	url, stop, err := serve(New(cfg), *listenAddr)
	if err != nil {
		fmt.Fprintf(stderr, "callboard sim: %v\n", err)
		return 1
	}
	defer stop()
	printEnv(stdout, url, token, *control)
	<-ctx.Done()
	return 0
}

func printEnv(w io.Writer, url, token string, control bool) {
	fmt.Fprintf(w, `callboard simulator listening on %[1]s (any client id, secret and JWT are accepted)

export RINGCENTRAL_SERVER_URL=%[1]s
export RINGCENTRAL_CLIENT_ID=sim-client-id
export RINGCENTRAL_CLIENT_SECRET=sim-client-secret
export RINGCENTRAL_JWT=sim-jwt
export RINGCX_SERVER_URL=%[1]s
export RINGCX_ACCOUNT_ID=%[2]s
export RINGCX_API_TOKEN=%[3]s

curl -s -H "X-Auth-Token: $RINGCX_API_TOKEN" "$RINGCX_SERVER_URL/voice/api/v1/admin/accounts/$RINGCX_ACCOUNT_ID/activeCalls/list?product=ACCOUNT&productId=$RINGCX_ACCOUNT_ID&maxRows=5"
`, url, defaultAccounts[0].ID, token)
	if control {
		fmt.Fprintf(w, "curl -s %s/_sim/stats    # control endpoints: /_sim/faults /_sim/calls /_sim/expire-tokens /_sim/hostile /_sim/requests\n", url)
	}
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Start serves a new simulator on a loopback port (the product's --demo mode).
func Start(cfg Config) (string, *Server, func(), error) {
	srv := New(cfg)
	url, stop, err := serve(srv, "127.0.0.1:0")
	return url, srv, stop, err
}

// serve listens on addr and serves srv until stop is called.
func serve(srv *Server, addr string) (string, func(), error) {
	ln, err := listen(addr)
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = hs.Serve(ln)
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if hs.Shutdown(ctx) != nil {
				_ = hs.Close()
			}
			<-done
		})
	}
	return "http://" + ln.Addr().String(), stop, nil
}
