package demo

import (
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"

	"wutong/ent/issue"
	"wutong/ent/meetingpoint"
	"wutong/gid"
	"wutong/lifecycle"
)

// meetingRec is a planned meeting at a meeting point.
type meetingRec struct {
	id           gid.ID
	point        *pointRec
	topic        string
	agenda       []string
	starts, ends time.Time
	minutes      string
	decisions    []string
	attendees    []int // indexes into town.residents
	staff        []*userRec
	issues       []*issueRec
}

// meetingTopic is what a meeting that takes up no reported issue is about.
type meetingTopic struct {
	topic     string
	agenda    []string
	decisions []string
}

// meetingGen plans the meetings of one town.
type meetingGen struct {
	p     *planner
	t     *town
	r     *mrand.Rand
	taken map[*issueRec]bool // issues already taken up by a meeting
}

// planMeetings plans the deliberations at the meeting points: the stories
// of the problem compound, the monthly meeting at the service station, the
// discussion corners every couple of months and the quarterly
// police-resident meeting, and the next meeting at the service station.
func (p *planner) planMeetings(t *town) {
	g := &meetingGen{p: p, t: t, r: newRand(p.seed, t.spec.code+"/meetings"), taken: map[*issueRec]bool{}}
	if t.spec.full {
		g.problemMeetings()
	}
	g.stationMeetings()
	for _, pt := range t.points {
		if pt.kind == meetingpoint.KindDISCUSSION_CORNER {
			g.cornerMeetings(pt)
		}
	}
	if t.spec.full {
		g.roomMeetings()
	}
	slices.SortStableFunc(t.meetings, func(a, b *meetingRec) int { return a.starts.Compare(b.starts) })
	for _, m := range t.meetings {
		m.id = newID("Meeting", m.created(p))
	}
}

// created is when the meeting was put on the calendar: a week before it,
// but not before the platform went live nor after now.
func (m *meetingRec) created(p *planner) time.Time {
	return minTime(p.now, maxTime(p.launch, m.starts.AddDate(0, 0, -7)))
}

// at returns the day of t at the given hour and minute.
func (g *meetingGen) at(t time.Time, hour, minute int) time.Time {
	y, m, d := t.In(g.p.loc).Date()
	return time.Date(y, m, d, hour, minute, 0, 0, g.p.loc)
}

// nthWeekday returns the n-th given weekday (n from 1) of the month of t.
func (g *meetingGen) nthWeekday(t time.Time, wd time.Weekday, n int) time.Time {
	y, m, _ := t.In(g.p.loc).Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, g.p.loc)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// add records a meeting of two hours unless it would begin before the
// history or end after now.
func (g *meetingGen) add(m *meetingRec) {
	if m.ends.IsZero() {
		m.ends = m.starts.Add(2 * time.Hour)
	}
	if m.starts.Before(g.p.start) || m.ends.After(g.p.now) {
		return
	}
	for _, is := range m.issues {
		g.taken[is] = true
	}
	g.t.meetings = append(g.t.meetings, m)
}

// candidates returns up to n issues of the kinds that were reported in the
// window before at, acknowledged by then, not taken up yet and not part of
// a story: in the compound ci, or anywhere when ci is -1. Issues still open
// at the meeting come first.
func (g *meetingGen) candidates(at time.Time, window time.Duration, ci, n int, kinds ...issue.Kind) []*issueRec {
	var open, done []*issueRec
	titles := map[string]bool{}
	for _, is := range g.t.issues {
		if is.story || g.taken[is] || titles[is.title] || !slices.Contains(kinds, is.kind) || (ci >= 0 && is.compound != ci) ||
			is.reported.Before(at.Add(-window)) || !is.reported.Before(at) ||
			is.acknowledged.IsZero() || is.acknowledged.After(at) ||
			is.status == lifecycle.Duplicate || is.status == lifecycle.Rejected || is.duplicateOf != nil {
			continue
		}
		titles[is.title] = true
		if is.resolved.IsZero() || is.resolved.After(at) {
			open = append(open, is)
		} else {
			done = append(done, is)
		}
	}
	list := append(open, done...)
	return list[:min(n, len(list))]
}

