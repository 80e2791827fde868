package demo

import (
	"context"
	"fmt"
	"time"

	"wutong/ent"
	"wutong/ent/issueevent"
	"wutong/gid"
)

// writer writes planned records through the ent client of the transaction,
// in batches, and counts what it wrote.
type writer struct {
	client  *ent.Client
	p       *planner
	written map[*userRec]bool
	sum     Summary
}

// writeTown writes everything planned for one community, parents first.
func (w *writer) writeTown(ctx context.Context, t *town) error {
	steps := []struct {
		what  string
		write func(context.Context, *town) error
	}{
		{"community", w.writeCommunity},
		{"grids", w.writeGrids},
		{"compounds", w.writeCompounds},
		{"residents", w.writeResidents},
		{"users", w.writeUsers},
		{"memberships", w.writeMembers},
		{"stewards", w.writeStewards},
		{"service records", w.writeServices},
		{"meeting points", w.writePoints},
		{"organizations", w.writeOrgs},
		{"employee registrations", w.writeEmployees},
		{"organization reports", w.writeOrgReports},
		{"patrol team", w.writeTeam},
		{"patrol members", w.writePatrolMembers},
		{"public events", w.writePublicEvents},
		{"patrol shifts", w.writeShifts},
		{"issues", w.writeIssues},
		{"comments", w.writeComments},
		{"timeline", w.writeEvents},
		{"dispatches", w.writeDispatches},
		{"duty shifts", w.writeDuties},
		{"meetings", w.writeMeetings},
		{"rented flats", w.writeRentals},
		{"mediation cases", w.writeCases},
		{"donations", w.writeDonations},
		{"notices", w.writeNotices},
	}
	for _, s := range steps {
		if err := s.write(ctx, t); err != nil {
			return fmt.Errorf("writing %s: %w", s.what, err)
		}
	}
	// Besides the entries the loader writes, the casework hooks add their
	// own (for reports, comments and whatever else they record): count
	// them all.
	n, err := w.client.IssueEvent.Query().Where(issueevent.CommunityID(t.id)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting the timeline: %w", err)
	}
	w.sum.IssueEvents += n
	return nil
}

// writeCommunity writes the community itself.
func (w *writer) writeCommunity(ctx context.Context, t *town) error {
	s := t.spec
	err := w.client.Community.Create().
		SetID(t.id).
		SetName(s.name).
		SetCode(s.code).
		SetDistrict(s.district).
		SetAddress(s.address).
		SetTimeZone(w.p.loc.String()).
		SetAreaSquareMeters(s.area).
		SetDescription(s.description).
		SetLatitude(s.lat).
		SetLongitude(s.lng).
		SetCreatedAt(w.p.launch).
		SetUpdatedAt(w.p.launch).
		Exec(ctx)
	if err == nil {
		w.sum.Communities++
	}
	return err
}

// writeGrids writes the grids.
func (w *writer) writeGrids(ctx context.Context, t *town) error {
	return inBatches(t.grids, func(batch []*gridRec) error {
		builders := make([]*ent.GridCreate, len(batch))
		for i, g := range batch {
			builders[i] = w.client.Grid.Create().
				SetID(g.id).
				SetCommunityID(t.id).
				SetName(g.spec.name).
				SetCode(g.spec.code).
				SetKind(g.spec.kind).
				SetDescription(g.spec.description).
				SetCreatedAt(w.p.launch).
				SetUpdatedAt(w.p.launch)
		}
		w.sum.Grids += len(batch)
		return w.client.Grid.CreateBulk(builders...).Exec(ctx)
	})
}

