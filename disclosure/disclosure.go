// Package disclosure shows a resident's personal information (and a
// login's phone) to each viewer as authz.Disclose decides, and records
// every full read of someone else's data in the access log. It is the one
// place that decides: GraphQL's resolvers on every path, the Excel export
// and anything else that shows these fields call it with the record, and
// it works out how the viewer stands to the person (their own data, a case
// they mediate, a building they watch over as steward) once per request.
package disclosure

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/compound"
	"wutong/ent/mediationcase"
	"wutong/ent/mediationparty"
	"wutong/ent/membership"
	"wutong/ent/steward"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/personal"
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
	seen     map[string]bool   // person and field already recorded
	mediated map[gid.ID]gid.ID // party resident -> a case the viewer mediates
	steward  *ent.Steward      // the viewer's steward record, with its compounds
	members  map[gid.ID][]gid.ID
	loaded   bool
}

// entry is one read to be written to the access log.
type entry struct {
	community, viewer, resident, user gid.ID
	field, reason, requestID          string
	at                                time.Time
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
			SetNillableResidentID(nonEmpty(e.resident)).
			SetNillableUserID(nonEmpty(e.user)).
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
const insertArrays = `INSERT INTO access_logs (id, community_id, viewer_id, resident_id, user_id, field, reason, request_id, at)
SELECT id, c, v, NULLIF(r, ''), NULLIF(u, ''), f, why, req, at
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS t(id, c, v, r, u, f, why, req, at)`

// flushArrays writes entries with insertArrays.
func (r *Recorder) flushArrays(ctx context.Context, entries []entry) error {
	cols := make([]pq.StringArray, 9)
	for i := range cols {
		cols[i] = make(pq.StringArray, len(entries))
	}
	for i, e := range entries {
		cols[0][i] = string(gid.New("AccessLog"))
		cols[1][i] = string(e.community)
		cols[2][i] = string(e.viewer)
		cols[3][i] = string(e.resident)
		cols[4][i] = string(e.user)
		cols[5][i] = e.field
		cols[6][i] = e.reason
		cols[7][i] = e.requestID
		cols[8][i] = e.at.UTC().Format(time.RFC3339Nano)
	}
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = c
	}
	_, err := r.client.ExecContext(ctx, insertArrays, args...)
	return err
}

// nonEmpty is nil for an empty ID, for optional columns.
func nonEmpty(id gid.ID) *gid.ID {
	if id == "" {
		return nil
	}
	return &id
}

// relations works out how the viewer stands to a resident through their
// work (see authz.Relations), as far as it matters for the fields: not at
// all (no query) when the viewer's roles already show them all in full, or
// when no relation shows any of the others.
func (r *Recorder) relations(ctx context.Context, v *auth.Viewer, res *ent.Resident, fields ...Field) (authz.Relations, error) {
	rel := authz.Relations{Self: v.ResidentID != "" && v.ResidentID == res.ID}
	if rel.Self {
		return rel, nil
	}
	need := false
	for _, f := range fields {
		if shown, _ := authz.Disclose(v, res.CommunityID, rel, f); shown != authz.Full && authz.Relates(f) {
			need = true
		}
	}
	if !need {
		return rel, nil
	}
	if err := r.load(ctx, v); err != nil {
		return rel, err
	}
	rel.MediatedCase = r.mediated[res.ID]
	if s := r.steward; s != nil && s.CommunityID == res.CommunityID && v.Has(res.CommunityID, membership.RoleSTEWARD) &&
		res.CompoundID != "" && watches(s, res.CompoundID, res.Building) {
		rel.StewardOf = s.ID
	}
	return rel, nil
}

// watches reports whether a steward watches over a building of a
// compound: one of the steward's compounds, and one of the buildings they
// list, or any if they list none. Buildings compare by number, so that
// "3号楼" and "3" are the same building.
func watches(s *ent.Steward, compound gid.ID, building string) bool {
	if !slices.ContainsFunc(s.Edges.Compounds, func(c *ent.Compound) bool { return c.ID == compound }) {
		return false
	}
	if len(s.Buildings) == 0 {
		return true
	}
	b := buildingNumber(building)
	return b != "" && slices.ContainsFunc(s.Buildings, func(x string) bool { return buildingNumber(x) == b })
}

