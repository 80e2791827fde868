package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"wutong/demo"
	"wutong/ent"
	"wutong/ent/community"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/issueevent"
	"wutong/ent/meetingpoint"
	"wutong/ent/membership"
	"wutong/ent/resident"
	"wutong/lifecycle"
	"wutong/personal"
	"wutong/store"
	"wutong/store/storetest"
)

// shanghai is the demo community's time zone.
var shanghai = time.FixedZone("CST", 8*3600)

// anchor is the Now of the tests' demo data.
var anchor = time.Date(2026, 3, 15, 10, 30, 0, 0, shanghai)

// load loads the demo with seed 1 at the anchor, failing the test on error.
func load(tb testing.TB, s *store.Store) *demo.Summary {
	tb.Helper()
	sum, err := demo.Load(context.Background(), s.Client, demo.Options{Seed: 1, Now: anchor})
	if err != nil {
		tb.Fatalf("loading the demo: %v", err)
	}
	return sum
}

func TestLoad(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sum := load(t, s)
		ctx := context.Background()
		c := s.Client
		dc := c.Community.Query().Where(community.Code(demo.Code)).OnlyX(ctx)
		inDemo := community.ID(dc.ID)

		t.Run("SummaryMatchesTheDatabase", func(t *testing.T) {
			counts := map[string][2]int{
				"communities":     {sum.Communities, c.Community.Query().CountX(ctx)},
				"grids":           {sum.Grids, c.Grid.Query().CountX(ctx)},
				"compounds":       {sum.Compounds, c.Compound.Query().CountX(ctx)},
				"residents":       {sum.Residents, c.Resident.Query().CountX(ctx)},
				"users":           {sum.Users, c.User.Query().CountX(ctx)},
				"memberships":     {sum.Memberships, c.Membership.Query().CountX(ctx)},
				"stewards":        {sum.Stewards, c.Steward.Query().CountX(ctx)},
				"service records": {sum.ServiceRecords, c.ServiceRecord.Query().CountX(ctx)},
				"meeting points":  {sum.MeetingPoints, c.MeetingPoint.Query().CountX(ctx)},
				"issues":          {sum.Issues, c.Issue.Query().CountX(ctx)},
				"comments":        {sum.IssueComments, c.IssueComment.Query().CountX(ctx)},
				"events":          {sum.IssueEvents, c.IssueEvent.Query().CountX(ctx)},
			}
			for what, n := range counts {
				if n[0] != n[1] {
					t.Errorf("summary says %d %s, the database has %d", n[0], what, n[1])
				}
			}
			if sum.Communities != 2 {
				t.Errorf("communities = %d, want 2", sum.Communities)
			}
			if sum.Issues < 2000 || sum.Issues > 3200 || sum.IssueComments < sum.Issues {
				t.Errorf("issues = %d with %d comments, want 2,000-3,000 with 1-2 comments each", sum.Issues, sum.IssueComments)
			}
		})

		t.Run("HasTheGeographyOfDomainMD", func(t *testing.T) {
			res := c.Grid.Query().Where(grid.HasCommunityWith(inDemo), grid.KindEQ(grid.KindRESIDENTIAL)).CountX(ctx)
			com := c.Grid.Query().Where(grid.HasCommunityWith(inDemo), grid.KindEQ(grid.KindCOMMERCIAL)).CountX(ctx)
			if res != 8 || com != 4 {
				t.Errorf("grids: %d residential, %d commercial; want 8 and 4", res, com)
			}
			compounds := dc.QueryCompounds().AllX(ctx)
			if len(compounds) != 12 {
				t.Errorf("compounds = %d, want 12", len(compounds))
			}
			managed := map[string]int{}
			for _, cp := range compounds {
				managed[string(cp.Management)]++
			}
			if managed["UNMANAGED"] < 3 || managed["SELF_MANAGED"] == 0 || managed["PROPERTY_COMPANY"] == 0 {
				t.Errorf("management of the compounds: %v", managed)
			}
			if dc.TimeZone != "Asia/Shanghai" || dc.Latitude == nil {
				t.Errorf("community: time zone %q, latitude %v", dc.TimeZone, dc.Latitude)
			}
		})

		t.Run("HasThePeopleOfDomainMD", func(t *testing.T) {
			n := dc.QueryResidents().CountX(ctx)
			if n < 9500 || n > 10500 {
				t.Errorf("residents = %d, want about 10,000", n)
			}
			if n := dc.QueryResidents().Where(resident.HallMember(true)).CountX(ctx); n != 492 {
				t.Errorf("hall members = %d, want 492", n)
			}
			party := dc.QueryResidents().Where(resident.PartyMember(true)).CountX(ctx)
			if party < n*6/100 || party > n*10/100 {
				t.Errorf("party members = %d of %d, want about 8%%", party, n)
			}
			for _, r := range []resident.Residency{resident.ResidencyOWNER, resident.ResidencyTENANT, resident.ResidencyNON_REGISTERED} {
				if k := dc.QueryResidents().Where(resident.ResidencyEQ(r)).CountX(ctx); k < n/10 {
					t.Errorf("%s residents = %d, want many", r, k)
				}
			}
			roles := map[membership.Role]int{}
			for _, m := range dc.QueryMemberships().AllX(ctx) {
				roles[m.Role]++
				if m.Role == membership.RoleGRID_WORKER && m.GridID == "" {
					t.Errorf("grid worker membership %s has no grid", m.ID)
				}
			}
			want := map[membership.Role]int{
				membership.RolePOLICE_OFFICER: 1, membership.RoleAUXILIARY_OFFICER: 1,
				membership.RoleGRID_WORKER: 12, membership.RolePATROL_VOLUNTEER: 23, membership.RoleADMIN: 1,
			}
			for role, n := range want {
				if roles[role] != n {
					t.Errorf("%s memberships = %d, want %d", role, roles[role], n)
				}
			}
			for _, role := range []membership.Role{membership.RoleCOMMUNITY_STAFF, membership.RoleLAWYER,
				membership.RolePROPERTY_MANAGER, membership.RoleHOMEOWNERS_COMMITTEE, membership.RoleSTEWARD, membership.RoleRESIDENT} {
				if roles[role] == 0 {
					t.Errorf("no %s", role)
				}
			}
			stewards := dc.QueryStewards().WithResident().WithCompounds().AllX(ctx)
			if len(stewards) < 30 || len(stewards) > 50 {
				t.Errorf("stewards = %d, want about 40", len(stewards))
			}
			for _, s := range stewards {
				if !s.Edges.Resident.PartyMember || len(s.Edges.Compounds) == 0 || len(s.Buildings) == 0 {
					t.Errorf("steward %s: party member %v, %d compounds, buildings %v",
						s.ID, s.Edges.Resident.PartyMember, len(s.Edges.Compounds), s.Buildings)
				}
			}
			if n := dc.QueryServiceRecords().CountX(ctx); n < 300 || n > 2500 {
				t.Errorf("service records = %d, want several hundred to a couple thousand", n)
			}
		})

		t.Run("ResidentsAreConsistent", func(t *testing.T) {
			flagged := 0
			for _, r := range dc.QueryResidents().AllX(ctx) {
				if r.Phone != "" && personal.ValidatePhone(r.Phone) != nil {
					t.Fatalf("resident %s has phone %q", r.ID, r.Phone)
				}
				if len(r.CareFlags) > 0 {
					flagged++
				}
				if r.IDCardNumber == "" || !slices.Contains(r.CareFlags, personal.Elderly) {
					continue
				}
				born, err := time.ParseInLocation("20060102", r.IDCardNumber[6:14], shanghai)
				if err != nil || born.AddDate(60, 0, 0).After(anchor) {
					t.Errorf("resident %s is ELDERLY but born %s", r.ID, r.IDCardNumber[6:14])
				}
			}
			if flagged < 200 || flagged > 1200 {
				t.Errorf("residents with care flags = %d, want a few hundred", flagged)
			}
		})

		t.Run("HasAllMeetingPointKinds", func(t *testing.T) {
			kinds := map[meetingpoint.Kind]bool{}
			for _, mp := range dc.QueryMeetingPoints().AllX(ctx) {
				kinds[mp.Kind] = true
				if mp.Kind == meetingpoint.KindDISCUSSION_CORNER && mp.CompoundID == "" {
					t.Errorf("discussion corner %q is in no compound", mp.Name)
				}
			}
			if len(kinds) != 5 {
				t.Errorf("meeting point kinds = %v, want all five", kinds)
			}
		})

		// lastYear narrows q to the demo community's issues of the previous
		// calendar year.
		lastYear := func(q *ent.IssueQuery) *ent.IssueQuery {
			from := time.Date(anchor.Year()-1, 1, 1, 0, 0, 0, 0, shanghai)
			to := time.Date(anchor.Year(), 1, 1, 0, 0, 0, 0, shanghai)
			return q.Where(issue.HasCommunityWith(inDemo), issue.ReportedAtGTE(from), issue.ReportedAtLT(to))
		}

		t.Run("Has45DisputesLastYearAllResolved", func(t *testing.T) {
			disputes := lastYear(c.Issue.Query()).Where(issue.KindEQ(issue.KindDISPUTE)).AllX(ctx)
			if len(disputes) != 45 {
				t.Errorf("disputes last year = %d, want 45", len(disputes))
			}
			for _, d := range disputes {
				if d.Status != lifecycle.Resolved && d.Status != lifecycle.Closed {
					t.Errorf("dispute %q of %s is %s", d.Title, d.ReportedAt, d.Status)
				}
			}
		})

		t.Run("HasNoCriminalCasesLastYear", func(t *testing.T) {
			if n := lastYear(c.Issue.Query()).Where(issue.IncidentClassEQ(issue.IncidentClassCRIMINAL)).CountX(ctx); n != 0 {
				t.Errorf("criminal cases last year = %d, want 0", n)
			}
			if n := c.Issue.Query().Where(issue.IncidentClassEQ(issue.IncidentClassCRIMINAL), issue.ReportedAtGTE(anchor.AddDate(-1, 0, 0))).CountX(ctx); n != 0 {
				t.Errorf("criminal cases in the last twelve months = %d, want 0", n)
			}
			if n := lastYear(c.Issue.Query()).Where(issue.IncidentClassEQ(issue.IncidentClassPREVENTABLE)).CountX(ctx); n == 0 || n > 10 {
				t.Errorf("preventable cases last year = %d, want a few", n)
			}
		})

		t.Run("EveryIssueHasItsReport", func(t *testing.T) {
			n := c.Issue.Query().Where(issue.Not(issue.HasEventsWith(issueevent.KindEQ(issueevent.KindREPORTED)))).CountX(ctx)
			if n != 0 {
				t.Errorf("%d issues have no REPORTED event", n)
			}
		})

		t.Run("RepeatCallsPointToTheFirst", func(t *testing.T) {
			repeats := c.Issue.Query().Where(issue.HasRepeatOf()).WithRepeatOf().AllX(ctx)
			if len(repeats) < 3 {
				t.Fatalf("repeated police calls = %d, want some", len(repeats))
			}
			for _, r := range repeats {
				first := r.Edges.RepeatOf
				if r.Channel != issue.ChannelPOLICE_CALL || first.Channel != issue.ChannelPOLICE_CALL ||
					r.CompoundID != first.CompoundID || r.Category != first.Category || !first.ReportedAt.Before(r.ReportedAt) {
					t.Errorf("%q repeats %q: channels %s/%s, compounds %s/%s", r.Title, first.Title, r.Channel, first.Channel, r.CompoundID, first.CompoundID)
				}
			}
		})

		t.Run("TimestampsAreInOrder", func(t *testing.T) {
			statuses := map[lifecycle.Status]int{}
			for _, is := range c.Issue.Query().AllX(ctx) {
				statuses[is.Status]++
				steps := []*time.Time{&is.ReportedAt, is.AcknowledgedAt, is.StartedAt, is.ResolvedAt, is.ClosedAt}
				prev := is.ReportedAt
				for _, s := range steps {
					if s == nil {
						continue
					}
					if s.Before(prev) || s.After(anchor) {
						t.Fatalf("issue %q (%s): steps out of order: %v", is.Title, is.Status, steps)
					}
					prev = *s
				}
				if a := is.FirstArrivalAt; a != nil && (a.Before(is.ReportedAt) || is.ResolvedAt != nil && a.After(*is.ResolvedAt)) {
					t.Errorf("issue %q arrived at %s, outside its report and resolution", is.Title, a)
				}
				if is.Rating != nil && is.Status != lifecycle.Resolved && is.Status != lifecycle.Closed {
					t.Errorf("issue %q is %s with rating %v", is.Title, is.Status, *is.Rating)
				}
			}
			for _, st := range []lifecycle.Status{lifecycle.Reported, lifecycle.Acknowledged, lifecycle.InProgress,
				lifecycle.Resolved, lifecycle.Closed, lifecycle.Rejected, lifecycle.Duplicate} {
				if statuses[st] == 0 {
					t.Errorf("no issue is %s (%v)", st, statuses)
				}
			}
		})
	})
}

