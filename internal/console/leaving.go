package console

import (
	"context"
	"errors"
	"net/http/httptrace"
	"sync"
	"sync/atomic"

	"github.com/callboard/callboard/api"
)

// errViewerLeft is why a board's action was given up before it was sent.
var errViewerLeft = errors.New("the board was closed before the action was sent")

// leaving is one board's actions in flight, so that the ones not yet sent
// can be given up when its viewer leaves (q, a dropped SSH session) while
// the service goes on for the others. An action already sent is left to
// finish: RingCX may be carrying it out, and its outcome belongs in the
// audit log.
type leaving struct {
	mu      sync.Mutex
	left    bool
	next    int
	giveUps map[int]func()
}

// leave gives up every action of the board not yet sent, and every one
// asked for after.
func (l *leaving) leave() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.left = true
	for _, giveUp := range l.giveUps {
		giveUp()
	}
	l.giveUps = nil
}

// add registers an action's give-up; false when the viewer has left.
func (l *leaving) add(giveUp func()) (id int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.left {
		return 0, false
	}
	if l.giveUps == nil {
		l.giveUps = map[int]func(){}
	}
	l.next++
	l.giveUps[l.next] = giveUp
	return l.next, true
}

func (l *leaving) remove(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.giveUps, id)
}

// run sends one action with a context the board's leaving cancels until
// the request's headers are written (httptrace): before that nothing has
// reached RingCX, so cancelling costs nothing but the action, which the
// client reports as not sent (api.NotSentStopping); after it, the action
// runs to its outcome.
func (l *leaving) run(ctx context.Context, send func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sent atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { sent.Store(true) }})
	id, ok := l.add(func() {
		if !sent.Load() {
			cancel()
		}
	})
	if !ok {
		return &api.NotSentError{Reason: api.NotSentStopping, Err: errViewerLeft}
	}
	defer l.remove(id)
	return send(ctx)
}

// untilLeft is a board's actions, each run by its leaving.
type untilLeft struct {
	next  api.Actions
	board *leaving
}

func (u *untilLeft) AddSession(ctx context.Context, uii, destination string, t api.SessionType) error {
	return u.board.run(ctx, func(ctx context.Context) error { return u.next.AddSession(ctx, uii, destination, t) })
}

func (u *untilLeft) HangupSession(ctx context.Context, uii, phone string) error {
	return u.board.run(ctx, func(ctx context.Context) error { return u.next.HangupSession(ctx, uii, phone) })
}

func (u *untilLeft) HangupCall(ctx context.Context, uii string) error {
	return u.board.run(ctx, func(ctx context.Context) error { return u.next.HangupCall(ctx, uii) })
}

func (u *untilLeft) ToggleRecording(ctx context.Context, uii string, on bool) error {
	return u.board.run(ctx, func(ctx context.Context) error { return u.next.ToggleRecording(ctx, uii, on) })
}

func (u *untilLeft) Disposition(ctx context.Context, uii string, d api.DispositionRequest) error {
	return u.board.run(ctx, func(ctx context.Context) error { return u.next.Disposition(ctx, uii, d) })
}

func (u *untilLeft) CreateManualAgentCall(ctx context.Context, m api.ManualCallRequest) error {
	return u.board.run(ctx, func(ctx context.Context) error { return u.next.CreateManualAgentCall(ctx, m) })
}
