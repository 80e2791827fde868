package demo

import (
	"context"
	"time"

	"wutong/ent"
	"wutong/ent/mediationparty"
	"wutong/gid"
)

// This file writes the records of the rosters, meetings, mediation, patrol,
// events, units, rentals, donations and notices.

// userIDs returns the IDs of the users.
func userIDs(users []*userRec) []gid.ID {
	out := make([]gid.ID, len(users))
	for i, u := range users {
		out[i] = u.id
	}
	return out
}

// residentIDs returns the IDs of the town's residents at the indexes.
func residentIDs(t *town, list []int) []gid.ID {
	out := make([]gid.ID, len(list))
	for i, ri := range list {
		out[i] = t.residents[ri].id
	}
	return out
}

// writeOrgs writes the organizations.
func (w *writer) writeOrgs(ctx context.Context, t *town) error {
	return inBatches(t.orgs, func(batch []*orgRec) error {
		builders := make([]*ent.OrganizationCreate, len(batch))
		for i, o := range batch {
			builders[i] = w.client.Organization.Create().
				SetID(o.id).
				SetCommunityID(t.id).
				SetGridID(t.grids[o.grid].id).
				SetName(o.spec.name).
				SetKind(o.spec.kind).
				SetAddress(o.spec.address).
				SetContactName(o.contact).
				SetContactPhone(o.phone).
				SetLatitude(o.lat).
				SetLongitude(o.lng).
				SetCreatedAt(w.p.launch).
				SetUpdatedAt(w.p.launch)
		}
		w.sum.Organizations += len(batch)
		return w.client.Organization.CreateBulk(builders...).Exec(ctx)
	})
}

// writeEmployees writes the employee registrations.
func (w *writer) writeEmployees(ctx context.Context, t *town) error {
	return inBatches(t.employees, func(batch []*employeeRec) error {
		builders := make([]*ent.EmployeeRegistrationCreate, len(batch))
		for i, e := range batch {
			created := maxTime(w.p.launch, e.registered)
			b := w.client.EmployeeRegistration.Create().
				SetID(e.id).
				SetCommunityID(t.id).
				SetOrganizationID(e.org.id).
				SetResidentID(t.residents[e.resident].id).
				SetPosition(e.position).
				SetRegisteredAt(e.registered).
				SetCreatedAt(created).
				SetUpdatedAt(maxTime(created, e.left))
			if !e.left.IsZero() {
				b.SetLeftAt(e.left)
			}
			builders[i] = b
		}
		w.sum.EmployeeRegistrations += len(batch)
		return w.client.EmployeeRegistration.CreateBulk(builders...).Exec(ctx)
	})
}

// writeOrgReports writes the organizations' reports.
func (w *writer) writeOrgReports(ctx context.Context, t *town) error {
	return inBatches(t.orgReports, func(batch []*orgReportRec) error {
		builders := make([]*ent.OrganizationReportCreate, len(batch))
		for i, rep := range batch {
			builders[i] = w.client.OrganizationReport.Create().
				SetID(rep.id).
				SetCommunityID(t.id).
				SetOrganizationID(rep.org.id).
				SetKind(rep.kind).
				SetPeriod(rep.period).
				SetSummary(rep.summary).
				SetSubmittedAt(rep.submitted).
				SetCreatedAt(rep.submitted).
				SetUpdatedAt(rep.submitted)
		}
		w.sum.OrganizationReports += len(batch)
		return w.client.OrganizationReport.CreateBulk(builders...).Exec(ctx)
	})
}

// writeTeam writes the patrol team, if the town has one.
func (w *writer) writeTeam(ctx context.Context, t *town) error {
	if t.team == nil {
		return nil
	}
	err := w.client.PatrolTeam.Create().
		SetID(t.team.id).
		SetCommunityID(t.id).
		SetName(t.team.name).
		SetDescription(t.team.description).
		SetCreatedAt(w.p.launch).
		SetUpdatedAt(w.p.launch).
		Exec(ctx)
	if err == nil {
		w.sum.PatrolTeams++
	}
	return err
}

