package cityseed

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"wutong/personal"
)

// city is what every community of one load shares: read-only once made.
type city struct {
	seed        int64
	communities int
	now         time.Time      // the end of the history, to the second
	start       time.Time      // the beginning of the casework history
	launch      time.Time      // when the platform went live: base records date from then
	loc         *time.Location // the communities' time zone
	hash        string         // the password hash of every generated login
	layout      [2]int         // rows and columns of the communities on the city map
}

// The city's bounding box: central Shanghai.
const (
	southLat, northLat = 31.10, 31.35
	westLng, eastLng   = 121.30, 121.60
)

// history is how far back the casework reaches.
const historyMonths = 18

// newCity lays out a city of n communities.
func newCity(seed int64, n int, now time.Time, loc *time.Location, hash string) *city {
	now = now.In(loc).Truncate(time.Second)
	start := now.AddDate(0, -historyMonths, 0)
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	return &city{seed: seed, communities: n, now: now, start: start, launch: start.AddDate(0, 0, -30),
		loc: loc, hash: hash, layout: [2]int{rows, cols}}
}

// gen generates one community: its rows go to t.
type gen struct {
	c    *city
	n    int // number of the community, from 0
	r    rng
	t    *tables
	id   string
	name string // such as 梧桐里社区
	word string // the first part of the name, such as 梧桐
	addr string
	lat  float64
	lng  float64

	grids     []*gridRec
	compounds []*compoundRec
	residents []*residentRec
	idCards   map[string]bool // the community's ID-card numbers so far
	workers   []*residentRec  // people who only work in the community
	// workerUsers are the workers with a login.
	workerUsers []*residentRec
	users       int // logins made, for phone numbers of staff
	crew        crew
	points      points
	patrol      []*patrolRec
	shifts      []*shiftRec
	team        string
	issues      []*issueRec
}

// gridRec is a grid.
type gridRec struct {
	id, code, name, kind string
	venues               []venue // places of a commercial grid
	compounds            []int
}

// venue is a place in a commercial grid.
type venue struct {
	name     string
	lat, lng float64
}

// compoundRec is a compound.
type compoundRec struct {
	id, name, address, management string
	grid                          int
	lat, lng                      float64
	weight                        float64 // how likely an issue is about it
	residents                     []*residentRec
	adults                        []*residentRec // with a phone: people who report
	appUsers                      []*residentRec // adults with a login
	hallUsers                     []*residentRec // of them, members of the online hall
	cared                         []*residentRec // residents with care flags
	manager                       *userRec       // the property manager, if a company manages it
}

// residentRec is a resident.
type residentRec struct {
	id                   string
	name                 string
	female               bool
	age                  int
	compound             int // -1 for people who only work here
	building, unit, room string
	phone                string
	party, hall          bool
	flags                []string
	created              time.Time
	user                 *userRec
}

// userRec is a login.
type userRec struct {
	id       string
	username string
	display  string
	created  time.Time
	resident *residentRec
	roles    map[string]bool
}

// crew are the people who do the community's work.
type crew struct {
	officer, aux *userRec
	staff        []*userRec // staff[0] is the community's city-staff-NNNN login
	gridWorkers  []*userRec // by grid
	lawyers      []*userRec
}

// points are the meeting points of the community.
type points struct {
	deliberation, mediation, station string
}

// newGen returns the generator of community n.
func newGen(c *city, n int) *gen {
	g := &gen{c: c, n: n, r: newRNG(c.seed, n), t: newTables(), idCards: map[string]bool{}}
	return g
}

// generate makes every row of the community.
func (g *gen) generate() {
	g.community()
	g.places()
	g.people()
	g.staff()
	g.stewards()
	g.meetingPoints()
	g.patrolTeam()
	g.casework()
	g.notices()
}

// Code returns the code of community number n (from 0): city-0001 and on.
func Code(n int) string { return fmt.Sprintf("city-%04d", n+1) }

// StaffUsername returns the login of the first member of staff of
// community number n (from 0): city-staff-0001 and on. Its password, like
// every generated login's, is Password.
func StaffUsername(n int) string { return fmt.Sprintf("city-staff-%04d", n+1) }

