package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/xuri/excelize/v2"

	"wutong/auth"

	"wutong/ent/accesslog"
	"wutong/ent/membership"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/graph"
	"wutong/rosterfile"
	"wutong/store"
	"wutong/store/storetest"
)

// pathsFixture is one resident (and their login) linked to a record of
// every kind through which GraphQL reaches a Resident or a User.
type pathsFixture struct {
	community, compound, resident, user string
	// holders are, by GraphQL type, a record of that type whose
	// Resident or User fields lead to the resident or their login.
	holders map[string]string
}

// The selections each path asks of the resident and the login: only ent
// fields, so that GraphQL field collection selects only their columns
// (a field it does not know, such as masked, makes it select them all).
const (
	residentSelection = `{ id phone idCardNumber building unit room careFlags }`
	userSelection     = `{ id displayName phone }`
)

// newPathsFixture builds the fixture through the API as an administrator.
// The resident 王秀兰 lives in building 3 of a compound and holds every
// personal field; her login is community staff, so that it can act on
// records (report, comment, acknowledge, mediate, be on duty) and appear
// on every path that ends at a User.
func newPathsFixture(a *api, s *store.Store) pathsFixture {
	a.tb.Helper()
	f := pathsFixture{holders: map[string]string{}}
	h := f.holders
	mk := func(entity string, in map[string]any) string {
		return a.createID("create"+entity, "Create"+entity+"Input", lowerFirst(entity), in)
	}
	c := mk("Community", map[string]any{"name": "梧桐里", "code": "paths"})
	g := mk("Grid", map[string]any{"communityID": c, "name": "网格", "code": "g1", "kind": "RESIDENTIAL"})
	cp := mk("Compound", map[string]any{"communityID": c, "gridID": g, "name": "银杏里", "management": "UNMANAGED"})
	other := mk("Compound", map[string]any{"communityID": c, "gridID": g, "name": "松柏里", "management": "UNMANAGED"})
	r := mk("Resident", map[string]any{"communityID": c, "compoundID": cp, "name": "王秀兰", "phone": "13812345678",
		"idCardNumber": "110101195003070021", "building": "3", "unit": "2", "room": "401",
		"careFlags": []string{"ELDERLY", "LIVES_ALONE"}})
	respondent := mk("Resident", map[string]any{"communityID": c, "compoundID": cp, "name": "李建国", "building": "5"})
	f.community, f.compound, f.resident = c, cp, r
	h["Community"], h["Compound"] = c, cp
	f.user = string(newUser(a.tb, s, "wang", "13900001111", "paths password", map[gid.ID]membership.Role{gid.ID(c): membership.RoleCOMMUNITY_STAFF}))
	s.Client.User.UpdateOneID(gid.ID(f.user)).SetResidentID(gid.ID(r)).ExecX(system)
	h["User"], h["Resident"] = f.user, r
	var ms struct {
		Node struct{ Memberships []struct{ ID string } }
	}
	a.must(`query($id: ID!) { node(id: $id) { ... on User { memberships { id } } } }`, map[string]any{"id": f.user}, &ms)
	h["Membership"] = ms.Node.Memberships[0].ID
	wang := a.as(a.login("wang", "paths password"))

	// She reports a dispute with a photo, takes it on (which acknowledges
	// it) and comments on it.
	var rep struct {
		ReportIssue struct {
			Issue struct {
				ID     string
				Photos struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
	}
	wang.upload(`mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id photos(first: 1) { edges { node { id } } } } } }`,
		map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": c, "compoundID": cp, "reporterID": r, "title": "楼上漏水",
			"kind": "DISPUTE", "category": "NEIGHBOURS", "latitude": 39.9, "longitude": 116.4}, "photos": []any{nil}}},
		map[string][]byte{"variables.in.photos.0": pngPhoto(a.tb, 4, 4)}).decode(a.tb, &rep)
	is := rep.ReportIssue.Issue.ID
	h["Issue"], h["IssuePhoto"] = is, rep.ReportIssue.Issue.Photos.Edges[0].Node.ID
	wang.must(`mutation($in: AssignIssueInput!) { assignIssue(input: $in) { issue { id } } }`,
		map[string]any{"in": map[string]any{"id": is, "assigneeIDs": []string{f.user}}}, nil)
	var comment struct {
		AddIssueComment struct{ IssueComment struct{ ID string } }
	}
	wang.must(`mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id } } }`,
		map[string]any{"in": map[string]any{"issueID": is, "body": "已联系楼上"}}, &comment)
	h["IssueComment"] = comment.AddIssueComment.IssueComment.ID
	var ev struct {
		Node struct {
			Events struct {
				Edges []struct{ Node struct{ ID, ActorID string } }
			}
		}
	}
	a.must(`query($id: ID!) { node(id: $id) { ... on Issue { events(first: 20) { edges { node { id actorID } } } } } }`, map[string]any{"id": is}, &ev)
	for _, e := range ev.Node.Events.Edges {
		if e.Node.ActorID == f.user {
			h["IssueEvent"] = e.Node.ID
		}
	}

	// A lawyer and she mediate it; she is its applicant.
	lawyer := newUser(a.tb, s, "mediator", "", "paths password", map[gid.ID]membership.Role{gid.ID(c): membership.RoleLAWYER})
	mc := a.openCase(is, []string{f.user, string(lawyer)}, r, respondent)
	h["MediationCase"] = mc
	var parties struct {
		Node struct {
			Parties struct {
				Edges []struct {
					Node struct{ ID, ResidentID string }
				}
			}
		}
	}
	a.must(`query($id: ID!) { node(id: $id) { ... on MediationCase { parties(first: 2) { edges { node { id residentID } } } } } }`, map[string]any{"id": mc}, &parties)
	for _, e := range parties.Node.Parties.Edges {
		if e.Node.ResidentID == r {
			h["MediationParty"] = e.Node.ID
		}
	}

	// She is a steward of the other compound, is served by one of hers,
	// gives, works, lets and rents a flat, attends and staffs a meeting,
	// staffs a duty shift and patrols.
	h["Steward"] = mk("Steward", map[string]any{"communityID": c, "residentID": r, "compoundIDs": []string{other}})
	stewardRes := mk("Resident", map[string]any{"communityID": c, "compoundID": cp, "name": "赵红梅", "building": "3"})
	st := mk("Steward", map[string]any{"communityID": c, "residentID": stewardRes, "compoundIDs": []string{cp}, "buildings": []string{"3号楼"}})
	h["ServiceRecord"] = mk("ServiceRecord", map[string]any{"communityID": c, "stewardID": st, "residentID": r, "kind": "VISIT",
		"servedAt": "2026-06-01T09:00:00+08:00", "durationMinutes": 30})
	h["Donation"] = mk("Donation", map[string]any{"communityID": c, "donorID": r, "kind": "GOODS", "goods": "米", "purpose": "帮扶"})
	org := mk("Organization", map[string]any{"communityID": c, "name": "酒店", "kind": "HOTEL"})
	h["EmployeeRegistration"] = mk("EmployeeRegistration", map[string]any{"communityID": c, "organizationID": org, "residentID": r})
	h["RentalHousing"] = mk("RentalHousing", map[string]any{"communityID": c, "compoundID": cp, "building": "3", "room": "402",
		"landlordID": r, "tenantIDs": []string{r}})
	mp := mk("MeetingPoint", map[string]any{"communityID": c, "kind": "SERVICE_STATION", "name": "服务站"})
	h["Meeting"] = mk("Meeting", map[string]any{"communityID": c, "topic": "议事", "startsAt": "2026-06-01T19:00:00+08:00",
		"attendeeIDs": []string{r}, "staffIDs": []string{f.user}})
	h["DutyShift"] = mk("DutyShift", map[string]any{"communityID": c, "meetingPointID": mp, "body": "RESIDENTS_COMMITTEE",
		"startsAt": "2026-06-01T09:00:00+08:00", "endsAt": "2026-06-01T17:00:00+08:00", "staffIDs": []string{f.user}})
	team := mk("PatrolTeam", map[string]any{"communityID": c, "name": "巡逻队"})
	h["PatrolMember"] = mk("PatrolMember", map[string]any{"communityID": c, "teamID": team, "name": "王秀兰", "affiliation": "RESIDENT", "userID": f.user})
	return f
}

