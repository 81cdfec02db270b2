package audit

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/team"
)

// Session is a supervisor session an operator started and, as far as the
// audit log shows, has not ended: who started it, the call, its mode, the
// phone RingCX dialled (the one hangupSession needs to end it) and when it
// was asked for. Uncertain is set when the log cannot say whether it
// exists: the add (or a later end) has no outcome, or an unknown one. It
// is the shared state's session type, so a replay restores a service's
// store as it is.
type Session = team.Session

// AllOperators, as the operator of Sessions and ReadSessions, replays
// every operator's sessions: a service shows each viewer the others'.
const AllOperators = ""

// SessionWindow is how far back ReadSessions looks. A session lives only
// as long as its call and no call lasts a day, so older records cannot
// describe a session that still exists; without the bound, a session whose
// end was never recorded (a crash, a call that ended unobserved) would be
// offered as open for ever.
const SessionWindow = 24 * time.Hour

// ReadSessions is Sessions over the log at path, reading only the actions
// of the last SessionWindow before now. Damaged lines are skipped: the
// sessions in the readable records still count (`callboard audit` is
// where damage is reported), and a session lost with a damaged line is at
// worst one the board does not mark as yours.
func ReadSessions(path, account, operator string, now time.Time) ([]Session, error) {
	records, err := Read(path, Filter{Since: now.Add(-SessionWindow)})
	var damaged *MalformedError
	if err != nil && !errors.As(err, &damaged) {
		return nil, err
	}
	return Sessions(Pair(records), account, operator), nil
}

// Sessions replays entries (in time order, as Pair returns them) into the
// supervisor sessions operator (AllOperators: anyone) started on account
// that are still open, oldest first. An empty account means every account
// (a uii names one call across RingCX).
//
// A session is opened by an add_session with outcome ok, or with no or an
// unknown outcome (then Uncertain). A later add on the same call by the
// same operator, or for the same phone, replaces it (RingCX takes one
// session per phone, and the board's mode switch ends the old session and
// adds the new one); a failed add leaves it. It is closed by a
// hangup_session for its phone that was ok or refused (refused: there is
// no such session any more), by a hangup_call that was ok, and by any
// action on the call whose outcome says RingCX no longer knows it. What
// ends a session is a fact about the call, so those count whoever
// recorded them.
func Sessions(entries []Entry, account, operator string) []Session {
	open := map[string][]Session{}
	for _, e := range entries {
		r := e.About()
		if r.UII == "" || (account != "" && r.Account != account) {
			continue
		}
		switch result := e.ResultText(); {
		case result == ResultEnded || result == ResultNotFound:
			delete(open, r.UII)
		case r.Action == ActionAddSession && (operator == AllOperators || r.Operator == operator):
			if added, ok := addedSession(e); ok {
				open[r.UII] = append(slices.DeleteFunc(open[r.UII], func(s Session) bool {
					return s.Operator == added.Operator || s.Phone == added.Phone
				}), added)
			}
		case r.Action == ActionHangupSession:
			phone := r.Params["phone"]
			switch {
			case result == ResultOK || result == ResultRefused:
				open[r.UII] = slices.DeleteFunc(open[r.UII], func(s Session) bool { return s.Phone == phone })
			case unknownResult(e):
				for i := range open[r.UII] {
					if open[r.UII][i].Phone == phone {
						open[r.UII][i].Uncertain = true
					}
				}
			}
		case r.Action == ActionHangupCall && result == ResultOK:
			delete(open, r.UII)
		}
	}
	var out []Session
	for _, list := range open {
		out = append(out, list...)
	}
	slices.SortFunc(out, func(a, b Session) int {
		return cmp.Or(a.Since.Compare(b.Since), strings.Compare(a.UII, b.UII), strings.Compare(a.Operator, b.Operator))
	})
	return out
}

// addedSession is the session an add_session entry opened, if it may have
// opened one. An add whose intent is missing (a damaged line) has lost its
// mode and phone and opens nothing: it could not be ended from here.
func addedSession(e Entry) (Session, bool) {
	if e.Intent.Event == "" {
		return Session{}, false
	}
	result := e.ResultText()
	if result != ResultOK && !unknownResult(e) {
		return Session{}, false
	}
	r := e.Intent
	return Session{
		UII: r.UII, Operator: r.Operator, Type: api.SessionType(r.Params["session_type"]), Phone: r.Params["destination"],
		Since: r.Time, Uncertain: result != ResultOK,
	}, true
}

// unknownResult reports whether the entry's action may or may not have
// taken effect: no outcome was recorded, or its outcome says it is unknown.
func unknownResult(e Entry) bool {
	return e.Outcome == nil || Unknown(e.Outcome.Result)
}