// writeCompounds writes the compounds.
func (w *writer) writeCompounds(ctx context.Context, t *town) error {
	return inBatches(t.compounds, func(batch []*compoundRec) error {
		builders := make([]*ent.CompoundCreate, len(batch))
		for i, c := range batch {
			b := w.client.Compound.Create().
				SetID(c.id).
				SetCommunityID(t.id).
				SetGridID(t.grids[c.grid].id).
				SetName(c.spec.name).
				SetAddress(c.address).
				SetManagement(c.spec.management).
				SetBuildingCount(c.spec.buildings).
				SetHouseholdCount(c.households).
				SetBuiltYear(c.spec.built).
				SetLatitude(c.lat).
				SetLongitude(c.lng).
				SetCreatedAt(w.p.launch).
				SetUpdatedAt(w.p.launch)
			if c.spec.company != "" {
				b.SetPropertyCompany(c.spec.company)
			}
			builders[i] = b
		}
		w.sum.Compounds += len(batch)
		return w.client.Compound.CreateBulk(builders...).Exec(ctx)
	})
}

// writeResidents writes the residents.
func (w *writer) writeResidents(ctx context.Context, t *town) error {
	return inBatches(t.residents, func(batch []*residentRec) error {
		builders := make([]*ent.ResidentCreate, len(batch))
		for i, r := range batch {
			b := w.client.Resident.Create().
				SetID(r.id).
				SetCommunityID(t.id).
				SetName(r.name).
				SetResidency(r.residency).
				SetPartyMember(r.party).
				SetHallMember(r.hall).
				SetCreatedAt(r.created).
				SetUpdatedAt(r.created)
			if r.compound >= 0 {
				b.SetCompoundID(t.compounds[r.compound].id).SetBuilding(r.building).SetUnit(r.unit).SetRoom(r.room)
			}
			if r.phone != "" {
				b.SetPhone(r.phone)
			}
			if r.idCard != "" {
				b.SetIDCardNumber(r.idCard)
			}
			if len(r.flags) > 0 {
				b.SetCareFlags(r.flags)
			}
			if !r.movedIn.IsZero() {
				b.SetMovedInAt(r.movedIn)
			}
			builders[i] = b
		}
		w.sum.Residents += len(batch)
		return w.client.Resident.CreateBulk(builders...).Exec(ctx)
	})
}

// writeUsers writes the logins not written yet whose resident, if any, is
// of this town. Logins are deployment-wide, so each is written once.
func (w *writer) writeUsers(ctx context.Context, t *town) error {
	var due []*userRec
	for _, u := range w.p.users {
		if !w.written[u] && (u.resident == nil || u.resident.community == t.id) {
			due = append(due, u)
			w.written[u] = true
		}
	}
	return inBatches(due, func(batch []*userRec) error {
		builders := make([]*ent.UserCreate, len(batch))
		for i, u := range batch {
			b := w.client.User.Create().
				SetID(u.id).
				SetUsername(u.username).
				SetPhone(u.phone).
				SetDisplayName(u.display).
				SetActive(true).
				SetCreatedAt(u.created).
				SetUpdatedAt(u.created)
			if u.resident != nil {
				b.SetResidentID(u.resident.id)
			}
			builders[i] = b
		}
		w.sum.Users += len(batch)
		return w.client.User.CreateBulk(builders...).Exec(ctx)
	})
}

// writeMembers writes the role memberships.
func (w *writer) writeMembers(ctx context.Context, t *town) error {
	return inBatches(t.members, func(batch []*memberRec) error {
		builders := make([]*ent.MembershipCreate, len(batch))
		for i, m := range batch {
			b := w.client.Membership.Create().
				SetID(m.id).
				SetCommunityID(t.id).
				SetUserID(m.user.id).
				SetRole(m.role).
				SetCreatedAt(m.created).
				SetUpdatedAt(m.created)
			if m.grid >= 0 {
				b.SetGridID(t.grids[m.grid].id)
			}
			if m.title != "" {
				b.SetTitle(m.title)
			}
			builders[i] = b
		}
		w.sum.Memberships += len(batch)
		return w.client.Membership.CreateBulk(builders...).Exec(ctx)
	})
}

