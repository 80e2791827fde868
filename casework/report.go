package casework

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/community"
	"wutong/ent/issue"
	"wutong/ent/predicate"
	"wutong/geo"
	"wutong/gid"
	"wutong/lifecycle"
)

// Similar issues: open issues of the same category within SimilarRadius
// metres reported in the SimilarWindow before a new report.
const (
	SimilarRadius = 250
	SimilarWindow = 30 * 24 * time.Hour
	similarMax    = 10
)

// Similar is an open issue like a new report, with its distance from it.
type Similar struct {
	// Issue is the similar issue.
	Issue *gen.Issue
	// DistanceMeters is how far it is from the new report.
	DistanceMeters float64
}

// Report records a new issue as the viewer and returns it with the
// similar open issues nearby, nearest first, so that the reporter can
// follow one of those instead. Coordinates given in GCJ-02 are converted
// to WGS-84. A police call about the same place and category as an earlier
// call within the community's repeat window is linked to the first call
// of that series as a repeat, unless the input names the call it repeats.
func Report(ctx context.Context, c *gen.Client, in gen.CreateIssueInput, gcj02 bool) (*gen.Issue, []Similar, error) {
	if (in.Latitude == nil) != (in.Longitude == nil) {
		return nil, nil, apperr.InvalidField("latitude", "give both latitude and longitude, or neither")
	}
	if in.Latitude != nil {
		if !geo.Valid(*in.Latitude, *in.Longitude) {
			return nil, nil, apperr.InvalidField("latitude", "%v, %v is not a position on the earth", *in.Latitude, *in.Longitude)
		}
		if gcj02 {
			lat, lon := geo.FromGCJ02(*in.Latitude, *in.Longitude)
			in.Latitude, in.Longitude = &lat, &lon
		}
	}
	// A resident reporting in the app reports as themselves; staff taking a
	// call name the reporter, if any.
	if v := auth.FromContext(ctx); v != nil && in.ReporterID == nil && v.ResidentID != "" && !handles(ctx, in.CommunityID) {
		in.ReporterID = &v.ResidentID
	}
	if in.Address != nil {
		a := strings.TrimSpace(*in.Address)
		in.Address = &a
	}
	if in.Channel != nil && *in.Channel == issue.ChannelPOLICE_CALL && in.RepeatOfID == nil {
		first, err := firstCall(ctx, c, in)
		if err != nil {
			return nil, nil, err
		}
		if first != "" {
			in.RepeatOfID = &first
		}
	}
	is, err := c.Issue.Create().SetInput(in).Save(ctx)
	if err != nil {
		return nil, nil, err
	}
	similar, err := SimilarTo(ctx, c, is)
	if err != nil {
		return nil, nil, err
	}
	return is, similar, nil
}

// firstCall finds the earlier police call that a new one repeats: the
// latest call of the same category at the same address or within the
// community's radius, in its window, followed back to the first call of
// its series. It returns "" when there is none.
func firstCall(ctx context.Context, c *gen.Client, in gen.CreateIssueInput) (gid.ID, error) {
	sys := authz.System(ctx)
	comm, err := c.Community.Query().Where(community.ID(in.CommunityID)).
		Select(community.FieldRepeatCallWindowDays, community.FieldRepeatCallRadiusMeters).Only(sys)
	if gen.IsNotFound(err) {
		return "", nil // the create itself reports the unknown community
	}
	if err != nil {
		return "", err
	}
	at := time.Now()
	if in.ReportedAt != nil {
		at = *in.ReportedAt
	}
	category := issue.DefaultCategory
	if in.Category != nil {
		category = *in.Category
	}
	place := issue.AddressEQ("-") // matches nothing unless the call has a place
	address := ""
	if in.Address != nil {
		address = *in.Address
	}
	var box geo.Box
	switch {
	case in.Latitude != nil && address != "":
		box = geo.Around(*in.Latitude, *in.Longitude, float64(comm.RepeatCallRadiusMeters))
		place = issue.Or(issue.Address(address), inBox(box))
	case in.Latitude != nil:
		box = geo.Around(*in.Latitude, *in.Longitude, float64(comm.RepeatCallRadiusMeters))
		place = inBox(box)
	case address != "":
		place = issue.Address(address)
	default:
		return "", nil
	}
	calls, err := c.Issue.Query().
		Where(issue.CommunityID(in.CommunityID), issue.ChannelEQ(issue.ChannelPOLICE_CALL), issue.CategoryEQ(category),
			issue.ReportedAtGTE(at.AddDate(0, 0, -comm.RepeatCallWindowDays)), issue.ReportedAtLT(at), place).
		Order(gen.Desc(issue.FieldReportedAt)).Limit(50).All(sys)
	if err != nil {
		return "", err
	}
	for _, call := range calls {
		same := address != "" && call.Address == address
		if !same && in.Latitude != nil && call.Latitude != nil {
			same = geo.Distance(*in.Latitude, *in.Longitude, *call.Latitude, *call.Longitude) <= float64(comm.RepeatCallRadiusMeters)
		}
		if !same {
			continue
		}
		if call.RepeatOfID != "" {
			return call.RepeatOfID, nil
		}
		return call.ID, nil
	}
	return "", nil
}

// inBox selects issues whose position lies in a box.
func inBox(b geo.Box) predicate.Issue {
	return issue.And(issue.LatitudeGTE(b.MinLat), issue.LatitudeLTE(b.MaxLat), issue.LongitudeGTE(b.MinLon), issue.LongitudeLTE(b.MaxLon))
}

// SimilarTo lists the open issues of the same community and category
// within SimilarRadius of an issue, reported in the SimilarWindow before
// it, nearest first. Issues without a position have none.
func SimilarTo(ctx context.Context, c *gen.Client, is *gen.Issue) ([]Similar, error) {
	if is.Latitude == nil || is.Longitude == nil {
		return nil, nil
	}
	b := geo.Around(*is.Latitude, *is.Longitude, SimilarRadius)
	open := []lifecycle.Status{lifecycle.Reported, lifecycle.Acknowledged, lifecycle.InProgress, lifecycle.Reopened}
	found, err := c.Issue.Query().
		Where(issue.CommunityID(is.CommunityID), issue.CategoryEQ(is.Category), issue.StatusIn(open...), issue.IDNEQ(is.ID),
			issue.ReportedAtGTE(is.ReportedAt.Add(-SimilarWindow)), issue.ReportedAtLTE(is.ReportedAt), inBox(b)).
		Order(gen.Desc(issue.FieldReportedAt)).Limit(200).All(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	var out []Similar
	for _, f := range found {
		d := geo.Distance(*is.Latitude, *is.Longitude, *f.Latitude, *f.Longitude)
		if d <= SimilarRadius {
			out = append(out, Similar{Issue: f, DistanceMeters: math.Round(d)})
		}
	}
	slices.SortStableFunc(out, func(a, b Similar) int {
		switch {
		case a.DistanceMeters < b.DistanceMeters:
			return -1
		case a.DistanceMeters > b.DistanceMeters:
			return 1
		}
		return 0
	})
	if len(out) > similarMax {
		out = out[:similarMax]
	}
	return out, nil
}
