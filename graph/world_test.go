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
	mk("IssueComment", map[string]any{"communityID": c, "issueID": is, "body": "评论"})
	mk("DutyShift", map[string]any{"communityID": c, "meetingPointID": mp, "body": "POLICE", "startsAt": "2026-06-01T09:00:00+08:00", "endsAt": "2026-06-01T17:00:00+08:00"})
	mk("Meeting", map[string]any{"communityID": c, "topic": "议事", "startsAt": "2026-06-01T19:00:00+08:00"})
	mc := mk("MediationCase", map[string]any{"communityID": c, "title": "调解", "openedAt": "2026-06-01T09:00:00+08:00"})
	mk("MediationParty", map[string]any{"communityID": c, "caseID": mc, "residentID": r, "role": "APPLICANT"})
	mk("MediationSession", map[string]any{"communityID": c, "caseID": mc, "startedAt": "2026-06-01T10:00:00+08:00", "durationMinutes": 60})
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