// attendees picks about n residents who lived in the community at the
// time: first those given, then stewards of the compound, then others of
// the compound (or hall members, for a meeting of the whole community).
func (g *meetingGen) attendees(ci, n int, at time.Time, first []int) []int {
	var out []int
	seen := map[int]bool{}
	add := func(ri int) {
		if ri < 0 || seen[ri] {
			return
		}
		if res := g.t.residents[ri]; res.created.After(at) || res.phone == "" || g.p.age(res) < 18 {
			return
		}
		seen[ri] = true
		out = append(out, ri)
	}
	for _, ri := range first {
		add(ri)
	}
	for _, s := range g.t.stewards {
		if slices.Contains(s.compounds, ci) || (ci < 0 && chance(g.r, 0.15)) {
			add(s.resident)
		}
	}
	var pool []int
	if ci >= 0 {
		pool = g.t.compounds[ci].adults
	} else {
		for _, c := range g.t.compounds {
			pool = append(pool, c.hall...)
		}
	}
	for _, ri := range pickDistinct(g.r, pool, n+4) {
		if len(out) >= n {
			break
		}
		add(ri)
	}
	return out
}

// reporters are the residents who reported the issues.
func reporters(issues []*issueRec) []int {
	var out []int
	for _, is := range issues {
		if is.reporter >= 0 {
			out = append(out, is.reporter)
		}
	}
	return out
}

