package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"wutong/authz"
)

// Not stored: what a field of a hand-written input is when it writes no
// column itself.
const (
	selects    = "selects the record acted on, under the viewer's read rule"
	credential = "a credential, checked and never stored as given"
	option     = "an option of the operation"
	generated  = "a generated input, checked by TestEveryInputFieldHasARule"
	roster     = "a roster file: rosterfile refuses personal columns the importer sees masked, and each record goes through the write rules"
)

// handWritten says, for every field of the inputs written by hand (not by
// entgql), which column it writes ("Entity.column", whose rule in
// authz.Writes applies through the ent privacy policy) or why it writes
// none. TestHandWrittenInputsHaveRules fails for a field missing here.
var handWritten = map[string]string{
	"ActivateAccountInput.code": credential, "ActivateAccountInput.login": credential, "ActivateAccountInput.password": credential,
	"LoginInput.login": credential, "LoginInput.password": credential,
	"ChangePasswordInput.currentPassword": credential, "ChangePasswordInput.newPassword": credential,
	"IssueActivationCodeInput.userID": selects, "RevokeSessionsInput.userID": selects,
	"LinkResidentInput.userID": selects, "LinkResidentInput.residentID": "User.resident_id",
	"RevokeMembershipInput.id": selects, "SetMyDutyInput.onDuty": "PatrolMember.on_duty",
	"AddIssueCommentInput.body": "IssueComment.body", "AddIssueCommentInput.internal": "IssueComment.visibility",
	"AddIssueCommentInput.issueID": "IssueComment.issue_id", "AddIssueCommentInput.photos": "IssuePhoto.key",
	"AssignIssueInput.assigneeIDs": "Issue.assignees", "AssignIssueInput.id": selects, "AssignIssueInput.version": option,
	"IssueStepInput.id": selects, "IssueStepInput.note": "Issue.resolution", "IssueStepInput.version": option,
	"RejectIssueInput.id": selects, "RejectIssueInput.reason": "Issue.resolution", "RejectIssueInput.version": option,
	"MarkDuplicateInput.duplicateOfID": "Issue.duplicate_of_id", "MarkDuplicateInput.id": selects, "MarkDuplicateInput.version": option,
	"RateIssueInput.feedback": "Issue.feedback", "RateIssueInput.id": selects, "RateIssueInput.rating": "Issue.rating",
	"ReportIssueInput.issue": generated, "ReportIssueInput.photos": "IssuePhoto.key", "ReportIssueInput.coordinateSystem": option,
	"ConcludeMediationInput.agreement": "MediationCase.agreement", "ConcludeMediationInput.caseID": selects,
	"ConcludeMediationInput.followUpOn": "MediationCase.follow_up_on", "ConcludeMediationInput.outcome": "MediationCase.outcome",
	"OpenMediationInput.issueID": "MediationCase.issue_id", "OpenMediationInput.mediatorIDs": "MediationCase.mediators",
	"OpenMediationInput.meetingPointID": "MediationCase.meeting_point_id", "OpenMediationInput.parties": "MediationParty.resident_id",
	"OpenMediationInput.title":       "MediationCase.title",
	"MediationPartyInput.residentID": "MediationParty.resident_id", "MediationPartyInput.role": "MediationParty.role",
	"RecordMediationSessionInput.caseID": "MediationSession.case_id", "RecordMediationSessionInput.durationMinutes": "MediationSession.duration_minutes",
	"RecordMediationSessionInput.meetingPointID": "MediationSession.meeting_point_id", "RecordMediationSessionInput.notes": "MediationSession.notes",
	"RecordMediationSessionInput.place": "MediationSession.place", "RecordMediationSessionInput.startedAt": "MediationSession.started_at",
	"DispatchNearestPatrolInput.additional": option, "DispatchNearestPatrolInput.issueID": "Dispatch.issue_id",
	"UpdateDispatchInput.action": "Dispatch.status", "UpdateDispatchInput.id": selects,
	"UpdateMyLocationInput.coordinateSystem": option, "UpdateMyLocationInput.latitude": "PatrolMember.last_latitude",
	"UpdateMyLocationInput.longitude": "PatrolMember.last_longitude",
	"ImportRosterInput.communityID":   "Resident.community_id", "ImportRosterInput.dryRun": option, "ImportRosterInput.file": roster,
	"ImportRosterInput.kind": option, "ImportRosterInput.mapping": option, "ImportRosterInput.sheet": option,
	"RosterColumnMapping.column": option, "RosterColumnMapping.field": option,
	"LayOutDutyRotationInput.bodies": "DutyShift.body", "LayOutDutyRotationInput.endTime": "DutyShift.ends_at",
	"LayOutDutyRotationInput.from": "DutyShift.starts_at", "LayOutDutyRotationInput.meetingPointID": "DutyShift.meeting_point_id",
	"LayOutDutyRotationInput.note": "DutyShift.note", "LayOutDutyRotationInput.replaceExisting": option,
	"LayOutDutyRotationInput.startTime": "DutyShift.starts_at", "LayOutDutyRotationInput.to": "DutyShift.ends_at",
	"LayOutDutyRotationInput.weekdays": option,
}

// TestHandWrittenInputsHaveRules walks every input type a mutation takes
// that entgql does not generate, and fails for a field not in handWritten
// or one that names a column without a write rule. (The *Change wrappers
// are an id, which selects, and a generated patch.)
func TestHandWrittenInputsHaveRules(t *testing.T) {
	files, err := filepath.Glob("*.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, &ast.Source{Name: f, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(srcs...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	seen := map[string]bool{}
	checked := 0
	var walk func(name string)
	walk = func(name string) {
		d := schema.Types[name]
		if d == nil || d.Kind != ast.InputObject || seen[name] {
			return
		}
		seen[name] = true
		if d.Position != nil && d.Position.Src.Name == "ent.graphqls" {
			return // generated: TestEveryInputFieldHasARule
		}
		for _, f := range d.Fields {
			key := name + "." + f.Name
			checked++
			walk(f.Type.Name())
			what, ok := handWritten[key]
			switch {
			case strings.HasSuffix(name, "Change") && f.Name == "id", strings.HasSuffix(name, "Change") && f.Name == "patch":
			case !ok:
				t.Errorf("%s: a field of a hand-written input with no entry in handWritten", key)
			case strings.Contains(what, "."):
				entity, column, _ := strings.Cut(what, ".")
				if _, ok := authz.RuleOf(entity, column); !ok {
					t.Errorf("%s writes %s, which has no rule in authz.Writes", key, what)
				}
			}
		}
	}
	for _, f := range schema.Mutation.Fields {
		for _, a := range f.Arguments {
			walk(a.Type.Name())
		}
	}
	if checked < 100 {
		t.Errorf("only %d fields checked", checked)
	}
}
