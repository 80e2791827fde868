package stats_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"wutong/apperr"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/mediationcase"
	"wutong/ent/patrolmember"
	"wutong/ent/servicerecord"
	"wutong/gid"
	"wutong/lifecycle"
	"wutong/stats"
	"wutong/store"
	"wutong/store/storetest"
)

// shanghai is the time zone of the communities of the tests.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// sh is a wall-clock time in Shanghai (UTC+8), to the millisecond.
func sh(y int, m time.Month, d, h, mi, s, ms int) time.Time {
	return time.Date(y, m, d, h, mi, s, ms*int(time.Millisecond), shanghai)
}

// date is a calendar date, for PeriodOf.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// period is PeriodOf in Shanghai, which must succeed.
func period(t *testing.T, from, to time.Time) stats.Period {
	t.Helper()
	p, err := stats.PeriodOf(from, to, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// result is a value with its error, from must.
type result[T any] struct {
	v   T
	err error
}

// must holds the results of a call, to be checked with of:
// must(c.Save(ctx)).of(t).
func must[T any](v T, err error) result[T] { return result[T]{v, err} }

// of returns the value, failing the test on an error.
func (r result[T]) of(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func dur(d time.Duration) *time.Duration { return &d }
func num(f float64) *float64             { return &f }

// issueSpec describes an issue; zero durations and rating mean none. The
// police calls have categories of their own, so that none is taken for a
// repeat of another except where repeatOf says so.
type issueSpec struct {
	grid                     gid.ID
	kind                     issue.Kind
	category                 issue.Category
	channel                  issue.Channel
	status                   lifecycle.Status
	class                    issue.IncidentClass
	reported                 time.Time
	ack, arrival, resolution time.Duration
	rating                   int
	repeatOf                 gid.ID
}

// builder creates records under the system context.
type builder struct {
	t   *testing.T
	ctx context.Context
	c   *ent.Client
}

func (b *builder) issue(community gid.ID, s issueSpec) gid.ID {
	b.t.Helper()
	if s.channel == "" {
		s.channel = issue.ChannelAPP
	}
	if s.category == "" {
		s.category = issue.CategoryOTHER
	}
	if s.status == "" {
		s.status = lifecycle.Reported
	}
	if s.class == "" {
		s.class = issue.IncidentClassNONE
	}
	c := b.c.Issue.Create().
		SetCommunityID(community).
		SetGridID(s.grid).
		SetTitle("事项 " + s.reported.Format(time.DateTime)).
		SetKind(s.kind).
		SetCategory(s.category).
		SetChannel(s.channel).
		SetStatus(s.status).
		SetIncidentClass(s.class).
		SetReportedAt(s.reported)
	// The casework hook checks status changes and stamps their times on
	// updates; a new issue is written as given, timestamps included.
	if s.ack != 0 {
		c.SetAcknowledgedAt(s.reported.Add(s.ack))
	}
	if s.arrival != 0 {
		c.SetFirstArrivalAt(s.reported.Add(s.arrival))
	}
	if s.resolution != 0 {
		c.SetResolvedAt(s.reported.Add(s.resolution))
	}
	if s.rating != 0 {
		c.SetRating(s.rating)
	}
	if s.repeatOf != "" {
		c.SetRepeatOfID(s.repeatOf)
	}
	return must(c.Save(b.ctx)).of(b.t).ID
}

func (b *builder) mediation(community, issueID gid.ID, opened time.Time, outcome mediationcase.Outcome) {
	b.t.Helper()
	c := b.c.MediationCase.Create().
		SetCommunityID(community).
		SetTitle("调解 " + opened.Format(time.DateTime)).
		SetOpenedAt(opened)
	if issueID != "" {
		c.SetIssueID(issueID)
	}
	if outcome != "" {
		c.SetStatus(mediationcase.StatusCLOSED).SetOutcome(outcome).SetClosedAt(opened.Add(72 * time.Hour))
	}
	must(c.Save(b.ctx)).of(b.t)
}

func (b *builder) service(community, steward, resident gid.ID, served time.Time, minutes int) {
	b.t.Helper()
	c := b.c.ServiceRecord.Create().
		SetCommunityID(community).
		SetStewardID(steward).
		SetKind(servicerecord.KindVISIT).
		SetServedAt(served).
		SetDurationMinutes(minutes)
	if resident != "" {
		c.SetResidentID(resident)
	}
	must(c.Save(b.ctx)).of(b.t)
}

func (b *builder) shift(community, team, event gid.ID, starts, ends time.Time, members ...gid.ID) {
	b.t.Helper()
	c := b.c.PatrolShift.Create().
		SetCommunityID(community).
		SetTeamID(team).
		SetStartsAt(starts).
		SetEndsAt(ends).
		AddMemberIDs(members...)
	if event != "" {
		c.SetEventID(event)
	}
	must(c.Save(b.ctx)).of(b.t)
}

func (b *builder) event(community gid.ID, starts time.Time, hours int) gid.ID {
	b.t.Helper()
	return must(b.c.PublicEvent.Create().
		SetCommunityID(community).
		SetName("运动会 " + starts.Format(time.DateOnly)).
		SetStartsAt(starts).
		SetEndsAt(starts.Add(time.Duration(hours) * time.Hour)).
		Save(b.ctx)).of(b.t).ID
}

// place is a community with its grids, compounds, residents, steward and
// patrol team.
type place struct {
	community, g1, g2 gid.ID
	r1, r2, r3        gid.ID // r1 lives in g1, r2 in g2, r3 in no compound
	steward           gid.ID // r1 serves as steward
	team              gid.ID
	p1, p2, p3        gid.ID // patrol members
}

func (b *builder) place(code string) place {
	b.t.Helper()
	var p place
	c := b.c
	p.community = must(c.Community.Create().SetName("社区 " + code).SetCode(code).SetTimeZone("Asia/Shanghai").Save(b.ctx)).of(b.t).ID
	newGrid := func(code string) gid.ID {
		return must(c.Grid.Create().SetCommunityID(p.community).SetName("网格 " + code).SetCode(code).
			SetKind(grid.KindRESIDENTIAL).Save(b.ctx)).of(b.t).ID
	}
	p.g1, p.g2 = newGrid("g1"), newGrid("g2")
	newCompound := func(g gid.ID) gid.ID {
		return must(c.Compound.Create().SetCommunityID(p.community).SetGridID(g).SetName("小区").
			SetManagement(compound.ManagementUNMANAGED).Save(b.ctx)).of(b.t).ID
	}
	c1, c2 := newCompound(p.g1), newCompound(p.g2)
	newResident := func(compoundID gid.ID) gid.ID {
		r := c.Resident.Create().SetCommunityID(p.community).SetName("居民")
		if compoundID != "" {
			r.SetCompoundID(compoundID)
		}
		return must(r.Save(b.ctx)).of(b.t).ID
	}
	p.r1, p.r2, p.r3 = newResident(c1), newResident(c2), newResident("")
	p.steward = must(c.Steward.Create().SetCommunityID(p.community).SetResidentID(p.r1).Save(b.ctx)).of(b.t).ID
	p.team = must(c.PatrolTeam.Create().SetCommunityID(p.community).SetName("巡逻队").Save(b.ctx)).of(b.t).ID
	newMember := func(name string) gid.ID {
		return must(c.PatrolMember.Create().SetCommunityID(p.community).SetTeamID(p.team).SetName(name).
			SetAffiliation(patrolmember.AffiliationRESIDENT).Save(b.ctx)).of(b.t).ID
	}
	p.p1, p.p2, p.p3 = newMember("甲"), newMember("乙"), newMember("丙")
	return p
}

// load writes the data set. Times are Shanghai wall clock (UTC+8); the
// year 2025 in Shanghai is [2024-12-31 16:00 UTC, 2025-12-31 16:00 UTC).
// The expected figures are worked out next to each test case.
func load(t *testing.T, s *store.Store) (a, b place) {
	t.Helper()
	bd := &builder{t: t, ctx: authz.System(context.Background()), c: s.Client}
	a, b = bd.place("a"), bd.place("b")
	const minute = time.Minute

	// Issues of community a.
	// 2025:
	i1 := bd.issue(a.community, issueSpec{ // 2025-01-01 00:30 Shanghai = 2024-12-31 16:30 UTC: in 2025
		grid: a.g1, kind: issue.KindDISPUTE, category: issue.CategoryNEIGHBOURS, channel: issue.ChannelPOLICE_CALL,
		status: lifecycle.Resolved, reported: sh(2025, 1, 1, 0, 30, 0, 0), ack: 10 * minute, arrival: 10 * minute, resolution: 2 * time.Hour, rating: 4})
	bd.issue(a.community, issueSpec{ // fractional seconds in reported_at and resolved_at
		grid: a.g1, kind: issue.KindDISPUTE, category: issue.CategoryNEIGHBOURS, channel: issue.ChannelPOLICE_CALL,
		status: lifecycle.Resolved, class: issue.IncidentClassPREVENTABLE, repeatOf: i1,
		reported: sh(2025, 3, 10, 9, 0, 0, 250), ack: 20 * minute, arrival: 30 * minute,
		resolution: time.Hour + 500*time.Millisecond, rating: 5})
	i3 := bd.issue(a.community, issueSpec{
		grid: a.g2, kind: issue.KindHAZARD, status: lifecycle.Acknowledged, class: issue.IncidentClassCRIMINAL,
		reported: sh(2025, 6, 1, 10, 0, 0, 0), ack: 40 * minute})
	bd.issue(a.community, issueSpec{ // the last millisecond of 2025
		grid: a.g2, kind: issue.KindEMERGENCY, channel: issue.ChannelPHONE, reported: sh(2025, 12, 31, 23, 59, 59, 999)})
	bd.issue(a.community, issueSpec{ // exactly the start of 2025: in 2025, and not in 2024
		grid: a.g1, kind: issue.KindINQUIRY, channel: issue.ChannelWALK_IN, reported: sh(2025, 1, 1, 0, 0, 0, 0)})
	// Exactly the end of 2025: in 2026, not in 2025.
	bd.issue(a.community, issueSpec{
		grid: a.g1, kind: issue.KindDISPUTE, category: issue.CategoryPARKING, channel: issue.ChannelPOLICE_CALL,
		reported: sh(2026, 1, 1, 0, 0, 0, 0)})
	// 2024:
	bd.issue(a.community, issueSpec{ // half a second before 2025
		grid: a.g1, kind: issue.KindDISPUTE, category: issue.CategoryNOISE, channel: issue.ChannelPOLICE_CALL,
		reported: sh(2024, 12, 31, 23, 59, 59, 500)})
	i7 := bd.issue(a.community, issueSpec{
		grid: a.g2, kind: issue.KindDISPUTE, category: issue.CategoryFAMILY, channel: issue.ChannelPOLICE_CALL,
		status: lifecycle.Acknowledged,
		class:  issue.IncidentClassPREVENTABLE, reported: sh(2024, 5, 1, 10, 0, 0, 0), ack: 30 * minute})
	bd.issue(a.community, issueSpec{ // exactly the start of 2024
		grid: a.g2, kind: issue.KindHELP_REQUEST, reported: sh(2024, 1, 1, 0, 0, 0, 0)})
	// 2023, a minute before 2024:
	bd.issue(a.community, issueSpec{grid: a.g1, kind: issue.KindINQUIRY, reported: sh(2023, 12, 31, 23, 59, 0, 0)})

	// Mediation cases of community a.
	bd.mediation(a.community, i1, sh(2025, 2, 1, 10, 0, 0, 0), mediationcase.OutcomeAGREEMENT) // g1
	bd.mediation(a.community, i3, sh(2025, 4, 1, 10, 0, 0, 0), mediationcase.OutcomeFAILED)    // g2
	bd.mediation(a.community, "", sh(2025, 5, 1, 10, 0, 0, 0), "")                             // open, no issue
	bd.mediation(a.community, i7, sh(2024, 6, 1, 10, 0, 0, 0), mediationcase.OutcomeAGREEMENT) // 2024, g2
	bd.mediation(a.community, i1, sh(2026, 1, 1, 0, 0, 0, 0), mediationcase.OutcomeAGREEMENT)  // 2026

	// Service records of community a's steward.
	bd.service(a.community, a.steward, a.r2, sh(2025, 3, 1, 9, 0, 0, 0), 60)    // g2
	bd.service(a.community, a.steward, a.r1, sh(2025, 3, 2, 9, 0, 0, 0), 45)    // g1
	bd.service(a.community, a.steward, "", sh(2025, 3, 3, 9, 0, 0, 0), 30)      // no resident
	bd.service(a.community, a.steward, a.r3, sh(2025, 4, 1, 9, 0, 0, 0), 20)    // resident in no compound
	bd.service(a.community, a.steward, a.r2, sh(2025, 1, 1, 0, 0, 0, 0), 15)    // exactly the start of 2025
	bd.service(a.community, a.steward, a.r1, sh(2024, 12, 31, 23, 0, 0, 0), 90) // 2024, g1

	// Public events and patrol shifts of community a.
	e1 := bd.event(a.community, sh(2025, 5, 1, 9, 0, 0, 0), 8)
	bd.event(a.community, sh(2025, 6, 1, 9, 0, 0, 0), 3) // not secured
	e3 := bd.event(a.community, sh(2024, 9, 1, 9, 0, 0, 0), 3)
	e4 := bd.event(a.community, sh(2026, 1, 1, 0, 0, 0, 0), 2) // exactly the end of 2025
	// 240 minutes × 2 members = 480, securing e1.
	bd.shift(a.community, a.team, e1, sh(2025, 5, 1, 8, 0, 0, 0), sh(2025, 5, 1, 12, 0, 0, 0), a.p1, a.p2)
	// 150 minutes 20 seconds × 3 members = 451 minutes.
	bd.shift(a.community, a.team, "", sh(2025, 5, 2, 20, 0, 0, 0), sh(2025, 5, 2, 22, 30, 20, 0), a.p1, a.p2, a.p3)
	// No members: 0.
	bd.shift(a.community, a.team, "", sh(2025, 5, 3, 8, 0, 0, 0), sh(2025, 5, 3, 9, 0, 0, 0))
	// Starts in 2024, ends in 2025: 120 minutes × 1, counted in 2024.
	bd.shift(a.community, a.team, "", sh(2024, 12, 31, 23, 0, 0, 0), sh(2025, 1, 1, 1, 0, 0, 0), a.p1)
	// 2024: 60 minutes × 1, securing e3.
	bd.shift(a.community, a.team, e3, sh(2024, 9, 1, 8, 0, 0, 0), sh(2024, 9, 1, 9, 0, 0, 0), a.p3)
	// 2026: securing e4.
	bd.shift(a.community, a.team, e4, sh(2026, 1, 1, 0, 0, 0, 0), sh(2026, 1, 1, 2, 0, 0, 0), a.p1)

	// Community b, in 2025: nothing of it may show in a's figures.
	ib := bd.issue(b.community, issueSpec{
		grid: b.g1, kind: issue.KindDISPUTE, category: issue.CategoryTENANCY, channel: issue.ChannelPOLICE_CALL,
		status: lifecycle.Resolved,
		class:  issue.IncidentClassCRIMINAL, reported: sh(2025, 5, 5, 12, 0, 0, 0),
		ack: minute, arrival: minute, resolution: minute, rating: 1})
	bd.issue(b.community, issueSpec{
		grid: b.g1, kind: issue.KindDISPUTE, category: issue.CategoryTENANCY, channel: issue.ChannelPOLICE_CALL,
		repeatOf: ib,
		reported: sh(2025, 5, 6, 12, 0, 0, 0)})
	bd.mediation(b.community, ib, sh(2025, 5, 6, 10, 0, 0, 0), mediationcase.OutcomeAGREEMENT)
	bd.service(b.community, b.steward, b.r1, sh(2025, 3, 1, 9, 0, 0, 0), 100)
	eb := bd.event(b.community, sh(2025, 5, 1, 9, 0, 0, 0), 2)
	bd.shift(b.community, b.team, eb, sh(2025, 5, 1, 8, 0, 0, 0), sh(2025, 5, 1, 10, 0, 0, 0), b.p1)
	return a, b
}

// kinds and statuses fill in the zero counts of every kind and status.
func kinds(m map[string]int) map[string]int {
	return fill(m, "DISPUTE", "HAZARD", "EMERGENCY", "PUBLIC_AFFAIR", "HELP_REQUEST", "INQUIRY")
}

func statuses(m map[string]int) map[string]int {
	return fill(m, "REPORTED", "ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "CLOSED", "REOPENED", "DUPLICATE", "REJECTED")
}

func fill(m map[string]int, keys ...string) map[string]int {
	out := map[string]int{}
	for _, k := range keys {
		out[k] = m[k]
	}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// show prints figures with their pointers followed.
func show(f stats.Figures) string {
	var sb strings.Builder
	v := reflect.ValueOf(f)
	for i := range v.NumField() {
		x := v.Field(i)
		if x.Kind() == reflect.Pointer {
			if x.IsNil() {
				fmt.Fprintf(&sb, "%s: nil\n", v.Type().Field(i).Name)
				continue
			}
			x = x.Elem()
		}
		fmt.Fprintf(&sb, "%s: %v\n", v.Type().Field(i).Name, x.Interface())
	}
	return sb.String()
}

func TestCompute(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b := load(t, s)
		// The year 2025 in Shanghai: [2024-12-31 16:00 UTC, 2025-12-31 16:00 UTC).
		y2025 := period(t, date(2025, 1, 1), date(2025, 12, 31))
		y2024 := y2025.YearEarlier(shanghai)
		cases := []struct {
			name   string
			scope  stats.Scope
			period stats.Period
			want   stats.Figures
		}{{
			// Issues 2025: i1 (00:30 on the first day), i2, i3, i4 (the
			// last millisecond), i5 (exactly the start); not the one exactly
			// at the end, nor community b's.
			// Medians: acknowledge of 10, 20, 40 minutes = 20 minutes;
			// arrival of 10 and 30 = 20; resolve of 2h and 1h0m0.5s =
			// 1h30m0.25s. Ratings 4 and 5: mean 4.5.
			// Mediations opened in 2025: 3 (one agreement; the one at the
			// end of 2025 is out). Service 60+45+30+20+15 = 170 minutes.
			// Patrols 480 + 451 + 0 = 931 member-minutes; events secured:
			// e1 (not the unsecured one, nor e4 at the end).
			name:   "community 2025",
			scope:  stats.Scope{CommunityID: a.community},
			period: y2025,
			want: stats.Figures{
				Issues:                5,
				IssuesByKind:          kinds(map[string]int{"DISPUTE": 2, "HAZARD": 1, "EMERGENCY": 1, "INQUIRY": 1}),
				IssuesByStatus:        statuses(map[string]int{"RESOLVED": 2, "ACKNOWLEDGED": 1, "REPORTED": 2}),
				PoliceCalls:           2,
				RepeatPoliceCalls:     1,
				Disputes:              2,
				PreventableCases:      1,
				CriminalCases:         1,
				Mediations:            3,
				MediationsResolved:    1,
				MedianAcknowledge:     dur(20 * time.Minute),
				MedianFirstArrival:    dur(20 * time.Minute),
				MedianResolve:         dur(time.Hour + 30*time.Minute + 250*time.Millisecond),
				Ratings:               2,
				MeanRating:            num(4.5),
				StewardServiceMinutes: 170,
				PatrolMemberMinutes:   931,
				EventsSecured:         1,
			},
		}, {
			// Grid g1 in 2025: i1, i2, i5. Acknowledge of 10 and 20 = 15
			// minutes. Mediations: the one of i1. Service: 45 minutes to
			// r1, who lives in g1. Patrols are community-wide: 0.
			name:   "grid 2025",
			scope:  stats.Scope{CommunityID: a.community, GridID: a.g1},
			period: y2025,
			want: stats.Figures{
				Issues:                3,
				IssuesByKind:          kinds(map[string]int{"DISPUTE": 2, "INQUIRY": 1}),
				IssuesByStatus:        statuses(map[string]int{"RESOLVED": 2, "REPORTED": 1}),
				PoliceCalls:           2,
				RepeatPoliceCalls:     1,
				Disputes:              2,
				PreventableCases:      1,
				Mediations:            1,
				MediationsResolved:    1,
				MedianAcknowledge:     dur(15 * time.Minute),
				MedianFirstArrival:    dur(20 * time.Minute),
				MedianResolve:         dur(time.Hour + 30*time.Minute + 250*time.Millisecond),
				Ratings:               2,
				MeanRating:            num(4.5),
				StewardServiceMinutes: 45,
			},
		}, {
			// The year before, 2024 in Shanghai: the issue half a second
			// before 2025, i7 and the one exactly at the start of 2024; not
			// i5, exactly at the end, nor the one a minute before 2024.
			// Acknowledge: 30 minutes; nothing arrived, resolved or rated.
			// Mediations: the one of i7, an agreement. Service: 90 minutes.
			// Patrols: 120 (the shift over midnight counts by its start) +
			// 60 = 180; events secured: e3.
			name:   "community 2024",
			scope:  stats.Scope{CommunityID: a.community},
			period: y2024,
			want: stats.Figures{
				Issues:                3,
				IssuesByKind:          kinds(map[string]int{"DISPUTE": 2, "HELP_REQUEST": 1}),
				IssuesByStatus:        statuses(map[string]int{"REPORTED": 2, "ACKNOWLEDGED": 1}),
				PoliceCalls:           2,
				Disputes:              2,
				PreventableCases:      1,
				Mediations:            1,
				MediationsResolved:    1,
				MedianAcknowledge:     dur(30 * time.Minute),
				StewardServiceMinutes: 90,
				PatrolMemberMinutes:   180,
				EventsSecured:         1,
			},
		}, {
			// Grid g2 in 2024: i7 and the one at the start of 2024; the
			// mediation of i7; no service to residents of g2.
			name:   "grid 2024",
			scope:  stats.Scope{CommunityID: a.community, GridID: a.g2},
			period: y2024,
			want: stats.Figures{
				Issues:             2,
				IssuesByKind:       kinds(map[string]int{"DISPUTE": 1, "HELP_REQUEST": 1}),
				IssuesByStatus:     statuses(map[string]int{"REPORTED": 1, "ACKNOWLEDGED": 1}),
				PoliceCalls:        1,
				Disputes:           1,
				PreventableCases:   1,
				Mediations:         1,
				MediationsResolved: 1,
				MedianAcknowledge:  dur(30 * time.Minute),
			},
		}, {
			// Community b in 2025: its own records only.
			name:   "other community 2025",
			scope:  stats.Scope{CommunityID: b.community},
			period: y2025,
			want: stats.Figures{
				Issues:                2,
				IssuesByKind:          kinds(map[string]int{"DISPUTE": 2}),
				IssuesByStatus:        statuses(map[string]int{"RESOLVED": 1, "REPORTED": 1}),
				PoliceCalls:           2,
				RepeatPoliceCalls:     1,
				Disputes:              2,
				CriminalCases:         1,
				Mediations:            1,
				MediationsResolved:    1,
				MedianAcknowledge:     dur(time.Minute),
				MedianFirstArrival:    dur(time.Minute),
				MedianResolve:         dur(time.Minute),
				Ratings:               1,
				MeanRating:            num(1),
				StewardServiceMinutes: 100,
				PatrolMemberMinutes:   120,
				EventsSecured:         1,
			},
		}, {
			// A grid of community a asked for with community b: nothing.
			name:   "grid of another community",
			scope:  stats.Scope{CommunityID: b.community, GridID: a.g1},
			period: y2025,
			want:   stats.Figures{IssuesByKind: kinds(nil), IssuesByStatus: statuses(nil)},
		}}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				for _, q := range []struct {
					name string
					q    stats.Querier
				}{{"ent client", s.Client}, {"sql.DB", s.DB}} {
					got, err := stats.Compute(ctx, q.q, s.Dialect, tc.scope, tc.period)
					if err != nil {
						t.Fatalf("%s: %v", q.name, err)
					}
					if !reflect.DeepEqual(got, tc.want) {
						t.Errorf("%s: got\n%s\nwant\n%s", q.name, show(got), show(tc.want))
					}
				}
			})
		}
		t.Run("transaction", func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			tx := must(s.Client.Tx(ctx)).of(t)
			defer tx.Rollback()
			got, err := stats.Compute(ctx, tx.Client(), s.Dialect, stats.Scope{CommunityID: a.community}, y2025)
			if err != nil {
				t.Fatal(err)
			}
			if got.Issues != 5 || got.PatrolMemberMinutes != 931 {
				t.Errorf("in a transaction: got %d issues, %d patrol minutes; want 5, 931", got.Issues, got.PatrolMemberMinutes)
			}
		})
		t.Run("change", func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			scope := stats.Scope{CommunityID: a.community}
			cur := must(stats.Compute(ctx, s.Client, s.Dialect, scope, y2025)).of(t)
			prev := must(stats.Compute(ctx, s.Client, s.Dialect, scope, y2024)).of(t)
			// Issues 3 -> 5: +66.7%. Repeat calls 0 -> 1: none.
			if c := stats.Change(float64(cur.Issues), float64(prev.Issues)); c == nil || *c != 66.7 {
				t.Errorf("change of issues = %v, want 66.7", c)
			}
			if c := stats.Change(float64(cur.RepeatPoliceCalls), float64(prev.RepeatPoliceCalls)); c != nil {
				t.Errorf("change of repeat calls = %v, want nil", *c)
			}
		})
	})
}

