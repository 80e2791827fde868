// Package cityseed loads a city-scale data set into PostgreSQL for
// performance work: by default 200 communities with about 10,000 residents
// and 10,000 issues each (about 2 million of both), the issues' comments and
// timelines, 25 patrol members per community with their shifts and
// dispatches, stewards and their service logs, mediation cases and notices,
// over a history of a year and a half.
//
// The data is written with COPY, one transaction per community, and is the
// same for the same Seed and Now: every community draws all its decisions,
// IDs included, from a random source seeded with Seed and its number, so
// communities are generated in parallel in any order. The rows are those
// the application itself would write: the issues' timelines, versions and
// timestamps follow the lifecycle of package casework, foreign keys and
// tenancy hold. Bypassing ent, the load writes no audit log; it also leaves
// out what the benchmarks of casework do not need: organizations, public
// events, duty rosters, meetings, rented flats, donations, photos, sessions
// and access logs.
//
// Every generated login has the password Password: city-staff-0001 is
// staff (COMMUNITY_STAFF) of the first community, city-officer-0001 its
// police officer, city-admin the operator of the deployment (ADMIN).
package cityseed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"wutong/auth"
)

// Password is the password of every generated login.
const Password = "demo"

// Options choose the city to load.
type Options struct {
	// Communities is how many communities to generate, 200 by default, at
	// most MaxCommunities.
	Communities int
	// Seed selects the data.
	Seed int64
	// Now is the end of the history, which reaches 18 months back. The
	// zero time means the start of today in Asia/Shanghai, so that loads
	// on one day are the same; a time in the future is refused.
	Now time.Time
	// Workers is how many communities are generated and copied at once:
	// 2 by default.
	Workers int
	// TrustForeignKeys skips PostgreSQL's foreign-key checks while copying
	// (SET LOCAL session_replication_role = replica, which needs a
	// superuser): the load is about three times faster. The generator keeps
	// every reference valid by construction and the tests check that it
	// does, but the database does not.
	TrustForeignKeys bool
	// Vacuum runs VACUUM (ANALYZE) at the end instead of ANALYZE: slower,
	// but it leaves the tables' visibility maps and hint bits set, so that
	// the first queries of a benchmark do not rewrite the pages.
	Vacuum bool
	// Progress, if set, is told of each community loaded and each phase.
	// It is called from one goroutine at a time.
	Progress func(string)
}

// Summary tells what Load wrote and how long it took.
type Summary struct {
	// Communities is the number of communities loaded.
	Communities int
	// Rows counts the rows written per table.
	Rows map[string]int64
	// Copy is the time spent copying each table, summed over the
	// communities (workers copy at the same time, so the sum exceeds Load).
	Copy map[string]time.Duration
	// Load is the time spent generating and copying.
	Load time.Duration
	// Analyze is the time spent on ANALYZE (or VACUUM) at the end.
	Analyze time.Duration
}

// Total is the number of rows written in all tables.
func (s *Summary) Total() int64 {
	var n int64
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// WriteTo prints the summary: rows per table in the order they were
// written, then the times.
func (s *Summary) WriteTo(w io.Writer) (int64, error) {
	var n int64
	write := func(format string, args ...any) {
		k, _ := fmt.Fprintf(w, format, args...)
		n += int64(k)
	}
	for _, name := range TableNames() {
		write("%-26s %12d rows %8.1f s\n", name, s.Rows[name], s.Copy[name].Seconds())
	}
	total := s.Load + s.Analyze
	write("%-26s %12d rows in %.1f s (%.0f rows/s)\n", "total", s.Total(), s.Load.Seconds(), float64(s.Total())/max(s.Load.Seconds(), 0.001))
	write("%-26s %12.1f s\n", "analyze", s.Analyze.Seconds())
	write("%-26s %12.1f s\n", "load time", total.Seconds())
	return n, nil
}

// Load generates the city and writes it to db, a migrated PostgreSQL
// database, then analyzes the tables. It refuses a database that already
// holds communities of a generated city. A failure leaves the communities
// committed before it in place: load again into a fresh database.
func Load(ctx context.Context, db *sql.DB, opts Options) (*Summary, error) {
	if opts.Communities == 0 {
		opts.Communities = 200
	}
	if opts.Communities < 1 || opts.Communities > MaxCommunities {
		return nil, fmt.Errorf("cityseed: %d communities: choose 1 to %d", opts.Communities, MaxCommunities)
	}
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600) // China has kept UTC+8 without daylight saving since 1991
	}
	now := opts.Now
	if now.IsZero() {
		y, m, d := time.Now().In(loc).Date()
		now = time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	if now.After(time.Now()) {
		return nil, fmt.Errorf("cityseed: Now (%s) lies in the future", now.Format(time.RFC3339))
	}
	progress := func(string) {}
	if opts.Progress != nil {
		var mu sync.Mutex
		progress = func(s string) {
			mu.Lock()
			defer mu.Unlock()
			opts.Progress(s)
		}
	}
	var taken int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM communities WHERE code LIKE 'city-%'").Scan(&taken); err != nil {
		return nil, fmt.Errorf("cityseed: %w", err)
	}
	if taken > 0 {
		return nil, fmt.Errorf("cityseed: the database already holds %d communities of a generated city", taken)
	}
	// One hash for every login: bcrypt is slow on purpose.
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	c := newCity(opts.Seed, opts.Communities, now, loc, hash)
	sum := &Summary{Rows: map[string]int64{}, Copy: map[string]time.Duration{}}
	start := time.Now()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				began := time.Now()
				g := newGen(c, n)
				g.generate()
				done, err := g.t.write(ctx, db, opts.TrustForeignKeys)
				mu.Lock()
				switch {
				case err != nil && len(errs) > 0 && errors.Is(err, context.Canceled):
					// Called off after the first failure.
				case err != nil:
					errs = append(errs, fmt.Errorf("community %s: %w", Code(n), err))
					cancel()
				default:
					sum.Communities++
					rows := int64(0)
					for t, k := range done.rows {
						sum.Rows[t] += k
						sum.Copy[t] += done.time[t]
						rows += k
					}
					progress(fmt.Sprintf("%s %s: %d rows in %.1f s (%d of %d communities, %.0f s so far)",
						Code(n), g.name, rows, time.Since(began).Seconds(), sum.Communities, opts.Communities, time.Since(start).Seconds()))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for n := 0; n < opts.Communities; n++ {
		select {
		case next <- n:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return sum, fmt.Errorf("cityseed: %w", errors.Join(errs...))
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	sum.Load = time.Since(start)
	start = time.Now()
	statement := "ANALYZE"
	if opts.Vacuum {
		statement = "VACUUM (ANALYZE)"
	}
	progress(statement + " ...")
	if _, err := db.ExecContext(ctx, statement); err != nil {
		return sum, fmt.Errorf("cityseed: %s: %w", statement, err)
	}
	sum.Analyze = time.Since(start)
	return sum, nil
}
