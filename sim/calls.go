package sim

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

var products = []string{"ACCOUNT", "ACD", "AGENT", "CHAT_QUEUE", "OUTBOUND", "VISUAL_IVR", "CLOUD_PROFILE",
	"CLOUD_DESTINATION", "TRAC_NUMBER", "HTTP_SERVICES", "SCRIPTING", "TN_MANAGER", "SURVEY", "DNIS", "TEAMS",
	"KNOWLEDGE_BASE", "UTILITIES"}

const defaultMaxRows = 100

// handleList is GET .../activeCalls/list. Parameters are validated together so one 400 names every
// problem, as a bean-validation error would.
func (s *Server) handleList(rc *rctx) *response {
	q := rc.q
	product, pidStr, ext := q.Get("product"), q.Get("productId"), q.Get("externalId")
	var ves []validationError
	if product != "" && !slices.Contains(products, product) {
		ves = append(ves, vErr("product", "must be one of "+strings.Join(products, ", "), q))
	}
	var pid int64
	if pidStr != "" {
		var err error
		if pid, err = strconv.ParseInt(pidStr, 10, 64); err != nil {
			ves = append(ves, vErr("productId", "must be an integer", q))
		}
	}
	page, ok := intParam(q, "page", 0)
	if !ok || page < 0 {
		ves = append(ves, vErr("page", "must be an integer, 0 or more (pages are zero-indexed)", q))
	}
	maxRows, ok := intParam(q, "maxRows", defaultMaxRows)
	if !ok || maxRows < 1 {
		ves = append(ves, vErr("maxRows", "must be an integer, 1 or more", q))
	}
	if product != "" && pidStr == "" {
		ves = append(ves, vErr("productId", "is required when product is given", q))
	}
	if len(ves) > 0 {
		return badRequest(rc, "Invalid list parameters", ves...)
	}
	if product == "" && ext == "" {
		return badRequest(rc, "Give product and productId (e.g. product=ACCOUNT&productId=<accountId>), or externalId",
			vErr("product", "product and productId, or externalId, is required", q))
	}
	maxRows = min(maxRows, s.cfg.MaxRows)

	calls := s.w.activeCalls(s.w.scope(rc.segs[2]))
	if keep := s.productFilter(rc.segs[2], product, pidStr, pid); keep != nil || ext != "" {
		var out []*call
		for _, c := range calls {
			if (keep == nil || keep(c)) && (ext == "" || c.externalID == ext) {
				out = append(out, c)
			}
		}
		calls = out
	}
	lo := int64(page) * int64(maxRows)
	if lo >= int64(len(calls)) {
		calls = nil
	} else {
		calls = calls[lo:min(lo+int64(maxRows), int64(len(calls)))]
	}
	if len(calls) == 0 && s.cfg.EmptyListStatus == http.StatusNoContent {
		return &response{status: http.StatusNoContent, list: true}
	}
	return &response{status: http.StatusOK, ctype: ctJSON, body: s.encodeList(calls), list: true, pooled: true}
}

// productFilter returns the predicate for a product, nil for "every call in scope".
func (s *Server) productFilter(acctID, product, pidStr string, pid int64) func(*call) bool {
	none := func(*call) bool { return false }
	switch product {
	case "":
		return nil
	case "ACCOUNT":
		// The documented example lists with the main account id as productId; accept it too. On the
		// main account's path, a sub-account id narrows the list to that sub-account.
		if pidStr == acctID || pidStr == mainAccountID {
			return nil
		}
		return func(c *call) bool { return c.account.id == pidStr }
	case "ACD":
		return func(c *call) bool { return c.dest != nil && !c.dest.isOut && int64(c.dest.id) == pid }
	case "OUTBOUND":
		return func(c *call) bool { return c.dest != nil && c.dest.isOut && int64(c.dest.id) == pid }
	case "DNIS":
		return func(c *call) bool {
			return c.dnis == pidStr || strings.TrimPrefix(c.dnisE164, "+") == pidStr
		}
	default:
		// VISUAL_IVR, CLOUD_PROFILE, TRAC_NUMBER are valid but the sim routes no calls through
		// them; the other products never carry calls.
		return none
	}
}