// writePatrolMembers writes the members of the patrol team.
func (w *writer) writePatrolMembers(ctx context.Context, t *town) error {
	return inBatches(t.patrol, func(batch []*patrolMemberRec) error {
		builders := make([]*ent.PatrolMemberCreate, len(batch))
		for i, m := range batch {
			created := maxTime(w.p.launch, m.user.created)
			b := w.client.PatrolMember.Create().
				SetID(m.id).
				SetCommunityID(t.id).
				SetTeamID(t.team.id).
				SetUserID(m.user.id).
				SetName(m.user.display).
				SetAffiliation(m.affiliation).
				SetOnDuty(m.onDuty).
				SetCreatedAt(created).
				SetUpdatedAt(maxTime(created, m.locatedAt))
			if m.hasPos {
				b.SetLastLatitude(m.lat).SetLastLongitude(m.lng).SetLastLocatedAt(m.locatedAt)
			}
			builders[i] = b
		}
		w.sum.PatrolMembers += len(batch)
		return w.client.PatrolMember.CreateBulk(builders...).Exec(ctx)
	})
}

// writeEvents writes the public events.
func (w *writer) writePublicEvents(ctx context.Context, t *town) error {
	return inBatches(t.events, func(batch []*publicEventRec) error {
		builders := make([]*ent.PublicEventCreate, len(batch))
		for i, e := range batch {
			builders[i] = w.client.PublicEvent.Create().
				SetID(e.id).
				SetCommunityID(t.id).
				SetVenueID(e.venue.id).
				SetName(e.name).
				SetOrganizer(e.organizer).
				SetStartsAt(e.starts).
				SetEndsAt(e.ends).
				SetExpectedAttendance(e.attendance).
				SetSecurityNotes(e.notes).
				SetCreatedAt(e.created).
				SetUpdatedAt(maxTime(e.created, minTime(e.ends, w.p.now)))
		}
		w.sum.PublicEvents += len(batch)
		return w.client.PublicEvent.CreateBulk(builders...).Exec(ctx)
	})
}

// writeShifts writes the patrol shifts with their members.
func (w *writer) writeShifts(ctx context.Context, t *town) error {
	return inBatches(t.shifts, func(batch []*shiftRec) error {
		builders := make([]*ent.PatrolShiftCreate, len(batch))
		for i, s := range batch {
			members := make([]gid.ID, len(s.members))
			for k, m := range s.members {
				members[k] = m.id
			}
			created := s.created(w.p)
			b := w.client.PatrolShift.Create().
				SetID(s.id).
				SetCommunityID(t.id).
				SetTeamID(t.team.id).
				SetStartsAt(s.starts).
				SetEndsAt(s.ends).
				SetRoute(s.route).
				SetLog(s.log).
				AddMemberIDs(members...).
				SetCreatedAt(created).
				SetUpdatedAt(maxTime(created, minTime(s.ends, w.p.now)))
			if s.event != nil {
				b.SetEventID(s.event.id)
			}
			builders[i] = b
		}
		w.sum.PatrolShifts += len(batch)
		return w.client.PatrolShift.CreateBulk(builders...).Exec(ctx)
	})
}

// created is when a shift was put on the roster: three days before it,
// but not before the platform went live.
func (s *shiftRec) created(p *planner) time.Time {
	return minTime(p.now, maxTime(p.launch, s.starts.AddDate(0, 0, -3)))
}

// writeDispatches writes the dispatches of patrol members to issues.
func (w *writer) writeDispatches(ctx context.Context, t *town) error {
	return inBatches(t.dispatches, func(batch []*dispatchRec) error {
		builders := make([]*ent.DispatchCreate, len(batch))
		for i, d := range batch {
			b := w.client.Dispatch.Create().
				SetID(d.id).
				SetCommunityID(t.id).
				SetIssueID(d.issue.id).
				SetMemberID(d.member.id).
				SetStatus(d.status).
				SetSentAt(d.sent).
				SetDistanceMeters(d.distance).
				SetCreatedAt(d.sent)
			updated := d.sent
			steps := []struct {
				at  time.Time
				set func(time.Time) *ent.DispatchCreate
			}{
				{d.accepted, b.SetAcceptedAt},
				{d.declined, b.SetDeclinedAt},
				{d.arrived, b.SetArrivedAt},
				{d.completed, b.SetCompletedAt},
			}
			for _, s := range steps {
				if !s.at.IsZero() {
					s.set(s.at)
					updated = maxTime(updated, s.at)
				}
			}
			builders[i] = b.SetUpdatedAt(updated)
		}
		w.sum.Dispatches += len(batch)
		return w.client.Dispatch.CreateBulk(builders...).Exec(ctx)
	})
}

