package faultsuite

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/stretchr/testify/assert"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/internal/console"
	"github.com/callboard/callboard/internal/hostile"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// screen is a board of the rig's service under Bubble Tea's runtime, as
// ana sees it.
type screen struct {
	t  *testing.T
	tm *teatest.TestModel
	// seen is the terminal output read so far.
	seen bytes.Buffer
}

func (r *rig) board() *screen {
	ctx, cancel := context.WithCancel(context.Background())
	r.t.Cleanup(cancel)
	v := console.Viewer{Operator: "ana", Source: audit.SourceBoard, Phone: "+12125550101", Role: console.RoleSupervisor,
		Keys: ui.DefaultKeyMap(), Theme: ui.NewTheme(true)}
	tm := teatest.NewTestModel(r.t, r.svc.NewBoard(ctx, v), teatest.WithInitialTermSize(160, 50))
	return &screen{t: r.t, tm: tm}
}

// waitFor reads the terminal output until it shows what.
func (s *screen) waitFor(what string) {
	s.t.Helper()
	teatest.WaitFor(s.t, s.tm.Output(), func(out []byte) bool {
		s.seen.Write(out)
		return bytes.Contains(out, []byte(what))
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func (s *screen) press(keys string) {
	for _, k := range keys {
		s.tm.Send(tea.KeyPressMsg{Code: k, Text: string(k)})
	}
}

// quit presses q and returns the last frame and everything written to the
// terminal.
func (s *screen) quit() (tea.View, string) {
	s.t.Helper()
	s.press("q")
	s.tm.WaitFinished(s.t, teatest.WithFinalTimeout(10*time.Second))
	final := s.tm.FinalModel(s.t).View()
	rest, _ := io.ReadAll(s.tm.FinalOutput(s.t))
	s.seen.Write(rest)
	return final, s.seen.String()
}

// Hostile bytes in every field RingCX sends reach the screen cleaned: not
// in the rows, not in a call's details, not in the window title, not
// anywhere in what was written to the terminal.
func TestHostileBytesInEveryFieldNeverReachTheScreen(t *testing.T) {
	for name, c := range map[string]struct{ payload, remnant string }{
		"escapes, C1, bidi": {hostile.Payload, "evil"},
		"invalid UTF-8":     {hostile.InvalidUTF8, "Sale"},
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			r.front.Add(hostile.Rule{Match: hostile.Match{Method: "GET"}, Fault: hostile.Fields(c.payload, "uii", "enqueueTime", "dequeueTime")})
			r.run()
			b := r.board()
			b.waitFor("LIVE")
			b.press("j")
			b.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			b.waitFor("Call details")
			b.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
			final, out := b.quit()
			assert.Empty(t, r.leak(final.Content, true), "the last frame")
			assert.Empty(t, r.leak(final.WindowTitle, false), "the window title %q", final.WindowTitle)
			for _, raw := range []string{"pwned", "\u202e", "\u009b", "\xff", "\x1b]0;"} {
				assert.NotContains(t, out, raw, "written to the terminal")
			}
			assert.Contains(t, out, "Call details")
			assert.Contains(t, final.Content, c.remnant, "the hostile fields are on the board, cleaned")
			r.clean()
		})
	}
}

// The board says the list is stale and why while RingCX fails, and is
// live again by itself when it recovers.
func TestBoardSaysWhatIsWrongAndRecovers(t *testing.T) {
	r := newRig(t).run()
	b := r.board()
	b.waitFor("LIVE")
	r.front.Add(hostile.Rule{Match: list, Fault: hostile.GatewayPage(502)})
	r.until("the board to go stale", stale)
	b.waitFor("502")
	assert.False(t, strings.Contains(b.seen.String(), "nginx"), "the gateway's page is not shown")
	r.front.Clear()
	r.until("the board to be live again", live)
	b.waitFor("LIVE")

	// A hostile error body and request id: worded, cleaned.
	r.front.Add(hostile.Rule{Match: list, Fault: func(w http.ResponseWriter, req *http.Request, next http.Handler) {
		w.Header().Set("X-Request-Id", hostile.HeaderValue)
		hostile.Status(500, "application/json", hostileError)(w, req, next)
	}})
	r.until("the board to go stale", stale)
	b.waitFor("boom")
	r.front.Clear()
	r.until("the board to be live again", live)
	b.waitFor("LIVE")
	final, out := b.quit()
	assert.Empty(t, r.leak(final.Content, true))
	for _, raw := range []string{"pwned", "\u202e", "\u009b"} {
		assert.NotContains(t, out, raw, "written to the terminal")
	}
}

// A refresh that hangs turns the board stale by itself, relative to the
// interval in effect — no failure needs to arrive first — and it is live
// again once RingCX answers.
func TestBoardTurnsStaleWhileARefreshHangs(t *testing.T) {
	r := newRig(t, func(s *setup) { s.client = []api.Option{api.WithTimeout(3 * time.Second)} }).run()
	b := r.board()
	b.waitFor("LIVE")
	r.front.Add(hostile.Rule{Match: list, Times: 1, Fault: hostile.Delay(time.Hour)})
	r.clock.Advance(r.last.Status.NextTry.Sub(r.clock.Now())) // the next refresh starts, and hangs
	r.clock.Advance(2 * time.Minute)
	b.waitFor("refresh overdue")
	r.until("the board to be live again", func(s poller.Snapshot) bool { return live(s) && s.FetchedAt.After(r.clock.Now().Add(-time.Minute)) })
	b.waitFor("LIVE")
	final, _ := b.quit()
	assert.Empty(t, r.leak(final.Content, true))
}
