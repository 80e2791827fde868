package demo

import (
	"fmt"
	mrand "math/rand/v2"
	"time"

	"wutong/ent/grid"
	"wutong/ent/organization"
	"wutong/ent/organizationreport"
	"wutong/ent/patrolmember"
	"wutong/gid"
)

// orgSpec describes an organization in a commercial grid.
type orgSpec struct {
	grid    int // which of the commercial grids, in their order
	name    string
	kind    organization.Kind
	address string
	staff   float64 // weight of its share of the registered employees
	monthly bool    // files a safety self-inspection report every month
}

// orgRec is a planned organization.
type orgRec struct {
	id       gid.ID
	spec     orgSpec
	grid     int // index into town.grids
	contact  string
	phone    string
	lat, lng float64
}

// employeeRec is a planned registration of an employee.
type employeeRec struct {
	id         gid.ID
	org        *orgRec
	resident   int
	position   string
	registered time.Time
	left       time.Time // zero while employed
}

// orgReportRec is a planned management report of an organization.
type orgReportRec struct {
	id        gid.ID
	org       *orgRec
	kind      organizationreport.Kind
	period    string // YYYY-MM
	summary   string
	submitted time.Time
}

// localHires is how many residents of the compounds work for a local unit
// besides the people who only work in the community.
const localHires = 80

// planUnits plans the organizations of the commercial grids, the employees
// they registered and their monthly reports.
func (p *planner) planUnits(t *town) {
	commercial := t.commercialGrids()
	if len(commercial) == 0 {
		return
	}
	r := newRand(p.seed, t.spec.code+"/units")
	for _, s := range orgSpecs {
		if s.grid >= len(commercial) {
			continue
		}
		gi := commercial[s.grid]
		o := &orgRec{
			id: newID("Organization", p.launch), spec: s, grid: gi,
			contact: pickSurname(r).hanzi + givenName(r, chance(r, 0.4), 1965+r.IntN(25)),
			phone:   p.newPhone(r),
			lat:     round6(t.spec.lat + commercialOffsets[s.grid][0] + (r.Float64()-0.5)*0.0012),
			lng:     round6(t.spec.lng + commercialOffsets[s.grid][1] + (r.Float64()-0.5)*0.0012),
		}
		t.orgs = append(t.orgs, o)
	}
	p.planEmployees(t, r)
	p.planSafetyReports(t, r)
}

// commercialOffsets place the commercial grids around the community's
// centre, in degrees of latitude and longitude.
var commercialOffsets = [][2]float64{{0.0045, 0.0050}, {-0.0040, 0.0052}, {-0.0036, -0.0048}, {0.0041, -0.0052}}

// commercialGrids returns the indexes of the town's commercial grids.
func (t *town) commercialGrids() []int {
	var out []int
	for i, g := range t.grids {
		if g.spec.kind == grid.KindCOMMERCIAL {
			out = append(out, i)
		}
	}
	return out
}

// unitOf returns the first organization of the grid, the one a patrol
// volunteer's title names as their employer.
func (t *town) unitOf(gi int) *orgRec {
	for _, o := range t.orgs {
		if o.grid == gi {
			return o
		}
	}
	return nil
}

