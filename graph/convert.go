package graph

import (
	"context"

	"wutong/apperr"
	"wutong/ent"
	"wutong/graph/model"
	"wutong/roster"
)

// deref returns the value of an optional argument, or its zero value.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// rotationOf turns the GraphQL input into a roster.Rotation.
func rotationOf(in model.LayOutDutyRotationInput) roster.Rotation {
	return roster.Rotation{
		MeetingPointID:  in.MeetingPointID,
		From:            in.From,
		To:              in.To,
		Bodies:          in.Bodies,
		StartTime:       in.StartTime,
		EndTime:         in.EndTime,
		Weekdays:        in.Weekdays,
		ReplaceExisting: deref(in.ReplaceExisting),
		Note:            deref(in.Note),
	}
}

// requireOwnOperation refuses a session mutation sent together with other
// mutations: inside their transaction, a failed login could not be recorded.
func requireOwnOperation(ctx context.Context) error {
	if ent.FromContext(ctx) != nil {
		return apperr.Invalidf("send login, activateAccount and logout in a mutation of their own")
	}
	return nil
}
