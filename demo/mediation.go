package demo

import (
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"wutong/ent/issue"
	"wutong/ent/mediationcase"
	"wutong/ent/meetingpoint"
	"wutong/gid"
)

// caseRec is a planned mediation case.
type caseRec struct {
	id                       gid.ID
	issue                    *issueRec
	title                    string
	status                   mediationcase.Status
	outcome                  mediationcase.Outcome // empty while open
	agreement                string                // empty without an agreement
	opened, closed, followUp time.Time             // closed zero while open, followUp without an agreement
	parties                  [2]int                // the applicant and the respondent
	mediators                []*userRec
	sessions                 []*sessionRec
}

// sessionRec is a planned mediation session.
type sessionRec struct {
	id      gid.ID
	point   *pointRec // nil when held elsewhere
	place   string    // where, when not at a meeting point
	at      time.Time
	minutes int
	notes   string
}

// The share of the disputes that went to mediation: of the year before
// last, and of this year's disputes under way. Every dispute of last year
// did.
const (
	earlierShare  = 0.8
	thisYearShare = 0.7
)

// earlierOutcomes are the outcomes of the cases of the year before last,
// and earlierWeights how likely each is: most, not all, ended in
// agreement.
var (
	earlierOutcomes = []mediationcase.Outcome{mediationcase.OutcomeAGREEMENT, mediationcase.OutcomePARTIAL,
		mediationcase.OutcomeFAILED, mediationcase.OutcomeREFERRED}
	earlierWeights = []float64{82, 8, 5, 5}
)

// planMediation plans a mediation case behind each dispute of last year,
// all ended in agreement; behind most disputes of the year before, a few
// of them ended otherwise; and behind most of this year's disputes that
// are being worked on, some of them still open. Each case opens in the
// year its dispute was reported.
func (p *planner) planMediation(t *town) {
	r := newRand(p.seed, t.spec.code+"/mediation")
	y := p.now.Year()
	lastYear := time.Date(y-1, 1, 1, 0, 0, 0, 0, p.loc)
	thisYear := time.Date(y, 1, 1, 0, 0, 0, 0, p.loc)
	for _, is := range t.issues {
		if is.kind != issue.KindDISPUTE || is.reporter < 0 {
			continue
		}
		switch {
		case is.reported.Before(lastYear):
			if !is.resolved.IsZero() && chance(r, earlierShare) {
				p.mediate(t, r, is, earlierOutcomes[weighted(r, earlierWeights)])
			}
		case is.reported.Before(thisYear) && !is.resolved.IsZero():
			p.mediate(t, r, is, mediationcase.OutcomeAGREEMENT)
		case is == t.plot.cracks:
			p.mediate(t, r, is, "")
		case !is.reported.Before(thisYear) && !is.started.IsZero() && chance(r, thisYearShare):
			outcome := mediationcase.OutcomeAGREEMENT
			if chance(r, 0.15) {
				outcome = mediationcase.OutcomePARTIAL
			}
			p.mediate(t, r, is, outcome)
		}
	}
}

// mediate plans the case of a dispute: closed with the outcome when the
// issue is resolved, else still open.
func (p *planner) mediate(t *town, r *mrand.Rand, is *issueRec, outcome mediationcase.Outcome) {
	respondent := p.respondent(t, r, is)
	if respondent < 0 {
		return
	}
	c := &caseRec{issue: is, parties: [2]int{is.reporter, respondent}, status: mediationcase.StatusOPEN}
	c.opened = p.opening(is)
	c.title = t.residents[is.reporter].surname.hanzi + "某与" + t.residents[respondent].surname.hanzi + "某" +
		categoryWords[is.category] + "纠纷"
	c.mediators = p.mediators(t, r, is)
	end := p.now
	if !is.resolved.IsZero() {
		end = is.resolved
		c.status, c.outcome, c.closed = mediationcase.StatusCLOSED, outcome, is.resolved
		if outcome == mediationcase.OutcomeAGREEMENT || outcome == mediationcase.OutcomePARTIAL {
			c.agreement = agreementFor(is)
			if outcome == mediationcase.OutcomePARTIAL {
				c.agreement = "（部分达成）" + c.agreement
			}
			y, m, d := is.resolved.In(p.loc).Date()
			c.followUp = time.Date(y, m, d+15+r.IntN(16), 0, 0, 0, 0, p.loc)
		}
	}
	if !p.storySessions(t, r, c) {
		p.sessions(t, r, c, end)
	}
	if !c.closed.IsZero() && !c.closed.After(c.opened) {
		c.opened = c.closed.Add(-time.Minute)
	}
	c.id = newID("MediationCase", c.opened)
	for _, s := range c.sessions {
		s.id = newID("MediationSession", s.at)
	}
	t.cases = append(t.cases, c)
}

