package graph_test

import (
	"testing"

	"wutong/ent/auditlog"
	"wutong/ent/membership"
	"wutong/ent/resident"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// code runs a request and returns the code of its first error, or "".
func code(a *api, query string, vars map[string]any) string {
	a.tb.Helper()
	r := a.do(query, vars)
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

const (
	updateUserMutation       = `mutation($in: UserChange!) { updateUser(input: $in) { user { id } } }`
	createMembershipMutation = `mutation($in: CreateMembershipInput!) { createMembership(input: $in) { membership { id } } }`
)

// TestWriteAttacks replays, as the issue wrote them, the writes that let
// people do what the rules forbid; each is refused or reveals nothing.
func TestWriteAttacks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		home := gid.ID(f.community)
		residentUser := newUser(t, s, "resident.wu", "13900000011", "resident password", map[gid.ID]membership.Role{home: membership.RoleRESIDENT})
		s.Client.User.UpdateOneID(residentUser).SetResidentID(gid.ID(f.neighbour)).ExecX(system)
		res := a.on(t).as(a.login("resident.wu", "resident password"))
		staffID := newUser(t, s, "staff.zhao", "13900000012", "staff password", map[gid.ID]membership.Role{home: membership.RoleCOMMUNITY_STAFF})
		staff := a.on(t).as(a.login("staff.zhao", "staff password"))
		officerID := newUser(t, s, "officer.qian", "13900000013", "officer password", map[gid.ID]membership.Role{home: membership.RolePOLICE_OFFICER})
		officer := a.on(t).as(a.login("officer.qian", "officer password"))
		newUser(t, s, "taken.phone", "13900000099", "someone password", map[gid.ID]membership.Role{gid.ID(f.other): membership.RoleRESIDENT})

		t.Run("ResidentRebindsTheirLogin", func(t *testing.T) {
			res := res.on(t)
			for _, field := range []string{"residentID", "passwordHash", "activationCodeHash"} {
				if got := code(res, updateUserMutation, map[string]any{"in": map[string]any{"id": residentUser, "patch": map[string]any{field: f.resident}}}); got != "BAD_USER_INPUT" {
					t.Errorf("updateUser with %s: %q, want the field unknown to the schema", field, got)
				}
			}
			res.fails(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": residentUser, "residentID": f.resident}}, "FORBIDDEN", "userID")
			var me struct {
				Me struct {
					Resident struct{ ID, IDCardNumber string }
				}
			}
			res.must(`{ me { resident { id idCardNumber } } }`, nil, &me)
			if me.Me.Resident.ID != f.neighbour {
				t.Errorf("the resident's login now belongs to %s", me.Me.Resident.ID)
			}
		})

		t.Run("StaffSetAPasswordHash", func(t *testing.T) {
			staff := staff.on(t)
			if got := code(staff, updateUserMutation, map[string]any{"in": map[string]any{"id": officerID, "patch": map[string]any{"passwordHash": "$2a$04$x"}}}); got != "BAD_USER_INPUT" {
				t.Errorf("updateUser with passwordHash: %q", got)
			}
			if got := code(staff, `mutation($in: CreateUserInput!) { createUser(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"displayName": "x", "passwordHash": "$2a$04$x"}}); got != "BAD_USER_INPUT" {
				t.Errorf("createUser with passwordHash: %q", got)
			}
			// Nor may staff take over the officer's account another way.
			staff.fails(`mutation($in: IssueActivationCodeInput!) { issueActivationCode(input: $in) { code } }`,
				map[string]any{"in": map[string]any{"userID": officerID}}, "FORBIDDEN", "")
			staff.fails(updateUserMutation, map[string]any{"in": map[string]any{"id": officerID, "patch": map[string]any{"displayName": "x"}}}, "FORBIDDEN", "")
		})

		t.Run("StaffMakeThemselvesPolice", func(t *testing.T) {
			staff := staff.on(t)
			for _, role := range []string{"POLICE_OFFICER", "AUXILIARY_OFFICER", "LAWYER", "ADMIN"} {
				staff.fails(createMembershipMutation, map[string]any{"in": map[string]any{"role": role, "communityID": f.community, "userID": staffID}}, "FORBIDDEN", "")
				staff.fails(createMembershipMutation, map[string]any{"in": map[string]any{"role": role, "communityID": f.community, "userID": residentUser}}, "FORBIDDEN", "role")
			}
			// Not even a role they may grant others.
			staff.fails(createMembershipMutation, map[string]any{"in": map[string]any{"role": "GRID_WORKER", "communityID": f.community, "userID": staffID}}, "FORBIDDEN", "userID")
			var grant struct {
				CreateMembership struct{ Membership struct{ ID string } }
			}
			staff.must(createMembershipMutation, map[string]any{"in": map[string]any{"role": "GRID_WORKER", "communityID": f.community, "userID": residentUser}}, &grant)
			// Nor turn a role into one they may not grant, nor revoke the officer's.
			staff.fails(`mutation($in: MembershipChange!) { updateMembership(input: $in) { membership { id } } }`,
				map[string]any{"in": map[string]any{"id": grant.CreateMembership.Membership.ID, "patch": map[string]any{"role": "POLICE_OFFICER"}}}, "FORBIDDEN", "role")
			officerMembership := s.Client.Membership.Query().Where(membership.UserID(officerID)).OnlyX(system)
			staff.fails(`mutation($in: RevokeMembershipInput!) { revokeMembership(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"id": officerMembership.ID}}, "FORBIDDEN", "role")
			staff.must(`mutation($in: RevokeMembershipInput!) { revokeMembership(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"id": grant.CreateMembership.Membership.ID}}, nil)
			// Granting and revoking are audited.
			for _, op := range []auditlog.Operation{auditlog.OperationCREATE, auditlog.OperationDELETE} {
				if n := s.Client.AuditLog.Query().Where(auditlog.ActorID(staffID), auditlog.Entity("Membership"), auditlog.OperationEQ(op)).CountX(system); n != 1 {
					t.Errorf("%d audit entries of %s, want 1", n, op)
				}
			}
			// The officer grants what staff may not.
			officer.on(t).must(createMembershipMutation, map[string]any{"in": map[string]any{"role": "AUXILIARY_OFFICER", "communityID": f.community, "userID": residentUser}}, nil)
		})

		t.Run("UniquenessIsNoOracle", func(t *testing.T) {
			res := res.on(t)
			// The same answer for a phone or username that is someone's and
			// one that is nobody's: a user changes neither on their own.
			for _, patch := range []map[string]any{{"phone": "13900000099"}, {"phone": "13900000098"}, {"username": "taken.phone"}, {"username": "free.name"}} {
				e := res.fails(updateUserMutation, map[string]any{"in": map[string]any{"id": residentUser, "patch": patch}}, "FORBIDDEN", "")
				if e.Message != "phone: your roles do not allow setting phone of a User" && e.Message != "username: your roles do not allow setting username of a User" {
					t.Errorf("%v: %q", patch, e.Message)
				}
			}
			res.must(updateUserMutation, map[string]any{"in": map[string]any{"id": residentUser, "patch": map[string]any{"displayName": "吴先生"}}}, nil)
			// Nor does the office learn it: login phones are unique in the
			// whole deployment, so administrators alone set them.
			staff := staff.on(t)
			var made struct {
				CreateUser struct{ User struct{ ID string } }
			}
			staff.must(`mutation { createUser(input: {displayName: "new login"}) { user { id } } }`, nil, &made)
			staff.must(createMembershipMutation, map[string]any{"in": map[string]any{"role": "RESIDENT", "communityID": f.community, "userID": made.CreateUser.User.ID}}, nil)
			var answers []string
			for _, phone := range []string{"13900000099", "13900000098"} {
				e := staff.fails(updateUserMutation, map[string]any{"in": map[string]any{"id": made.CreateUser.User.ID, "patch": map[string]any{"phone": phone}}}, "FORBIDDEN", "phone")
				answers = append(answers, e.Message)
				staff.fails(`mutation($in: CreateUserInput!) { createUser(input: $in) { user { id } } }`, map[string]any{"in": map[string]any{"displayName": "x", "phone": phone}}, "FORBIDDEN", "phone")
			}
			if answers[0] != answers[1] {
				t.Errorf("a taken and a free phone answer %q and %q", answers[0], answers[1])
			}
		})

		t.Run("DuplicateIDCard", func(t *testing.T) {
			officer := officer.on(t)
			before := s.Client.Resident.Query().CountX(system)
			officer.fails(`mutation($in: CreateResidentInput!) { createResident(input: $in) { resident { id } } }`, map[string]any{"in": map[string]any{
				"communityID": f.community, "name": "王秀兰", "idCardNumber": "110101195003070021"}}, "CONFLICT", "idCardNumber")
			officer.fails(`mutation($in: ResidentChange!) { updateResident(input: $in) { resident { id } } }`, map[string]any{"in": map[string]any{
				"id": f.neighbour, "patch": map[string]any{"idCardNumber": "110101195003070021"}}}, "CONFLICT", "idCardNumber")
			if after := s.Client.Resident.Query().CountX(system); after != before {
				t.Errorf("%d residents after, %d before", after, before)
			}
			// Staff may not write ID-card numbers at all: they see them masked.
			staff.on(t).fails(`mutation($in: CreateResidentInput!) { createResident(input: $in) { resident { id } } }`, map[string]any{"in": map[string]any{
				"communityID": f.community, "name": "王秀兰", "idCardNumber": "110101195003070021"}}, "FORBIDDEN", "idCardNumber")
			// Another community may hold the same person.
			officer.fails(`mutation($in: CreateResidentInput!) { createResident(input: $in) { resident { id } } }`, map[string]any{"in": map[string]any{
				"communityID": f.other, "name": "王秀兰", "idCardNumber": "110101195003070021"}}, "FORBIDDEN", "")
			a.on(t).must(`mutation($in: CreateResidentInput!) { createResident(input: $in) { resident { id } } }`, map[string]any{"in": map[string]any{
				"communityID": f.other, "name": "王秀兰", "idCardNumber": "110101195003070021"}}, nil)
			if n := s.Client.Resident.Query().Where(resident.IDCardNumber("110101195003070021")).CountX(system); n != 2 {
				t.Errorf("%d residents hold the number, want 2 (one per community)", n)
			}
		})

		t.Run("LinkResident", func(t *testing.T) {
			// The resident now holds the auxiliary role, which only the officer grants.
			staff := officer.on(t)
			var out struct {
				LinkResident struct{ User struct{ ID string } }
			}
			staff.must(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": residentUser, "residentID": f.resident}}, &out)
			if u := s.Client.User.GetX(system, residentUser); u.ResidentID != gid.ID(f.resident) {
				t.Errorf("linked to %q", u.ResidentID)
			}
			if n := s.Client.AuditLog.Query().Where(auditlog.ActorID(officerID), auditlog.Entity("User"), auditlog.RecordID(residentUser)).CountX(system); n != 1 {
				t.Errorf("%d audit entries of the link", n)
			}
			// Staff, who see ID-card numbers masked, neither link a login
			// (it would read the resident in full) nor take over a linked
			// one, however they come by it.
			staffAPI := a.on(t).as(a.login("staff.zhao", "staff password"))
			staffAPI.fails(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": residentUser, "residentID": f.resident}}, "FORBIDDEN", "")
			var made struct {
				CreateUser struct{ User struct{ ID string } }
			}
			staffAPI.must(`mutation { createUser(input: {displayName: "second login"}) { user { id } } }`, nil, &made)
			staffAPI.must(createMembershipMutation, map[string]any{"in": map[string]any{"role": "RESIDENT", "communityID": f.community, "userID": made.CreateUser.User.ID}}, nil)
			staffAPI.fails(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": made.CreateUser.User.ID, "residentID": f.resident}}, "FORBIDDEN", "")
			const issueCode = `mutation($in: IssueActivationCodeInput!) { issueActivationCode(input: $in) { code } }`
			second := map[string]any{"in": map[string]any{"userID": made.CreateUser.User.ID}}
			staffAPI.must(issueCode, second, nil) // theirs to reset while it is nobody's
			other := a.on(t).createID("createResident", "CreateResidentInput", "resident", map[string]any{"communityID": f.community, "name": "赵大爷", "idCardNumber": "110101194001010012"})
			staff.must(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": made.CreateUser.User.ID, "residentID": other}}, nil)
			staffAPI.fails(issueCode, second, "FORBIDDEN", "")
			staffAPI.fails(updateUserMutation, map[string]any{"in": map[string]any{"id": made.CreateUser.User.ID, "patch": map[string]any{"phone": "13900000077"}}}, "FORBIDDEN", "")
			// Nobody links their own login: it would read the resident's
			// data in full as its own.
			staff.fails(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": officerID, "residentID": f.resident}}, "FORBIDDEN", "userID")
			elsewhere := a.on(t).createID("createResident", "CreateResidentInput", "resident", map[string]any{"communityID": f.other, "name": "外人"})
			staff.fails(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": residentUser, "residentID": elsewhere}}, "BAD_USER_INPUT", "residentID")
			staff.must(`mutation($in: LinkResidentInput!) { linkResident(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"userID": residentUser, "residentID": f.neighbour}}, nil)
		})
	})
}