// staffFor returns the distinct, non-nil users given.
func staffFor(users ...*userRec) []*userRec {
	var out []*userRec
	for _, u := range users {
		if u != nil && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// gridWorkerOf returns the grid worker of the compound's grid, or nil.
func (t *town) gridWorkerOf(ci int) *userRec {
	if ci < 0 || len(t.crew.gridWorkers) == 0 {
		return nil
	}
	return t.crew.gridWorkers[t.compounds[ci].grid]
}

// stationMeetings plans the meetings at the service station: monthly on
// the second Thursday evening in the demo community, quarterly on a
// Saturday morning in a small one, skipping months with a story meeting.
// The demo community's next meeting is planned, with its agenda only.
func (g *meetingGen) stationMeetings() {
	pt := g.t.pointOf(meetingpoint.KindSERVICE_STATION)
	if pt == nil {
		return
	}
	c := g.t.crew
	y, mo, _ := g.p.start.Date()
	for k := 0; ; k++ {
		month := time.Date(y, mo+time.Month(k), 1, 0, 0, 0, 0, g.p.loc)
		var starts time.Time
		if g.t.spec.full {
			starts = g.nthWeekday(month, time.Thursday, 2).Add(19 * time.Hour)
		} else if month.Month()%3 == 1 {
			starts = g.nthWeekday(month, time.Saturday, 1).Add(9*time.Hour + 30*time.Minute)
		} else if month.After(g.p.now) {
			return
		} else {
			continue
		}
		if g.hasMeeting(pt, month) {
			continue
		}
		if starts.Add(2 * time.Hour).After(g.p.now) {
			if g.t.spec.full {
				g.upcoming(pt, starts)
			}
			return
		}
		issues := g.candidates(starts, 35*24*time.Hour, -1, 3, issue.KindPUBLIC_AFFAIR)
		m := g.meetingOn(pt, starts, fmt.Sprintf("%d月份党群服务站议事会", starts.Month()), issues, stationTopics, -1, 12+g.r.IntN(9))
		m.staff = staffFor(c.staff[0], pick(g.r, c.staff), pick(g.r, []*userRec{c.police, c.aux}))
		for _, is := range issues {
			m.staff = staffFor(append(m.staff, g.t.gridWorkerOf(is.compound))...)
		}
		g.writeMinutes(m)
		g.add(m)
	}
}

// hasMeeting reports whether a meeting at the point is planned in the
// month of t.
func (g *meetingGen) hasMeeting(pt *pointRec, t time.Time) bool {
	y, m, _ := t.Date()
	for _, x := range g.t.meetings {
		if xy, xm, _ := x.starts.In(g.p.loc).Date(); x.point == pt && xy == y && xm == m {
			return true
		}
	}
	return false
}

// upcoming plans the next meeting at the service station: an agenda, no
// minutes yet.
func (g *meetingGen) upcoming(pt *pointRec, starts time.Time) {
	c := g.t.crew
	m := &meetingRec{
		point: pt, starts: starts, ends: starts.Add(2 * time.Hour),
		topic:  fmt.Sprintf("%d月份党群服务站议事会", starts.Month()),
		agenda: []string{"通报上月议定事项落实情况", "枣林南里3号楼电梯更新改造筹款进展", "春季环境整治和防火安全"},
		staff:  staffFor(c.staff[0], c.staff[1]),
	}
	g.t.meetings = append(g.t.meetings, m)
}

// meetingOn plans a meeting that takes up the issues or, without any, a
// topic of the list; with about n residents of the compound ci (or of the
// whole community) and minutes and decisions.
func (g *meetingGen) meetingOn(pt *pointRec, starts time.Time, topic string, issues []*issueRec, topics []meetingTopic, ci, n int) *meetingRec {
	m := &meetingRec{point: pt, starts: starts, topic: topic, issues: issues}
	if len(issues) == 0 {
		tp := pick(g.r, topics)
		m.topic = topic + "：" + tp.topic
		m.agenda = slices.Clone(tp.agenda)
		m.decisions = slices.Clone(tp.decisions)
	}
	for _, is := range issues {
		item := is.title
		if ci < 0 && is.compound >= 0 {
			item = g.t.compounds[is.compound].spec.name + "：" + item
		}
		m.agenda = append(m.agenda, item)
		decisions := decisionTexts[is.category]
		if len(decisions) == 0 {
			decisions = decisionTexts[issue.CategoryOTHER]
		}
		m.decisions = append(m.decisions, pick(g.r, decisions))
	}
	m.agenda = append(m.agenda, "其他事项")
	m.attendees = g.attendees(ci, n, starts, reporters(issues))
	return m
}

// writeMinutes writes the minutes of a meeting that took place.
func (g *meetingGen) writeMinutes(m *meetingRec) {
	var b strings.Builder
	names := make([]string, len(m.staff))
	for i, u := range m.staff {
		names[i] = u.display
	}
	fmt.Fprintf(&b, "%s，%s召开%s。居民代表%d人参加，%s到会。\n", m.starts.In(g.p.loc).Format("2006年1月2日15:04"),
		m.point.name, m.topic, len(m.attendees), strings.Join(names, "、"))
	for i, item := range m.agenda {
		fmt.Fprintf(&b, "%d. %s：%s\n", i+1, item, pick(g.r, discussionLines))
	}
	fmt.Fprintf(&b, "会议形成决议%d项，由社区牵头落实，落实情况在下次议事会上通报。", len(m.decisions))
	m.minutes = b.String()
}

// cornerMeetings plans the meetings at a discussion corner, every six to
// ten weeks, about the compound's own issues.
func (g *meetingGen) cornerMeetings(pt *pointRec) {
	ci := pt.compound
	wd, hour := time.Wednesday, 19
	if !g.t.spec.full {
		wd, hour = time.Saturday, 15
	}
	day := g.p.start.AddDate(0, 0, g.r.IntN(42))
	for {
		day = day.AddDate(0, 0, (int(wd)-int(day.Weekday())+7)%7)
		starts := g.at(day, hour, 0)
		if starts.Add(2 * time.Hour).After(g.p.now) {
			return
		}
		issues := g.candidates(starts, 60*24*time.Hour, ci, 3, issue.KindPUBLIC_AFFAIR, issue.KindHAZARD)
		m := g.meetingOn(pt, starts, "“有事好商量”议事会", issues, cornerTopics, ci, 5+g.r.IntN(8))
		c := g.t.crew
		m.staff = staffFor(g.t.gridWorkerOf(ci), pick(g.r, c.staff))
		if c.managers != nil {
			m.staff = staffFor(append(m.staff, c.managers[ci])...)
		}
		g.writeMinutes(m)
		g.add(m)
		day = day.AddDate(0, 0, 42+g.r.IntN(29))
	}
}

// roomMeetings plans the quarterly police-resident meetings in the
// deliberation room, on safety.
func (g *meetingGen) roomMeetings() {
	pt := g.t.pointOf(meetingpoint.KindDELIBERATION_ROOM)
	if pt == nil {
		return
	}
	c := g.t.crew
	y, mo, _ := g.p.start.Date()
	for k := 0; ; k++ {
		month := time.Date(y, mo+time.Month(k), 1, 0, 0, 0, 0, g.p.loc)
		if month.After(g.p.now) {
			return
		}
		if month.Month()%3 != 2 {
			continue
		}
		starts := g.nthWeekday(month, time.Tuesday, 1).Add(15 * time.Hour)
		issues := g.candidates(starts, 90*24*time.Hour, -1, 2, issue.KindHAZARD)
		m := g.meetingOn(pt, starts, "警民议事会", issues, roomTopics, -1, 8+g.r.IntN(7))
		m.staff = staffFor(c.police, c.aux, pick(g.r, c.lawyers), c.staff[0])
		g.writeMinutes(m)
		g.add(m)
	}
}

// problemMeetings plans the meetings of story 6 at the service station:
// on the garbage, on the fees, on the water bill and, after the elevator
// broke down, on all of it, with the donations that followed.
func (g *meetingGen) problemMeetings() {
	pl, pt := g.t.plot, g.t.pointOf(meetingpoint.KindSERVICE_STATION)
	if pl.garbage == nil || pt == nil {
		return
	}
	c := g.t.crew
	ci := g.t.cast.problem
	worker := g.t.gridWorkerOf(ci)
	for _, s := range problemStories(pl) {
		starts := g.at(s.after.reported.AddDate(0, 0, s.days), 19, 0)
		m := &meetingRec{point: pt, starts: starts, topic: s.topic, agenda: s.agenda, decisions: s.decisions}
		for _, is := range s.issues {
			if is != nil && is.reported.Before(starts) {
				m.issues = append(m.issues, is)
			}
		}
		m.staff = staffFor(c.staff[s.chair], c.staff[1-s.chair], c.police, worker)
		m.attendees = g.attendees(ci, 14+g.r.IntN(6), starts, reporters(m.issues))
		m.minutes = fmt.Sprintf("%s，%s召开%s。居民代表%d人参加，%s主持。\n%s", starts.Format("2006年1月2日15:04"),
			pt.name, s.topic, len(m.attendees), c.staff[s.chair].display, s.minutes)
		g.add(m)
	}
}

// problemStory is one meeting of story 6.
type problemStory struct {
	after     *issueRec // the issue whose report the meeting follows
	days      int       // days after the report
	topic     string
	agenda    []string
	minutes   string
	decisions []string
	issues    []*issueRec
	chair     int // index into crew.staff of who chairs
}

// problemStories are the meetings of story 6; the comments on the issues
// report their decisions the day after.
func problemStories(pl plot) []problemStory {
	return []problemStory{
		{after: pl.garbage, days: 19, chair: 0, issues: []*issueRec{pl.garbage},
			topic:  "枣林南里环境卫生议事会",
			agenda: []string{"小区垃圾长期无人清运", "垃圾桶站选址", "保洁督导分工"},
			minutes: "居民反映小区无物业，院内垃圾堆积一个多星期无人清运。网格员通报了与环卫所的沟通情况。" +
				"大家讨论了桶站设在北门还是东门，多数人同意设在北门，远离住户窗户。楼长们表示愿意轮流督导。",
			decisions: []string{
				"在小区北门设集中垃圾桶站，由社区协调环卫所每日清运两次。",
				"各楼楼长轮流督导垃圾投放，每周在群里通报一次。",
				"本周六组织居民和义警集中清理院内积存垃圾。",
			}},
		{after: pl.heating, days: 24, chair: 1, issues: []*issueRec{pl.heating, pl.water},
			topic:  "枣林南里供暖欠费和公共水费议事会",
			agenda: []string{"拖欠暖气费面临停暖", "公共水费如何分摊", "成立业委会筹备组"},
			minutes: "居委会通报欠费明细：共涉及37户，其中困难户6户。热力公司同意在欠费清缴方案确定后先行供暖。" +
				"居民对公共水费分摊意见不一，同意先拿出方案初稿公示征求意见。会上推选五名居民代表组成业委会筹备组。",
			decisions: []string{
				"成立业委会筹备组，由五名居民代表组成，牵头逐户沟通欠缴的暖气费。",
				"困难户由社区协调减免，其余欠费户两个月内补缴；社区与热力公司协商先行供暖。",
				"公共水费分摊方案初稿在公告栏公示两周，征求意见后提交下次议事会表决。",
			}},
		{after: pl.water, days: 39, chair: 1, issues: []*issueRec{pl.water},
			topic:  "枣林南里公共水费分摊方案表决",
			agenda: []string{"公共水费分摊方案表决", "分期缴纳安排"},
			minutes: "筹备组介绍了公示期间收集的意见和修改后的方案。到会居民举手表决，方案获得通过。" +
				"自来水公司同意欠缴水费分期缴纳，不再停水。",
			decisions: []string{
				"公共水费按户均摊，历史欠费分六期缴纳，表决通过。",
				"由业委会筹备组与自来水公司签订分期缴纳协议，账目每季度公示。",
			}},
		{after: pl.elevator, days: 19, chair: 0, issues: []*issueRec{pl.elevator, pl.heating, pl.water, pl.garbage},
			topic:  "枣林南里小区治理议事会：老旧电梯、欠费和环境",
			agenda: []string{"3号楼老旧电梯更新改造", "暖气费和公共水费清缴进展", "垃圾桶站运行情况", "设立小区公益捐赠"},
			minutes: "3号楼居民反映电梯一个月内停运三次，楼内老人上下楼困难。维保单位的检测意见是电梯已使用约三十年，" +
				"建议整体更新。筹备组通报：欠缴暖气费的37户中已有29户补缴，公共水费按期缴纳。" +
				"垃圾桶站运行以来院内环境明显好转。居民提议设立捐赠项目，驻区单位也表示愿意支持。",
			decisions: []string{
				"3号楼电梯整体更新，按加装电梯政策申请补贴，居民自筹部分由业委会筹备组牵头筹集。",
				"设立“加装电梯”和“垃圾清运”两个捐赠项目，捐赠名单在公告栏和社区App上公示。",
				"暖气费欠费户继续逐户沟通，清缴情况每月通报。",
				"垃圾桶站保留，楼长轮流督导，环卫所每日清运两次。",
			}},
	}
}

// elevatorMeeting returns the meeting of story 6 that took up the old
// elevator, or nil.
func (t *town) elevatorMeeting() *meetingRec {
	for _, m := range t.meetings {
		if t.plot.elevator != nil && slices.Contains(m.issues, t.plot.elevator) {
			return m
		}
	}
	return nil
}

// garbageMeeting returns the first meeting that took up the garbage of
// story 6, or nil.
func (t *town) garbageMeeting() *meetingRec {
	for _, m := range t.meetings {
		if t.plot.garbage != nil && slices.Contains(m.issues, t.plot.garbage) {
			return m
		}
	}
	return nil
}

// decisionTexts are decisions on a reported issue, by its category.
var decisionTexts = map[issue.Category][]string{
	issue.CategorySANITATION: {
		"由网格员联系环卫所增加清运频次，楼长每周督导一次。",
		"在小区门口增设分类垃圾桶，每周六开展一次环境整治。",
		"楼道小广告由志愿者集中清理，单元门口张贴举报电话。",
	},
	issue.CategoryFACILITIES: {
		"由社区协调维修，两周内修复，网格员跟进验收。",
		"报街道申请微改造资金，雨季前完成施工。",
		"先征集全楼住户意见，同意率达到要求后再申报。",
		"由社区采购安装，楼长负责日常看护。",
	},
	issue.CategoryFEES: {
		"由居民代表逐户沟通欠费，困难户由社区协调减免。",
		"费用按户分摊，账目每季度在公告栏公示。",
		"社区与供暖、供水单位协商，先保障供应再分期清缴。",
	},
	issue.CategoryPARKING: {
		"划定临时停车位，消防通道两侧禁停，义警夜间巡查。",
		"停车方案征求意见两周后提交议事会表决。",
	},
	issue.CategorySAFETY: {
		"楼道堆物限期三天清理，逾期由社区组织统一清运。",
		"设置电动车集中充电桩，楼道内禁止充电，楼长每周检查。",
		"由网格员和义警联合复查，隐患整改前设置警示标识。",
	},
	issue.CategoryOTHER: {
		"与街道养老服务中心对接，尽快设立老年助餐点。",
		"由社区协调相关部门答复，结果在群里公告。",
	},
}

// discussionLines are how the minutes sum up the discussion of an item.
var discussionLines = []string{
	"居民代表介绍了情况，网格员说明了处理进展，大家讨论后形成一致意见。",
	"到会居民各抒己见，对解决办法基本达成共识。",
	"社区和物业分别作了说明，居民提出了补充意见。",
	"楼长介绍了走访了解到的情况，大家同意按决议办理。",
}

// Topics of meetings that take up no reported issue.
var (
	stationTopics = []meetingTopic{
		{"社区重点工作通报", []string{"社区近期重点工作", "居民意见征集"}, []string{"居民意见由网格员汇总，下次议事会通报办理情况。"}},
		{"老旧小区综合整治", []string{"整治范围和时间安排", "居民配合事项"}, []string{"整治方案在各小区公告栏公示，施工期间楼长协助沟通。"}},
	}
	cornerTopics = []meetingTopic{
		{"楼道堆物集中清理", []string{"楼道堆物现状", "清理时间和分工"},
			[]string{"本周六上午集中清理楼道堆物，楼长带头。", "清理出的旧家具由社区联系回收。"}},
		{"小区停车秩序", []string{"车位紧张问题", "外来车辆管理"},
			[]string{"夜间外来车辆登记后停放，消防通道严禁停车。"}},
		{"文明养犬公约", []string{"遛狗牵绳和粪便清理", "公约内容"},
			[]string{"通过小区文明养犬公约，张贴在各单元门口。"}},
		{"垃圾分类宣传", []string{"分类投放情况", "宣传活动安排"},
			[]string{"每月组织一次垃圾分类宣传，志愿者在桶站值守。"}},
		{"电动车安全充电", []string{"楼道充电隐患", "集中充电点选址"},
			[]string{"在小区空地设集中充电点，楼道内禁止充电。"}},
	}
	roomTopics = []meetingTopic{
		{"防范电信网络诈骗", []string{"近期诈骗案例通报", "老年人防骗宣传"},
			[]string{"楼长入户开展防骗宣传，重点覆盖独居老人。", "在云议事厅每周推送一条防骗提示。"}},
		{"出租房屋安全管理", []string{"出租房屋登记情况", "群租隐患排查"},
			[]string{"房东在出租前到警务室登记租客信息，网格员每月核查。"}},
		{"大型活动期间周边秩序", []string{"体育中心活动期间交通和停车", "义警安保分工"},
			[]string{"活动日由义警巡逻队在北广场和胡同口疏导，提前在群里发布管制信息。"}},
		{"电动自行车消防安全", []string{"楼道充电和停放", "火灾案例警示"},
			[]string{"联合物业开展楼道清理，发现楼道充电当场劝阻并登记。"}},
	}
)