// opening is when the case of a dispute opens: when work on the dispute
// started or, if that was only in the next year, when it was acknowledged
// or else reported. A year's cases are thus those of its disputes: one of
// New Year's Eve is taken up the same day.
func (p *planner) opening(is *issueRec) time.Time {
	next := time.Date(is.reported.In(p.loc).Year()+1, 1, 1, 0, 0, 0, 0, p.loc)
	for _, at := range []time.Time{is.started, is.acknowledged} {
		if !at.IsZero() && at.Before(next) {
			return at
		}
	}
	return is.reported
}

// categoryWords name a dispute by its category in a case title.
var categoryWords = map[issue.Category]string{
	issue.CategoryPROPERTY:   "房产",
	issue.CategoryTENANCY:    "租赁",
	issue.CategoryNEIGHBOURS: "相邻关系",
	issue.CategoryFAMILY:     "家庭",
	issue.CategoryNOISE:      "噪音",
	issue.CategoryPARKING:    "停车",
}

// respondent is the other side of a dispute: a member of the household in
// a family matter, the landlord in a tenancy matter, a neighbour above or
// beside in a matter between neighbours, else another adult of the
// compound.
func (p *planner) respondent(t *town, r *mrand.Rand, is *issueRec) int {
	app := t.residents[is.reporter]
	switch {
	case is == t.plot.students:
		return t.cast.students[1]
	case is == t.plot.leak:
		return t.cast.upstairs
	}
	near := func(ok func(*residentRec) bool) int {
		if app.compound < 0 {
			return -1
		}
		var list []int
		for _, ri := range t.compounds[app.compound].adults {
			if res := t.residents[ri]; ri != is.reporter && ok(res) {
				list = append(list, ri)
			}
		}
		if len(list) == 0 {
			return -1
		}
		return pick(r, list)
	}
	home := func(res *residentRec) bool { return keyOf(res) == keyOf(app) }
	stair := func(res *residentRec) bool { return res.building == app.building && res.unit == app.unit && !home(res) }
	above := func(res *residentRec) bool { return stair(res) && floorOf(res.room) == floorOf(app.room)+1 }
	var ri int
	switch is.category {
	case issue.CategoryFAMILY:
		ri = near(home)
	case issue.CategoryPROPERTY:
		if is == t.plot.owner {
			ri = near(func(res *residentRec) bool { return home(res) && !res.female })
		} else {
			ri = near(stair)
		}
	case issue.CategoryTENANCY:
		if rec := t.rentalOf(is.reporter); rec != nil && rec.landlord >= 0 {
			ri = rec.landlord
		} else {
			ri = near(func(res *residentRec) bool { return res.residency != app.residency })
		}
	case issue.CategoryNOISE, issue.CategoryNEIGHBOURS:
		if ri = near(above); ri < 0 {
			ri = near(stair)
		}
	default:
		ri = -1
	}
	if ri < 0 || ri == is.reporter {
		ri = near(func(res *residentRec) bool { return !home(res) || is.category == issue.CategoryFAMILY })
	}
	return ri
}

// floorOf is the floor of a room number such as 502, or 0.
func floorOf(room string) int {
	if len(room) < 3 {
		return 0
	}
	n, _ := strconv.Atoi(room[:len(room)-2])
	return n
}

