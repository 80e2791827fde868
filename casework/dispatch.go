package casework

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"entgo.io/ent"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/dispatch"
	"wutong/ent/hook"
	"wutong/ent/issue"
	"wutong/ent/issueevent"
	"wutong/ent/patrolmember"
	"wutong/geo"
	"wutong/gid"
)

// dispatchSteps lists the statuses each dispatch status may move to.
var dispatchSteps = map[dispatch.Status][]dispatch.Status{
	dispatch.StatusSENT:     {dispatch.StatusACCEPTED, dispatch.StatusDECLINED, dispatch.StatusARRIVED, dispatch.StatusCANCELLED},
	dispatch.StatusACCEPTED: {dispatch.StatusARRIVED, dispatch.StatusDECLINED, dispatch.StatusCANCELLED},
	dispatch.StatusARRIVED:  {dispatch.StatusCOMPLETED},
}

// active are the statuses of a dispatch that still binds its member.
var active = []dispatch.Status{dispatch.StatusSENT, dispatch.StatusACCEPTED, dispatch.StatusARRIVED}

// dispatchEvents names the timeline entry of each step.
var dispatchEvents = map[dispatch.Status]issueevent.Kind{
	dispatch.StatusACCEPTED:  issueevent.KindDISPATCH_ACCEPTED,
	dispatch.StatusDECLINED:  issueevent.KindDISPATCH_DECLINED,
	dispatch.StatusARRIVED:   issueevent.KindARRIVED,
	dispatch.StatusCOMPLETED: issueevent.KindDISPATCH_COMPLETED,
	dispatch.StatusCANCELLED: issueevent.KindDISPATCH_COMPLETED,
}

// DispatchHook enforces the steps of a dispatch (sent, accepted or
// declined, arrived, completed; cancelled by staff), stamps their times,
// writes them on the issue's timeline, and stamps the issue's first
// arrival.
func DispatchHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.DispatchFunc(func(ctx context.Context, m *gen.DispatchMutation) (gen.Value, error) {
			switch {
			case m.Op().Is(ent.OpCreate):
				v, err := next.Mutate(ctx, m)
				if err != nil {
					return nil, err
				}
				d := v.(*gen.Dispatch)
				note := "member " + string(d.MemberID)
				if d.DistanceMeters != nil {
					note += fmt.Sprintf(", %d m away", *d.DistanceMeters)
				}
				return v, dispatchEvent(ctx, m.Client(), d, issueevent.KindDISPATCHED, note, d.SentAt)
			case m.Op().Is(ent.OpUpdate):
				if _, ok := m.Status(); ok {
					return nil, apperr.Invalidf("dispatches move one at a time")
				}
				return next.Mutate(ctx, m)
			case m.Op().Is(ent.OpUpdateOne):
				return onDispatchStep(ctx, m, next)
			}
			return next.Mutate(ctx, m)
		})
	}
}

