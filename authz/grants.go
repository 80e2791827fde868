package authz

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"

	"wutong/apperr"
	"wutong/auth"
	"wutong/ent/membership"
	"wutong/gid"
)

// Grants is who may grant which role, in a community where they hold the
// granting role; revoking a role takes the same right as granting it.
// Administrators grant every role, ADMIN included. Nobody else grants a
// role to themselves, so that no one can widen their own rights:
//   - The police officer leads the office: they bring in auxiliary
//     officers and volunteer lawyers, and every role the community gives.
//     Officers themselves are appointed by the deployment's administrators.
//   - The auxiliary officer enrols residents, stewards and patrol volunteers.
//   - Community staff give the community's own roles (staff, grid workers,
//     stewards, homeowners' committees, property managers, patrol
//     volunteers, residents), none of which reads more than staff do. They
//     never grant police, auxiliary officer, lawyer or administrator roles:
//     those read ID-card numbers, the logs or the parties of mediations.
//   - Grid workers, stewards and everyone else grant nothing.
var Grants = map[membership.Role][]membership.Role{
	membership.RolePOLICE_OFFICER: {
		membership.RoleAUXILIARY_OFFICER, membership.RoleLAWYER, membership.RoleCOMMUNITY_STAFF, membership.RoleGRID_WORKER,
		membership.RoleSTEWARD, membership.RoleHOMEOWNERS_COMMITTEE, membership.RolePROPERTY_MANAGER,
		membership.RolePATROL_VOLUNTEER, membership.RoleRESIDENT,
	},
	membership.RoleAUXILIARY_OFFICER: {membership.RoleSTEWARD, membership.RolePATROL_VOLUNTEER, membership.RoleRESIDENT},
	membership.RoleCOMMUNITY_STAFF: {
		membership.RoleCOMMUNITY_STAFF, membership.RoleGRID_WORKER, membership.RoleSTEWARD, membership.RoleHOMEOWNERS_COMMITTEE,
		membership.RolePROPERTY_MANAGER, membership.RolePATROL_VOLUNTEER, membership.RoleRESIDENT,
	},
}

// MayGrant reports whether the viewer may grant (or revoke) a role in a
// community.
func MayGrant(v *auth.Viewer, community gid.ID, role membership.Role) bool {
	if v == nil {
		return false
	}
	if v.Admin() {
		return true
	}
	for _, held := range v.Roles[community] {
		if slices.Contains(Grants[held], role) {
			return true
		}
	}
	return false
}

// notGrantable is the answer to a grant the viewer may not make.
func notGrantable(role any) error {
	return &apperr.Error{Kind: apperr.Forbidden, Field: "role", Message: fmt.Sprintf("your roles do not allow granting or revoking %v", role)}
}

// errSelfGrant is the answer to a change of one's own roles.
var errSelfGrant = &apperr.Error{Kind: apperr.Forbidden, Field: "userID", Message: "you cannot grant or revoke your own roles; ask another member of the office"}

// checkGrant applies the Grants table to a membership being created or
// changed in a community (checkDelete to one being revoked).
func checkGrant(ctx context.Context, v *auth.Viewer, c gid.ID, m ent.Mutation) error {
	if v.Admin() {
		return nil
	}
	if m.Op().Is(ent.OpCreate) {
		if u, _ := m.Field(membership.FieldUserID); u == v.UserID {
			return errSelfGrant
		}
		r, _ := m.Field(membership.FieldRole)
		if role, ok := r.(membership.Role); !ok || !MayGrant(v, c, role) {
			return notGrantable(r)
		}
		return nil
	}
	// A membership is changed only by who could grant its role; its role
	// is changed by someone else than its holder.
	old, err := m.OldField(ctx, membership.FieldRole)
	if err != nil {
		return err
	}
	if !MayGrant(v, c, old.(membership.Role)) {
		return notGrantable(old)
	}
	r, setsRole := m.Field(membership.FieldRole)
	if !setsRole {
		return nil // a title or grid: no role changes hands
	}
	u, err := m.OldField(ctx, membership.FieldUserID)
	if err != nil {
		return err
	}
	if u == v.UserID {
		return errSelfGrant
	}
	if !MayGrant(v, c, r.(membership.Role)) {
		return notGrantable(r)
	}
	return nil
}
