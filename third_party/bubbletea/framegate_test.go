package tea

import (
	"testing"
	"time"
)

// [callboard patch] Tests of frameGate (framegate.go); see PATCHED.md.

func TestFrameGate(t *testing.T) {
	const frame = 50 * time.Millisecond
	t0 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }

	g := newFrameGate(frame, t0)
	// The first view waits for its frame, as upstream: start-up output
	// goes first.
	if wait, draw := g.view(at(10 * time.Millisecond)); draw || wait != 40*time.Millisecond {
		t.Fatalf("first view: wait %v draw %v, want a draw in 40ms", wait, draw)
	}
	// Views within that frame join the draw already scheduled.
	if wait, draw := g.view(at(20 * time.Millisecond)); draw || wait != 0 {
		t.Fatalf("second view in the frame: wait %v draw %v, want nothing new", wait, draw)
	}
	if next := g.drawn(at(frame)); next != idleFrame {
		t.Fatalf("after a draw with nothing pending the renderer looks again in %v, want %v", next, idleFrame)
	}
	// Quiet for a frame or more: a view is drawn at once — a key's echo
	// does not wait for a tick.
	if wait, draw := g.view(at(frame + 2*time.Second)); !draw || wait != 0 {
		t.Fatalf("view after a quiet spell: wait %v draw %v, want a draw now", wait, draw)
	}
	g.drawn(at(frame + 2*time.Second))
	// A burst right after a draw is capped at the frame rate.
	if wait, draw := g.view(at(frame + 2*time.Second + 5*time.Millisecond)); draw || wait != 45*time.Millisecond {
		t.Fatalf("view 5ms after a draw: wait %v draw %v, want a draw in 45ms", wait, draw)
	}
}
