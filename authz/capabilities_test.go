package authz_test

import (
	"errors"
	"testing"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent/membership"
	"wutong/gid"
)

// TestCapabilities is the table of the capabilities: for each, the answer
// to a viewer without a login, a stranger to the community, a resident of
// it and its staff.
func TestCapabilities(t *testing.T) {
	c := gid.ID("CM01TEST")
	in := func(role membership.Role) *auth.Viewer {
		return &auth.Viewer{UserID: "US01TEST", Roles: map[gid.ID][]membership.Role{c: {role}}}
	}
	stranger := &auth.Viewer{UserID: "US01TEST", Roles: map[gid.ID][]membership.Role{"CM01ELSE": {membership.RolePOLICE_OFFICER}}}
	const ok, none, login, hidden, refused = apperr.Kind("ok"), apperr.Kind(""), apperr.Unauthenticated, apperr.NotFound, apperr.Forbidden
	kind := func(err error) apperr.Kind {
		var e *apperr.Error
		switch {
		case err == nil:
			return ok
		case errors.As(err, &e):
			return e.Kind
		}
		return none
	}
	for _, row := range []struct {
		name  string
		check func(*auth.Viewer) error
		// no login, stranger, resident, staff
		want [4]apperr.Kind
	}{
		{"SeeFigures", func(v *auth.Viewer) error { return authz.SeeFigures(v, c) }, [4]apperr.Kind{login, hidden, refused, ok}},
		{"Export residents", func(v *auth.Viewer) error { return authz.Export(v, "Resident", c) }, [4]apperr.Kind{login, hidden, refused, ok}},
		{"Import employees", func(v *auth.Viewer) error { return authz.Import(v, c, "employees", "EmployeeRegistration", "Resident") }, [4]apperr.Kind{login, hidden, refused, ok}},
		{"ReadDonationRoster", func(v *auth.Viewer) error { return authz.ReadDonationRoster(v, c) }, [4]apperr.Kind{login, hidden, ok, ok}},
		{"Follow issue events", func(v *auth.Viewer) error { return authz.Follow(v, "IssueEvent", c) }, [4]apperr.Kind{login, hidden, ok, ok}},
		{"Follow access log", func(v *auth.Viewer) error { return authz.Follow(v, "AccessLog", c) }, [4]apperr.Kind{login, hidden, refused, refused}},
		{"RevokeSessions of another", func(v *auth.Viewer) error { return authz.RevokeSessions(v, "US01OTHER") }, [4]apperr.Kind{login, refused, refused, refused}},
	} {
		for i, v := range []*auth.Viewer{nil, stranger, in(membership.RoleRESIDENT), in(membership.RoleCOMMUNITY_STAFF)} {
			if got := kind(row.check(v)); got != row.want[i] {
				t.Errorf("%s, viewer %d: %q, want %q", row.name, i, got, row.want[i])
			}
		}
	}
	for _, row := range []struct {
		name  string
		check func(*auth.Viewer) bool
		want  [4]bool
	}{
		{"HandleIssues", func(v *auth.Viewer) bool { return authz.HandleIssues(v, c) }, [4]bool{false, false, false, true}},
		{"CallOffDispatch", func(v *auth.Viewer) bool { return authz.CallOffDispatch(v, c) }, [4]bool{false, false, false, true}},
	} {
		for i, v := range []*auth.Viewer{nil, stranger, in(membership.RoleRESIDENT), in(membership.RoleCOMMUNITY_STAFF)} {
			if got := row.check(v); got != row.want[i] {
				t.Errorf("%s, viewer %d: %v, want %v", row.name, i, got, row.want[i])
			}
		}
	}
	if all, cs := authz.NearbyScope(in(membership.RoleRESIDENT)); all || len(cs) != 1 || cs[0] != c {
		t.Errorf("NearbyScope of a resident: %v %v, want their community", all, cs)
	}
	if all, _ := authz.NearbyScope(&auth.Viewer{Roles: map[gid.ID][]membership.Role{"CM01OPS": {membership.RoleADMIN}}}); !all {
		t.Error("NearbyScope of an administrator: not every community")
	}
}
