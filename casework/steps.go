package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	gen "wutong/ent"
	"wutong/ent/issue"
	"wutong/ent/issuecomment"
	"wutong/ent/issueevent"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/lifecycle"
)

// Step is one move of an issue's lifecycle as a client asks for it.
type Step struct {
	// IssueID is the issue to move.
	IssueID gid.ID
	// Version, if set, must be the issue's current version: the client
	// saw the issue as it is now.
	Version *int
	// Note says what was done or why (stored as the issue's resolution
	// for RESOLVED and REJECTED, and on the timeline).
	Note string
}

// load reads an issue for a step and checks the version the client saw.
func load(ctx context.Context, c *gen.Client, s Step) (*gen.Issue, error) {
	is, err := c.Issue.Get(ctx, s.IssueID)
	if gen.IsNotFound(err) {
		return nil, &apperr.Error{Kind: apperr.NotFound, Field: "id", Message: fmt.Sprintf("no issue %s", s.IssueID)}
	}
	if err != nil {
		return nil, err
	}
	if s.Version != nil && *s.Version != is.Version {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "version",
			Message: fmt.Sprintf("the issue changed since you read it (version %d, now %d); load it again", *s.Version, is.Version)}
	}
	return is, nil
}

// Move takes an issue to a new status through the lifecycle rules (see
// IssueHook): ACKNOWLEDGED, IN_PROGRESS, RESOLVED, CLOSED, REOPENED or
// REJECTED. A rejection needs a reason.
func Move(ctx context.Context, c *gen.Client, s Step, to lifecycle.Status) (*gen.Issue, error) {
	ctx = authz.Doing(ctx, authz.OpLifecycle)
	note := strings.TrimSpace(s.Note)
	if to == lifecycle.Rejected && note == "" {
		return nil, apperr.InvalidField("reason", "say why the issue is rejected")
	}
	if len(note) > 4000 {
		return nil, apperr.InvalidField("note", "at most 4000 bytes")
	}
	is, err := load(ctx, c, s)
	if err != nil {
		return nil, err
	}
	if is.Status == to {
		return nil, &apperr.Error{Kind: apperr.Conflict, Field: "status", Message: fmt.Sprintf("the issue is already %s", to)}
	}
	u := c.Issue.UpdateOne(is).SetStatus(to)
	if note != "" {
		switch to {
		case lifecycle.Resolved, lifecycle.Rejected:
			u.SetResolution(note)
		default:
			ctx = withNote(ctx, note)
		}
	}
	return u.Save(ctx)
}

// noteKey carries a step's note to the timeline entry the hook writes.
type noteKey struct{}

// withNote attaches a note for the timeline to ctx.
func withNote(ctx context.Context, note string) context.Context {
	return context.WithValue(ctx, noteKey{}, note)
}

// noteOf is the note attached by withNote.
func noteOf(ctx context.Context) string {
	s, _ := ctx.Value(noteKey{}).(string)
	return s
}

// Assign sets who works on an issue: users who hold a working role in the
// issue's community. Assigning a REPORTED issue acknowledges it.
func Assign(ctx context.Context, c *gen.Client, s Step, users []gid.ID) (*gen.Issue, error) {
	ctx = authz.Doing(ctx, authz.OpAssigning, authz.OpLifecycle)
	is, err := load(ctx, c, s)
	if err != nil {
		return nil, err
	}
	if !handles(ctx, is.CommunityID) {
		return nil, &apperr.Error{Kind: apperr.Forbidden, Field: "assigneeIDs", Message: "only the community's staff and police assign issues"}
	}
	if !is.Status.Open() {
		return nil, apperr.Conflictf("an issue that is %s cannot be assigned; reopen it first", is.Status)
	}
	users = slices.Compact(slices.Sorted(slices.Values(users)))
	if len(users) > 20 {
		return nil, apperr.InvalidField("assigneeIDs", "at most 20 assignees")
	}
	if len(users) > 0 {
		// Only people who work the community's issues can be assigned.
		found, err := c.Membership.Query().
			Where(membership.CommunityID(is.CommunityID), membership.UserIDIn(users...), membership.RoleIn(authz.AssignableRoles...)).
			Select(membership.FieldUserID).Strings(authz.System(ctx))
		if err != nil {
			return nil, err
		}
		for i, u := range users {
			if !slices.Contains(found, string(u)) {
				return nil, apperr.InvalidField(fmt.Sprintf("assigneeIDs.%d", i), "%s does not work in the issue's community", u)
			}
		}
	}
	current, err := is.QueryAssignees().IDs(authz.System(ctx))
	if err != nil {
		return nil, err
	}
	var add, remove []gid.ID
	for _, u := range users {
		if !slices.Contains(current, u) {
			add = append(add, u)
		}
	}
	for _, u := range current {
		if !slices.Contains(users, u) {
			remove = append(remove, u)
		}
	}
	u := c.Issue.UpdateOne(is).AddAssigneeIDs(add...).RemoveAssigneeIDs(remove...)
	if is.Status == lifecycle.Reported && len(users) > 0 {
		u.SetStatus(lifecycle.Acknowledged)
	}
	if len(add) == 0 && len(remove) == 0 && is.Status != lifecycle.Reported {
		return is, nil
	}
	return u.Save(ctx)
}

