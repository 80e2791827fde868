package authz_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wutong/authz"
	"wutong/authz/authztest"
	"wutong/ent/membership"
	"wutong/ent/migrate"
	"wutong/gid"
)

// columns returns the columns of an entity's table, from the migration schema.
func columns(t *testing.T, entity string) []string {
	t.Helper()
	table, err := gid.TableOfType(entity)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range migrate.Tables {
		if tb.Name == table {
			var out []string
			for _, c := range tb.Columns {
				out = append(out, c.Name)
			}
			return out
		}
	}
	t.Fatalf("no table %s for %s", table, entity)
	return nil
}

// TestEveryColumnHasARule fails when a column is added to a kind of record
// without a write rule, and when a rule names a column that is gone (and no
// input or server operation touches it as an edge).
func TestEveryColumnHasARule(t *testing.T) {
	inputs, err := authztest.Inputs(authz.Entities)
	if err != nil {
		t.Fatal(err)
	}
	touched := map[string]bool{}
	for _, in := range inputs {
		for _, f := range in.Fields {
			for _, n := range f.Touches {
				touched[in.Entity+"."+n] = true
			}
		}
	}
	for _, e := range authz.Entities {
		cols := columns(t, e)
		for _, c := range cols {
			if _, ok := authz.RuleOf(e, c); !ok {
				t.Errorf("%s.%s has no write rule in authz.Writes", e, c)
			}
		}
		for name, r := range authz.Writes[e] {
			if !slices.Contains(cols, name) && !touched[e+"."+name] && len(r.Via) == 0 {
				t.Errorf("authz.Writes has a rule for %s.%s, which is neither a column nor an edge anything sets", e, name)
			}
		}
	}
	for e := range authz.Writes {
		if !slices.Contains(authz.Entities, e) {
			t.Errorf("authz.Writes has rules for %s, which is not in authz.Entities", e)
		}
	}
}

// inputRe finds the generated create and update inputs of the GraphQL schema.
var inputRe = regexp.MustCompile(`(?ms)^input ((?:Create|Update)\w+Input) \{\n(.*?)^\}`)

// fieldRe finds the fields of an input block.
var fieldRe = regexp.MustCompile(`(?m)^  (\w+):`)

