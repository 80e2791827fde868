package graph_test

import (
	"strings"
	"testing"

	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// statsQuery reads a few figures of a community or grid.
const statsQuery = `query($c: ID!, $g: ID!, $from: Date!, $to: Date!) {
	c: communityStats(communityID: $c, from: $from, to: $to) {
		timeZone from to issues { value previous changePercent } disputes { value previous changePercent }
		mediations { value } mediationResolutionPercent { value } medianMinutesToAcknowledge { value }
		patrolHours { value } eventsSecured { value } grid { id }
		issuesByKind { kind count { value } } issuesByStatus { status count { value } } }
	g: gridStats(gridID: $g, from: $from, to: $to) { issues { value } grid { id } patrolHours { value } eventsSecured { value } } }`

// TestStatsThroughTheAPI checks the plumbing of the statistics through
// GraphQL (the figures themselves are tested in package stats): the
// previous year, the change, nulls where nothing is measured, grids, who
// may see them and bad periods.
func TestStatsThroughTheAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		// The fixture's dispute, and two more this year and one last year.
		for _, at := range []string{"2026-03-01T10:00:00+08:00", "2026-04-01T10:00:00+08:00", "2025-03-01T10:00:00+08:00"} {
			a.reportID(map[string]any{"communityID": f.community, "gridID": f.grid, "title": "纠纷", "kind": "DISPUTE", "reportedAt": at})
		}
		a.reportID(map[string]any{"communityID": f.other, "title": "别处", "kind": "DISPUTE", "reportedAt": "2026-03-01T10:00:00+08:00"})
		vars := map[string]any{"c": f.community, "g": f.grid, "from": "2026-01-01", "to": "2026-12-31"}
		var out struct {
			C struct {
				TimeZone, From, To string
				Issues, Disputes   struct{ Value, Previous, ChangePercent *float64 }
				Mediations         struct{ Value *float64 }
				Resolution         struct{ Value *float64 } `json:"mediationResolutionPercent"`
				Acknowledge        struct{ Value *float64 } `json:"medianMinutesToAcknowledge"`
				PatrolHours        *struct{ Value *float64 }
				Grid               *struct{ ID string }
				IssuesByKind       []struct {
					Kind  string
					Count struct{ Value float64 }
				}
				IssuesByStatus []struct{ Status string }
			}
			G struct {
				Issues      struct{ Value float64 }
				Grid        struct{ ID string }
				PatrolHours *struct{ Value *float64 }
			}
		}
		a.must(statsQuery, vars, &out)
		c := out.C
		// Three disputes reported in 2026 (the fixture's today, and two), one in 2025: +200%.
		if *c.Disputes.Value != 3 || *c.Disputes.Previous != 1 || *c.Disputes.ChangePercent != 200 {
			t.Errorf("disputes = %v / %v / %v, want 3 / 1 / 200", *c.Disputes.Value, *c.Disputes.Previous, *c.Disputes.ChangePercent)
		}
		if c.TimeZone != "Asia/Shanghai" || c.From != "2026-01-01" || c.To != "2026-12-31" || c.Grid != nil {
			t.Errorf("period = %+v", c)
		}
		if c.Mediations.Value == nil || *c.Mediations.Value != 0 || c.Resolution.Value != nil || c.Acknowledge.Value != nil {
			t.Errorf("nothing measured should be 0 or null: %+v %+v %+v", c.Mediations, c.Resolution, c.Acknowledge)
		}
		if c.PatrolHours == nil || len(c.IssuesByKind) != 6 || len(c.IssuesByStatus) != 8 {
			t.Errorf("community figures: %+v", c)
		}
		// All three disputes of 2026 are in the fixture's grid.
		if out.G.Issues.Value != 3 || out.G.Grid.ID != f.grid || out.G.PatrolHours != nil {
			t.Errorf("grid figures = %+v", out.G)
		}

		t.Run("BadPeriods", func(t *testing.T) {
			a := a.on(t)
			q := `query($c: ID!, $from: Date!, $to: Date!) { communityStats(communityID: $c, from: $from, to: $to) { issues { value } } }`
			a.fails(q, map[string]any{"c": f.community, "from": "2026-12-31", "to": "2026-01-01"}, "BAD_USER_INPUT", "to")
			a.fails(q, map[string]any{"c": f.community, "from": "2010-01-01", "to": "2026-01-01"}, "BAD_USER_INPUT", "to")
			a.fails(q, map[string]any{"c": f.community, "from": "2026-02-30", "to": "2026-03-01"}, "BAD_USER_INPUT", "from")
		})

		t.Run("WhoMaySee", func(t *testing.T) {
			q := `query($c: ID!) { communityStats(communityID: $c, from: "2026-01-01", to: "2026-12-31") { issues { value } } }`
			for role, code := range map[membership.Role]string{membership.RoleRESIDENT: "FORBIDDEN", membership.RolePATROL_VOLUNTEER: "FORBIDDEN", membership.RolePOLICE_OFFICER: ""} {
				name := "stats." + strings.ToLower(string(role))
				newUser(t, s, name, "", "stats password", map[gid.ID]membership.Role{gid.ID(f.community): role})
				who := a.as(a.login(name, "stats password")).on(t)
				if code == "" {
					who.must(q, map[string]any{"c": f.community}, nil)
					// A community one holds no role in is hidden, as if missing.
					who.fails(q, map[string]any{"c": f.other}, "NOT_FOUND", "")
				} else {
					who.fails(q, map[string]any{"c": f.community}, code, "")
				}
			}
			a.as("").on(t).fails(q, map[string]any{"c": f.community}, "UNAUTHENTICATED", "")
		})
	})
}
