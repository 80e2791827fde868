package cityseed

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"wutong/lifecycle"
)

// issueRec is an issue being generated, with its timeline.
type issueRec struct {
	id                                 string
	t                                  issueTemplate
	channel, priority, incident        string
	title, body, address               string
	grid, compound                     int // compound is -1 outside the compounds
	reporter                           *residentRec
	reportedBy                         *userRec
	anonymous, hasPos                  bool
	lat, lng                           float64
	status                             lifecycle.Status
	reported, acknowledged, started    time.Time
	arrived, resolved, closed, updated time.Time
	rating                             int
	feedback, resolution               string
	version                            int
	repeatOf, duplicateOf              *issueRec
	shift                              *shiftRec
	assignees                          []*userRec
	events                             []eventRec
	cur                                time.Time // the time of the last step so far
	dispatchDone                       time.Time // when the first response was completed
	reporterUser                       *userRec  // the reporter's login, if they had one by then
	dispatcher, worker                 *userRec  // who hands the issue out, who works it
}

// eventRec is an entry of an issue's timeline.
type eventRec struct {
	kind, from, to, note string
	at                   time.Time
	actor                *userRec
}

// event appends an entry to the issue's timeline.
func (is *issueRec) event(kind string, at time.Time, actor *userRec, note string) {
	is.events = append(is.events, eventRec{kind: kind, at: at, actor: actor, note: note})
}

// kinds of issues and how often each is reported.
var (
	kinds       = []string{"DISPUTE", "HAZARD", "EMERGENCY", "PUBLIC_AFFAIR", "HELP_REQUEST", "INQUIRY"}
	kindWeights = []float64{6, 14, 3, 24, 26, 27}
	channels    = []string{"APP", "ONLINE_HALL", "WALK_IN", "PHONE", "PATROL", "POLICE_CALL"}
	// channelWeights are the weights of channels, by kind.
	channelWeights = map[string][]float64{
		"DISPUTE":       {25, 8, 22, 13, 0, 32},
		"HAZARD":        {30, 10, 3, 10, 40, 7},
		"EMERGENCY":     {12, 0, 0, 30, 8, 50},
		"PUBLIC_AFFAIR": {35, 40, 12, 13, 0, 0},
		"HELP_REQUEST":  {40, 8, 25, 22, 0, 5},
		"INQUIRY":       {35, 40, 12, 13, 0, 0},
	}
	priorities = []string{"LOW", "NORMAL", "HIGH", "URGENT"}
	// priorityWeights are the weights of priorities, by kind.
	priorityWeights = map[string][]float64{
		"DISPUTE":       {5, 65, 30, 0},
		"HAZARD":        {0, 50, 45, 5},
		"EMERGENCY":     {0, 0, 30, 70},
		"PUBLIC_AFFAIR": {35, 60, 5, 0},
		"HELP_REQUEST":  {20, 60, 20, 0},
		"INQUIRY":       {70, 30, 0, 0},
	}
	// templatesByKind are the ordinary templates of each kind; incidents
	// holds the preventable and criminal cases.
	templatesByKind = map[string][]issueTemplate{}
	preventable     []issueTemplate
	criminal        []issueTemplate
)

func init() {
	for _, t := range issueTemplates {
		switch t.incident {
		case "PREVENTABLE":
			preventable = append(preventable, t)
		case "CRIMINAL":
			criminal = append(criminal, t)
		default:
			templatesByKind[t.kind] = append(templatesByKind[t.kind], t)
		}
	}
}

