// Package audit records every change made through the API in the audit
// log: who, what, which record, when, in which request. The record is
// written in the same transaction as the change, so one never stands
// without the other. The server's own work (loading the demo, the casework
// rules writing a timeline) has no viewer and is not recorded.
package audit

import (
	"context"
	"sort"

	"entgo.io/ent"

	"wutong/auth"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/auditlog"
	"wutong/gid"
	"wutong/reqid"
)

// Hook records each mutation made by a logged-in viewer.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v := auth.FromContext(ctx)
			if v == nil || m.Type() == "AuditLog" || m.Type() == "AccessLog" || m.Type() == "Session" || m.Type() == "LoginAttempt" {
				return next.Mutate(ctx, m)
			}
			var community gid.ID
			if c, ok := m.Field("community_id"); ok {
				community, _ = c.(gid.ID)
			} else if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
				if c, err := m.OldField(ctx, "community_id"); err == nil {
					community, _ = c.(gid.ID)
				}
			}
			value, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			var record gid.ID
			if im, ok := m.(interface{ ID() (gid.ID, bool) }); ok {
				record, _ = im.ID()
			}
			fields := append(m.Fields(), m.ClearedFields()...)
			for _, e := range m.AddedEdges() {
				fields = append(fields, e)
			}
			for _, e := range m.RemovedEdges() {
				fields = append(fields, e)
			}
			sort.Strings(fields)
			create := m.(interface{ Client() *gen.Client }).Client().AuditLog.Create().
				SetActorID(v.UserID).
				SetOperation(operation(m.Op())).
				SetEntity(m.Type()).
				SetFields(fields).
				SetRequestID(reqid.From(ctx))
			if community != "" {
				create.SetCommunityID(community)
			}
			if record != "" {
				create.SetRecordID(record)
			}
			if err := create.Exec(authz.System(ctx)); err != nil {
				return nil, err
			}
			return value, nil
		})
	}
}

// operation names an ent operation for the log.
func operation(op ent.Op) auditlog.Operation {
	switch {
	case op.Is(ent.OpCreate):
		return auditlog.OperationCREATE
	case op.Is(ent.OpDelete | ent.OpDeleteOne):
		return auditlog.OperationDELETE
	}
	return auditlog.OperationUPDATE
}
