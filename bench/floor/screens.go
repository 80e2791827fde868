package floor

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/lib/pq"

	"wutong/geo"
	"wutong/personal"
)

// The answers, field for field in the order the screens' queries ask.
type (
	ref struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	person struct {
		ID    string  `json:"id"`
		Name  string  `json:"name"`
		Phone *string `json:"phone"`
	}
	assignee struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	}
	comment struct {
		ID        string    `json:"id"`
		Body      string    `json:"body"`
		CreatedAt time.Time `json:"createdAt"`
	}
	edge[T any] struct {
		Node T `json:"node"`
	}
	edges[T any] struct {
		Edges []edge[T] `json:"edges"`
	}
	connection[T any] struct {
		Edges    []edge[T] `json:"edges"`
		PageInfo pageInfo  `json:"pageInfo"`
	}
)

// wrap turns nodes into edges.
func wrap[T any](nodes []T) []edge[T] {
	out := make([]edge[T], len(nodes))
	for i, n := range nodes {
		out[i].Node = n
	}
	return out
}

// openStatuses are the statuses of issues still to be dealt with.
var openStatuses = []string{"REPORTED", "ACKNOWLEDGED", "IN_PROGRESS", "REOPENED"}

// dashboardIssue is one issue of the staff dashboard.
type dashboardIssue struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"`
	Priority   string          `json:"priority"`
	ReportedAt time.Time       `json:"reportedAt"`
	Reporter   *person         `json:"reporter"`
	Compound   *ref            `json:"compound"`
	Grid       *ref            `json:"grid"`
	Assignees  edges[assignee] `json:"assignees"`
	Comments   edges[comment]  `json:"comments"`
}

