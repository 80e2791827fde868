package authz

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	"wutong/apperr"
	"wutong/auth"
	gen "wutong/ent"
	"wutong/ent/issue"
	"wutong/ent/mediationcase"
	"wutong/ent/membership"
	"wutong/ent/privacy"
	"wutong/ent/resident"
	"wutong/ent/steward"
	"wutong/ent/user"
	"wutong/gid"
)

// System returns a context in which the privacy policies allow everything:
// for the server's own work (loading the demo, the casework rules writing a
// timeline, logins), never for a request's.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// errLogIn is the answer to a request for protected data without a login.
var errLogIn = &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}

// Policy is the privacy policy of one kind of record, from the matrix.
func Policy(entity string) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{readRule(entity)},
		Mutation: privacy.MutationPolicy{writeRule(entity)},
	}
}

// Internal is the policy of records that only the server itself touches,
// such as sessions: nothing is allowed outside System.
func Internal() ent.Policy {
	deny := privacy.Denyf("internal records")
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.QueryRuleFunc(func(context.Context, ent.Query) error { return deny })},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(func(context.Context, ent.Mutation) error { return deny })},
	}
}

// readRule narrows every query to the records the viewer may read.
func readRule(entity string) privacy.QueryRule {
	filter := privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := auth.FromContext(ctx)
		if v == nil {
			return errLogIn
		}
		if v.Admin() {
			return privacy.Allow
		}
		f.Where(Readable(v, entity))
		return privacy.Skip
	})
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		selectDeciding(ctx, q)
		return filter.EvalQuery(ctx, q)
	})
}

// deciding are the columns the rules on personal information decide by:
// whose community a record is in and, for a resident seen by a steward,
// the compound and building the steward may watch over (see package
// disclosure).
var (
	deciding        = []string{resident.FieldCommunityID}
	decidingSteward = []string{resident.FieldCommunityID, resident.FieldCompoundID, resident.FieldBuilding}
)

// selectDeciding makes a query for records that selects only some columns
// (as GraphQL field collection does) also select those of the deciding
// columns its kind has. It changes the query itself, not the one in its
// context: an eager-loaded edge runs in its parent's context, whose
// operation (a query for records) it shares. Queries for IDs, counts or
// existence scan the columns they chose, and are left alone (AlsoSelect).
func selectDeciding(ctx context.Context, q ent.Query) {
	qc := ent.QueryFromContext(ctx)
	if qc == nil || (qc.Op != ent.OpQueryAll && qc.Op != ent.OpQueryFirst && qc.Op != ent.OpQueryOnly) {
		return
	}
	s, ok := q.(interface{ AlsoSelect(...string) })
	if !ok {
		return
	}
	if v := auth.FromContext(ctx); v != nil && slices.ContainsFunc(v.Communities(), func(c gid.ID) bool { return v.Has(c, membership.RoleSTEWARD) }) {
		s.AlsoSelect(decidingSteward...)
		return
	}
	s.AlsoSelect(deciding...)
}

// scopes splits the viewer's communities by the best scope their roles give
// on an entity, for reading or for writing.
func scopes(v *auth.Viewer, entity string, write bool) (full, own []any) {
	for _, c := range v.Communities() {
		best := None
		for _, r := range v.Roles[c] {
			a := For(r, entity)
			s := a.Read
			if write {
				s = a.Write
			}
			best = max(best, s)
		}
		switch best {
		case Community:
			full = append(full, string(c))
		case Own:
			own = append(own, string(c))
		}
	}
	return full, own
}

// nothing is a predicate no record matches.
var nothing = entql.FieldNil("id")

