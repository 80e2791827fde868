// Package migrations keeps the database schema in step with the ent schema
// through versioned migration files: generated from the ent schema by
// diffing against a throw-away database (Diff), committed, embedded in the
// binary, one directory per dialect, and applied in order by Atlas's
// executor (Apply), each file in one transaction, with a revision table
// that records what was applied and the file's checksum. Replicas that
// start together apply each file once: PostgreSQL serialises them with an
// advisory lock, SQLite with its write lock.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
)

//go:embed postgres/*.sql postgres/atlas.sum sqlite/*.sql sqlite/atlas.sum
var files embed.FS

// folder is the directory of a dialect's migration files.
func folder(d string) (string, error) {
	switch d {
	case dialect.Postgres:
		return "postgres", nil
	case dialect.SQLite:
		return "sqlite", nil
	}
	return "", fmt.Errorf("migrations: unsupported dialect %q", d)
}

// Dir returns the embedded migration files of a dialect.
func Dir(d string) (migrate.Dir, error) {
	name, err := folder(d)
	if err != nil {
		return nil, err
	}
	return dirOf(files, name)
}

// dirOf copies the files of a folder of fsys into an Atlas directory.
func dirOf(fsys fs.FS, name string) (migrate.Dir, error) {
	dir := &migrate.MemDir{}
	entries, err := fs.ReadDir(fsys, name)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, path.Join(name, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, err
		}
	}
	return dir, nil
}

// Destructive is the comment that marks a migration file allowed to drop
// tables or columns or change column types: such changes are refused
// unless a person has said, in the file, that they mean them.
const Destructive = "-- wutong:destructive"

// lockID is the PostgreSQL advisory lock key of migrations ("wutong" in ASCII).
const lockID = 0x77_75_74_6f_6e_67

// Options tune Apply.
type Options struct {
	// Dir overrides the embedded migration files (for tests).
	Dir migrate.Dir
	// To applies files up to and including this version only.
	To string
	// Baseline marks a database created before versioned migrations as
	// being at this version, instead of refusing it.
	Baseline string
	// Log, if set, is told of each file applied.
	Log func(file string, took time.Duration)
}

// Applied is one file applied by Apply.
type Applied struct {
	// File is the migration file's name.
	File string
	// Took is how long it took.
	Took time.Duration
}

