package idempotency_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"wutong/ent/privacy"
	"wutong/idempotency"
	"wutong/store"
	"wutong/store/storetest"
)

func TestValid(t *testing.T) {
	t.Parallel()
	for key, ok := range map[string]bool{
		"550e8400-e29b-41d4-a716-446655440000": true,
		"a":                                    true,
		strings.Repeat("k", 255):               true,
		"":                                     false,
		strings.Repeat("k", 256):               false,
		"with space":                           false,
		"tab\there":                            false,
		"密钥":                                   false,
		"\x00":                                 false,
	} {
		if err := idempotency.Valid(key); (err == nil) != ok {
			t.Errorf("Valid(%q) = %v, want ok %v", key, err, ok)
		}
	}
}

func TestHash(t *testing.T) {
	t.Parallel()
	a := idempotency.Hash("mutation M { x }", "M", map[string]any{"a": 1, "b": "two"})
	if b := idempotency.Hash("mutation M { x }", "M", map[string]any{"b": "two", "a": 1}); a != b {
		t.Errorf("equal variables hash differently")
	}
	for _, other := range []string{
		idempotency.Hash("mutation M { x }", "M", map[string]any{"a": 2, "b": "two"}),
		idempotency.Hash("mutation M { y }", "M", map[string]any{"a": 1, "b": "two"}),
		idempotency.Hash("mutation M { x }", "", map[string]any{"a": 1, "b": "two"}),
		// The query and the name are length-prefixed: moving text from
		// one to the other is another request.
		idempotency.Hash("mutation M { x }M", "", map[string]any{"a": 1, "b": "two"}),
	} {
		if other == a {
			t.Errorf("different requests hash alike")
		}
	}
}

// TestExpiry stores a key, finds it within a day, and forgets it after.
func TestExpiry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		tx, err := s.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := idempotency.Save(ctx, tx.Client(), "user:US1", "k1", "h1", []byte(`{"ok":true}`), now); err != nil {
			t.Fatal(err)
		}
		if err := idempotency.Save(ctx, tx.Client(), "user:US1", "k2", "h2", []byte(`{}`), now.Add(-25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := idempotency.Save(ctx, s.Client, "user:US1", "k1", "h1", []byte(`{}`), now); err != idempotency.ErrRace {
			t.Errorf("saving a key twice: %v, want ErrRace", err)
		}
		rec, err := idempotency.Lookup(ctx, s.Client, "user:US1", "k1", now.Add(23*time.Hour))
		if err != nil || rec == nil || string(rec.Response) != `{"ok":true}` {
			t.Fatalf("a key within the day: %+v %v", rec, err)
		}
		if rec, err := idempotency.Lookup(ctx, s.Client, "user:US2", "k1", now); err != nil || rec != nil {
			t.Errorf("another principal's key: %+v %v", rec, err)
		}
		if rec, err := idempotency.Lookup(ctx, s.Client, "user:US1", "k1", now.Add(24*time.Hour)); err != nil || rec != nil {
			t.Errorf("a key after a day: %+v %v", rec, err)
		}
		// The expired key was forgotten on lookup, so it may be stored again.
		if err := idempotency.Save(ctx, s.Client, "user:US1", "k1", "h3", []byte(`{}`), now.Add(25*time.Hour)); err != nil {
			t.Errorf("reusing an expired key: %v", err)
		}
		n, err := idempotency.Sweep(ctx, s.Client, now)
		if err != nil || n != 1 {
			t.Errorf("Sweep = %d, %v; want the one key stored 25 hours before", n, err)
		}
		left, _ := s.Client.IdempotencyKey.Query().Count(privacy.DecisionContext(ctx, privacy.Allow))
		if left != 1 {
			t.Errorf("%d keys left, want 1", left)
		}
	})
}
