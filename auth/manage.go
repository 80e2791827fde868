package auth

import (
	"context"

	"wutong/apperr"
	"wutong/ent"
)

// RequireViewer returns the viewer, or UNAUTHENTICATED.
func RequireViewer(ctx context.Context) (*Viewer, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	return v, nil
}

// Me returns the viewer's user, or nil when nobody is logged in.
func (s *Service) Me(ctx context.Context) (*ent.User, error) {
	v := FromContext(ctx)
	if v == nil {
		return nil, nil
	}
	return s.db(ctx).User.Get(ctx, v.UserID)
}
