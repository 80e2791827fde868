package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"entgo.io/ent/dialect"
	_ "modernc.org/sqlite" // the in-memory dev database of `migrate diff`

	"wutong/migrations"
	"wutong/store"
)

// migrateUsage is the help text of `wutong migrate`.
const migrateUsage = `Usage:
  wutong migrate [-database-url URL] [-to VERSION] [-baseline VERSION]
                               apply the pending migrations
  wutong migrate status [-database-url URL]
                               list the migrations and which are applied
  wutong migrate diff NAME [-dev-url URL] [-allow-destructive]
                               write the migration from the files to the ent schema,
                               for SQLite and PostgreSQL, into ./migrations
`

// migrateCommand runs `wutong migrate ...`.
func migrateCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	sub := "up"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("migrate "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dsn := getenv("DATABASE_URL")
	if dsn == "" {
		dsn = defaultDatabase
	}
	fs.StringVar(&dsn, "database-url", dsn, "")
	to := fs.String("to", "", "")
	baseline := fs.String("baseline", "", "")
	devURL := fs.String("dev-url", firstOf(getenv("DEV_DATABASE_URL"), getenv("TEST_DATABASE_URL"), "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), "")
	allow := fs.Bool("allow-destructive", false, "")
	root := fs.String("dir", "migrations", "")
	var name string
	if sub == "diff" {
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			return errors.New("migrate diff needs a NAME for the migration, such as add_issue_tags")
		}
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, migrateUsage)
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch sub {
	case "up":
		st, err := store.Open(ctx, dsn, store.Options{MaxConns: 2})
		if err != nil {
			return err
		}
		defer st.Close()
		applied, err := migrations.Apply(ctx, st.DB, st.Dialect, migrations.Options{To: *to, Baseline: *baseline})
		for _, a := range applied {
			fmt.Fprintf(stdout, "applied %s in %s\n", a.File, a.Took.Round(time.Millisecond))
		}
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(stdout, "the database is up to date")
		}
		return nil
	case "status":
		st, err := store.Open(ctx, dsn, store.Options{MaxConns: 2})
		if err != nil {
			return err
		}
		defer st.Close()
		list, err := migrations.Status(ctx, st.DB, st.Dialect)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "VERSION\tSTATE\tAPPLIED AT\tFILE")
		for _, s := range list {
			at := ""
			if !s.ExecutedAt.IsZero() {
				at = s.ExecutedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Version, s.State, at, s.Name)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		_, err = migrations.Pending(ctx, st.DB, st.Dialect)
		return err
	case "diff":
		return diff(ctx, *devURL, *root, name, *allow, stdout)
	}
	return fmt.Errorf("unknown migrate command %q", sub)
}

// diff writes the new migration of each dialect against throw-away dev
// databases: an in-memory SQLite and a temporary PostgreSQL database.
func diff(ctx context.Context, devURL, root, name string, allow bool, stdout io.Writer) error {
	lite, err := sql.Open("sqlite", "file:dev?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	lite.SetMaxOpenConns(1)
	defer lite.Close()
	pg, drop, err := tempPostgres(ctx, devURL)
	if err != nil {
		return fmt.Errorf("a temporary PostgreSQL database for the diff: %w", err)
	}
	defer drop()
	for _, dev := range []struct {
		dialect string
		db      *sql.DB
	}{{dialect.SQLite, lite}, {dialect.Postgres, pg}} {
		file, err := migrations.Diff(ctx, dev.dialect, dev.db, root, name, migrations.DiffOptions{AllowDestructive: allow})
		if err != nil {
			return fmt.Errorf("%s: %w", dev.dialect, err)
		}
		if file == "" {
			fmt.Fprintf(stdout, "%s: the migrations already make the schema\n", dev.dialect)
		} else {
			fmt.Fprintf(stdout, "%s: wrote %s\n", dev.dialect, file)
		}
	}
	return nil
}

// tempPostgres creates an empty database on the server of serverURL and
// returns it with a function that drops it.
func tempPostgres(ctx context.Context, serverURL string) (*sql.DB, func(), error) {
	admin, err := sql.Open("postgres", serverURL)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "wutong_dev_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, nil, err
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		admin.Close()
		return nil, nil, err
	}
	u.Path = "/" + name
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		admin.Close()
		return nil, nil, err
	}
	return db, func() {
		db.Close()
		_, _ = admin.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}, nil
}

// firstOf returns the first non-empty string.
func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
