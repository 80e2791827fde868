package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"wutong/authz"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// TestPersonalInformation checks masking and the access and audit logs:
// who sees a resident's phone, ID-card number, address and care flags in
// full, and that every such read by someone else is logged.
func TestPersonalInformation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		login := func(username string, role membership.Role, resident string) *api {
			id := newUser(t, s, username, "", "privacy password", map[gid.ID]membership.Role{gid.ID(f.community): role})
			if resident != "" {
				s.Client.User.UpdateOneID(id).SetResidentID(gid.ID(resident)).ExecX(system)
			}
			return a.as(a.login(username, "privacy password"))
		}
		self := login("self", membership.RoleRESIDENT, f.resident)
		neighbour := login("neighbour", membership.RoleRESIDENT, f.neighbour)
		staff := login("staff", membership.RoleCOMMUNITY_STAFF, "")
		officer := login("officer", membership.RolePOLICE_OFFICER, "")
		lawyer := login("lawyer", membership.RoleLAWYER, "")
		var me struct{ Me struct{ ID string } }
		lawyer.must(`{ me { id } }`, nil, &me)
		mc := a.openCase(f.issue, []string{me.Me.ID}, f.resident, f.neighbour)

		read := func(as *api) string {
			t.Helper()
			var out struct{ Node json.RawMessage }
			as.must(`query($id: ID!) { node(id: $id) { ... on Resident { name phone idCardNumber building unit room careFlags } } }`,
				map[string]any{"id": f.resident}, &out)
			return string(out.Node)
		}
		full := `"phone":"13812345678","idCardNumber":"110101195003070021","building":"3","unit":"2","room":"401","careFlags":["ELDERLY","LIVES_ALONE"]`
		for _, c := range []struct {
			who  string
			as   *api
			want string
		}{
			{"Self", self, full},
			{"Neighbour", neighbour, `"phone":"138****5678","idCardNumber":"1101**********0021","building":"*","unit":"*","room":"*","careFlags":null`},
			{"Staff", staff, `"phone":"13812345678","idCardNumber":"1101**********0021","building":"3","unit":"2","room":"401","careFlags":["ELDERLY","LIVES_ALONE"]`},
			{"Police", officer, full},
			{"Mediator", lawyer, `"phone":"13812345678","idCardNumber":"1101**********0021","building":"3","unit":"2","room":"401","careFlags":null`},
			{"Administrator", a, `"phone":"138****5678","idCardNumber":"1101**********0021","building":"*","unit":"*","room":"*","careFlags":null`},
		} {
			t.Run(c.who, func(t *testing.T) {
				if got := read(c.as.on(t)); !strings.Contains(got, c.want) {
					t.Errorf("%s sees %s, want %s", c.who, got, c.want)
				}
			})
		}

		t.Run("ReadsAreLogged", func(t *testing.T) {
			var out struct {
				AccessLogs struct {
					Edges []struct {
						Node struct{ Field, Reason, ViewerID, ResidentID string }
					}
				}
			}
			officer.on(t).must(`{ accessLogs(first: 50, orderBy: {field: FIELD}) { edges { node { field reason viewerID residentID } } } }`, nil, &out)
			got := map[string]bool{}
			for _, e := range out.AccessLogs.Edges {
				if e.Node.ResidentID != f.resident {
					t.Errorf("a log entry about %s", e.Node.ResidentID)
				}
				got[e.Node.Reason+"/"+e.Node.Field] = true
			}
			for _, want := range []string{"role COMMUNITY_STAFF/phone", "role COMMUNITY_STAFF/address", "role COMMUNITY_STAFF/careFlags",
				"role POLICE_OFFICER/idCardNumber", "role POLICE_OFFICER/phone", "mediator of case " + mc + "/phone", "mediator of case " + mc + "/address"} {
				if !got[want] {
					t.Errorf("no access log entry %q in %v", want, got)
				}
			}
			if got["role COMMUNITY_STAFF/idCardNumber"] || len(got) != 9 {
				t.Errorf("unexpected access log entries: %v", got)
			}
			var none struct{ AccessLogs struct{ Edges []any } }
			self.on(t).must(`{ accessLogs(first: 100) { edges { node { id } } } }`, nil, &none)
			if len(none.AccessLogs.Edges) != 0 {
				t.Errorf("a resident reads the access log")
			}
		})

		t.Run("ChangesAreAudited", func(t *testing.T) {
			staff := staff.on(t)
			staff.must(`mutation($in: CompoundChange!) { updateCompound(input: $in) { compound { id } } }`,
				map[string]any{"in": map[string]any{"id": f.compound, "patch": map[string]any{"buildingCount": 9, "clearAddress": true}}}, nil)
			var out struct {
				AuditLogs struct {
					Edges []struct {
						Node struct {
							Operation, Entity, RecordID, ActorID, RequestID string
							Fields                                          []string
						}
					}
				}
			}
			officer.on(t).must(`{ auditLogs(first: 5, orderBy: {field: AT, direction: DESC}, where: {entity: "Compound"}) {
				edges { node { operation entity recordID actorID requestID fields } } } }`, nil, &out)
			if len(out.AuditLogs.Edges) == 0 {
				t.Fatal("no audit log entry for the change")
			}
			e := out.AuditLogs.Edges[0].Node
			if e.Operation != "UPDATE" || e.RecordID != f.compound || !strings.Contains(strings.Join(e.Fields, ","), "building_count") ||
				!strings.Contains(strings.Join(e.Fields, ","), "address") {
				t.Errorf("audit entry = %+v", e)
			}
		})
	})
}

// TestUnmaskMatrix checks authz.Unmask through the API: each role that reads
// its community's residents sees exactly the fields the table gives it in
// full, and the rest masked.
func TestUnmaskMatrix(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		full := map[authz.Field]string{authz.Phone: `"phone":"13812345678"`, authz.IDCard: `"idCardNumber":"110101195003070021"`,
			authz.Address: `"building":"3"`, authz.CareFlags: `"careFlags":["ELDERLY","LIVES_ALONE"]`}
		masked := map[authz.Field]string{authz.Phone: `"phone":"138****5678"`, authz.IDCard: `"idCardNumber":"1101**********0021"`,
			authz.Address: `"building":"*"`, authz.CareFlags: `"careFlags":null`}
		for _, role := range authz.Roles {
			if authz.For(role, "Resident").Read != authz.Community {
				continue
			}
			t.Run(string(role), func(t *testing.T) {
				name := "unmask." + strings.ToLower(strings.ReplaceAll(string(role), "_", "."))
				newUser(t, s, name, "", "unmask password", map[gid.ID]membership.Role{gid.ID(f.community): role})
				as := a.on(t).as(a.login(name, "unmask password"))
				var out struct{ Node json.RawMessage }
				as.must(`query($id: ID!) { node(id: $id) { ... on Resident { phone idCardNumber building careFlags } } }`, map[string]any{"id": f.resident}, &out)
				for _, field := range authz.PersonalFields {
					want := masked[field]
					if authz.Unmasks(role, field) {
						want = full[field]
					}
					if !strings.Contains(string(out.Node), want) {
						t.Errorf("%s sees %s, want %s", role, out.Node, want)
					}
				}
			})
		}
	})
}
