package demo_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"wutong/authz"
	"wutong/demo"
	"wutong/ent"
	"wutong/ent/community"
	"wutong/ent/compound"
	"wutong/ent/dispatch"
	"wutong/ent/donation"
	"wutong/ent/dutyshift"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/issueevent"
	"wutong/ent/mediationcase"
	"wutong/ent/mediationparty"
	"wutong/ent/meeting"
	"wutong/ent/meetingpoint"
	"wutong/ent/membership"
	"wutong/ent/organization"
	"wutong/ent/patrolmember"
	"wutong/ent/patrolshift"
	"wutong/ent/predicate"
	"wutong/ent/publicevent"
	"wutong/ent/resident"
	"wutong/gid"
	"wutong/lifecycle"
	"wutong/personal"
	"wutong/store"
	"wutong/store/storetest"
)

// shanghai is the demo community's time zone.
var shanghai = time.FixedZone("CST", 8*3600)

// anchor is the Now of the tests' demo data.
var anchor = time.Date(2026, 3, 15, 10, 30, 0, 0, shanghai)

// sysCtx is the context of the server's own work, which the privacy
// policies let read and write everything, as the server loads the demo.
func sysCtx() context.Context { return authz.System(context.Background()) }

// load loads the demo with seed 1 at the anchor, failing the test on error.
func load(tb testing.TB, s *store.Store) *demo.Summary {
	tb.Helper()
	sum, err := demo.Load(sysCtx(), s.Client, demo.Options{Seed: 1, Now: anchor})
	if err != nil {
		tb.Fatalf("loading the demo: %v", err)
	}
	return sum
}

func TestLoad(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sum := load(t, s)
		ctx := sysCtx()
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
				"organizations":   {sum.Organizations, c.Organization.Query().CountX(ctx)},
				"employees":       {sum.EmployeeRegistrations, c.EmployeeRegistration.Query().CountX(ctx)},
				"unit reports":    {sum.OrganizationReports, c.OrganizationReport.Query().CountX(ctx)},
				"patrol teams":    {sum.PatrolTeams, c.PatrolTeam.Query().CountX(ctx)},
				"patrol members":  {sum.PatrolMembers, c.PatrolMember.Query().CountX(ctx)},
				"public events":   {sum.PublicEvents, c.PublicEvent.Query().CountX(ctx)},
				"patrol shifts":   {sum.PatrolShifts, c.PatrolShift.Query().CountX(ctx)},
				"dispatches":      {sum.Dispatches, c.Dispatch.Query().CountX(ctx)},
				"duty shifts":     {sum.DutyShifts, c.DutyShift.Query().CountX(ctx)},
				"meetings":        {sum.Meetings, c.Meeting.Query().CountX(ctx)},
				"rented flats":    {sum.RentalHousings, c.RentalHousing.Query().CountX(ctx)},
				"mediation cases": {sum.MediationCases, c.MediationCase.Query().CountX(ctx)},
				"parties":         {sum.MediationParties, c.MediationParty.Query().CountX(ctx)},
				"sessions":        {sum.MediationSessions, c.MediationSession.Query().CountX(ctx)},
				"donations":       {sum.Donations, c.Donation.Query().CountX(ctx)},
				"notices":         {sum.Notices, c.Notice.Query().CountX(ctx)},
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

		t.Run("ShowsTheHeadlineFiguresOfDomainMD", func(t *testing.T) { headlines(t, c, anchor) })

		d := &domain{ctx: ctx, c: c, dc: dc}
		t.Run("HasThePatrolTeamOfDomainMD", d.patrolTeam)
		t.Run("PatrolsRoundTheClock", d.rounds)
		t.Run("DispatchesFollowTheIssues", d.dispatches)
		t.Run("SecuresAbout50EventsAYear", d.events)
		t.Run("HasTheUnitsOfDomainMD", d.units)
		t.Run("RotatesTheServiceStationWeekly", d.rosters)
		t.Run("MeetingsAreConsistent", d.meetings)
		t.Run("TurnsTheProblemCompoundAround", d.problemCompound)
		t.Run("Mediates45DisputesOfLastYear", d.mediation)
		t.Run("RegistersRentedFlats", d.rentals)
		t.Run("PublishesNotices", d.notices)
	})
}

func TestLoadIsDeterministic(t *testing.T) {
	t.Parallel()
	type snapshot struct {
		sum     demo.Summary
		records map[string][]string // a line per record, by kind, sorted
	}
	take := func() snapshot {
		s := storetest.Open(t, dialect.SQLite, store.Options{})
		snap := snapshot{sum: *load(t, s), records: describe(sysCtx(), s.Client)}
		return snap
	}
	a, b := take(), take()
	if a.sum != b.sum {
		t.Errorf("summaries differ:\n%+v\n%+v", a.sum, b.sum)
	}
	for kind, lines := range a.records {
		if len(lines) == 0 {
			t.Errorf("no %s to compare", kind)
		}
		if !slices.Equal(lines, b.records[kind]) {
			t.Errorf("%s differ", kind)
		}
	}
}

