// Package authz decides who may read and write what: the authorization
// matrix (role x entity x read / write) and the ent privacy policies built
// from it, which every query and mutation goes through: node, nodes,
// connections, nested edges, filters, mutations, the demo loader and
// importers alike.
package authz

import (
	"slices"

	"wutong/auth"
	"wutong/ent/membership"
	"wutong/gid"
)

// Scope is how much of a community's records of one kind a role reaches.
type Scope int

// The scopes, from nothing to everything.
const (
	// None: no record.
	None Scope = iota
	// Own: the records tied to the viewer, such as the issues they reported
	// or the mediation cases they mediate (see ownership.go).
	Own
	// Community: every record of the community.
	Community
)

// String names the scope.
func (s Scope) String() string { return [...]string{"none", "own", "community"}[s] }

// Access is what a role may do with one kind of record in its community.
type Access struct {
	Read, Write Scope
}

// Entities are the kinds of record the matrix covers.
var Entities = []string{
	"Community", "Grid", "Compound", "Resident", "User", "Membership", "Steward", "ServiceRecord",
	"MeetingPoint", "Issue", "IssueComment", "IssueEvent", "IssuePhoto", "DutyShift", "Meeting", "MediationCase",
	"MediationParty", "MediationSession", "PatrolTeam", "PatrolMember", "PatrolShift", "Dispatch",
	"PublicEvent", "Organization", "EmployeeRegistration", "OrganizationReport", "RentalHousing",
	"Donation", "Notice", "AccessLog", "AuditLog",
}

// Roles are the roles of the matrix: every role but ADMIN.
var Roles = []membership.Role{
	membership.RoleRESIDENT, membership.RoleSTEWARD, membership.RoleGRID_WORKER, membership.RoleCOMMUNITY_STAFF,
	membership.RoleHOMEOWNERS_COMMITTEE, membership.RolePROPERTY_MANAGER, membership.RolePOLICE_OFFICER,
	membership.RoleAUXILIARY_OFFICER, membership.RoleLAWYER, membership.RolePATROL_VOLUNTEER,
}

// public are the records every member of a community may read: its places,
// rosters, meetings, events, units and notices.
var public = []string{"Community", "Grid", "Compound", "MeetingPoint", "DutyShift", "Meeting", "PublicEvent", "PatrolTeam", "Organization", "Notice"}

// office are the roles that run the community: they read and write all of
// its records.
var office = []membership.Role{membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER, membership.RoleCOMMUNITY_STAFF, membership.RoleGRID_WORKER}

// Matrix is the authorization matrix: for each role, what it may do with
// each kind of record in a community where it holds the role. ADMIN is
// not listed: it reaches everything in every community. A kind not listed
// for a role is None for both.
var Matrix = func() map[membership.Role]map[string]Access {
	m := map[membership.Role]map[string]Access{}
	grant := func(role membership.Role, a Access, entities ...string) {
		if m[role] == nil {
			m[role] = map[string]Access{}
		}
		for _, e := range entities {
			m[role][e] = a
		}
	}
	read := Access{Read: Community}
	for _, role := range Roles {
		grant(role, read, public...)
		grant(role, Access{Read: Own}, "User", "Membership", "Resident", "Issue", "IssueComment", "IssueEvent", "IssuePhoto",
			"MediationCase", "MediationParty", "MediationSession", "RentalHousing", "EmployeeRegistration", "Donation", "Dispatch")
		// Everyone may report an issue as themselves, comment on their own
		// issues and give to the community.
		grant(role, Access{Read: Own, Write: Own}, "Issue", "IssueComment", "IssuePhoto", "Donation")
	}
	for _, role := range office {
		grant(role, Access{Read: Community, Write: Community}, Entities[:len(Entities)-2]...)
		grant(role, Access{Read: Community}, "IssueEvent")
		grant(role, Access{Read: Community, Write: None}, "Community")
	}
	// Grid workers neither hand out roles nor manage accounts.
	grant(membership.RoleGRID_WORKER, Access{Read: Community}, "Membership", "User")
	// The logs are for the police; administrators read everything anyway.
	grant(membership.RolePOLICE_OFFICER, Access{Read: Community}, "AccessLog", "AuditLog")
	grant(membership.RoleAUXILIARY_OFFICER, Access{Read: Community}, "AccessLog", "AuditLog")
	grant(membership.RoleSTEWARD, Access{Read: Own, Write: Own}, "Steward", "ServiceRecord")
	grant(membership.RolePATROL_VOLUNTEER, Access{Read: Own, Write: Own}, "PatrolMember", "PatrolShift", "Dispatch")
	grant(membership.RoleLAWYER, Access{Read: Own, Write: Own}, "MediationCase", "MediationSession")
	grant(membership.RolePROPERTY_MANAGER, Access{Read: Community, Write: Community}, "Issue", "IssueComment", "IssuePhoto")
	grant(membership.RolePROPERTY_MANAGER, Access{Read: Community}, "IssueEvent")
	grant(membership.RoleHOMEOWNERS_COMMITTEE, Access{Read: Community, Write: Community}, "Meeting", "DutyShift")
	grant(membership.RoleHOMEOWNERS_COMMITTEE, Access{Read: Community}, "Donation")
	return m
}()

// For returns what a role may do with a kind of record.
func For(role membership.Role, entity string) Access {
	if role == membership.RoleADMIN {
		return Access{Read: Community, Write: Community}
	}
	return Matrix[role][entity]
}

// Field is a piece of a resident's personal information.
type Field string

// The personal fields.
const (
	Phone     Field = "phone"
	IDCard    Field = "idCardNumber"
	Address   Field = "address"
	CareFlags Field = "careFlags"
)

// PersonalFields lists the personal fields.
var PersonalFields = []Field{Phone, IDCard, Address, CareFlags}

// Unmask is the third dimension of the matrix: for each role, the personal
// fields of its community's residents it sees in full. ID-card numbers are
// for the police only. Everyone sees their own data in full; a mediator and
// a steward see more of the people their work is about (Related); nobody
// else sees more than masked values (see Disclose).
var Unmask = map[membership.Role][]Field{
	membership.RolePOLICE_OFFICER:    {Phone, IDCard, Address, CareFlags},
	membership.RoleAUXILIARY_OFFICER: {Phone, IDCard, Address, CareFlags},
	membership.RoleCOMMUNITY_STAFF:   {Phone, Address, CareFlags},
	membership.RoleGRID_WORKER:       {Phone, Address, CareFlags},
}

// Unmasks reports whether a role sees a personal field of its community's
// residents in full.
func Unmasks(role membership.Role, f Field) bool {
	return slices.Contains(Unmask[role], f)
}

// UnmasksIn reports whether the viewer sees a personal field of a
// community's residents in full through a role there (administrators
// everywhere). Whoever does not may neither write the field nor match
// records by it, so that no answer confirms a value masked to them.
func UnmasksIn(v *auth.Viewer, community gid.ID, f Field) bool {
	if v.Admin() {
		return true
	}
	for _, r := range v.Roles[community] {
		if Unmasks(r, f) {
			return true
		}
	}
	return false
}
