package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An account whose name could not be read at start (RingCX out of reach,
// its sign-in exchanges spent) is named once the service reads a list:
// the header said "account 12440011" all shift. The name is read once,
// not every refresh.
func TestTheAccountNameIsReadLaterWhenUnknownAtStart(t *testing.T) {
	r := newRig(t, "", func(o *Options) { o.AccountName, o.Refresh = "", 2*time.Second })
	ctx, end := context.WithCancel(context.Background())
	defer end()
	board := drive(t, r.svc.NewBoard(ctx, viewer("ana", RoleSupervisor)))
	require.Contains(t, strings.Split(board.screen(), "\n")[0], "account 12440011")
	r.run()
	eventually(t, "the account's name", func() bool { return r.svc.AccountName() != "" })
	assert.Equal(t, "Northwind Care", r.svc.AccountName())
	board.settle()
	assert.Contains(t, strings.Split(board.screen(), "\n")[0], "Northwind Care (12440011)")

	board.until("two more lists", func(string) bool { return countPath(r, "/admin/accounts/12440011/activeCalls") >= 3 })
	assert.Equal(t, 1, countExact(r, "/admin/accounts"), "read once")
}

// countPath counts the requests whose path holds part.
func countPath(r *rig, part string) int {
	n := 0
	for _, q := range r.sim.Requests() {
		if strings.Contains(q.Path, part) {
			n++
		}
	}
	return n
}

// countExact counts the requests whose path ends in suffix.
func countExact(r *rig, suffix string) int {
	n := 0
	for _, q := range r.sim.Requests() {
		if strings.HasSuffix(q.Path, suffix) {
			n++
		}
	}
	return n
}
