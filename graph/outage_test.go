package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"wutong/store"
	"wutong/store/storetest"
)

// proxy forwards TCP connections to addr until it is cut, which closes
// every connection and refuses new ones: a database that has gone away.
type proxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// newProxy listens on a free local port and forwards to addr.
func newProxy(t *testing.T, addr string) *proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{l: l}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

// cut stops the proxy and closes its connections.
func (p *proxy) cut() {
	p.l.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseOutage cuts the connection to PostgreSQL under a running
// endpoint and checks that clients are told the service is unavailable
// (503, UNAVAILABLE, Retry-After), not to log in again, and that no driver
// or network text reaches them.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	dsn := storetest.NewDSN(t, dialect.Postgres)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.l.Addr().String()
	s, err := store.Open(context.Background(), u.String(), store.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := newAPI(t, s)
	f := newFixture(a)
	// A second login whose session is not cached by this replica yet.
	newUser(t, s, "outage", "", "outage password", nil)
	fresh := a.login("outage", "outage password")
	p.cut()
	for _, c := range []struct {
		name  string
		as    *api
		query string
	}{
		{"a query with a cached session", a, `query($id: ID!) { node(id: $id) { id } }`},
		{"a request whose session must be looked up", a.as(fresh), `query($id: ID!) { node(id: $id) { id } }`},
		{"a mutation, whose transaction cannot begin", a, `mutation($id: ID!) { addIssueComment(input: {issueID: $id, body: "断网"}) { issueComment { id } } }`},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": c.query, "variables": map[string]any{"id": f.issue}})
			rec := send(c.as.h, http.MethodPost, "/graphql", "application/json", body, map[string]string{"Authorization": "Bearer " + c.as.token})
			text := rec.Body.String()
			if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(text, `"UNAVAILABLE"`) {
				t.Errorf("%d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), truncate(text))
			}
			for _, leak := range []string{"dial", "tcp", "127.0.0.1", "pq:", "driver", "connection", "log in"} {
				if strings.Contains(text, leak) {
					t.Errorf("the answer shows %q: %s", leak, truncate(text))
				}
			}
		})
	}
}