// writeDuties writes the duty shifts at the meeting points.
func (w *writer) writeDuties(ctx context.Context, t *town) error {
	return inBatches(t.duties, func(batch []*dutyRec) error {
		builders := make([]*ent.DutyShiftCreate, len(batch))
		for i, d := range batch {
			builders[i] = w.client.DutyShift.Create().
				SetID(d.id).
				SetCommunityID(t.id).
				SetMeetingPointID(d.point.id).
				SetBody(d.body).
				SetStartsAt(d.starts).
				SetEndsAt(d.ends).
				SetNote(d.note).
				AddStaffIDs(userIDs(d.staff)...).
				SetCreatedAt(d.created).
				SetUpdatedAt(d.created)
		}
		w.sum.DutyShifts += len(batch)
		return w.client.DutyShift.CreateBulk(builders...).Exec(ctx)
	})
}

// writeMeetings writes the meetings with their attendees, staff and issues.
func (w *writer) writeMeetings(ctx context.Context, t *town) error {
	return inBatches(t.meetings, func(batch []*meetingRec) error {
		builders := make([]*ent.MeetingCreate, len(batch))
		for i, m := range batch {
			issues := make([]gid.ID, len(m.issues))
			for k, is := range m.issues {
				issues[k] = is.id
			}
			created := m.created(w.p)
			b := w.client.Meeting.Create().
				SetID(m.id).
				SetCommunityID(t.id).
				SetMeetingPointID(m.point.id).
				SetTopic(m.topic).
				SetAgenda(m.agenda).
				SetStartsAt(m.starts).
				SetEndsAt(m.ends).
				AddAttendeeIDs(residentIDs(t, m.attendees)...).
				AddStaffIDs(userIDs(m.staff)...).
				AddIssueIDs(issues...).
				SetCreatedAt(created).
				SetUpdatedAt(maxTime(created, minTime(m.ends, w.p.now)))
			if m.minutes != "" {
				b.SetMinutes(m.minutes)
			}
			if len(m.decisions) > 0 {
				b.SetDecisions(m.decisions)
			}
			builders[i] = b
		}
		w.sum.Meetings += len(batch)
		return w.client.Meeting.CreateBulk(builders...).Exec(ctx)
	})
}

// writeRentals writes the rented flats with their tenants.
func (w *writer) writeRentals(ctx context.Context, t *town) error {
	return inBatches(t.rentals, func(batch []*rentalRec) error {
		builders := make([]*ent.RentalHousingCreate, len(batch))
		for i, rec := range batch {
			created := maxTime(w.p.launch, rec.registered)
			b := w.client.RentalHousing.Create().
				SetID(rec.id).
				SetCommunityID(t.id).
				SetCompoundID(t.compounds[rec.compound].id).
				SetBuilding(rec.building).
				SetUnit(rec.unit).
				SetRoom(rec.room).
				SetMonthlyRentFen(rec.rentFen).
				SetLeaseStart(rec.leaseStart).
				SetLeaseEnd(rec.leaseEnd).
				SetRegisteredAt(rec.registered).
				AddTenantIDs(residentIDs(t, rec.tenants)...).
				SetCreatedAt(created).
				SetUpdatedAt(minTime(w.p.now, maxTime(created, rec.leaseStart)))
			if rec.landlord >= 0 {
				b.SetLandlordID(t.residents[rec.landlord].id)
			} else {
				b.SetLandlordName(rec.landlordName)
			}
			builders[i] = b
		}
		w.sum.RentalHousings += len(batch)
		return w.client.RentalHousing.CreateBulk(builders...).Exec(ctx)
	})
}

// writeCases writes the mediation cases with their mediators, then their
// parties and sessions.
func (w *writer) writeCases(ctx context.Context, t *town) error {
	err := inBatches(t.cases, func(batch []*caseRec) error {
		builders := make([]*ent.MediationCaseCreate, len(batch))
		for i, c := range batch {
			b := w.client.MediationCase.Create().
				SetID(c.id).
				SetCommunityID(t.id).
				SetIssueID(c.issue.id).
				SetTitle(c.title).
				SetStatus(c.status).
				SetOpenedAt(c.opened).
				AddMediatorIDs(userIDs(c.mediators)...).
				SetCreatedAt(c.opened).
				SetUpdatedAt(c.updated(w.p))
			if c.outcome != "" {
				b.SetOutcome(c.outcome).SetClosedAt(c.closed)
			}
			if c.agreement != "" {
				b.SetAgreement(c.agreement)
			}
			if !c.followUp.IsZero() {
				b.SetFollowUpOn(c.followUp)
			}
			builders[i] = b
		}
		w.sum.MediationCases += len(batch)
		return w.client.MediationCase.CreateBulk(builders...).Exec(ctx)
	})
	if err != nil {
		return err
	}
	if err := w.writeParties(ctx, t); err != nil {
		return err
	}
	return w.writeSessions(ctx, t)
}

