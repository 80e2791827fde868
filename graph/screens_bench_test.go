package graph_test

import (
	"fmt"
	"testing"

	"wutong/auth"
	"wutong/bench/screens"
	"wutong/ent/issue"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/graph"
	"wutong/limits"
	"wutong/store"
	"wutong/store/storetest"
)

// BenchmarkScreens runs the benchmark's screens in process, through the
// GraphQL handler as a logged-in staff member, on each database: the Go
// side of a request (go test -bench Screens -cpuprofile cpu.out ./graph/).
// The figures of record come from the harness in bench/, which loads the
// real server on the city-scale data.
func BenchmarkScreens(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) { benchmarkScreens(b, storetest.Open(b, d, store.Options{})) })
	}
}

// benchmarkScreens runs the screens on one store.
func benchmarkScreens(b *testing.B, s *store.Store) {
	a := newAPI(b, s)
	// No hourly budget: one user spends it in seconds here.
	l := limits.Defaults()
	l.HourlyBudget = 0
	svc := auth.NewService(s.Client)
	a.svc = svc
	a.h = svc.Middleware(graph.NewHandler(s.Client, svc, graph.Options{Dialect: s.Dialect, Limits: &l}), false)
	f := newFixture(a)
	community := gid.ID(f.community)
	staffID := newUser(b, s, "bs.staff", "", "bs password", map[gid.ID]membership.Role{community: membership.RoleCOMMUNITY_STAFF})
	staff := a.as(a.login("bs.staff", "bs password")).on(b)
	for i := range 60 {
		r := s.Client.Resident.Create().SetCommunityID(community).SetCompoundID(gid.ID(f.compound)).
			SetName(fmt.Sprintf("张%02d", i)).SetPhone(fmt.Sprintf("138%08d", i)).
			SetBuilding("3").SetUnit("2").SetRoom("1201").SaveX(system)
		is := s.Client.Issue.Create().SetCommunityID(community).SetGridID(gid.ID(f.grid)).SetCompoundID(gid.ID(f.compound)).
			SetReporterID(r.ID).SetTitle(fmt.Sprintf("隐患 %d", i)).SetKind(issue.KindHAZARD).SetCategory(issue.CategoryFACILITIES).
			AddAssigneeIDs(staffID).SaveX(system)
		for j := range 4 {
			s.Client.IssueComment.Create().SetCommunityID(community).SetIssueID(is.ID).SetBody(fmt.Sprintf("进展 %d", j)).ExecX(system)
		}
	}
	for _, sc := range []struct {
		name  string
		query string
		vars  map[string]any
	}{
		{"Dashboard", screens.Dashboard, map[string]any{"community": community, "first": 50}},
		{"Residents", screens.Residents, map[string]any{"compound": f.compound, "prefix": "张", "first": 50}},
	} {
		b.Run(sc.name, func(b *testing.B) {
			as := staff.on(b)
			b.ReportAllocs()
			for b.Loop() {
				as.must(sc.query, sc.vars, nil)
			}
		})
	}
}