// Readable is the predicate of the records of a kind the viewer may read.
func Readable(v *auth.Viewer, entity string) entql.P {
	full, own := scopes(v, entity, false)
	column := "community_id"
	switch entity {
	case "Community":
		column = "id"
	case "User":
		// Users belong to no community: the viewer reads themselves, and
		// the members of the communities whose users they may read.
		preds := []entql.P{ownership["User"](v)}
		if len(full) > 0 {
			preds = append(preds, entql.HasEdgeWith("memberships", entql.FieldIn("community_id", full...)))
		}
		return anyOf(preds)
	}
	var preds []entql.P
	if len(full) > 0 {
		preds = append(preds, entql.FieldIn(column, full...))
	}
	if o := ownership[entity]; len(own) > 0 && o != nil {
		preds = append(preds, entql.And(entql.FieldIn(column, own...), o(v)))
	}
	return anyOf(preds)
}

// anyOf joins predicates with OR; no predicate matches nothing.
func anyOf(preds []entql.P) entql.P {
	switch len(preds) {
	case 0:
		return nothing
	case 1:
		return preds[0]
	}
	return entql.Or(preds[0], preds[1], preds[2:]...)
}

// forbidden is the answer to a write the viewer may not make.
func forbidden(entity string) error {
	return &apperr.Error{Kind: apperr.Forbidden, Message: fmt.Sprintf("your roles do not allow changing this %s", entity)}
}

// writeRule lets a mutation through when the viewer's roles allow it: the
// kind of record (Matrix), each field it sets (Writes), then the rules on
// values (own records, Grants).
func writeRule(entity string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := auth.FromContext(ctx)
		if v == nil {
			return errLogIn
		}
		if v.Admin() {
			// Administrators write everything but what only the server sets.
			if err := checkFields(ctx, entity, m, Writer{Scope: Community, Admin: true}); err != nil {
				return err
			}
			return privacy.Allow
		}
		switch {
		case m.Op().Is(ent.OpCreate):
			return checkCreate(ctx, v, entity, m)
		case m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne):
			return checkChange(ctx, v, entity, m)
		default:
			// Changes of many records reach only the communities where the
			// viewer writes every record of the kind.
			full, _ := scopes(v, entity, true)
			f, ok := m.(interface{ Filter() privacy.Filter })
			if !ok || entity == "User" || entity == "Community" || entity == "Membership" {
				return forbidden(entity)
			}
			if len(full) == 0 {
				return forbidden(entity)
			}
			// Each community by the roles held there: fields one may set in
			// one community do not carry over to another.
			var reach []any
			var refusal error
			for _, c := range full {
				if err := checkFields(ctx, entity, m, writerIn(v, entity, gid.ID(c.(string)))); err != nil {
					refusal = err
					continue
				}
				reach = append(reach, c)
			}
			if len(reach) == 0 {
				return refusal
			}
			f.Filter().Where(entql.FieldIn("community_id", reach...))
			return privacy.Allow
		}
	})
}

// communityOf is the community a new record will belong to.
func communityOf(m ent.Mutation) gid.ID {
	c, _ := m.Field("community_id")
	id, _ := c.(gid.ID)
	return id
}

// IsSystem reports whether ctx is the server's own (see System).
func IsSystem(ctx context.Context) bool {
	// DecisionFromContext reports an Allow decision as ok with a nil error.
	d, ok := privacy.DecisionFromContext(ctx)
	return ok && (d == nil || errors.Is(d, privacy.Allow))
}

// WriteScope is the viewer's write scope on an entity in a community;
// administrators have Community everywhere.
func WriteScope(v *auth.Viewer, entity string, community gid.ID) Scope {
	if v.Admin() {
		return Community
	}
	return writerIn(v, entity, community).Scope
}

// ReadScope is the viewer's read scope on an entity in a community;
// administrators have Community everywhere.
func ReadScope(v *auth.Viewer, entity string, community gid.ID) Scope {
	if v.Admin() {
		return Community
	}
	best := None
	for _, r := range v.Roles[community] {
		best = max(best, For(r, entity).Read)
	}
	return best
}

