// Package storetest gives each test a database of its own: a fresh SQLite
// file always, and a fresh PostgreSQL database when a server is reachable
// (TEST_DATABASE_URL, or the local server on 127.0.0.1:5432). In CI
// (CI=true) an unreachable PostgreSQL fails the tests instead of skipping them.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"wutong/store"
)

// DefaultPostgresURL is where the tests look for PostgreSQL when
// TEST_DATABASE_URL is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects are the databases every store test runs on.
var Dialects = []string{dialect.SQLite, dialect.Postgres}

// Each runs fn as a parallel subtest per dialect, each with a fresh, migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d, store.Options{}))
		})
	}
}

// Open returns a fresh, migrated store of the given dialect, removed when
// the test ends.
func Open(tb testing.TB, d string, opts store.Options) *store.Store {
	tb.Helper()
	dsn := NewDSN(tb, d)
	s, err := store.Open(context.Background(), dsn, opts)
	if err != nil {
		tb.Fatalf("opening %s: %v", d, err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrating %s: %v", d, err)
	}
	return s
}

// NewDSN creates an empty database of the given dialect and returns its
// address; the database is dropped when the test ends.
func NewDSN(tb testing.TB, d string) string {
	tb.Helper()
	switch d {
	case dialect.SQLite:
		return filepath.Join(tb.TempDir(), "wutong.db")
	case dialect.Postgres:
		return newPostgres(tb)
	}
	tb.Fatalf("unknown dialect %q", d)
	return ""
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminURL  *url.URL
	adminErr  error
)

// admin connects once to the PostgreSQL server that hosts test databases.
func admin() (*sql.DB, *url.URL, error) {
	adminOnce.Do(func() {
		raw := os.Getenv("TEST_DATABASE_URL")
		if raw == "" {
			raw = DefaultPostgresURL
		}
		adminURL, adminErr = url.Parse(raw)
		if adminErr != nil {
			return
		}
		adminDB, adminErr = sql.Open("postgres", raw)
		if adminErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		adminErr = adminDB.PingContext(ctx)
	})
	return adminDB, adminURL, adminErr
}

// newPostgres creates a uniquely named database on the test server.
func newPostgres(tb testing.TB) string {
	tb.Helper()
	db, base, err := admin()
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("PostgreSQL is required in CI but unreachable: %v", err)
		}
		tb.Skipf("PostgreSQL unreachable, skipping (set TEST_DATABASE_URL): %v", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	name := "wutong_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("creating database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("dropping database %s: %v", name, err)
		}
	})
	u := *base
	u.Path = "/" + name
	return u.String()
}
