package graph_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wutong/store"
	"wutong/store/storetest"
)

func TestDomainBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		station := a.createID("createMeetingPoint", "CreateMeetingPointInput", "meetingPoint",
			map[string]any{"communityID": f.community, "kind": "SERVICE_STATION", "name": "党群服务站"})
		otherResident := a.createID("createResident", "CreateResidentInput", "resident", map[string]any{"communityID": f.other, "name": "外人"})
		org := a.createID("createOrganization", "CreateOrganizationInput", "organization", map[string]any{"communityID": f.community, "name": "某酒店", "kind": "HOTEL"})
		a.createID("createEmployeeRegistration", "CreateEmployeeRegistrationInput", "employeeRegistration",
			map[string]any{"communityID": f.community, "organizationID": org, "residentID": f.resident, "position": "前台"})
		mc := a.openCase(f.issue, []string{mediatorOf(t, s, f.community, "mediator")}, f.resident, f.neighbour)

		counts := func() string {
			var out map[string]struct{ TotalCount int }
			a.must(`{ dutyShifts(first: 0) { totalCount } meetings(first: 0) { totalCount } donations(first: 0) { totalCount } employeeRegistrations(first: 0) { totalCount }
				mediationParties(first: 0) { totalCount } mediationSessions(first: 0) { totalCount } notices(first: 0) { totalCount } patrolShifts(first: 0) { totalCount } }`, nil, &out)
			b, _ := json.Marshal(out)
			return string(b)
		}
		before := counts()
		mutation := func(name string) string {
			field := strings.ToLower(name[:1]) + name[1:]
			return `mutation($in: Create` + name + `Input!) { r: create` + name + `(input: $in) { ` + field + ` { id } } }`
		}
		for _, c := range []struct {
			name, entity string
			in           map[string]any
			code, field  string
		}{
			{"ShiftEndsBeforeItStarts", "DutyShift", map[string]any{"communityID": f.community, "meetingPointID": station, "body": "POLICE",
				"startsAt": "2026-06-01T17:00:00+08:00", "endsAt": "2026-06-01T09:00:00+08:00"}, "BAD_USER_INPUT", "endsAt"},
			{"ShiftOfZeroLength", "DutyShift", map[string]any{"communityID": f.community, "meetingPointID": station, "body": "POLICE",
				"startsAt": "2026-06-01T09:00:00+08:00", "endsAt": "2026-06-01T09:00:00+08:00"}, "BAD_USER_INPUT", "endsAt"},
			{"NegativeAmount", "Donation", map[string]any{"communityID": f.community, "kind": "MONEY", "amountFen": -100, "purpose": "加装电梯"}, "BAD_USER_INPUT", "amountFen"},
			{"FractionalAmount", "Donation", map[string]any{"communityID": f.community, "kind": "MONEY", "amountFen": 10.5, "purpose": "加装电梯"}, "BAD_USER_INPUT", "amountFen"},
			{"MoneyWithoutAmount", "Donation", map[string]any{"communityID": f.community, "kind": "MONEY", "purpose": "加装电梯"}, "BAD_USER_INPUT", "amountFen"},
			{"GoodsWithAmount", "Donation", map[string]any{"communityID": f.community, "kind": "GOODS", "goods": "灭火器", "amountFen": 100, "purpose": "消防"}, "BAD_USER_INPUT", "amountFen"},
			{"AttendeeOfAnotherCommunity", "Meeting", map[string]any{"communityID": f.community, "topic": "议事", "startsAt": "2026-06-01T19:00:00+08:00",
				"attendeeIDs": []string{f.resident, otherResident}}, "BAD_USER_INPUT", "attendeeIDs"},
			{"PartyOfAnotherCommunity", "MediationParty", map[string]any{"communityID": f.community, "caseID": mc, "residentID": otherResident, "role": "RESPONDENT"}, "BAD_USER_INPUT", "residentID"},
			{"PartyTwice", "MediationParty", map[string]any{"communityID": f.community, "caseID": mc, "residentID": f.resident, "role": "RESPONDENT"}, "BAD_USER_INPUT", "residentID"},
			{"DuplicateRegistration", "EmployeeRegistration", map[string]any{"communityID": f.community, "organizationID": org, "residentID": f.resident}, "BAD_USER_INPUT", "residentID"},
			{"GridNoticeWithoutGrid", "Notice", map[string]any{"communityID": f.community, "kind": "ANNOUNCEMENT", "audience": "GRID", "title": "停水通知", "body": "明日停水"}, "BAD_USER_INPUT", "gridID"},
			{"CommunityNoticeNamingACompound", "Notice", map[string]any{"communityID": f.community, "kind": "ANNOUNCEMENT", "title": "停水通知", "body": "明日停水", "compoundID": f.compound}, "BAD_USER_INPUT", "audience"},
		} {
			t.Run(c.name, func(t *testing.T) {
				a.on(t).fails(mutation(c.entity), map[string]any{"in": c.in}, c.code, c.field)
			})
		}
		t.Run("SessionOfNoMinutes", func(t *testing.T) {
			a.on(t).fails(`mutation($in: RecordMediationSessionInput!) { recordMediationSession(input: $in) { mediationSession { id } } }`,
				map[string]any{"in": map[string]any{"caseID": mc, "startedAt": "2026-06-01T09:00:00+08:00", "durationMinutes": 0}}, "BAD_USER_INPUT", "durationMinutes")
		})
		t.Run("UpdateCannotMakeAShiftEndBeforeItStarts", func(t *testing.T) {
			a := a.on(t)
			shift := a.createID("createDutyShift", "CreateDutyShiftInput", "dutyShift", map[string]any{"communityID": f.community, "meetingPointID": station,
				"body": "POLICE", "startsAt": "2026-06-01T09:00:00+08:00", "endsAt": "2026-06-01T17:00:00+08:00"})
			a.fails(`mutation($in: DutyShiftChange!) { updateDutyShift(input: $in) { dutyShift { id } } }`,
				map[string]any{"in": map[string]any{"id": shift, "patch": map[string]any{"endsAt": "2026-06-01T08:00:00+08:00"}}}, "BAD_USER_INPUT", "endsAt")
			before = counts()
		})
		if after := counts(); after != before {
			t.Errorf("counts changed after refused input:\n%s\n%s", before, after)
		}
	})
}