// checkCreate decides a new record.
func checkCreate(ctx context.Context, v *auth.Viewer, entity string, m ent.Mutation) error {
	switch entity {
	case "Community":
		return forbidden(entity)
	case "User":
		// Staff and police create the accounts of their communities' people.
		if full, _ := scopes(v, "User", true); len(full) > 0 {
			if err := checkFields(ctx, entity, m, Writer{Scope: Community}); err != nil {
				return err
			}
			return privacy.Allow
		}
		return forbidden(entity)
	}
	c := communityOf(m)
	w := writerIn(v, entity, c)
	if w.Scope == None {
		return forbidden(entity)
	}
	if err := checkFields(ctx, entity, m, w); err != nil {
		return err
	}
	if w.Scope == Own {
		return createOwn(ctx, v, entity, m)
	}
	if entity == "Membership" {
		if err := checkGrant(ctx, v, c, m); err != nil {
			return err
		}
	}
	return privacy.Allow
}

// createOwn allows the records a viewer may create for themselves.
func createOwn(ctx context.Context, v *auth.Viewer, entity string, m ent.Mutation) error {
	client := m.(interface{ Client() *gen.Client }).Client()
	switch entity {
	case "Issue":
		if r, ok := m.Field("reporter_id"); ok && r.(gid.ID) != v.ResidentID {
			return &apperr.Error{Kind: apperr.Forbidden, Field: "reporterID", Message: "you can report only as yourself"}
		}
		return ownReport(m)
	case "IssueComment":
		if a, ok := m.Field("author_id"); ok && a.(gid.ID) != v.UserID {
			return &apperr.Error{Kind: apperr.Forbidden, Field: "authorID", Message: "you can comment only as yourself"}
		}
		if vis, _ := m.Field("visibility"); fmt.Sprint(vis) != "PUBLIC" {
			return &apperr.Error{Kind: apperr.Forbidden, Field: "visibility", Message: "only staff write internal comments"}
		}
		id, _ := m.Field("issue_id")
		ok, err := client.Issue.Query().Where(issue.ID(id.(gid.ID))).Exist(ctx)
		if err := requireReadable("issueID", id, ok, err); err != privacy.Allow {
			return err
		}
		_ = m.SetField("author_id", v.UserID)
		return privacy.Allow
	case "IssuePhoto":
		id, _ := m.Field("issue_id")
		ok, err := client.Issue.Query().Where(issue.ID(id.(gid.ID))).Exist(ctx)
		if err := requireReadable("issueID", id, ok, err); err != privacy.Allow {
			return err
		}
		_ = m.SetField("uploader_id", v.UserID)
		return privacy.Allow
	case "MediationSession":
		// A mediator records the sessions of their own cases.
		id, _ := m.Field("case_id")
		ok, err := client.MediationCase.Query().Where(mediationcase.ID(id.(gid.ID)), mediationcase.HasMediatorsWith(user.ID(v.UserID))).Exist(ctx)
		return requireReadable("caseID", id, ok, err)
	case "ServiceRecord":
		// A steward logs their own service.
		id, _ := m.Field("steward_id")
		ok, err := client.Steward.Query().Where(steward.ID(id.(gid.ID))).Exist(ctx)
		return requireReadable("stewardID", id, ok, err)
	case "Donation":
		if d, ok := m.Field("donor_id"); ok && d.(gid.ID) != v.ResidentID {
			return &apperr.Error{Kind: apperr.Forbidden, Field: "donorID", Message: "you can give only as yourself"}
		}
		return privacy.Allow
	}
	return forbidden(entity)
}

// ownChannels are the ways a report reaches the community that residents,
// stewards and patrol volunteers use themselves; phone, walk-in and police
// calls are entered by the office.
var ownChannels = []string{"APP", "ONLINE_HALL", "PATROL"}

// lateReport is how long a phone may hold a report made offline.
const lateReport = 24 * time.Hour

