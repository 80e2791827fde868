package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"wutong/demo"
	"wutong/store/storetest"
)

// env returns a getenv over a fixed map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestBadStartsExitWithOneClearLine(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, busyPort, _ := net.SplitHostPort(busy.Addr().String())
	db := "file:" + t.TempDir() + "/w.db"
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"UnknownFlag", []string{"-nope"}, nil, "flag provided but not defined: -nope"},
		{"UnknownCommand", []string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{"BadPort", []string{"-port", "http"}, nil, "is not a number"},
		{"MalformedDatabaseURL", nil, map[string]string{"DATABASE_URL": "postgres://u:pw@%zz/db"}, "malformed database URL"},
		{"UnsupportedScheme", nil, map[string]string{"DATABASE_URL": "mysql://localhost/db"}, "unsupported database URL scheme"},
		{"UnreachableDatabase", nil, map[string]string{"DATABASE_URL": "postgres://u:secret@127.0.0.1:1/db?sslmode=disable&connect_timeout=2"}, "cannot reach the database"},
		{"PortInUse", []string{"-port", busyPort, "-demo=false", "-database-url", db}, nil, "address already in use"},
		{"SeedWithoutDemoFlag", []string{"seed"}, map[string]string{"DATABASE_URL": db}, "seed needs --demo"},
		{"NegativeRateBudget", nil, map[string]string{"RATE_BUDGET": "-1"}, "RATE_BUDGET=\"-1\" is not a number of 0 or more"},
		{"BadCORSOrigin", []string{"-cors-origins", "https://ok.example.org, staff.example.org/path"}, nil, "is not an origin"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, env(c.env), &stdout, &stderr)
			if code == 0 {
				t.Fatalf("exit code 0, want non-zero")
			}
			lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], c.want) {
				t.Fatalf("stderr = %q, want one line containing %q", stderr.String(), c.want)
			}
			if strings.Contains(stderr.String(), "secret") || strings.Contains(stderr.String(), "goroutine") {
				t.Fatalf("stderr leaks a password or a stack: %q", stderr.String())
			}
		})
	}
	t.Run("Help", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"-h"}, env(nil), &stdout, &stderr); code != 0 {
			t.Fatalf("exit code %d for -h", code)
		}
		if !strings.Contains(stdout.String(), "DATABASE_URL") {
			t.Fatalf("help does not mention DATABASE_URL: %q", stdout.String())
		}
	})
}

// server is a running App for a test, and the token it sends.
type server struct {
	t     *testing.T
	base  string
	token string
}

// login logs in through the API and keeps the token for later queries.
func (s *server) login(login, password string) {
	s.t.Helper()
	s.token = ""
	data := s.query(`mutation { login(input: {login: "` + login + `", password: "` + password + `"}) { token } }`)
	s.token = data["login"].(map[string]any)["token"].(string)
}

// startApp starts the real program on a free port and stops it when the test ends.
func startApp(t *testing.T, cfg Config) *server {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	if cfg.RateBudget == 0 {
		cfg.RateBudget = 50000 // as parseConfig's default
	}
	ctx, cancel := context.WithCancel(context.Background())
	app, err := NewApp(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cancel()
		t.Fatalf("starting: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
		app.Close()
	})
	return &server{t: t, base: "http://" + app.Addr().String()}
}

// get fetches a path and returns status, content type and body.
func (s *server) get(path string) (int, string, string) {
	s.t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// post sends a GraphQL query and returns its data, errors and status.
func (s *server) post(q string) (map[string]any, []any, int) {
	s.t.Helper()
	return s.postVars(q, nil)
}

// postVars posts a query with variables, as post does.
func (s *server) postVars(q string, vars map[string]any) (map[string]any, []any, int) {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("X-Request-Id") == "" {
		s.t.Errorf("no X-Request-Id header")
	}
	rateLimited := resp.Header.Get("RateLimit-Remaining") != ""
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		s.t.Fatal(err)
	}
	if len(out.Errors) == 0 && s.token != "" && !rateLimited {
		s.t.Errorf("no RateLimit-Remaining header on an answered query")
	}
	return out.Data, out.Errors, resp.StatusCode
}

