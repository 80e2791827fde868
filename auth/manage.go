package auth

import (
	"context"

	"wutong/apperr"
	"wutong/ent"
	"wutong/ent/membership"
	"wutong/gid"
)

// AccountManagers are the roles that create and reset the accounts of the
// people of their community.
var AccountManagers = []membership.Role{membership.RoleCOMMUNITY_STAFF, membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER}

// RequireViewer returns the viewer, or UNAUTHENTICATED.
func RequireViewer(ctx context.Context) (*Viewer, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	return v, nil
}

// CanManage checks that the viewer may issue activation codes for a user:
// an administrator, or staff or police of a community where the user holds
// a role. To anyone else the user does not exist.
func (s *Service) CanManage(ctx context.Context, userID gid.ID) error {
	v, err := RequireViewer(ctx)
	if err != nil {
		return err
	}
	if v.Admin() {
		return nil
	}
	communities := v.CommunitiesWith(AccountManagers...)
	if len(communities) > 0 {
		ok, err := s.db(ctx).Membership.Query().
			Where(membership.UserID(userID), membership.CommunityIDIn(communities...)).
			Exist(system(ctx))
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
	return apperr.NotFoundf("no user with ID %s", userID)
}

// CanRevoke checks that the viewer may end a user's sessions: their own,
// or anyone's for an administrator.
func (s *Service) CanRevoke(ctx context.Context, userID gid.ID) error {
	v, err := RequireViewer(ctx)
	if err != nil {
		return err
	}
	if v.UserID == userID || v.Admin() {
		return nil
	}
	return &apperr.Error{Kind: apperr.Forbidden, Message: "only administrators end other users' sessions"}
}

// Me returns the viewer's user, or nil when nobody is logged in.
func (s *Service) Me(ctx context.Context) (*ent.User, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	return s.db(ctx).User.Get(ctx, v.UserID)
}
