package tea

import "time"

// [callboard patch] This file is not Bubble Tea's: see PATCHED.md.

// idleFrame is how often a renderer with nothing to draw looks anyway, for
// output that reached it without a view (a safety net: every path the
// program takes to the screen renders a view as well).
const idleFrame = time.Second

// frameGate decides when the renderer draws. Upstream, a ticker wakes the
// renderer fps times a second for the program's whole life, and nearly
// every wake-up finds the view unchanged: an idle program still wakes fps
// times a second. With the gate a view that comes a frame or more after
// the last draw is drawn at once (a key's echo does not wait for a tick);
// one that comes sooner is drawn when its frame is due, together with
// every view that follows it within that frame, so the frame rate still
// caps how often the terminal is written to; and with nothing to draw the
// renderer sleeps for idleFrame.
type frameGate struct {
	frame   time.Duration // 1/fps
	last    time.Time     // the last draw
	pending bool          // a draw is due when the current frame ends
}

// newFrameGate starts as though it drew at now: the first frame waits its
// turn like any other, so what the program writes as it starts goes out
// before it (Bubble Tea's own order).
func newFrameGate(frame time.Duration, now time.Time) *frameGate {
	return &frameGate{frame: frame, last: now}
}

// view is told a view was rendered at now. It says to draw at once, or
// how long until the draw it scheduled (0: one is already scheduled).
func (g *frameGate) view(now time.Time) (wait time.Duration, draw bool) {
	if g.pending {
		return 0, false
	}
	if wait := g.frame - now.Sub(g.last); wait > 0 {
		g.pending = true
		return wait, false
	}
	return 0, true
}

// drawn is told the renderer drew at now (for a view, or on the timer). It
// returns how long until the renderer should look again: idleFrame, as
// nothing is pending.
func (g *frameGate) drawn(now time.Time) time.Duration {
	g.last, g.pending = now, false
	return idleFrame
}
