package feed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
	"go.uber.org/goleak"
)

// defaultPostgresURL is where CI runs PostgreSQL when TEST_DATABASE_URL
// is not set; it matches storetest.DefaultPostgresURL.
const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// postgres returns the test server's address and a pool on it, closed when
// the test ends. Without TEST_DATABASE_URL the test is skipped, unless CI
// is set: there an unreachable server fails it.
func postgres(t testing.TB) (string, *sql.DB) {
	t.Helper()
	dsn := os.Getenv("TEST_DATABASE_URL")
	ci := os.Getenv("CI") != ""
	if dsn == "" {
		if !ci {
			t.Skip("TEST_DATABASE_URL is not set; skipping PostgreSQL tests")
		}
		dsn = defaultPostgresURL
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		if ci {
			t.Fatalf("PostgreSQL is required in CI but unreachable: %v", err)
		}
		t.Skipf("PostgreSQL unreachable, skipping: %v", err)
	}
	return dsn, db
}

// randomChannel returns a channel name no other test run uses, so that
// parallel runs on one server do not see each other's events.
func randomChannel(t testing.TB) string {
	t.Helper()
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "feed_test_" + hex.EncodeToString(b[:])
}

// openPostgres starts a broker ("replica") that is closed when the test ends.
func openPostgres(t testing.TB, dsn string, db *sql.DB, opts Options) *Postgres {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := NewPostgres(ctx, dsn, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestPostgresReplicas(t *testing.T) {
	t.Parallel()
	dsn, db := postgres(t)
	opts := Options{Channel: randomChannel(t)}
	a := openPostgres(t, dsn, db, opts)
	b := openPostgres(t, dsn, db, opts)
	// A broker on another channel stands for another test run or deployment.
	stranger := openPostgres(t, dsn, db, Options{Channel: randomChannel(t)})

	onA := a.Subscribe("issue", "CM1")
	onB := b.Subscribe("issue", "CM1")
	otherScope := a.Subscribe("issue", "CM2")
	strangerSub := stranger.Subscribe("issue", "CM1")

	// Published on B, received on A within a second.
	e := Event{"issue", "CM1", "IS1"}
	if err := b.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, onA, time.Second); m != (Message{Event: e}) {
		t.Fatalf("A got %+v, want %+v", m, e)
	}
	// The publishing replica receives its own event through PostgreSQL.
	if m := receive(t, onB, time.Second); m != (Message{Event: e}) {
		t.Fatalf("B got %+v, want %+v", m, e)
	}

	// Events published in turn on both replicas arrive in the same order on both.
	var want []string
	for i := 2; i < 12; i++ {
		from := a
		if i%2 == 1 {
			from = b
		}
		id := fmt.Sprint("IS", i)
		want = append(want, id)
		if err := from.Publish(context.Background(), Event{"issue", "CM1", id}); err != nil {
			t.Fatal(err)
		}
	}
	for name, s := range map[string]*Subscription{"A": onA, "B": onB} {
		for _, id := range want {
			if m := receive(t, s, 5*time.Second); m.ID != id || m.Missed {
				t.Fatalf("%s got %+v, want %s", name, m, id)
			}
		}
	}

	// Other scopes and other channels see none of it: the only message
	// otherScope gets is the one published for it, after everything else.
	if err := b.Publish(context.Background(), Event{"issue", "CM2", "IS99"}); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, otherScope, 5*time.Second); m.ID != "IS99" {
		t.Fatalf("other scope got %+v, want IS99", m)
	}
	empty(t, onA)
	empty(t, strangerSub)
	if got := a.Subscribers(); got != 2 {
		t.Fatalf("A.Subscribers() = %d, want 2", got)
	}
}

func TestPostgresIgnoresForeignPayloads(t *testing.T) {
	t.Parallel()
	dsn, db := postgres(t)
	p := openPostgres(t, dsn, db, Options{Channel: randomChannel(t)})
	s := p.Subscribe("issue", "CM1")
	for _, payload := range []string{"", "hello", "issue|CM1", "issue|CM1|IS1|more", "issue||IS1"} {
		if _, err := db.Exec("SELECT pg_notify($1, $2)", p.channel, payload); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Publish(context.Background(), Event{"issue", "CM1", "IS1"}); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, s, 5*time.Second); m != (Message{Event: Event{"issue", "CM1", "IS1"}}) {
		t.Fatalf("got %+v, want only the valid event", m)
	}
}

