package demo

import (
	"fmt"
	"math"

	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/ent/meetingpoint"
)

// townSpec describes a community to generate: the fixed facts (names,
// places) and the sizes of what is generated around them.
type townSpec struct {
	name, code, district, address, description string
	lat, lng                                   float64
	area                                       int
	grids                                      []gridSpec
	compounds                                  []compoundSpec
	points                                     []pointSpec

	residents int // how many residents in all
	workers   int // of them, people who only work in the community
	hall      int // members of the online hall
	stewards  int // party-member stewards
	full      bool
	issues    issuePlan
}

// gridSpec describes a grid.
type gridSpec struct {
	code, name  string
	kind        grid.Kind
	description string
	venues      []string // places in a commercial grid
}

// compoundSpec describes a compound.
type compoundSpec struct {
	name, slug string
	grid       int
	street     string
	number     int
	management compound.Management
	company    string
	buildings  int
	units      int // entrances per building
	floors     int
	built      int
	share      float64 // weight of the compound in the community's population
	rented     float64 // share of rented households
	dLat, dLng float64 // position relative to the community's centre, in degrees
}

// pointSpec describes a meeting point.
type pointSpec struct {
	kind     meetingpoint.Kind
	name     string
	address  string
	hours    string
	capacity int
	compound int // index of the compound it is in, or -1
	online   bool
}

