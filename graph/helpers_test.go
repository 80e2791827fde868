package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wutong/auth"
	"wutong/ent/membership"
	"wutong/gid"
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

// api drives the real GraphQL handler, behind the real authentication
// middleware, over HTTP.
type api struct {
	tb     testing.TB
	h      http.Handler
	svc    *auth.Service
	token  string
	header http.Header
	remote string
}

// newAPI returns the GraphQL endpoint over the store, logged in as an
// administrator of the deployment so that tests about other things may do
// anything; as("") is nobody, as(token) someone else.
func newAPI(tb testing.TB, s *store.Store) *api {
	tb.Helper()
	svc := auth.NewService(s.Client)
	a := &api{tb: tb, svc: svc, h: svc.Middleware(graph.NewHandler(s.Client, svc, graph.Options{}), false)}
	ops := s.Client.Community.Create().SetName("运维").SetCode("ops").SaveX(system)
	newUser(tb, s, "root", "", "root password", map[gid.ID]membership.Role{ops.ID: membership.RoleADMIN})
	a.token = a.login("root", "root password")
	return a
}

// on returns the same endpoint and login reporting to another (sub)test.
func (a *api) on(tb testing.TB) *api { c := *a; c.tb = tb; return &c }

// from returns the same endpoint seen as coming from another address.
func (a *api) from(addr string) *api { c := *a; c.remote = addr + ":4321"; return &c }

// as returns the same endpoint sending the given bearer token.
func (a *api) as(token string) *api { c := *a; c.token = token; return &c }

// do posts a query with variables and returns the decoded response.
func (a *api) do(query string, vars map[string]any) response {
	a.tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		a.tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	for k, v := range a.header {
		req.Header[k] = v
	}
	if a.remote != "" {
		req.RemoteAddr = a.remote
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.tb.Fatalf("decoding %q: %v", rec.Body.String(), err)
	}
	return r
}

// raw posts a query and returns the status code and body.
func (a *api) raw(query string) (int, string) {
	a.tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
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
