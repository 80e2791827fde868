package demo

import (
	"context"
	"fmt"

	"wutong/auth"
	"wutong/ent"
	"wutong/ent/community"
	"wutong/ent/membership"
	"wutong/ent/user"
)

// Password is the password of every demo account. It exists only in demo
// data: outside it, no account has a known password.
const Password = "demo"

// Account is a demo login for one role.
type Account struct {
	Username  string
	Role      membership.Role
	Community string // the code of its community
}

// Accounts are the demo logins, one per role, each with Password. Each is
// a person the demo already has, with their cases, shifts and reports.
var Accounts = []Account{
	{"demo-admin", membership.RoleADMIN, Code},
	{"demo-officer", membership.RolePOLICE_OFFICER, Code},
	{"demo-auxiliary", membership.RoleAUXILIARY_OFFICER, Code},
	{"demo-lawyer", membership.RoleLAWYER, Code},
	{"demo-staff", membership.RoleCOMMUNITY_STAFF, Code},
	{"demo-grid", membership.RoleGRID_WORKER, Code},
	{"demo-steward", membership.RoleSTEWARD, Code},
	{"demo-patrol", membership.RolePATROL_VOLUNTEER, Code},
	{"demo-resident", membership.RoleRESIDENT, Code},
	{"demo-other-staff", membership.RoleCOMMUNITY_STAFF, SmallCode},
}

// setUpAccounts gives one person of each role a demo username and the demo
// password. A resident account is someone who is only a resident.
func setUpAccounts(ctx context.Context, client *ent.Client) error {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, a := range Accounts {
		q := client.User.Query().
			Where(user.HasMembershipsWith(membership.RoleEQ(a.Role), membership.HasCommunityWith(community.Code(a.Community)))).
			Order(ent.Asc(user.FieldUsername))
		switch a.Role {
		case membership.RoleRESIDENT:
			q.Where(user.ResidentIDNotNil(), user.Not(user.HasMembershipsWith(membership.RoleNEQ(membership.RoleRESIDENT))))
		case membership.RoleSTEWARD:
			q.Where(user.ResidentIDNotNil())
		}
		candidates, err := q.All(ctx)
		if err != nil {
			return err
		}
		var picked *ent.User
		for _, u := range candidates {
			if !taken[string(u.ID)] {
				picked = u
				break
			}
		}
		if picked == nil {
			return fmt.Errorf("demo: nobody holds %s in %s for %s", a.Role, a.Community, a.Username)
		}
		taken[string(picked.ID)] = true
		if err := client.User.UpdateOne(picked).SetUsername(a.Username).SetPasswordHash(hash).Exec(ctx); err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
	}
	return nil
}