// terminateListener ends the server side of p's LISTEN connection, as a
// failover or a network cut would, and returns how many backends it ended.
func terminateListener(t testing.TB, db *sql.DB, p *Postgres) int {
	t.Helper()
	// Find the pids first and end them one by one: in a single query the
	// planner may call pg_terminate_backend before the other conditions,
	// on backends that are not ours.
	rows, err := db.Query(`SELECT pid FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
		"LISTEN "+pq.QuoteIdentifier(p.channel))
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, pid := range pids {
		var ok bool
		if err := db.QueryRow("SELECT pg_terminate_backend($1)", pid).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		if ok {
			n++
		}
	}
	return n
}

func TestPostgresReconnectSendsMissed(t *testing.T) {
	t.Parallel()
	dsn, db := postgres(t)
	p := openPostgres(t, dsn, db, Options{Channel: randomChannel(t)})
	s1 := p.Subscribe("issue", "CM1")
	s2 := p.Subscribe("dispatch", "US1")

	if n := terminateListener(t, db, p); n != 1 {
		t.Fatalf("terminated %d listening backends, want 1", n)
	}
	// Every subscriber hears that events may have been lost.
	for _, s := range []*Subscription{s1, s2} {
		m := receive(t, s, 5*time.Second)
		if !m.Missed || m.Topic != s.key.topic || m.Scope != s.key.scope {
			t.Fatalf("got %+v, want Missed for %v", m, s.key)
		}
	}
	// And events flow again: Missed comes after pq has listened anew.
	e := Event{"issue", "CM1", "IS2"}
	if err := p.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, s1, 5*time.Second); m != (Message{Event: e}) {
		t.Fatalf("after reconnecting got %+v, want %+v", m, e)
	}
	empty(t, s2)
}

func TestPostgresPing(t *testing.T) {
	t.Parallel()
	dsn, db := postgres(t)
	p := openPostgres(t, dsn, db, Options{Channel: randomChannel(t), pingEvery: 20 * time.Millisecond})
	s := p.Subscribe("notice", "CM1")
	deadline := time.Now().Add(5 * time.Second)
	for p.pings.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d pings within 5 s, want 3", p.pings.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	e := Event{"notice", "CM1", "NO1"}
	if err := p.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, s, 5*time.Second); m != (Message{Event: e}) {
		t.Fatalf("got %+v, want %+v", m, e)
	}
}

func TestPostgresInvalidEvents(t *testing.T) {
	t.Parallel()
	dsn, db := postgres(t)
	p := openPostgres(t, dsn, db, Options{Channel: randomChannel(t)})
	for _, e := range []Event{{}, {"issue", "CM1", ""}, {"issue", "CM|1", "IS1"}, {"issue", "CM1", "IS\x00"}} {
		if err := p.Publish(context.Background(), e); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("Publish(%q) = %v, want ErrInvalidEvent", e, err)
		}
	}
}

// TestPostgresClose is not parallel: it checks that the broker's and pq's
// goroutines are all gone after Close, which needs no other test running.
func TestPostgresClose(t *testing.T) {
	before := goleak.IgnoreCurrent()
	func() {
		dsn, db := postgres(t)
		defer db.Close()
		p, err := NewPostgres(context.Background(), dsn, db, Options{Channel: randomChannel(t)})
		if err != nil {
			t.Fatal(err)
		}
		subs := []*Subscription{p.Subscribe("issue", "CM1"), p.Subscribe("issue", "CM1"), p.Subscribe("notice", "CM2")}
		e := Event{"issue", "CM1", "IS1"}
		if err := p.Publish(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		receive(t, subs[0], 5*time.Second)
		subs[1].Close()

		var wg sync.WaitGroup
		for i := 0; i < 3; i++ { // Close is idempotent, even at the same time
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := p.Close(); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for _, s := range subs {
			for range s.C() { // ends only once Close has closed the channel
			}
			s.Close()
		}
		if got := p.Subscribers(); got != 0 {
			t.Fatalf("Subscribers() after Close = %d", got)
		}
		if err := p.Publish(context.Background(), e); !errors.Is(err, ErrClosed) {
			t.Fatalf("Publish after Close = %v, want ErrClosed", err)
		}
		if _, ok := <-p.Subscribe("issue", "CM1").C(); ok {
			t.Fatal("Subscribe after Close gave an open channel")
		}
	}()
	goleak.VerifyNone(t, before)
}

func TestNewPostgresRefuses(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("postgres", "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	if _, err := NewPostgres(ctx, defaultPostgresURL, nil, Options{}); err == nil {
		t.Error("NewPostgres accepted a nil pool")
	}
	for _, ch := range []string{"Feed", "feed-x", `x"; DROP TABLE users; --`} {
		if _, err := NewPostgres(ctx, defaultPostgresURL, db, Options{Channel: ch}); err == nil {
			t.Errorf("NewPostgres accepted channel %q", ch)
		}
	}
	// Nothing listens on port 1: the first attempt fails, and so does NewPostgres.
	if _, err := NewPostgres(ctx, "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable", db, Options{Logger: quiet}); err == nil {
		t.Error("NewPostgres succeeded without a server")
	}
}

// TestNewPostgresContext shows that NewPostgres gives up when its context
// ends, even while pq waits on a server that accepted but never answers.
func TestNewPostgresContext(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	accepted := make(chan struct{})
	go func() {
		defer close(accepted)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		ln.Close()
		<-accepted
		mu.Lock()
		for _, c := range conns {
			c.Close() // lets pq's dial fail, and the abandoned listener finish
		}
		mu.Unlock()
	}()

	dsn := fmt.Sprintf("postgres://postgres@%s/postgres?sslmode=disable", ln.Addr())
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := NewPostgres(ctx, dsn, db, Options{Logger: quiet}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("NewPostgres = %v, want context.DeadlineExceeded", err)
	}
}