// updated is when a case was last changed: when it closed or its last
// session ended, never after now.
func (c *caseRec) updated(p *planner) time.Time {
	at := maxTime(c.opened, c.closed)
	for _, s := range c.sessions {
		at = maxTime(at, s.end())
	}
	return minTime(p.now, at)
}

// end is when the session ended.
func (s *sessionRec) end() time.Time { return s.at.Add(time.Duration(s.minutes) * time.Minute) }

// writeParties writes the parties of the mediation cases.
func (w *writer) writeParties(ctx context.Context, t *town) error {
	var all []*ent.MediationPartyCreate
	for _, c := range t.cases {
		for k, ri := range c.parties {
			role := mediationparty.RoleAPPLICANT
			if k > 0 {
				role = mediationparty.RoleRESPONDENT
			}
			all = append(all, w.client.MediationParty.Create().
				SetID(newID("MediationParty", c.opened)).
				SetCommunityID(t.id).
				SetCaseID(c.id).
				SetResidentID(t.residents[ri].id).
				SetRole(role).
				SetCreatedAt(c.opened).
				SetUpdatedAt(c.opened))
		}
	}
	return inBatches(all, func(batch []*ent.MediationPartyCreate) error {
		w.sum.MediationParties += len(batch)
		return w.client.MediationParty.CreateBulk(batch...).Exec(ctx)
	})
}

// writeSessions writes the sessions of the mediation cases.
func (w *writer) writeSessions(ctx context.Context, t *town) error {
	var all []*ent.MediationSessionCreate
	for _, c := range t.cases {
		for _, s := range c.sessions {
			logged := minTime(w.p.now, s.end())
			b := w.client.MediationSession.Create().
				SetID(s.id).
				SetCommunityID(t.id).
				SetCaseID(c.id).
				SetStartedAt(s.at).
				SetDurationMinutes(s.minutes).
				SetNotes(s.notes).
				SetCreatedAt(logged).
				SetUpdatedAt(logged)
			if s.point != nil {
				b.SetMeetingPointID(s.point.id)
			} else {
				b.SetPlace(s.place)
			}
			all = append(all, b)
		}
	}
	return inBatches(all, func(batch []*ent.MediationSessionCreate) error {
		w.sum.MediationSessions += len(batch)
		return w.client.MediationSession.CreateBulk(batch...).Exec(ctx)
	})
}

// writeDonations writes the donations.
func (w *writer) writeDonations(ctx context.Context, t *town) error {
	return inBatches(t.donations, func(batch []*donationRec) error {
		builders := make([]*ent.DonationCreate, len(batch))
		for i, d := range batch {
			b := w.client.Donation.Create().
				SetID(d.id).
				SetCommunityID(t.id).
				SetKind(d.kind).
				SetAnonymous(d.anonymous).
				SetPurpose(d.purpose).
				SetDonatedAt(d.at).
				SetCreatedAt(d.at).
				SetUpdatedAt(d.at)
			if d.compound >= 0 {
				b.SetCompoundID(t.compounds[d.compound].id)
			}
			if d.donor >= 0 {
				b.SetDonorID(t.residents[d.donor].id)
			}
			if d.donorName != "" {
				b.SetDonorName(d.donorName)
			}
			if d.goods != "" {
				b.SetGoods(d.goods)
			} else {
				b.SetAmountFen(d.amountFen)
			}
			builders[i] = b
		}
		w.sum.Donations += len(batch)
		return w.client.Donation.CreateBulk(builders...).Exec(ctx)
	})
}

// writeNotices writes the notices.
func (w *writer) writeNotices(ctx context.Context, t *town) error {
	return inBatches(t.notices, func(batch []*noticeRec) error {
		builders := make([]*ent.NoticeCreate, len(batch))
		for i, n := range batch {
			b := w.client.Notice.Create().
				SetID(n.id).
				SetCommunityID(t.id).
				SetKind(n.kind).
				SetAudience(n.audience).
				SetTitle(n.title).
				SetBody(n.body).
				SetPublishedAt(n.published).
				SetCreatedAt(n.published).
				SetUpdatedAt(n.published)
			if n.grid >= 0 {
				b.SetGridID(t.grids[n.grid].id)
			}
			if n.compound >= 0 {
				b.SetCompoundID(t.compounds[n.compound].id)
			}
			if !n.expires.IsZero() {
				b.SetExpiresAt(n.expires)
			}
			builders[i] = b
		}
		w.sum.Notices += len(batch)
		return w.client.Notice.CreateBulk(builders...).Exec(ctx)
	})
}
