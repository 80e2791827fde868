// Package stats computes the community statistics of the police office: for
// a community, or one grid of it, and a period counted in the community's
// time zone, the figures that the community reports upward (see "Statistics
// that the platform must produce" in the domain description).
//
// Every figure is a SQL aggregate computed by the database, on SQLite and on
// PostgreSQL alike, in a handful of statements; nothing is counted row by
// row in Go. The statements filter on the community of every table they
// read, so that no figure ever counts another community's records.
package stats

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	"wutong/apperr"
	"wutong/ent/migrate"
	"wutong/gid"
)

// Querier runs raw SQL: *ent.Client, *ent.Tx's client and *sql.DB all fit.
// Compute runs several statements; for figures that all come from one
// snapshot, pass the client of a transaction (REPEATABLE READ on PostgreSQL).
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Scope is what the figures are about: a community, or one grid of it when
// GridID is not empty.
type Scope struct {
	// CommunityID is the community; always required.
	CommunityID gid.ID
	// GridID, if not empty, narrows the figures to one grid of the community.
	GridID gid.ID
}

// Period is the half-open interval of time [From, To).
type Period struct {
	// From is the first instant in the period.
	From time.Time
	// To is the first instant after the period.
	To time.Time
}

// maxYears is the longest period PeriodOf accepts.
const maxYears = 5

// PeriodOf turns calendar dates in a time zone into a Period: from 00:00 on
// the date of from to 00:00 on the day after the date of to, both local
// time in loc. Only the year, month and day of from and to are used, read
// in their own locations. A nil loc means UTC. It is an error if to comes
// before from or if the period is longer than five years.
func PeriodOf(from, to time.Time, loc *time.Location) (Period, error) {
	loc = orUTC(loc)
	fy, fm, fd := from.Date()
	ty, tm, td := to.Date()
	start := time.Date(fy, fm, fd, 0, 0, 0, 0, loc)
	last := time.Date(ty, tm, td, 0, 0, 0, 0, loc)
	if last.Before(start) {
		return Period{}, apperr.InvalidField("to", "%s comes before the first day %s",
			last.Format(time.DateOnly), start.Format(time.DateOnly))
	}
	end := time.Date(ty, tm, td+1, 0, 0, 0, 0, loc)
	if end.After(start.AddDate(maxYears, 0, 0)) {
		return Period{}, apperr.InvalidField("to", "the period may be at most %d years long", maxYears)
	}
	return Period{From: start, To: end}, nil
}

// YearEarlier is the same calendar dates one year earlier, in the same zone
// (nil means UTC): a period of 2025-03-01 to 2025-03-31 becomes 2024-03-01
// to 2024-03-31. The 29th of February, which the earlier year may lack,
// becomes the 28th, both as the first day and as the last day included.
func (p Period) YearEarlier(loc *time.Location) Period {
	loc = orUTC(loc)
	// To is exclusive: move the last day included, then take the day after it.
	last := p.To.In(loc).AddDate(0, 0, -1)
	return Period{
		From: yearBefore(p.From.In(loc)),
		To:   yearBefore(last).AddDate(0, 0, 1),
	}
}

