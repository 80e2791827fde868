package authz

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"

	"entgo.io/ent"

	"wutong/apperr"
	"wutong/auth"
	"wutong/ent/accesslog"
	"wutong/ent/auditlog"
	"wutong/ent/community"
	"wutong/ent/compound"
	"wutong/ent/dispatch"
	"wutong/ent/donation"
	"wutong/ent/dutyshift"
	"wutong/ent/employeeregistration"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/issuecomment"
	"wutong/ent/issueevent"
	"wutong/ent/issuephoto"
	"wutong/ent/mediationcase"
	"wutong/ent/mediationparty"
	"wutong/ent/mediationsession"
	"wutong/ent/meeting"
	"wutong/ent/meetingpoint"
	"wutong/ent/membership"
	"wutong/ent/notice"
	"wutong/ent/organization"
	"wutong/ent/organizationreport"
	"wutong/ent/patrolmember"
	"wutong/ent/patrolshift"
	"wutong/ent/patrolteam"
	"wutong/ent/publicevent"
	"wutong/ent/rentalhousing"
	"wutong/ent/resident"
	"wutong/ent/servicerecord"
	"wutong/ent/steward"
	"wutong/ent/user"
	"wutong/gid"
)

// Op is a piece of the server's own work that sets fields no input may
// carry: stepping an issue through its lifecycle, sending a patrol,
// concluding a mediation. Server code names the operation it is doing with
// Doing; a field whose rule lists the operation may then be set, by a
// viewer whose roles allow the record to be written at all.
type Op string

// The operations that set server-owned fields.
const (
	// OpLifecycle steps an issue: its status, resolution and duplicate link.
	OpLifecycle Op = "lifecycle"
	// OpRating records the reporter's rating and feedback of an outcome.
	OpRating Op = "rating"
	// OpAssigning names the workers an issue is assigned to.
	OpAssigning Op = "assigning"
	// OpCommenting writes a comment as its author.
	OpCommenting Op = "commenting"
	// OpPhotos attaches uploaded photos to an issue or comment.
	OpPhotos Op = "photos"
	// OpDispatching sends a patrol member and records the dispatch's steps.
	OpDispatching Op = "dispatching"
	// OpLocating records a patrol member's position from the app.
	OpLocating Op = "locating"
	// OpMediating concludes a mediation case.
	OpMediating Op = "mediating"
	// OpLinking links a login to the resident it belongs to.
	OpLinking Op = "linking"
)

// opsKey is the context key of the operations being done.
type opsKey struct{}

// Doing returns a context in which the server does the operations: fields
// whose rule names one of them may be set. Only server code calls it; no
// input reaches it.
func Doing(ctx context.Context, ops ...Op) context.Context {
	prev, _ := ctx.Value(opsKey{}).([]Op)
	return context.WithValue(ctx, opsKey{}, slices.Concat(prev, ops))
}

// doing reports whether ctx carries one of the operations.
func doing(ctx context.Context, ops []Op) bool {
	have, _ := ctx.Value(opsKey{}).([]Op)
	for _, op := range ops {
		if slices.Contains(have, op) {
			return true
		}
	}
	return false
}

// Writers are the viewers who may set a field: those whose write scope on
// the record (from the Matrix) reaches Scope, and, when Roles is not
// empty, only through one of these roles. Scope None means nobody.
type Writers struct {
	Scope Scope
	Roles []membership.Role
}

// FieldRule says who may set one field (or edge) of a kind of record when
// it is created and when it is changed. Via lists the server operations
// that set it as part of their work; Stamped fields are filled by the
// schema's defaults (IDs, creation and change times) on every write. A
// field that no Writers reach is set by the server only, and no GraphQL
// input carries it.
type FieldRule struct {
	Create, Update Writers
	Via            []Op
	Stamped        bool
	// Default, if set, is the schema's default of a field no viewer sets:
	// a new record may carry it, since ent fills defaults before any rule
	// runs.
	Default func() any
}

// ServerOnly reports whether no viewer may set the field through an input:
// only the server's own work, defaults or System sets it.
func (r FieldRule) ServerOnly() bool {
	return r.Create.Scope == None && r.Update.Scope == None
}

