package sim

import "time"

// window is a rolling-window limiter on the sim clock: at most limit admissions in any 60 s.
// Refused requests are not recorded, so a client that backs off as told gets through on time.
type window struct {
	limit int // <0 unlimited
	span  time.Duration
	times []time.Time // admissions still inside the window, oldest first
}

func newWindow(limit int) *window { return &window{limit: limit, span: time.Minute} }

// admit records an admission at now, or reports how long until a slot frees.
func (l *window) admit(now time.Time) (ok bool, wait time.Duration) {
	if l.limit < 0 {
		return true, 0
	}
	cut := 0
	for cut < len(l.times) && !l.times[cut].Add(l.span).After(now) {
		cut++
	}
	l.times = l.times[cut:]
	if len(l.times) < l.limit {
		l.times = append(l.times, now)
		return true, 0
	}
	if l.limit == 0 {
		return false, l.span
	}
	return false, l.times[0].Add(l.span).Sub(now)
}