func TestLayOutDutyRotation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		station := a.createID("createMeetingPoint", "CreateMeetingPointInput", "meetingPoint",
			map[string]any{"communityID": f.community, "kind": "SERVICE_STATION", "name": "党群服务站"})
		layOut := `mutation($in: LayOutDutyRotationInput!) { layOutDutyRotation(input: $in) { replaced shifts { body startsAt endsAt } } }`
		in := map[string]any{"meetingPointID": station, "from": "2026-06-01", "to": "2026-06-28",
			"bodies":    []string{"COMMUNITY_PARTY_COMMITTEE", "RESIDENTS_COMMITTEE", "HOMEOWNERS_COMMITTEE", "POLICE"},
			"startTime": "09:00", "endTime": "17:00"}
		var out struct {
			LayOutDutyRotation struct {
				Replaced int
				Shifts   []struct{ Body, StartsAt, EndsAt string }
			}
		}
		a.must(layOut, map[string]any{"in": in}, &out)
		shifts := out.LayOutDutyRotation.Shifts
		if len(shifts) != 20 {
			t.Fatalf("4 weeks of Monday to Friday gave %d shifts, want 20", len(shifts))
		}
		// 2026-06-01 is a Monday; 09:00 in Asia/Shanghai is 01:00 UTC.
		start, _ := time.Parse(time.RFC3339, shifts[0].StartsAt)
		end, _ := time.Parse(time.RFC3339, shifts[0].EndsAt)
		if shifts[0].Body != "COMMUNITY_PARTY_COMMITTEE" || !start.Equal(time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)) || end.Sub(start) != 8*time.Hour {
			t.Errorf("first shift = %+v", shifts[0])
		}
		for i, want := range []string{"COMMUNITY_PARTY_COMMITTEE", "RESIDENTS_COMMITTEE", "HOMEOWNERS_COMMITTEE", "POLICE"} {
			for d := 0; d < 5; d++ {
				if got := shifts[i*5+d].Body; got != want {
					t.Errorf("week %d day %d: %s on duty, want %s", i+1, d+1, got, want)
				}
			}
		}
		a.fails(layOut, map[string]any{"in": in}, "CONFLICT", "")
		in["replaceExisting"] = true
		in["weekdays"] = []int{6, 7}
		a.must(layOut, map[string]any{"in": in}, &out)
		if out.LayOutDutyRotation.Replaced != 20 || len(out.LayOutDutyRotation.Shifts) != 8 {
			t.Errorf("replacing with weekends: replaced %d, laid out %d; want 20 and 8", out.LayOutDutyRotation.Replaced, len(out.LayOutDutyRotation.Shifts))
		}
		for _, c := range []struct {
			field string
			value any
		}{{"endTime", "08:00"}, {"from", "June 1"}, {"to", "2026-05-01"}, {"to", "2028-01-01"}, {"weekdays", []int{0}}, {"bodies", []string{}}, {"startTime", "25:00"}} {
			bad := map[string]any{}
			for k, v := range in {
				bad[k] = v
			}
			bad[c.field] = c.value
			a.fails(layOut, map[string]any{"in": bad}, "BAD_USER_INPUT", c.field)
		}
	})
}
