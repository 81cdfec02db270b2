package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
)

func TestPickerChoosesAnAccount(t *testing.T) {
	p := NewPicker([]Account{{"12440011", "Northwind Care"}, {"12440012", "Northwind \x1b[31mBilling"}}, DefaultKeyMap(), testTheme)
	s := ansi.Strip(p.View().Content)
	assert.Contains(t, s, "12440011     Northwind Care")
	assert.Contains(t, s, "12440012     Northwind Billing", "names are cleaned")
	p.Update(keyMsg("j"))
	p.Update(keyMsg("j"))
	_, cmd := p.Update(keyMsg("enter"))
	assert.IsType(t, tea.QuitMsg{}, cmd())
	a, ok := p.Chosen()
	assert.True(t, ok)
	assert.Equal(t, "12440012", a.ID)

	q := NewPicker([]Account{{"1", "A"}}, DefaultKeyMap(), testTheme)
	_, cmd = q.Update(keyMsg("q"))
	assert.IsType(t, tea.QuitMsg{}, cmd())
	_, ok = q.Chosen()
	assert.False(t, ok, "quitting chooses nothing")
}

func TestDetailsPaneReadsTheAuditLog(t *testing.T) {
	b := newBoard(t)
	b.m.cfg.History = func(uii string) ([]HistoryEntry, error) {
		return []HistoryEntry{{At: b.clock.Now(), Action: "hangup_call", Result: "refused", Source: "cli · dana"}}, nil
	}
	b.refresh()
	_, cmd := b.m.Update(keyMsg("enter"))
	assert.Contains(t, b.screen(), "reading the audit log")
	b.send(cmd())
	s := b.screen()
	assert.Contains(t, s, "Actions on the call (audit log)")
	assert.Contains(t, s, "hangup_call — refused  (cli · dana)")
}