// TestEveryInputFieldHasARule checks every field of every generated input
// of the GraphQL schema: it sets only fields a viewer may set by some rule,
// never one that only the server sets (hashes, stamps, links, steps), and
// the Go inputs are exactly the GraphQL ones, field for field.
func TestEveryInputFieldHasARule(t *testing.T) {
	inputs, err := authztest.Inputs(authz.Entities)
	if err != nil {
		t.Fatal(err)
	}
	sdl, err := os.ReadFile("../graph/ent.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema := map[string][]string{}
	for _, m := range inputRe.FindAllStringSubmatch(string(sdl), -1) {
		for _, f := range fieldRe.FindAllStringSubmatch(m[2], -1) {
			schema[m[1]] = append(schema[m[1]], f[1])
		}
	}
	seen := map[string]bool{}
	fields := 0
	for _, in := range inputs {
		seen[in.Name()] = true
		gql, ok := schema[in.Name()]
		if !ok {
			t.Errorf("%s is generated in Go but not in the GraphQL schema", in.Name())
			continue
		}
		// entgql's appendX fields are left out of the schema (package
		// lean): the code it generates for them appends the wrong list.
		goFields := slices.DeleteFunc(slices.Clone(in.Fields), func(f authztest.Field) bool { return strings.HasPrefix(f.Name, "Append") })
		if len(gql) != len(goFields) {
			t.Errorf("%s has %d GraphQL fields and %d Go fields", in.Name(), len(gql), len(goFields))
		}
		for _, f := range goFields {
			fields++
			if !slices.ContainsFunc(gql, func(g string) bool { return strings.EqualFold(g, f.Name) }) {
				t.Errorf("%s.%s is not a field of the GraphQL input", in.Name(), f.Name)
			}
			for _, n := range f.Touches {
				r, ok := authz.RuleOf(in.Entity, n)
				switch {
				case !ok:
					t.Errorf("%s.%s sets %s.%s, which has no write rule", in.Name(), f.Name, in.Entity, n)
				case r.Stamped || r.ServerOnly():
					t.Errorf("%s.%s sets %s.%s, which only the server sets: take it out of the input", in.Name(), f.Name, in.Entity, n)
				case in.Create && r.Create.Scope == authz.None && !(n == "community_id" || strings.HasSuffix(n, "_id")):
					t.Errorf("%s.%s sets %s.%s, which nobody may set on create", in.Name(), f.Name, in.Entity, n)
				}
			}
		}
	}
	for name := range schema {
		if !seen[name] {
			t.Errorf("the GraphQL schema has %s, which no entity's SetInput takes", name)
		}
	}
	if fields < 300 {
		t.Errorf("only %d input fields found: the reflection lost some", fields)
	}
	t.Logf("%d inputs, %d fields", len(inputs), fields)
}

// TestServerFieldsAreInNoInput names the fields the issue found writable and
// that must never be: a login's hashes and its link to a resident.
func TestServerFieldsAreInNoInput(t *testing.T) {
	inputs, err := authztest.Inputs(authz.Entities)
	if err != nil {
		t.Fatal(err)
	}
	forbidden := map[string][]string{
		"User":  {"password_hash", "activation_code_hash", "activation_expires_at", "resident_id", "resident"},
		"Issue": {"status", "reported_by_id", "rating", "version", "acknowledged_at"},
	}
	for _, in := range inputs {
		for _, f := range in.Fields {
			for _, n := range f.Touches {
				if slices.Contains(forbidden[in.Entity], n) {
					t.Errorf("%s.%s sets %s", in.Name(), f.Name, n)
				}
			}
		}
	}
}

// TestMayWrite spells out the decisions the issue is about.
func TestMayWrite(t *testing.T) {
	all := func(roles ...membership.Role) []membership.Role { return roles }
	cases := []struct {
		entity, field string
		create        bool
		w             authz.Writer
		want          bool
	}{
		// Personal information is written by those who read it in full.
		{"Resident", "id_card_number", true, authz.WriterOf("Resident", membership.RolePOLICE_OFFICER), true},
		{"Resident", "id_card_number", true, authz.WriterOf("Resident", membership.RoleAUXILIARY_OFFICER), true},
		{"Resident", "id_card_number", true, authz.WriterOf("Resident", membership.RoleGRID_WORKER), false},
		{"Resident", "id_card_number", false, authz.WriterOf("Resident", membership.RoleCOMMUNITY_STAFF), false},
		{"Resident", "phone", false, authz.WriterOf("Resident", membership.RoleGRID_WORKER), true},
		{"Resident", "phone", false, authz.WriterOf("Resident", membership.RoleRESIDENT), false},
		{"Resident", "care_flags", false, authz.WriterOf("Resident", membership.RoleSTEWARD), false},
		{"Resident", "name", false, authz.WriterOf("Resident", all(membership.RoleGRID_WORKER)...), true},
		// A login's secrets and link are nobody's to write through an input.
		{"User", "password_hash", false, authz.Writer{Scope: authz.Own}, false},
		{"User", "password_hash", false, authz.Writer{Scope: authz.Community, Admin: true}, false},
		{"User", "activation_code_hash", true, authz.Writer{Scope: authz.Community}, false},
		{"User", "resident_id", false, authz.Writer{Scope: authz.Community, Admin: true}, false},
		{"User", "resident", false, authz.Writer{Scope: authz.Community}, false},
		{"User", "display_name", false, authz.Writer{Scope: authz.Own}, true},
		{"User", "phone", false, authz.Writer{Scope: authz.Own}, false},
		{"User", "username", false, authz.Writer{Scope: authz.Own}, false},
		{"User", "active", false, authz.Writer{Scope: authz.Own}, false},
		{"User", "phone", false, authz.WriterOf("User", membership.RoleCOMMUNITY_STAFF), false},
		{"User", "phone", true, authz.WriterOf("User", membership.RolePOLICE_OFFICER), false},
		{"User", "phone", false, authz.Writer{Scope: authz.Community, Admin: true}, true},
		// A patrol volunteer goes on duty but is not the office.
		{"PatrolMember", "on_duty", false, authz.WriterOf("PatrolMember", membership.RolePATROL_VOLUNTEER), true},
		{"PatrolMember", "affiliation", false, authz.WriterOf("PatrolMember", membership.RolePATROL_VOLUNTEER), false},
		{"PatrolMember", "name", false, authz.WriterOf("PatrolMember", membership.RolePATROL_VOLUNTEER), false},
		{"PatrolMember", "user_id", false, authz.WriterOf("PatrolMember", membership.RolePATROL_VOLUNTEER), false},
		{"PatrolMember", "affiliation", false, authz.WriterOf("PatrolMember", membership.RoleCOMMUNITY_STAFF), true},
		{"PatrolShift", "log", false, authz.WriterOf("PatrolShift", membership.RolePATROL_VOLUNTEER), true},
		{"PatrolShift", "members", false, authz.WriterOf("PatrolShift", membership.RolePATROL_VOLUNTEER), false},
		// Reporters describe their report; the office corrects it.
		{"Issue", "title", true, authz.WriterOf("Issue", membership.RoleRESIDENT), true},
		{"Issue", "title", false, authz.WriterOf("Issue", membership.RoleRESIDENT), false},
		{"Issue", "status", false, authz.WriterOf("Issue", membership.RolePOLICE_OFFICER), false},
		{"Issue", "reported_by_id", true, authz.Writer{Scope: authz.Community, Admin: true}, false},
		// Lawyers keep their own case, not which dispute or who mediates.
		{"MediationCase", "title", false, authz.WriterOf("MediationCase", membership.RoleLAWYER), true},
		{"MediationCase", "issue_id", false, authz.WriterOf("MediationCase", membership.RoleLAWYER), false},
		{"MediationCase", "mediators", false, authz.WriterOf("MediationCase", membership.RoleLAWYER), false},
		{"MediationCase", "mediators", false, authz.WriterOf("MediationCase", membership.RolePOLICE_OFFICER), true},
		// Stewards keep their work unit; the office their buildings.
		{"Steward", "work_unit", false, authz.WriterOf("Steward", membership.RoleSTEWARD), true},
		{"Steward", "compounds", false, authz.WriterOf("Steward", membership.RoleSTEWARD), false},
		// IDs and stamps come from the schema; logs from the server.
		{"Notice", "created_at", true, authz.WriterOf("Notice", membership.RoleRESIDENT), true},
		{"AuditLog", "actor_id", true, authz.Writer{Scope: authz.Community, Admin: true}, false},
		{"Resident", "no_such_field", false, authz.Writer{Scope: authz.Community, Admin: true}, false},
	}
	for _, c := range cases {
		if got := authz.MayWrite(c.entity, c.field, c.create, c.w); got != c.want {
			t.Errorf("MayWrite(%s.%s, create=%v, %+v) = %v, want %v", c.entity, c.field, c.create, c.w, got, c.want)
		}
	}
}

// TestPersonalFieldsWrittenByReadersInFull checks the rule behind the
// oracle fix: whoever may write a personal field of a resident reads it in
// full, so that no write (a duplicate refused, say) can confirm a value to
// someone who sees it masked.
func TestPersonalFieldsWrittenByReadersInFull(t *testing.T) {
	fields := map[authz.Field][]string{
		authz.Phone: {"phone"}, authz.IDCard: {"id_card_number"}, authz.Address: {"building", "unit", "room"}, authz.CareFlags: {"care_flags"},
	}
	for f, cols := range fields {
		for _, col := range cols {
			for _, role := range authz.Roles {
				for _, create := range []bool{true, false} {
					if authz.MayWrite("Resident", col, create, authz.WriterOf("Resident", role)) && !authz.Unmasks(role, f) {
						t.Errorf("%s writes Resident.%s but sees %s masked", role, col, f)
					}
				}
			}
		}
	}
}

// TestGrants checks the grant table: nobody but an administrator makes
// administrators or police officers; staff never grant the police, auxiliary
// officer or lawyer roles; and no role grants a role that reads, writes or
// unmasks more than itself.
func TestGrants(t *testing.T) {
	for _, granted := range []membership.Role{membership.RoleADMIN, membership.RolePOLICE_OFFICER} {
		for grantor, roles := range authz.Grants {
			if slices.Contains(roles, granted) {
				t.Errorf("%s grants %s", grantor, granted)
			}
		}
	}
	for _, r := range []membership.Role{membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER, membership.RoleLAWYER, membership.RoleADMIN} {
		if slices.Contains(authz.Grants[membership.RoleCOMMUNITY_STAFF], r) {
			t.Errorf("staff grant %s", r)
		}
	}
	if len(authz.Grants[membership.RoleGRID_WORKER]) > 0 {
		t.Error("grid workers grant roles")
	}
	for grantor, roles := range authz.Grants {
		for _, granted := range roles {
			for _, e := range authz.Entities {
				a, b := authz.For(granted, e), authz.For(grantor, e)
				if a.Read > b.Read || a.Write > b.Write {
					t.Errorf("%s grants %s, which does more with %s (%+v against %+v)", grantor, granted, e, a, b)
				}
			}
			for _, f := range authz.PersonalFields {
				if authz.Unmasks(granted, f) && !authz.Unmasks(grantor, f) {
					t.Errorf("%s grants %s, which sees %s in full", grantor, granted, f)
				}
			}
		}
	}
}
