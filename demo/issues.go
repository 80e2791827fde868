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

// issuePlan sets how much casework a town has. The pairs are exact counts
// of issues reported in the year before last and in last year (calendar
// years in the town's time zone); this year goes on at last year's rate
// times a trend.
type issuePlan struct {
	perMonth     float64 // issues a month other than disputes and cases, once the residents use the app
	disputes     [2]int  // disputes
	disputeCalls [2]int  // of them, calls to the police
	repeats      [2]int  // police calls that repeat an earlier call about the same matter
	preventable  [2]int  // preventable cases
	criminal     int     // criminal cases, all in the year before last
}

// This year's rates relative to last year's: the trends of DOMAIN.md go
// on, a little.
const (
	disputesThisYear = 0.9 // disputes, dispute calls and repeated calls
	preventableNow   = 0.7
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

// planIssues plans the casework from the start of the history up to now.
// The generators that plan exact yearly numbers come last and count what
// the others planned, so that the numbers hold whatever the others do.
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
	g.general()
	g.incidents()
	g.disputes()
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

// segments returns the parts of the history: the year before last, last
// year and this year up to now. The history starts with the first.
func (g *issueGen) segments() [3][2]time.Time {
	start, now := g.p.start, g.p.now
	return [3][2]time.Time{
		{start, maxTime(start, g.prevStart)},
		{maxTime(start, g.prevStart), g.thisStart},
		{g.thisStart, now},
	}
}

// years is the length of a segment in years.
func years(s [2]time.Time) float64 { return s[1].Sub(s[0]).Hours() / 24 / 365 }

// yearly is how many issues of a kind segment i of the history has: the
// planned number in the two full years, last year's pro rata times the
// trend this year.
func yearly(i int, s [2]time.Time, plan [2]int, trend float64) int {
	if i < len(plan) {
		return plan[i]
	}
	return int(math.Round(trend * float64(plan[len(plan)-1]) * years(s)))
}

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

// isDispute reports whether the issue counts as a dispute.
func isDispute(is *issueRec) bool { return is.kind == issue.KindDISPUTE }

// isDisputeCall reports whether the issue counts as a dispute call: a
// dispute reported by a call to the police.
func isDisputeCall(is *issueRec) bool {
	return is.kind == issue.KindDISPUTE && is.channel == issue.ChannelPOLICE_CALL
}

// isRepeatCall reports whether the issue counts as a repeat police call.
func isRepeatCall(is *issueRec) bool {
	return is.channel == issue.ChannelPOLICE_CALL && is.repeatOf != nil
}

// isPreventable reports whether the issue counts as a preventable case.
func isPreventable(is *issueRec) bool { return is.incident == issue.IncidentClassPREVENTABLE }

// isCriminal reports whether the issue counts as a criminal case.
func isCriminal(is *issueRec) bool { return is.incident == issue.IncidentClassCRIMINAL }

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

// disputes plans the dispute issues of each part of the history, up to
// the planned numbers of disputes, of disputes reported by a call to the
// police and of repeated police calls, counting those planned already.
func (g *issueGen) disputes() {
	plan := g.t.spec.issues
	for i, s := range g.segments() {
		g.disputesIn(s, yearly(i, s, plan.disputes, disputesThisYear), yearly(i, s, plan.disputeCalls, disputesThisYear),
			yearly(i, s, plan.repeats, disputesThisYear), i == 1)
	}
}

// disputesIn plans disputes reported in s until it has total of them,
// calls of them police calls and repeats repeated police calls. Each new
// repeat comes with the call it repeats, both in s; the other calls and
// disputes follow. Last year's disputes must be resolved by now.
func (g *issueGen) disputesIn(s [2]time.Time, total, calls, repeats int, lastYear bool) {
	const day = 24 * time.Hour
	n := max(0, total-g.count(s, isDispute))
	nCalls := min(n, max(0, calls-g.count(s, isDisputeCall)))
	pairs := min(nCalls/2, max(0, repeats-g.count(s, isRepeatCall)))
	length := s[1].Sub(s[0])
	if length < 3*day {
		pairs = 0
	}
	var planned []*issueRec
	repeatable := g.repeatableTexts()
	for k := 0; k < pairs; k++ {
		text := pick(g.r, repeatable)
		gap := between(g.r, 2*time.Hour, min(20*day, length/2)).Truncate(time.Second)
		first := g.newIssue(text, g.when([2]time.Time{s[0], s[1].Add(-gap)}), issue.ChannelPOLICE_CALL)
		again := g.newIssue(text, first.reported.Add(gap), issue.ChannelPOLICE_CALL)
		g.repeat(again, first)
		planned = append(planned, first, again)
	}
	for k := 2 * pairs; k < n; k++ {
		channel := issue.ChannelPOLICE_CALL
		if k >= nCalls {
			for channel == issue.ChannelPOLICE_CALL {
				channel = pickChannel(g.r, issue.KindDISPUTE)
			}
		}
		planned = append(planned, g.newIssue(pick(g.r, disputeTexts), g.when(s), channel))
	}
	for _, is := range planned {
		is.mustFinish = lastYear
	}
}

// repeatableTexts are the disputes that bring the police back to the same
// door: noise, neighbours, parking, family quarrels.
func (g *issueGen) repeatableTexts() []issueText {
	var out []issueText
	for _, t := range g.texts(disputeTexts, issue.KindDISPUTE) {
		switch t.category {
		case issue.CategoryNOISE, issue.CategoryNEIGHBOURS, issue.CategoryPARKING, issue.CategoryFAMILY:
			if !t.outside {
				out = append(out, t)
			}
		}
	}
	return out
}

// incidents plans the preventable cases of each part of the history up to
// the planned numbers, and the criminal cases, all in the year before last:
// none last year, none in the last twelve months.
func (g *issueGen) incidents() {
	plan := g.t.spec.issues
	segs := g.segments()
	for i, s := range segs {
		n := yearly(i, s, plan.preventable, preventableNow) - g.count(s, isPreventable)
		for k := 0; k < n; k++ {
			channel := []issue.Channel{issue.ChannelPOLICE_CALL, issue.ChannelPOLICE_CALL, issue.ChannelAPP, issue.ChannelWALK_IN}[g.r.IntN(4)]
			is := g.newIssue(g.pickText(g.texts(incidentTexts, ""), time.Time{}), g.when(s), channel)
			is.incident = issue.IncidentClassPREVENTABLE
		}
	}
	early := segs[0] // ends a year or more before now
	if early[1].Sub(early[0]) < 30*24*time.Hour {
		return
	}
	for k := g.count(early, isCriminal); k < plan.criminal; k++ {
		is := g.newIssue(g.pickText(g.texts(criminalTexts, ""), time.Time{}), g.when(early), issue.ChannelPOLICE_CALL)
		is.incident = issue.IncidentClassCRIMINAL
		is.priority = issue.PriorityURGENT
	}
}

// general plans every other issue, month by month, more of them as more
// residents took to the app (see adoption).
func (g *issueGen) general() {
	r := g.r
	start, now := g.p.start, g.p.now
	kinds := []issue.Kind{issue.KindHAZARD, issue.KindEMERGENCY, issue.KindPUBLIC_AFFAIR, issue.KindHELP_REQUEST, issue.KindINQUIRY}
	due := 0.0
	for month := start; month.Before(now); month = month.AddDate(0, 1, 0) {
		s := [2]time.Time{month, minTime(month.AddDate(0, 1, 0), now)}
		length := s[1].Sub(s[0])
		due += g.t.spec.issues.perMonth * g.p.adoption(s[0].Add(length/2)) * length.Hours() / 24 / 30.44
		for ; due >= 1; due-- {
			at := g.when(s)
			kind := kinds[weighted(r, []float64{15, 4, 24, 27, 30})]
			g.newIssue(g.pickText(g.texts(generalTexts, kind), at), at, pickChannel(r, kind))
		}
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

// link marks some reports as duplicates of an earlier one about the same
// matter in the same compound. Issues are in order of reporting; only
// issues that link to nothing are linked to. (Repeated police calls are
// planned with the call they repeat.)
func (g *issueGen) link() {
	r := g.r
	for i, is := range g.issues {
		if is.story {
			continue
		}
		if is.kind != issue.KindDISPUTE && is.kind != issue.KindEMERGENCY && is.incident == issue.IncidentClassNONE &&
			is.repeatOf == nil && is.compound >= 0 && g.p.now.Sub(is.reported) > 3*24*time.Hour && chance(r, 0.025) {
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

// repeat makes is a repeat of the police call first: same place, same
// matter, called in by the same resident or by a neighbour.
func (g *issueGen) repeat(is, first *issueRec) {
	is.repeatOf = first
	is.compound, is.grid, is.category, is.address = first.compound, first.grid, first.category, first.address
	is.hasPos, is.lat, is.lng = first.hasPos, first.lat, first.lng
	is.title = repeatTitle + strings.TrimPrefix(first.title, repeatTitle)
	is.description = "同一地址再次报警：" + first.description
	switch {
	case chance(g.r, 0.6) || first.compound < 0:
		is.reporter = first.reporter
	default:
		is.reporter = g.reporter(g.t.compounds[first.compound].adults, is.reported)
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
