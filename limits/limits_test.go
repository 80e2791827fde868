package limits_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"wutong/apperr"
	"wutong/graph"
	"wutong/limits"
)

var (
	schemaOnce sync.Once
	schema     *ast.Schema
)

// testSchema returns Wutong's schema.
func testSchema() *ast.Schema {
	schemaOnce.Do(func() { schema = graph.NewSchema(nil, nil, graph.Options{}).Schema() })
	return schema
}

// analyze parses and validates a query against the schema, coerces its
// variables and measures it.
func analyze(t *testing.T, cfg limits.Config, query string, vars map[string]any) (limits.Stats, error) {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(testSchema(), query)
	if len(errs) > 0 {
		t.Fatalf("invalid query: %v", errs)
	}
	op := doc.Operations[0]
	coerced, err := validator.VariableValues(testSchema(), op, vars)
	if err != nil {
		t.Fatalf("variables: %v", err)
	}
	return limits.Analyze(testSchema(), doc, op, coerced, cfg)
}

// response is a GraphQL response as the tests read it.
type response struct {
	Errors []struct {
		Message   string `json:"message"`
		Locations []struct {
			Line, Column int
		} `json:"locations"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Extensions struct {
		Cost *struct {
			Requested int        `json:"requested"`
			Limit     int        `json:"limit"`
			Remaining *int       `json:"remaining"`
			Budget    int        `json:"budget"`
			ResetAt   *time.Time `json:"resetAt"`
		} `json:"cost"`
	} `json:"extensions"`
}

// newServer returns a GraphQL handler over Wutong's schema, with no
// database: only operations the limits refuse, or that ask for nothing but
// __typename, may be sent to it.
func newServer(cfg limits.Config) http.Handler {
	srv := handler.New(graph.NewSchema(nil, nil, graph.Options{}))
	srv.AddTransport(transport.POST{})
	srv.Use(limits.Extension(cfg))
	return limits.Headers(srv)
}

// post sends a query and decodes the response.
func post(t *testing.T, h http.Handler, query string, vars map[string]any) (*httptest.ResponseRecorder, response) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp response
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body.String(), err)
	}
	return rec, resp
}

// refused checks that a response is one error of the code given, whose
// message holds want, and returns the error's extensions.
func refused(t *testing.T, resp response, code apperr.Kind, want string) map[string]any {
	t.Helper()
	if len(resp.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", resp.Errors)
	}
	e := resp.Errors[0]
	if e.Extensions["code"] != string(code) {
		t.Errorf("code = %v, want %s (%s)", e.Extensions["code"], code, e.Message)
	}
	if !strings.Contains(e.Message, want) {
		t.Errorf("message = %q, want it to hold %q", e.Message, want)
	}
	return e.Extensions
}

// TestExample is the worked example of the package comment.
func TestExample(t *testing.T) {
	t.Parallel()
	stats, err := analyze(t, limits.Defaults(), `{
	  me { id }
	  communities(first: 10) {
	    totalCount
	    pageInfo { hasNextPage }
	    edges { cursor node {
	      name
	      grids(first: 20) {
	        edges { node {
	          community { name }
	          issues(first: 5) {
	            edges { node { title } }
	          }
	        } }
	      }
	    } }
	  }
	}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	// me 1; communities 10; grids 10×20; community 10×20×1; issues 10×20×5.
	want := limits.Stats{Cost: 1 + 10 + 200 + 200 + 1000, Depth: 10, Aliases: 0, Fields: 19}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
}

// TestCostRules checks each rule of the cost on small queries.
func TestCostRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, query string
		vars        map[string]any
		cost        int
	}{
		{"scalars only", `{ __typename }`, nil, 0},
		{"one object", `{ me { id createdAt } }`, nil, 1},
		{"connection count", `{ users(first: 30) { totalCount } }`, nil, 30},
		{"last", `{ users(last: 7) { edges { node { id } } } }`, nil, 7},
		{"larger of first and last", `{ users(first: 3, last: 9) { totalCount } }`, nil, 9},
		{"first zero", `{ communities(first: 0) { edges { node { grids(first: 50) { totalCount } } } } }`, nil, 0},
		{"variable", `query($n: Int) { users(first: $n) { totalCount } }`, map[string]any{"n": 42}, 42},
		{"variable default", `query($n: Int = 12) { users(first: $n) { totalCount } }`, nil, 12},
		{"list with first", `{ myDispatches(first: 7) { issue { title } } }`, nil, 7 + 7},
		{"list without first", `{ myDispatches { issue { title } } }`, nil, 1 + 1},
		{"list without arguments", `{ communityStats(communityID: "x", from: "2024-01-01", to: "2024-02-01") { issuesByKind { kind count { value } } } }`, nil, 1 + 1 + 1},
		{"node interface", `{ node(id: "x") { ... on Issue { grid { name } comments(first: 4) { totalCount } } } }`, nil, 1 + 1 + 4},
		{"edge node is free, its objects are not", `{ issues(first: 10) { edges { node { community { name } reporter { name } } } } }`, nil, 10 + 10 + 10},
		{"introspection is free", `{ __schema { types { name fields { name type { name ofType { name } } } } } }`, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			stats, err := analyze(t, limits.Defaults(), c.query, c.vars)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Cost != c.cost {
				t.Errorf("cost = %d, want %d", stats.Cost, c.cost)
			}
		})
	}
}