// ownReport keeps what counts in the office's figures in the office's
// hands: someone reporting for themselves cannot classify a case, link a
// repeat call, use an office channel or date a report back.
func ownReport(m ent.Mutation) error {
	if c, ok := m.Field("incident_class"); ok && fmt.Sprint(c) != "NONE" {
		return &apperr.Error{Kind: apperr.Forbidden, Field: "incidentClass", Message: "the police classify cases"}
	}
	if c, ok := m.Field("channel"); ok && !slices.Contains(ownChannels, fmt.Sprint(c)) {
		return &apperr.Error{Kind: apperr.Forbidden, Field: "channel", Message: fmt.Sprintf("%v reports are entered by the office", c)}
	}
	if _, ok := m.Field("repeat_of_id"); ok {
		return &apperr.Error{Kind: apperr.Forbidden, Field: "repeatOfID", Message: "the office links repeat calls"}
	}
	if at, ok := m.Field("reported_at"); ok {
		if t, _ := at.(time.Time); t.Before(time.Now().Add(-lateReport)) {
			return &apperr.Error{Kind: apperr.Forbidden, Field: "reportedAt", Message: "a report made offline must reach us within a day"}
		}
	}
	return privacy.Allow
}

// requireReadable allows a new record whose parent, named by field, the
// viewer may read (ok, from an existence query under their Own scope).
func requireReadable(field string, id any, ok bool, err error) error {
	switch {
	case err != nil:
		return err
	case !ok:
		return apperr.InvalidField(field, "no record with ID %v", id)
	}
	return privacy.Allow
}

// checkChange decides a change to one record. The record is first read
// under the viewer's read rule, so a record they may not see is NOT_FOUND.
func checkChange(ctx context.Context, v *auth.Viewer, entity string, m ent.Mutation) error {
	switch entity {
	case "Community":
		if _, err := m.OldField(ctx, "code"); err != nil {
			return err
		}
		return forbidden(entity)
	case "User":
		if _, err := m.OldField(ctx, "display_name"); err != nil {
			return err
		}
		return changeUser(ctx, v, m)
	}
	if m.Op().Is(ent.OpDeleteOne) {
		return checkDelete(ctx, v, entity, m)
	}
	old, err := m.OldField(ctx, "community_id")
	if err != nil {
		return err
	}
	c, _ := old.(gid.ID)
	w := writerIn(v, entity, c)
	if w.Scope == None {
		return forbidden(entity)
	}
	if w.Scope == Own {
		if err := changeOwn(ctx, v, entity, m); err != nil {
			return err
		}
	}
	if err := checkFields(ctx, entity, m, w); err != nil {
		return err
	}
	if entity == "Membership" {
		if err := checkGrant(ctx, v, c, m); err != nil {
			return err
		}
	}
	return privacy.Allow
}

// checkDelete decides the deletion of one record: only memberships are
// deleted (revokeMembership), by who could grant the role. The record is
// read under the viewer's read rule, so one they may not see is NOT_FOUND.
func checkDelete(ctx context.Context, v *auth.Viewer, entity string, m ent.Mutation) error {
	if entity != "Membership" {
		return forbidden(entity)
	}
	ids, err := m.(interface {
		IDs(context.Context) ([]gid.ID, error)
	}).IDs(ctx)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return apperr.NotFoundf("no membership to revoke")
	}
	ms, err := m.(interface{ Client() *gen.Client }).Client().Membership.Get(ctx, ids[0])
	if err != nil {
		return err
	}
	if writerIn(v, entity, ms.CommunityID).Scope != Community {
		return forbidden(entity)
	}
	if ms.UserID == v.UserID {
		return errSelfGrant
	}
	if !MayGrant(v, ms.CommunityID, ms.Role) {
		return notGrantable(ms.Role)
	}
	return privacy.Allow
}

