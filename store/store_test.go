package store_test

import (
	"context"
	"testing"

	"wutong/authz"

	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/ent/issueevent"
	"wutong/store"
	"wutong/store/storetest"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	t.Run("RejectsUnknownScheme", func(t *testing.T) {
		_, err := store.Open(context.Background(), "mysql://root@localhost/x", store.Options{})
		if err == nil {
			t.Fatal("want an error for a mysql URL")
		}
	})
	t.Run("ReportsUnreachablePostgres", func(t *testing.T) {
		_, err := store.Open(context.Background(), "postgres://nobody:secret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", store.Options{})
		if err == nil {
			t.Fatal("want an error for an unreachable server")
		}
		if got := err.Error(); contains(got, "secret") {
			t.Fatalf("error leaks the password: %s", got)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestWritesGoThroughTheRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := authz.System(context.Background())
		c := s.Client
		com := c.Community.Create().SetName("东华门社区").SetCode("dhm").SaveX(ctx)
		other := c.Community.Create().SetName("Other").SetCode("other").SaveX(ctx)
		g := c.Grid.Create().SetCommunityID(com.ID).SetName("第一网格").SetCode("g1").SetKind(grid.KindRESIDENTIAL).SaveX(ctx)
		cp := c.Compound.Create().SetCommunityID(com.ID).SetGridID(g.ID).SetName("银杏里").SetManagement(compound.ManagementUNMANAGED).SaveX(ctx)
		if _, err := c.Compound.Create().SetCommunityID(other.ID).SetGridID(g.ID).SetName("x").SetManagement(compound.ManagementUNMANAGED).Save(ctx); err == nil {
			t.Fatal("a compound of another community's grid was accepted")
		}
		is := c.Issue.Create().SetCommunityID(com.ID).SetGridID(g.ID).SetCompoundID(cp.ID).SetTitle("漏水").SetKind("DISPUTE").SaveX(ctx)
		n := c.IssueEvent.Query().Where(issueevent.IssueID(is.ID)).CountX(ctx)
		if n != 1 {
			t.Fatalf("events after report = %d, want 1", n)
		}
	})
}