// bigTown is the demo community of DOMAIN.md.
func bigTown() *townSpec {
	const (
		unmanaged = compound.ManagementUNMANAGED
		self      = compound.ManagementSELF_MANAGED
		company   = compound.ManagementPROPERTY_COMPANY
	)
	s := &townSpec{
		name:     "梧桐里社区",
		code:     Code,
		district: "安和区梧桐里街道",
		address:  "安和区梧桐里胡同1号",
		description: "老城区社区，面积约40万平方米，实有人口1万余人，辖12个居民小区以及体育中心、" +
			"城东大学、商务楼宇和酒店。三无小区多、出租房屋多、流动人口多。",
		lat: 39.9138, lng: 116.4036, area: 400000,
		residents: 10000, workers: 360, hall: 492, stewards: 40, full: true,
		// DOMAIN.md: 45 disputes last year, repeat police calls and dispute
		// calls down 50%, preventable cases down 70%, no criminal case.
		issues: issuePlan{perMonth: 150, disputes: [2]int{90, 45}, disputeCalls: [2]int{28, 14},
			repeats: [2]int{12, 6}, preventable: [2]int{20, 6}, criminal: 2},
	}
	for i, name := range []string{"第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格", "第七网格", "第八网格"} {
		s.grids = append(s.grids, gridSpec{
			code: fmt.Sprintf("R%02d", i+1), name: name, kind: grid.KindRESIDENTIAL,
			description: fmt.Sprintf("居民网格，沿%s一带。", streets[i]),
		})
	}
	s.grids = append(s.grids,
		gridSpec{code: "C01", name: "体育中心商务网格", kind: grid.KindCOMMERCIAL, venues: venues[0],
			description: "市体育中心的体育场、体育馆和游泳馆，每年承接大型活动约50场。"},
		gridSpec{code: "C02", name: "城东大学商务网格", kind: grid.KindCOMMERCIAL, venues: venues[1],
			description: "城东大学校区及周边学生公寓。"},
		gridSpec{code: "C03", name: "东桥楼宇商务网格", kind: grid.KindCOMMERCIAL, venues: venues[2],
			description: "金桐大厦、嘉和国际中心等商务楼宇和驻区企业。"},
		gridSpec{code: "C04", name: "桐华酒店商务网格", kind: grid.KindCOMMERCIAL, venues: venues[3],
			description: "酒店、宾馆和东桥大街沿街商铺。"},
	)
	s.compounds = []compoundSpec{
		{name: "银杏里小区", slug: "yinxingli", grid: 0, street: "梧桐里胡同", number: 12, management: unmanaged,
			buildings: 10, units: 2, floors: 6, built: 1982, share: 1.0, rented: 0.45, dLat: 0.0021, dLng: -0.0032},
		{name: "梧桐苑", slug: "wutongyuan", grid: 0, street: "梧桐里胡同", number: 36, management: company, company: "桐安物业服务有限公司",
			buildings: 8, units: 2, floors: 18, built: 2003, share: 1.6, rented: 0.3, dLat: 0.0027, dLng: -0.0011},
		{name: "槐荫里小区", slug: "huaiyinli", grid: 1, street: "槐树街", number: 8, management: unmanaged,
			buildings: 8, units: 2, floors: 5, built: 1978, share: 0.7, rented: 0.5, dLat: 0.0030, dLng: 0.0012},
		{name: "石榴院", slug: "shiliuyuan", grid: 1, street: "槐树街", number: 27, management: self,
			buildings: 6, units: 3, floors: 6, built: 1988, share: 0.6, rented: 0.35, dLat: 0.0018, dLng: 0.0029},
		{name: "丁香胡同小区", slug: "dingxiang", grid: 2, street: "北仓胡同", number: 5, management: unmanaged,
			buildings: 16, units: 2, floors: 4, built: 1975, share: 0.8, rented: 0.55, dLat: 0.0006, dLng: -0.0038},
		{name: "海棠楼", slug: "haitanglou", grid: 2, street: "银杏路", number: 18, management: company, company: "恒居物业管理有限公司",
			buildings: 6, units: 2, floors: 12, built: 1998, share: 1.1, rented: 0.3, dLat: 0.0004, dLng: -0.0016},
		{name: "柿子树院", slug: "shizishu", grid: 3, street: "文华路", number: 3, management: self,
			buildings: 5, units: 3, floors: 6, built: 1985, share: 0.5, rented: 0.35, dLat: 0.0002, dLng: 0.0019},
		{name: "枣林南里", slug: "zaolinnanli", grid: 3, street: "枣林街", number: 22, management: unmanaged,
			buildings: 7, units: 2, floors: 9, built: 1994, share: 1.0, rented: 0.5, dLat: -0.0008, dLng: 0.0036},
		{name: "柳荫街小区", slug: "liuyinjie", grid: 4, street: "柳荫街", number: 40, management: company, company: "瑞和物业服务有限公司",
			buildings: 9, units: 2, floors: 16, built: 2005, share: 1.5, rented: 0.3, dLat: -0.0017, dLng: -0.0027},
		{name: "榆钱胡同小区", slug: "yuqian", grid: 5, street: "榆钱胡同", number: 9, management: unmanaged,
			buildings: 9, units: 2, floors: 5, built: 1980, share: 0.7, rented: 0.55, dLat: -0.0024, dLng: -0.0006},
		{name: "松鹤园", slug: "songheyuan", grid: 6, street: "松鹤路", number: 15, management: self,
			buildings: 8, units: 2, floors: 6, built: 1990, share: 0.8, rented: 0.3, dLat: -0.0029, dLng: 0.0014},
		{name: "竹影里", slug: "zhuyingli", grid: 7, street: "东桥大街", number: 66, management: company, company: "安泰物业服务有限公司",
			buildings: 8, units: 2, floors: 11, built: 2000, share: 1.2, rented: 0.35, dLat: -0.0021, dLng: 0.0033},
	}
	s.points = []pointSpec{
		{kind: meetingpoint.KindDELIBERATION_ROOM, name: "警民议事室", address: "梧桐里胡同1号社区警务室二层",
			hours: "周一至周五 9:00-17:00，急事随时", capacity: 20, compound: -1},
		{kind: meetingpoint.KindMEDIATION_ROOM, name: "律师调解室", address: "梧桐里胡同1号社区警务室一层",
			hours: "每周二、周四 14:00-17:30 律师坐班，其他时间预约", capacity: 8, compound: -1},
		{kind: meetingpoint.KindSERVICE_STATION, name: "枣林南里党群服务站", address: "枣林街22号院内3号楼底商",
			hours: "每日 8:30-20:00，社区两委、业委会和民警每周轮流值班", capacity: 30, compound: 7},
		{kind: meetingpoint.KindONLINE_HALL, name: "梧桐里云议事厅", address: "微信群，扫社区公告栏上的二维码加入",
			hours: "全天在线，民警和辅警 8:00-22:00 及时回复", capacity: 500, compound: -1, online: true},
	}
	for _, c := range []int{0, 2, 4, 7, 9} {
		s.points = append(s.points, pointSpec{
			kind: meetingpoint.KindDISCUSSION_CORNER, name: s.compounds[c].name + "“有事好商量”议事点",
			address: "小区内活动室", hours: "每周三 19:00-21:00", capacity: 15, compound: c,
		})
	}
	return s
}

