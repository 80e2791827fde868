package graph

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"

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

// reveal shows a resident's personal field in full when the viewer has a
// reason (see package disclosure), and masked otherwise; empty stays null.
func reveal(ctx context.Context, res *ent.Resident, f disclosure.Field, value string, mask func(string) string) (*string, error) {
	if value == "" {
		return nil, nil
	}
	if res.CommunityID == "" {
		// A resident loaded as another record's edge (an issue's reporter)
		// is read without its community_id; it is the community of the
		// record it hangs from, which the tenancy hook keeps the same.
		if c := parentCommunity(ctx); c != "" {
			copied := *res
			copied.CommunityID = c
			res = &copied
		}
	}
	ok, err := disclosure.Reveal(ctx, res, f)
	if err != nil {
		return nil, err
	}
	if !ok {
		value = mask(value)
	}
	return &value, nil
}

// db is the transaction of a mutation, or the client outside one.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if tx := ent.FromContext(ctx); tx != nil {
		return tx
	}
	return r.client
}

// parentCommunity returns the community of the record the resident being
// resolved hangs from (an issue for its reporter, a mediation party for its
// resident), or "" if that record has none. Only that record counts: the
// tenancy hook keeps its references within its community, while records
// further up, such as a user's memberships, may be of another community.
func parentCommunity(ctx context.Context) gid.ID {
	fc := graphql.GetFieldContext(ctx) // the personal field
	if fc == nil || fc.Parent == nil || fc.Parent.Parent == nil {
		return ""
	}
	holder := fc.Parent.Parent.Result // the record whose edge gave the resident
	if c, ok := holder.(*ent.Community); ok {
		return c.ID
	}
	v := reflect.ValueOf(holder)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	if f := v.Elem().FieldByName("CommunityID"); f.IsValid() && f.Type() == reflect.TypeFor[gid.ID]() {
		return gid.ID(f.String())
	}
	return ""
}
