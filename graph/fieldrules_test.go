package graph_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/authz/authztest"
	"wutong/ent"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// refusedByRecord reports whether a write was refused for the record or
// kind as a whole (not found, or not the viewer's to change), before any
// field was looked at.
func refusedByRecord(err error) bool {
	if err == nil || errors.Is(err, authz.ErrFieldRule) {
		return false
	}
	if ent.IsNotFound(err) {
		return true
	}
	e, ok := apperr.As(err)
	return ok && (e.Kind == apperr.NotFound || e.Kind == apperr.Forbidden || e.Kind == apperr.Unauthenticated)
}

// TestFieldRulesOnEveryInput is generated from the schema and the tables:
// for every field of every create and update input that entgql generates,
// as every role, in its own community and in another, it applies the field
// with ent's SetInput (as the resolvers do) in a transaction that is rolled
// back, and checks the outcome against authz.Writes: refused by the field
// rule exactly when the table says the role may not set it, and for a
// record of another community refused as missing, whatever the field.
func TestFieldRulesOnEveryInput(t *testing.T) {
	t.Parallel()
	inputs, err := authztest.Inputs(authz.Entities)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		home, away := world(a, "home"), world(a, "away")
		for _, role := range authz.Roles {
			t.Run(string(role), func(t *testing.T) {
				uid := newUser(t, s, "rules."+strings.ToLower(string(role)), "", "rules password", map[gid.ID]membership.Role{gid.ID(home["Community"]): role})
				viewer := &auth.Viewer{UserID: uid, Roles: map[gid.ID][]membership.Role{gid.ID(home["Community"]): {role}}}
				// The roles that keep records of their own own the home
				// world's: the steward is its resident (and so reported its
				// issue), the volunteer its patrol member, the lawyer
				// mediates its case.
				switch role {
				case membership.RoleSTEWARD:
					s.Client.User.UpdateOneID(uid).SetResidentID(gid.ID(home["Resident"])).ExecX(system)
					viewer.ResidentID = gid.ID(home["Resident"])
				case membership.RolePATROL_VOLUNTEER:
					s.Client.PatrolMember.UpdateOneID(gid.ID(home["PatrolMember"])).SetUserID(uid).ExecX(system)
					s.Client.PatrolShift.UpdateOneID(gid.ID(home["PatrolShift"])).AddMemberIDs(gid.ID(home["PatrolMember"])).ExecX(system)
				case membership.RoleLAWYER:
					s.Client.MediationCase.UpdateOneID(gid.ID(home["MediationCase"])).AddMediatorIDs(uid).ExecX(system)
				}
				ctx := auth.NewContext(context.Background(), viewer)
				attempt := func(in authztest.Input, id string, v reflect.Value) error {
					tx, err := s.Client.Tx(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					defer func() { _ = tx.Rollback() }()
					return authztest.Save(ctx, tx, in, gid.ID(id), v)
				}
				refused, allowed := 0, 0
				for _, in := range inputs {
					var required []string
					for _, f := range in.Fields {
						if f.Required {
							required = append(required, f.Touches...)
						}
					}
					// wants says whether the table refuses a write of these fields.
					wants := func(names []string, w authz.Writer) bool {
						for _, n := range names {
							if !authz.MayWrite(in.Entity, n, in.Create, w) {
								return true
							}
						}
						return false
					}
					for _, w := range []map[string]string{home, away} {
						base := reflect.New(in.Type).Elem()
						cf := base.FieldByName("CommunityID")
						if cf.IsValid() {
							cf.Set(reflect.ValueOf(gid.ID(w["Community"])))
						} else if in.Create && w["Community"] != home["Community"] {
							continue // a record of no community (a User) is created once
						}
						id := w[in.Entity]
						writer := authz.WriterOf(in.Entity, role)
						if in.Entity == "User" && !in.Create {
							writer = authz.Writer{Scope: authz.Community} // another user, if the viewer manages them
						}
						recordRefused := false
						if !in.Create {
							recordRefused = refusedByRecord(attempt(in, id, base))
						} else if writer.Scope == authz.None || in.Entity == "Community" || w["Community"] != home["Community"] {
							recordRefused = true
						}
						for i, f := range in.Fields {
							if f.Required && in.Create || f.Inert {
								continue // part of every attempt, or a no-op (see authztest.Field)
							}
							v := reflect.New(in.Type).Elem()
							v.Set(base)
							v.Field(i).Set(authztest.Sample(v.Field(i).Type()))
							err := attempt(in, id, v)
							byRule := errors.Is(err, authz.ErrFieldRule)
							switch {
							case w["Community"] != home["Community"] && !in.Create && !refusedByRecord(err):
								t.Errorf("%s.%s on another community's record: %v, want it not found", in.Name(), f.Name, err)
							case recordRefused:
								if byRule {
									t.Errorf("%s.%s: refused by a field rule (%v) where the record is not theirs to write", in.Name(), f.Name, err)
								}
							default:
								want := wants(append(append([]string(nil), required...), f.Touches...), writer)
								if byRule != want {
									t.Errorf("%s.%s as %s: refused by a field rule %v (%v), the table says %v", in.Name(), f.Name, role, byRule, err, want)
								}
								if want {
									refused++
								} else {
									allowed++
								}
							}
						}
					}
				}
				t.Logf("%s: %d fields refused, %d allowed", role, refused, allowed)
			})
		}
	})
}