// mediators are the officer, the lawyer or grid worker assigned to the
// dispute, and often a member of the community staff.
func (p *planner) mediators(t *town, r *mrand.Rand, is *issueRec) []*userRec {
	c := t.crew
	out := staffFor(c.police)
	for _, u := range is.assignees {
		if slices.Contains(c.lawyers, u) || slices.Contains(c.gridWorkers, u) || slices.Contains(c.staff, u) {
			out = staffFor(append(out, u)...)
		}
	}
	if len(c.staff) > 0 && !is.story && chance(r, 0.35) {
		out = staffFor(append(out, pick(r, c.staff))...)
	}
	return out
}

// sessions plans one to three sessions between the opening of the case and
// its end, each in its own part of that time and never after now.
func (p *planner) sessions(t *town, r *mrand.Rand, c *caseRec, end time.Time) {
	window := end.Sub(c.opened)
	n := 1 + weighted(r, []float64{55, 30, 15})
	switch {
	case window < 6*time.Hour:
		n = 1
	case window < 48*time.Hour:
		n = min(n, 2)
	}
	slot := window / time.Duration(n)
	for i := 0; i < n; i++ {
		minutes := min(40+r.IntN(110), int(slot.Minutes()*0.8))
		if minutes < 1 {
			break
		}
		from := c.opened.Add(time.Duration(i) * slot)
		at := p.daytimeIn(r, from, from.Add(slot-time.Duration(minutes)*time.Minute))
		if at.Add(time.Duration(minutes) * time.Minute).After(p.now) {
			break
		}
		s := &sessionRec{at: at, minutes: minutes, notes: sessionNote(r, i, n, c.outcome)}
		s.point, s.place = p.sessionPlace(t, r, c)
		c.sessions = append(c.sessions, s)
	}
}

// daytimeIn returns a whole minute in [from, to] between 9:00 and 19:00
// if there is one on the first two days, else a random moment in it.
func (p *planner) daytimeIn(r *mrand.Rand, from, to time.Time) time.Time {
	y, m, d := from.In(p.loc).Date()
	for k := 0; k < 2; k++ {
		lo := maxTime(from, time.Date(y, m, d+k, 9, 0, 0, 0, p.loc))
		hi := minTime(to, time.Date(y, m, d+k, 19, 0, 0, 0, p.loc))
		if hi.Sub(lo) >= time.Minute {
			at := lo.Add(between(r, 0, hi.Sub(lo))).Truncate(time.Minute)
			return maxTime(at, lo)
		}
	}
	return maxTime(from, from.Add(between(r, 0, to.Sub(from))).Truncate(time.Minute))
}

// sessionNote is what the notes of the i-th of n sessions of a case say,
// given how it ended (empty while open).
func sessionNote(r *mrand.Rand, i, n int, outcome mediationcase.Outcome) string {
	last := i == n-1
	switch {
	case last && outcome == mediationcase.OutcomeFAILED:
		return "双方分歧较大，经反复调解仍未达成一致，调解终止，已告知当事人可依法向人民法院起诉。"
	case last && outcome == mediationcase.OutcomeREFERRED:
		return "争议涉及专业鉴定和诉讼程序，经双方同意，移交街道人民调解委员会继续处理。"
	case n == 1 && outcome != "":
		return pick(r, singleSessionNotes)
	case last && outcome != "":
		return "双方就主要问题达成一致，当场签署调解协议。"
	case i == 0:
		return "听取双方陈述，调解员释明相关法律规定，约定继续协商。"
	}
	return "调解员分别做双方工作，分歧明显缩小。"
}

