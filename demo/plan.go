package demo

import (
	"slices"
	"time"

	"wutong/ent/issue"
	"wutong/ent/issuecomment"
	"wutong/ent/issueevent"
	"wutong/ent/meetingpoint"
	"wutong/ent/membership"
	"wutong/ent/patrolmember"
	"wutong/ent/resident"
	"wutong/ent/servicerecord"
	"wutong/gid"
	"wutong/lifecycle"
	"wutong/personal"
)

// planner makes the records of the demo in memory. Everything it decides
// depends only on the seed and the anchor time.
type planner struct {
	seed   int64
	now    time.Time      // the anchor, to the second
	loc    *time.Location // the communities' time zone
	start  time.Time      // the beginning of the history
	launch time.Time      // when the platform went live: base records date from then

	users     []*userRec // every login, in the order they are written
	phones    map[string]bool
	idCards   map[string]bool
	usernames map[string]bool
	admin     *userRec // operator of the deployment, member of every community
	police    *userRec // the community police officer, who also covers the small community
}

// newPlanner returns a planner for the given seed and anchor.
func newPlanner(seed int64, now time.Time) *planner {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// China has kept UTC+8 without daylight saving since 1991.
		loc = time.FixedZone("CST", 8*3600)
	}
	now = now.In(loc).Truncate(time.Second)
	start := time.Date(now.Year()-span, 1, 1, 0, 0, 0, 0, loc)
	return &planner{
		seed:      seed,
		now:       now,
		loc:       loc,
		start:     start,
		launch:    start.AddDate(0, 0, -30),
		phones:    map[string]bool{},
		idCards:   map[string]bool{},
		usernames: map[string]bool{},
	}
}

// Residents took to the platform gradually: when the history starts, the
// share of them who report through it is adoptionFrom of today's, and it
// reaches today's adoptionMonths later, at the start of this year.
const (
	adoptionFrom   = 0.3
	adoptionMonths = 12 * span
)

// adoption is how much the residents used the platform at the moment at,
// relative to this year: from adoptionFrom at the start of the history,
// rising evenly to 1.
func (p *planner) adoption(at time.Time) float64 {
	months := at.Sub(p.start).Hours() / 24 / 30.44
	return max(adoptionFrom, min(1, adoptionFrom+(1-adoptionFrom)*months/adoptionMonths))
}

// town is everything planned for one community.
type town struct {
	spec      *townSpec
	id        gid.ID
	grids     []*gridRec
	compounds []*compoundRec
	residents []*residentRec
	members   []*memberRec
	stewards  []*stewardRec
	services  []*serviceRec
	points    []*pointRec
	issues    []*issueRec
	crew      crew
	cast      cast
	plot      plot

	team       *teamRec
	patrol     []*patrolMemberRec // the members of the team, in the order of crew.patrol
	shifts     []*shiftRec        // round-the-clock shifts first, then the others
	dispatches []*dispatchRec
	orgs       []*orgRec
	employees  []*employeeRec
	orgReports []*orgReportRec
	events     []*publicEventRec
	duties     []*dutyRec
	meetings   []*meetingRec
	rentals    []*rentalRec
	cases      []*caseRec
	donations  []*donationRec
	notices    []*noticeRec
}

// cast are the people of the stories of DOMAIN.md; -1 or nil when a town
// does not tell them.
type cast struct {
	owner                int      // locked out of her flat by her ex-husband
	students             [2]int   // share a rented flat and argue over the rent
	upstairs, downstairs int      // the bathroom leak
	elder                int      // lives alone, found unconscious
	finder               int      // the steward who finds her (index into stewards)
	patroller            *userRec // finds the blocked fire exit
	sleepless            int      // calls the police about the noise upstairs
	problem              int      // the compound that was turned around
}

// plot are the issues of the stories of DOMAIN.md; nil when a town does
// not tell them.
type plot struct {
	owner, students, leak, elder, fireExit *issueRec
	garbage, heating, water, elevator      *issueRec // the problem compound
	cracks                                 *issueRec // a dispute still being mediated
}

// crew are the users who do the community's work, by what they do.
type crew struct {
	police, aux *userRec
	staff       []*userRec
	gridWorkers []*userRec // by grid index
	lawyers     []*userRec
	managers    []*userRec // property managers by compound index; nil where there is none
	patrol      []*userRec
	patrolFrom  []patrolmember.Affiliation // where each patrol volunteer comes from
	patrolUnit  []int                      // the commercial grid a volunteer's employer is in, or -1
}

