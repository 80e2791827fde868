package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"wutong/auth"
	"wutong/ent/issue"
	"wutong/graph"
	"wutong/store"
	"wutong/store/storetest"
)

// TestMalformedRequests checks that a body that is not a GraphQL request
// gets a client error that names no internals, and that nothing of the
// body reaches the server's log (it may hold personal data).
func TestMalformedRequests(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	var logs bytes.Buffer
	h := graph.NewHandler(s.Client, auth.NewService(s.Client), graph.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for name, body := range map[string]string{
		"NotJSON":       `{"query": "{ me { id } }", "variables": {"phone": "13812345678"`,
		"BatchArray":    `[{"query": "{ me { id } }"}, {"query": "{ me { id } }"}]`,
		"InvalidUTF8":   "{\"query\": \"{ me { id \xff\xfe } }\"}",
		"QueryNotAText": `{"query": 13812345678}`,
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code < 400 || rec.Code >= 500 {
				t.Errorf("status %d, want a client error: %s", rec.Code, rec.Body)
			}
			var out struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &out)
			if len(out.Errors) == 0 || strings.Contains(rec.Body.String(), "internal error") {
				t.Errorf("answer %s", rec.Body)
			}
		})
	}
	if strings.Contains(logs.String(), "13812345678") || strings.Contains(logs.String(), "panic") {
		t.Errorf("the log holds the body or a panic:\n%s", logs.String())
	}
}

