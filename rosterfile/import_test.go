package rosterfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/auditlog"
	"wutong/ent/employeeregistration"
	"wutong/ent/membership"
	"wutong/ent/patrolmember"
	"wutong/ent/rentalhousing"
	"wutong/ent/resident"
	"wutong/personal"
	"wutong/rosterfile"
	"wutong/store"
	"wutong/store/storetest"
)

func TestImportResidents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "roster")
		rows := residentRows(30)
		// A merged title above the header, as offices write them.
		rows = append([][]any{{"梧桐社区居民信息登记表"}, {}}, rows...)
		path := writeXLSX(t, t.TempDir(), "居民.xlsx", rows, func(f *excelize.File) {
			if err := f.MergeCell("Sheet1", "A1", "N1"); err != nil {
				t.Fatal(err)
			}
		})
		res, err := importPath(t, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{BatchSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Created != 30 || res.Rows != 30 || res.HeaderRow != 3 {
			t.Fatalf("result %+v\n%s", res, problemsText(res))
		}
		if len(res.Ignored) != 1 || res.Ignored[0] != "序号" {
			t.Errorf("ignored %v, want 序号", res.Ignored)
		}
		got, err := s.Client.Resident.Query().Where(resident.CommunityID(tw.id), resident.Name("测试2")).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		moved := time.Date(2019, 6, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
		if got.Phone != phone(2) || got.IDCardNumber != idCard(2, true) || got.CompoundID != tw.compounds["槐花巷小区"] ||
			got.Building != "3" || got.Unit != "3" || got.Room != "103" || got.Residency != resident.ResidencyNON_REGISTERED ||
			got.PartyMember || len(got.CareFlags) != 1 || got.CareFlags[0] != personal.LowIncome || got.MovedInAt == nil || !got.MovedInAt.Equal(moved) {
			t.Errorf("resident 2 is %+v", got)
		}
		if n := countResidents(t, s.Client, tw.id); n != 30 {
			t.Errorf("%d residents, want 30", n)
		}
	})
}

func TestImportBadFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "bad")
		dir := t.TempDir()
		good := residentRows(5)
		cases := []struct {
			name string
			path func() string
			opts rosterfile.Options
			want string
		}{
			{"empty file", func() string { return writeFile(t, dir, "empty.xlsx", nil) }, rosterfile.Options{}, "the file is empty"},
			{"empty csv", func() string { return writeFile(t, dir, "empty.csv", nil) }, rosterfile.Options{}, "the file is empty"},
			{"empty sheet", func() string { return writeXLSX(t, dir, "blank.xlsx", nil) }, rosterfile.Options{}, "the file has no rows"},
			{"header only", func() string { return writeXLSX(t, dir, "header.xlsx", good[:1]) }, rosterfile.Options{}, "no data rows"},
			{"corrupted", func() string {
				b, err := os.ReadFile(writeXLSX(t, dir, "whole.xlsx", good))
				if err != nil {
					t.Fatal(err)
				}
				return writeFile(t, dir, "cut.xlsx", b[:len(b)/2])
			}, rosterfile.Options{}, "damaged"},
			{"garbage named xlsx", func() string { return writeFile(t, dir, "junk.xlsx", []byte("this is not a workbook")) }, rosterfile.Options{}, "not a valid .xlsx"},
			{"binary", func() string { return writeFile(t, dir, "junk.bin", []byte{1, 2, 0, 4, 5}) }, rosterfile.Options{}, "neither an Excel workbook"},
			{"password", func() string {
				f := excelize.NewFile()
				defer f.Close()
				for i, r := range good {
					cell, _ := excelize.CoordinatesToCellName(1, i+1)
					if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
						t.Fatal(err)
					}
				}
				path := filepath.Join(dir, "secret.xlsx")
				if err := f.SaveAs(path, excelize.Options{Password: "123456"}); err != nil {
					t.Fatal(err)
				}
				return path
			}, rosterfile.Options{}, "protected by a password"},
			{"wrong headers", func() string {
				return writeXLSX(t, dir, "wrong.xlsx", [][]any{{"编号", "备注", "金额"}, {1, "x", 3}})
			}, rosterfile.Options{}, "no header row found"},
			{"missing required header", func() string {
				return writeXLSX(t, dir, "noname.xlsx", [][]any{{"手机号", "身份证号"}, {phone(1), idCard(1, false)}})
			}, rosterfile.Options{}, "lacks the required columns 姓名"},
			{"two columns for one field", func() string {
				return writeXLSX(t, dir, "twice.xlsx", [][]any{{"姓名", "手机号", "电话"}, {"张三", phone(1), phone(2)}})
			}, rosterfile.Options{}, "are both 手机号"},
			{"formula", func() string {
				return writeXLSX(t, dir, "formula.xlsx", good, func(f *excelize.File) {
					if err := f.SetCellFormula("Sheet1", "D4", `"139"&"00000003"`); err != nil {
						t.Fatal(err)
					}
				})
			}, rosterfile.Options{}, "formulas in D4"},
			{"merged cells", func() string {
				return writeXLSX(t, dir, "merged.xlsx", good, func(f *excelize.File) {
					if err := f.MergeCell("Sheet1", "G3", "G5"); err != nil {
						t.Fatal(err)
					}
				})
			}, rosterfile.Options{}, "merged cells (G3:G5)"},
			{"too large", func() string { return writeXLSX(t, dir, "big.xlsx", residentRows(200)) }, rosterfile.Options{MaxBytes: 4 << 10}, "larger than 4 KB"},
			{"200 MB", func() string {
				path := filepath.Join(dir, "huge.xlsx")
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := f.Truncate(200 << 20); err != nil {
					t.Fatal(err)
				}
				return path
			}, rosterfile.Options{}, "larger than 50 MB"},
			{"too many rows", func() string { return writeXLSX(t, dir, "rows.xlsx", residentRows(30)) }, rosterfile.Options{MaxRows: 20}, "more than 20 data rows"},
			{"too many rows csv", func() string {
				return writeFile(t, dir, "rows.csv", writeCSV(t, csvRows(residentRows(30))))
			}, rosterfile.Options{MaxRows: 20}, "more than 20 data rows"},
			{"bad csv quoting", func() string {
				return writeFile(t, dir, "quotes.csv", []byte("姓名,手机号\n张三,13900000001\n李\"四,13900000002\n"))
			}, rosterfile.Options{}, "at line 3"},
			{"old xls by name", func() string { return writeFile(t, dir, "old.xls", []byte("not really")) }, rosterfile.Options{}, "not an .xlsx workbook"},
			{"unknown sheet", func() string { return writeXLSX(t, dir, "sheet.xlsx", good) }, rosterfile.Options{Sheet: "花名册"}, "no sheet \"花名册\""},
			{"bad mapping", func() string { return writeXLSX(t, dir, "map.xlsx", good) }, rosterfile.Options{Mapping: map[string]string{"序号": "shoe size"}}, "is not a column of residents rosters"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				start := time.Now()
				res, err := importPath(t, s.Client, tw, rosterfile.Residents, c.path(), c.opts)
				if err == nil {
					t.Fatalf("imported: %+v", res)
				}
				wantInvalid(t, err, c.want)
				if c.name == "200 MB" && time.Since(start) > time.Second {
					t.Errorf("refusing a 200 MB file took %s: it was read", time.Since(start))
				}
				if n := countResidents(t, s.Client, tw.id); n != 0 {
					t.Fatalf("%d residents written", n)
				}
			})
		}
	})
}

// csvRows writes rows of cell values as CSV records.
func csvRows(rows [][]any) [][]string {
	var out [][]string
	for _, r := range rows {
		var line []string
		for _, v := range r {
			line = append(line, fmt.Sprint(v))
		}
		out = append(out, line)
	}
	return out
}

func TestImportRowProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "rows")
		// An existing resident, whose phone and ID-card number the file repeats.
		if err := s.Client.Resident.Create().SetCommunityID(tw.id).SetName("老住户").SetPhone(phone(900)).SetIDCardNumber(idCard(900, false)).Exec(sys()); err != nil {
			t.Fatal(err)
		}
		rows := residentRows(12)
		bad := func(n int, col int, v any) { rows[n][col] = v }
		// rows[n] is row n+1 of the sheet.
		bad(1, 3, "1381234567")             // row 2: short phone
		bad(2, 4, idCard(2, true)[:17]+"0") // row 3: wrong check digit
		if idCard(2, true)[17] == '0' {
			bad(2, 4, idCard(2, true)[:17]+"1")
		}
		bad(3, 6, "不存在小区")            // row 4: unknown compound
		bad(4, 5, "第九网格")             // row 5: unknown grid
		bad(5, 3, phone(3))           // row 6: same phone as row 4 (which has a problem of its own)
		bad(6, 4, idCard(7, false))   // row 7: a man's ID card (resident 7's, row 8) for a woman
		bad(8, 3, phone(900))         // row 9: phone of the existing resident
		bad(9, 4, idCard(900, false)) // row 10: ID card of the existing resident
		bad(9, 2, "男")                //          (and the sex that goes with it)
		bad(10, 3, "139****0010")     // row 11: a masked phone
		bad(11, 2, "男")               // row 12: a man with a woman's ID card
		rows[11][4] = idCard(11, true)
		bad(12, 6, "梧桐苑") // row 13: compound not in the grid 第二网格
		rows[12][5] = "第二网格"
		path := writeXLSX(t, t.TempDir(), "problems.xlsx", rows)
		res, err := importPath(t, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{BatchSize: 4})
		if err != nil {
			t.Fatal(err)
		}
		if res.OK() || res.Created != 0 {
			t.Fatalf("result %+v", res)
		}
		want := []struct {
			row  int
			cell string
			msg  string
		}{
			{2, "D2", "11-digit"},
			{3, "E3", "check digit"},
			{4, "G4", "no compound named \"不存在小区\""},
			{5, "F5", "no grid named \"第九网格\""},
			{6, "D6", "same as in row 4"},
			{7, "C7", "does not match the ID-card number"},
			{8, "E8", "same as in row 7"},
			{9, "D9", "already registered"},
			{10, "E10", "already registered"},
			{11, "D11", "is masked"},
			{12, "C12", "does not match the ID-card number"},
			{13, "G13", "is not in grid 第二网格"},
		}
		got := problemsText(res)
		if len(res.Problems) != len(want) {
			t.Errorf("%d problems, want %d:\n%s", len(res.Problems), len(want), got)
		}
		for _, w := range want {
			found := false
			for _, p := range res.Problems {
				if p.Row == w.row && p.Cell == w.cell && strings.Contains(p.Message, w.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem %q in %s (row %d):\n%s", w.msg, w.cell, w.row, got)
			}
		}
		if n := countResidents(t, s.Client, tw.id); n != 1 {
			t.Errorf("%d residents, want the 1 there was", n)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "aon")
		rows := residentRows(1000)
		rows[700][3] = "12345"     // Excel row 701
		rows[950][4] = "110105123" // Excel row 951
		rows[999][1] = ""          // Excel row 1000: no name
		path := writeXLSX(t, t.TempDir(), "1000.xlsx", rows)
		// Batches of 100: six were written before the first bad row.
		res, err := importPath(t, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{BatchSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.OK() || res.Rows != 1000 || res.Created != 0 || res.ProblemCount != 3 {
			t.Fatalf("result rows %d created %d problems %d:\n%s", res.Rows, res.Created, res.ProblemCount, problemsText(res))
		}
		for i, row := range []int{701, 951, 1000} {
			if res.Problems[i].Row != row {
				t.Errorf("problem %d is in row %d, want %d", i, res.Problems[i].Row, row)
			}
		}
		if n := countResidents(t, s.Client, tw.id); n != 0 {
			t.Fatalf("%d residents written", n)
		}
		// Fixed, the same file imports whole.
		rows[700][3], rows[950][4], rows[999][1] = phone(700), idCard(950, true), "测试999"
		res, err = importPath(t, s.Client, tw, rosterfile.Residents, writeXLSX(t, t.TempDir(), "fixed.xlsx", rows), rosterfile.Options{BatchSize: 100})
		if err != nil || !res.OK() || res.Created != 1000 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
		if n := countResidents(t, s.Client, tw.id); n != 1000 {
			t.Fatalf("%d residents, want 1000", n)
		}
	})
}

func TestImportDryRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "dry")
		path := writeXLSX(t, t.TempDir(), "dry.xlsx", residentRows(50))
		res, err := importPath(t, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{DryRun: true, BatchSize: 8})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || !res.DryRun || res.Rows != 50 || res.Created != 0 {
			t.Fatalf("result %+v\n%s", res, problemsText(res))
		}
		if n := countResidents(t, s.Client, tw.id); n != 0 {
			t.Fatalf("a dry run wrote %d residents", n)
		}
		// A dry run finds duplicates inside the file too.
		rows := residentRows(20)
		rows[15][4] = idCard(3, false)
		res, err = importPath(t, s.Client, tw, rosterfile.Residents, writeXLSX(t, t.TempDir(), "dup.xlsx", rows), rosterfile.Options{DryRun: true, BatchSize: 8})
		if err != nil || res.OK() || !strings.Contains(res.Problems[0].Message, "row 4") {
			t.Fatalf("%v %+v", err, res)
		}
	})
}

