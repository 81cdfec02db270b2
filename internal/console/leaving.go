package console

import (
	"context"
	"errors"
	"net/http/httptrace"
	"sync"

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

// run sends one action with a context the board's leaving cancels as long
// as nothing of the action can have run. An action may make several
// requests with its context — a sign-in or a renewal, an attempt RingCX
// answered 401 or 429 and the retry after it — and only its own attempts
// (api.AttemptHooks) can be carried out. So when the viewer leaves:
//
//   - no attempt is out (none sent yet, or the last one's answer proved it
//     did not run), or the one out has not had its headers written
//     (httptrace): it is cancelled at once, and the client reports it not
//     sent (api.NotSentStopping) — a pause before a retry is not sat out;
//   - the attempt out was written: RingCX may be carrying it out, so it
//     runs to its outcome — unless its answer proves it did not run (a
//     429, a 401 before renewal), and then it is cancelled there and then,
//     before anything more is sent.
func (l *leaving) run(ctx context.Context, send func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	// out: an attempt was handed to the network and no answer has proved
	// it did not run; written: its headers were written.
	out, written, left := false, false, false
	// attempt is a hook: an attempt is sent (sending), or the last one's
	// answer proved it did not run; either way, none is written yet, and
	// a viewer who has left gives the action up here.
	attempt := func(sending bool) func() {
		return func() {
			mu.Lock()
			defer mu.Unlock()
			out, written = sending, false
			if left {
				cancel()
			}
		}
	}
	ctx = api.WithAttemptHooks(ctx, &api.AttemptHooks{Sending: attempt(true), NotRun: attempt(false)})
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() {
		mu.Lock()
		defer mu.Unlock()
		written = out // a sign-in's or a renewal's headers are not the action's
	}})
	id, ok := l.add(func() {
		mu.Lock()
		defer mu.Unlock()
		left = true
		if !written {
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