// community places the community on the city map and writes it.
func (g *gen) community() {
	c, r := g.c, g.r
	row, col := g.n/c.layout[1], g.n%c.layout[1]
	cellLat := (northLat - southLat) / float64(c.layout[0])
	cellLng := (eastLng - westLng) / float64(c.layout[1])
	g.lat = round6(southLat + (float64(row)+0.5+(r.Float64()-0.5)*0.4)*cellLat)
	g.lng = round6(westLng + (float64(col)+0.5+(r.Float64()-0.5)*0.4)*cellLng)
	d := districts[min(2, int((g.lat-southLat)/(northLat-southLat)*3))][min(2, int((g.lng-westLng)/(eastLng-westLng)*3))]
	street := pick(r, d.streets)
	first := communityFirst[g.n%len(communityFirst)]
	second := communitySecond[(g.n/len(communityFirst)+g.n)%len(communitySecond)]
	g.word = first
	g.name = first + second + "社区"
	if round := g.n / (len(communityFirst) * len(communitySecond)); round > 0 {
		g.name = first + second + strconv.Itoa(round+1) + "社区"
	}
	g.addr = d.name + pick(r, roads) + strconv.Itoa(r.span(1, 999)) + "号"
	g.id = r.id("Community", c.launch)
	area := r.span(300, 550) * 1000
	desc := fmt.Sprintf("%s%s下辖社区，面积约%d万平方米，辖12个居民小区以及体育场馆、高校、商务楼宇和酒店商铺。",
		d.name, street, area/10000)
	g.t.communities.add(g.id, c.launch, c.launch, g.name, Code(g.n), d.name+street, g.addr, c.loc.String(),
		int64(area), desc, int64(30), int64(100), g.lat, g.lng)
}

// places makes the grids and the compounds.
func (g *gen) places() {
	c, r := g.c, g.r
	for i := 0; i < 8; i++ {
		gr := &gridRec{id: r.id("Grid", c.launch), code: fmt.Sprintf("R%02d", i+1), name: "第" + gridNumerals[i] + "网格", kind: "RESIDENTIAL"}
		g.grids = append(g.grids, gr)
		g.t.grids.add(gr.id, c.launch, c.launch, gr.name, gr.code, gr.kind, "居民网格，沿"+pick(r, roads)+"一带。", g.id)
	}
	for i, cg := range commercialGrids {
		gr := &gridRec{id: r.id("Grid", c.launch), code: fmt.Sprintf("C%02d", i+1), name: cg.name, kind: "COMMERCIAL"}
		dLat, dLng := (r.Float64()-0.5)*0.008, (r.Float64()-0.5)*0.008
		for _, v := range venueKinds[i] {
			gr.venues = append(gr.venues, venue{name: g.word + v,
				lat: round6(g.lat + dLat + (r.Float64()-0.5)*0.0015), lng: round6(g.lng + dLng + (r.Float64()-0.5)*0.0015)})
		}
		g.grids = append(g.grids, gr)
		g.t.grids.add(gr.id, c.launch, c.launch, gr.name, gr.code, gr.kind, cg.description, g.id)
	}
	used := map[string]bool{}
	for i := 0; i < 12; i++ {
		name := ""
		for name == "" || used[name] {
			name = pick(r, compoundWords) + pick(r, compoundSuffixes)
		}
		used[name] = true
		cp := &compoundRec{
			id: r.id("Compound", c.launch), name: name, grid: i % 8,
			address:    pick(r, roads) + strconv.Itoa(r.span(1, 600)) + "弄",
			management: []string{"PROPERTY_COMPANY", "SELF_MANAGED", "UNMANAGED"}[r.weighted([]float64{45, 20, 35})],
			lat:        round6(g.lat + (r.Float64()-0.5)*0.008), lng: round6(g.lng + (r.Float64()-0.5)*0.008),
			weight: 0.5 + r.Float64()*1.1,
		}
		g.grids[cp.grid].compounds = append(g.grids[cp.grid].compounds, i)
		g.compounds = append(g.compounds, cp)
	}
}

