package demo

import (
	"math"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/issuecomment"
	"wutong/ent/issueevent"
	"wutong/lifecycle"
)

// issuePlan sets how much casework a town has.
type issuePlan struct {
	perMonth            float64 // issues a month other than disputes and cases
	disputesLastYear    int     // disputes reported in the previous calendar year, exactly
	preventableLastYear int     // preventable cases in the previous calendar year, exactly
	criminalEarlier     int     // criminal cases, all before the last twelve months and the previous year
}

// Rates before and after last year, relative to last year: disputes and
// preventable cases went down (DOMAIN.md: -50% and -70% year on year).
const (
	disputesBefore    = 2.0
	disputesThisYear  = 0.9
	preventableBefore = 3.3
	preventableNow    = 0.7
)

// issueGen plans the issues of one town.
type issueGen struct {
	p      *planner
	t      *town
	r      *mrand.Rand
	issues []*issueRec

	prevStart, thisStart time.Time // the previous and the current calendar year
	workers              []int     // residents who only work here
	weights              []float64 // how likely each compound is the place of an issue
}

// planIssues plans a year and a half of casework.
func (p *planner) planIssues(t *town) {
	y := p.now.Year()
	g := &issueGen{
		p:         p,
		t:         t,
		r:         newRand(p.seed, t.spec.code+"/issues"),
		prevStart: time.Date(y-1, 1, 1, 0, 0, 0, 0, p.loc),
		thisStart: time.Date(y, 1, 1, 0, 0, 0, 0, p.loc),
	}
	for i, res := range t.residents {
		if res.compound < 0 {
			g.workers = append(g.workers, i)
		}
	}
	for _, c := range t.compounds {
		w := float64(len(c.residents))
		if c.spec.management == compound.ManagementUNMANAGED {
			w *= 1.5
		}
		g.weights = append(g.weights, w)
	}
	if t.spec.full {
		g.stories()
	}
	g.disputes()
	g.incidents()
	g.general()
	if t.spec.full {
		g.openDispute()
	}
	slices.SortStableFunc(g.issues, func(a, b *issueRec) int { return a.reported.Compare(b.reported) })
	g.link()
	for _, is := range g.issues {
		if is.story {
			g.compress(is)
			g.settle(is)
		} else {
			g.lifecycle(is)
			g.compress(is)
			g.rate(is)
			g.settle(is)
			g.assign(is)
			g.discuss(is)
		}
		g.timeline(is)
		is.id = newID("Issue", is.reported)
	}
	t.issues = g.issues
}

// segments returns the parts of the history before the previous calendar
// year, in it, and in the current year.
func (g *issueGen) segments() (before, last, this [2]time.Time) {
	start, now := g.p.start, g.p.now
	before = [2]time.Time{start, maxTime(start, g.prevStart)}
	last = [2]time.Time{maxTime(start, g.prevStart), g.thisStart}
	this = [2]time.Time{g.thisStart, now}
	return
}

// years is the length of a segment in years.
func years(s [2]time.Time) float64 { return s[1].Sub(s[0]).Hours() / 24 / 365 }

// count is how many of the issues reported in s satisfy ok.
func (g *issueGen) count(s [2]time.Time, ok func(*issueRec) bool) int {
	n := 0
	for _, is := range g.issues {
		if !is.reported.Before(s[0]) && is.reported.Before(s[1]) && ok(is) {
			n++
		}
	}
	return n
}

// when draws a time in s, more often by day than by night.
func (g *issueGen) when(s [2]time.Time) time.Time {
	return g.daytime(s[0].Add(between(g.r, 0, s[1].Sub(s[0]))), s)
}

// daytime moves t, most of the time, to a time between 7:00 and 22:00 of
// the same day, if that stays in s.
func (g *issueGen) daytime(t time.Time, s [2]time.Time) time.Time {
	t = t.Truncate(time.Second)
	if chance(g.r, 0.75) {
		y, m, d := t.Date()
		day := time.Date(y, m, d, 7, 0, 0, 0, g.p.loc).Add(time.Duration(g.r.IntN(15*3600)) * time.Second)
		if !day.Before(s[0]) && day.Before(s[1]) {
			t = day
		}
	}
	return t
}