// post sends a raw request to a handler and returns the recorder.
func send(h http.Handler, method, target, contentType string, body []byte, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestHTTPBounds checks the protections in front of the GraphQL work: body
// size, the parser's token limit, mutations by GET, the response media
// type, automatic persisted queries and production mode.
func TestHTTPBounds(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	h := graph.NewHandler(s.Client, auth.NewService(s.Client), graph.Options{})
	jsonBody := func(v any) []byte { b, _ := json.Marshal(v); return b }

	t.Run("TenMegabyteBody", func(t *testing.T) {
		big := jsonBody(map[string]any{"query": "query($s: String) { __typename }", "variables": map[string]any{"s": strings.Repeat("x", 10<<20)}})
		if rec := send(h, http.MethodPost, "/graphql", "application/json", big, nil); rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("a 10 MB body: %d %s", rec.Code, truncate(rec.Body.String()))
		}
	})
	t.Run("TooManyTokens", func(t *testing.T) {
		q := "{ " + strings.Repeat("__typename ", 20000) + "}"
		rec := send(h, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": q}), nil)
		if !strings.Contains(rec.Body.String(), "token limit") {
			t.Errorf("20,000 tokens: %d %s", rec.Code, truncate(rec.Body.String()))
		}
	})
	t.Run("MutationByGET", func(t *testing.T) {
		rec := send(h, http.MethodGet, "/graphql?query="+url.QueryEscape(`mutation { logout { ok } }`), "", nil, nil)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "POST" {
			t.Errorf("a mutation by GET: %d %v", rec.Code, rec.Header())
		}
		if rec := send(h, http.MethodGet, "/graphql?query="+url.QueryEscape(`{ __typename }`), "", nil, nil); rec.Code != 200 {
			t.Errorf("a query by GET: %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("GraphQLResponseMediaType", func(t *testing.T) {
		accept := map[string]string{"Accept": "application/graphql-response+json"}
		rec := send(h, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": "{ __typename"}), accept)
		if rec.Code != http.StatusBadRequest || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/graphql-response+json") {
			t.Errorf("a parse error asked as graphql-response+json: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		rec = send(h, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": "{ __typename"}), nil)
		if rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Errorf("a parse error for an older client: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
	})
	t.Run("PersistedQueries", func(t *testing.T) {
		q := "query Persisted { __typename }"
		sum := sha256.Sum256([]byte(q))
		ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		hashOnly := jsonBody(map[string]any{"extensions": ext})
		if rec := send(h, http.MethodPost, "/graphql", "application/json", hashOnly, nil); !strings.Contains(rec.Body.String(), "PersistedQueryNotFound") {
			t.Fatalf("an unknown hash: %s", rec.Body)
		}
		if rec := send(h, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": q, "extensions": ext}), nil); !strings.Contains(rec.Body.String(), `"__typename":"Query"`) {
			t.Fatalf("registering the query: %s", rec.Body)
		}
		if rec := send(h, http.MethodPost, "/graphql", "application/json", hashOnly, nil); !strings.Contains(rec.Body.String(), `"__typename":"Query"`) {
			t.Fatalf("the hash alone: %s", rec.Body)
		}
		wrong := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.Repeat("0", 64)}}
		if rec := send(h, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": q, "extensions": wrong}), nil); !strings.Contains(rec.Body.String(), "sha256Hash") || !strings.Contains(rec.Body.String(), "BAD_USER_INPUT") {
			t.Fatalf("a query with the wrong hash: %s", rec.Body)
		}
	})
	t.Run("Production", func(t *testing.T) {
		prod := graph.NewHandler(s.Client, auth.NewService(s.Client), graph.Options{Production: true})
		rec := send(prod, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": "{ __schema { types { name } } }"}), nil)
		if !strings.Contains(rec.Body.String(), "introspection is turned off") || !strings.Contains(rec.Body.String(), "FORBIDDEN") {
			t.Errorf("introspection in production: %s", truncate(rec.Body.String()))
		}
		rec = send(prod, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": "{ communitie(first: 1) { totalCount } }"}), nil)
		if strings.Contains(rec.Body.String(), "Did you mean") || !strings.Contains(rec.Body.String(), "GRAPHQL_VALIDATION_FAILED") {
			t.Errorf("a misspelt field in production: %s", rec.Body)
		}
		rec = send(h, http.MethodPost, "/graphql", "application/json", jsonBody(map[string]any{"query": "{ communitie(first: 1) { totalCount } }"}), nil)
		if !strings.Contains(rec.Body.String(), "Did you mean") {
			t.Errorf("a misspelt field in development: %s", rec.Body)
		}
	})
}

// truncate shortens a body for a message.
func truncate(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// TestUploadBounds sends photos over the limits through the HTTP endpoint:
// one photo over the per-file limit is refused with its field and nothing
// is written; a request over the total limit is cut off with 413 before
// it is read.
func TestUploadBounds(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	a := newAPI(t, s) // photos of at most 64 KiB
	f := newFixture(a)
	in := map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community, "title": "超大照片", "kind": "HAZARD"},
		"photos": []any{nil}}}
	big := append(pngPhoto(t, 8, 8), make([]byte, 64<<10)...)
	r := a.upload(reportWith, in, map[string][]byte{"variables.in.photos.0": big})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "photos.0" ||
		!strings.Contains(r.Errors[0].Message, "larger than") {
		t.Errorf("a photo over the limit: %+v", r.Errors)
	}
	if n := s.Client.Issue.Query().Where(issue.Title("超大照片")).CountX(system); n != 0 {
		t.Errorf("%d issues written", n)
	}

	// Nine photos at the limit and a megabyte of operations fit; ten
	// megabytes do not, and are refused from the Content-Length.
	body := bytes.Repeat([]byte("x"), 10<<20)
	rec := send(a.h, http.MethodPost, "/graphql", "multipart/form-data; boundary=b", body, map[string]string{"Authorization": "Bearer " + a.token})
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 10 MB multipart request: %d %s", rec.Code, truncate(rec.Body.String()))
	}
	// A chunked body without a length is cut off while reading.
	req := httptest.NewRequest(http.MethodPost, "/graphql", io.MultiReader(bytes.NewReader(body)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	req.Header.Set("Authorization", "Bearer "+a.token)
	rec = httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code < 400 || rec.Code == http.StatusInternalServerError {
		t.Errorf("a 10 MB chunked multipart request: %d %s", rec.Code, truncate(rec.Body.String()))
	}
}

// TestBodyCapsByKind checks that the photo cap applies to multipart
// uploads alone: on a server that takes photos, a JSON body over 1 MiB is
// refused with 413 before it is parsed, whether it gives its length or is
// sent in chunks, and so is a GET whose query is over 1 MiB.
func TestBodyCapsByKind(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	a := newAPI(t, s) // photos of at most 64 KiB: 9 of them and 1 MiB fit a multipart request
	big, _ := json.Marshal(map[string]any{"query": "query($s: String!) { __type(name: $s) { name } }", "variables": map[string]any{"s": strings.Repeat("x", 1<<20+1000)}})
	if rec := send(a.h, http.MethodPost, "/graphql", "application/json", big, nil); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a JSON body of 1 MiB and more: %d %s", rec.Code, truncate(rec.Body.String()))
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("the same body in chunks: %d %s", rec.Code, truncate(rec.Body.String()))
	}
	small, _ := json.Marshal(map[string]any{"query": "query($s: String!) { __type(name: $s) { name } }", "variables": map[string]any{"s": strings.Repeat("x", 1<<19)}})
	if rec := send(a.h, http.MethodPost, "/graphql", "application/json", small, nil); rec.Code != http.StatusOK {
		t.Errorf("a JSON body of half a MiB: %d %s", rec.Code, truncate(rec.Body.String()))
	}

	// Multipart: the photo cap only for a mutation that takes photos
	// (before, any multipart request had it, a query included).
	multipartOf := func(operations string, file int) (string, []byte) {
		var b bytes.Buffer
		m := multipart.NewWriter(&b)
		_ = m.WriteField("operations", operations)
		_ = m.WriteField("map", `{"0": ["variables.in.photos.0"]}`)
		w, _ := m.CreateFormFile("0", "photo.png")
		_, _ = w.Write(bytes.Repeat([]byte{0x89}, file))
		_ = m.Close()
		return m.FormDataContentType(), b.Bytes()
	}
	for _, c := range []struct {
		name, operations string
		tooLarge         bool
	}{
		{"a query", `{"query": "{ __typename }", "variables": {"in": {"photos": [null]}}}`, true},
		{"a mutation that takes no photos", `{"query": "mutation { logout { ok } }", "variables": {"in": {"photos": [null]}}}`, true},
		{"a mutation that takes photos", `{"query": "mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { comment { id } } }", "variables": {"in": {"issueID": "IS01", "body": "x", "photos": [null]}}}`, false},
	} {
		ct, body := multipartOf(c.operations, 1<<20+1000)
		for _, length := range []int64{int64(len(body)), -1} {
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.ContentLength = length
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Bearer "+a.token)
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, req)
			if (rec.Code == http.StatusRequestEntityTooLarge) != c.tooLarge {
				t.Errorf("multipart, %s, 1 MiB and more (length %d): %d %s", c.name, length, rec.Code, truncate(rec.Body.String()))
			}
		}
	}
}
