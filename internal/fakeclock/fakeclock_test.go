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

// Armed counts the timers still waiting: set and neither fired nor
// stopped.
func TestArmedCountsTimersStillWaiting(t *testing.T) {
	c := New()
	a, b := c.NewTimer(time.Second), c.NewTimer(2*time.Second)
	assert.Equal(t, 2, c.Armed())
	c.Advance(time.Second)
	assert.Equal(t, 1, c.Armed(), "a fired")
	a.Reset(time.Second)
	assert.Equal(t, 2, c.Armed(), "a set again")
	b.Stop()
	assert.Equal(t, 1, c.Armed(), "b stopped")
}
