package demo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wutong/ent/issue"
	"wutong/ent/issuecomment"
	"wutong/ent/resident"
	"wutong/ent/servicerecord"
	"wutong/personal"
)

// The compounds where the stories of DOMAIN.md happen (indexes into
// bigTown's compounds).
const (
	ownerCompound     = 2 // 槐荫里小区
	studentCompound   = 8 // 柳荫街小区
	leakCompound      = 5 // 海棠楼
	problemCompound   = 7 // 枣林南里
	sleeplessCompound = 9 // 榆钱胡同小区
)

// planCast chooses and shapes the residents the stories are about.
func (p *planner) planCast(t *town) {
	c := cast{owner: -1, students: [2]int{-1, -1}, upstairs: -1, downstairs: -1, elder: -1, finder: -1, sleepless: -1, problem: -1}
	defer func() { t.cast = c }()
	if !t.spec.full {
		return
	}
	r := newRand(p.seed, t.spec.code+"/cast")
	aged := func(lo, hi int) func(*residentRec) bool {
		return func(res *residentRec) bool { a := p.age(res); return a >= lo && a <= hi && len(res.flags) == 0 }
	}
	choose := func(ci int, ok func(*residentRec) bool) int {
		ri := p.pickResident(t, r, ci, ok)
		if ri >= 0 {
			t.residents[ri].story = true
		}
		return ri
	}
	c.owner = choose(ownerCompound, func(res *residentRec) bool {
		return res.female && res.residency == resident.ResidencyOWNER && aged(42, 62)(res)
	})
	for k := range c.students {
		ri := choose(studentCompound, aged(18, 40))
		c.students[k] = ri
		if ri < 0 {
			continue
		}
		res := t.residents[ri]
		p.setAge(r, res, 20+k)
		res.residency = resident.ResidencyTENANT
		res.movedIn = p.atDaytime(r, p.storyDay(studentsDay).AddDate(0, -5, 0))
		res.created = maxTime(p.launch, res.movedIn)
		if k == 1 && c.students[0] >= 0 {
			first := t.residents[c.students[0]]
			res.building, res.unit, res.room, res.movedIn, res.created = first.building, first.unit, first.room, first.movedIn, first.created
		}
	}
	c.upstairs = choose(leakCompound, func(res *residentRec) bool {
		return res.residency == resident.ResidencyOWNER && aged(35, 75)(res) && len(res.room) == 3 && res.room[0] > '1'
	})
	c.downstairs = choose(leakCompound, func(res *residentRec) bool {
		return res.residency == resident.ResidencyOWNER && aged(35, 75)(res)
	})
	if c.upstairs >= 0 && c.downstairs >= 0 {
		up, down := t.residents[c.upstairs], t.residents[c.downstairs]
		floor, _ := strconv.Atoi(up.room[:len(up.room)-2])
		down.building, down.unit, down.room = up.building, up.unit, strconv.Itoa(floor-1)+up.room[len(up.room)-2:]
	}
	c.finder, c.elder = p.findElder(t)
	if len(t.crew.patrol) > 0 {
		c.patroller = t.crew.patrol[0]
	}
	c.sleepless = choose(sleeplessCompound, aged(30, 70))
	c.problem = problemCompound
}

// findElder returns a steward and an elderly resident living alone in the
// steward's compound.
func (p *planner) findElder(t *town) (finder, elder int) {
	for si, s := range t.stewards {
		for _, ri := range t.compounds[s.compounds[0]].cared {
			res := t.residents[ri]
			if p.age(res) >= 70 && hasFlag(res, personal.LivesAlone) && !res.story && res.user == nil {
				res.story = true
				return si, ri
			}
		}
	}
	return -1, -1
}

// hasFlag reports whether the resident has the care flag.
func hasFlag(res *residentRec, f personal.CareFlag) bool {
	for _, x := range res.flags {
		if x == f {
			return true
		}
	}
	return false
}

// studentsDay is when in last year the students of story 2 fall out.
const studentsDay = 0.55

