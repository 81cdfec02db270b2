package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// The board's layout at the common terminal sizes, without and with
// colour, against screens kept in testdata/: a layout change shows as a
// diff. After an intended change: go test ./ui -run TestGoldenScreens -update
func TestGoldenScreens(t *testing.T) {
	themes := []struct {
		name  string
		theme ThemeFunc
	}{{"nocolor", NewTheme(true)}, {"colour", NewTheme(false)}}
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {200, 60}} {
		for _, th := range themes {
			t.Run(fmt.Sprintf("%dx%d-%s", size.w, size.h, th.name), func(t *testing.T) {
				b := newBoard(t, withConfig(func(c *Config) { c.Theme = th.theme }))
				b.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
				b.refresh()
				// A session of mine (ME), a recording set (REC), a filter
				// left empty: what a supervisor's board usually carries.
				b.selectAnswered()
				b.press("m", "r")
				golden.RequireEqual(t, b.m.View().Content)
			})
		}
	}
	// The Agents and Queues views, from the simulator's feeds, with the
	// roster's logged-out agents hidden and a filter-free table.
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 30}} {
		for _, th := range themes {
			for _, view := range []string{"agents", "queues"} {
				t.Run(fmt.Sprintf("%s-%dx%d-%s", view, size.w, size.h, th.name), func(t *testing.T) {
					b := newBoard(t, withConfig(func(c *Config) { c.Theme = th.theme }))
					b.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
					b.refresh()
					b.feeds()
					b.press(map[string]string{"agents": "2", "queues": "3"}[view], "j")
					golden.RequireEqual(t, b.m.View().Content)
				})
			}
		}
	}
}