// texts returns the texts of the given kind ("" for any) that can happen
// in the town: texts of commercial grids only where there are some.
func (g *issueGen) texts(list []issueText, kind issue.Kind) []issueText {
	var out []issueText
	for _, t := range list {
		if (kind == "" || t.kind == kind) && (!t.outside || len(g.workers) > 0) {
			out = append(out, t)
		}
	}
	return out
}

// disputes plans the dispute issues: exactly the planned number last
// calendar year, about twice that rate before, a little less this year.
func (g *issueGen) disputes() {
	before, last, this := g.segments()
	isDispute := func(is *issueRec) bool { return is.kind == issue.KindDISPUTE }
	plan := g.t.spec.issues
	n := []int{
		int(math.Round(disputesBefore*float64(plan.disputesLastYear)*years(before))) - g.count(before, isDispute),
		plan.disputesLastYear - g.count(last, isDispute),
		int(math.Round(disputesThisYear*float64(plan.disputesLastYear)*years(this))) - g.count(this, isDispute),
	}
	for i, s := range [][2]time.Time{before, last, this} {
		for k := 0; k < n[i]; k++ {
			text := pick(g.r, disputeTexts)
			is := g.newIssue(text, g.when(s), pickChannel(g.r, issue.KindDISPUTE))
			is.mustFinish = i == 1
			repeatable := is.category == issue.CategoryNOISE || is.category == issue.CategoryNEIGHBOURS ||
				is.category == issue.CategoryPARKING || is.category == issue.CategoryFAMILY
			is.wantRepeat = is.channel == issue.ChannelPOLICE_CALL && repeatable && chance(g.r, 0.4)
		}
	}
}

// incidents plans the preventable and criminal cases.
func (g *issueGen) incidents() {
	before, last, this := g.segments()
	plan := g.t.spec.issues
	n := []int{
		int(math.Round(preventableBefore * float64(plan.preventableLastYear) * years(before))),
		plan.preventableLastYear,
		int(math.Round(preventableNow * float64(plan.preventableLastYear) * years(this))),
	}
	for i, s := range [][2]time.Time{before, last, this} {
		for k := 0; k < n[i]; k++ {
			channel := []issue.Channel{issue.ChannelPOLICE_CALL, issue.ChannelPOLICE_CALL, issue.ChannelAPP, issue.ChannelWALK_IN}[g.r.IntN(4)]
			is := g.newIssue(g.pickText(g.texts(incidentTexts, ""), time.Time{}), g.when(s), channel)
			is.incident = issue.IncidentClassPREVENTABLE
		}
	}
	// Criminal cases only long enough ago that neither last year nor the
	// last twelve months has any.
	early := [2]time.Time{g.p.start, minTime(g.prevStart, g.p.now.AddDate(-1, 0, 0))}
	if early[1].Sub(early[0]) < 30*24*time.Hour {
		return
	}
	for k := 0; k < plan.criminalEarlier; k++ {
		is := g.newIssue(g.pickText(g.texts(criminalTexts, ""), time.Time{}), g.when(early), issue.ChannelPOLICE_CALL)
		is.incident = issue.IncidentClassCRIMINAL
		is.priority = issue.PriorityURGENT
	}
}

// general plans every other issue, growing over time as more residents
// use the app.
func (g *issueGen) general() {
	r := g.r
	total := g.p.now.Sub(g.p.start)
	n := int(math.Round(g.t.spec.issues.perMonth * total.Hours() / 24 / 30.44))
	kinds := []issue.Kind{issue.KindHAZARD, issue.KindEMERGENCY, issue.KindPUBLIC_AFFAIR, issue.KindHELP_REQUEST, issue.KindINQUIRY}
	for k := 0; k < n; k++ {
		x := r.Float64()
		if chance(r, 0.5) {
			x = math.Sqrt(x)
		}
		at := g.daytime(g.p.start.Add(time.Duration(x*float64(total))), [2]time.Time{g.p.start, g.p.now})
		kind := kinds[weighted(r, []float64{15, 4, 24, 27, 30})]
		g.newIssue(g.pickText(g.texts(generalTexts, kind), at), at, pickChannel(r, kind))
	}
}

// pickText draws a text; texts of the heating season only in winter.
func (g *issueGen) pickText(texts []issueText, at time.Time) issueText {
	for {
		t := pick(g.r, texts)
		if !t.winter || at.IsZero() {
			return t
		}
		if m := at.In(g.p.loc).Month(); m >= time.November || m <= time.March {
			return t
		}
	}
}

