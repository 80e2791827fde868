package cityseed_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"wutong/auth"
	"wutong/authz"
	"wutong/cityseed"
	"wutong/ent"
	"wutong/ent/community"
	"wutong/ent/issue"
	"wutong/lifecycle"
	"wutong/store"
	"wutong/store/storetest"
)

// now is the end of the generated history in the tests.
var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// load loads a city of two communities into a fresh PostgreSQL database.
func load(t *testing.T, seed int64, trust bool) (*store.Store, *cityseed.Summary) {
	t.Helper()
	s := storetest.Open(t, dialect.Postgres, store.Options{})
	began := time.Now()
	sum, err := cityseed.Load(context.Background(), s.DB,
		cityseed.Options{Communities: 2, Seed: seed, Now: now, TrustForeignKeys: trust})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d rows in %s", sum.Total(), time.Since(began).Round(time.Millisecond))
	return s, sum
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	s, sum := load(t, 7, false)
	db := s.DB
	var report strings.Builder
	sum.WriteTo(&report)
	t.Logf("summary:\n%s", report.String())

	t.Run("Counts", func(t *testing.T) {
		for _, table := range cityseed.TableNames() {
			if got := count(t, db, "SELECT count(*) FROM "+table); got != sum.Rows[table] {
				t.Errorf("%s has %d rows, the summary says %d", table, got, sum.Rows[table])
			}
		}
		want := map[string][2]int64{ // at least, at most
			"communities":    {2, 2},
			"grids":          {24, 24},
			"compounds":      {24, 24},
			"residents":      {17000, 23000},
			"issues":         {17000, 23000},
			"issue_comments": {20000, 80000},
			"issue_events":   {70000, 200000},
			"patrol_teams":   {2, 2},
			"patrol_members": {50, 50},
			"stewards":       {60, 100},
			"dispatches":     {500, 3000},
			"mediation_cases": {
				60, 250},
			"notices": {40, 70},
		}
		for table, w := range want {
			if n := sum.Rows[table]; n < w[0] || n > w[1] {
				t.Errorf("%s: %d rows, want %d to %d", table, n, w[0], w[1])
			}
		}
		for _, table := range cityseed.TableNames() {
			if sum.Rows[table] == 0 {
				t.Errorf("nothing written to %s", table)
			}
		}
		// Every community has its staff login and its officer.
		if n := count(t, db, `SELECT count(DISTINCT m.community_id) FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.role = 'COMMUNITY_STAFF' AND u.username LIKE 'city-staff-%'`); n != 2 {
			t.Errorf("%d communities with a city-staff login, want 2", n)
		}
		// Phone numbers are unique, residents' too.
		if n := count(t, db, "SELECT count(phone) - count(DISTINCT phone) FROM residents"); n != 0 {
			t.Errorf("%d residents share a phone number", n)
		}
		// Every patrol member has a login with the role.
		if n := count(t, db, `SELECT count(*) FROM patrol_members p WHERE p.user_id IS NULL OR p.last_latitude IS NULL
			OR NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p.user_id AND m.community_id = p.community_id AND m.role = 'PATROL_VOLUNTEER')`); n != 0 {
			t.Errorf("%d patrol members without a login, role or position", n)
		}
	})

	t.Run("StatusMix", func(t *testing.T) {
		total := float64(sum.Rows["issues"])
		closed := float64(count(t, db, "SELECT count(*) FROM issues WHERE status = 'CLOSED'"))
		open := float64(count(t, db, "SELECT count(*) FROM issues WHERE status IN ('REPORTED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED')"))
		t.Logf("closed %.1f%%, open %.1f%%", 100*closed/total, 100*open/total)
		if closed/total < 0.6 || open/total < 0.005 || open/total > 0.15 {
			t.Errorf("closed %.1f%%, open %.1f%% of the issues: want most closed, some open", 100*closed/total, 100*open/total)
		}
		rows, err := db.Query("SELECT status, count(*) FROM issues GROUP BY status ORDER BY status")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var status string
			var n int
			if err := rows.Scan(&status, &n); err != nil {
				t.Fatal(err)
			}
			t.Logf("%-13s %6d", status, n)
		}
	})

	t.Run("ForeignKeys", func(t *testing.T) {
		// Every foreign key holds, and a row refers only to rows of its own
		// community (the rule of package tenancy), whatever the constraints
		// checked during the load.
		rows, err := db.Query(`
			SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname,
			       EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.conrelid AND x.attname = 'community_id')
			   AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.confrelid AND x.attname = 'community_id')
			FROM pg_constraint c
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
			JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
			WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`)
		if err != nil {
			t.Fatal(err)
		}
		type fk struct {
			table, column, ref, refColumn string
			tenant                        bool
		}
		var fks []fk
		for rows.Next() {
			var f fk
			if err := rows.Scan(&f.table, &f.column, &f.ref, &f.refColumn, &f.tenant); err != nil {
				t.Fatal(err)
			}
			fks = append(fks, f)
		}
		rows.Close()
		if len(fks) < 50 {
			t.Fatalf("found only %d foreign keys", len(fks))
		}
		for _, f := range fks {
			q := fmt.Sprintf(`SELECT count(*) FROM %s c WHERE c.%s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s p WHERE p.%s = c.%s)`,
				f.table, f.column, f.ref, f.refColumn, f.column)
			if n := count(t, db, q); n != 0 {
				t.Errorf("%s.%s: %d rows refer to no %s", f.table, f.column, n, f.ref)
			}
			if f.tenant && f.table != f.ref || f.tenant && f.column != "id" {
				q := fmt.Sprintf(`SELECT count(*) FROM %s c JOIN %s p ON p.%s = c.%s WHERE p.community_id <> c.community_id`,
					f.table, f.ref, f.refColumn, f.column)
				if n := count(t, db, q); n != 0 {
					t.Errorf("%s.%s: %d rows refer to a %s of another community", f.table, f.column, n, f.ref)
				}
			}
		}
		// Assignees and mediators work in the issue's community.
		for _, q := range []string{
			`SELECT count(*) FROM issue_assignees a JOIN issues i ON i.id = a.issue_id
			 WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = a.user_id AND m.community_id = i.community_id
			   AND m.role IN ('POLICE_OFFICER', 'AUXILIARY_OFFICER', 'COMMUNITY_STAFF', 'GRID_WORKER', 'PROPERTY_MANAGER', 'LAWYER', 'STEWARD', 'PATROL_VOLUNTEER'))`,
			`SELECT count(*) FROM mediation_case_mediators x JOIN mediation_cases c ON c.id = x.mediation_case_id
			 WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = x.user_id AND m.community_id = c.community_id
			   AND m.role IN ('POLICE_OFFICER', 'AUXILIARY_OFFICER', 'LAWYER', 'COMMUNITY_STAFF', 'GRID_WORKER', 'HOMEOWNERS_COMMITTEE'))`,
			`SELECT count(*) FROM mediation_sessions s JOIN mediation_cases c ON c.id = s.case_id WHERE s.started_at < c.opened_at`,
			`SELECT count(*) FROM dispatches d JOIN issues i ON i.id = d.issue_id WHERE d.sent_at < i.acknowledged_at OR i.acknowledged_at IS NULL`,
			`SELECT count(*) FROM issues WHERE repeat_of_id IS NOT NULL AND (channel <> 'POLICE_CALL'
			   OR NOT EXISTS (SELECT 1 FROM issues f WHERE f.id = issues.repeat_of_id AND f.channel = 'POLICE_CALL' AND f.reported_at < issues.reported_at))`,
		} {
			if n := count(t, db, q); n != 0 {
				t.Errorf("%d rows break the rule of\n%s", n, q)
			}
		}
	})

	t.Run("Casework", func(t *testing.T) {
		// The timestamps of each status are set as the casework hook sets them.
		for _, q := range []string{
			`SELECT count(*) FROM issues WHERE status = 'CLOSED' AND (resolved_at IS NULL OR closed_at IS NULL OR closed_at < resolved_at)`,
			`SELECT count(*) FROM issues WHERE status = 'RESOLVED' AND (resolved_at IS NULL OR closed_at IS NOT NULL OR resolution IS NULL)`,
			`SELECT count(*) FROM issues WHERE status = 'REPORTED' AND (acknowledged_at IS NOT NULL OR version <> 0)`,
			`SELECT count(*) FROM issues WHERE status IN ('ACKNOWLEDGED', 'IN_PROGRESS') AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL)`,
			`SELECT count(*) FROM issues WHERE status = 'DUPLICATE' AND (duplicate_of_id IS NULL OR closed_at IS NULL)`,
			`SELECT count(*) FROM issues WHERE status = 'REJECTED' AND (closed_at IS NULL OR resolution IS NULL)`,
			`SELECT count(*) FROM issues WHERE acknowledged_at < reported_at OR started_at < acknowledged_at
			   OR resolved_at < started_at OR resolved_at < acknowledged_at OR first_arrival_at < acknowledged_at
			   OR updated_at < reported_at OR created_at <> reported_at`,
			`SELECT count(*) FROM issues WHERE rating IS NOT NULL AND (status NOT IN ('RESOLVED', 'CLOSED') OR reporter_id IS NULL)`,
			`SELECT count(*) FROM issues i WHERE (SELECT count(*) FROM issue_comments c WHERE c.issue_id = i.id)
			   <> (SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id AND e.kind = 'COMMENTED')`,
			`SELECT count(*) FROM issues i WHERE i.version <> (SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id
			   AND e.kind IN ('STATUS_CHANGED', 'RATED'))`,
			`SELECT count(*) FROM issues i WHERE i.first_arrival_at IS DISTINCT FROM
			   (SELECT min(d.arrived_at) FROM dispatches d WHERE d.issue_id = i.id)`,
			`SELECT count(*) FROM mediation_cases WHERE (status = 'CLOSED') <> (closed_at IS NOT NULL AND outcome IS NOT NULL)
			   OR status = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM mediation_sessions s WHERE s.case_id = mediation_cases.id)`,
			fmt.Sprintf(`SELECT count(*) FROM issue_events WHERE occurred_at > '%s'`, now.Format(time.RFC3339)),
		} {
			if n := count(t, db, q); n != 0 {
				t.Errorf("%d rows break the rule of\n%s", n, q)
			}
		}
		// Each issue's timeline starts with its report, its status changes
		// ascend in time and follow the lifecycle to the issue's status.
		status := map[string]lifecycle.Status{}
		reported := map[string]time.Time{}
		rows, err := db.Query("SELECT id, status, reported_at FROM issues")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, st string
			var at time.Time
			if err := rows.Scan(&id, &st, &at); err != nil {
				t.Fatal(err)
			}
			status[id], reported[id] = lifecycle.Status(st), at
		}
		rows.Close()
		rows, err = db.Query(`SELECT issue_id, kind, coalesce(from_status, ''), coalesce(to_status, ''), occurred_at
			FROM issue_events WHERE kind IN ('REPORTED', 'STATUS_CHANGED') ORDER BY issue_id, occurred_at, kind DESC`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		current := map[string]lifecycle.Status{}
		last := map[string]time.Time{}
		bad := 0
		for rows.Next() {
			var id, kind, from, to string
			var at time.Time
			if err := rows.Scan(&id, &kind, &from, &to, &at); err != nil {
				t.Fatal(err)
			}
			cur, seen := current[id]
			switch {
			case kind == "REPORTED" && (seen || !at.Equal(reported[id]) || to != "REPORTED"):
				bad++
			case kind == "STATUS_CHANGED" && (!seen || string(cur) != from || !lifecycle.CanMove(cur, lifecycle.Status(to)) || !at.After(last[id])):
				bad++
			}
			current[id], last[id] = lifecycle.Status(to), at
		}
		for id, st := range status {
			if current[id] != st {
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("%d timelines do not follow the lifecycle", bad)
		}
	})

	t.Run("ReadsThroughEnt", func(t *testing.T) {
		sys := authz.System(ctx)
		c := s.Client
		if n, err := c.Issue.Query().Count(sys); err != nil || int64(n) != sum.Rows["issues"] {
			t.Fatalf("ent counts %d issues (%v), want %d", n, err, sum.Rows["issues"])
		}
		issues, err := c.Issue.Query().WithEvents().WithComments().WithAssignees().WithDispatches().WithMediationCases(func(q *ent.MediationCaseQuery) {
			q.WithParties().WithSessions().WithMediators()
		}).Where(issue.KindEQ(issue.KindDISPUTE)).Limit(500).All(sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(issues) == 0 {
			t.Fatal("no disputes")
		}
		if _, err := c.Resident.Query().Limit(2000).All(sys); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Steward.Query().WithCompounds().WithServiceRecords().All(sys); err != nil {
			t.Fatal(err)
		}
		if _, err := c.PatrolMember.Query().WithShifts().WithDispatches().Limit(50).All(sys); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Notice.Query().All(sys); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("StaffLogsIn", func(t *testing.T) {
		svc := auth.NewService(s.Client)
		token, u, _, err := svc.Login(ctx, cityseed.StaffUsername(0), cityseed.Password, "127.0.0.1")
		if err != nil {
			t.Fatalf("logging in as %s: %v", cityseed.StaffUsername(0), err)
		}
		v, err := svc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		home, err := s.Client.Community.Query().Where(community.Code(cityseed.Code(0))).Only(authz.System(ctx))
		if err != nil {
			t.Fatal(err)
		}
		if !v.Has(home.ID, "COMMUNITY_STAFF") {
			t.Fatalf("%s (%s) is not staff of %s: %v", cityseed.StaffUsername(0), u.ID, home.Code, v.Roles)
		}
		// Staff see the issues of their own community, all of them, and no other.
		viewer := auth.NewContext(ctx, v)
		got, err := s.Client.Issue.Query().Count(viewer)
		if err != nil {
			t.Fatal(err)
		}
		want := count(t, db, "SELECT count(*) FROM issues WHERE community_id = $1", home.ID)
		if int64(got) != want || want == 0 || want == sum.Rows["issues"] {
			t.Errorf("staff see %d issues, want the %d of their community (of %d)", got, want, sum.Rows["issues"])
		}
		if _, _, _, err := svc.Login(ctx, "city-officer-0002", cityseed.Password, "127.0.0.2"); err != nil {
			t.Errorf("the officer of the second community cannot log in: %v", err)
		}
	})

	t.Run("RefusesASecondLoad", func(t *testing.T) {
		if _, err := cityseed.Load(ctx, db, cityseed.Options{Communities: 1, Now: now}); err == nil {
			t.Fatal("a second load into the same database was accepted")
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		if testing.Short() {
			t.Skip("loads a second city")
		}
		// The second load skips the foreign-key checks: the data is the same.
		other, _ := load(t, 7, true)
		a, b := fingerprint(t, db), fingerprint(t, other.DB)
		for _, table := range cityseed.TableNames() {
			if a[table] != b[table] {
				t.Errorf("%s differs between two loads with the same seed", table)
			}
		}
	})
}

// fingerprint returns a hash of the contents of each table, password
// hashes left out (bcrypt salts them at random).
func fingerprint(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range cityseed.TableNames() {
		var h string
		q := fmt.Sprintf(`SELECT md5(string_agg(r, E'\n' ORDER BY r)) FROM (SELECT (to_jsonb(t) - 'password_hash')::text AS r FROM %s t) x`, table)
		if err := db.QueryRow(q).Scan(&h); err != nil {
			t.Fatal(err)
		}
		out[table] = h
	}
	return out
}

// count runs a query that returns one number.
func count(t *testing.T, db *sql.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	return n
}

// TestLoadCity loads the full city into the database at WUTONG_CITY_DSN,
// which must be migrated and empty (or will be migrated): a benchmark
// fixture, not a test. Run it with
//
//	WUTONG_CITY_DSN=postgres://... go test -run TestLoadCity -timeout 3h -v ./cityseed
//
// WUTONG_CITY_COMMUNITIES and WUTONG_CITY_SEED choose another size or seed;
// WUTONG_CITY_TRUST_FOREIGN_KEYS=true skips the foreign-key checks (see
// Options.TrustForeignKeys) and WUTONG_CITY_VACUUM=true vacuums at the end.
func TestLoadCity(t *testing.T) {
	dsn := os.Getenv("WUTONG_CITY_DSN")
	if dsn == "" {
		t.Skip("set WUTONG_CITY_DSN to load the full city")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	opts := cityseed.Options{Seed: 1, Progress: func(s string) { t.Log(s) }}
	if v := os.Getenv("WUTONG_CITY_COMMUNITIES"); v != "" {
		fmt.Sscan(v, &opts.Communities)
	}
	if v := os.Getenv("WUTONG_CITY_SEED"); v != "" {
		fmt.Sscan(v, &opts.Seed)
	}
	opts.TrustForeignKeys = os.Getenv("WUTONG_CITY_TRUST_FOREIGN_KEYS") == "true"
	opts.Vacuum = os.Getenv("WUTONG_CITY_VACUUM") == "true"
	sum, err := cityseed.Load(ctx, st.DB, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	sum.WriteTo(&b)
	var size string
	if err := st.DB.QueryRow("SELECT pg_size_pretty(pg_database_size(current_database()))").Scan(&size); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded:\n%sdatabase size %s", b.String(), size)
}