// writeStewards writes the stewards with their compounds.
func (w *writer) writeStewards(ctx context.Context, t *town) error {
	return inBatches(t.stewards, func(batch []*stewardRec) error {
		builders := make([]*ent.StewardCreate, len(batch))
		for i, s := range batch {
			compounds := make([]gid.ID, len(s.compounds))
			for k, ci := range s.compounds {
				compounds[k] = t.compounds[ci].id
			}
			b := w.client.Steward.Create().
				SetID(s.id).
				SetCommunityID(t.id).
				SetResidentID(t.residents[s.resident].id).
				SetReportedAt(s.reported).
				SetBuildings(s.buildings).
				SetActive(true).
				AddCompoundIDs(compounds...).
				SetCreatedAt(s.reported).
				SetUpdatedAt(s.reported)
			if s.workUnit != "" {
				b.SetWorkUnit(s.workUnit)
			}
			builders[i] = b
		}
		w.sum.Stewards += len(batch)
		return w.client.Steward.CreateBulk(builders...).Exec(ctx)
	})
}

// writeServices writes the stewards' service logs.
func (w *writer) writeServices(ctx context.Context, t *town) error {
	return inBatches(t.services, func(batch []*serviceRec) error {
		builders := make([]*ent.ServiceRecordCreate, len(batch))
		for i, s := range batch {
			logged := minTime(s.at.Add(time.Duration(s.minutes)*time.Minute), w.p.now)
			b := w.client.ServiceRecord.Create().
				SetID(s.id).
				SetCommunityID(t.id).
				SetStewardID(t.stewards[s.steward].id).
				SetKind(s.kind).
				SetServedAt(s.at).
				SetDurationMinutes(s.minutes).
				SetNotes(s.notes).
				SetCreatedAt(logged).
				SetUpdatedAt(logged)
			if s.resident >= 0 {
				b.SetResidentID(t.residents[s.resident].id)
			}
			builders[i] = b
		}
		w.sum.ServiceRecords += len(batch)
		return w.client.ServiceRecord.CreateBulk(builders...).Exec(ctx)
	})
}

// writePoints writes the meeting points.
func (w *writer) writePoints(ctx context.Context, t *town) error {
	return inBatches(t.points, func(batch []*pointRec) error {
		builders := make([]*ent.MeetingPointCreate, len(batch))
		for i, pt := range batch {
			b := w.client.MeetingPoint.Create().
				SetID(pt.id).
				SetCommunityID(t.id).
				SetKind(pt.kind).
				SetName(pt.name).
				SetAddress(pt.address).
				SetOpeningHours(pt.hours).
				SetCapacity(pt.capacity).
				SetCreatedAt(w.p.launch).
				SetUpdatedAt(w.p.launch)
			if pt.compound >= 0 {
				b.SetCompoundID(t.compounds[pt.compound].id)
			}
			if pt.hasPos {
				b.SetLatitude(pt.lat).SetLongitude(pt.lng)
			}
			builders[i] = b
		}
		w.sum.MeetingPoints += len(batch)
		return w.client.MeetingPoint.CreateBulk(builders...).Exec(ctx)
	})
}