// dashboard is the staff dashboard: the newest open issues of a community
// with reporter, compound, grid, five assignees and the last three comments,
// in one statement.
func (c *call) dashboard(ctx context.Context, raw json.RawMessage) (any, error) {
	var in struct {
		Community string `json:"community"`
		First     int    `json:"first"`
	}
	if err := decode(raw, &in); err != nil {
		return nil, err
	}
	first, err := pageSize(in.First)
	if err != nil {
		return nil, err
	}
	const q = `SELECT i.id, i.title, i.kind, i.status, i.priority, i.reported_at,
	r.id, r.name, r.phone, r.community_id, cp.id, cp.name, g.id, g.name,
	a.ids, a.names, cm.ids, cm.bodies, cm.created
FROM (
	SELECT id, title, kind, status, priority, reported_at, reporter_id, compound_id, grid_id
	FROM issues
	WHERE community_id = $1 AND community_id = ANY($2) AND status = ANY($3)
	ORDER BY reported_at DESC, id DESC
	LIMIT $4
) i
LEFT JOIN residents r ON r.id = i.reporter_id AND r.community_id = ANY($5)
LEFT JOIN compounds cp ON cp.id = i.compound_id AND cp.community_id = ANY($6)
LEFT JOIN grids g ON g.id = i.grid_id AND g.community_id = ANY($6)
LEFT JOIN LATERAL (
	SELECT array_agg(x.id ORDER BY x.id) AS ids, array_agg(x.display_name ORDER BY x.id) AS names
	FROM (
		SELECT u.id, u.display_name
		FROM issue_assignees ia JOIN users u ON u.id = ia.user_id
		WHERE ia.issue_id = i.id
		AND (u.id = $7 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.community_id = ANY($8)))
		ORDER BY u.id LIMIT 5
	) x
) a ON true
LEFT JOIN LATERAL (
	SELECT array_agg(x.id ORDER BY x.id) AS ids, array_agg(x.body ORDER BY x.id) AS bodies,
		array_agg((extract(epoch FROM x.created_at) * 1000000)::bigint ORDER BY x.id) AS created
	FROM (
		SELECT id, body, created_at FROM issue_comments
		WHERE issue_id = i.id AND community_id = ANY($9)
		ORDER BY id DESC LIMIT 3
	) x
) cm ON true
ORDER BY i.reported_at DESC, i.id DESC`
	v := c.v
	rows, err := c.s.db.QueryContext(ctx, q, in.Community, pq.Array(v.full("Issue")), pq.Array(openStatuses), first+1,
		pq.Array(v.full("Resident")), pq.Array(v.full("Grid")), v.userID, pq.Array(v.full("User")), pq.Array(v.full("IssueComment")))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []dashboardIssue
	for rows.Next() {
		var (
			is                             dashboardIssue
			rID, rName, rPhone, rCommunity sql.NullString
			cpID, cpName, gID, gName       sql.NullString
			aIDs, aNames, cIDs, cBodies    []string
			cCreated                       []int64
		)
		if err := rows.Scan(&is.ID, &is.Title, &is.Kind, &is.Status, &is.Priority, &is.ReportedAt,
			&rID, &rName, &rPhone, &rCommunity, &cpID, &cpName, &gID, &gName,
			pq.Array(&aIDs), pq.Array(&aNames), pq.Array(&cIDs), pq.Array(&cBodies), pq.Array(&cCreated)); err != nil {
			return nil, err
		}
		is.ReportedAt = utc(is.ReportedAt)
		if rID.Valid {
			is.Reporter = &person{ID: rID.String, Name: rName.String,
				Phone: c.reveal(rID.String, rCommunity.String, "phone", rPhone, personal.MaskPhone)}
		}
		if cpID.Valid {
			is.Compound = &ref{ID: cpID.String, Name: cpName.String}
		}
		if gID.Valid {
			is.Grid = &ref{ID: gID.String, Name: gName.String}
		}
		as := make([]assignee, len(aIDs))
		for k := range aIDs {
			as[k] = assignee{ID: aIDs[k], DisplayName: aNames[k]}
		}
		is.Assignees.Edges = wrap(as)
		cs := make([]comment, len(cIDs))
		for k := range cIDs {
			cs[k] = comment{ID: cIDs[k], Body: cBodies[k], CreatedAt: micros(cCreated[k])}
		}
		is.Comments.Edges = wrap(cs)
		list = append(list, is)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := connection[dashboardIssue]{}
	if len(list) > first {
		list, out.PageInfo.HasNextPage = list[:first], true
	}
	out.Edges = wrap(list)
	if n := len(list); n > 0 {
		out.PageInfo.EndCursor = cursor(list[n-1].ReportedAt.Format(time.RFC3339Nano), list[n-1].ID)
	}
	return map[string]any{"issues": out}, nil
}

// The parts of an issue in full.
type (
	event struct {
		ID         string    `json:"id"`
		Kind       string    `json:"kind"`
		FromStatus *string   `json:"fromStatus"`
		ToStatus   *string   `json:"toStatus"`
		Note       string    `json:"note"`
		OccurredAt time.Time `json:"occurredAt"`
	}
	dispatch struct {
		ID        string     `json:"id"`
		Status    string     `json:"status"`
		SentAt    time.Time  `json:"sentAt"`
		ArrivedAt *time.Time `json:"arrivedAt"`
		Member    *ref       `json:"member"`
	}
	party struct {
		Role     string `json:"role"`
		Resident *ref   `json:"resident"`
	}
	session struct {
		StartedAt       time.Time `json:"startedAt"`
		DurationMinutes int       `json:"durationMinutes"`
	}
	mediation struct {
		ID       string         `json:"id"`
		Title    string         `json:"title"`
		Status   string         `json:"status"`
		Outcome  *string        `json:"outcome"`
		Parties  edges[party]   `json:"parties"`
		Sessions edges[session] `json:"sessions"`
	}
	fullIssue struct {
		ID             string           `json:"id"`
		Title          string           `json:"title"`
		Description    string           `json:"description"`
		Kind           string           `json:"kind"`
		Category       string           `json:"category"`
		Status         string           `json:"status"`
		ReportedAt     time.Time        `json:"reportedAt"`
		ResolvedAt     *time.Time       `json:"resolvedAt"`
		Reporter       *person          `json:"reporter"`
		Events         edges[event]     `json:"events"`
		Dispatches     edges[dispatch]  `json:"dispatches"`
		MediationCases edges[mediation] `json:"mediationCases"`
	}
)

// timePtr returns a time in UTC, or nil for NULL.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := utc(t.Time)
	return &u
}

