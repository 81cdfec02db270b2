package main

import (
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/sim"
)

// simCommand runs the simulated RingCX server. Its flags are the
// simulator's own, parsed by sim.Main: the command passes them through.
func simCommand() *cobra.Command {
	return &cobra.Command{
		Use:                "sim",
		GroupID:            groupMore,
		Short:              "Run the simulated RingCX server",
		Example:            "callboard sim --calls 10000 --rate-limit -1 --hostile",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := sim.Main(cmd.Context(), args, cmd.OutOrStdout(), cmd.ErrOrStderr()); code != exitOK {
				return &exitError{code: code}
			}
			return nil
		},
	}
}
