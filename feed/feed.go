// Package feed fans domain events out to GraphQL subscribers, on every
// replica of the server.
//
// An Event names a record that changed and nothing else: a topic, a scope
// and an ID. The subscriber's resolver reloads the record with the
// subscriber's own permissions, so the feed can never leak a field that its
// reader may not see, and a payload never holds personal data that could
// end up in PostgreSQL's logs.
//
// Two brokers implement the same Broker interface. Postgres shares events
// between replicas through LISTEN/NOTIFY, and every replica, the publishing
// one included, delivers what PostgreSQL hands it, so all replicas see the
// events in the same order. Local is for single-process deployments on
// SQLite and delivers in the publishing goroutine.
//
// Delivery never waits for a subscriber. A subscriber that falls behind
// loses events, and then receives one Message with Missed set, which tells
// it to refetch what it shows; the Postgres broker sends the same to every
// subscriber after it lost its database connection. Publish after the
// change has been committed, so that the reload sees it.
package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Event says that a record changed; it carries IDs, never personal data.
type Event struct {
	Topic string // e.g. "issue", "dispatch", "notice"
	Scope string // who may be interested: a community ID, or a user ID for dispatches
	ID    string // the record's ID
}

// Message is what a subscriber receives: an Event, or Missed=true meaning
// events may have been lost (the subscriber was too slow, or the replica lost
// its database connection and reconnected) and the client should refetch.
// A Missed message has the Topic and Scope of its subscription and no ID.
type Message struct {
	Event
	Missed bool
}

// Broker publishes events to every replica and delivers them to local subscribers.
type Broker interface {
	// Publish sends e to the subscribers of its topic and scope, on every
	// replica. It refuses an invalid event (see ErrInvalidEvent) and
	// returns ErrClosed after Close.
	Publish(ctx context.Context, e Event) error
	// Subscribe starts delivering the events of one topic and scope. The
	// caller must Close the subscription when it no longer reads it, or
	// its buffer stays in memory until the broker closes.
	Subscribe(topic, scope string) *Subscription
	// Close stops delivery and closes the channel of every subscription.
	Close() error
}

// Options tunes a broker. The zero value suits production.
type Options struct {
	// Buffer is how many messages each subscriber may have waiting before
	// later ones are dropped (and replaced by a Missed message); 0 means
	// DefaultBuffer. A GraphQL subscriber forwards messages to a websocket
	// as they come, so it needs a buffer only for bursts.
	Buffer int
	// Logger receives the Postgres broker's connection losses and
	// reconnections; nil means slog.Default().
	Logger *slog.Logger
	// Channel is the PostgreSQL notification channel of the Postgres
	// broker; "" means DefaultChannel. Replicas that should share events
	// must use the same channel. It must be a lower-case SQL identifier,
	// such as "wutong_feed"; tests use random ones to keep apart.
	Channel string

	// pingEvery overrides pingInterval, so that tests need not wait 90 s.
	pingEvery time.Duration
}

// DefaultBuffer is the per-subscriber buffer when Options.Buffer is 0.
const DefaultBuffer = 64

// DefaultChannel is the PostgreSQL notification channel when
// Options.Channel is empty.
const DefaultChannel = "wutong_feed"

// MaxPayload is the largest encoded event, in bytes, that Publish accepts.
// PostgreSQL allows 8000 bytes in a notification; events hold a few IDs, so
// anything near this limit is a bug better refused early.
const MaxPayload = 1000

// separator joins the fields of an event in a notification's payload.
// IDs and topics never contain it; Publish refuses those that do.
const separator = "|"

// ErrInvalidEvent is wrapped by the errors of Publish for an event that
// cannot be sent: an empty field, a field holding the separator "|", a
// control character or invalid UTF-8, or one longer than MaxPayload.
var ErrInvalidEvent = errors.New("feed: invalid event")

// ErrClosed is returned by Publish after the broker was closed.
var ErrClosed = errors.New("feed: broker closed")

// validate returns why e cannot be published, or nil.
func validate(e Event) error {
	for _, f := range [...]struct{ name, value string }{
		{"Topic", e.Topic}, {"Scope", e.Scope}, {"ID", e.ID},
	} {
		switch {
		case f.value == "":
			return fmt.Errorf("%w: %s is empty", ErrInvalidEvent, f.name)
		case strings.Contains(f.value, separator):
			return fmt.Errorf("%w: %s contains the separator %q", ErrInvalidEvent, f.name, separator)
		case !utf8.ValidString(f.value):
			return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidEvent, f.name)
		case strings.IndexFunc(f.value, unicode.IsControl) >= 0:
			return fmt.Errorf("%w: %s contains a control character", ErrInvalidEvent, f.name)
		}
	}
	if n := len(e.Topic) + len(e.Scope) + len(e.ID) + 2*len(separator); n > MaxPayload {
		return fmt.Errorf("%w: %d bytes encoded, more than %d", ErrInvalidEvent, n, MaxPayload)
	}
	return nil
}

// encode turns a valid event into a notification payload.
func encode(e Event) string {
	return e.Topic + separator + e.Scope + separator + e.ID
}

// decode reads a payload made by encode. It refuses anything else, such as
// a notification sent by hand or by a newer replica with another format.
func decode(payload string) (Event, error) {
	topic, rest, ok1 := strings.Cut(payload, separator)
	scope, id, ok2 := strings.Cut(rest, separator)
	e := Event{Topic: topic, Scope: scope, ID: id}
	if !ok1 || !ok2 {
		return Event{}, fmt.Errorf("%w: payload has not three fields", ErrInvalidEvent)
	}
	if err := validate(e); err != nil {
		return Event{}, err
	}
	return e, nil
}

// Local is the Broker of a single process: Publish delivers to this
// process's subscribers, in the caller's goroutine, without waiting for
// any of them. Use it with SQLite, where there is only one replica.
type Local struct {
	hub *hub
}

var (
	_ Broker = (*Local)(nil)
	_ Broker = (*Postgres)(nil)
)

// NewLocal returns an in-process broker.
func NewLocal(opts Options) *Local {
	return &Local{hub: newHub(opts.Buffer)}
}

// Publish delivers e to the subscribers of its topic and scope before it
// returns. It refuses the same events as the Postgres broker, so that code
// tested on SQLite does not fail on PostgreSQL.
func (l *Local) Publish(ctx context.Context, e Event) error {
	if err := validate(e); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.hub.publish(e)
}

// Subscribe starts delivering the events of one topic and scope. After
// Close it returns a subscription whose channel is already closed.
func (l *Local) Subscribe(topic, scope string) *Subscription {
	return l.hub.subscribe(topic, scope)
}

// Close closes every subscription; later Publish calls return ErrClosed.
// Calling it again does nothing.
func (l *Local) Close() error {
	l.hub.close()
	return nil
}

// Subscribers returns how many subscriptions are open, for a metrics gauge.
func (l *Local) Subscribers() int { return l.hub.subscribers() }