// Apply brings the database up to the latest migration (or opts.To),
// applying each pending file in a transaction of its own: a file that
// fails leaves the database as it was before that file. It refuses to
// touch a database whose history it does not know (a newer version, a
// changed file, a half-applied file, tables without history).
func Apply(ctx context.Context, db *sql.DB, d string, opts Options) ([]Applied, error) {
	dir, err := dirFor(d, opts.Dir)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if d == dialect.Postgres {
		// Replicas starting together wait here for each other.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
			return nil, fmt.Errorf("migrations: taking the lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockID)
	}
	var done []Applied
	for {
		file, took, err := applyNext(ctx, conn, d, dir, opts)
		if errors.Is(err, migrate.ErrNoPendingFiles) {
			return done, nil
		}
		if err != nil {
			return done, err
		}
		done = append(done, Applied{File: file, Took: took})
		if opts.Log != nil {
			opts.Log(file, took)
		}
		if opts.To != "" && strings.HasPrefix(file, opts.To) {
			return done, nil
		}
	}
}

// dirFor is the directory to apply: the given one or the embedded one.
func dirFor(d string, given migrate.Dir) (migrate.Dir, error) {
	if given != nil {
		return given, nil
	}
	return Dir(d)
}

// applyNext applies the first pending file in one transaction, which on
// SQLite also holds the write lock from its start, so that a second
// process sees the file applied when it gets its turn.
func applyNext(ctx context.Context, conn *sql.Conn, d string, dir migrate.Dir, opts Options) (string, time.Duration, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", 0, err
	}
	defer tx.Rollback()
	if d == dialect.SQLite {
		// Atlas rebuilds SQLite tables with foreign keys switched off, which
		// SQLite ignores inside a transaction; deferring the checks to the
		// commit lets a rebuild through and still checks the result.
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return "", 0, err
		}
	}
	rrw := &revisions{db: tx, dialect: d}
	if err := checkHistory(ctx, rrw, dir); err != nil {
		return "", 0, err
	}
	drv, err := driver(d, tx)
	if err != nil {
		return "", 0, err
	}
	exopts := []migrate.ExecutorOption{migrate.WithOperatorVersion("wutong")}
	if opts.Baseline != "" {
		exopts = append(exopts, migrate.WithBaselineVersion(opts.Baseline))
	}
	ex, err := migrate.NewExecutor(drv, dir, rrw, exopts...)
	if err != nil {
		return "", 0, err
	}
	pending, err := ex.Pending(ctx)
	if err != nil {
		var nc *migrate.NotCleanError
		if errors.As(err, &nc) {
			return "", 0, fmt.Errorf("migrations: the database has tables but no migration history (%s): it was made before versioned migrations or by something else; start from an empty database, or run `wutong migrate -baseline VERSION` if its schema is exactly that version", nc.Reason)
		}
		if errors.Is(err, migrate.ErrNoPendingFiles) {
			// The baseline may have been written; keep it.
			if cerr := tx.Commit(); cerr != nil {
				return "", 0, cerr
			}
		}
		return "", 0, err
	}
	file := pending[0]
	if err := checkDestructive(file); err != nil {
		return "", 0, err
	}
	start := time.Now()
	if err := ex.Execute(ctx, file); err != nil {
		return "", 0, fmt.Errorf("migrations: %s failed and was rolled back, the database is as it was before it: %w", file.Name(), err)
	}
	if err := tx.Commit(); err != nil {
		return "", 0, fmt.Errorf("migrations: committing %s: %w", file.Name(), err)
	}
	return file.Name(), time.Since(start), nil
}

// driver opens Atlas's driver of a dialect on a transaction.
func driver(d string, tx *sql.Tx) (migrate.Driver, error) {
	if d == dialect.Postgres {
		return postgres.Open(tx)
	}
	return sqlite.Open(tx)
}

// ErrUnknownRevision: the database was migrated by a newer Wutong.
var ErrUnknownRevision = errors.New("unknown revision")

// ErrChangedFile: a migration file differs from what was applied.
var ErrChangedFile = errors.New("changed migration file")

// ErrPartial: a migration stopped half-way.
var ErrPartial = errors.New("half-applied migration")

// checkHistory refuses a database whose history does not match the files:
// a revision without a file (a newer binary migrated it), a file whose
// checksum differs from what was applied, or a file applied only in part.
func checkHistory(ctx context.Context, rrw *revisions, dir migrate.Dir) error {
	revs, err := rrw.ReadRevisions(ctx)
	if err != nil {
		return fmt.Errorf("migrations: reading the revision table: %w", err)
	}
	if len(revs) == 0 {
		return nil
	}
	if err := migrate.Validate(dir); err != nil {
		return fmt.Errorf("migrations: the migration files do not match their atlas.sum: %w", err)
	}
	sums, err := dir.Checksum()
	if err != nil {
		return err
	}
	known := map[string]migrate.File{}
	all, err := dir.Files()
	if err != nil {
		return err
	}
	for _, f := range all {
		known[f.Version()] = f
	}
	for _, r := range revs {
		f, ok := known[r.Version]
		switch {
		case !ok:
			return fmt.Errorf("migrations: the database is at revision %s (%s), which this binary does not have: it was migrated by a newer Wutong; run that version: %w", r.Version, r.Description, ErrUnknownRevision)
		case r.Type == migrate.RevisionTypeBaseline:
			continue
		case r.Applied != r.Total || r.Error != "":
			return fmt.Errorf("migrations: %s stopped after %d of %d statements (%s); repair the database by hand: %w", f.Name(), r.Applied, r.Total, r.Error, ErrPartial)
		}
		sum, err := sums.SumByName(f.Name())
		if err != nil {
			return err
		}
		if sum != r.Hash {
			return fmt.Errorf("migrations: %s was changed after it was applied to this database (checksum %s, applied %s): %w", f.Name(), short(sum), short(r.Hash), ErrChangedFile)
		}
	}
	return nil
}

