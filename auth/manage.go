package auth

import (
	"context"

	"wutong/apperr"
	"wutong/ent"
	"wutong/gid"
)

// RequireViewer returns the viewer, or UNAUTHENTICATED.
func RequireViewer(ctx context.Context) (*Viewer, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	return v, nil
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
