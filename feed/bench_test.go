package feed

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkFanout publishes to 10,000 local subscribers of one scope, each
// read by a goroutine of its own, as a busy community's websockets would
// be. One op is one event received by every subscriber; ns/publish is the
// publisher's share of it, and p50-ns and p99-ns are the times from the
// start of Publish to a subscriber holding the message.
func BenchmarkFanout(b *testing.B) {
	const subscribers = 10_000
	br := NewLocal(Options{})
	t0 := time.Now()
	var (
		start  atomic.Int64 // time.Since(t0) when the current event was published
		left   atomic.Int64 // subscribers yet to receive the current event
		missed atomic.Int64
		all    = make(chan struct{}, 1)
		wg     sync.WaitGroup
	)
	latency := make([][]time.Duration, subscribers)
	for i := range latency {
		s := br.Subscribe("issue", "CM1")
		latency[i] = make([]time.Duration, 0, b.N)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range s.C() {
				latency[i] = append(latency[i], time.Since(t0)-time.Duration(start.Load()))
				if m.Missed {
					missed.Add(1)
				}
				if left.Add(-1) == 0 {
					all <- struct{}{}
				}
			}
		}()
	}
	e := Event{Topic: "issue", Scope: "CM1", ID: "IS01JD3N6W9V8Y2Q4T5R7X0ZKM4H"}
	var publishing time.Duration

	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		left.Store(subscribers)
		before := time.Since(t0)
		start.Store(int64(before))
		if err := br.Publish(context.Background(), e); err != nil {
			b.Fatal(err)
		}
		publishing += time.Since(t0) - before
		<-all
	}
	b.StopTimer()

	br.Close()
	wg.Wait()
	if n := missed.Load(); n > 0 {
		b.Fatalf("%d Missed messages: a subscriber fell behind", n)
	}
	lats := make([]time.Duration, 0, subscribers*b.N)
	for _, l := range latency {
		lats = append(lats, l...)
	}
	slices.Sort(lats)
	b.ReportMetric(float64(publishing.Nanoseconds())/float64(b.N), "ns/publish")
	b.ReportMetric(float64(lats[len(lats)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lats[len(lats)*99/100].Nanoseconds()), "p99-ns")
}
