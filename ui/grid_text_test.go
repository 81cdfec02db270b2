package ui

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A grid builds its rows' filter text only while a filter is set: the
// Agents view's joins the calls and queues, and rebuilding it for every
// agent on every calls refresh cost the idle board more than anything but
// drawing. What the filter finds is the same.
func TestGridBuildsFilterTextOnlyWhileFiltering(t *testing.T) {
	built := 0
	type item struct{ name string }
	cols := []gridCol[item]{{title: "NAME", min: 4,
		cell: func(r *item) (string, *paint) { return r.name, nil },
		key:  textKey(func(r *item) string { return r.name })}}
	keys := DefaultKeyMap()
	g := newGrid(&keys, cols, 0, func(r *item) string { return r.name },
		func(r *item) string { built++; return r.name })
	items := make([]item, 100)
	for i := range items {
		items[i] = item{fmt.Sprintf("agent %03d", i)}
	}
	g.setRows(items)
	g.retext()
	assert.Zero(t, built, "no filter, no text")

	g.setFilter("agent 04")
	assert.Equal(t, 100, built, "built once, when the filter was set")
	assert.Len(t, g.rows, 11) // words: 004, 040–049
	g.retext()
	assert.Equal(t, 200, built, "a filter set: refreshed with what it looks in")
	assert.Len(t, g.rows, 11) // words: 004, 040–049

	g.setFilter("")
	g.setRows(items)
	g.retext()
	assert.Equal(t, 200, built)
	assert.Len(t, g.rows, 100)
}
