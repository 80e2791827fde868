package cityseed

import (
	"fmt"
	"time"
)

// patrolRec is a member of the community's patrol team.
type patrolRec struct {
	id          string
	name        string
	affiliation string
	user        *userRec
	lastShift   time.Time // when their last shift so far ended
	onDuty      bool
}

// shiftRec is a patrol shift.
type shiftRec struct {
	id         string
	start, end time.Time
	members    []*patrolRec
}

// shiftLength is the length of a patrol shift: the team is on duty around
// the clock in two shifts, 8:00 to 20:00 and 20:00 to 8:00.
const shiftLength = 12 * time.Hour

// patrolSize is the number of members of each community's patrol team.
const patrolSize = 25

// patrolTeam makes the patrol team, its members (each with a login) and
// its shifts from the start of the history to now.
func (g *gen) patrolTeam() {
	c, r := g.c, g.r
	at := c.launch
	g.team = r.id("PatrolTeam", at)
	g.t.patrolTeams.add(g.team, at, at, g.name+"义警巡逻队",
		"物业人员、驻区单位职工、热心居民和网格员组成的志愿巡逻队，全天候巡逻并承担大型活动安保。", g.id)
	affiliations := make([]string, 0, patrolSize)
	for _, a := range []struct {
		name string
		n    int
	}{{"RESIDENT", 11}, {"PROPERTY_STAFF", 5}, {"UNIT_EMPLOYEE", 5}, {"GRID_WORKER", 3}, {"POLICE", 1}} {
		for k := 0; k < a.n; k++ {
			affiliations = append(affiliations, a.name)
		}
	}
	for i, aff := range affiliations {
		username := fmt.Sprintf("city-patrol-%04d-%02d", g.n+1, i+1)
		var u *userRec
		switch aff {
		case "RESIDENT":
			for u == nil {
				cp := g.compounds[r.IntN(len(g.compounds))]
				if len(cp.adults) == 0 {
					continue
				}
				res := pick(r, cp.adults)
				if res.age > 65 || (res.user != nil && res.user.roles["PATROL_VOLUNTEER"]) {
					continue
				}
				if res.user == nil {
					res.user = g.newUser(username, res.phone, res.name, res, at)
					g.member(res.user, "RESIDENT", "", -1, at)
				}
				u = res.user
			}
		case "GRID_WORKER":
			u = g.crew.gridWorkers[i%len(g.crew.gridWorkers)]
		case "POLICE":
			u = g.crew.aux
		default:
			surname := r.surname()
			u = g.newUser(username, "", r.fullName(surname, r.chance(0.3), c.now.Year()-r.span(22, 55)), nil, at)
		}
		g.member(u, "PATROL_VOLUNTEER", "义警", -1, at)
		g.patrol = append(g.patrol, &patrolRec{id: r.id("PatrolMember", at), name: u.display, affiliation: aff, user: u})
	}
	g.planShifts()
	for _, m := range g.patrol {
		// Members on duty reported their position in the last minutes, the
		// others when their last shift ended.
		located := maxTime(m.lastShift, c.launch)
		if m.onDuty {
			located = c.now.Add(-r.between(0, 10*time.Minute))
		}
		lat, lng := round6(g.lat+(r.Float64()-0.5)*0.006), round6(g.lng+(r.Float64()-0.5)*0.006)
		g.t.patrolMembers.add(m.id, at, located, m.name, m.affiliation, m.onDuty, lat, lng, located, g.id, g.team, m.user.id)
	}
}

// planShifts makes the shifts from the start of the history up to the
// one under way now, three members each, and marks who is on duty now.
func (g *gen) planShifts() {
	c, r := g.c, g.r
	y, m, d := c.start.In(c.loc).Date()
	for s := time.Date(y, m, d, 8, 0, 0, 0, c.loc).Add(-shiftLength); !s.After(c.now); s = s.Add(shiftLength) {
		sh := &shiftRec{id: r.id("PatrolShift", s), start: s, end: s.Add(shiftLength)}
		for _, k := range r.Perm(len(g.patrol))[:3] {
			sh.members = append(sh.members, g.patrol[k])
		}
		var log any
		updated := c.now
		if !sh.end.After(c.now) {
			log, updated = pick(r, patrolLogs), sh.end
			for _, pm := range sh.members {
				pm.lastShift = sh.end
			}
		} else {
			for _, pm := range sh.members {
				pm.onDuty = true
			}
		}
		cp := g.compounds[r.IntN(len(g.compounds))]
		route := "沿" + pick(r, roads) + "—" + cp.name + "—" + pick(r, roads) + "巡逻"
		created := s.Add(-48 * time.Hour)
		g.t.patrolShifts.add(sh.id, created, updated, s, sh.end, route, log, g.id, g.team)
		for _, pm := range sh.members {
			g.t.patrolShiftMembers.add(sh.id, pm.id)
		}
		g.shifts = append(g.shifts, sh)
	}
	// A couple more are on call.
	for k := 0; k < 2; k++ {
		g.patrol[r.IntN(len(g.patrol))].onDuty = true
	}
}

// shiftAt returns the shift under way at t.
func (g *gen) shiftAt(t time.Time) *shiftRec {
	if len(g.shifts) == 0 {
		return nil
	}
	i := int(t.Sub(g.shifts[0].start) / shiftLength)
	return g.shifts[max(0, min(i, len(g.shifts)-1))]
}
