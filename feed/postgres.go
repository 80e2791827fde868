package feed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// Reconnection and liveness of the listener's connection.
const (
	// minReconnect and maxReconnect bound the wait between attempts to
	// reconnect the listener; pq doubles it after each failure.
	minReconnect = 100 * time.Millisecond
	maxReconnect = 10 * time.Second
	// pingInterval is how long the listener may go without a notification
	// before it pings the server: a connection that died silently (a
	// firewall dropping idle flows) would otherwise go unnoticed, and with
	// it every event until the next restart.
	pingInterval = 90 * time.Second
)

// Postgres is the Broker of a server with replicas on one PostgreSQL
// database. Publish sends a notification through the database; every
// replica, this one included, receives it on a connection of its own that
// LISTENs, and delivers it to its subscribers. Going through the database
// even for local subscribers costs a round trip but gives every replica the
// same order of events.
type Postgres struct {
	hub       *hub
	db        *sql.DB
	channel   string
	log       *slog.Logger
	listener  *pq.Listener
	pingEvery time.Duration

	connected atomic.Bool  // the listener connected at least once
	failed    chan error   // first connection failure, for NewPostgres
	closing   atomic.Bool  // Close was called
	pinging   atomic.Bool  // a ping is in flight
	pings     atomic.Int64 // pings done, for tests

	done      chan struct{}  // closed when the reading goroutine returns
	pingWG    sync.WaitGroup // the ping in flight
	closeOnce sync.Once
}

