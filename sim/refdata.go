package sim

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Reference data: agent groups and their rosters, gate groups and gates (queues) with their
// dispositions, dial groups with their campaigns, and the account-wide system dispositions. Paths,
// parameters and shapes follow the lists subset of the OpenAPI spec; each sub-account has one agent
// group, one gate group holding its queues and one dial group holding its campaigns.

// dispSpec is one disposition as the gate (GateDisposition) or campaign lists it.
type dispSpec struct {
	name                                   string
	requireNote, success, complete, noCall bool
	disabled, isDefault                    bool
}

// gateDispositions are valid on every queue; a disabled one is listed but refused, as an admin
// who retires a disposition leaves it in the list. The names the sim accepted on every call before
// it had per-queue lists (the manual-call list, dispositions) stay valid on every queue and
// campaign, so a test may disposition any answered call with them; each queue and campaign adds
// its own.
var gateDispositions = []dispSpec{
	{name: "Resolved", success: true, complete: true, isDefault: true},
	{name: "Callback Requested", requireNote: true},
	{name: "Escalated", requireNote: true},
	{name: "Voicemail", complete: true},
	{name: "Wrong Number", complete: true},
	{name: "Sale", success: true, complete: true},
	{name: "Transferred (legacy)", disabled: true},
}

// gateExtras are queue-specific dispositions, by queue name.
var gateExtras = map[string][]dispSpec{
	"Tech Support": {{name: "Ticket Opened", requireNote: true, success: true}},
	"Soporte":      {{name: "Resuelto", success: true, complete: true}},
	"Renewals":     {{name: "Renewed", success: true, complete: true}},
	"Collections":  {{name: "Promise to Pay", requireNote: true, success: true}},
}

var campaignDispositions = []dispSpec{
	{name: "Sale", success: true, complete: true},
	{name: "Not Interested", complete: true},
	{name: "Callback Requested", requireNote: true},
	{name: "Resolved", success: true, complete: true, isDefault: true},
	{name: "Do Not Call", complete: true, noCall: true},
	{name: "Wrong Number", complete: true},
	{name: "Escalated", requireNote: true},
	{name: "Voicemail", complete: true},
}

// systemDispositions is the spec's enum for campaignLeads/systemDispositions, in its order. They
// are dialer results, not agent dispositions: dispositionCall does not accept them.
var systemDispositions = []string{"ANSWER", "NOANSWER", "BUSY", "MACHINE", "INTERCEPT", "DISCONNECT",
	"ABANDON", "CONGESTION", "MANUAL_PASS", "INBOUND_CALLBACK", "APP_DNC", "APP_REQUEUE",
	"APP_REQUEUE_COMPLETE", "APP_REQUEUE_ABANDON", "INBOUND_ABANDON", "API_BLOCKED", "API_ERROR"}

// auxStates are the away states some logged-in agents are in; RingCX accounts define their own, so
// clients must treat them as opaque labels.
var auxStates = []string{"LUNCH", "AWAY", "BREAK"}

func newGate(q destSpec, j int, dnis []string) *dest {
	return &dest{
		id: q.id, name: q.name, dnis: dnis,
		wrapTime: time.Duration(30+15*(j%3)) * time.Second, slaTime: 30 * time.Second,
		disps: slices.Concat(gateDispositions, gateExtras[q.name]),
	}
}

// validDisposition: a name the call's queue or campaign lists and has not disabled. A manual call
// has neither; the account-wide list applies to it.
func (w *world) validDisposition(c *call, name string) bool {
	if c.dest == nil {
		return slices.Contains(dispositions, name)
	}
	return slices.ContainsFunc(c.dest.disps, func(d dispSpec) bool { return d.name == name && !d.disabled })
}

func (d *dest) disposition(name string) (dispSpec, bool) {
	i := slices.IndexFunc(d.disps, func(x dispSpec) bool { return x.name == name })
	if i < 0 {
		return dispSpec{}, false
	}
	return d.disps[i], true
}

// Group ids: fixed per account position, so docs and tests can name them.
func (a *account) agentGroupID() int      { return 5001 + a.idx }
func (a *account) gateGroupID() int       { return 3001 + a.idx }
func (a *account) dialGroupID() int       { return 7001 + a.idx }
func (a *account) agentGroupName() string { return a.name + " Agents" }
func (a *account) gateGroupName() string  { return a.name + " Queues" }
func (a *account) dialGroupName() string  { return a.name + " Outbound" }

// pageParams reads the optional page and maxRows of the reference lists. Absent, the whole list is
// answered (the spec gives no default page size) [guess].
func pageParams(rc *rctx) (page, maxRows int, bad *response) {
	q := rc.q
	var ves []validationError
	page, ok := intParam(q, "page", 0)
	if !ok || page < 0 {
		ves = append(ves, vErr("page", "must be an integer, 0 or more (pages are zero-indexed)", q))
	}
	maxRows, ok = intParam(q, "maxRows", 0)
	if !ok || maxRows < 0 || (q.Get("maxRows") != "" && maxRows < 1) {
		ves = append(ves, vErr("maxRows", "must be an integer, 1 or more", q))
	}
	if v := q.Get("includePermissions"); v != "" {
		if _, ok := parseBool(v); !ok {
			ves = append(ves, vErr("includePermissions", "must be true or false", q))
		}
	}
	if len(ves) > 0 {
		return 0, 0, badRequest(rc, "Invalid list parameters", ves...)
	}
	return page, maxRows, nil
}

