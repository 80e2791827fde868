package graph

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestSharedLoads checks that concurrent subscribers of one session load a
// record once, that a subscriber leaving does not fail the others' load,
// and that other keys load on their own.
func TestSharedLoads(t *testing.T) {
	t.Parallel()
	var s sharedLoads
	var loads atomic.Int32
	release := make(chan struct{})
	load := func(ctx context.Context) (any, error) {
		loads.Add(1)
		<-release
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return "record", nil
	}
	first, leave := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	results := make([]any, 10)
	get := func(ctx context.Context, i int) {
		defer wg.Done()
		results[i], _ = s.do(ctx, "session|issue|IE1", load)
	}
	wg.Add(1)
	go get(first, 0) // this subscriber's goroutine runs the load
	for loads.Load() == 0 {
		runtime.Gosched()
	}
	for i := 1; i < len(results); i++ {
		wg.Add(1)
		go get(context.Background(), i)
	}
	leave() // the subscriber whose goroutine runs the load goes away
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("%d loads for ten subscribers of one session, want 1", n)
	}
	for i, r := range results[1:] {
		if r != "record" {
			t.Errorf("subscriber %d got %v", i+1, r)
		}
	}
	if v, _ := s.do(context.Background(), "other-session|issue|IE1", load); v != "record" || loads.Load() != 2 {
		t.Errorf("another session shared the load: %v after %d loads", v, loads.Load())
	}
}
