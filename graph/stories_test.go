package graph_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// shanghai is the time zone of the stories' community.
var shanghai, _ = time.LoadLocation("Asia/Shanghai")

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
	return a.reportID(in)
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

// cast is the people of the stories, each logged in with their own role.
type cast struct {
	a                      *api // the administrator who sets the community up
	s                      *store.Store
	f                      fixture
	officer, lawyer, staff *api
	officerID, lawyerID    string
	staffID                string
	mediationRoom, station string
	patrolTeam             string
}

// person creates a user with one role in the story's community, linked to
// a resident if one is given, and logs them in.
func (c *cast) person(username string, role membership.Role, resident string) (*api, string) {
	c.a.tb.Helper()
	id := newUser(c.a.tb, c.s, username, "", "story password", map[gid.ID]membership.Role{gid.ID(c.f.community): role})
	if resident != "" {
		c.s.Client.User.UpdateOneID(id).SetResidentID(gid.ID(resident)).ExecX(system)
	}
	return c.a.as(c.a.login(username, "story password")), string(id)
}

// patrolMember creates a patrol member with a login at a position.
func (c *cast) patrolMember(username, name string, lat, lon float64) (*api, string) {
	c.a.tb.Helper()
	p, user := c.person(username, membership.RolePATROL_VOLUNTEER, "")
	member := c.staff.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{
		"communityID": c.f.community, "teamID": c.patrolTeam, "userID": user, "name": name, "affiliation": "RESIDENT", "onDuty": true})
	p.must(`mutation($in: UpdateMyLocationInput!) { updateMyLocation(input: $in) { recorded } }`,
		map[string]any{"in": map[string]any{"latitude": lat, "longitude": lon}}, nil)
	return p, member
}

// mutate runs a mutation with one input as the caller and decodes the result.
func mutate(a *api, mutation, inputType string, in map[string]any, selection string, out any) {
	a.tb.Helper()
	a.must(`mutation($in: `+inputType+`!) { r: `+mutation+`(input: $in) { `+selection+` } }`, map[string]any{"in": in}, out)
}

// open takes a dispute to mediation as the caller and returns the case ID.
func open(a *api, issue string, parties [][2]string, mediators []string, meetingPoint string) string {
	a.tb.Helper()
	var ps []map[string]any
	for _, p := range parties {
		ps = append(ps, map[string]any{"residentID": p[0], "role": p[1]})
	}
	in := map[string]any{"issueID": issue, "parties": ps, "mediatorIDs": mediators}
	if meetingPoint != "" {
		in["meetingPointID"] = meetingPoint
	}
	var out struct {
		R struct{ MediationCase struct{ ID string } }
	}
	mutate(a, "openMediation", "OpenMediationInput", in, "mediationCase { id }", &out)
	return out.R.MediationCase.ID
}

// recordSession records a mediation session as the caller.
func recordSession(a *api, mc string, in map[string]any) {
	a.tb.Helper()
	in["caseID"] = mc
	mutate(a, "recordMediationSession", "RecordMediationSessionInput", in, "mediationSession { id }", nil)
}

// conclude ends a mediation case in agreement as the caller.
func conclude(a *api, mc, agreement string) {
	a.tb.Helper()
	mutate(a, "concludeMediation", "ConcludeMediationInput", map[string]any{"caseID": mc, "outcome": "AGREEMENT", "agreement": agreement},
		"mediationCase { status }", nil)
}

// step takes one lifecycle step as the caller.
func step(a *api, mutation, issue string, note string) {
	a.tb.Helper()
	in := map[string]any{"id": issue}
	if note != "" {
		in["note"] = note
	}
	mutate(a, mutation, "IssueStepInput", in, "issue { id }", nil)
}

// reportAs reports an issue as the caller in the fixture's compound.
func (c *cast) reportAs(a *api, in map[string]any) string {
	a.tb.Helper()
	in["communityID"], in["gridID"], in["compoundID"] = c.f.community, c.f.grid, c.f.compound
	return a.reportID(in)
}

// recent is a time a little before now, for records of what just happened.
func recent(d time.Duration) string { return time.Now().Add(-d).Format(time.RFC3339) }

// mediationRead is the selection that reads an issue with its mediation.
const mediationRead = `... on Issue { status rating feedback resolution reporter { name }
	mediationCases(first: 5) { edges { node { status outcome agreement meetingPoint { name }
		parties(first: 5) { edges { node { role resident { name } } } }
		mediators(first: 5) { edges { node { displayName } } }
		sessions(first: 5, orderBy: {field: STARTED_AT}) { edges { node { startedAt durationMinutes place meetingPoint { name } } } } } } } }`