// The usual rules.
var (
	// stamped fields are set by the schema's defaults.
	stamped = FieldRule{Stamped: true}
	// server fields are written by the server alone (System).
	server = FieldRule{}
	// writers: whoever may write the record sets the field.
	writers = FieldRule{Create: Writers{Scope: Own}, Update: Writers{Scope: Own}}
	// officeOnly: only viewers who write every record of the kind in the
	// community (the office, or the role the Matrix gives the kind to).
	officeOnly = FieldRule{Create: Writers{Scope: Community}, Update: Writers{Scope: Community}}
	// adminOnly: set by the deployment's administrators alone.
	adminOnly = FieldRule{Create: Writers{Scope: Community, Roles: []membership.Role{membership.RoleADMIN}},
		Update: Writers{Scope: Community, Roles: []membership.Role{membership.RoleADMIN}}}
	// atCreation: set by whoever creates the record, changed by the office.
	atCreation = FieldRule{Create: Writers{Scope: Own}, Update: Writers{Scope: Community}}
)

// withDefault lets a new record carry the schema's default of the field.
func (r FieldRule) withDefault(v func() any) FieldRule {
	r.Default = v
	return r
}

// via is a field set only by the server's operations.
func via(ops ...Op) FieldRule { return FieldRule{Via: ops} }

// or adds server operations that also set a field.
func (r FieldRule) or(ops ...Op) FieldRule {
	r.Via = append(slices.Clip(r.Via), ops...)
	return r
}

// readersInFull is the rule of a personal field: it is written only by the
// roles that read it in full (the Unmask table), so that writing a value
// can never tell someone who sees it masked whether it is already held.
func readersInFull(f Field) FieldRule {
	var roles []membership.Role
	for _, r := range Roles {
		if Unmasks(r, f) {
			roles = append(roles, r)
		}
	}
	w := Writers{Scope: Community, Roles: roles}
	return FieldRule{Create: w, Update: w}
}