// short abbreviates a checksum.
func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// destructive matches statements that lose data: dropping a table or a
// column, or changing a column's type.
var destructive = regexp.MustCompile("(?is)^\\s*(DROP\\s+TABLE|ALTER\\s+TABLE\\s+.*\\s+DROP\\s+(COLUMN|\\s*[\"`]?\\w+[\"`]?\\s*(,|$))|ALTER\\s+TABLE\\s+.*\\s+ALTER\\s+COLUMN\\s+.*\\s+TYPE\\s)")

// rebuild matches how Atlas changes a SQLite table: into a new table,
// copied, then renamed over the old one; dropping the old one loses nothing.
var rebuild = regexp.MustCompile("(?is)^\\s*DROP\\s+TABLE\\s+[\"`]?(\\w+)[\"`]?\\s*$")

// checkDestructive refuses a file that drops tables or columns or changes
// column types, unless it is marked Destructive.
func checkDestructive(f migrate.File) error {
	if strings.Contains(string(f.Bytes()), Destructive) {
		return nil
	}
	stmts, err := f.Stmts()
	if err != nil {
		return err
	}
	text := string(f.Bytes())
	for _, s := range stmts {
		if !destructive.MatchString(s) {
			continue
		}
		if m := rebuild.FindStringSubmatch(strings.TrimRight(strings.TrimSpace(s), ";")); m != nil &&
			regexp.MustCompile("(?i)ALTER\\s+TABLE\\s+[\"`]?new_"+regexp.QuoteMeta(m[1])+"[\"`]?\\s+RENAME\\s+TO\\s+[\"`]?"+regexp.QuoteMeta(m[1])).MatchString(text) {
			continue
		}
		return fmt.Errorf("migrations: %s would lose data (%s) and is not marked %q: refused", f.Name(), strings.TrimSpace(s), Destructive)
	}
	return nil
}

// FileStatus is where one migration file stands on a database.
type FileStatus struct {
	// Version and Name identify the file.
	Version, Name string
	// State is "applied", "pending", "baseline" or "unknown" (a revision
	// of the database without a file).
	State string
	// ExecutedAt is when it was applied.
	ExecutedAt time.Time
}

// Status lists the migration files and the database's revisions.
func Status(ctx context.Context, db *sql.DB, d string) ([]FileStatus, error) {
	dir, err := Dir(d)
	if err != nil {
		return nil, err
	}
	revs, err := (&revisions{db: db, dialect: d}).ReadRevisions(ctx)
	if err != nil {
		return nil, err
	}
	byVersion := map[string]*migrate.Revision{}
	for _, r := range revs {
		byVersion[r.Version] = r
	}
	all, err := dir.Files()
	if err != nil {
		return nil, err
	}
	var out []FileStatus
	for _, f := range all {
		s := FileStatus{Version: f.Version(), Name: f.Name(), State: "pending"}
		if r, ok := byVersion[f.Version()]; ok {
			s.State, s.ExecutedAt = "applied", r.ExecutedAt
			if r.Type == migrate.RevisionTypeBaseline {
				s.State = "baseline"
			}
			delete(byVersion, f.Version())
		}
		out = append(out, s)
	}
	for _, r := range revs {
		if _, ok := byVersion[r.Version]; ok {
			out = append(out, FileStatus{Version: r.Version, Name: r.Description, State: "unknown", ExecutedAt: r.ExecutedAt})
		}
	}
	return out, nil
}

// Pending reports how many files are not applied yet, and refuses a
// database with an unknown or changed history, as Apply would.
func Pending(ctx context.Context, db *sql.DB, d string) (int, error) {
	dir, err := Dir(d)
	if err != nil {
		return 0, err
	}
	rrw := &revisions{db: db, dialect: d}
	if err := checkHistory(ctx, rrw, dir); err != nil {
		return 0, err
	}
	st, err := Status(ctx, db, d)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range st {
		if s.State == "pending" {
			n++
		}
	}
	return n, nil
}
