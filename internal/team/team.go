// Package team is the call state a callboard service shares with every
// board it serves: the supervisor sessions on each call and who started
// them, recording as set through the service, and how many boards are open.
// A Store holds it; Actions keeps it true to what was done; the boards read
// it. It sits beside ui (below the service, above api) so the service, the
// boards and their tests all use the one real implementation.
package team

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/callboard/callboard/api"
)

// Session is one supervisor's session on a call.
type Session struct {
	UII string
	// Operator is who started it, as the service names its viewers.
	Operator string
	Type     api.SessionType
	// Phone is the phone RingCX dialled: the one that ends the session.
	Phone string
	Since time.Time
	// Uncertain: RingCX's answer to starting (or ending) it was lost, so it
	// may or may not exist.
	Uncertain bool
}

// State is one version of the shared call state. It is never changed once
// published: every change makes a new one.
type State struct {
	// Seq grows with every change.
	Seq uint64
	// Sessions are the sessions on each call, by uii, oldest first.
	Sessions map[string][]Session
	// Recording is recording as last set through the service, by uii
	// (RingCX does not report it).
	Recording map[string]bool
	// Viewers counts the boards open on the service.
	Viewers int
	// Ended are the latest sessions that ended because their call is no
	// longer active, each numbered, so every board can tell its operator
	// once — even a board that skipped the intermediate states.
	Ended []Ended
}

// Ended is a session that ended with its call; Seq numbers it among them.
type Ended struct {
	Seq uint64
	Session
}

// keptEnded bounds State.Ended: boards read every change within moments.
const keptEnded = 64

// Mine is operator's session on a call, if any.
func (s State) Mine(uii, operator string) (Session, bool) {
	for _, x := range s.Sessions[uii] {
		if x.Operator == operator {
			return x, true
		}
	}
	return Session{}, false
}

// Others are the sessions on a call started by anyone but operator.
func (s State) Others(uii, operator string) []Session {
	var out []Session
	for _, x := range s.Sessions[uii] {
		if x.Operator != operator {
			out = append(out, x)
		}
	}
	return out
}

// Store holds the shared state and tells subscribers when it changes. It is
// safe for concurrent use.
type Store struct {
	mu    sync.Mutex
	state State
	subs  map[*Subscription]struct{}
}

// NewStore starts with the sessions an earlier run left open (the audit
// log's replay).
func NewStore(restored ...Session) *Store {
	st := &Store{state: State{Sessions: map[string][]Session{}, Recording: map[string]bool{}}, subs: map[*Subscription]struct{}{}}
	for _, s := range restored {
		st.state.Sessions[s.UII] = put(st.state.Sessions[s.UII], s)
	}
	return st
}

// State is the current state.
func (st *Store) State() State {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.state
}

// change applies f to a copy of the state and publishes it. Changes are
// rare (actions, calls ending, boards opening), so copying beats sharing.
func (st *Store) change(f func(*State)) {
	st.mu.Lock()
	next := State{
		Seq:       st.state.Seq + 1,
		Sessions:  maps.Clone(st.state.Sessions),
		Recording: maps.Clone(st.state.Recording),
		Viewers:   st.state.Viewers,
		Ended:     st.state.Ended,
	}
	f(&next)
	st.state = next
	for sub := range st.subs {
		sub.signal()
	}
	st.mu.Unlock()
}

// put adds s to a call's sessions, replacing its operator's earlier one:
// one session per operator per call (a mode change ends the old one).
func put(list []Session, s Session) []Session {
	out := slices.DeleteFunc(slices.Clone(list), func(x Session) bool { return x.Operator == s.Operator || x.Phone == s.Phone })
	return append(out, s)
}

// Started records a session that started (or may have: Uncertain).
func (st *Store) Started(s Session) {
	st.change(func(n *State) { n.Sessions[s.UII] = put(n.Sessions[s.UII], s) })
}