// TestFragmentsCounted checks that a fragment counts each time it is
// spread, through spreads and inline fragments alike.
func TestFragmentsCounted(t *testing.T) {
	t.Parallel()
	stats, err := analyze(t, limits.Defaults(), `
	query {
	  communities(first: 5) { edges { node { ...Grids } } }
	  more: communities(first: 5) { edges { node { ... on Community { ...Grids } } } }
	}
	fragment Grids on Community { name grids(first: 10) { totalCount } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Each half costs 5 communities and 5×10 grids.
	want := limits.Stats{Cost: 2 * (5 + 50), Depth: 5, Aliases: 1, Fields: 2 * 6}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
}

// TestFragmentCycle checks that a cycle of fragments, which validation
// refuses, is refused rather than followed forever.
func TestFragmentCycle(t *testing.T) {
	t.Parallel()
	doc, err := parser.ParseQuery(&ast.Source{Input: `
	query { ...A }
	fragment A on Query { __typename ...B }
	fragment B on Query { ...A }`})
	if err != nil {
		t.Fatal(err)
	}
	_, err = limits.Analyze(testSchema(), doc, doc.Operations[0], nil, limits.Defaults())
	if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || !strings.Contains(ae.Message, "spreads itself") {
		t.Errorf("err = %v, want a fragment cycle refused", err)
	}
}

// TestFragmentExplosion checks that fragments spread into fragments are
// stopped at the field limit, not inlined exponentially.
func TestFragmentExplosion(t *testing.T) {
	t.Parallel()
	var q strings.Builder
	q.WriteString("query { ...F0 }\n")
	const levels = 40
	for i := 0; i < levels; i++ {
		fmt.Fprintf(&q, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&q, "fragment F%d on Query { __typename }\n", levels)
	doc, errs := gqlparser.LoadQuery(testSchema(), q.String())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, err := limits.Analyze(testSchema(), doc, doc.Operations[0], nil, limits.Defaults())
	if err == nil || !strings.Contains(err.Error(), "more than 500 fields") {
		t.Errorf("err = %v, want too many fields", err)
	}
}

// TestAccepted checks queries that pass every limit, including the
// largest page.
func TestAccepted(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		query string
		vars  map[string]any
	}{
		{`query($n: Int!) { users(first: $n) { edges { node { id } } } }`, map[string]any{"n": 100}},
		{`query($n: Int, $m: Int) { users(first: $n, last: $m) { totalCount } }`, map[string]any{"n": nil, "m": 5}},
		{introspection, nil},
	} {
		if _, err := analyze(t, limits.Defaults(), c.query, c.vars); err != nil {
			t.Errorf("%s: %v", c.query, err)
		}
	}
}

// introspection is the query GraphiQL starts with, nested deeper than
// MaxDepth.
const introspection = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}`

// TestRefusedOverHTTP sends operations that break a limit through a gqlgen
// server: they are refused before any resolver runs.
func TestRefusedOverHTTP(t *testing.T) {
	t.Parallel()
	srv := newServer(limits.Defaults())

	deep := `{ node(id: "x") { ... on Issue { ` +
		strings.Repeat(`reporter { reportedIssues(first: 1) { edges { node { `, 4) +
		`id` + strings.Repeat(` } } } }`, 4) + ` } } }`
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&aliases, " a%d: me { id }", i)
	}
	aliases.WriteString(" }")
	var fields strings.Builder
	fields.WriteString("{ me {")
	for i := 0; i < 600; i++ {
		fields.WriteString(" id")
	}
	fields.WriteString(" } }")

	cases := []struct {
		name, query string
		vars        map[string]any
		want, field string
	}{
		{"depth bomb", deep, nil, "more than 12 deep", ""},
		{"alias bomb", aliases.String(), nil, "more than 30 aliases", ""},
		{"too many fields", fields.String(), nil, "more than 500 fields", ""},
		{"connection without first", `{ communities(first: 5) { edges { node { grids { totalCount } } } } }`, nil,
			"communities.edges.node.grids is a connection: give first or last (at most 100)", "first"},
		{"first too large", `{ users(first: 1000000) { totalCount } }`, nil, "users: first is 1000000; a page holds 0 to 100 items", "first"},
		{"last negative", `{ mine: users(last: -1) { totalCount } }`, nil, "mine: last is -1", "first"},
		{"first from a variable too large", `query($n: Int) { users(first: $n) { totalCount } }`, map[string]any{"n": 101}, "users: first is 101", "first"},
		{"first from a null variable", `query($n: Int) { users(first: $n) { totalCount } }`, map[string]any{"n": nil}, "users is a connection: give first or last", "first"},
		{"first from an absent variable", `query($n: Int) { users(first: $n) { totalCount } }`, nil, "users is a connection: give first or last", "first"},
		{"nested connections", `{ communities(first: 100) { edges { node { grids(first: 100) { totalCount } } } } }`, nil,
			"the query costs 10100 points", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rec, resp := post(t, srv, c.query, c.vars)
			if rec.Code != http.StatusOK {
				t.Errorf("status = %d", rec.Code)
			}
			ext := refused(t, resp, apperr.Invalid, c.want)
			if got, _ := ext["field"].(string); got != c.field {
				t.Errorf("field = %q, want %q", got, c.field)
			}
		})
	}

	t.Run("location", func(t *testing.T) {
		t.Parallel()
		_, resp := post(t, srv, "{\n  me { id }\n  users(first: 101) { totalCount }\n}", nil)
		refused(t, resp, apperr.Invalid, "users: first is 101")
		if l := resp.Errors[0].Locations; len(l) != 1 || l[0].Line != 3 || l[0].Column != 3 {
			t.Errorf("locations = %+v, want 3:3", l)
		}
	})

	t.Run("cost reported", func(t *testing.T) {
		t.Parallel()
		_, resp := post(t, srv, `{ communities(first: 100) { edges { node { grids(first: 100) { totalCount } } } } }`, nil)
		cost := resp.Extensions.Cost
		if cost == nil || cost.Requested != 10100 || cost.Limit != 5000 || cost.Remaining != nil {
			t.Errorf("extensions.cost = %+v, want 10100 requested of 5000 and no budget", cost)
		}
	})
}

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advance moves the time on.
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestBudgetOverHTTP spends a small hourly budget, is refused with
// RATE_LIMITED and the rate-limit headers, and is served again an hour
// later.
func TestBudgetOverHTTP(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	clk := &clock{now: start}
	cfg := limits.Defaults()
	cfg.HourlyBudget = 3
	cfg.Now = clk.Now
	cfg.Keys = func(ctx context.Context) []string { return []string{"user:1", "addr:192.0.2.1", ""} }
	srv := newServer(cfg)

	// __typename alone costs nothing but is charged 1, and runs no resolver.
	for i := 2; i >= 0; i-- {
		rec, resp := post(t, srv, `{ __typename }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("refused: %+v", resp.Errors)
		}
		if got := rec.Header().Get("RateLimit-Remaining"); got != strconv.Itoa(i) {
			t.Errorf("RateLimit-Remaining = %q, want %d", got, i)
		}
		if got := rec.Header().Get("RateLimit-Limit"); got != "3" {
			t.Errorf("RateLimit-Limit = %q", got)
		}
		if got := rec.Header().Get("Retry-After"); got != "" {
			t.Errorf("Retry-After = %q on an accepted request", got)
		}
		if c := resp.Extensions.Cost; c == nil || c.Requested != 0 || c.Remaining == nil || *c.Remaining != i || c.Budget != 3 {
			t.Errorf("extensions.cost = %+v", c)
		}
		clk.advance(10 * time.Minute)
	}

	// 30 minutes into the hour.
	rec, resp := post(t, srv, `{ __typename }`, nil)
	refused(t, resp, apperr.RateLimited, "try again after 2025-03-01T09:00:00Z")
	for name, want := range map[string]string{"RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Reset": "1800", "Retry-After": "1800"} {
		if got := rec.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if c := resp.Extensions.Cost; c == nil || c.ResetAt == nil || !c.ResetAt.Equal(start.Add(time.Hour)) {
		t.Errorf("extensions.cost = %+v", c)
	}

	// A new hour.
	clk.advance(30 * time.Minute)
	rec, resp = post(t, srv, `{ __typename }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("refused after the hour: %+v", resp.Errors)
	}
	if got := rec.Header().Get("RateLimit-Remaining"); got != "2" {
		t.Errorf("RateLimit-Remaining = %q, want 2", got)
	}
	if got := rec.Header().Get("RateLimit-Reset"); got != "3600" {
		t.Errorf("RateLimit-Reset = %q, want 3600", got)
	}
}

// TestBudgetRefusesExpensiveQuery checks that a query costing more than is
// left is refused before it runs.
func TestBudgetRefusesExpensiveQuery(t *testing.T) {
	t.Parallel()
	cfg := limits.Defaults()
	cfg.HourlyBudget = 2000
	cfg.Keys = func(context.Context) []string { return []string{"addr:192.0.2.9"} }
	srv := newServer(cfg)
	rec, resp := post(t, srv, `{ communities(first: 30) { edges { node { grids(first: 100) { totalCount } } } } }`, nil)
	refused(t, resp, apperr.RateLimited, "the query costs 3030 points and 2000 of the hourly budget of 2000 are left")
	if got := rec.Header().Get("Retry-After"); got != "3600" {
		t.Errorf("Retry-After = %q, want 3600", got)
	}
}

// TestBudgetWindow spends one key's budget to the end and past its window.
func TestBudgetWindow(t *testing.T) {
	t.Parallel()
	b := limits.NewBudget(10, time.Hour, 0)
	t0 := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	if left, reset, ok := b.Spend("k", 4, t0); !ok || left != 6 || !reset.Equal(t0.Add(time.Hour)) {
		t.Errorf("Spend = %d, %v, %v", left, reset, ok)
	}
	if left, _, ok := b.Spend("k", 6, t0.Add(59*time.Minute)); !ok || left != 0 {
		t.Errorf("Spend to the end = %d, %v", left, ok)
	}
	if left, reset, ok := b.Spend("k", 1, t0.Add(59*time.Minute)); ok || left != 0 || !reset.Equal(t0.Add(time.Hour)) {
		t.Errorf("Spend over = %d, %v, %v", left, reset, ok)
	}
	t1 := t0.Add(time.Hour)
	if left, reset, ok := b.Spend("k", 1, t1); !ok || left != 9 || !reset.Equal(t1.Add(time.Hour)) {
		t.Errorf("Spend in the next window = %d, %v, %v", left, reset, ok)
	}
}

// TestBudgetAllOrNothing checks that no key pays when one cannot.
func TestBudgetAllOrNothing(t *testing.T) {
	t.Parallel()
	b := limits.NewBudget(10, time.Hour, 0)
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	b.Spend("user:1", 9, now)
	if left, _, ok := b.SpendAll([]string{"user:1", "addr:a"}, 5, now); ok || left != 1 {
		t.Errorf("SpendAll = %d, %v, want refused with 1 left", left, ok)
	}
	if left, _, ok := b.Spend("addr:a", 10, now); !ok || left != 0 {
		t.Errorf("addr:a was charged: %d, %v", left, ok)
	}
	if left, _, ok := b.SpendAll([]string{"addr:b", "addr:b"}, 4, now); !ok || left != 6 {
		t.Errorf("duplicate keys: %d, %v, want 6 left", left, ok)
	}
}

// TestBudgetEviction checks that the keys tracked stay within bound: the
// oldest are forgotten beyond MaxKeys, and all once their hour is over.
func TestBudgetEviction(t *testing.T) {
	t.Parallel()
	b := limits.NewBudget(10, time.Hour, 3)
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 1; i <= 5; i++ {
		b.Spend(fmt.Sprintf("k%d", i), 10, now.Add(time.Duration(i)*time.Second))
		if n := b.Len(); n > 3 {
			t.Fatalf("Len = %d after %d keys, want at most 3", n, i)
		}
	}
	if n := b.Len(); n != 3 {
		t.Errorf("Len = %d, want 3", n)
	}
	// k1 and k2 were forgotten and start afresh; k5 is still spent.
	if _, _, ok := b.Spend("k1", 1, now.Add(time.Minute)); !ok {
		t.Error("k1 not forgotten")
	}
	if _, _, ok := b.Spend("k5", 1, now.Add(time.Minute)); ok {
		t.Error("k5 forgotten")
	}
	// An hour after all of them, only the key spending is tracked.
	b.Spend("k9", 1, now.Add(2*time.Hour))
	if n := b.Len(); n != 1 {
		t.Errorf("Len = %d after the hour, want 1", n)
	}

	big := limits.NewBudget(1, time.Hour, 1000)
	for i := 0; i < 5000; i++ {
		big.Spend(strconv.Itoa(i), 1, now)
	}
	if n := big.Len(); n != 1000 {
		t.Errorf("Len = %d, want 1000", n)
	}
}

// TestHeadersWithoutExtension checks that the middleware writes nothing of
// its own when no budget applies.
func TestHeadersWithoutExtension(t *testing.T) {
	t.Parallel()
	rec, resp := post(t, newServer(limits.Defaults()), `{ __typename }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	if got := rec.Header().Get("RateLimit-Remaining"); got != "" {
		t.Errorf("RateLimit-Remaining = %q without a budget", got)
	}
	if c := resp.Extensions.Cost; c == nil || c.Requested != 0 || c.Limit != 5000 {
		t.Errorf("extensions.cost = %+v", c)
	}
}