// Writes is the third dimension of the authorization matrix for writing:
// for each kind of record, the rule of each of its fields and of each edge
// that has no field of its own, by ent's generated names. A field or edge
// missing here cannot be set outside System; the tests fail for a column
// without a rule and for an input field whose column has none.
var Writes = func() map[string]map[string]FieldRule {
	w := map[string]map[string]FieldRule{}
	set := func(entity string, r FieldRule, names ...string) {
		if w[entity] == nil {
			w[entity] = map[string]FieldRule{}
		}
		for _, n := range names {
			if _, dup := w[entity][n]; dup {
				panic(fmt.Sprintf("authz: two rules for %s.%s", entity, n))
			}
			w[entity][n] = r
		}
	}
	// Every record's ID, creation and change time come from the schema;
	// its community is chosen when it is created and never changes.
	for _, e := range Entities {
		set(e, stamped, "id")
		if e != "AccessLog" && e != "AuditLog" && e != "IssueEvent" {
			set(e, stamped, "created_at")
		}
		if e != "AccessLog" && e != "AuditLog" && e != "IssueEvent" && e != "Community" && e != "User" {
			set(e, writers, "community_id")
		}
		if e != "AccessLog" && e != "AuditLog" && e != "IssueEvent" {
			set(e, stamped, "updated_at")
		}
	}

	set("Community", writers, community.FieldName, community.FieldCode, community.FieldDistrict, community.FieldAddress,
		community.FieldTimeZone, community.FieldAreaSquareMeters, community.FieldDescription, community.FieldRepeatCallWindowDays,
		community.FieldRepeatCallRadiusMeters, community.FieldLatitude, community.FieldLongitude)
	set("Grid", writers, grid.FieldName, grid.FieldCode, grid.FieldKind, grid.FieldDescription)
	set("Compound", writers, compound.FieldGridID, compound.FieldName, compound.FieldAddress, compound.FieldManagement,
		compound.FieldPropertyCompany, compound.FieldBuildingCount, compound.FieldHouseholdCount, compound.FieldBuiltYear,
		compound.FieldLatitude, compound.FieldLongitude)

	// Residents: personal information is written by those who read it in
	// full; the rest by the office.
	set("Resident", writers, resident.FieldCompoundID, resident.FieldName, resident.FieldResidency, resident.FieldPartyMember,
		resident.FieldHallMember, resident.FieldMovedInAt)
	set("Resident", readersInFull(Phone), resident.FieldPhone)
	set("Resident", readersInFull(IDCard), resident.FieldIDCardNumber)
	set("Resident", readersInFull(Address), resident.FieldBuilding, resident.FieldUnit, resident.FieldRoom)
	set("Resident", readersInFull(CareFlags), resident.FieldCareFlags)

	// Logins: a user changes their own display name; the office that
	// manages the account changes its username and switches it on and
	// off. A login phone is unique in the whole deployment (one login box
	// takes a phone or a username), so whoever sets one learns whether it
	// is some login's: administrators, who read every user, set them.
	// Passwords and activation codes are the auth service's (System), and
	// the link to a resident is made by linkResident.
	set("User", writers, user.FieldDisplayName)
	set("User", officeOnly, user.FieldUsername, user.FieldActive)
	set("User", adminOnly, user.FieldPhone)
	set("User", server, user.FieldPasswordHash, user.FieldActivationCodeHash, user.FieldActivationExpiresAt)
	set("User", via(OpLinking), user.FieldResidentID)

	// Roles: who may grant which is the Grants table (see grants.go).
	set("Membership", writers, membership.FieldRole, membership.FieldGridID, membership.FieldTitle)
	set("Membership", atCreation, membership.FieldUserID)

	// Stewards keep their own work unit; the office assigns their buildings.
	set("Steward", writers, steward.FieldWorkUnit)
	set("Steward", officeOnly, steward.FieldResidentID, steward.FieldReportedAt, steward.FieldBuildings, steward.FieldActive, steward.EdgeCompounds)
	set("ServiceRecord", writers, servicerecord.FieldStewardID, servicerecord.FieldResidentID, servicerecord.FieldKind,
		servicerecord.FieldServedAt, servicerecord.FieldDurationMinutes, servicerecord.FieldNotes)

	set("MeetingPoint", writers, meetingpoint.FieldCompoundID, meetingpoint.FieldKind, meetingpoint.FieldName, meetingpoint.FieldAddress,
		meetingpoint.FieldOpeningHours, meetingpoint.FieldCapacity, meetingpoint.FieldLatitude, meetingpoint.FieldLongitude)
	set("DutyShift", writers, dutyshift.FieldMeetingPointID, dutyshift.FieldBody, dutyshift.FieldStartsAt, dutyshift.FieldEndsAt,
		dutyshift.FieldNote, dutyshift.EdgeStaff)
	set("Meeting", writers, meeting.FieldMeetingPointID, meeting.FieldTopic, meeting.FieldAgenda, meeting.FieldStartsAt,
		meeting.FieldEndsAt, meeting.FieldMinutes, meeting.FieldDecisions, meeting.EdgeAttendees, meeting.EdgeStaff, meeting.EdgeIssues)

	// Issues: what a report says is set by its reporter (within ownReport's
	// limits) and corrected by the office; its steps, rating and stamps
	// are the casework rules'.
	set("Issue", atCreation, issue.FieldGridID, issue.FieldCompoundID, issue.FieldPatrolShiftID, issue.FieldReporterID,
		issue.FieldTitle, issue.FieldDescription, issue.FieldKind, issue.FieldCategory, issue.FieldChannel, issue.FieldPriority,
		issue.FieldIncidentClass, issue.FieldAnonymous, issue.FieldAddress, issue.FieldRepeatOfID, issue.FieldLatitude,
		issue.FieldLongitude)
	set("Issue", FieldRule{Create: Writers{Scope: Own}}, issue.FieldReportedAt)
	set("Issue", via(OpLifecycle).withDefault(func() any { return issue.DefaultStatus }), issue.FieldStatus)
	set("Issue", via(OpLifecycle), issue.FieldResolution, issue.FieldDuplicateOfID)
	set("Issue", via(OpRating), issue.FieldRating, issue.FieldFeedback)
	set("Issue", via(OpAssigning), issue.EdgeAssignees)
	set("Issue", server, issue.FieldReportedByID, issue.FieldAcknowledgedAt, issue.FieldStartedAt, issue.FieldFirstArrivalAt,
		issue.FieldResolvedAt, issue.FieldClosedAt)
	set("Issue", server.withDefault(func() any { return issue.DefaultVersion }), issue.FieldVersion)
	set("IssueComment", writers, issuecomment.FieldBody)
	set("IssueComment", atCreation, issuecomment.FieldVisibility)
	set("IssueComment", via(OpCommenting), issuecomment.FieldIssueID, issuecomment.FieldAuthorID)
	set("IssueEvent", server, issueevent.FieldCommunityID, issueevent.FieldIssueID, issueevent.FieldActorID, issueevent.FieldKind,
		issueevent.FieldFromStatus, issueevent.FieldToStatus, issueevent.FieldNote, issueevent.FieldOccurredAt)
	set("IssuePhoto", via(OpPhotos), issuephoto.FieldIssueID, issuephoto.FieldCommentID, issuephoto.FieldUploaderID,
		issuephoto.FieldKey, issuephoto.FieldContentType, issuephoto.FieldSizeBytes, issuephoto.FieldWidth, issuephoto.FieldHeight)

	// Mediation: a lawyer keeps their own case's title, place and
	// follow-up; which dispute it is and who mediates are the office's;
	// the outcome is recorded by concludeMediation.
	set("MediationCase", writers, mediationcase.FieldTitle, mediationcase.FieldMeetingPointID, mediationcase.FieldFollowUpOn)
	set("MediationCase", officeOnly, mediationcase.FieldIssueID, mediationcase.EdgeMediators)
	set("MediationCase", atCreation, mediationcase.FieldOpenedAt)
	set("MediationCase", via(OpMediating).withDefault(func() any { return mediationcase.DefaultStatus }), mediationcase.FieldStatus)
	set("MediationCase", via(OpMediating), mediationcase.FieldOutcome, mediationcase.FieldAgreement, mediationcase.FieldClosedAt)
	set("MediationParty", officeOnly, mediationparty.FieldCaseID, mediationparty.FieldResidentID, mediationparty.FieldRole)
	set("MediationSession", writers, mediationsession.FieldCaseID, mediationsession.FieldMeetingPointID, mediationsession.FieldPlace,
		mediationsession.FieldStartedAt, mediationsession.FieldDurationMinutes, mediationsession.FieldNotes)

	// Patrol: a volunteer goes on and off duty and writes the log of their
	// shifts; who they are, their team and shifts are the office's; their
	// position comes from updateMyLocation, a dispatch's steps from
	// updateDispatch.
	set("PatrolTeam", writers, patrolteam.FieldName, patrolteam.FieldDescription)
	set("PatrolMember", officeOnly, patrolmember.FieldTeamID, patrolmember.FieldUserID, patrolmember.FieldName, patrolmember.FieldAffiliation)
	set("PatrolMember", writers, patrolmember.FieldOnDuty)
	set("PatrolMember", officeOnly.or(OpLocating), patrolmember.FieldLastLatitude, patrolmember.FieldLastLongitude, patrolmember.FieldLastLocatedAt)
	set("PatrolShift", officeOnly, patrolshift.FieldTeamID, patrolshift.FieldEventID, patrolshift.FieldStartsAt, patrolshift.FieldEndsAt,
		patrolshift.FieldRoute, patrolshift.EdgeMembers)
	set("PatrolShift", writers, patrolshift.FieldLog)
	set("Dispatch", via(OpDispatching), dispatch.FieldIssueID, dispatch.FieldMemberID, dispatch.FieldStatus, dispatch.FieldSentAt,
		dispatch.FieldDistanceMeters)
	set("Dispatch", server, dispatch.FieldAcceptedAt, dispatch.FieldDeclinedAt, dispatch.FieldArrivedAt, dispatch.FieldCompletedAt)

	set("PublicEvent", writers, publicevent.FieldVenueID, publicevent.FieldName, publicevent.FieldOrganizer, publicevent.FieldStartsAt,
		publicevent.FieldEndsAt, publicevent.FieldExpectedAttendance, publicevent.FieldSecurityNotes)
	set("Organization", writers, organization.FieldGridID, organization.FieldName, organization.FieldKind, organization.FieldAddress,
		organization.FieldContactName, organization.FieldContactPhone, organization.FieldLatitude, organization.FieldLongitude)
	set("EmployeeRegistration", writers, employeeregistration.FieldOrganizationID, employeeregistration.FieldResidentID,
		employeeregistration.FieldPosition, employeeregistration.FieldRegisteredAt, employeeregistration.FieldLeftAt)
	set("OrganizationReport", writers, organizationreport.FieldOrganizationID, organizationreport.FieldKind,
		organizationreport.FieldPeriod, organizationreport.FieldSummary, organizationreport.FieldSubmittedAt)
	set("RentalHousing", writers, rentalhousing.FieldCompoundID, rentalhousing.FieldLandlordID, rentalhousing.FieldLandlordName,
		rentalhousing.FieldBuilding, rentalhousing.FieldUnit, rentalhousing.FieldRoom, rentalhousing.FieldMonthlyRentFen,
		rentalhousing.FieldLeaseStart, rentalhousing.FieldLeaseEnd, rentalhousing.FieldRegisteredAt, rentalhousing.EdgeTenants)
	set("Donation", writers, donation.FieldCompoundID, donation.FieldDonorID, donation.FieldDonorName, donation.FieldAnonymous,
		donation.FieldKind, donation.FieldAmountFen, donation.FieldGoods, donation.FieldPurpose, donation.FieldDonatedAt)
	set("Notice", writers, notice.FieldKind, notice.FieldAudience, notice.FieldGridID, notice.FieldCompoundID, notice.FieldTitle,
		notice.FieldBody, notice.FieldPublishedAt, notice.FieldExpiresAt)

	// The logs are written by the server alone.
	set("AccessLog", server, accesslog.FieldCommunityID, accesslog.FieldViewerID, accesslog.FieldResidentID, accesslog.FieldUserID, accesslog.FieldField,
		accesslog.FieldReason, accesslog.FieldRequestID, accesslog.FieldAt)
	set("AuditLog", server, auditlog.FieldCommunityID, auditlog.FieldActorID, auditlog.FieldOperation, auditlog.FieldEntity,
		auditlog.FieldRecordID, auditlog.FieldFields, auditlog.FieldRequestID, auditlog.FieldAt)
	return w
}()