// newIssue plans an issue from a text, placed in a compound or, for texts
// that happen outside, in a commercial grid.
func (g *issueGen) newIssue(text issueText, at time.Time, channel issue.Channel) *issueRec {
	r := g.r
	is := &issueRec{
		kind: text.kind, category: text.category, channel: channel,
		priority: pickPriority(r, text.kind), incident: issue.IncidentClassNONE,
		title: text.title, grid: -1, compound: -1, reporter: -1, reported: at,
	}
	var building, unit, place string
	if text.outside && len(g.workers) > 0 {
		gi := g.commercialGrid()
		is.grid = gi
		place = pick(r, g.t.grids[gi].spec.venues)
		is.address = place
		if chance(r, 0.5) {
			is.reporter = pick(r, g.workers)
		}
	} else {
		ci := weighted(r, g.weights)
		c := g.t.compounds[ci]
		is.compound, is.grid = ci, c.grid
		is.reporter = g.reporter(c.adults, at)
		res := g.t.residents[is.reporter]
		building, unit = res.building, res.unit
		is.address = c.address + c.spec.name + building + "号楼"
		if chance(r, 0.45) {
			is.hasPos = true
			is.lat = round6(c.lat + (r.Float64()-0.5)*0.0008)
			is.lng = round6(c.lng + (r.Float64()-0.5)*0.0008)
		}
		switch {
		case channel == issue.ChannelONLINE_HALL && len(c.hall) > 0:
			is.reporter = g.reporter(c.hall, at)
		case channel == issue.ChannelPATROL:
			is.reporter = g.patroller()
		}
	}
	if (channel == issue.ChannelAPP || channel == issue.ChannelONLINE_HALL) && is.reporter >= 0 {
		is.anonymous = chance(r, 0.12)
	}
	rep := strings.NewReplacer("{b}", building, "{u}", unit, "{place}", place, "{compound}", g.compoundName(is))
	is.description = rep.Replace(text.description)
	g.issues = append(g.issues, is)
	return is
}

// reporter draws a resident from list who lived here at the time, if
// there is one in a few tries.
func (g *issueGen) reporter(list []int, at time.Time) int {
	ri := pick(g.r, list)
	for try := 0; try < 10 && g.t.residents[ri].movedIn.After(at); try++ {
		ri = pick(g.r, list)
	}
	return ri
}

// patroller is the resident of a patrol volunteer who found an issue on a
// shift, or -1 when the finder is not a resident (or not named).
func (g *issueGen) patroller() int {
	patrol := g.t.crew.patrol
	if len(patrol) == 0 || chance(g.r, 0.5) {
		return -1
	}
	if u := pick(g.r, patrol); u.resident != nil {
		return g.residentIndex(u.resident)
	}
	return -1
}

// commercialGrid returns a random commercial grid.
func (g *issueGen) commercialGrid() int {
	var list []int
	for i, gr := range g.t.grids {
		if gr.spec.kind == grid.KindCOMMERCIAL {
			list = append(list, i)
		}
	}
	return pick(g.r, list)
}

// compoundName is the name of the issue's compound, or "".
func (g *issueGen) compoundName(is *issueRec) string {
	if is.compound < 0 {
		return ""
	}
	return g.t.compounds[is.compound].spec.name
}

// pickChannel draws how an issue of the kind reached the community.
func pickChannel(r *mrand.Rand, kind issue.Kind) issue.Channel {
	channels := []issue.Channel{issue.ChannelAPP, issue.ChannelONLINE_HALL, issue.ChannelWALK_IN,
		issue.ChannelPHONE, issue.ChannelPATROL, issue.ChannelPOLICE_CALL}
	weights := map[issue.Kind][]float64{
		issue.KindDISPUTE:       {25, 8, 22, 13, 0, 32},
		issue.KindHAZARD:        {30, 12, 0, 10, 40, 8},
		issue.KindEMERGENCY:     {12, 0, 0, 30, 8, 50},
		issue.KindPUBLIC_AFFAIR: {30, 45, 15, 10, 0, 0},
		issue.KindHELP_REQUEST:  {38, 10, 25, 22, 0, 5},
		issue.KindINQUIRY:       {28, 50, 12, 10, 0, 0},
	}[kind]
	return channels[weighted(r, weights)]
}

