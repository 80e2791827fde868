package graph_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"wutong/auth"
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
