package main

import (
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/sim"
)

// simCommand runs the simulated RingCX server. Its flags are cobra flags
// like every other command's, so its help, errors, completion and man page
// are the same as theirs; the simulator's package keeps what they mean
// (sim.Options) and checks their values (Validate).
func simCommand() *cobra.Command {
	opts := sim.DefaultOptions()
	cmd := &cobra.Command{
		Use:     "sim",
		GroupID: groupMore,
		Short:   "Run the simulated RingCX server",
		Long: `Runs a simulated RingCX server: RingCentral JWT sign-in, the RingCX token exchange and the Active Calls API over a living call centre. It accepts any client id, secret, JWT and password, and prints the variables that point callboard (or curl) at it.

Faults are switched on through /_sim/faults (latency, errors, outages, 429s, bad answers), hostile data through /_sim/hostile.`,
		Example: `
callboard sim
callboard sim --calls 10000 --rate-limit -1
callboard sim --listen 127.0.0.1:9000 --token-ttl 30s --hostile
curl -X PUT -d '{"errorRate":0.2,"latency":"300ms"}' http://127.0.0.1:8089/_sim/faults`,
		Args: takesArgs(0),
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Listen, "listen", opts.Listen, "address to listen on")
	fs.Int64Var(&opts.Seed, "seed", opts.Seed, "world seed: same seed, same call centre")
	fs.IntVar(&opts.Calls, "calls", opts.Calls, "target concurrent calls in Northwind Care")
	fs.DurationVar(&opts.TokenTTL, "token-ttl", opts.TokenTTL, "lifetime of the RingCX access tokens it issues")
	fs.IntVar(&opts.RateLimit, "rate-limit", opts.RateLimit, "requests a minute the simulated API allows, -1 for no limit")
	fs.BoolVar(&opts.Hostile, "hostile", opts.Hostile, "put terminal escapes, RTL text and huge strings in names")
	fs.BoolVar(&opts.Static, "static", opts.Static, "freeze the world: calls change only through API actions")
	fs.BoolVar(&opts.Control, "control", opts.Control, "serve the /_sim/ control endpoints")
	fs.BoolVar(&opts.Quiet, "quiet", opts.Quiet, "do not log each request to stderr")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := opts.Validate(); err != nil {
			return usageErrorf(cmd, "%v", err)
		}
		if err := sim.Run(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr()); err != nil {
			return &exitError{code: exitFailed, msg: "sim: " + err.Error()}
		}
		return nil
	}
	return cmd
}
