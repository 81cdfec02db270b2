package poller

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/callboard/callboard/api"
)

// settings is what the options set, for the calls poller and the feeds
// alike; New and NewFeed reject what does not apply to them.
type settings struct {
	clock      Clock
	log        *slog.Logger
	planner    *Planner
	interval   time.Duration
	pageSize   int
	pollBudget int
	// Which options were given, to refuse the ones that do not apply.
	gaveInterval, gavePageSize, gaveBudget bool
}

// Option configures a Poller or a Feed.
type Option func(*settings) error

func newSettings(opts []Option) (settings, error) {
	s := settings{clock: SystemClock{}, log: slog.New(slog.DiscardHandler), interval: DefaultInterval, pageSize: api.DefaultPageSize, pollBudget: DefaultPollBudget}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return settings{}, err
		}
	}
	if s.gaveBudget && s.planner != nil {
		return settings{}, errors.New("poller: give a poll budget or a planner, not both: the planner has its budget")
	}
	return s, nil
}

// WithInterval sets the calls poller's refresh interval (default 5 s,
// minimum 2 s). Feeds take theirs from FeedConfig.
func WithInterval(d time.Duration) Option {
	return func(s *settings) error {
		if d < MinInterval {
			return fmt.Errorf("refresh interval %s is too short: the minimum is %s (RingCX allows 120 requests a minute per account, shared with actions, and RingCentral recommends 5–10 s for supervisor consoles)", d, MinInterval)
		}
		s.interval, s.gaveInterval = d, true
		return nil
	}
}

// WithClock replaces the real clock (tests).
func WithClock(c Clock) Option {
	return func(s *settings) error { s.clock = c; return nil }
}

// WithLogger sends what the poller notices and nobody asked about — RingCX
// ignoring paging — to l (default: nowhere).
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("poller: nil logger")
		}
		s.log = l
		return nil
	}
}

// WithPageSize sets the calls poller's maxRows per request (default
// api.DefaultPageSize).
func WithPageSize(n int) Option {
	return func(s *settings) error {
		if n < 1 {
			return fmt.Errorf("page size must be at least 1, got %d", n)
		}
		s.pageSize, s.gavePageSize = n, true
		return nil
	}
}

// WithPollBudget sets how many requests a minute the calls poller may use
// when it plans alone (default 100, and never more than 5/6 of the client's
// budget). With WithPlanner the planner's budget applies instead.
func WithPollBudget(perMinute int) Option {
	return func(s *settings) error {
		if perMinute < 1 {
			return fmt.Errorf("poll budget must be at least 1 request a minute, got %d", perMinute)
		}
		s.pollBudget, s.gaveBudget = perMinute, true
		return nil
	}
}

// WithPlanner puts the poller or feed in p's plan: one poll budget for
// every feed of the account. Without it each plans alone.
func WithPlanner(p *Planner) Option {
	return func(s *settings) error {
		if p == nil {
			return errors.New("poller: nil planner")
		}
		s.planner = p
		return nil
	}
}
