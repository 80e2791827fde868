package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	atlas "ariga.io/atlas/sql/schema"

	"ariga.io/atlas/sql/migrate"
	entsql "entgo.io/ent/dialect/sql"
	entschema "entgo.io/ent/dialect/sql/schema"

	entmigrate "wutong/ent/migrate"
)

// tablesMu serialises the uses of ent's package-level table descriptions,
// which planning a migration mutates.
var tablesMu sync.Mutex

// ErrDestructive: a new migration would drop tables or columns or change
// column types, and was not allowed to.
var ErrDestructive = errors.New("destructive change")

// DiffOptions tune Diff.
type DiffOptions struct {
	// AllowDestructive writes a migration that drops tables or columns or
	// changes column types, marked Destructive; without it such a
	// migration is refused.
	AllowDestructive bool
}

// Diff writes the migration that brings the files of a dialect, in the
// folder root/<dialect>, up to the ent schema, named name, and returns its
// file name ("" when the files are current). dev is an empty throw-away
// database of the dialect: the files are replayed on it and the result
// compared with the ent schema.
func Diff(ctx context.Context, d string, dev *sql.DB, root, name string, opts DiffOptions) (string, error) {
	sub, err := folder(d)
	if err != nil {
		return "", err
	}
	dir, err := migrate.NewLocalDir(filepath.Join(root, sub))
	if err != nil {
		return "", err
	}
	before, err := names(dir)
	if err != nil {
		return "", err
	}
	var losses []string
	f := formatter{destructive: &losses}
	if err := plan(ctx, d, dev, dir, name, entschema.WithMigrationMode(entschema.ModeReplay), entschema.WithFormatter(f),
		entschema.WithDiffHook(watch(&losses))); err != nil {
		return "", err
	}
	after, err := names(dir)
	if err != nil {
		return "", err
	}
	var written []string
	for _, n := range after {
		if !slices.Contains(before, n) {
			written = append(written, n)
		}
	}
	if len(written) == 0 {
		return "", nil
	}
	if len(losses) > 0 && !opts.AllowDestructive {
		// Take the new file back out.
		for _, n := range written {
			if err := os.Remove(filepath.Join(dir.Path(), n)); err != nil {
				return "", err
			}
		}
		sum, err := dir.Checksum()
		if err == nil {
			err = migrate.WriteSumFile(dir, sum)
		}
		return "", errors.Join(fmt.Errorf("migrations: the change would lose data (%s); rerun allowing destructive changes if you mean it: %w",
			strings.Join(losses, ", "), ErrDestructive), err)
	}
	return written[len(written)-1], nil
}

// names lists the migration files of a directory.
func names(dir migrate.Dir) ([]string, error) {
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Name()
	}
	return out, nil
}

// Current reports whether the embedded files of a dialect already make
// the ent schema, by replaying them on dev, an empty throw-away database.
func Current(ctx context.Context, d string, dev *sql.DB) (bool, error) {
	embedded, err := Dir(d)
	if err != nil {
		return false, err
	}
	err = plan(ctx, d, dev, embedded, "drift", entschema.WithMigrationMode(entschema.ModeReplay), entschema.WithErrNoPlan(true))
	if errors.Is(err, migrate.ErrNoPlan) {
		return true, nil
	}
	return false, err
}

// Matches reports whether a migrated database's tables are those of the
// ent schema, by inspecting it.
func Matches(ctx context.Context, d string, db *sql.DB) (bool, error) {
	scratch := &migrate.MemDir{}
	err := plan(ctx, d, db, scratch, "inspect", entschema.WithMigrationMode(entschema.ModeInspect), entschema.WithErrNoPlan(true))
	if errors.Is(err, migrate.ErrNoPlan) {
		return true, nil
	}
	return false, err
}

// plan runs ent's migration planner over a directory.
func plan(ctx context.Context, d string, db *sql.DB, dir migrate.Dir, name string, opts ...entschema.MigrateOption) error {
	tablesMu.Lock()
	defer tablesMu.Unlock()
	opts = append([]entschema.MigrateOption{entschema.WithDir(dir), entschema.WithDialect(d),
		entschema.WithDropColumn(true), entschema.WithDropIndex(true)}, opts...)
	m, err := entschema.NewMigrate(entsql.OpenDB(d, db), opts...)
	if err != nil {
		return err
	}
	return m.NamedDiff(ctx, name, entmigrate.Tables...)
}

// watch records the changes of a plan that lose data.
func watch(losses *[]string) entschema.DiffHook {
	return func(next entschema.Differ) entschema.Differ {
		return entschema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
			changes, err := next.Diff(current, desired)
			if err != nil {
				return nil, err
			}
			note := func(s string) {
				if !slices.Contains(*losses, s) {
					*losses = append(*losses, s)
				}
			}
			for _, c := range changes {
				switch c := c.(type) {
				case *atlas.DropTable:
					note("drop table " + c.T.Name)
				case *atlas.ModifyTable:
					for _, tc := range c.Changes {
						switch tc := tc.(type) {
						case *atlas.DropColumn:
							note("drop column " + c.T.Name + "." + tc.C.Name)
						case *atlas.ModifyColumn:
							if tc.Change.Is(atlas.ChangeType) {
								note("change the type of " + c.T.Name + "." + tc.To.Name)
							}
						}
					}
				}
			}
			return changes, nil
		})
	}
}

// formatter writes migration files as Atlas does, marking those that lose
// data as Destructive.
type formatter struct{ destructive *[]string }

// Format implements migrate.Formatter.
func (f formatter) Format(p *migrate.Plan) ([]migrate.File, error) {
	files, err := migrate.DefaultFormatter.Format(p)
	if err != nil || len(*f.destructive) == 0 {
		return files, err
	}
	out := make([]migrate.File, len(files))
	for i, file := range files {
		head := fmt.Sprintf("%s: %s\n", Destructive, strings.Join(*f.destructive, ", "))
		out[i] = migrate.NewLocalFile(file.Name(), append([]byte(head), file.Bytes()...))
	}
	return out, nil
}