// Rate records the reporter's rating of a resolved issue, 1 to 5, with
// optional feedback.
func Rate(ctx context.Context, c *gen.Client, s Step, rating int, feedback string) (*gen.Issue, error) {
	ctx = authz.Doing(ctx, authz.OpRating)
	if rating < 1 || rating > 5 {
		return nil, apperr.InvalidField("rating", "a rating is 1 to 5, not %d", rating)
	}
	if len(feedback) > 2000 {
		return nil, apperr.InvalidField("feedback", "at most 2000 bytes")
	}
	is, err := load(ctx, c, s)
	if err != nil {
		return nil, err
	}
	u := c.Issue.UpdateOne(is).SetRating(rating)
	if f := strings.TrimSpace(feedback); f != "" {
		u.SetFeedback(f)
	} else {
		u.ClearFeedback()
	}
	return u.Save(ctx)
}

// MarkDuplicate marks an issue as the same as another open issue of its
// community, which is followed instead. Duplicates of duplicates point at
// the issue finally followed.
func MarkDuplicate(ctx context.Context, c *gen.Client, s Step, of gid.ID) (*gen.Issue, error) {
	ctx = authz.Doing(ctx, authz.OpLifecycle)
	is, err := load(ctx, c, s)
	if err != nil {
		return nil, err
	}
	target, err := c.Issue.Get(ctx, of)
	if gen.IsNotFound(err) {
		return nil, apperr.InvalidField("duplicateOfID", "no issue %s", of)
	}
	if err != nil {
		return nil, err
	}
	for hops := 0; target.Status == lifecycle.Duplicate && target.DuplicateOfID != "" && hops < 10; hops++ {
		if target, err = c.Issue.Get(ctx, target.DuplicateOfID); err != nil {
			return nil, err
		}
	}
	switch {
	case target.ID == is.ID:
		return nil, apperr.InvalidField("duplicateOfID", "an issue cannot duplicate itself")
	case target.CommunityID != is.CommunityID:
		return nil, apperr.InvalidField("duplicateOfID", "the issue followed instead must be in the same community")
	case !target.Status.Open() && target.Status != lifecycle.Resolved:
		return nil, apperr.InvalidField("duplicateOfID", "the issue followed instead is %s", target.Status)
	}
	saved, err := c.Issue.UpdateOne(is).SetStatus(lifecycle.Duplicate).SetDuplicateOfID(target.ID).
		SetResolution(fmt.Sprintf("duplicate of %s", target.ID)).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := newEvent(ctx, c, target, issueevent.KindDUPLICATE_MARKED).SetNote("duplicate " + string(is.ID)).Exec(authz.System(ctx)); err != nil {
		return nil, err
	}
	return saved, nil
}

// Comment adds a comment to an issue as the viewer. Internal comments are
// for staff and police (the privacy policy refuses them to others).
func Comment(ctx context.Context, c *gen.Client, issueID gid.ID, body string, internal bool) (*gen.IssueComment, error) {
	ctx = authz.Doing(ctx, authz.OpCommenting)
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, apperr.InvalidField("body", "write something")
	}
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	is, err := c.Issue.Query().Where(issue.ID(issueID)).Only(ctx)
	if gen.IsNotFound(err) {
		return nil, apperr.InvalidField("issueID", "no issue %s", issueID)
	}
	if err != nil {
		return nil, err
	}
	visibility := "PUBLIC"
	if internal {
		visibility = "INTERNAL"
	}
	return c.IssueComment.Create().SetCommunityID(is.CommunityID).SetIssueID(is.ID).SetAuthorID(v.UserID).
		SetBody(body).SetVisibility(issuecomment.Visibility(visibility)).Save(ctx)
}
