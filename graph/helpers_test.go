package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wutong/graph"
	"wutong/store"
)

// gqlError is one entry of a GraphQL response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// response is a GraphQL response.
type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// api drives the real GraphQL handler over HTTP.
type api struct {
	tb testing.TB
	h  http.Handler
}

// newAPI returns the GraphQL endpoint over the store.
func newAPI(tb testing.TB, s *store.Store) *api {
	return &api{tb: tb, h: graph.NewHandler(s.Client, graph.Options{})}
}

// on returns the same endpoint reporting to another (sub)test.
func (a *api) on(tb testing.TB) *api { return &api{tb: tb, h: a.h} }

// do posts a query with variables and returns the decoded response.
func (a *api) do(query string, vars map[string]any) response {
	a.tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		a.tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.tb.Fatalf("decoding %q: %v", rec.Body.String(), err)
	}
	return r
}

// must runs a query that must succeed and decodes its data into out.
func (a *api) must(query string, vars map[string]any, out any) {
	a.tb.Helper()
	r := a.do(query, vars)
	if len(r.Errors) > 0 {
		a.tb.Fatalf("query failed: %+v\nquery: %s", r.Errors, query)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			a.tb.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
}

// fails runs a query that must fail with the given code (and field, if not
// empty) and returns the error.
func (a *api) fails(query string, vars map[string]any, code, field string) gqlError {
	a.tb.Helper()
	r := a.do(query, vars)
	if len(r.Errors) == 0 {
		a.tb.Fatalf("query succeeded, want %s: %s", code, r.Data)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != code {
		a.tb.Fatalf("code = %v, want %s (message %q)", e.Extensions["code"], code, e.Message)
	}
	if field != "" && e.Extensions["field"] != field {
		a.tb.Fatalf("field = %v, want %s (message %q)", e.Extensions["field"], field, e.Message)
	}
	if strings.Contains(e.Message, "ent:") || strings.Contains(e.Message, "sql") {
		a.tb.Fatalf("message leaks internals: %q", e.Message)
	}
	return e
}