// sessionPlace is where a session is held: the mediation room when a
// lawyer mediates, the deliberation room, the compound's discussion corner
// or somewhere else.
func (p *planner) sessionPlace(t *town, r *mrand.Rand, c *caseRec) (*pointRec, string) {
	lawyer := false
	for _, u := range c.mediators {
		lawyer = lawyer || slices.Contains(t.crew.lawyers, u)
	}
	ci := c.issue.compound
	switch {
	case lawyer && chance(r, 0.75):
		if pt := t.pointOf(meetingpoint.KindMEDIATION_ROOM); pt != nil {
			return pt, ""
		}
	case chance(r, 0.5):
		if pt := t.pointOf(meetingpoint.KindDELIBERATION_ROOM); pt != nil {
			return pt, ""
		}
	case chance(r, 0.5):
		for _, pt := range t.points {
			if pt.kind == meetingpoint.KindDISCUSSION_CORNER && pt.compound == ci {
				return pt, ""
			}
		}
	}
	if pt := t.pointOf(meetingpoint.KindSERVICE_STATION); pt != nil && !t.spec.full && chance(r, 0.5) {
		return pt, ""
	}
	return nil, pick(r, sessionPlaces)
}

// storySessions plans the sessions of the disputes of stories 1 to 3 and
// of the dispute still open, and reports whether the case was one of them.
func (p *planner) storySessions(t *town, r *mrand.Rand, c *caseRec) bool {
	is, pl := c.issue, t.plot
	day := func(days, hour, minute int) time.Time {
		y, m, d := is.reported.In(p.loc).Date()
		return time.Date(y, m, d+days, hour, minute, 0, 0, p.loc)
	}
	switch is {
	case pl.owner:
		c.opened = is.acknowledged.Add(3 * time.Hour)
		c.agreement = ownerAgreement
		c.sessions = []*sessionRec{{point: t.pointOf(meetingpoint.KindMEDIATION_ROOM), at: day(1, 9, 30), minutes: 150,
			notes: "律师释明房屋登记在女方一人名下、男方无居住权的法律规定；社区工作人员从孩子读书生活的角度做男方的工作。男方同意搬出，具体时间另行商定。"}}
	case pl.students:
		c.opened = is.acknowledged
		c.agreement = studentsAgreement
		c.sessions = []*sessionRec{
			{place: "社区警务室", at: day(1, 13, 30), minutes: 60,
				notes: "两位同学分别说明各自的想法，对大卧室应多分摊多少意见不一，约定明天继续。"},
			{place: "社区警务室", at: day(2, 11, 30), minutes: 90,
				notes: "民警按房间面积和阳台帮两人算账，双方同意大卧室每月多承担300元，当场签署协议。"},
		}
	case pl.cracks:
		c.sessions = []*sessionRec{{point: t.pointOf(meetingpoint.KindMEDIATION_ROOM), at: day(1, 14, 30), minutes: 120,
			notes: "双方对裂缝成因各执一词。律师建议委托第三方检测，检测费用先由双方各垫付一半，结果出来后再次调解。"}}
	case pl.leak:
		c.opened = is.acknowledged
		c.agreement = leakAgreement
		c.sessions = []*sessionRec{{point: t.pointOf(meetingpoint.KindDELIBERATION_ROOM), at: is.started, minutes: 180,
			notes: "物业维修师傅现场做闭水试验，确认楼上卫生间防水层老化渗漏。经过约三个小时的调解，双方握手言和。"}}
	default:
		return false
	}
	return true
}

// Where sessions are held when not at a meeting point.
var sessionPlaces = []string{"社区警务室", "当事人家中", "社区居委会会议室", "小区门卫室"}

// singleSessionNotes are the notes of a case settled in one session.
var singleSessionNotes = []string{
	"听取双方陈述后，调解员释法说理，双方当场达成一致并签署调解协议。",
	"双方情绪激动，调解员先分别安抚，再面对面协商，最终达成一致。",
	"楼长协助介绍情况，双方互相让步，签署调解协议。",
}

// The agreements of the stories.
const (
	ownerAgreement = "一、男方于本月底前搬出该房屋，交还全部钥匙并不再擅自进入；二、过渡期间双方互不干扰；" +
		"三、孩子的户口和就学不受影响，双方配合办理相关手续。"
	studentsAgreement = "一、带阳台的大卧室每月多承担房租300元，其余房租平均分摊；二、水电燃气费平均分摊，每月5日前结清；" +
		"三、今后有分歧先协商，协商不成到警务室调解。"
	leakAgreement = "一、楼上住户负责重做卫生间防水，十五日内完工；二、楼下天花板修复费用由楼上住户承担；" +
		"三、施工期间楼下住户配合入户查看。"
)

