// Package roster lays out duty rosters at meeting points, such as the weekly
// rotation at the service station between the community committees, the
// homeowners' committee and the police.
package roster

import (
	"context"
	"fmt"
	"time"

	"wutong/apperr"
	"wutong/ent"
	"wutong/ent/dutyshift"
	"wutong/ent/meetingpoint"
	"wutong/gid"
)

// Rotation is a weekly rotation to lay out at one meeting point.
type Rotation struct {
	MeetingPointID gid.ID
	// From and To are the first and last day, YYYY-MM-DD, in the
	// community's time zone.
	From, To string
	// Bodies take turns a week at a time, in this order.
	Bodies []dutyshift.Body
	// StartTime and EndTime are the hours of each shift, HH:MM.
	StartTime, EndTime string
	// Weekdays with a shift, 1 (Monday) to 7 (Sunday); empty means Monday to Friday.
	Weekdays []int
	// ReplaceExisting deletes the shifts already in the range first.
	ReplaceExisting bool
	// Note is written on every shift.
	Note string
}

// maxDays is the longest range one call lays out.
const maxDays = 366

// LayOut creates the shifts of a rotation and returns them in time order,
// with the number of existing shifts it replaced. Run it in a transaction:
// on error, nothing it did must be kept.
func LayOut(ctx context.Context, client *ent.Client, r Rotation) ([]*ent.DutyShift, int, error) {
	if len(r.Bodies) == 0 {
		return nil, 0, apperr.InvalidField("bodies", "name at least one body")
	}
	start, err := clock(r.StartTime)
	if err != nil {
		return nil, 0, apperr.InvalidField("startTime", "%v", err)
	}
	end, err := clock(r.EndTime)
	if err != nil {
		return nil, 0, apperr.InvalidField("endTime", "%v", err)
	}
	if end <= start {
		return nil, 0, apperr.InvalidField("endTime", "must come after startTime")
	}
	days := map[time.Weekday]bool{}
	if len(r.Weekdays) == 0 {
		r.Weekdays = []int{1, 2, 3, 4, 5}
	}
	for _, d := range r.Weekdays {
		if d < 1 || d > 7 {
			return nil, 0, apperr.InvalidField("weekdays", "%d is not a weekday from 1 (Monday) to 7 (Sunday)", d)
		}
		days[time.Weekday(d%7)] = true
	}
	mp, err := client.MeetingPoint.Query().WithCommunity().Where(meetingpoint.ID(r.MeetingPointID)).Only(ctx)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, 0, apperr.InvalidField("meetingPointID", "no meeting point with ID %s", r.MeetingPointID)
		}
		return nil, 0, err
	}
	loc, err := time.LoadLocation(mp.Edges.Community.TimeZone)
	if err != nil {
		return nil, 0, fmt.Errorf("roster: time zone of community %s: %w", mp.CommunityID, err)
	}
	first, err := time.ParseInLocation(time.DateOnly, r.From, loc)
	if err != nil {
		return nil, 0, apperr.InvalidField("from", "must be a date as YYYY-MM-DD")
	}
	last, err := time.ParseInLocation(time.DateOnly, r.To, loc)
	if err != nil {
		return nil, 0, apperr.InvalidField("to", "must be a date as YYYY-MM-DD")
	}
	if last.Before(first) {
		return nil, 0, apperr.InvalidField("to", "must not come before from")
	}
	span := dayNumber(last) - dayNumber(first) + 1
	if span > maxDays {
		return nil, 0, apperr.InvalidField("to", "a rotation covers at most %d days", maxDays)
	}
	rangeEnd := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, loc)
	existing := client.DutyShift.Query().Where(
		dutyshift.MeetingPointID(mp.ID),
		dutyshift.StartsAtGTE(first),
		dutyshift.StartsAtLT(rangeEnd),
	)
	replaced := 0
	if r.ReplaceExisting {
		replaced, err = client.DutyShift.Delete().Where(
			dutyshift.MeetingPointID(mp.ID),
			dutyshift.StartsAtGTE(first),
			dutyshift.StartsAtLT(rangeEnd),
		).Exec(ctx)
		if err != nil {
			return nil, 0, err
		}
	} else if n, err := existing.Count(ctx); err != nil {
		return nil, 0, err
	} else if n > 0 {
		return nil, 0, apperr.Conflictf("%d shifts already exist at this meeting point in the range; set replaceExisting to replace them", n)
	}

	var builders []*ent.DutyShiftCreate
	for i := 0; i < span; i++ {
		day := time.Date(first.Year(), first.Month(), first.Day()+i, 0, 0, 0, 0, loc)
		if !days[day.Weekday()] {
			continue
		}
		b := client.DutyShift.Create().
			SetCommunityID(mp.CommunityID).
			SetMeetingPointID(mp.ID).
			SetBody(r.Bodies[(i/7)%len(r.Bodies)]).
			SetStartsAt(day.Add(start)).
			SetEndsAt(day.Add(end))
		if r.Note != "" {
			b.SetNote(r.Note)
		}
		builders = append(builders, b)
	}
	if len(builders) == 0 {
		return nil, replaced, apperr.InvalidField("weekdays", "none of the chosen weekdays falls in the range")
	}
	shifts, err := client.DutyShift.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return nil, 0, err
	}
	return shifts, replaced, nil
}

// clock parses HH:MM into a duration after midnight.
func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("must be a time of day as HH:MM")
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// dayNumber counts days since the epoch for a midnight in any zone.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
