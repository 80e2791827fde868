package rosterfile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/grid"
	"wutong/ent/membership"
	"wutong/ent/organization"
	"wutong/ent/resident"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/personal"
	"wutong/rosterfile"
)

// sys is the server's own context.
func sys() context.Context { return authz.System(context.Background()) }

// town is a small community for the tests: two grids, three compounds, a
// patrol team and two organizations.
type town struct {
	id        gid.ID
	grids     map[string]gid.ID
	compounds map[string]gid.ID
	team      gid.ID
	orgs      map[string]gid.ID
}

// newTown creates a community with the places the test files name.
func newTown(t testing.TB, c *ent.Client, code string) *town {
	t.Helper()
	ctx := sys()
	comm, err := c.Community.Create().SetName(code + " 社区").SetCode(code).SetTimeZone("Asia/Shanghai").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tw := &town{id: comm.ID, grids: map[string]gid.ID{}, compounds: map[string]gid.ID{}, orgs: map[string]gid.ID{}}
	for i, name := range []string{"第一网格", "第二网格"} {
		g, err := c.Grid.Create().SetCommunityID(comm.ID).SetName(name).SetCode(fmt.Sprintf("G%d", i+1)).SetKind(grid.KindRESIDENTIAL).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tw.grids[name] = g.ID
	}
	for _, cp := range []struct{ name, grid string }{{"银杏里小区", "第一网格"}, {"梧桐苑", "第一网格"}, {"槐花巷小区", "第二网格"}} {
		x, err := c.Compound.Create().SetCommunityID(comm.ID).SetGridID(tw.grids[cp.grid]).SetName(cp.name).SetManagement("PROPERTY_COMPANY").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tw.compounds[cp.name] = x.ID
	}
	team, err := c.PatrolTeam.Create().SetCommunityID(comm.ID).SetName("红袖标巡逻队").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tw.team = team.ID
	for _, name := range []string{"梧桐酒店", "体育中心"} {
		o, err := c.Organization.Create().SetCommunityID(comm.ID).SetName(name).SetKind(organization.KindHOTEL).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tw.orgs[name] = o.ID
	}
	return tw
}

// idCard makes a valid ID-card number from a sequence number: a date of
// birth in 1950-1999, and a sex.
// Numbers below 8,400,000 give distinct ID-card numbers.
func idCard(n int, female bool) string {
	d := n % 16800
	seq := (n / 16800) * 2
	if !female {
		seq++
	}
	first17 := fmt.Sprintf("110105%04d%02d%02d%03d", 1950+d/336, 1+(d/28)%12, 1+d%28, seq)
	check, err := personal.IDCardCheckDigit(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(check)
}

// phone makes a mobile number from a sequence number.
func phone(n int) string { return fmt.Sprintf("139%08d", n) }

// writeXLSX writes rows to a new workbook in dir and returns its path.
func writeXLSX(t testing.TB, dir, name string, rows [][]any, edit ...func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edit {
		e(f)
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeCSV writes rows as CSV (UTF-8, no BOM) and returns the bytes.
func writeCSV(t testing.TB, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile writes bytes to a file in dir and returns its path.
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// residentHeader is a resident roster's header row as an office writes it.
var residentHeader = []any{"序号", "姓名", "性别", "手机号码", "身份证号码", "网格", "小区名称", "楼号", "单元", "房号", "居住类型", "政治面貌", "关怀对象", "入住时间"}

// residentRow is a good row of the resident roster, numbered n.
func residentRow(n int) []any {
	female := n%2 == 0
	sex := "男"
	if female {
		sex = "女"
	}
	compounds := []string{"银杏里小区", "梧桐苑", "槐花巷小区"}
	grids := []string{"第一网格", "第一网格", "第二网格"}
	k := n % 3
	return []any{n, fmt.Sprintf("测试%d", n), sex, phone(n), idCard(n, female), grids[k], compounds[k],
		fmt.Sprint(1 + n%9), fmt.Sprint(1 + n%3), fmt.Sprint(101 + n%20), []string{"业主", "租户", "流动人口"}[n%3],
		[]string{"群众", "中共党员"}[n%2], []string{"", "独居、老年人", "低保"}[n%3], "2019-06-01"}
}

// residentRows is a roster of n good rows, with its header.
func residentRows(n int) [][]any {
	rows := [][]any{residentHeader}
	for i := 1; i <= n; i++ {
		rows = append(rows, residentRow(i))
	}
	return rows
}

// viewerOf is the viewer of a login, with the user's roles.
func viewerOf(t testing.TB, c *ent.Client, username string) *auth.Viewer {
	t.Helper()
	u, err := c.User.Query().Where(user.Username(username)).WithMemberships().Only(sys())
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	v := &auth.Viewer{UserID: u.ID, ResidentID: u.ResidentID, Roles: map[gid.ID][]membership.Role{}}
	for _, m := range u.Edges.Memberships {
		v.Roles[m.CommunityID] = append(v.Roles[m.CommunityID], m.Role)
	}
	return v
}

// newUser creates a login with one role in a community.
func newUser(t testing.TB, c *ent.Client, name string, community gid.ID, role membership.Role) *auth.Viewer {
	t.Helper()
	u, err := c.User.Create().SetUsername(name).SetDisplayName(name).SetActive(true).Save(sys())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Membership.Create().SetUserID(u.ID).SetCommunityID(community).SetRole(role).Exec(sys()); err != nil {
		t.Fatal(err)
	}
	return &auth.Viewer{UserID: u.ID, Roles: map[gid.ID][]membership.Role{community: {role}}}
}

// as is a context with the viewer logged in.
func as(v *auth.Viewer) context.Context { return auth.NewContext(context.Background(), v) }

// wantInvalid checks that err is a BAD_USER_INPUT whose message holds want.
func wantInvalid(t testing.TB, err error, want string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		t.Fatalf("want BAD_USER_INPUT %q, got %v", want, err)
	}
	if !strings.Contains(e.Error(), want) {
		t.Fatalf("want a message with %q, got %q", want, e.Error())
	}
}

// importPath imports a file as the server into a town.
func importPath(t testing.TB, c *ent.Client, tw *town, kind rosterfile.Kind, path string, opts rosterfile.Options) (*rosterfile.Result, error) {
	t.Helper()
	opts.CommunityID, opts.Kind = tw.id, kind
	return rosterfile.ImportFile(sys(), c, path, opts)
}

// count is the number of residents of a community.
func countResidents(t testing.TB, c *ent.Client, community gid.ID) int {
	t.Helper()
	n, err := c.Resident.Query().Where(resident.CommunityID(community)).Count(sys())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// problemsText writes a result's problems one a line, for failure messages.
func problemsText(res *rosterfile.Result) string {
	if res == nil {
		return ""
	}
	var b strings.Builder
	for _, p := range res.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