// people makes the residents, household by household, and the people who
// only work in the community; and gives some of them a login.
func (g *gen) people() {
	c, r := g.c, g.r
	total := int(10000 * (0.85 + 0.3*r.Float64()))
	nWorkers := total * 3 / 100
	weights := 0.0
	for _, cp := range g.compounds {
		weights += cp.weight
	}
	for ci, cp := range g.compounds {
		quota := int(float64(total-nWorkers) * cp.weight / weights)
		g.fillCompound(ci, cp, quota)
	}
	for i := 0; i < nWorkers; i++ {
		res := &residentRec{compound: -1, female: r.chance(0.45), age: r.span(22, 58)}
		res.name = r.fullName(r.surname(), res.female, c.now.Year()-res.age)
		residency := []string{"OWNER", "NON_REGISTERED"}[r.IntN(2)]
		res.created = c.launch.Add(r.between(0, c.now.Sub(c.launch)))
		res.phone = r.phone(g.n*phoneStride + len(g.residents))
		g.addResident(res, residency, time.Time{})
		g.workers = append(g.workers, res)
	}
	if len(g.residents) > maxResidents {
		panic("cityseed: too many residents in one community")
	}
	// Residents took to the app gradually.
	signUp := func(res *residentRec) {
		at := c.launch.Add(time.Duration(math.Pow(r.Float64(), 2) * float64(c.now.Sub(c.launch)))).Truncate(time.Second)
		g.residentUser(res, maxTime(res.created, at))
	}
	for _, cp := range g.compounds {
		for _, res := range cp.adults {
			if !r.chance(0.14 + 0.3*b2f(res.hall)) {
				continue
			}
			signUp(res)
			cp.appUsers = append(cp.appUsers, res)
			if res.hall {
				cp.hallUsers = append(cp.hallUsers, res)
			}
		}
	}
	for _, res := range g.workers {
		if r.chance(0.2) {
			signUp(res)
			g.workerUsers = append(g.workerUsers, res)
		}
	}
}

// b2f is 1 for true and 0 for false.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// fillCompound makes the households of one compound until it has quota residents.
func (g *gen) fillCompound(ci int, cp *compoundRec, quota int) {
	c, r := g.c, g.r
	built := r.span(1975, 2015)
	floors, units, perFloor := r.span(6, 18), r.span(1, 3), r.span(2, 4)
	if built < 1995 {
		floors = r.span(4, 7)
	}
	households := quota*10/25 + 1
	buildings := max(2, int(math.Ceil(float64(households)*1.2/float64(floors*units*perFloor))))
	rented := 0.15 + 0.4*r.Float64()
	if cp.management == "UNMANAGED" {
		rented += 0.1
	}
	var company any
	if cp.management == "PROPERTY_COMPANY" {
		company = pick(r, propertyCompanies)
	}
	start := len(g.residents)
	h := 0
	for ; len(g.residents)-start < quota; h++ {
		building := strconv.Itoa(h%buildings + 1)
		rest := h / buildings
		unit := strconv.Itoa(rest%units + 1)
		rest /= units
		floor := rest/perFloor%floors + 1
		room := strconv.Itoa(floor*100 + rest%perFloor + 1)
		g.household(ci, cp, building, unit, room, r.chance(rented))
	}
	g.t.compounds.add(cp.id, c.launch, c.launch, cp.name, cp.address, cp.management, company, int64(buildings), int64(h),
		int64(built), cp.lat, cp.lng, g.id, g.grids[cp.grid].id)
}