func TestImportCSVEncodings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "csv")
		rows := [][]string{
			{"姓名", "手机号", "身份证号", "小区", "楼栋", "单元", "房号", "入住日期"},
			{"张三", phone(1), idCard(1, false), "银杏里小区", "1", "2", "301", "2020/3/1"},
			{"", "", "", "", "", "", "", ""},
			{"李四", "139-0000-0002", strings.ToLower(idCard(2, true)), "银杏里", "1", "2", "302", "2020年3月2日"},
		}
		plain := writeCSV(t, rows)
		gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(plain)
		if err != nil {
			t.Fatal(err)
		}
		tabbed := bytes.ReplaceAll(plain, []byte(","), []byte("\t"))
		utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(tabbed)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, encoding string
			data           []byte
		}{
			{"utf8.csv", "UTF-8", plain},
			{"bom.csv", "UTF-8", append([]byte{0xEF, 0xBB, 0xBF}, plain...)},
			{"gbk.csv", "GB18030", gbk},
			{"unicode.txt", "UTF-16", utf16},
		} {
			t.Run(c.name, func(t *testing.T) {
				res, err := importPath(t, s.Client, tw, rosterfile.Residents, writeFile(t, t.TempDir(), c.name, c.data), rosterfile.Options{DryRun: true})
				if err != nil {
					t.Fatal(err)
				}
				if !res.OK() || res.Rows != 2 || res.Encoding != c.encoding {
					t.Fatalf("result %+v\n%s", res, problemsText(res))
				}
			})
		}
		res, err := importPath(t, s.Client, tw, rosterfile.Residents, writeFile(t, t.TempDir(), "gbk.csv", gbk), rosterfile.Options{})
		if err != nil || !res.OK() || res.Created != 2 {
			t.Fatalf("%v %+v", err, res)
		}
		li, err := s.Client.Resident.Query().Where(resident.CommunityID(tw.id), resident.Name("李四")).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if li.Phone != phone(2) || li.IDCardNumber != idCard(2, true) || li.CompoundID != tw.compounds["银杏里小区"] || li.Room != "302" {
			t.Errorf("李四 is %+v", li)
		}
		// A formula typed into a CSV cell is refused like a formula cell.
		rows[1][4] = "=1+1"
		res, err = importPath(t, s.Client, tw, rosterfile.Residents, writeFile(t, t.TempDir(), "f.csv", writeCSV(t, rows)), rosterfile.Options{DryRun: true})
		if err != nil || res.OK() || !strings.Contains(res.Problems[0].Message, "formula") {
			t.Fatalf("%v %+v", err, res)
		}
	})
}

func TestImportMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "map")
		rows := [][]any{
			{"居民", "联系人手机", "证件", "所在小区", "备注"},
			{"王五", phone(5), idCard(5, false), "梧桐苑", "手机号"},
		}
		path := writeXLSX(t, t.TempDir(), "layout.xlsx", rows)
		_, err := importPath(t, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{})
		wantInvalid(t, err, "lacks the required columns 姓名")
		mapping, err := rosterfile.ParseMapping("居民=name, 联系人手机=phone，C=身份证号,所在小区=小区,备注=-")
		if err != nil {
			t.Fatal(err)
		}
		res, err := importPath(t, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{Mapping: mapping})
		if err != nil || !res.OK() || res.Created != 1 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
		w, err := s.Client.Resident.Query().Where(resident.CommunityID(tw.id)).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if w.Name != "王五" || w.Phone != phone(5) || w.IDCardNumber != idCard(5, false) || w.CompoundID != tw.compounds["梧桐苑"] {
			t.Errorf("王五 is %+v", w)
		}
	})
}

