package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/coder/websocket"

	"wutong/authz"
	"wutong/ent/issue"
	"wutong/store"
	"wutong/store/storetest"
)

// binDir holds the wutong binary that process tests run.
var binDir string

func TestMain(m *testing.M) {
	var err error
	if binDir, err = os.MkdirTemp("", "wutong-bin-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildErr  error
)

// wutongBinary builds the program once for the tests that run it as a
// separate process, as it runs in production.
func wutongBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(binDir, "wutong")
	buildOnce.Do(func() {
		out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return bin
}

// process is a wutong server running as its own process.
type process struct {
	cmd  *exec.Cmd
	base string
	logs *syncBuffer
	done chan error
}

// syncBuffer is a bytes.Buffer safe for the process's output and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProcess runs the server with the given flags on a free port and
// waits until it is ready; it is killed when the test ends if still running.
func startProcess(t testing.TB, args ...string) *process {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	args = append([]string{"serve", "-port", strconv.Itoa(port), "-data-dir", t.TempDir()}, args...)
	p := &process{cmd: exec.Command(wutongBinary(t), args...), base: fmt.Sprintf("http://127.0.0.1:%d", port), logs: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	p.cmd.Env = append(os.Environ(), "DATABASE_URL=", "PORT=")
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("server log:\n%s", p.logs.String())
		}
	})
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(p.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("the server exited while starting: %v\n%s", err, p.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not become ready:\n%s", p.logs.String())
		}
	}
}

// graphQL posts a query with a bearer token to a server and returns the
// status, or an error if no complete answer came back.
func graphQL(client *http.Client, base, token, query string, vars map[string]any, out any) (int, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	return resp.StatusCode, json.Unmarshal(b, out)
}

// loginTo logs in through the API and returns the token.
func loginTo(t testing.TB, base, login, password string) string {
	t.Helper()
	var out struct {
		Data struct{ Login struct{ Token string } }
	}
	if _, err := graphQL(http.DefaultClient, base, "", `mutation($l: String!, $p: String!) { login(input: {login: $l, password: $p}) { token } }`,
		map[string]any{"l": login, "p": password}, &out); err != nil || out.Data.Login.Token == "" {
		t.Fatalf("logging in as %s: %v %+v", login, err, out)
	}
	return out.Data.Login.Token
}

