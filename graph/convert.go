package graph

import (
	"context"

	"wutong/accounts"
	"wutong/disclosure"
	"wutong/gid"

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

// oneActor is a user as an actor on a record of community (see
// accounts.Actor), or nil for none.
func oneActor(ctx context.Context, c *ent.Client, community, userID gid.ID) (*accounts.Actor, error) {
	if userID == "" {
		return nil, nil
	}
	actors, err := accounts.Actors(ctx, c, community, userID)
	if err != nil || len(actors) == 0 {
		return nil, err
	}
	return actors[0], nil
}

// personalFields name the personal fields in GraphQL.
var personalFields = map[disclosure.Field]model.PersonalField{
	disclosure.Phone:     model.PersonalFieldPhone,
	disclosure.IDCard:    model.PersonalFieldIDCardNumber,
	disclosure.Address:   model.PersonalFieldAddress,
	disclosure.CareFlags: model.PersonalFieldCareFlags,
}

// db is the transaction of a mutation, or the client outside one.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if tx := ent.FromContext(ctx); tx != nil {
		return tx
	}
	return r.client
}
