package feed

import "sync"

// key is what a subscription listens to. A struct of two strings looks up a
// map without building a combined string, so delivery does not allocate.
type key struct{ topic, scope string }

// hub holds the local subscribers of a broker and delivers to them.
//
// The mutex sending lets one delivery run at a time, so each subscription
// has a single sender; that is what lets a subscription know, without a lock
// of its own, whether the Missed message it queued has been read yet (see
// Subscription.offer). It also gives every subscriber the same order.
// Subscribing and closing take mu for writing, delivery for reading, so a
// channel is never closed while a message is being sent to it.
type hub struct {
	buffer int // messages an event may fill in a subscriber's channel

	sending sync.Mutex // held by the one goroutine delivering

	mu     sync.RWMutex
	subs   map[key][]*Subscription
	count  int
	closed bool
}

func newHub(buffer int) *hub {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &hub{buffer: buffer, subs: make(map[key][]*Subscription)}
}

// Subscription is one subscriber's stream of messages, from
// Broker.Subscribe. Read it with C and Close it when done.
type Subscription struct {
	hub *hub
	key key
	// ch holds up to hub.buffer events plus one slot that only a Missed
	// message may take, so that the notice fits the moment an event is
	// dropped, even if no later event comes to carry it.
	ch chan Message

	// Guarded by hub.mu.
	index  int  // position in hub.subs[key]
	closed bool // ch is closed

	// Guarded by hub.sending.
	sent     uint64 // messages ever sent on ch
	missedAt uint64 // value of sent just after the last Missed was sent; 0 if none
}

// C returns the channel of messages. It is closed when the subscription or
// the broker is closed; read it until then, or Close the subscription.
func (s *Subscription) C() <-chan Message { return s.ch }

// Close stops delivery and closes the channel. It may be called more than
// once and at the same time as a delivery.
func (s *Subscription) Close() { s.hub.remove(s) }

// offer sends m without waiting. If m does not fit, it is dropped, and a
// Missed message takes its place unless one is still unread. The caller
// holds hub.sending and hub.mu for reading.
//
// len(s.ch) can only shrink while we look at it, as we are the only
// sender; so sent-len(s.ch) is a lower bound of the messages read. If that
// bound says the last Missed is unread, it was unread when m was dropped,
// and the subscriber will refetch after m's change was made. If the bound
// is stale, a Missed is skipped only when the reader took the previous one
// after we looked, which is also after m's change: its refetch sees it.
func (s *Subscription) offer(m Message) {
	if len(s.ch) < s.hub.buffer {
		select {
		case s.ch <- m:
			s.sent++
			return
		default: // cannot happen with a single sender, but never block
		}
	}
	s.missed()
}

// missed queues a Missed message unless one is queued and unread. Events
// fill at most hub.buffer slots, so when no Missed is unread there is
// always room for one. The caller holds what offer's caller holds.
func (s *Subscription) missed() {
	if s.missedAt > 0 && s.sent-uint64(len(s.ch)) < s.missedAt {
		return
	}
	select {
	case s.ch <- Message{Event: Event{Topic: s.key.topic, Scope: s.key.scope}, Missed: true}:
		s.sent++
		s.missedAt = s.sent
	default:
	}
}

// subscribe adds a subscriber, or returns one already closed if the hub is.
func (h *hub) subscribe(topic, scope string) *Subscription {
	s := &Subscription{hub: h, key: key{topic, scope}, ch: make(chan Message, h.buffer+1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		s.closed = true
		close(s.ch)
		return s
	}
	list := h.subs[s.key]
	s.index = len(list)
	h.subs[s.key] = append(list, s)
	h.count++
	return s
}

// remove takes s out of the hub and closes its channel, once.
func (h *hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	close(s.ch)
	list := h.subs[s.key]
	last := len(list) - 1
	list[s.index] = list[last]
	list[s.index].index = s.index
	list[last] = nil
	if last == 0 {
		delete(h.subs, s.key)
	} else {
		h.subs[s.key] = list[:last]
	}
	h.count--
}

// publish delivers e to the subscribers of its topic and scope.
func (h *hub) publish(e Event) error {
	h.sending.Lock()
	defer h.sending.Unlock()
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return ErrClosed
	}
	m := Message{Event: e}
	for _, s := range h.subs[key{e.Topic, e.Scope}] {
		s.offer(m)
	}
	return nil
}

// missAll tells every subscriber that events may have been lost.
func (h *hub) missAll() {
	h.sending.Lock()
	defer h.sending.Unlock()
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, list := range h.subs {
		for _, s := range list {
			s.missed()
		}
	}
}

// close closes every subscription; later ones are born closed.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for _, list := range h.subs {
		for _, s := range list {
			s.closed = true
			close(s.ch)
		}
	}
	h.subs = nil
	h.count = 0
}

func (h *hub) subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.count
}