// pickPriority draws how urgent an issue of the kind is.
func pickPriority(r *mrand.Rand, kind issue.Kind) issue.Priority {
	priorities := []issue.Priority{issue.PriorityLOW, issue.PriorityNORMAL, issue.PriorityHIGH, issue.PriorityURGENT}
	weights := map[issue.Kind][]float64{
		issue.KindDISPUTE:       {5, 65, 30, 0},
		issue.KindHAZARD:        {0, 50, 45, 5},
		issue.KindEMERGENCY:     {0, 0, 30, 70},
		issue.KindPUBLIC_AFFAIR: {35, 60, 5, 0},
		issue.KindHELP_REQUEST:  {20, 60, 20, 0},
		issue.KindINQUIRY:       {70, 30, 0, 0},
	}[kind]
	return priorities[weighted(r, weights)]
}

// link ties repeated police calls to the first call about the same matter
// and marks some reports as duplicates of an earlier one. Issues are in
// order of reporting; only issues that link to nothing are linked to.
func (g *issueGen) link() {
	r := g.r
	for i, is := range g.issues {
		if is.story {
			continue
		}
		switch {
		case is.wantRepeat:
			for j := i - 1; j >= 0 && is.reported.Sub(g.issues[j].reported) < 30*24*time.Hour; j-- {
				first := g.issues[j]
				if first.kind == is.kind && first.channel == issue.ChannelPOLICE_CALL && first.compound >= 0 &&
					first.repeatOf == nil && first.duplicateOf == nil && !first.wantRepeat {
					g.repeat(is, first)
					break
				}
			}
		case is.kind != issue.KindDISPUTE && is.kind != issue.KindEMERGENCY && is.incident == issue.IncidentClassNONE &&
			is.compound >= 0 && g.p.now.Sub(is.reported) > 3*24*time.Hour && chance(r, 0.025):
			for j := i - 1; j >= 0 && is.reported.Sub(g.issues[j].reported) < 14*24*time.Hour; j-- {
				first := g.issues[j]
				if first.compound == is.compound && first.kind == is.kind && first.repeatOf == nil && first.duplicateOf == nil {
					is.duplicateOf = first
					is.category, is.title, is.description = first.category, first.title, first.description
					break
				}
			}
		}
	}
}

// repeat makes is a repeat of the police call first: same place, same matter.
func (g *issueGen) repeat(is, first *issueRec) {
	is.repeatOf = first
	is.compound, is.grid, is.category, is.address = first.compound, first.grid, first.category, first.address
	is.hasPos, is.lat, is.lng = first.hasPos, first.lat, first.lng
	is.title = repeatTitle + strings.TrimPrefix(first.title, repeatTitle)
	is.description = "同一地址再次报警：" + first.description
	if chance(g.r, 0.6) {
		is.reporter = first.reporter
	}
}

