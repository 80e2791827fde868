package graph_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"wutong/authz"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// noUpdate are the kinds without an update mutation.
var noUpdate = map[string]bool{"IssueEvent": true, "Dispatch": true, "IssuePhoto": true, "AccessLog": true, "AuditLog": true}

// withLogs adds an entry of each log to a world, as the server would.
func withLogs(tb testing.TB, s *store.Store, w map[string]string) map[string]string {
	c, r := gid.ID(w["Community"]), gid.ID(w["Resident"])
	w["AccessLog"] = string(s.Client.AccessLog.Create().SetCommunityID(c).SetViewerID(gid.ID(w["User"])).SetResidentID(r).
		SetField("phone").SetReason("police").SaveX(system).ID)
	w["AuditLog"] = string(s.Client.AuditLog.Create().SetCommunityID(c).SetActorID(gid.ID(w["User"])).SetOperation("UPDATE").
		SetEntity("Resident").SetRecordID(r).SaveX(system).ID)
	return w
}

// listIDs returns the IDs of a kind that the caller sees in its top-level list.
func listIDs(a *api, entity string) []string {
	a.tb.Helper()
	var out map[string]struct {
		Edges []struct{ Node struct{ ID string } }
	}
	a.must(`{ l: `+plural(entity)+`(first: 100) { edges { node { id } } } }`, nil, &out)
	var ids []string
	for _, e := range out["l"].Edges {
		ids = append(ids, e.Node.ID)
	}
	return ids
}

// update tries a harmless change and returns the error code, or "" on success.
func update(a *api, entity, id string) string {
	a.tb.Helper()
	r := a.do(`mutation($in: `+entity+`Change!) { r: update`+entity+`(input: $in) { `+lowerFirst(entity)+` { id } } }`,
		map[string]any{"in": map[string]any{"id": id, "patch": harmless[entity]}})
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

// TestAuthorizationMatrix checks every cell of authz.Matrix through the API:
// for each role held in one community, each kind of record is listed and
// changed there and in a second community, and the outcome must be what the
// matrix says. Records of the second community are never seen or changed.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		home, away := withLogs(t, s, world(a, "home")), withLogs(t, s, world(a, "away"))
		for _, role := range authz.Roles {
			t.Run(string(role), func(t *testing.T) {
				name := strings.ReplaceAll(strings.ToLower(string(role)), "_", ".")
				newUser(t, s, name, "", "matrix password", map[gid.ID]membership.Role{gid.ID(home["Community"]): role})
				as := a.on(t).as(a.login(name, "matrix password"))
				for _, entity := range authz.Entities {
					access := authz.For(role, entity)
					seen := listIDs(as, entity)
					if slices.Contains(seen, away[entity]) {
						t.Errorf("%s sees a %s of another community", role, entity)
					}
					if got, want := slices.Contains(seen, home[entity]), access.Read == authz.Community; got != want {
						t.Errorf("%s reads a %s of its community: %v, matrix says %s", role, entity, got, access.Read)
					}
					if noUpdate[entity] {
						continue
					}
					want := "NOT_FOUND"
					switch {
					case access.Write == authz.Community:
						want = ""
					case access.Read == authz.Community:
						want = "FORBIDDEN"
					}
					if got := update(as, entity, home[entity]); got != want {
						t.Errorf("%s changing a %s of its community: %q, want %q (matrix: %+v)", role, entity, got, want, access)
					}
					if got := update(as, entity, away[entity]); got != "NOT_FOUND" {
						t.Errorf("%s changing a %s of another community: %q, want NOT_FOUND", role, entity, got)
					}
				}
			})
		}
	})
}

// TestAttacks tries what an attacker would: guessed IDs, another
// community's records by node, filters and nested edges leading out of the
// community, and error messages that tell whether a record exists.
func TestAttacks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		home, away := world(a, "home"), world(a, "away")
		newUser(t, s, "other.staff", "", "staff password", map[gid.ID]membership.Role{gid.ID(away["Community"]): membership.RoleCOMMUNITY_STAFF})
		staff := a.on(t).as(a.login("other.staff", "staff password"))

		guessed := "RS01JD3N6W9V8Y2Q4T5R7X0ZKM4H"
		missing := staff.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": guessed})
		hidden := staff.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": home["Resident"]})
		if string(hidden.Data) != `{"node":null}` || len(hidden.Errors) != 1 {
			t.Fatalf("node of another community's resident: %s %v", hidden.Data, hidden.Errors)
		}
		if hidden.Errors[0].Message != strings.ReplaceAll(missing.Errors[0].Message, guessed, home["Resident"]) ||
			hidden.Errors[0].Extensions["code"] != missing.Errors[0].Extensions["code"] {
			t.Errorf("a hidden record answers %+v, a missing one %+v", hidden.Errors[0], missing.Errors[0])
		}
		var nodes struct{ Nodes []*struct{ ID string } }
		r := staff.do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{away["Resident"], home["Resident"]}})
		_ = json.Unmarshal(r.Data, &nodes)
		if len(nodes.Nodes) != 2 || nodes.Nodes[0] == nil || nodes.Nodes[1] != nil {
			t.Errorf("nodes of an own and a foreign resident: %s", r.Data)
		}

		var out struct {
			Residents struct{ TotalCount int }
			Issues    struct{ TotalCount int }
			Compounds struct{ TotalCount int }
		}
		staff.must(`query($c: ID!) {
			residents(first: 0, where: {communityID: $c}) { totalCount }
			issues(first: 0, where: {hasReporterWith: {communityID: $c}}) { totalCount }
			compounds(first: 0, where: {hasCommunityWith: {id: $c}}) { totalCount }
		}`, map[string]any{"c": home["Community"]}, &out)
		if out.Residents.TotalCount+out.Issues.TotalCount+out.Compounds.TotalCount != 0 {
			t.Errorf("filters on another community found %+v", out)
		}

		var nested struct {
			Communities struct {
				Edges []struct {
					Node struct {
						ID        string
						Residents struct{ TotalCount int }
					}
				}
			}
			Users struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		staff.must(`{ communities(first: 100) { edges { node { id residents(first: 0) { totalCount } } } } users(first: 100) { edges { node { id } } } }`, nil, &nested)
		for _, e := range nested.Communities.Edges {
			if e.Node.ID != away["Community"] {
				t.Errorf("staff of one community lists another: %s", e.Node.ID)
			}
		}
		for _, e := range nested.Users.Edges {
			if e.Node.ID == home["User"] {
				t.Error("staff of one community lists a user of another")
			}
		}

		// Writing into another community through a reference of one's own.
		staff.fails(`mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"issue": map[string]any{
			"communityID": home["Community"], "title": "x", "kind": "INQUIRY"}}}, "FORBIDDEN", "")
		staff.fails(`mutation($in: CreateMembershipInput!) { createMembership(input: $in) { membership { id } } }`, map[string]any{"in": map[string]any{
			"communityID": away["Community"], "userID": away["User"], "role": "ADMIN"}}, "FORBIDDEN", "role")
	})
}
