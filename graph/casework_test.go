package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"wutong/ent/issue"
	"wutong/ent/issuephoto"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

const (
	acknowledge = `mutation($in: IssueStepInput!) { acknowledgeIssue(input: $in) { issue { status version } } }`
	resolve     = `mutation($in: IssueStepInput!) { resolveIssue(input: $in) { issue { status version } } }`
	reject      = `mutation($in: RejectIssueInput!) { rejectIssue(input: $in) { issue { status resolution } } }`
	rate        = `mutation($in: RateIssueInput!) { rateIssue(input: $in) { issue { rating } } }`
	reportWith  = `mutation($in: ReportIssueInput!) { reportIssue(input: $in) {
		issue { id latitude longitude photos(first: 10) { totalCount edges { node { id url contentType width height } } } }
		similarIssues { id title kind distanceMeters issue { id } } } }`
)

// issueVersion reads an issue's status and version.
func issueVersion(a *api, id string) (string, int) {
	a.tb.Helper()
	var out struct {
		Node struct {
			Status  string
			Version int
		}
	}
	a.must(`query($id: ID!) { node(id: $id) { ... on Issue { status version } } }`, map[string]any{"id": id}, &out)
	return out.Node.Status, out.Node.Version
}

// TestLifecycleBadInput checks that steps not allowed from the current
// status, by the caller's role or on a stale version are refused with a
// clear code and change nothing.
func TestLifecycleBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		t.Run("StaleVersion", func(t *testing.T) {
			a := a.on(t)
			id := f.report(a, map[string]any{"title": "路灯不亮", "kind": "PUBLIC_AFFAIR"})
			_, v := issueVersion(a, id)
			a.must(acknowledge, map[string]any{"in": map[string]any{"id": id, "version": v}}, nil)
			// A second member of staff acting on what they saw before.
			a.fails(resolve, map[string]any{"in": map[string]any{"id": id, "version": v}}, "CONFLICT", "version")
			if st, v2 := issueVersion(a, id); st != "ACKNOWLEDGED" || v2 != v+1 {
				t.Errorf("after a stale step: %s version %d, want ACKNOWLEDGED version %d", st, v2, v+1)
			}
		})

		t.Run("NotFromThisStatus", func(t *testing.T) {
			a := a.on(t)
			id := f.report(a, map[string]any{"title": "楼道堆物", "kind": "HAZARD"})
			a.fails(`mutation($in: IssueStepInput!) { closeIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"id": id}}, "CONFLICT", "status")
			a.fails(`mutation($in: IssueStepInput!) { reopenIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"id": id}}, "CONFLICT", "status")
			a.must(acknowledge, map[string]any{"in": map[string]any{"id": id}}, nil)
			a.fails(acknowledge, map[string]any{"in": map[string]any{"id": id}}, "CONFLICT", "status")
			a.fails(reject, map[string]any{"in": map[string]any{"id": id, "reason": "  "}}, "BAD_USER_INPUT", "reason")
			a.fails(rate, map[string]any{"in": map[string]any{"id": id, "rating": 4}}, "CONFLICT", "rating")
			if st, _ := issueVersion(a, id); st != "ACKNOWLEDGED" {
				t.Errorf("status = %s after refused steps", st)
			}
			var out struct {
				RejectIssue struct {
					Issue struct{ Status, Resolution string }
				}
			}
			a.must(reject, map[string]any{"in": map[string]any{"id": id, "reason": "不属于社区管辖"}}, &out)
			if out.RejectIssue.Issue.Status != "REJECTED" || out.RejectIssue.Issue.Resolution != "不属于社区管辖" {
				t.Errorf("rejected: %+v", out.RejectIssue.Issue)
			}
		})

		t.Run("RoleMayNotTakeTheStep", func(t *testing.T) {
			id := f.report(a, map[string]any{"title": "噪音", "kind": "DISPUTE", "category": "NOISE"})
			for _, role := range []membership.Role{membership.RoleRESIDENT, membership.RoleSTEWARD, membership.RolePATROL_VOLUNTEER, membership.RoleLAWYER, membership.RoleHOMEOWNERS_COMMITTEE} {
				name := "step." + strings.ToLower(string(role))
				newUser(t, s, name, "", "step password", map[gid.ID]membership.Role{gid.ID(f.community): role})
				who := a.as(a.login(name, "step password")).on(t)
				r := who.do(acknowledge, map[string]any{"in": map[string]any{"id": id}})
				if len(r.Errors) == 0 {
					t.Errorf("%s acknowledged an issue", role)
					continue
				}
				if code := r.Errors[0].Extensions["code"]; code != "FORBIDDEN" && code != "NOT_FOUND" {
					t.Errorf("%s acknowledging: %v", role, r.Errors[0])
				}
			}
			if st, v := issueVersion(a, id); st != "REPORTED" || v != 0 {
				t.Errorf("after refused steps: %s version %d", st, v)
			}
		})

		t.Run("RatingOutOfRange", func(t *testing.T) {
			a := a.on(t)
			id := f.report(a, map[string]any{"title": "电梯停运", "kind": "PUBLIC_AFFAIR"})
			a.must(resolve, map[string]any{"in": map[string]any{"id": id, "note": "已修复"}}, nil)
			for _, r := range []int{0, 6, -1} {
				a.fails(rate, map[string]any{"in": map[string]any{"id": id, "rating": r}}, "BAD_USER_INPUT", "rating")
			}
		})

		t.Run("PositionOutOfRange", func(t *testing.T) {
			a := a.on(t)
			for _, pos := range [][2]float64{{91, 116}, {39, 181}, {-91, 0}} {
				a.fails(reportWith, map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community,
					"title": "x", "kind": "HAZARD", "latitude": pos[0], "longitude": pos[1]}}}, "BAD_USER_INPUT", "latitude")
			}
			a.fails(reportWith, map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community,
				"title": "x", "kind": "HAZARD", "latitude": 39.9}}}, "BAD_USER_INPUT", "latitude")
			if n := s.Client.Issue.Query().Where(issue.Title("x")).CountX(system); n != 0 {
				t.Errorf("%d issues written by refused reports", n)
			}
		})

		t.Run("TwoStaffAtOnce", func(t *testing.T) {
			id := f.report(a, map[string]any{"title": "井盖缺失", "kind": "HAZARD"})
			var wg sync.WaitGroup
			codes := make([]string, 4)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := a.on(t).do(acknowledge, map[string]any{"in": map[string]any{"id": id, "version": 0}})
					if len(r.Errors) > 0 {
						codes[i], _ = r.Errors[0].Extensions["code"].(string)
					}
				}()
			}
			wg.Wait()
			ok := 0
			for _, c := range codes {
				switch c {
				case "":
					ok++
				case "CONFLICT":
				default:
					t.Errorf("a concurrent step failed with %q", c)
				}
			}
			if ok != 1 {
				t.Errorf("%d of 4 concurrent acknowledgements succeeded (codes %q), want exactly 1", ok, codes)
			}
			var out struct {
				Node struct {
					Events struct{ TotalCount int }
				}
			}
			a.must(`query($id: ID!) { node(id: $id) { ... on Issue { events(first: 1, where: {kind: STATUS_CHANGED}) { totalCount } } } }`, map[string]any{"id": id}, &out)
			if out.Node.Events.TotalCount != 1 {
				t.Errorf("%d status changes on the timeline, want 1", out.Node.Events.TotalCount)
			}
		})
	})
}

