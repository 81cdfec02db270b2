package ui

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/internal/cmdtest"
	"github.com/callboard/callboard/sim"
)

// simLookup answers the pickers from the simulator the way the service
// does, one request at a time and with nothing canned: whom a call may be
// placed for is the roster merged with the real-time agents; a call's
// dispositions are its queue's (found through the agent on it) or its
// campaign's, else the account's system dispositions with why.
type simLookup struct{ c *api.Client }

func (l simLookup) DialAgents(ctx context.Context) ([]api.Agent, error) {
	roster, _, err := l.c.ListRoster(ctx)
	if err != nil {
		return nil, err
	}
	live, err := l.c.RealTimeAgents(ctx)
	if err != nil {
		return nil, err
	}
	return api.MergeRoster(live, roster), nil
}

func (l simLookup) Dispositions(ctx context.Context, uii string) (DispositionChoices, error) {
	names, err := l.c.SystemDispositions(ctx)
	if err != nil {
		return DispositionChoices{}, err
	}
	system := make([]api.Disposition, 0, len(names))
	for _, n := range names {
		system = append(system, api.Disposition{Name: n})
	}
	system = api.UsableDispositions(system)
	own, from, why := l.callsOwn(ctx, uii)
	if why != nil {
		return DispositionChoices{Items: system, Partial: why}, nil
	}
	return DispositionChoices{Items: api.UsableDispositions(own), From: from}, nil
}

// callsOwn is the dispositions of the call's queue or campaign, found
// through the agent on it, with the queue's or campaign's name.
func (l simLookup) callsOwn(ctx context.Context, uii string) ([]api.Disposition, string, error) {
	live, err := l.c.RealTimeAgents(ctx)
	if err != nil {
		return nil, "", err
	}
	a, ok := api.AgentsByCall(live)[uii]
	switch {
	case !ok:
		return nil, "", ErrNoAgentOnCall
	case a.GateID != "":
		groups, err := l.c.GateGroups(ctx, api.PageOptions{})
		if err != nil {
			return nil, "", err
		}
		gate, ok := api.GatesByID(groups)[a.GateID]
		if !ok {
			return nil, "", ErrQueueNotListed
		}
		ds, err := l.c.GateDispositions(ctx, gate.GroupID, gate.ID)
		return ds, gate.Name, err
	}
	groups, err := l.c.DialGroups(ctx, api.PageOptions{})
	if err != nil {
		return nil, "", err
	}
	c, ok := api.CampaignsByID(groups)[a.CampaignID]
	if !ok {
		return nil, "", ErrQueueNotListed
	}
	return c.Dispositions, c.Name, nil
}

// newPickerBoard is a refreshed board whose pickers ask the simulator.
func newPickerBoard(t *testing.T, opts ...boardOpt) *board {
	t.Helper()
	b := newBoard(t, opts...)
	b.m.cfg.Lookup = simLookup{b.client}
	b.refresh()
	return b
}

// open presses a key that opens a form waiting for its list, checks the
// box says what it waits for, and delivers the list (the command's
// answer) — keys sent in between are what was typed ahead.
func (b *board) open(k, waiting string, typedAhead ...string) {
	b.t.Helper()
	_, cmd := b.m.Update(keyMsg(k))
	require.Contains(b.t, b.screen(), waiting)
	b.typeText(strings.Join(typedAhead, ""))
	require.Contains(b.t, b.screen(), waiting, "typing ahead waits for the list")
	for _, msg := range cmdtest.Prompt(cmd) {
		b.send(msg)
	}
	require.NotContains(b.t, b.screen(), waiting)
}

// freeAgents are the agents the simulator reports AVAILABLE and on no
// call, by username.
func (b *board) freeAgents() []string {
	b.t.Helper()
	live, err := b.client.RealTimeAgents(context.Background())
	require.NoError(b.t, err)
	var out []string
	for _, a := range live {
		if _, on := a.OnCall(); a.State == "AVAILABLE" && !on && !a.PendingDisposition {
			out = append(out, a.Username)
		}
	}
	slices.Sort(out)
	return out
}

