package demo

import (
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"

	"wutong/ent/issue"
	"wutong/ent/organizationreport"
	"wutong/gid"
)

// eventsPerYear is how many large events the venues hold a year.
const eventsPerYear = 50

// publicEventRec is a planned public event.
type publicEventRec struct {
	id           gid.ID
	venue        *orgRec
	name         string
	organizer    string
	starts, ends time.Time
	attendance   int
	notes        string
	created      time.Time
}

// eventKind is a kind of large event and where and when it happens.
type eventKind struct {
	venue      string // name of the organization that hosts it
	names      []string
	organizer  string
	start      [2]int // hour and minute
	length     time.Duration
	attendance [2]int
	months     []time.Month // the season; empty for any month
	weight     float64
}

// planEvents plans the large events at the venues: exactly eventsPerYear
// in the last twelve months, as many pro rata before, each secured by one
// to three patrol shifts and announced by the venue with an event plan.
func (p *planner) planEvents(t *town) {
	if len(t.orgs) == 0 || t.team == nil {
		return
	}
	r := newRand(p.seed, t.spec.code+"/events")
	y, m, d := p.now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, p.loc)
	yearAgo := today.AddDate(-1, 0, 0)
	earlier := int(float64(eventsPerYear) * yearAgo.Sub(p.start).Hours() / 24 / 365)
	days := append(p.eventDays(r, p.start, yearAgo, earlier), p.eventDays(r, yearAgo, today, eventsPerYear)...)
	for _, day := range days {
		p.addEvent(t, r, day)
	}
	p.linkEventIssues(t)
}

// linkEventIssues records the security shift on which a problem reported by
// the patrol in a venue's grid was found, when no round-the-clock shift was
// recorded then.
func (p *planner) linkEventIssues(t *town) {
	for _, is := range t.issues {
		if is.channel != issue.ChannelPATROL || is.shift != nil {
			continue
		}
		for _, s := range t.shifts {
			if s.event == nil || s.event.venue.grid != is.grid || is.reported.Before(s.starts) || !is.reported.Before(s.ends) {
				continue
			}
			is.shift = s
			s.found = append(s.found, is)
			s.log += fmt.Sprintf("\n%s 发现“%s”，已拍照上报。", is.reported.In(p.loc).Format("15:04"), is.title)
			break
		}
	}
}

// eventDays draws n different days in [from, to), weekends and the seasons
// of school sports and concerts more often.
func (p *planner) eventDays(r *mrand.Rand, from, to time.Time, n int) []time.Time {
	var days []time.Time
	var weights []float64
	y, m, d := from.Date()
	for day := time.Date(y, m, d+1, 0, 0, 0, 0, p.loc); day.Before(to); day = day.AddDate(0, 0, 1) {
		w := monthWeights[day.Month()-1]
		switch day.Weekday() {
		case time.Saturday, time.Sunday:
			w *= 3
		case time.Friday:
			w *= 1.4
		}
		days = append(days, day)
		weights = append(weights, w)
	}
	var out []time.Time
	for len(out) < n && len(out) < len(days) {
		i := weighted(r, weights)
		if weights[i] == 0 {
			continue
		}
		weights[i] = 0
		out = append(out, days[i])
	}
	return out
}

// monthWeights are how busy the venues are in each month.
var monthWeights = []float64{0.4, 0.4, 0.8, 1.3, 1.5, 1.2, 1.1, 1.0, 1.3, 1.5, 1.1, 0.6}