func intParam(q map[string][]string, name string, def int) (int, bool) {
	vs := q[name]
	if len(vs) == 0 || vs[0] == "" {
		return def, true
	}
	n, err := strconv.ParseInt(vs[0], 10, 32)
	return int(n), err == nil
}

// listBufs recycles list bodies: a full refresh of 10,000 calls is ~4 MB, and allocating that on
// every poll makes the GC rescan the whole world again and again.
var listBufs = sync.Pool{New: func() any { return new([]byte) }}

// encodeList joins the calls' cached JSON into one array in a pooled buffer, which ServeHTTP
// returns to the pool once the body is written.
func (s *Server) encodeList(calls []*call) []byte {
	n := 2
	for _, c := range calls {
		n += len(s.w.encoded(c)) + 1
	}
	b := (*listBufs.Get().(*[]byte))[:0]
	b = slices.Grow(b, n)
	b = append(b, '[')
	for i, c := range calls {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c.enc...)
	}
	return append(b, ']')
}

// ---- actions ----

func (s *Server) actionResult(ok bool) *response {
	return textResp(s.cfg.ActionStatus, strconv.FormatBool(ok))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validPhone: digits or + then digits, 7 to 15 digits (the E.164 maximum).
func validPhone(p string) bool {
	d := strings.TrimPrefix(p, "+")
	return allDigits(d) && len(d) >= 7 && len(d) <= 15
}

const phoneMsg = "must be a phone number: 7 to 15 digits, optionally starting with +"

// phoneErrs validates required phone parameters.
func phoneErrs(q map[string][]string, names ...string) []validationError {
	var ves []validationError
	for _, n := range names {
		v := ""
		if vs := q[n]; len(vs) > 0 {
			v = vs[0]
		}
		switch {
		case v == "":
			ves = append(ves, vErr(n, "is required", q))
		case !validPhone(v):
			ves = append(ves, vErr(n, phoneMsg, q))
		}
	}
	return ves
}

// withCall resolves the {uii} path segment: not digits → 400. The action gets nil for a uii that
// is not an active call in the path account's scope (ended calls are no longer addressable) and
// answers 404 through gone once its parameters have passed validation, as parameter binding comes
// before the handler looks anything up.
func (s *Server) withCall(act func(*Server, *rctx, *call) *response) func(*rctx) *response {
	return func(rc *rctx) *response {
		uii := rc.segs[4]
		if !allDigits(uii) {
			return badRequest(rc, "uii must be digits", validationError{AttributeName: "uii", Message: "must contain only digits", Value: &uii})
		}
		c := s.w.calls[uii]
		if c != nil && (c.ended || !slices.Contains(s.w.scope(rc.segs[2]), c.account)) {
			c = nil
		}
		return act(s, rc, c)
	}
}

func gone(rc *rctx) *response {
	return notFound(rc, "No active call with uii "+rc.segs[4]+" on account "+rc.segs[2])
}

var sessionTypes = []string{"MONITOR", "BARGEIN", "COACHING"}

func (s *Server) addSession(rc *rctx, c *call) *response {
	ves := phoneErrs(rc.q, "destination")
	st := rc.q.Get("sessionType")
	if !slices.Contains(sessionTypes, st) {
		ves = append(ves, vErr("sessionType", "must be one of MONITOR, BARGEIN, COACHING", rc.q))
	}
	if len(ves) > 0 {
		return badRequest(rc, "Invalid addSessionToCall parameters", ves...)
	}
	if slices.Contains(s.cfg.DeniedSessionTypes, st) {
		return errResp(rc, http.StatusForbidden, "FORBIDDEN", "Access is denied",
			"This user may not start "+st+" sessions")
	}
	if c == nil {
		return gone(rc)
	}
	dest := rc.q.Get("destination")
	if c.dequeue.IsZero() || c.sessions[dest] != "" {
		return s.actionResult(false) // nobody to listen to yet, or that phone is already on the call
	}
	if c.sessions == nil {
		c.sessions = map[string]string{}
	}
	c.sessions[dest] = st
	return s.actionResult(true)
}

func (s *Server) hangupSession(rc *rctx, c *call) *response {
	if ves := phoneErrs(rc.q, "phone"); len(ves) > 0 {
		return badRequest(rc, "Invalid hangupSession parameters", ves...)
	}
	if c == nil {
		return gone(rc)
	}
	p := rc.q.Get("phone")
	if c.sessions[p] == "" {
		return s.actionResult(false)
	}
	delete(c.sessions, p)
	return s.actionResult(true)
}

func (s *Server) hangupCall(rc *rctx, c *call) *response {
	if c == nil {
		return gone(rc)
	}
	s.w.end(c)
	return s.actionResult(true)
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

func (s *Server) toggleRecording(rc *rctx, c *call) *response {
	on, ok := parseBool(rc.q.Get("record"))
	if !ok {
		return badRequest(rc, "record must be true or false", vErr("record", "must be true or false", rc.q))
	}
	if c == nil {
		return gone(rc)
	}
	c.recording = &on
	return s.actionResult(true)
}

func (s *Server) disposition(rc *rctx, c *call) *response {
	q := rc.q
	var ves []validationError
	name := q.Get("disposition")
	if name == "" {
		ves = append(ves, vErr("disposition", "is required", q))
	}
	cb, ok := parseBool(q.Get("callback"))
	if !ok {
		ves = append(ves, vErr("callback", "is required and must be true or false", q))
	}
	dts := q.Get("callBackDTS")
	if _, has := q["callBackDTS"]; has {
		if _, err := time.Parse("20060102150405", dts); err != nil || len(dts) != 14 {
			ves = append(ves, vErr("callBackDTS", "must be a date and time as yyyyMMddHHmmss", q))
		}
	}
	if len(ves) > 0 {
		return badRequest(rc, "Invalid dispositionCall parameters", ves...)
	}
	if c == nil {
		return gone(rc)
	}
	if c.agent == nil || !s.w.validDisposition(c, name) {
		return s.actionResult(false) // no agent to release, or not a valid name for the call's queue or campaign
	}
	c.disposition = &DispositionView{Disposition: name, Callback: cb, CallbackDTS: dts, Notes: q.Get("notes")}
	s.w.countSuccess(c, name)
	return s.actionResult(true)
}

// handleManualCall is POST .../activeCalls/createManualAgentCall.
func (s *Server) handleManualCall(rc *rctx) *response {
	q := rc.q
	ves := phoneErrs(q, "destination", "callerId")
	user := q.Get("username")
	if user == "" {
		ves = append(ves, vErr("username", "is required", q))
	}
	ring, ok := intParam(q, "ringDuration", -1)
	if !ok || ring < 1 || ring > 600 {
		ves = append(ves, vErr("ringDuration", "is required: seconds to ring, 1 to 600", q))
	}
	if len(ves) > 0 {
		return badRequest(rc, "Invalid createManualAgentCall parameters", ves...)
	}
	ag := s.w.findAgent(s.w.scope(rc.segs[2]), user)
	if ag == nil || !ag.loggedIn || ag.onCall != nil {
		return s.actionResult(false)
	}
	s.w.manualCall(ag, q.Get("destination"), q.Get("callerId"), time.Duration(ring)*time.Second)
	return s.actionResult(true)
}

// manualCall places an outbound call for an agent: it rings a few seconds, then connects, unless the
// ring duration runs out first. The answer is scheduled even in a static world, because it is the
// consequence of an action, not the world moving by itself.
func (w *world) manualCall(ag *agent, destination, callerID string, ring time.Duration) *call {
	now := w.now.UTC().Truncate(time.Millisecond)
	uii := w.nextUII(now)
	c := &call{
		uii: uii, account: ag.account, enqueue: now, hostileIdx: w.hostilePick(),
		ani: callerID, dnis: destination, dnisE164: toE164(destination), destName: "Manual Outbound", manual: true,
	}
	w.activate(c)
	w.assign(c, ag)
	pickup := secs(2 + w.rng.Float64()*4)
	if pickup <= ring {
		w.push(w.now.Add(pickup), evManualAnswer, nil, c)
	} else {
		w.push(w.now.Add(ring), evManualNoAnswer, nil, c)
	}
	return c
}
