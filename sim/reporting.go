package sim

import (
	"net/http"
	"time"
)

// Real-time reporting: realTimeData/agent and realTimeData/inbound, read off the living world so
// they agree with the calls list — an agent on a call reports that call's uii, a queue's inQueue is
// the number of its calls waiting, longestInQueue the oldest of them.
//
// Agent states follow the developer guide's examples for this endpoint: ON_CALL, WRAP_UP,
// AVAILABLE, and aux states (LUNCH, AWAY, BREAK) for the away agents. An agent whose call ended is in
// WRAP_UP with a pending disposition for the gate's wrapTime, unless the call was dispositioned
// while it lasted; then AVAILABLE. The router does not model wrap-up: an agent in WRAP_UP may be
// handed the next call, and then reports ON_CALL.

const (
	shortAbandon = 10 * time.Second
	shortCall    = 20 * time.Second
	longCall     = 15 * time.Minute
)

// gateStats are a queue's counters for today (UTC midnight: the sim's accounts keep UTC).
type gateStats struct {
	day                                            string // yyyy-mm-dd they count
	presented, accepted, abandoned, shortAbandon   int
	slaPass, slaFail, shortCall, longCall, success int
	queueTime, answerTime, talkTime, abandonTime   time.Duration
	changed                                        time.Time
}

// ref is the instant reporting measures durations at: the clock, or in a Static world its
// creation, so that a frozen world's rows do not change by themselves.
func (w *world) ref() time.Time {
	if w.static {
		return w.start
	}
	return w.now
}

// today returns a queue's counters, zeroed when the day they count is over.
func (w *world) today(d *dest) *gateStats {
	st := &d.stats
	if day := w.ref().UTC().Format(time.DateOnly); st.day != day {
		*st = gateStats{day: day, changed: w.ref()}
	}
	return st
}

// seedToday gives each queue the traffic it would have had since midnight, without drawing from
// the world's rng: arrivals at the account's rate over the day so far, split unevenly between
// queues, 94% answered, 80% of those within the service level.
func (w *world) seedToday(a *account) {
	now := w.now.UTC()
	sinceMidnight := now.Sub(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)).Seconds()
	perQueue := float64(a.target) / meanCallSeconds * (1 - outboundShare) / float64(max(len(a.queues), 1))
	for j, q := range a.queues {
		st := w.today(q)
		n := int(perQueue * sinceMidnight * 0.5 * (0.6 + 0.2*float64(j%4)))
		st.presented = n
		st.accepted = n * 94 / 100
		st.abandoned = n - st.accepted
		st.shortAbandon = st.abandoned / 3
		st.slaPass = st.accepted * 80 / 100
		st.slaFail = st.accepted - st.slaPass
		st.shortCall = st.accepted / 20
		st.longCall = st.accepted / 10
		st.success = st.accepted * 6 / 10
		st.answerTime = time.Duration(st.accepted) * 24 * time.Second
		st.abandonTime = time.Duration(st.abandoned) * 55 * time.Second
		st.queueTime = st.answerTime + st.abandonTime
		st.talkTime = time.Duration(st.accepted) * 300 * time.Second
	}
}

func inbound(c *call) bool { return c.dest != nil && !c.dest.isOut }

func (w *world) countPresented(c *call) {
	if inbound(c) {
		st := w.today(c.dest)
		st.presented++
		st.changed = w.now
	}
}

// countAnswered counts an inbound call the moment it has an agent.
func (w *world) countAnswered(c *call) {
	if !inbound(c) {
		return
	}
	st := w.today(c.dest)
	wait := max(c.dequeue.Sub(c.enqueue), 0)
	st.accepted++
	st.answerTime += wait
	st.queueTime += wait
	if wait <= c.dest.slaTime {
		st.slaPass++
	} else {
		st.slaFail++
	}
	st.changed = w.now
}