// query posts a GraphQL query and fails the test on any error.
func (s *server) query(q string) map[string]any {
	s.t.Helper()
	data, errs, code := s.post(q)
	if len(errs) > 0 || code != http.StatusOK {
		s.t.Fatalf("status %d, errors %v for %s", code, errs, q)
	}
	return data
}

func TestServerWithDemoOnSQLite(t *testing.T) {
	t.Parallel()
	s := startApp(t, Config{DatabaseURL: storetest.NewDSN(t, dialect.SQLite), Demo: true, DemoSeed: 1, MaxConns: 4})

	if code, _, body := s.get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, _, _ := s.get("/readyz"); code != 200 {
		t.Errorf("/readyz = %d", code)
	}
	if code, ctype, body := s.get("/"); code != 200 || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(body, "/graphql") {
		t.Errorf("GraphiQL page: %d %s", code, ctype)
	}
	if code, _, _ := s.get("/nothing-here"); code != 404 {
		t.Errorf("/nothing-here = %d, want 404", code)
	}
	code, _, body := s.get("/graphql?query=" + url.QueryEscape(`{ communities(first: 0) { totalCount } }`))
	if code != 200 || !strings.Contains(body, `UNAUTHENTICATED`) {
		t.Errorf("GET query without login = %d %s, want UNAUTHENTICATED", code, body)
	}
	s.login("demo-admin", "demo")
	if data := s.query(`{ communities(first: 0) { totalCount } }`); data["communities"].(map[string]any)["totalCount"] != 2.0 {
		t.Errorf("the administrator sees %v communities, want the two demo ones", data["communities"])
	}
	code, _, _ = s.get("/graphql?query=" + url.QueryEscape(`mutation { createCommunity(input: {name: "x", code: "x"}) { community { id } } }`))
	if code == 200 {
		t.Errorf("a mutation by GET was accepted")
	}
	t.Run("ReadmeExamplesWork", func(t *testing.T) { runReadmeExamples(t, s) })
	t.Run("DemoAccountsSeeTheirRolesView", func(t *testing.T) { checkDemoAccounts(t, s) })
}

// checkDemoAccounts logs in as every demo account and checks what it sees:
// its role; the resident their own phone in full and their neighbours'
// masked; the second community's staff nothing of the first.
func checkDemoAccounts(t *testing.T, s *server) {
	for _, acc := range demo.Accounts {
		u := &server{t: t, base: s.base}
		u.login(acc.Username, demo.Password)
		data := u.query(`{ me { memberships { role community { code } } } }`)
		b, _ := json.Marshal(data)
		if !strings.Contains(string(b), `"role":"`+string(acc.Role)+`"`) {
			t.Errorf("%s: me = %s, want the role %s", acc.Username, b, acc.Role)
		}
	}
	resident := &server{t: t, base: s.base}
	resident.login("demo-resident", demo.Password)
	data := resident.query(`{ me { resident { id phone } } residents(first: 20) { totalCount edges { node { id phone } } } }`)
	me := data["me"].(map[string]any)["resident"].(map[string]any)
	if phone, _ := me["phone"].(string); phone == "" || strings.Contains(phone, "*") {
		t.Errorf("the resident sees their own phone as %q", phone)
	}
	neighbours := 0
	for _, e := range data["residents"].(map[string]any)["edges"].([]any) {
		n := e.(map[string]any)["node"].(map[string]any)
		phone, _ := n["phone"].(string)
		if n["id"] != me["id"] && phone != "" {
			neighbours++
			if !strings.Contains(phone, "****") {
				t.Errorf("the resident sees a neighbour's phone as %q", phone)
			}
		}
	}
	if neighbours == 0 {
		t.Error("the resident sees no neighbour with a phone")
	}
	other := &server{t: t, base: s.base}
	other.login("demo-other-staff", demo.Password)
	data = other.query(`{ communities(first: 10) { edges { node { code } } } residents(first: 0, where: {hasCommunityWith: {code: "demo"}}) { totalCount } issues(first: 0) { totalCount } }`)
	b, _ := json.Marshal(data)
	if strings.Contains(string(b), `"code":"demo"`) || !strings.Contains(string(b), `"residents":{"totalCount":0}`) {
		t.Errorf("the second community's staff see %s", b)
	}
}

