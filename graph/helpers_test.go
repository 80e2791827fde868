package graph_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"wutong/auth"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/graph"
	"wutong/photos"
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

// decode fails the test on errors and decodes the data into out.
func (r response) decode(tb testing.TB, out any) {
	tb.Helper()
	if len(r.Errors) > 0 {
		tb.Fatalf("errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		tb.Fatalf("decoding %s: %v", r.Data, err)
	}
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
	pics, err := photos.New(tb.TempDir(), 64<<10, 0)
	if err != nil {
		tb.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", svc.Middleware(graph.NewHandler(s.Client, svc, graph.Options{Photos: pics, Dialect: s.Dialect}), false))
	mux.Handle("GET /photos/{id}", svc.ReadMiddleware(graph.ServePhoto(s.Client, pics), false))
	a := &api{tb: tb, svc: svc, h: mux}
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

// reportID reports an issue through reportIssue and returns its ID.
func (a *api) reportID(in map[string]any) string {
	a.tb.Helper()
	var out struct {
		ReportIssue struct{ Issue struct{ ID string } }
	}
	a.must(`mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"issue": in}}, &out)
	return out.ReportIssue.Issue.ID
}

// stepMutations are the lifecycle mutations that lead to each status.
var stepMutations = map[string]string{
	"ACKNOWLEDGED": "acknowledgeIssue", "IN_PROGRESS": "startIssue", "RESOLVED": "resolveIssue",
	"CLOSED": "closeIssue", "REOPENED": "reopenIssue",
}

// setStatus walks an issue through the given statuses with the lifecycle mutations.
func setStatus(a *api, issue string, statuses ...string) {
	a.tb.Helper()
	for _, s := range statuses {
		a.must(`mutation($in: IssueStepInput!) { r: `+stepMutations[s]+`(input: $in) { issue { id } } }`,
			map[string]any{"in": map[string]any{"id": issue}}, nil)
	}
}

// upload posts a GraphQL multipart request (the graphql-multipart-request
// spec): files are put at the given variable paths, such as
// "variables.in.photos.0".
func (a *api) upload(query string, vars map[string]any, files map[string][]byte) response {
	a.tb.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	_ = w.WriteField("operations", string(ops))
	paths := map[string][]string{}
	var names []string
	for path := range files {
		names = append(names, path)
	}
	sort.Strings(names)
	for i, path := range names {
		paths[strconv.Itoa(i)] = []string{path}
	}
	m, _ := json.Marshal(paths)
	_ = w.WriteField("map", string(m))
	for i, path := range names {
		part, err := w.CreateFormFile(strconv.Itoa(i), "photo"+strconv.Itoa(i))
		if err != nil {
			a.tb.Fatal(err)
		}
		_, _ = part.Write(files[path])
	}
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, "/graphql", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.tb.Fatalf("decoding %d %q: %v", rec.Code, rec.Body.String(), err)
	}
	return r
}

// get fetches a path (such as a photo) as the caller and returns the status, content type and body.
func (a *api) get(path string) (int, string, []byte) {
	a.tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes()
}

// pngPhoto is a small PNG image of one colour.
func pngPhoto(tb testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i % 251)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// openCase takes a dispute to mediation through openMediation, with the
// given mediators and the applicant and respondent, and returns the case.
func (a *api) openCase(issue string, mediators []string, applicant, respondent string) string {
	a.tb.Helper()
	var out struct {
		OpenMediation struct{ MediationCase struct{ ID string } }
	}
	a.must(`mutation($in: OpenMediationInput!) { openMediation(input: $in) { mediationCase { id } } }`, map[string]any{"in": map[string]any{
		"issueID": issue, "mediatorIDs": mediators,
		"parties": []map[string]any{{"residentID": applicant, "role": "APPLICANT"}, {"residentID": respondent, "role": "RESPONDENT"}}}}, &out)
	return out.OpenMediation.MediationCase.ID
}

// mediatorOf creates a police officer of a community to mediate in tests.
func mediatorOf(tb testing.TB, s *store.Store, community, username string) string {
	return string(newUser(tb, s, username, "", "mediator password", map[gid.ID]membership.Role{gid.ID(community): membership.RolePOLICE_OFFICER}))
}