// TestPatrolVolunteerWrites checks that a volunteer goes on and off duty
// but cannot change who they are.
func TestPatrolVolunteerWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		volunteer := newUser(t, s, "patrol.sun", "", "patrol password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RolePATROL_VOLUNTEER})
		team := a.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "巡逻队"})
		member := a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{
			"communityID": f.community, "teamID": team, "name": "孙队员", "affiliation": "RESIDENT", "userID": volunteer})
		p := a.on(t).as(a.login("patrol.sun", "patrol password"))
		for field, value := range map[string]any{"affiliation": "POLICE", "name": "孙警官", "teamID": team} {
			p.fails(`mutation($in: PatrolMemberChange!) { updatePatrolMember(input: $in) { patrolMember { id } } }`,
				map[string]any{"in": map[string]any{"id": member, "patch": map[string]any{field: value}}}, "FORBIDDEN", field)
		}
		var out struct {
			SetMyDuty struct{ Members []struct{ OnDuty bool } }
		}
		p.must(`mutation { setMyDuty(input: {onDuty: true}) { members { onDuty } } }`, nil, &out)
		if len(out.SetMyDuty.Members) != 1 || !out.SetMyDuty.Members[0].OnDuty {
			t.Errorf("setMyDuty: %+v", out)
		}
		pm := s.Client.PatrolMember.GetX(system, gid.ID(member))
		if pm.Affiliation != "RESIDENT" || pm.Name != "孙队员" || !pm.OnDuty {
			t.Errorf("member is now %+v", pm)
		}
	})
}