// formText is the open form's text as one line: the box's lines without
// their borders, joined, so a sentence wrapped over two lines is found.
func (b *board) formText() string {
	var parts []string
	for _, l := range strings.Split(b.screen(), "\n") {
		i, j := strings.Index(l, "│"), strings.LastIndex(l, "│")
		if i < 0 || j <= i {
			continue
		}
		if t := strings.TrimSpace(l[i+len("│") : j]); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// lastRequest is the simulator's last request to a path ending so.
func (b *board) lastRequest(suffix string) (sim.Request, bool) {
	reqs := b.requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if strings.HasSuffix(reqs[i].Path, suffix) {
			return reqs[i], true
		}
	}
	return sim.Request{}, false
}

// dial fills in the new-call form's number fields, submits it, and
// returns the username the simulator was sent, once it accepted the call.
func (b *board) dial() string {
	b.t.Helper()
	b.typeText("(650) 555-0123")
	b.press("tab")
	b.typeText("+1 866 555 0199")
	b.press("enter", "enter")
	require.Nil(b.t, b.m.overlay, "the form is submitted")
	last, ok := b.lastRequest("/createManualAgentCall")
	require.True(b.t, ok, "the call is placed")
	require.Equal(b.t, http.StatusOK, last.Status)
	return last.Query.Get("username")
}

func TestNewCallPicksAnAgentByTypingPartOfTheUsername(t *testing.T) {
	b := newPickerBoard(t)
	free := b.freeAgents()
	require.NotEmpty(t, free)
	agent := free[len(free)-1]
	part := strings.SplitN(agent, "@", 2)[0]
	part = part[1 : len(part)-1] // neither its start nor its end

	b.open("n", "loading agents…")
	b.typeText(part)
	assert.Contains(t, b.screen(), "/"+part, "what is typed filters the list: %s", b.formText())
	assert.Contains(t, b.screen(), agent[:20])
	for _, other := range free {
		if !strings.Contains(other, part) {
			assert.NotContains(t, b.screen(), other, "filtered out")
		}
	}
	b.press("enter")
	assert.Equal(t, agent, b.dial(), "the username picked is the one sent")
	for _, a := range b.sim.Agents(account) {
		if a.Username == agent {
			assert.NotEmpty(t, a.OnCall, "the simulator placed the call from %s's phone", agent)
		}
	}
}

func TestNewCallTypedAheadWhileLoadingFilters(t *testing.T) {
	b := newPickerBoard(t)
	agent := b.freeAgents()[0]
	part := strings.SplitN(agent, "@", 2)[0]
	b.open("n", "loading agents…", part)
	assert.Contains(t, b.screen(), "/"+part)
	b.press("enter")
	assert.Equal(t, agent, b.dial())
}

func TestNewCallListsFreeAgentsFirstWithTheirState(t *testing.T) {
	b := newPickerBoard(t)
	// One agent logs out: the roster still lists them, the picker does not.
	require.Greater(t, len(b.freeAgents()), 2)
	require.True(t, b.sim.SetAgentLoggedIn(b.freeAgents()[0], false))
	free := b.freeAgents()
	loggedOut := 0
	for _, a := range b.sim.Agents(account) {
		if !a.LoggedIn {
			loggedOut++
		}
	}
	agents, err := simLookup{b.client}.DialAgents(context.Background())
	require.NoError(t, err)
	opts, nFree, nOut := agentOptions(agents, 60)
	assert.Equal(t, loggedOut, nOut)
	assert.Equal(t, len(free), nFree)
	for i, o := range opts {
		isFree := slices.Contains(free, o.Value)
		assert.Equal(t, i < nFree, isFree, "%s: free agents first, then the others", o.Key)
		if i < nFree {
			assert.Equal(t, free[i], o.Value, "free agents by username")
		}
	}
	for _, a := range b.sim.Agents(account) {
		if !a.LoggedIn {
			assert.False(t, slices.ContainsFunc(opts, func(o huh.Option[string]) bool { return o.Value == a.Username }), "%s is logged out: not offered", a.Username)
		}
	}
	assert.Contains(t, opts[0].Key, "AVAILABLE")
	assert.Contains(t, opts[len(opts)-1].Key, "ON_CALL", "the busy ones come last, their state shown")

	b.open("n", "loading agents…")
	screen := b.formText()
	assert.Contains(t, screen, fmt.Sprintf("%d free agents first", nFree))
	assert.Contains(t, screen, fmt.Sprintf("%d logged-out %s not listed", nOut, plural(nOut, "agent", "agents")))
	assert.Contains(t, screen, "› "+free[0][:20], "the first free agent is under the cursor")
	assert.Contains(t, screen, "AVAILABLE")
}

func TestNewCallWithoutTheListTakesTypedTextAndSaysWhy(t *testing.T) {
	b := newPickerBoard(t)
	agent := b.freeAgents()[0]
	b.sim.SetReportingDenied(true)
	b.open("n", "loading agents…")
	assert.Contains(t, b.formText(), "Agents list unavailable: RingCX refused it (no reporting rights) — type the username.")
	b.typeText(agent)
	b.press("tab")
	assert.Equal(t, agent, b.dial())
}

func TestNewCallWithoutALookupSaysSo(t *testing.T) {
	b := newBoard(t)
	b.press("n")
	assert.Contains(t, b.formText(), "Agents list unavailable: this board has no service to ask for it — type the username.")
}

func TestNewCallPickerWorksInAccessibleMode(t *testing.T) {
	b := newPickerBoard(t, withConfig(func(c *Config) { c.Accessible = true }))
	agent := b.freeAgents()[1]
	b.open("n", "loading agents…")
	b.press("down") // the second free agent, by moving rather than typing
	assert.Contains(t, b.screen(), "› "+agent[:20], "the choice is marked in text, not only by colour")
	b.press("enter")
	assert.Equal(t, agent, b.dial())
}

func TestNewCallFilterMatchingNobodyDoesNotMoveOn(t *testing.T) {
	b := newPickerBoard(t)
	b.open("n", "loading agents…")
	b.typeText("zzzz-nobody")
	b.press("enter")
	b.typeText("9") // into the filter still, not the number field
	assert.Contains(t, b.screen(), "/zzzz-nobody9", "still on the agent, filtering")
	for range len("zzzz-nobody9") {
		b.press("backspace")
	}
	b.press("enter")
	b.typeText("9")
	assert.Contains(t, b.formText(), "to  9", "on to the number once an agent is picked")
}

// dispositionBoard is a picker board with an answered call on a queue
// selected, the call's queue name returned.
func dispositionBoard(t *testing.T, opts ...boardOpt) (*board, string, string) {
	t.Helper()
	b := newPickerBoard(t, opts...)
	uii := b.selectAnswered()
	c, ok := b.sim.Call(uii)
	require.True(t, ok)
	return b, uii, c.DestinationName
}

func TestDispositionOffersTheQueuesNamesMarkedAndRequiresTheNote(t *testing.T) {
	b, uii, queue := dispositionBoard(t)
	b.open("d", "loading the call's dispositions…")
	screen := b.formText()
	assert.Contains(t, screen, "The dispositions of "+queue+"; those needing a note are marked")
	assert.Contains(t, screen, "Callback Requested  · note required")
	assert.NotContains(t, screen, "Transferred (legacy)", "a disabled disposition is not offered")

	n := len(b.requests())
	b.typeText("escal")
	b.press("enter") // Escalated: needs a note
	b.press("enter") // callback: no
	b.press("enter") // no callback time
	b.press("enter") // notes left empty: refused
	assert.Contains(t, b.screen(), `notes: required for "Escalated"`)
	assert.NotNil(t, b.m.overlay, "the form stays open")
	assert.Equal(t, n, len(b.requests()), "nothing is sent without the note")

	b.typeText("customer asked for a manager")
	b.press("enter")
	require.Nil(t, b.m.overlay)
	last, ok := b.lastRequest("/dispositionCall")
	require.True(t, ok)
	assert.Equal(t, "Escalated", last.Query.Get("disposition"))
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Disposition, "the simulator accepted it for the call's queue")
	assert.Equal(t, sim.DispositionView{Disposition: "Escalated", Notes: "customer asked for a manager"}, *c.Disposition)
}