func paginate[T any](xs []T, page, maxRows int) []T {
	if maxRows == 0 {
		return xs
	}
	lo := int64(page) * int64(maxRows)
	if lo >= int64(len(xs)) {
		return []T{}
	}
	return xs[lo:min(lo+int64(maxRows), int64(len(xs)))]
}

// pathID parses an int32 path segment; not a number → 400, as Spring's type conversion answers.
func pathID(rc *rctx, i int, name string) (int, *response) {
	n, err := strconv.ParseInt(rc.segs[i], 10, 32)
	if err != nil {
		v := rc.segs[i]
		return 0, badRequest(rc, name+" must be an integer", validationError{AttributeName: name, Message: "must be an integer", Value: &v})
	}
	return int(n), nil
}

func (s *Server) handleAgentGroups(rc *rctx) *response {
	page, maxRows, bad := pageParams(rc)
	if bad != nil {
		return bad
	}
	out := []wireAgentGroup{}
	for _, a := range s.w.scope(rc.segs[2]) {
		out = append(out, a.wireAgentGroup())
	}
	return jsonResp(http.StatusOK, paginate(out, page, maxRows))
}

func (s *Server) handleGroupAgents(rc *rctx) *response {
	id, bad := pathID(rc, 4, "agentGroupId")
	if bad != nil {
		return bad
	}
	for _, a := range s.w.scope(rc.segs[2]) {
		if a.agentGroupID() == id {
			out := []wireRosterAgent{}
			for _, ag := range a.agents {
				out = append(out, s.w.wireRosterAgent(ag))
			}
			return jsonResp(http.StatusOK, out)
		}
	}
	return notFound(rc, "No agent group "+rc.segs[4]+" on account "+rc.segs[2])
}

func (s *Server) handleGateGroups(rc *rctx) *response {
	page, maxRows, bad := pageParams(rc)
	if bad != nil {
		return bad
	}
	out := []wireGateGroup{}
	for _, a := range s.w.scope(rc.segs[2]) {
		g := wireGateGroup{GateGroupID: a.gateGroupID(), GroupName: a.gateGroupName(), Gates: []wireGate{}}
		for _, q := range a.queues {
			g.Gates = append(g.Gates, wireGateOf(q))
		}
		out = append(out, g)
	}
	return jsonResp(http.StatusOK, paginate(out, page, maxRows))
}

// gateGroup finds the path's gate group in scope, or answers 400/404.
func (s *Server) gateGroup(rc *rctx) (*account, *response) {
	id, bad := pathID(rc, 4, "gateGroupId")
	if bad != nil {
		return nil, bad
	}
	for _, a := range s.w.scope(rc.segs[2]) {
		if a.gateGroupID() == id {
			return a, nil
		}
	}
	return nil, notFound(rc, "No gate group "+rc.segs[4]+" on account "+rc.segs[2])
}

func (s *Server) handleGates(rc *rctx) *response {
	page, maxRows, bad := pageParams(rc)
	if bad != nil {
		return bad
	}
	a, bad := s.gateGroup(rc)
	if bad != nil {
		return bad
	}
	out := []wireGate{}
	for _, q := range a.queues {
		out = append(out, wireGateOf(q))
	}
	return jsonResp(http.StatusOK, paginate(out, page, maxRows))
}

func (s *Server) handleGateDispositions(rc *rctx) *response {
	a, bad := s.gateGroup(rc)
	if bad != nil {
		return bad
	}
	id, bad := pathID(rc, 6, "gateId")
	if bad != nil {
		return bad
	}
	for _, q := range a.queues {
		if q.id == id {
			out := []wireGateDisposition{}
			for i, d := range q.disps {
				out = append(out, wireGateDisposition{
					GateDispositionID: q.id*100 + i + 1, Disposition: d.name, IsDisabled: d.disabled,
					IsDefault: d.isDefault, Rank: i + 1, RequireNote: d.requireNote, IsSuccess: d.success,
					IsComplete: d.complete, IsContact: true, DoNotCall: d.noCall,
				})
			}
			return jsonResp(http.StatusOK, out)
		}
	}
	return notFound(rc, "No gate "+rc.segs[6]+" in gate group "+rc.segs[4])
}

func (s *Server) handleSystemDispositions(rc *rctx) *response {
	return jsonResp(http.StatusOK, systemDispositions)
}

func (s *Server) handleDialGroups(rc *rctx) *response {
	page, maxRows, bad := pageParams(rc)
	if bad != nil {
		return bad
	}
	out := []wireDialGroup{}
	for _, a := range s.w.scope(rc.segs[2]) {
		g := wireDialGroup{DialGroupID: a.dialGroupID(), DialGroupName: a.dialGroupName(), DialMode: "PREDICTIVE",
			IsActive: true, Campaigns: []wireCampaign{}}
		for _, c := range a.campaigns {
			wc := wireCampaign{CampaignID: c.id, CampaignName: c.name, IsActive: 1, DialGroupID: g.DialGroupID,
				CampaignDispositions: []wireCampaignDisposition{}}
			for i, d := range c.disps {
				wc.CampaignDispositions = append(wc.CampaignDispositions, wireCampaignDisposition{
					CampaignDispositionID: c.id*100 + i + 1, Disposition: d.name, IsDisabled: d.disabled,
					IsDefault: d.isDefault, Rank: i + 1, RequireNote: d.requireNote, IsSuccess: d.success,
					IsComplete: d.complete, DoNotCall: d.noCall,
				})
			}
			g.Campaigns = append(g.Campaigns, wc)
		}
		out = append(out, g)
	}
	return jsonResp(http.StatusOK, paginate(out, page, maxRows))
}