// deref returns what p points to, or nil.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// describe returns a line for each record of the kinds the demo writes,
// made of what the seed decides (not the IDs, which are random), sorted.
func describe(ctx context.Context, c *ent.Client) map[string][]string {
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	out := map[string][]string{}
	add := func(kind string, parts ...any) { out[kind] = append(out[kind], fmt.Sprint(parts...)) }
	for _, r := range c.Resident.Query().AllX(ctx) {
		add("residents", r.Name, r.Phone, r.IDCardNumber)
	}
	for _, is := range c.Issue.Query().AllX(ctx) {
		add("issues", stamp(is.ReportedAt), is.Title, is.Status, is.PatrolShiftID != "")
	}
	for _, s := range c.PatrolShift.Query().WithMembers().AllX(ctx) {
		add("patrol shifts", stamp(s.StartsAt), stamp(s.EndsAt), len(s.Edges.Members), s.Log)
	}
	for _, m := range c.PatrolMember.Query().AllX(ctx) {
		add("patrol members", m.Name, m.Affiliation, m.OnDuty, deref(m.LastLatitude), deref(m.LastLocatedAt))
	}
	for _, d := range c.Dispatch.Query().AllX(ctx) {
		add("dispatches", stamp(d.SentAt), d.Status, *d.DistanceMeters)
	}
	for _, e := range c.PublicEvent.Query().AllX(ctx) {
		add("events", stamp(e.StartsAt), e.Name, e.ExpectedAttendance)
	}
	for _, o := range c.Organization.Query().AllX(ctx) {
		add("organizations", o.Name, o.ContactName, o.ContactPhone)
	}
	for _, e := range c.EmployeeRegistration.Query().AllX(ctx) {
		add("employees", stamp(e.RegisteredAt), e.Position)
	}
	for _, r := range c.OrganizationReport.Query().AllX(ctx) {
		add("unit reports", r.Period, r.Kind, r.Summary)
	}
	for _, d := range c.DutyShift.Query().AllX(ctx) {
		add("duty shifts", stamp(d.StartsAt), d.Body)
	}
	for _, m := range c.Meeting.Query().WithAttendees().WithIssues().AllX(ctx) {
		add("meetings", stamp(m.StartsAt), m.Topic, m.Decisions, len(m.Edges.Attendees), len(m.Edges.Issues))
	}
	for _, mc := range c.MediationCase.Query().WithSessions().AllX(ctx) {
		add("mediation cases", stamp(mc.OpenedAt), mc.Title, mc.Status, len(mc.Edges.Sessions))
	}
	for _, r := range c.RentalHousing.Query().WithTenants().AllX(ctx) {
		add("rented flats", r.Building, r.Unit, r.Room, *r.MonthlyRentFen, stamp(*r.LeaseStart), len(r.Edges.Tenants))
	}
	for _, d := range c.Donation.Query().AllX(ctx) {
		add("donations", stamp(d.DonatedAt), d.Purpose, d.Kind, deref(d.AmountFen), d.Goods, d.DonorName)
	}
	for _, n := range c.Notice.Query().AllX(ctx) {
		add("notices", n.Title, stamp(*n.PublishedAt))
	}
	for _, lines := range out {
		slices.Sort(lines)
	}
	return out
}

func TestLoadAtTheTurnOfTheYear(t *testing.T) {
	t.Parallel()
	// Seconds into a new year, last year's disputes must all be resolved.
	now := time.Date(2026, 1, 1, 0, 0, 5, 0, shanghai)
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	ctx := sysCtx()
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
		cases := d.QueryMediationCases().WithSessions().AllX(ctx)
		if len(cases) != 1 || cases[0].Outcome == nil || len(cases[0].Edges.Sessions) == 0 {
			t.Errorf("dispute %q of %s: %d mediation cases", d.Title, d.ReportedAt, len(cases))
		}
	}
	headlines(t, s.Client, now)
}

func TestLoadLateInTheYear(t *testing.T) {
	t.Parallel()
	// Late in November the history reaches back almost three years; the
	// figures still compare last year, 2025, with 2024.
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai)
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	if _, err := demo.Load(sysCtx(), s.Client, demo.Options{Seed: 3, Now: now}); err != nil {
		t.Fatal(err)
	}
	headlines(t, s.Client, now)
}

// jan1 is the beginning of the year in the demo community's time zone.
func jan1(year int) time.Time { return time.Date(year, 1, 1, 0, 0, 0, 0, shanghai) }

