package demo

import (
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"

	"wutong/ent/dispatch"
	"wutong/ent/issue"
	"wutong/ent/patrolmember"
	"wutong/gid"
	"wutong/lifecycle"
)

// patrolDays is how many days back the round-the-clock patrol shifts reach.
// Earlier patrols are not recorded shift by shift; security shifts of
// public events reach back over the whole history.
const patrolDays = 90

// shiftLength is the length of a round-the-clock patrol shift: three a day,
// beginning at 0:00, 8:00 and 16:00.
const shiftLength = 8 * time.Hour

// teamRec is a planned patrol team.
type teamRec struct {
	id          gid.ID
	name        string
	description string
}

// patrolMemberRec is a planned member of the patrol team.
type patrolMemberRec struct {
	id          gid.ID
	user        *userRec
	affiliation patrolmember.Affiliation
	unitGrid    int // for an employee of a local unit, the commercial grid of the unit; else -1
	onDuty      bool
	hasPos      bool
	lat, lng    float64
	locatedAt   time.Time
	worked      int // shifts planned so far, to share them out fairly
}

// shiftRec is a planned patrol shift: a round of the round-the-clock patrol,
// or a security shift of a public event.
type shiftRec struct {
	id           gid.ID
	event        *publicEventRec // nil for a round-the-clock shift
	starts, ends time.Time
	route        string
	log          string
	members      []*patrolMemberRec
	pinned       []*patrolMemberRec // members who must stay: they found an issue or were dispatched
	found        []*issueRec
	dispatches   []*dispatchRec
}

// dispatchRec is a planned dispatch of a patrol member to an issue.
type dispatchRec struct {
	id                                           gid.ID
	issue                                        *issueRec
	member                                       *patrolMemberRec
	status                                       dispatch.Status
	sent, accepted, declined, arrived, completed time.Time // zero when not reached
	distance                                     int       // metres
}

// planPatrolTeam plans the patrol team of a town that has one: its members,
// the round-the-clock shifts of the last patrolDays days, the shifts on
// which problems were found, and the dispatches to emergencies.
func (p *planner) planPatrolTeam(t *town) {
	if len(t.crew.patrol) == 0 {
		return
	}
	r := newRand(p.seed, t.spec.code+"/patrol")
	t.team = &teamRec{
		id:   newID("PatrolTeam", p.launch),
		name: "梧桐里红袖标义警巡逻队",
		description: "由物业员工、驻区单位职工、社区积极分子和网格员组成的23人义警巡逻队，" +
			"全天候分三班巡逻，配合民警处置警情，并承担体育中心等场馆大型活动的安保。",
	}
	for i, u := range t.crew.patrol {
		t.patrol = append(t.patrol, &patrolMemberRec{
			id:          newID("PatrolMember", maxTime(p.launch, u.created)),
			user:        u,
			affiliation: t.crew.patrolFrom[i],
			unitGrid:    t.crew.patrolUnit[i],
		})
	}
	p.planRounds(t, r)
	p.linkPatrolIssues(t, r)
	p.planDispatches(t, r)
	for _, s := range t.shifts {
		s.log = p.roundLog(t, r, s)
	}
}

// planRounds plans three 8-hour shifts a day over the last patrolDays days,
// up to the one under way now.
func (p *planner) planRounds(t *town, r *mrand.Rand) {
	y, m, d := p.now.Date()
	var prev []*patrolMemberRec
	for day := 0; day <= patrolDays; day++ {
		for _, hour := range []int{0, 8, 16} {
			start := time.Date(y, m, d-patrolDays+day, hour, 0, 0, 0, p.loc)
			if !start.Before(p.now) {
				return
			}
			s := &shiftRec{starts: start, ends: start.Add(shiftLength), route: pick(r, patrolRoutes)}
			s.members = p.crewFor(t, r, 3+r.IntN(2), prev, hour == 8)
			prev = s.members
			t.shifts = append(t.shifts, s)
		}
	}
}