func TestDispositionSentIsExactlyTheChosenName(t *testing.T) {
	b, uii, _ := dispositionBoard(t)
	b.open("d", "loading the call's dispositions…")
	b.typeText("WRONG n") // any case: the filter ignores it, the name sent is the list's
	b.press("enter", "enter", "enter", "enter")
	require.Nil(t, b.m.overlay)
	last, ok := b.lastRequest("/dispositionCall")
	require.True(t, ok)
	assert.Equal(t, "Wrong Number", last.Query.Get("disposition"))
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Disposition)
	assert.Equal(t, "Wrong Number", c.Disposition.Disposition)
	assert.Contains(t, b.screen(), `Disposition "Wrong Number" set`)
}

func TestDispositionPartialListTakesATypedNameAndSaysWhy(t *testing.T) {
	b, uii, _ := dispositionBoard(t)
	b.sim.SetReportingDenied(true) // the agent on the call, and so its queue, cannot be read
	b.open("d", "loading the call's dispositions…")
	assert.Contains(t, b.formText(), "The list may be incomplete: RingCX refused it")
	assert.Contains(t, b.formText(), "The account's system dispositions")
	b.typeText("another")
	b.press("enter")
	b.typeText("  Resolved ")
	b.press("enter", "enter", "enter", "enter")
	require.Nil(t, b.m.overlay)
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Disposition)
	assert.Equal(t, "Resolved", c.Disposition.Disposition, "typed, trimmed")
}

