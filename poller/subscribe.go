package poller

import "sync"

// hub fans snapshots out to subscribers: the calls poller's Snapshots, a
// feed's Rows. Each subscriber has a one-slot
// channel holding only the newest snapshot: a slow or stuck reader never
// blocks the poller or the others, it just skips to the latest when it
// reads again.
type hub[S any] struct {
	mu     sync.Mutex
	subs   map[*Sub[S]]struct{}
	latest *S
	closed bool
}

// Sub receives a poller's or a feed's snapshots until Close (or until it
// stops, which closes the channel).
type Sub[S any] struct {
	ch   chan S
	hub  *hub[S]
	once sync.Once
}

// Subscription is a subscription to the calls poller.
type Subscription = Sub[Snapshot]

// C delivers the newest snapshot; it is closed when the poller stops.
func (s *Sub[S]) C() <-chan S { return s.ch }

// Close unsubscribes; it is safe to call more than once.
func (s *Sub[S]) Close() {
	s.once.Do(func() {
		s.hub.mu.Lock()
		defer s.hub.mu.Unlock()
		if _, ok := s.hub.subs[s]; ok {
			delete(s.hub.subs, s)
			close(s.ch)
		}
	})
}

func (h *hub[S]) subscribe() *Sub[S] {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &Sub[S]{ch: make(chan S, 1), hub: h}
	if h.closed {
		close(s.ch)
		return s
	}
	if h.subs == nil {
		h.subs = make(map[*Sub[S]]struct{})
	}
	h.subs[s] = struct{}{}
	if h.latest != nil {
		s.ch <- *h.latest // a new subscriber starts from the current state
	}
	return s
}

func (h *hub[S]) publish(snap S) {
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

func (h *hub[S]) latestSnapshot() (S, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.latest == nil {
		var zero S
		return zero, false
	}
	return *h.latest, true
}

func (h *hub[S]) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// close ends every subscription: the poller has stopped.
func (h *hub[S]) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.ch)
	}
}
