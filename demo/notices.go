package demo

import (
	"time"

	"wutong/ent/notice"
	"wutong/gid"
)

// noticeRec is a planned notice.
type noticeRec struct {
	id          gid.ID
	kind        notice.Kind
	audience    notice.Audience
	grid        int // for a GRID notice, else -1
	compound    int // for a COMPOUND notice, else -1
	title, body string
	published   time.Time
	expires     time.Time // zero when it does not expire
}

// noticeSpec is a notice to plan, dated by days before now or after a
// meeting of story 6.
type noticeSpec struct {
	kind        notice.Kind
	grid        int // index of the grid among the town's, or -1
	compound    int // index of the compound, or -1
	title, body string
	daysAgo     int                // days before now it was published
	after       func() *meetingRec // when set, published the day after this meeting instead
	lasts       int                // days it is shown; 0 for no end
}

// planNotices plans the safety publicity and announcements of a town.
func (p *planner) planNotices(t *town) {
	for _, s := range noticeSpecs(t) {
		at := p.now.AddDate(0, 0, -s.daysAgo)
		if s.after != nil {
			m := s.after()
			if m == nil {
				continue
			}
			at = m.ends.AddDate(0, 0, 1)
		}
		y, mo, d := at.In(p.loc).Date()
		n := &noticeRec{kind: s.kind, audience: notice.AudienceCOMMUNITY, grid: -1, compound: -1, title: s.title, body: s.body,
			published: time.Date(y, mo, d, 9, 0, 0, 0, p.loc)}
		if n.published.After(p.now) {
			continue
		}
		switch {
		case s.compound >= 0 && s.compound < len(t.compounds):
			n.audience, n.compound = notice.AudienceCOMPOUND, s.compound
		case s.grid >= 0 && s.grid < len(t.grids):
			n.audience, n.grid = notice.AudienceGRID, s.grid
		case s.compound >= 0 || s.grid >= 0:
			continue
		}
		if s.lasts > 0 {
			n.expires = n.published.AddDate(0, 0, s.lasts)
		}
		n.id = newID("Notice", n.published)
		t.notices = append(t.notices, n)
	}
}

// noticeSpecs are the notices of a town: the demo community's, or a few
// for a small one.
func noticeSpecs(t *town) []noticeSpec {
	safety, news := notice.KindSAFETY_PUBLICITY, notice.KindANNOUNCEMENT
	if !t.spec.full {
		return []noticeSpec{
			{kind: safety, grid: -1, compound: -1, daysAgo: 40, title: "防范电信网络诈骗提示",
				body: "凡是自称客服要求转账退款的、要求下载陌生App共享屏幕的，都是诈骗。遇到可疑电话请先挂断，再拨打社区民警电话核实。"},
			{kind: news, grid: -1, compound: 1, daysAgo: 12, lasts: 30, title: "杏花院议事点本月活动安排",
				body: "本月第一个周六15:00在院内凉亭召开“有事好商量”议事会，欢迎居民参加。"},
		}
	}
	problem := t.cast.problem
	return []noticeSpec{
		{kind: safety, grid: -1, compound: -1, daysAgo: 8, title: "防范电信网络诈骗：这些电话请直接挂断",
			body: "近期社区接到多起冒充网购客服、冒充医保中心的诈骗电话。凡是要求转账、提供验证码、下载陌生App共享屏幕的，都是诈骗。" +
				"请家里有老人的居民多提醒，遇到可疑情况拨打社区民警电话或在云议事厅留言。"},
		{kind: safety, grid: -1, compound: -1, daysAgo: 35, title: "电动自行车严禁进楼入户充电",
			body: "电动自行车请停放在小区车棚，到集中充电点充电，严禁在楼道、楼梯间、室内充电。义警巡逻时发现楼道充电将当场劝阻并登记。"},
		{kind: safety, grid: -1, compound: -1, daysAgo: 100, title: "冬季防火和燃气安全提示",
			body: "取暖季请勿使用大功率电器长时间取暖，睡前关闭燃气阀门，厨房保持通风。发现燃气异味请勿开关电器，立即开窗并到室外拨打抢修电话。"},
		{kind: safety, grid: -1, compound: -1, daysAgo: 250, title: "汛期安全提示",
			body: "汛期请勿在低洼处停车，老旧小区请检查阳台和屋顶排水。遇到积水不要涉水通行，发现险情请立即报告网格员。"},
		{kind: safety, grid: 9, compound: -1, daysAgo: 150, title: "开学季防骗提醒：谨防“代办助学贷款”",
			body: "开学季常见“代办助学贷款”“兼职刷单”等诈骗手法。同学们不要向陌生人透露身份证号、银行卡号和验证码，有疑问到社区警务室咨询。"},
		{kind: safety, grid: 1, compound: -1, daysAgo: 60, title: "严禁高空抛物",
			body: "高空抛物危害公共安全，情节严重的将依法追究刑事责任。请各位居民管好阳台和窗台上的物品，发现高空抛物请及时报告。"},
		{kind: news, grid: 8, compound: -1, daysAgo: 20, lasts: 10, title: "体育中心大型活动期间周边交通管制",
			body: "体育中心举办大型活动期间，体育中心路和北广场周边道路将实行临时交通管制，请居民提前规划出行，不要在胡同口和消防通道停车。"},
		{kind: news, grid: -1, compound: -1, daysAgo: 85, title: "党群服务站值班安排",
			body: "枣林南里党群服务站工作日9:00-17:00由社区党委、居委会、业委会和社区民警每周轮流值班，接待居民来访，收集议事议题。"},
		{kind: news, grid: -1, compound: -1, daysAgo: 180, title: "出租房屋登记提醒",
			body: "房屋出租前，请房东携带房产证明和租客身份证件到社区警务室办理出租房屋登记；租客变更时请及时更新。"},
		{kind: news, grid: -1, compound: -1, daysAgo: 300, title: "律师调解室坐班时间",
			body: "志愿律师每周二、周四14:00-17:30在社区警务室一层律师调解室坐班，提供免费法律咨询和纠纷调解，其他时间可预约。"},
		{kind: news, grid: -1, compound: -1, daysAgo: 130, lasts: 60, title: "义警巡逻队招募队员",
			body: "梧桐里红袖标义警巡逻队招募队员，欢迎身体健康、热心公益的居民和驻区单位职工报名，每月参加巡逻不少于两次。"},
		{kind: news, grid: -1, compound: problem, after: t.garbageMeeting, lasts: 30, title: "枣林南里垃圾桶站启用",
			body: "经党群服务站议事会决定，小区北门集中垃圾桶站启用，环卫所每日清运两次，楼长轮流督导。请居民按时分类投放。"},
		{kind: news, grid: -1, compound: problem, after: t.elevatorMeeting, title: "枣林南里3号楼电梯更新改造方案及捐赠公示",
			body: "经党群服务站议事会决定，3号楼电梯整体更新，按加装电梯政策申请补贴，居民自筹部分由业委会筹备组牵头筹集。" +
				"“加装电梯”和“垃圾清运”捐赠名单在社区App捐赠公示栏实时公示，欢迎监督。"},
	}
}