// RuleOf returns the rule of a field or edge of a kind of record. An edge
// backed by a field of its own (the edge "resident" of the field
// "resident_id") follows the field's rule.
func RuleOf(entity, name string) (FieldRule, bool) {
	rules := Writes[entity]
	if r, ok := rules[name]; ok {
		return r, true
	}
	r, ok := rules[name+"_id"]
	return r, ok
}

// ErrFieldRule is wrapped by every refusal of a field by its rule.
var ErrFieldRule = errors.New("authz: field rule")

// fieldRefused is the answer to a field the viewer may not set.
func fieldRefused(entity, name string, r FieldRule, ok bool) error {
	msg := fmt.Sprintf("your roles do not allow setting %s of a %s", apperr.FieldName(name), entity)
	if !ok || r.ServerOnly() {
		msg = fmt.Sprintf("%s of a %s is set by the server, not by a request", apperr.FieldName(name), entity)
	}
	return &apperr.Error{Kind: apperr.Forbidden, Field: apperr.FieldName(name), Message: msg, Err: ErrFieldRule}
}

// changed lists the fields and edges a mutation sets, appends to, clears,
// adds to or removes from.
func changed(m ent.Mutation) []string {
	names := slices.Concat(m.Fields(), m.ClearedFields(), m.AddedEdges(), m.RemovedEdges(), m.ClearedEdges(), appended(m))
	slices.Sort(names)
	return slices.Compact(names)
}