// headlines checks the figures that DOMAIN.md reports for the demo
// community, counted by the time of the report in Shanghai, for the last
// full calendar year before now against the year before it: 45 disputes
// (down 50%), repeat police calls and dispute calls down 50%, preventable
// cases down 70%, no criminal case last year nor this year, 45 mediations
// opened last year, all ended in agreement, and rising satisfaction.
func headlines(t *testing.T, c *ent.Client, now time.Time) {
	t.Helper()
	ctx := sysCtx()
	y := now.In(shanghai).Year()
	years := map[string][2]time.Time{"the year before last": {jan1(y - 2), jan1(y - 1)}, "last year": {jan1(y - 1), jan1(y)}}
	dc := c.Community.Query().Where(community.Code(demo.Code)).OnlyX(ctx)
	// issues narrows to the demo community's issues reported in the year.
	issues := func(year [2]time.Time, where ...predicate.Issue) *ent.IssueQuery {
		return c.Issue.Query().Where(issue.HasCommunityWith(community.ID(dc.ID)),
			issue.ReportedAtGTE(year[0]), issue.ReportedAtLT(year[1])).Where(where...)
	}
	police := issue.ChannelEQ(issue.ChannelPOLICE_CALL)
	for _, f := range []struct {
		what  string
		where []predicate.Issue
		want  map[string]int
	}{
		{"disputes", []predicate.Issue{issue.KindEQ(issue.KindDISPUTE)},
			map[string]int{"the year before last": 90, "last year": 45}},
		{"repeat police calls", []predicate.Issue{police, issue.HasRepeatOf()},
			map[string]int{"the year before last": 12, "last year": 6}},
		{"dispute police calls", []predicate.Issue{police, issue.KindEQ(issue.KindDISPUTE)},
			map[string]int{"the year before last": 28, "last year": 14}},
		{"preventable cases", []predicate.Issue{issue.IncidentClassEQ(issue.IncidentClassPREVENTABLE)},
			map[string]int{"the year before last": 20, "last year": 6}},
		{"criminal cases", []predicate.Issue{issue.IncidentClassEQ(issue.IncidentClassCRIMINAL)},
			map[string]int{"last year": 0, "this year": 0}},
	} {
		for when, want := range f.want {
			year, ok := years[when]
			if !ok {
				year = [2]time.Time{jan1(y), now}
			}
			if n := issues(year, f.where...).CountX(ctx); n != want {
				t.Errorf("%s %s = %d, want %d", f.what, when, n, want)
			}
		}
	}
	if n := issues(years["the year before last"], issue.IncidentClassEQ(issue.IncidentClassCRIMINAL)).CountX(ctx); n > 5 {
		t.Errorf("criminal cases the year before last = %d, want a few at most", n)
	}

	// Each repeat is a police call about the matter of an earlier call at
	// the same place, less than 30 days before.
	for when, year := range years {
		for _, r := range issues(year, police, issue.HasRepeatOf()).WithRepeatOf().AllX(ctx) {
			first := r.Edges.RepeatOf
			if first.Channel != issue.ChannelPOLICE_CALL || first.Category != r.Category || first.CompoundID == "" ||
				first.CompoundID != r.CompoundID || !first.ReportedAt.Before(r.ReportedAt) || r.ReportedAt.Sub(first.ReportedAt) >= 30*24*time.Hour {
				t.Errorf("%s: %q of %s repeats %q of %s (%s, %s, compound %s/%s)", when, r.Title, r.ReportedAt, first.Title,
					first.ReportedAt, first.Channel, first.Category, first.CompoundID, r.CompoundID)
			}
		}
	}

	// Last year's 45 disputes each had a case opened that year, ended in
	// agreement; the year before, not every case did.
	opened := func(year [2]time.Time) []*ent.MediationCase {
		return dc.QueryMediationCases().Where(mediationcase.OpenedAtGTE(year[0]), mediationcase.OpenedAtLT(year[1])).
			WithIssue().AllX(ctx)
	}
	agreed := map[string]int{}
	for when, year := range years {
		cases := opened(year)
		disputes := map[gid.ID]bool{}
		for _, mc := range cases {
			is := mc.Edges.Issue
			if is == nil || is.Kind != issue.KindDISPUTE || is.ReportedAt.Before(year[0]) || !is.ReportedAt.Before(year[1]) || disputes[is.ID] {
				t.Errorf("%s: case %q opened %s is not the only case of a dispute of the year", when, mc.Title, mc.OpenedAt)
				continue
			}
			disputes[is.ID] = true
			if mc.Status != mediationcase.StatusCLOSED || mc.Outcome == nil || mc.ClosedAt == nil {
				t.Errorf("%s: case %q is %s with outcome %v", when, mc.Title, mc.Status, mc.Outcome)
				continue
			}
			if *mc.Outcome == mediationcase.OutcomeAGREEMENT {
				agreed[when]++
			}
		}
		if when == "last year" && (len(cases) != 45 || agreed[when] != 45) {
			t.Errorf("mediations opened last year = %d, %d ended in agreement; want 45 and 45", len(cases), agreed[when])
		}
		if when == "the year before last" && (len(cases) == 0 || agreed[when] == len(cases)) {
			t.Errorf("mediations opened the year before last = %d, %d ended in agreement; want some, not all", len(cases), agreed[when])
		}
	}

	// Satisfaction rises: the issues of last year were rated better.
	mean := func(year [2]time.Time) float64 {
		return issues(year, issue.RatingNotNil()).Aggregate(ent.Mean(issue.FieldRating)).Float64X(ctx)
	}
	if before, after := mean(years["the year before last"]), mean(years["last year"]); after <= before {
		t.Errorf("mean rating: %.2f the year before last, %.2f last year; want a rise", before, after)
	}
}

func TestLoadRefusesAFutureNow(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	if _, err := demo.Load(sysCtx(), s.Client, demo.Options{Seed: 1, Now: time.Now().Add(time.Hour)}); err == nil {
		t.Fatal("a Now in the future was accepted")
	}
}