// TestComputeMany checks that computing several periods, overlapping
// ones too, in one statement per group gives each period the figures
// Compute gives it alone, and that parts left out stay zero and cost no
// statement.
func TestComputeMany(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, b := load(t, s)
		y2025 := period(t, date(2025, 1, 1), date(2025, 12, 31))
		periods := []stats.Period{y2025, y2025.YearEarlier(shanghai), period(t, date(2024, 7, 1), date(2025, 6, 30))}
		scopes := map[string]stats.Scope{
			"community a": {CommunityID: a.community},
			"grid g1":     {CommunityID: a.community, GridID: a.g1},
			"grid g2":     {CommunityID: a.community, GridID: a.g2},
			"community b": {CommunityID: b.community},
		}
		// only keeps the figures of parts, as ComputeMany leaves them.
		only := func(f stats.Figures, parts stats.Parts) stats.Figures {
			out := stats.Figures{IssuesByKind: kinds(nil), IssuesByStatus: statuses(nil)}
			if parts&stats.IssueCounts != 0 {
				out.Issues, out.IssuesByKind, out.IssuesByStatus = f.Issues, f.IssuesByKind, f.IssuesByStatus
				out.PoliceCalls, out.RepeatPoliceCalls, out.Disputes = f.PoliceCalls, f.RepeatPoliceCalls, f.Disputes
				out.PreventableCases, out.CriminalCases, out.Ratings, out.MeanRating = f.PreventableCases, f.CriminalCases, f.Ratings, f.MeanRating
			}
			if parts&stats.Medians != 0 {
				out.MedianAcknowledge, out.MedianFirstArrival, out.MedianResolve = f.MedianAcknowledge, f.MedianFirstArrival, f.MedianResolve
			}
			if parts&stats.Mediations != 0 {
				out.Mediations, out.MediationsResolved = f.Mediations, f.MediationsResolved
			}
			if parts&stats.Service != 0 {
				out.StewardServiceMinutes = f.StewardServiceMinutes
			}
			if parts&stats.Patrols != 0 {
				out.PatrolMemberMinutes, out.EventsSecured = f.PatrolMemberMinutes, f.EventsSecured
			}
			return out
		}
		for name, scope := range scopes {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				var alone []stats.Figures
				for _, p := range periods {
					alone = append(alone, must(stats.Compute(ctx, s.DB, s.Dialect, scope, p)).of(t))
				}
				if alone[0].Issues == 0 && scope.GridID == "" {
					t.Fatal("no issues in 2025: the data did not load")
				}
				for _, parts := range []stats.Parts{stats.All, stats.IssueCounts, stats.Medians, stats.Mediations | stats.Patrols, stats.Service, stats.Patrols} {
					got, err := stats.ComputeMany(ctx, s.DB, s.Dialect, scope, periods, parts)
					if err != nil {
						t.Fatalf("parts %b: %v", parts, err)
					}
					if len(got) != len(periods) {
						t.Fatalf("parts %b: %d figures for %d periods", parts, len(got), len(periods))
					}
					for k := range periods {
						if want := only(alone[k], parts); !reflect.DeepEqual(got[k], want) {
							t.Errorf("parts %b, period %d: got\n%s\nwant\n%s", parts, k, show(got[k]), show(want))
						}
					}
				}
			})
		}
		t.Run("statements", func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			for _, tc := range []struct {
				parts stats.Parts
				want  int
			}{{stats.All, 3}, {stats.IssueCounts, 1}, {stats.IssueCounts | stats.Mediations, 2}, {stats.Medians, 1}} {
				q := &countingQuerier{q: s.DB}
				if _, err := stats.ComputeMany(ctx, q, s.Dialect, stats.Scope{CommunityID: a.community}, periods, tc.parts); err != nil {
					t.Fatal(err)
				}
				if q.n != tc.want {
					t.Errorf("parts %b: %d statements for %d periods, want %d", tc.parts, q.n, len(periods), tc.want)
				}
			}
		})
	})
}

