// Package auth knows who is calling: passwords, login sessions with bearer
// tokens and cookies, activation codes, login throttling, and the Viewer
// that every request carries in its context.
package auth

import (
	"context"
	"slices"

	"wutong/ent/membership"
	"wutong/gid"
)

// Viewer is the user making a request, with their roles per community.
type Viewer struct {
	// UserID is the logged-in user.
	UserID gid.ID
	// ResidentID is the resident the user is, if any.
	ResidentID gid.ID
	// SessionID is the session the request came with.
	SessionID gid.ID
	// Roles lists the roles the user holds in each community.
	Roles map[gid.ID][]membership.Role
}

// Admin reports whether the viewer operates the deployment: the ADMIN role
// in any community covers every community.
func (v *Viewer) Admin() bool {
	if v == nil {
		return false
	}
	for _, roles := range v.Roles {
		if slices.Contains(roles, membership.RoleADMIN) {
			return true
		}
	}
	return false
}

// Has reports whether the viewer holds any of the roles in the community.
func (v *Viewer) Has(community gid.ID, roles ...membership.Role) bool {
	if v == nil {
		return false
	}
	for _, r := range v.Roles[community] {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// Communities lists every community where the viewer holds a role.
func (v *Viewer) Communities() []gid.ID {
	if v == nil {
		return nil
	}
	out := make([]gid.ID, 0, len(v.Roles))
	for c := range v.Roles {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// viewerKey is the context key of the Viewer.
type viewerKey struct{}

// NewContext returns a context carrying the viewer.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer of the request, or nil when nobody is logged in.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}