// household makes the people of one flat.
func (g *gen) household(ci int, cp *compoundRec, building, unit, room string, rented bool) {
	c, r := g.c, g.r
	var size int
	if rented {
		size = 1 + r.weighted([]float64{35, 35, 20, 10})
	} else {
		size = 1 + r.weighted([]float64{18, 30, 28, 16, 8})
	}
	residency := "OWNER"
	if rented {
		residency = "TENANT"
		if r.chance(0.4) {
			residency = "NON_REGISTERED"
		}
	}
	flatmates := rented && size > 1 && r.chance(0.5)
	family := r.surname()
	headAge := r.span(24, 88)
	if rented {
		headAge = r.span(20, 60)
	}
	var movedIn time.Time
	if rented {
		movedIn = c.now.Add(-r.between(0, 3*365*24*time.Hour))
	} else {
		movedIn = c.now.Add(-r.between(0, time.Duration(min(headAge-20, 40))*365*24*time.Hour))
	}
	for k := 0; k < size; k++ {
		res := &residentRec{compound: ci, building: building, unit: unit, room: room}
		surname := family
		switch {
		case flatmates:
			res.age, res.female, surname = r.span(19, 40), r.chance(0.5), r.surname()
		case k == 0:
			res.age, res.female = headAge, r.chance(0.5)
		case k == 1:
			res.age, res.female, surname = max(18, headAge+r.span(-6, 4)), !g.residents[len(g.residents)-1].female, r.surname()
		case headAge > 45 && k == 4:
			res.age, res.female, surname = min(100, headAge+r.span(22, 30)), r.chance(0.6), r.surname()
		default:
			res.age, res.female = max(0, headAge-r.span(22, 36)), r.chance(0.5)
			if res.age == 0 && headAge < 30 {
				res.age = r.span(0, 3)
			}
		}
		res.name = r.fullName(surname, res.female, c.now.Year()-res.age)
		res.created = maxTime(c.launch, movedIn)
		if res.age >= 16 && r.chance(0.93) {
			res.phone = r.phone(g.n*phoneStride + len(g.residents))
		}
		res.party = res.age >= 20 && r.chance(0.06+0.08*b2f(res.age > 55))
		res.hall = res.phone != "" && r.chance(0.06)
		var flags []string
		if res.age >= 70 {
			flags = append(flags, "ELDERLY")
		}
		if size == 1 && res.age >= 60 {
			flags = append(flags, "LIVES_ALONE")
		}
		if res.age >= 60 && r.chance(0.2) {
			flags = append(flags, "CHRONIC_ILLNESS")
		}
		if r.chance(0.012) {
			flags = append(flags, "DISABLED")
		}
		if r.chance(0.02) {
			flags = append(flags, "LOW_INCOME")
		}
		if res.age < 14 && r.chance(0.01) {
			flags = append(flags, "LEFT_BEHIND_CHILD")
		}
		if r.chance(0.003) {
			flags = append(flags, "MENTAL_HEALTH")
		}
		res.flags = flags
		g.addResident(res, residency, movedIn)
		cp.residents = append(cp.residents, res)
		if res.phone != "" && res.age >= 18 {
			cp.adults = append(cp.adults, res)
		}
		if len(flags) > 0 {
			cp.cared = append(cp.cared, res)
		}
	}
}

// addResident gives a resident an ID and writes them.
func (g *gen) addResident(res *residentRec, residency string, movedIn time.Time) {
	c, r := g.c, g.r
	res.id = r.id("Resident", res.created)
	birth := c.now.AddDate(-res.age, 0, -r.IntN(365))
	idCard := r.idCard(residency != "NON_REGISTERED" && r.chance(0.85), birth, res.female)
	// An ID-card number is registered once per community: move on to the
	// next free one without drawing, so the rest of the city stays as it was.
	for g.idCards[idCard] {
		idCard = personal.NextIDCard(idCard)
	}
	g.idCards[idCard] = true
	var flags any
	if len(res.flags) > 0 {
		b, _ := json.Marshal(res.flags)
		flags = string(b)
	}
	var compound, building, unit, room any
	if res.compound >= 0 {
		compound, building, unit, room = g.compounds[res.compound].id, res.building, res.unit, res.room
	}
	g.t.residents.add(res.id, res.created, res.created, res.name, nullString(res.phone), idCard, building, unit, room,
		residency, res.party, flags, res.hall, nullTime(movedIn), g.id, compound)
	g.residents = append(g.residents, res)
}

// residentUser gives a resident a login (by phone number, without a
// username) and the RESIDENT role, unless they have one.
func (g *gen) residentUser(res *residentRec, at time.Time) *userRec {
	if res.user != nil {
		return res.user
	}
	u := g.newUser("", res.phone, res.name, res, at)
	res.user = u
	g.member(u, "RESIDENT", "", -1, at)
	return u
}

// newUser makes a login. Staff logins (without a resident) get a phone
// number of the community's staff range.
func (g *gen) newUser(username, phone, display string, res *residentRec, at time.Time) *userRec {
	r := g.r
	if phone == "" {
		phone = r.phone(g.n*phoneStride + maxResidents + g.users)
	}
	g.users++
	u := &userRec{id: r.id("User", at), username: username, display: display, created: at, resident: res, roles: map[string]bool{}}
	var resident any
	if res != nil {
		resident = res.id
	}
	g.t.users.add(u.id, at, at, nullString(username), phone, display, true, g.c.hash, resident)
	return u
}

// member gives a user a role in the community, once.
func (g *gen) member(u *userRec, role, title string, grid int, at time.Time) {
	if u.roles[role] {
		return
	}
	u.roles[role] = true
	at = maxTime(at, u.created)
	var gridID any
	if grid >= 0 {
		gridID = g.grids[grid].id
	}
	g.t.memberships.add(g.r.id("Membership", at), at, at, role, nullString(title), g.id, gridID, u.id)
}