// writeIssues writes the issues: first those that refer to no other issue,
// then the repeats and duplicates, whose targets then exist. The casework
// hook writes each issue's first timeline entry.
func (w *writer) writeIssues(ctx context.Context, t *town) error {
	var first, second []*issueRec
	for _, is := range t.issues {
		if is.repeatOf == nil && is.duplicateOf == nil {
			first = append(first, is)
		} else {
			second = append(second, is)
		}
	}
	for _, list := range [][]*issueRec{first, second} {
		err := inBatches(list, func(batch []*issueRec) error {
			builders := make([]*ent.IssueCreate, len(batch))
			for i, is := range batch {
				builders[i] = w.issue(t, is)
			}
			w.sum.Issues += len(batch)
			return w.client.Issue.CreateBulk(builders...).Exec(ctx)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// issue returns the builder of one issue.
func (w *writer) issue(t *town, is *issueRec) *ent.IssueCreate {
	updated := is.reported
	b := w.client.Issue.Create().
		SetID(is.id).
		SetCommunityID(t.id).
		SetTitle(is.title).
		SetDescription(is.description).
		SetKind(is.kind).
		SetCategory(is.category).
		SetChannel(is.channel).
		SetPriority(is.priority).
		SetStatus(is.status).
		SetIncidentClass(is.incident).
		SetAnonymous(is.anonymous).
		SetReportedAt(is.reported)
	if is.address != "" {
		b.SetAddress(is.address)
	}
	if is.grid >= 0 {
		b.SetGridID(t.grids[is.grid].id)
	}
	if is.compound >= 0 {
		b.SetCompoundID(t.compounds[is.compound].id)
	}
	if is.reporter >= 0 {
		b.SetReporterID(t.residents[is.reporter].id)
	}
	if is.hasPos {
		b.SetLatitude(is.lat).SetLongitude(is.lng)
	}
	steps := []struct {
		at  time.Time
		set func(time.Time) *ent.IssueCreate
	}{
		{is.acknowledged, b.SetAcknowledgedAt},
		{is.started, b.SetStartedAt},
		{is.arrived, b.SetFirstArrivalAt},
		{is.resolved, b.SetResolvedAt},
		{is.closed, b.SetClosedAt},
		{is.ratedAt, nil},
	}
	for _, s := range steps {
		if s.at.IsZero() {
			continue
		}
		if s.set != nil {
			s.set(s.at)
		}
		updated = maxTime(updated, s.at)
	}
	if is.rating > 0 {
		b.SetRating(is.rating)
		if is.feedback != "" {
			b.SetFeedback(is.feedback)
		}
	}
	if is.repeatOf != nil {
		b.SetRepeatOfID(is.repeatOf.id)
	}
	if is.duplicateOf != nil {
		b.SetDuplicateOfID(is.duplicateOf.id)
	}
	if is.shift != nil {
		b.SetPatrolShiftID(is.shift.id)
	}
	for _, u := range is.assignees {
		b.AddAssigneeIDs(u.id)
	}
	return b.SetCreatedAt(is.reported).SetUpdatedAt(updated)
}

// writeComments writes the comments; the casework hook adds each to its
// issue's timeline.
func (w *writer) writeComments(ctx context.Context, t *town) error {
	var all []*ent.IssueCommentCreate
	for _, is := range t.issues {
		for _, c := range is.comments {
			all = append(all, w.client.IssueComment.Create().
				SetID(newID("IssueComment", c.at)).
				SetCommunityID(t.id).
				SetIssueID(is.id).
				SetAuthorID(c.author.id).
				SetBody(c.body).
				SetVisibility(c.vis).
				SetCreatedAt(c.at).
				SetUpdatedAt(c.at))
		}
	}
	return inBatches(all, func(batch []*ent.IssueCommentCreate) error {
		w.sum.IssueComments += len(batch)
		return w.client.IssueComment.CreateBulk(batch...).Exec(ctx)
	})
}

// writeEvents writes the timeline entries the loader plans itself.
func (w *writer) writeEvents(ctx context.Context, t *town) error {
	var all []*ent.IssueEventCreate
	for _, is := range t.issues {
		for _, e := range is.events {
			b := w.client.IssueEvent.Create().
				SetID(e.id).
				SetCommunityID(t.id).
				SetIssueID(is.id).
				SetKind(e.kind).
				SetOccurredAt(e.at)
			if e.actor != nil {
				b.SetActorID(e.actor.id)
			}
			if e.from != "" {
				b.SetFromStatus(e.from)
			}
			if e.to != "" {
				b.SetToStatus(e.to)
			}
			if e.note != "" {
				b.SetNote(e.note)
			}
			all = append(all, b)
		}
	}
	return inBatches(all, func(batch []*ent.IssueEventCreate) error {
		return w.client.IssueEvent.CreateBulk(batch...).Exec(ctx)
	})
}