// storyDay returns the start of the day a fraction of the way through the
// part of last calendar year that the history covers.
func (p *planner) storyDay(frac float64) time.Time {
	y := p.now.Year()
	from := maxTime(p.start, time.Date(y-1, 1, 1, 0, 0, 0, 0, p.loc))
	to := time.Date(y, 1, 1, 0, 0, 0, 0, p.loc)
	t := from.Add(time.Duration(frac * float64(to.Sub(from)))).In(p.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, p.loc)
}

// never marks a step a story issue does not reach.
const never = time.Duration(-1)

// story is an issue of DOMAIN.md written by hand. Steps are offsets from
// the report.
type story struct {
	kind                                issue.Kind
	category                            issue.Category
	channel                             issue.Channel
	priority                            issue.Priority
	title, description                  string
	reporter                            int
	at                                  time.Time
	ack, start, arrive, resolve, closed time.Duration
	rating                              int
	feedback                            string
	assignees                           []*userRec
	comments                            []storyComment
	repeatOf                            *issueRec
}

// storyComment is a comment of a story issue, at an offset from the report.
type storyComment struct {
	after    time.Duration
	author   *userRec
	internal bool
	body     string
}

// stories plans the issues of DOMAIN.md's stories.
func (g *issueGen) stories() {
	c, crew := g.t.cast, g.t.crew
	const (
		m = time.Minute
		h = time.Hour
		d = 24 * time.Hour
	)
	// at is a time of day on the day a fraction of the way through last year.
	at := func(frac float64, hour, minute int) time.Time {
		return g.p.storyDay(frac).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
	}
	if c.owner >= 0 {
		g.t.plot.owner = g.story(story{
			kind: issue.KindDISPUTE, category: issue.CategoryPROPERTY, channel: issue.ChannelWALK_IN, priority: issue.PriorityHIGH,
			title: "离婚后前夫阻挠回家居住",
			description: "我是{compound}{b}号楼的业主，房子登记在我一个人名下。离婚后前夫一直住在里面，换了门锁不让我回去，" +
				"我现在只能借住在亲戚家。希望民警和社区帮忙解决。",
			reporter: c.owner, at: at(0.35, 10, 20),
			ack: 12 * m, start: 23 * h, arrive: never, resolve: 5*d + 3*h, closed: 8 * d,
			rating: 5, feedback: "有家不能回的日子终于结束了，感谢民警、律师和社区的同志。",
			assignees: []*userRec{crew.police, crew.lawyers[0], crew.staff[1]},
			comments: []storyComment{
				{2 * h, crew.lawyers[0], true, "房产登记在当事人一人名下，离婚协议未约定居住权，当事人依法享有占有和处分的权利。"},
				{3 * h, crew.police, false, "已约双方明天上午在律师调解室面谈，律师、民警和社区工作人员一起参加。"},
				{26*h + 3*h, crew.staff[1], true, "前夫顾虑孙子上学的户口问题，从孩子读书生活的角度做通了他的思想工作。"},
				{5 * d, crew.police, false, "经调解双方达成协议：前夫本月底前搬出并交还钥匙，已签署调解协议。"},
			},
		})
	}
	if s0, s1 := c.students[0], c.students[1]; s0 >= 0 && s1 >= 0 {
		g.t.plot.students = g.story(story{
			kind: issue.KindDISPUTE, category: issue.CategoryTENANCY, channel: issue.ChannelAPP, priority: issue.PriorityNORMAL,
			title: "合租同学分摊房租起争执",
			description: "我和同学合租{compound}{b}号楼的一套两居室，大卧室带阳台，我们对房租怎么分一直谈不拢，" +
				"已经吵了好几次，影响学习，想请民警帮忙评评理。",
			reporter: s0, at: at(studentsDay, 21, 40),
			ack: 25 * m, start: 14 * h, arrive: never, resolve: 40 * h, closed: 4 * d,
			rating: 5, feedback: "民警像老师一样帮我们把账算清楚了，谢谢！",
			assignees: []*userRec{crew.police, g.gridWorker(g.t.compounds[studentCompound].grid)},
			comments: []storyComment{
				{30 * m, crew.police, false, "已请两位同学明天下午到警务室当面谈。"},
				{17 * h, crew.police, true, "第一次面谈未达成一致，约定明天继续。"},
				{40 * h, crew.police, false, "经过两天协商，双方同意大卧室每月多承担300元，水电燃气平摊，已签协议。"},
			},
		})
	}
	if c.upstairs >= 0 && c.downstairs >= 0 {
		g.t.plot.leak = g.story(story{
			kind: issue.KindDISPUTE, category: issue.CategoryNEIGHBOURS, channel: issue.ChannelWALK_IN, priority: issue.PriorityNORMAL,
			title: "卫生间渗水责任争议",
			description: "我家卫生间天花板一直往下渗水，墙皮都泡掉了。楼上邻居说他家刚装修过不会漏，" +
				"双方为责任问题争执不下。",
			reporter: c.downstairs, at: at(0.7, 18, 30),
			ack: 5 * m, start: 30 * m, arrive: never, resolve: 30*m + 3*h + 10*m, closed: 3 * d,
			rating: 4, feedback: "总算说清楚了，楼上答应重做防水。",
			assignees: []*userRec{crew.police, g.gridWorker(g.t.compounds[leakCompound].grid)},
			comments: []storyComment{
				{10 * m, crew.police, false, "已约楼上楼下两户今晚7点在警民议事室调解，物业维修师傅一起到场。"},
				{3*h + 35*m, crew.police, true, "调解持续约3个小时，闭水试验确认是楼上卫生间防水层老化。"},
				{3*h + 40*m, crew.police, false, "双方握手言和：楼上负责重做防水，楼下天花板的修复费用由楼上承担。"},
			},
		})
	}
	if c.elder >= 0 {
		finder := g.t.stewards[c.finder].resident
		elder := g.t.residents[c.elder]
		var helpers []*userRec
		if len(crew.patrol) > 1 {
			helpers = []*userRec{crew.police, crew.patrol[1]}
		} else {
			helpers = []*userRec{crew.police}
		}
		recent := g.p.now.AddDate(0, 0, -47)
		y, mo, dd := recent.Date()
		g.t.plot.elder = g.story(story{
			kind: issue.KindEMERGENCY, category: issue.CategorySAFETY, channel: issue.ChannelAPP, priority: issue.PriorityURGENT,
			title: "独居老人在家中晕倒",
			description: fmt.Sprintf("%s号楼%s单元的独居老人%s两天没下楼，敲门没人应，从窗户看到人倒在客厅地上，请求马上救助。",
				elder.building, elder.unit, g.p.honorific(elder)),
			reporter: finder, at: time.Date(y, mo, dd, 9, 40, 0, 0, g.p.loc),
			ack: 2 * m, start: 3 * m, arrive: 9 * m, resolve: h + 50*m, closed: 2 * d,
			rating: 5, feedback: "多亏大家来得快，老人已经出院了。",
			assignees: helpers,
			comments: []storyComment{
				{4 * m, helpers[len(helpers)-1], false, "义警已接单，正赶往现场，距离约400米。"},
				{25 * m, crew.police, false, "民警已到场，老人意识模糊，已由民警和家属陪同送往区第二人民医院。"},
				{h + 50*m, crew.police, true, "老人独居，已联系其女儿，楼长每天上门看望一次。"},
				{2 * d, crew.police, false, "老人已脱离危险，感谢楼长及时发现。"},
			},
		})
		g.p.addService(g.t, g.r, c.finder, c.elder, servicerecord.KindCARE_CHECK, time.Date(y, mo, dd, 9, 30, 0, 0, g.p.loc)).notes =
			"发现" + g.p.honorific(elder) + "晕倒在家，立即报告民警，协助送医。"
	}
	if c.patroller != nil && c.patroller.resident != nil {
		ri := g.residentIndex(c.patroller.resident)
		ci := g.t.residents[ri].compound
		assignees := []*userRec{g.gridWorker(g.t.compounds[ci].grid), c.patroller}
		g.t.plot.fireExit = g.story(story{
			kind: issue.KindHAZARD, category: issue.CategorySAFETY, channel: issue.ChannelPATROL, priority: issue.PriorityHIGH,
			title:       "夜间巡逻发现消防通道被堵",
			description: "巡逻时发现{compound}{b}号楼北侧消防通道被两辆三轮车和一堆建筑垃圾堵死，已拍照。",
			reporter:    ri, at: at(0.62, 21, 35),
			ack: 4 * m, start: 15 * m, arrive: 0, resolve: 20 * h, closed: 3 * d,
			assignees: assignees,
			comments: []storyComment{
				{30 * m, assignees[0], false, "已联系车主连夜挪车，建筑垃圾明天上午清运。"},
				{20 * h, assignees[0], false, "通道已清理干净，已设置禁停标识，巡逻队每晚复查。"},
			},
		})
	}
	g.problemCompound(at)
	if c.sleepless >= 0 {
		first := g.story(story{
			kind: issue.KindDISPUTE, category: issue.CategoryNOISE, channel: issue.ChannelPOLICE_CALL, priority: issue.PriorityNORMAL,
			title:       "楼上深夜噪音扰民",
			description: "{compound}{b}号楼楼上住户每天半夜还在拖拽家具、大声说话，多次敲门沟通无效，实在没法睡觉。",
			reporter:    c.sleepless, at: at(0.2, 23, 20),
			ack: 6 * m, start: 15 * m, arrive: 18 * m, resolve: 2 * d, closed: 5 * d,
			assignees: []*userRec{crew.police, crew.aux},
			comments: []storyComment{
				{25 * m, crew.aux, false, "民警和辅警已到场，楼上住户同意当晚停止。"},
			},
		})
		g.story(story{
			kind: issue.KindDISPUTE, category: issue.CategoryNOISE, channel: issue.ChannelPOLICE_CALL, priority: issue.PriorityNORMAL,
			title:       repeatTitle + first.title,
			description: "同一地址再次报警：楼上又在深夜发出很大声响。",
			reporter:    c.sleepless, at: first.reported.Add(4*d + 25*m),
			ack: 4 * m, start: 10 * m, arrive: 15 * m, resolve: h, closed: 3 * d,
			assignees: []*userRec{crew.aux},
			comments: []storyComment{
				{5 * m, crew.police, true, "同一地址再次报警，已关联首次警情，不重复立项。"},
			},
			repeatOf: first,
		})
		g.story(story{
			kind: issue.KindDISPUTE, category: issue.CategoryNOISE, channel: issue.ChannelPOLICE_CALL, priority: issue.PriorityHIGH,
			title:       repeatTitle + first.title,
			description: "第三次报警：凌晨楼上还在敲打，家里老人心脏不好，请民警一定要解决。",
			reporter:    c.sleepless, at: first.reported.Add(10*d + 70*m),
			ack: 5 * m, start: 12 * m, arrive: 14 * m, resolve: 2 * d, closed: 6 * d,
			rating: 5, feedback: "终于能睡个安稳觉了。",
			assignees: []*userRec{crew.police, crew.lawyers[1]},
			comments: []storyComment{
				{20 * m, crew.police, true, "同一地址第三次报警，安排律师和楼长一起做楼上住户的工作。"},
				{2 * d, crew.police, false, "经调解，楼上住户承诺晚十点后不再搬动家具，并给桌椅加装静音垫。"},
			},
			repeatOf: first,
		})
	}
}

