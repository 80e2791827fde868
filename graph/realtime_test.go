package graph_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/coder/websocket"
	"go.uber.org/goleak"

	"wutong/ent/membership"
	"wutong/feed"
	"wutong/gid"
	"wutong/graph"
	"wutong/realtime"
	"wutong/store"
	"wutong/store/storetest"
)

// live is a GraphQL endpoint on a real HTTP server with the in-process
// feed, as a SQLite deployment runs it.
type live struct {
	a    *api
	srv  *httptest.Server
	feed *feed.Local
}

// newLive returns the API with subscriptions, served over real HTTP.
func newLive(t *testing.T, s *store.Store) *live {
	t.Helper()
	a := newAPI(t, s)
	b := feed.NewLocal(feed.Options{})
	t.Cleanup(func() { b.Close() })
	s.Client.Use(realtime.Hook(b, nil))
	mux := http.NewServeMux()
	mux.Handle("/graphql", a.svc.Middleware(graph.NewHandler(s.Client, a.svc, graph.Options{Dialect: s.Dialect, Feed: b}), false))
	a.h = mux
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &live{a: a, srv: srv, feed: b}
}

// wsClient is a graphql-transport-ws client.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
}

// dial opens a WebSocket and sends connection_init with the token (none if
// empty); it returns the client once acknowledged, or the close status.
func dial(t *testing.T, base, token string, header http.Header) (*wsClient, websocket.StatusCode) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
	if err != nil {
		t.Fatalf("dialling: %v", err)
	}
	c := &wsClient{t: t, conn: conn}
	t.Cleanup(func() { conn.CloseNow() })
	init := map[string]any{"type": "connection_init"}
	if token != "" {
		init["payload"] = map[string]any{"authorization": "Bearer " + token}
	}
	c.send(init)
	for {
		msg, err := c.read(5 * time.Second)
		if err != nil {
			return nil, websocket.CloseStatus(err)
		}
		if msg["type"] == "connection_ack" {
			return c, -1
		}
	}
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	if err := c.conn.Write(context.Background(), websocket.MessageText, b); err != nil {
		c.t.Fatalf("writing: %v", err)
	}
}

// read returns the next message that is not a ping (which it answers).
func (c *wsClient) read(timeout time.Duration) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return nil, err
		}
		var msg map[string]any
		if err := json.Unmarshal(b, &msg); err != nil {
			return nil, err
		}
		if msg["type"] == "ping" {
			c.send(map[string]any{"type": "pong"})
			continue
		}
		return msg, nil
	}
}

// subscribe starts a subscription with an id.
func (c *wsClient) subscribe(id, query string, vars map[string]any) {
	c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}

// next returns the payload of the next message, failing on anything else.
func (c *wsClient) next(timeout time.Duration) map[string]any {
	c.t.Helper()
	msg, err := c.read(timeout)
	if err != nil {
		c.t.Fatalf("waiting for a message: %v", err)
	}
	if msg["type"] != "next" {
		c.t.Fatalf("got %v, want a next message", msg)
	}
	payload, _ := msg["payload"].(map[string]any)
	if errs := payload["errors"]; errs != nil {
		c.t.Fatalf("errors: %v", errs)
	}
	return payload
}

const issueEventsSub = `subscription($c: ID!, $g: ID) { issueEvents(communityID: $c, gridID: $g) { missed event { kind issue { id title } } } }`

// eventOf digs the issue's title and the event's kind out of a message.
func eventOf(payload map[string]any) (kind, title string) {
	b, _ := json.Marshal(payload)
	var out struct {
		Data struct {
			IssueEvents struct {
				Event struct {
					Kind  string
					Issue struct{ Title string }
				}
			}
		}
	}
	json.Unmarshal(b, &out)
	return out.Data.IssueEvents.Event.Kind, out.Data.IssueEvents.Event.Issue.Title
}

