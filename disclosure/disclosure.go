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
	client *ent.Client

	mu       sync.Mutex
	entries  []*ent.AccessLogCreate
	seen     map[string]bool   // resident and field already recorded
	mediated map[gid.ID]gid.ID // party resident -> a case the viewer mediates
	loaded   bool
}

// recorderKey is the context key of the Recorder.
type recorderKey struct{}

// WithRecorder returns a context whose unmasked reads are recorded.
func WithRecorder(ctx context.Context, client *ent.Client) (context.Context, *Recorder) {
	r := &Recorder{client: client}
	return context.WithValue(ctx, recorderKey{}, r), r
}

// Flush writes the recorded reads to the access log.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	entries := r.entries
	r.entries = nil
	r.mu.Unlock()
	if len(entries) == 0 {
		return nil
	}
	return r.client.AccessLog.CreateBulk(entries...).Exec(authz.System(ctx))
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
	r.entries = append(r.entries, r.client.AccessLog.Create().
		SetCommunityID(res.CommunityID).
		SetViewerID(v.UserID).
		SetResidentID(res.ID).
		SetField(string(f)).
		SetReason(why).
		SetRequestID(reqid.From(ctx)).
		SetAt(time.Now()))
	return true, nil
}
