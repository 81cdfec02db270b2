package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/callboard/callboard/config"
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