// casework makes the issues of the history with their comments, timelines,
// dispatches and mediation cases, then writes them.
func (g *gen) casework() {
	r := g.r
	n := int(10000 * (0.85 + 0.3*r.Float64()))
	times := g.reportTimes(n)
	recent := make([][]*issueRec, len(g.compounds)) // issues of each compound in the last two weeks
	type place struct {
		compound int
		category string
	}
	calls := map[place]*issueRec{} // the last police call about a dispute, by compound and category
	for _, at := range times {
		is := g.newIssue(at)
		if is.compound >= 0 {
			list := recent[is.compound]
			for len(list) > 0 && at.Sub(list[0].reported) > 14*24*time.Hour {
				list = list[1:]
			}
			if is.channel == "POLICE_CALL" && is.t.kind == "DISPUTE" {
				key := place{is.compound, is.t.category}
				if first := calls[key]; first != nil && first.reported.Before(at) && at.Sub(first.reported) < 30*24*time.Hour &&
					r.chance(0.35) {
					g.repeat(is, first)
				} else {
					calls[key] = is
				}
			}
			var target *issueRec
			if is.repeatOf == nil && is.t.kind != "DISPUTE" && is.t.kind != "EMERGENCY" && is.incident == "NONE" && r.chance(0.025) {
				for k := len(list) - 1; k >= 0 && target == nil; k-- {
					if o := list[k]; o.t.kind == is.t.kind && o.duplicateOf == nil && o.repeatOf == nil && o.reported.Before(at) {
						target = o
					}
				}
			}
			g.lifecycle(is, target)
			recent[is.compound] = append(list, is)
		} else {
			g.lifecycle(is, nil)
		}
		g.issues = append(g.issues, is)
	}
	for _, is := range g.issues {
		g.writeIssue(is)
	}
}

