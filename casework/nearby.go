package casework

import (
	"context"
	"math"
	"slices"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/issue"
	"wutong/geo"
	"wutong/lifecycle"
)

// Bounds of Nearby.
const (
	// NearbyMaxRadius is the widest circle a patrol may search, in meters.
	NearbyMaxRadius = 5000
	// nearbyCandidates bounds the open issues read from the box around
	// the circle before the nearest are picked.
	nearbyCandidates = 500
)

// OpenStatuses are the statuses of issues still to be dealt with.
var OpenStatuses = []lifecycle.Status{lifecycle.Reported, lifecycle.Acknowledged, lifecycle.InProgress, lifecycle.Reopened}

// Nearby lists the open issues of the given kinds (all kinds if none)
// within radius meters of a point, in the viewer's communities and as far
// as the viewer may read them, nearest first, at most limit. Each issue
// holds its ID and position only; the caller loads what it shows.
func Nearby(ctx context.Context, c *gen.Client, lat, lon, radius float64, kinds []issue.Kind, limit int) ([]Similar, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	if !geo.Valid(lat, lon) {
		return nil, apperr.InvalidField("latitude", "not a position on Earth")
	}
	if radius <= 0 || radius > NearbyMaxRadius {
		return nil, apperr.InvalidField("radiusMeters", "must be from 1 to %d", NearbyMaxRadius)
	}
	b := geo.Around(lat, lon, radius)
	q := c.Issue.Query().Where(issue.StatusIn(OpenStatuses...), inBox(b))
	if all, communities := authz.NearbyScope(v); !all {
		q.Where(issue.CommunityIDIn(communities...))
	}
	if len(kinds) > 0 {
		q.Where(issue.KindIn(kinds...))
	}
	// Up to 500 candidates are read to pick a few: their ID and position
	// are enough.
	found, err := q.Order(gen.Desc(issue.FieldReportedAt)).Limit(nearbyCandidates).
		Select(issue.FieldID, issue.FieldLatitude, issue.FieldLongitude).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []Similar
	for _, f := range found {
		if d := geo.Distance(lat, lon, *f.Latitude, *f.Longitude); d <= radius {
			out = append(out, Similar{Issue: f, DistanceMeters: math.Round(d)})
		}
	}
	slices.SortStableFunc(out, func(a, b Similar) int { return int(a.DistanceMeters - b.DistanceMeters) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
