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

// TestStewardRelation checks the steward's relation that Decide works
// out: the residents of the compounds and buildings a steward watches
// over (buildings compare by number: "3号楼" is building 3), while they
// hold the steward's role and their record is active.
func TestStewardRelation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sys := authz.System(context.Background())
		c := s.Client.Community.Create().SetName("梧桐里").SetCode("wt-st").SaveX(sys)
		g := s.Client.Grid.Create().SetCommunityID(c.ID).SetName("网格").SetCode("g1").SetKind("RESIDENTIAL").SaveX(sys)
		cp := s.Client.Compound.Create().SetCommunityID(c.ID).SetGridID(g.ID).SetName("银杏里").SetManagement("UNMANAGED").SaveX(sys)
		far := s.Client.Compound.Create().SetCommunityID(c.ID).SetGridID(g.ID).SetName("松柏里").SetManagement("UNMANAGED").SaveX(sys)
		person := func(name, building string, compound gid.ID) *ent.Resident {
			return s.Client.Resident.Create().SetCommunityID(c.ID).SetCompoundID(compound).SetName(name).SetBuilding(building).SetRoom("101").SaveX(sys)
		}
		me := person("楼长", "3", cp.ID)
		st := s.Client.Steward.Create().SetCommunityID(c.ID).SetResidentID(me.ID).AddCompoundIDs(cp.ID).SetBuildings([]string{"3号楼", " 4栋"}).SaveX(sys)
		steward := &auth.Viewer{UserID: gid.New("User"), ResidentID: me.ID, Roles: map[gid.ID][]membership.Role{c.ID: {membership.RoleSTEWARD}}}
		resident := &auth.Viewer{UserID: gid.New("User"), ResidentID: me.ID, Roles: map[gid.ID][]membership.Role{c.ID: {membership.RoleRESIDENT}}}
		decide := func(v *auth.Viewer, r *ent.Resident) authz.Shown {
			ctx, _ := disclosure.WithRecorder(auth.NewContext(context.Background(), v), s.Client, s.Dialect)
			shown, err := disclosure.Decide(ctx, r, disclosure.Address)
			if err != nil {
				t.Fatal(err)
			}
			return shown
		}
		for _, row := range []struct {
			name string
			v    *auth.Viewer
			r    *ent.Resident
			want authz.Shown
		}{
			{"building 3", steward, person("甲", "3", cp.ID), authz.Full},
			{"building 4", steward, person("乙", "4", cp.ID), authz.Full},
			{"building 5", steward, person("丙", "5", cp.ID), authz.Masked},
			{"building 3 of a compound not watched", steward, person("丁", "3", far.ID), authz.Masked},
			{"without the steward's role", resident, person("戊", "3", cp.ID), authz.Masked},
		} {
			if got := decide(row.v, row.r); got != row.want {
				t.Errorf("%s: %v, want %v", row.name, got, row.want)
			}
		}
		s.Client.Steward.UpdateOne(st).SetActive(false).ExecX(sys)
		if got := decide(steward, person("己", "3", cp.ID)); got != authz.Masked {
			t.Errorf("a steward no longer active: %v, want masked", got)
		}
	})
}