// buildingNumber is a building's name without the words around its
// number: "3号楼", "3栋", "3幢" and "3" are all "3".
func buildingNumber(s string) string {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"号楼", "号", "楼", "栋", "幢", "座"} {
		s = strings.TrimSuffix(s, suffix)
	}
	return strings.TrimSpace(s)
}

// load finds, once per request, the parties of the cases the viewer
// mediates and the compounds they watch over as steward.
func (r *Recorder) load(ctx context.Context, v *auth.Viewer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded {
		return nil
	}
	sys := authz.System(ctx)
	parties, err := r.client.MediationParty.Query().
		Where(mediationparty.HasCaseWith(mediationcase.HasMediatorsWith(user.ID(v.UserID)))).
		Select(mediationparty.FieldResidentID, mediationparty.FieldCaseID).
		All(sys)
	if err != nil {
		return err
	}
	r.mediated = map[gid.ID]gid.ID{}
	for _, p := range parties {
		r.mediated[p.ResidentID] = p.CaseID
	}
	if v.ResidentID != "" {
		s, err := r.client.Steward.Query().
			Where(steward.ResidentID(v.ResidentID), steward.Active(true)).
			WithCompounds(func(q *ent.CompoundQuery) { q.Select(compound.FieldID) }).
			Only(sys)
		switch {
		case err == nil:
			r.steward = s
		case !ent.IsNotFound(err):
			return err
		}
	}
	r.loaded = true
	return nil
}