// pathsViewer is a login of the paths test and what it stands for.
type pathsViewer struct {
	name string
	as   *api
	id   gid.ID
}

// pathsMasked is what each viewer is shown of the resident: the masked
// fields (Resident.masked), or "unreached" where no path reaches her.
var pathsMasked = map[string]string{
	"Self":                        `[]`,
	"Neighbour":                   `["PHONE","ID_CARD_NUMBER","ADDRESS","CARE_FLAGS"]`,
	"Steward of her building":     `["PHONE","ID_CARD_NUMBER"]`,
	"Steward of another building": `["PHONE","ID_CARD_NUMBER","ADDRESS","CARE_FLAGS"]`,
	"GRID_WORKER":                 `["ID_CARD_NUMBER"]`,
	"COMMUNITY_STAFF":             `["ID_CARD_NUMBER"]`,
	"HOMEOWNERS_COMMITTEE":        "unreached",
	"PROPERTY_MANAGER":            "unreached",
	"POLICE_OFFICER":              `[]`,
	"AUXILIARY_OFFICER":           `[]`,
	"LAWYER":                      "unreached",
	"PATROL_VOLUNTEER":            "unreached",
	"Her mediator":                `["ID_CARD_NUMBER","CARE_FLAGS"]`,
	"Administrator":               `["PHONE","ID_CARD_NUMBER","ADDRESS","CARE_FLAGS"]`,
	"Police elsewhere":            "unreached",
}