func TestSeedThenServeOnPostgres(t *testing.T) {
	t.Parallel()
	dsn := storetest.NewDSN(t, dialect.Postgres)
	s := startApp(t, Config{DatabaseURL: dsn, Demo: true, DemoSeed: 1, MaxConns: 4})
	if _, errs, _ := s.post(`mutation { login(input: {login: "demo-admin", password: "demo"}) { token } }`); len(errs) == 0 {
		t.Fatal("PostgreSQL got the demo accounts without asking")
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"seed", "--demo"}, env(map[string]string{"DATABASE_URL": dsn}), &stdout, &stderr); code != 0 {
		t.Fatalf("seed --demo: exit %d: %s", code, stderr.String())
	}
	if !regexp.MustCompile(`demo data loaded in .*: 2 communities`).MatchString(stdout.String()) {
		t.Errorf("seed said %q", stdout.String())
	}
	// It says how to log in, as go run . does (before, it printed no account).
	for _, acc := range demo.Accounts {
		if !strings.Contains(stdout.String(), acc.Username) {
			t.Errorf("seed --demo does not name the demo account %s: %q", acc.Username, stdout.String())
		}
	}
	if !strings.Contains(stdout.String(), "password "+demo.Password) {
		t.Errorf("seed --demo does not give the demo password: %q", stdout.String())
	}
	var again bytes.Buffer
	if code := run(context.Background(), []string{"seed", "--demo"}, env(map[string]string{"DATABASE_URL": dsn}), io.Discard, &again); code == 0 || !strings.Contains(again.String(), "already loaded") {
		t.Errorf("seeding twice: exit %d, %q", code, again.String())
	}
	t.Run("ReadmeExamplesWork", func(t *testing.T) { runReadmeExamples(t, s) })
}

