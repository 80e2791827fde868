package graph

import (
	"context"
	"math"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"wutong/calendar"
	"wutong/ent/issue"
	"wutong/gid"
	"wutong/graph/model"
	"wutong/lifecycle"
	"wutong/stats"
)

// stats computes the figures of a community, or of one of its grids, for
// the dates from..to in the community's time zone, beside the same dates a
// year earlier.
func (r *Resolver) stats(ctx context.Context, communityID, gridID gid.ID, from, to calendar.Date) (*model.Stats, error) {
	if err := canSeeStats(ctx, communityID); err != nil {
		return nil, err
	}
	c, err := r.client.Community.Get(ctx, communityID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, err
	}
	period, err := stats.PeriodOf(from.In(loc), to.In(loc), loc)
	if err != nil {
		return nil, err
	}
	scope := stats.Scope{CommunityID: communityID, GridID: gridID}
	figures, err := stats.ComputeMany(ctx, r.client, r.dialect, scope,
		[]stats.Period{period, period.YearEarlier(loc)}, statsParts(ctx))
	if err != nil {
		return nil, err
	}
	cur, prev := figures[0], figures[1]
	out := &model.Stats{
		Community: c, From: from, To: to, TimeZone: c.TimeZone,
		Issues:                      count(cur.Issues, prev.Issues),
		PoliceCalls:                 count(cur.PoliceCalls, prev.PoliceCalls),
		RepeatPoliceCalls:           count(cur.RepeatPoliceCalls, prev.RepeatPoliceCalls),
		Disputes:                    count(cur.Disputes, prev.Disputes),
		PreventableCases:            count(cur.PreventableCases, prev.PreventableCases),
		CriminalCases:               count(cur.CriminalCases, prev.CriminalCases),
		Mediations:                  count(cur.Mediations, prev.Mediations),
		MediationsResolved:          count(cur.MediationsResolved, prev.MediationsResolved),
		MediationResolutionPercent:  figure(percent(cur.MediationsResolved, cur.Mediations), percent(prev.MediationsResolved, prev.Mediations)),
		MedianMinutesToAcknowledge:  figure(minutes(cur.MedianAcknowledge), minutes(prev.MedianAcknowledge)),
		MedianMinutesToFirstArrival: figure(minutes(cur.MedianFirstArrival), minutes(prev.MedianFirstArrival)),
		MedianMinutesToResolve:      figure(minutes(cur.MedianResolve), minutes(prev.MedianResolve)),
		Ratings:                     count(cur.Ratings, prev.Ratings),
		MeanRating:                  figure(round2(cur.MeanRating), round2(prev.MeanRating)),
		StewardServiceHours:         figure(hours(cur.StewardServiceMinutes), hours(prev.StewardServiceMinutes)),
	}
	if gridID != "" {
		if out.Grid, err = r.client.Grid.Get(ctx, gridID); err != nil {
			return nil, err
		}
	} else {
		out.PatrolHours = figure(hours(cur.PatrolMemberMinutes), hours(prev.PatrolMemberMinutes))
		out.EventsSecured = count(cur.EventsSecured, prev.EventsSecured)
	}
	for _, k := range []issue.Kind{issue.KindDISPUTE, issue.KindHAZARD, issue.KindEMERGENCY, issue.KindPUBLIC_AFFAIR, issue.KindHELP_REQUEST, issue.KindINQUIRY} {
		out.IssuesByKind = append(out.IssuesByKind, &model.KindFigure{Kind: k, Count: count(cur.IssuesByKind[string(k)], prev.IssuesByKind[string(k)])})
	}
	for _, s := range lifecycle.Status("").Values() {
		out.IssuesByStatus = append(out.IssuesByStatus, &model.StatusFigure{Status: lifecycle.Status(s),
			Count: count(cur.IssuesByStatus[s], prev.IssuesByStatus[s])})
	}
	return out, nil
}

// statsParts are the groups of figures that the query selects on the
// Stats being resolved, so that a dashboard asking for a few counts does
// not pay for the medians. Figures of groups not computed are not selected,
// so their zeroes are never shown.
func statsParts(ctx context.Context) stats.Parts {
	var parts stats.Parts
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{"Stats"}) {
		parts |= statsPart(f.Name)
	}
	return parts
}

// statsPart is the group of figures a field of Stats shows; 0 for the
// fields that need none (community, grid, from, to, timeZone).
// TestStatsPartOfEveryField fails for a field added without its group.
func statsPart(field string) stats.Parts {
	switch field {
	case "issues", "issuesByKind", "issuesByStatus", "policeCalls", "repeatPoliceCalls",
		"disputes", "preventableCases", "criminalCases", "ratings", "meanRating":
		return stats.IssueCounts
	case "medianMinutesToAcknowledge", "medianMinutesToFirstArrival", "medianMinutesToResolve":
		return stats.Medians
	case "mediations", "mediationsResolved", "mediationResolutionPercent":
		return stats.Mediations
	case "stewardServiceHours":
		return stats.Service
	case "patrolHours", "eventsSecured":
		return stats.Patrols
	}
	return 0
}

// figure is a Figure with its change in percent.
func figure(value, previous *float64) *model.Figure {
	f := &model.Figure{Value: value, Previous: previous}
	if value != nil && previous != nil {
		f.ChangePercent = stats.Change(*value, *previous)
	}
	return f
}

// count is the Figure of a count.
func count(value, previous int) *model.Figure {
	v, p := float64(value), float64(previous)
	return figure(&v, &p)
}

// percent is part of whole in percent, one decimal; nil for no whole.
func percent(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	v := math.Round(float64(part)/float64(whole)*1000) / 10
	return &v
}

// minutes is a duration in minutes, one decimal.
func minutes(d *time.Duration) *float64 {
	if d == nil {
		return nil
	}
	v := math.Round(d.Minutes()*10) / 10
	return &v
}

// hours is minutes in hours, one decimal.
func hours(m int) *float64 {
	v := math.Round(float64(m)/6) / 10
	return &v
}

// round2 rounds to two decimals.
func round2(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}
