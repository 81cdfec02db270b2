package config

import (
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyLines maps every key in a TOML document (dotted, with its table:
// "scope.product", "keys.hangup") to the line it is on. The decoder only
// reports positions for errors, yet values it accepted can still be
// refused later (a too-short refresh), and those messages need a line too.
// It is only called on documents the decoder has accepted.
func keyLines(doc []byte) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(doc)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := e.Key()
			table, _ = keyPath(&p, nil, &it)
		case unstable.KeyValue:
			recordKeyValue(&p, lines, table, e)
		}
	}
	return lines
}

// recordKeyValue records a key-value and, for an inline table
// (scope = {product = "ACD"}), each key inside it.
func recordKeyValue(p *unstable.Parser, lines map[string]int, prefix []string, kv *unstable.Node) {
	it := kv.Key()
	path, line := keyPath(p, prefix, &it)
	lines[strings.Join(path, ".")] = line
	if v := kv.Value(); v.Kind == unstable.InlineTable {
		children := v.Children()
		for children.Next() {
			if c := children.Node(); c.Kind == unstable.KeyValue {
				recordKeyValue(p, lines, path, c)
			}
		}
	}
}

// keyPath appends a (possibly dotted) key to prefix and returns the line
// of its first part.
func keyPath(p *unstable.Parser, prefix []string, it *unstable.Iterator) ([]string, int) {
	path := append([]string(nil), prefix...)
	line := 0
	for it.Next() {
		n := it.Node()
		if line == 0 {
			line = p.Shape(n.Raw).Start.Line
		}
		path = append(path, string(n.Data))
	}
	return path, line
}
