package graph_test

import (
	"strings"
	"testing"

	"wutong/store"
	"wutong/store/storetest"
)

// TestClientMistakesAreBadInput sends the client mistakes an integrator
// makes and checks that each is BAD_USER_INPUT, never an internal error,
// on both databases.
func TestClientMistakesAreBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		for _, c := range []struct {
			name, query string
			vars        map[string]any
		}{
			{"a malformed cursor", `{ issues(first: 5, after: "garbage") { totalCount } }`, nil},
			{"first with last", `{ issues(first: 5, last: 5) { totalCount } }`, nil},
			{"a date where a time is asked", `{ issues(first: 5, where: {reportedAtGTE: "2025-01-01"}) { totalCount } }`, nil},
			{"a 60 KB pattern", `query($s: String!) { residents(first: 5, where: {nameContains: $s}) { totalCount } }`, map[string]any{"s": strings.Repeat("%_", 30000)}},
			{"a NUL byte in a title", `mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`,
				map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community, "reporterID": f.resident, "title": "漏\x00水", "kind": "HAZARD"}}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := a.on(t).do(c.query, c.vars)
				if len(r.Errors) == 0 {
					t.Fatalf("accepted: %s", r.Data)
				}
				if code := r.Errors[0].Extensions["code"]; code != "BAD_USER_INPUT" {
					t.Errorf("%v %q, want BAD_USER_INPUT", code, r.Errors[0].Message)
				}
			})
		}
	})
}