// lifecycle plans when the issue was acknowledged, started, reached and
// resolved. Work gets faster over the history.
func (g *issueGen) lifecycle(is *issueRec) {
	r := g.r
	progress := float64(is.reported.Sub(g.p.start)) / float64(g.p.now.Sub(g.p.start))
	f := 1.3 - 0.5*progress
	scale := func(d time.Duration) time.Duration { return time.Duration(float64(d) * f).Truncate(time.Second) }
	const (
		minute = time.Minute
		hour   = time.Hour
		day    = 24 * time.Hour
	)
	if is.duplicateOf != nil {
		is.closed = is.reported.Add(scale(between(r, 20*minute, day)))
		return
	}
	ack := map[issue.Channel][2]time.Duration{
		issue.ChannelPOLICE_CALL: {2 * minute, 15 * minute},
		issue.ChannelONLINE_HALL: {3 * minute, hour},
		issue.ChannelPHONE:       {5 * minute, 40 * minute},
		issue.ChannelWALK_IN:     {0, 10 * minute},
		issue.ChannelPATROL:      {0, 20 * minute},
		issue.ChannelAPP:         {10 * minute, 6 * hour},
	}[is.channel]
	work := map[issue.Kind][4]time.Duration{ // start from, to; resolve from, to
		issue.KindEMERGENCY:     {0, 5 * minute, 30 * minute, 5 * hour},
		issue.KindDISPUTE:       {hour, 2 * day, 3 * hour, 10 * day},
		issue.KindHAZARD:        {10 * minute, day, hour, 5 * day},
		issue.KindPUBLIC_AFFAIR: {day, 7 * day, 2 * day, 45 * day},
		issue.KindHELP_REQUEST:  {15 * minute, day, 30 * minute, 4 * day},
		issue.KindINQUIRY:       {0, 2 * hour, 5 * minute, day},
	}[is.kind]
	if is.kind == issue.KindEMERGENCY {
		ack = [2]time.Duration{minute, 8 * minute}
	}
	if (is.priority == issue.PriorityLOW || is.priority == issue.PriorityNORMAL) && is.kind != issue.KindDISPUTE &&
		is.channel != issue.ChannelPOLICE_CALL && is.channel != issue.ChannelWALK_IN && chance(r, 0.25) {
		ack = [2]time.Duration{6 * hour, 4 * day} // waited in the backlog
	}
	is.acknowledged = is.reported.Add(scale(between(r, ack[0], ack[1])))
	if (is.kind == issue.KindHELP_REQUEST || is.kind == issue.KindINQUIRY || is.kind == issue.KindPUBLIC_AFFAIR) &&
		is.incident == issue.IncidentClassNONE && chance(r, 0.03) {
		is.closed = is.acknowledged.Add(scale(between(r, hour, 2*day)))
		is.status = lifecycle.Rejected
		return
	}
	is.started = is.acknowledged.Add(scale(between(r, work[0], work[1])))
	resolve := between(r, work[2], work[3])
	if is.kind == issue.KindPUBLIC_AFFAIR && chance(r, 0.1) {
		resolve = between(r, 60*day, 200*day)
	}
	is.resolved = is.started.Add(scale(resolve))
	switch {
	case is.channel == issue.ChannelPATROL:
		is.arrived = is.reported // found on the spot
	case is.channel == issue.ChannelPOLICE_CALL || is.kind == issue.KindEMERGENCY || is.kind == issue.KindHAZARD:
		is.arrived = minTime(is.started.Add(between(r, 3*minute, 20*minute)), is.resolved)
	}
	if (is.kind == issue.KindHAZARD || is.kind == issue.KindPUBLIC_AFFAIR || is.kind == issue.KindHELP_REQUEST) && chance(r, 0.03) {
		// The problem came back after it was resolved.
		is.firstResolved = is.resolved
		is.reopened = is.resolved.Add(between(r, day, 5*day))
		is.restarted = is.reopened.Add(between(r, 6*hour, 4*day))
		is.resolved = is.restarted.Add(scale(between(r, work[2], work[3])))
	}
	if chance(r, 0.62) {
		is.closed = is.resolved.Add(between(r, day, 10*day))
	}
}

// compress shortens the timeline of an issue that must be resolved by now
// (a dispute of last year) but would not be.
func (g *issueGen) compress(is *issueRec) {
	if !is.mustFinish || is.resolved.IsZero() || is.resolved.Before(g.p.now) {
		return
	}
	avail := float64(g.p.now.Sub(is.reported)) * 0.9
	k := avail / float64(is.resolved.Sub(is.reported))
	shrink := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return is.reported.Add(time.Duration(float64(t.Sub(is.reported)) * k))
	}
	is.acknowledged, is.started, is.arrived, is.resolved = shrink(is.acknowledged), shrink(is.started), shrink(is.arrived), shrink(is.resolved)
	is.closed = time.Time{}
}

// rate lets the reporter rate a resolved issue, better over time.
func (g *issueGen) rate(is *issueRec) {
	r := g.r
	if is.reporter < 0 || is.resolved.IsZero() || !chance(r, 0.65) {
		return
	}
	at := is.resolved.Add(between(r, 30*time.Minute, 48*time.Hour))
	if !is.closed.IsZero() && at.After(is.closed) {
		at = is.resolved.Add(is.closed.Sub(is.resolved) / 2)
	}
	if at.After(g.p.now) {
		return
	}
	x := float64(is.reported.Sub(g.p.start)) / float64(g.p.now.Sub(g.p.start))
	rating := 5 - weighted(r, []float64{40 + 25*x, 30, 15 - 7*x, 8 - 5*x, 7 - 6*x})
	is.rating, is.ratedAt = rating, at.Truncate(time.Second)
	if chance(r, 0.5) {
		is.feedback = pick(r, feedbacks[rating])
	}
}