// addEvent plans an event on the day, its security shifts and its plan.
func (p *planner) addEvent(t *town, r *mrand.Rand, day time.Time) {
	var kinds []eventKind
	var weights []float64
	for _, k := range eventKinds {
		if len(k.months) == 0 || containsMonth(k.months, day.Month()) {
			kinds = append(kinds, k)
			weights = append(weights, k.weight)
		}
	}
	k := kinds[weighted(r, weights)]
	venue := t.orgNamed(k.venue)
	if venue == nil {
		return
	}
	e := &publicEventRec{venue: venue, organizer: k.organizer}
	e.starts = day.Add(time.Duration(k.start[0])*time.Hour + time.Duration(k.start[1])*time.Minute)
	e.ends = e.starts.Add(k.length)
	lo, hi := k.attendance[0], k.attendance[1]
	e.attendance = (lo + r.IntN(hi-lo+1)) / 100 * 100
	e.name = strings.NewReplacer("{year}", fmt.Sprint(day.Year()), "{team}", pick(r, visitingTeams),
		"{artist}", pick(r, artists)).Replace(pick(r, k.names))
	e.created = maxTime(p.launch, e.starts.Add(-between(r, 14*24*time.Hour, 45*24*time.Hour))).Truncate(time.Second)
	e.id = newID("PublicEvent", e.created)
	shifts := p.securityShifts(t, r, e)
	e.notes = fmt.Sprintf("安保方案：义警%d人分%d班，配合场馆安保和派出所民警负责入场口疏导、周边秩序维护和散场引导。%s",
		memberCount(shifts), len(shifts), pick(r, eventOutcomes))
	t.events = append(t.events, e)
	filed := p.atDaytime(r, maxTime(p.launch, e.starts.Add(-between(r, 5*24*time.Hour, 12*24*time.Hour))))
	p.addReport(t, venue, organizationreport.KindEVENT_PLAN, e.starts, filed,
		fmt.Sprintf("%s安保方案：预计观众%d人，设置安检口%d个，明确疏散路线和应急处置分工，已与社区警务室和义警巡逻队对接。",
			e.name, e.attendance, 2+e.attendance/5000))
}

// securityShifts plans the shifts that secure an event: from ninety
// minutes before it begins to an hour after it ends, split in one to three
// shifts by the expected attendance, each with four to six members.
func (p *planner) securityShifts(t *town, r *mrand.Rand, e *publicEventRec) []*shiftRec {
	n := 1
	switch {
	case e.attendance >= 15000:
		n = 3
	case e.attendance >= 3000:
		n = 2
	}
	from, to := e.starts.Add(-90*time.Minute), e.ends.Add(time.Hour)
	part := (to.Sub(from) / time.Duration(n)).Truncate(30 * time.Minute)
	var out, busy []*patrolMemberRec
	var shifts []*shiftRec
	for i := 0; i < n; i++ {
		s := &shiftRec{event: e, starts: from.Add(time.Duration(i) * part), ends: from.Add(time.Duration(i+1) * part)}
		if i == n-1 {
			s.ends = to
		}
		s.route = e.venue.spec.name + "入场口及周边道路"
		s.members = p.crewFor(t, r, 4+r.IntN(3), busy, true)
		busy = append(busy, s.members...)
		out = append(out, s.members...)
		s.log = p.securityLog(r, e, s, i, n)
		t.shifts = append(t.shifts, s)
		shifts = append(shifts, s)
	}
	return shifts
}

// securityLog writes the log of the i-th of n security shifts of an event.
func (p *planner) securityLog(r *mrand.Rand, e *publicEventRec, s *shiftRec, i, n int) string {
	clock := func(at time.Time) string { return at.In(p.loc).Format("15:04") }
	lines := []string{clock(s.starts) + " 到岗，" + pick(r, []string{"领取袖标和对讲机。", "与场馆保卫部门对接岗位分工。"})}
	if i == 0 {
		lines = append(lines, clock(e.starts.Add(-30*time.Minute))+" 观众开始入场，协助安检口排队疏导。")
	}
	if i == n-1 {
		lines = append(lines, clock(e.ends)+" 活动结束，引导观众有序离场。")
	}
	lines = append(lines, pick(r, securityNotes), clock(s.ends)+" 撤岗。")
	return strings.Join(lines, "\n")
}

// memberCount counts the different members on the shifts.
func memberCount(shifts []*shiftRec) int {
	seen := map[*patrolMemberRec]bool{}
	for _, s := range shifts {
		for _, m := range s.members {
			seen[m] = true
		}
	}
	return len(seen)
}

// orgNamed returns the town's organization of that name, or nil.
func (t *town) orgNamed(name string) *orgRec {
	for _, o := range t.orgs {
		if o.spec.name == name {
			return o
		}
	}
	return nil
}

