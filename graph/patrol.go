package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"wutong/auth"
	"wutong/casework"
	"wutong/ent"
	"wutong/ent/dispatch"
	"wutong/ent/issue"
	"wutong/ent/patrolmember"
	"wutong/gid"
	"wutong/graph/model"
)

// myDispatches lists the dispatches sent to the viewer as a patrol member,
// newest first.
func myDispatches(ctx context.Context, client *ent.Client, all bool, first *int) ([]*ent.Dispatch, error) {
	v, err := auth.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	n := 20
	if first != nil {
		n = min(max(*first, 1), 100)
	}
	q := client.Dispatch.Query().Where(dispatch.HasMemberWith(patrolmember.UserID(v.UserID)))
	if !all {
		q.Where(dispatch.StatusIn(dispatch.StatusSENT, dispatch.StatusACCEPTED, dispatch.StatusARRIVED))
	}
	// Load what the query asks of each dispatch (its issue, its member)
	// with one statement per edge, not one per dispatch.
	q, err = q.CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return q.Order(ent.Desc(dispatch.FieldSentAt), ent.Desc(dispatch.FieldID)).Limit(n).All(ctx)
}

// nearbyIssues is the patrol app's list of open issues near a place.
func nearbyIssues(ctx context.Context, client *ent.Client, lat, lon float64, radius *int, kinds []issue.Kind, first *int) ([]*model.NearbyIssue, error) {
	r, n := 1000, 20
	if radius != nil {
		r = *radius
	}
	if first != nil {
		n = min(max(*first, 1), 100)
	}
	found, err := casework.Nearby(ctx, client, lat, lon, float64(r), kinds, n)
	if err != nil {
		return nil, err
	}
	out := make([]*model.NearbyIssue, len(found))
	ids := make([]gid.ID, len(found))
	for i, f := range found {
		out[i] = &model.NearbyIssue{Issue: f.Issue, DistanceMeters: int(f.DistanceMeters)}
		ids[i] = f.Issue.ID
	}
	// Nearby gives each issue's ID and position only. Load what the query
	// asks of the issues in one go: the fields under nearbyIssues { issue
	// { ... } }.
	sub := childField(ctx, "issue")
	if sub == nil || len(ids) == 0 {
		return out, nil
	}
	q, err := client.Issue.Query().Where(issue.IDIn(ids...)).CollectFields(sub)
	if err != nil {
		return nil, err
	}
	full, err := q.All(sub)
	if err != nil {
		return nil, err
	}
	byID := make(map[gid.ID]*ent.Issue, len(full))
	for _, is := range full {
		byID[is.ID] = is
	}
	// An issue the second statement no longer finds drops out.
	kept := out[:0]
	for _, o := range out {
		if is := byID[o.Issue.ID]; is != nil {
			o.Issue = is
			kept = append(kept, o)
		}
	}
	return kept, nil
}

// childField returns a context whose field is the named child of the
// current field, so that ent's CollectFields reads that child's selection;
// nil if the query does not ask for it.
func childField(ctx context.Context, name string) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, nil) {
		if f.Name == name {
			return graphql.WithFieldContext(ctx, &graphql.FieldContext{Parent: fc, Object: fc.Field.Name, Field: f})
		}
	}
	return nil
}