// newPathsViewers logs in one of each role of the community, and the
// people whose work is about the resident: her neighbour, the steward of
// her building and one of another building, the lawyer mediating her
// case; the administrator and an officer of another community.
func newPathsViewers(a *api, s *store.Store, f pathsFixture) []pathsViewer {
	a.tb.Helper()
	c := gid.ID(f.community)
	away := gid.ID(a.createID("createCommunity", "CreateCommunityInput", "community", map[string]any{"name": "别处", "code": "paths-away"}))
	login := func(name string, roles map[gid.ID]membership.Role, resident string) pathsViewer {
		id := newUser(a.tb, s, strings.ReplaceAll(strings.ToLower(name), " ", "-"), "", "paths password", roles)
		if resident != "" {
			s.Client.User.UpdateOneID(id).SetResidentID(gid.ID(resident)).ExecX(system)
		}
		return pathsViewer{name: name, as: a.as(a.login(strings.ReplaceAll(strings.ToLower(name), " ", "-"), "paths password")), id: id}
	}
	resident := func(name, building string) string {
		return a.createID("createResident", "CreateResidentInput", "resident",
			map[string]any{"communityID": f.community, "compoundID": f.compound, "name": name, "building": building})
	}
	steward := func(name, building string) pathsViewer {
		r := resident(name, building)
		a.createID("createSteward", "CreateStewardInput", "steward", map[string]any{"communityID": f.community, "residentID": r,
			"compoundIDs": []string{f.compound}, "buildings": []string{building + "号楼"}})
		return login(name, map[gid.ID]membership.Role{c: membership.RoleSTEWARD}, r)
	}
	var out []pathsViewer
	u, _ := s.Client.User.Get(system, gid.ID(f.user))
	out = append(out, pathsViewer{name: "Self", as: a.as(a.login(*u.Username, "paths password")), id: u.ID})
	out = append(out, login("Neighbour", map[gid.ID]membership.Role{c: membership.RoleRESIDENT}, resident("邻居", "4")))
	out = append(out, steward("Steward of her building", "3"), steward("Steward of another building", "7"))
	for _, role := range []membership.Role{membership.RoleGRID_WORKER, membership.RoleCOMMUNITY_STAFF, membership.RoleHOMEOWNERS_COMMITTEE,
		membership.RolePROPERTY_MANAGER, membership.RolePOLICE_OFFICER, membership.RoleAUXILIARY_OFFICER, membership.RoleLAWYER,
		membership.RolePATROL_VOLUNTEER} {
		out = append(out, login(string(role), map[gid.ID]membership.Role{c: role}, ""))
	}
	mediator := s.Client.User.Query().Where(user.Username("mediator")).OnlyX(system)
	out = append(out, pathsViewer{name: "Her mediator", as: a.as(a.login("mediator", "paths password")), id: mediator.ID})
	var me struct{ Me struct{ ID gid.ID } }
	a.must(`{ me { id } }`, nil, &me)
	out = append(out, pathsViewer{name: "Administrator", as: a, id: me.Me.ID})
	out = append(out, login("Police elsewhere", map[gid.ID]membership.Role{away: membership.RolePOLICE_OFFICER}, ""))
	return out
}