// crewFor picks n members for a shift, those with the fewest shifts first,
// none of those in busy (the members of the shift before). Grid workers
// patrol in their working hours only.
func (p *planner) crewFor(t *town, r *mrand.Rand, n int, busy []*patrolMemberRec, daytime bool) []*patrolMemberRec {
	type candidate struct {
		m   *patrolMemberRec
		key float64
	}
	var list []candidate
	for _, m := range t.patrol {
		if slices.Contains(busy, m) || (!daytime && m.affiliation == patrolmember.AffiliationGRID_WORKER) {
			continue
		}
		list = append(list, candidate{m, float64(m.worked) + r.Float64()*1.5})
	}
	slices.SortStableFunc(list, func(a, b candidate) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	out := make([]*patrolMemberRec, 0, n)
	for _, c := range list[:min(n, len(list))] {
		c.m.worked++
		out = append(out, c.m)
	}
	return out
}

// roundAt returns the round-the-clock shift under way at the moment, or nil.
func (t *town) roundAt(at time.Time) *shiftRec {
	for _, s := range t.shifts {
		if s.event == nil && !at.Before(s.starts) && at.Before(s.ends) {
			return s
		}
	}
	return nil
}

// memberOf returns the patrol member whose login is u, or nil.
func (t *town) memberOf(u *userRec) *patrolMemberRec {
	for _, m := range t.patrol {
		if m.user == u {
			return m
		}
	}
	return nil
}

// pin keeps m on the shift, swapping out a member who is not pinned when
// the shift is full.
func (s *shiftRec) pin(m *patrolMemberRec) {
	if slices.Contains(s.pinned, m) {
		return
	}
	s.pinned = append(s.pinned, m)
	if slices.Contains(s.members, m) {
		return
	}
	m.worked++
	if len(s.members) < 4 {
		s.members = append(s.members, m)
		return
	}
	for i := len(s.members) - 1; i >= 0; i-- {
		if !slices.Contains(s.pinned, s.members[i]) {
			s.members[i].worked--
			s.members[i] = m
			return
		}
	}
	s.members = append(s.members, m)
}

// linkPatrolIssues records the shift on which each problem reported by the
// patrol was found, and keeps the volunteer who reported it on that shift.
// The fire exit of story 5 was found before the recorded rounds begin; its
// shift is planned on its own.
func (p *planner) linkPatrolIssues(t *town, r *mrand.Rand) {
	for _, is := range t.issues {
		if is.channel != issue.ChannelPATROL {
			continue
		}
		s := t.roundAt(is.reported)
		if s == nil && is == t.plot.fireExit {
			s = p.storyRound(t, r, is)
		}
		if s == nil {
			continue
		}
		is.shift = s
		s.found = append(s.found, is)
		if is.reporter >= 0 {
			if u := t.residents[is.reporter].user; u != nil {
				if m := t.memberOf(u); m != nil {
					s.pin(m)
				}
			}
		}
	}
}

// storyRound plans the evening shift on which the fire exit of story 5 was
// found.
func (p *planner) storyRound(t *town, r *mrand.Rand, is *issueRec) *shiftRec {
	at := is.reported.In(p.loc)
	y, m, d := at.Date()
	start := time.Date(y, m, d, at.Hour()/8*8, 0, 0, 0, p.loc)
	s := &shiftRec{starts: start, ends: start.Add(shiftLength), route: pick(r, patrolRoutes)}
	s.members = p.crewFor(t, r, 3, nil, false)
	t.shifts = append(t.shifts, s)
	return s
}

// wantsDispatch reports whether a patrol member was sent to the issue:
// emergencies, urgent matters and some pressing police calls.
func wantsDispatch(r *mrand.Rand, is *issueRec) bool {
	if is.channel == issue.ChannelPATROL || is.acknowledged.IsZero() ||
		is.status == lifecycle.Duplicate || is.status == lifecycle.Rejected {
		return false
	}
	switch {
	case is.kind == issue.KindEMERGENCY, is.priority == issue.PriorityURGENT:
		return true
	case is.priority == issue.PriorityHIGH && is.channel == issue.ChannelPOLICE_CALL:
		return chance(r, 0.3)
	}
	return false
}

// planDispatches sends a member of the shift on duty to each issue that
// wants one; now and then the first member asked cannot go and declines.
func (p *planner) planDispatches(t *town, r *mrand.Rand) {
	for _, is := range t.issues {
		if !wantsDispatch(r, is) {
			continue
		}
		sent := is.acknowledged
		if is.kind != issue.KindEMERGENCY && !is.arrived.IsZero() {
			// Sent when someone had to go: a few minutes' walk before arriving.
			sent = maxTime(sent, is.arrived.Add(-between(r, 4*time.Minute, 15*time.Minute)).Truncate(time.Second))
		}
		s := t.roundAt(sent)
		if s == nil || len(s.members) == 0 {
			continue
		}
		m := p.responder(t, r, is, s)
		roomy := is.arrived.IsZero() || is.arrived.Sub(sent) > 3*time.Minute
		if others := without(s.members, m); roomy && len(others) > 0 && chance(r, 0.12) {
			d := &dispatchRec{issue: is, member: pick(r, others), status: dispatch.StatusDECLINED, sent: sent,
				distance: 200 + r.IntN(1300)}
			d.declined = sent.Add(between(r, 30*time.Second, 90*time.Second)).Truncate(time.Second)
			p.addDispatch(t, s, d)
			sent = d.declined.Add(between(r, 5*time.Second, 20*time.Second)).Truncate(time.Second)
		}
		d := &dispatchRec{issue: is, member: m, sent: sent, distance: 80 + r.IntN(1200)}
		if is == t.plot.elder {
			d.distance = 385 + r.IntN(30) // the comment says about 400 m
		}
		p.progress(r, d)
		p.addDispatch(t, s, d)
	}
}

// responder is who goes to the issue: the volunteer assigned to it, if one
// is, else a member of the shift on duty.
func (p *planner) responder(t *town, r *mrand.Rand, is *issueRec, s *shiftRec) *patrolMemberRec {
	for _, u := range is.assignees {
		if m := t.memberOf(u); m != nil {
			return m
		}
	}
	return pick(r, s.members)
}

// progress plans how far a dispatch that was not declined has come by now:
// accepted within two minutes, arrived when the issue says someone first
// arrived, completed within the hour or when the issue was resolved.
func (p *planner) progress(r *mrand.Rand, d *dispatchRec) {
	is := d.issue
	d.status = dispatch.StatusSENT
	limit := 2 * time.Minute
	if !is.arrived.IsZero() {
		limit = min(limit, is.arrived.Sub(d.sent)/2)
	}
	accepted := d.sent.Add(between(r, min(20*time.Second, limit), limit)).Truncate(time.Second)
	if limit < time.Second || accepted.After(p.now) {
		if !is.resolved.IsZero() {
			d.status = dispatch.StatusCANCELLED // someone else got there first
		}
		return
	}
	d.accepted, d.status = accepted, dispatch.StatusACCEPTED
	if is.arrived.IsZero() {
		return
	}
	d.arrived, d.status = is.arrived, dispatch.StatusARRIVED
	if is.resolved.IsZero() {
		return
	}
	d.completed = minTime(d.arrived.Add(between(r, 10*time.Minute, time.Hour)), is.resolved).Truncate(time.Second)
	if d.completed.Before(d.arrived) {
		d.completed = d.arrived
	}
	d.status = dispatch.StatusCOMPLETED
}

// addDispatch records a dispatch on the shift of the member sent.
func (p *planner) addDispatch(t *town, s *shiftRec, d *dispatchRec) {
	d.id = newID("Dispatch", d.sent)
	s.pin(d.member)
	s.dispatches = append(s.dispatches, d)
	t.dispatches = append(t.dispatches, d)
}

// without returns the members of list other than m.
func without(list []*patrolMemberRec, m *patrolMemberRec) []*patrolMemberRec {
	var out []*patrolMemberRec
	for _, x := range list {
		if x != m {
			out = append(out, x)
		}
	}
	return out
}

// roundLog writes the patrol log of a round-the-clock shift: routine
// notes, the problems found and the dispatches answered, so far as they
// lie before now.
func (p *planner) roundLog(t *town, r *mrand.Rand, s *shiftRec) string {
	clock := func(at time.Time) string { return at.In(p.loc).Format("15:04") }
	var lines []string
	notes := dayNotes
	if h := s.starts.In(p.loc).Hour(); h == 0 || h == 16 {
		notes = nightNotes
	}
	lines = append(lines, clock(s.starts)+" 接班，"+pick(r, handoverNotes))
	for _, is := range s.found {
		lines = append(lines, fmt.Sprintf("%s 巡至%s，发现“%s”，已拍照上报。", clock(is.reported), is.address, is.title))
	}
	for _, d := range s.dispatches {
		line := fmt.Sprintf("%s 接派单：%s（%s），", clock(d.sent), d.issue.title, d.issue.address)
		switch d.status {
		case dispatch.StatusDECLINED:
			line += d.member.user.display + "正在处置他事，无法前往，已转派。"
		case dispatch.StatusSENT, dispatch.StatusACCEPTED:
			line += d.member.user.display + "正赶往现场。"
		default:
			line += fmt.Sprintf("%s %s到场，配合民警处置。", d.member.user.display, clock(d.arrived))
		}
		lines = append(lines, line)
	}
	lines = append(lines, pickDistinct(r, notes, 1+r.IntN(2))...)
	if s.ends.After(p.now) {
		return strings.Join(lines, "\n")
	}
	lines = append(lines, clock(s.ends)+" "+pick(r, closingNotes))
	return strings.Join(lines, "\n")
}

// pickDistinct returns n different elements of list, in random order.
func pickDistinct[T any](r *mrand.Rand, list []T, n int) []T {
	idx := r.Perm(len(list))
	out := make([]T, 0, n)
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, list[i])
	}
	return out
}

