package cmdtest

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"
)

type ping struct{ n int }

func TestPromptRunsWhatAnswersAtOnce(t *testing.T) {
	now := func(n int) tea.Cmd { return func() tea.Msg { return ping{n} } }
	later := tea.Tick(time.Hour, func(time.Time) tea.Msg { return ping{99} })
	got := Prompt(tea.Batch(now(1), later, tea.Sequence(now(2), nil, now(3))))
	assert.Equal(t, []tea.Msg{ping{1}, ping{2}, ping{3}}, got, "the tick is left out; a test would wait an hour for it")
	assert.True(t, WaitsForTime(later))
	assert.False(t, WaitsForTime(now(1)))
	assert.Nil(t, Prompt(nil))
}
