package demo

import (
	"time"

	"wutong/ent/dutyshift"
	"wutong/ent/meetingpoint"
	"wutong/ent/membership"
	"wutong/gid"
)

// The duty roster reaches rosterPast weeks back, counting the current one,
// and rosterAhead weeks ahead.
const (
	rosterPast  = 12
	rosterAhead = 4
)

// dutyRec is a planned duty shift at a meeting point.
type dutyRec struct {
	id           gid.ID
	point        *pointRec
	body         dutyshift.Body
	starts, ends time.Time
	note         string
	staff        []*userRec
	created      time.Time
}

// duty is a recurring shift at a meeting point.
type duty struct {
	kind     meetingpoint.Kind
	bodies   []dutyshift.Body // take turns week by week
	weekdays []time.Weekday
	from, to [2]int // hour and minute
	note     string
}

// planRosters plans the duty shifts of a town: the weekly rotation at the
// service station, the lawyers' hours in the mediation room and the
// officers' reception day in the deliberation room.
func (p *planner) planRosters(t *town) {
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	duties := []duty{
		{kind: meetingpoint.KindSERVICE_STATION, weekdays: weekdays, from: [2]int{9, 0}, to: [2]int{17, 0},
			bodies: []dutyshift.Body{dutyshift.BodyCOMMUNITY_PARTY_COMMITTEE, dutyshift.BodyRESIDENTS_COMMITTEE,
				dutyshift.BodyHOMEOWNERS_COMMITTEE, dutyshift.BodyPOLICE},
			note: "接待群众来访，收集议事议题"},
		{kind: meetingpoint.KindMEDIATION_ROOM, weekdays: []time.Weekday{time.Tuesday, time.Thursday},
			from: [2]int{14, 0}, to: [2]int{17, 30}, bodies: []dutyshift.Body{dutyshift.BodyLAWYERS},
			note: "律师坐班，提供法律咨询和纠纷调解"},
		{kind: meetingpoint.KindDELIBERATION_ROOM, weekdays: []time.Weekday{time.Wednesday},
			from: [2]int{9, 0}, to: [2]int{11, 30}, bodies: []dutyshift.Body{dutyshift.BodyPOLICE},
			note: "民警接待日，听取居民意见建议"},
	}
	if !t.spec.full {
		duties = []duty{{kind: meetingpoint.KindSERVICE_STATION,
			weekdays: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, from: [2]int{9, 0}, to: [2]int{12, 0},
			bodies: []dutyshift.Body{dutyshift.BodyRESIDENTS_COMMITTEE, dutyshift.BodyPOLICE},
			note:   "接待群众来访"}}
	}
	for _, d := range duties {
		if pt := t.pointOf(d.kind); pt != nil {
			p.layOut(t, pt, d)
		}
	}
}

// layOut plans the shifts of a recurring duty, week by week from the
// Monday rosterPast-1 weeks before this week's. The first week is the
// first body's, the next week the second's, and so on.
func (p *planner) layOut(t *town, pt *pointRec, d duty) {
	y, m, dd := p.now.Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, p.loc)
	monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7 + 7*(rosterPast-1)))
	for week := 0; week < rosterPast+rosterAhead; week++ {
		body := d.bodies[week%len(d.bodies)]
		staff := t.dutyStaff(body, week)
		for _, wd := range d.weekdays {
			day := monday.AddDate(0, 0, 7*week+(int(wd)+6)%7)
			rec := &dutyRec{
				point: pt, body: body, note: d.note, staff: staff,
				starts: day.Add(time.Duration(d.from[0])*time.Hour + time.Duration(d.from[1])*time.Minute),
				ends:   day.Add(time.Duration(d.to[0])*time.Hour + time.Duration(d.to[1])*time.Minute),
			}
			rec.created = minTime(p.now, maxTime(p.launch, monday.AddDate(0, 0, 7*week-7).Add(10*time.Hour)))
			rec.id = newID("DutyShift", rec.created)
			t.duties = append(t.duties, rec)
		}
	}
}

// pointOf returns the town's first meeting point of the kind, or nil.
func (t *town) pointOf(kind meetingpoint.Kind) *pointRec {
	for _, pt := range t.points {
		if pt.kind == kind {
			return pt
		}
	}
	return nil
}

// dutyStaff names who of a body is on duty in the given week of the roster.
func (t *town) dutyStaff(body dutyshift.Body, week int) []*userRec {
	c := t.crew
	var out []*userRec
	switch body {
	case dutyshift.BodyCOMMUNITY_PARTY_COMMITTEE:
		out = []*userRec{c.staff[0]}
		if len(c.staff) > 3 {
			out = append(out, c.staff[3])
		}
	case dutyshift.BodyRESIDENTS_COMMITTEE:
		if len(c.staff) > 2 {
			out = []*userRec{c.staff[1+week%2], c.staff[len(c.staff)-1]}
		} else {
			out = []*userRec{c.staff[0]}
		}
	case dutyshift.BodyHOMEOWNERS_COMMITTEE:
		out = t.withRole(membership.RoleHOMEOWNERS_COMMITTEE)
	case dutyshift.BodyPOLICE:
		out = []*userRec{c.police}
		if c.aux != nil {
			out = append(out, c.aux)
		}
	case dutyshift.BodyLAWYERS:
		if len(c.lawyers) > 0 {
			out = []*userRec{c.lawyers[week%len(c.lawyers)]}
		}
	}
	return out
}

// withRole returns the users with the role in the town, in the order of
// their memberships.
func (t *town) withRole(role membership.Role) []*userRec {
	var out []*userRec
	for _, m := range t.members {
		if m.role == role {
			out = append(out, m.user)
		}
	}
	return out
}
