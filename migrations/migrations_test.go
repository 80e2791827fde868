package migrations_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	_ "modernc.org/sqlite"

	"wutong/authz"
	"wutong/demo"
	entmigrate "wutong/ent/migrate"
	"wutong/migrations"
	"wutong/store"
	"wutong/store/storetest"
)

// empty opens a fresh, empty database of a dialect.
func empty(t *testing.T, d string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.NewDSN(t, d), store.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// each runs a test on a fresh, empty database of each dialect.
func each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, empty(t, d))
		})
	}
}

// TestFilesAreCurrent is the drift check: replaying the committed files on
// an empty database gives exactly the ent schema, so regenerating them
// (`wutong migrate diff`) would write nothing.
func TestFilesAreCurrent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *store.Store) {
		ok, err := migrations.Current(context.Background(), s.Dialect, s.DB)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Fatal("the ent schema has changed since the last migration: run `go run . migrate diff NAME` and commit the files")
		}
	})
}

// TestApplyMakesTheSchema applies every file to an empty database and
// compares the result with the ent schema by inspecting it.
func TestApplyMakesTheSchema(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		applied, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := migrations.Dir(s.Dialect)
		files, _ := all.Files()
		if len(applied) != len(files) || len(files) == 0 {
			t.Fatalf("applied %d of %d files", len(applied), len(files))
		}
		ok, err := migrations.Matches(ctx, s.Dialect, s.DB)
		if err != nil || !ok {
			t.Fatalf("the migrated database differs from the ent schema (%v)", err)
		}
		again, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{})
		if err != nil || len(again) != 0 {
			t.Fatalf("applying twice: %v, %v", again, err)
		}
		if n, err := migrations.Pending(ctx, s.DB, s.Dialect); err != nil || n != 0 {
			t.Fatalf("pending after apply = %d, %v", n, err)
		}
	})
}

// TestReplicasApplyOnce starts three appliers on one empty database at
// once, each with its own connection pool, as three replicas would: every
// file is applied exactly once.
func TestReplicasApplyOnce(t *testing.T) {
	t.Parallel()
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.NewDSN(t, d)
			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				total int
				errs  []error
			)
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := store.Open(context.Background(), dsn, store.Options{MaxConns: 2})
					if err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						return
					}
					defer s.Close()
					applied, err := migrations.Apply(context.Background(), s.DB, s.Dialect, migrations.Options{})
					mu.Lock()
					total += len(applied)
					if err != nil {
						errs = append(errs, err)
					}
					mu.Unlock()
				}()
			}
			wg.Wait()
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			all, _ := migrations.Dir(d)
			files, _ := all.Files()
			if total != len(files) {
				t.Errorf("three replicas applied %d files in all, want each of the %d once", total, len(files))
			}
			check, err := store.Open(context.Background(), dsn, store.Options{MaxConns: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer check.Close()
			var n int
			if err := check.DB.QueryRow(`SELECT count(*) FROM ` + migrations.RevisionTable).Scan(&n); err != nil || n != len(files) {
				t.Errorf("%d revisions (%v), want %d", n, err, len(files))
			}
		})
	}
}

