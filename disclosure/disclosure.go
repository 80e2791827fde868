// Package disclosure decides when a resident's personal information is
// shown unmasked, and records every such read in the access log. A resident
// sees their own data; the police of the resident's community see all of
// it; community staff and grid workers see all but the ID-card number; the
// mediator of a case sees the phone and address of its parties (the table
// is authz.Unmask). Everyone else sees masked values (138****5678).
package disclosure

import (
	"context"
	"slices"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/mediationcase"
	"wutong/ent/mediationparty"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/reqid"
)

// Field is a piece of a resident's personal information.
type Field = authz.Field

// The personal fields.
const (
	Phone     = authz.Phone
	IDCard    = authz.IDCard
	Address   = authz.Address
	CareFlags = authz.CareFlags
)

// Recorder collects the unmasked reads of one request and writes them to
// the access log at its end, in one statement.
type Recorder struct {
	client  *ent.Client
	dialect string

	mu       sync.Mutex
	entries  []entry
	seen     map[string]bool   // resident and field already recorded
	mediated map[gid.ID]gid.ID // party resident -> a case the viewer mediates
	loaded   bool
}

// entry is one read to be written to the access log.
type entry struct {
	community, viewer, resident gid.ID
	field, reason, requestID    string
	at                          time.Time
}

// recorderKey is the context key of the Recorder.
type recorderKey struct{}

// WithRecorder returns a context whose unmasked reads are recorded, to be
// written through client, whose database has the given dialect
// (store.Store.Dialect).
func WithRecorder(ctx context.Context, client *ent.Client, dialect string) (context.Context, *Recorder) {
	r := &Recorder{client: client, dialect: dialect}
	return context.WithValue(ctx, recorderKey{}, r), r
}

// Flush writes the recorded reads to the access log in one statement.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	entries := r.entries
	r.entries = nil
	r.mu.Unlock()
	if len(entries) == 0 {
		return nil
	}
	if r.dialect == dialect.Postgres {
		return r.flushArrays(ctx, entries)
	}
	builders := make([]*ent.AccessLogCreate, len(entries))
	for i, e := range entries {
		builders[i] = r.client.AccessLog.Create().
			SetCommunityID(e.community).
			SetViewerID(e.viewer).
			SetResidentID(e.resident).
			SetField(e.field).
			SetReason(e.reason).
			SetRequestID(e.requestID).
			SetAt(e.at)
	}
	return r.client.AccessLog.CreateBulk(builders...).Exec(authz.System(ctx))
}

// insertArrays writes many access-log rows on PostgreSQL with one array
// per column, so that the statement has 8 parameters however many rows it
// writes (ent's bulk insert has 8 per row: 800 for a page of 50 residents
// with phone and address, which PostgreSQL parses and plans every time).
// The access log has no hooks that act on creation (appendOnly refuses
// changes; the audit log skips it), so writing it outside ent loses no rule.
const insertArrays = `INSERT INTO access_logs (id, community_id, viewer_id, resident_id, field, reason, request_id, at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])`

// flushArrays writes entries with insertArrays.
func (r *Recorder) flushArrays(ctx context.Context, entries []entry) error {
	cols := make([]pq.StringArray, 8)
	for i := range cols {
		cols[i] = make(pq.StringArray, len(entries))
	}
	for i, e := range entries {
		cols[0][i] = string(gid.New("AccessLog"))
		cols[1][i] = string(e.community)
		cols[2][i] = string(e.viewer)
		cols[3][i] = string(e.resident)
		cols[4][i] = e.field
		cols[5][i] = e.reason
		cols[6][i] = e.requestID
		cols[7][i] = e.at.UTC().Format(time.RFC3339Nano)
	}
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = c
	}
	_, err := r.client.ExecContext(ctx, insertArrays, args...)
	return err
}

// reason says why the viewer may see a field of a resident unmasked; ""
// means they may not. The resident's own reads need no reason.
func (r *Recorder) reason(ctx context.Context, v *auth.Viewer, res *ent.Resident, f Field) (string, error) {
	for _, role := range v.Roles[res.CommunityID] {
		if authz.Unmasks(role, f) {
			return "role " + string(role), nil
		}
	}
	if !slices.Contains(authz.MediatorUnmask, f) {
		return "", nil
	}
	if err := r.loadMediated(ctx, v); err != nil {
		return "", err
	}
	if c, ok := r.mediated[res.ID]; ok {
		return "mediator of case " + c.String(), nil
	}
	return "", nil
}

// loadMediated finds, once per request, the parties of the cases the
// viewer mediates.
func (r *Recorder) loadMediated(ctx context.Context, v *auth.Viewer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded {
		return nil
	}
	parties, err := r.client.MediationParty.Query().
		Where(mediationparty.HasCaseWith(mediationcase.HasMediatorsWith(user.ID(v.UserID)))).
		All(authz.System(ctx))
	if err != nil {
		return err
	}
	r.mediated = map[gid.ID]gid.ID{}
	for _, p := range parties {
		r.mediated[p.ResidentID] = p.CaseID
	}
	r.loaded = true
	return nil
}

// Reveal reports whether the viewer of ctx may see a field of a resident
// unmasked, and records the read if it is not their own data. Without a
// Recorder in ctx nothing is revealed.
func Reveal(ctx context.Context, res *ent.Resident, f Field) (bool, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return false, nil
	}
	if v.ResidentID != "" && v.ResidentID == res.ID {
		return true, nil
	}
	r, ok := ctx.Value(recorderKey{}).(*Recorder)
	if !ok {
		return false, nil
	}
	why, err := r.reason(ctx, v, res, f)
	if err != nil || why == "" {
		return false, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key := string(res.ID) + "/" + string(f)
	if r.seen[key] {
		return true, nil
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[key] = true
	r.entries = append(r.entries, entry{
		community: res.CommunityID,
		viewer:    v.UserID,
		resident:  res.ID,
		field:     string(f),
		reason:    why,
		requestID: reqid.From(ctx),
		at:        time.Now(),
	})
	return true, nil
}
