package demo

import (
	"fmt"
	"math"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	"wutong/ent/compound"
	"wutong/ent/membership"
	"wutong/ent/patrolmember"
	"wutong/ent/resident"
	"wutong/personal"
)

// member is one person of a household being planned.
type member struct {
	age    int
	female bool
	family bool // carries the household's family name
}

// planResidents plans the households of every compound and the people who
// only work in the community.
func (p *planner) planResidents(t *town) {
	r := newRand(p.seed, t.spec.code+"/residents")
	quotas := shares(t.spec.residents-t.spec.workers, t.spec.compounds)
	for ci := range t.compounds {
		p.fillCompound(t, r, ci, quotas[ci])
	}
	for i := 0; i < t.spec.workers; i++ {
		p.addWorker(t, r)
	}
	p.chooseHallMembers(t, r)
	for i, res := range t.residents {
		res.community = t.id
		if res.compound < 0 {
			continue
		}
		c := t.compounds[res.compound]
		if res.phone != "" && p.age(res) >= 18 {
			c.adults = append(c.adults, i)
			if res.hall {
				c.hall = append(c.hall, i)
			}
		}
		if len(res.flags) > 0 {
			c.cared = append(c.cared, i)
		}
	}
}

// shares splits total over the compounds by their weights, exactly.
func shares(total int, compounds []compoundSpec) []int {
	sum := 0.0
	for _, c := range compounds {
		sum += c.share
	}
	out := make([]int, len(compounds))
	given := 0
	for i, c := range compounds {
		out[i] = int(math.Floor(float64(total) * c.share / sum))
		given += out[i]
	}
	for i := 0; given < total; i = (i + 1) % len(out) {
		out[i]++
		given++
	}
	return out
}

// fillCompound plans households in a compound until it has quota residents.
func (p *planner) fillCompound(t *town, r *mrand.Rand, ci, quota int) {
	c := t.compounds[ci]
	s := c.spec
	flats := s.buildings * s.units * s.floors
	doors := max(2, int(math.Ceil(float64(quota)/2.2/float64(flats))))
	used := map[string]bool{}
	households := 0
	start := len(t.residents)
	for len(t.residents)-start < quota {
		var b, u, room string
		for try := 0; ; try++ {
			b = strconv.Itoa(1 + r.IntN(s.buildings))
			u = strconv.Itoa(1 + r.IntN(s.units))
			room = fmt.Sprintf("%d%02d", 1+r.IntN(s.floors), 1+r.IntN(doors))
			if !used[b+"-"+u+"-"+room] || try > 20 {
				break
			}
		}
		used[b+"-"+u+"-"+room] = true
		rented := chance(r, s.rented)
		residency := resident.ResidencyOWNER
		if rented {
			residency = resident.ResidencyTENANT
			if chance(r, 0.45) {
				residency = resident.ResidencyNON_REGISTERED
			}
		}
		size := householdSize(r, rented)
		size = min(size, quota-(len(t.residents)-start))
		people := compose(r, rented, size)
		movedIn := p.moveInTime(r, residency, s.built, people[0].age)
		family := pickSurname(r)
		for _, m := range people {
			res := p.newResident(r, m, family, residency)
			res.compound, res.building, res.unit, res.room = ci, b, u, room
			if !movedIn.IsZero() {
				in := movedIn
				if res.birth.After(in) {
					in = res.birth
				}
				res.movedIn = in
			}
			res.created = maxTime(p.launch, res.movedIn)
			res.flags = careFlags(r, p.age(res), people)
			t.residents = append(t.residents, res)
			c.residents = append(c.residents, len(t.residents)-1)
		}
		households++
	}
	c.households = households
}

// householdSize draws the size of a household: owners live in families,
// renters more often alone or with flatmates.
func householdSize(r *mrand.Rand, rented bool) int {
	if rented {
		return 1 + weighted(r, []float64{35, 35, 20, 10})
	}
	return 1 + weighted(r, []float64{22, 33, 27, 12, 6})
}