// planEmployees registers the volunteers employed by local units, every
// person who only works in the community and some residents.
func (p *planner) planEmployees(t *town, r *mrand.Rand) {
	weights := make([]float64, len(t.orgs))
	for i, o := range t.orgs {
		weights[i] = o.spec.staff
	}
	done := map[int]bool{}
	register := func(ri int, o *orgRec) {
		if done[ri] {
			return
		}
		done[ri] = true
		e := &employeeRec{org: o, resident: ri, position: pick(r, positions[o.spec.kind])}
		e.registered = p.atDaytime(r, p.now.AddDate(0, 0, -(2+r.IntN(3*365))))
		if age := p.now.Sub(e.registered); age > 60*24*time.Hour && chance(r, 0.08) {
			e.left = e.registered.Add(between(r, 30*24*time.Hour, age-24*time.Hour)).Truncate(time.Second)
		}
		e.id = newID("EmployeeRegistration", maxTime(p.launch, e.registered))
		t.employees = append(t.employees, e)
	}
	for i, m := range t.patrol {
		if m.affiliation == patrolmember.AffiliationUNIT_EMPLOYEE && m.user.resident != nil {
			if o := t.unitOf(t.crew.patrolUnit[i]); o != nil {
				register(residentIndex(t, m.user.resident), o)
			}
		}
	}
	var locals []int
	for i, res := range t.residents {
		switch a := p.age(res); {
		case res.compound < 0:
			register(i, t.orgs[weighted(r, weights)])
		case a >= 20 && a <= 58 && !res.story && !res.steward:
			locals = append(locals, i)
		}
	}
	for _, ri := range pickDistinct(r, locals, localHires) {
		register(ri, t.orgs[weighted(r, weights)])
	}
}

// residentIndex returns the index of a resident in the town, or -1.
func residentIndex(t *town, res *residentRec) int {
	for i, x := range t.residents {
		if x == res {
			return i
		}
	}
	return -1
}

// planSafetyReports plans the monthly safety self-inspections of the
// venues, the university and the hotels over the last twelve months, and
// the quarterly fire safety reports of the office buildings.
func (p *planner) planSafetyReports(t *town, r *mrand.Rand) {
	y, m, _ := p.now.Date()
	for k := 12; k >= 1; k-- {
		month := time.Date(y, m-time.Month(k), 1, 0, 0, 0, 0, p.loc)
		due := p.atDaytime(r, month.AddDate(0, 1, r.IntN(6)))
		for _, o := range t.orgs {
			kind := organizationreport.KindSAFETY_SELF_INSPECTION
			switch {
			case o.spec.monthly:
			case o.spec.kind == organization.KindOFFICE_BUILDING && month.Month()%3 == 0:
				kind = organizationreport.KindFIRE_SAFETY
			default:
				continue
			}
			summary := fmt.Sprintf(pick(r, reportTexts[kind]), month.Month(), 2+r.IntN(9))
			p.addReport(t, o, kind, month, due.Add(between(r, 0, 48*time.Hour)), summary)
		}
	}
}

// addReport plans a report on the month of the given day, filed at the
// given time if that is not in the future.
func (p *planner) addReport(t *town, o *orgRec, kind organizationreport.Kind, day, at time.Time, summary string) {
	if at.After(p.now) {
		return
	}
	rep := &orgReportRec{org: o, kind: kind, period: day.In(p.loc).Format("2006-01"), summary: summary, submitted: at.Truncate(time.Second)}
	rep.id = newID("OrganizationReport", rep.submitted)
	t.orgReports = append(t.orgReports, rep)
}

