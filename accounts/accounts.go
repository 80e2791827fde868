// Package accounts holds the office's work on logins that no generic
// update may do: linking a login to the resident it belongs to.
package accounts

import (
	"context"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/membership"
	"wutong/ent/user"
	"wutong/gid"
)

// LinkResident links a login to a resident, or unlinks it when resident is
// nil. Nobody but an administrator links their own login. The viewer must
// manage the account (authz.ManageUser) and read the resident in full, as
// the login will (authz.ReadsInFull: the police office); the user must hold
// a role in the resident's community, so that a login is never tied to a
// resident of a community it has nothing to do with. The change goes
// through the User's field rules as OpLinking, and the audit log records it.
func LinkResident(ctx context.Context, c *ent.Client, userID gid.ID, resident *gid.ID) (*ent.User, error) {
	v, err := auth.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if userID == v.UserID && !v.Admin() {
		// A login linked to a resident reads that resident's data in full
		// as its own, with no access-log entry: nobody links themselves.
		return nil, &apperr.Error{Kind: apperr.Forbidden, Field: "userID", Message: "you cannot link your own login; ask another member of the office"}
	}
	if err := authz.ManageUser(ctx, c, v, userID); err != nil {
		return nil, err
	}
	update := c.User.UpdateOneID(userID)
	if resident == nil {
		update.ClearResidentID()
	} else {
		r, err := c.Resident.Get(ctx, *resident)
		if ent.IsNotFound(err) {
			return nil, apperr.InvalidField("residentID", "no resident with ID %s", *resident)
		}
		if err != nil {
			return nil, err
		}
		if err := authz.ReadsInFull(v, r.CommunityID); err != nil {
			return nil, err
		}
		holds, err := c.Membership.Query().Where(membership.UserID(userID), membership.CommunityID(r.CommunityID)).Exist(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		if !holds {
			return nil, apperr.InvalidField("residentID", "the user holds no role in the resident's community")
		}
		taken, err := c.User.Query().Where(user.ResidentID(r.ID), user.IDNEQ(userID)).Exist(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		if taken {
			return nil, &apperr.Error{Kind: apperr.Conflict, Field: "residentID", Message: "this resident has another login already; unlink it first"}
		}
		update.SetResidentID(r.ID)
	}
	return update.Save(authz.Doing(ctx, authz.OpLinking))
}
