package graph_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"wutong/store"
	"wutong/store/storetest"
)

// TestTimeHasOneForm writes a time with an offset and nanoseconds and reads
// it back: the mutation's payload and a later read give the same text, in
// UTC with six fractional digits, on both databases (before, the payload
// echoed the offset sent and reads answered UTC, with as many digits as
// the value happened to have).
func TestTimeHasOneForm(t *testing.T) {
	t.Parallel()
	form := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		var made struct {
			R struct {
				Donation struct{ ID, DonatedAt, CreatedAt string }
			}
		}
		a.must(`mutation($in: CreateDonationInput!) { r: createDonation(input: $in) { donation { id donatedAt createdAt } } }`,
			map[string]any{"in": map[string]any{"communityID": f.community, "kind": "GOODS", "goods": "椅子 10 把", "donorName": "某物业公司",
				"purpose": "议事会", "donatedAt": "2026-01-02T10:30:00.123456789+08:00"}}, &made)
		d := made.R.Donation
		if d.DonatedAt != "2026-01-02T02:30:00.123456Z" {
			t.Errorf("payload donatedAt = %q", d.DonatedAt)
		}
		var read struct {
			Node struct{ DonatedAt, CreatedAt string }
		}
		a.must(`query($id: ID!) { node(id: $id) { ... on Donation { donatedAt createdAt } } }`, map[string]any{"id": d.ID}, &read)
		if read.Node.DonatedAt != d.DonatedAt || read.Node.CreatedAt != d.CreatedAt {
			t.Errorf("payload %+v, later read %+v", d, read.Node)
		}
		for _, v := range []string{d.DonatedAt, d.CreatedAt} {
			if !form.MatchString(v) {
				t.Errorf("%q is not in the API's one form", v)
			}
		}
		b, _ := json.Marshal(read)
		t.Logf("%s", b)
	})
}