// compose plans who lives in a household of the given size. The first
// member is the head of the household.
func compose(r *mrand.Rand, rented bool, size int) []member {
	ageIn := func(lo, hi int) int { return lo + r.IntN(hi-lo+1) }
	couple := func(lo, hi int) []member {
		a := ageIn(lo, hi)
		return []member{{age: a, family: true}, {age: max(18, a-3+r.IntN(7)), female: true}}
	}
	children := func(parentAge, n int) []member {
		var out []member
		for i := 0; i < n; i++ {
			hi := max(0, min(30, parentAge-22))
			out = append(out, member{age: r.IntN(hi + 1), female: chance(r, 0.5), family: true})
		}
		return out
	}
	flatmates := func(n, lo, hi int) []member {
		var out []member
		female := chance(r, 0.5)
		for i := 0; i < n; i++ {
			out = append(out, member{age: ageIn(lo, hi), female: female, family: i == 0})
		}
		return out
	}
	if rented {
		switch {
		case size == 1:
			return []member{{age: ageIn(19, 55), female: chance(r, 0.45), family: true}}
		case size == 2 && chance(r, 0.5):
			return couple(22, 40)
		case size == 3 && chance(r, 0.5):
			c := couple(25, 42)
			return append(c, children(c[0].age, 1)...)
		case size == 4 && chance(r, 0.4):
			c := couple(28, 45)
			return append(c, children(c[0].age, 2)...)
		default:
			return flatmates(size, 19, 32)
		}
	}
	switch size {
	case 1:
		if chance(r, 0.55) {
			return []member{{age: ageIn(60, 94), female: chance(r, 0.6), family: true}}
		}
		return []member{{age: ageIn(25, 59), female: chance(r, 0.5), family: true}}
	case 2:
		if chance(r, 0.12) {
			parent := member{age: ageIn(62, 90), female: chance(r, 0.6), family: true}
			return []member{parent, {age: ageIn(30, parent.age-25), female: chance(r, 0.5), family: true}}
		}
		if chance(r, 0.5) {
			return couple(60, 88)
		}
		return couple(25, 59)
	case 3:
		switch x := r.Float64(); {
		case x < 0.08:
			// Grandparents bringing up a grandchild whose parents work elsewhere.
			c := couple(58, 75)
			return append(c, member{age: ageIn(4, 14), female: chance(r, 0.5), family: true})
		case x < 0.3:
			c := couple(60, 85)
			return append(c, member{age: ageIn(28, 50), female: chance(r, 0.5), family: true})
		default:
			c := couple(28, 56)
			return append(c, children(c[0].age, 1)...)
		}
	case 4:
		c := couple(30, 52)
		if chance(r, 0.4) {
			grand := member{age: c[0].age + 24 + r.IntN(8), female: true}
			return append(append(c, children(c[0].age, 1)...), grand)
		}
		return append(c, children(c[0].age, 2)...)
	default:
		c := couple(32, 50)
		grand := couple(c[0].age+24, c[0].age+30)
		grand[0].family = true
		return append(append(c, children(c[0].age, size-4)...), grand...)
	}
}

// careFlags decides why a resident should be looked after.
func careFlags(r *mrand.Rand, age int, people []member) []personal.CareFlag {
	var flags []personal.CareFlag
	alone := len(people) == 1 && age >= 60
	if alone || age >= 80 && chance(r, 0.5) {
		flags = append(flags, personal.Elderly)
	}
	if alone {
		flags = append(flags, personal.LivesAlone)
	}
	if chance(r, 0.007) {
		flags = append(flags, personal.Disabled)
	}
	if age >= 55 && chance(r, 0.025) {
		flags = append(flags, personal.ChronicIllness)
	}
	if age >= 18 && chance(r, 0.006) {
		flags = append(flags, personal.LowIncome)
	}
	if age >= 18 && chance(r, 0.002) {
		flags = append(flags, personal.MentalHealthNeed)
	}
	if age < 16 && len(people) == 3 && people[0].age >= 58 {
		flags = append(flags, personal.LeftBehindChild)
	}
	return flags
}

// moveInTime is when a household moved in, or zero when not recorded.
func (p *planner) moveInTime(r *mrand.Rand, residency resident.Residency, built, headAge int) time.Time {
	if chance(r, 0.08) {
		return time.Time{}
	}
	var days int
	switch residency {
	case resident.ResidencyOWNER:
		years := min(40, p.now.Year()-built, max(1, headAge-20))
		days = 30 + r.IntN(max(1, years)*365)
	case resident.ResidencyTENANT:
		days = 7 + r.IntN(4*365)
	default:
		days = 7 + r.IntN(3*365)
	}
	return p.atDaytime(r, p.now.AddDate(0, 0, -days))
}