// Ended forgets the session on uii that dialled phone.
func (st *Store) Ended(uii, phone string) {
	st.change(func(n *State) {
		list := slices.DeleteFunc(slices.Clone(n.Sessions[uii]), func(x Session) bool { return x.Phone == phone })
		if len(list) == 0 {
			delete(n.Sessions, uii)
		} else {
			n.Sessions[uii] = list
		}
	})
}

// Unsure marks the session on uii that dialled phone as uncertain: an end
// was asked for and its answer lost.
func (st *Store) Unsure(uii, phone string) {
	st.change(func(n *State) {
		list := slices.Clone(n.Sessions[uii])
		for i := range list {
			if list[i].Phone == phone {
				list[i].Uncertain = true
			}
		}
		n.Sessions[uii] = list
	})
}

// SetRecording records recording as set on a call.
func (st *Store) SetRecording(uii string, on bool) {
	st.change(func(n *State) { n.Recording[uii] = on })
}

// RecordingUnknown forgets recording as set on a call: a change was asked
// for and its answer lost, so neither the old setting nor the new one can
// be claimed.
func (st *Store) RecordingUnknown(uii string) {
	st.change(func(n *State) { delete(n.Recording, uii) })
}

// CallsEnded forgets what is known of calls that are no longer active:
// their sessions ended with them (reported in State.Ended) and their
// recording state goes. It returns the sessions that ended.
func (st *Store) CallsEnded(uiis ...string) []Session {
	var ended []Session
	known := false
	st.mu.Lock()
	for _, uii := range uiis {
		ended = append(ended, st.state.Sessions[uii]...)
		_, recorded := st.state.Recording[uii]
		known = known || recorded
	}
	st.mu.Unlock()
	if len(ended) == 0 && !known {
		return nil
	}
	st.change(func(n *State) {
		for _, uii := range uiis {
			delete(n.Sessions, uii)
			delete(n.Recording, uii)
		}
		if len(ended) == 0 {
			return
		}
		list := slices.Clone(n.Ended)
		last := uint64(0)
		if len(list) > 0 {
			last = list[len(list)-1].Seq
		}
		for i, s := range ended {
			list = append(list, Ended{Seq: last + uint64(i) + 1, Session: s})
		}
		n.Ended = list[max(0, len(list)-keptEnded):]
	})
	return ended
}

// Reconcile compares the state with a complete list of the account's live
// calls: what is known of any other call is forgotten, its sessions ended
// (returned, and said in State.Ended). Only a list of the whole account can
// say a call has ended; a scoped one must not be passed here.
func (st *Store) Reconcile(live func(uii string) bool) []Session {
	st.mu.Lock()
	var gone []string
	for uii := range st.state.Sessions {
		if !live(uii) {
			gone = append(gone, uii)
		}
	}
	for uii := range st.state.Recording {
		if !live(uii) && !slices.Contains(gone, uii) {
			gone = append(gone, uii)
		}
	}
	st.mu.Unlock()
	if len(gone) == 0 {
		return nil
	}
	slices.Sort(gone)
	return st.CallsEnded(gone...)
}

// Join counts a board open on the service; leave uncounts it.
func (st *Store) Join() (leave func()) {
	st.change(func(n *State) { n.Viewers++ })
	var once sync.Once
	return func() { once.Do(func() { st.change(func(n *State) { n.Viewers-- }) }) }
}

// Subscription is told (latest wins) when the state changes.
type Subscription struct {
	st *Store
	c  chan struct{}
}

// Subscribe returns a subscription; Close ends it.
func (st *Store) Subscribe() *Subscription {
	sub := &Subscription{st: st, c: make(chan struct{}, 1)}
	st.mu.Lock()
	st.subs[sub] = struct{}{}
	st.mu.Unlock()
	return sub
}

// C is signalled after changes; it is closed by Close.
func (s *Subscription) C() <-chan struct{} { return s.c }

// Close ends the subscription and closes C.
func (s *Subscription) Close() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if _, ok := s.st.subs[s]; ok {
		delete(s.st.subs, s)
		close(s.c)
	}
}

func (s *Subscription) signal() {
	select {
	case s.c <- struct{}{}:
	default:
	}
}
