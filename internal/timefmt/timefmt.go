// Package timefmt writes durations the one way callboard shows them — on
// the board, in the commands' tables and in the poller's notes — so a wait
// reads the same wherever a supervisor sees it. It sits below ui, poller
// and the commands so that each can use it without importing the others.
package timefmt

import (
	"fmt"
	"time"
)

// Clock is a wait or talk time as m:ss (12:41), past an hour as 1h02m and
// past a hundred hours as 120h: never more than six cells, whatever the
// duration, so a column of them never widens and a minute-level figure is
// what a call that long needs. A negative duration (RingCX's clock ahead
// of this machine's) reads 0:00.
func Clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	switch {
	case s >= 100*3600:
		return fmt.Sprintf("%dh", s/3600)
	case s >= 3600:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Seconds is a refresh interval in whole seconds, "5 s": intervals are
// set in seconds and stretched by whole seconds, so a fraction would only
// be noise.
func Seconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int(d/time.Second))
}
