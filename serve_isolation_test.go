package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/callboard/callboard/internal/sshtest"
)

// Boards opened at the same moment are each their own: a viewer's board is
// read-only, a supervisor's is not, and what one types reaches only its
// own board.
func TestServeBoardsOpenedTogetherStayApart(t *testing.T) {
	s := startServe(t, []serveUser{{"Ana", "supervisor", "+12125550123"}, {"Bob", "supervisor", "+12125550177"}, {"Raj", "viewer", ""}})
	ana := sshtest.OpenBoard(t, s.dial("Ana"), 120, 40)
	ana.WaitFor("LIVE")
	for round := range 5 {
		var bob, raj *sshtest.Terminal
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); bob = sshtest.OpenBoard(t, s.dial("Bob"), 120, 40) }()
		go func() { defer wg.Done(); raj = sshtest.OpenBoard(t, s.dial("Raj"), 120, 40) }()
		wg.Wait()
		bob.WaitFor("LIVE")
		raj.WaitFor("LIVE")
		assert.Contains(t, raj.Screen(), "read-only", "round %d: the viewer's board", round)
		assert.NotContains(t, bob.Screen(), "read-only", "round %d: the supervisor's board", round)
		bob.Type("/zzz-bob-only")
		bob.WaitFor("zzz-bob-only")
		assert.NotContains(t, raj.Screen(), "zzz-bob-only", "round %d: Bob's keys reach Bob's board only", round)
		assert.False(t, strings.Contains(ana.Screen(), "zzz"), "round %d", round)
	}
}
