package ui

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if a goroutine outlives them: the
// pickers start lookups from commands, and the bridges wait on
// subscriptions, so a lookup or a wait that is never ended shows here.
//
// Ignored, and only these: teatest's own watcher, which waits for an
// interrupt for the life of the test binary by design (teatest.go starts
// it per test model and never stops it).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"),
	)
}