func TestLoadTwiceWritesNothing(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, dialect.SQLite, store.Options{})
	sum := load(t, s)
	if _, err := demo.Load(sysCtx(), s.Client, demo.Options{Seed: 2, Now: anchor}); err == nil {
		t.Fatal("loading the demo twice succeeded")
	}
	if n := s.Client.Resident.Query().CountX(sysCtx()); n != sum.Residents {
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

// domain checks the records of the demo community beyond its people and
// issues: patrol, events, units, rosters, meetings, mediation, rentals,
// donations and notices.
type domain struct {
	ctx context.Context
	c   *ent.Client
	dc  *ent.Community
}

// inDemo narrows a query to the demo community.
func (d *domain) inDemo() predicate.Community { return community.ID(d.dc.ID) }

// in reports whether at lies in [from, to).
func in(at, from, to time.Time) bool { return !at.Before(from) && at.Before(to) }

func (d *domain) patrolTeam(t *testing.T) {
	teams := d.dc.QueryPatrolTeams().WithMembers().AllX(d.ctx)
	if len(teams) != 1 || len(teams[0].Edges.Members) != 23 {
		t.Fatalf("patrol teams = %d, want one of 23 members", len(teams))
	}
	volunteers := map[gid.ID]bool{}
	for _, m := range d.dc.QueryMemberships().Where(membership.RoleEQ(membership.RolePATROL_VOLUNTEER)).AllX(d.ctx) {
		volunteers[m.UserID] = true
	}
	from := map[patrolmember.Affiliation]int{}
	onDuty := 0
	for _, m := range teams[0].Edges.Members {
		from[m.Affiliation]++
		if !volunteers[m.UserID] {
			t.Errorf("member %s is not a patrol volunteer's login", m.Name)
		}
		if (m.LastLatitude == nil) != (m.LastLongitude == nil) || (m.LastLatitude == nil) != (m.LastLocatedAt == nil) {
			t.Errorf("member %s has half a location", m.Name)
		}
		if m.LastLocatedAt != nil && m.LastLocatedAt.After(anchor) {
			t.Errorf("member %s was located at %s, after now", m.Name, m.LastLocatedAt)
		}
		if m.OnDuty {
			onDuty++
			if m.LastLocatedAt == nil || anchor.Sub(*m.LastLocatedAt) > 15*time.Minute {
				t.Errorf("member %s is on duty, last located at %v", m.Name, m.LastLocatedAt)
			}
		}
	}
	for _, a := range []patrolmember.Affiliation{patrolmember.AffiliationPROPERTY_STAFF, patrolmember.AffiliationUNIT_EMPLOYEE,
		patrolmember.AffiliationRESIDENT, patrolmember.AffiliationGRID_WORKER} {
		if from[a] == 0 {
			t.Errorf("no member is %s (%v)", a, from)
		}
	}
	if onDuty < 3 || onDuty > 5 {
		t.Errorf("%d members on duty, want the 3-4 of the shift under way", onDuty)
	}
}

func (d *domain) rounds(t *testing.T) {
	shifts := d.c.PatrolShift.Query().
		Where(patrolshift.HasCommunityWith(d.inDemo()), patrolshift.Not(patrolshift.HasEvent()),
			patrolshift.StartsAtGTE(anchor.AddDate(0, 0, -92))).
		Order(ent.Asc(patrolshift.FieldStartsAt)).WithMembers().AllX(d.ctx)
	if len(shifts) < 270 || shifts[0].StartsAt.After(anchor.AddDate(0, 0, -90)) || !in(anchor, shifts[len(shifts)-1].StartsAt, shifts[len(shifts)-1].EndsAt) {
		t.Fatalf("%d round-the-clock shifts, want three a day for the last 90 days up to now", len(shifts))
	}
	for i, s := range shifts {
		if s.EndsAt.Sub(s.StartsAt) != 8*time.Hour || (i > 0 && !s.StartsAt.Equal(shifts[i-1].EndsAt)) {
			t.Errorf("shift %s-%s does not follow the one before", s.StartsAt, s.EndsAt)
		}
		if n := len(s.Edges.Members); n < 3 || n > 4 || s.Log == "" {
			t.Errorf("shift of %s has %d members and log %q", s.StartsAt, n, s.Log)
		}
	}
	found := d.c.Issue.Query().
		Where(issue.HasCommunityWith(d.inDemo()), issue.ChannelEQ(issue.ChannelPATROL), issue.ReportedAtGTE(shifts[0].StartsAt)).
		WithPatrolShift(func(q *ent.PatrolShiftQuery) { q.WithMembers(func(q *ent.PatrolMemberQuery) { q.WithUser() }) }).
		AllX(d.ctx)
	if len(found) == 0 {
		t.Fatal("no problems found on patrol")
	}
	volunteers := map[gid.ID]bool{}
	for _, m := range d.c.PatrolMember.Query().Where(patrolmember.HasCommunityWith(d.inDemo())).WithUser().AllX(d.ctx) {
		if m.Edges.User.ResidentID != "" {
			volunteers[m.Edges.User.ResidentID] = true
		}
	}
	for _, is := range found {
		s := is.Edges.PatrolShift
		if s == nil || !in(is.ReportedAt, s.StartsAt, s.EndsAt) {
			t.Errorf("%q found on patrol at %s has shift %v", is.Title, is.ReportedAt, s)
			continue
		}
		if !volunteers[is.ReporterID] {
			continue // found by someone not named, or by a passer-by with the patrol
		}
		on := false
		for _, m := range s.Edges.Members {
			on = on || m.Edges.User != nil && m.Edges.User.ResidentID == is.ReporterID
		}
		if !on {
			t.Errorf("the volunteer who reported %q is not on the shift", is.Title)
		}
	}
	story := d.c.Issue.Query().Where(issue.Title("夜间巡逻发现消防通道被堵")).WithPatrolShift().OnlyX(d.ctx)
	if s := story.Edges.PatrolShift; s == nil || !in(story.ReportedAt, s.StartsAt, s.EndsAt) {
		t.Errorf("the blocked fire exit of story 5 was found on shift %v", s)
	}
}

func (d *domain) dispatches(t *testing.T) {
	from := anchor.AddDate(0, 0, -89)
	emergencies := d.c.Issue.Query().Where(issue.HasCommunityWith(d.inDemo()), issue.KindEQ(issue.KindEMERGENCY),
		issue.ReportedAtGTE(from), issue.AcknowledgedAtNotNil()).WithDispatches().AllX(d.ctx)
	if len(emergencies) == 0 {
		t.Fatal("no emergencies in the last 90 days")
	}
	for _, is := range emergencies {
		if len(is.Edges.Dispatches) == 0 && is.Channel != issue.ChannelPATROL {
			t.Errorf("no patrol member was sent to the emergency %q of %s", is.Title, is.ReportedAt)
		}
	}
	all := d.c.Dispatch.Query().Where(dispatch.HasCommunityWith(d.inDemo())).Order(ent.Asc(dispatch.FieldSentAt)).WithIssue().AllX(d.ctx)
	declined, last := 0, map[gid.ID]*ent.Dispatch{}
	for _, x := range all {
		is := x.Edges.Issue
		steps := []*time.Time{&x.SentAt, x.AcceptedAt, x.ArrivedAt, x.CompletedAt}
		prev := is.ReportedAt
		for _, at := range steps {
			if at != nil && (at.Before(prev) || at.After(anchor)) {
				t.Errorf("dispatch to %q: times out of order: %v", is.Title, steps)
			}
			if at != nil {
				prev = *at
			}
		}
		if x.ArrivedAt != nil && (is.FirstArrivalAt == nil || !x.ArrivedAt.Equal(*is.FirstArrivalAt)) {
			t.Errorf("dispatch to %q arrived at %s, the issue at %v", is.Title, x.ArrivedAt, is.FirstArrivalAt)
		}
		if x.Status == dispatch.StatusCOMPLETED && is.ResolvedAt == nil {
			t.Errorf("dispatch to %q is completed, the issue is %s", is.Title, is.Status)
		}
		onShift := d.c.PatrolShift.Query().Where(patrolshift.HasMembersWith(patrolmember.ID(x.MemberID)),
			patrolshift.StartsAtLTE(x.SentAt), patrolshift.EndsAtGT(x.SentAt)).ExistX(d.ctx)
		if !onShift {
			t.Errorf("the member sent to %q at %s was not on a shift", is.Title, x.SentAt)
		}
		if before := last[is.ID]; before != nil && (before.Status != dispatch.StatusDECLINED || before.MemberID == x.MemberID) {
			t.Errorf("%q was dispatched twice without a decline", is.Title)
		}
		if x.Status == dispatch.StatusDECLINED {
			declined++
			if x.DeclinedAt == nil || x.AcceptedAt != nil {
				t.Errorf("declined dispatch to %q: declined %v, accepted %v", is.Title, x.DeclinedAt, x.AcceptedAt)
			}
		}
		last[is.ID] = x
	}
	for id, x := range last {
		if x.Status == dispatch.StatusDECLINED {
			t.Errorf("issue %s: the last dispatch was declined", id)
		}
	}
	if declined == 0 {
		t.Error("no dispatch was declined")
	}
	elder := d.c.Issue.Query().Where(issue.Title("独居老人在家中晕倒")).WithDispatches().OnlyX(d.ctx)
	ds := elder.Edges.Dispatches
	if n := len(ds); n == 0 || ds[n-1].ArrivedAt == nil || *ds[n-1].DistanceMeters < 350 || *ds[n-1].DistanceMeters > 450 {
		t.Errorf("story 4: dispatches %v, want one that arrived from about 400 m", ds)
	}
}

func (d *domain) events(t *testing.T) {
	year := d.c.PublicEvent.Query().
		Where(publicevent.HasCommunityWith(d.inDemo()), publicevent.StartsAtGTE(anchor.AddDate(-1, 0, 0)), publicevent.StartsAtLT(anchor)).
		WithVenue().WithSecurityShifts(func(q *ent.PatrolShiftQuery) { q.WithMembers() }).AllX(d.ctx)
	if len(year) < 45 || len(year) > 55 {
		t.Errorf("events in the last twelve months = %d, want about 50", len(year))
	}
	meets := 0
	for _, e := range year {
		shifts := e.Edges.SecurityShifts
		if len(shifts) == 0 || len(shifts) > 3 || e.ExpectedAttendance <= 0 || e.EndsAt.After(anchor) {
			t.Errorf("event %q: %d security shifts, attendance %d, ends %s", e.Name, len(shifts), e.ExpectedAttendance, e.EndsAt)
			continue
		}
		if k := e.Edges.Venue.Kind; k != organization.KindVENUE && k != organization.KindUNIVERSITY {
			t.Errorf("event %q is at a %s", e.Name, k)
		}
		first, last := shifts[0].StartsAt, shifts[0].EndsAt
		for _, s := range shifts {
			if len(s.Edges.Members) == 0 {
				t.Errorf("a security shift of %q has no members", e.Name)
			}
			first, last = minTime(first, s.StartsAt), maxTime(last, s.EndsAt)
		}
		if first.After(e.StartsAt) || last.Before(e.EndsAt) {
			t.Errorf("the security shifts of %q do not cover it", e.Name)
		}
		if strings.Contains(e.Name, "运动会") {
			meets++
		}
	}
	if meets == 0 {
		t.Error("no school sports meet was secured (story 7)")
	}
}

// minTime and maxTime return the earlier and the later of two times.
func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// period is a month as YYYY-MM.
var period = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

func (d *domain) units(t *testing.T) {
	orgs := d.dc.QueryOrganizations().WithGrid().AllX(d.ctx)
	if len(orgs) < 20 || len(orgs) > 40 {
		t.Errorf("organizations = %d, want 20-40", len(orgs))
	}
	kinds := map[organization.Kind]int{}
	for _, o := range orgs {
		kinds[o.Kind]++
		if o.Edges.Grid == nil || o.Edges.Grid.Kind != grid.KindCOMMERCIAL || personal.ValidatePhone(o.ContactPhone) != nil || o.Latitude == nil {
			t.Errorf("organization %q: grid %v, phone %q", o.Name, o.Edges.Grid, o.ContactPhone)
		}
	}
	for _, k := range []organization.Kind{organization.KindENTERPRISE, organization.KindVENUE, organization.KindOFFICE_BUILDING,
		organization.KindUNIVERSITY, organization.KindHOTEL, organization.KindSHOP} {
		if kinds[k] == 0 || k == organization.KindVENUE && kinds[k] < 2 {
			t.Errorf("organizations by kind: %v", kinds)
		}
	}
	if n := d.dc.QueryEmployeeRegistrations().CountX(d.ctx); n < 200 || n > 800 {
		t.Errorf("employee registrations = %d, want a few hundred", n)
	}
	reports := d.dc.QueryOrganizationReports().AllX(d.ctx)
	if len(reports) < 50 {
		t.Errorf("organization reports = %d, want monthly ones", len(reports))
	}
	for _, r := range reports {
		if !period.MatchString(r.Period) || r.SubmittedAt.After(anchor) {
			t.Errorf("report of %s submitted %s", r.Period, r.SubmittedAt)
		}
	}
}

// monday returns the Monday that begins the week of t in Shanghai.
func monday(t time.Time) time.Time {
	t = t.In(shanghai)
	return time.Date(t.Year(), t.Month(), t.Day()-(int(t.Weekday())+6)%7, 0, 0, 0, 0, shanghai)
}

func (d *domain) rosters(t *testing.T) {
	station := d.dc.QueryMeetingPoints().Where(meetingpoint.KindEQ(meetingpoint.KindSERVICE_STATION)).OnlyX(d.ctx)
	shifts := d.c.DutyShift.Query().Where(dutyshift.MeetingPointID(station.ID)).
		Order(ent.Asc(dutyshift.FieldStartsAt)).WithStaff().AllX(d.ctx)
	var weeks []time.Time
	body := map[time.Time]dutyshift.Body{}
	future := 0
	for _, s := range shifts {
		start, end := s.StartsAt.In(shanghai), s.EndsAt.In(shanghai)
		if start.Weekday() == time.Saturday || start.Weekday() == time.Sunday ||
			start.Format("15:04") != "09:00" || end.Format("15:04") != "17:00" || len(s.Edges.Staff) == 0 {
			t.Errorf("duty shift %s-%s of %s with %d staff", start, end, s.Body, len(s.Edges.Staff))
		}
		w := monday(start)
		if b, ok := body[w]; !ok {
			weeks = append(weeks, w)
			body[w] = s.Body
		} else if b != s.Body {
			t.Errorf("week of %s has both %s and %s on duty", w.Format(time.DateOnly), b, s.Body)
		}
		if s.StartsAt.After(anchor) {
			future++
		}
	}
	if len(weeks) < 14 || len(weeks) > 18 || future == 0 || !weeks[0].Before(anchor.AddDate(0, 0, -70)) {
		t.Fatalf("the roster covers %d weeks, %d shifts ahead; want about 12 back and 4 ahead", len(weeks), future)
	}
	seen := map[dutyshift.Body]bool{}
	for i, w := range weeks {
		seen[body[w]] = true
		if i > 0 && (body[w] == body[weeks[i-1]] || !w.Equal(weeks[i-1].AddDate(0, 0, 7))) {
			t.Errorf("week of %s: %s, the week before %s", w.Format(time.DateOnly), body[w], body[weeks[i-1]])
		}
		if i >= 4 && body[w] != body[weeks[i-4]] {
			t.Errorf("week of %s breaks the four-week rotation", w.Format(time.DateOnly))
		}
	}
	if len(seen) != 4 {
		t.Errorf("bodies on duty at the station: %v", seen)
	}
	for _, x := range []struct {
		kind meetingpoint.Kind
		body dutyshift.Body
	}{{meetingpoint.KindMEDIATION_ROOM, dutyshift.BodyLAWYERS}, {meetingpoint.KindDELIBERATION_ROOM, dutyshift.BodyPOLICE}} {
		n := d.c.DutyShift.Query().Where(dutyshift.HasCommunityWith(d.inDemo()), dutyshift.BodyEQ(x.body),
			dutyshift.HasMeetingPointWith(meetingpoint.KindEQ(x.kind))).CountX(d.ctx)
		if n == 0 {
			t.Errorf("no %s on duty in the %s", x.body, x.kind)
		}
	}
}

func (d *domain) meetings(t *testing.T) {
	meetings := d.dc.QueryMeetings().WithAttendees().WithStaff().WithIssues().AllX(d.ctx)
	// The history starts on 1 January of the year before last, 26 months
	// before the anchor (it used to reach 18 months back): the number of
	// meetings grows with its length, about five a month.
	months := anchor.Sub(jan1(anchor.Year()-2)).Hours() / 24 / 30.44
	if n := float64(len(meetings)); n < 2.5*months || n > 6.5*months {
		t.Errorf("meetings = %d in %.0f months", len(meetings), months)
	}
	upcoming := 0
	for _, m := range meetings {
		if m.EndsAt == nil || !m.EndsAt.After(m.StartsAt) || m.MeetingPointID == "" || len(m.Agenda) == 0 || len(m.Edges.Staff) == 0 {
			t.Errorf("meeting %q of %s", m.Topic, m.StartsAt)
		}
		if m.StartsAt.After(anchor) {
			upcoming++
			continue
		}
		if m.EndsAt.After(anchor) || m.Minutes == "" || len(m.Decisions) == 0 || len(m.Edges.Attendees) == 0 {
			t.Errorf("meeting %q of %s: %d decisions, %d attendees", m.Topic, m.StartsAt, len(m.Decisions), len(m.Edges.Attendees))
		}
		for _, is := range m.Edges.Issues {
			if !is.ReportedAt.Before(m.StartsAt) {
				t.Errorf("meeting %q of %s took up %q reported later", m.Topic, m.StartsAt, is.Title)
			}
		}
	}
	if upcoming != 1 {
		t.Errorf("upcoming meetings = %d, want the next one at the station", upcoming)
	}
}

// problemTitles are the issues of story 6.
var problemTitles = []string{"小区垃圾乱堆无人清运", "小区拖欠暖气费十多万元面临停暖", "公共水费长期欠缴面临停水", "3号楼电梯老旧频繁停运"}

func (d *domain) problemCompound(t *testing.T) {
	q := d.c.Meeting.Query().Where(meeting.HasCommunityWith(d.inDemo()),
		meeting.HasMeetingPointWith(meetingpoint.KindEQ(meetingpoint.KindSERVICE_STATION)))
	for _, title := range problemTitles {
		q.Where(meeting.HasIssuesWith(issue.Title(title), issue.KindEQ(issue.KindPUBLIC_AFFAIR)))
	}
	m, err := q.WithAttendees().WithStaff().Only(d.ctx)
	if err != nil {
		t.Fatalf("the meeting of story 6: %v", err)
	}
	if len(m.Decisions) < 3 || m.Minutes == "" || len(m.Edges.Attendees) < 5 || len(m.Edges.Staff) < 2 {
		t.Errorf("the meeting of story 6: %d decisions, %d attendees, %d staff", len(m.Decisions), len(m.Edges.Attendees), len(m.Edges.Staff))
	}
	elevator := d.c.Issue.Query().Where(issue.Title(problemTitles[3])).WithCompound().OnlyX(d.ctx)
	cp := elevator.Edges.Compound
	if cp.Management != compound.ManagementUNMANAGED {
		t.Errorf("the problem compound %s is %s", cp.Name, cp.Management)
	}
	gifts := d.dc.QueryDonations().AllX(d.ctx)
	if len(gifts) < 30 || len(gifts) > 80 {
		t.Errorf("donations = %d, want 30-80", len(gifts))
	}
	purposes := map[string]int{}
	var anonymous, named, residents int
	for _, g := range gifts {
		purposes[g.Purpose]++
		if g.CompoundID != cp.ID || g.DonatedAt.After(anchor) {
			t.Errorf("donation for %s to %s on %s", g.Purpose, g.CompoundID, g.DonatedAt)
		}
		money := g.Kind == donation.KindMONEY && g.AmountFen != nil && *g.AmountFen > 0 && g.Goods == ""
		goods := g.Kind == donation.KindGOODS && g.AmountFen == nil && g.Goods != ""
		if !money && !goods {
			t.Errorf("donation of %s: amount %v, goods %q", g.Kind, g.AmountFen, g.Goods)
		}
		if g.Purpose == "加装电梯" && !g.DonatedAt.After(*m.EndsAt) {
			t.Errorf("a donation for the elevator on %s precedes the meeting of %s", g.DonatedAt, m.StartsAt)
		}
		switch {
		case g.Anonymous:
			anonymous++
		case g.DonorName != "":
			named++
		case g.DonorID != "":
			residents++
		}
	}
	if purposes["加装电梯"] == 0 || purposes["垃圾清运"] == 0 || anonymous == 0 || named == 0 || residents == 0 {
		t.Errorf("donations by purpose %v; %d anonymous, %d named, %d from residents", purposes, anonymous, named, residents)
	}
}

func (d *domain) mediation(t *testing.T) {
	from := time.Date(anchor.Year()-1, 1, 1, 0, 0, 0, 0, shanghai)
	to := time.Date(anchor.Year(), 1, 1, 0, 0, 0, 0, shanghai)
	disputes := d.c.Issue.Query().Where(issue.HasCommunityWith(d.inDemo()), issue.KindEQ(issue.KindDISPUTE),
		issue.ReportedAtGTE(from), issue.ReportedAtLT(to)).
		WithMediationCases(func(q *ent.MediationCaseQuery) { q.WithParties().WithSessions().WithMediators() }).AllX(d.ctx)
	police := d.dc.QueryMemberships().Where(membership.RoleEQ(membership.RolePOLICE_OFFICER)).OnlyX(d.ctx).UserID
	cases := map[gid.ID]*ent.MediationCase{}
	stories := map[string]*ent.MediationCase{}
	for _, is := range disputes {
		if len(is.Edges.MediationCases) != 1 {
			t.Errorf("dispute %q of %s has %d mediation cases", is.Title, is.ReportedAt, len(is.Edges.MediationCases))
			continue
		}
		mc := is.Edges.MediationCases[0]
		cases[is.ID], stories[is.Title] = mc, mc
		if mc.Status != mediationcase.StatusCLOSED || mc.Outcome == nil || *mc.Outcome != mediationcase.OutcomeAGREEMENT || mc.Agreement == "" {
			t.Errorf("case %q is %s with outcome %v", mc.Title, mc.Status, mc.Outcome)
		}
		if mc.ClosedAt == nil || is.ResolvedAt == nil || !mc.ClosedAt.Equal(*is.ResolvedAt) || !mc.ClosedAt.After(mc.OpenedAt) ||
			mc.FollowUpOn == nil || !mc.FollowUpOn.After(*mc.ClosedAt) {
			t.Errorf("case %q: opened %s, closed %v, follow-up %v; issue resolved %v", mc.Title, mc.OpenedAt, mc.ClosedAt, mc.FollowUpOn, is.ResolvedAt)
		}
		roles := map[mediationparty.Role]gid.ID{}
		for _, p := range mc.Edges.Parties {
			roles[p.Role] = p.ResidentID
		}
		if len(mc.Edges.Parties) != 2 || roles[mediationparty.RoleAPPLICANT] != is.ReporterID || roles[mediationparty.RoleRESPONDENT] == "" {
			t.Errorf("case %q has parties %v, reporter %s", mc.Title, roles, is.ReporterID)
		}
		if !slices.ContainsFunc(mc.Edges.Mediators, func(u *ent.User) bool { return u.ID == police }) {
			t.Errorf("the officer does not mediate case %q", mc.Title)
		}
		if len(mc.Edges.Sessions) == 0 || len(mc.Edges.Sessions) > 3 {
			t.Errorf("case %q has %d sessions", mc.Title, len(mc.Edges.Sessions))
		}
		for _, s := range mc.Edges.Sessions {
			end := s.StartedAt.Add(time.Duration(s.DurationMinutes) * time.Minute)
			if s.StartedAt.Before(mc.OpenedAt) || end.After(*mc.ClosedAt) || (s.MeetingPointID == "") == (s.Place == "") {
				t.Errorf("case %q: session %s-%s at %q/%s outside %s-%s", mc.Title, s.StartedAt, end, s.Place, s.MeetingPointID, mc.OpenedAt, mc.ClosedAt)
			}
		}
	}
	if len(cases) != 45 {
		t.Errorf("mediation cases of last year's disputes = %d, want 45", len(cases))
	}
	d.mediationStories(t, stories)
	open := d.dc.QueryMediationCases().Where(mediationcase.StatusEQ(mediationcase.StatusOPEN)).WithIssue().AllX(d.ctx)
	if len(open) == 0 {
		t.Error("no mediation case is still open")
	}
	for _, mc := range open {
		if mc.Outcome != nil || mc.ClosedAt != nil || mc.Edges.Issue.ResolvedAt != nil {
			t.Errorf("open case %q: outcome %v, closed %v", mc.Title, mc.Outcome, mc.ClosedAt)
		}
	}
}

// mediationStories checks the cases of stories 1 to 3.
func (d *domain) mediationStories(t *testing.T, cases map[string]*ent.MediationCase) {
	owner, students, leak := cases["离婚后前夫阻挠回家居住"], cases["合租同学分摊房租起争执"], cases["卫生间渗水责任争议"]
	if owner == nil || students == nil || leak == nil {
		t.Fatalf("the cases of stories 1-3: %v %v %v", owner, students, leak)
	}
	var ids []gid.ID
	for _, u := range owner.Edges.Mediators {
		ids = append(ids, u.ID)
	}
	roles := map[membership.Role]bool{}
	for _, m := range d.dc.QueryMemberships().Where(membership.UserIDIn(ids...)).AllX(d.ctx) {
		roles[m.Role] = true
	}
	if !roles[membership.RolePOLICE_OFFICER] || !roles[membership.RoleLAWYER] || !roles[membership.RoleCOMMUNITY_STAFF] {
		t.Errorf("story 1 is mediated by %v", roles)
	}
	ss := students.Edges.Sessions
	slices.SortFunc(ss, func(a, b *ent.MediationSession) int { return a.StartedAt.Compare(b.StartedAt) })
	if len(ss) != 2 || ss[0].Place != "社区警务室" || ss[1].Place != "社区警务室" ||
		ss[0].StartedAt.In(shanghai).AddDate(0, 0, 1).Format(time.DateOnly) != ss[1].StartedAt.In(shanghai).Format(time.DateOnly) {
		t.Errorf("story 2: sessions %v, want two on consecutive days at the police office", ss)
	}
	if ls := leak.Edges.Sessions; len(ls) != 1 || ls[0].DurationMinutes != 180 || ls[0].MeetingPointID == "" {
		t.Errorf("story 3: sessions %v, want one of three hours at a meeting point", ls)
	}
}

func (d *domain) rentals(t *testing.T) {
	flats := d.dc.QueryRentals().WithTenants().WithLandlord().AllX(d.ctx)
	if len(flats) < 200 || len(flats) > 800 {
		t.Errorf("rented flats = %d, want a few hundred", len(flats))
	}
	home := map[gid.ID]*ent.RentalHousing{}
	for _, f := range flats {
		if len(f.Edges.Tenants) == 0 || f.MonthlyRentFen == nil || *f.MonthlyRentFen <= 0 ||
			f.LeaseStart == nil || f.LeaseEnd == nil || !f.LeaseEnd.After(*f.LeaseStart) || (f.LandlordID == "") == (f.LandlordName == "") {
			t.Errorf("rented flat %s-%s-%s: %d tenants", f.Building, f.Unit, f.Room, len(f.Edges.Tenants))
		}
		if l := f.Edges.Landlord; l != nil && l.Residency != resident.ResidencyOWNER {
			t.Errorf("the landlord of %s-%s-%s is %s", f.Building, f.Unit, f.Room, l.Residency)
		}
		for _, r := range f.Edges.Tenants {
			if home[r.ID] != nil || r.Residency != resident.ResidencyTENANT || r.CompoundID != f.CompoundID {
				t.Errorf("tenant %s: %s in compound %s, rents more than one flat: %v", r.ID, r.Residency, r.CompoundID, home[r.ID] != nil)
			}
			home[r.ID] = f
		}
	}
	mc := d.c.MediationCase.Query().Where(mediationcase.HasIssueWith(issue.Title("合租同学分摊房租起争执"))).WithParties().OnlyX(d.ctx)
	flat := home[mc.Edges.Parties[0].ResidentID]
	if flat == nil || len(flat.Edges.Tenants) != 2 || home[mc.Edges.Parties[1].ResidentID] != flat {
		t.Errorf("the students of story 2 do not share a flat of two tenants: %v", flat)
	}
}

func (d *domain) notices(t *testing.T) {
	notices := d.dc.QueryNotices().AllX(d.ctx)
	if len(notices) < 10 || len(notices) > 20 {
		t.Errorf("notices = %d, want 10-20", len(notices))
	}
	by := map[string]int{}
	for _, n := range notices {
		by[string(n.Kind)]++
		by[string(n.Audience)]++
		if n.PublishedAt == nil || n.PublishedAt.After(anchor) {
			t.Errorf("notice %q published %v", n.Title, n.PublishedAt)
		}
	}
	for _, k := range []string{"SAFETY_PUBLICITY", "ANNOUNCEMENT", "COMMUNITY", "GRID", "COMPOUND"} {
		if by[k] == 0 {
			t.Errorf("notices: %v, none %s", by, k)
		}
	}
}
