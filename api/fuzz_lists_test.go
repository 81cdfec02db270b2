package api

import (
	"errors"
	"testing"
)

// FuzzDecodeSupervisorLists: whatever the server sends to the supervisor
// feeds, decoding returns rows or an ErrMalformedResponse, never a panic
// or a nil slice, and the domain logic on any decoded row does not panic.
func FuzzDecodeSupervisorLists(f *testing.F) {
	f.Add([]byte(`[` + agentRow + `]`))
	f.Add([]byte(`[` + queueRow + `]`))
	f.Add([]byte(rosterAgentBody))
	f.Add([]byte(gateGroupsBody))
	f.Add([]byte(gateDispositionsBody))
	f.Add([]byte(dialGroupsBody))
	f.Add([]byte(`[{"stateTime":"1e308","inQueue":"-9223372036854775808","slaPass":9223372036854775807,"slaFail":1}]`))
	f.Add([]byte(`[{"agentState":"\u001b]0;x\u0007","isActive":"maybe","campaigns":{"a":1},"gates":[null]}]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(err error, nilSlice bool) bool {
			if err != nil {
				if !errors.Is(err, ErrMalformedResponse) {
					t.Fatalf("error is not ErrMalformedResponse: %v", err)
				}
				return false
			}
			if nilSlice {
				t.Fatal("nil slice on success")
			}
			return true
		}
		agents, err := DecodeAgents(body)
		if check(err, agents == nil) {
			for _, a := range agents {
				_ = a.Class()
				_ = a.InState(stubNow)
				_, _ = a.PendingFor(stubNow)
				_, _ = a.OnCall()
			}
		}
		queues, err := DecodeQueues(body)
		if check(err, queues == nil) {
			for _, q := range queues {
				if sl, ok := q.ServiceLevel(); ok && (sl < 0 || sl > 1) {
					t.Fatalf("service level %v out of [0,1] for %+v", sl, q)
				}
				if d, ok := q.AverageWait(); ok && d < 0 {
					t.Fatalf("negative average wait %v", d)
				}
				if q.LongestWait(stubNow) < 0 {
					t.Fatal("negative longest wait")
				}
			}
		}
		roster, err := decodeList[RosterAgent](body)
		check(err, roster == nil)
		gg, err := decodeList[GateGroup](body)
		if check(err, gg == nil) {
			for _, g := range gg {
				if g.Gates == nil {
					t.Fatal("nil gates")
				}
			}
		}
		ds, err := decodeList[Disposition](body)
		if check(err, ds == nil) {
			_ = UsableDispositions(ds)
		}
		dg, err := decodeList[DialGroup](body)
		if check(err, dg == nil) {
			for _, g := range dg {
				for _, c := range g.Campaigns {
					if c.Dispositions == nil {
						t.Fatal("nil dispositions")
					}
				}
			}
		}
	})
}