// newResident makes a person with a name, birth date, phone, maybe an
// ID-card number and maybe party membership.
func (p *planner) newResident(r *mrand.Rand, m member, family surname, residency resident.Residency) *residentRec {
	sn := family
	if !m.family {
		sn = pickSurname(r)
	}
	res := &residentRec{
		surname:   sn,
		female:    m.female,
		compound:  -1,
		residency: residency,
	}
	res.birth = p.now.AddDate(-m.age, 0, -(1 + r.IntN(364)))
	res.name = sn.hanzi + givenName(r, res.female, res.birth.Year())
	if m.age >= 14 {
		res.phone = p.newPhone(r)
	}
	if chance(r, 0.7) {
		res.idCard = p.uniqueIDCard(idCard(r, res, residency))
	}
	switch {
	case m.age >= 55:
		res.party = chance(r, 0.14)
	case m.age >= 22:
		res.party = chance(r, 0.085)
	}
	res.id = newID("Resident", p.launch)
	return res
}

// addWorker plans a person who works in the community but lives elsewhere.
func (p *planner) addWorker(t *town, r *mrand.Rand) {
	residency := resident.ResidencyNON_REGISTERED
	if chance(r, 0.4) {
		residency = resident.ResidencyTENANT
	}
	res := p.newResident(r, member{age: 20 + r.IntN(36), female: chance(r, 0.45), family: true}, pickSurname(r), residency)
	res.created = p.launch
	t.residents = append(t.residents, res)
}

// chooseHallMembers makes exactly spec.hall adults members of the online hall.
func (p *planner) chooseHallMembers(t *town, r *mrand.Rand) {
	var eligible []int
	for i, res := range t.residents {
		if res.compound >= 0 && res.phone != "" && p.age(res) >= 18 {
			eligible = append(eligible, i)
		}
	}
	r.Shuffle(len(eligible), func(i, j int) { eligible[i], eligible[j] = eligible[j], eligible[i] })
	for _, i := range eligible[:min(t.spec.hall, len(eligible))] {
		t.residents[i].hall = true
	}
}

// pickSurname draws a family name, common ones more often.
func pickSurname(r *mrand.Rand) surname {
	x := r.Float64()
	return surnames[int(x*x*float64(len(surnames)))]
}

// givenName draws a given name that sounds like the person's generation.
func givenName(r *mrand.Rand, female bool, born int) string {
	if chance(r, 0.3) {
		switch {
		case born < 1965 && female:
			return pick(r, elderFemaleNames)
		case born < 1965:
			return pick(r, elderMaleNames)
		case born > 1995 && female:
			return pick(r, youngFemaleNames)
		case born > 1995:
			return pick(r, youngMaleNames)
		}
	}
	own := maleChars
	if female {
		own = femaleChars
	}
	if chance(r, 0.3) {
		return string(pick(r, own))
	}
	first := own
	if chance(r, 0.5) {
		first = neutralChars
	}
	a, b := pick(r, first), pick(r, own)
	for b == a {
		b = pick(r, own)
	}
	return string([]rune{a, b})
}

// newPhone draws a mobile number no one in the demo has yet.
func (p *planner) newPhone(r *mrand.Rand) string {
	for {
		n := pick(r, mobilePrefixes) + fmt.Sprintf("%08d", r.IntN(100000000))
		if !p.phones[n] {
			p.phones[n] = true
			return n
		}
	}
}

// idCard makes a valid 18-character ID-card number for the resident: area,
// date of birth, a sequence whose parity is the sex, and the check digit.
func idCard(r *mrand.Rand, res *residentRec, residency resident.Residency) string {
	area := pick(r, localAreaCodes)
	if residency == resident.ResidencyNON_REGISTERED || (residency == resident.ResidencyTENANT && chance(r, 0.5)) {
		area = pick(r, otherAreaCodes)
	}
	seq := r.IntN(500) * 2
	if !res.female {
		seq++
	}
	first17 := area + res.birth.Format("20060102") + fmt.Sprintf("%03d", seq)
	check, err := personal.IDCardCheckDigit(first17)
	if err != nil {
		panic(err) // first17 is 17 digits by construction
	}
	return first17 + string(check)
}

// uniqueIDCard returns id, or the next free number after it: an ID-card
// number is registered once per community (the database refuses a second).
// Moving on without drawing keeps the rest of the demo as it was.
func (p *planner) uniqueIDCard(id string) string {
	for p.idCards[id] {
		id = personal.NextIDCard(id)
	}
	p.idCards[id] = true
	return id
}

