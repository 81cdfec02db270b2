package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

// boardOptions is what the board is started with.
type boardOptions struct {
	demo, readOnly               bool
	phone                        string
	refresh                      time.Duration
	waitThreshold, talkThreshold time.Duration
	server, account              string
	rcServer, clientID, secret   string
	jwt                          string
	noColor                      bool
}

const demoAccount = "12440011"

// runBoard starts the supervision board.
func runBoard(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, code := parseBoardFlags(args, env, stdout, stderr)
	if code >= 0 {
		return code
	}
	if f, ok := stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		fmt.Fprintln(stderr, "callboard: standard output is not a terminal, so the board will not start.\nFor scripts and pipes use a one-shot command, e.g. `callboard calls` (see callboard --help).")
		return 2
	}
	if o.demo {
		url, _, stop, err := sim.Start(sim.Config{Seed: 1})
		if err != nil {
			fmt.Fprintf(stderr, "callboard: cannot start the demo simulator: %v\n", err)
			return 1
		}
		defer stop()
		o.server, o.rcServer, o.account = url, url, demoAccount
		o.clientID, o.secret, o.jwt = "demo-client-id", "demo-client-secret", "demo-jwt"
	} else if missing := o.missingCredentials(); len(missing) > 0 {
		fmt.Fprint(stderr, noCredentialsMessage(missing))
		return 2
	}
	client, err := api.NewClient(
		api.WithServer(o.server),
		api.WithAccount(o.account),
		api.WithUserAgent("callboard/"+version),
		api.WithAuth(api.JWTAuth(api.JWTCredentials{Server: o.rcServer, ClientID: o.clientID, ClientSecret: o.secret, JWT: o.jwt})),
	)
	if err != nil {
		fmt.Fprintf(stderr, "callboard: %v\n", err)
		return 2
	}
	signCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	name, err := accountName(signCtx, client)
	cancel()
	if err != nil {
		fmt.Fprintf(stderr, "callboard: %v\n", err)
		return 1
	}
	p, err := poller.New(client, poller.AccountScope(o.account), poller.WithInterval(o.refresh))
	if err != nil {
		fmt.Fprintf(stderr, "callboard: %v\n", err)
		return 2
	}
	sub := p.Subscribe()
	defer sub.Close()
	pollCtx, stopPolling := context.WithCancel(ctx)
	defer stopPolling()
	go func() { _ = p.Run(pollCtx) }()

	hint := "+1 555 415 0123"
	m := ui.New(ui.Config{
		Client: client, Poller: p, Sub: sub, Budget: client.Budget(),
		Keys: defaultKeyMap(), Theme: newTheme(o.noColor),
		AccountID: o.account, AccountName: name, Demo: o.demo, ReadOnly: o.readOnly,
		Phone: o.phone, PhoneHint: hint,
		WaitThreshold: o.waitThreshold, TalkThreshold: o.talkThreshold,
		Context: ctx,
	})
	prog := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	if _, err := prog.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "callboard: %v\n", err)
		return 1
	}
	return 0
}

// parseBoardFlags reads flags over the environment. It returns code ≥ 0 when
// the program should exit with it (help, bad usage).
func parseBoardFlags(args []string, env func(string) string, stdout, stderr io.Writer) (boardOptions, int) {
	o := boardOptions{
		phone:    env("CALLBOARD_PHONE"),
		server:   firstSet(env("RINGCX_SERVER_URL"), api.DefaultServer),
		account:  env("RINGCX_ACCOUNT_ID"),
		rcServer: firstSet(env("RINGCENTRAL_SERVER_URL"), api.DefaultRingCentral),
		clientID: env("RINGCENTRAL_CLIENT_ID"),
		secret:   env("RINGCENTRAL_CLIENT_SECRET"),
		jwt:      env("RINGCENTRAL_JWT"),
		noColor:  env("NO_COLOR") != "",
	}
	fs := flag.NewFlagSet("callboard", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.BoolVar(&o.readOnly, "read-only", false, "")
	fs.StringVar(&o.phone, "phone", o.phone, "")
	fs.StringVar(&o.account, "account", o.account, "")
	fs.StringVar(&o.server, "server", o.server, "")
	fs.DurationVar(&o.refresh, "refresh", poller.DefaultInterval, "")
	fs.DurationVar(&o.waitThreshold, "wait-threshold", ui.DefaultWaitThreshold, "")
	fs.DurationVar(&o.talkThreshold, "talk-threshold", ui.DefaultTalkThreshold, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, boardUsage)
			return o, 0
		}
		fmt.Fprintf(stderr, "callboard: %v\nRun 'callboard --help' for usage.\n", err)
		return o, 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "callboard: unknown command %q\nRun 'callboard --help' for usage.\n", fs.Arg(0))
		return o, 2
	}
	if o.refresh < poller.MinInterval {
		fmt.Fprintf(stderr, "callboard: --refresh %s is too short: the minimum is %s (RingCX allows 120 requests a minute per account, shared with actions; RingCentral recommends 5–10 s)\n", o.refresh, poller.MinInterval)
		return o, 2
	}
	if o.waitThreshold <= 0 || o.talkThreshold <= 0 {
		fmt.Fprintln(stderr, "callboard: --wait-threshold and --talk-threshold must be positive durations, e.g. 90s or 12m")
		return o, 2
	}
	if o.phone != "" {
		p, err := api.NormalizePhone("phone", o.phone)
		if err != nil {
			fmt.Fprintf(stderr, "callboard: --phone / CALLBOARD_PHONE: %v\n", err)
			return o, 2
		}
		o.phone = p
	}
	return o, -1
}

