package rosterfile_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"wutong/auth"
	"wutong/demo"
	"wutong/ent"
	"wutong/ent/accesslog"
	"wutong/ent/community"
	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/resident"
	"wutong/gid"
	"wutong/rosterfile"
	"wutong/stats"
	"wutong/store"
	"wutong/store/storetest"
)

// shanghai is the demo's time zone.
var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// anchor is the Now of the tests' demo data.
var anchor = time.Date(2026, 3, 15, 10, 30, 0, 0, shanghai)

// saveWorkbook writes an export to a file in dir.
func saveWorkbook(t testing.TB, wb *rosterfile.Workbook, dir string) string {
	t.Helper()
	defer wb.Close()
	path := filepath.Join(dir, wb.Filename)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wb.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// residentLine is what a round trip keeps of a resident.
func residentLine(r *ent.Resident, compounds map[gid.ID]string) string {
	moved := ""
	if r.MovedInAt != nil {
		moved = r.MovedInAt.In(shanghai).Format("2006-01-02")
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%v|%v|%v|%s", r.Name, r.Phone, r.IDCardNumber, compounds[r.CompoundID],
		r.Building, r.Unit, r.Room, r.Residency, r.PartyMember, r.HallMember, r.CareFlags, moved)
}

// residentLines are the sorted residentLines of a community.
func residentLines(t testing.TB, c *ent.Client, community gid.ID) []string {
	t.Helper()
	cs, err := c.Compound.Query().Where(compound.CommunityID(community)).All(sys())
	if err != nil {
		t.Fatal(err)
	}
	names := map[gid.ID]string{}
	for _, x := range cs {
		names[x.ID] = x.Name
	}
	rs, err := c.Resident.Query().Where(resident.CommunityID(community)).All(sys())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, residentLine(r, names))
	}
	slices.Sort(out)
	return out
}