// TestChangePassword checks that the current password is required and
// that every other session ends.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		newUser(t, s, "resident.he", "", "old password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		phone := a.on(t).as(a.login("resident.he", "old password"))
		laptop := a.on(t).as(a.login("resident.he", "old password"))
		const change = `mutation($in: ChangePasswordInput!) { changePassword(input: $in) { sessionsEnded } }`
		phone.fails(change, map[string]any{"in": map[string]any{"currentPassword": "wrong password", "newPassword": "new password"}}, "BAD_USER_INPUT", "currentPassword")
		phone.fails(change, map[string]any{"in": map[string]any{"currentPassword": "old password", "newPassword": "short"}}, "BAD_USER_INPUT", "newPassword")
		var out struct{ ChangePassword struct{ SessionsEnded int } }
		phone.must(change, map[string]any{"in": map[string]any{"currentPassword": "old password", "newPassword": "new password"}}, &out)
		if out.ChangePassword.SessionsEnded != 1 {
			t.Errorf("%d sessions ended, want 1", out.ChangePassword.SessionsEnded)
		}
		phone.must(`{ me { id } }`, nil, nil)
		if got := code(laptop, `{ me { id } }`, nil); got != "UNAUTHENTICATED" {
			t.Errorf("the other session answers %q", got)
		}
		a.on(t).as("").fails(loginMutation, map[string]any{"in": map[string]any{"login": "resident.he", "password": "old password"}}, "UNAUTHENTICATED", "")
		a.login("resident.he", "new password")
	})
}
