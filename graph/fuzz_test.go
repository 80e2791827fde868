package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"entgo.io/ent/dialect"

	"wutong/auth"
	"wutong/graph"
	"wutong/store"
	"wutong/store/storetest"
)

// attacks are the seeds of the fuzz target: each kind of bad request the
// endpoint must answer quickly with a client error.
var attacks = []struct{ method, contentType, body string }{
	{"POST", "application/json", `{"query":"{ me { id } }"}`},
	{"POST", "application/json", `{"query":"{ node(id: \"IS01\") { ... on Issue { reporter { reportedIssues(first: 1) { edges { node { reporter { reportedIssues(first: 1) { edges { node { reporter { reportedIssues(first: 1) { edges { node { reporter { name } } } } } } } } } } } } } } } }"}`},
	{"POST", "application/json", `{"query":"{ a1: me { id } a2: me { id } a3: me { id } a4: me { id } a5: me { id } a6: me { id } a7: me { id } a8: me { id } a9: me { id } a10: me { id } a11: me { id } a12: me { id } a13: me { id } a14: me { id } a15: me { id } a16: me { id } a17: me { id } a18: me { id } a19: me { id } a20: me { id } a21: me { id } a22: me { id } a23: me { id } a24: me { id } a25: me { id } a26: me { id } a27: me { id } a28: me { id } a29: me { id } a30: me { id } a31: me { id } }"}`},
	{"POST", "application/json", `{"query":"query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"}`},
	{"POST", "application/json", `{"query":"{ residents(first: 1000000) { edges { node { id } } } }"}`},
	{"POST", "application/json", `{"query":"query($s: String!) { donationRoster(communityID: $s) { purpose } }","variables":{"s":"` + strings.Repeat("x", 100000) + `"}}`},
	{"POST", "application/json", `[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]`},
	{"POST", "application/json", "{\"query\":\"{ me { id \xff\xfe } }\"}"},
	{"POST", "text/plain", `{"query":"{ me { id } }"}`},
	{"POST", "application/x-www-form-urlencoded", `query=%7B+me+%7B+id+%7D+%7D`},
	{"GET", "", `mutation { logout { ok } }`},
	{"POST", "application/json", `{"query":"mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }","variables":{"in":{"issue":{"communityID":"CM01","title":"x","kind":"HAZARD","latitude":1e308,"longitude":-1e308}}}}`},
	{"POST", "application/json", `{"query":"{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }"}`},
}

// FuzzGraphQLHTTP sends arbitrary requests to the GraphQL endpoint: it must
// never fail with a server error or a panic, and answers JSON as JSON.
// CI runs it briefly (see .ci/run); run it longer with
// go test -run '^$' -fuzz FuzzGraphQLHTTP ./graph
func FuzzGraphQLHTTP(f *testing.F) {
	for _, a := range attacks {
		f.Add(a.method, a.contentType, []byte(a.body))
	}
	s := storetest.Open(f, dialect.SQLite, store.Options{})
	h := graph.NewHandler(s.Client, auth.NewService(s.Client), graph.Options{})
	f.Fuzz(func(t *testing.T, method, contentType string, body []byte) {
		if method != http.MethodGet {
			method = http.MethodPost
		}
		target := "/graphql"
		var reader *bytes.Reader
		if method == http.MethodGet {
			target += "?query=" + url.QueryEscape(string(body))
			reader = bytes.NewReader(nil)
		} else {
			reader = bytes.NewReader(body)
		}
		req := httptest.NewRequest(method, target, reader)
		if contentType != "" && utf8.ValidString(contentType) && !strings.ContainsAny(contentType, "\r\n") {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q %q: status %d: %s", method, contentType, body, rec.Code, rec.Body)
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("not JSON: %s", rec.Body)
		}
		if strings.Contains(rec.Body.String(), "INTERNAL_SERVER_ERROR") {
			t.Fatalf("%s %q %q: an internal error: %s", method, contentType, body, rec.Body)
		}
	})
}
