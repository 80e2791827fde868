package feed

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: a
// broker that forgets one leaks it per replica restart or per test.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// receive returns the next message of s, failing after within.
func receive(t testing.TB, s *Subscription, within time.Duration) Message {
	t.Helper()
	select {
	case m, ok := <-s.C():
		if !ok {
			t.Fatal("subscription closed while waiting for a message")
		}
		return m
	case <-time.After(within):
		t.Fatalf("no message within %v", within)
	}
	return Message{}
}

// empty fails if s has a message waiting.
func empty(t testing.TB, s *Subscription) {
	t.Helper()
	select {
	case m := <-s.C():
		t.Fatalf("unexpected message %+v", m)
	default:
	}
}

func TestLocalFanout(t *testing.T) {
	t.Parallel()
	b := NewLocal(Options{})
	defer b.Close()

	const n = 1000
	subs := make([]*Subscription, n)
	for i := range subs {
		subs[i] = b.Subscribe("issue", "CM1")
	}
	otherScope := b.Subscribe("issue", "CM2")
	otherTopic := b.Subscribe("dispatch", "CM1")
	if got := b.Subscribers(); got != n+2 {
		t.Fatalf("Subscribers() = %d, want %d", got, n+2)
	}

	e := Event{Topic: "issue", Scope: "CM1", ID: "IS1"}
	if err := b.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	// Local delivers before Publish returns.
	for i, s := range subs {
		if m := receive(t, s, time.Second); m != (Message{Event: e}) {
			t.Fatalf("subscriber %d got %+v, want %+v", i, m, e)
		}
	}
	empty(t, otherScope)
	empty(t, otherTopic)

	// Closing some subscribers leaves the others served, in any order of closing.
	for i := 0; i < n; i += 3 {
		subs[i].Close()
	}
	if got, want := b.Subscribers(), n+2-(n+2)/3; got != want {
		t.Fatalf("after closing a third, Subscribers() = %d, want %d", got, want)
	}
	e2 := Event{Topic: "issue", Scope: "CM1", ID: "IS2"}
	if err := b.Publish(context.Background(), e2); err != nil {
		t.Fatal(err)
	}
	for i, s := range subs {
		if i%3 == 0 {
			if _, ok := <-s.C(); ok {
				t.Fatalf("closed subscriber %d still receives", i)
			}
			continue
		}
		if m := receive(t, s, time.Second); m.ID != "IS2" {
			t.Fatalf("subscriber %d got %+v", i, m)
		}
	}
}

func TestSlowSubscriber(t *testing.T) {
	t.Parallel()
	const buffer = 4
	b := NewLocal(Options{Buffer: buffer})
	defer b.Close()
	slow := b.Subscribe("notice", "CM1")
	fast := b.Subscribe("notice", "CM1")

	// The fast subscriber reads everything as it comes.
	var fastGot []string
	fastDone := make(chan struct{})
	go func() {
		defer close(fastDone)
		for m := range fast.C() {
			if m.Missed {
				fastGot = append(fastGot, "MISSED")
				continue
			}
			fastGot = append(fastGot, m.ID)
		}
	}()

	publish := func(from, to int) {
		t.Helper()
		for i := from; i < to; i++ {
			if err := b.Publish(context.Background(), Event{"notice", "CM1", fmt.Sprint("NO", i)}); err != nil {
				t.Fatal(err)
			}
			// Let the fast reader keep up, as a websocket writer would.
			deadline := time.Now().Add(5 * time.Second)
			for len(fast.C()) > 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Microsecond)
			}
		}
	}
	want := func(s *Subscription, ids ...string) {
		t.Helper()
		for _, id := range ids {
			m := receive(t, s, time.Second)
			got := m.ID
			if m.Missed {
				got = "MISSED"
				if m.Topic != "notice" || m.Scope != "CM1" || m.ID != "" {
					t.Fatalf("Missed message %+v lacks its subscription's topic and scope", m)
				}
			}
			if got != id {
				t.Fatalf("got %q, want %q", got, id)
			}
		}
		empty(t, s)
	}

	// 10 events into a buffer of 4: the first 4 arrive, then one Missed
	// that says the other 6 were dropped, queued at once.
	publish(0, 10)
	want(slow, "NO0", "NO1", "NO2", "NO3", "MISSED")

	// Reading resumes delivery in order.
	publish(10, 12)
	want(slow, "NO10", "NO11")

	// While a Missed is still unread, more drops add no second one.
	publish(12, 20)
	// The unread Missed takes one of the 4 slots: reading 2 makes room
	// for NO20 only; NO21 is dropped, with no Missed of its own.
	for _, id := range []string{"NO12", "NO13"} {
		if m := receive(t, slow, time.Second); m.ID != id {
			t.Fatalf("got %+v, want %s", m, id)
		}
	}
	publish(20, 22)
	want(slow, "NO14", "NO15", "MISSED", "NO20")

	// Once the Missed was read, a new drop brings a new one.
	publish(22, 28)
	want(slow, "NO22", "NO23", "NO24", "NO25", "MISSED")

	b.Close()
	<-fastDone
	if len(fastGot) != 28 {
		t.Fatalf("fast subscriber got %d messages, want 28: %v", len(fastGot), fastGot)
	}
	for i, id := range fastGot {
		if id != fmt.Sprint("NO", i) {
			t.Fatalf("fast subscriber's message %d is %q: %v", i, id, fastGot)
		}
	}
}

