package graph_test

import (
	"fmt"
	"testing"

	"wutong/ent/issue"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/lifecycle"
	"wutong/store"
	"wutong/store/storetest"
)

// TestNearbyIssues checks the patrol app's list of open issues near a
// place: the open issues of the kinds asked for within the radius, nearest
// first, with the fields the query asks for loaded in full; not a resolved
// one, one of another kind, or one outside the circle.
func TestNearbyIssues(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		community := gid.ID(f.community)
		newUser(t, s, "near.staff", "", "near password", map[gid.ID]membership.Role{community: membership.RoleCOMMUNITY_STAFF})
		staff := a.as(a.login("near.staff", "near password")).on(t)
		reporter := s.Client.Resident.Create().SetCommunityID(community).SetName("报告人").SaveX(system)
		// 0.001 degrees of latitude is about 111 m.
		add := func(title string, dLat float64, kind issue.Kind, status lifecycle.Status) {
			is := s.Client.Issue.Create().SetCommunityID(community).SetGridID(gid.ID(f.grid)).SetReporterID(reporter.ID).
				SetTitle(title).SetDescription("详情 " + title).SetKind(kind).SetCategory(issue.CategoryFACILITIES).
				SetLatitude(39.9 + dLat).SetLongitude(116.4).SaveX(system)
			if status != lifecycle.Reported {
				s.Client.Issue.UpdateOne(is).SetStatus(status).ExecX(system)
			}
		}
		add("远处", 0.010, issue.KindHAZARD, lifecycle.Reported)        // 1.1 km: outside
		add("三百米", 0.0027, issue.KindHAZARD, lifecycle.Acknowledged)  // 300 m
		add("已解决", 0.0001, issue.KindHAZARD, lifecycle.Resolved)      // dealt with
		add("一百米", -0.0009, issue.KindHAZARD, lifecycle.Reported)     // 100 m
		add("求助", 0.0002, issue.KindHELP_REQUEST, lifecycle.Reported) // another kind

		var out struct {
			NearbyIssues []struct {
				DistanceMeters int
				Issue          struct {
					Title, Description, Status string
					Reporter                   struct{ Name string }
				}
			}
		}
		staff.must(`{ nearbyIssues(latitude: 39.9, longitude: 116.4, radiusMeters: 500, kinds: [HAZARD]) {
			distanceMeters issue { title description status reporter { name } } } }`, nil, &out)
		got := fmt.Sprint(out.NearbyIssues)
		want := "[{100 {一百米 详情 一百米 REPORTED {报告人}}} {300 {三百米 详情 三百米 ACKNOWLEDGED {报告人}}}]"
		if got != want {
			t.Errorf("nearbyIssues = %s, want %s", got, want)
		}
		// Without the issue's fields, the distances alone.
		var bare struct {
			NearbyIssues []struct{ DistanceMeters int }
		}
		staff.must(`{ nearbyIssues(latitude: 39.9, longitude: 116.4, radiusMeters: 500) { distanceMeters } }`, nil, &bare)
		if got := fmt.Sprint(bare.NearbyIssues); got != "[{22} {100} {300}]" {
			t.Errorf("nearbyIssues of all kinds = %s, want [{22} {100} {300}]", got)
		}
	})
}
