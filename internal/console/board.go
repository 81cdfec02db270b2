package console

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/audit"
	"github.com/callboard/callboard/ui"
)

// phoneHint is the placeholder of the board's phone prompt.
const phoneHint = "+1 212 555 0123"

// NewBoard builds v's board on the service: the calls from the one poller,
// the shared call state, v's keys, theme, phone and name, and actions
// through Actions(v). A viewer's board, and every board of a read-only
// service, hides the action keys; the service refuses their actions
// whatever a board shows. The board counts as a viewer, and its
// subscriptions to the poller, the feeds and the shared state — and its
// watch on the feed its view shows — last until ctx ends: end it when the
// board's program ends. Its actions not yet sent then are given up as not
// sent; those already sent go on, and their outcomes are recorded.
func (s *Service) NewBoard(ctx context.Context, v Viewer) tea.Model {
	sub := s.poller.Subscribe()
	agents, queues := s.agents.Subscribe(), s.queues.Subscribe()
	feeds := &feedControl{s: s}
	teamSub := s.store.Subscribe()
	leave := s.store.Join()
	actions := &leaving{}
	context.AfterFunc(ctx, func() {
		actions.leave()
		sub.Close()
		agents.Close()
		queues.Close()
		feeds.close()
		teamSub.Close()
		leave()
	})
	account := s.client.AccountID()
	return ui.New(ui.Config{
		Client: s.actions(v, nil, actions), Poller: s.poller, Sub: sub, Budget: s.client.Budget(), ActionDeadline: s.client.ActionDeadline(),
		Keys: v.Keys, Theme: v.Theme, Accessible: v.Accessible,
		AccountID: account, AccountName: s.AccountName(), AccountNameLater: s.AccountName, Demo: s.opts.Demo,
		ReadOnly: s.opts.ReadOnly || !v.mayAct(), ReadOnlyReason: s.readOnlyReason(v),
		Phone: v.Phone, PhoneHint: phoneHint, RememberPhone: v.RememberPhone, Region: s.opts.Region,
		WaitThreshold: s.opts.WaitThreshold, TalkThreshold: s.opts.TalkThreshold,
		History: historyFrom(s.audit.Path(), account),
		Team:    s.store, TeamSub: teamSub, Operator: v.Operator,
		Context: s.actionsCtx, Now: s.now,
		Agents: agents, Queues: queues, Feeds: feeds, Lookup: s.ref, Thresholds: s.opts.Thresholds,
	})
}

// historyFrom reads a call's entries from the audit log for the details
// pane; the board calls it from a command, off the UI loop.
func historyFrom(path, account string) ui.HistoryLoader {
	return func(uii string) ([]ui.HistoryEntry, error) {
		records, err := audit.Read(path, audit.Filter{UII: uii})
		var damaged *audit.MalformedError
		if err != nil && !errors.As(err, &damaged) {
			return nil, err // damaged lines are skipped; the readable records still count
		}
		var out []ui.HistoryEntry
		for _, e := range audit.Pair(records) {
			r := e.About()
			if r.Account != account {
				continue
			}
			out = append(out, ui.HistoryEntry{
				At: r.Time, Action: audit.Describe(r), Result: e.ResultText(),
				OK:      e.Outcome != nil && e.Outcome.Result == audit.ResultOK,
				Unknown: e.Outcome != nil && audit.Unknown(e.Outcome.Result),
				NotSent: e.Outcome != nil && audit.NotSent(e.Outcome.Result),
				Source:  r.Source + " · " + r.Operator,
			})
		}
		return out, nil
	}
}
