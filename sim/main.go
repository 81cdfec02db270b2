package sim

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/callboard/callboard/internal/shown"
)

// Options are the standalone simulator's settings, the flags of
// `callboard sim`.
type Options struct {
	Listen    string        // address to listen on
	Seed      int64         // world seed: same seed, same call centre
	Calls     int           // target concurrent calls in Northwind Care
	TokenTTL  time.Duration // RingCX access token lifetime
	RateLimit int           // API requests per minute, -1 for none
	Hostile   bool          // terminal escapes, RTL text and huge strings in names
	Static    bool          // freeze the world: calls change only through API actions
	Control   bool          // serve the /_sim/ control endpoints
	Quiet     bool          // do not log each request to stderr
}

// DefaultOptions are the settings of a plain `callboard sim`.
func DefaultOptions() Options {
	return Options{Listen: "127.0.0.1:8089", Seed: 1, Calls: 40, TokenTTL: 5 * time.Minute, RateLimit: 120, Control: true}
}

// Validate says what is wrong with o, naming the flag to fix.
func (o Options) Validate() error {
	switch {
	case o.Calls < 0 || o.Calls > 100_000:
		return errors.New("--calls must be between 0 and 100000")
	case o.TokenTTL <= 0:
		return errors.New("--token-ttl must be positive")
	case o.RateLimit == 0 || o.RateLimit < -1:
		return errors.New("--rate-limit must be positive, or -1 for no limit")
	}
	return validListen(o.Listen)
}

// validListen checks --listen before anything is said about it: a host
// (a name, an IP address, or none for every interface) and a port number.
// An address that cannot be listened on was called "beyond this machine"
// and then failed to listen; it is bad input, echoed with its controls
// written out.
func validListen(addr string) error {
	bad := func(why string) error {
		return fmt.Errorf("--listen %s: %s; give HOST:PORT, such as 127.0.0.1:8089", shown.Quote(addr), why)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return bad("not a host and a port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
		return bad("the port is not a number from 0 to 65535")
	}
	if _, err := netip.ParseAddr(host); err == nil || host == "" {
		return nil
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.TrimLeft(strings.ToLower(label), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return bad("the host is neither a name nor an IP address")
		}
	}
	return nil
}

// Run serves the simulator standalone until ctx is done. It prints the
// variables that point callboard (or curl) at it on stdout, and each
// request on stderr unless o.Quiet. It returns an error when o is not
// valid or it cannot listen.
func Run(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	token := hex.EncodeToString(randomBytes(16))
	accounts := []AccountSpec{defaultAccounts[0], defaultAccounts[1]}
	accounts[0].Calls = o.Calls
	cfg := Config{
		Seed: o.Seed, Accounts: accounts, TokenTTL: o.TokenTTL, RateLimit: o.RateLimit, Hostile: o.Hostile,
		Static: o.Static, Control: o.Control, APITokens: []string{token},
	}
	if !o.Quiet {
		cfg.Logf = func(format string, args ...any) { logRequest(stderr, format, args...) }
	}
	if !isLoopback(o.Listen) {
		fmt.Fprintf(stderr, "callboard sim: warning: listening on %s, beyond this machine; the simulator accepts any credentials, so anyone who can reach it can use it\n", shown.Value(o.Listen))
	}
	url, stop, err := serve(New(cfg), o.Listen)
	if err != nil {
		return err
	}
	defer stop()
	printEnv(stdout, url, token, o.Control)
	<-ctx.Done()
	return nil
}

// logRequest writes one line of the request log to w. Its text arguments
// come from the request (the path, once unescaped, can hold any byte), so
// each is shown as shown.Value shows it: escapes and bidi overrides
// written out, long paths cut.
func logRequest(w io.Writer, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = shown.Value(s)
		}
	}
	fmt.Fprintf(w, time.Now().Format("15:04:05.000")+" "+format+"\n", args...)
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
