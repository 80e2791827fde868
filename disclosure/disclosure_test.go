package disclosure_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"wutong/auth"
	"wutong/authz"
	"wutong/disclosure"
	"wutong/ent"
	"wutong/ent/accesslog"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/reqid"
	"wutong/store"
	"wutong/store/storetest"
)

// TestFlush checks that the reads recorded in a request reach the access
// log whole, once each, on both databases (PostgreSQL writes them with one
// array per column, SQLite through ent), and that a viewer's reads of
// their own data and masked reads are not logged.
func TestFlush(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sys := authz.System(context.Background())
		c := s.Client.Community.Create().SetName("梧桐里").SetCode("wt-dis").SaveX(sys)
		other := s.Client.Community.Create().SetName("别处").SetCode("wt-dis-2").SaveX(sys)
		var residents []*ent.Resident
		for _, name := range []string{"张三", "李四", "王五"} {
			residents = append(residents, s.Client.Resident.Create().SetCommunityID(c.ID).SetName(name).SetPhone("13800000000").SaveX(sys))
		}
		stranger := s.Client.Resident.Create().SetCommunityID(other.ID).SetName("赵六").SetPhone("13900000000").SaveX(sys)
		own := residents[2]
		viewer := &auth.Viewer{UserID: gid.New("User"), ResidentID: own.ID,
			Roles: map[gid.ID][]membership.Role{c.ID: {membership.RolePOLICE_OFFICER}}}

		ctx := reqid.With(auth.NewContext(context.Background(), viewer), "req-dis-1")
		ctx, rec := disclosure.WithRecorder(ctx, s.Client, s.Dialect)
		before := time.Now().Add(-time.Second)
		for _, r := range residents {
			for _, f := range []disclosure.Field{disclosure.Phone, disclosure.Address, disclosure.Phone} {
				if shown, err := disclosure.Decide(ctx, r, f); err != nil || shown != authz.Full {
					t.Fatalf("Decide(%s, %s) = %v, %v; want full", r.Name, f, shown, err)
				}
			}
		}
		if shown, err := disclosure.Decide(ctx, stranger, disclosure.Phone); err != nil || shown != authz.Masked {
			t.Fatalf("Decide on another community's resident = %v, %v; want masked", shown, err)
		}
		if err := rec.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := rec.Flush(ctx); err != nil { // nothing left: writes nothing
			t.Fatal(err)
		}
		logs := s.Client.AccessLog.Query().Order(accesslog.ByResidentID(), accesslog.ByField()).AllX(sys)
		var got []string
		for _, l := range logs {
			got = append(got, string(l.ResidentID)+" "+l.Field)
			if l.CommunityID != c.ID || l.ViewerID != viewer.UserID || l.Reason != "role POLICE_OFFICER" ||
				l.RequestID != "req-dis-1" || l.At.Before(before) || l.At.After(time.Now()) || gid.PrefixOf("AccessLog") != string(l.ID)[:2] {
				t.Errorf("entry %+v", l)
			}
		}
		var want []string
		for _, r := range residents[:2] {
			want = append(want, string(r.ID)+" address", string(r.ID)+" phone")
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("access log:\n%v\nwant\n%v", got, want)
		}
	})
}
