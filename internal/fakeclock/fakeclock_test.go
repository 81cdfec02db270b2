package fakeclock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func fired(t *Timer) bool {
	select {
	case <-t.C():
		return true
	default:
		return false
	}
}

func TestTimers(t *testing.T) {
	c := New()
	tm := c.NewTimer(5 * time.Second)
	c.Advance(4 * time.Second)
	assert.False(t, fired(tm))
	c.Advance(time.Second)
	assert.True(t, fired(tm))
	assert.False(t, fired(tm), "fires once")

	tm.Reset(time.Second)
	tm.Reset(10 * time.Second)
	c.Advance(2 * time.Second)
	assert.False(t, fired(tm), "Reset replaces the deadline")
	tm.Stop()
	c.Advance(time.Hour)
	assert.False(t, fired(tm), "stopped")

	zero := c.NewTimer(0)
	assert.True(t, fired(zero), "a zero timer fires at once")
	assert.Equal(t, Start.Add(time.Hour+7*time.Second), c.Now())
}