// NewPostgres connects a listener to dsn and returns a broker that
// publishes through db, a pool on the same database. ctx bounds only the
// first connection: if it fails, or ctx ends first, NewPostgres returns the
// error, so a wrong address stops the server at start. Later losses of the
// connection are retried for as long as the broker is open.
//
// When ctx ends first, the abandoned connection attempt is cleaned up in
// the background once it fails; a connect_timeout in dsn bounds that time
// against a server that accepts connections but never answers.
func NewPostgres(ctx context.Context, dsn string, db *sql.DB, opts Options) (*Postgres, error) {
	if db == nil {
		return nil, errors.New("feed: NewPostgres needs a database pool")
	}
	channel := opts.Channel
	if channel == "" {
		channel = DefaultChannel
	}
	if !validChannel(channel) {
		return nil, fmt.Errorf("feed: channel %q is not a lower-case SQL identifier of at most 63 bytes", channel)
	}
	p := &Postgres{
		hub:       newHub(opts.Buffer),
		db:        db,
		channel:   channel,
		log:       opts.Logger,
		pingEvery: opts.pingEvery,
		failed:    make(chan error, 1),
		done:      make(chan struct{}),
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	if p.pingEvery <= 0 {
		p.pingEvery = pingInterval
	}
	p.listener = pq.NewListener(dsn, minReconnect, maxReconnect, p.event)

	// Listen blocks until the listener has connected, and retries forever
	// if it cannot; so wait for it, for a failure, or for ctx.
	listened := make(chan error, 1)
	go func() { listened <- p.listener.Listen(channel) }()
	var err error
	background := false
	select {
	case err = <-listened:
	case err = <-p.failed:
	case <-ctx.Done():
		err = ctx.Err()
		// pq may be stuck dialling, holding the lock that Close takes.
		background = true
	}
	if err != nil {
		abandon := func() {
			p.listener.Close()
			for range p.listener.Notify { // until pq's goroutine has finished
			}
			<-listened
		}
		if background {
			go abandon()
		} else {
			abandon()
		}
		return nil, fmt.Errorf("feed: listening on PostgreSQL: %w", err)
	}
	go p.run()
	return p, nil
}

// validChannel reports whether name can be used as a channel without
// quoting surprises: lower case letters, digits and underscores, not
// starting with a digit, within PostgreSQL's 63-byte limit.
func validChannel(name string) bool {
	if name == "" || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// event is pq's callback on the listener's connection. pq calls it from
// the goroutine that feeds Notify, so it only logs and signals.
func (p *Postgres) event(ev pq.ListenerEventType, err error) {
	switch ev {
	case pq.ListenerEventConnected:
		p.connected.Store(true)
		p.log.Info("feed listener connected", "channel", p.channel)
	case pq.ListenerEventDisconnected:
		p.log.Warn("feed listener lost its connection; reconnecting", "channel", p.channel, "error", err)
	case pq.ListenerEventReconnected:
		p.log.Info("feed listener reconnected; subscribers will be told to refetch", "channel", p.channel)
	case pq.ListenerEventConnectionAttemptFailed:
		if !p.connected.Load() {
			// NewPostgres returns the error instead of retrying.
			select {
			case p.failed <- err:
			default:
			}
			return
		}
		p.log.Error("feed listener could not reconnect; retrying", "channel", p.channel, "error", err)
	}
}

// run delivers notifications until the listener closes its channel, which
// it does after Close. It keeps reading until then, as pq's goroutine would
// otherwise block forever on a full channel.
func (p *Postgres) run() {
	defer close(p.done)
	idle := time.NewTimer(p.pingEvery)
	defer idle.Stop()
	for {
		select {
		case n, ok := <-p.listener.Notify:
			if !ok {
				return
			}
			idle.Reset(p.pingEvery)
			switch {
			case n == nil:
				// pq sends nil after reconnecting: whatever was
				// published meanwhile is lost.
				p.hub.missAll()
			case n.Channel != p.channel:
			default:
				e, err := decode(n.Extra)
				if err != nil {
					p.log.Warn("feed ignored a notification it cannot read", "channel", p.channel, "error", err)
					continue
				}
				_ = p.hub.publish(e) // fails only after Close, with no one left to deliver to
			}
		case <-idle.C:
			idle.Reset(p.pingEvery)
			p.ping()
		}
	}
}

// ping checks the listener's connection in a goroutine of its own: a ping
// waits for the server's answer, which pq cannot read while it is blocked
// handing us notifications, so pinging from run could deadlock.
func (p *Postgres) ping() {
	if p.closing.Load() || !p.pinging.CompareAndSwap(false, true) {
		return
	}
	p.pingWG.Add(1)
	go func() {
		defer p.pingWG.Done()
		defer p.pinging.Store(false)
		err := p.listener.Ping()
		p.pings.Add(1)
		if err != nil && !p.closing.Load() {
			// pq notices the broken connection itself and reconnects.
			p.log.Warn("feed listener ping failed", "channel", p.channel, "error", err)
		}
	}()
}

// Publish sends e as a notification through the database pool; subscribers
// on every replica receive it once PostgreSQL relays it. It is not part of
// the caller's transaction: call it after committing.
func (p *Postgres) Publish(ctx context.Context, e Event) error {
	if err := validate(e); err != nil {
		return err
	}
	if p.closing.Load() {
		return ErrClosed
	}
	if _, err := p.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", p.channel, encode(e)); err != nil {
		return fmt.Errorf("feed: publishing: %w", err)
	}
	return nil
}

// Subscribe starts delivering the events of one topic and scope. After
// Close it returns a subscription whose channel is already closed.
func (p *Postgres) Subscribe(topic, scope string) *Subscription {
	return p.hub.subscribe(topic, scope)
}

// Subscribers returns how many subscriptions are open, for a metrics gauge.
func (p *Postgres) Subscribers() int { return p.hub.subscribers() }

// Close closes every subscription and the listener's connection, and
// returns once the broker's goroutines have finished. It leaves db open.
// While the database is unreachable it may wait up to 10 s, the longest
// pause between reconnection attempts. Calling it again does nothing.
func (p *Postgres) Close() error {
	p.closeOnce.Do(func() {
		p.closing.Store(true)
		p.hub.close()
		p.listener.Close()
		<-p.done
		p.pingWG.Wait()
	})
	return nil
}
