package graph_test

import (
	"testing"

	"entgo.io/ent/dialect"

	"wutong/store"
	"wutong/store/storetest"
)

// variableQueries take every kind of value a client sends in variables:
// cursors, counts, times, patterns, IDs and free text.
var variableQueries = []string{
	`query($c: Cursor, $n: Int, $t: Time, $s: String) { issues(first: $n, after: $c, where: {reportedAtGTE: $t, titleContains: $s}) { totalCount edges { cursor } } }`,
	`query($c: Cursor, $n: Int, $s: String) { residents(last: $n, before: $c, where: {nameContains: $s}) { totalCount } }`,
	`query($id: ID!, $s: String) { nodes(ids: [$id, $s]) { id } node(id: $id) { id } }`,
	`mutation($id: ID!, $s: String!) { addIssueComment(input: {issueID: $id, body: $s}) { comment { id } } }`,
}

// FuzzVariables sends arbitrary cursors, counts, times, texts and IDs as
// variables, logged in: every answer is a client error or data, never an
// internal error, and every error has a code. CI runs it briefly (see
// .ci/run); run it longer with
// go test -run '^$' -fuzz FuzzVariables ./graph
func FuzzVariables(f *testing.F) {
	a := newAPI(f, storetest.Open(f, dialect.SQLite, store.Options{}))
	fx := newFixture(a)
	f.Add(uint8(0), "garbage", 5, "2025-01-01", "%_", fx.issue)
	f.Add(uint8(1), "", -1, "2026-01-02T10:30:00+08:00", "\x00", "CM01")
	f.Add(uint8(2), "eyJpZCI6IklTMDEifQ==", 1000, "9999-99-99T99:99:99Z", "漏水", fx.community)
	f.Add(uint8(3), "gqFpoklT", 0, "0000-01-01T00:00:00Z", "\xff\xfe", fx.issue)
	f.Fuzz(func(t *testing.T, which uint8, cursor string, n int, at, text, id string) {
		vars := map[string]any{"n": n, "t": at, "s": text, "id": id}
		if cursor != "" {
			vars["c"] = cursor
		}
		r := a.on(t).do(variableQueries[int(which)%len(variableQueries)], vars)
		for _, e := range r.Errors {
			switch code := e.Extensions["code"]; code {
			case nil:
				t.Fatalf("an error without a code: %+v", e)
			case "INTERNAL_SERVER_ERROR", "UNAVAILABLE":
				t.Fatalf("%v for %v: %+v", code, vars, e)
			}
		}
	})
}
