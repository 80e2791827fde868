package rosterfile

import (
	"time"

	"wutong/ent"
	"wutong/ent/employeeregistration"
	"wutong/ent/organization"
	"wutong/ent/resident"
	"wutong/gid"
)

// employeeRow is a good row of an employee register, waiting to be written.
type employeeRow struct {
	row                 int
	name, phone, idCard string
	org                 gid.ID
	position            string
	regAt, leftAt       *time.Time
}

// employeesImport checks and writes a register of employees. Each employee
// is a resident of the community: found by ID-card number (or else phone),
// with the same name; one not found is created as a resident without a
// compound (someone who works here but lives elsewhere), with residency
// NON_REGISTERED. Registering the same person twice with one organization
// is a duplicate, in the file or against the registrations already made.
type employeesImport struct {
	env    *importEnv
	orgs   map[string][]*ent.Organization
	people *seenSet // person and organization, in the file
	// created are the residents created by this import for employees met
	// before, by phone and ID-card number: an employee of two units is
	// one resident.
	created map[string]gid.ID
	batch   []employeeRow
}

func newEmployeesImport(env *importEnv) (*employeesImport, error) {
	orgs, err := env.db.Organization.Query().Where(organization.CommunityID(env.community)).All(env.ctx)
	if err != nil {
		return nil, err
	}
	im := &employeesImport{env: env, orgs: map[string][]*ent.Organization{}, people: newSeenSet(), created: map[string]gid.ID{}}
	for _, o := range orgs {
		im.orgs[placeKey(o.Name)] = append(im.orgs[placeKey(o.Name)], o)
	}
	return im, nil
}

func (im *employeesImport) pending() int { return len(im.batch) }

func (im *employeesImport) row(r *rowCtx) {
	e := employeeRow{row: r.n}
	e.name, e.phone, e.idCard = r.person(residentNameMax)
	if e.phone == "" && e.idCard == "" && r.get(FieldPhone) == "" && r.get(FieldIDCard) == "" {
		r.problem(FieldIDCard, "is empty: an employee needs an ID-card number or a phone number")
	}
	if name := r.get(FieldOrganization); name == "" {
		r.problem(FieldOrganization, "is empty")
	} else {
		switch os := im.orgs[placeKey(name)]; len(os) {
		case 0:
			r.problem(FieldOrganization, "no organization named %q in the community", name)
		case 1:
			e.org = os[0].ID
		default:
			r.problem(FieldOrganization, "several organizations are named %q", name)
		}
	}
	e.position = r.text(FieldPosition, positionMax)
	e.regAt = r.date(FieldRegisteredAt)
	e.leftAt = r.date(FieldLeftAt)
	if e.leftAt != nil && !e.leftAt.After(regOrNow(e.regAt)) {
		r.problem(FieldLeftAt, "must come after the registration")
	}
	if e.org != "" {
		key := e.idCard
		if key == "" {
			key = e.phone
		}
		if key != "" {
			if prev := im.people.first(string(e.org)+"\x00"+key, r.n); prev != 0 {
				r.problem(FieldName, "is registered with this organization in row %d already", prev)
			}
		}
	}
	if !r.bad {
		im.batch = append(im.batch, e)
	}
}

// regOrNow is the registration time, or now when none is given (the
// schema's default).
func regOrNow(t *time.Time) time.Time {
	if t != nil {
		return *t
	}
	return time.Now()
}

