package graph_test

import (
	"strings"
	"testing"

	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// TestHiddenIsNotFound checks that every field taking the ID of a record
// gives a record the viewer may not read the same answer as one that does
// not exist: NOT_FOUND, never FORBIDDEN, so that no answer confirms that
// a community, grid or issue exists. A member who may read the record but
// not do the work gets FORBIDDEN.
func TestHiddenIsNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		newUser(t, s, "stranger", "", "hidden password", map[gid.ID]membership.Role{gid.ID(f.other): membership.RolePOLICE_OFFICER})
		stranger := a.as(a.login("stranger", "hidden password"))
		newUser(t, s, "member", "", "hidden password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		member := a.as(a.login("member", "hidden password"))
		missing := map[string]string{"Community": string(gid.New("Community")), "Grid": string(gid.New("Grid")), "Issue": string(gid.New("Issue"))}
		for _, q := range []struct {
			name, query, kind, id string
			member                string // the answer to a member of the community
		}{
			{"communityStats", `query($id: ID!) { communityStats(communityID: $id, from: "2026-01-01", to: "2026-12-31") { __typename } }`, "Community", f.community, "FORBIDDEN"},
			{"gridStats", `query($id: ID!) { gridStats(gridID: $id, from: "2026-01-01", to: "2026-12-31") { __typename } }`, "Grid", f.grid, "FORBIDDEN"},
			{"donationRoster", `query($id: ID!) { donationRoster(communityID: $id) { purpose } }`, "Community", f.community, ""},
			{"node", `query($id: ID!) { node(id: $id) { id } }`, "Issue", f.issue, "NOT_FOUND"},
		} {
			t.Run(q.name, func(t *testing.T) {
				hidden := stranger.on(t).fails(q.query, map[string]any{"id": q.id}, "NOT_FOUND", "")
				gone := stranger.on(t).fails(q.query, map[string]any{"id": missing[q.kind]}, "NOT_FOUND", "")
				if strings.ReplaceAll(hidden.Message, q.id, "ID") != strings.ReplaceAll(gone.Message, missing[q.kind], "ID") {
					t.Errorf("hidden: %q; missing: %q", hidden.Message, gone.Message)
				}
				if q.member != "" {
					member.on(t).fails(q.query, map[string]any{"id": q.id}, q.member, "")
				}
			})
		}
	})
}