func firstSet(v, def string) string {
	if strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (o *boardOptions) missingCredentials() []string {
	var missing []string
	for _, v := range []struct{ name, value string }{
		{"RINGCENTRAL_CLIENT_ID", o.clientID}, {"RINGCENTRAL_CLIENT_SECRET", o.secret},
		{"RINGCENTRAL_JWT", o.jwt}, {"RINGCX_ACCOUNT_ID", o.account},
	} {
		if strings.TrimSpace(v.value) == "" {
			missing = append(missing, v.name)
		}
	}
	return missing
}

func noCredentialsMessage(missing []string) string {
	return "callboard: no RingCX account to watch: " + strings.Join(missing, ", ") + " not set.\n\n" +
		"Set RingCentral's usual variables (a RingCentral app with the ReadAccounts scope, and a supervisor's JWT):\n" +
		"  export RINGCENTRAL_CLIENT_ID=…  RINGCENTRAL_CLIENT_SECRET=…  RINGCENTRAL_JWT=…\n" +
		"  export RINGCX_ACCOUNT_ID=…      # the RingCX account to watch\n" +
		"Optional: RINGCENTRAL_SERVER_URL (default " + api.DefaultRingCentral + "), RINGCX_SERVER_URL (default " + api.DefaultServer + "), CALLBOARD_PHONE.\n\n" +
		"Or try it on a simulated account, no credentials needed:\n  callboard --demo\n"
}

// accountName signs in and finds the account's name, which also proves the
// credentials before the board takes over the screen.
func accountName(ctx context.Context, c *api.Client) (string, error) {
	details, err := c.SignIn(ctx)
	if err != nil {
		return "", err
	}
	if details != nil {
		for _, a := range details.Agents {
			if a.AccountID == c.AccountID() && a.AccountName != "" {
				return a.AccountName, nil
			}
		}
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		return "", err
	}
	for _, a := range accounts {
		if a.AccountID == c.AccountID() {
			return a.AccountName, nil
		}
	}
	return "", nil
}

const boardUsage = `callboard — every live call of a RingCX account, and the supervisor's actions on them.

Usage:
  callboard [flags]            the board (needs a terminal)
  callboard --demo             the board on a simulated account, no credentials needed
  callboard sim [flags]        run the simulated RingCX server on its own

Flags:
  --demo                 use the embedded simulated RingCX account
  --phone N              your phone, dialled for monitor/coach/barge (or CALLBOARD_PHONE)
  --account ID           RingCX account id (or RINGCX_ACCOUNT_ID)
  --server URL           RingCX server (or RINGCX_SERVER_URL; default ` + api.DefaultServer + `)
  --refresh D            refresh interval (default 5s, minimum 2s)
  --wait-threshold D     highlight calls waiting longer (default 60s)
  --talk-threshold D     highlight calls talking longer (default 10m)
  --read-only            show calls, allow no actions
  --version              print the version

Credentials (RingCentral's usual names): RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET,
RINGCENTRAL_JWT, RINGCENTRAL_SERVER_URL (default ` + api.DefaultRingCentral + `).

Examples:
  callboard --demo
  CALLBOARD_PHONE=+15554150123 callboard --account 12440011
  callboard --read-only --refresh 10s
`
