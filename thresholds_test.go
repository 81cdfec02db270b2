package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/sim"
	"github.com/callboard/callboard/ui"
)

// `callboard config` prints the defaults the board uses: the config
// package's and ui's are the same values.
func TestThresholdDefaultsAreTheBoards(t *testing.T) {
	assert.Equal(t, ui.DefaultWrapUpThreshold, config.DefaultWrapUpThreshold)
	assert.Equal(t, ui.DefaultAwayThreshold, config.DefaultAwayThreshold)
	assert.Equal(t, ui.DefaultQueueWaitThreshold, config.DefaultQueueWaitThreshold)
	assert.InDelta(t, ui.DefaultServiceLevelThreshold, config.DefaultServiceLevel, 1e-12)
}

// The board gets the thresholds the config file sets.
func TestViewThresholdsReachTheBoard(t *testing.T) {
	c := newCLI(t, sim.Config{})
	cfgDir := filepath.Join(c.dir, "config", "callboard")
	require.NoError(t, os.MkdirAll(cfgDir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(cfgDir, "config.toml"),
		[]byte("[thresholds]\nwrap_up = \"3m\"\naway = \"20m\"\nqueue_wait = \"45s\"\nservice_level = \"90%\"\nbell = true\n"), 0o600))
	a := newApp(func(k string) string { return c.env[k] }, strings.NewReader(""), io.Discard, io.Discard)
	cfg, err := config.Load(nil, config.Options{Env: a.env})
	require.NoError(t, err)
	assert.Equal(t, ui.Thresholds{WrapUp: 3 * time.Minute, Away: 20 * time.Minute, QueueWait: 45 * time.Second, ServiceLevel: 0.9, Bell: true},
		viewThresholds(cfg.Settings))
}
