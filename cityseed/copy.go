package cityseed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"
)

// table is the rows of one table that a community adds, in memory until
// they are copied.
type table struct {
	name string
	cols []string
	rows [][]any
}

// add appends a row; its values are in the order of the columns.
func (t *table) add(values ...any) {
	if len(values) != len(t.cols) {
		panic(fmt.Sprintf("cityseed: %d values for the %d columns of %s", len(values), len(t.cols), t.name))
	}
	t.rows = append(t.rows, values)
}

// copyStatement is the COPY ... FROM STDIN statement of the table.
func (t *table) copyStatement() string {
	quoted := make([]string, len(t.cols))
	for i, c := range t.cols {
		quoted[i] = pq.QuoteIdentifier(c)
	}
	return "COPY " + pq.QuoteIdentifier(t.name) + " (" + strings.Join(quoted, ", ") + ") FROM STDIN"
}

// tables are the rows of every table a community adds. Their order in all
// is the order they are copied in: every row refers only to rows copied
// before it or in the same table.
type tables struct {
	communities, grids, compounds, residents, users, memberships      table
	stewards, stewardCompounds, serviceRecords, meetingPoints         table
	patrolTeams, patrolMembers, patrolShifts, patrolShiftMembers      table
	issues, issueAssignees, issueComments, issueEvents, dispatches    table
	mediationCases, mediationCaseMediators, mediationParties, notices table
	mediationSessions                                                 table
}

// newTables returns empty tables with their columns, as the migrations
// define them (migrations/postgres).
func newTables() *tables {
	cols := func(name string, c ...string) table { return table{name: name, cols: c} }
	return &tables{
		communities: cols("communities", "id", "created_at", "updated_at", "name", "code", "district", "address", "time_zone",
			"area_square_meters", "description", "repeat_call_window_days", "repeat_call_radius_meters", "latitude", "longitude"),
		grids: cols("grids", "id", "created_at", "updated_at", "name", "code", "kind", "description", "community_id"),
		compounds: cols("compounds", "id", "created_at", "updated_at", "name", "address", "management", "property_company",
			"building_count", "household_count", "built_year", "latitude", "longitude", "community_id", "grid_id"),
		residents: cols("residents", "id", "created_at", "updated_at", "name", "phone", "id_card_number", "building", "unit", "room",
			"residency", "party_member", "care_flags", "hall_member", "moved_in_at", "community_id", "compound_id"),
		users: cols("users", "id", "created_at", "updated_at", "username", "phone", "display_name", "active", "password_hash",
			"resident_id"),
		memberships: cols("memberships", "id", "created_at", "updated_at", "role", "title", "community_id", "grid_id", "user_id"),
		stewards: cols("stewards", "id", "created_at", "updated_at", "work_unit", "reported_at", "buildings", "active",
			"community_id", "resident_id"),
		stewardCompounds: cols("steward_compounds", "steward_id", "compound_id"),
		serviceRecords: cols("service_records", "id", "created_at", "updated_at", "kind", "served_at", "duration_minutes", "notes",
			"community_id", "resident_id", "steward_id"),
		meetingPoints: cols("meeting_points", "id", "created_at", "updated_at", "kind", "name", "address", "opening_hours",
			"capacity", "latitude", "longitude", "community_id", "compound_id"),
		patrolTeams: cols("patrol_teams", "id", "created_at", "updated_at", "name", "description", "community_id"),
		patrolMembers: cols("patrol_members", "id", "created_at", "updated_at", "name", "affiliation", "on_duty", "last_latitude",
			"last_longitude", "last_located_at", "community_id", "team_id", "user_id"),
		patrolShifts: cols("patrol_shifts", "id", "created_at", "updated_at", "starts_at", "ends_at", "route", "log",
			"community_id", "team_id"),
		patrolShiftMembers: cols("patrol_shift_members", "patrol_shift_id", "patrol_member_id"),
		issues: cols("issues", "id", "created_at", "updated_at", "title", "description", "kind", "category", "channel", "priority",
			"status", "incident_class", "anonymous", "address", "reported_at", "acknowledged_at", "started_at", "first_arrival_at",
			"resolved_at", "closed_at", "rating", "feedback", "resolution", "version", "latitude", "longitude", "community_id",
			"compound_id", "grid_id", "reported_by_id", "repeat_of_id", "duplicate_of_id", "patrol_shift_id", "reporter_id"),
		issueAssignees: cols("issue_assignees", "issue_id", "user_id"),
		issueComments: cols("issue_comments", "id", "created_at", "updated_at", "body", "visibility", "community_id", "issue_id",
			"author_id"),
		issueEvents: cols("issue_events", "id", "kind", "from_status", "to_status", "note", "occurred_at", "community_id",
			"issue_id", "actor_id"),
		dispatches: cols("dispatches", "id", "created_at", "updated_at", "status", "sent_at", "accepted_at", "declined_at",
			"arrived_at", "completed_at", "distance_meters", "community_id", "issue_id", "member_id"),
		mediationCases: cols("mediation_cases", "id", "created_at", "updated_at", "title", "status", "outcome", "agreement",
			"opened_at", "closed_at", "follow_up_on", "community_id", "issue_id", "meeting_point_id"),
		mediationCaseMediators: cols("mediation_case_mediators", "mediation_case_id", "user_id"),
		mediationParties: cols("mediation_parties", "id", "created_at", "updated_at", "role", "community_id", "case_id",
			"resident_id"),
		mediationSessions: cols("mediation_sessions", "id", "created_at", "updated_at", "place", "started_at",
			"duration_minutes", "notes", "community_id", "case_id", "meeting_point_id"),
		notices: cols("notices", "id", "created_at", "updated_at", "kind", "audience", "title", "body", "published_at",
			"expires_at", "community_id", "compound_id", "grid_id"),
	}
}

