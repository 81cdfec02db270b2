package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/sim"
)

func TestQueuesCommandFormats(t *testing.T) {
	c := newCLI(t, sim.Config{})
	waiting := map[string]int{}
	for _, call := range c.sim.Calls(cliAccount) {
		if call.AgentUsername == "" && call.DestinationName != "" {
			waiting[call.DestinationName]++
		}
	}
	require.NotEmpty(t, waiting, "the simulator has callers waiting")

	out, errOut, code := c.run("queues", "--json")
	require.Equal(t, exitOK, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.NotEmpty(t, rows)
	var names []string
	for _, r := range rows {
		assertFields(t, r, queuesCSVHeader)
		name := r["gateName"].(string)
		names = append(names, name)
		assert.Equal(t, float64(waiting[name]), r["inQueue"], "%s: waiting is the calls in its queue", name)
		if waiting[name] > 0 {
			assert.Greater(t, r["longestWaitSeconds"], float64(0), name)
		}
		assert.Equal(t, true, r["open"], name)
		sl, ok := r["serviceLevel"].(float64)
		require.True(t, ok, "%s: today's service level, as a share", name)
		assert.True(t, sl >= 0 && sl <= 1, "%s: %v", name, sl)
	}
	assert.IsIncreasing(t, names, "sorted by group, then name (one group here)")

	table, errOut, code := c.run("queues")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(table), "\n")
	assert.Regexp(t, `^QUEUE\s+GROUP\s+STATE\s+WAITING\s+LONGEST\s+TALKING\s+RINGING\s+STAFFED\s+FREE\s+OFFERED\s+ANSWERED\s+ABANDONED\s+SL TODAY\s+AVG WAIT$`, lines[0])
	assert.Len(t, lines, len(rows)+1)
	assert.Regexp(t, `\s\d+%\s+\d+:\d\d$`, lines[1], "service level in percent, average wait as a duration")

	text, errOut, code := c.run("queues", "--csv")
	require.Equal(t, exitOK, code, errOut)
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, queuesCSVHeader, recs[0])
	assert.Len(t, recs, len(rows)+1)

	_, errOut, code = c.run("queues", "--csv", "--json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "choose one of --json and --csv")
}
