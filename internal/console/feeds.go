package console

import (
	"context"
	"errors"
	"sync"

	"github.com/callboard/callboard/api"
	"github.com/callboard/callboard/poller"
	"github.com/callboard/callboard/ui"
)

// newFeeds builds the agents and queues feeds and the reference lists'
// feeds on the calls poller's planner, so all of the account's polling
// shares one budget.
func (s *Service) newFeeds(clock poller.Clock) error {
	opts := []poller.Option{poller.WithPlanner(s.poller.Planner()), poller.WithLogger(s.log)}
	if clock != nil {
		opts = append(opts, poller.WithClock(clock))
	}
	var err error
	s.agents, err = poller.NewFeed(poller.FeedConfig[api.Agent]{
		Name: "agents", Fetch: s.fetchAgents, Key: func(a api.Agent) string { return a.AgentID },
	}, opts...)
	if err != nil {
		return err
	}
	s.queues, err = poller.NewFeed(poller.FeedConfig[api.Queue]{
		Name: "queues", Fetch: one(s.client.RealTimeQueues), Key: func(q api.Queue) string { return q.GateID },
	}, opts...)
	if err != nil {
		return err
	}
	s.ref.agents = s.agents
	s.ref.calls = s.poller.Latest
	lists, err := s.ref.serve(opts)
	if err != nil {
		return err
	}
	s.runs = append([]func(context.Context) error{s.agents.Run, s.queues.Run}, lists...)
	return nil
}

// fetchAgents is the agents feed's read: realTimeData/agent merged with
// the roster feed's last list, roster members without a real-time row as
// logged out. The roster is not waited for (its first read is 1 + groups
// requests at poll priority): until it is in, the rows come without the
// roster's fields and logged-out members, and the next read merges it. A
// roster RingCX refuses likewise costs the agents view only those.
func (s *Service) fetchAgents(ctx context.Context) ([]api.Agent, int, error) {
	live, err := s.client.RealTimeAgents(ctx)
	if err != nil {
		return nil, 1, err
	}
	return api.MergeRoster(live, s.ref.roster.known()), 1, nil
}

// runFeeds runs every feed until ctx ends.
func (s *Service) runFeeds(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make([]error, len(s.runs))
	for i, run := range s.runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = run(ctx)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Agents is the agents feed (realTimeData/agent merged with the roster).
func (s *Service) Agents() *poller.Feed[api.Agent] { return s.agents }

// Queues is the queues feed (realTimeData/inbound).
func (s *Service) Queues() *poller.Feed[api.Queue] { return s.queues }

// Reference is the service's lookup for the pickers.
func (s *Service) Reference() *Reference { return s.ref }

// feedControl is one board's ui.FeedControl: it holds the board's watch
// on the feed its view shows (the calls view watches neither: the calls
// list is always polled at its own pace).
type feedControl struct {
	s       *Service
	mu      sync.Mutex
	release func()
	closed  bool
}

var _ ui.FeedControl = (*feedControl)(nil)

// Showing moves the board's watch to the feed behind view.
func (c *feedControl) Showing(view ui.ViewID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	if c.release != nil {
		c.release()
		c.release = nil
	}
	switch view {
	case ui.ViewAgents:
		c.release = c.s.agents.Watch()
	case ui.ViewQueues:
		c.release = c.s.queues.Watch()
	}
}

// RefreshNow asks the feed behind view for a fetch.
func (c *feedControl) RefreshNow(view ui.ViewID) {
	switch view {
	case ui.ViewAgents:
		c.s.agents.RefreshNow()
	case ui.ViewQueues:
		c.s.queues.RefreshNow()
	default:
		c.s.poller.RefreshNow()
	}
}

// close ends the board's watch: its program has ended.
func (c *feedControl) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.release != nil {
		c.release()
		c.release = nil
	}
}