// staff makes the logins of the office: the police officer and the
// auxiliary officer, staff, grid workers, lawyers and property managers.
func (g *gen) staff() {
	c, r := g.c, g.r
	num := g.n + 1
	person := func() (string, string) {
		surname := r.surname()
		return surname, r.fullName(surname, r.chance(0.5), c.now.Year()-r.span(25, 58))
	}
	at := c.launch
	surname, _ := person()
	g.crew.officer = g.newUser(fmt.Sprintf("city-officer-%04d", num), "", surname+"警官", nil, at)
	g.member(g.crew.officer, "POLICE_OFFICER", "社区民警", -1, at)
	_, name := person()
	g.crew.aux = g.newUser(fmt.Sprintf("city-aux-%04d", num), "", name, nil, at)
	g.member(g.crew.aux, "AUXILIARY_OFFICER", "辅警", -1, at)
	for i, title := range []string{"党委书记", "居委会主任", "居委会副主任", "社工"} {
		username := StaffUsername(g.n)
		if i > 0 {
			username = fmt.Sprintf("city-staff-%04d-%d", num, i+1)
		}
		_, name := person()
		u := g.newUser(username, "", name, nil, at)
		g.member(u, "COMMUNITY_STAFF", title, -1, at)
		g.crew.staff = append(g.crew.staff, u)
	}
	for i := range g.grids {
		_, name := person()
		u := g.newUser(fmt.Sprintf("city-grid-%04d-%02d", num, i+1), "", name, nil, at)
		g.member(u, "GRID_WORKER", "网格员", i, at)
		g.crew.gridWorkers = append(g.crew.gridWorkers, u)
	}
	for i := 0; i < 2; i++ {
		_, name := person()
		u := g.newUser(fmt.Sprintf("city-lawyer-%04d-%d", num, i+1), "", name, nil, at)
		g.member(u, "LAWYER", "驻社区律师", -1, at)
		g.crew.lawyers = append(g.crew.lawyers, u)
	}
	for i, cp := range g.compounds {
		if cp.management != "PROPERTY_COMPANY" {
			continue
		}
		_, name := person()
		cp.manager = g.newUser(fmt.Sprintf("city-pm-%04d-%02d", num, i+1), "", name, nil, at)
		g.member(cp.manager, "PROPERTY_MANAGER", "物业经理", -1, at)
	}
	if g.n == 0 {
		// The operator of the deployment: ADMIN in one community covers them all.
		admin := g.newUser("city-admin", "", "城市管理员", nil, at)
		g.member(admin, "ADMIN", "平台管理员", -1, at)
	}
}

// stewards makes the party-member stewards, with their logins, compounds
// and service logs.
func (g *gen) stewards() {
	c, r := g.c, g.r
	want := len(g.residents) / 250
	kinds := []string{"VISIT", "CARE_CHECK", "BUILDING_PATROL", "MEDIATION_SUPPORT", "PUBLICITY", "OTHER"}
	made := 0
	for try := 0; made < want && try < want*200; try++ {
		cp := g.compounds[r.IntN(len(g.compounds))]
		if len(cp.adults) == 0 {
			continue
		}
		res := pick(r, cp.adults)
		if !res.party || res.age < 25 || res.age > 75 || (res.user != nil && res.user.roles["STEWARD"]) {
			continue
		}
		made++
		reported := c.launch.Add(r.between(0, 180*24*time.Hour))
		reported = maxTime(reported, res.created)
		u := g.residentUser(res, reported)
		g.member(u, "STEWARD", "红色楼长", -1, reported)
		id := r.id("Steward", reported)
		buildings := []string{res.building + "号楼"}
		for k := r.span(0, 2); k > 0; k-- {
			b := strconv.Itoa(r.span(1, 12)) + "号楼"
			if b != buildings[0] && (len(buildings) < 2 || b != buildings[1]) {
				buildings = append(buildings, b)
			}
		}
		bj, _ := json.Marshal(buildings)
		var unit any
		if r.chance(0.7) {
			unit = pick(r, workUnits)
		}
		g.t.stewards.add(id, reported, reported, unit, reported, string(bj), true, g.id, res.id)
		g.t.stewardCompounds.add(id, cp.id)
		if other := g.compounds[r.IntN(len(g.compounds))]; other != cp && r.chance(0.25) {
			g.t.stewardCompounds.add(id, other.id)
		}
		from := maxTime(reported, c.start)
		for k := r.span(15, 40); k > 0; k-- {
			kind := kinds[r.weighted([]float64{25, 30, 25, 5, 10, 5})]
			at := g.daytime(from.Add(r.between(0, c.now.Sub(from))), from)
			minutes := r.span(15, 120)
			var whom any
			switch {
			case kind == "CARE_CHECK" && len(cp.cared) > 0:
				whom = pick(r, cp.cared).id
			case kind == "VISIT":
				whom = pick(r, cp.residents).id
			}
			logged := minTime(at.Add(time.Duration(minutes)*time.Minute), c.now)
			g.t.serviceRecords.add(r.id("ServiceRecord", at), logged, logged, kind, at, int64(minutes),
				pick(r, serviceNotes[kind]), g.id, whom, id)
		}
	}
}

