package rosterfile

import (
	"time"

	"wutong/ent"
	"wutong/ent/predicate"
	"wutong/ent/resident"
	"wutong/gid"
	"wutong/personal"
)

// residentRow is a good row of a resident roster, waiting to be written.
type residentRow struct {
	row                  int
	name, phone, idCard  string
	compound             gid.ID
	building, unit, room string
	residency            resident.Residency
	party, hall          bool
	flags                []personal.CareFlag
	movedIn              *time.Time
}

// residentsImport checks and writes a resident roster. Duplicates are
// residents with the same phone or ID-card number: inside the file, and
// against the residents of the community.
type residentsImport struct {
	env         *importEnv
	places      *places
	phones, ids *seenSet
	batch       []residentRow
}

func newResidentsImport(env *importEnv) (*residentsImport, error) {
	p, err := loadPlaces(env)
	if err != nil {
		return nil, err
	}
	im := &residentsImport{env: env, places: p, phones: newSeenSet(), ids: newSeenSet()}
	return im, im.loadExisting()
}

// loadExisting marks the phone and ID-card numbers of the community's
// residents as met, a page at a time. One pass over the community is far
// cheaper than asking for each batch's numbers: ID-card numbers have no
// index (they must not be searchable), so each such query scans the
// community's residents.
func (im *residentsImport) loadExisting() error {
	const page = 5000
	var after gid.ID
	for {
		q := im.env.db.Resident.Query().
			Where(resident.CommunityID(im.env.community)).
			Order(ent.Asc(resident.FieldID)).
			Limit(page).
			Select(resident.FieldID, resident.FieldPhone, resident.FieldIDCardNumber)
		if after != "" {
			q.Where(resident.IDGT(after))
		}
		rs, err := q.All(im.env.ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Phone != "" {
				im.phones.mark(r.Phone)
			}
			if r.IDCardNumber != "" {
				im.ids.mark(r.IDCardNumber)
			}
		}
		if len(rs) < page {
			return nil
		}
		after = rs[len(rs)-1].ID
	}
}

func (im *residentsImport) pending() int { return len(im.batch) }

func (im *residentsImport) row(r *rowCtx) {
	res := residentRow{row: r.n, residency: resident.DefaultResidency}
	res.name, res.phone, res.idCard = r.person(residentNameMax)
	if res.phone != "" {
		switch prev := im.phones.first(res.phone, r.n); {
		case prev == existing:
			r.problem(FieldPhone, "is already registered: a resident of the community has this phone number")
		case prev != 0:
			r.problem(FieldPhone, "is the same as in row %d: each resident is listed once", prev)
		}
	}
	if res.idCard != "" {
		switch prev := im.ids.first(res.idCard, r.n); {
		case prev == existing:
			r.problem(FieldIDCard, "is already registered: a resident of the community has this ID-card number")
		case prev != 0:
			r.problem(FieldIDCard, "is the same as in row %d: each resident is listed once", prev)
		}
	}
	res.compound = im.places.compound(r)
	res.building = r.text(FieldBuilding, residentBuildingMax)
	res.unit = r.text(FieldUnit, residentUnitMax)
	res.room = r.text(FieldRoom, residentRoomMax)
	if res.compound == "" && r.get(FieldCompound) == "" {
		for _, f := range []Field{FieldBuilding, FieldUnit, FieldRoom} {
			if r.get(f) != "" {
				r.problem(f, "is given without a 小区 (compound)")
				break
			}
		}
	}
	if v := r.get(FieldResidency); v != "" {
		var err error
		if res.residency, err = parseResidency(v); err != nil {
			r.problem(FieldResidency, "%v", err)
		}
	}
	res.party = r.boolean(FieldPartyMember)
	res.hall = r.boolean(FieldHallMember)
	if v := r.get(FieldCareFlags); v != "" {
		var err error
		if res.flags, err = parseCareFlags(v); err != nil {
			r.problem(FieldCareFlags, "%v", err)
		}
	}
	res.movedIn = r.date(FieldMovedInAt)
	if !r.bad {
		im.batch = append(im.batch, res)
	}
}

// existingResidents finds the residents of the community with any of the
// phone or ID-card numbers.
func existingResidents(env *importEnv, phones, ids []string, fields ...string) ([]*ent.Resident, error) {
	var or []predicate.Resident
	if len(phones) > 0 {
		or = append(or, resident.PhoneIn(phones...))
	}
	if len(ids) > 0 {
		or = append(or, resident.IDCardNumberIn(ids...))
	}
	if len(or) == 0 {
		return nil, nil
	}
	return env.db.Resident.Query().
		Where(resident.CommunityID(env.community), resident.Or(or...)).
		Select(append([]string{resident.FieldID, resident.FieldPhone, resident.FieldIDCardNumber}, fields...)...).
		All(env.ctx)
}

func (im *residentsImport) flush(write func() bool) error {
	batch := im.batch
	im.batch = im.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	if !write() {
		return nil
	}
	builders := make([]*ent.ResidentCreate, len(batch))
	for i, r := range batch {
		b := im.env.db.Resident.Create().
			SetCommunityID(im.env.community).
			SetName(r.name).
			SetResidency(r.residency).
			SetPartyMember(r.party).
			SetHallMember(r.hall).
			SetNillableMovedInAt(r.movedIn)
		if r.phone != "" {
			b.SetPhone(r.phone)
		}
		if r.idCard != "" {
			b.SetIDCardNumber(r.idCard)
		}
		if r.compound != "" {
			b.SetCompoundID(r.compound)
		}
		if r.building != "" {
			b.SetBuilding(r.building)
		}
		if r.unit != "" {
			b.SetUnit(r.unit)
		}
		if r.room != "" {
			b.SetRoom(r.room)
		}
		if len(r.flags) > 0 {
			b.SetCareFlags(r.flags)
		}
		builders[i] = b
	}
	if err := im.env.db.Resident.CreateBulk(builders...).Exec(im.env.ctx); err != nil {
		return err
	}
	im.env.result.Created += len(builders)
	return nil
}
