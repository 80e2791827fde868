package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// BenchmarkSubscribers holds many WebSocket subscribers on one server
// process (SQLite, the in-process feed) and measures, for each report
// made, how long it takes to reach all of them: every subscriber is a
// staff member following the community's issueEvents, and every message is
// loaded with that subscriber's rights. WUTONG_BENCH_SUBSCRIBERS sets how
// many (default 10,000). It reports p50 and p99 of the time from sending
// the report to each subscriber receiving it, and the server's resident
// memory per subscriber.
//
//	go test -run '^$' -bench Subscribers -benchtime 5x .
func BenchmarkSubscribers(b *testing.B) {
	n := 10000
	if v := os.Getenv("WUTONG_BENCH_SUBSCRIBERS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	p := startProcess(b, "-database-url", filepath.Join(b.TempDir(), "wutong.db"), "-demo=true")
	token := loginTo(b, p.base, "demo-staff", "demo")
	var community struct {
		Data struct {
			Communities struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	graphQL(http.DefaultClient, p.base, token, `{ communities(first: 1, where: {code: "demo"}) { edges { node { id } } } }`, nil, &community)
	communityID := community.Data.Communities.Edges[0].Node.ID
	rssBefore := residentKB(b, p.cmd.Process.Pid)

	// Each subscriber reads its messages and notes when the report with
	// the awaited title arrives.
	var (
		mu      sync.Mutex
		want    string
		arrived []time.Duration
		sent    time.Time
		all     = make(chan struct{}, 1)
	)
	received := func() {
		mu.Lock()
		defer mu.Unlock()
		arrived = append(arrived, time.Since(sent))
		if len(arrived) == n {
			all <- struct{}{}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ready sync.WaitGroup
	dialer := make(chan struct{}, 64) // connections being opened at once
	for i := range n {
		ready.Add(1)
		dialer <- struct{}{}
		go func() {
			conn, err := openSubscription(ctx, p.base, token, communityID)
			<-dialer
			ready.Done()
			if err != nil {
				b.Errorf("subscriber %d: %v", i, err)
				return
			}
			defer conn.CloseNow()
			for {
				_, data, err := conn.Read(ctx)
				if err != nil {
					return
				}
				if strings.Contains(string(data), `"ping"`) {
					conn.Write(ctx, websocket.MessageText, []byte(`{"type":"pong"}`))
					continue
				}
				mu.Lock()
				match := want != "" && strings.Contains(string(data), want)
				mu.Unlock()
				if match {
					received()
				}
			}
		}()
	}
	ready.Wait()
	if b.Failed() {
		return
	}
	// Let the last subscriptions reach the feed.
	time.Sleep(2 * time.Second)
	rssAfter := residentKB(b, p.cmd.Process.Pid)

	var latencies []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		title := fmt.Sprintf("压测事件 %d", i)
		mu.Lock()
		want, arrived, sent = title, arrived[:0], time.Now()
		mu.Unlock()
		var out struct{ Errors []any }
		if _, err := graphQL(http.DefaultClient, p.base, token, `mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`,
			map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": communityID, "title": title, "kind": "PUBLIC_AFFAIR"}}}, &out); err != nil || len(out.Errors) > 0 {
			b.Fatalf("reporting: %v %v", err, out.Errors)
		}
		select {
		case <-all:
		case <-time.After(2 * time.Minute):
			mu.Lock()
			b.Fatalf("%d of %d subscribers heard of the report within two minutes", len(arrived), n)
		}
		mu.Lock()
		latencies = append(latencies, arrived...)
		mu.Unlock()
	}
	b.StopTimer()
	slices.Sort(latencies)
	pct := func(q float64) float64 {
		return float64(latencies[int(q*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(n), "subscribers")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(rssAfter-rssBefore)/float64(n), "server-KB/subscriber")
	b.ReportMetric(0, "ns/op")
}

// openSubscription connects and subscribes to a community's issueEvents.
func openSubscription(ctx context.Context, base, token, community string) (*websocket.Conn, error) {
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	conn, _, err := websocket.Dial(dctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(1 << 20)
	send := func(v any) error { b, _ := json.Marshal(v); return conn.Write(dctx, websocket.MessageText, b) }
	if err := send(map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}}); err != nil {
		conn.CloseNow()
		return nil, err
	}
	for {
		_, data, err := conn.Read(dctx)
		if err != nil {
			conn.CloseNow()
			return nil, err
		}
		if strings.Contains(string(data), "connection_ack") {
			break
		}
	}
	err = send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query":     `subscription($c: ID!) { issueEvents(communityID: $c) { event { kind issue { title } } } }`,
		"variables": map[string]any{"c": community}}})
	if err != nil {
		conn.CloseNow()
	}
	return conn, err
}

// residentKB reads a process's resident memory from /proc.
func residentKB(tb testing.TB, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}
