package observe_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"wutong/auth"
	"wutong/gid"
	"wutong/observe"
	"wutong/reqid"
)

// phone is personal data sent in variables; it must never reach a log line
// or a metric.
const phone = "13812345678"

// sdl is the schema of the test server. Each root field behaves its own way:
// see exec.
const sdl = `
type Query {
	hello(phone: String): String
	bad(phone: String): String
	boom: String
	forbidden: String
	count(n: Int): Int
}
type Mutation { change(phone: String): String }
type Subscription { ticks: Int }
`

// testSchema is the parsed sdl.
var testSchema = gqlparser.MustLoadSchema(&ast.Source{Name: "test.graphqls", Input: sdl})

// server is a gqlgen server over a mock schema with the extension of m,
// wrapped in m.HTTP, and what it logs.
type server struct {
	m    *observe.Metrics
	h    http.Handler
	logs *syncBuffer
	// onTick, if set, runs before each subscription event.
	onTick func(n int)
}

// newServer builds a server with its own registry.
func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{m: observe.NewMetrics(prometheus.NewRegistry(), nil), logs: &syncBuffer{}}
	es := &graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return testSchema },
		ExecFunc:   s.exec,
	}
	srv := handler.New(es)
	srv.AddTransport(transport.SSE{})
	srv.AddTransport(transport.POST{})
	log := slog.New(slog.NewJSONHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv.Use(s.m.Extension(log))
	s.h = s.m.HTTP("/graphql", srv)
	return s
}

// exec answers an operation according to its first root field.
func (s *server) exec(ctx context.Context) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx).Operation
	if op.Operation == ast.Subscription {
		n := 0
		return func(ctx context.Context) *graphql.Response {
			if n == 3 {
				return nil
			}
			n++
			if s.onTick != nil {
				s.onTick(n)
			}
			return &graphql.Response{Data: json.RawMessage(`{"ticks":` + strconv.Itoa(n) + `}`)}
		}
	}
	field := op.SelectionSet[0].(*ast.Field)
	switch field.Name {
	case "bad":
		// An error added while the response is made, as resolvers do.
		return func(ctx context.Context) *graphql.Response {
			graphql.AddError(ctx, &gqlerror.Error{
				Message:    "phone: is invalid",
				Extensions: map[string]any{"code": "BAD_USER_INPUT", "field": "phone"},
			})
			return &graphql.Response{Data: json.RawMessage(`{"bad":null}`)}
		}
	case "boom":
		// An error without a code before any response: the executor
		// answers with it alone, outside the response interceptors.
		graphql.AddErrorf(ctx, "the database exploded")
		return nil
	case "forbidden":
		return graphql.OneShot(&graphql.Response{
			Errors: gqlerror.List{
				{Message: "not yours", Extensions: map[string]any{"code": "FORBIDDEN"}},
				{Message: "and more", Extensions: map[string]any{"code": "NOT_FOUND"}},
			},
			Data: json.RawMessage(`{"forbidden":null}`),
		})
	default:
		return graphql.OneShot(&graphql.Response{Data: json.RawMessage(`{"` + field.Alias + `":"hi"}`)})
	}
}

// request is one GraphQL request of a test.
type request struct {
	query         string
	operationName string
	variables     map[string]any
	id            string       // request id, if any
	viewer        *auth.Viewer // logged-in user, if any
	body          string       // raw body instead of the fields above
	sse           bool         // ask for Server-Sent Events
}

