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
// an administrator, or staff or police of every community where the user
// holds a role. Someone who also holds a role elsewhere, or is an
// administrator, is managed only by administrators, so that staff cannot
// take over an account by giving it a role in their own community. To
// anyone who manages none of the user's communities the user does not exist.
func (s *Service) CanManage(ctx context.Context, userID gid.ID) error {
	v, err := RequireViewer(ctx)
	if err != nil {
		return err
	}
	if v.Admin() {
		return nil
	}
	managed := map[gid.ID]bool{}
	for _, c := range v.CommunitiesWith(AccountManagers...) {
		managed[c] = true
	}
	held, err := s.db(ctx).Membership.Query().Where(membership.UserID(userID)).All(system(ctx))
	if err != nil {
		return err
	}
	some, all := false, len(held) > 0
	for _, m := range held {
		if managed[m.CommunityID] {
			some = true
		}
		if !managed[m.CommunityID] || m.Role == membership.RoleADMIN {
			all = false
		}
	}
	switch {
	case !some:
		return apperr.NotFoundf("no user with ID %s", userID)
	case !all:
		return &apperr.Error{Kind: apperr.Forbidden, Message: "this user also holds roles you do not manage; ask an administrator"}
	}
	return nil
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
