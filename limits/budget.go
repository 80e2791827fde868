package limits

import (
	"container/list"
	"sync"
	"time"
)

// Budget is an allowance of cost points per key (a user, an address) and
// window of time. A key's window begins when it first spends and lasts the
// window's length; the next spend after that begins a new one, full again
// (a fixed window per key).
//
// The budget is held in memory, in this process alone: each replica of the
// server keeps its own, and a restart forgets it. Its memory is bounded:
// keys whose window has ended are forgotten, and beyond MaxKeys keys the
// ones whose window began first are forgotten too (they start afresh).
//
// A Budget is safe for concurrent use.
type Budget struct {
	limit   int
	window  time.Duration
	maxKeys int

	mu    sync.Mutex
	keys  map[string]*list.Element // of *bucket
	order *list.List               // of *bucket, oldest window first
}

// bucket is the spending of one key in its current window.
type bucket struct {
	key   string
	start time.Time
	spent int
}

// NewBudget returns a budget of limit points per key and window, tracking
// at most maxKeys keys (100000 if maxKeys is 0 or less).
func NewBudget(limit int, window time.Duration, maxKeys int) *Budget {
	if maxKeys <= 0 {
		maxKeys = 100000
	}
	return &Budget{limit: limit, window: window, maxKeys: maxKeys, keys: map[string]*list.Element{}, order: list.New()}
}

// Limit returns the points each key may spend per window.
func (b *Budget) Limit() int { return b.limit }

// Spend takes cost points from key's budget at now, if it has them. It
// returns the points left, when the key's window ends (and its budget is
// full again), and whether the points were taken: if not, nothing is.
func (b *Budget) Spend(key string, cost int, now time.Time) (remaining int, reset time.Time, ok bool) {
	return b.SpendAll([]string{key}, cost, now)
}

// SpendAll takes cost points from the budget of every key at now, if each
// has them, or from none. It returns the fewest points left among the keys
// and when that key's window ends; if refused, the points left of a key
// that cannot pay and the latest end of the windows of those keys, after
// which the operation may be tried again. Duplicate and empty keys are
// ignored; with no keys, SpendAll takes nothing and returns the limit.
func (b *Budget) SpendAll(keys []string, cost int, now time.Time) (remaining int, reset time.Time, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expire(now)

	buckets := make([]*bucket, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		buckets = append(buckets, b.bucket(k, now))
	}
	remaining = b.limit
	if len(buckets) == 0 {
		return remaining, now.Add(b.window), true
	}

	// Refused if any key cannot pay.
	refused := false
	for _, bk := range buckets {
		left := b.limit - bk.spent
		if left >= cost {
			continue
		}
		end := bk.start.Add(b.window)
		if !refused || end.After(reset) {
			reset = end
		}
		if !refused || left < remaining {
			remaining = left
		}
		refused = true
	}
	if !refused {
		for _, bk := range buckets {
			bk.spent += cost
			if left := b.limit - bk.spent; left < remaining || reset.IsZero() {
				remaining, reset = left, bk.start.Add(b.window)
			}
		}
	}
	b.evict()
	return max(remaining, 0), reset, !refused
}

// Len returns how many keys the budget tracks.
func (b *Budget) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.keys)
}

// bucket returns key's bucket for a window holding now, beginning a new
// window if its last one has ended.
func (b *Budget) bucket(key string, now time.Time) *bucket {
	if e, ok := b.keys[key]; ok {
		bk := e.Value.(*bucket)
		if now.Before(bk.start.Add(b.window)) {
			return bk
		}
		bk.start, bk.spent = now, 0
		b.order.MoveToBack(e)
		return bk
	}
	bk := &bucket{key: key, start: now}
	b.keys[key] = b.order.PushBack(bk)
	return bk
}

// expire forgets the keys whose window has ended by now: the oldest
// windows come first.
func (b *Budget) expire(now time.Time) {
	for e := b.order.Front(); e != nil; e = b.order.Front() {
		bk := e.Value.(*bucket)
		if now.Before(bk.start.Add(b.window)) {
			return
		}
		b.remove(e)
	}
}

// evict forgets the keys whose window began first until at most maxKeys
// are left.
func (b *Budget) evict() {
	for len(b.keys) > b.maxKeys {
		b.remove(b.order.Front())
	}
}

// remove forgets one key.
func (b *Budget) remove(e *list.Element) {
	b.order.Remove(e)
	delete(b.keys, e.Value.(*bucket).key)
}
