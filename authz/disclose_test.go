package authz_test

import (
	"testing"

	"wutong/auth"
	"wutong/authz"
	"wutong/ent/membership"
	"wutong/gid"
)

// TestDisclose is the table of authz.Disclose: role x field x relation.
// Each row says, for a viewer holding one role in the resident's community
// (or none) and standing to her as given, how each personal field is
// shown and why a full read is logged.
func TestDisclose(t *testing.T) {
	c, elsewhere := gid.ID("CM01TEST"), gid.ID("CM01ELSE")
	viewer := func(community gid.ID, role membership.Role) *auth.Viewer {
		v := &auth.Viewer{UserID: "US01TEST", Roles: map[gid.ID][]membership.Role{}}
		if role != "" {
			v.Roles[community] = []membership.Role{role}
		}
		return v
	}
	mediator := authz.Relations{MediatedCase: "MC01TEST"}
	steward := authz.Relations{StewardOf: "ST01TEST"}
	const F, M, W = authz.Full, authz.Masked, authz.Withheld
	for _, row := range []struct {
		name string
		v    *auth.Viewer
		rel  authz.Relations
		// phone, ID card, address, care flags
		want [4]authz.Shown
		why  string
	}{
		{"self", viewer(c, membership.RoleRESIDENT), authz.Relations{Self: true}, [4]authz.Shown{F, F, F, F}, ""},
		{"neighbour", viewer(c, membership.RoleRESIDENT), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"police", viewer(c, membership.RolePOLICE_OFFICER), authz.Relations{}, [4]authz.Shown{F, F, F, F}, "role POLICE_OFFICER"},
		{"auxiliary police", viewer(c, membership.RoleAUXILIARY_OFFICER), authz.Relations{}, [4]authz.Shown{F, F, F, F}, "role AUXILIARY_OFFICER"},
		{"staff", viewer(c, membership.RoleCOMMUNITY_STAFF), authz.Relations{}, [4]authz.Shown{F, M, F, F}, "role COMMUNITY_STAFF"},
		{"grid worker", viewer(c, membership.RoleGRID_WORKER), authz.Relations{}, [4]authz.Shown{F, M, F, F}, "role GRID_WORKER"},
		{"homeowners' committee", viewer(c, membership.RoleHOMEOWNERS_COMMITTEE), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"property manager", viewer(c, membership.RolePROPERTY_MANAGER), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"patrol volunteer", viewer(c, membership.RolePATROL_VOLUNTEER), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"lawyer", viewer(c, membership.RoleLAWYER), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"her mediator", viewer(c, membership.RoleLAWYER), mediator, [4]authz.Shown{F, M, F, W}, "mediator of case MC01TEST"},
		{"steward of her building", viewer(c, membership.RoleSTEWARD), steward, [4]authz.Shown{M, M, F, F}, "steward ST01TEST"},
		{"steward elsewhere", viewer(c, membership.RoleSTEWARD), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"police of another community", viewer(elsewhere, membership.RolePOLICE_OFFICER), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"administrator", viewer(c, membership.RoleADMIN), authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
		{"no login", nil, authz.Relations{}, [4]authz.Shown{M, M, M, W}, ""},
	} {
		t.Run(row.name, func(t *testing.T) {
			for i, f := range authz.PersonalFields {
				shown, why := authz.Disclose(row.v, c, row.rel, f)
				if shown != row.want[i] {
					t.Errorf("%s: %v, want %v", f, shown, row.want[i])
				}
				if shown == authz.Full && why != row.why {
					t.Errorf("%s: reason %q, want %q", f, why, row.why)
				}
				if shown != authz.Full && why != "" {
					t.Errorf("%s: reason %q for a value not shown in full", f, why)
				}
			}
		})
	}
}

// TestDiscloseUserPhone is the table for a login's phone: its user, and
// whoever holds a role that shows residents' phones where the user holds
// a role, see it in full; everyone else masked.
func TestDiscloseUserPhone(t *testing.T) {
	c, elsewhere := gid.ID("CM01TEST"), gid.ID("CM01ELSE")
	staff := &auth.Viewer{Roles: map[gid.ID][]membership.Role{c: {membership.RoleCOMMUNITY_STAFF}}}
	resident := &auth.Viewer{Roles: map[gid.ID][]membership.Role{c: {membership.RoleRESIDENT}}}
	admin := &auth.Viewer{Roles: map[gid.ID][]membership.Role{elsewhere: {membership.RoleADMIN}}}
	for _, row := range []struct {
		name        string
		v           *auth.Viewer
		self        bool
		communities []gid.ID
		want        authz.Shown
		in          gid.ID
	}{
		{"own", resident, true, nil, authz.Full, ""},
		{"staff where the user holds a role", staff, false, []gid.ID{elsewhere, c}, authz.Full, c},
		{"staff where the user holds none", staff, false, []gid.ID{elsewhere}, authz.Masked, ""},
		{"a resident of the same community", resident, false, []gid.ID{c}, authz.Masked, ""},
		{"administrator", admin, false, []gid.ID{elsewhere}, authz.Masked, ""},
	} {
		shown, in, why := authz.DiscloseUserPhone(row.v, row.self, row.communities)
		if shown != row.want || in != row.in || (shown == authz.Full && !row.self && why == "") {
			t.Errorf("%s: %v in %q (%q), want %v in %q", row.name, shown, in, why, row.want, row.in)
		}
	}
}