// reportTimes draws n report times over the history, sorted: more of them
// later, as more residents took to the platform, and most by day.
func (g *gen) reportTimes(n int) []time.Time {
	c, r := g.c, g.r
	const from = 0.6 // the rate at the start, relative to the rate now
	length := c.now.Sub(c.start)
	out := make([]time.Time, n)
	for i := range out {
		// Inverse of the distribution function of a density rising linearly from `from` to 1.
		u := r.Float64()
		x := (-from + math.Sqrt(from*from+u*(1-from*from))) / (1 - from)
		out[i] = g.daytime(c.start.Add(time.Duration(x*float64(length))), c.start)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// newIssue makes the report of an issue at the given time: what, where,
// who and how.
func (g *gen) newIssue(at time.Time) *issueRec {
	r := g.r
	var t issueTemplate
	incident := "NONE"
	switch x := r.Float64(); {
	case x < 0.0005:
		t, incident = pick(r, criminal), "CRIMINAL"
	case x < 0.0125:
		t, incident = pick(r, preventable), "PREVENTABLE"
	default:
		t = pick(r, templatesByKind[kinds[r.weighted(kindWeights)]])
	}
	is := &issueRec{t: t, incident: incident, status: lifecycle.Reported, reported: at, updated: at, cur: at,
		title: t.title, compound: -1, priority: priorities[r.weighted(priorityWeights[t.kind])]}
	if incident == "CRIMINAL" {
		is.priority = "URGENT"
	}
	is.channel = channels[r.weighted(channelWeights[t.kind])]
	var building, unit, place string
	app := is.channel == "APP" || is.channel == "ONLINE_HALL"
	if t.outside {
		gi := 8 + r.IntN(4)
		v := pick(r, g.grids[gi].venues)
		is.grid, place, is.address = gi, v.name, v.name
		is.hasPos, is.lat, is.lng = true, round6(v.lat+(r.Float64()-0.5)*0.0006), round6(v.lng+(r.Float64()-0.5)*0.0006)
		switch {
		case app:
			is.reporter = g.withLogin(g.workerUsers, at)
		case r.chance(0.5):
			is.reporter = g.existing(g.workers, at)
		}
	} else {
		ci := g.pickCompound()
		cp := g.compounds[ci]
		is.compound, is.grid = ci, cp.grid
		switch {
		case is.channel == "ONLINE_HALL" && len(cp.hallUsers) > 0:
			is.reporter = g.withLogin(cp.hallUsers, at)
		case app:
			is.reporter = g.withLogin(cp.appUsers, at)
		}
		if is.reporter == nil {
			is.reporter = g.existing(cp.adults, at)
		}
		if is.reporter != nil {
			building, unit = is.reporter.building, is.reporter.unit
		} else {
			building, unit = fmt.Sprint(1+r.IntN(8)), "1"
		}
		is.address = cp.address + cp.name + building + "号楼"
		if r.chance(0.6) || t.kind == "HAZARD" || t.kind == "EMERGENCY" {
			is.hasPos = true
			is.lat, is.lng = round6(cp.lat+(r.Float64()-0.5)*0.0008), round6(cp.lng+(r.Float64()-0.5)*0.0008)
		}
	}
	if app && (is.reporter == nil || is.reporter.user == nil || is.reporter.user.created.After(at)) {
		is.channel = "PHONE" // without a login, the resident phoned instead
	}
	switch is.channel {
	case "APP", "ONLINE_HALL":
		is.reportedBy = is.reporter.user
		is.anonymous = r.chance(0.1)
	case "PATROL":
		is.shift = g.shiftAt(at)
		finder := pick(r, is.shift.members)
		is.reportedBy = finder.user
		is.reporter = finder.user.resident
	case "POLICE_CALL":
		is.reportedBy = g.crew.officer
		if r.chance(0.35) {
			is.reportedBy = g.crew.aux
		}
	default:
		is.reportedBy = pick(r, []*userRec{g.crew.staff[r.IntN(len(g.crew.staff))], g.crew.gridWorkers[is.grid]})
	}
	compoundName := ""
	if is.compound >= 0 {
		compoundName = g.compounds[is.compound].name
	}
	is.body = strings.NewReplacer("{b}", building, "{u}", unit, "{p}", place, "{c}", compoundName).Replace(t.body)
	is.id = r.id("Issue", at)
	is.event("REPORTED", at, is.reportedBy, "")
	is.events[0].to = string(lifecycle.Reported)
	return is
}

// pickCompound draws a compound: the bigger and the less managed, the
// more issues.
func (g *gen) pickCompound() int {
	w := make([]float64, len(g.compounds))
	for i, cp := range g.compounds {
		w[i] = float64(len(cp.residents))
		if cp.management == "UNMANAGED" {
			w[i] *= 1.5
		}
	}
	return g.r.weighted(w)
}

// existing draws someone from list who lived or worked here at t, if there
// is one within a few tries.
func (g *gen) existing(list []*residentRec, t time.Time) *residentRec {
	for try := 0; try < 8 && len(list) > 0; try++ {
		if res := pick(g.r, list); !res.created.After(t) {
			return res
		}
	}
	return nil
}

// withLogin draws someone from list who had a login at t, if there is one
// within a few tries.
func (g *gen) withLogin(list []*residentRec, t time.Time) *residentRec {
	for try := 0; try < 8 && len(list) > 0; try++ {
		if res := pick(g.r, list); !res.user.created.After(t) {
			return res
		}
	}
	return nil
}

// repeat makes is a repeat of the earlier police call first: same place,
// same matter.
func (g *gen) repeat(is, first *issueRec) {
	is.repeatOf = first
	is.t.category = first.t.category
	is.address, is.hasPos, is.lat, is.lng = first.address, first.hasPos, first.lat, first.lng
	is.title = repeatPrefix + strings.TrimPrefix(first.title, repeatPrefix)
	is.body = "同一地址再次报警：" + first.body
	if g.r.chance(0.6) && first.reporter != nil {
		is.reporter = first.reporter
	}
}

// lifecycle takes the issue through its steps up to now, as the casework
// rules would: a duplicate is marked as such; others are acknowledged and
// assigned, may get a patrol dispatch or mediation, are started, resolved,
// rated and closed, or rejected, or reopened when the problem came back.
func (g *gen) lifecycle(is *issueRec, duplicateOf *issueRec) {
	c, r := g.c, g.r
	const (
		minute = time.Minute
		hour   = time.Hour
		day    = 24 * time.Hour
	)
	// Work gets faster over the history.
	f := 1.2 - 0.4*float64(is.reported.Sub(c.start))/float64(c.now.Sub(c.start))
	scale := func(d time.Duration) time.Duration { return time.Duration(float64(d) * f).Truncate(time.Second) }
	kind := is.t.kind
	if is.reporter != nil && is.reporter.user != nil && !is.reporter.user.created.After(is.reported) {
		is.reporterUser = is.reporter.user
	}
	is.dispatcher = g.crew.staff[0]
	if is.channel == "POLICE_CALL" || kind == "DISPUTE" || kind == "EMERGENCY" {
		is.dispatcher = g.crew.officer
	}
	if duplicateOf != nil {
		// Marked as a duplicate if the issue followed instead is still open
		// (or resolved) by then.
		at := is.reported.Add(r.between(20*minute, day))
		if duplicateOf.closed.IsZero() || duplicateOf.closed.After(at) {
			note := "duplicate of " + duplicateOf.id
			if g.move(is, lifecycle.Duplicate, at, is.dispatcher, note) {
				is.duplicateOf, is.resolution = duplicateOf, note
				duplicateOf.event("DUPLICATE_MARKED", is.closed, is.dispatcher, "duplicate "+is.id)
			}
			return
		}
	}
	ack := map[string][2]time.Duration{
		"POLICE_CALL": {2 * minute, 15 * minute},
		"ONLINE_HALL": {5 * minute, 2 * hour},
		"PHONE":       {5 * minute, 40 * minute},
		"WALK_IN":     {0, 10 * minute},
		"PATROL":      {0, 20 * minute},
		"APP":         {10 * minute, 8 * hour},
	}[is.channel]
	if kind == "EMERGENCY" {
		ack = [2]time.Duration{minute, 8 * minute}
	} else if (is.priority == "LOW" || is.priority == "NORMAL") && kind != "DISPUTE" &&
		(is.channel == "APP" || is.channel == "ONLINE_HALL") && r.chance(0.2) {
		ack = [2]time.Duration{8 * hour, 3 * day} // waited in the backlog
	}
	assignees := g.assignees(is)
	is.worker = is.dispatcher
	if len(assignees) > 0 {
		is.worker = assignees[0]
	}
	if !g.move(is, lifecycle.Acknowledged, is.reported.Add(scale(r.between(ack[0], ack[1]))), is.dispatcher, "") {
		return
	}
	is.assignees = assignees
	for _, u := range assignees {
		is.event("ASSIGNED", is.acknowledged, is.dispatcher, "assigned "+u.id)
	}
	defer g.discuss(is)
	if (kind == "HELP_REQUEST" || kind == "INQUIRY" || kind == "PUBLIC_AFFAIR") && is.incident == "NONE" && r.chance(0.03) {
		reason := pick(r, rejectReasons)
		if g.move(is, lifecycle.Rejected, is.cur.Add(r.between(hour, 2*day)), is.dispatcher, reason) {
			is.resolution = reason
		}
		return
	}
	if is.hasPos && (kind == "EMERGENCY" && r.chance(0.9) || kind == "HAZARD" && r.chance(0.25) ||
		kind == "DISPUTE" && is.channel == "POLICE_CALL" && r.chance(0.15)) {
		g.dispatch(is)
	}
	work := map[string][4]time.Duration{ // start from, to; resolve from, to
		"EMERGENCY":     {0, 5 * minute, 30 * minute, 5 * hour},
		"DISPUTE":       {hour, 2 * day, 3 * hour, 10 * day},
		"HAZARD":        {10 * minute, day, hour, 5 * day},
		"PUBLIC_AFFAIR": {day, 7 * day, 2 * day, 40 * day},
		"HELP_REQUEST":  {15 * minute, day, 30 * minute, 4 * day},
		"INQUIRY":       {0, 2 * hour, 5 * minute, day},
	}[kind]
	resolveIn := func() time.Duration {
		if kind == "PUBLIC_AFFAIR" && r.chance(0.1) {
			return r.between(60*day, 200*day)
		}
		return scale(r.between(work[2], work[3]))
	}
	if kind == "DISPUTE" && r.chance(0.12) {
		switch outcome, resolution := g.mediate(is); outcome {
		case "":
			return // still being mediated
		case "AGREEMENT":
			// The agreement resolved the dispute.
		default:
			if !g.resolve(is, is.cur.Add(r.between(day, 10*day)), is.worker, resolution) {
				return
			}
		}
	} else {
		if kind != "INQUIRY" || r.chance(0.5) {
			if !g.move(is, lifecycle.InProgress, is.cur.Add(scale(r.between(work[0], work[1]))), is.worker, "") {
				return
			}
		}
		at := is.cur.Add(resolveIn())
		if !is.dispatchDone.IsZero() {
			at = maxTime(at, is.dispatchDone.Add(r.between(5*minute, 30*minute)))
		}
		if !g.resolve(is, at, is.worker, g.resolution(is)) {
			return
		}
	}
	if (kind == "HAZARD" || kind == "PUBLIC_AFFAIR" || kind == "HELP_REQUEST") && r.chance(0.03) {
		// The problem came back: the reporter reopens it.
		who := is.reporterUser
		if who == nil {
			who = is.dispatcher
		}
		if !g.move(is, lifecycle.Reopened, is.cur.Add(r.between(day, 5*day)), who, "问题再次出现") ||
			!g.move(is, lifecycle.InProgress, is.cur.Add(r.between(6*hour, 4*day)), is.worker, "") ||
			!g.resolve(is, is.cur.Add(resolveIn()), is.worker, g.resolution(is)) {
			return
		}
	}
	if is.reporterUser != nil && r.chance(0.6) {
		at := is.cur.Add(r.between(30*minute, 48*hour))
		if !at.After(c.now) {
			x := float64(is.reported.Sub(c.start)) / float64(c.now.Sub(c.start))
			is.rating = 5 - r.weighted([]float64{40 + 25*x, 30, 15 - 7*x, 8 - 5*x, 7 - 6*x})
			if r.chance(0.5) {
				is.feedback = pick(r, feedbacks[is.rating])
			}
			is.event("RATED", at, is.reporterUser, fmt.Sprintf("rated %d of 5", is.rating))
			is.version++
			is.cur, is.updated = at, at
		}
	}
	if r.chance(0.9) {
		who := g.crew.staff[0]
		if is.reporterUser != nil && r.chance(0.5) {
			who = is.reporterUser
		}
		g.move(is, lifecycle.Closed, is.cur.Add(r.between(day, 10*day)), who, "")
	}
}

// resolution says what was done about the issue: in the words of its
// category for hazards and public affairs, of its kind otherwise.
func (g *gen) resolution(is *issueRec) string {
	if list := resolutionsByCategory[is.t.category]; len(list) > 0 && (is.t.kind == "HAZARD" || is.t.kind == "PUBLIC_AFFAIR") {
		return pick(g.r, list)
	}
	return pick(g.r, resolutions[is.t.kind])
}

// move takes the issue to status to at the given time (or a second after
// its last step), by who, with a note on the timeline; as the casework
// hook does, it stamps the step's time and counts up the version. It
// reports false, doing nothing, for a step that would lie after now.
func (g *gen) move(is *issueRec, to lifecycle.Status, at time.Time, who *userRec, note string) bool {
	if !at.After(is.cur) {
		at = is.cur.Add(time.Second)
	}
	if at.After(g.c.now) {
		return false
	}
	if !lifecycle.CanMove(is.status, to) {
		panic(fmt.Sprintf("cityseed: an issue that is %s cannot become %s", is.status, to))
	}
	is.events = append(is.events, eventRec{kind: "STATUS_CHANGED", from: string(is.status), to: string(to), note: note, at: at, actor: who})
	switch to {
	case lifecycle.Acknowledged:
		if is.acknowledged.IsZero() {
			is.acknowledged = at
		}
	case lifecycle.InProgress:
		if is.started.IsZero() {
			is.started = at
		}
	case lifecycle.Resolved:
		is.resolved = at
	case lifecycle.Closed, lifecycle.Duplicate, lifecycle.Rejected:
		is.closed = at
	case lifecycle.Reopened:
		is.resolved, is.closed = time.Time{}, time.Time{}
	}
	is.status, is.cur, is.updated = to, at, maxTime(is.updated, at)
	is.version++
	return true
}

// resolve resolves the issue with a resolution, which is also the note of
// the step.
func (g *gen) resolve(is *issueRec, at time.Time, who *userRec, resolution string) bool {
	if !g.move(is, lifecycle.Resolved, at, who, resolution) {
		return false
	}
	is.resolution = resolution
	return true
}

// assignees chooses who works on an issue.
func (g *gen) assignees(is *issueRec) []*userRec {
	r, c := g.r, g.crew
	if r.chance(0.08) {
		return nil
	}
	gridWorker := c.gridWorkers[is.grid]
	var manager *userRec
	if is.compound >= 0 {
		manager = g.compounds[is.compound].manager
	}
	var list []*userRec
	switch is.t.kind {
	case "DISPUTE":
		list = []*userRec{c.officer}
		switch cat := is.t.category; {
		case (cat == "PROPERTY" || cat == "FAMILY" || cat == "TENANCY") && r.chance(0.4):
			list = append(list, pick(r, c.lawyers))
		case r.chance(0.4):
			list = append(list, gridWorker)
		}
	case "EMERGENCY":
		list = []*userRec{c.officer, c.aux}
	case "HAZARD":
		list = []*userRec{gridWorker}
		if manager != nil && r.chance(0.5) {
			list = append(list, manager)
		}
	case "PUBLIC_AFFAIR":
		list = []*userRec{pick(r, c.staff)}
		if manager != nil {
			list = append(list, manager)
		} else if r.chance(0.5) {
			list = append(list, gridWorker)
		}
	case "HELP_REQUEST":
		list = []*userRec{gridWorker}
		if is.incident != "NONE" || r.chance(0.3) {
			list = append(list, c.officer)
		}
	case "INQUIRY":
		if is.channel == "ONLINE_HALL" {
			list = []*userRec{pick(r, []*userRec{c.officer, c.aux})}
		} else {
			list = []*userRec{pick(r, []*userRec{gridWorker, pick(r, c.staff)})}
		}
	}
	var out []*userRec
	for _, u := range list {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// dispatch sends a member of the patrol shift on duty to the issue after
// it was acknowledged, as casework's dispatch steps do: sent, accepted,
// arrived, completed (now and then declined first, which passes it to
// another member of the shift), each step only if it lies before now. The
// first arrival is stamped on the issue.
func (g *gen) dispatch(is *issueRec) {
	c, r := g.c, g.r
	sent := is.cur.Add(r.between(time.Minute, 4*time.Minute))
	if sent.After(c.now) {
		return
	}
	shift := g.shiftAt(sent)
	declines := r.chance(0.06)
	sender := is.dispatcher
	for k, i := range r.Perm(len(shift.members)) {
		m := shift.members[i]
		distance := r.span(80, 1500)
		row := []any{r.id("Dispatch", sent), sent, sent, "SENT", sent, nil, nil, nil, nil, int64(distance), g.id, is.id, m.id}
		note := "member " + m.id
		is.event("DISPATCHED", sent, sender, fmt.Sprintf("%s, %d m away", note, distance))
		// step takes the dispatch to status at the given time, stored in column col.
		step := func(status string, col int, kind string, at time.Time) bool {
			if at.After(c.now) {
				return false
			}
			row[2], row[3], row[col] = at, status, at
			is.event(kind, at, m.user, note)
			return true
		}
		if declines && k == 0 {
			at := sent.Add(r.between(30*time.Second, 3*time.Minute))
			declined := step("DECLINED", 6, "DISPATCH_DECLINED", at)
			g.t.dispatches.add(row...)
			if !declined {
				is.dispatchDone = c.now
				return
			}
			// The next member is sent at once, by the one who declined.
			sent, sender = at, m.user
			continue
		}
		accepted := sent.Add(r.between(30*time.Second, 3*time.Minute))
		arrived := accepted.Add(r.between(3*time.Minute, 15*time.Minute))
		completed := arrived.Add(r.between(15*time.Minute, 90*time.Minute))
		is.dispatchDone = c.now
		if step("ACCEPTED", 5, "DISPATCH_ACCEPTED", accepted) && step("ARRIVED", 7, "ARRIVED", arrived) {
			is.arrived = arrived
			is.updated = maxTime(is.updated, arrived)
			if step("COMPLETED", 8, "DISPATCH_COMPLETED", completed) {
				is.dispatchDone = completed
			}
		}
		g.t.dispatches.add(row...)
		return
	}
}

// mediate takes a dispute to mediation, as casework.OpenMediation,
// RecordSession and Conclude do: the case opens with the reporter and a
// neighbour as parties and the officer with a lawyer or member of staff as
// mediators, and sessions follow. An agreement resolves the dispute; after
// another outcome the office resolves it later with the resolution
// returned. The outcome is "" while the case is still open now.
func (g *gen) mediate(is *issueRec) (outcome, resolution string) {
	c, r := g.c, g.r
	officer := g.crew.officer
	if !g.move(is, lifecycle.InProgress, is.cur.Add(r.between(2*time.Hour, 3*24*time.Hour)), officer, "taken to mediation") {
		return "", ""
	}
	opened := is.cur
	cp := g.compounds[is.compound]
	applicant := is.reporter
	if applicant == nil {
		applicant = pick(r, cp.adults)
	}
	respondent := applicant
	for try := 0; try < 20 && respondent == applicant; try++ {
		respondent = pick(r, cp.adults)
	}
	if respondent == applicant {
		respondent = pick(r, g.workers)
	}
	id := r.id("MediationCase", opened)
	is.event("MEDIATION_OPENED", opened, officer, "case "+id)
	point := g.points.mediation
	if r.chance(0.3) {
		point = g.points.deliberation
	}
	mediators := []*userRec{officer, pick(r, g.crew.staff)}
	if r.chance(0.5) {
		mediators[1] = pick(r, g.crew.lawyers)
	}
	for _, u := range mediators {
		g.t.mediationCaseMediators.add(id, u.id)
	}
	g.t.mediationParties.add(r.id("MediationParty", opened), opened, opened, "APPLICANT", g.id, id, applicant.id)
	g.t.mediationParties.add(r.id("MediationParty", opened), opened, opened, "RESPONDENT", g.id, id, respondent.id)
	outcome = []string{"AGREEMENT", "PARTIAL", "FAILED", "REFERRED"}[r.weighted([]float64{80, 8, 6, 6})]
	at, updated := opened, opened
	var end time.Time
	for k := 1 + r.weighted([]float64{60, 30, 10}); k > 0; k-- {
		y, m, d := at.Add(r.between(24*time.Hour, 5*24*time.Hour)).In(c.loc).Date()
		at = time.Date(y, m, d, 9, 0, 0, 0, c.loc).Add(r.between(0, 8*time.Hour))
		if at.After(c.now) {
			end = time.Time{}
			break
		}
		minutes := r.span(30, 180)
		end = at.Add(time.Duration(minutes) * time.Minute)
		recorded := minTime(end, c.now)
		updated = maxTime(updated, recorded)
		notes := pick(r, sessionNotes)
		if k == 1 {
			notes = lastSessionNotes[outcome]
		}
		g.t.mediationSessions.add(r.id("MediationSession", at), recorded, recorded, nil, at, int64(minutes),
			notes, g.id, id, point)
	}
	concluded := end.Add(r.between(10*time.Minute, 2*time.Hour))
	if end.IsZero() || concluded.After(c.now) {
		g.t.mediationCases.add(id, opened, updated, is.title, "OPEN", nil, nil, opened, nil, nil, g.id, is.id, point)
		return "", ""
	}
	var agreement, followUp any
	switch outcome {
	case "AGREEMENT":
		agreement = pick(r, agreements)
		followUp = concluded.AddDate(0, 1, 0)
	case "PARTIAL":
		agreement = pick(r, partialAgreements)
	}
	g.t.mediationCases.add(id, opened, concluded, is.title, "CLOSED", outcome, agreement, opened, concluded, followUp,
		g.id, is.id, point)
	is.event("MEDIATION_CONCLUDED", concluded, officer, outcome)
	is.cur = concluded
	if outcome == "AGREEMENT" {
		if !g.resolve(is, concluded, officer, "调解达成协议 (mediated to agreement): "+agreement.(string)) {
			return "", ""
		}
		return outcome, is.resolution
	}
	return outcome, afterMediation[outcome]
}

// discuss adds the comments of staff (and now and then of the reporter)
// between the acknowledgement and the resolution, each on the timeline.
func (g *gen) discuss(is *issueRec) {
	c, r := g.c, g.r
	end := c.now
	switch {
	case !is.resolved.IsZero():
		end = is.resolved
	case !is.closed.IsZero():
		end = is.closed
	}
	n := r.weighted([]float64{15, 30, 27, 15, 8, 5})
	if is.status == lifecycle.Rejected {
		n = 1
	}
	var ats []time.Time
	for k := 0; k < n; k++ {
		at := is.acknowledged.Add(r.between(time.Minute, max(2*time.Minute, end.Sub(is.acknowledged))))
		if !at.After(c.now) {
			ats = append(ats, at)
		}
	}
	slices.SortFunc(ats, func(a, b time.Time) int { return a.Compare(b) })
	for _, at := range ats {
		author := is.dispatcher
		if len(is.assignees) > 0 {
			author = pick(r, is.assignees)
		}
		visibility, body := "PUBLIC", ""
		switch {
		case is.status == lifecycle.Rejected:
			body = "该事项" + is.resolution
		case is.reporterUser != nil && r.chance(0.1):
			author, body = is.reporterUser, pick(r, reporterRemarks)
		case r.chance(0.3):
			visibility, body = "INTERNAL", pick(r, internalRemarks)
		case r.chance(0.75):
			body = pick(r, publicRemarks[is.t.kind])
		default:
			body = pick(r, generalRemarks)
		}
		id := r.id("IssueComment", at)
		g.t.issueComments.add(id, at, at, body, visibility, g.id, is.id, author.id)
		is.event("COMMENTED", at, author, visibility+" comment "+id)
	}
}

// writeIssue writes an issue, its assignees and its timeline, in order of
// time.
func (g *gen) writeIssue(is *issueRec) {
	var lat, lng, compound, reporter, reportedBy, repeatOf, duplicateOf, shift, rating any
	if is.hasPos {
		lat, lng = is.lat, is.lng
	}
	if is.compound >= 0 {
		compound = g.compounds[is.compound].id
	}
	if is.reporter != nil {
		reporter = is.reporter.id
	}
	if is.reportedBy != nil {
		reportedBy = is.reportedBy.id
	}
	if is.repeatOf != nil {
		repeatOf = is.repeatOf.id
	}
	if is.duplicateOf != nil {
		duplicateOf = is.duplicateOf.id
	}
	if is.shift != nil {
		shift = is.shift.id
	}
	if is.rating > 0 {
		rating = int64(is.rating)
	}
	g.t.issues.add(is.id, is.reported, is.updated, is.title, is.body, is.t.kind, is.t.category, is.channel, is.priority,
		string(is.status), is.incident, is.anonymous, is.address, is.reported, nullTime(is.acknowledged), nullTime(is.started),
		nullTime(is.arrived), nullTime(is.resolved), nullTime(is.closed), rating, nullString(is.feedback),
		nullString(is.resolution), int64(is.version), lat, lng, g.id, compound, g.grids[is.grid].id, reportedBy, repeatOf,
		duplicateOf, shift, reporter)
	for _, u := range is.assignees {
		g.t.issueAssignees.add(is.id, u.id)
	}
	slices.SortStableFunc(is.events, func(a, b eventRec) int { return a.at.Compare(b.at) })
	for _, e := range is.events {
		var actor any
		if e.actor != nil {
			actor = e.actor.id
		}
		g.t.issueEvents.add(g.r.id("IssueEvent", e.at), e.kind, nullString(e.from), nullString(e.to), nullString(e.note), e.at,
			g.id, is.id, actor)
	}
}