// countingQuerier counts the statements run through it.
type countingQuerier struct {
	q stats.Querier
	n int
}

// QueryContext counts the statement and runs it.
func (c *countingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.q.QueryContext(ctx, query, args...)
}

func TestComputeRejects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := period(t, date(2025, 1, 1), date(2025, 12, 31))
	// The checks come before any query: no database is needed.
	var q stats.Querier
	if _, err := stats.Compute(ctx, q, "mysql", stats.Scope{CommunityID: "CM1"}, p); err == nil {
		t.Error("an unknown dialect was accepted")
	}
	if _, err := stats.Compute(ctx, q, "postgres", stats.Scope{}, p); err == nil {
		t.Error("a scope without a community was accepted")
	}
	empty := stats.Period{From: p.From, To: p.From}
	if _, err := stats.Compute(ctx, q, "sqlite3", stats.Scope{CommunityID: "CM1"}, empty); err == nil {
		t.Error("an empty period was accepted")
	}
}

func TestPeriodOf(t *testing.T) {
	t.Parallel()
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	cases := []struct {
		name     string
		from, to time.Time
		want     stats.Period
	}{
		// 2025-01-01 00:00 Shanghai is 2024-12-31 16:00 UTC; the period
		// ends at 2026-01-01 00:00 Shanghai.
		{"a year", date(2025, 1, 1), date(2025, 12, 31), stats.Period{From: utc(2024, 12, 31, 16), To: utc(2025, 12, 31, 16)}},
		{"a day", date(2025, 3, 1), date(2025, 3, 1), stats.Period{From: utc(2025, 2, 28, 16), To: utc(2025, 3, 1, 16)}},
		// Only the dates count, read in their own locations.
		{"times ignored", time.Date(2025, 3, 1, 23, 59, 0, 0, time.UTC), sh(2025, 3, 2, 1, 0, 0, 0),
			stats.Period{From: utc(2025, 2, 28, 16), To: utc(2025, 3, 2, 16)}},
		// Exactly five years is allowed.
		{"five years", date(2020, 1, 1), date(2024, 12, 31), stats.Period{From: utc(2019, 12, 31, 16), To: utc(2024, 12, 31, 16)}},
	}
	for _, tc := range cases {
		got, err := stats.PeriodOf(tc.from, tc.to, shanghai)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !got.From.Equal(tc.want.From) || !got.To.Equal(tc.want.To) {
			t.Errorf("%s: got [%v, %v), want [%v, %v)", tc.name, got.From.UTC(), got.To.UTC(), tc.want.From, tc.want.To)
		}
		if got.From.Location() != shanghai {
			t.Errorf("%s: the period is in %v, want Asia/Shanghai", tc.name, got.From.Location())
		}
	}
	// The report at 2025-01-01 00:30 Shanghai, 2024-12-31 16:30 UTC, is in 2025.
	y := period(t, date(2025, 1, 1), date(2025, 12, 31))
	if r := utc(2024, 12, 31, 16).Add(30 * time.Minute); r.Before(y.From) || !r.Before(y.To) {
		t.Errorf("%v is not in %v", r, y)
	}

	for _, tc := range []struct {
		name     string
		from, to time.Time
	}{
		{"to before from", date(2025, 3, 2), date(2025, 3, 1)},
		{"five years and a day", date(2020, 1, 1), date(2025, 1, 1)},
		{"ten years", date(2015, 1, 1), date(2024, 12, 31)},
	} {
		_, err := stats.PeriodOf(tc.from, tc.to, shanghai)
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.Invalid || e.Field != "to" {
			t.Errorf("%s: got %v, want an invalid-input error on to", tc.name, err)
		}
	}
}

