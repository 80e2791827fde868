package rosterfile

import (
	"strings"
	"time"
	"unicode"

	"wutong/ent"
	"wutong/ent/rentalhousing"
	"wutong/gid"
)

// rentalRow is a good row of a rental register, waiting to be written.
type rentalRow struct {
	row                           int
	compound                      gid.ID
	building, unit, room          string
	landlordName                  string
	landlordIDCard, landlordPhone string
	rent                          *int64
	leaseStart, leaseEnd, regAt   *time.Time
	tenantIDCards                 []string
}

// rentalsImport checks and writes a register of rented flats. A flat is
// listed once: the same compound, building, unit and room twice is a
// duplicate, in the file or against the flats registered already.
// Landlords and tenants named by ID-card number (or the landlord's phone)
// must be residents of the community; a landlord given only by name is
// kept by name.
type rentalsImport struct {
	env    *importEnv
	places *places
	flats  *seenSet
	batch  []rentalRow
}

func newRentalsImport(env *importEnv) (*rentalsImport, error) {
	p, err := loadPlaces(env)
	if err != nil {
		return nil, err
	}
	return &rentalsImport{env: env, places: p, flats: newSeenSet()}, nil
}

func (im *rentalsImport) pending() int { return len(im.batch) }

// flatKey identifies a flat.
func flatKey(compound gid.ID, building, unit, room string) string {
	return string(compound) + "\x00" + placeKey(building) + "\x00" + placeKey(unit) + "\x00" + placeKey(room)
}

func (im *rentalsImport) row(r *rowCtx) {
	rr := rentalRow{row: r.n}
	rr.compound = im.places.compound(r)
	if rr.compound == "" && r.get(FieldCompound) == "" {
		r.problem(FieldCompound, "is empty")
	}
	rr.building = r.text(FieldBuilding, rentalBuildingMax)
	if rr.building == "" && r.get(FieldBuilding) == "" {
		r.problem(FieldBuilding, "is empty")
	}
	rr.unit = r.text(FieldUnit, rentalUnitMax)
	rr.room = r.text(FieldRoom, rentalRoomMax)
	if rr.room == "" && r.get(FieldRoom) == "" {
		r.problem(FieldRoom, "is empty")
	}
	if rr.compound != "" && rr.building != "" && rr.room != "" {
		if prev := im.flats.first(flatKey(rr.compound, rr.building, rr.unit, rr.room), r.n); prev != 0 {
			r.problem(FieldRoom, "this flat is listed in row %d already", prev)
		}
	}
	rr.landlordName = r.text(FieldLandlordName, rentalLandlordMax)
	if v := r.get(FieldLandlordIDCard); v != "" {
		id, err := parseIDCard(v)
		if err != nil {
			r.problem(FieldLandlordIDCard, "%v", err)
		}
		rr.landlordIDCard = id
	}
	if v := r.get(FieldLandlordPhone); v != "" {
		p, err := parsePhone(v)
		if err != nil {
			r.problem(FieldLandlordPhone, "%v", err)
		}
		rr.landlordPhone = p
	}
	if v := r.get(FieldMonthlyRent); v != "" {
		fen, err := parseYuan(v)
		if err != nil {
			r.problem(FieldMonthlyRent, "%v", err)
		}
		rr.rent = &fen
	}
	rr.leaseStart = r.date(FieldLeaseStart)
	rr.leaseEnd = r.date(FieldLeaseEnd)
	if rr.leaseStart != nil && rr.leaseEnd != nil && !rr.leaseEnd.After(*rr.leaseStart) {
		r.problem(FieldLeaseEnd, "must come after the start of the lease")
	}
	rr.regAt = r.date(FieldRegisteredAt)
	if v := r.get(FieldTenantIDCards); v != "" {
		for _, part := range strings.FieldsFunc(v, func(c rune) bool {
			return c == '、' || c == ',' || c == '，' || c == ';' || c == '；' || c == '/' || unicode.IsSpace(c)
		}) {
			id, err := parseIDCard(part)
			if err != nil {
				r.problem(FieldTenantIDCards, "%s %v", part, err)
				continue
			}
			rr.tenantIDCards = append(rr.tenantIDCards, id)
		}
	}
	if !r.bad {
		im.batch = append(im.batch, rr)
	}
}