// all lists the tables in the order they are copied.
func (t *tables) all() []*table {
	return []*table{
		&t.communities, &t.grids, &t.compounds, &t.residents, &t.users, &t.memberships,
		&t.stewards, &t.stewardCompounds, &t.serviceRecords, &t.meetingPoints,
		&t.patrolTeams, &t.patrolMembers, &t.patrolShifts, &t.patrolShiftMembers,
		&t.issues, &t.issueAssignees, &t.issueComments, &t.issueEvents, &t.dispatches,
		&t.mediationCases, &t.mediationCaseMediators, &t.mediationParties, &t.mediationSessions,
		&t.notices,
	}
}

// TableNames lists the tables Load writes, in the order it writes them.
func TableNames() []string {
	var out []string
	for _, t := range newTables().all() {
		out = append(out, t.name)
	}
	return out
}

// copied is what copying one community took: rows and time per table.
type copied struct {
	rows map[string]int64
	time map[string]time.Duration
}

// write copies all rows of one community in one transaction, with
// synchronous commit off (a crash loses the last communities, which the
// load would be run again for anyway), and, if trust is set, without the
// foreign-key triggers.
func (t *tables) write(ctx context.Context, db *sql.DB, trust bool) (*copied, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	set := "SET LOCAL synchronous_commit = off"
	if trust {
		set += "; SET LOCAL session_replication_role = replica"
	}
	if _, err := tx.ExecContext(ctx, set); err != nil {
		return nil, err
	}
	out := &copied{rows: map[string]int64{}, time: map[string]time.Duration{}}
	for _, tb := range t.all() {
		if len(tb.rows) == 0 {
			continue
		}
		began := time.Now()
		if err := tb.copyIn(ctx, tx); err != nil {
			return nil, fmt.Errorf("copying %s: %w", tb.name, err)
		}
		out.rows[tb.name] += int64(len(tb.rows))
		out.time[tb.name] += time.Since(began)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return out, nil
}

// copyIn sends the rows of the table with COPY.
func (t *table) copyIn(ctx context.Context, tx *sql.Tx) error {
	stmt, err := tx.PrepareContext(ctx, t.copyStatement())
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, row := range t.rows {
		if i%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if _, err := stmt.Exec(row...); err != nil {
			return err
		}
	}
	_, err = stmt.ExecContext(ctx)
	return err
}