func (im *employeesImport) flush(write func() bool) error {
	batch := im.batch
	im.batch = im.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	env := im.env
	var phones, ids []string
	for _, e := range batch {
		if e.phone != "" {
			phones = append(phones, e.phone)
		}
		if e.idCard != "" {
			ids = append(ids, e.idCard)
		}
	}
	people, err := existingResidents(env, phones, ids, resident.FieldName)
	if err != nil {
		return err
	}
	byID, byPhone := map[string]*ent.Resident{}, map[string]*ent.Resident{}
	for _, p := range people {
		if p.IDCardNumber != "" {
			byID[p.IDCardNumber] = p
		}
		if p.Phone != "" {
			byPhone[p.Phone] = p
		}
	}
	type ready struct {
		employeeRow
		resident gid.ID
		isNew    bool
	}
	var good []ready
	var known []gid.ID
	for _, e := range batch {
		var match *ent.Resident
		if e.idCard != "" {
			match = byID[e.idCard]
		}
		if p := byPhone[e.phone]; e.phone != "" && p != nil {
			if match != nil && match.ID != p.ID {
				env.problemAt(e.row, FieldPhone, "belongs to another resident than the ID-card number")
				continue
			}
			if match == nil && e.idCard != "" && p.IDCardNumber != "" {
				env.problemAt(e.row, FieldPhone, "belongs to a resident with another ID-card number")
				continue
			}
			match = p
		}
		if match != nil {
			if match.Name != e.name {
				env.problemAt(e.row, FieldName, "does not match the name of the resident with this ID-card or phone number")
				continue
			}
			good = append(good, ready{employeeRow: e, resident: match.ID})
			known = append(known, match.ID)
			continue
		}
		id, isNew := im.created[e.idCard], false
		if id == "" {
			id = im.created[e.phone]
		}
		if id == "" {
			id, isNew = gid.New("Resident"), true
		}
		for _, k := range []string{e.idCard, e.phone} {
			if k != "" {
				im.created[k] = id
			}
		}
		good = append(good, ready{employeeRow: e, resident: id, isNew: isNew})
	}
	// Registrations made already.
	if len(known) > 0 {
		var orgs []gid.ID
		for _, e := range good {
			orgs = append(orgs, e.org)
		}
		regs, err := env.db.EmployeeRegistration.Query().
			Where(employeeregistration.ResidentIDIn(known...), employeeregistration.OrganizationIDIn(orgs...)).
			Select(employeeregistration.FieldOrganizationID, employeeregistration.FieldResidentID).
			All(env.ctx)
		if err != nil {
			return err
		}
		if len(regs) > 0 {
			done := map[[2]gid.ID]bool{}
			for _, r := range regs {
				done[[2]gid.ID{r.OrganizationID, r.ResidentID}] = true
			}
			kept := good[:0]
			for _, e := range good {
				if done[[2]gid.ID{e.org, e.resident}] {
					env.problemAt(e.row, FieldOrganization, "this employee is registered with this organization already")
					continue
				}
				kept = append(kept, e)
			}
			good = kept
		}
	}
	if !write() {
		return nil
	}
	var newPeople []*ent.ResidentCreate
	regs := make([]*ent.EmployeeRegistrationCreate, len(good))
	for i, e := range good {
		if e.isNew {
			b := env.db.Resident.Create().
				SetID(e.resident).
				SetCommunityID(env.community).
				SetName(e.name).
				SetResidency(resident.ResidencyNON_REGISTERED)
			if e.phone != "" {
				b.SetPhone(e.phone)
			}
			if e.idCard != "" {
				b.SetIDCardNumber(e.idCard)
			}
			newPeople = append(newPeople, b)
		}
		b := env.db.EmployeeRegistration.Create().
			SetCommunityID(env.community).
			SetOrganizationID(e.org).
			SetResidentID(e.resident).
			SetNillableRegisteredAt(e.regAt).
			SetNillableLeftAt(e.leftAt)
		if e.position != "" {
			b.SetPosition(e.position)
		}
		regs[i] = b
	}
	if len(newPeople) > 0 {
		if err := env.db.Resident.CreateBulk(newPeople...).Exec(env.ctx); err != nil {
			return err
		}
	}
	if err := env.db.EmployeeRegistration.CreateBulk(regs...).Exec(env.ctx); err != nil {
		return err
	}
	env.result.Created += len(newPeople) + len(regs)
	env.result.ResidentsCreated += len(newPeople)
	return nil
}