// TestStories runs each story of DOMAIN.md through the API, every step
// taken by a logged-in user of the role that takes it in real life, and
// reads the outcome back.
func TestStories(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		c := &cast{a: a, s: s, f: newFixture(a)}
		f := c.f
		c.officer, c.officerID = c.person("officer.zhang", membership.RolePOLICE_OFFICER, "")
		c.lawyer, c.lawyerID = c.person("lawyer.liu", membership.RoleLAWYER, "")
		c.staff, c.staffID = c.person("staff.chen", membership.RoleCOMMUNITY_STAFF, "")
		for _, u := range [][2]string{{c.officerID, "张警官"}, {c.lawyerID, "刘律师"}, {c.staffID, "陈主任"}} {
			s.Client.User.UpdateOneID(gid.ID(u[0])).SetDisplayName(u[1]).ExecX(system)
		}
		c.mediationRoom = c.staff.createID("createMeetingPoint", "CreateMeetingPointInput", "meetingPoint",
			map[string]any{"communityID": f.community, "kind": "MEDIATION_ROOM", "name": "律师调解室"})
		c.station = c.staff.createID("createMeetingPoint", "CreateMeetingPointInput", "meetingPoint",
			map[string]any{"communityID": f.community, "kind": "SERVICE_STATION", "name": "党群服务站"})
		c.patrolTeam = c.staff.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "红袖标巡逻队"})

		t.Run("PropertyDispute", func(t *testing.T) {
			woman := f.newResident(c.staff.on(t), "赵丽", map[string]any{"residency": "OWNER"})
			ex := f.newResident(c.staff.on(t), "孙强", nil)
			she, _ := c.person("zhao.li", membership.RoleRESIDENT, woman)
			she = she.on(t)
			issue := c.reportAs(she, map[string]any{"title": "前夫霸占房屋不让我回家", "kind": "DISPUTE", "category": "PROPERTY"})
			officer := c.officer.on(t)
			step(officer, "acknowledgeIssue", issue, "")
			mc := open(officer, issue, [][2]string{{woman, "APPLICANT"}, {ex, "RESPONDENT"}}, []string{c.officerID, c.lawyerID, c.staffID}, c.mediationRoom)
			lawyer := c.lawyer.on(t)
			recordSession(lawyer, mc, map[string]any{"meetingPointID": c.mediationRoom, "startedAt": recent(3 * time.Hour), "durationMinutes": 120})
			conclude(lawyer, mc, "房屋归赵丽所有，孙强三日内搬离")
			mutate(she, "rateIssue", "RateIssueInput", map[string]any{"id": issue, "rating": 5, "feedback": "感谢民警和律师"}, "issue { rating }", nil)
			// The parties see their case; the mediators' names are for the office.
			mustContain(t, read(she, issue, mediationRead), `"status":"RESOLVED"`, `"rating":5`, `"outcome":"AGREEMENT"`, `"name":"孙强"`)
			got := read(officer, issue, mediationRead+` ... on Issue { events(first: 20, orderBy: {field: OCCURRED_AT}) { edges { node { kind actor { displayName } } } } }`)
			mustContain(t, got, `"status":"RESOLVED"`, `"rating":5`, `"outcome":"AGREEMENT"`, `"role":"APPLICANT"`, `"name":"赵丽"`,
				`"role":"RESPONDENT"`, `"name":"孙强"`, `"displayName":"刘律师"`, `"displayName":"张警官"`, `"displayName":"陈主任"`,
				`"name":"律师调解室"`, `"kind":"MEDIATION_OPENED"`, `"kind":"MEDIATION_CONCLUDED"`, `"kind":"RATED"`, `房屋归赵丽所有`)
		})

		t.Run("RentSplit", func(t *testing.T) {
			staff := c.staff.on(t)
			s1 := f.newResident(staff, "周小雨", map[string]any{"residency": "TENANT"})
			s2 := f.newResident(staff, "吴晨", map[string]any{"residency": "TENANT"})
			flat := staff.createID("createRentalHousing", "CreateRentalHousingInput", "rentalHousing", map[string]any{
				"communityID": f.community, "compoundID": f.compound, "landlordID": f.resident, "building": "5", "room": "302",
				"monthlyRentFen": 320000, "tenantIDs": []string{s1, s2}})
			student, _ := c.person("zhou.xiaoyu", membership.RoleRESIDENT, s1)
			issue := c.reportAs(student.on(t), map[string]any{"title": "合租房租分摊纠纷", "kind": "DISPUTE", "category": "TENANCY", "channel": "APP"})
			officer := c.officer.on(t)
			mc := open(officer, issue, [][2]string{{s1, "APPLICANT"}, {s2, "RESPONDENT"}}, []string{c.officerID}, "")
			recordSession(officer, mc, map[string]any{"place": "社区警务室", "startedAt": recent(26 * time.Hour), "durationMinutes": 90})
			recordSession(officer, mc, map[string]any{"place": "社区警务室", "startedAt": recent(2 * time.Hour), "durationMinutes": 60})
			conclude(officer, mc, "按房间面积分摊房租")
			mustContain(t, read(student.on(t), issue, mediationRead), `"status":"RESOLVED"`, `"place":"社区警务室"`, `"durationMinutes":90`, `"durationMinutes":60`, `"outcome":"AGREEMENT"`)
			mustContain(t, read(staff, flat, `... on RentalHousing { monthlyRentFen landlord { name } tenants(first: 5) { totalCount edges { node { name } } } }`),
				`"totalCount":2`, `"name":"周小雨"`, `"name":"吴晨"`, `"monthlyRentFen":320000`)
		})

		t.Run("BathroomLeak", func(t *testing.T) {
			staff := c.staff.on(t)
			upstairs := f.newResident(staff, "钱伟", nil)
			neighbour, _ := c.person("li.jianguo", membership.RoleRESIDENT, f.neighbour)
			neighbour = neighbour.on(t)
			issue := c.reportAs(neighbour, map[string]any{"title": "楼上卫生间漏水到我家", "kind": "DISPUTE", "category": "NEIGHBOURS"})
			step(staff, "acknowledgeIssue", issue, "")
			mc := open(staff, issue, [][2]string{{f.neighbour, "APPLICANT"}, {upstairs, "RESPONDENT"}}, []string{c.staffID}, c.station)
			recordSession(staff, mc, map[string]any{"meetingPointID": c.station, "startedAt": recent(4 * time.Hour), "durationMinutes": 180})
			conclude(staff, mc, "钱伟负责修复防水层并赔偿")
			step(neighbour, "closeIssue", issue, "已修好")
			mustContain(t, read(neighbour, issue, mediationRead), `"status":"CLOSED"`, `"durationMinutes":180`, `"name":"党群服务站"`)
		})

		t.Run("VulnerableResident", func(t *testing.T) {
			staff := c.staff.on(t)
			stewardResident := f.newResident(staff, "马红", map[string]any{"partyMember": true})
			steward := staff.createID("createSteward", "CreateStewardInput", "steward", map[string]any{
				"communityID": f.community, "residentID": stewardResident, "workUnit": "区教育局", "compoundIDs": []string{f.compound}, "buildings": []string{"3号楼"}})
			ma, _ := c.person("ma.hong", membership.RoleSTEWARD, stewardResident)
			ma = ma.on(t)
			ma.createID("createServiceRecord", "CreateServiceRecordInput", "serviceRecord", map[string]any{
				"communityID": f.community, "stewardID": steward, "residentID": f.resident, "kind": "CARE_CHECK",
				"servedAt": recent(20 * time.Minute), "durationMinutes": 30, "notes": "敲门无人应答，发现老人昏迷"})
			// The patrol: one 130 m away, one about 1 km away; a third off duty right next door.
			near, nearMember := c.patrolMember("zheng.shifu", "郑师傅", 39.9160, 116.4050)
			far, farMember := c.patrolMember("feng.gang", "冯刚", 39.9240, 116.4041)
			_, offMember := c.patrolMember("wei.dong", "卫东", 39.9152, 116.4042)
			staff.must(`mutation($in: PatrolMemberChange!) { updatePatrolMember(input: $in) { patrolMember { id } } }`,
				map[string]any{"in": map[string]any{"id": offMember, "patch": map[string]any{"onDuty": false}}}, nil)
			issue := c.reportAs(ma, map[string]any{"title": "独居老人昏迷", "kind": "EMERGENCY", "priority": "URGENT", "channel": "APP",
				"description": "3号楼2单元401王秀兰昏迷", "latitude": 39.9151, "longitude": 116.4041})
			officer := c.officer.on(t)
			var sent struct {
				R struct {
					Dispatch struct {
						ID             string
						DistanceMeters int
						Member         struct{ ID string }
					}
				}
			}
			mutate(officer, "dispatchNearestPatrol", "DispatchNearestPatrolInput", map[string]any{"issueID": issue},
				"dispatch { id distanceMeters member { id } }", &sent)
			if sent.R.Dispatch.Member.ID != nearMember || sent.R.Dispatch.DistanceMeters < 100 || sent.R.Dispatch.DistanceMeters > 160 {
				t.Fatalf("dispatched %+v, want %s about 130 m away", sent.R.Dispatch, nearMember)
			}
			officer.fails(`mutation($in: DispatchNearestPatrolInput!) { dispatchNearestPatrol(input: $in) { dispatch { id } } }`,
				map[string]any{"in": map[string]any{"issueID": issue}}, "CONFLICT", "issueID")
			// The nearest declines; the next nearest free member is sent.
			var declined struct {
				R struct {
					Dispatch struct{ Status string }
					Next     *struct{ ID string }
				}
			}
			mutate(near.on(t), "updateDispatch", "UpdateDispatchInput", map[string]any{"id": sent.R.Dispatch.ID, "action": "DECLINE"},
				"dispatch { status } next { id }", &declined)
			if declined.R.Dispatch.Status != "DECLINED" || declined.R.Next != nil {
				t.Fatalf("after a decline, the decliner sees %+v; want DECLINED and not whom it passed to", declined.R)
			}
			far = far.on(t)
			var mine struct {
				MyDispatches []struct {
					ID     string
					Member struct{ ID string }
					Issue  struct{ Title string }
				}
			}
			far.must(`{ myDispatches { id member { id } issue { title } } }`, nil, &mine)
			if len(mine.MyDispatches) != 1 || mine.MyDispatches[0].Member.ID != farMember || mine.MyDispatches[0].Issue.Title != "独居老人昏迷" {
				t.Fatalf("the next nearest's dispatches = %+v, want the emergency", mine.MyDispatches)
			}
			for _, action := range []string{"ACCEPT", "ARRIVE", "COMPLETE"} {
				mutate(far, "updateDispatch", "UpdateDispatchInput", map[string]any{"id": mine.MyDispatches[0].ID, "action": action}, "dispatch { status }", nil)
			}
			far.fails(`mutation($in: UpdateDispatchInput!) { updateDispatch(input: $in) { dispatch { id } } }`,
				map[string]any{"in": map[string]any{"id": mine.MyDispatches[0].ID, "action": "ACCEPT"}}, "CONFLICT", "action")
			step(officer, "startIssue", issue, "民警赶到，送医")
			step(officer, "resolveIssue", issue, "已送医院救治，联系家属")
			got := read(officer, issue, `... on Issue { kind priority status firstArrivalAt resolution
				dispatches(first: 5, orderBy: {field: SENT_AT}) { edges { node { status distanceMeters arrivedAt member { name team { name } } } } }
				events(first: 30, orderBy: {field: OCCURRED_AT}) { edges { node { kind } } } }`)
			mustContain(t, got, `"kind":"EMERGENCY"`, `"status":"RESOLVED"`, `"status":"DECLINED"`, `"status":"COMPLETED"`, `"name":"郑师傅"`, `"name":"冯刚"`,
				`"name":"红袖标巡逻队"`, `"kind":"DISPATCHED"`, `"kind":"DISPATCH_DECLINED"`, `"kind":"ARRIVED"`, `已送医院救治`)
			if strings.Contains(got, `"firstArrivalAt":null`) {
				t.Errorf("no first arrival on the issue: %s", got)
			}
			mustContain(t, read(ma, steward, `... on Steward { resident { name } serviceRecords(first: 5) { edges { node { kind notes resident { name } } } } }`),
				`"kind":"CARE_CHECK"`, `"name":"王秀兰"`)
		})

		t.Run("HazardFoundOnPatrol", func(t *testing.T) {
			staff := c.staff.on(t)
			p, member := c.patrolMember("jiang.jun", "蒋军", 39.9155, 116.4045)
			shift := staff.createID("createPatrolShift", "CreatePatrolShiftInput", "patrolShift", map[string]any{
				"communityID": f.community, "teamID": c.patrolTeam, "memberIDs": []string{member},
				"startsAt": recent(3 * time.Hour), "endsAt": time.Now().Add(5 * time.Hour).Format(time.RFC3339)})
			p = p.on(t)
			p.must(`mutation($in: PatrolShiftChange!) { updatePatrolShift(input: $in) { patrolShift { id } } }`,
				map[string]any{"in": map[string]any{"id": shift, "patch": map[string]any{"log": "22:40 发现7号楼消防通道被杂物堵塞"}}}, nil)
			issue := c.reportAs(p, map[string]any{"title": "消防通道被堵", "kind": "HAZARD", "category": "SAFETY", "channel": "PATROL", "patrolShiftID": shift,
				"latitude": 39.9155, "longitude": 116.4045})
			mustContain(t, read(p, issue, `... on Issue { title status reportedBy { id } }`), `"status":"REPORTED"`)
			mustContain(t, read(c.officer.on(t), shift, `... on PatrolShift { log members(first: 5) { edges { node { name } } } foundIssues(first: 5) { edges { node { title channel } } } }`),
				`"name":"蒋军"`, `"title":"消防通道被堵"`, `"channel":"PATROL"`, `消防通道被杂物堵塞`)
		})

		t.Run("ProblemCompoundTurnedAround", func(t *testing.T) {
			staff := c.staff.on(t)
			wang, _ := c.person("wang.xiulan", membership.RoleRESIDENT, f.resident)
			wang = wang.on(t)
			var issues []string
			for _, title := range []string{"拖欠暖气费和水费", "垃圾堆积无人清运", "老旧电梯经常停运"} {
				issues = append(issues, c.reportAs(wang, map[string]any{"title": title, "kind": "PUBLIC_AFFAIR", "category": "FACILITIES", "channel": "ONLINE_HALL"}))
			}
			for _, is := range issues {
				step(staff, "acknowledgeIssue", is, "提交议事会")
			}
			meeting := staff.createID("createMeeting", "CreateMeetingInput", "meeting", map[string]any{
				"communityID": f.community, "meetingPointID": c.station, "topic": "银杏里小区治理议事会",
				"agenda": []string{"暖气水费", "垃圾清运", "电梯维修"}, "startsAt": recent(3 * time.Hour), "endsAt": recent(1 * time.Hour),
				"minutes": "居民代表、社区和民警共同商议", "decisions": []string{"成立自管小组收缴费用", "每周二、五清运垃圾", "申请加装电梯并募捐"},
				"attendeeIDs": []string{f.resident, f.neighbour}, "staffIDs": []string{c.staffID, c.officerID}, "issueIDs": issues})
			wang.createID("createDonation", "CreateDonationInput", "donation", map[string]any{"communityID": f.community, "compoundID": f.compound,
				"kind": "MONEY", "amountFen": 50000, "donorID": f.resident, "purpose": "加装电梯"})
			sun := f.newResident(staff, "孙梅", nil)
			donor, _ := c.person("sun.mei", membership.RoleRESIDENT, sun)
			donor.on(t).createID("createDonation", "CreateDonationInput", "donation", map[string]any{"communityID": f.community, "compoundID": f.compound,
				"kind": "MONEY", "amountFen": 20000, "donorID": sun, "anonymous": true, "purpose": "加装电梯"})
			staff.createID("createDonation", "CreateDonationInput", "donation", map[string]any{"communityID": f.community, "compoundID": f.compound,
				"kind": "GOODS", "goods": "垃圾桶 20 个", "donorName": "某物业公司", "purpose": "垃圾清运"})
			mustContain(t, read(wang, meeting, `... on Meeting { topic decisions meetingPoint { kind } issues(first: 5) { totalCount edges { node { title kind } } } }`),
				`"kind":"SERVICE_STATION"`, `"totalCount":3`, `"title":"老旧电梯经常停运"`, `每周二、五清运垃圾`)
			var roster struct {
				DonationRoster []struct {
					Purpose                        string
					TotalFen                       int
					MoneyDonations, GoodsDonations int
					Entries                        []struct{ Donor, Kind string }
				}
			}
			wang.must(`query($c: ID!) { donationRoster(communityID: $c) { purpose totalFen moneyDonations goodsDonations entries { donor kind } } }`,
				map[string]any{"c": f.community}, &roster)
			got, _ := json.Marshal(roster)
			mustContain(t, string(got), `"Purpose":"加装电梯","TotalFen":70000,"MoneyDonations":2`, `"Donor":"匿名"`, `"Donor":"王秀兰"`, `"Donor":"某物业公司"`)
			if strings.Contains(string(got), "孙梅") {
				t.Errorf("the roster names an anonymous donor: %s", got)
			}
		})

		t.Run("LargeEvent", func(t *testing.T) {
			staff := c.staff.on(t)
			venue := staff.createID("createOrganization", "CreateOrganizationInput", "organization", map[string]any{
				"communityID": f.community, "name": "区体育中心", "kind": "VENUE", "contactName": "体育中心保卫科", "contactPhone": "13900001111"})
			event := staff.createID("createPublicEvent", "CreatePublicEventInput", "publicEvent", map[string]any{
				"communityID": f.community, "venueID": venue, "name": "区中小学生运动会", "expectedAttendance": 3000,
				"startsAt": "2026-06-10T08:00:00+08:00", "endsAt": "2026-06-10T17:00:00+08:00"})
			team := staff.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "活动安保队"})
			m1 := staff.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{"communityID": f.community, "teamID": team, "name": "卫东", "affiliation": "UNIT_EMPLOYEE"})
			m2 := staff.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{"communityID": f.community, "teamID": team, "name": "蒋军", "affiliation": "GRID_WORKER"})
			for _, hours := range [][2]string{{"07:00", "12:00"}, {"12:00", "18:00"}} {
				staff.createID("createPatrolShift", "CreatePatrolShiftInput", "patrolShift", map[string]any{
					"communityID": f.community, "teamID": team, "eventID": event, "memberIDs": []string{m1, m2},
					"startsAt": "2026-06-10T" + hours[0] + ":00+08:00", "endsAt": "2026-06-10T" + hours[1] + ":00+08:00"})
			}
			mustContain(t, read(c.officer.on(t), event, `... on PublicEvent { name expectedAttendance venue { name kind } securityShifts(first: 5) { totalCount edges { node { members(first: 5) { edges { node { name } } } } } } }`),
				`"expectedAttendance":3000`, `"kind":"VENUE"`, `"totalCount":2`, `"name":"蒋军"`)
		})

		t.Run("RepeatedPoliceCall", func(t *testing.T) {
			officer := c.officer.on(t)
			call := func(title, category, reportedAt string) string {
				return c.reportAs(officer, map[string]any{"title": title, "kind": "DISPUTE", "category": category, "channel": "POLICE_CALL",
					"address": "银杏里5号楼2单元301", "latitude": 39.9149, "longitude": 116.4039, "reportedAt": reportedAt})
			}
			first := call("深夜噪音扰民", "NOISE", recent(50*24*time.Hour))
			second := call("深夜噪音扰民（再次报警）", "NOISE", recent(49*24*time.Hour))
			third := call("深夜噪音扰民（第三次）", "NOISE", recent(48*24*time.Hour))
			parking := call("楼下车辆堵路", "PARKING", recent(48*24*time.Hour))
			later := call("深夜噪音扰民", "NOISE", recent(5*24*time.Hour))
			got := read(officer, first, `... on Issue { repeats(first: 5, orderBy: {field: REPORTED_AT}) { totalCount edges { node { id repeatOf { title } } } } }`)
			mustContain(t, got, `"totalCount":2`, second, third)
			for _, id := range []string{parking, later} {
				mustContain(t, read(officer, id, `... on Issue { repeatOf { id } }`), `"repeatOf":null`)
			}
			officer.fails(`mutation($in: CreateIssueInput!) { reportIssue(input: {issue: $in}) { issue { id } } }`, map[string]any{"in": map[string]any{
				"communityID": f.community, "title": "x", "kind": "DISPUTE", "channel": "APP", "repeatOfID": first}}, "BAD_USER_INPUT", "repeatOfID")
			var stats struct {
				CommunityStats struct{ PoliceCalls, RepeatPoliceCalls struct{ Value float64 } }
			}
			day := func(d time.Duration) string { return time.Now().Add(d).In(shanghai).Format(time.DateOnly) }
			officer.must(`query($c: ID!, $from: Date!, $to: Date!) { communityStats(communityID: $c, from: $from, to: $to) { policeCalls { value } repeatPoliceCalls { value } } }`,
				map[string]any{"c": f.community, "from": day(-60 * 24 * time.Hour), "to": day(0)}, &stats)
			if stats.CommunityStats.PoliceCalls.Value != 5 || stats.CommunityStats.RepeatPoliceCalls.Value != 2 {
				t.Errorf("stats = %+v, want 5 police calls of which 2 repeats", stats.CommunityStats)
			}
		})
	})
}
