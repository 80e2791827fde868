package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

// RevisionTable is the table that records the applied migrations, one row
// per file, in the layout the Atlas CLI uses, so that `atlas migrate
// status` can read it too.
const RevisionTable = "atlas_schema_revisions"

// querier is a database, a connection or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// revisions reads and writes the revision table for Atlas's executor.
type revisions struct {
	db      querier
	dialect string
}

var _ migrate.RevisionReadWriter = (*revisions)(nil)

// Ident names the revision table, which Atlas leaves out of its checks
// that a database is empty.
func (r *revisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: RevisionTable}
}

// create makes the revision table if it is missing.
func (r *revisions) create(ctx context.Context) error {
	executedAt := "TEXT"
	if r.dialect == dialect.Postgres {
		executedAt = "timestamptz"
	}
	_, err := r.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+RevisionTable+` (
		version text NOT NULL PRIMARY KEY,
		description text NOT NULL,
		type integer NOT NULL DEFAULT 2,
		applied integer NOT NULL DEFAULT 0,
		total integer NOT NULL DEFAULT 0,
		executed_at `+executedAt+` NOT NULL,
		execution_time bigint NOT NULL,
		error text NULL,
		error_stmt text NULL,
		hash text NOT NULL,
		partial_hashes text NULL,
		operator_version text NOT NULL)`)
	return err
}

// exists reports whether the revision table exists.
func (r *revisions) exists(ctx context.Context) (bool, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if r.dialect == dialect.Postgres {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	err := r.db.QueryRowContext(ctx, q, RevisionTable).Scan(&n)
	return n > 0, err
}

// columns are the revision table's columns in the order read and written.
const columns = `version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version`

// ReadRevisions returns all revisions, oldest version first.
func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	if ok, err := r.exists(ctx); err != nil || !ok {
		return nil, err
	}
	rows, err := r.db.QueryContext(ctx, `SELECT `+columns+` FROM `+RevisionTable+` ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

// ReadRevision returns the revision of a version, or migrate.ErrRevisionNotExist.
func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	if ok, err := r.exists(ctx); err != nil {
		return nil, err
	} else if !ok {
		return nil, migrate.ErrRevisionNotExist
	}
	rows, err := r.db.QueryContext(ctx, `SELECT `+columns+` FROM `+RevisionTable+` WHERE version = $1`, version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, migrate.ErrRevisionNotExist
	}
	return scanRevision(rows)
}

// scanRevision reads one row of the revision table.
func scanRevision(rows *sql.Rows) (*migrate.Revision, error) {
	var (
		rev              migrate.Revision
		executedAt       any
		nanos            int64
		errMsg, errStmt  sql.NullString
		partial          sql.NullString
		typ, applied, to int
	)
	if err := rows.Scan(&rev.Version, &rev.Description, &typ, &applied, &to, &executedAt, &nanos, &errMsg, &errStmt,
		&rev.Hash, &partial, &rev.OperatorVersion); err != nil {
		return nil, err
	}
	rev.Type, rev.Applied, rev.Total = migrate.RevisionType(typ), applied, to
	rev.ExecutionTime = time.Duration(nanos)
	rev.Error, rev.ErrorStmt = errMsg.String, errStmt.String
	switch t := executedAt.(type) {
	case time.Time:
		rev.ExecutedAt = t
	case string:
		rev.ExecutedAt, _ = time.Parse(time.RFC3339Nano, t)
	case []byte:
		rev.ExecutedAt, _ = time.Parse(time.RFC3339Nano, string(t))
	}
	if partial.Valid && partial.String != "" {
		if err := json.Unmarshal([]byte(partial.String), &rev.PartialHashes); err != nil {
			return nil, fmt.Errorf("revision %s: partial hashes: %w", rev.Version, err)
		}
	}
	return &rev, nil
}

// WriteRevision inserts or replaces a revision.
func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	if err := r.create(ctx); err != nil {
		return err
	}
	partial, err := json.Marshal(rev.PartialHashes)
	if err != nil {
		return err
	}
	var executedAt any = rev.ExecutedAt.UTC()
	if r.dialect != dialect.Postgres {
		executedAt = rev.ExecutedAt.UTC().Format(time.RFC3339Nano)
	}
	if _, err := r.db.ExecContext(ctx, `DELETE FROM `+RevisionTable+` WHERE version = $1`, rev.Version); err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, `INSERT INTO `+RevisionTable+` (`+columns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		rev.Version, rev.Description, int(rev.Type), rev.Applied, rev.Total, executedAt, int64(rev.ExecutionTime),
		nullable(rev.Error), nullable(rev.ErrorStmt), rev.Hash, string(partial), rev.OperatorVersion)
	return err
}

// DeleteRevision deletes the revision of a version.
func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	if ok, err := r.exists(ctx); err != nil || !ok {
		return err
	}
	_, err := r.db.ExecContext(ctx, `DELETE FROM `+RevisionTable+` WHERE version = $1`, version)
	return err
}

// nullable is NULL for an empty string.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