// onDispatchStep checks and records one step of a dispatch.
func onDispatchStep(ctx context.Context, m *gen.DispatchMutation, next ent.Mutator) (gen.Value, error) {
	to, ok := m.Status()
	if !ok {
		return next.Mutate(ctx, m)
	}
	from, err := m.OldStatus(ctx)
	if err != nil {
		return nil, err
	}
	if to == from || !slices.Contains(dispatchSteps[from], to) {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "action", Message: fmt.Sprintf("a dispatch that is %s cannot become %s", from, to)}
	}
	community, err := m.OldCommunityID(ctx)
	if err != nil {
		return nil, err
	}
	if to == dispatch.StatusCANCELLED && !authz.IsSystem(ctx) {
		if !authz.CallOffDispatch(auth.FromContext(ctx), community) {
			return nil, &apperr.Error{Kind: apperr.Forbidden, Field: "action", Message: "only the office calls a dispatch off"}
		}
	}
	now := time.Now()
	switch to {
	case dispatch.StatusACCEPTED:
		m.SetAcceptedAt(now)
	case dispatch.StatusDECLINED:
		m.SetDeclinedAt(now)
	case dispatch.StatusARRIVED:
		m.SetArrivedAt(now)
	case dispatch.StatusCOMPLETED, dispatch.StatusCANCELLED:
		m.SetCompletedAt(now)
	}
	// Only if nobody moved the dispatch in between.
	m.Where(dispatch.StatusEQ(from))
	v, err := next.Mutate(ctx, m)
	if gen.IsNotFound(err) {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "action", Message: "the dispatch changed at the same time; load it again"}
	}
	if err != nil {
		return nil, err
	}
	d := v.(*gen.Dispatch)
	note := "member " + string(d.MemberID)
	if to == dispatch.StatusCANCELLED {
		note += ", called off"
	}
	if err := dispatchEvent(ctx, m.Client(), d, dispatchEvents[to], note, now); err != nil {
		return nil, err
	}
	if to == dispatch.StatusARRIVED {
		// The first arrival on the scene is a figure of its own.
		err := m.Client().Issue.Update().Where(issue.ID(d.IssueID), issue.FirstArrivalAtIsNil()).
			SetFirstArrivalAt(now).Exec(authz.System(ctx))
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

// dispatchEvent writes a dispatch step on its issue's timeline.
func dispatchEvent(ctx context.Context, c *gen.Client, d *gen.Dispatch, kind issueevent.Kind, note string, at time.Time) error {
	e := c.IssueEvent.Create().SetCommunityID(d.CommunityID).SetIssueID(d.IssueID).SetKind(kind).SetOccurredAt(at).SetNote(note)
	if v := auth.FromContext(ctx); v != nil {
		e.SetActorID(v.UserID)
	}
	return e.Exec(authz.System(ctx))
}

// ErrNoPatrol answers a dispatch when no patrol member can be sent.
var ErrNoPatrol = &apperr.Error{Kind: apperr.Conflict, Field: "issueID",
	Message: "no on-duty patrol member with a known location is free; call one by phone"}

// DispatchNearest sends the on-duty patrol member of the issue's community
// nearest to the issue, by great-circle distance from their last known
// location, who is not busy with another dispatch and has not been sent
// to this issue before. Unless additional is set, an issue that already
// has a dispatch under way is refused.
func DispatchNearest(ctx context.Context, c *gen.Client, issueID gid.ID, additional bool) (*gen.Dispatch, error) {
	ctx = authz.Doing(ctx, authz.OpDispatching)
	is, err := c.Issue.Get(ctx, issueID)
	if gen.IsNotFound(err) {
		return nil, apperr.InvalidField("issueID", "no issue %s", issueID)
	}
	if err != nil {
		return nil, err
	}
	if !handles(ctx, is.CommunityID) {
		return nil, &apperr.Error{Kind: apperr.Forbidden, Field: "issueID", Message: "only the office dispatches the patrol"}
	}
	return sendNearest(ctx, c, is, additional)
}

// sendNearest picks and sends the nearest free member (see DispatchNearest).
func sendNearest(ctx context.Context, c *gen.Client, is *gen.Issue, additional bool) (*gen.Dispatch, error) {
	sys := authz.System(ctx)
	if !is.Status.Open() {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "issueID", Message: fmt.Sprintf("the issue is %s", is.Status)}
	}
	if is.Latitude == nil || is.Longitude == nil {
		return nil, apperr.InvalidField("issueID", "the issue has no location; add one first")
	}
	if !additional {
		busy, err := c.Dispatch.Query().Where(dispatch.IssueID(is.ID), dispatch.StatusIn(active...)).Exist(sys)
		if err != nil {
			return nil, err
		}
		if busy {
			return nil, &apperr.Error{Kind: apperr.Conflict, Field: "issueID", Message: "a patrol member is already on the way; ask for an additional one to send another"}
		}
	}
	members, err := c.PatrolMember.Query().
		Where(patrolmember.CommunityID(is.CommunityID), patrolmember.OnDuty(true),
			patrolmember.LastLatitudeNotNil(), patrolmember.LastLongitudeNotNil(),
			patrolmember.Not(patrolmember.HasDispatchesWith(dispatch.StatusIn(active...))),
			patrolmember.Not(patrolmember.HasDispatchesWith(dispatch.IssueID(is.ID)))).
		All(sys)
	if err != nil {
		return nil, err
	}
	var best *gen.PatrolMember
	bestDistance := math.Inf(1)
	for _, pm := range members {
		d := geo.Distance(*is.Latitude, *is.Longitude, *pm.LastLatitude, *pm.LastLongitude)
		if d < bestDistance || d == bestDistance && best != nil && pm.ID < best.ID {
			best, bestDistance = pm, d
		}
	}
	if best == nil {
		return nil, ErrNoPatrol
	}
	return c.Dispatch.Create().SetCommunityID(is.CommunityID).SetIssueID(is.ID).SetMemberID(best.ID).
		SetDistanceMeters(int(math.Round(bestDistance))).Save(sys)
}

// DispatchAction is what a patrol member (or the office) does with a dispatch.
type DispatchAction string

