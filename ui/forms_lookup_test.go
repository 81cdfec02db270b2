package ui

import (
	"context"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/cmdtest"
)

// ctxLookup records the context each lookup was asked with, as it stood
// when the lookup ran, and answers nothing.
type ctxLookup struct {
	mu   sync.Mutex
	errs []error
}

func (l *ctxLookup) record(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, ctx.Err())
}

func (l *ctxLookup) DialAgents(ctx context.Context) ([]api.Agent, error) {
	l.record(ctx)
	return nil, ctx.Err()
}

func (l *ctxLookup) Dispositions(ctx context.Context, _ string) (DispositionChoices, error) {
	l.record(ctx)
	return DispositionChoices{}, ctx.Err()
}

func TestAClosedFormsLookupIsCancelled(t *testing.T) {
	for name, closeIt := range map[string]func(b *board){
		"esc":       func(b *board) { b.press("esc") },
		"too small": func(b *board) { b.send(tea.WindowSizeMsg{Width: 20, Height: 5}); b.press("x") },
	} {
		t.Run(name, func(t *testing.T) {
			b := newBoard(t)
			b.refresh()
			l := &ctxLookup{}
			b.m.cfg.Lookup = l
			_, cmd := b.m.Update(keyMsg("n"))
			require.NotNil(t, b.m.overlay)
			closeIt(b)
			require.Nil(t, b.m.overlay)
			for _, msg := range cmdtest.Prompt(cmd) { // the lookup runs after the form closed
				b.send(msg)
			}
			require.Len(t, l.errs, 1)
			assert.ErrorIs(t, l.errs[0], context.Canceled, "the closed form's lookup is cancelled, not left to run for %s", lookupTimeout)
		})
	}
}

func TestAnOpenFormsLookupIsNotCancelled(t *testing.T) {
	b := newBoard(t)
	b.refresh()
	l := &ctxLookup{}
	b.m.cfg.Lookup = l
	b.selectAnswered()
	_, cmd := b.m.Update(keyMsg("d"))
	for _, msg := range cmdtest.Prompt(cmd) {
		b.send(msg)
	}
	require.Len(t, l.errs, 1)
	assert.NoError(t, l.errs[0])
}
