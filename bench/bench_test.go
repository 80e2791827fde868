package main

import (
	"strings"
	"testing"
	"time"
)

// TestWutongCursor checks the harness's entgql cursor against one Wutong
// gave for the same issue (ID and reported_at).
func TestWutongCursor(t *testing.T) {
	at := time.Date(2026, 11, 28, 20, 2, 1, 0, time.UTC)
	got, err := wutongCursor("IS01M8HW05N8M6VZP8HN771ZQ9P8", at)
	if err != nil {
		t.Fatal(err)
	}
	const want = "gqFpvElTMDFNOEhXMDVOOE02VlpQOEhONzcxWlE5UDihdtb/awszOQ"
	if got != want {
		t.Errorf("cursor %s, want %s", got, want)
	}
}

// TestGraphQLErrors checks the load's error test on answers.
func TestGraphQLErrors(t *testing.T) {
	for body, want := range map[string]bool{
		`{"data":{"issues":{"edges":[]}}}`:                          false,
		`{"errors":[{"message":"log in first"}],"data":null}`:       true,
		`{"data":null,"errors": [{"message":"x"}]}`:                 true,
		`{"errors":null,"data":{}}`:                                 false,
		`{"errors":[],"data":{}}`:                                   false,
		`{"data":{"title":"\"errors\": in a title"}}`:               false,
		`{"data":{"allIssues":null},"errors":[{"message":"boom"}]}`: true,
	} {
		if got := graphqlErrors([]byte(body)); got != want {
			t.Errorf("%s: %v, want %v", body, got, want)
		}
	}
}

// TestCanonicalTimesAndNumbers checks that the servers' ways of writing
// times and numbers come out the same.
func TestCanonicalTimesAndNumbers(t *testing.T) {
	wutong := `{"data":{"issues":{"edges":[{"node":{"id":"IS1","title":"t","status":"CLOSED","reportedAt":"2025-05-08T02:20:00Z"}}],"pageInfo":{"hasNextPage":true}}}}`
	pg := `{"data":{"allIssues":{"edges":[{"node":{"rowId":"IS1","title":"t","status":"CLOSED","reportedAt":"2025-05-08T02:20:00.000000+00:00"}}],"pageInfo":{"hasNextPage":true}}}}`
	a, err := canonical([]byte(wutong), canonIssuesPage(true))
	if err != nil {
		t.Fatal(err)
	}
	b, err := canonical([]byte(pg), canonIssuesPage(false))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff("Wutong", a, "PostGraphile", b, 5); d != "" {
		t.Errorf("answers differ:\n%s", d)
	}
	if got := str(mustNumber(t, "150")); got != "150" {
		t.Errorf("number 150 written %q", got)
	}
	if _, err := canonical([]byte(`{"errors":[{"message":"no"}]}`), canonIssuesPage(true)); err == nil ||
		!strings.Contains(err.Error(), "no") {
		t.Errorf("errors not reported: %v", err)
	}
}

// mustNumber reads a JSON number.
func mustNumber(t *testing.T, s string) any {
	t.Helper()
	n, ok := num(s)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	return n
}