func TestImportRights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "rights")
		path := writeXLSX(t, t.TempDir(), "r.xlsx", residentRows(3))
		opts := rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents}
		_, err := rosterfile.ImportFile(t.Context(), s.Client, path, opts)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.Unauthenticated {
			t.Fatalf("without a login: %v", err)
		}
		resident := newUser(t, s.Client, "res1", tw.id, membership.RoleRESIDENT)
		_, err = rosterfile.ImportFile(as(resident), s.Client, path, rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents, DryRun: true})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.Forbidden {
			t.Fatalf("a resident's dry run: %v", err)
		}
		other := newTown(t, s.Client, "other")
		staffElsewhere := newUser(t, s.Client, "staff2", other.id, membership.RoleCOMMUNITY_STAFF)
		_, err = rosterfile.ImportFile(as(staffElsewhere), s.Client, path, opts)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.NotFound {
			t.Fatalf("staff of another community: %v, want NOT_FOUND as for a community that does not exist", err)
		}
		// Staff see ID-card numbers masked: a file with them is refused
		// before any row is read, dry run or not.
		staff := newUser(t, s.Client, "staff1", tw.id, membership.RoleCOMMUNITY_STAFF)
		for _, dry := range []bool{true, false} {
			_, err = rosterfile.ImportFile(as(staff), s.Client, path, rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents, DryRun: dry})
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.Forbidden || e.Field != "file" {
				t.Fatalf("staff importing ID-card numbers (dry run %v): %v", dry, err)
			}
		}
		officer := newUser(t, s.Client, "officer1", tw.id, membership.RolePOLICE_OFFICER)
		res, err := rosterfile.ImportFile(as(officer), s.Client, path, opts)
		if err != nil || res.Created != 3 {
			t.Fatalf("officer: %v %+v", err, res)
		}
		// Through the ent client, each record is in the audit log in the officer's name.
		n, err := s.Client.AuditLog.Query().Where(auditlog.ActorID(officer.UserID), auditlog.Entity("Resident")).Count(sys())
		if err != nil || n != 3 {
			t.Errorf("%d audit entries (%v), want 3", n, err)
		}
	})
}

func TestImportInCallersTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "tx")
		ctx := authz.System(t.Context())
		tx, err := s.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		// Something the caller wrote before: it must survive the import's rollback.
		if err := tx.Client().Resident.Create().SetCommunityID(tw.id).SetName("先写的").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		rows := residentRows(10)
		rows[9][3] = "bad"
		res, err := rosterfile.ImportFile(ctx, tx.Client(), writeXLSX(t, t.TempDir(), "a.xlsx", rows), rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents, BatchSize: 3})
		if err != nil || res.OK() {
			t.Fatalf("%v %+v", err, res)
		}
		if n, _ := tx.Client().Resident.Query().Where(resident.CommunityID(tw.id)).Count(ctx); n != 1 {
			t.Fatalf("%d residents in the transaction after a refused import, want 1", n)
		}
		res, err = rosterfile.ImportFile(ctx, tx.Client(), writeXLSX(t, t.TempDir(), "b.xlsx", residentRows(10)), rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents, BatchSize: 3})
		if err != nil || !res.OK() {
			t.Fatalf("%v %+v", err, res)
		}
		// Given the plain client, but a context that carries the
		// transaction (as GraphQL mutations' do), the import joins it
		// rather than wait for SQLite's write lock.
		more := append([][]any{residentHeader}, residentRows(15)[11:]...)
		res, err = rosterfile.ImportFile(ent.NewTxContext(ctx, tx), s.Client, writeXLSX(t, t.TempDir(), "c.xlsx", more), rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents})
		if err != nil || !res.OK() || res.Created != 5 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := countResidents(t, s.Client, tw.id); n != 16 {
			t.Fatalf("%d residents, want 16", n)
		}
	})
}