// withFiles is the embedded directory of a dialect plus extra files, with
// a fresh atlas.sum.
func withFiles(t *testing.T, d string, extra map[string]string) migrate.Dir {
	t.Helper()
	base, err := migrations.Dir(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := &migrate.MemDir{}
	files, _ := base.Files()
	for _, f := range files {
		_ = dir.WriteFile(f.Name(), f.Bytes())
	}
	for name, body := range extra {
		_ = dir.WriteFile(name, []byte(body))
	}
	all, _ := dir.Files()
	sum, err := migrate.NewHashFile(all)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.WriteSumFile(dir, sum); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tableExists reports whether a table exists.
func tableExists(t *testing.T, s *store.Store, name string) bool {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if s.Dialect == dialect.Postgres {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	if err := s.DB.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// TestBadHistoryIsRefused checks that a database this binary cannot vouch
// for is refused with a clear error, and that a failed migration leaves
// the database as it was.
func TestBadHistoryIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("NewerRevision", func(t *testing.T) {
		t.Parallel()
		each(t, func(t *testing.T, s *store.Store) {
			newer := withFiles(t, s.Dialect, map[string]string{"29991231000000_from_the_future.sql": "CREATE TABLE future_things (id integer);\n"})
			if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{Dir: newer}); err != nil {
				t.Fatal(err)
			}
			_, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{})
			if !errors.Is(err, migrations.ErrUnknownRevision) || !strings.Contains(err.Error(), "newer Wutong") {
				t.Fatalf("a database migrated by a newer binary: %v", err)
			}
			if _, err := migrations.Pending(ctx, s.DB, s.Dialect); !errors.Is(err, migrations.ErrUnknownRevision) {
				t.Fatalf("Pending on a newer database: %v", err)
			}
		})
	})
	t.Run("ChangedFile", func(t *testing.T) {
		t.Parallel()
		each(t, func(t *testing.T, s *store.Store) {
			if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB.Exec(`UPDATE ` + migrations.RevisionTable + ` SET hash = 'h1:tampered'`); err != nil {
				t.Fatal(err)
			}
			if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{}); !errors.Is(err, migrations.ErrChangedFile) {
				t.Fatalf("a changed file: %v", err)
			}
		})
	})
	t.Run("FailureHalfWayChangesNothing", func(t *testing.T) {
		t.Parallel()
		each(t, func(t *testing.T, s *store.Store) {
			broken := withFiles(t, s.Dialect, map[string]string{"29991231000000_broken.sql": "CREATE TABLE half_done (id integer);\nINSERT INTO no_such_table VALUES (1);\n"})
			applied, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{Dir: broken})
			if err == nil || !strings.Contains(err.Error(), "rolled back") {
				t.Fatalf("a failing migration: %v", err)
			}
			real, _ := migrations.Dir(s.Dialect)
			files, _ := real.Files()
			if len(applied) != len(files) {
				t.Errorf("applied %v before the failure, want the %d real files", applied, len(files))
			}
			if tableExists(t, s, "half_done") {
				t.Error("the failed migration's first statement was kept")
			}
			var n int
			_ = s.DB.QueryRow(`SELECT count(*) FROM ` + migrations.RevisionTable + ` WHERE version = '29991231000000'`).Scan(&n)
			if n != 0 {
				t.Error("the failed migration was recorded")
			}
			// The real files still apply cleanly afterwards.
			if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	})
	t.Run("DestructiveOnlyWhenMarked", func(t *testing.T) {
		t.Parallel()
		each(t, func(t *testing.T, s *store.Store) {
			drop := "DROP TABLE notices;\n"
			_, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{Dir: withFiles(t, s.Dialect, map[string]string{"29991231000000_drop.sql": drop})})
			if err == nil || !strings.Contains(err.Error(), "would lose data") {
				t.Fatalf("an unmarked drop: %v", err)
			}
			if !tableExists(t, s, "notices") {
				t.Fatal("the unmarked drop ran")
			}
			s2 := empty(t, s.Dialect)
			marked := withFiles(t, s.Dialect, map[string]string{"29991231000000_drop.sql": migrations.Destructive + ": notices are kept elsewhere now\n" + drop})
			if _, err := migrations.Apply(ctx, s2.DB, s2.Dialect, migrations.Options{Dir: marked}); err != nil {
				t.Fatal(err)
			}
			if tableExists(t, s2, "notices") {
				t.Fatal("the marked drop did not run")
			}
		})
	})
	t.Run("TablesWithoutHistory", func(t *testing.T) {
		t.Parallel()
		each(t, func(t *testing.T, s *store.Store) {
			if _, err := s.DB.Exec(`CREATE TABLE made_by_hand (id integer)`); err != nil {
				t.Fatal(err)
			}
			if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{}); err == nil || !strings.Contains(err.Error(), "no migration history") {
				t.Fatalf("a database with tables but no history: %v", err)
			}
		})
	})
}

// fingerprint counts the rows of every table and hashes their primary keys.
func fingerprint(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	db := s.DB
	out := map[string]string{}
	for _, table := range entmigrate.Tables {
		if !tableExists(t, s, table.Name) {
			continue // added by a later migration
		}
		var cols []string
		for _, c := range table.PrimaryKey {
			cols = append(cols, c.Name)
		}
		rows, err := db.Query(fmt.Sprintf(`SELECT %s FROM %s ORDER BY %s`, strings.Join(cols, ", "), table.Name, strings.Join(cols, ", ")))
		if err != nil {
			t.Fatal(err)
		}
		h, n := sha256.New(), 0
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(sql.NullString)
		}
		for rows.Next() {
			if err := rows.Scan(vals...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(h, "%s|", v.(*sql.NullString).String)
			}
			n++
		}
		rows.Close()
		out[table.Name] = fmt.Sprintf("%d rows, %s", n, hex.EncodeToString(h.Sum(nil))[:16])
	}
	return out
}