func (w *world) countEnded(c *call) {
	if !inbound(c) || w.quiet {
		return
	}
	st := w.today(c.dest)
	if c.dequeue.IsZero() {
		wait := max(w.now.Sub(c.enqueue), 0)
		st.abandoned++
		st.abandonTime += wait
		st.queueTime += wait
		if wait < shortAbandon {
			st.shortAbandon++
		}
	} else {
		talk := max(w.now.Sub(c.dequeue), 0)
		st.talkTime += talk
		if talk < shortCall {
			st.shortCall++
		} else if talk > longCall {
			st.longCall++
		}
	}
	st.changed = w.now
}

// countSuccess counts a success disposition on an inbound call.
func (w *world) countSuccess(c *call, name string) {
	if !inbound(c) {
		return
	}
	if d, ok := c.dest.disposition(name); ok && d.success {
		w.today(c.dest).success++
	}
}

// wrapUp starts an agent's wrap-up after their call ended.
func (w *world) wrapUp(ag *agent, c *call) {
	if w.quiet || c.dequeue.IsZero() {
		ag.stateSince = w.now
		return // a manual call that never connected: straight back to available
	}
	ag.callsHandled++
	ag.talkTotal += max(w.now.Sub(c.dequeue), 0)
	ag.lastCall, ag.lastEnd, ag.stateSince = c, w.now, w.now
	ag.wrapFor = 30 * time.Second
	if c.dest != nil && c.dest.wrapTime > 0 {
		ag.wrapFor = c.dest.wrapTime
	}
}

// seedSession gives an agent found logged in the calls they would have handled since login: one
// every 5 to 10 minutes by agent, 4 minutes of talk each (no draw from the world's rng). The pace
// is spread by a stride unrelated to the login time's (37 s per id), or every agent's count would
// come out the same.
func (w *world) seedSession(ag *agent) {
	if !ag.loggedIn {
		return
	}
	ag.callsHandled = int(w.now.Sub(ag.loginAt) / (5*time.Minute + time.Duration(ag.id*53%300)*time.Second))
	ag.talkTotal = time.Duration(ag.callsHandled) * 4 * time.Minute
}

// seedWrapUps puts some free agents in wrap-up at start, as a floor found mid-shift has them, and
// gives the other free agents the idle time a floor whose callers are answered within seconds has:
// up to a few minutes since their last call, not since login.
func (w *world) seedWrapUps(a *account) {
	for i, ag := range a.agents {
		if !ag.loggedIn || ag.away != "" || ag.onCall != nil {
			continue
		}
		if i%5 == 2 {
			ag.lastEnd = w.now.Add(-time.Duration(3+ag.id%25) * time.Second)
			ag.stateSince = ag.lastEnd
			ag.wrapFor = 30 * time.Second
		} else {
			ag.stateSince = w.now.Add(-time.Duration(5+ag.id*29%240) * time.Second)
		}
	}
}

// agentState derives what realTimeData/agent reports for a logged-in agent.
func (w *world) agentState(ag *agent) (state string, since time.Time, pending bool) {
	switch {
	case ag.onCall != nil:
		since = ag.onCall.dequeue
		if since.IsZero() {
			since = ag.onCall.enqueue // a manual call still ringing
		}
		return "ON_CALL", since, false
	case ag.away != "":
		return ag.away, ag.stateSince, false
	case !ag.lastEnd.IsZero() && w.ref().Sub(ag.lastEnd) < ag.wrapFor &&
		(ag.lastCall == nil || ag.lastCall.disposition == nil):
		return "WRAP_UP", ag.lastEnd, true
	case !ag.lastEnd.IsZero():
		return "AVAILABLE", ag.lastEnd.Add(ag.wrapFor), false
	}
	return "AVAILABLE", ag.stateSince, false
}

func seconds(d time.Duration) int { return int(max(d, 0) / time.Second) }

