// Package timefmt writes durations the one way callboard shows them — on
// the board, in the commands' tables and in the poller's notes — so a wait
// reads the same wherever a supervisor sees it. It sits below ui, poller
// and the commands so that each can use it without importing the others.
package timefmt

import (
	"fmt"
	"strconv"
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
	s := int64(d / time.Second)
	// Appended rather than formatted with fmt: the board writes one for
	// every row on screen every second.
	b := make([]byte, 0, 8)
	switch {
	case s >= 100*3600:
		return string(append(strconv.AppendInt(b, s/3600, 10), 'h'))
	case s >= 3600:
		b = append(strconv.AppendInt(b, s/3600, 10), 'h')
		return string(append(twoDigits(b, s%3600/60), 'm'))
	}
	b = append(strconv.AppendInt(b, s/60, 10), ':')
	return string(twoDigits(b, s%60))
}

// twoDigits appends n (0–99) as two digits.
func twoDigits(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// Seconds is a refresh interval in whole seconds, "5 s": intervals are
// set in seconds and stretched by whole seconds, so a fraction would only
// be noise.
func Seconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int(d/time.Second))
}