// daytime moves t, most of the time, to between 7:00 and 22:00 of its day,
// if that stays within [from, now].
func (g *gen) daytime(t, from time.Time) time.Time {
	t = t.Truncate(time.Second)
	if g.r.chance(0.8) {
		y, m, d := t.In(g.c.loc).Date()
		day := time.Date(y, m, d, 7, 0, 0, 0, g.c.loc).Add(time.Duration(g.r.IntN(15*3600)) * time.Second)
		if !day.Before(from) && !day.After(g.c.now) {
			t = day
		}
	}
	return t
}

// meetingPoints makes the places where residents meet.
func (g *gen) meetingPoints() {
	c, r := g.c, g.r
	at := c.launch
	add := func(kind, name string, addr any, hours string, capacity int, pos bool, compound *compoundRec) string {
		id := r.id("MeetingPoint", at)
		var lat, lng, cp any
		if pos {
			lat, lng = round6(g.lat+(r.Float64()-0.5)*0.002), round6(g.lng+(r.Float64()-0.5)*0.002)
		}
		if compound != nil {
			cp = compound.id
			lat, lng = round6(compound.lat+(r.Float64()-0.5)*0.0005), round6(compound.lng+(r.Float64()-0.5)*0.0005)
		}
		g.t.meetingPoints.add(id, at, at, kind, name, addr, hours, int64(capacity), lat, lng, g.id, cp)
		return id
	}
	g.points.deliberation = add("DELIBERATION_ROOM", g.name+"警民议事室", g.addr, "周一至周五 9:00-17:00", 20, true, nil)
	g.points.mediation = add("MEDIATION_ROOM", g.name+"律师调解室", g.addr, "周一至周五 9:00-17:00；周四下午律师驻点", 10, true, nil)
	g.points.station = add("SERVICE_STATION", g.name+"党群服务站", g.addr, "每天 8:30-20:00", 40, true, nil)
	for _, i := range r.Perm(len(g.compounds))[:3] {
		cp := g.compounds[i]
		add("DISCUSSION_CORNER", cp.name+"“有事好商量”议事点", cp.address, "每月第一个周六 15:00", 30, true, cp)
	}
	add("ONLINE_HALL", g.name+"云议事厅", nil, "全天", 500, false, nil)
}

// notices makes the community's safety publicity and announcements.
func (g *gen) notices() {
	c, r := g.c, g.r
	for k := r.span(20, 35); k > 0; k-- {
		day := c.start.Add(r.between(0, c.now.Sub(c.start)))
		y, m, d := day.In(c.loc).Date()
		at := time.Date(y, m, d, 9, 0, 0, 0, c.loc)
		if at.After(c.now) || at.Before(c.start) {
			continue
		}
		n := pick(r, notices)
		audience, compound, grid := "COMMUNITY", any(nil), any(nil)
		switch r.weighted([]float64{70, 15, 15}) {
		case 1:
			audience, grid = "GRID", g.grids[r.IntN(8)].id
		case 2:
			audience, compound = "COMPOUND", g.compounds[r.IntN(len(g.compounds))].id
		}
		var expires any
		if n.kind == "ANNOUNCEMENT" {
			expires = at.AddDate(0, 0, 30)
		}
		g.t.notices.add(r.id("Notice", at), at, at, n.kind, audience, n.title, n.body, at, expires, g.id, compound, grid)
	}
}

// nullString is nil for "", else s.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullTime is nil for the zero time, else t.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// round6 rounds a coordinate to six decimals (about 0.1 m).
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