// The actions on a dispatch.
const (
	Accept   DispatchAction = "ACCEPT"
	Decline  DispatchAction = "DECLINE"
	Arrive   DispatchAction = "ARRIVE"
	Complete DispatchAction = "COMPLETE"
	Cancel   DispatchAction = "CANCEL"
)

// statusOf is the status each action leads to.
var statusOf = map[DispatchAction]dispatch.Status{
	Accept: dispatch.StatusACCEPTED, Decline: dispatch.StatusDECLINED, Arrive: dispatch.StatusARRIVED,
	Complete: dispatch.StatusCOMPLETED, Cancel: dispatch.StatusCANCELLED,
}

// UpdateDispatch takes a step of a dispatch as the member sent (their own
// dispatches, by the privacy policy) or the office. A declined dispatch
// passes to the next nearest free member, returned as next; next is nil
// when nobody else is free, and the office is then told by the timeline.
func UpdateDispatch(ctx context.Context, c *gen.Client, id gid.ID, action DispatchAction) (d, next *gen.Dispatch, err error) {
	ctx = authz.Doing(ctx, authz.OpDispatching)
	to, ok := statusOf[action]
	if !ok {
		return nil, nil, apperr.InvalidField("action", "unknown action %q", action)
	}
	d, err = c.Dispatch.Get(ctx, id)
	if gen.IsNotFound(err) {
		return nil, nil, &apperr.Error{Kind: apperr.NotFound, Field: "id", Message: fmt.Sprintf("no dispatch %s", id)}
	}
	if err != nil {
		return nil, nil, err
	}
	d, err = c.Dispatch.UpdateOne(d).SetStatus(to).Save(ctx)
	if err != nil {
		return nil, nil, err
	}
	if to == dispatch.StatusDECLINED {
		sys := authz.System(ctx)
		is, err := c.Issue.Get(sys, d.IssueID)
		if err != nil {
			return nil, nil, err
		}
		if is.Status.Open() && is.Latitude != nil {
			next, err = sendNearest(ctx, c, is, false)
			if err == ErrNoPatrol {
				return d, nil, dispatchEvent(ctx, c, d, issueevent.KindDISPATCH_DECLINED, "nobody else is free: the office must send someone", time.Now())
			}
			if err != nil {
				return nil, nil, err
			}
		}
	}
	return d, next, nil
}

// LocationInterval is how often a patrol member's position is stored;
// reports in between are acknowledged but not stored.
const LocationInterval = 10 * time.Second

// UpdateMyLocation stores the viewer's position on each of their patrol
// memberships, at most once per LocationInterval. It reports whether the
// position was stored.
func UpdateMyLocation(ctx context.Context, c *gen.Client, lat, lon float64, gcj02 bool) ([]*gen.PatrolMember, bool, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, false, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	if !geo.Valid(lat, lon) {
		return nil, false, apperr.InvalidField("latitude", "%v, %v is not a position on the earth", lat, lon)
	}
	if gcj02 {
		lat, lon = geo.FromGCJ02(lat, lon)
	}
	members, err := c.PatrolMember.Query().Where(patrolmember.UserID(v.UserID)).All(ctx)
	if err != nil {
		return nil, false, err
	}
	if len(members) == 0 {
		return nil, false, &apperr.Error{Kind: apperr.Forbidden, Message: "you are not a member of a patrol team"}
	}
	now := time.Now()
	stored := false
	ctx = authz.Doing(ctx, authz.OpLocating)
	for i, pm := range members {
		if pm.LastLocatedAt != nil && now.Sub(*pm.LastLocatedAt) < LocationInterval && now.After(*pm.LastLocatedAt) {
			continue
		}
		if members[i], err = c.PatrolMember.UpdateOne(pm).SetLastLatitude(lat).SetLastLongitude(lon).SetLastLocatedAt(now).Save(ctx); err != nil {
			return nil, false, err
		}
		stored = true
	}
	return members, stored, nil
}

// SetMyDuty puts the viewer on or off duty on each of their patrol
// memberships: the one change a volunteer makes to their own member record.
func SetMyDuty(ctx context.Context, c *gen.Client, onDuty bool) ([]*gen.PatrolMember, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	members, err := c.PatrolMember.Query().Where(patrolmember.UserID(v.UserID)).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return nil, &apperr.Error{Kind: apperr.Forbidden, Message: "you are not a member of a patrol team"}
	}
	for i, pm := range members {
		if members[i], err = c.PatrolMember.UpdateOne(pm).SetOnDuty(onDuty).Save(ctx); err != nil {
			return nil, err
		}
	}
	return members, nil
}