// do sends r and returns the response's body.
func (s *server) do(t *testing.T, r request) string {
	t.Helper()
	body := r.body
	if body == "" {
		b, err := json.Marshal(map[string]any{"query": r.query, "operationName": r.operationName, "variables": r.variables})
		if err != nil {
			t.Fatal(err)
		}
		body = string(b)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if r.sse {
		req.Header.Set("Accept", "text/event-stream")
	}
	ctx := req.Context()
	if r.id != "" {
		ctx = reqid.With(ctx, r.id)
	}
	if r.viewer != nil {
		ctx = auth.NewContext(ctx, r.viewer)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req.WithContext(ctx))
	return rec.Body.String()
}

// scrape returns the metrics page of m.
func scrape(t *testing.T, m *observe.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// sample returns the value of a series in a metrics page, or -1 if absent.
func sample(t *testing.T, page, series string) float64 {
	t.Helper()
	for line := range strings.SplitSeq(page, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	return -1
}

// wantSample checks the value of a series.
func wantSample(t *testing.T, page, series string, want float64) {
	t.Helper()
	if got := sample(t, page, series); got != want {
		t.Errorf("%s = %v, want %v", series, got, want)
	}
}

// logLines parses the JSON log lines.
func logLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// lineFor returns the only log line with the request id.
func lineFor(t *testing.T, lines []map[string]any, id string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, l := range lines {
		if l["request_id"] == id {
			if found != nil {
				t.Fatalf("two log lines for request %s: %v and %v", id, found, l)
			}
			found = l
		}
	}
	if found == nil {
		t.Fatalf("no log line for request %s", id)
	}
	return found
}

func TestOperations(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	user := &auth.Viewer{UserID: gid.ID("US01JD3N6W9V8Y2Q4T5R7X0ZKM4H")}
	vars := map[string]any{"phone": phone}

	s.do(t, request{id: "ok1", viewer: user, query: `query Hello($phone: String) { hello(phone: $phone) }`, variables: vars})
	s.do(t, request{id: "ok2", query: `query Hello($phone: String) { hello(phone: $phone) }`, variables: vars})
	s.do(t, request{id: "mut", viewer: user, query: `mutation Change($phone: String) { change(phone: $phone) }`, variables: vars})
	s.do(t, request{id: "input", query: `query Bad($phone: String) { bad(phone: $phone) }`, variables: vars})
	s.do(t, request{id: "boom", query: `query Boom { boom }`})
	s.do(t, request{id: "forbidden", query: `query Forbidden { forbidden }`})
	s.do(t, request{id: "anon", query: `{ hello }`})
	long := "L" + strings.Repeat("o", 64) // 65 characters: valid GraphQL, too long for a label
	s.do(t, request{id: "long", query: `query ` + long + ` { hello }`})
	// Refused before running: the interceptors see no operation.
	s.do(t, request{id: "weird", operationName: "x y; DROP", query: `{ hello }`})
	s.do(t, request{id: "parse", query: `query Broken { hello(phone: "` + phone + `"`})
	s.do(t, request{id: "invalid", query: `query Nope { nope }`})
	s.do(t, request{id: "vars", query: `query Count($n: Int) { count(n: $n) }`, variables: map[string]any{"n": phone + "x"}})
	s.do(t, request{id: "json", body: `{"query": "{ hello }", "variables": {"phone": "` + phone + `"`})

	page := scrape(t, s.m)
	const reqs = "wutong_graphql_requests_total"
	wantSample(t, page, reqs+`{operation="Hello",outcome="ok",type="query"}`, 2)
	wantSample(t, page, reqs+`{operation="Change",outcome="ok",type="mutation"}`, 1)
	wantSample(t, page, reqs+`{operation="Bad",outcome="BAD_USER_INPUT",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="Boom",outcome="INTERNAL_SERVER_ERROR",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="Forbidden",outcome="FORBIDDEN",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="anonymous",outcome="ok",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="other",outcome="ok",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="other",outcome="GRAPHQL_VALIDATION_FAILED",type="unknown"}`, 1)
	wantSample(t, page, reqs+`{operation="anonymous",outcome="GRAPHQL_PARSE_FAILED",type="unknown"}`, 1)
	wantSample(t, page, reqs+`{operation="anonymous",outcome="GRAPHQL_VALIDATION_FAILED",type="unknown"}`, 1)
	wantSample(t, page, reqs+`{operation="Count",outcome="GRAPHQL_VALIDATION_FAILED",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="anonymous",outcome="INTERNAL_SERVER_ERROR",type="unknown"}`, 1)
	const dur = "wutong_graphql_request_duration_seconds"
	wantSample(t, page, dur+`_count{operation="Hello",type="query"}`, 2)
	wantSample(t, page, dur+`_count{operation="Boom",type="query"}`, 1)
	wantSample(t, page, dur+`_bucket{operation="Hello",type="query",le="+Inf"}`, 2)
	wantSample(t, page, `wutong_http_requests_total{method="POST",route="/graphql",status="200"}`, 8)
	wantSample(t, page, `wutong_http_requests_total{method="POST",route="/graphql",status="422"}`, 4) // parse, validation, variables, unknown operation
	wantSample(t, page, `wutong_http_requests_total{method="POST",route="/graphql",status="400"}`, 1)
	wantSample(t, page, `wutong_http_request_duration_seconds_count{route="/graphql"}`, 13)
	wantSample(t, page, `wutong_subscriptions_active`, 0)
	if strings.Contains(page, phone) {
		t.Errorf("the metrics hold the phone number")
	}
	if strings.Contains(page, "DROP") || strings.Contains(page, long) {
		t.Errorf("the metrics hold an operation name that is not a label")
	}

	logs := s.logs.String()
	if strings.Contains(logs, phone) || strings.Contains(logs, "$phone") || strings.Contains(logs, "hello(") {
		t.Fatalf("the log holds variables or query text:\n%s", logs)
	}
	lines := logLines(t, logs)
	if len(lines) != 13 {
		t.Errorf("%d log lines, want one per request (13):\n%s", len(lines), logs)
	}
	for _, l := range lines {
		if l["msg"] != "graphql operation" {
			t.Errorf("message %q", l["msg"])
		}
		for _, k := range []string{"request_id", "operation", "type", "duration_ms", "outcome", "errors"} {
			if _, ok := l[k]; !ok {
				t.Errorf("log line without %s: %v", k, l)
			}
		}
		if d, ok := l["duration_ms"].(float64); !ok || d < 0 {
			t.Errorf("duration_ms %v", l["duration_ms"])
		}
	}
	for _, c := range []struct {
		id, level, op, typ, outcome string
		errors                      float64
		user                        bool
	}{
		{"ok1", "INFO", "Hello", "query", "ok", 0, true},
		{"ok2", "INFO", "Hello", "query", "ok", 0, false},
		{"mut", "INFO", "Change", "mutation", "ok", 0, true},
		{"input", "WARN", "Bad", "query", "BAD_USER_INPUT", 1, false},
		{"boom", "ERROR", "Boom", "query", "INTERNAL_SERVER_ERROR", 1, false},
		{"forbidden", "WARN", "Forbidden", "query", "FORBIDDEN", 2, false},
		{"anon", "INFO", "anonymous", "query", "ok", 0, false},
		{"long", "INFO", "other", "query", "ok", 0, false},
		{"weird", "WARN", "other", "unknown", "GRAPHQL_VALIDATION_FAILED", 1, false},
		{"parse", "WARN", "anonymous", "unknown", "GRAPHQL_PARSE_FAILED", 1, false},
		{"invalid", "WARN", "anonymous", "unknown", "GRAPHQL_VALIDATION_FAILED", 1, false},
		{"vars", "WARN", "Count", "query", "GRAPHQL_VALIDATION_FAILED", 1, false},
		{"json", "ERROR", "anonymous", "unknown", "INTERNAL_SERVER_ERROR", 1, false},
	} {
		l := lineFor(t, lines, c.id)
		if l["level"] != c.level || l["operation"] != c.op || l["type"] != c.typ || l["outcome"] != c.outcome || l["errors"] != c.errors {
			t.Errorf("request %s: log line %v, want level %s operation %s type %s outcome %s errors %v",
				c.id, l, c.level, c.op, c.typ, c.outcome, c.errors)
		}
		got, logged := l["user_id"]
		switch {
		case c.user && got != string(user.UserID):
			t.Errorf("request %s: user_id %v, want %s", c.id, got, user.UserID)
		case !c.user && logged:
			t.Errorf("request %s: user_id %v, want none", c.id, got)
		}
	}
}

func TestSubscription(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	var during []float64
	s.onTick = func(n int) {
		during = append(during, sample(t, scrape(t, s.m), "wutong_subscriptions_active"))
	}
	body := s.do(t, request{id: "sub", sse: true, query: `subscription Ticks { ticks }`, variables: map[string]any{"phone": phone}})
	if !strings.Contains(body, `"ticks":3`) || !strings.Contains(body, "event: complete") {
		t.Fatalf("subscription response:\n%s", body)
	}
	if fmt.Sprint(during) != "[1 1 1]" {
		t.Errorf("subscriptions_active during the subscription: %v, want 1 at each event", during)
	}
	page := scrape(t, s.m)
	wantSample(t, page, "wutong_subscriptions_active", 0)
	wantSample(t, page, `wutong_graphql_requests_total{operation="Ticks",outcome="ok",type="subscription"}`, 1)
	if sample(t, page, `wutong_graphql_request_duration_seconds_count{operation="Ticks",type="subscription"}`) != -1 {
		t.Errorf("a subscription's lifetime was observed as a request duration")
	}

	logs := s.logs.String()
	if strings.Contains(logs, phone) {
		t.Fatalf("the log holds a variable:\n%s", logs)
	}
	lines := logLines(t, logs)
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), logs)
	}
	if lines[0]["msg"] != "graphql subscription started" || lines[0]["operation"] != "Ticks" || lines[0]["type"] != "subscription" {
		t.Errorf("first line %v", lines[0])
	}
	if lines[1]["msg"] != "graphql subscription ended" || lines[1]["events"] != 3.0 || lines[1]["outcome"] != "ok" || lines[1]["level"] != "INFO" {
		t.Errorf("last line %v", lines[1])
	}
}

