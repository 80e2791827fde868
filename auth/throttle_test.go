package auth_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"wutong/apperr"
	"wutong/auth"
	"wutong/ent/privacy"
	"wutong/store"
	"wutong/store/storetest"
)

// clock is a time that the test moves, shared by both replicas.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// TestThrottleAcrossReplicas runs the login throttle on two server
// replicas over one database, on both databases, alternating between them:
// the failures of a login from one address slow that pair with growing
// waits, failures of a login from many addresses slow that login, and many
// failures from one address never refuse a correct password for a login
// that has not failed from there.
func TestThrottleAcrossReplicas(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
			dsn := storetest.NewDSN(t, d)
			var replicas [2]*auth.Service
			var first *store.Store
			clk := &clock{now: time.Date(2026, 3, 15, 20, 0, 0, 0, time.UTC)}
			for i := range replicas {
				s, err := store.Open(ctx, dsn, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if i == 0 {
					first = s
					if err := s.Migrate(ctx); err != nil {
						t.Fatal(err)
					}
					hash, _ := bcrypt.GenerateFromPassword([]byte("the right one"), bcrypt.MinCost)
					for _, name := range []string{"alice", "bob", "carol", "dave"} {
						s.Client.User.Create().SetUsername(name).SetDisplayName(name).SetPasswordHash(string(hash)).SaveX(ctx)
					}
				}
				replicas[i] = auth.NewService(s.Client)
				replicas[i].Now = clk.Now
			}
			tries := 0
			login := func(name, password, address string) error {
				tries++
				_, _, _, err := replicas[tries%2].Login(ctx, name, password, address)
				return err
			}
			refused := func(what string, err error, seconds int) {
				t.Helper()
				e, ok := apperr.As(err)
				if !ok || e.Kind != apperr.RateLimited {
					t.Fatalf("%s: %v, want RATE_LIMITED", what, err)
				}
				if want := fmt.Sprintf("try again in %d seconds", seconds); !strings.Contains(e.Message, want) {
					t.Errorf("%s: %q does not say %q", what, e.Message, want)
				}
			}
			ok := func(what string, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}

			// Five failures of alice from one address, on both replicas.
			for range 5 {
				if e, _ := apperr.As(login("alice", "wrong", "192.0.2.1")); e == nil || e.Kind != apperr.Unauthenticated {
					t.Fatalf("a wrong password: %v", e)
				}
			}
			refused("alice after 5 failures", login("alice", "the right one", "192.0.2.1"), 30)
			ok("bob from the same address", login("bob", "the right one", "192.0.2.1"))
			ok("alice from her own address", login("alice", "the right one", "198.51.100.7"))
			// The wait grows: after 30 s one more try, which fails, then 60 s.
			clk.add(31 * time.Second)
			if e, _ := apperr.As(login("alice", "wrong", "192.0.2.1")); e == nil || e.Kind != apperr.Unauthenticated {
				t.Fatalf("the try after the wait: %v", e)
			}
			refused("alice after 6 failures", login("alice", "the right one", "192.0.2.1"), 60)

			// Twenty failures of carol, each from another address.
			for i := range 20 {
				_ = login("carol", "wrong", fmt.Sprintf("203.0.113.%d", i))
			}
			refused("carol from a new address after 20 failures", login("carol", "the right one", "203.0.113.200"), 30)

			// A hundred failures from one address, of many logins (a
			// carrier's NAT): dave, who has not failed there, logs in; bob,
			// who has, waits.
			// (The 99 failures of unknown logins are written directly: each
			// real one costs a bcrypt comparison at full cost.)
			_ = login("bob", "wrong", "100.64.0.1")
			for i := range 99 {
				first.Client.LoginAttempt.Create().SetLogin(fmt.Sprintf("nobody%d", i%40)).SetClientAddress("100.64.0.1").
					SetSucceeded(false).SetAt(clk.Now()).SaveX(ctx)
			}
			ok("dave behind the busy address", login("dave", "the right one", "100.64.0.1"))
			refused("bob behind the busy address", login("bob", "the right one", "100.64.0.1"), 30)

			// After the window, everyone logs in again.
			clk.add(16 * time.Minute)
			ok("alice after the window", login("alice", "the right one", "192.0.2.1"))
			ok("carol after the window", login("carol", "the right one", "203.0.113.200"))
		})
	}
}
