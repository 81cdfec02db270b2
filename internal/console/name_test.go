package console

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/internal/simtest"
	"github.com/callboard/callboard/internal/syncbuf"
	"github.com/callboard/callboard/sim"
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

	board.until("two more lists", func(string) bool {
		return countRequests(r, func(p string) bool { return strings.Contains(p, "/activeCalls/list") }) >= 3
	})
	assert.Equal(t, 1, countRequests(r, func(p string) bool { return strings.HasSuffix(p, "/admin/accounts") }), "read once")
}

// countRequests counts the requests whose path matches.
func countRequests(r *rig, match func(path string) bool) int {
	n := 0
	for _, q := range r.sim.Requests() {
		if match(q.Path) {
			n++
		}
	}
	return n
}

// The agents and queues feeds write their changes of state to the
// service's debug log, as the calls poller does: they were given none, so
// a refused real-time feed left nothing there.
func TestFeedFailuresReachTheDebugLog(t *testing.T) {
	logs := &syncbuf.Buffer{}
	s := simtest.Start(t, sim.Config{Seed: 11, DenyReporting: true})
	r := newRigOn(t, s, "", func(o *Options) { o.Log = slog.New(slog.NewTextHandler(logs, nil)) })
	r.run()
	eventually(t, "the agents feed's failure in the log", func() bool { return strings.Contains(logs.String(), "feed agents is failed") })
	assert.Contains(t, logs.String(), `reason=permission`)
}
