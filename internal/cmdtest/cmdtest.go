// Package cmdtest runs Bubble Tea commands in tests, without a program:
// the commands that answer at once are run and their messages returned;
// the ones that only wait for time to pass (cursor blinks, ticks, spinners)
// are left out. A board's forms and actions can then be driven
// deterministically, message by message, as the ui and console tests do.
package cmdtest

import (
	"reflect"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Prompt runs a command tree (batches and sequences included) and returns
// the messages of the commands that answer at once, in order.
func Prompt(cmd tea.Cmd) []tea.Msg {
	if cmd == nil || WaitsForTime(cmd) {
		return nil
	}
	msg := cmd()
	if sub := SubCommands(msg); sub != nil {
		var out []tea.Msg
		for _, c := range sub {
			out = append(out, Prompt(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// slow are the functions of commands that answer only after a delay.
var slow = []string{"cursor.(*Model).Blink.", "bubbletea/v2.Tick.", "bubbletea/v2.Every.", "spinner.Model.tick.", "spinner.Model.Tick"}

// WaitsForTime recognises a command that answers only after a delay, by
// the function it runs.
func WaitsForTime(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	for _, s := range slow {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// SubCommands is the commands a batch or sequence message carries (a
// sequence's type is Bubble Tea's own), or nil for any other message.
func SubCommands(msg tea.Msg) []tea.Cmd {
	if batch, ok := msg.(tea.BatchMsg); ok {
		return batch
	}
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out
}