// TestSIGTERMDuringLoad sends SIGTERM to a server while clients report
// issues as fast as they can: the server stops accepting, finishes what it
// started, exits cleanly, and every report it acknowledged is in the
// database.
func TestSIGTERMDuringLoad(t *testing.T) {
	t.Parallel()
	dbFile := filepath.Join(t.TempDir(), "wutong.db")
	p := startProcess(t, "-database-url", dbFile, "-demo=true")
	token := loginTo(t, p.base, "demo-staff", "demo")
	var community struct {
		Data struct {
			Communities struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	if _, err := graphQL(http.DefaultClient, p.base, token, `{ communities(first: 1, where: {code: "demo"}) { edges { node { id } } } }`, nil, &community); err != nil || len(community.Data.Communities.Edges) != 1 {
		t.Fatalf("the demo community: %v %+v", err, community)
	}
	communityID := community.Data.Communities.Edges[0].Node.ID
	// Subscribers stay connected through the shutdown, over WebSocket and
	// over Server-Sent Events (a plain HTTP request that Shutdown would
	// wait for): the server must close their streams rather than wait.
	ws := subscribeTo(t, p.base, token, `subscription($c: ID!) { issueEvents(communityID: $c) { event { kind } } }`, map[string]any{"c": communityID})
	wsClosed := make(chan struct{})
	go func() {
		for ws.next(time.Minute) != nil {
		}
		close(wsClosed)
	}()
	body, _ := json.Marshal(map[string]any{"query": `subscription($c: ID!) { issueEvents(communityID: $c) { event { kind } } }`, "variables": map[string]any{"c": communityID}})
	req, _ := http.NewRequest(http.MethodPost, p.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	sse, err := http.DefaultClient.Do(req)
	if err != nil || sse.StatusCode != http.StatusOK {
		t.Fatalf("opening an SSE stream: %v", err)
	}
	sseClosed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, sse.Body)
		sse.Body.Close()
		close(sseClosed)
	}()

	const workers = 8
	var (
		mu        sync.Mutex
		acked     = map[string]bool{} // issue IDs the server answered with
		uncertain int                 // requests that got no complete answer
		titles    = map[string]bool{} // every title sent
	)
	enough := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for i := 0; ; i++ {
				title := fmt.Sprintf("停机测试 %d-%d", w, i)
				mu.Lock()
				titles[title] = true
				mu.Unlock()
				var out struct {
					Data struct {
						ReportIssue struct{ Issue struct{ ID string } }
					}
					Errors []any
				}
				code, err := graphQL(client, p.base, token, `mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`,
					map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": communityID, "title": title, "kind": "PUBLIC_AFFAIR", "category": "SANITATION"}}}, &out)
				mu.Lock()
				switch {
				case err == nil && code == http.StatusOK && out.Data.ReportIssue.Issue.ID != "":
					acked[out.Data.ReportIssue.Issue.ID] = true
					if len(acked) >= 200 {
						once.Do(func() { close(enough) })
					}
				case err == nil && code == http.StatusOK:
					t.Errorf("an answered report failed: %+v", out.Errors)
				default:
					uncertain++
				}
				mu.Unlock()
				if err != nil {
					var op *net.OpError
					if errors.As(err, &op) && op.Op == "dial" {
						return // the server no longer accepts connections
					}
				}
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(2 * time.Minute):
		t.Fatal("200 reports were not answered within two minutes")
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	termed := time.Now()
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Errorf("the server exited with %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit within 30 s of SIGTERM")
	}
	t.Logf("the server exited %v after SIGTERM", time.Since(termed).Round(time.Millisecond))
	for name, closed := range map[string]chan struct{}{"WebSocket": wsClosed, "SSE": sseClosed} {
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
			t.Errorf("the %s stream stayed open after the server exited", name)
		}
	}
	wg.Wait()

	st, err := store.Open(context.Background(), dbFile, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored := map[string]bool{}
	for _, is := range st.Client.Issue.Query().Where(issue.TitleHasPrefix("停机测试")).AllX(authz.System(context.Background())) {
		stored[string(is.ID)] = true
		if !titles[is.Title] {
			t.Errorf("an issue nobody sent: %s", is.Title)
		}
	}
	for id := range acked {
		if !stored[id] {
			t.Errorf("acknowledged report %s is not in the database", id)
		}
	}
	// Requests without an answer may or may not have been done; no more
	// than those may be in the database beyond what was acknowledged.
	if extra := len(stored) - len(acked); extra < 0 || extra > uncertain {
		t.Errorf("%d reports stored, %d acknowledged, %d unanswered", len(stored), len(acked), uncertain)
	}
	t.Logf("%d reports acknowledged, %d stored, %d requests unanswered around the shutdown", len(acked), len(stored), uncertain)
	if !bytes.Contains([]byte(p.logs.String()), []byte("shutting down")) {
		t.Errorf("the server did not log its shutdown")
	}
}

// liveClient is a graphql-transport-ws subscriber of a server process.
type liveClient struct {
	t    *testing.T
	conn *websocket.Conn
}

// subscribeTo connects to a server with a token and starts one subscription.
func subscribeTo(t *testing.T, base, token, query string, vars map[string]any) *liveClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	c := &liveClient{t: t, conn: conn}
	c.send(map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}})
	if msg := c.next(10 * time.Second); msg["type"] != "connection_ack" {
		t.Fatalf("connection_init answered with %v", msg)
	}
	c.send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
	return c
}

func (c *liveClient) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	if err := c.conn.Write(context.Background(), websocket.MessageText, b); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next message other than a ping, or nil after timeout.
func (c *liveClient) next(timeout time.Duration) map[string]any {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return nil
		}
		var msg map[string]any
		_ = json.Unmarshal(b, &msg)
		if msg["type"] == "ping" {
			c.send(map[string]any{"type": "pong"})
			continue
		}
		return msg
	}
}