// TestDemoDataSurvivesTheUpgrade loads the demo data into a database at
// the first (baseline) migration, applies every later one, and checks that
// no row is lost: row counts and a checksum of the keys of every table.
func TestDemoDataSurvivesTheUpgrade(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		dir, _ := migrations.Dir(s.Dialect)
		files, _ := dir.Files()
		if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{To: files[0].Version()}); err != nil {
			t.Fatal(err)
		}
		// Today's code checks a new resident's ID-card number against
		// its community before inserting it, which a later migration's
		// unique index serves; without an index each check scans the
		// community, and loading 10,000 residents takes minutes. A plain
		// index stands in for it while loading and goes before upgrading.
		if _, err := s.DB.ExecContext(ctx, `CREATE INDEX test_residents_id_card ON residents (community_id, id_card_number)`); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 15, 10, 30, 0, 0, time.FixedZone("CST", 8*3600))
		if _, err := demo.Load(authz.System(ctx), s.Client, demo.Options{Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB.ExecContext(ctx, `DROP INDEX test_residents_id_card`); err != nil {
			t.Fatal(err)
		}
		before := fingerprint(t, s)
		if _, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{}); err != nil {
			t.Fatal(err)
		}
		after := fingerprint(t, s)
		for table, want := range before {
			if after[table] != want {
				t.Errorf("%s: %s before the upgrade, %s after", table, want, after[table])
			}
		}
		if before["issues"] == "0 rows, "+hex.EncodeToString(sha256.New().Sum(nil))[:16] {
			t.Error("the demo data was not loaded")
		}
		t.Logf("%d migrations after the baseline; %s", len(files)-1, before["issues"])
	})
}

// TestDiffRefusesToLoseData writes a migration from files that hold a
// column the ent schema no longer has: dropping it is refused unless
// allowed, and then the file is marked Destructive.
func TestDiffRefusesToLoseData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	base, _ := migrations.Dir(dialect.SQLite)
	if err := os.Mkdir(root+"/sqlite", 0o750); err != nil {
		t.Fatal(err)
	}
	local, err := migrate.NewLocalDir(root + "/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := base.Files()
	for _, f := range files {
		_ = local.WriteFile(f.Name(), f.Bytes())
	}
	_ = local.WriteFile("20990101000000_legacy.sql", []byte("ALTER TABLE `notices` ADD COLUMN `legacy_note` text NULL;\n"))
	all, _ := local.Files()
	sum, _ := migrate.NewHashFile(all)
	if err := migrate.WriteSumFile(local, sum); err != nil {
		t.Fatal(err)
	}
	dev := func() *sql.DB {
		db, err := sql.Open("sqlite", "file:"+t.Name()+fmt.Sprint(time.Now().UnixNano())+"?mode=memory&_pragma=foreign_keys(1)")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	if _, err := migrations.Diff(ctx, dialect.SQLite, dev(), root, "drop_legacy", migrations.DiffOptions{}); !errors.Is(err, migrations.ErrDestructive) {
		t.Fatalf("a diff dropping a table: %v", err)
	}
	if now, _ := local.Files(); len(now) != len(all) {
		t.Fatalf("the refused migration was left behind: %d files, want %d", len(now), len(all))
	}
	if err := migrate.Validate(local); err != nil {
		t.Fatalf("atlas.sum after a refused diff: %v", err)
	}
	name, err := migrations.Diff(ctx, dialect.SQLite, dev(), root, "drop_legacy", migrations.DiffOptions{AllowDestructive: true})
	if err != nil || !strings.HasSuffix(name, "_drop_legacy.sql") {
		t.Fatalf("an allowed destructive diff: %q, %v", name, err)
	}
	written, err := os.ReadFile(root + "/sqlite/" + name)
	if err != nil {
		t.Fatal(err)
	}
	body := string(written)
	if !strings.HasPrefix(body, migrations.Destructive) || !strings.Contains(body, "legacy_note") {
		t.Errorf("the destructive migration reads:\n%s", body)
	}
}