// TestSubscriptions follows a community's issues, a patrol member's
// dispatches and notices over WebSocket and Server-Sent Events, each
// message checked against the subscriber's rights.
func TestSubscriptions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		l := newLive(t, s)
		c := &cast{a: l.a, s: s, f: newFixture(l.a)}
		f := c.f
		var staffToken, residentToken, otherToken string
		c.staff, _ = c.person("live.staff", membership.RoleCOMMUNITY_STAFF, "")
		staffToken = c.staff.token
		resident, _ := c.person("live.resident", membership.RoleRESIDENT, "")
		residentToken = resident.token
		other, _ := c.person("live.other", membership.RoleRESIDENT, "")
		otherToken = other.token

		t.Run("IssueEvents", func(t *testing.T) {
			staff, _ := dial(t, l.srv.URL, staffToken, nil)
			staff.subscribe("1", issueEventsSub, map[string]any{"c": f.community})
			watcher, _ := dial(t, l.srv.URL, otherToken, nil)
			watcher.subscribe("1", issueEventsSub, map[string]any{"c": f.community})
			waitFor(t, func() bool { return l.feed.Subscribers() >= 2 })

			c.reportAs(resident.on(t), map[string]any{"title": "楼道漏水", "kind": "HAZARD"})
			if kind, title := eventOf(staff.next(5 * time.Second)); kind != "REPORTED" || title != "楼道漏水" {
				t.Errorf("staff got %s %q, want the report", kind, title)
			}
			// The other resident may not read that issue: the first thing
			// they hear of is their own report.
			c.reportAs(other.on(t), map[string]any{"title": "我家门口有垃圾", "kind": "PUBLIC_AFFAIR"})
			if kind, title := eventOf(watcher.next(5 * time.Second)); title != "我家门口有垃圾" {
				t.Errorf("the other resident got %s %q first, want their own report", kind, title)
			}
		})
		t.Run("NoticePublishedOverSSE", func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": `subscription($c: ID!) { noticePublished(communityID: $c) { missed notice { title } } }`,
				"variables": map[string]any{"c": f.community}})
			req, _ := http.NewRequest(http.MethodPost, l.srv.URL+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "text/event-stream")
			req.Header.Set("Authorization", "Bearer "+residentToken)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			resp, err := http.DefaultClient.Do(req.WithContext(ctx))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
				t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
			}
			waitFor(t, func() bool { return l.feed.Subscribers() >= 1 })
			c.staff.on(t).createID("createNotice", "CreateNoticeInput", "notice", map[string]any{"communityID": f.community,
				"kind": "ANNOUNCEMENT", "title": "停水通知", "body": "周六上午停水", "publishedAt": time.Now().Add(-time.Second).Format(time.RFC3339)})
			lines := bufio.NewScanner(resp.Body)
			for lines.Scan() {
				if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
					if !strings.Contains(data, "停水通知") {
						t.Errorf("SSE data %s, want the notice", data)
					}
					return
				}
			}
			t.Errorf("the stream ended without the notice: %v", lines.Err())
		})
		t.Run("MyDispatches", func(t *testing.T) {
			c.patrolTeam = c.staff.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "夜巡队"})
			patrol, member := c.patrolMember("live.patrol", "王师傅", 39.9150, 116.4040)
			officer, _ := c.person("live.officer", membership.RolePOLICE_OFFICER, "")
			ws, _ := dial(t, l.srv.URL, patrol.token, nil)
			ws.subscribe("1", `subscription { myDispatches { missed dispatch { status member { id } issue { title } } } }`, nil)
			waitFor(t, func() bool { return l.feed.Subscribers() >= 1 })
			issue := c.reportAs(officer.on(t), map[string]any{"title": "有人打架", "kind": "HAZARD", "latitude": 39.9160, "longitude": 116.4040})
			mutate(officer.on(t), "dispatchNearestPatrol", "DispatchNearestPatrolInput", map[string]any{"issueID": issue}, "dispatch { id }", nil)
			got := mustJSON(ws.next(5 * time.Second))
			if !strings.Contains(got, `"status":"SENT"`) || !strings.Contains(got, member) || !strings.Contains(got, "有人打架") {
				t.Errorf("the patrol member got %s, want their new dispatch", got)
			}
		})
		t.Run("Refusals", func(t *testing.T) {
			if _, code := dial(t, l.srv.URL, "", nil); code != 4401 {
				t.Errorf("no login: close %d, want 4401", code)
			}
			if _, code := dial(t, l.srv.URL, "not-a-token", nil); code != 4401 {
				t.Errorf("a bad token: close %d, want 4401", code)
			}
			foreign := http.Header{"Origin": {"https://evil.example"}, "Cookie": {"wutong_session=" + staffToken}}
			if _, code := dial(t, l.srv.URL, "", foreign); code != 4403 {
				t.Errorf("a cookie from another site's page: close %d, want 4403", code)
			}
			own := http.Header{"Origin": {l.srv.URL}, "Cookie": {"wutong_session=" + staffToken}}
			if ws, code := dial(t, l.srv.URL, "", own); ws == nil {
				t.Errorf("a cookie from our own page: close %d", code)
			}
			// A community the viewer has no part in.
			ops := s.Client.Community.Create().SetName("别的社区").SetCode("elsewhere").SaveX(system)
			ws, _ := dial(t, l.srv.URL, residentToken, nil)
			ws.subscribe("1", issueEventsSub, map[string]any{"c": string(ops.ID)})
			msg, err := ws.read(5 * time.Second)
			if err != nil || !strings.Contains(mustJSON(msg), "NOT_FOUND") {
				t.Errorf("following another community: %v %v, want NOT_FOUND as for any record one may not read", msg, err)
			}
		})
		t.Run("CleanUpOnDisconnect", func(t *testing.T) {
			before := l.feed.Subscribers()
			var clients []*wsClient
			for range 20 {
				ws, _ := dial(t, l.srv.URL, staffToken, nil)
				ws.subscribe("1", issueEventsSub, map[string]any{"c": f.community})
				clients = append(clients, ws)
			}
			waitFor(t, func() bool { return l.feed.Subscribers() == before+20 })
			for _, ws := range clients {
				ws.conn.CloseNow()
			}
			// Nothing tells the server of a dropped connection but the
			// next read; each relay ends and unsubscribes.
			waitFor(t, func() bool { return l.feed.Subscribers() == before })
		})
	})
}

// waitFor polls a condition for up to five seconds.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestSubscriptionGoroutines opens and drops fifty subscribers and checks
// that every goroutine they started on the server ends. It does not run in
// parallel, so that other tests' goroutines do not come and go meanwhile.
func TestSubscriptionGoroutines(t *testing.T) {
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	l := newLive(t, s)
	f := newFixture(l.a)
	newUser(t, s, "leak.staff", "", "leak password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleCOMMUNITY_STAFF})
	token := l.a.login("leak.staff", "leak password")
	before := goleak.IgnoreCurrent()
	var clients []*wsClient
	for range 50 {
		ws, _ := dial(t, l.srv.URL, token, nil)
		ws.subscribe("1", issueEventsSub, map[string]any{"c": f.community})
		clients = append(clients, ws)
	}
	waitFor(t, func() bool { return l.feed.Subscribers() == 50 })
	for _, ws := range clients {
		ws.conn.CloseNow()
	}
	waitFor(t, func() bool { return l.feed.Subscribers() == 0 })
	goleak.VerifyNone(t, before, goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"), goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"))
}
