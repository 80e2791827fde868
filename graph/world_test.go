package graph_test

// world creates one record of every kind in a community, through the API
// as an administrator, and returns their IDs by type name.
func world(a *api, name string) map[string]string {
	a.tb.Helper()
	w := map[string]string{}
	mk := func(entity string, in map[string]any) string {
		field := lowerFirst(entity)
		id := a.createID("create"+entity, "Create"+entity+"Input", field, in)
		w[entity] = id
		return id
	}
	c := mk("Community", map[string]any{"name": name, "code": name})
	g := mk("Grid", map[string]any{"communityID": c, "name": "网格", "code": "g1", "kind": "RESIDENTIAL"})
	cp := mk("Compound", map[string]any{"communityID": c, "gridID": g, "name": "小区", "management": "UNMANAGED"})
	r := mk("Resident", map[string]any{"communityID": c, "compoundID": cp, "name": "居民" + name, "phone": "13800000000"})
	u := mk("User", map[string]any{"displayName": "用户" + name})
	mk("Membership", map[string]any{"communityID": c, "userID": u, "role": "RESIDENT"})
	st := mk("Steward", map[string]any{"communityID": c, "residentID": r})
	mk("ServiceRecord", map[string]any{"communityID": c, "stewardID": st, "kind": "VISIT", "servedAt": "2026-06-01T09:00:00+08:00", "durationMinutes": 30})
	mp := mk("MeetingPoint", map[string]any{"communityID": c, "kind": "SERVICE_STATION", "name": "服务站"})
	is := a.reportID(map[string]any{"communityID": c, "reporterID": r, "title": "问题", "kind": "INQUIRY", "latitude": 39.9, "longitude": 116.4})
	w["Issue"] = is
	var comment struct {
		AddIssueComment struct{ IssueComment struct{ ID string } }
	}
	a.must(`mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id } } }`,
		map[string]any{"in": map[string]any{"issueID": is, "body": "评论"}}, &comment)
	w["IssueComment"] = comment.AddIssueComment.IssueComment.ID
	mk("DutyShift", map[string]any{"communityID": c, "meetingPointID": mp, "body": "POLICE", "startsAt": "2026-06-01T09:00:00+08:00", "endsAt": "2026-06-01T17:00:00+08:00"})
	mk("Meeting", map[string]any{"communityID": c, "topic": "议事", "startsAt": "2026-06-01T19:00:00+08:00"})
	other := a.createID("createResident", "CreateResidentInput", "resident", map[string]any{"communityID": c, "compoundID": cp, "name": "另一方" + name})
	mediator := a.createID("createUser", "CreateUserInput", "user", map[string]any{"displayName": "调解员" + name})
	a.createID("createMembership", "CreateMembershipInput", "membership", map[string]any{"communityID": c, "userID": mediator, "role": "POLICE_OFFICER"})
	dispute := a.reportID(map[string]any{"communityID": c, "reporterID": r, "title": "纠纷", "kind": "DISPUTE"})
	mc := a.openCase(dispute, []string{mediator}, r, other)
	w["MediationCase"] = mc
	var parties struct {
		Node struct {
			Parties struct {
				Edges []struct{ Node struct{ ID, Role string } }
			}
		}
	}
	a.must(`query($id: ID!) { node(id: $id) { ... on MediationCase { parties(first: 2) { edges { node { id role } } } } } }`, map[string]any{"id": mc}, &parties)
	for _, e := range parties.Node.Parties.Edges {
		if e.Node.Role == "APPLICANT" {
			w["MediationParty"] = e.Node.ID
		}
	}
	var session struct {
		RecordMediationSession struct{ MediationSession struct{ ID string } }
	}
	a.must(`mutation($in: RecordMediationSessionInput!) { recordMediationSession(input: $in) { mediationSession { id } } }`,
		map[string]any{"in": map[string]any{"caseID": mc, "startedAt": "2026-06-01T10:00:00+08:00", "durationMinutes": 60}}, &session)
	w["MediationSession"] = session.RecordMediationSession.MediationSession.ID
	pt := mk("PatrolTeam", map[string]any{"communityID": c, "name": "巡逻队"})
	mk("PatrolMember", map[string]any{"communityID": c, "teamID": pt, "name": "队员", "affiliation": "RESIDENT",
		"onDuty": true, "lastLatitude": 39.901, "lastLongitude": 116.401, "lastLocatedAt": "2026-06-01T09:00:00+08:00"})
	mk("PatrolShift", map[string]any{"communityID": c, "teamID": pt, "startsAt": "2026-06-01T08:00:00+08:00", "endsAt": "2026-06-01T16:00:00+08:00"})
	var sent struct {
		DispatchNearestPatrol struct{ Dispatch struct{ ID string } }
	}
	a.must(`mutation($in: DispatchNearestPatrolInput!) { dispatchNearestPatrol(input: $in) { dispatch { id } } }`,
		map[string]any{"in": map[string]any{"issueID": is}}, &sent)
	w["Dispatch"] = sent.DispatchNearestPatrol.Dispatch.ID
	var photo struct {
		ReportIssue struct {
			Issue struct {
				Photos struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
	}
	r2 := a.upload(`mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { photos(first: 1) { edges { node { id } } } } } }`,
		map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": c, "reporterID": r, "title": "照片", "kind": "HAZARD"}, "photos": []any{nil}}},
		map[string][]byte{"variables.in.photos.0": pngPhoto(a.tb, 4, 4)})
	r2.decode(a.tb, &photo)
	w["IssuePhoto"] = photo.ReportIssue.Issue.Photos.Edges[0].Node.ID
	mk("PublicEvent", map[string]any{"communityID": c, "name": "运动会", "startsAt": "2026-06-10T08:00:00+08:00", "endsAt": "2026-06-10T17:00:00+08:00"})
	org := mk("Organization", map[string]any{"communityID": c, "name": "酒店", "kind": "HOTEL"})
	mk("EmployeeRegistration", map[string]any{"communityID": c, "organizationID": org, "residentID": r})
	mk("OrganizationReport", map[string]any{"communityID": c, "organizationID": org, "kind": "OTHER", "period": "2026-05", "summary": "正常"})
	mk("RentalHousing", map[string]any{"communityID": c, "compoundID": cp, "building": "1", "room": "101"})
	mk("Donation", map[string]any{"communityID": c, "kind": "GOODS", "goods": "米", "purpose": "帮扶"})
	mk("Notice", map[string]any{"communityID": c, "kind": "ANNOUNCEMENT", "title": "通知", "body": "内容"})
	var ev struct {
		Node struct {
			Events struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	a.must(`query($id: ID!) { node(id: $id) { ... on Issue { events(first: 1) { edges { node { id } } } } } }`, map[string]any{"id": is}, &ev)
	w["IssueEvent"] = ev.Node.Events.Edges[0].Node.ID
	return w
}

// lowerFirst lower-cases the first letter of a name.
func lowerFirst(s string) string { return string(s[0]+'a'-'A') + s[1:] }

// plural is the name of the top-level connection of an entity.
func plural(entity string) string {
	switch entity {
	case "Community":
		return "communities"
	case "Dispatch":
		return "dispatches"
	case "RentalHousing":
		return "rentalHousings"
	case "MediationParty":
		return "mediationParties"
	}
	return lowerFirst(entity) + "s"
}

// harmless is a change that every kind of record accepts.
var harmless = map[string]map[string]any{
	"Community": {"description": "x"}, "Grid": {"description": "x"}, "Compound": {"address": "x"},
	"Resident": {"room": "1"}, "User": {"displayName": "x"}, "Membership": {"title": "x"}, "Steward": {"workUnit": "x"},
	"ServiceRecord": {"notes": "x"}, "MeetingPoint": {"address": "x"}, "Issue": {"address": "x"}, "IssueComment": {"body": "x"},
	"DutyShift": {"note": "x"}, "Meeting": {"minutes": "x"}, "MediationCase": {"title": "x"}, "MediationParty": {"role": "RESPONDENT"},
	"MediationSession": {"notes": "x"}, "PatrolTeam": {"description": "x"}, "PatrolMember": {"onDuty": true},
	"PatrolShift": {"log": "x"}, "PublicEvent": {"organizer": "x"}, "Organization": {"address": "x"},
	"EmployeeRegistration": {"position": "x"}, "OrganizationReport": {"summary": "x"}, "RentalHousing": {"unit": "1"},
	"Donation": {"purpose": "x"}, "Notice": {"body": "x"},
}
