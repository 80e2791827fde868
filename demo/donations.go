package demo

import (
	mrand "math/rand/v2"
	"time"

	"wutong/ent/donation"
	"wutong/gid"
)

// donationRec is a planned donation.
type donationRec struct {
	id        gid.ID
	compound  int // -1 when not for one compound
	donor     int // index into town.residents, or -1
	donorName string
	anonymous bool
	kind      donation.Kind
	amountFen int64 // for money
	goods     string
	purpose   string
	at        time.Time
}

// The purposes of the donations to the problem compound of story 6.
const (
	purposeElevator = "加装电梯"
	purposeGarbage  = "垃圾清运"
)

// planDonations plans the donations to the problem compound of story 6:
// for its garbage after the meeting on it, and for its elevator after the
// meeting that set up the donation roster.
func (p *planner) planDonations(t *town) {
	ci := t.cast.problem
	if ci < 0 {
		return
	}
	r := newRand(p.seed, t.spec.code+"/donations")
	if m := t.garbageMeeting(); m != nil {
		p.donationDrive(t, r, ci, purposeGarbage, m.ends, 30*24*time.Hour, 10, garbageGifts)
	}
	if m := t.elevatorMeeting(); m != nil {
		p.donationDrive(t, r, ci, purposeElevator, m.ends, 60*24*time.Hour, 26, elevatorGifts)
	}
}

// gift is a donation from an organization or of goods.
type gift struct {
	from      string // the organization; empty for a resident of the compound
	anonymous bool
	yuan      int64  // for money
	goods     string // for goods
}

// donationDrive plans the gifts of one purpose in the given time after the
// meeting that called for them, never after now: from n residents of the
// compound, some anonymous, and the gifts listed.
func (p *planner) donationDrive(t *town, r *mrand.Rand, ci int, purpose string, from time.Time, length time.Duration, n int, gifts []gift) {
	to := minTime(p.now, from.Add(length))
	if !to.After(from.Add(time.Hour)) {
		return
	}
	when := func() time.Time {
		at := p.atDaytime(r, from.Add(between(r, time.Hour, to.Sub(from))))
		if at.After(to) || !at.After(from) {
			at = to.Add(-between(r, time.Minute, 30*time.Minute))
		}
		return at.Truncate(time.Second)
	}
	for _, ri := range pickDistinct(r, t.compounds[ci].adults, n) {
		d := &donationRec{compound: ci, donor: ri, kind: donation.KindMONEY, purpose: purpose, at: when()}
		d.amountFen = int64(pick(r, residentYuan)) * 100
		d.anonymous = chance(r, 0.2)
		t.donations = append(t.donations, d)
	}
	for _, g := range gifts {
		d := &donationRec{compound: ci, donor: -1, donorName: g.from, anonymous: g.anonymous, purpose: purpose, at: when()}
		if g.goods != "" {
			d.kind, d.goods = donation.KindGOODS, g.goods
		} else {
			d.kind, d.amountFen = donation.KindMONEY, g.yuan*100
		}
		t.donations = append(t.donations, d)
	}
	for _, d := range t.donations {
		if d.id == "" {
			d.id = newID("Donation", d.at)
		}
	}
}

// residentYuan are what residents give, in yuan.
var residentYuan = []int{50, 100, 100, 200, 200, 200, 300, 500, 500, 800, 1000, 2000}

// Gifts other than residents' money, by purpose.
var (
	garbageGifts = []gift{
		{from: "东桥大街沿街商户", goods: "分类垃圾桶 12 个"},
		{from: "桐安物业服务有限公司", goods: "垃圾清运三轮车 1 辆"},
		{goods: "扫帚、簸箕、手套等保洁工具一批", anonymous: true},
		{from: "梧桐里美食街商户", yuan: 3000},
		{anonymous: true, yuan: 600},
	}
	elevatorGifts = []gift{
		{from: "嘉和国际中心", yuan: 50000},
		{from: "桐华酒店", yuan: 20000},
		{from: "华岳能源集团有限公司", yuan: 30000},
		{from: "金桐建设工程有限公司", goods: "电梯井道改造施工监理服务（无偿）"},
		{anonymous: true, yuan: 10000},
		{anonymous: true, yuan: 1500},
		{from: "城东大学教职工", yuan: 8600},
	}
)
