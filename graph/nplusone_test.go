package graph_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wutong/bench/screens"
	"wutong/ent/dispatch"
	"wutong/ent/issue"
	"wutong/ent/mediationparty"
	"wutong/ent/membership"
	"wutong/ent/patrolmember"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// statements counts the SQL statements a store runs while counting is on.
type statements struct {
	on atomic.Bool
	n  atomic.Int64
	mu sync.Mutex
	// seen keeps the statements of the last count, for messages.
	seen []string
}

func (c *statements) record(q string) {
	if !c.on.Load() {
		return
	}
	c.n.Add(1)
	c.mu.Lock()
	c.seen = append(c.seen, q)
	c.mu.Unlock()
}

// during counts the statements fn runs.
func (c *statements) during(fn func()) (int64, string) {
	c.mu.Lock()
	c.seen = nil
	c.mu.Unlock()
	c.n.Store(0)
	c.on.Store(true)
	fn()
	c.on.Store(false)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n.Load(), strings.Join(c.seen, "\n")
}

// TestNoNPlusOne runs each screen of the performance benchmark with a
// small and a large page, as the user of that screen with the privacy rules
// on, and fails if the number of SQL statements grows with the page size.
func TestNoNPlusOne(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			count := &statements{}
			s := storetest.Open(t, d, store.Options{OnQuery: count.record})
			a := newAPI(t, s)
			f := newFixture(a)
			community := gid.ID(f.community)
			staffID := newUser(t, s, "np1.staff", "", "np1 password", map[gid.ID]membership.Role{community: membership.RoleCOMMUNITY_STAFF})
			patrolID := newUser(t, s, "np1.patrol", "", "np1 password", map[gid.ID]membership.Role{community: membership.RolePATROL_VOLUNTEER})
			staff := a.as(a.login("np1.staff", "np1 password")).on(t)
			patrol := a.as(a.login("np1.patrol", "np1 password")).on(t)

			// 30 open hazards around one point, each with a reporter, two
			// assignees, five comments and a dispatch to the patrol member.
			team := s.Client.PatrolTeam.Create().SetCommunityID(community).SetName("巡逻队").SaveX(system)
			member := s.Client.PatrolMember.Create().SetCommunityID(community).SetTeamID(team.ID).SetUserID(patrolID).
				SetName("巡逻员").SetAffiliation(patrolmember.AffiliationRESIDENT).SetOnDuty(true).SaveX(system)
			var issues []gid.ID
			for i := range 30 {
				r := s.Client.Resident.Create().SetCommunityID(community).SetCompoundID(gid.ID(f.compound)).
					SetName(fmt.Sprintf("张%02d", i)).SetPhone(fmt.Sprintf("138%08d", i)).SaveX(system)
				is := s.Client.Issue.Create().SetCommunityID(community).SetGridID(gid.ID(f.grid)).SetCompoundID(gid.ID(f.compound)).
					SetReporterID(r.ID).SetTitle(fmt.Sprintf("隐患 %d", i)).SetKind(issue.KindHAZARD).SetCategory(issue.CategoryFACILITIES).
					SetLatitude(39.915+float64(i)/10000).SetLongitude(116.404).AddAssigneeIDs(staffID, patrolID).SaveX(system)
				for j := range 5 {
					s.Client.IssueComment.Create().SetCommunityID(community).SetIssueID(is.ID).SetBody(fmt.Sprintf("进展 %d", j)).ExecX(system)
				}
				s.Client.Dispatch.Create().SetCommunityID(community).SetIssueID(is.ID).SetMemberID(member.ID).
					SetStatus(dispatch.StatusSENT).SetSentAt(time.Now()).ExecX(system)
				issues = append(issues, is.ID)
			}
			// One issue with a long timeline and a mediation with many
			// parties and sessions.
			full := issues[0]
			mc := s.Client.MediationCase.Create().SetCommunityID(community).SetIssueID(full).SetTitle("调解").SetOpenedAt(time.Now()).SaveX(system)
			for i := range 25 {
				s.Client.IssueEvent.Create().SetCommunityID(community).SetIssueID(full).SetKind("COMMENTED").SetOccurredAt(time.Now()).ExecX(system)
				r := s.Client.Resident.Create().SetCommunityID(community).SetName(fmt.Sprintf("当事人%d", i)).SaveX(system)
				s.Client.MediationParty.Create().SetCommunityID(community).SetCaseID(mc.ID).SetResidentID(r.ID).SetRole(mediationparty.RoleAPPLICANT).ExecX(system)
				s.Client.MediationSession.Create().SetCommunityID(community).SetCaseID(mc.ID).SetStartedAt(time.Now()).SetDurationMinutes(30).ExecX(system)
			}

			// The statistics screen costs one statement for the community
			// and one per group of figures it selects, for both periods
			// together; every figure costs one more, for the medians.
			t.Run("Statistics", func(t *testing.T) {
				vars := map[string]any{"community": community, "from": "2025-01-01", "to": "2025-12-31"}
				staff.must(screens.Stats, vars, nil)
				n, sql := count.during(func() { staff.must(screens.Stats, vars, nil) })
				if n > 3 {
					t.Errorf("%d statements for the statistics screen, want at most 3:\n%s", n, sql)
				}
				all := `query($c: ID!) { communityStats(communityID: $c, from: "2025-01-01", to: "2025-12-31") {
					issues { value } medianMinutesToResolve { value } mediations { value } stewardServiceHours { value } patrolHours { value } } }`
				n, sql = count.during(func() { staff.must(all, map[string]any{"c": community}, nil) })
				if n > 4 {
					t.Errorf("%d statements for every figure, want at most 4:\n%s", n, sql)
				}
			})

			// Pages without totalCount are not counted, yet their pageInfo
			// is right: 31 issues in pages of 20.
			t.Run("PageInfoWithoutCount", func(t *testing.T) {
				type page struct {
					Issues struct {
						Edges    []struct{ Node struct{ ID string } }
						PageInfo struct {
							HasNextPage bool
							EndCursor   *string
						}
					}
				}
				var first, second page
				staff.on(t).must(screens.IssuesPage, map[string]any{"community": community, "first": 20}, &first)
				staff.on(t).must(screens.IssuesPage, map[string]any{"community": community, "first": 20, "after": first.Issues.PageInfo.EndCursor}, &second)
				if len(first.Issues.Edges) != 20 || !first.Issues.PageInfo.HasNextPage || first.Issues.PageInfo.EndCursor == nil ||
					len(second.Issues.Edges) != 11 || second.Issues.PageInfo.HasNextPage || second.Issues.Edges[0].Node.ID == first.Issues.Edges[0].Node.ID {
					t.Errorf("pages of 20 of 31 issues: %+v then %+v", first.Issues.PageInfo, second.Issues.PageInfo)
				}
			})

			// Staff see the phones of the reporters on their dashboard in
			// full, though the reporters are loaded as the issues' edges.
			t.Run("ReporterPhonesForStaff", func(t *testing.T) {
				var out map[string]any
				staff.on(t).must(screens.Dashboard, map[string]any{"community": community, "first": 5}, &out)
				if got := mustJSON(out); strings.Contains(got, "****") || !strings.Contains(got, `"phone":"138000000`) {
					t.Errorf("reporters' phones on the staff dashboard: %.400s", got)
				}
			})

			type screen struct {
				name  string
				as    *api
				query string
				vars  func(first int) map[string]any
			}
			for _, sc := range []screen{
				{"Dashboard", staff, screens.Dashboard, func(n int) map[string]any { return map[string]any{"community": community, "first": n} }},
				{"IssueInFull", staff, screens.IssueInFull, func(n int) map[string]any { return map[string]any{"issue": full, "first": n} }},
				{"Residents", staff, screens.Residents, func(n int) map[string]any {
					return map[string]any{"compound": f.compound, "prefix": "张", "first": n}
				}},
				{"Patrol", patrol, screens.Patrol, func(n int) map[string]any {
					return map[string]any{"latitude": 39.915, "longitude": 116.404, "first": n}
				}},
				{"IssuesPage", staff, screens.IssuesPage, func(n int) map[string]any { return map[string]any{"community": community, "first": n} }},
			} {
				t.Run(sc.name, func(t *testing.T) {
					as := sc.as.on(t)
					var small, large int64
					var smallSQL, largeSQL string
					as.must(sc.query, sc.vars(2), nil) // the login is read once, then remembered
					small, smallSQL = count.during(func() { as.must(sc.query, sc.vars(2), nil) })
					large, largeSQL = count.during(func() {
						var out map[string]any
						as.must(sc.query, sc.vars(20), &out)
						if got := mustJSON(out); strings.Count(got, `"id"`) < 20 {
							t.Errorf("the large page holds too little to tell: %.300s", got)
						}
					})
					if large != small {
						t.Errorf("%d statements for pages of 2, %d for pages of 20\n-- 2:\n%s\n-- 20:\n%s", small, large, smallSQL, largeSQL)
					}
					t.Logf("%s: %d statements", sc.name, large)
				})
			}
		})
	}
}
