package main

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"wutong/bench/floor"
)

// params are the screens' arguments, picked from the data.
type params struct {
	// Staff is the login of the staff user; Community is the community
	// they serve as COMMUNITY_STAFF, the one under test.
	Staff, Community, CommunityName string
	// Patrol is the login of a patrol volunteer of the community, the user
	// of the patrol screen; PatrolUser, PatrolResident and PatrolMember
	// are their user, resident (may be empty) and patrol member.
	Patrol, PatrolUser, PatrolResident, PatrolMember string
	// Compound is the community's compound with the most residents,
	// Prefix the most common first character of their names.
	Compound, CompoundName, Prefix string
	// Issue is an issue with a mediation case, dispatches and the longest
	// timeline the community has.
	Issue string
	// Latitude and Longitude are where the patrol volunteer stands.
	Latitude, Longitude float64
	// Year is the last full year of data; TimeZone the community's.
	Year     int
	TimeZone string
	// Issues is the community's number of issues; Page the page read by
	// cursor (1000, or the last full page if there are fewer), PageSize
	// its size; PageAfterID and PageAfterAt the last issue before it.
	Issues, Page, PageSize int
	PageAfterID            string
	PageAfterAt            time.Time
	// First is the page size of the other screens' lists.
	First int
}

// pickLogin returns the given login, or the first of the candidates that
// exists with a role in some community.
func pickLogin(ctx context.Context, db *sql.DB, given string, candidates ...string) (string, error) {
	if given != "" {
		return given, nil
	}
	for _, c := range candidates {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE username = $1`, c).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return c, nil
		}
	}
	return "", fmt.Errorf("none of the logins %s exists; pass one", strings.Join(candidates, ", "))
}

// pickParams reads the screens' arguments from the database.
func pickParams(ctx context.Context, db *sql.DB, cfg config) (*params, error) {
	p := &params{PageSize: cfg.pageSize, First: cfg.first}
	var err error
	if p.Staff, err = pickLogin(ctx, db, cfg.staff, "city-staff-0001", "demo-staff"); err != nil {
		return nil, err
	}
	err = db.QueryRowContext(ctx, `SELECT c.id, c.name, c.time_zone FROM memberships m
JOIN users u ON u.id = m.user_id JOIN communities c ON c.id = m.community_id
WHERE u.username = $1 AND m.role = 'COMMUNITY_STAFF' ORDER BY c.id LIMIT 1`, p.Staff).Scan(&p.Community, &p.CommunityName, &p.TimeZone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s is not COMMUNITY_STAFF of any community", p.Staff)
	}
	if err != nil {
		return nil, err
	}

	// The compound with the most residents and its most common first character.
	err = db.QueryRowContext(ctx, `SELECT k.id, k.name FROM compounds k
JOIN residents r ON r.compound_id = k.id
WHERE k.community_id = $1 GROUP BY k.id, k.name ORDER BY count(*) DESC, k.id LIMIT 1`, p.Community).Scan(&p.Compound, &p.CompoundName)
	if err != nil {
		return nil, fmt.Errorf("finding the busiest compound: %w", err)
	}
	err = db.QueryRowContext(ctx, `SELECT left(name, 1) FROM residents WHERE compound_id = $1
GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`, p.Compound).Scan(&p.Prefix)
	if err != nil {
		return nil, fmt.Errorf("finding a name prefix: %w", err)
	}

	// The fullest issue: with a mediation case, then with dispatches, then
	// with the longest timeline.
	err = db.QueryRowContext(ctx, `SELECT i.id FROM issues i
LEFT JOIN LATERAL (SELECT count(*) AS n FROM mediation_cases m WHERE m.issue_id = i.id) m ON true
LEFT JOIN LATERAL (SELECT count(*) AS n FROM dispatches d WHERE d.issue_id = i.id) d ON true
LEFT JOIN LATERAL (SELECT count(*) AS n FROM issue_events e WHERE e.issue_id = i.id) e ON true
WHERE i.community_id = $1
ORDER BY m.n > 0 DESC, d.n > 0 DESC, e.n DESC, i.id LIMIT 1`, p.Community).Scan(&p.Issue)
	if err != nil {
		return nil, fmt.Errorf("finding an issue: %w", err)
	}

	if err := pickPatrol(ctx, db, cfg, p); err != nil {
		return nil, err
	}

	// The last full year of data, in the community's time zone.
	var last time.Time
	if err := db.QueryRowContext(ctx, `SELECT max(reported_at) FROM issues WHERE community_id = $1`, p.Community).Scan(&last); err != nil {
		return nil, fmt.Errorf("finding the last year: %w", err)
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return nil, err
	}
	p.Year = last.In(loc).Year() - 1

	// Page N by cursor: the issue just before it, by reported_at and id.
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM issues WHERE community_id = $1`, p.Community).Scan(&p.Issues); err != nil {
		return nil, err
	}
	p.Page = min(cfg.page, p.Issues/p.PageSize)
	if p.Page < 2 {
		return nil, fmt.Errorf("the community has %d issues: too few for a second page of %d", p.Issues, p.PageSize)
	}
	err = db.QueryRowContext(ctx, `SELECT id, reported_at FROM issues WHERE community_id = $1
ORDER BY reported_at, id OFFSET $2 LIMIT 1`, p.Community, (p.Page-1)*p.PageSize-1).Scan(&p.PageAfterID, &p.PageAfterAt)
	if err != nil {
		return nil, fmt.Errorf("finding the cursor of page %d: %w", p.Page, err)
	}
	return p, nil
}