// orgSpecs are the organizations of the commercial grids. The first of each
// grid is the employer named in the titles of patrol volunteers.
var orgSpecs = []orgSpec{
	{0, "市体育中心体育场", organization.KindVENUE, "体育中心路1号", 6, true},
	{0, "市体育中心体育馆", organization.KindVENUE, "体育中心路3号", 5, true},
	{0, "市体育中心游泳馆", organization.KindVENUE, "体育中心路5号", 3, true},
	{0, "健行体育赛事运营有限公司", organization.KindENTERPRISE, "体育中心路1号体育场东看台", 2, false},
	{0, "北广场运动用品店", organization.KindSHOP, "体育中心北广场12号", 0.5, false},
	{1, "城东大学", organization.KindUNIVERSITY, "文华路88号", 12, true},
	{1, "西门外复印打字社", organization.KindSHOP, "文华路西门外3号", 0.3, false},
	{1, "知行书店", organization.KindSHOP, "文华路西门外7号", 0.4, false},
	{1, "城东大学西门小吃城", organization.KindSHOP, "文华路西门外15号", 1.2, false},
	{2, "金桐大厦", organization.KindOFFICE_BUILDING, "东桥大街18号", 4, false},
	{2, "嘉和国际中心", organization.KindOFFICE_BUILDING, "东桥大街26号", 4, false},
	{2, "华岳写字楼", organization.KindOFFICE_BUILDING, "东桥大街40号", 3, false},
	{2, "东桥科技园", organization.KindOFFICE_BUILDING, "文华路120号", 3, false},
	{2, "华岳能源集团有限公司", organization.KindENTERPRISE, "东桥大街40号华岳写字楼12-18层", 6, false},
	{2, "东桥数码科技股份有限公司", organization.KindENTERPRISE, "文华路120号东桥科技园A座", 5, false},
	{2, "嘉和人寿保险城东中心支公司", organization.KindENTERPRISE, "东桥大街26号嘉和国际中心9层", 3, false},
	{2, "金桐建设工程有限公司", organization.KindENTERPRISE, "东桥大街18号金桐大厦20层", 3, false},
	{3, "桐华酒店", organization.KindHOTEL, "东桥大街99号", 6, true},
	{3, "安和宾馆", organization.KindHOTEL, "东桥大街75号", 2, true},
	{3, "梧桐里快捷酒店", organization.KindHOTEL, "梧桐里胡同88号", 2, true},
	{3, "老街坊家常菜馆", organization.KindSHOP, "梧桐里美食街3号", 1, false},
	{3, "福满楼饭庄", organization.KindSHOP, "梧桐里美食街12号", 1.5, false},
	{3, "老胡同烧烤", organization.KindSHOP, "梧桐里美食街20号", 0.8, false},
	{3, "东桥二十四小时便利店", organization.KindSHOP, "东桥大街81号", 0.6, false},
	{3, "仁和大药房梧桐里店", organization.KindSHOP, "东桥大街85号", 0.8, false},
	{3, "顺心五金建材店", organization.KindSHOP, "东桥大街91号", 0.4, false},
	{3, "鲜果时光水果店", organization.KindSHOP, "梧桐里美食街26号", 0.4, false},
	{3, "巧手美发工作室", organization.KindSHOP, "梧桐里美食街31号", 0.5, false},
}

// positions are the jobs of registered employees, by kind of organization.
var positions = map[organization.Kind][]string{
	organization.KindVENUE:           {"场馆管理员", "安保员", "保洁员", "票务员", "设备维护员", "救生员"},
	organization.KindENTERPRISE:      {"职员", "工程师", "销售经理", "行政专员", "司机", "安全员"},
	organization.KindOFFICE_BUILDING: {"物业客服", "保安", "保洁员", "工程维修员", "消防控制室值班员"},
	organization.KindUNIVERSITY:      {"教师", "辅导员", "后勤职工", "宿舍管理员", "保卫处干事", "食堂厨师"},
	organization.KindHOTEL:           {"前台接待", "客房服务员", "厨师", "保安", "大堂经理"},
	organization.KindSHOP:            {"店员", "厨师", "服务员", "店长", "收银员"},
}

// reportTexts are summaries of the regular reports, by kind. Each has the
// month and a small count as verbs.
var reportTexts = map[organizationreport.Kind][]string{
	organizationreport.KindSAFETY_SELF_INSPECTION: {
		"%d月安全自查：检查消防设施、疏散通道和监控设备，发现问题%d处，均已当场整改。",
		"%d月安全自查：开展员工安全培训一次，排查用电隐患%d处，已更换老化线路。",
		"%d月安全自查：检查出入口管理和重点部位值守情况，整改%d项，无安全事故。",
	},
	organizationreport.KindFIRE_SAFETY: {
		"%d月消防安全检查：组织全楼消防演练，检查灭火器和消火栓，更换过期灭火器%d具。",
		"%d月消防安全检查：清理疏散通道堆放物品%d处，消防控制室24小时有人值守。",
	},
}