// yearBefore is the same wall-clock time one year earlier, with the 29th of
// February becoming the 28th.
func yearBefore(t time.Time) time.Time {
	y, m, d := t.Date()
	if m == time.February && d == 29 {
		d = 28
	}
	return time.Date(y-1, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// orUTC returns loc, or UTC if it is nil.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// Figures are the figures of one scope and period. Records count in the
// period by the time named with each figure: issues by reported_at,
// mediation cases by opened_at, service records by served_at, patrol shifts
// and public events by starts_at.
type Figures struct {
	// Issues is the number of issues reported in the period.
	Issues int
	// IssuesByKind counts the issues reported in the period by kind; every
	// kind is present, with zero if there are none.
	IssuesByKind map[string]int
	// IssuesByStatus counts the issues reported in the period by their
	// current status; every status is present.
	IssuesByStatus map[string]int
	// PoliceCalls is the number of issues of channel POLICE_CALL.
	PoliceCalls int
	// RepeatPoliceCalls is the number of police calls that repeat an earlier call.
	RepeatPoliceCalls int
	// Disputes is the number of issues of kind DISPUTE.
	Disputes int
	// PreventableCases is the number of issues of incident class PREVENTABLE.
	PreventableCases int
	// CriminalCases is the number of issues of incident class CRIMINAL.
	CriminalCases int
	// Mediations is the number of mediation cases opened in the period.
	Mediations int
	// MediationsResolved is the number of those whose outcome is AGREEMENT.
	MediationsResolved int
	// MedianAcknowledge is the median time from report to acknowledgement of
	// the issues reported in the period that were acknowledged; nil if none
	// were. Medians are rounded to the millisecond.
	MedianAcknowledge *time.Duration
	// MedianFirstArrival is the median time from report to first arrival on
	// the scene; nil if no one arrived for any issue.
	MedianFirstArrival *time.Duration
	// MedianResolve is the median time from report to (last) resolution;
	// nil if none is resolved.
	MedianResolve *time.Duration
	// Ratings is the number of issues reported in the period with a rating.
	Ratings int
	// MeanRating is the mean of those ratings; nil if there are none.
	MeanRating *float64
	// StewardServiceMinutes is the sum of the durations of the stewards'
	// service records served in the period. For a grid, only the service to
	// residents living in a compound of the grid counts.
	StewardServiceMinutes int
	// PatrolMemberMinutes is the sum, over the patrol shifts starting in the
	// period, of the length of the shift times the number of its members,
	// rounded to the minute. Patrols cover the whole community: it is 0 for
	// a grid scope, where the figure does not apply.
	PatrolMemberMinutes int
	// EventsSecured is the number of public events starting in the period
	// that have at least one patrol shift. Like patrol minutes, it is 0 for a
	// grid scope, where the figure does not apply.
	EventsSecured int
}

// Parts picks the groups of figures that ComputeMany computes; a group
// left out keeps its zero values (nil for the medians and the mean rating)
// and costs no statement.
type Parts uint8

const (
	// IssueCounts are Issues, IssuesByKind, IssuesByStatus, PoliceCalls,
	// RepeatPoliceCalls, Disputes, PreventableCases, CriminalCases, Ratings
	// and MeanRating: one statement.
	IssueCounts Parts = 1 << iota
	// Medians are MedianAcknowledge, MedianFirstArrival and MedianResolve:
	// one statement, the costliest, since it ranks every time.
	Medians
	// Mediations are Mediations and MediationsResolved.
	Mediations
	// Service is StewardServiceMinutes.
	Service
	// Patrols are PatrolMemberMinutes and EventsSecured.
	Patrols
	// All is every figure.
	All = IssueCounts | Medians | Mediations | Service | Patrols
)

// Compute computes every figure of a scope for a period with SQL
// aggregates (COUNT, SUM, GROUP BY, window functions for the medians), a
// handful of statements, never per-row work in Go. dialect is the store's
// dialect: "sqlite3" or "postgres".
func Compute(ctx context.Context, q Querier, dialect string, s Scope, p Period) (Figures, error) {
	fs, err := ComputeMany(ctx, q, dialect, s, []Period{p}, All)
	if err != nil {
		return Figures{}, err
	}
	return fs[0], nil
}

// ComputeMany computes the figures of parts for several periods of one
// scope at once, as Compute does for each, returning them in the order of
// periods. Each group of figures costs one statement for all the periods
// together (at most three statements in all), so a period beside the same
// dates a year earlier costs no more round trips than the period alone.
// Periods may overlap; a record in two of them counts in both.
func ComputeMany(ctx context.Context, q Querier, dialect string, s Scope, periods []Period, parts Parts) ([]Figures, error) {
	d, err := dialectOf(dialect)
	if err != nil {
		return nil, err
	}
	if s.CommunityID == "" {
		return nil, apperr.InvalidField("communityID", "is required")
	}
	if len(periods) == 0 {
		return nil, apperr.Invalidf("no period to compute")
	}
	for _, p := range periods {
		if !p.To.After(p.From) {
			return nil, apperr.Invalidf("the period must end after it begins")
		}
	}
	c := computation{q: q, d: d, s: s, periods: periods}
	fs := make([]Figures, len(periods))
	for k := range fs {
		fs[k] = Figures{IssuesByKind: zeroes(issueKinds), IssuesByStatus: zeroes(issueStatuses)}
	}
	steps := []struct {
		what string
		part Parts
		run  func(context.Context, []Figures) error
	}{
		{"issue counts", IssueCounts, c.issueCounts},
		{"response times", Medians, c.medians},
		{"mediations, service and patrols", Mediations | Service | Patrols, func(ctx context.Context, fs []Figures) error {
			return c.others(ctx, fs, parts)
		}},
	}
	for _, st := range steps {
		if parts&st.part == 0 {
			continue
		}
		if err := st.run(ctx, fs); err != nil {
			return nil, fmt.Errorf("stats: computing %s: %w", st.what, err)
		}
	}
	return fs, nil
}

// Change is the change from previous to current in percent, rounded to one
// decimal: nil when previous is 0, where no change can be told.
func Change(current, previous float64) *float64 {
	if previous == 0 {
		return nil
	}
	v := math.Round((current-previous)/previous*1000) / 10
	if v == 0 {
		v = 0 // not -0
	}
	return &v
}

// issueKinds and issueStatuses are the values of the issue enums, as the
// schema declares them, so that every value has a figure.
var (
	issueKinds    = enumValues(migrate.IssuesTable, "kind")
	issueStatuses = enumValues(migrate.IssuesTable, "status")
)

// enumValues returns the values of an enum column. It is read once, before
// any migration works on the table descriptions.
func enumValues(t *schema.Table, name string) []string {
	c, ok := t.Column(name)
	if !ok || len(c.Enums) == 0 {
		panic("stats: no enum column " + name)
	}
	return slices.Clone(c.Enums)
}

// zeroes returns a map with every key at 0.
func zeroes(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for _, k := range keys {
		m[k] = 0
	}
	return m
}

// sqlDialect holds what differs between the databases.
type sqlDialect struct {
	// seconds is the expression of the seconds from earlier to later, two
	// time columns, as a floating-point or numeric value.
	seconds func(later, earlier string) string
}

// dialectOf returns the SQL of a store dialect.
//
// SQLite stores times as text in UTC, in one layout ("2025-03-01
// 08:00:00.5+00:00": trailing zeros of the fraction dropped, always the
// +00:00 suffix), and the driver writes time arguments in the same layout,
// so that comparing text compares times. unixepoch(t, 'subsec') reads that
// layout with its fraction, to the millisecond; julianday does too, but its
// floating-point days lose some microseconds once turned into seconds.
// PostgreSQL subtracts timestamps with time zone into an interval.
func dialectOf(name string) (sqlDialect, error) {
	switch name {
	case dialect.SQLite:
		return sqlDialect{seconds: func(later, earlier string) string {
			return fmt.Sprintf("(unixepoch(%s, 'subsec') - unixepoch(%s, 'subsec'))", later, earlier)
		}}, nil
	case dialect.Postgres:
		return sqlDialect{seconds: func(later, earlier string) string {
			return fmt.Sprintf("EXTRACT(EPOCH FROM (%s - %s))", later, earlier)
		}}, nil
	}
	return sqlDialect{}, fmt.Errorf("stats: unsupported dialect %q", name)
}

// computation is one run of ComputeMany. Its statements take the community
// as $1, period k as $(2+2k) and $(3+2k) (in UTC) and, for a grid, the grid
// after the last period.
type computation struct {
	q       Querier
	d       sqlDialect
	s       Scope
	periods []Period
}

// grid reports whether the scope is one grid.
func (c *computation) grid() bool { return c.s.GridID != "" }

// gridParam is the placeholder of the grid.
func (c *computation) gridParam() string { return fmt.Sprintf("$%d", 2+2*len(c.periods)) }

// args are the arguments of a statement: the grid only for a grid scope,
// since PostgreSQL refuses arguments a statement does not use.
func (c *computation) args() []any {
	a := []any{string(c.s.CommunityID)}
	for _, p := range c.periods {
		a = append(a, p.From.UTC(), p.To.UTC())
	}
	if c.grid() {
		a = append(a, string(c.s.GridID))
	}
	return a
}

// in is the condition that column, a time, lies in period k.
func (c *computation) in(column string, k int) string {
	return fmt.Sprintf("%s >= $%d AND %s < $%d", column, 2+2*k, column, 3+2*k)
}

// issuesIn is a UNION ALL of the columns of the issues i reported in each
// period and in scope, each row with its period's index as p: an issue in
// two periods gives two rows.
func (c *computation) issuesIn(columns string) string {
	var parts []string
	for k := range c.periods {
		w := fmt.Sprintf("SELECT %d AS p, %s FROM issues i WHERE i.community_id = $1 AND %s", k, columns, c.in("i.reported_at", k))
		if c.grid() {
			w += " AND i.grid_id = " + c.gridParam()
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// issueCounts counts the issues by kind and current status, with police
// calls, cases and ratings in each group, and adds the groups up.
func (c *computation) issueCounts(ctx context.Context, fs []Figures) error {
	query := `SELECT x.p, x.kind, x.status, COUNT(*),
	COUNT(CASE WHEN x.channel = 'POLICE_CALL' THEN 1 END),
	COUNT(CASE WHEN x.channel = 'POLICE_CALL' AND x.repeat_of_id IS NOT NULL THEN 1 END),
	COUNT(CASE WHEN x.incident_class = 'PREVENTABLE' THEN 1 END),
	COUNT(CASE WHEN x.incident_class = 'CRIMINAL' THEN 1 END),
	COUNT(x.rating),
	COALESCE(SUM(x.rating), 0)
FROM (` + c.issuesIn("i.kind, i.status, i.channel, i.repeat_of_id, i.incident_class, i.rating") + `) x
GROUP BY x.p, x.kind, x.status`
	rows, err := c.q.QueryContext(ctx, query, c.args()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	ratingSums := make([]int, len(fs))
	for rows.Next() {
		var (
			p, n, calls, repeats, preventable, criminal, ratings, ratingSum int
			kind, status                                                    string
		)
		if err := rows.Scan(&p, &kind, &status, &n, &calls, &repeats, &preventable, &criminal, &ratings, &ratingSum); err != nil {
			return err
		}
		if p < 0 || p >= len(fs) {
			return fmt.Errorf("period %d out of range", p)
		}
		f := &fs[p]
		f.Issues += n
		f.IssuesByKind[kind] += n
		f.IssuesByStatus[status] += n
		if kind == "DISPUTE" {
			f.Disputes += n
		}
		f.PoliceCalls += calls
		f.RepeatPoliceCalls += repeats
		f.PreventableCases += preventable
		f.CriminalCases += criminal
		f.Ratings += ratings
		ratingSums[p] += ratingSum
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for k := range fs {
		if fs[k].Ratings > 0 {
			mean := float64(ratingSums[k]) / float64(fs[k].Ratings)
			fs[k].MeanRating = &mean
		}
	}
	return nil
}

// medians computes the median times to acknowledge (m = 0), to first
// arrival (1) and to resolve (2) of every period (p) in one statement. Each
// median ranks the durations of its (m, p) with ROW_NUMBER and counts them
// with COUNT(*) OVER, then averages the middle row (n odd) or the two
// middle rows (n even): rows (n+1)/2 and (n+2)/2 in integer division.
func (c *computation) medians(ctx context.Context, fs []Figures) error {
	times := func(m int, column string) string {
		d := c.d.seconds("b."+column, "b.reported_at")
		return fmt.Sprintf("SELECT %d AS m, b.p, %s AS d FROM base b WHERE b.%s IS NOT NULL", m, d, column)
	}
	query := `WITH base AS (
` + c.issuesIn("i.reported_at, i.acknowledged_at, i.first_arrival_at, i.resolved_at") + `
), durations AS (
` + times(0, "acknowledged_at") + `
UNION ALL
` + times(1, "first_arrival_at") + `
UNION ALL
` + times(2, "resolved_at") + `
), ranked AS (
	SELECT t.m, t.p, t.d,
		ROW_NUMBER() OVER (PARTITION BY t.m, t.p ORDER BY t.d) AS rn,
		COUNT(*) OVER (PARTITION BY t.m, t.p) AS n
	FROM durations t
)
SELECT r.m, r.p, AVG(r.d) FROM ranked r
WHERE r.rn IN ((r.n + 1) / 2, (r.n + 2) / 2)
GROUP BY r.m, r.p`
	rows, err := c.q.QueryContext(ctx, query, c.args()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			m, p int
			sec  sql.NullFloat64
		)
		if err := rows.Scan(&m, &p, &sec); err != nil {
			return err
		}
		if p < 0 || p >= len(fs) {
			return fmt.Errorf("period %d out of range", p)
		}
		switch m {
		case 0:
			fs[p].MedianAcknowledge = duration(sec)
		case 1:
			fs[p].MedianFirstArrival = duration(sec)
		case 2:
			fs[p].MedianResolve = duration(sec)
		}
	}
	return rows.Err()
}

// duration turns seconds into a duration rounded to the millisecond, the
// precision SQLite computes with; nil for NULL.
func duration(sec sql.NullFloat64) *time.Duration {
	if !sec.Valid {
		return nil
	}
	d := time.Duration(math.Round(sec.Float64*1000)) * time.Millisecond
	return &d
}

// others computes the figures of mediations, steward service and patrols
// that parts asks for, for every period, in one statement of scalar
// subqueries.
//
// Mediations count the cases opened in the period and those that ended in
// agreement; for a grid, a case counts when its issue is in the grid.
// Steward service sums the minutes served; for a grid, a record counts
// when the resident served lives in a compound of the grid. Patrols are
// community-wide, so a grid scope leaves them at 0: each pair of a shift
// and one of its members adds the shift's length, so the sum is each
// shift's length times its number of members, rounded to the minute once,
// so that shifts with odd seconds are not rounded one by one.
func (c *computation) others(ctx context.Context, fs []Figures, parts Parts) error {
	if c.grid() {
		parts &^= Patrols
	}
	var (
		cols []string
		dest []any
	)
	mediations := make([]int, 2*len(fs))
	seconds := make([]float64, len(fs))
	for k := range c.periods {
		if parts&Mediations != 0 {
			from := `FROM mediation_cases m WHERE m.community_id = $1 AND ` + c.in("m.opened_at", k)
			if c.grid() {
				from += ` AND EXISTS (SELECT 1 FROM issues i WHERE i.id = m.issue_id AND i.community_id = $1 AND i.grid_id = ` + c.gridParam() + `)`
			}
			cols = append(cols, "(SELECT COUNT(*) "+from+")", "(SELECT COUNT(*) "+from+" AND m.outcome = 'AGREEMENT')")
			dest = append(dest, &mediations[2*k], &mediations[2*k+1])
		}
		if parts&Service != 0 {
			sub := `(SELECT COALESCE(SUM(r.duration_minutes), 0) FROM service_records r
	WHERE r.community_id = $1 AND ` + c.in("r.served_at", k)
			if c.grid() {
				sub += ` AND EXISTS (
		SELECT 1 FROM residents p JOIN compounds g ON g.id = p.compound_id
		WHERE p.id = r.resident_id AND p.community_id = $1 AND g.community_id = $1 AND g.grid_id = ` + c.gridParam() + `)`
			}
			cols = append(cols, sub+")")
			dest = append(dest, &fs[k].StewardServiceMinutes)
		}
		if parts&Patrols != 0 {
			cols = append(cols, `(SELECT COALESCE(SUM(`+c.d.seconds("s.ends_at", "s.starts_at")+`), 0)
	FROM patrol_shifts s
	JOIN patrol_shift_members sm ON sm.patrol_shift_id = s.id
	JOIN patrol_members pm ON pm.id = sm.patrol_member_id AND pm.community_id = $1
	WHERE s.community_id = $1 AND `+c.in("s.starts_at", k)+`)`,
				`(SELECT COUNT(*) FROM public_events e
	WHERE e.community_id = $1 AND `+c.in("e.starts_at", k)+`
	AND EXISTS (SELECT 1 FROM patrol_shifts s WHERE s.event_id = e.id AND s.community_id = $1))`)
			dest = append(dest, &seconds[k], &fs[k].EventsSecured)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	if err := scanOne(ctx, c.q, "SELECT "+strings.Join(cols, ",\n"), c.args(), dest...); err != nil {
		return err
	}
	for k := range fs {
		if parts&Mediations != 0 {
			fs[k].Mediations, fs[k].MediationsResolved = mediations[2*k], mediations[2*k+1]
		}
		if parts&Patrols != 0 {
			fs[k].PatrolMemberMinutes = int(math.Round(seconds[k] / 60))
		}
	}
	return nil
}

// scanOne runs a query that returns one row and scans it.
func scanOne(ctx context.Context, q Querier, query string, args []any, dest ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}