func TestYearEarlier(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name             string
		from, to         time.Time // the dates of the period
		wantFrom, wantTo time.Time // the dates of the year before
	}{
		{"a year", date(2025, 1, 1), date(2025, 12, 31), date(2024, 1, 1), date(2024, 12, 31)},
		{"a month", date(2025, 3, 1), date(2025, 3, 31), date(2024, 3, 1), date(2024, 3, 31)},
		// The 29th of February becomes the 28th, first or last.
		{"leap day", date(2024, 2, 29), date(2024, 2, 29), date(2023, 2, 28), date(2023, 2, 28)},
		{"leap February", date(2024, 2, 1), date(2024, 2, 29), date(2023, 2, 1), date(2023, 2, 28)},
		// Ending on the 28th, before a leap day: still the 28th.
		{"to the 28th", date(2024, 2, 1), date(2024, 2, 28), date(2023, 2, 1), date(2023, 2, 28)},
		// Into a leap year: the same dates, the 29th not included.
		{"to a leap year", date(2025, 2, 1), date(2025, 2, 28), date(2024, 2, 1), date(2024, 2, 28)},
	}
	for _, tc := range cases {
		got := period(t, tc.from, tc.to).YearEarlier(shanghai)
		want := period(t, tc.wantFrom, tc.wantTo)
		if !got.From.Equal(want.From) || !got.To.Equal(want.To) {
			t.Errorf("%s: got [%v, %v), want [%v, %v)", tc.name, got.From, got.To, want.From, want.To)
		}
	}
}

func TestChange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		previous, current float64
		want              *float64
	}{
		{100, 50, num(-50.0)},
		{10, 3, num(-70.0)},
		{0, 5, nil},
		{0, 0, nil},
		{3, 5, num(66.7)},  // 66.666…
		{3, 1, num(-66.7)}, // -66.666…
		{5, 5, num(0)},     // no change
		{8, 9, num(12.5)},  // exact
		{200, 1, num(-99.5)},
	}
	for _, tc := range cases {
		got := stats.Change(tc.current, tc.previous)
		switch {
		case got == nil && tc.want == nil:
		case got == nil || tc.want == nil || *got != *tc.want:
			t.Errorf("Change(%v, %v) = %v, want %v", tc.current, tc.previous, show1(got), show1(tc.want))
		}
	}
}

func show1(f *float64) string {
	if f == nil {
		return "nil"
	}
	return fmt.Sprint(*f)
}
