package graph_test

import (
	"testing"

	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// TestWorkRights checks that each role sees what its work is about: the
// reporter of an emergency sees who acted on it (display name and role
// only) and the dispatch sent to it; a party to a mediation sees who
// mediates; the mediator reads the dispute.
func TestWorkRights(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		c := gid.ID(f.community)
		reporterID := newUser(t, s, "reporter", "", "rights password", map[gid.ID]membership.Role{c: membership.RoleSTEWARD})
		s.Client.User.UpdateOneID(reporterID).SetResidentID(gid.ID(f.resident)).ExecX(system)
		reporter := a.as(a.login("reporter", "rights password"))
		newUser(t, s, "officer", "13700000001", "rights password", map[gid.ID]membership.Role{c: membership.RolePOLICE_OFFICER})
		officer := a.as(a.login("officer", "rights password"))
		lawyerID := newUser(t, s, "lawyer", "", "rights password", map[gid.ID]membership.Role{c: membership.RoleLAWYER})
		lawyer := a.as(a.login("lawyer", "rights password"))

		// An emergency: the officer dispatches the patrol to it.
		team := a.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "巡逻队"})
		a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{"communityID": f.community, "teamID": team,
			"name": "队员", "affiliation": "RESIDENT", "onDuty": true, "lastLatitude": 39.9151, "lastLongitude": 116.4041, "lastLocatedAt": recent(0)})
		emergency := reporter.reportID(map[string]any{"communityID": f.community, "reporterID": f.resident, "title": "老人晕倒",
			"kind": "EMERGENCY", "latitude": 39.915, "longitude": 116.404})
		officer.must(`mutation($in: DispatchNearestPatrolInput!) { dispatchNearestPatrol(input: $in) { dispatch { id } } }`,
			map[string]any{"in": map[string]any{"issueID": emergency}}, nil)
		got := read(reporter, emergency, `... on Issue { dispatches(first: 5) { totalCount edges { node { status } } }
			events(first: 10, orderBy: {field: OCCURRED_AT}) { edges { node { kind actor { id } actedBy { displayName role } } } } }`)
		mustContain(t, got, `"dispatches":{"totalCount":1`, `"status":"SENT"`, `"kind":"DISPATCHED"`,
			`"actor":null,"actedBy":{"displayName":"officer","role":"POLICE_OFFICER"}`)

		// A dispute mediated by the lawyer: its party sees who mediates;
		// the lawyer reads the dispute.
		mc := a.openCase(f.issue, []string{string(lawyerID)}, f.resident, f.neighbour)
		got = read(reporter, mc, `... on MediationCase { mediators(first: 5) { totalCount } mediatedBy { displayName role } }`)
		mustContain(t, got, `"mediators":{"totalCount":0}`, `"mediatedBy":[{"displayName":"lawyer","role":"LAWYER"}]`)
		got = read(lawyer, mc, `... on MediationCase { issue { id title } }`)
		mustContain(t, got, `"title":"楼上卫生间漏水"`)

		// Nobody else reads the dispute through the case.
		newUser(t, s, "other-lawyer", "", "rights password", map[gid.ID]membership.Role{c: membership.RoleLAWYER})
		other := a.as(a.login("other-lawyer", "rights password"))
		other.fails(`query($id: ID!) { node(id: $id) { ... on Issue { title } } }`, map[string]any{"id": f.issue}, "NOT_FOUND", "")
	})
}