// problemCompound plans story 6: the unmanaged compound with garbage,
// unpaid heating and water fees and an old elevator, whose residents took
// it up at the party-mass service station.
func (g *issueGen) problemCompound(at func(float64, int, int) time.Time) {
	const (
		m = time.Minute
		h = time.Hour
		d = 24 * time.Hour
	)
	crew := g.t.crew
	ci := g.t.cast.problem
	var hall, others []int
	for _, ri := range g.t.compounds[ci].adults {
		if res := g.t.residents[ri]; res.hall {
			hall = append(hall, ri)
		} else {
			others = append(others, ri)
		}
	}
	if len(hall) < 2 || len(others) < 2 {
		return
	}
	secretary, director := crew.staff[0], crew.staff[1]
	g.t.plot.garbage = g.story(story{
		kind: issue.KindPUBLIC_AFFAIR, category: issue.CategorySANITATION, channel: issue.ChannelONLINE_HALL, priority: issue.PriorityNORMAL,
		title:       "小区垃圾乱堆无人清运",
		description: "{compound}没有物业，院里垃圾堆了一个多星期没人管，味道很大，老鼠都出来了。",
		reporter:    hall[0], at: at(0.8, 9, 15),
		ack: 18 * m, start: 2 * d, arrive: never, resolve: 21 * d, closed: 30 * d,
		rating: 5, feedback: "院子干净多了，楼长们辛苦了。",
		assignees: []*userRec{secretary, crew.police},
		comments: []storyComment{
			{20 * m, crew.police, false, "已收到，社区和警务室明天一起到小区看看。"},
			{d, secretary, true, "该小区无物业，垃圾长期无人清运，提交党群服务站议事会讨论。"},
			{20 * d, secretary, false, "党群服务站议事会决定：在北门设集中垃圾桶站，每日清运两次，楼长轮流督导。"},
		},
	})
	g.t.plot.heating = g.story(story{
		kind: issue.KindPUBLIC_AFFAIR, category: issue.CategoryFEES, channel: issue.ChannelONLINE_HALL, priority: issue.PriorityHIGH,
		title:       "小区拖欠暖气费十多万元面临停暖",
		description: "小区不少住户多年没交暖气费，累计欠费十多万元，热力公司通知欠费不清就不供暖，交了钱的住户也跟着受冻。",
		reporter:    hall[1], at: at(0.86, 19, 5),
		ack: 9 * m, start: d, arrive: never, resolve: 26 * d, closed: 35 * d,
		rating: 4, feedback: "暖气来了，希望欠费的邻居都能补上。",
		assignees: []*userRec{director, secretary},
		comments: []storyComment{
			{15 * m, director, false, "已列入党群服务站议事会议题，请各楼派代表参加。"},
			{2 * d, director, true, "已统计欠费明细，共涉及37户，其中困难户6户。"},
			{25 * d, director, false, "议事会决定：业委会筹备组牵头逐户沟通，困难户由社区协调减免，热力公司同意先行供暖。"},
		},
	})
	g.t.plot.water = g.story(story{
		kind: issue.KindPUBLIC_AFFAIR, category: issue.CategoryFEES, channel: issue.ChannelWALK_IN, priority: issue.PriorityNORMAL,
		title:       "公共水费长期欠缴面临停水",
		description: "小区总水表的公共水费几年没人交，自来水公司下了停水通知，大家不知道该怎么分摊。",
		reporter:    others[0], at: at(0.87, 10, 30),
		ack: 5 * m, start: 3 * d, arrive: never, resolve: 40 * d, closed: never,
		rating:    4,
		assignees: []*userRec{director},
		comments: []storyComment{
			{3 * d, director, false, "已与自来水公司沟通，暂缓停水，分摊方案提交议事会讨论。"},
			{40 * d, director, false, "议事会通过分摊方案，已与自来水公司签订分期缴纳协议。"},
		},
	})
	var reporter int
	for _, ri := range others {
		if g.t.residents[ri].building == "3" {
			reporter = ri
			break
		}
		reporter = ri
	}
	recent := g.p.now.AddDate(0, 0, -60)
	y, mo, dd := recent.Date()
	g.t.plot.elevator = g.story(story{
		kind: issue.KindPUBLIC_AFFAIR, category: issue.CategoryFACILITIES, channel: issue.ChannelAPP, priority: issue.PriorityHIGH,
		title:       "3号楼电梯老旧频繁停运",
		description: "3号楼的电梯用了快三十年，这个月已经停了三次，楼里老人多，上下九层楼太难了。",
		reporter:    reporter, at: time.Date(y, mo, dd, 8, 50, 0, 0, g.p.loc),
		ack: h, start: 3 * d, arrive: never, resolve: never, closed: never,
		assignees: []*userRec{director, secretary},
		comments: []storyComment{
			{2 * h, director, false, "已请电梯维保单位检修，同时列入服务站议事会议题。"},
			{3 * d, secretary, true, "电梯已使用约30年，需申请老旧电梯更新改造资金。"},
			{20 * d, secretary, false, "议事会决定申请老旧电梯更新改造，居民自筹部分由业委会筹备组牵头，方案已在公告栏公示。"},
		},
	})
}