func (im *rentalsImport) flush(write func() bool) error {
	batch := im.batch
	im.batch = im.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	env := im.env
	// Flats registered already.
	var compounds []gid.ID
	var rooms []string
	for _, r := range batch {
		compounds = append(compounds, r.compound)
		rooms = append(rooms, r.room)
	}
	existing, err := env.db.RentalHousing.Query().
		Where(rentalhousing.CommunityID(env.community), rentalhousing.CompoundIDIn(compounds...), rentalhousing.RoomIn(rooms...)).
		Select(rentalhousing.FieldCompoundID, rentalhousing.FieldBuilding, rentalhousing.FieldUnit, rentalhousing.FieldRoom).
		All(env.ctx)
	if err != nil {
		return err
	}
	registered := map[string]bool{}
	for _, e := range existing {
		registered[flatKey(e.CompoundID, e.Building, e.Unit, e.Room)] = true
	}
	// Landlords and tenants.
	var phones, ids []string
	for _, r := range batch {
		if r.landlordIDCard != "" {
			ids = append(ids, r.landlordIDCard)
		}
		if r.landlordPhone != "" {
			phones = append(phones, r.landlordPhone)
		}
		ids = append(ids, r.tenantIDCards...)
	}
	people, err := existingResidents(env, phones, ids)
	if err != nil {
		return err
	}
	byID, byPhone := map[string]gid.ID{}, map[string]gid.ID{}
	for _, p := range people {
		if p.IDCardNumber != "" {
			byID[p.IDCardNumber] = p.ID
		}
		if p.Phone != "" {
			byPhone[p.Phone] = p.ID
		}
	}
	type ready struct {
		rentalRow
		landlord gid.ID
		tenants  []gid.ID
	}
	var good []ready
	for _, r := range batch {
		ok := true
		if registered[flatKey(r.compound, r.building, r.unit, r.room)] {
			env.problemAt(r.row, FieldRoom, "this flat is registered as rented already")
			ok = false
		}
		var landlord gid.ID
		if r.landlordIDCard != "" {
			if landlord = byID[r.landlordIDCard]; landlord == "" {
				env.problemAt(r.row, FieldLandlordIDCard, "no resident of the community has this ID-card number: import the landlord as a resident first, or give only the name")
				ok = false
			}
		}
		if r.landlordPhone != "" {
			switch p := byPhone[r.landlordPhone]; {
			case p == "":
				env.problemAt(r.row, FieldLandlordPhone, "no resident of the community has this phone number: import the landlord as a resident first, or give only the name")
				ok = false
			case landlord != "" && p != landlord:
				env.problemAt(r.row, FieldLandlordPhone, "belongs to another resident than the landlord's ID-card number")
				ok = false
			default:
				landlord = p
			}
		}
		var tenants []gid.ID
		for _, id := range r.tenantIDCards {
			t := byID[id]
			if t == "" {
				env.problemAt(r.row, FieldTenantIDCards, "no resident of the community has the ID-card number %s: import the tenants as residents first", id)
				ok = false
				continue
			}
			tenants = append(tenants, t)
		}
		if ok {
			good = append(good, ready{rentalRow: r, landlord: landlord, tenants: tenants})
		}
	}
	if !write() {
		return nil
	}
	builders := make([]*ent.RentalHousingCreate, len(good))
	for i, r := range good {
		b := env.db.RentalHousing.Create().
			SetCommunityID(env.community).
			SetCompoundID(r.compound).
			SetBuilding(r.building).
			SetRoom(r.room).
			SetNillableMonthlyRentFen(r.rent).
			SetNillableLeaseStart(r.leaseStart).
			SetNillableLeaseEnd(r.leaseEnd).
			SetNillableRegisteredAt(r.regAt).
			AddTenantIDs(r.tenants...)
		if r.unit != "" {
			b.SetUnit(r.unit)
		}
		if r.landlord != "" {
			b.SetLandlordID(r.landlord)
		}
		if r.landlordName != "" && r.landlord == "" {
			b.SetLandlordName(r.landlordName)
		}
		builders[i] = b
	}
	if err := env.db.RentalHousing.CreateBulk(builders...).Exec(env.ctx); err != nil {
		return err
	}
	env.result.Created += len(builders)
	return nil
}