// smallTown is a second, small community, so that there is always more than
// one community to keep apart.
func smallTown() *townSpec {
	s := &townSpec{
		name:        "安和里社区",
		code:        SmallCode,
		district:    "安和区安和里街道",
		address:     "安和区安和里2号",
		description: "新建社区，3个小区，居民约200人。",
		lat:         39.9352, lng: 116.4318, area: 60000,
		residents: 200, workers: 0, hall: 30, stewards: 3,
		issues: issuePlan{perMonth: 1.9, disputes: [2]int{8, 4}, disputeCalls: [2]int{2, 1}, preventable: [2]int{3, 1}},
		grids: []gridSpec{
			{code: "R01", name: "第一网格", kind: grid.KindRESIDENTIAL, description: "桃园新村和杏花院。"},
			{code: "R02", name: "第二网格", kind: grid.KindRESIDENTIAL, description: "荷塘小区。"},
		},
		compounds: []compoundSpec{
			{name: "桃园新村", slug: "taoyuan", grid: 0, street: "安和里", number: 6, management: compound.ManagementPROPERTY_COMPANY,
				company: "和顺物业服务有限公司", buildings: 2, units: 2, floors: 6, built: 2008, share: 1, rented: 0.3, dLat: 0.0006, dLng: -0.0004},
			{name: "杏花院", slug: "xinghua", grid: 0, street: "安和里", number: 11, management: compound.ManagementUNMANAGED,
				buildings: 2, units: 1, floors: 5, built: 1986, share: 0.6, rented: 0.5, dLat: -0.0003, dLng: 0.0008},
			{name: "荷塘小区", slug: "hetang", grid: 1, street: "荷塘路", number: 2, management: compound.ManagementSELF_MANAGED,
				buildings: 2, units: 2, floors: 6, built: 1996, share: 0.8, rented: 0.35, dLat: -0.0009, dLng: -0.0010},
		},
		points: []pointSpec{
			{kind: meetingpoint.KindSERVICE_STATION, name: "安和里党群服务站", address: "安和里2号一层",
				hours: "周一至周六 9:00-18:00", capacity: 20, compound: -1},
			{kind: meetingpoint.KindDISCUSSION_CORNER, name: "杏花院“有事好商量”议事点", address: "院内凉亭",
				hours: "每月第一个周六 15:00-17:00", capacity: 10, compound: 1},
		},
	}
	return s
}

// planPlaces plans the grids and compounds of a town.
func (p *planner) planPlaces(t *town) {
	for _, g := range t.spec.grids {
		t.grids = append(t.grids, &gridRec{id: newID("Grid", p.launch), spec: g})
	}
	for i, c := range t.spec.compounds {
		rec := &compoundRec{
			id:      newID("Compound", p.launch),
			spec:    c,
			grid:    c.grid,
			lat:     round6(t.spec.lat + c.dLat),
			lng:     round6(t.spec.lng + c.dLng),
			address: fmt.Sprintf("%s%d号", c.street, c.number),
		}
		t.compounds = append(t.compounds, rec)
		t.grids[c.grid].compounds = append(t.grids[c.grid].compounds, i)
	}
}

// planPoints plans the meeting points of a town.
func (p *planner) planPoints(t *town) {
	for _, s := range t.spec.points {
		pt := &pointRec{
			id: newID("MeetingPoint", p.launch), kind: s.kind, name: s.name, address: s.address,
			hours: s.hours, capacity: s.capacity, compound: s.compound,
		}
		switch {
		case s.online:
		case s.compound >= 0:
			c := t.compounds[s.compound]
			pt.hasPos, pt.lat, pt.lng = true, round6(c.lat+0.0002), round6(c.lng-0.0001)
			pt.address = c.address + pt.address
			if s.kind == meetingpoint.KindSERVICE_STATION {
				pt.address = s.address
			}
		default:
			pt.hasPos, pt.lat, pt.lng = true, round6(t.spec.lat-0.0002), round6(t.spec.lng+0.0003)
		}
		t.points = append(t.points, pt)
	}
}

// round6 rounds a coordinate to six decimals (about 10 cm).
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