// story plans one hand-written issue.
func (g *issueGen) story(s story) *issueRec {
	res := g.t.residents[s.reporter]
	c := g.t.compounds[res.compound]
	is := &issueRec{
		kind: s.kind, category: s.category, channel: s.channel, priority: s.priority,
		incident: issue.IncidentClassNONE, title: s.title,
		description: strings.NewReplacer("{compound}", c.spec.name, "{b}", res.building).Replace(s.description),
		address:     fmt.Sprintf("%s%s%s号楼%s单元", c.address, c.spec.name, res.building, res.unit),
		grid:        c.grid, compound: res.compound, reporter: s.reporter,
		hasPos: true, lat: c.lat, lng: c.lng,
		reported: s.at, repeatOf: s.repeatOf, story: true,
		rating: s.rating, feedback: s.feedback,
	}
	step := func(d time.Duration) time.Time {
		if d < 0 {
			return time.Time{}
		}
		return s.at.Add(d)
	}
	is.acknowledged, is.started, is.arrived = step(s.ack), step(s.start), step(s.arrive)
	is.resolved, is.closed = step(s.resolve), step(s.closed)
	if s.rating > 0 && !is.resolved.IsZero() {
		is.ratedAt = is.resolved.Add(2 * time.Hour)
		if !is.closed.IsZero() && is.ratedAt.After(is.closed) {
			is.ratedAt = is.closed
		}
	}
	if prev := g.segments()[1]; s.kind == issue.KindDISPUTE && !s.at.Before(prev[0]) && s.at.Before(prev[1]) {
		is.mustFinish = true
	}
	for _, u := range s.assignees {
		if u != nil {
			is.assignees = append(is.assignees, u)
		}
	}
	for _, sc := range s.comments {
		if sc.author == nil {
			continue
		}
		vis := issuecomment.VisibilityPUBLIC
		if sc.internal {
			vis = issuecomment.VisibilityINTERNAL
		}
		is.comments = append(is.comments, &commentRec{author: sc.author, body: sc.body, vis: vis, at: s.at.Add(sc.after)})
	}
	g.issues = append(g.issues, is)
	return is
}

