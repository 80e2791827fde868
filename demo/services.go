package demo

import (
	mrand "math/rand/v2"
	"strings"
	"time"

	"wutong/ent/servicerecord"
)

// servicesPerMonth is how often a steward logs a service.
const servicesPerMonth = 2.2

// planServices plans the stewards' service logs since they reported, or
// since the start of the history; fewer early on, when fewer of them kept
// their log in the app.
func (p *planner) planServices(t *town) {
	r := newRand(p.seed, t.spec.code+"/services")
	kinds := []servicerecord.Kind{
		servicerecord.KindVISIT, servicerecord.KindCARE_CHECK, servicerecord.KindBUILDING_PATROL,
		servicerecord.KindMEDIATION_SUPPORT, servicerecord.KindPUBLICITY, servicerecord.KindOTHER,
	}
	for si, s := range t.stewards {
		from := maxTime(p.start, s.reported)
		months := p.now.Sub(from).Hours() / 24 / 30.44
		n := int(months*servicesPerMonth + r.NormFloat64()*2)
		var cared, near []int
		for _, ci := range s.compounds {
			cared = append(cared, t.compounds[ci].cared...)
			near = append(near, t.compounds[ci].residents...)
		}
		for k := 0; k < n; k++ {
			at := p.atDaytime(r, from.Add(between(r, 0, p.now.Sub(from))))
			if at.After(p.now) || !chance(r, p.adoption(at)) {
				continue
			}
			kind := kinds[weighted(r, []float64{30, 30, 20, 7, 10, 3})]
			target := -1
			switch {
			case kind == servicerecord.KindCARE_CHECK && len(cared) > 0:
				target = pick(r, cared)
			case kind == servicerecord.KindCARE_CHECK, kind == servicerecord.KindVISIT:
				kind, target = servicerecord.KindVISIT, pick(r, near)
			}
			p.addService(t, r, si, target, kind, at)
		}
	}
	if t.cast.elder >= 0 {
		p.elderChecks(t, r)
	}
}

// elderChecks plans the finder's regular checks on the elder of story 4.
func (p *planner) elderChecks(t *town, r *mrand.Rand) {
	s := t.stewards[t.cast.finder]
	for at := maxTime(p.start, s.reported).AddDate(0, 0, 3); at.Before(p.now); at = at.AddDate(0, 0, 14+r.IntN(10)) {
		p.addService(t, r, t.cast.finder, t.cast.elder, servicerecord.KindCARE_CHECK, p.atDaytime(r, at))
	}
}

// addService plans one entry of a steward's log.
func (p *planner) addService(t *town, r *mrand.Rand, si, target int, kind servicerecord.Kind, at time.Time) *serviceRec {
	s := t.stewards[si]
	minutes := map[servicerecord.Kind][2]int{
		servicerecord.KindVISIT:             {20, 60},
		servicerecord.KindCARE_CHECK:        {15, 50},
		servicerecord.KindBUILDING_PATROL:   {30, 90},
		servicerecord.KindMEDIATION_SUPPORT: {60, 180},
		servicerecord.KindPUBLICITY:         {60, 120},
		servicerecord.KindOTHER:             {30, 120},
	}[kind]
	who := ""
	if target >= 0 {
		who = p.honorific(t.residents[target])
	}
	rep := strings.NewReplacer("{who}", who, "{b}", strings.TrimSuffix(pick(r, s.buildings), "号楼"))
	rec := &serviceRec{
		id:       newID("ServiceRecord", at),
		steward:  si,
		resident: target,
		kind:     kind,
		at:       at,
		minutes:  minutes[0] + r.IntN(minutes[1]-minutes[0]+1),
		notes:    rep.Replace(pick(r, serviceNotes[kind])),
	}
	t.services = append(t.services, rec)
	return rec
}

// honorific is how a steward names a resident in the log: family name and
// a polite form for their age and sex, such as 王大爷 or 李阿姨.
func (p *planner) honorific(res *residentRec) string {
	a := p.age(res)
	var form string
	switch {
	case a >= 70 && res.female:
		form = "奶奶"
	case a >= 60 && !res.female:
		form = "大爷"
	case a >= 35 && res.female:
		form = "阿姨"
	case a >= 35:
		form = "叔叔"
	case res.female:
		form = "女士"
	default:
		form = "先生"
	}
	return res.surname.hanzi + form
}