// settle sets the status the issue has reached by now and forgets the
// steps that lie in the future.
func (g *issueGen) settle(is *issueRec) {
	now := g.p.now
	steps := []*time.Time{&is.acknowledged, &is.started, &is.arrived, &is.resolved, &is.closed, &is.ratedAt,
		&is.firstResolved, &is.reopened, &is.restarted}
	for _, t := range steps {
		if t.After(now) {
			*t = time.Time{}
		}
	}
	if is.reopened.IsZero() && !is.firstResolved.IsZero() {
		// Not reopened yet: the first resolution stands.
		is.resolved, is.firstResolved, is.restarted = is.firstResolved, time.Time{}, time.Time{}
		is.closed, is.ratedAt = time.Time{}, time.Time{}
	}
	if is.ratedAt.IsZero() {
		is.rating, is.feedback = 0, ""
	}
	switch {
	case is.duplicateOf != nil && !is.closed.IsZero():
		is.status = lifecycle.Duplicate
	case is.duplicateOf != nil:
		is.status, is.duplicateOf = lifecycle.Reported, nil
	case is.status == lifecycle.Rejected && !is.closed.IsZero():
	case is.status == lifecycle.Rejected:
		is.status = lifecycle.Acknowledged
	case !is.closed.IsZero():
		is.status = lifecycle.Closed
	case !is.resolved.IsZero():
		is.status = lifecycle.Resolved
	case !is.restarted.IsZero():
		is.status = lifecycle.InProgress
	case !is.reopened.IsZero():
		is.status = lifecycle.Reopened
	case !is.started.IsZero():
		is.status = lifecycle.InProgress
	case !is.acknowledged.IsZero():
		is.status = lifecycle.Acknowledged
	default:
		is.status = lifecycle.Reported
	}
	for len(is.comments) > 0 && is.comments[len(is.comments)-1].at.After(now) {
		is.comments = is.comments[:len(is.comments)-1]
	}
}

// assign plans who works on the issue.
func (g *issueGen) assign(is *issueRec) {
	r := g.r
	if is.status == lifecycle.Reported || is.status == lifecycle.Duplicate || !chance(r, 0.92) {
		return
	}
	c := g.t.crew
	gridWorker := g.gridWorker(is.grid)
	manager := g.manager(is)
	var list []*userRec
	switch is.kind {
	case issue.KindDISPUTE:
		list = []*userRec{c.police}
		switch {
		case (is.category == issue.CategoryPROPERTY || is.category == issue.CategoryFAMILY || is.category == issue.CategoryTENANCY) &&
			len(c.lawyers) > 0 && chance(r, 0.4):
			list = append(list, pick(r, c.lawyers))
		case chance(r, 0.4):
			list = append(list, gridWorker)
		}
	case issue.KindEMERGENCY:
		list = []*userRec{c.police, c.aux}
		if len(c.patrol) > 0 && chance(r, 0.5) {
			list = append(list, pick(r, c.patrol))
		}
	case issue.KindHAZARD:
		list = []*userRec{gridWorker}
		switch {
		case manager != nil && chance(r, 0.5):
			list = append(list, manager)
		case len(c.patrol) > 0 && chance(r, 0.3):
			list = append(list, pick(r, c.patrol))
		}
	case issue.KindPUBLIC_AFFAIR:
		list = []*userRec{pick(r, c.staff)}
		if manager != nil {
			list = append(list, manager)
		} else if chance(r, 0.5) {
			list = append(list, gridWorker)
		}
	case issue.KindHELP_REQUEST:
		list = []*userRec{gridWorker}
		if is.incident != issue.IncidentClassNONE || chance(r, 0.3) {
			list = append(list, c.police)
		}
	case issue.KindINQUIRY:
		if is.channel == issue.ChannelONLINE_HALL {
			list = []*userRec{pick(r, []*userRec{c.police, c.aux})}
		} else {
			list = []*userRec{pick(r, []*userRec{gridWorker, pick(r, c.staff)})}
		}
	}
	for _, u := range list {
		if u != nil && !slices.Contains(is.assignees, u) {
			is.assignees = append(is.assignees, u)
		}
	}
}

// gridWorker is the grid worker of a grid, or a member of staff.
func (g *issueGen) gridWorker(grid int) *userRec {
	if grid >= 0 && grid < len(g.t.crew.gridWorkers) {
		return g.t.crew.gridWorkers[grid]
	}
	return g.t.crew.staff[0]
}

// manager is the property manager of the issue's compound, or nil.
func (g *issueGen) manager(is *issueRec) *userRec {
	if is.compound < 0 || g.t.crew.managers == nil {
		return nil
	}
	return g.t.crew.managers[is.compound]
}