// age is the resident's age in whole years at the anchor time.
func (p *planner) age(res *residentRec) int {
	y := p.now.Year() - res.birth.Year()
	if p.now.YearDay() < res.birth.YearDay() {
		y--
	}
	return y
}

// setAge changes a resident's date of birth, and the ID-card number with it.
func (p *planner) setAge(r *mrand.Rand, res *residentRec, age int) {
	res.birth = p.now.AddDate(-age, 0, -(1 + r.IntN(364)))
	if res.idCard != "" {
		delete(p.idCards, res.idCard)
		res.idCard = p.uniqueIDCard(idCard(r, res, res.residency))
	}
}

// atDaytime moves t to a random time of day between 8:00 and 20:00.
func (p *planner) atDaytime(r *mrand.Rand, t time.Time) time.Time {
	y, m, d := t.In(p.loc).Date()
	return time.Date(y, m, d, 8, 0, 0, 0, p.loc).Add(time.Duration(r.IntN(12*3600)) * time.Second)
}

// maxTime returns the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// minTime returns the earlier of a and b.
func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// planStewards makes party-member residents stewards, spread over the
// compounds, each watching over buildings of their own compound and some
// also a neighbouring compound.
func (p *planner) planStewards(t *town) {
	r := newRand(p.seed, t.spec.code+"/stewards")
	candidates := make([][]int, len(t.compounds))
	for i, res := range t.residents {
		a := p.age(res)
		if res.compound >= 0 && res.party && res.phone != "" && a >= 35 && a <= 75 {
			candidates[res.compound] = append(candidates[res.compound], i)
		}
	}
	for n := 0; n < t.spec.stewards; n++ {
		ci := n % len(t.compounds)
		if len(candidates[ci]) == 0 {
			continue
		}
		k := r.IntN(len(candidates[ci]))
		ri := candidates[ci][k]
		candidates[ci] = append(candidates[ci][:k], candidates[ci][k+1:]...)
		res := t.residents[ri]
		res.steward = true
		s := &stewardRec{resident: ri, compounds: []int{ci}}
		if p.age(res) < 62 {
			s.workUnit = pick(r, workUnits)
		}
		if chance(r, 0.25) {
			s.reported = p.atDaytime(r, p.start.AddDate(0, 0, 30+r.IntN(300)))
		} else {
			s.reported = p.atDaytime(r, p.start.AddDate(0, 0, -r.IntN(1000)))
		}
		b, _ := strconv.Atoi(res.building)
		s.buildings = []string{res.building + "号楼"}
		if b < t.compounds[ci].spec.buildings && chance(r, 0.6) {
			s.buildings = append(s.buildings, strconv.Itoa(b+1)+"号楼")
		}
		if siblings := t.grids[t.compounds[ci].grid].compounds; len(siblings) > 1 && chance(r, 0.3) {
			for _, other := range siblings {
				if other != ci {
					s.compounds = append(s.compounds, other)
				}
			}
		}
		s.id = newID("Steward", s.reported)
		t.stewards = append(t.stewards, s)
	}
}

// planUsers plans the logins of a town and their roles.
func (p *planner) planUsers(t *town) {
	r := newRand(p.seed, t.spec.code+"/users")
	if p.admin == nil {
		p.admin = p.newUser(r, "admin", "系统管理员", nil)
		p.police = p.newUser(r, "han.lixin", "韩警官", nil)
	}
	t.member(p, p.admin, membership.RoleADMIN, -1, "平台运维")
	if t.spec.full {
		p.planFullCrew(t, r)
	} else {
		p.planSmallCrew(t, r)
	}
	for _, s := range t.stewards {
		u := p.residentUser(r, t.residents[s.resident])
		t.member(p, u, membership.RoleSTEWARD, -1, "红色楼长")
		t.member(p, u, membership.RoleRESIDENT, -1, "")
	}
	if t.spec.full {
		p.planAppUsers(t, r, 60)
	}
}

