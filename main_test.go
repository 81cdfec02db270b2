package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultKeyMapIsConsistentAndFullyDocumented(t *testing.T) {
	km := defaultKeyMap()
	require.NoError(t, km.Validate(), "no two board actions share a key")
	inHelp := map[string]bool{}
	for _, group := range km.FullHelp() {
		for _, b := range group {
			inHelp[b.Help().Desc] = true
		}
	}
	for name, b := range km.Bindings() {
		assert.NotEmpty(t, b.Keys(), name)
		assert.NotEmpty(t, b.Help().Key, name)
		assert.True(t, inHelp[b.Help().Desc], "%s is missing from the help screen", name)
	}
	for _, want := range [][2]string{{"m", "monitor"}, {"c", "coach"}, {"b", "barge"}, {"x", "leave"}, {"H", "hang up"},
		{"r", "record"}, {"d", "disposition"}, {"n", "new call"}, {"/", "filter"}, {"s", "sort"}, {"S", "reverse"},
		{"enter", "details"}, {"R", "refresh"}, {"p", "pause"}, {"?", "help"}, {"q", "quit"}} {
		found := false
		for _, b := range km.Bindings() {
			if b.Help().Desc == want[1] {
				found = true
				assert.Contains(t, b.Keys(), want[0], want[1])
			}
		}
		assert.True(t, found, want[1])
	}
	assert.Equal(t, []string{"y"}, km.Confirm.Keys(), "only y confirms")
}

func TestThemeNoColorHasNoColours(t *testing.T) {
	th := newTheme(true)(true)
	for name, st := range map[string]interface{ Render(...string) string }{"alert": th.Alert, "live": th.Live, "badge": th.Badge, "queued": th.Queued} {
		out := st.Render("x")
		assert.NotRegexp(t, `\x1b\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]`, out, name)
	}
	assert.Contains(t, th.Selected.Render("row"), "\x1b[7m", "selected row in reverse video")
	dark, light := newTheme(false)(true), newTheme(false)(false)
	assert.NotEqual(t, dark.Alert.GetForeground(), light.Alert.GetForeground(), "colours adapt to the background")
}

func TestKeyOverridesRebindAndRefuseConflicts(t *testing.T) {
	km := defaultKeyMap()
	require.NoError(t, applyKeyOverrides(&km, map[string][]string{"hangup": {"X", "ctrl+h"}, "leave": {"l"}}))
	assert.Equal(t, []string{"X", "ctrl+h"}, km.Hangup.Keys())
	assert.Equal(t, "X/ctrl+h", km.Hangup.Help().Key, "help follows the new keys")
	assert.Equal(t, "hang up", km.Hangup.Help().Desc)

	km = defaultKeyMap()
	err := applyKeyOverrides(&km, map[string][]string{"hangup": {"m"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"m" is bound to both`)
	err = applyKeyOverrides(&km, map[string][]string{"hang_up": {"Z"}})
	assert.ErrorContains(t, err, "[keys] hang_up: not an action")
}
