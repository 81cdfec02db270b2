package ui

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
	"github.com/stretchr/testify/require"
)

// slideshow shows prepared frames, one per slide message, on the alternate
// screen as the board does.
type slideshow struct {
	frames []string
	i      int
}

type slide int

func (s *slideshow) Init() tea.Cmd { return nil }

func (s *slideshow) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if i, ok := msg.(slide); ok {
		s.i = int(i)
	}
	return s, nil
}

func (s *slideshow) View() tea.View {
	v := tea.NewView(s.frames[s.i])
	v.AltScreen = true
	return v
}

// emulated is a terminal emulator the program writes to, through a tty
// that turns "\n" into "\r\n" (ONLCR) as a real one does: Bubble Tea
// counts on it.
type emulated struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

// newEmulated starts a w×h terminal; its answers to queries are read and
// dropped until the test ends.
func newEmulated(t *testing.T, w, h int) *emulated {
	e := &emulated{emu: vt.NewEmulator(w, h)}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		_, _ = io.Copy(io.Discard, e.emu)
	}()
	t.Cleanup(func() {
		// Not emu.Close: it flips a flag the copy reads unlocked.
		if pw, ok := e.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
		}
		<-drained
	})
	return e
}

func (e *emulated) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.emu.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// screen is the screen now.
func (e *emulated) screen() screen {
	e.mu.Lock()
	defer e.mu.Unlock()
	return screenOf(e.emu)
}

// screen is a terminal's cells, row by row.
type screen [][]uv.Cell

func screenOf(e *vt.Emulator) screen {
	s := make(screen, e.Height())
	for y := range s {
		s[y] = make([]uv.Cell, e.Width())
		for x := range s[y] {
			if c := e.CellAt(x, y); c != nil {
				s[y][x] = *c
			}
		}
	}
	return s
}

// shown is what frame looks like written on a blank terminal.
func shown(w, h int, frame string) screen {
	e := vt.NewEmulator(w, h) // a frame asks nothing: no answers to read
	_, _ = e.Write([]byte(strings.ReplaceAll(frame, "\n", "\r\n")))
	return screenOf(e)
}

// differs is the first cell where s and o look different to a person, as
// "row y, column x: …", or "". A blank shows only its background, reverse
// video, underline and strike-through: the renderer may write it plain
// where the frame had it bold.
func (s screen) differs(o screen) string {
	if len(s) != len(o) {
		return fmt.Sprintf("%d rows, want %d", len(s), len(o))
	}
	for y := range s {
		for x := range s[y] {
			a, b := s[y][x], o[y][x]
			if a.Content == "" && a.Width == 1 {
				a.Content = " "
			}
			if b.Content == "" && b.Width == 1 {
				b.Content = " "
			}
			if a.Content == " " && b.Content == " " && a.Width == b.Width {
				const shows = uv.AttrReverse | uv.AttrStrikethrough
				a.Style.Attrs &= shows
				b.Style.Attrs &= shows
				if a.Style.Attrs&uv.AttrReverse == 0 {
					a.Style.Fg, b.Style.Fg = nil, nil
				}
			}
			if a.Content != b.Content || a.Width != b.Width || !a.Style.Equal(&b.Style) || !a.Link.Equal(&b.Link) {
				return fmt.Sprintf("row %d, column %d: %q %+v, want %q %+v\n row %q\nwant %q",
					y, x, a.Content, a.Style, b.Content, b.Style, s.row(y), o.row(y))
			}
		}
	}
	return ""
}

func (s screen) row(y int) string {
	var b strings.Builder
	for _, c := range s[y] {
		b.WriteString(c.Content)
	}
	return b.String()
}

// The board's frames through Bubble Tea's renderer, which callboard's copy
// (third_party/bubbletea, rowdraw.go) draws row by row, writing only the
// rows that changed, and scroll-optimises only when rows moved: after each
// frame the terminal shows that frame exactly, styles included, as the
// frame written on a blank terminal does. The frames are ticks (every
// timer changes), moves that scroll the table down and up by a row and by
// pages, and a filter and its clearing.
func TestTheTerminalShowsEveryFrameAsDrawnWhole(t *testing.T) {
	const w, h = 120, 50
	m := benchModel(t, 1000)
	var frames []string
	snap := func() { frames = append(frames, m.View().Content) }
	tick := func() { pump(m.Update(tickMsg{at: m.now.Add(time.Second)})); snap() }
	keys := func(k string, n int) {
		for range n {
			pump(m.Update(keyMsg(k)))
			snap()
		}
	}
	snap()
	tick()
	tick()
	keys("j", 50) // past the bottom: the table scrolls a row at a time
	tick()
	keys("k", 60)
	keys("pgdown", 3)
	tick()
	keys("/", 1)
	for _, r := range "Lars" {
		keys(string(r), 1)
	}
	keys("esc", 1)
	tick()
	keys("G", 1)
	keys("g", 1)
	tick()

	term := newEmulated(t, w, h)
	show := &slideshow{frames: frames}
	p := tea.NewProgram(show, tea.WithInput(nil), tea.WithOutput(term), tea.WithWindowSize(w, h),
		tea.WithFPS(120), tea.WithoutSignals(), tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithColorProfile(colorprofile.TrueColor))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	defer func() {
		p.Quit()
		require.NoError(t, <-done)
	}()
	for i, f := range frames {
		p.Send(slide(i))
		want := shown(w, h, f)
		deadline := time.Now().Add(5 * time.Second)
		diff := term.screen().differs(want)
		for diff != "" && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
			diff = term.screen().differs(want)
		}
		if diff != "" {
			t.Fatalf("frame %d of %d: %s", i, len(frames), diff)
		}
	}
}