// gridRec is a planned grid.
type gridRec struct {
	id        gid.ID
	spec      gridSpec
	compounds []int // indexes into town.compounds
}

// compoundRec is a planned compound.
type compoundRec struct {
	id         gid.ID
	spec       compoundSpec
	grid       int
	lat, lng   float64
	address    string
	households int
	residents  []int // indexes into town.residents
	adults     []int // residents of 18 or over with a phone: possible reporters
	hall       []int // of them, members of the online hall
	cared      []int // residents with care flags
}

// residentRec is a planned resident.
type residentRec struct {
	id        gid.ID
	community gid.ID
	name      string
	surname   surname
	female    bool
	birth     time.Time
	phone     string
	idCard    string
	compound  int // -1 for people who only work in the community
	building  string
	unit      string
	room      string
	residency resident.Residency
	party     bool
	hall      bool
	flags     []personal.CareFlag
	movedIn   time.Time
	created   time.Time
	steward   bool // serves as a party-member steward
	story     bool // plays a part in a story
	user      *userRec
}

// userRec is a planned login.
type userRec struct {
	id       gid.ID
	username string
	display  string
	phone    string
	resident *residentRec
	created  time.Time
}

// memberRec is a planned role membership.
type memberRec struct {
	id      gid.ID
	user    *userRec
	role    membership.Role
	grid    int // the grid of a grid worker, else -1
	title   string
	created time.Time
}

// stewardRec is a planned party-member steward.
type stewardRec struct {
	id        gid.ID
	resident  int
	workUnit  string
	reported  time.Time
	buildings []string
	compounds []int
}

// serviceRec is a planned entry of a steward's service log.
type serviceRec struct {
	id       gid.ID
	steward  int
	resident int // -1 when the service was not for one person
	kind     servicerecord.Kind
	at       time.Time
	minutes  int
	notes    string
}

// pointRec is a planned meeting point.
type pointRec struct {
	id       gid.ID
	kind     meetingpoint.Kind
	name     string
	address  string
	hours    string
	capacity int
	compound int // -1 when not inside a compound
	hasPos   bool
	lat, lng float64
}

// issueRec is a planned issue with its comments and the timeline entries
// that the loader writes itself (the report and the comments' entries are
// written by the casework hooks).
type issueRec struct {
	id          gid.ID
	kind        issue.Kind
	category    issue.Category
	channel     issue.Channel
	priority    issue.Priority
	incident    issue.IncidentClass
	status      lifecycle.Status
	title       string
	description string
	address     string
	grid        int // -1 when unknown
	compound    int // -1 when not about a compound
	reporter    int // -1 when no resident reported it
	anonymous   bool
	hasPos      bool
	lat, lng    float64

	reported, acknowledged, started, arrived, resolved, closed time.Time // zero when not reached
	firstResolved, reopened, restarted                         time.Time // of an issue whose problem came back
	rating                                                     int
	ratedAt                                                    time.Time
	feedback                                                   string

	shift       *shiftRec // the patrol shift that found the problem
	repeatOf    *issueRec // the earlier police call this one repeats
	duplicateOf *issueRec // the issue followed instead of this duplicate
	mustFinish  bool      // must be resolved by now (last year's disputes)
	story       bool      // written by hand, not generated

	assignees []*userRec
	comments  []*commentRec
	events    []*eventRec
}

// commentRec is a planned comment.
type commentRec struct {
	author *userRec
	body   string
	vis    issuecomment.Visibility
	at     time.Time
}

// eventRec is a planned timeline entry.
type eventRec struct {
	id       gid.ID
	kind     issueevent.Kind
	from, to lifecycle.Status // empty when not a status change
	actor    *userRec
	note     string
	at       time.Time
}

// plan makes all records of one community.
func (p *planner) plan(spec *townSpec) *town {
	t := &town{spec: spec, id: newID("Community", p.launch)}
	p.planPlaces(t)
	p.planResidents(t)
	p.planStewards(t)
	p.planUsers(t)
	p.planCast(t)
	p.planServices(t)
	p.planPoints(t)
	p.planIssues(t)
	slices.SortStableFunc(t.services, func(a, b *serviceRec) int { return a.at.Compare(b.at) })
	p.planPatrolTeam(t)
	p.planUnits(t)
	p.planEvents(t)
	p.settlePatrol(t)
	p.planRentals(t)
	p.planRosters(t)
	p.planMeetings(t)
	p.planMediation(t)
	p.planDonations(t)
	p.planNotices(t)
	return t
}
