package poller

import "sync"

// hub fans snapshots out to subscribers. Each subscriber has a one-slot
// channel holding only the newest snapshot: a slow or stuck reader never
// blocks the poller or the others, it just skips to the latest when it
// reads again.
type hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	latest *Snapshot
	closed bool
}

// Subscription receives snapshots until Close (or until the poller stops,
// which closes the channel).
type Subscription struct {
	ch   chan Snapshot
	hub  *hub
	once sync.Once
}

// C delivers the newest snapshot; it is closed when the poller stops.
func (s *Subscription) C() <-chan Snapshot { return s.ch }

// Close unsubscribes; it is safe to call more than once.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.hub.mu.Lock()
		defer s.hub.mu.Unlock()
		if _, ok := s.hub.subs[s]; ok {
			delete(s.hub.subs, s)
			close(s.ch)
		}
	})
}

func (h *hub) subscribe() *Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &Subscription{ch: make(chan Snapshot, 1), hub: h}
	if h.closed {
		close(s.ch)
		return s
	}
	if h.subs == nil {
		h.subs = make(map[*Subscription]struct{})
	}
	h.subs[s] = struct{}{}
	if h.latest != nil {
		s.ch <- *h.latest // a new subscriber starts from the current state
	}
	return s
}

func (h *hub) publish(snap Snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latest = &snap
	for s := range h.subs {
		select {
		case s.ch <- snap:
		default:
			// Full: replace the unread snapshot with this one. The reader may
			// take the old one between the two selects; then the send
			// succeeds. Either way the newest is what is left.
			select {
			case <-s.ch:
			default:
			}
			select {
			case s.ch <- snap:
			default:
			}
		}
	}
}

func (h *hub) latestSnapshot() (Snapshot, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.latest == nil {
		return Snapshot{}, false
	}
	return *h.latest, true
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// close ends every subscription: the poller has stopped.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.ch)
	}
}