// genericAgreement is the agreement of a dispute without its own.
const genericAgreement = "双方就争议事项达成一致，按本协议履行，由网格员一个月后回访。"

// agreements are the agreements that settle the generated disputes, by
// the title of the dispute.
var agreements = map[string]string{
	"共有房屋是否出售意见不一": "一、共有房屋暂不出售，由兄妹三人共同出租；二、租金按份额分配，账目每半年公开一次；三、将来出售须三人一致同意。",
	"邻居私自在楼道加装铁门":  "一、铁门于十日内拆除，费用由安装方承担；二、拆除后楼道恢复通行，任何一方不再占用。",
	"院内公共空地被个人圈占":  "一、棚子于七日内拆除，公共空地恢复原状；二、杂物由当事人自行清运，社区协助联系回收。",
	"房东拒不退还押金":     "一、房东扣除墙面修补费500元后退还其余押金；二、双方就此事再无争议。",
	"合租室友分摊水电费起争执": "一、水电燃气费按人头平均分摊；二、每月月初由一人统一缴费，其他人三日内转账。",
	"房东未提前通知要求收房":  "一、房东给予租客一个月搬家期，退还剩余租金和押金并补偿半个月租金；二、搬家期内不得断水断电。",
	"租客拖欠房租两个月":    "一、租客本月底前结清拖欠房租的一半，余款下月结清；二、房东不断水断电，双方继续履行合同。",
	"二房东转租引发纠纷":    "一、原房东同意租客住至本季度末，租金直接交给原房东；二、二房东退还已收的押金。",
	"楼上漏水殃及楼下":     "一、楼上住户负责维修厨房管道并承担楼下天花板修复费用；二、维修期间双方配合入户。",
	"楼道堆放杂物引发邻里争吵": "一、楼道堆放的纸箱和旧家具三日内清理完毕；二、今后不在楼道堆放物品，双方互相谅解。",
	"宠物狗在楼道随地便溺":   "一、养犬住户遛狗时牵绳并及时清理粪便；二、楼道已污染处由其负责清洁。",
	"空调外机正对邻居窗户":   "一、空调外机于两周内移至不影响邻居的位置，费用由安装方承担。",
	"楼上晾晒衣物滴水":     "一、衣物甩干后再晾出，阳台加装接水槽；二、被弄湿的被褥由楼上住户负责清洗。",
	"老人赡养问题子女互相推诿": "一、子女按月轮流照顾老人，医疗费用按约定比例分摊；二、由社区每月回访一次。",
	"婆媳矛盾激烈争吵":     "一、家庭成员相互尊重，带孩子的分工按约定执行；二、有矛盾先找楼长或社区沟通。",
	"离婚后探视孩子起冲突":   "一、每周六9:00至17:00为探视时间，在小区门口交接孩子；二、探视时双方不在孩子面前争吵。",
	"楼上深夜噪音扰民":     "一、晚十点后不再拖拽家具、大声喧哗，桌椅加装静音垫；二、楼下发现噪音先敲门沟通。",
	"邻居装修超时施工":     "一、装修只在工作日8:00-12:00和14:00-18:00施工，周末不施工；二、施工方提前在单元门口张贴告示。",
	"楼下饭馆排风扇噪音大":   "一、饭馆为排风扇加装消声装置，晚十点后关闭；二、一个月后由社区回访噪音情况。",
	"广场舞音响音量过大":    "一、音响音量控制在约定范围内，晚九点前结束；二、活动场地移至远离住宅楼的空地。",
	"私家车长期占用他人车位":  "一、占用车位的车主不再停放在他人车位；二、如再发生由社区协调拖移。",
	"停车挡路引发争执":     "一、车辆不再停放在单元门口通道；二、社区在附近划定临时停车位。",
}

// agreementFor returns the agreement that settles a dispute.
func agreementFor(is *issueRec) string {
	if a, ok := agreements[strings.TrimPrefix(is.title, repeatTitle)]; ok {
		return a
	}
	return genericAgreement
}