// issueInFull is one issue with its timeline, dispatches and mediation, in
// two statements: the issue with its timeline and dispatches, then its
// mediation cases with their parties and sessions.
func (c *call) issueInFull(ctx context.Context, raw json.RawMessage) (any, error) {
	var in struct {
		Issue string `json:"issue"`
		First int    `json:"first"`
	}
	if err := decode(raw, &in); err != nil {
		return nil, err
	}
	first, err := pageSize(in.First)
	if err != nil {
		return nil, err
	}
	v := c.v
	const q1 = `SELECT i.id, i.title, i.description, i.kind, i.category, i.status, i.reported_at, i.resolved_at,
	r.id, r.name, r.phone, r.community_id,
	e.ids, e.kinds, e.froms, e.tos, e.notes, e.at,
	d.ids, d.statuses, d.sent, d.arrived, d.members, d.names
FROM issues i
LEFT JOIN residents r ON r.id = i.reporter_id AND r.community_id = ANY($3)
LEFT JOIN LATERAL (
	SELECT array_agg(x.id ORDER BY x.id) AS ids, array_agg(x.kind ORDER BY x.id) AS kinds,
		array_agg(x.from_status ORDER BY x.id) AS froms, array_agg(x.to_status ORDER BY x.id) AS tos,
		array_agg(x.note ORDER BY x.id) AS notes,
		array_agg((extract(epoch FROM x.occurred_at) * 1000000)::bigint ORDER BY x.id) AS at
	FROM (
		SELECT id, kind, from_status, to_status, note, occurred_at FROM issue_events
		WHERE issue_id = i.id AND community_id = ANY($4)
		ORDER BY id LIMIT $5
	) x
) e ON true
LEFT JOIN LATERAL (
	SELECT array_agg(x.id ORDER BY x.id) AS ids, array_agg(x.status ORDER BY x.id) AS statuses,
		array_agg((extract(epoch FROM x.sent_at) * 1000000)::bigint ORDER BY x.id) AS sent,
		array_agg((extract(epoch FROM x.arrived_at) * 1000000)::bigint ORDER BY x.id) AS arrived,
		array_agg(pm.id ORDER BY x.id) AS members, array_agg(pm.name ORDER BY x.id) AS names
	FROM (
		SELECT id, status, sent_at, arrived_at, member_id FROM dispatches
		WHERE issue_id = i.id AND community_id = ANY($6)
		ORDER BY id LIMIT $5
	) x
	LEFT JOIN patrol_members pm ON pm.id = x.member_id AND pm.community_id = ANY($7)
) d ON true
WHERE i.id = $1 AND i.community_id = ANY($2)`
	var (
		is                             fullIssue
		desc                           sql.NullString
		resolved                       sql.NullTime
		rID, rName, rPhone, rCommunity sql.NullString
		eIDs, eKinds                   []string
		eFrom, eTo, eNote              []sql.NullString
		eAt, dSent                     []int64
		dArrived                       []sql.NullInt64
		dIDs, dStatus                  []string
		dMembers, dNames               []sql.NullString
	)
	err = c.s.db.QueryRowContext(ctx, q1, in.Issue, pq.Array(v.full("Issue")), pq.Array(v.full("Resident")),
		pq.Array(v.full("IssueEvent")), first, pq.Array(v.full("Dispatch")), pq.Array(v.full("PatrolMember"))).Scan(
		&is.ID, &is.Title, &desc, &is.Kind, &is.Category, &is.Status, &is.ReportedAt, &resolved,
		&rID, &rName, &rPhone, &rCommunity,
		pq.Array(&eIDs), pq.Array(&eKinds), pq.Array(&eFrom), pq.Array(&eTo), pq.Array(&eNote), pq.Array(&eAt),
		pq.Array(&dIDs), pq.Array(&dStatus), pq.Array(&dSent), pq.Array(&dArrived), pq.Array(&dMembers), pq.Array(&dNames))
	if err == sql.ErrNoRows {
		return map[string]any{"node": nil}, nil
	}
	if err != nil {
		return nil, err
	}
	is.Description = desc.String
	is.ReportedAt = utc(is.ReportedAt)
	is.ResolvedAt = timePtr(resolved)
	if rID.Valid {
		is.Reporter = &person{ID: rID.String, Name: rName.String,
			Phone: c.reveal(rID.String, rCommunity.String, "phone", rPhone, personal.MaskPhone)}
	}
	evs := make([]event, len(eIDs))
	for k := range eIDs {
		evs[k] = event{ID: eIDs[k], Kind: eKinds[k], FromStatus: nullable(eFrom[k]), ToStatus: nullable(eTo[k]),
			Note: eNote[k].String, OccurredAt: micros(eAt[k])}
	}
	is.Events.Edges = wrap(evs)
	ds := make([]dispatch, len(dIDs))
	for k := range dIDs {
		ds[k] = dispatch{ID: dIDs[k], Status: dStatus[k], SentAt: micros(dSent[k])}
		if dArrived[k].Valid {
			t := micros(dArrived[k].Int64)
			ds[k].ArrivedAt = &t
		}
		if dMembers[k].Valid {
			ds[k].Member = &ref{ID: dMembers[k].String, Name: dNames[k].String}
		}
	}
	is.Dispatches.Edges = wrap(ds)

	const q2 = `SELECT mc.id, mc.title, mc.status, mc.outcome, p.roles, p.residents, p.names, s.started, s.minutes
FROM (
	SELECT id, title, status, outcome FROM mediation_cases
	WHERE issue_id = $1 AND community_id = ANY($2)
	ORDER BY id LIMIT 5
) mc
LEFT JOIN LATERAL (
	SELECT array_agg(x.role ORDER BY x.id) AS roles, array_agg(r.id ORDER BY x.id) AS residents,
		array_agg(r.name ORDER BY x.id) AS names
	FROM (
		SELECT id, role, resident_id FROM mediation_parties
		WHERE case_id = mc.id AND community_id = ANY($3)
		ORDER BY id LIMIT $4
	) x
	LEFT JOIN residents r ON r.id = x.resident_id AND r.community_id = ANY($5)
) p ON true
LEFT JOIN LATERAL (
	SELECT array_agg((extract(epoch FROM x.started_at) * 1000000)::bigint ORDER BY x.id) AS started,
		array_agg(x.duration_minutes ORDER BY x.id) AS minutes
	FROM (
		SELECT id, started_at, duration_minutes FROM mediation_sessions
		WHERE case_id = mc.id AND community_id = ANY($6)
		ORDER BY id LIMIT $4
	) x
) s ON true
ORDER BY mc.id`
	rows, err := c.s.db.QueryContext(ctx, q2, is.ID, pq.Array(v.full("MediationCase")), pq.Array(v.full("MediationParty")),
		first, pq.Array(v.full("Resident")), pq.Array(v.full("MediationSession")))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cases []mediation
	for rows.Next() {
		var (
			m                mediation
			outcome          sql.NullString
			roles            []string
			residents, names []sql.NullString
			started, minutes []int64
		)
		if err := rows.Scan(&m.ID, &m.Title, &m.Status, &outcome, pq.Array(&roles), pq.Array(&residents), pq.Array(&names),
			pq.Array(&started), pq.Array(&minutes)); err != nil {
			return nil, err
		}
		m.Outcome = nullable(outcome)
		ps := make([]party, len(roles))
		for k := range roles {
			ps[k].Role = roles[k]
			if residents[k].Valid {
				ps[k].Resident = &ref{ID: residents[k].String, Name: names[k].String}
			}
		}
		m.Parties.Edges = wrap(ps)
		ss := make([]session, len(started))
		for k := range started {
			ss[k] = session{StartedAt: micros(started[k]), DurationMinutes: int(minutes[k])}
		}
		m.Sessions.Edges = wrap(ss)
		cases = append(cases, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	is.MediationCases.Edges = wrap(cases)
	return map[string]any{"node": is}, nil
}

// resident is one line of the residents screen.
type resident struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Phone     *string `json:"phone"`
	Building  *string `json:"building"`
	Unit      *string `json:"unit"`
	Room      *string `json:"room"`
	Residency string  `json:"residency"`
}

// likePrefix is a LIKE pattern for names starting with prefix.
func likePrefix(prefix string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(prefix) + "%"
}

// residents is a compound's residents whose names start with a prefix, by
// name, in one statement.
func (c *call) residents(ctx context.Context, raw json.RawMessage) (any, error) {
	var in struct {
		Compound string `json:"compound"`
		Prefix   string `json:"prefix"`
		First    int    `json:"first"`
	}
	if err := decode(raw, &in); err != nil {
		return nil, err
	}
	first, err := pageSize(in.First)
	if err != nil {
		return nil, err
	}
	const q = `SELECT id, name, phone, building, unit, room, residency, community_id FROM residents
WHERE compound_id = $1 AND community_id = ANY($2) AND name LIKE $3
ORDER BY name, id
LIMIT $4`
	rows, err := c.s.db.QueryContext(ctx, q, in.Compound, pq.Array(c.v.full("Resident")), likePrefix(in.Prefix), first+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []resident
	for rows.Next() {
		var (
			r                                resident
			phone, building, unit, room, cid sql.NullString
		)
		if err := rows.Scan(&r.ID, &r.Name, &phone, &building, &unit, &room, &r.Residency, &cid); err != nil {
			return nil, err
		}
		r.Phone = c.reveal(r.ID, cid.String, "phone", phone, personal.MaskPhone)
		r.Building = c.reveal(r.ID, cid.String, "address", building, personal.MaskText)
		r.Unit = c.reveal(r.ID, cid.String, "address", unit, personal.MaskText)
		r.Room = c.reveal(r.ID, cid.String, "address", room, personal.MaskText)
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := connection[resident]{}
	if len(list) > first {
		list, out.PageInfo.HasNextPage = list[:first], true
	}
	out.Edges = wrap(list)
	if n := len(list); n > 0 {
		out.PageInfo.EndCursor = cursor(list[n-1].Name, list[n-1].ID)
	}
	return map[string]any{"residents": out}, nil
}

// The patrol app's answer.
type (
	dispatchIssue struct {
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		Latitude  *float64 `json:"latitude"`
		Longitude *float64 `json:"longitude"`
		Address   string   `json:"address"`
	}
	myDispatch struct {
		ID     string         `json:"id"`
		Status string         `json:"status"`
		SentAt time.Time      `json:"sentAt"`
		Issue  *dispatchIssue `json:"issue"`
	}
	nearIssue struct {
		ID         string    `json:"id"`
		Title      string    `json:"title"`
		Status     string    `json:"status"`
		ReportedAt time.Time `json:"reportedAt"`
	}
	nearby struct {
		DistanceMeters int       `json:"distanceMeters"`
		Issue          nearIssue `json:"issue"`
	}
)

// Bounds of the patrol screen, as Wutong's casework.Nearby has them.
const (
	nearbyMaxRadius  = 5000
	nearbyCandidates = 500
	patrolRadius     = 2000 // the screen's radiusMeters
)

// floatPtr returns nil for NULL.
func floatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}

// patrol is the patrol app's screen: the viewer's open dispatches, then
// the open hazards within 2 km that the viewer may read, nearest first;
// one statement each. Distances are computed in Go, as Wutong does, from
// the candidates in a box around the circle.
func (c *call) patrol(ctx context.Context, raw json.RawMessage) (any, error) {
	var in struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		First     int     `json:"first"`
	}
	if err := decode(raw, &in); err != nil {
		return nil, err
	}
	n := min(max(in.First, 1), 100)
	v := c.v
	// Dispatches: the viewer's own wherever they may read dispatches.
	dispatchers := v.with(append(slices.Clone(office), "PATROL_VOLUNTEER"))
	const q1 = `SELECT d.id, d.status, d.sent_at, i.id, i.title, i.latitude, i.longitude, i.address
FROM dispatches d
JOIN patrol_members pm ON pm.id = d.member_id AND pm.user_id = $1
LEFT JOIN issues i ON i.id = d.issue_id AND i.community_id = ANY($2)
WHERE d.community_id = ANY($3) AND d.status IN ('SENT', 'ACCEPTED', 'ARRIVED')
ORDER BY d.sent_at DESC, d.id DESC
LIMIT $4`
	rows, err := c.s.db.QueryContext(ctx, q1, v.userID, pq.Array(v.with(nil)), pq.Array(dispatchers), n)
	if err != nil {
		return nil, err
	}
	mine := []myDispatch{}
	for rows.Next() {
		var (
			d                myDispatch
			iID, title, addr sql.NullString
			lat, lon         sql.NullFloat64
		)
		if err := rows.Scan(&d.ID, &d.Status, &d.SentAt, &iID, &title, &lat, &lon, &addr); err != nil {
			rows.Close()
			return nil, err
		}
		d.SentAt = utc(d.SentAt)
		if iID.Valid {
			d.Issue = &dispatchIssue{ID: iID.String, Title: title.String, Latitude: floatPtr(lat), Longitude: floatPtr(lon),
				Address: addr.String}
		}
		mine = append(mine, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if !geo.Valid(in.Latitude, in.Longitude) {
		return nil, fail("BAD_USER_INPUT", "latitude: not a position on Earth")
	}
	b := geo.Around(in.Latitude, in.Longitude, patrolRadius)
	full := v.full("Issue")
	var own []string
	for _, cm := range v.with(nil) {
		if !slices.Contains(full, cm) {
			own = append(own, cm)
		}
	}
	const q2 = `SELECT i.id, i.title, i.status, i.reported_at, i.latitude, i.longitude
FROM issues i
WHERE i.status = ANY($1) AND i.kind = 'HAZARD'
AND i.latitude >= $2 AND i.latitude <= $3 AND i.longitude >= $4 AND i.longitude <= $5
AND (i.community_id = ANY($6) OR (i.community_id = ANY($7) AND (
	i.reporter_id = $8 OR i.reported_by_id = $9
	OR EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id AND a.user_id = $9)
	OR EXISTS (SELECT 1 FROM dispatches d JOIN patrol_members pm ON pm.id = d.member_id
		WHERE d.issue_id = i.id AND pm.user_id = $9))))
ORDER BY i.reported_at DESC
LIMIT $10`
	rows, err = c.s.db.QueryContext(ctx, q2, pq.Array(openStatuses), b.MinLat, b.MaxLat, b.MinLon, b.MaxLon,
		pq.Array(full), pq.Array(own), v.residentID, v.userID, nearbyCandidates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	near := []nearby{}
	for rows.Next() {
		var (
			is       nearIssue
			lat, lon float64
		)
		if err := rows.Scan(&is.ID, &is.Title, &is.Status, &is.ReportedAt, &lat, &lon); err != nil {
			return nil, err
		}
		if d := geo.Distance(in.Latitude, in.Longitude, lat, lon); d <= patrolRadius {
			is.ReportedAt = utc(is.ReportedAt)
			near = append(near, nearby{DistanceMeters: int(math.Round(d)), Issue: is})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(near, func(a, b nearby) int { return a.DistanceMeters - b.DistanceMeters })
	if len(near) > n {
		near = near[:n]
	}
	return map[string]any{"myDispatches": mine, "nearbyIssues": near}, nil
}

// withPrevious is the JSON of a figure with its previous value and change.
type withPrevious struct {
	Value         *float64 `json:"value"`
	Previous      *float64 `json:"previous"`
	ChangePercent *float64 `json:"changePercent"`
}

// valueOnly is the JSON of a figure whose value alone is asked for.
type valueOnly struct {
	Value *float64 `json:"value"`
}

// change is the change in percent, one decimal, nil when previous is 0
// (Wutong's stats.Change).
func change(current, previous float64) *float64 {
	if previous == 0 {
		return nil
	}
	v := math.Round((current-previous)/previous*1000) / 10
	if v == 0 {
		v = 0
	}
	return &v
}

// counted returns a figure of two counts.
func counted(cur, prev int64) withPrevious {
	c, p := float64(cur), float64(prev)
	return withPrevious{Value: &c, Previous: &p, ChangePercent: change(c, p)}
}

// stats is a community's figures for a period beside the same dates a
// year earlier, in its time zone, in one statement.
func (c *call) stats(ctx context.Context, raw json.RawMessage) (any, error) {
	var in struct {
		Community string `json:"community"`
		From      string `json:"from"`
		To        string `json:"to"`
	}
	if err := decode(raw, &in); err != nil {
		return nil, err
	}
	from, err1 := time.Parse(time.DateOnly, in.From)
	to, err2 := time.Parse(time.DateOnly, in.To)
	if err1 != nil || err2 != nil || to.Before(from) || to.After(from.AddDate(5, 0, 0)) {
		return nil, fail("BAD_USER_INPUT", "from and to must be dates, to not before from, at most five years apart")
	}
	if !slices.Contains(c.v.full("Issue"), in.Community) {
		return nil, fail("FORBIDDEN", "the figures are for the community's staff and police")
	}
	// The period is [from, to + 1 day) in the community's time zone; the
	// year before it is the same dates a year earlier (29 February becomes
	// the 28th, as PostgreSQL's date - interval '1 year' does).
	const q = `WITH p AS (
	SELECT c.id,
		($2::date)::timestamp AT TIME ZONE c.time_zone AS f,
		($3::date + 1)::timestamp AT TIME ZONE c.time_zone AS t,
		(($2::date - interval '1 year')::date)::timestamp AT TIME ZONE c.time_zone AS pf,
		(($3::date - interval '1 year')::date + 1)::timestamp AT TIME ZONE c.time_zone AS pt
	FROM communities c WHERE c.id = $1
)
SELECT
	count(*) FILTER (WHERE i.reported_at >= p.f AND i.reported_at < p.t),
	count(*) FILTER (WHERE i.reported_at >= p.pf AND i.reported_at < p.pt),
	count(*) FILTER (WHERE i.kind = 'DISPUTE' AND i.reported_at >= p.f AND i.reported_at < p.t),
	count(*) FILTER (WHERE i.kind = 'DISPUTE' AND i.reported_at >= p.pf AND i.reported_at < p.pt),
	count(*) FILTER (WHERE i.channel = 'POLICE_CALL' AND i.reported_at >= p.f AND i.reported_at < p.t),
	count(*) FILTER (WHERE i.channel = 'POLICE_CALL' AND i.reported_at >= p.pf AND i.reported_at < p.pt),
	count(*) FILTER (WHERE i.channel = 'POLICE_CALL' AND i.repeat_of_id IS NOT NULL AND i.reported_at >= p.f AND i.reported_at < p.t),
	count(*) FILTER (WHERE i.channel = 'POLICE_CALL' AND i.repeat_of_id IS NOT NULL AND i.reported_at >= p.pf AND i.reported_at < p.pt),
	count(*) FILTER (WHERE i.incident_class = 'PREVENTABLE' AND i.reported_at >= p.f AND i.reported_at < p.t),
	(SELECT count(*) FROM mediation_cases m
	 WHERE m.community_id = p.id AND m.opened_at >= p.f AND m.opened_at < p.t AND m.outcome = 'AGREEMENT')
FROM p
LEFT JOIN issues i ON i.community_id = p.id
	AND ((i.reported_at >= p.f AND i.reported_at < p.t) OR (i.reported_at >= p.pf AND i.reported_at < p.pt))
GROUP BY p.id, p.f, p.t`
	var n [10]int64
	err := c.s.db.QueryRowContext(ctx, q, in.Community, in.From, in.To).Scan(
		&n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7], &n[8], &n[9])
	if err == sql.ErrNoRows {
		return nil, fail("NOT_FOUND", "no such community")
	}
	if err != nil {
		return nil, err
	}
	preventable, resolved := float64(n[8]), float64(n[9])
	return map[string]any{"communityStats": struct {
		Issues             withPrevious `json:"issues"`
		Disputes           withPrevious `json:"disputes"`
		PoliceCalls        withPrevious `json:"policeCalls"`
		RepeatPoliceCalls  withPrevious `json:"repeatPoliceCalls"`
		PreventableCases   valueOnly    `json:"preventableCases"`
		MediationsResolved valueOnly    `json:"mediationsResolved"`
	}{
		Issues:             counted(n[0], n[1]),
		Disputes:           counted(n[2], n[3]),
		PoliceCalls:        counted(n[4], n[5]),
		RepeatPoliceCalls:  counted(n[6], n[7]),
		PreventableCases:   valueOnly{&preventable},
		MediationsResolved: valueOnly{&resolved},
	}}, nil
}

// pageIssue is one line of a page of issues.
type pageIssue struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Status     string    `json:"status"`
	ReportedAt time.Time `json:"reportedAt"`
}

// issuesPage is one page of a community's issues, oldest first, after a
// cursor (keyset pagination on reported_at and id), in one statement.
func (c *call) issuesPage(ctx context.Context, raw json.RawMessage) (any, error) {
	var in struct {
		Community string  `json:"community"`
		First     int     `json:"first"`
		After     *string `json:"after"`
	}
	if err := decode(raw, &in); err != nil {
		return nil, err
	}
	first, err := pageSize(in.First)
	if err != nil {
		return nil, err
	}
	// Before any cursor, every issue is after the earliest time and the empty ID.
	afterTime, afterID := time.Unix(-62135596800, 0), ""
	if in.After != nil {
		value, id, err := parseCursor(*in.After)
		if err != nil {
			return nil, err
		}
		if afterTime, err = time.Parse(time.RFC3339Nano, value); err != nil {
			return nil, fail("BAD_USER_INPUT", "bad cursor")
		}
		afterID = id
	}
	const q = `SELECT id, title, status, reported_at FROM issues
WHERE community_id = $1 AND community_id = ANY($2) AND reported_at >= $3 AND (reported_at, id) > ($3, $4)
ORDER BY reported_at, id
LIMIT $5`
	rows, err := c.s.db.QueryContext(ctx, q, in.Community, pq.Array(c.v.full("Issue")), afterTime, afterID, first+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []pageIssue
	for rows.Next() {
		var is pageIssue
		if err := rows.Scan(&is.ID, &is.Title, &is.Status, &is.ReportedAt); err != nil {
			return nil, err
		}
		is.ReportedAt = utc(is.ReportedAt)
		list = append(list, is)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := connection[pageIssue]{}
	if len(list) > first {
		list, out.PageInfo.HasNextPage = list[:first], true
	}
	out.Edges = wrap(list)
	if n := len(list); n > 0 {
		out.PageInfo.EndCursor = cursor(list[n-1].ReportedAt.Format(time.RFC3339Nano), list[n-1].ID)
	}
	return map[string]any{"issues": out}, nil
}