// changeOwn allows the changes a viewer may make to their own records: the
// reporter's issues (the casework rules decide which steps they take);
// stewards, patrol members and lawyers keep their own records. Which
// fields they may set is the Writes table's.
func changeOwn(ctx context.Context, v *auth.Viewer, entity string, m ent.Mutation) error {
	switch entity {
	case "Issue":
		rep, err := m.OldField(ctx, "reporter_id")
		if err != nil {
			return err
		}
		by, err := m.OldField(ctx, "reported_by_id")
		if err != nil {
			return err
		}
		if (rep.(gid.ID) != v.ResidentID || v.ResidentID == "") && (by.(gid.ID) != v.UserID || v.UserID == "") {
			return forbidden(entity)
		}
		return nil
	case "MediationCase", "MediationSession":
		// Parties read their case too; only its mediators work on it.
		caseID, _ := m.(interface{ ID() (gid.ID, bool) }).ID()
		if entity == "MediationSession" {
			old, err := m.OldField(ctx, "case_id")
			if err != nil {
				return err
			}
			caseID = old.(gid.ID)
		}
		client := m.(interface{ Client() *gen.Client }).Client()
		ok, err := client.MediationCase.Query().Where(mediationcase.ID(caseID), mediationcase.HasMediatorsWith(user.ID(v.UserID))).Exist(System(ctx))
		if err != nil {
			return err
		}
		if !ok {
			return &apperr.Error{Kind: apperr.Forbidden, Message: "only the mediators of a case work on it"}
		}
		return nil
	case "Steward", "ServiceRecord", "PatrolMember", "PatrolShift", "Dispatch":
		// Reading the record succeeded under the Own scope: it is theirs.
		return nil
	}
	return forbidden(entity)
}

// changeUser allows a user to change themselves, and staff to change the
// users they manage (see ManageUser), each the fields Writes gives them.
func changeUser(ctx context.Context, v *auth.Viewer, m ent.Mutation) error {
	id, _ := m.(interface{ ID() (gid.ID, bool) }).ID()
	if id == v.UserID {
		if err := checkFields(ctx, "User", m, Writer{Scope: Own}); err != nil {
			return err
		}
		return privacy.Allow
	}
	if err := ManageUser(ctx, m.(interface{ Client() *gen.Client }).Client(), v, id); err != nil {
		return forbidden("User")
	}
	if err := checkFields(ctx, "User", m, Writer{Scope: Community}); err != nil {
		return err
	}
	return privacy.Allow
}

// ManageUser checks that a viewer may manage a user's account (change it,
// issue activation codes): an administrator may; staff and police may when
// every role the user holds is in a community where the matrix lets them
// write users and is a role the Grants table lets them grant there.
// Otherwise staff could take over any account, a police officer's among
// them, by issuing it an activation code. To a viewer who manages none of
// the user's communities the user does not exist.
func ManageUser(ctx context.Context, client *gen.Client, v *auth.Viewer, userID gid.ID) error {
	if v == nil {
		return errLogIn
	}
	if v.Admin() {
		return nil
	}
	full, _ := scopes(v, "User", true)
	managed := map[gid.ID]bool{}
	for _, c := range full {
		managed[gid.ID(c.(string))] = true
	}
	held, err := client.Membership.Query().Where(membership.UserID(userID)).All(System(ctx))
	if err != nil {
		return err
	}
	some, all := false, len(held) > 0
	for _, ms := range held {
		if managed[ms.CommunityID] {
			some = true
		}
		if !managed[ms.CommunityID] || !MayGrant(v, ms.CommunityID, ms.Role) {
			all = false
		}
	}
	switch {
	case !some:
		return apperr.NotFoundf("no user with ID %s", userID)
	case !all:
		return &apperr.Error{Kind: apperr.Forbidden, Message: "this user holds roles you may not grant; ask the police officer or an administrator"}
	}
	// A login linked to a resident reads that resident's data in full as
	// its own: whoever could take it over (reset it, change its phone)
	// would read what they see masked. Such logins are managed by those who
	// read the resident in full.
	u, err := client.User.Query().Where(user.ID(userID)).WithResident().Only(System(ctx))
	if err != nil {
		return err
	}
	if r := u.Edges.Resident; r != nil {
		return ReadsInFull(v, r.CommunityID)
	}
	return nil
}

// ReadsInFull checks that the viewer sees every personal field of the
// residents of a community in full through their roles (its police, or an
// administrator): the right to link a login to a resident, or to manage a
// login that is linked.
func ReadsInFull(v *auth.Viewer, community gid.ID) error {
	for _, f := range PersonalFields {
		if !UnmasksIn(v, community, f) {
			return &apperr.Error{Kind: apperr.Forbidden, Message: "a login linked to a resident reads their data in full, ID-card number included: the police office links and manages it"}
		}
	}
	return nil
}