// pickPatrol picks the patrol volunteer with the most open dispatches
// among those whose logins match the pattern, and where
// they stand: at an open hazard dispatched to them, else where they were
// last seen, else at the community's centre.
func pickPatrol(ctx context.Context, db *sql.DB, cfg config, p *params) error {
	pattern := cfg.patrol
	if pattern == "" {
		pattern = "city-patrol-%"
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE username = 'demo-patrol'`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			pattern = "demo-patrol"
		}
	}
	// Anywhere in the city: open dispatches are rare in generated history,
	// and the screen means most with some. Ties go to the staff's community.
	err := db.QueryRowContext(ctx, `SELECT u.username, u.id, coalesce(u.resident_id, ''), pm.id
FROM users u
JOIN patrol_members pm ON pm.user_id = u.id
JOIN memberships ms ON ms.user_id = u.id AND ms.community_id = pm.community_id AND ms.role = 'PATROL_VOLUNTEER'
WHERE u.username LIKE $2 AND u.active
ORDER BY (SELECT count(*) FROM dispatches d WHERE d.member_id = pm.id AND d.status IN ('SENT', 'ACCEPTED', 'ARRIVED')) DESC,
	pm.community_id = $1 DESC,
	(SELECT count(*) FROM dispatches d WHERE d.member_id = pm.id) DESC, u.username
LIMIT 1`, p.Community, pattern).Scan(&p.Patrol, &p.PatrolUser, &p.PatrolResident, &p.PatrolMember)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("no patrol volunteer has a login like %q; pass -patrol", pattern)
	}
	if err != nil {
		return err
	}
	var lat, lon sql.NullFloat64
	err = db.QueryRowContext(ctx, `SELECT i.latitude, i.longitude FROM dispatches d JOIN issues i ON i.id = d.issue_id
WHERE d.member_id = $1 AND i.kind = 'HAZARD' AND i.status IN ('REPORTED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED')
AND i.latitude IS NOT NULL AND i.longitude IS NOT NULL
ORDER BY d.sent_at DESC, d.id DESC LIMIT 1`, p.PatrolMember).Scan(&lat, &lon)
	if errors.Is(err, sql.ErrNoRows) {
		err = db.QueryRowContext(ctx, `SELECT pm.last_latitude, pm.last_longitude FROM patrol_members pm WHERE pm.id = $1`,
			p.PatrolMember).Scan(&lat, &lon)
	}
	if err != nil {
		return err
	}
	if !lat.Valid || !lon.Valid {
		if err := db.QueryRowContext(ctx, `SELECT latitude, longitude FROM communities WHERE id = $1`, p.Community).Scan(&lat, &lon); err != nil {
			return err
		}
	}
	if !lat.Valid || !lon.Valid {
		return errors.New("no position for the patrol screen")
	}
	p.Latitude, p.Longitude = lat.Float64, lon.Float64
	return nil
}

// wutongCursor is an entgql cursor: base64 (without padding) of the
// msgpack of {i: ID, v: order value}, as ent/gql_pagination.go makes them.
func wutongCursor(id string, value any) (string, error) {
	b, err := msgpack.Marshal(struct {
		ID    string `msgpack:"i"`
		Value any    `msgpack:"v,omitempty"`
	}{id, value})
	if err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(b), nil
}

// floorCursor is the floor's cursor after an issue of the page order.
func floorCursor(id string, at time.Time) string {
	return floor.IssueCursor(at, id)
}

// period returns the screen's year as Wutong's dates, and as instants
// in the community's time zone for PostGraphile: the year and the year
// before it.
func (p *params) period() (from, to string, bounds [4]string, err error) {
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return "", "", bounds, err
	}
	at := func(y int) string { return time.Date(y, 1, 1, 0, 0, 0, 0, loc).Format(time.RFC3339) }
	bounds = [4]string{at(p.Year), at(p.Year + 1), at(p.Year - 1), at(p.Year)}
	return fmt.Sprintf("%d-01-01", p.Year), fmt.Sprintf("%d-12-31", p.Year), bounds, nil
}
