// Package store opens Wutong's database: an embedded SQLite file by default,
// PostgreSQL (through lib/pq) in production, and creates the schema.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // registers the "postgres" driver
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"wutong/audit"
	"wutong/ent"
	_ "wutong/ent/runtime" // installs the schema's hooks and defaults
	"wutong/migrations"
)

// Store is an open database with its ent client.
type Store struct {
	// Client is the ent client over the database.
	Client *ent.Client
	// DB is the underlying connection pool.
	DB *sql.DB
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
}

// Options tune how a store is opened.
type Options struct {
	// MaxConns caps the PostgreSQL pool; idle connections are kept up to the
	// same number, so that busy servers do not reconnect all the time.
	MaxConns int
	// OnQuery, if set, is called with every SQL statement the client runs.
	OnQuery func(query string)
}

// Open connects to the database named by dsn: "postgres://..." or
// "postgresql://..." for PostgreSQL, "file:..." or a path for SQLite.
// It checks that the database answers before it returns.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	var (
		s   Store
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.Dialect = dialect.Postgres
		s.DB, err = openPostgres(dsn, opts)
	case dsn == "":
		return nil, errors.New("no database given")
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("unsupported database URL scheme in %q: use postgres://... or a SQLite file path", redact(dsn))
	default:
		s.Dialect = dialect.SQLite
		s.DB, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.DB.PingContext(pingCtx); err != nil {
		s.DB.Close()
		return nil, fmt.Errorf("cannot reach the database %s: %w", redact(dsn), err)
	}
	var drv dialect.Driver = orderedDriver{entsql.OpenDB(s.Dialect, s.DB)}
	if opts.OnQuery != nil {
		onQuery := opts.OnQuery
		drv = dialect.DebugWithContext(drv, func(_ context.Context, args ...any) {
			if len(args) > 0 {
				onQuery(fmt.Sprint(args[0]))
			}
		})
	}
	s.Client = ent.NewClient(ent.Driver(drv))
	s.Client.Use(audit.Hook())
	return &s, nil
}

// Migrate applies the pending versioned migrations (package migrations).
func (s *Store) Migrate(ctx context.Context) error {
	_, err := migrations.Apply(ctx, s.DB, s.Dialect, migrations.Options{})
	return err
}

// Pending is the number of migrations not applied yet; it refuses a
// database whose history this binary does not know.
func (s *Store) Pending(ctx context.Context) (int, error) {
	return migrations.Pending(ctx, s.DB, s.Dialect)
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// Close closes the client and its connections.
func (s *Store) Close() error { return s.Client.Close() }

// openPostgres opens a lib/pq pool that keeps its connections open.
func openPostgres(dsn string, opts Options) (*sql.DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("malformed database URL: %v", scrub(err, dsn))
	}
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return nil, fmt.Errorf("malformed database URL: %v", scrub(err, dsn))
	}
	n := opts.MaxConns
	if n <= 0 {
		n = 32
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// openSQLite opens a SQLite file in WAL mode with foreign keys on. Write
// transactions take the write lock when they begin (_txlock=immediate), so
// concurrent writers wait for each other instead of failing half-way.
func openSQLite(dsn string) (*sql.DB, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if path == "" {
		return nil, errors.New("empty SQLite file path")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("malformed SQLite options in %q: %v", dsn, err)
	}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	if !q.Has("_txlock") {
		q.Set("_txlock", "immediate")
	}
	// Times are stored as text in UTC, in one layout, so that comparing and
	// ordering them as text compares them as times.
	q.Set("_time_format", "sqlite")
	q.Set("_timezone", "UTC")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	return db, nil
}

// redact hides the password of a database URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		if err != nil {
			return "(malformed URL)"
		}
		return dsn
	}
	return u.Redacted()
}

// scrub removes the raw URL from an error message, which may carry a password.
func scrub(err error, dsn string) string {
	return strings.ReplaceAll(err.Error(), dsn, redact(dsn))
}
