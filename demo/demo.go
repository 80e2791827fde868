// Package demo loads deterministic demo data: a community of about 10,000
// residents in an old town, shaped like the one in DOMAIN.md (12 compounds,
// 8 residential and 4 commercial grids, 23 patrol volunteers, 492 members of
// the online hall, 45 disputes last year), with casework from 1 January of
// the year before last up to a given moment, and a second, small community.
//
// The history covers the last full calendar year and the year before it
// completely, in the communities' time zone (Asia/Shanghai), so that the
// figures of the report in DOMAIN.md hold for last year compared with the
// year before: 45 disputes against 90, half as many repeated police calls
// (and dispute calls), 70% fewer preventable cases, no criminal case (nor
// any this year), 45 mediations opened, all ended in agreement, and ratings
// that rise year on year. Fewer residents used the platform in the first
// year, so it has fewer of the everyday issues.
//
// The data is planned in memory first, from a seeded random source and the
// anchor time only, and then written in one transaction through the ent
// client, so that every hook (tenancy, the issue timeline) runs as it does
// for any other writer.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/fnv"
	mrand "math/rand/v2"
	"time"

	"wutong/authz"
	"wutong/ent"
	"wutong/gid"
	"wutong/tenancy"
)

// Code is the code of the demo community; SmallCode is the code of the
// second, small one.
const (
	Code      = "demo"
	SmallCode = "demo-small"
)

// Options choose the demo data to load.
type Options struct {
	// Seed selects the data: the same seed and the same Now give the same
	// names, phone numbers, counts, texts and times.
	Seed int64
	// Now is the anchor: the data covers the time from 1 January of the
	// year before last (in Asia/Shanghai) up to it, so 26 months for a Now
	// in March and almost three years for one in December. The zero time
	// means time.Now(); a time in the future is refused, as the casework
	// rules refuse reports dated in the future.
	Now time.Time
}

// Summary counts what Load wrote, per entity type. IssueEvents includes the
// timeline entries that the casework hooks write, for reports, comments and
// whatever else they record.
type Summary struct {
	Communities           int
	Grids                 int
	Compounds             int
	Residents             int
	Users                 int
	Memberships           int
	Stewards              int
	ServiceRecords        int
	MeetingPoints         int
	Issues                int
	IssueComments         int
	IssueEvents           int
	Organizations         int
	EmployeeRegistrations int
	OrganizationReports   int
	PatrolTeams           int
	PatrolMembers         int
	PublicEvents          int
	PatrolShifts          int
	Dispatches            int
	DutyShifts            int
	Meetings              int
	RentalHousings        int
	MediationCases        int
	MediationParties      int
	MediationSessions     int
	Donations             int
	Notices               int
}

// span is how far back the generated history reaches: it starts on
// 1 January, local time, span years before the year of the anchor, so
// that the last full calendar year and the one before it are both covered
// in full and can be compared.
const span = 2 // calendar years

// batchSize is how many records one INSERT writes. The widest table (issues)
// has about 30 columns, which keeps a batch well under 30,000 bind variables.
const batchSize = 500

// Load writes the demo data through client in one transaction and reports
// what it wrote. It fails, writing nothing, if the demo communities exist.
func Load(ctx context.Context, client *ent.Client, opts Options) (*Summary, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if now.After(time.Now()) {
		return nil, fmt.Errorf("demo: Now (%s) lies in the future", now.Format(time.RFC3339))
	}
	p := newPlanner(opts.Seed, now)
	towns := []*town{p.plan(bigTown()), p.plan(smallTown())}

	// The demo is written by the server itself, past the privacy policies.
	ctx = tenancy.WithCache(authz.System(ctx))
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: starting the transaction: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	w := &writer{client: tx.Client(), p: p, written: map[*userRec]bool{}}
	for _, t := range towns {
		if err := w.writeTown(ctx, t); err != nil {
			return nil, rollback(tx, fmt.Errorf("community %s: %w", t.spec.code, err))
		}
	}
	if err := setUpAccounts(ctx, w.client); err != nil {
		return nil, rollback(tx, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("demo: committing: %w", err)
	}
	return &w.sum, nil
}

// rollback undoes the transaction and returns the error that caused it.
func rollback(tx *ent.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		err = errors.Join(err, fmt.Errorf("rolling back: %w", rerr))
	}
	return fmt.Errorf("demo: %w", err)
}

// newRand returns the random source of one named stream of the data. Each
// generator has its own stream, so that changing one does not reshuffle
// the others.
func newRand(seed int64, stream string) *mrand.Rand {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return mrand.New(mrand.NewPCG(uint64(seed), h.Sum64()))
}

// newID returns a fresh ID whose time part is when the record came to be.
// The random part comes from crypto/rand as for every other record: the
// demo's IDs are as unguessable as real ones.
func newID(typeName string, at time.Time) gid.ID {
	return gid.NewWith(typeName, at, rand.Reader)
}

// inBatches calls save with consecutive slices of at most batchSize items.
func inBatches[T any](items []T, save func([]T) error) error {
	for len(items) > 0 {
		n := min(batchSize, len(items))
		if err := save(items[:n]); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// pick returns a random element of list.
func pick[T any](r *mrand.Rand, list []T) T {
	return list[r.IntN(len(list))]
}

// weighted returns an index into weights, chosen with those weights.
func weighted(r *mrand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// chance reports true with probability p.
func chance(r *mrand.Rand, p float64) bool { return r.Float64() < p }

// between returns a random duration in [lo, hi).
func between(r *mrand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}
