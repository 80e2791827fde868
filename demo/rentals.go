package demo

import (
	mrand "math/rand/v2"
	"time"

	"wutong/ent/resident"
	"wutong/gid"
)

// rentalRec is a planned rented flat.
type rentalRec struct {
	id                   gid.ID
	compound             int
	building, unit, room string
	landlord             int    // index into town.residents, or -1
	landlordName         string // when the landlord is not a resident
	rentFen              int64
	leaseStart, leaseEnd time.Time
	registered           time.Time
	tenants              []int
}

// flatKey identifies a flat by its address.
type flatKey struct {
	compound             int
	building, unit, room string
}

// registeredShare is the share of the flats let to tenants that are
// registered with the police office.
const registeredShare = 0.55

// planRentals plans the registered rented flats: the students' flat of
// story 2 and about half of the flats where only tenants live, each with a
// landlord who owns a flat in the same compound where there is one.
func (p *planner) planRentals(t *town) {
	r := newRand(p.seed, t.spec.code+"/rentals")
	reserved := flatKey{compound: -1}
	if s0, s1 := t.cast.students[0], t.cast.students[1]; s0 >= 0 && s1 >= 0 {
		reserved = keyOf(t.residents[s0])
		rec := p.newRental(t, r, reserved, []int{s0, s1})
		rec.rentFen = 460000 // a two-bedroom flat: 4,600 yuan a month
	}
	var order []flatKey
	flats := map[flatKey][]int{}
	mixed := map[flatKey]bool{}
	for i, res := range t.residents {
		if res.compound < 0 {
			continue
		}
		k := keyOf(res)
		if _, ok := flats[k]; !ok {
			order = append(order, k)
			flats[k] = nil
		}
		if res.residency == resident.ResidencyTENANT {
			flats[k] = append(flats[k], i)
		} else {
			mixed[k] = true
		}
	}
	for _, k := range order {
		if k == reserved || mixed[k] || len(flats[k]) == 0 || !chance(r, registeredShare) {
			continue
		}
		p.newRental(t, r, k, flats[k])
	}
}

// keyOf returns the address of a resident's flat.
func keyOf(res *residentRec) flatKey {
	return flatKey{compound: res.compound, building: res.building, unit: res.unit, room: res.room}
}

// newRental plans the registration of a flat let to the tenants: the
// current lease, renewed every year since they moved in, the rent and the
// landlord.
func (p *planner) newRental(t *town, r *mrand.Rand, k flatKey, tenants []int) *rentalRec {
	rec := &rentalRec{compound: k.compound, building: k.building, unit: k.unit, room: k.room, tenants: tenants, landlord: -1}
	first := time.Time{}
	for _, ri := range tenants {
		if in := t.residents[ri].movedIn; !in.IsZero() && (first.IsZero() || in.Before(first)) {
			first = in
		}
	}
	if first.IsZero() {
		first = p.now.AddDate(0, 0, -(30 + r.IntN(700)))
	}
	y, m, d := first.In(p.loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, p.loc)
	rec.registered = minTime(p.now, p.atDaytime(r, start.AddDate(0, 0, 1+r.IntN(20))))
	for !start.AddDate(1, 0, 0).After(p.now) {
		start = start.AddDate(1, 0, 0)
	}
	rec.leaseStart, rec.leaseEnd = start, start.AddDate(1, 0, 0)
	rec.rentFen = p.rent(t, r, k.compound, len(tenants))
	rec.landlord = p.landlord(t, r, k)
	if rec.landlord < 0 {
		rec.landlordName = pickSurname(r).hanzi + givenName(r, chance(r, 0.5), 1955+r.IntN(30))
	}
	rec.id = newID("RentalHousing", maxTime(p.launch, rec.registered))
	t.rentals = append(t.rentals, rec)
	return rec
}

// rent draws the monthly rent in fen of a flat in the compound: newer
// buildings and more tenants cost more.
func (p *planner) rent(t *town, r *mrand.Rand, ci, tenants int) int64 {
	yuan := 2200 + 60*float64(t.compounds[ci].spec.built-1975)
	switch {
	case tenants == 1:
		yuan *= 0.75
	case tenants >= 3:
		yuan *= 1.25
	}
	yuan *= 0.85 + 0.3*r.Float64()
	return int64(yuan/100) * 100 * 100
}

// landlord picks an owner in the compound who does not live in the flat,
// or -1 for a landlord who is not a resident.
func (p *planner) landlord(t *town, r *mrand.Rand, k flatKey) int {
	adults := t.compounds[k.compound].adults
	if len(adults) == 0 || chance(r, 0.15) {
		return -1
	}
	for try := 0; try < 30; try++ {
		ri := pick(r, adults)
		res := t.residents[ri]
		if res.residency == resident.ResidencyOWNER && p.age(res) >= 30 && keyOf(res) != k {
			return ri
		}
	}
	return -1
}

// rentalOf returns the flat the resident rents, or nil.
func (t *town) rentalOf(ri int) *rentalRec {
	for _, rec := range t.rentals {
		for _, x := range rec.tenants {
			if x == ri {
				return rec
			}
		}
	}
	return nil
}