// copyPlaces creates a community with the grids and compounds of another,
// by name.
func copyPlaces(t testing.TB, c *ent.Client, from gid.ID, code string) gid.ID {
	t.Helper()
	ctx := sys()
	comm, err := c.Community.Create().SetName("复制社区").SetCode(code).SetTimeZone("Asia/Shanghai").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	grids, err := c.Grid.Query().Where(grid.CommunityID(from)).WithCompounds().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range grids {
		ng, err := c.Grid.Create().SetCommunityID(comm.ID).SetName(g.Name).SetCode(g.Code).SetKind(g.Kind).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range g.Edges.Compounds {
			if err := c.Compound.Create().SetCommunityID(comm.ID).SetGridID(ng.ID).SetName(x.Name).SetManagement(x.Management).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	return comm.ID
}

func TestExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := demo.Load(sys(), s.Client, demo.Options{Seed: 1, Now: anchor}); err != nil {
			t.Fatalf("loading the demo: %v", err)
		}
		demoComm, err := s.Client.Community.Query().Where(community.Code(demo.Code)).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		officer := viewerOf(t, s.Client, "demo-officer")
		want := residentLines(t, s.Client, demoComm.ID)

		t.Run("residents round trip", func(t *testing.T) {
			wb, err := rosterfile.Export(as(officer), s.Client, rosterfile.ExportOptions{CommunityID: demoComm.ID, Kind: rosterfile.ExportResidents, Now: anchor})
			if err != nil {
				t.Fatal(err)
			}
			if wb.Rows != len(want) || wb.Filename != "residents-demo-20260315.xlsx" {
				t.Fatalf("%d rows in %s, want %d", wb.Rows, wb.Filename, len(want))
			}
			path := saveWorkbook(t, wb, dir)
			// Every value the police saw in full is in the access log, once
			// per resident and field.
			logged, err := s.Client.AccessLog.Query().Where(accesslog.ViewerID(officer.UserID)).Count(sys())
			if err != nil {
				t.Fatal(err)
			}
			rs, _ := s.Client.Resident.Query().Where(resident.CommunityID(demoComm.ID)).All(sys())
			fields := 0
			for _, r := range rs {
				for _, set := range []bool{r.Phone != "", r.IDCardNumber != "", r.Building+r.Unit+r.Room != "", len(r.CareFlags) > 0} {
					if set {
						fields++
					}
				}
			}
			if logged != fields {
				t.Errorf("%d access-log entries, want %d", logged, fields)
			}
			checkLayout(t, path, "居民", []string{"姓名", "手机号", "身份证号", "网格", "小区", "楼栋", "单元", "房号", "居住类型", "党员", "关怀标记", "云议事厅成员", "入住日期"})

			copyID := copyPlaces(t, s.Client, demoComm.ID, "copy")
			res, err := rosterfile.ImportFile(sys(), s.Client, path, rosterfile.Options{CommunityID: copyID, Kind: rosterfile.Residents})
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK() || res.Created != len(want) || len(res.Ignored) != 0 {
				t.Fatalf("re-import: created %d of %d, ignored %v\n%s", res.Created, len(want), res.Ignored, problemsText(res))
			}
			got := residentLines(t, s.Client, copyID)
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("first difference at %d:\n got %s\nwant %s", i, got[i], want[i])
					}
				}
				t.Fatalf("%d residents back, want %d", len(got), len(want))
			}
		})

		t.Run("masked for staff", func(t *testing.T) {
			staff := viewerOf(t, s.Client, "demo-staff")
			wb, err := rosterfile.Export(as(staff), s.Client, rosterfile.ExportOptions{CommunityID: demoComm.ID, Kind: rosterfile.ExportResidents})
			if err != nil {
				t.Fatal(err)
			}
			path := saveWorkbook(t, wb, t.TempDir())
			rows := readRows(t, path, "居民")
			phones, ids := 0, 0
			for _, r := range rows[1:] {
				if len(r) > 2 && r[1] != "" && !strings.Contains(r[1], "*") {
					phones++
				}
				if len(r) > 2 && r[2] != "" {
					if !strings.Contains(r[2], "**********") {
						t.Fatalf("staff see an ID-card number in full: %v", r)
					}
					ids++
				}
			}
			if phones == 0 || ids == 0 {
				t.Fatalf("%d phones in full and %d masked ID cards", phones, ids)
			}
			// A masked roster does not import: it would lose the numbers.
			other := copyPlaces(t, s.Client, demoComm.ID, "masked")
			res, err := rosterfile.ImportFile(sys(), s.Client, path, rosterfile.Options{CommunityID: other, Kind: rosterfile.Residents, DryRun: true})
			if err != nil || res.OK() || !strings.Contains(res.Problems[0].Message, "masked") {
				t.Fatalf("%v %+v", err, res)
			}
		})

		t.Run("masked for the server itself", func(t *testing.T) {
			wb, err := rosterfile.Export(sys(), s.Client, rosterfile.ExportOptions{CommunityID: demoComm.ID, Kind: rosterfile.ExportResidents})
			if err != nil {
				t.Fatal(err)
			}
			if wb.Unmasked != 0 {
				t.Errorf("%d values in full without a viewer", wb.Unmasked)
			}
			for _, r := range readRows(t, saveWorkbook(t, wb, t.TempDir()), "居民")[1:] {
				if len(r) > 1 && r[1] != "" && !strings.Contains(r[1], "*") {
					t.Fatalf("a phone in full: %v", r)
				}
			}
		})

		t.Run("refused", func(t *testing.T) {
			for _, login := range []string{"demo-resident", "demo-lawyer", "demo-other-staff"} {
				_, err := rosterfile.Export(as(viewerOf(t, s.Client, login)), s.Client, rosterfile.ExportOptions{CommunityID: demoComm.ID, Kind: rosterfile.ExportResidents})
				if err == nil {
					t.Errorf("%s exported the residents", login)
				}
			}
		})

		from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
		t.Run("issues", func(t *testing.T) {
			wb, err := rosterfile.Export(as(officer), s.Client, rosterfile.ExportOptions{CommunityID: demoComm.ID, Kind: rosterfile.ExportIssues, From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			n, err := s.Client.Issue.Query().Where(issue.CommunityID(demoComm.ID),
				issue.ReportedAtGTE(time.Date(2025, 1, 1, 0, 0, 0, 0, shanghai)), issue.ReportedAtLT(time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai))).Count(sys())
			if err != nil {
				t.Fatal(err)
			}
			if wb.Rows != n || n < 100 {
				t.Fatalf("%d issues exported, want %d", wb.Rows, n)
			}
			path := saveWorkbook(t, wb, t.TempDir())
			checkLayout(t, path, "事件", nil)
			rows := readRows(t, path, "事件")
			if len(rows) != n+1 || !strings.HasPrefix(rows[1][12], "2025-01-") {
				t.Errorf("first issue row %v", rows[1])
			}
		})

		t.Run("stats", func(t *testing.T) {
			wb, err := rosterfile.Export(as(officer), s.Client, rosterfile.ExportOptions{CommunityID: demoComm.ID, Kind: rosterfile.ExportStats, From: from, To: to, Dialect: s.Dialect})
			if err != nil {
				t.Fatal(err)
			}
			path := saveWorkbook(t, wb, t.TempDir())
			rows := readRows(t, path, "统计")
			p, _ := stats.PeriodOf(from, to, shanghai)
			figs, err := stats.Compute(context.Background(), s.Client, s.Dialect, stats.Scope{CommunityID: demoComm.ID}, p)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range rows {
				if strings.HasPrefix(r[0], "矛盾纠纷") {
					found = r[1] == fmt.Sprint(figs.Disputes)
				}
			}
			if !found || figs.Disputes != 45 {
				t.Errorf("disputes %d; rows %v", figs.Disputes, rows)
			}
			if !strings.Contains(rows[0][1], "2025-01-01 – 2025-12-31") || !strings.Contains(rows[0][2], "2024-01-01 – 2024-12-31") {
				t.Errorf("header %v", rows[0])
			}
		})

		t.Run("download", func(t *testing.T) {
			mux := http.NewServeMux()
			h := rosterfile.ExportHandler(s.Client, s.Dialect, nil)
			mux.Handle("GET /exports/{kind}", h)
			get := func(v *auth.Viewer, url string) *httptest.ResponseRecorder {
				r := httptest.NewRequest(http.MethodGet, url, nil)
				if v != nil {
					r = r.WithContext(auth.NewContext(r.Context(), v))
				}
				w := httptest.NewRecorder()
				mux.ServeHTTP(w, r)
				return w
			}
			url := "/exports/residents?communityID=" + string(demoComm.ID)
			w := get(officer, url)
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != rosterfile.ContentType ||
				!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") || w.Header().Get("Cache-Control") != "no-store" {
				t.Fatalf("%d %v", w.Code, w.Header())
			}
			f, err := excelize.OpenReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
			for _, c := range []struct {
				v    *auth.Viewer
				url  string
				code int
			}{
				{nil, url, http.StatusUnauthorized},
				{viewerOf(t, s.Client, "demo-resident"), url, http.StatusForbidden},
				{officer, "/exports/pets?communityID=" + string(demoComm.ID), http.StatusBadRequest},
				{officer, "/exports/issues?communityID=nonsense", http.StatusBadRequest},
				{officer, "/exports/issues?communityID=" + string(gid.New("Community")), http.StatusNotFound},
				{viewerOf(t, s.Client, "demo-admin"), "/exports/issues?communityID=" + string(gid.New("Community")), http.StatusNotFound},
				{officer, "/exports/stats?communityID=" + string(demoComm.ID) + "&from=2025-02-01&to=2025-01-01", http.StatusBadRequest},
				{officer, "/exports/stats?communityID=" + string(demoComm.ID) + "&from=2025-01-01&to=2025-03-31", http.StatusOK},
			} {
				if w := get(c.v, c.url); w.Code != c.code {
					t.Errorf("GET %s: %d %s, want %d", c.url, w.Code, w.Body.String(), c.code)
				}
			}
		})
	})
}

// readRows reads a sheet of a workbook file.
func readRows(t testing.TB, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// checkLayout checks an export's header row: bold, frozen, and with the
// given headers (if any).
func checkLayout(t testing.TB, path, sheet string, headers []string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v: the header row is not frozen", panes, err)
	}
	id, err := f.GetCellStyle(sheet, "A1")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil || style.Font == nil || !style.Font.Bold {
		t.Errorf("the header is not bold: %+v %v", style, err)
	}
	if w, err := f.GetColWidth(sheet, "B"); err != nil || w < 8 {
		t.Errorf("column B is %v wide (%v)", w, err)
	}
	if headers != nil {
		rows, err := f.GetRows(sheet)
		if err != nil || !slices.Equal(rows[0], headers) {
			t.Errorf("headers %v, want %v (%v)", rows[0], headers, err)
		}
	}
}