func TestDispositionOtherNameOnlyWithAnotherName(t *testing.T) {
	b, _, _ := dispositionBoard(t)
	b.sim.SetReportingDenied(true)
	b.open("d", "loading the call's dispositions…")
	assert.Contains(t, b.formText(), "› another name — type it below", "first where the list may be incomplete")
	b.press("down", "enter") // the first system disposition
	b.typeText("Resolved")
	b.press("enter")
	assert.Contains(t, b.screen(), "used only with “another name” above")
	b.press("shift+tab", "/")
	b.typeText("another")
	b.press("enter", "enter") // another name, and the typed one now passes
	assert.NotContains(t, b.formText(), "used only with")
	assert.Contains(t, b.formText(), "callback")
}

func TestDispositionWithoutTheListTakesTypedText(t *testing.T) {
	b, uii, _ := dispositionBoard(t)
	b.m.cfg.Lookup = nil
	b.press("d")
	assert.Contains(t, b.formText(), "Disposition list unavailable: this board has no service to ask for it — type the name.")
	b.typeText("Voicemail")
	b.press("enter", "enter", "enter", "enter")
	c, _ := b.sim.Call(uii)
	require.NotNil(t, c.Disposition)
	assert.Equal(t, "Voicemail", c.Disposition.Disposition)
}

func TestListReasonsAreWorded(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("dispositions: %w", ErrNoAgentOnCall), "no agent is known on this call, so neither is its queue"},
		{fmt.Errorf("dispositions: %w", ErrQueueNotListed), "the call's queue or campaign is not in the account's lists"},
		{ErrNoLookup, "this board has no service to ask for it"},
		{context.DeadlineExceeded, "no answer from RingCX in time"},
		{fmt.Errorf("x: %w", api.ErrUnauthorized), "signed out of RingCX"},
		{fmt.Errorf("odd\x1b[31m failure"), "odd failure"},
	} {
		assert.Equal(t, tc.want, listReason(tc.err, "why"), "%v", tc.err)
	}
}

func TestDispositionOfACallWithNoAgentSaysWhyTheListIsShort(t *testing.T) {
	b := newPickerBoard(t)
	var queued string
	for _, c := range b.sim.Calls(account) {
		if c.DequeueTime == nil {
			queued = c.UII
		}
	}
	require.NotEmpty(t, queued)
	b.selectUII(queued)
	b.open("d", "loading the call's dispositions…")
	assert.Contains(t, b.formText(), "The list may be incomplete: no agent is known on this call, so neither is its queue — choose “another name” to type one.")
	assert.Contains(t, b.formText(), "another name — type it below")
}

func TestAListArrivingAfterItsFormClosedIsDropped(t *testing.T) {
	b := newPickerBoard(t)
	_, first := b.m.Update(keyMsg("n"))
	b.press("esc")
	require.Nil(t, b.m.overlay)
	for _, msg := range cmdtest.Prompt(first) {
		b.send(msg)
	}
	assert.Nil(t, b.m.overlay, "the cancelled form stays closed")

	_, second := b.m.Update(keyMsg("n"))
	_, third := b.m.Update(keyMsg("esc"))
	assert.Nil(t, third)
	_, again := b.m.Update(keyMsg("n"))
	for _, msg := range cmdtest.Prompt(second) {
		b.send(msg) // the answer for the form cancelled in between
	}
	assert.Contains(t, b.formText(), "loading agents…", "the open form still waits for its own list")
	for _, msg := range cmdtest.Prompt(again) {
		b.send(msg)
	}
	assert.Contains(t, b.formText(), "free agents first")
}

func TestPickerAndJoinedColumnsNeutraliseHostileNames(t *testing.T) {
	b := newPickerBoard(t)
	b.sim.SetHostile(true) // agents' names carry escapes, bidi overrides, huge text
	b.refresh()
	b.sendFeeds()
	b.open("n", "loading agents…")
	raw := b.m.View().Content
	for _, bad := range []string{"\x1b]", "\x07", "\x1b[2J", "\u202e", "\x00", "pwned", "\x1b[?1049h"} {
		assert.NotContains(t, raw, bad)
	}
	for _, l := range strings.Split(b.screen(), "\n") {
		assert.LessOrEqual(t, ansi.StringWidth(l), 120, "the picker's rows stay inside the board: %q", l)
	}
	col := -1
	for _, l := range strings.Split(b.screen(), "\n") {
		i := strings.Index(l, "AVAILABLE")
		if i < 0 || !strings.Contains(l, "@") {
			continue
		}
		w := ansi.StringWidth(l[:i])
		if col == -1 {
			col = w
		}
		assert.Equal(t, col, w, "the state column lines up whatever the names: %q", l)
	}
	assert.NotEqual(t, -1, col, "free agents are listed with their state")
}
