package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"wutong/cityseed"
	"wutong/store"
)

// citySeedUsage is the help text of `wutong seed --communities N`.
const citySeedUsage = `wutong seed --communities N: load a generated city into an empty PostgreSQL database.

Each community has about 10,000 residents and 10,000 issues over the last 18
months, with comments, timelines, 25 patrol members, shifts, dispatches,
stewards, mediation cases and notices; 200 communities make about 2 million
residents and 2 million issues. The data is written with COPY and is the same
for the same seed on the same day. Every generated login has the password
"demo": city-staff-0001 is staff of the first community, city-admin the ADMIN.

Flags:
  -communities N       number of communities (1 to 999; default 200)
  -seed N              seed of the data [DEMO_SEED] (default 1)
  -database-url URL    postgres://... [DATABASE_URL]; SQLite is not supported
  -now TIME            end of the history, 2006-01-02 or RFC 3339 (default: today 00:00 Asia/Shanghai)
  -workers N           communities generated and copied at once (default 2)
  -trust-foreign-keys  skip the foreign-key checks while copying (needs a superuser; about 3x faster)
  -vacuum              VACUUM (ANALYZE) at the end instead of ANALYZE
`

// isCitySeed reports whether the arguments of `wutong seed` ask for the
// generated city (--communities) rather than the demo data.
func isCitySeed(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "communities" {
			return true
		}
	}
	return false
}

// citySeed loads the generated city of package cityseed into an empty
// PostgreSQL database, after bringing its schema up to date, and prints
// the progress, the rows per table and the load time.
func citySeed(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	opts := cityseed.Options{Communities: 200, Seed: 1, Workers: 2}
	if v := getenv("DEMO_SEED"); v != "" {
		if _, err := fmt.Sscan(v, &opts.Seed); err != nil {
			return fmt.Errorf("DEMO_SEED=%q is not a whole number", v)
		}
	}
	dsn := getenv("DATABASE_URL")
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&opts.Communities, "communities", opts.Communities, "")
	fs.Int64Var(&opts.Seed, "seed", opts.Seed, "")
	fs.StringVar(&dsn, "database-url", dsn, "")
	fs.IntVar(&opts.Workers, "workers", opts.Workers, "")
	fs.BoolVar(&opts.TrustForeignKeys, "trust-foreign-keys", false, "")
	fs.BoolVar(&opts.Vacuum, "vacuum", false, "")
	now := fs.String("now", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, citySeedUsage)
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if opts.Communities < 1 || opts.Communities > cityseed.MaxCommunities {
		return fmt.Errorf("-communities %d: choose 1 to %d", opts.Communities, cityseed.MaxCommunities)
	}
	if opts.Workers < 1 {
		return fmt.Errorf("-workers must be at least 1")
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return errors.New("seeding a city needs PostgreSQL (it writes with COPY) and does not run on SQLite: " +
			"give -database-url postgres://... or DATABASE_URL")
	}
	if *now != "" {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		t, err := time.ParseInLocation("2006-01-02", *now, loc)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, *now); err != nil {
				return fmt.Errorf("-now %q is not a date (2006-01-02) or an RFC 3339 time", *now)
			}
		}
		opts.Now = t
	}
	st, err := store.Open(ctx, dsn, store.Options{MaxConns: opts.Workers + 2})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	var communities int
	if err := st.DB.QueryRowContext(ctx, "SELECT count(*) FROM communities").Scan(&communities); err != nil {
		return err
	}
	if communities > 0 {
		return fmt.Errorf("the database already holds %d communities: a city is loaded into an empty database only (create a new one)", communities)
	}
	opts.Progress = func(s string) { fmt.Fprintln(stdout, s) }
	fmt.Fprintf(stdout, "loading %d communities (seed %d, %d workers)\n", opts.Communities, opts.Seed, opts.Workers)
	began := time.Now()
	sum, err := cityseed.Load(ctx, st.DB, opts)
	if err != nil {
		return err
	}
	elapsed := time.Since(began)
	if _, err := sum.WriteTo(stdout); err != nil {
		return err
	}
	var size string
	if err := st.DB.QueryRowContext(ctx, "SELECT pg_size_pretty(pg_database_size(current_database()))").Scan(&size); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "city loaded in %s: %d communities, %d residents, %d issues, %d rows in all; database size %s; log in as %s with password %q\n",
		elapsed.Round(100*time.Millisecond), sum.Communities, sum.Rows["residents"], sum.Rows["issues"], sum.Total(), size,
		cityseed.StaffUsername(0), cityseed.Password)
	return nil
}