func TestLoadIsDeterministic(t *testing.T) {
	t.Parallel()
	type snapshot struct {
		sum       demo.Summary
		residents []string
		issues    []string
	}
	take := func() snapshot {
		s := storetest.Open(t, dialect.SQLite, store.Options{})
		ctx := context.Background()
		snap := snapshot{sum: *load(t, s)}
		for _, r := range s.Client.Resident.Query().Order(ent.Asc(resident.FieldName), ent.Asc(resident.FieldPhone)).AllX(ctx) {
			snap.residents = append(snap.residents, r.Name+" "+r.Phone+" "+r.IDCardNumber)
		}
		for _, is := range s.Client.Issue.Query().Order(ent.Asc(issue.FieldReportedAt), ent.Asc(issue.FieldTitle)).AllX(ctx) {
			snap.issues = append(snap.issues, is.ReportedAt.Format(time.RFC3339)+" "+is.Title+" "+string(is.Status))
		}
		return snap
	}
	a, b := take(), take()
	if a.sum != b.sum {
		t.Errorf("summaries differ:\n%+v\n%+v", a.sum, b.sum)
	}
	if !slices.Equal(a.residents, b.residents) {
		t.Errorf("residents differ")
	}
	if !slices.Equal(a.issues, b.issues) {
		t.Errorf("issues differ")
	}
}

