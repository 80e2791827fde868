package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"wutong/authz"
	"wutong/ent/accesslog"
	"wutong/ent/community"
	"wutong/ent/grid"
	"wutong/ent/membership"
	"wutong/ent/resident"
	"wutong/personal"
	"wutong/store"
	"wutong/store/storetest"
)

// rosterDB is a migrated database with two communities, "cli" and
// "cli-copy", each with the grid 第一网格 and the compounds 银杏里小区 and
// 梧桐苑, and a police officer of "cli" with the login cli-officer.
func rosterDB(t *testing.T, dialect string) (dsn string, st *store.Store) {
	t.Helper()
	dsn = storetest.NewDSN(t, dialect)
	st, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := authz.System(context.Background())
	for _, code := range []string{"cli", "cli-copy"} {
		c := st.Client.Community.Create().SetName(code).SetCode(code).SetTimeZone("Asia/Shanghai").SaveX(ctx)
		g := st.Client.Grid.Create().SetCommunityID(c.ID).SetName("第一网格").SetCode("G1").SetKind(grid.KindRESIDENTIAL).SaveX(ctx)
		for _, name := range []string{"银杏里小区", "梧桐苑"} {
			st.Client.Compound.Create().SetCommunityID(c.ID).SetGridID(g.ID).SetName(name).SetManagement("UNMANAGED").ExecX(ctx)
		}
		if code == "cli" {
			u := st.Client.User.Create().SetUsername("cli-officer").SetDisplayName("民警").SetActive(true).SaveX(ctx)
			st.Client.Membership.Create().SetUserID(u.ID).SetCommunityID(c.ID).SetRole(membership.RolePOLICE_OFFICER).ExecX(ctx)
		}
	}
	return dsn, st
}

// rosterFile writes a resident roster of n rows and returns its path.
func rosterFile(t *testing.T, n int, edit func(rows [][]any)) string {
	t.Helper()
	rows := [][]any{{"姓名", "性别", "手机号", "身份证号", "小区", "楼栋", "单元", "房号"}}
	for i := 1; i <= n; i++ {
		d := i % 336
		first17 := fmt.Sprintf("3301061985%02d%02d%03d", 1+d/28, 1+d%28, (i/336)*2+1)
		check, _ := personal.IDCardCheckDigit(first17)
		rows = append(rows, []any{fmt.Sprintf("居民%d", i), "男", fmt.Sprintf("137%08d", i), first17 + string(check),
			[]string{"银杏里小区", "梧桐苑"}[i%2], fmt.Sprint(1 + i%6), "1", fmt.Sprint(100 + i%30)})
	}
	if edit != nil {
		edit(rows)
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "居民花名册.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// residentsOf counts the residents of the community with the code.
func residentsOf(t *testing.T, st *store.Store, code string) int {
	t.Helper()
	n, err := st.Client.Resident.Query().Where(resident.HasCommunityWith(community.Code(code))).Count(authz.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRosterImportCommand(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			dsn, st := rosterDB(t, d)
			getenv := env(map[string]string{"DATABASE_URL": dsn})
			ctx := context.Background()
			path := rosterFile(t, 3000, nil)
			var out bytes.Buffer

			// A dry run, with the flags after the file.
			if err := importCommand(ctx, []string{"--kind", "residents", path, "--community", "cli", "--dry-run"}, getenv, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "3000 rows checked, all good (dry run") || residentsOf(t, st, "cli") != 0 {
				t.Fatalf("dry run:\n%s", out.String())
			}
			// Progress lines when standard output is not a terminal.
			if !strings.Contains(out.String(), "read 1000 of about 3000 rows") {
				t.Errorf("no progress lines:\n%s", out.String())
			}

			out.Reset()
			if err := importCommand(ctx, []string{"--kind=residents", "--community=cli", path}, getenv, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "3000 rows imported: 3000 records created") || residentsOf(t, st, "cli") != 3000 {
				t.Fatalf("import:\n%s", out.String())
			}

			// The same file again: every row is a duplicate; nothing is written.
			out.Reset()
			err := importCommand(ctx, []string{"--kind", "residents", "--community", "cli", path}, getenv, &out)
			if err == nil || !strings.Contains(err.Error(), "6000 problems") || !strings.Contains(out.String(), "row 2, 手机号 (C2): is already registered") {
				t.Fatalf("%v\n%.2000s", err, out.String())
			}
			if residentsOf(t, st, "cli") != 3000 {
				t.Fatal("a refused import wrote")
			}

			// Other headers with a mapping.
			mapped := rosterFile(t, 2, func(rows [][]any) { rows[0][0], rows[0][2] = "居民", "联系人手机" })
			out.Reset()
			if err := importCommand(ctx, []string{"--kind", "residents", "--community", "cli-copy", "--map", "居民=name,联系人手机=phone", mapped}, getenv, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "A 居民=name, B 性别=gender, C 联系人手机=phone") {
				t.Errorf("columns not reported:\n%s", out.String())
			}

			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"--community", "cli", path}, "--kind is required"},
				{[]string{"--kind", "residents", "--community", "cli"}, "needs the FILE"},
				{[]string{"--kind", "cats", "--community", "cli", path}, "unknown roster kind"},
				{[]string{"--kind", "residents", "--community", "nowhere", path}, `no community with code "nowhere"`},
				{[]string{"--kind", "residents", "--community", "cli", "--as", "nobody", path}, `no user with login "nobody"`},
				{[]string{"--kind", "residents", "--community", "cli", filepath.Join(t.TempDir(), "missing.xlsx")}, "cannot open"},
				{[]string{"--kind", "residents", "--community", "cli", "--max-bytes", "100", path}, "larger than 100 bytes"},
				{[]string{"--kind", "residents", "--community", "cli", "--map", "nonsense", path}, "is not COLUMN=FIELD"},
			} {
				if err := importCommand(ctx, c.args, getenv, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("import %v: %v, want %q", c.args, err, c.want)
				}
			}
			out.Reset()
			if err := importCommand(ctx, []string{"-h"}, getenv, &out); err != nil || !strings.Contains(out.String(), "wutong import --kind KIND") {
				t.Errorf("help: %v %s", err, out.String())
			}
		})
	}
}

