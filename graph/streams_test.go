package graph_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"wutong/store"
	"wutong/store/storetest"
)

// sseEvents posts an operation asking for an event stream and returns the
// event names and data it sends, until the stream ends or limit events
// have come (a stream that does not end fails the test).
func sseEvents(t *testing.T, url, token, key, query string, vars map[string]any) (events []string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() {
		if name, ok := strings.CutPrefix(lines.Text(), "event: "); ok {
			events = append(events, name)
			if len(events) > 10 {
				t.Fatalf("the stream does not end: %v…", events)
			}
		}
	}
	return events
}

// TestStreamsEnd checks that a query or mutation sent over Server-Sent
// Events yields one result and then complete, through every extension
// that intercepts responses: the transaction of a mutation, the
// idempotency layer (first answer, replay, refusal of a bad key) and the
// access log of a query.
func TestStreamsEnd(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		srv := httptest.NewServer(a.h)
		defer srv.Close()
		comment := `mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id } } }`
		vars := map[string]any{"in": map[string]any{"issueID": f.issue, "body": "流"}}
		for _, c := range []struct {
			name, token, key, query string
			vars                    map[string]any
		}{
			{"query (access log)", a.token, "", `query($id: ID!) { node(id: $id) { ... on Resident { phone } } }`, map[string]any{"id": f.resident}},
			{"mutation (transaction)", a.token, "", comment, vars},
			{"mutation with a key", a.token, "stream-key-1", comment, vars},
			{"the same mutation replayed", a.token, "stream-key-1", comment, vars},
			{"a malformed key without a login", "", "bad key", comment, vars},
			{"a key reused for another mutation", a.token, "stream-key-1", comment, map[string]any{"in": map[string]any{"issueID": f.issue, "body": "别的"}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				got := sseEvents(t, srv.URL, c.token, c.key, c.query, c.vars)
				if strings.Join(got, ",") != "next,complete" {
					t.Errorf("events %v, want next, complete", got)
				}
			})
		}
	})
}

// TestEventStreamNegotiation checks that a POST gets an event stream only
// when its Accept header prefers one (by q-value, then order, RFC 9110), or
// when it is a subscription and accepts one: urql's default Accept, which
// lists JSON types first, gets JSON for a query and a mutation.
func TestEventStreamNegotiation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		urql := "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed"
		query := `{ __typename }`
		subscription := `subscription($c: ID!) { noticePublished(communityID: $c) { missed } }`
		for _, c := range []struct {
			accept, query string
			stream        bool
		}{
			{urql, query, false},
			{"text/event-stream", query, true},
			{"text/event-stream, application/json", query, true},
			{"application/json;q=0.5, text/event-stream", query, true},
			{"application/json, text/event-stream;q=0.9", query, false},
			{urql, subscription, true},
			{urql, `mutation { logout { loggedOut } }`, false}, // last: it ends the session
		} {
			body, _ := json.Marshal(map[string]any{"query": c.query, "variables": map[string]any{"c": f.community}})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", c.accept)
			req.Header.Set("Authorization", "Bearer "+a.token)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, req.WithContext(ctx))
			cancel()
			if got := strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream"); got != c.stream {
				t.Errorf("Accept %q, %s: %s (%d), want an event stream %v", c.accept, c.query, rec.Header().Get("Content-Type"), rec.Code, c.stream)
			}
		}
	})
}
