package sim

import (
	"slices"
	"strings"
	"time"
)

// Test hooks and introspection. Each takes the lock and first brings the world up to the clock, so
// what it sees is what a request at the same moment would see.

// CallSpec describes a call for AddCall; zero values mean "pick something sensible".
type CallSpec struct {
	ANI, DNIS, CNAM, AgentUsername, Queue, ExternalID string
	Queued                                            bool          // still waiting: no agent, dequeueTime null
	Age                                               time.Duration // how long ago it was enqueued
	// NoEnqueueTime serves the call with enqueueTime null, as the spec allows for any field: its
	// wait is unknown, its talk time (from dequeueTime) is not.
	NoEnqueueTime bool
}

func (s *Server) locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w.advance(s.cfg.Now())
	fn()
}

// AddCall adds a call to a sub-account and returns its uii, or "" when the account, queue or
// campaign is unknown, or the named agent is unknown or busy. Queue may name an ACD queue or an
// outbound campaign. Without an agent named or free, the call waits in queue.
func (s *Server) AddCall(accountID string, spec CallSpec) (uii string) {
	s.locked(func() {
		if a := s.w.byID[accountID]; a != nil {
			if c := s.w.addCall(a, spec); c != nil {
				uii = c.uii
			}
		}
	})
	return uii
}

func (w *world) addCall(a *account, spec CallSpec) *call {
	var d *dest
	if spec.Queue != "" {
		i := slices.IndexFunc(slices.Concat(a.queues, a.campaigns), func(x *dest) bool { return x.name == spec.Queue })
		if i < 0 {
			return nil
		}
		d = slices.Concat(a.queues, a.campaigns)[i]
	} else {
		d = a.queues[w.rng.IntN(len(a.queues))]
	}
	var ag *agent
	if spec.AgentUsername != "" {
		if ag = a.byUser[spec.AgentUsername]; ag == nil || ag.onCall != nil {
			return nil
		}
	} else if !spec.Queued {
		ag = w.pickFree(a)
	}
	c := w.newCall(a, w.now.Add(-spec.Age), d)
	if spec.ANI != "" {
		c.ani = spec.ANI
	}
	if spec.DNIS != "" {
		c.dnis, c.dnisE164 = spec.DNIS, toE164(spec.DNIS)
	}
	if spec.CNAM != "" {
		c.cnam, c.cnamFixed = spec.CNAM, true
	}
	if spec.ExternalID != "" {
		c.externalID = spec.ExternalID
	}
	c.enqueueNull = spec.NoEnqueueTime
	if spec.Queued || ag == nil {
		if !w.static {
			w.push(w.now.Add(sampleWait(w.rng)), evQueueDone, nil, c)
		}
		return c
	}
	w.assign(c, ag)
	c.dequeue = c.enqueue.Add(min(spec.Age/10, 30*time.Second))
	w.countAnswered(c)
	if !w.static {
		w.push(w.now.Add(sampleTalk(w.rng, talkMu)), evEnd, nil, c)
	}
	return c
}

// EndCall ends an active call as if both parties hung up; false if it was not active.
func (s *Server) EndCall(uii string) (ok bool) {
	s.locked(func() {
		if c := s.w.calls[uii]; c != nil && !c.ended {
			s.w.end(c)
			ok = true
		}
	})
	return ok
}

// Call returns any call the sim still remembers; ended calls report Ended=true.
func (s *Server) Call(uii string) (v CallView, ok bool) {
	s.locked(func() {
		if c := s.w.calls[uii]; c != nil {
			v, ok = s.w.view(c), true
		}
	})
	return v, ok
}

// Calls lists an account's active calls sorted by uii (the main account id lists them all).
func (s *Server) Calls(accountID string) (out []CallView) {
	s.locked(func() {
		for _, c := range s.w.activeCalls(s.w.scope(accountID)) {
			out = append(out, s.w.view(c))
		}
	})
	return out
}

// Agents lists an account's roster sorted by username.
func (s *Server) Agents(accountID string) (out []AgentView) {
	s.locked(func() {
		for _, a := range s.w.scope(accountID) {
			for _, ag := range a.agents {
				out = append(out, s.w.agentView(ag))
			}
		}
	})
	slices.SortFunc(out, func(x, y AgentView) int { return strings.Compare(x.Username, y.Username) })
	return out
}

// SetAgentLoggedIn logs an agent in or out; an agent on a call finishes it first. False if unknown.
func (s *Server) SetAgentLoggedIn(username string, in bool) (ok bool) {
	s.locked(func() {
		if ag := s.w.findAgent(s.w.accounts, username); ag != nil {
			s.w.setLoggedIn(ag, in)
			ok = true
		}
	})
	return ok
}

// SetHostile turns hostile data on or off, for existing calls and agents too.
func (s *Server) SetHostile(on bool) {
	s.locked(func() { s.w.setHostile(on) })
}

// SetTargetCalls changes a sub-account's target number of concurrent calls.
func (s *Server) SetTargetCalls(accountID string, n int) {
	s.locked(func() {
		if a := s.w.byID[accountID]; a != nil {
			s.w.setTarget(a, n)
		}
	})
}