// TestSimilarIssuesAndDuplicates checks the open issues nearby that a
// report returns, and marking a duplicate.
func TestSimilarIssuesAndDuplicates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		report := func(a *api, title, kind, category string, lat, lon float64) (string, []map[string]any) {
			a.tb.Helper()
			var out struct {
				ReportIssue struct {
					Issue         struct{ ID string }
					SimilarIssues []map[string]any
				}
			}
			a.must(reportWith, map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community, "title": title,
				"kind": kind, "category": category, "latitude": lat, "longitude": lon}}}, &out)
			return out.ReportIssue.Issue.ID, out.ReportIssue.SimilarIssues
		}
		// 0.001° of latitude is 111 m.
		first, none := report(a, "垃圾桶满溢", "PUBLIC_AFFAIR", "SANITATION", 39.9150, 116.4040)
		if len(none) != 0 {
			t.Errorf("the first report has similar issues %v", none)
		}
		near, _ := report(a, "垃圾没人清", "PUBLIC_AFFAIR", "SANITATION", 39.9160, 116.4040) // 111 m
		report(a, "远处垃圾", "PUBLIC_AFFAIR", "SANITATION", 39.9180, 116.4040)             // 334 m from the new one
		report(a, "路灯坏了", "PUBLIC_AFFAIR", "FACILITIES", 39.9151, 116.4040)             // another category
		dispute, _ := report(a, "邻里纠纷", "DISPUTE", "SANITATION", 39.9152, 116.4040)     // 22 m, a dispute

		newUser(t, s, "similar.resident", "", "similar password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		resident := a.as(a.login("similar.resident", "similar password")).on(t)
		_, similar := report(resident, "又满了", "PUBLIC_AFFAIR", "SANITATION", 39.9150, 116.4040)
		got, _ := json.Marshal(similar)
		want := []string{first, dispute, near}
		if len(similar) != 3 {
			t.Fatalf("similar issues %s, want %v nearest first", got, want)
		}
		for i, id := range want {
			if similar[i]["id"] != id {
				t.Errorf("similar[%d] = %v, want %s (all: %s)", i, similar[i]["id"], id, got)
			}
		}
		// The resident may not read other people's issues: a dispute's
		// title is hidden, the public affair's shown, and neither in full.
		if similar[0]["title"] != "垃圾桶满溢" || similar[0]["issue"] != nil || similar[1]["title"] != nil {
			t.Errorf("a resident sees %s", got)
		}
		if d := similar[0]["distanceMeters"].(float64); d != 0 {
			t.Errorf("distance to the same spot = %v", d)
		}
		if d := similar[2]["distanceMeters"].(float64); d != 111 {
			t.Errorf("distance 0.001° north = %v m, want 111", d)
		}

		markDuplicate := `mutation($in: MarkDuplicateInput!) { markDuplicate(input: $in) { issue { status duplicateOf { id } } } }`
		a.fails(markDuplicate, map[string]any{"in": map[string]any{"id": near, "duplicateOfID": near}}, "BAD_USER_INPUT", "duplicateOfID")
		var out struct {
			MarkDuplicate struct {
				Issue struct {
					Status      string
					DuplicateOf struct{ ID string }
				}
			}
		}
		a.must(markDuplicate, map[string]any{"in": map[string]any{"id": near, "duplicateOfID": first}}, &out)
		if out.MarkDuplicate.Issue.Status != "DUPLICATE" || out.MarkDuplicate.Issue.DuplicateOf.ID != first {
			t.Errorf("marked: %+v", out.MarkDuplicate.Issue)
		}
		// A duplicate of the duplicate follows the issue finally followed.
		a.must(markDuplicate, map[string]any{"in": map[string]any{"id": dispute, "duplicateOfID": near}}, &out)
		if out.MarkDuplicate.Issue.DuplicateOf.ID != first {
			t.Errorf("a duplicate of a duplicate points at %s, want %s", out.MarkDuplicate.Issue.DuplicateOf.ID, first)
		}
		other := a.reportID(map[string]any{"communityID": f.other, "title": "别处", "kind": "HAZARD"})
		a.fails(markDuplicate, map[string]any{"in": map[string]any{"id": other, "duplicateOfID": first}}, "BAD_USER_INPUT", "duplicateOfID")
	})
}