// runReadmeExamples logs in as the README says and runs every ```graphql
// query block of README.md against the demo data, checking that each
// returns data and no errors.
func runReadmeExamples(t *testing.T, s *server) {
	s = &server{t: t, base: s.base}
	s.login("demo-staff", "demo")
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(query.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 4 {
		t.Fatalf("README.md has %d example queries, want at least 4", len(blocks))
	}
	var demoCommunity struct {
		Communities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	raw, _ := json.Marshal(s.query(`{ communities(first: 1, where: {code: "demo"}) { edges { node { id } } } }`))
	_ = json.Unmarshal(raw, &demoCommunity)
	if len(demoCommunity.Communities.Edges) != 1 {
		t.Fatalf("demo community: %+v", demoCommunity)
	}
	// The statistics example takes the demo community in the variable
	// $community, as the README says to give it, and names last year.
	lastYear := strconv.Itoa(time.Now().In(shanghai).Year() - 1)
	placeholders := strings.NewReplacer("2025-01-01", lastYear+"-01-01", "2025-12-31", lastYear+"-12-31")
	vars := map[string]any{"community": demoCommunity.Communities.Edges[0].Node.ID}
	for _, b := range blocks {
		q := placeholders.Replace(b[1])
		var given map[string]any
		if strings.Contains(q, "$community") {
			given = vars
		}
		data, errs, code := s.postVars(q, given)
		if len(errs) > 0 || code != http.StatusOK {
			t.Fatalf("status %d, errors %v for %s", code, errs, q)
		}
		out, _ := json.Marshal(data)
		switch {
		case strings.Contains(b[1], "communityStats"):
			checkHeadlines(t, data)
		case strings.Count(string(out), `"node"`) < 2:
			t.Errorf("example returned almost nothing: %s\n%s", truncate(string(out), 300), b[1])
		}
	}
}

// shanghai is the demo community's time zone.
var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// checkHeadlines checks that the statistics of the demo data show the
// report's figures for last year.
func checkHeadlines(t *testing.T, data any) {
	t.Helper()
	var out struct {
		Demo map[string]json.RawMessage
	}
	b, _ := json.Marshal(data)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		figure, part string
		want         float64
	}{
		{"repeatPoliceCalls", "change", -50}, {"disputes", "change", -50}, {"disputes", "value", 45},
		{"preventableCases", "change", -70}, {"criminalCases", "value", 0},
		{"mediations", "value", 45}, {"mediationsResolved", "value", 45}, {"mediationResolutionPercent", "value", 100},
	} {
		var f struct{ Value, Previous, ChangePercent *float64 }
		_ = json.Unmarshal(out.Demo[c.figure], &f)
		got := f.Value
		if c.part == "change" {
			got = f.ChangePercent
		}
		if got == nil || *got != c.want {
			t.Errorf("%s %s = %v, want %v (%s)", c.figure, c.part, deref(got), c.want, b)
		}
	}
}

// deref shows a figure that may be null.
func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// TestMigrateThenServe brings an empty PostgreSQL database to the current
// schema with `wutong migrate`, starts the server on it without migrating,
// and checks that a server refuses a database with pending migrations or
// a history it does not know.
func TestMigrateThenServe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := storetest.NewDSN(t, dialect.Postgres)
	migrate := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(ctx, append([]string{"migrate"}, args...), env(map[string]string{"DATABASE_URL": dsn}), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, out, _ := migrate("status"); code != 0 || !strings.Contains(out, "pending") || strings.Contains(out, "applied") {
		t.Fatalf("status of an empty database: %d %q", code, out)
	}
	// A server told not to migrate refuses an empty database.
	if _, err := NewApp(ctx, Config{DatabaseURL: dsn, NoMigrate: true, DataDir: t.TempDir(), Addr: "127.0.0.1:0", MaxConns: 2, MaxUploadBytes: 1 << 20},
		slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil || !strings.Contains(err.Error(), "pending") {
		t.Fatalf("starting on an unmigrated database: %v", err)
	}
	if code, out, errOut := migrate(); code != 0 || !strings.Contains(out, "applied ") {
		t.Fatalf("wutong migrate: %d %q %q", code, out, errOut)
	}
	if code, out, _ := migrate(); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("wutong migrate again: %d %q", code, out)
	}
	if code, out, _ := migrate("status"); code != 0 || strings.Contains(out, "pending") || !strings.Contains(out, "applied") {
		t.Fatalf("status after migrating: %d %q", code, out)
	}
	s := startApp(t, Config{DatabaseURL: dsn, NoMigrate: true, MaxConns: 4})
	if code, _, _ := s.get("/readyz"); code != 200 {
		t.Errorf("/readyz = %d", code)
	}

	// A revision from a newer binary stops the server and the command.
	st, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Exec(`INSERT INTO atlas_schema_revisions (version, description, type, applied, total, executed_at, execution_time, hash, operator_version)
		VALUES ('29990101000000', 'from the future', 2, 1, 1, now(), 0, 'h1:x', 'wutong')`); err != nil {
		t.Fatal(err)
	}
	for _, noMigrate := range []bool{false, true} {
		if _, err := NewApp(ctx, Config{DatabaseURL: dsn, NoMigrate: noMigrate, DataDir: t.TempDir(), Addr: "127.0.0.1:0", MaxConns: 2, MaxUploadBytes: 1 << 20},
			slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil || !strings.Contains(err.Error(), "newer Wutong") {
			t.Errorf("starting (migrate %v) on a database of a newer version: %v", !noMigrate, err)
		}
	}
	if code, _, errOut := migrate(); code != 2 || !strings.Contains(errOut, "newer Wutong") {
		t.Errorf("wutong migrate on a newer database: %d %q", code, errOut)
	}
}

// TestLimitsAndMetrics checks, on a running server, that queries are
// bounded (page sizes, cost), that the cost is reported, and that /metrics
// shows the requests afterwards.
func TestLimitsAndMetrics(t *testing.T) {
	t.Parallel()
	s := startApp(t, Config{DatabaseURL: storetest.NewDSN(t, dialect.SQLite), Demo: true, DemoSeed: 1, MaxConns: 4})
	s.login("demo-staff", "demo")
	for q, want := range map[string]string{
		`query Huge { residents(first: 1000000) { edges { node { id } } } }`:                                                                      "0 to 100",
		`query NoFirst { residents { edges { node { id } } } }`:                                                                                   "give first or last",
		`query Costly { grids(first: 100) { edges { node { issues(first: 100) { edges { node { comments(first: 100) { totalCount } } } } } } } }`: "cost",
	} {
		_, errs, _ := s.post(q)
		b, _ := json.Marshal(errs)
		if len(errs) == 0 || !strings.Contains(string(b), "BAD_USER_INPUT") || !strings.Contains(string(b), want) {
			t.Errorf("%s: %s, want BAD_USER_INPUT about %q", q, b, want)
		}
	}
	s.query(`query Fine { grids(first: 3) { edges { node { name } } } }`)
	code, _, body := s.get("/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`wutong_graphql_requests_total{operation="Fine",outcome="ok",type="query"} 1`,
		`wutong_graphql_requests_total{operation="Huge",outcome="BAD_USER_INPUT"`,
		`wutong_http_requests_total{method="POST",route="/graphql",status="200"}`,
		`wutong_graphql_request_duration_seconds_count{operation="Fine",type="query"} 1`,
		`go_sql_open_connections{db_name="wutong"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestCORS checks that only the listed origins' pages may call the API
// from a browser.
func TestCORS(t *testing.T) {
	t.Parallel()
	s := startApp(t, Config{DatabaseURL: storetest.NewDSN(t, dialect.SQLite), MaxConns: 2, CORSOrigins: []string{"https://staff.example.org"}})
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, s.base+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := preflight("https://staff.example.org"); resp.Header.Get("Access-Control-Allow-Origin") != "https://staff.example.org" ||
		resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("the staff SPA's preflight: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := preflight("https://evil.example.com"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin's preflight was allowed: %v", resp.Header)
	}
}

// TestNoCORSWithoutOrigins checks that a server with no CORS_ORIGINS lets
// no other origin call it: no preflight or request gets an
// Access-Control-Allow-Origin (the CORS library's default would be *).
func TestNoCORSWithoutOrigins(t *testing.T) {
	t.Parallel()
	s := startApp(t, Config{DatabaseURL: storetest.NewDSN(t, dialect.SQLite), MaxConns: 2})
	for _, method := range []string{http.MethodOptions, http.MethodPost} {
		req, _ := http.NewRequest(method, s.base+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Origin", "https://evil.example.com")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s from another origin: Access-Control-Allow-Origin %q, credentials %q", method, got, resp.Header.Get("Access-Control-Allow-Credentials"))
		}
	}
}

// TestMetricsToken checks that /metrics asks for the token when one is
// set, and is off in production without one.
func TestMetricsToken(t *testing.T) {
	t.Parallel()
	s := startApp(t, Config{DatabaseURL: storetest.NewDSN(t, dialect.SQLite), MaxConns: 2, MetricsToken: "s3cret"})
	for header, want := range map[string]int{"": 401, "Bearer wrong": 401, "s3cret": 401, "Bearer s3cret": 200} {
		req, _ := http.NewRequest(http.MethodGet, s.base+"/metrics", nil)
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("/metrics with Authorization %q: %d, want %d", header, resp.StatusCode, want)
		}
	}
	prod := startApp(t, Config{DatabaseURL: storetest.NewDSN(t, dialect.SQLite), MaxConns: 2, Production: true})
	if code, _, _ := prod.get("/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics in production without a token: %d, want 404", code)
	}
}