// planFullCrew plans the people who work in the demo community: the police
// office, the two committees, grid workers, lawyers, property managers, the
// homeowners' committees and the patrol team of 23.
func (p *planner) planFullCrew(t *town, r *mrand.Rand) {
	c := &t.crew
	c.police = p.police
	t.member(p, c.police, membership.RolePOLICE_OFFICER, -1, "社区民警")
	c.aux = p.newUser(r, "ma.xiaodong", "马晓东", nil)
	t.member(p, c.aux, membership.RoleAUXILIARY_OFFICER, -1, "辅警")
	for _, s := range []struct{ username, name, title string }{
		{"lin.xiuhua", "林秀华", "社区党委书记"},
		{"gao.jianping", "高建平", "居委会主任"},
		{"song.yaqin", "宋雅琴", "居委会副主任"},
		{"xu.wenbo", "许文博", "社区专职工作者"},
		{"tian.jing", "田静", "社区专职工作者"},
	} {
		u := p.newUser(r, s.username, s.name, nil)
		t.member(p, u, membership.RoleCOMMUNITY_STAFF, -1, s.title)
		c.staff = append(c.staff, u)
	}
	for gi, g := range t.grids {
		name := pickSurname(r).hanzi + givenName(r, chance(r, 0.6), 1985+r.IntN(12))
		u := p.newUser(r, "grid."+strings.ToLower(g.spec.code), name, nil)
		t.member(p, u, membership.RoleGRID_WORKER, gi, g.spec.name+"网格员")
		c.gridWorkers = append(c.gridWorkers, u)
	}
	for _, s := range []struct{ username, name, title string }{
		{"cheng.jiaming", "程家明", "志愿律师（明法律师事务所）"},
		{"ye.siyuan", "叶思远", "志愿律师（正衡律师事务所）"},
		{"su.wanqing", "苏婉清", "志愿律师（明法律师事务所）"},
	} {
		u := p.newUser(r, s.username, s.name, nil)
		t.member(p, u, membership.RoleLAWYER, -1, s.title)
		c.lawyers = append(c.lawyers, u)
	}
	c.managers = make([]*userRec, len(t.compounds))
	var guards []*userRec
	for ci, cp := range t.compounds {
		if cp.spec.management != compound.ManagementPROPERTY_COMPANY {
			continue
		}
		name := pickSurname(r).hanzi + givenName(r, chance(r, 0.5), 1975+r.IntN(15))
		u := p.newUser(r, "pm."+cp.spec.slug, name, nil)
		t.member(p, u, membership.RolePROPERTY_MANAGER, -1, cp.spec.company+"项目经理")
		c.managers[ci] = u
		if len(guards) < 3 {
			name := pickSurname(r).hanzi + givenName(r, false, 1970+r.IntN(25))
			guards = append(guards, p.newUser(r, "guard."+cp.spec.slug, name, nil))
		}
	}
	p.planHomeowners(t, r)
	p.planPatrol(t, r, guards)
}

// planHomeowners elects homeowners' committee members in the self-managed
// compounds: two in the first, one in each other.
func (p *planner) planHomeowners(t *town, r *mrand.Rand) {
	first := true
	for ci, cp := range t.compounds {
		if cp.spec.management != compound.ManagementSELF_MANAGED {
			continue
		}
		titles := []string{"业委会委员"}
		if first {
			titles = []string{"业委会主任", "业委会委员"}
			first = false
		}
		for _, title := range titles {
			ri := p.pickResident(t, r, ci, func(res *residentRec) bool {
				a := p.age(res)
				return res.residency == resident.ResidencyOWNER && a >= 40 && a <= 72
			})
			if ri < 0 {
				continue
			}
			u := p.residentUser(r, t.residents[ri])
			t.member(p, u, membership.RoleHOMEOWNERS_COMMITTEE, -1, cp.spec.name+title)
			t.member(p, u, membership.RoleRESIDENT, -1, "")
		}
	}
}