// residentIndex returns the index of a resident in the town.
func (g *issueGen) residentIndex(res *residentRec) int {
	for i, x := range g.t.residents {
		if x == res {
			return i
		}
	}
	return -1
}

// openDispute plans a dispute of the last few days that is still being
// mediated, so that the demo always has an open case. It is planned after
// the generated issues, from its own random stream, and changes none of
// them.
func (g *issueGen) openDispute() {
	const (
		m = time.Minute
		h = time.Hour
		d = 24 * time.Hour
	)
	y, mo, dd := g.p.now.AddDate(0, 0, -4).Date()
	at := time.Date(y, mo, dd, 9, 50, 0, 0, g.p.loc)
	if at.Before(g.thisStart) {
		return // early in January: last year's disputes stay 45, all resolved
	}
	r := newRand(g.p.seed, g.t.spec.code+"/open-dispute")
	c := g.t.compounds[leakCompound]
	var below []int
	for _, ri := range c.adults {
		res := g.t.residents[ri]
		if res.residency == resident.ResidencyOWNER && !res.story && floorOf(res.room) >= 2 && !res.movedIn.After(g.p.start) {
			below = append(below, ri)
		}
	}
	if len(below) == 0 {
		return
	}
	reporter := pick(r, below)
	g.t.residents[reporter].story = true
	crew := g.t.crew
	g.t.plot.cracks = g.story(story{
		kind: issue.KindDISPUTE, category: issue.CategoryNEIGHBOURS, channel: issue.ChannelWALK_IN, priority: issue.PriorityNORMAL,
		title:       "楼上装修导致我家墙面开裂",
		description: "楼上住户装修拆改墙体，我家客厅和卧室墙面出现多条裂缝，对方说是老房子本来就有，不愿承担责任。",
		reporter:    reporter, at: at,
		ack: 20 * m, start: d, arrive: never, resolve: never, closed: never,
		assignees: []*userRec{crew.police, crew.lawyers[2]},
		comments: []storyComment{
			{40 * m, crew.police, false, "已约双方到律师调解室面谈，物业工程人员一起查看裂缝。"},
			{d + 6*h, crew.lawyers[2], true, "双方对裂缝成因各执一词，建议委托第三方检测后再调解。"},
		},
	})
}