func TestRosterExportCommand(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			dsn, st := rosterDB(t, d)
			getenv := env(map[string]string{"DATABASE_URL": dsn})
			ctx := context.Background()
			if err := importCommand(ctx, []string{"--kind", "residents", "--community", "cli", rosterFile(t, 50, nil)}, getenv, &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "residents.xlsx")
			var out bytes.Buffer
			// As the police officer: everything in full, and in the access log.
			if err := exportCommand(ctx, []string{"--kind", "residents", "--community", "cli", "--as", "cli-officer", "-o", file}, getenv, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "wrote "+file+": 50 rows, 150 personal values in full") {
				t.Errorf("export said %q", out.String())
			}
			n, err := st.Client.AccessLog.Query().Where(accesslog.Field("idCardNumber")).Count(authz.System(ctx))
			if err != nil || n != 50 {
				t.Errorf("%d ID-card reads logged (%v), want 50", n, err)
			}
			// The export imports into the other community.
			out.Reset()
			if err := importCommand(ctx, []string{"--kind", "residents", "--community", "cli-copy", file}, getenv, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			if residentsOf(t, st, "cli-copy") != 50 {
				t.Fatalf("re-import:\n%s", out.String())
			}

			// As the server itself the roster is masked, and does not import.
			masked := filepath.Join(dir, "masked.xlsx")
			if err := exportCommand(ctx, []string{"--kind", "residents", "--community", "cli", "-o", masked}, getenv, &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			err = importCommand(ctx, []string{"--kind", "residents", "--community", "cli-copy", "--dry-run", masked}, getenv, &out)
			if err == nil || !strings.Contains(out.String(), "is masked") {
				t.Errorf("masked roster: %v\n%.500s", err, out.String())
			}

			for _, kind := range []string{"issues", "stats"} {
				f := filepath.Join(dir, kind+".xlsx")
				if err := exportCommand(ctx, []string{"--kind", kind, "--community", "cli", "--from", "2025-01-01", "--to", "2025-12-31", "-o", f}, getenv, &bytes.Buffer{}); err != nil {
					t.Fatalf("%s: %v", kind, err)
				}
				if _, err := os.Stat(f); err != nil {
					t.Fatal(err)
				}
			}
			var raw bytes.Buffer
			if err := exportCommand(ctx, []string{"--kind", "stats", "--community", "cli", "-o", "-"}, getenv, &raw); err != nil || !bytes.HasPrefix(raw.Bytes(), []byte("PK")) {
				t.Errorf("stats to standard output: %v", err)
			}
			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"--kind", "residents", "--community", "cli"}, "-o FILE is required"},
				{[]string{"--kind", "pets", "--community", "cli", "-o", file}, "unknown export"},
				{[]string{"--kind", "stats", "--community", "cli", "--from", "2025-13-01", "-o", file}, "not a date"},
				{[]string{"--kind", "residents", "--community", "cli", "--as", "cli-officer", "-o", filepath.Join(dir, "no", "such", "dir.xlsx")}, "no such file"},
			} {
				if err := exportCommand(ctx, c.args, getenv, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("export %v: %v, want %q", c.args, err, c.want)
				}
			}
			// A failed export leaves no file behind.
			if entries, _ := os.ReadDir(dir); len(entries) != 4 {
				t.Errorf("files left: %v", entries)
			}
		})
	}
}
