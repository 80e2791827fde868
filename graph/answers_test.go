package graph_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"

	"entgo.io/ent/dialect"

	"wutong/auth"
	"wutong/graph"
	"wutong/photos"
	"wutong/store"
	"wutong/store/storetest"
)

// TestGraphQLOverHTTPAnswers checks the status codes and forms of the
// GraphQL-over-HTTP spec for requests that cannot run, in both JSON media
// types and for multipart uploads (before: 422 for every one of them with
// application/json, "data": null with application/graphql-response+json,
// 422 for a request with no query, and multipart answered in
// application/json whatever the client accepted).
func TestGraphQLOverHTTPAnswers(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	pics, err := photos.New(t.TempDir(), 64<<10, 0)
	if err != nil {
		t.Fatal(err)
	}
	h := graph.NewHandler(s.Client, auth.NewService(s.Client), graph.Options{Photos: pics})
	post := func(v any) []byte { b, _ := json.Marshal(v); return b }
	bodies := map[string][]byte{
		"does not parse":         post(map[string]any{"query": "{ __typename"}),
		"does not validate":      post(map[string]any{"query": "{ noSuchField }"}),
		"variables of bad type":  post(map[string]any{"query": "query($n: Int!) { issues(first: $n) { totalCount } }", "variables": map[string]any{"n": "one"}}),
		"no query":               post(map[string]any{"qeury": "{ __typename }"}),
		"a body that is no JSON": []byte("{"),
	}
	for _, media := range []string{"application/json", "application/graphql-response+json"} {
		for name, body := range bodies {
			rec := send(h, http.MethodPost, "/graphql", "application/json", body, map[string]string{"Accept": media})
			want := http.StatusBadRequest
			if media == "application/json" && name != "no query" && name != "a body that is no JSON" {
				want = http.StatusOK
			}
			if rec.Code != want {
				t.Errorf("%s, %s: %d, want %d: %s", media, name, rec.Code, want, rec.Body)
			}
			checkRequestError(t, media+", "+name, media, rec.Header().Get("Content-Type"), rec.Body.Bytes())
		}
	}

	form := func(parts map[string]string) (string, []byte) {
		var b bytes.Buffer
		m := multipart.NewWriter(&b)
		for _, k := range []string{"operations", "map"} {
			if v, ok := parts[k]; ok {
				_ = m.WriteField(k, v)
			}
		}
		_ = m.Close()
		return m.FormDataContentType(), b.Bytes()
	}
	for _, media := range []string{"application/json", "application/graphql-response+json"} {
		ct, body := form(map[string]string{"operations": `{"query":"{ __typename }"}`, "map": `{}`})
		rec := send(h, http.MethodPost, "/graphql", ct, body, map[string]string{"Accept": media})
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != media {
			t.Errorf("multipart, %s: %d %s %s", media, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		for name, parts := range map[string]map[string]string{
			"no map":             {"operations": `{"query":"{ __typename }"}`},
			"operations not JSO": {"operations": `{`, "map": `{}`},
		} {
			ct, body := form(parts)
			rec := send(h, http.MethodPost, "/graphql", ct, body, map[string]string{"Accept": media})
			if rec.Code != http.StatusBadRequest {
				t.Errorf("multipart %s, %s: %d, want 400: %s", name, media, rec.Code, rec.Body)
			}
			checkRequestError(t, "multipart "+name, media, rec.Header().Get("Content-Type"), rec.Body.Bytes())
		}
	}
}

// checkRequestError checks the answer to a request that did not run: the
// media type asked for, errors that each have a code, and no data entry.
func checkRequestError(t *testing.T, what, media, contentType string, body []byte) {
	t.Helper()
	if contentType != media {
		t.Errorf("%s: answered in %q", what, contentType)
	}
	var answer map[string]json.RawMessage
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("%s: %v: %s", what, err, body)
	}
	if _, ok := answer["data"]; ok {
		t.Errorf("%s: a request that did not run has a data entry: %s", what, body)
	}
	var errs []gqlError
	if err := json.Unmarshal(answer["errors"], &errs); err != nil || len(errs) == 0 {
		t.Fatalf("%s: no errors: %s", what, body)
	}
	for _, e := range errs {
		if e.Extensions["code"] == nil {
			t.Errorf("%s: an error without a code: %s", what, body)
		}
	}
}