// settlePatrol numbers the shifts, once all are planned, and sets who is
// on duty now, with a fresh location, and the last known location of the
// others: where their last shift ended.
func (p *planner) settlePatrol(t *town) {
	if len(t.patrol) == 0 {
		return
	}
	r := newRand(p.seed, t.spec.code+"/locations")
	last := map[*patrolMemberRec]time.Time{}
	for _, s := range t.shifts {
		s.id = newID("PatrolShift", s.created(p))
		for _, m := range s.members {
			switch {
			case !s.starts.After(p.now) && s.ends.After(p.now):
				m.onDuty = true
			case !s.ends.After(p.now) && s.ends.After(last[m]):
				last[m] = s.ends
			}
		}
	}
	for _, m := range t.patrol {
		switch {
		case m.onDuty:
			m.locatedAt = p.now.Add(-between(r, 30*time.Second, 10*time.Minute)).Truncate(time.Second)
		case !last[m].IsZero():
			m.locatedAt = last[m].Add(-between(r, time.Minute, 30*time.Minute)).Truncate(time.Second)
		default:
			continue
		}
		m.hasPos = true
		m.lat = round6(t.spec.lat + (r.Float64()-0.5)*0.007)
		m.lng = round6(t.spec.lng + (r.Float64()-0.5)*0.009)
	}
}