// appenders caches, per mutation type, the JSON list fields it can append
// to and the index of the method that tells what is appended
// (AppendedCareFlags): ent's Fields leaves appends out.
var appenders sync.Map // reflect.Type -> []appender

// appender is one JSON list field of a mutation type.
type appender struct {
	field  string
	method int
}

// appended lists the fields a mutation appends to.
func appended(m ent.Mutation) []string {
	t := reflect.TypeOf(m)
	cached, ok := appenders.Load(t)
	if !ok {
		var list []appender
		for i := range t.NumMethod() {
			name := t.Method(i).Name
			if rest, ok := strings.CutPrefix(name, "Appended"); ok && rest != "" {
				list = append(list, appender{field: snakeCase(rest), method: i})
			}
		}
		cached, _ = appenders.LoadOrStore(t, list)
	}
	var out []string
	v := reflect.ValueOf(m)
	for _, a := range cached.([]appender) {
		if res := v.Method(a.method).Call(nil); len(res) == 2 && res[1].Bool() {
			out = append(out, a.field)
		}
	}
	return out
}

// snakeCase turns a Go name into ent's spelling: CareFlags -> care_flags.
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isDefault reports whether a new record's field holds the schema's default.
func isDefault(m ent.Mutation, name string, r FieldRule) bool {
	if r.Default == nil {
		return false
	}
	v, ok := m.Field(name)
	return ok && v == r.Default()
}

// Writer is who is writing, for the field rules: their best write scope
// on the record (from the Matrix; for a User, Own on themselves and
// Community on the accounts they manage), the roles they hold where the
// record lives, and whether they administer the deployment.
type Writer struct {
	Scope Scope
	Roles []membership.Role
	Admin bool
}

// WriterOf is a holder of the roles as a writer of a kind of record.
func WriterOf(entity string, roles ...membership.Role) Writer {
	w := Writer{Roles: roles}
	for _, r := range roles {
		w.Scope = max(w.Scope, For(r, entity).Write)
	}
	return w
}

// writerIn is the viewer as a writer of a kind of record in a community.
func writerIn(v *auth.Viewer, entity string, community gid.ID) Writer {
	if v.Admin() {
		return Writer{Scope: Community, Admin: true}
	}
	return WriterOf(entity, v.Roles[community]...)
}

// allows reports whether the writer is among the Writers of a field.
func (w Writer) allows(entity string, ws Writers) bool {
	if ws.Scope == None || w.Scope < ws.Scope {
		return false
	}
	if len(ws.Roles) == 0 || w.Admin {
		return true
	}
	for _, r := range w.Roles {
		if slices.Contains(ws.Roles, r) && For(r, entity).Write >= ws.Scope {
			return true
		}
	}
	return false
}

// MayWrite is the table's decision: whether the writer may set a field (or
// edge) of a kind of record through an input, on create or on update,
// outside any server operation.
func MayWrite(entity, name string, create bool, w Writer) bool {
	r, ok := RuleOf(entity, name)
	return ok && r.lets(entity, w, create)
}

// lets reports whether the rule lets the writer set the field through an
// input, on create or on update.
func (r FieldRule) lets(entity string, w Writer, create bool) bool {
	switch {
	case r.Stamped:
		return true
	case create:
		return w.allows(entity, r.Create)
	}
	return w.allows(entity, r.Update)
}

// checkFields refuses a mutation that sets a field its rule does not let
// the writer set. Stamped fields pass, since the schema's defaults fill
// them; fields of a server operation pass while ctx does it.
func checkFields(ctx context.Context, entity string, m ent.Mutation, w Writer) error {
	create := m.Op().Is(ent.OpCreate)
	for _, name := range changed(m) {
		if _, isField := Writes[entity][name+"_id"]; isField {
			continue // the edge of a field: the field is checked
		}
		r, ok := RuleOf(entity, name)
		switch {
		case !ok:
			return fieldRefused(entity, name, r, false)
		case r.lets(entity, w, create), doing(ctx, r.Via), create && isDefault(m, name, r):
			continue
		}
		return fieldRefused(entity, name, r, true)
	}
	return nil
}
