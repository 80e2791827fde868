// Package casework holds the rules of an issue's life: which status changes
// are allowed, the timestamps they stamp, and the timeline entries
// (IssueEvent) that every change writes. The rules are ent hooks, installed
// from the ent schema, so every writer goes through them.
package casework

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"entgo.io/ent"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/hook"
	"wutong/ent/issue"
	"wutong/ent/issueevent"
	"wutong/gid"
	"wutong/lifecycle"
)

// IssueHook enforces the issue lifecycle and writes the issue's timeline.
func IssueHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.IssueFunc(func(ctx context.Context, m *gen.IssueMutation) (gen.Value, error) {
			switch {
			case m.Op().Is(ent.OpCreate):
				return onCreate(ctx, m, next)
			case m.Op().Is(ent.OpUpdateOne):
				return onUpdate(ctx, m, next)
			case m.Op().Is(ent.OpUpdate):
				if _, ok := m.Status(); ok {
					return nil, apperr.Invalidf("the status of issues changes one issue at a time")
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// clockSkew is how far in the future a report time may lie, to allow for
// phones whose clocks run fast.
const clockSkew = 5 * time.Minute

// onCreate records the report as the first timeline entry.
func onCreate(ctx context.Context, m *gen.IssueMutation, next ent.Mutator) (gen.Value, error) {
	if at, ok := m.ReportedAt(); ok && at.After(time.Now().Add(clockSkew)) {
		return nil, apperr.InvalidField("reportedAt", "lies in the future")
	}
	if err := checkRepeat(ctx, m); err != nil {
		return nil, err
	}
	if _, ok := m.ReportedByID(); !ok {
		if viewer := auth.FromContext(ctx); viewer != nil {
			m.SetReportedByID(viewer.UserID)
		}
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return nil, err
	}
	issue := v.(*gen.Issue)
	create := m.Client().IssueEvent.Create().
		SetCommunityID(issue.CommunityID).
		SetIssueID(issue.ID).
		SetKind(issueevent.KindREPORTED).
		SetToStatus(lifecycle.Reported).
		SetOccurredAt(issue.ReportedAt)
	if issue.ReportedByID != "" {
		create.SetActorID(issue.ReportedByID)
	}
	_, err = create.Save(authz.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("casework: recording the report: %w", err)
	}
	return v, nil
}

// onUpdate checks a status change, stamps its time, and records the change,
// the assignments and the edited details on the timeline.
func onUpdate(ctx context.Context, m *gen.IssueMutation, next ent.Mutator) (gen.Value, error) {
	now := time.Now()
	from, err := m.OldStatus(ctx)
	if err != nil {
		return nil, err
	}
	to, changing := m.Status()
	if changing && to != from {
		if !lifecycle.CanMove(from, to) {
			return nil, &apperr.Error{Kind: apperr.Conflict, Field: "status",
				Message: fmt.Sprintf("an issue that is %s cannot become %s", from, to)}
		}
		if err := mayMove(ctx, m, from, to); err != nil {
			return nil, err
		}
		if err := stamp(ctx, m, to, now); err != nil {
			return nil, err
		}
	}
	_, rating := m.Rating()
	_, feedback := m.Feedback()
	if rating || feedback {
		status := from
		if changing {
			status = to
		}
		if status != lifecycle.Resolved && status != lifecycle.Closed {
			return nil, &apperr.Error{Kind: apperr.Conflict, Field: "rating",
				Message: fmt.Sprintf("an issue can be rated once it is resolved; this one is %s", status)}
		}
		if err := mayRate(ctx, m); err != nil {
			return nil, err
		}
	}
	// Every change counts up the version, and is saved only if nobody else
	// changed the issue since it was read: two staff acting at once get a
	// CONFLICT instead of overwriting each other.
	version, err := m.OldVersion(ctx)
	if err != nil {
		return nil, err
	}
	m.Where(issue.Version(version))
	m.SetVersion(version + 1)
	edited := editedFields(m)
	v, err := next.Mutate(ctx, m)
	if gen.IsNotFound(err) {
		return nil, errChanged
	}
	if err != nil {
		return nil, err
	}
	saved := v.(*gen.Issue)
	var batch []*gen.IssueEventCreate
	entry := func(kind issueevent.Kind) *gen.IssueEventCreate {
		return newEvent(ctx, m.Client(), saved, kind).SetOccurredAt(now)
	}
	if changing && to != from {
		e := entry(issueevent.KindSTATUS_CHANGED).SetFromStatus(from).SetToStatus(to)
		if r, ok := m.Resolution(); ok && r != "" {
			e.SetNote(r)
		} else if n := noteOf(ctx); n != "" {
			e.SetNote(n)
		}
		batch = append(batch, e)
	}
	for _, id := range m.AssigneesIDs() {
		batch = append(batch, entry(issueevent.KindASSIGNED).SetNote("assigned "+id.String()))
	}
	for _, id := range m.RemovedAssigneesIDs() {
		batch = append(batch, entry(issueevent.KindUNASSIGNED).SetNote("unassigned "+id.String()))
	}
	if v, ok := m.Rating(); ok {
		batch = append(batch, entry(issueevent.KindRATED).SetNote(fmt.Sprintf("rated %d of 5", v)))
	}
	if len(edited) > 0 {
		batch = append(batch, entry(issueevent.KindUPDATED).SetNote("changed "+strings.Join(edited, ", ")))
	}
	if len(batch) > 0 {
		if _, err := m.Client().IssueEvent.CreateBulk(batch...).Save(authz.System(ctx)); err != nil {
			return nil, fmt.Errorf("casework: recording the change: %w", err)
		}
	}
	return v, nil
}

// errChanged answers a change to an issue that someone else changed first.
var errChanged = &apperr.Error{Kind: apperr.Conflict, Field: "version",
	Message: "someone else changed the issue at the same time; load it again and retry"}

// newEvent starts a timeline entry of an issue, by the viewer if there is one.
func newEvent(ctx context.Context, c *gen.Client, is *gen.Issue, kind issueevent.Kind) *gen.IssueEventCreate {
	e := c.IssueEvent.Create().SetCommunityID(is.CommunityID).SetIssueID(is.ID).SetKind(kind).SetOccurredAt(time.Now())
	if v := auth.FromContext(ctx); v != nil {
		e.SetActorID(v.UserID)
	}
	return e
}

// handles reports whether the viewer works the issues of a community: the
// office roles, property managers and administrators (write scope
// Community on Issue in the matrix), or the server itself.
func handles(ctx context.Context, community gid.ID) bool {
	if authz.IsSystem(ctx) {
		return true
	}
	return authz.HandleIssues(auth.FromContext(ctx), community)
}

// isReporter reports whether the viewer reported the issue or entered the report.
func isReporter(ctx context.Context, m *gen.IssueMutation) (bool, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return false, nil
	}
	reporter, err := m.OldReporterID(ctx)
	if err != nil {
		return false, err
	}
	by, err := m.OldReportedByID(ctx)
	if err != nil {
		return false, err
	}
	return reporter != "" && reporter == v.ResidentID || by != "" && by == v.UserID, nil
}

// mayMove decides who takes which step: staff and police take every step;
// the reporter may only confirm a resolution (close) or reopen.
func mayMove(ctx context.Context, m *gen.IssueMutation, from, to lifecycle.Status) error {
	community, err := m.OldCommunityID(ctx)
	if err != nil {
		return err
	}
	if handles(ctx, community) {
		return nil
	}
	own, err := isReporter(ctx, m)
	if err != nil {
		return err
	}
	if own && (to == lifecycle.Reopened || to == lifecycle.Closed && from == lifecycle.Resolved) {
		return nil
	}
	return &apperr.Error{Kind: apperr.Forbidden, Field: "status",
		Message: fmt.Sprintf("only the community's staff and police can make an issue %s", to)}
}

// mayRate lets only the resident who reported an issue rate it.
func mayRate(ctx context.Context, m *gen.IssueMutation) error {
	if authz.IsSystem(ctx) {
		return nil
	}
	v := auth.FromContext(ctx)
	reporter, err := m.OldReporterID(ctx)
	if err != nil {
		return err
	}
	if v == nil || reporter == "" || reporter != v.ResidentID {
		return &apperr.Error{Kind: apperr.Forbidden, Field: "rating", Message: "only the resident who reported the issue rates it"}
	}
	return nil
}

// checkRepeat allows a report to be linked as a repeat only of an earlier
// police call, and only when it is a police call itself.
func checkRepeat(ctx context.Context, m *gen.IssueMutation) error {
	id, ok := m.RepeatOfID()
	if !ok {
		return nil
	}
	if ch, _ := m.Channel(); ch != issue.ChannelPOLICE_CALL {
		return apperr.InvalidField("repeatOfID", "only a police call can repeat an earlier call")
	}
	first, err := m.Client().Issue.Get(ctx, id)
	if gen.IsNotFound(err) {
		return apperr.InvalidField("repeatOfID", "no issue with ID %s", id)
	}
	if err != nil {
		return err
	}
	if first.Channel != issue.ChannelPOLICE_CALL {
		return apperr.InvalidField("repeatOfID", "issue %s is not a police call", id)
	}
	if at, ok := m.ReportedAt(); ok && !first.ReportedAt.Before(at) {
		return apperr.InvalidField("repeatOfID", "a repeat must come after the call it repeats")
	}
	return nil
}

// stamp sets the time of the step the issue takes by moving to status to.
// The first acknowledgement and start keep their times; resolution and
// closing take the latest.
func stamp(ctx context.Context, m *gen.IssueMutation, to lifecycle.Status, now time.Time) error {
	switch to {
	case lifecycle.Acknowledged:
		if old, err := m.OldAcknowledgedAt(ctx); err != nil {
			return err
		} else if old == nil {
			m.SetAcknowledgedAt(now)
		}
	case lifecycle.InProgress:
		if old, err := m.OldStartedAt(ctx); err != nil {
			return err
		} else if old == nil {
			m.SetStartedAt(now)
		}
	case lifecycle.Resolved:
		m.SetResolvedAt(now)
	case lifecycle.Closed, lifecycle.Duplicate, lifecycle.Rejected:
		m.SetClosedAt(now)
	case lifecycle.Reopened:
		m.ClearResolvedAt()
		m.ClearClosedAt()
	}
	return nil
}

// quietFields change as a side effect and are not listed as edits.
var quietFields = map[string]bool{
	"updated_at": true, "status": true, "acknowledged_at": true, "started_at": true,
	"resolved_at": true, "closed_at": true, "rating": true, "feedback": true, "version": true,
	"resolution": true, "first_arrival_at": true, "duplicate_of_id": true,
}

// editedFields lists, in GraphQL spelling, the details an update changes.
func editedFields(m *gen.IssueMutation) []string {
	var out []string
	for _, f := range append(m.Fields(), m.ClearedFields()...) {
		if !quietFields[f] {
			out = append(out, apperr.FieldName(f))
		}
	}
	sort.Strings(out)
	return out
}

// CommentHook records every new comment on its issue's timeline.
func CommentHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.IssueCommentFunc(func(ctx context.Context, m *gen.IssueCommentMutation) (gen.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			c := v.(*gen.IssueComment)
			create := m.Client().IssueEvent.Create().
				SetCommunityID(c.CommunityID).
				SetIssueID(c.IssueID).
				SetKind(issueevent.KindCOMMENTED).
				SetOccurredAt(c.CreatedAt).
				SetNote(string(c.Visibility) + " comment " + c.ID.String())
			if c.AuthorID != "" {
				create.SetActorID(c.AuthorID)
			}
			if _, err := create.Save(authz.System(ctx)); err != nil {
				return nil, fmt.Errorf("casework: recording the comment: %w", err)
			}
			return v, nil
		})
	}, ent.OpCreate)
}

// EventHook keeps the timeline append-only: entries are never changed or removed.
func EventHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			return nil, apperr.Invalidf("timeline entries cannot be changed or removed")
		})
	}, ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne)
}
