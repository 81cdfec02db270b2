package main

import (
	"bytes"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

// Eight callboard processes start together on an expired sign-in, as a
// script's commands do: the lock on the sign-in store makes one of them
// refresh and the others take up what it saved. Without it each would
// spend the single-use refresh token or one of RingCX's five sign-ins a
// minute, and some would fail.
func TestParallelProcessesShareOneSignIn(t *testing.T) {
	c := newCLI(t, sim.Config{RateLimit: -1})
	_, errOut, code := c.run("calls")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, 1, c.sim.Stats().Exchanges, "the first run signed in and kept the sign-in")
	c.sim.ExpireTokens()
	// Slow answers keep every process inside its sign-in at once: without
	// the lock they would all find the token expired and refresh together.
	c.sim.SetFaults(sim.Faults{Latency: 200 * time.Millisecond})

	env := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(binary, "calls", "--json")
			cmd.Env = env
			var errb bytes.Buffer
			cmd.Stderr = &errb
			assert.NoError(t, cmd.Run(), "process %d: %s", i, errb.String())
		}()
	}
	wg.Wait()
	st := c.sim.Stats()
	assert.Equal(t, 1, st.Refreshes, "one process refreshed")
	assert.Equal(t, 1, st.Exchanges, "nobody signed in afresh")
}