func TestLoadAtTheTurnOfTheYear(t *testing.T) {
	t.Parallel()
	// Seconds into a new year, last year's disputes must all be resolved.
	now := time.Date(2026, 1, 1, 0, 0, 5, 0, shanghai)
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	ctx := context.Background()
	if _, err := demo.Load(ctx, s.Client, demo.Options{Seed: 7, Now: now}); err != nil {
		t.Fatal(err)
	}
	disputes := s.Client.Issue.Query().Where(
		issue.HasCommunityWith(community.Code(demo.Code)),
		issue.KindEQ(issue.KindDISPUTE),
		issue.ReportedAtGTE(time.Date(2025, 1, 1, 0, 0, 0, 0, shanghai)),
		issue.ReportedAtLT(now),
	).AllX(ctx)
	if len(disputes) != 45 {
		t.Errorf("disputes in 2025 = %d, want 45", len(disputes))
	}
	for _, d := range disputes {
		if d.Status != lifecycle.Resolved && d.Status != lifecycle.Closed || d.ResolvedAt.After(now) {
			t.Errorf("dispute %q of %s is %s", d.Title, d.ReportedAt, d.Status)
		}
	}
}

func TestLoadRefusesAFutureNow(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	if _, err := demo.Load(context.Background(), s.Client, demo.Options{Seed: 1, Now: time.Now().Add(time.Hour)}); err == nil {
		t.Fatal("a Now in the future was accepted")
	}
}

func TestLoadTwiceWritesNothing(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	sum := load(t, s)
	if _, err := demo.Load(context.Background(), s.Client, demo.Options{Seed: 2, Now: anchor}); err == nil {
		t.Fatal("loading the demo twice succeeded")
	}
	if n := s.Client.Resident.Query().CountX(context.Background()); n != sum.Residents {
		t.Errorf("residents after a failed second load = %d, want %d", n, sum.Residents)
	}
}

func BenchmarkLoadSQLite(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := storetest.Open(b, dialect.SQLite, store.Options{})
		b.StartTimer()
		load(b, s)
	}
}

func BenchmarkLoadPostgres(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := storetest.Open(b, dialect.Postgres, store.Options{})
		b.StartTimer()
		load(b, s)
	}
}