// planPatrol makes the volunteer patrol team of 23: grid workers, property
// staff, employees of units in the commercial grids and active residents.
func (p *planner) planPatrol(t *town, r *mrand.Rand, guards []*userRec) {
	c := &t.crew
	add := func(u *userRec, title string, from patrolmember.Affiliation, unit int) {
		t.member(p, u, membership.RolePATROL_VOLUNTEER, -1, title)
		c.patrol = append(c.patrol, u)
		c.patrolFrom = append(c.patrolFrom, from)
		c.patrolUnit = append(c.patrolUnit, unit)
	}
	// Active residents first: the first of them leads the team.
	for made, n := 0, 0; made < 8; n++ {
		ci := (n * 5) % len(t.compounds)
		ri := p.pickResident(t, r, ci, func(res *residentRec) bool {
			a := p.age(res)
			return a >= 30 && a <= 66 && len(res.flags) == 0
		})
		if ri < 0 {
			continue
		}
		u := p.residentUser(r, t.residents[ri])
		title := "治安积极分子"
		if made == 0 {
			title = "义警巡逻队队长"
		}
		made++
		add(u, title, patrolmember.AffiliationRESIDENT, -1)
		t.member(p, u, membership.RoleRESIDENT, -1, "")
	}
	for _, gi := range []int{0, 2, 5, 8} {
		add(c.gridWorkers[gi], "网格员", patrolmember.AffiliationGRID_WORKER, -1)
	}
	n := 0
	for _, m := range c.managers {
		if m != nil && n < 2 {
			add(m, "物业员工", patrolmember.AffiliationPROPERTY_STAFF, -1)
			n++
		}
	}
	for _, g := range guards {
		add(g, "物业秩序维护员", patrolmember.AffiliationPROPERTY_STAFF, -1)
	}
	n = 0
	for i, res := range t.residents {
		if res.compound >= 0 || res.user != nil || n == 6 {
			continue
		}
		gi := len(t.spec.grids) - 4 + n%4
		u := p.residentUser(r, t.residents[i])
		add(u, "驻区单位职工（"+t.spec.grids[gi].venues[0]+"）", patrolmember.AffiliationUNIT_EMPLOYEE, gi)
		n++
	}
}

// planSmallCrew plans the few users of the small community: the officer of
// the big one, who covers it too, and two community workers.
func (p *planner) planSmallCrew(t *town, r *mrand.Rand) {
	c := &t.crew
	c.police = p.police
	t.member(p, c.police, membership.RolePOLICE_OFFICER, -1, "社区民警（兼）")
	zhou := p.newUser(r, "zhou.lijun", "周丽君", nil)
	t.member(p, zhou, membership.RoleCOMMUNITY_STAFF, -1, "居委会主任")
	t.member(p, zhou, membership.RoleGRID_WORKER, 0, t.grids[0].spec.name+"网格员")
	wu := p.newUser(r, "wu.zhigang", "吴志刚", nil)
	t.member(p, wu, membership.RoleGRID_WORKER, 1, t.grids[1].spec.name+"网格员")
	c.staff = []*userRec{zhou}
	c.gridWorkers = []*userRec{zhou, wu}
	c.managers = make([]*userRec, len(t.compounds))
}

// planAppUsers gives n more residents a login to report and follow issues.
func (p *planner) planAppUsers(t *town, r *mrand.Rand, n int) {
	for made := 0; made < n; {
		ci := r.IntN(len(t.compounds))
		ri := p.pickResident(t, r, ci, func(res *residentRec) bool { return p.age(res) <= 75 })
		if ri < 0 {
			continue
		}
		u := p.residentUser(r, t.residents[ri])
		t.member(p, u, membership.RoleRESIDENT, -1, "")
		made++
	}
}

// pickResident returns a random adult with a phone and no login in the
// compound who satisfies ok, or -1.
func (p *planner) pickResident(t *town, r *mrand.Rand, ci int, ok func(*residentRec) bool) int {
	adults := t.compounds[ci].adults
	if len(adults) == 0 {
		return -1
	}
	for try := 0; try < 200; try++ {
		ri := adults[r.IntN(len(adults))]
		res := t.residents[ri]
		if res.user == nil && !res.steward && !res.story && ok(res) {
			return ri
		}
	}
	return -1
}

// newUser plans a login; a taken username gets a number appended.
func (p *planner) newUser(r *mrand.Rand, username, display string, res *residentRec) *userRec {
	base := username
	for n := 2; p.usernames[username]; n++ {
		username = fmt.Sprintf("%s%d", base, n)
	}
	p.usernames[username] = true
	u := &userRec{username: username, display: display, resident: res, created: p.launch}
	if res != nil {
		u.phone = res.phone
		u.created = maxTime(p.launch, res.created)
		res.user = u
	} else {
		u.phone = p.newPhone(r)
	}
	u.id = newID("User", u.created)
	p.users = append(p.users, u)
	return u
}

// residentUser plans the login of a resident, named after them.
func (p *planner) residentUser(r *mrand.Rand, res *residentRec) *userRec {
	if res.user != nil {
		return res.user
	}
	return p.newUser(r, res.surname.pinyin+"."+res.phone[7:], res.name, res)
}

// member plans a role membership of u in the town.
func (t *town) member(p *planner, u *userRec, role membership.Role, grid int, title string) {
	t.members = append(t.members, &memberRec{
		id: newID("Membership", u.created), user: u, role: role, grid: grid, title: title, created: u.created,
	})
}