// containsMonth reports whether m is among list.
func containsMonth(list []time.Month, m time.Month) bool {
	for _, x := range list {
		if x == m {
			return true
		}
	}
	return false
}

// School seasons and summer.
var (
	schoolSeason   = []time.Month{time.April, time.May, time.June, time.September, time.October, time.November}
	summer         = []time.Month{time.May, time.June, time.July, time.August, time.September}
	footballSeason = []time.Month{time.March, time.April, time.May, time.June, time.July, time.August, time.September, time.October, time.November}
)

// eventKinds are the large events of the venues.
var eventKinds = []eventKind{
	{venue: "市体育中心体育场", names: []string{"{year}年区中小学生田径运动会", "{year}年区中学生运动会", "{year}年区小学生趣味运动会"},
		organizer: "区教育委员会", start: [2]int{8, 0}, length: 8*time.Hour + 30*time.Minute, attendance: [2]int{2500, 6000},
		months: schoolSeason, weight: 3},
	{venue: "市体育中心体育馆", names: []string{"{year}年市青少年体育舞蹈锦标赛", "{year}年全市中小学生舞蹈比赛", "“梧桐杯”全民健身舞蹈大赛"},
		organizer: "市体育舞蹈协会", start: [2]int{9, 0}, length: 8 * time.Hour, attendance: [2]int{1500, 4000}, weight: 2.5},
	{venue: "市体育中心体育场", names: []string{"城市足球联赛：城东队对阵{team}", "城市足球联赛第{year}赛季主场：城东队对阵{team}"},
		organizer: "城东足球俱乐部", start: [2]int{19, 30}, length: 2 * time.Hour, attendance: [2]int{15000, 42000},
		months: footballSeason, weight: 2},
	{venue: "市体育中心体育馆", names: []string{"城市篮球联赛：城东猛虎对阵{team}"},
		organizer: "市篮球协会", start: [2]int{19, 30}, length: 2*time.Hour + 15*time.Minute, attendance: [2]int{5000, 11000}, weight: 1.5},
	{venue: "市体育中心体育场", names: []string{"{artist}{year}巡回演唱会", "{artist}“夏夜星河”演唱会"},
		organizer: "北辰文化演出有限公司", start: [2]int{19, 30}, length: 3 * time.Hour, attendance: [2]int{18000, 40000},
		months: summer, weight: 1},
	{venue: "市体育中心体育馆", names: []string{"{artist}{year}巡回演唱会"},
		organizer: "北辰文化演出有限公司", start: [2]int{19, 30}, length: 2*time.Hour + 30*time.Minute, attendance: [2]int{8000, 12000}, weight: 0.8},
	{venue: "市体育中心游泳馆", names: []string{"{year}年市青少年游泳锦标赛", "{year}年区中小学生游泳比赛"},
		organizer: "市游泳运动协会", start: [2]int{9, 0}, length: 7 * time.Hour, attendance: [2]int{800, 2000}, months: summer, weight: 1},
	{venue: "城东大学", names: []string{"城东大学{year}年田径运动会", "城东大学{year}届毕业典礼", "城东大学{year}级新生开学典礼"},
		organizer: "城东大学", start: [2]int{8, 30}, length: 7 * time.Hour, attendance: [2]int{3000, 9000}, months: schoolSeason, weight: 1},
}

// Made-up teams and artists.
var (
	visitingTeams = []string{"海港队", "北岸队", "西山队", "江城队", "南湖队", "滨海队"}
	artists       = []string{"星河乐队", "林夏", "北岸乐团", "周默", "青柠乐队"}
)

// Lines of the logs and notes of events.
var (
	securityNotes = []string{
		"协助一名走失儿童找到家长。",
		"劝离场馆外兜售门票人员两名。",
		"疏导北广场周边违停车辆。",
		"现场秩序良好，无治安案事件。",
		"协助医护人员护送一名身体不适的观众到医疗点。",
	}
	eventOutcomes = []string{
		"活动期间秩序良好，无治安案事件。",
		"活动平稳有序，散场四十分钟内周边交通恢复正常。",
		"处置走失儿童一起，已交还家长；其余无异常。",
	}
)
