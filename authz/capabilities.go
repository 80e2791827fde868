package authz

import (
	"fmt"

	"wutong/apperr"
	"wutong/auth"
	"wutong/ent/membership"
	"wutong/gid"
)

// The capabilities: work beyond reading or writing one kind of record, each
// a named check that every place doing that work calls. Each refuses
// without a login (UNAUTHENTICATED); answers NOT_FOUND for a community the
// viewer holds no role in, as for a record they may not read, so that a
// refusal never tells a stranger that a community exists; and FORBIDDEN
// where the viewer holds a role there that does not allow the work.

// refuse is the answer for a capability the viewer lacks in a community.
func refuse(v *auth.Viewer, community gid.ID, message string) error {
	if v == nil {
		return errLogIn
	}
	if !v.Admin() && len(v.Roles[community]) == 0 {
		return apperr.NotFoundf("no community with ID %s", community)
	}
	return &apperr.Error{Kind: apperr.Forbidden, Message: message}
}

// SeeFigures: a community's statistics (communityStats, gridStats and the
// statistics export) are for those who read all of its issues.
func SeeFigures(v *auth.Viewer, community gid.ID) error {
	if v != nil && ReadScope(v, "Issue", community) == Community {
		return nil
	}
	return refuse(v, community, "the figures are for the community's staff and police")
}

// Export: an Excel export of a community's records of a kind is for those
// who read all of them there.
func Export(v *auth.Viewer, entity string, community gid.ID) error {
	if v != nil && ReadScope(v, entity, community) == Community {
		return nil
	}
	return refuse(v, community, "exports are for the community's staff and police")
}

// Import: a roster import writes records of the given kinds into a
// community; it is for those who write all of them there.
func Import(v *auth.Viewer, community gid.ID, what string, entities ...string) error {
	for _, e := range entities {
		if v == nil || WriteScope(v, e, community) != Community {
			return refuse(v, community, fmt.Sprintf("your roles do not allow importing %s into this community", what))
		}
	}
	return nil
}

// ReadDonationRoster: the roster of gifts (names and amounts, no contact
// details) is public to every member of the community.
func ReadDonationRoster(v *auth.Viewer, community gid.ID) error {
	if v != nil && (v.Admin() || len(v.Roles[community]) > 0) {
		return nil
	}
	return refuse(v, community, "")
}

// Follow: a subscription to a community's records of a kind (issue events,
// notices) is for those who may read some of them there; each message is
// then read under the viewer's rules.
func Follow(v *auth.Viewer, entity string, community gid.ID) error {
	if v != nil && ReadScope(v, entity, community) != None {
		return nil
	}
	return refuse(v, community, "you may not follow this community's records")
}

// HandleIssues: stepping a community's issues through their lifecycle,
// assigning them, opening mediation and rating on others' behalf are for
// those who write all of its issues (the office, property managers,
// administrators).
func HandleIssues(v *auth.Viewer, community gid.ID) bool {
	return v != nil && WriteScope(v, "Issue", community) == Community
}

// CallOffDispatch: calling a patrol dispatch off is the office's, which
// writes all of the community's dispatches.
func CallOffDispatch(v *auth.Viewer, community gid.ID) bool {
	return v != nil && WriteScope(v, "Dispatch", community) == Community
}

// RevokeSessions: a user ends their own sessions; only administrators end
// other users' (the same answer whether or not the user exists).
func RevokeSessions(v *auth.Viewer, userID gid.ID) error {
	switch {
	case v == nil:
		return errLogIn
	case v.UserID == userID || v.Admin():
		return nil
	}
	return &apperr.Error{Kind: apperr.Forbidden, Message: "only administrators end other users' sessions"}
}

// NearbyScope is where a search for issues near a point looks: every
// community for an administrator (all true), else the viewer's own; the
// issues found are then read under the viewer's rules.
func NearbyScope(v *auth.Viewer) (all bool, communities []gid.ID) {
	if v.Admin() {
		return true, nil
	}
	return false, v.Communities()
}

// AssignableRoles are the roles of the people an issue may be assigned
// to: those who work a community's issues.
var AssignableRoles = []membership.Role{membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER,
	membership.RoleCOMMUNITY_STAFF, membership.RoleGRID_WORKER, membership.RolePROPERTY_MANAGER,
	membership.RoleLAWYER, membership.RoleSTEWARD, membership.RolePATROL_VOLUNTEER}

// MediatorRoles are the roles of the people who may mediate a case.
var MediatorRoles = []membership.Role{membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER,
	membership.RoleLAWYER, membership.RoleCOMMUNITY_STAFF, membership.RoleGRID_WORKER, membership.RoleHOMEOWNERS_COMMITTEE}
