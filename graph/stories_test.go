package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"wutong/store"
	"wutong/store/storetest"
)

// people creates the staff of a story: an officer, a lawyer and a member of
// community staff, each a user with a membership.
type people struct{ officer, lawyer, staff string }

func newPeople(a *api, community string) people {
	a.tb.Helper()
	user := func(name, username, role string) string {
		id := a.createID("createUser", "CreateUserInput", "user", map[string]any{"displayName": name, "username": username})
		a.createID("createMembership", "CreateMembershipInput", "membership", map[string]any{"communityID": community, "userID": id, "role": role})
		return id
	}
	return people{
		officer: user("张警官", "officer.zhang", "POLICE_OFFICER"),
		lawyer:  user("刘律师", "lawyer.liu", "LAWYER"),
		staff:   user("陈主任", "staff.chen", "COMMUNITY_STAFF"),
	}
}

// resident creates a resident of the fixture's compound.
func (f fixture) newResident(a *api, name string, extra map[string]any) string {
	in := map[string]any{"communityID": f.community, "compoundID": f.compound, "name": name}
	for k, v := range extra {
		in[k] = v
	}
	return a.createID("createResident", "CreateResidentInput", "resident", in)
}

// report creates an issue in the fixture's compound.
func (f fixture) report(a *api, in map[string]any) string {
	in["communityID"], in["gridID"], in["compoundID"] = f.community, f.grid, f.compound
	return a.createID("createIssue", "CreateIssueInput", "issue", in)
}

// setStatus walks an issue through the given statuses.
func setStatus(a *api, issue string, statuses ...string) {
	a.tb.Helper()
	for _, s := range statuses {
		a.must(`mutation($in: IssueChange!) { updateIssue(input: $in) { issue { id } } }`,
			map[string]any{"in": map[string]any{"id": issue, "patch": map[string]any{"status": s}}}, nil)
	}
}

// read runs a query on one node and returns its JSON.
func read(a *api, id, selection string) string {
	a.tb.Helper()
	var out struct{ Node json.RawMessage }
	a.must(`query($id: ID!) { node(id: $id) { `+selection+` } }`, map[string]any{"id": id}, &out)
	return string(out.Node)
}

// contains fails the test unless every fragment is in the JSON.
func mustContain(tb testing.TB, json string, fragments ...string) {
	tb.Helper()
	for _, f := range fragments {
		if !strings.Contains(json, f) {
			tb.Errorf("missing %s in %s", f, json)
		}
	}
}

// mediate records a mediation case with two parties, mediators and sessions.
func mediate(a *api, community, issue string, parties [2]string, mediators []string, sessions []map[string]any) string {
	a.tb.Helper()
	mc := a.createID("createMediationCase", "CreateMediationCaseInput", "mediationCase", map[string]any{
		"communityID": community, "issueID": issue, "title": "调解", "mediatorIDs": mediators,
		"openedAt": "2026-05-15T10:00:00+08:00"})
	for i, role := range []string{"APPLICANT", "RESPONDENT"} {
		a.createID("createMediationParty", "CreateMediationPartyInput", "mediationParty", map[string]any{
			"communityID": community, "caseID": mc, "residentID": parties[i], "role": role})
	}
	for _, s := range sessions {
		s["communityID"], s["caseID"] = community, mc
		a.createID("createMediationSession", "CreateMediationSessionInput", "mediationSession", s)
	}
	a.must(`mutation($in: MediationCaseChange!) { updateMediationCase(input: $in) { mediationCase { id } } }`,
		map[string]any{"in": map[string]any{"id": mc, "patch": map[string]any{
			"status": "CLOSED", "outcome": "AGREEMENT", "agreement": "双方达成协议", "closedAt": "2026-06-01T18:00:00+08:00",
			"followUpOn": "2026-07-01T10:00:00+08:00"}}}, nil)
	return mc
}

// mediationRead is the selection that reads an issue with its mediation.
const mediationRead = `... on Issue { status rating feedback reporter { name }
	mediationCases(first: 5) { edges { node { status outcome agreement
		parties(first: 5) { edges { node { role resident { name } } } }
		mediators(first: 5) { edges { node { displayName } } }
		sessions(first: 5, orderBy: {field: STARTED_AT}) { edges { node { startedAt durationMinutes place meetingPoint { name } } } } } } } }`