func TestLocalClose(t *testing.T) {
	t.Parallel()
	b := NewLocal(Options{})
	s1 := b.Subscribe("issue", "CM1")
	s2 := b.Subscribe("issue", "CM1")
	s3 := b.Subscribe("dispatch", "US1")

	s1.Close()
	s1.Close() // idempotent
	if _, ok := <-s1.C(); ok {
		t.Fatal("closed subscription's channel is open")
	}
	if got := b.Subscribers(); got != 2 {
		t.Fatalf("Subscribers() = %d, want 2", got)
	}

	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil { // idempotent
		t.Fatal(err)
	}
	for _, s := range []*Subscription{s2, s3} {
		if _, ok := <-s.C(); ok {
			t.Fatal("broker's Close left a channel open")
		}
		s.Close() // after the broker's Close: harmless
	}
	if got := b.Subscribers(); got != 0 {
		t.Fatalf("Subscribers() after Close = %d", got)
	}
	if err := b.Publish(context.Background(), Event{"issue", "CM1", "IS1"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Publish after Close = %v, want ErrClosed", err)
	}
	late := b.Subscribe("issue", "CM1")
	if _, ok := <-late.C(); ok {
		t.Fatal("Subscribe after Close gave an open channel")
	}
	late.Close()
}

// TestCloseDuringDelivery races subscribers closing against publishers;
// run with -race, it shows that no message is sent on a closed channel.
func TestCloseDuringDelivery(t *testing.T) {
	t.Parallel()
	b := NewLocal(Options{Buffer: 2})
	defer b.Close()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for p := 0; p < 2; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := b.Publish(context.Background(), Event{"issue", "CM1", fmt.Sprint("IS", i)}); err != nil {
					t.Error(err)
					return
				}
				runtime.Gosched() // two busy publishers would starve the closers on 2 cores
			}
		}()
	}
	for i := 0; i < 1000; i++ {
		s := b.Subscribe("issue", "CM1")
		if i%2 == 0 {
			<-s.C()
		}
		var closers sync.WaitGroup
		for c := 0; c < 2; c++ { // two Close calls at once
			closers.Add(1)
			go func() { defer closers.Done(); s.Close() }()
		}
		closers.Wait()
	}
	close(stop)
	wg.Wait()
	if got := b.Subscribers(); got != 0 {
		t.Fatalf("Subscribers() = %d, want 0", got)
	}
}

func TestInvalidEvents(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxPayload)
	cases := map[string]Event{
		"empty topic":         {"", "CM1", "IS1"},
		"empty scope":         {"issue", "", "IS1"},
		"empty ID":            {"issue", "CM1", ""},
		"separator in topic":  {"is|sue", "CM1", "IS1"},
		"separator in scope":  {"issue", "CM|1", "IS1"},
		"separator in ID":     {"issue", "CM1", "IS1|"},
		"NUL byte":            {"issue", "CM1", "IS\x001"},
		"newline":             {"issue", "CM1\n", "IS1"},
		"invalid UTF-8":       {"issue", "CM1", "IS\xff"},
		"payload too long":    {"issue", "CM1", long},
		"payload just over":   {"issue", "CM1", long[:MaxPayload-len("issue|CM1|")+1]},
		"empty event (zero)":  {},
		"long topic and more": {long[:500], long[:500], "IS1"},
	}
	b := NewLocal(Options{})
	defer b.Close()
	for name, e := range cases {
		err := b.Publish(context.Background(), e)
		if !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("%s: Publish(%q) = %v, want ErrInvalidEvent", name, e, err)
		}
	}
	limit := Event{"issue", "CM1", long[:MaxPayload-len("issue|CM1|")]}
	if err := b.Publish(context.Background(), limit); err != nil {
		t.Errorf("event of exactly MaxPayload bytes refused: %v", err)
	}
	if err := b.Publish(context.Background(), Event{"issue", "CM1", "IS01JD3N6W9V8Y2Q4T5R7X0ZKM4H"}); err != nil {
		t.Errorf("valid event refused: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Publish(ctx, Event{"issue", "CM1", "IS1"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Publish with a cancelled context = %v", err)
	}
}

func TestDecode(t *testing.T) {
	t.Parallel()
	e := Event{"dispatch", "US01JD3N6W9V8Y2Q4T5R7X0ZKM4H", "DP01JD3N6W9V8Y2Q4T5R7X0ZKM4H"}
	got, err := decode(encode(e))
	if err != nil || got != e {
		t.Fatalf("decode(encode(%v)) = %v, %v", e, got, err)
	}
	for _, bad := range []string{"", "issue", "issue|CM1", "issue|CM1|IS1|extra", "|CM1|IS1", "issue||IS1"} {
		if _, err := decode(bad); err == nil {
			t.Errorf("decode(%q) accepted it", bad)
		}
	}
}

func TestValidChannel(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"wutong_feed", "_x", "a1", strings.Repeat("a", 63)} {
		if !validChannel(ok) {
			t.Errorf("validChannel(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "1a", "Wutong", "wutong-feed", "wutong feed", `a"b`, "a;b", strings.Repeat("a", 64), "é"} {
		if validChannel(bad) {
			t.Errorf("validChannel(%q) = true", bad)
		}
	}
}