// patrolRoutes are the routes of the round-the-clock patrol.
var patrolRoutes = []string{
	"梧桐里胡同—槐树街—银杏里小区—梧桐苑—社区警务室",
	"北仓胡同—丁香胡同小区—海棠楼—银杏路沿线",
	"文华路—柿子树院—枣林南里—枣林街党群服务站",
	"柳荫街—柳荫街小区—榆钱胡同小区—松鹤园",
	"东桥大街—竹影里—梧桐里美食街—桐华酒店周边",
	"体育中心路—体育中心北广场—城东大学西门外",
}

// Lines of the patrol log.
var (
	handoverNotes = []string{
		"清点对讲机、手电和急救包，装备齐全。",
		"与上一班交接，上一班无遗留事项。",
		"领取巡逻任务单，重点关注电动车充电和独居老人。",
	}
	dayNotes = []string{
		"检查沿线消防通道，畅通。",
		"提醒两家沿街商户不要占道经营。",
		"在小区门口向老人发放防诈骗宣传单。",
		"帮助一名外卖员找到收件楼栋。",
		"查看楼道电动车充电情况，劝离一辆。",
		"劝导路口乱停车辆三辆，车主已挪走。",
		"学校放学时段在路口协助疏导。",
	}
	nightNotes = []string{
		"检查各小区单元门和车棚，均已上锁。",
		"发现一处路灯不亮，已记录报修。",
		"沿线无异常，治安平稳。",
		"劝离在胡同口聚集饮酒的人员，未发生冲突。",
		"夜间巡查独居老人所在楼栋，灯光正常。",
		"美食街打烊后检查燃气阀门关闭情况。",
	}
	closingNotes = []string{
		"交班，本班无遗留事项。",
		"交班，已将需跟进事项告知下一班。",
		"巡逻结束，装备归还完毕。",
	}
)