func TestImportRentals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "rent")
		landlord, err := s.Client.Resident.Create().SetCommunityID(tw.id).SetName("房东甲").SetPhone(phone(1)).SetIDCardNumber(idCard(1, false)).Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		tenant, err := s.Client.Resident.Create().SetCommunityID(tw.id).SetName("租客乙").SetIDCardNumber(idCard(2, true)).Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		header := []any{"小区", "楼栋", "单元", "房号", "房东姓名", "房东身份证号", "房东电话", "月租金(元)", "起租日期", "到期日期", "租户身份证号"}
		rows := [][]any{header,
			{"银杏里小区", "3", "1", "502", "房东甲", idCard(1, false), phone(1), "2,500.50", "2024-03-01", "2025-02-28", idCard(2, true)},
			{"梧桐苑", "1", "", "101", "外地房东", "", "", 1800, "2024-05-01", "", ""},
		}
		path := writeXLSX(t, t.TempDir(), "rentals.xlsx", rows)
		res, err := importPath(t, s.Client, tw, rosterfile.Rentals, path, rosterfile.Options{})
		if err != nil || !res.OK() || res.Created != 2 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
		flat, err := s.Client.RentalHousing.Query().Where(rentalhousing.Room("502")).WithTenants().Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if flat.LandlordID != landlord.ID || flat.MonthlyRentFen == nil || *flat.MonthlyRentFen != 250050 || len(flat.Edges.Tenants) != 1 || flat.Edges.Tenants[0].ID != tenant.ID {
			t.Errorf("flat 502 is %+v", flat)
		}
		// The same flats again, a lease that ends before it starts, an unknown landlord.
		rows[2][9] = "2024-04-01"
		rows = append(rows, []any{"槐花巷小区", "2", "1", "201", "", idCard(77, false), "", "", "", "", ""})
		res, err = importPath(t, s.Client, tw, rosterfile.Rentals, writeXLSX(t, t.TempDir(), "again.xlsx", rows), rosterfile.Options{})
		if err != nil || res.OK() {
			t.Fatalf("%v %+v", err, res)
		}
		text := problemsText(res)
		for _, want := range []string{"row 2, 房号 (D2): this flat is registered", "row 3, 到期日期 (J3): must come after", "row 4, 房东身份证号 (F4): no resident"} {
			if !strings.Contains(text, want) {
				t.Errorf("no %q in\n%s", want, text)
			}
		}
		if n, _ := s.Client.RentalHousing.Query().Count(sys()); n != 2 {
			t.Errorf("%d flats, want 2", n)
		}
	})
}

func TestImportEmployees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "emp")
		known, err := s.Client.Resident.Create().SetCommunityID(tw.id).SetName("老员工").SetIDCardNumber(idCard(1, false)).Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		rows := [][]any{{"姓名", "身份证号", "手机号", "工作单位", "岗位", "入职日期"},
			{"老员工", idCard(1, false), "", "梧桐酒店", "保安", "2023-01-05"},
			{"新员工", idCard(2, true), phone(2), "梧桐酒店", "前台", "2024-02-01"},
			{"新员工", idCard(2, true), "", "体育中心", "兼职", ""},
		}
		res, err := importPath(t, s.Client, tw, rosterfile.Employees, writeXLSX(t, t.TempDir(), "emp.xlsx", rows), rosterfile.Options{})
		if err != nil || !res.OK() || res.Created != 4 || res.ResidentsCreated != 1 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
		regs, err := s.Client.EmployeeRegistration.Query().Where(employeeregistration.ResidentID(known.ID)).All(sys())
		if err != nil || len(regs) != 1 || regs[0].OrganizationID != tw.orgs["梧桐酒店"] || regs[0].Position != "保安" {
			t.Errorf("registrations of 老员工: %v %+v", err, regs)
		}
		newcomer, err := s.Client.Resident.Query().Where(resident.Name("新员工")).Only(sys())
		if err != nil || newcomer.Residency != resident.ResidencyNON_REGISTERED || newcomer.CompoundID != "" {
			t.Fatalf("新员工: %v %+v", err, newcomer)
		}
		if n, _ := s.Client.EmployeeRegistration.Query().Where(employeeregistration.ResidentID(newcomer.ID)).Count(sys()); n != 2 {
			t.Errorf("新员工 has %d registrations, want 2", n)
		}
		// Again: registered already; an unknown unit; a name that does not match.
		rows = append(rows[:2], []any{"别人", idCard(2, true), "", "梧桐酒店", "", ""}, []any{"某人", idCard(9, false), "", "不存在单位", "", ""})
		res, err = importPath(t, s.Client, tw, rosterfile.Employees, writeXLSX(t, t.TempDir(), "again.xlsx", rows), rosterfile.Options{})
		if err != nil || res.OK() || res.ProblemCount != 3 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
	})
}

func TestImportPatrolMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "patrol")
		u, err := s.Client.User.Create().SetUsername("patrol1").SetDisplayName("队员一").SetPhone(phone(1)).SetActive(true).Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		rows := [][]any{{"姓名", "手机号", "人员类别", "是否在岗"},
			{"队员一", phone(1), "物业人员", "是"},
			{"队员二", "", "热心居民", "否"},
			{"队员三", "", "民警", ""},
		}
		res, err := importPath(t, s.Client, tw, rosterfile.PatrolMembers, writeXLSX(t, t.TempDir(), "patrol.xlsx", rows), rosterfile.Options{})
		if err != nil || !res.OK() || res.Created != 3 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
		one, err := s.Client.PatrolMember.Query().Where(patrolmember.Name("队员一")).Only(sys())
		if err != nil || one.UserID != u.ID || !one.OnDuty || one.Affiliation != patrolmember.AffiliationPROPERTY_STAFF || one.TeamID != tw.team {
			t.Errorf("队员一: %v %+v", err, one)
		}
		rows = [][]any{{"姓名", "手机号", "人员类别"}, {"队员一", "", "居民"}, {"队员四", phone(44), "居民"}, {"队员五", "", "宇航员"}}
		res, err = importPath(t, s.Client, tw, rosterfile.PatrolMembers, writeXLSX(t, t.TempDir(), "again.xlsx", rows), rosterfile.Options{})
		if err != nil || res.ProblemCount != 3 {
			t.Fatalf("%v %+v\n%s", err, res, problemsText(res))
		}
	})
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]rosterfile.Kind{
		"residents": rosterfile.Residents, "RESIDENTS": rosterfile.Residents, "rentals": rosterfile.Rentals,
		"EMPLOYEE_REGISTRATIONS": rosterfile.Employees, "employees": rosterfile.Employees, "PATROL_MEMBERS": rosterfile.PatrolMembers,
	} {
		if got, err := rosterfile.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := rosterfile.ParseKind("cats"); !errors.As(err, new(*apperr.Error)) {
		t.Errorf("ParseKind(cats): %v", err)
	}
}

// TestConcurrentImports has two officers import the same 50 residents at
// the same moment: one import creates them, the other finds them
// registered, on both databases.
func TestConcurrentImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "race")
		// Without ID-card numbers, so that the unique index on them does
		// not decide the race: phones are checked by the import alone.
		var rows [][]any
		for _, r := range residentRows(50) {
			rows = append(rows, append(slices.Clip(r[:4]), r[5:]...))
		}
		path := writeXLSX(t, t.TempDir(), "race.xlsx", rows)
		opts := rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents}
		officers := []*auth.Viewer{
			newUser(t, s.Client, "officer.a", tw.id, membership.RolePOLICE_OFFICER),
			newUser(t, s.Client, "officer.b", tw.id, membership.RoleAUXILIARY_OFFICER),
		}
		var wg sync.WaitGroup
		created := make([]int, 2)
		for i, v := range officers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := rosterfile.ImportFile(as(v), s.Client, path, opts)
				if err == nil && res != nil {
					created[i] = res.Created
				}
			}()
		}
		wg.Wait()
		if created[0]+created[1] != 50 {
			t.Errorf("the imports created %v residents, want 50 in all", created)
		}
		if n := s.Client.Resident.Query().Where(resident.CommunityID(tw.id)).CountX(sys()); n != 50 {
			t.Errorf("the community holds %d residents, want 50", n)
		}
	})
}

// TestImportIsNoOracle replays the attack: a grid worker, who sees
// ID-card numbers masked, dry-runs a file of candidate numbers to learn
// which one is registered. The file is refused before any row is read,
// whether or not a number in it is registered.
func TestImportIsNoOracle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tw := newTown(t, s.Client, "oracle")
		registered := residentRows(1)
		if _, err := rosterfile.ImportFile(sys(), s.Client, writeXLSX(t, t.TempDir(), "one.xlsx", registered), rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents}); err != nil {
			t.Fatal(err)
		}
		grid := newUser(t, s.Client, "grid.worker", tw.id, membership.RoleGRID_WORKER)
		var answers []string
		unregistered := [][]any{residentHeader, residentRow(7), residentRow(8)}
		for _, rows := range [][][]any{unregistered, registered} { // the second holds the registered number
			_, err := rosterfile.ImportFile(as(grid), s.Client, writeXLSX(t, t.TempDir(), "guess.xlsx", rows), rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents, DryRun: true})
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Forbidden {
				t.Fatalf("grid worker's dry run: %v", err)
			}
			answers = append(answers, e.Message)
		}
		if answers[0] != answers[1] {
			t.Errorf("the answers differ: %q and %q", answers[0], answers[1])
		}
	})
}