func TestSubscriptionAbandoned(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ts := httptest.NewServer(s.h)
	defer ts.Close()
	// Over plain POST, a subscription sends its first event only: the
	// transport never asks for its end, which comes when the request's
	// context does.
	resp, err := ts.Client().Post(ts.URL, "application/json", strings.NewReader(`{"query":"subscription Ticks { ticks }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"ticks":1`) {
		t.Fatalf("response %s", body)
	}
	page := scrape(t, s.m)
	for deadline := time.Now().Add(5 * time.Second); sample(t, page, "wutong_subscriptions_active") != 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		page = scrape(t, s.m)
	}
	wantSample(t, page, "wutong_subscriptions_active", 0)
	wantSample(t, page, `wutong_graphql_requests_total{operation="Ticks",outcome="ok",type="subscription"}`, 1)
	lines := logLines(t, s.logs.String())
	if len(lines) != 2 || lines[1]["msg"] != "graphql subscription ended" || lines[1]["events"] != 1.0 {
		t.Errorf("log lines %v, want a start and an end after 1 event", lines)
	}
}

func TestOperationNameCap(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for i := range observe.MaxOperationNames + 5 {
		s.do(t, request{query: fmt.Sprintf(`query Op%d { hello }`, i)})
	}
	s.do(t, request{query: `query Op7 { hello }`}) // seen before the cap: keeps its series
	page := scrape(t, s.m)
	const reqs = "wutong_graphql_requests_total"
	wantSample(t, page, reqs+`{operation="Op0",outcome="ok",type="query"}`, 1)
	wantSample(t, page, reqs+`{operation="Op7",outcome="ok",type="query"}`, 2)
	last := observe.MaxOperationNames - 1
	wantSample(t, page, fmt.Sprintf(reqs+`{operation="Op%d",outcome="ok",type="query"}`, last), 1)
	wantSample(t, page, fmt.Sprintf(reqs+`{operation="Op%d",outcome="ok",type="query"}`, last+1), -1)
	wantSample(t, page, reqs+`{operation="other",outcome="ok",type="query"}`, 5)
	if n := strings.Count(page, reqs+"{"); n != observe.MaxOperationNames+1 {
		t.Errorf("%d series, want %d", n, observe.MaxOperationNames+1)
	}
	// The log still names every valid operation.
	if !strings.Contains(s.logs.String(), fmt.Sprintf(`"operation":"Op%d"`, last+1)) {
		t.Errorf("the log lost an operation's name past the cap")
	}
}