// path is one way of reaching the resident or her login: a query and its
// variables.
type path struct {
	name, query string
	vars        map[string]any
	// self marks a path that reaches the person only for themselves (me).
	self bool
}

// personPaths generates, from the schema, every path that ends at a
// Resident or a User: each field of each type that returns one (or a
// connection of them) is reached through node(id:) on the fixture's record
// of that type, or through the root fields and payloads handled here. A
// field that no fixture record or handled case reaches fails the test, so
// that a new path cannot be added without being checked.
func personPaths(t *testing.T, f pathsFixture) (residentPaths, userPaths []path) {
	t.Helper()
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	handled := map[string]bool{
		// Edges are reached through their connections.
		"ResidentEdge.node": true, "UserEdge.node": true,
		// Payloads are reached through the mutations in payloadPaths.
		"ResidentPayload.resident": true, "UserPayload.user": true, "LoginPayload.user": true,
	}
	var names []string
	for name := range schema.Types {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		def := schema.Types[name]
		if def.BuiltIn || (def.Kind != ast.Object && def.Kind != ast.Interface) || strings.HasPrefix(name, "__") {
			continue
		}
		for _, fd := range def.Fields {
			target := fd.Type.Name()
			var sel string
			switch target {
			case "Resident":
				sel = residentSelection
			case "ResidentConnection":
				sel = `(first: 100) { edges { node ` + residentSelection + ` } }`
			case "User":
				sel = userSelection
			case "UserConnection":
				sel = `(first: 100) { edges { node ` + userSelection + ` } }`
			default:
				continue
			}
			key := name + "." + fd.Name
			if handled[key] {
				continue
			}
			var p path
			switch {
			case name == "Query" && fd.Name == "residents":
				p = path{query: `query($id: ID!) { residents(first: 5, where: {id: $id}) { edges { node ` + residentSelection + ` } } }`, vars: map[string]any{"id": f.resident}}
			case name == "Query" && fd.Name == "users":
				p = path{query: `query($id: ID!) { users(first: 5, where: {id: $id}) { edges { node ` + userSelection + ` } } }`, vars: map[string]any{"id": f.user}}
			case name == "Query" && fd.Name == "me":
				p = path{query: `{ me ` + userSelection + ` }`, self: true}
			case f.holders[name] != "":
				p = path{query: fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s %s } } }`, name, fd.Name, sel), vars: map[string]any{"id": f.holders[name]}}
			default:
				t.Errorf("%s returns %s, but no record of the paths fixture reaches it: add one to newPathsFixture", key, target)
				continue
			}
			p.name = key
			if strings.HasPrefix(target, "Resident") {
				residentPaths = append(residentPaths, p)
			} else {
				userPaths = append(userPaths, p)
			}
		}
	}
	node := `query($id: ID!) { node(id: $id) { ... on %[1]s %[2]s } nodes(ids: [$id]) { ... on %[1]s %[2]s } }`
	residentPaths = append(residentPaths, path{name: "node, nodes (Resident)", query: fmt.Sprintf(node, "Resident", residentSelection), vars: map[string]any{"id": f.resident}})
	userPaths = append(userPaths, path{name: "node, nodes (User)", query: fmt.Sprintf(node, "User", userSelection), vars: map[string]any{"id": f.user}})
	// Payloads: a change that leaves the record as it was, and the
	// record as the payload shows it.
	residentPaths = append(residentPaths, path{name: "ResidentPayload.resident",
		query: `mutation($id: ID!) { updateResident(input: {id: $id, patch: {room: "401"}}) { resident ` + residentSelection + ` } }`,
		vars:  map[string]any{"id": f.resident}})
	userPaths = append(userPaths, path{name: "UserPayload.user",
		query: `mutation($id: ID!) { updateUser(input: {id: $id, patch: {displayName: "wang"}}) { user ` + userSelection + ` } }`,
		vars:  map[string]any{"id": f.user}})
	userPaths = append(userPaths, path{name: "LoginPayload.user", self: true,
		query: `mutation { login(input: {login: "wang", password: "paths password"}) { user ` + userSelection + ` } }`})
	return residentPaths, userPaths
}

// occurrences finds, anywhere in a response, the objects whose id is id.
func occurrences(data json.RawMessage, id string) []string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["id"] == id {
				b, _ := json.Marshal(x)
				out = append(out, string(b))
				return
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// TestEveryPathDisclosesAlike reaches one resident, and her login's phone,
// through every path of the schema that ends at a Resident or a User, as
// every role and relation, and checks that every path that reaches her
// shows the same values and writes the same access-log entries.
func TestEveryPathDisclosesAlike(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newPathsFixture(a, s)
		viewers := newPathsViewers(a, s, f)
		residentPaths, userPaths := personPaths(t, f)
		if len(residentPaths) < 14 || len(userPaths) < 16 {
			t.Fatalf("%d paths to a resident and %d to a user: the schema walk missed some", len(residentPaths), len(userPaths))
		}
		seen := map[string]bool{}
		var exporters atomic.Int32
		for _, v := range viewers {
			t.Run(v.name, func(t *testing.T) {
				as := v.as.on(t)
				for _, set := range []struct {
					target string
					paths  []path
				}{{f.resident, residentPaths}, {f.user, userPaths}} {
					var want, wantPath, wantLog string
					for _, p := range set.paths {
						if p.self && v.name != "Self" {
							continue
						}
						before := s.Client.AccessLog.Query().Where(accesslog.ViewerID(v.id)).CountX(system)
						r := as.do(p.query, p.vars)
						got := occurrences(r.Data, set.target)
						if len(got) == 0 {
							continue
						}
						seen[p.name] = true
						var logs []string
						for _, l := range s.Client.AccessLog.Query().Where(accesslog.ViewerID(v.id)).Order(accesslog.ByAt(), accesslog.ByID()).Offset(before).AllX(system) {
							if string(l.ResidentID) == set.target || string(l.UserID) == set.target {
								logs = append(logs, l.Field+" ("+l.Reason+")")
							}
						}
						slices.Sort(logs)
						log := strings.Join(logs, " ")
						for _, g := range got {
							if want == "" {
								want, wantPath, wantLog = g, p.name, log
								continue
							}
							if g != want {
								t.Errorf("%s shows\n  %s\nbut %s shows\n  %s", p.name, g, wantPath, want)
							}
						}
						if log != wantLog {
							t.Errorf("%s logs [%s], but %s logs [%s]", p.name, log, wantPath, wantLog)
						}
					}
					t.Logf("%s: %s (logged: %s)", set.target, want, wantLog)
					if set.target != f.resident {
						continue
					}
					if got, log, ok := exported(t, s, v.id, f); ok {
						exporters.Add(1)
						if want != "" && got != personalOf(want) {
							t.Errorf("the Excel export shows %s, but %s shows %s", got, wantPath, personalOf(want))
						}
						if log != wantLog {
							t.Errorf("the Excel export logs [%s], but %s logs [%s]", log, wantPath, wantLog)
						}
					}
					masked := "unreached"
					if want != "" {
						var shown struct {
							Node struct{ Masked json.RawMessage }
						}
						as.must(`query($id: ID!) { node(id: $id) { ... on Resident { masked } } }`, map[string]any{"id": f.resident}, &shown)
						masked = string(shown.Node.Masked)
					}
					if masked != pathsMasked[v.name] {
						t.Errorf("masked %s, want %s", masked, pathsMasked[v.name])
					}
				}
			})
		}
		if n := exporters.Load(); n < 5 {
			t.Errorf("%d viewers exported the residents, want the office's five (self, staff, grid worker, police, auxiliary police)", n)
		}
		for _, p := range append(residentPaths, userPaths...) {
			if !seen[p.name] {
				t.Errorf("no viewer reached the person through %s", p.name)
			}
		}
	})
}

// personalOf is the personal fields of a resident as a path shows them, in
// the export's terms: phone, ID-card number, building, unit, room, and
// whether care flags are shown.
func personalOf(shown string) string {
	var r struct {
		Phone, IDCardNumber, Building, Unit, Room *string
		CareFlags                                 []string
	}
	_ = json.Unmarshal([]byte(shown), &r)
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|flags %v", s(r.Phone), s(r.IDCardNumber), s(r.Building), s(r.Unit), s(r.Room), len(r.CareFlags) > 0)
}

// exported exports the community's residents as the viewer, if they may,
// and returns the resident's row in personalOf's terms and the access-log
// entries the export wrote about her.
func exported(t *testing.T, s *store.Store, viewer gid.ID, f pathsFixture) (row, log string, ok bool) {
	t.Helper()
	u := s.Client.User.Query().Where(user.ID(viewer)).WithMemberships().OnlyX(system)
	v := &auth.Viewer{UserID: u.ID, ResidentID: u.ResidentID, Roles: map[gid.ID][]membership.Role{}}
	for _, m := range u.Edges.Memberships {
		v.Roles[m.CommunityID] = append(v.Roles[m.CommunityID], m.Role)
	}
	before := s.Client.AccessLog.Query().Where(accesslog.ViewerID(viewer)).CountX(system)
	wb, err := rosterfile.Export(auth.NewContext(t.Context(), v), s.Client,
		rosterfile.ExportOptions{CommunityID: gid.ID(f.community), Kind: rosterfile.ExportResidents, Dialect: s.Dialect})
	if err != nil {
		return "", "", false
	}
	defer wb.Close()
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("居民")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 10 && r[0] == "王秀兰" {
			row = fmt.Sprintf("%s|%s|%s|%s|%s|flags %v", r[1], r[2], r[5], r[6], r[7], r[10] != "")
		}
	}
	var logs []string
	for _, l := range s.Client.AccessLog.Query().Where(accesslog.ViewerID(viewer)).Order(accesslog.ByAt(), accesslog.ByID()).Offset(before).AllX(system) {
		if l.ResidentID == gid.ID(f.resident) {
			logs = append(logs, l.Field+" ("+l.Reason+")")
		}
	}
	slices.Sort(logs)
	return row, strings.Join(logs, " "), true
}