// TestPhotos checks photo uploads with reports and comments: stored
// without metadata, served only to those who may see the issue, and
// refused when too big or not an image, with nothing written.
func TestPhotos(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		newUser(t, s, "photo.owner", "", "photo password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		newUser(t, s, "photo.other", "", "photo password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		owner := a.as(a.login("photo.owner", "photo password"))
		other := a.as(a.login("photo.other", "photo password"))

		in := func(title string, n int) map[string]any {
			return map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community, "title": title, "kind": "HAZARD"},
				"photos": make([]any, n)}}
		}
		r := owner.upload(reportWith, in("墙皮脱落", 2), map[string][]byte{
			"variables.in.photos.0": pngPhoto(t, 40, 30), "variables.in.photos.1": pngPhoto(t, 8, 8)})
		var out struct {
			ReportIssue struct {
				Issue struct {
					ID     string
					Photos struct {
						TotalCount int
						Edges      []struct {
							Node struct {
								ID, URL, ContentType string
								Width, Height        int
							}
						}
					}
				}
			}
		}
		r.decode(t, &out)
		photos := out.ReportIssue.Issue.Photos
		if photos.TotalCount != 2 {
			t.Fatalf("%d photos stored, want 2", photos.TotalCount)
		}
		p := photos.Edges[0].Node
		for _, e := range photos.Edges {
			if e.Node.Width == 40 {
				p = e.Node
			}
		}
		if p.Width != 40 || p.Height != 30 || p.ContentType != "image/png" || p.URL != "/photos/"+p.ID {
			t.Errorf("photo = %+v", p)
		}
		for _, c := range []struct {
			who  *api
			want int
		}{{owner, 200}, {a, 200}, {other, 404}, {a.as(""), 401}} {
			code, ctype, body := c.who.get(p.URL)
			if code != c.want {
				t.Errorf("GET %s: %d, want %d", p.URL, code, c.want)
			}
			if code == 200 {
				if img, err := png.Decode(bytes.NewReader(body)); err != nil || img.Bounds().Dx() != 40 || ctype != "image/png" {
					t.Errorf("served %s that decodes to %v, %v", ctype, img, err)
				}
			}
		}

		t.Run("WithAComment", func(t *testing.T) {
			comment := `mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id photos(first: 5) { totalCount } } } }`
			r := a.on(t).upload(comment, map[string]any{"in": map[string]any{"issueID": out.ReportIssue.Issue.ID, "body": "现场照片", "internal": true, "photos": []any{nil}}},
				map[string][]byte{"variables.in.photos.0": pngPhoto(t, 5, 5)})
			var c struct {
				AddIssueComment struct {
					IssueComment struct{ Photos struct{ TotalCount int } }
				}
			}
			r.decode(t, &c)
			if c.AddIssueComment.IssueComment.Photos.TotalCount != 1 {
				t.Errorf("comment photos = %d", c.AddIssueComment.IssueComment.Photos.TotalCount)
			}
			// The photo of an internal comment is for staff: the reporter sees only their own two.
			var mine struct {
				Node struct{ Photos struct{ TotalCount int } }
			}
			owner.on(t).must(`query($id: ID!) { node(id: $id) { ... on Issue { photos(first: 10) { totalCount } } } }`, map[string]any{"id": out.ReportIssue.Issue.ID}, &mine)
			if mine.Node.Photos.TotalCount != 2 {
				t.Errorf("the reporter sees %d photos, want 2 (not the internal comment's)", mine.Node.Photos.TotalCount)
			}
		})

		t.Run("BadUploads", func(t *testing.T) {
			before := s.Client.IssuePhoto.Query().CountX(system)
			issues := s.Client.Issue.Query().CountX(system)
			big := noisyPNG(t, 300, 300) // 360 KB of noise: well over the test limit of 64 KiB
			for name, files := range map[string][]byte{
				"TooBig":   big,
				"NotImage": []byte("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
				"Empty":    {},
			} {
				r := owner.on(t).upload(reportWith, in("坏照片 "+name, 1), map[string][]byte{"variables.in.photos.0": files})
				if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "photos.0" {
					t.Errorf("%s: %+v", name, r.Errors)
				}
			}
			tooMany := map[string][]byte{}
			for i := range 10 {
				tooMany[fmt.Sprintf("variables.in.photos.%d", i)] = pngPhoto(t, 2, 2)
			}
			if r := owner.on(t).upload(reportWith, in("太多照片", 10), tooMany); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
				t.Errorf("ten photos: %+v", r.Errors)
			}
			if n := s.Client.IssuePhoto.Query().CountX(system); n != before {
				t.Errorf("photos %d -> %d after refused uploads", before, n)
			}
			if n := s.Client.Issue.Query().CountX(system); n != issues {
				t.Errorf("issues %d -> %d after refused uploads: a report with a bad photo must not be half-written", issues, n)
			}
			if n := s.Client.IssuePhoto.Query().Where(issuephoto.HasIssueWith(issue.TitleHasPrefix("坏照片"))).CountX(system); n != 0 {
				t.Errorf("%d photos of refused reports", n)
			}
		})
	})
}