func TestHTTP(t *testing.T) {
	t.Parallel()
	m := observe.NewMetrics(nil, nil)
	mux := http.NewServeMux()
	route := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, m.HTTP(pattern, h)) }
	route("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "missing" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "item")
	})
	route("POST /items", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) })
	route("GET /empty", func(w http.ResponseWriter, r *http.Request) {})
	route("GET /early", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusEarlyHints) // informational: not the status
		w.WriteHeader(http.StatusAccepted)
	})
	route("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		f, ok := w.(http.Flusher)
		if !ok {
			t.Error("the wrapped writer is no http.Flusher")
			return
		}
		io.WriteString(w, "data: 1\n\n")
		f.Flush()
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("ResponseController.Flush: %v", err)
		}
	})
	route("GET /panic", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	route("/any", func(w http.ResponseWriter, r *http.Request) {})

	get := func(method, path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		return rec
	}
	get("GET", "/items/1")
	get("GET", "/items/2")
	get("GET", "/items/missing")
	get("POST", "/items")
	get("GET", "/empty")
	get("GET", "/early")
	if rec := get("GET", "/stream"); !rec.Flushed {
		t.Error("Flush did not reach the underlying writer")
	}
	get("BREW", "/any")
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic was swallowed")
			}
		}()
		get("GET", "/panic")
	}()

	page := scrape(t, m)
	const reqs = "wutong_http_requests_total"
	wantSample(t, page, reqs+`{method="GET",route="GET /items/{id}",status="200"}`, 2)
	wantSample(t, page, reqs+`{method="GET",route="GET /items/{id}",status="404"}`, 1)
	wantSample(t, page, reqs+`{method="POST",route="POST /items",status="201"}`, 1)
	wantSample(t, page, reqs+`{method="GET",route="GET /empty",status="200"}`, 1)
	wantSample(t, page, reqs+`{method="GET",route="GET /early",status="202"}`, 1)
	wantSample(t, page, reqs+`{method="GET",route="GET /stream",status="200"}`, 1)
	wantSample(t, page, reqs+`{method="OTHER",route="/any",status="200"}`, 1)
	wantSample(t, page, reqs+`{method="GET",route="GET /panic",status="500"}`, 1)
	wantSample(t, page, `wutong_http_request_duration_seconds_count{route="GET /items/{id}"}`, 3)
	if strings.Contains(page, "/items/1") || strings.Contains(page, "missing") {
		t.Error("a raw path became a label")
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	if page := scrape(t, observe.NewMetrics(nil, nil)); strings.Contains(page, "go_sql_") || !strings.Contains(page, "go_goroutines") {
		t.Error("without a database: database metrics, or no Go runtime metrics")
	}

	// The Go and process collectors may be registered already.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector())
	db := sql.OpenDB(noConnector{}) // never connects: the pool is only counted
	defer db.Close()
	page := scrape(t, observe.NewMetrics(reg, db))
	wantSample(t, page, `go_sql_open_connections{db_name="wutong"}`, 0)
	wantSample(t, page, `go_sql_max_open_connections{db_name="wutong"}`, 0)
}

// noConnector is a database that cannot be reached.
type noConnector struct{}

// Connect implements driver.Connector.
func (noConnector) Connect(context.Context) (driver.Conn, error) {
	return nil, errors.New("no database")
}

// Driver implements driver.Connector.
func (noConnector) Driver() driver.Driver { return nil }

// syncBuffer is a bytes.Buffer for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write implements io.Writer.
func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns what was written.
func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