func (w *world) wireRTAgent(ag *agent) wireRTAgent {
	ref := w.ref()
	a := ag.account
	f, l := w.agentNames(ag)
	state, since, pending := w.agentState(ag)
	if since.After(ref) {
		since = ref // a change after a Static world's instant
	}
	r := wireRTAgent{
		AgentID: ag.id, FirstName: f, LastName: l, Username: ag.username, Email: ag.username, AgentType: "AGENT",
		AgentGroupID: a.agentGroupID(), AgentGroupName: a.agentGroupName(), AgentLoginID: ag.id*10 + 7,
		AgentState: state, StateTime: seconds(ref.Sub(since)), LoginTime: seconds(ref.Sub(ag.loginAt)),
		LastUpdate: formatTS(since), CallsHandled: ag.callsHandled, TotalTalkTime: seconds(ag.talkTotal),
		RNA: ag.callsHandled * int(ag.id%5) / 30, // a few agents let more calls ring out
	}
	if pending {
		r.PendingDisposition, r.PendingDispositionTime = 1, seconds(ref.Sub(ag.lastEnd))
	}
	if c := ag.onCall; c != nil {
		r.CallUII, r.CallANI, r.CallDNIS = c.uii, c.ani, c.dnis
		src := "MANUAL"
		switch {
		case c.dest == nil:
		case c.dest.isOut:
			id := c.dest.id
			r.CampaignID, src = &id, "OUTBOUND"
		default:
			id := c.dest.id
			r.GateID, src = &id, "INBOUND"
		}
		r.CallSource = &src // [guess]: the guide names the field, not its values
	}
	return r
}

func (s *Server) handleRTAgent(rc *rctx) *response {
	out := []wireRTAgent{}
	for _, a := range s.w.scope(rc.segs[2]) {
		for _, ag := range a.agents {
			if ag.loggedIn {
				out = append(out, s.w.wireRTAgent(ag))
			}
		}
	}
	return jsonResp(http.StatusOK, out)
}

func (s *Server) handleRTInbound(rc *rctx) *response {
	ref := s.w.ref()
	out := []wireRTInbound{}
	for _, a := range s.w.scope(rc.segs[2]) {
		staffed, available := 0, 0
		for _, ag := range a.agents {
			if !ag.loggedIn {
				continue
			}
			staffed++ // every agent of the sim serves every queue of their account
			if st, _, _ := s.w.agentState(ag); st == "AVAILABLE" {
				available++
			}
		}
		rows := make(map[*dest]*wireRTInbound, len(a.queues))
		for _, q := range a.queues {
			st := s.w.today(q)
			r := &wireRTInbound{
				GateID: q.id, GateGroupID: a.gateGroupID(), GateName: q.name, GroupName: a.gateGroupName(),
				Schedule: "24x7", State: "OPEN", LastUpdate: formatTS(earliest(st.changed, ref)),
				Staffed: staffed, Available: available,
				Presented: st.presented, Accepted: st.accepted, Abandoned: st.abandoned, ShortAbandon: st.shortAbandon,
				SLAPass: st.slaPass, SLAFail: st.slaFail, ShortCall: st.shortCall, LongCall: st.longCall,
				SuccessDisps: st.success, TotalQueueTime: seconds(st.queueTime), TotalAnswerTime: seconds(st.answerTime),
				TotalTalkTime: seconds(st.talkTime), TotalAbandonTime: seconds(st.abandonTime),
			}
			rows[q] = r
		}
		for _, c := range a.live() {
			r := rows[c.dest]
			if r == nil {
				continue // outbound and manual calls
			}
			switch {
			case c.agent == nil:
				r.InQueue++
				r.LongestInQueue = max(r.LongestInQueue, seconds(ref.Sub(c.enqueue)))
			case c.dequeue.IsZero():
				r.Routing++
			default:
				r.Active++
			}
		}
		for _, q := range a.queues {
			out = append(out, *rows[q])
		}
	}
	return jsonResp(http.StatusOK, out)
}

// reporting refuses the real-time endpoints to a user without reporting rights, with RingCX's
// access.denied.exception body, whatever the calls list answers.
func (s *Server) reporting(h func(*rctx) *response) func(*rctx) *response {
	return func(rc *rctx) *response {
		if s.cfg.DenyReporting {
			return jsonResp(http.StatusForbidden, accessDenied{ErrorCode: "access.denied.exception",
				GeneralMessage: "You do not have permission to access this resource", Timestamp: rc.now.UnixMilli()})
		}
		return h(rc)
	}
}

// SetReportingDenied switches the reporting permission (Config.DenyReporting) at run time.
func (s *Server) SetReportingDenied(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.DenyReporting = on
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
