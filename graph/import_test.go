package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"wutong/ent/resident"
	"wutong/gid"
	"wutong/personal"
	"wutong/store"
	"wutong/store/storetest"
)

const importRoster = `mutation($in: ImportRosterInput!) { importRoster(input: $in) {
  imported dryRun rows created problemCount problems { row cell column message } columns { header field } } }`

// idCard makes a valid identity card number from its first 17 digits.
func idCard(t *testing.T, first17 string) string {
	d, err := personal.IDCardCheckDigit(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(d)
}

// TestImportRosterUpload sends a CSV roster through the GraphQL upload: a
// bad row stops the whole import and is listed with its cell; the fixed
// file imports every row.
func TestImportRosterUpload(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		roster := func(phone string) []byte {
			return []byte(strings.Join([]string{
				"姓名,手机号,身份证号,小区,楼栋,单元,房号",
				fmt.Sprintf("赵一,13900000001,%s,银杏里小区,1,1,101", idCard(t, "11010119800101001")),
				fmt.Sprintf("钱二,%s,%s,银杏里小区,1,1,102", phone, idCard(t, "11010119800101002")),
			}, "\n"))
		}
		upload := func(file []byte, dry bool) map[string]any {
			t.Helper()
			var out struct{ ImportRoster map[string]any }
			a.upload(importRoster, map[string]any{"in": map[string]any{"communityID": f.community, "kind": "RESIDENTS", "file": nil, "dryRun": dry}},
				map[string][]byte{"variables.in.file": file}).decode(t, &out)
			return out.ImportRoster
		}
		count := func() int {
			return s.Client.Resident.Query().Where(resident.CommunityID(gid.ID(f.community)), resident.NameIn("赵一", "钱二")).CountX(system)
		}
		bad := upload(roster("1390000"), false)
		if bad["imported"] != false || bad["problemCount"] != float64(1) || !strings.Contains(mustJSON(bad["problems"]), `"cell":"B3"`) || count() != 0 {
			t.Fatalf("a roster with a bad phone: %s; %d written", mustJSON(bad), count())
		}
		if dry := upload(roster("13900000002"), true); dry["imported"] != false || dry["rows"] != float64(2) || count() != 0 {
			t.Fatalf("a dry run: %s; %d written", mustJSON(dry), count())
		}
		if ok := upload(roster("13900000002"), false); ok["imported"] != true || ok["created"] != float64(2) || count() != 2 {
			t.Fatalf("the fixed roster: %s; %d written", mustJSON(ok), count())
		}
	})
}