// TestPatrolLocation checks position reports: converted from GCJ-02,
// throttled, validated, and only for patrol members.
func TestPatrolLocation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		user := newUser(t, s, "patrol.gps", "", "patrol password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RolePATROL_VOLUNTEER})
		team := a.createID("createPatrolTeam", "CreatePatrolTeamInput", "patrolTeam", map[string]any{"communityID": f.community, "name": "队"})
		a.createID("createPatrolMember", "CreatePatrolMemberInput", "patrolMember", map[string]any{
			"communityID": f.community, "teamID": team, "userID": string(user), "name": "队员", "affiliation": "RESIDENT", "onDuty": true})
		p := a.as(a.login("patrol.gps", "patrol password"))
		update := `mutation($in: UpdateMyLocationInput!) { updateMyLocation(input: $in) { recorded members { lastLatitude lastLongitude } } }`
		var out struct {
			UpdateMyLocation struct {
				Recorded bool
				Members  []struct{ LastLatitude, LastLongitude float64 }
			}
		}
		// A GCJ-02 position from a Chinese map SDK lies a few hundred
		// metres north-east of the WGS-84 one.
		p.must(update, map[string]any{"in": map[string]any{"latitude": 39.9165, "longitude": 116.4103, "coordinateSystem": "GCJ02"}}, &out)
		m := out.UpdateMyLocation.Members[0]
		if !out.UpdateMyLocation.Recorded || m.LastLatitude >= 39.9165 || m.LastLongitude >= 116.4103 || m.LastLatitude < 39.91 || m.LastLongitude < 116.40 {
			t.Errorf("GCJ-02 position stored as %+v", out.UpdateMyLocation)
		}
		p.must(update, map[string]any{"in": map[string]any{"latitude": 39.0, "longitude": 116.0}}, &out)
		if out.UpdateMyLocation.Recorded || out.UpdateMyLocation.Members[0].LastLatitude == 39.0 {
			t.Errorf("a second position within seconds was stored: %+v", out.UpdateMyLocation)
		}
		p.fails(update, map[string]any{"in": map[string]any{"latitude": 100.0, "longitude": 116.0}}, "BAD_USER_INPUT", "latitude")
		a.fails(update, map[string]any{"in": map[string]any{"latitude": 39.0, "longitude": 116.0}}, "FORBIDDEN", "")
	})
}

// noisyPNG is a PNG of random pixels, which does not compress.
func noisyPNG(tb testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