// record adds a full read of someone else's data to the access log, once
// per person and field in a request.
func (r *Recorder) record(ctx context.Context, v *auth.Viewer, e entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := string(e.resident) + string(e.user) + "/" + e.field
	if r.seen[key] {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[key] = true
	e.viewer, e.requestID, e.at = v.UserID, reqid.From(ctx), time.Now()
	r.entries = append(r.entries, e)
}

// Decide is how the viewer of ctx is shown field f of a resident (see
// authz.Disclose), with a full read of someone else's data recorded for
// the access log. Without a viewer, or without a Recorder in ctx, nothing
// is shown in full.
func Decide(ctx context.Context, res *ent.Resident, f Field) (authz.Shown, error) {
	v := auth.FromContext(ctx)
	r, ok := ctx.Value(recorderKey{}).(*Recorder)
	if v == nil || !ok {
		shown, _ := authz.Disclose(nil, "", authz.Relations{}, f)
		return shown, nil
	}
	rel, err := r.relations(ctx, v, res, f)
	if err != nil {
		return authz.Withheld, err
	}
	shown, why := authz.Disclose(v, res.CommunityID, rel, f)
	if shown == authz.Full && why != "" {
		r.record(ctx, v, entry{community: res.CommunityID, resident: res.ID, field: string(f), reason: why})
	}
	return shown, nil
}

// Show is a resident's personal text field as the viewer of ctx is shown
// it, and how: in full, masked (personal.MaskPhone, MaskIDCard, MaskText)
// or withheld (""). An empty value is shown as it is to everyone.
func Show(ctx context.Context, res *ent.Resident, f Field, value string) (string, authz.Shown, error) {
	if value == "" {
		return "", authz.Full, nil
	}
	shown, err := Decide(ctx, res, f)
	if err != nil {
		return "", authz.Withheld, err
	}
	if p := render(shown, f, value); p != nil {
		return *p, shown, nil
	}
	return "", shown, nil
}

// Text is Show for GraphQL: an empty or withheld value is null.
func Text(ctx context.Context, res *ent.Resident, f Field, value string) (*string, error) {
	v, _, err := Show(ctx, res, f, value)
	if err != nil || v == "" {
		return nil, err
	}
	return &v, nil
}

// render shows a value as decided.
func render(shown authz.Shown, f Field, value string) *string {
	switch shown {
	case authz.Full:
	case authz.Masked:
		value = masks[f](value)
	default:
		return nil
	}
	return &value
}

// masks are the masked forms of the personal text fields.
var masks = map[Field]func(string) string{
	Phone:   personal.MaskPhone,
	IDCard:  personal.MaskIDCard,
	Address: personal.MaskText,
}

// Flags are a resident's care flags as the viewer of ctx is shown them:
// the flags (an empty list for none) or, withheld, nil.
func Flags(ctx context.Context, res *ent.Resident) ([]personal.CareFlag, error) {
	shown, err := Decide(ctx, res, CareFlags)
	if err != nil || shown != authz.Full {
		return nil, err
	}
	if res.CareFlags == nil {
		return []personal.CareFlag{}, nil
	}
	return res.CareFlags, nil
}

// Concealed lists the personal fields of a resident that the viewer of ctx
// is not shown in full (masked or withheld), whether or not they hold a
// value, so that a client can tell a masked or withheld field from one
// that is empty. Nothing is logged: no value is read.
func Concealed(ctx context.Context, res *ent.Resident) ([]Field, error) {
	v := auth.FromContext(ctx)
	r, ok := ctx.Value(recorderKey{}).(*Recorder)
	rel := authz.Relations{}
	if v != nil && ok {
		var err error
		if rel, err = r.relations(ctx, v, res, authz.PersonalFields...); err != nil {
			return nil, err
		}
	}
	var out []Field
	for _, f := range authz.PersonalFields {
		if shown, _ := authz.Disclose(v, res.CommunityID, rel, f); shown != authz.Full {
			out = append(out, f)
		}
	}
	return out, nil
}

// UserPhone is a login's phone as the viewer of ctx is shown it (see
// authz.DiscloseUserPhone): the user's own in full; in full, and logged,
// to whoever holds a role that shows residents' phones in a community
// where the user holds a role; masked to everyone else.
func UserPhone(ctx context.Context, u *ent.User) (*string, error) {
	if u.Phone == nil || *u.Phone == "" {
		return nil, nil
	}
	v := auth.FromContext(ctx)
	r, ok := ctx.Value(recorderKey{}).(*Recorder)
	if v == nil || !ok {
		return render(authz.Masked, Phone, *u.Phone), nil
	}
	self := v.UserID == u.ID
	var communities []gid.ID
	if !self {
		var err error
		if communities, err = r.sharedCommunities(ctx, v, u.ID); err != nil {
			return nil, err
		}
	}
	shown, community, why := authz.DiscloseUserPhone(v, self, communities)
	if shown == authz.Full && why != "" {
		r.record(ctx, v, entry{community: community, user: u.ID, field: string(Phone), reason: why})
	}
	return render(shown, Phone, *u.Phone), nil
}

// sharedCommunities are the communities where a user holds a role and the
// viewer holds one that shows residents' phones; none without a query when
// the viewer holds no such role.
func (r *Recorder) sharedCommunities(ctx context.Context, v *auth.Viewer, userID gid.ID) ([]gid.ID, error) {
	var mine []gid.ID
	for _, c := range v.Communities() {
		if shown, _ := authz.Disclose(v, c, authz.Relations{}, Phone); shown == authz.Full {
			mine = append(mine, c)
		}
	}
	if len(mine) == 0 {
		return nil, nil
	}
	r.mu.Lock()
	held, ok := r.members[userID]
	r.mu.Unlock()
	if !ok {
		ms, err := r.client.Membership.Query().
			Where(membership.UserID(userID), membership.CommunityIDIn(mine...)).
			Select(membership.FieldCommunityID).
			All(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			held = append(held, m.CommunityID)
		}
		r.mu.Lock()
		if r.members == nil {
			r.members = map[gid.ID][]gid.ID{}
		}
		r.members[userID] = held
		r.mu.Unlock()
	}
	return held, nil
}