// TestStories records each story of DOMAIN.md through the API and reads it
// back with its related records in one query.
func TestStories(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		p := newPeople(a, f.community)
		mediationRoom := a.createID("createMeetingPoint", "CreateMeetingPointInput", "meetingPoint",
			map[string]any{"communityID": f.community, "kind": "MEDIATION_ROOM", "name": "律师调解室"})
		station := a.createID("createMeetingPoint", "CreateMeetingPointInput", "meetingPoint",
			map[string]any{"communityID": f.community, "kind": "SERVICE_STATION", "name": "党群服务站"})

		t.Run("PropertyDispute", func(t *testing.T) {
			a := a.on(t)
			woman := f.newResident(a, "赵丽", map[string]any{"residency": "OWNER"})
			ex := f.newResident(a, "孙强", nil)
			issue := f.report(a, map[string]any{"reporterID": woman, "title": "前夫霸占房屋不让我回家", "kind": "DISPUTE", "category": "PROPERTY"})
			setStatus(a, issue, "ACKNOWLEDGED", "IN_PROGRESS")
			mediate(a, f.community, issue, [2]string{woman, ex}, []string{p.officer, p.lawyer, p.staff},
				[]map[string]any{{"meetingPointID": mediationRoom, "startedAt": "2026-05-30T14:00:00+08:00", "durationMinutes": 120}})
			setStatus(a, issue, "RESOLVED")
			a.must(`mutation($in: IssueChange!) { updateIssue(input: $in) { issue { id } } }`,
				map[string]any{"in": map[string]any{"id": issue, "patch": map[string]any{"rating": 5, "feedback": "感谢民警和律师"}}}, nil)
			got := read(a, issue, mediationRead+` ... on Issue { events(first: 20, orderBy: {field: OCCURRED_AT}) { edges { node { kind } } } }`)
			mustContain(t, got, `"status":"RESOLVED"`, `"rating":5`, `"outcome":"AGREEMENT"`, `"role":"APPLICANT"`, `"name":"赵丽"`,
				`"role":"RESPONDENT"`, `"name":"孙强"`, `"displayName":"刘律师"`, `"displayName":"张警官"`, `"displayName":"陈主任"`,
				`"name":"律师调解室"`, `"kind":"RATED"`)
		})

		t.Run("RentSplit", func(t *testing.T) {
			a := a.on(t)
			s1 := f.newResident(a, "周小雨", map[string]any{"residency": "TENANT"})
			s2 := f.newResident(a, "吴晨", map[string]any{"residency": "TENANT"})
			flat := a.createID("createRentalHousing", "CreateRentalHousingInput", "rentalHousing", map[string]any{
				"communityID": f.community, "compoundID": f.compound, "landlordID": f.resident, "building": "5", "room": "302",
				"monthlyRentFen": 320000, "tenantIDs": []string{s1, s2}})
			issue := f.report(a, map[string]any{"reporterID": s1, "title": "合租房租分摊纠纷", "kind": "DISPUTE", "category": "TENANCY", "channel": "APP"})
			setStatus(a, issue, "ACKNOWLEDGED", "IN_PROGRESS")
			mediate(a, f.community, issue, [2]string{s1, s2}, []string{p.officer}, []map[string]any{
				{"place": "社区警务室", "startedAt": "2026-05-20T19:00:00+08:00", "durationMinutes": 90},
				{"place": "社区警务室", "startedAt": "2026-05-21T19:00:00+08:00", "durationMinutes": 60},
			})
			setStatus(a, issue, "RESOLVED")
			mustContain(t, read(a, issue, mediationRead), `"place":"社区警务室"`, `"durationMinutes":90`, `"durationMinutes":60`, `"outcome":"AGREEMENT"`)
			mustContain(t, read(a, flat, `... on RentalHousing { monthlyRentFen landlord { name } tenants(first: 5) { totalCount edges { node { name } } } }`),
				`"totalCount":2`, `"name":"周小雨"`, `"name":"吴晨"`, `"monthlyRentFen":320000`)
		})

		t.Run("BathroomLeak", func(t *testing.T) {
			a := a.on(t)
			upstairs := f.newResident(a, "钱伟", nil)
			issue := f.report(a, map[string]any{"reporterID": f.neighbour, "title": "楼上卫生间漏水到我家", "kind": "DISPUTE", "category": "NEIGHBOURS"})
			setStatus(a, issue, "ACKNOWLEDGED")
			mediate(a, f.community, issue, [2]string{f.neighbour, upstairs}, []string{p.staff},
				[]map[string]any{{"meetingPointID": station, "startedAt": "2026-05-18T09:00:00+08:00", "durationMinutes": 180}})
			setStatus(a, issue, "RESOLVED", "CLOSED")
			mustContain(t, read(a, issue, mediationRead), `"status":"CLOSED"`, `"durationMinutes":180`, `"name":"党群服务站"`)
		})

		t.Run("VulnerableResident", func(t *testing.T) {
			a := a.on(t)
			stewardResident := f.newResident(a, "马红", map[string]any{"partyMember": true})
			steward := a.createID("createSteward", "CreateStewardInput", "steward", map[string]any{
				"communityID": f.community, "residentID": stewardResident, "workUnit": "区教育局", "compoundIDs": []string{f.compound}, "buildings": []string{"3号楼"}})
			a.createID("createServiceRecord", "CreateServiceRecordInput", "serviceRecord", map[string]any{
				"communityID": f.community, "stewardID": steward, "residentID": f.resident, "kind": "CARE_CHECK",
				"servedAt": "2026-06-02T08:10:00+08:00", "durationMinutes": 30, "notes": "敲门无人应答，发现老人昏迷"})
			issue := f.report(a, map[string]any{"title": "独居老人昏迷", "kind": "EMERGENCY", "priority": "URGENT", "channel": "PHONE",
				"description": "3号楼2单元401王秀兰昏迷", "latitude": 39.9151, "longitude": 116.4041})
			team := a.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "红袖标巡逻队"})
			member := a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{
				"communityID": f.community, "teamID": team, "name": "郑师傅", "affiliation": "PROPERTY_STAFF", "onDuty": true,
				"lastLatitude": 39.9160, "lastLongitude": 116.4050, "lastLocatedAt": "2026-06-02T08:12:00+08:00"})
			a.createID("createDispatch", "CreateDispatchInput", "dispatch", map[string]any{
				"communityID": f.community, "issueID": issue, "memberID": member, "status": "ARRIVED", "distanceMeters": 126,
				"sentAt": "2026-06-02T08:13:00+08:00", "acceptedAt": "2026-06-02T08:13:30+08:00", "arrivedAt": "2026-06-02T08:16:00+08:00"})
			setStatus(a, issue, "ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED")
			mustContain(t, read(a, issue, `... on Issue { kind priority status dispatches(first: 5) { edges { node { status distanceMeters arrivedAt member { name onDuty team { name } } } } } }`),
				`"kind":"EMERGENCY"`, `"status":"ARRIVED"`, `"distanceMeters":126`, `"name":"郑师傅"`, `"name":"红袖标巡逻队"`)
			mustContain(t, read(a, steward, `... on Steward { resident { name } serviceRecords(first: 5) { edges { node { kind notes resident { name } } } } }`),
				`"kind":"CARE_CHECK"`, `"name":"王秀兰"`)
		})

		t.Run("HazardFoundOnPatrol", func(t *testing.T) {
			a := a.on(t)
			team := a.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "夜间巡逻队"})
			member := a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{
				"communityID": f.community, "teamID": team, "name": "冯刚", "affiliation": "RESIDENT"})
			shift := a.createID("createPatrolShift", "CreatePatrolShiftInput", "patrolShift", map[string]any{
				"communityID": f.community, "teamID": team, "memberIDs": []string{member},
				"startsAt": "2026-06-03T20:00:00+08:00", "endsAt": "2026-06-04T04:00:00+08:00", "log": "22:40 发现7号楼消防通道被杂物堵塞"})
			issue := f.report(a, map[string]any{"title": "消防通道被堵", "kind": "HAZARD", "category": "SAFETY", "channel": "PATROL", "patrolShiftID": shift})
			mustContain(t, read(a, shift, `... on PatrolShift { log members(first: 5) { edges { node { name } } } foundIssues(first: 5) { edges { node { title channel } } } }`),
				`"name":"冯刚"`, `"title":"消防通道被堵"`, `"channel":"PATROL"`)
			_ = issue
		})

		t.Run("ProblemCompoundTurnedAround", func(t *testing.T) {
			a := a.on(t)
			var issues []string
			for _, title := range []string{"拖欠暖气费和水费", "垃圾堆积无人清运", "老旧电梯经常停运"} {
				issues = append(issues, f.report(a, map[string]any{"title": title, "kind": "PUBLIC_AFFAIR", "category": "FACILITIES", "channel": "ONLINE_HALL"}))
			}
			meeting := a.createID("createMeeting", "CreateMeetingInput", "meeting", map[string]any{
				"communityID": f.community, "meetingPointID": station, "topic": "银杏里小区治理议事会",
				"agenda": []string{"暖气水费", "垃圾清运", "电梯维修"}, "startsAt": "2026-06-05T19:00:00+08:00", "endsAt": "2026-06-05T21:00:00+08:00",
				"minutes": "居民代表、社区和民警共同商议", "decisions": []string{"成立自管小组收缴费用", "每周二、五清运垃圾", "申请加装电梯并募捐"},
				"attendeeIDs": []string{f.resident, f.neighbour}, "staffIDs": []string{p.staff, p.officer}, "issueIDs": issues})
			donate := func(in map[string]any) {
				in["communityID"], in["compoundID"] = f.community, f.compound
				a.createID("createDonation", "CreateDonationInput", "donation", in)
			}
			donate(map[string]any{"kind": "MONEY", "amountFen": 50000, "donorID": f.resident, "purpose": "加装电梯"})
			donate(map[string]any{"kind": "MONEY", "amountFen": 20000, "donorID": f.neighbour, "anonymous": true, "purpose": "加装电梯"})
			donate(map[string]any{"kind": "GOODS", "goods": "垃圾桶 20 个", "donorName": "某物业公司", "purpose": "垃圾清运"})
			mustContain(t, read(a, meeting, `... on Meeting { topic decisions meetingPoint { kind } issues(first: 5) { totalCount edges { node { title kind } } } attendees(first: 5) { totalCount } }`),
				`"kind":"SERVICE_STATION"`, `"totalCount":3`, `"title":"老旧电梯经常停运"`, `每周二、五清运垃圾`)
			var roster struct {
				DonationRoster []struct {
					Purpose                        string
					TotalFen                       int
					MoneyDonations, GoodsDonations int
					Entries                        []struct{ Donor, Kind string }
				}
			}
			a.must(`query($c: ID!) { donationRoster(communityID: $c) { purpose totalFen moneyDonations goodsDonations entries { donor kind } } }`,
				map[string]any{"c": f.community}, &roster)
			got, _ := json.Marshal(roster)
			mustContain(t, string(got), `"Purpose":"加装电梯","TotalFen":70000,"MoneyDonations":2`, `"Donor":"匿名"`, `"Donor":"王秀兰"`, `"Donor":"某物业公司"`)
			if strings.Contains(string(got), "李建国") {
				t.Errorf("the roster names an anonymous donor: %s", got)
			}
		})

		t.Run("LargeEvent", func(t *testing.T) {
			a := a.on(t)
			venue := a.createID("createOrganization", "CreateOrganizationInput", "organization", map[string]any{
				"communityID": f.community, "name": "区体育中心", "kind": "VENUE", "contactName": "体育中心保卫科", "contactPhone": "13900001111"})
			event := a.createID("createPublicEvent", "CreatePublicEventInput", "publicEvent", map[string]any{
				"communityID": f.community, "venueID": venue, "name": "区中小学生运动会", "expectedAttendance": 3000,
				"startsAt": "2026-06-10T08:00:00+08:00", "endsAt": "2026-06-10T17:00:00+08:00"})
			team := a.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "活动安保队"})
			m1 := a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{"communityID": f.community, "teamID": team, "name": "卫东", "affiliation": "UNIT_EMPLOYEE"})
			m2 := a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{"communityID": f.community, "teamID": team, "name": "蒋军", "affiliation": "GRID_WORKER"})
			for _, hours := range [][2]string{{"07:00", "12:00"}, {"12:00", "18:00"}} {
				a.createID("createPatrolShift", "CreatePatrolShiftInput", "patrolShift", map[string]any{
					"communityID": f.community, "teamID": team, "eventID": event, "memberIDs": []string{m1, m2},
					"startsAt": "2026-06-10T" + hours[0] + ":00+08:00", "endsAt": "2026-06-10T" + hours[1] + ":00+08:00"})
			}
			mustContain(t, read(a, event, `... on PublicEvent { name expectedAttendance venue { name kind } securityShifts(first: 5) { totalCount edges { node { members(first: 5) { edges { node { name } } } } } } }`),
				`"expectedAttendance":3000`, `"kind":"VENUE"`, `"totalCount":2`, `"name":"蒋军"`)
		})

		t.Run("RepeatedPoliceCall", func(t *testing.T) {
			a := a.on(t)
			first := f.report(a, map[string]any{"title": "深夜噪音扰民", "kind": "DISPUTE", "category": "NOISE", "channel": "POLICE_CALL", "reportedAt": "2026-06-01T23:10:00+08:00"})
			f.report(a, map[string]any{"title": "深夜噪音扰民（再次报警）", "kind": "DISPUTE", "category": "NOISE", "channel": "POLICE_CALL",
				"reportedAt": "2026-06-02T23:30:00+08:00", "repeatOfID": first})
			mustContain(t, read(a, first, `... on Issue { repeats(first: 5) { totalCount edges { node { title repeatOf { title } } } } }`),
				`"totalCount":1`, `"title":"深夜噪音扰民（再次报警）"`)
			a.fails(`mutation($in: CreateIssueInput!) { createIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{
				"communityID": f.community, "title": "x", "kind": "DISPUTE", "channel": "APP", "repeatOfID": first}}, "BAD_USER_INPUT", "repeatOfID")
		})
	})
}
