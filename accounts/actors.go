package accounts

import (
	"context"
	"slices"

	"wutong/authz"
	"wutong/ent"
	"wutong/ent/membership"
	"wutong/ent/user"
	"wutong/gid"
)

// Actor is someone who acted on a record (a step on an issue's timeline, a
// comment, the mediation of a case) as whoever may read the record sees
// them: the name they go by and the role they act in, nothing else of their
// login (no username, phone or memberships elsewhere). Reading the record
// is the right to see it.
type Actor struct {
	// DisplayName is the name shown to others, such as 张警官.
	DisplayName string
	// Role is the role they act in, in the record's community
	// (ActingRoles), or nil if they hold none there.
	Role *membership.Role
}

// ActingRoles rank the roles in which someone acts on a record: of the
// roles a user holds in a community, the first here is shown.
var ActingRoles = []membership.Role{
	membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER, membership.RoleCOMMUNITY_STAFF,
	membership.RoleGRID_WORKER, membership.RoleLAWYER, membership.RolePROPERTY_MANAGER,
	membership.RoleHOMEOWNERS_COMMITTEE, membership.RolePATROL_VOLUNTEER, membership.RoleSTEWARD,
	membership.RoleRESIDENT,
}

// Actors returns who the users are as actors on a record of community, in
// the order given; a user that does not exist is left out. The caller has
// read the record: the users are read as the server.
func Actors(ctx context.Context, c *ent.Client, community gid.ID, users ...gid.ID) ([]*Actor, error) {
	if len(users) == 0 {
		return []*Actor{}, nil
	}
	found, err := c.User.Query().
		Where(user.IDIn(users...)).
		Select(user.FieldID, user.FieldDisplayName).
		WithMemberships(func(q *ent.MembershipQuery) {
			q.Where(membership.CommunityID(community)).Select(membership.FieldUserID, membership.FieldRole)
		}).
		All(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	byID := make(map[gid.ID]*ent.User, len(found))
	for _, u := range found {
		byID[u.ID] = u
	}
	out := make([]*Actor, 0, len(users))
	for _, id := range users {
		u, ok := byID[id]
		if !ok {
			continue
		}
		a := &Actor{DisplayName: u.DisplayName}
		best := len(ActingRoles)
		for _, m := range u.Edges.Memberships {
			if i := slices.Index(ActingRoles, m.Role); i >= 0 && i < best {
				best = i
			}
		}
		if best < len(ActingRoles) {
			role := ActingRoles[best]
			a.Role = &role
		}
		out = append(out, a)
	}
	return out, nil
}
