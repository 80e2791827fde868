package graph_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"wutong/ent/issue"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// TestNestedConnectionOrder checks nested connections with first and last
// loaded for many parents in one statement: each parent's nodes come in the
// connection's order, and the node cut off to tell hasNextPage is the one
// past the page. The assignees are chosen so that an unordered many-to-many
// load goes wrong: the first issue's only assignee is the last user, so a
// loader that keeps each user's first row in the database's order (by
// issue, then user) would give the second issue that user first.
func TestNestedConnectionOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		community := gid.ID(f.community)
		roles := map[gid.ID]membership.Role{community: membership.RoleCOMMUNITY_STAFF}
		newUser(t, s, "nest.staff", "", "nest password", roles)
		var users []gid.ID
		for i := range 4 {
			users = append(users, newUser(t, s, fmt.Sprintf("nest.u%d", i), "", "nest password", roles))
		}
		slices.Sort(users)
		base := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
		comments := map[gid.ID][]string{} // by issue, in ID order
		create := func(n int, assignees ...gid.ID) gid.ID {
			is := s.Client.Issue.Create().SetCommunityID(community).SetGridID(gid.ID(f.grid)).
				SetTitle(fmt.Sprintf("嵌套 %d", n)).SetKind(issue.KindHAZARD).SetCategory(issue.CategoryFACILITIES).
				SetReportedAt(base.Add(time.Duration(n) * time.Minute)).AddAssigneeIDs(assignees...).SaveX(system)
			for j := range 4 {
				c := s.Client.IssueComment.Create().SetCommunityID(community).SetIssueID(is.ID).
					SetBody(fmt.Sprintf("%d-%d", n, j)).SaveX(system)
				comments[is.ID] = append(comments[is.ID], string(c.ID))
			}
			slices.Sort(comments[is.ID])
			return is.ID
		}
		create(1, users[3])
		second := create(2, users[2], users[0], users[3], users[1])

		type conn struct {
			Edges    []struct{ Node struct{ ID string } }
			PageInfo struct{ HasNextPage, HasPreviousPage bool }
		}
		var out struct {
			Issues struct {
				Edges []struct {
					Node struct {
						ID                  string
						Assignees, Comments conn
					}
				}
			}
		}
		staff := a.as(a.login("nest.staff", "nest password")).on(t)
		staff.must(`query($c: ID!) { issues(first: 10, where: {communityID: $c, titleHasPrefix: "嵌套"}, orderBy: {field: REPORTED_AT}) {
			edges { node { id
				assignees(first: 3) { edges { node { id } } pageInfo { hasNextPage } }
				comments(last: 2) { edges { node { id } } pageInfo { hasPreviousPage } } } } } }`,
			map[string]any{"c": community}, &out)
		if len(out.Issues.Edges) != 2 {
			t.Fatalf("%d issues, want 2", len(out.Issues.Edges))
		}
		got := out.Issues.Edges[1].Node
		if got.ID != string(second) {
			t.Fatalf("second issue %s, want %s", got.ID, second)
		}
		var ids []string
		for _, e := range got.Assignees.Edges {
			ids = append(ids, e.Node.ID)
		}
		if want := []string{string(users[0]), string(users[1]), string(users[2])}; !slices.Equal(ids, want) || !got.Assignees.PageInfo.HasNextPage {
			t.Errorf("assignees(first: 3) = %v (hasNextPage %v), want %v and a next page", ids, got.Assignees.PageInfo.HasNextPage, want)
		}
		ids = nil
		for _, e := range got.Comments.Edges {
			ids = append(ids, e.Node.ID)
		}
		if want := comments[second][2:]; !slices.Equal(ids, want) || !got.Comments.PageInfo.HasPreviousPage {
			t.Errorf("comments(last: 2) = %v (hasPreviousPage %v), want %v and a previous page", ids, got.Comments.PageInfo.HasPreviousPage, want)
		}
	})
}