// TestSubscriptionsAcrossReplicas runs two server processes on one
// PostgreSQL database: subscribers on the first hear of changes made on
// the second, each as far as their rights allow.
func TestSubscriptionsAcrossReplicas(t *testing.T) {
	t.Parallel()
	dsn := storetest.NewDSN(t, dialect.Postgres)
	if out, err := exec.Command(wutongBinary(t), "seed", "-demo", "-database-url", dsn).CombinedOutput(); err != nil {
		t.Fatalf("seeding: %v\n%s", err, out)
	}
	a := startProcess(t, "-database-url", dsn)
	b := startProcess(t, "-database-url", dsn)
	staff, officer := loginTo(t, b.base, "demo-staff", "demo"), loginTo(t, b.base, "demo-officer", "demo")
	resident, patrol := loginTo(t, a.base, "demo-resident", "demo"), loginTo(t, a.base, "demo-patrol", "demo")
	ask := func(base, token, query string, vars map[string]any) map[string]any {
		t.Helper()
		var out struct {
			Data   map[string]any
			Errors []any
		}
		if _, err := graphQL(http.DefaultClient, base, token, query, vars, &out); err != nil || len(out.Errors) > 0 {
			t.Fatalf("%s: %v %v", query, err, out.Errors)
		}
		return out.Data
	}
	dig := func(v any, path ...string) string {
		for _, p := range path {
			v = v.(map[string]any)[p]
		}
		s, _ := v.(string)
		return s
	}
	community := ask(b.base, staff, `{ communities(first: 1, where: {code: "demo"}) { edges { node { id } } } }`, nil)
	communityID := dig(community["communities"].(map[string]any)["edges"].([]any)[0], "node", "id")

	// The patrol member goes on duty at a spot.
	patrolUser := dig(ask(a.base, patrol, `{ me { id } }`, nil), "me", "id")
	members := ask(b.base, officer, `query($u: ID!) { patrolMembers(first: 1, where: {userID: $u}) { edges { node { id } } } }`, map[string]any{"u": patrolUser})
	member := dig(members["patrolMembers"].(map[string]any)["edges"].([]any)[0], "node", "id")
	ask(b.base, officer, `mutation($id: ID!) { updatePatrolMember(input: {id: $id, patch: {onDuty: true}}) { patrolMember { id } } }`, map[string]any{"id": member})
	ask(a.base, patrol, `mutation { updateMyLocation(input: {latitude: 31.23042, longitude: 121.47370}) { recorded } }`, nil)

	const events = `subscription($c: ID!) { issueEvents(communityID: $c) { missed event { kind issue { id title } } } }`
	office := subscribeTo(t, a.base, staff, events, map[string]any{"c": communityID})
	stranger := subscribeTo(t, a.base, resident, events, map[string]any{"c": communityID})
	phone := subscribeTo(t, a.base, patrol, `subscription { myDispatches { dispatch { id status issue { id } } } }`, nil)
	// Subscriptions start asynchronously; give them a moment to reach the feed.
	time.Sleep(300 * time.Millisecond)

	sent := time.Now()
	issue := dig(ask(b.base, officer, `mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`,
		map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": communityID, "title": "菜场门口有人持刀", "kind": "HAZARD",
			"latitude": 31.23042, "longitude": 121.47370}}}), "reportIssue", "issue", "id")
	msg := office.next(10 * time.Second)
	took := time.Since(sent)
	if !strings.Contains(mustJSON(msg), issue) || !strings.Contains(mustJSON(msg), "REPORTED") {
		t.Fatalf("the office on replica A got %v, want the report made on B", msg)
	}
	t.Logf("a report made on replica B reached a subscriber on replica A %v after the request was sent", took.Round(time.Millisecond))

	dispatch := ask(b.base, officer, `mutation($i: ID!) { dispatchNearestPatrol(input: {issueID: $i}) { dispatch { id member { id } } } }`, map[string]any{"i": issue})
	if got := dig(dispatch, "dispatchNearestPatrol", "dispatch", "member", "id"); got != member {
		t.Fatalf("dispatched member %s, want %s", got, member)
	}
	if got := mustJSON(phone.next(10 * time.Second)); !strings.Contains(got, issue) || !strings.Contains(got, `"status":"SENT"`) {
		t.Errorf("the patrol member's phone got %s, want the dispatch", got)
	}
	// The resident may not read the office's report: the first thing they
	// hear of is their own.
	own := dig(ask(b.base, loginTo(t, b.base, "demo-resident", "demo"), `mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`,
		map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": communityID, "title": "楼下噪音", "kind": "PUBLIC_AFFAIR"}}}), "reportIssue", "issue", "id")
	if got := mustJSON(stranger.next(10 * time.Second)); !strings.Contains(got, own) || strings.Contains(got, issue) {
		t.Errorf("the resident got %s first, want only their own report %s", got, own)
	}
}

// mustJSON encodes a value for messages and searches.
func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }
