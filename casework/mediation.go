package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"wutong/apperr"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/issue"
	"wutong/ent/issueevent"
	"wutong/ent/mediationcase"
	"wutong/ent/mediationparty"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/lifecycle"
)

// Party is a resident taking part in a mediation, as applicant or respondent.
type Party struct {
	// ResidentID is the resident.
	ResidentID gid.ID
	// Role is APPLICANT or RESPONDENT.
	Role mediationparty.Role
}

// Opening is a dispute taken to mediation.
type Opening struct {
	// IssueID is the dispute.
	IssueID gid.ID
	// Title names the case; the issue's title by default.
	Title string
	// Parties are the residents on each side: at least one applicant and one respondent.
	Parties []Party
	// MediatorIDs are the mediators: police, lawyers, community staff of the community.
	MediatorIDs []gid.ID
	// MeetingPointID is where the case is mediated, if at a meeting point.
	MeetingPointID *gid.ID
}

// OpenMediation opens a mediation case for a dispute with its parties and
// mediators; the dispute moves to IN_PROGRESS if it was not yet.
func OpenMediation(ctx context.Context, c *gen.Client, in Opening) (*gen.MediationCase, error) {
	ctx = authz.Doing(ctx, authz.OpLifecycle)
	is, err := c.Issue.Query().Where(issue.ID(in.IssueID)).Only(ctx)
	if gen.IsNotFound(err) {
		return nil, apperr.InvalidField("issueID", "no issue %s", in.IssueID)
	}
	if err != nil {
		return nil, err
	}
	if !handles(ctx, is.CommunityID) {
		return nil, &apperr.Error{Kind: apperr.Forbidden, Field: "issueID", Message: "only the community's staff and police open mediation cases"}
	}
	if is.Kind != issue.KindDISPUTE {
		return nil, apperr.InvalidField("issueID", "only a dispute is mediated; this issue is %s", is.Kind)
	}
	if !is.Status.Open() {
		return nil, apperr.Conflictf("the dispute is %s; reopen it first", is.Status)
	}
	open, err := c.MediationCase.Query().Where(mediationcase.IssueID(is.ID), mediationcase.StatusEQ(mediationcase.StatusOPEN)).Exist(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	if open {
		return nil, apperr.Conflictf("the dispute already has an open mediation case")
	}
	if err := checkParties(in.Parties); err != nil {
		return nil, err
	}
	in.MediatorIDs = slices.Compact(slices.Sorted(slices.Values(in.MediatorIDs)))
	if len(in.MediatorIDs) == 0 || len(in.MediatorIDs) > 10 {
		return nil, apperr.InvalidField("mediatorIDs", "name one to ten mediators")
	}
	found, err := c.Membership.Query().
		Where(membership.CommunityID(is.CommunityID), membership.UserIDIn(in.MediatorIDs...), membership.RoleIn(authz.MediatorRoles...)).
		Select(membership.FieldUserID).Strings(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	for i, u := range in.MediatorIDs {
		if !slices.Contains(found, string(u)) {
			return nil, apperr.InvalidField(fmt.Sprintf("mediatorIDs.%d", i), "%s does not mediate in the dispute's community", u)
		}
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = is.Title
	}
	create := c.MediationCase.Create().SetCommunityID(is.CommunityID).SetIssueID(is.ID).SetTitle(title).AddMediatorIDs(in.MediatorIDs...)
	if in.MeetingPointID != nil {
		create.SetMeetingPointID(*in.MeetingPointID)
	}
	mc, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	parties := make([]*gen.MediationPartyCreate, len(in.Parties))
	for i, p := range in.Parties {
		parties[i] = c.MediationParty.Create().SetCommunityID(is.CommunityID).SetCaseID(mc.ID).SetResidentID(p.ResidentID).SetRole(p.Role)
	}
	if _, err := c.MediationParty.CreateBulk(parties...).Save(ctx); err != nil {
		return nil, err
	}
	if is.Status != lifecycle.InProgress {
		if _, err := c.Issue.UpdateOne(is).SetStatus(lifecycle.InProgress).Save(withNote(ctx, "taken to mediation")); err != nil {
			return nil, err
		}
	}
	if err := newEvent(ctx, c, is, issueevent.KindMEDIATION_OPENED).SetNote("case " + string(mc.ID)).Exec(authz.System(ctx)); err != nil {
		return nil, err
	}
	return mc, nil
}

// checkParties wants at least one applicant and one respondent, each
// resident once.
func checkParties(parties []Party) error {
	if len(parties) > 20 {
		return apperr.InvalidField("parties", "at most 20 parties")
	}
	seen := map[gid.ID]bool{}
	roles := map[mediationparty.Role]bool{}
	for i, p := range parties {
		if seen[p.ResidentID] {
			return apperr.InvalidField(fmt.Sprintf("parties.%d.residentID", i), "%s is named twice", p.ResidentID)
		}
		seen[p.ResidentID] = true
		roles[p.Role] = true
	}
	if !roles[mediationparty.RoleAPPLICANT] || !roles[mediationparty.RoleRESPONDENT] {
		return apperr.InvalidField("parties", "name at least one applicant and one respondent")
	}
	return nil
}

// Session is a mediation session to record.
type Session struct {
	// CaseID is the case mediated.
	CaseID gid.ID
	// StartedAt is when the session began; not in the future.
	StartedAt time.Time
	// DurationMinutes is how long it lasted.
	DurationMinutes int
	// MeetingPointID or Place say where it was held.
	MeetingPointID *gid.ID
	// Place is where it was held, in words, if not at a meeting point.
	Place string
	// Notes are the mediator's notes.
	Notes string
}

// openCase reads a case that must still be open.
func openCase(ctx context.Context, c *gen.Client, id gid.ID) (*gen.MediationCase, error) {
	mc, err := c.MediationCase.Get(ctx, id)
	if gen.IsNotFound(err) {
		return nil, apperr.InvalidField("caseID", "no mediation case %s", id)
	}
	if err != nil {
		return nil, err
	}
	if mc.Status != mediationcase.StatusOPEN {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "caseID", Message: "the mediation case is closed"}
	}
	return mc, nil
}

// RecordSession records a session of an open case, by one of its mediators
// or the office (the privacy policy decides).
func RecordSession(ctx context.Context, c *gen.Client, in Session) (*gen.MediationSession, error) {
	if in.StartedAt.After(time.Now().Add(clockSkew)) {
		return nil, apperr.InvalidField("startedAt", "lies in the future")
	}
	mc, err := openCase(ctx, c, in.CaseID)
	if err != nil {
		return nil, err
	}
	create := c.MediationSession.Create().SetCommunityID(mc.CommunityID).SetCaseID(mc.ID).
		SetStartedAt(in.StartedAt).SetDurationMinutes(in.DurationMinutes)
	if in.MeetingPointID != nil {
		create.SetMeetingPointID(*in.MeetingPointID)
	}
	if p := strings.TrimSpace(in.Place); p != "" {
		create.SetPlace(p)
	}
	if n := strings.TrimSpace(in.Notes); n != "" {
		create.SetNotes(n)
	}
	return create.Save(ctx)
}

// Conclusion is how a mediation case ends.
type Conclusion struct {
	// CaseID is the case.
	CaseID gid.ID
	// Outcome is AGREEMENT, PARTIAL, FAILED or REFERRED.
	Outcome mediationcase.Outcome
	// Agreement is the text agreed; required for AGREEMENT and PARTIAL.
	Agreement string
	// FollowUpOn is when to check that the agreement holds.
	FollowUpOn *time.Time
}

// Conclude ends an open case that has had at least one session. An
// AGREEMENT resolves its dispute.
func Conclude(ctx context.Context, c *gen.Client, in Conclusion) (*gen.MediationCase, error) {
	ctx = authz.Doing(ctx, authz.OpMediating, authz.OpLifecycle)
	if err := mediationcase.OutcomeValidator(in.Outcome); err != nil {
		return nil, apperr.InvalidField("outcome", "unknown outcome %q", in.Outcome)
	}
	agreement := strings.TrimSpace(in.Agreement)
	if agreement == "" && (in.Outcome == mediationcase.OutcomeAGREEMENT || in.Outcome == mediationcase.OutcomePARTIAL) {
		return nil, apperr.InvalidField("agreement", "write down what the parties agreed")
	}
	mc, err := openCase(ctx, c, in.CaseID)
	if err != nil {
		return nil, err
	}
	sessions, err := mc.QuerySessions().Count(ctx)
	if err != nil {
		return nil, err
	}
	if sessions == 0 {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "caseID", Message: "record a mediation session before concluding the case"}
	}
	now := time.Now()
	if in.FollowUpOn != nil && in.FollowUpOn.Before(now) {
		return nil, apperr.InvalidField("followUpOn", "a follow-up lies in the future")
	}
	u := c.MediationCase.UpdateOneID(mc.ID).Where(mediationcase.StatusEQ(mediationcase.StatusOPEN)).
		SetStatus(mediationcase.StatusCLOSED).SetOutcome(in.Outcome).SetClosedAt(now).SetNillableFollowUpOn(in.FollowUpOn)
	if agreement != "" {
		u.SetAgreement(agreement)
	}
	mc, err = u.Save(ctx)
	if gen.IsNotFound(err) {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "caseID", Message: "the case was concluded at the same time by someone else"}
	}
	if err != nil {
		return nil, err
	}
	if mc.IssueID == "" {
		return mc, nil
	}
	// The dispute's timeline shows the outcome; an agreement resolves it,
	// whoever the mediator is (a lawyer cannot otherwise change issues).
	sys := authz.System(ctx)
	is, err := c.Issue.Get(sys, mc.IssueID)
	if err != nil {
		return nil, err
	}
	if err := newEvent(ctx, c, is, issueevent.KindMEDIATION_CONCLUDED).SetNote(string(in.Outcome)).Exec(sys); err != nil {
		return nil, err
	}
	if in.Outcome == mediationcase.OutcomeAGREEMENT && is.Status.Open() {
		if _, err := c.Issue.UpdateOne(is).SetStatus(lifecycle.Resolved).SetResolution("调解达成协议 (mediated to agreement): " + truncate(agreement, 3000)).Save(sys); err != nil {
			return nil, err
		}
	}
	return mc, nil
}

// truncate shortens s to at most n bytes at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