// dispatcher is who hands the issue out: the officer for police matters,
// else the first member of staff.
func (g *issueGen) dispatcher(is *issueRec) *userRec {
	if is.channel == issue.ChannelPOLICE_CALL || is.kind == issue.KindDISPUTE || is.kind == issue.KindEMERGENCY {
		return g.t.crew.police
	}
	return g.t.crew.staff[0]
}

// discuss plans the comments of staff on the issue.
func (g *issueGen) discuss(is *issueRec) {
	r := g.r
	if is.acknowledged.IsZero() || is.status == lifecycle.Duplicate {
		return
	}
	end := g.p.now
	switch {
	case !is.resolved.IsZero():
		end = is.resolved
	case !is.closed.IsZero():
		end = is.closed
	}
	n := weighted(r, []float64{12, 35, 30, 16, 7})
	if is.status == lifecycle.Rejected {
		n = 1
	}
	for k := 0; k < n; k++ {
		at := is.acknowledged.Add(between(r, time.Minute, max(2*time.Minute, end.Sub(is.acknowledged)))).Truncate(time.Second)
		author := g.dispatcher(is)
		if len(is.assignees) > 0 {
			author = pick(r, is.assignees)
		}
		c := &commentRec{author: author, at: at, vis: issuecomment.VisibilityPUBLIC}
		switch {
		case is.status == lifecycle.Rejected:
			c.body = "该事项不属于社区处理范围，已告知您向相关部门反映的渠道。"
		case chance(r, 0.35):
			c.vis, c.body = issuecomment.VisibilityINTERNAL, pick(r, internalComments)
		case chance(r, 0.75):
			c.body = pick(r, publicComments[is.kind])
		default:
			c.body = pick(r, anyPublicComments)
		}
		is.comments = append(is.comments, c)
	}
	slices.SortStableFunc(is.comments, func(a, b *commentRec) int { return a.at.Compare(b.at) })
}

// timeline plans the entries of the issue's timeline other than the report
// and the comments: each status change, assignment and rating.
func (g *issueGen) timeline(is *issueRec) {
	dispatcher := g.dispatcher(is)
	actor := dispatcher
	if len(is.assignees) > 0 {
		actor = is.assignees[0]
	}
	var evs []*eventRec
	add := func(kind issueevent.Kind, at time.Time, who *userRec, note string) *eventRec {
		e := &eventRec{kind: kind, at: at, actor: who, note: note}
		evs = append(evs, e)
		return e
	}
	status := lifecycle.Reported
	move := func(to lifecycle.Status, at time.Time, who *userRec) {
		e := add(issueevent.KindSTATUS_CHANGED, at, who, "")
		e.from, e.to = status, to
		status = to
	}
	if !is.acknowledged.IsZero() {
		move(lifecycle.Acknowledged, is.acknowledged, actor)
		for _, u := range is.assignees {
			add(issueevent.KindASSIGNED, is.acknowledged, dispatcher, "assigned "+u.id.String())
		}
	}
	if !is.started.IsZero() {
		move(lifecycle.InProgress, is.started, actor)
	}
	if !is.reopened.IsZero() {
		move(lifecycle.Resolved, is.firstResolved, actor)
		var reporter *userRec
		if is.reporter >= 0 {
			reporter = g.t.residents[is.reporter].user
		}
		move(lifecycle.Reopened, is.reopened, reporter)
		if !is.restarted.IsZero() {
			move(lifecycle.InProgress, is.restarted, actor)
		}
	}
	if !is.resolved.IsZero() {
		move(lifecycle.Resolved, is.resolved, actor)
	}
	if is.rating > 0 {
		var who *userRec
		if is.reporter >= 0 {
			who = g.t.residents[is.reporter].user
		}
		add(issueevent.KindRATED, is.ratedAt, who, "rated "+strconv.Itoa(is.rating))
	}
	if !is.closed.IsZero() {
		switch is.status {
		case lifecycle.Closed, lifecycle.Rejected:
			move(is.status, is.closed, actor)
		case lifecycle.Duplicate:
			move(is.status, is.closed, g.t.crew.staff[0])
		}
	}
	slices.SortStableFunc(evs, func(a, b *eventRec) int { return a.at.Compare(b.at) })
	for _, e := range evs {
		e.id = newID("IssueEvent", e.at)
	}
	is.events = evs
}
