package graph_test

import (
	"slices"
	"testing"
	"time"

	"wutong/ent/membership"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// TestOwnRecords checks the Own scope: residents, lawyers and patrol
// volunteers reach their own records and nobody else's.
func TestOwnRecords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		login := func(username string, role membership.Role, resident string) *api {
			id := newUser(t, s, username, "", "own password", map[gid.ID]membership.Role{gid.ID(f.community): role})
			if resident != "" {
				s.Client.User.UpdateOneID(id).SetResidentID(gid.ID(resident)).ExecX(system)
			}
			return a.as(a.login(username, "own password"))
		}
		me := login("wang.xiulan", membership.RoleRESIDENT, f.resident)
		neighbourIssue := f.report(a, map[string]any{"reporterID": f.neighbour, "title": "邻居的事", "kind": "INQUIRY"})

		t.Run("ResidentSeesOwnRecordsOnly", func(t *testing.T) {
			me := me.on(t)
			elsewhere := a.createID("createCompound", "CreateCompoundInput", "compound", map[string]any{
				"communityID": f.community, "gridID": f.grid, "name": "别的小区", "management": "SELF_MANAGED"})
			stranger := a.createID("createResident", "CreateResidentInput", "resident", map[string]any{"communityID": f.community, "compoundID": elsewhere, "name": "陌生人"})
			ids := listIDs(me, "Resident")
			if len(ids) != 2 || !slices.Contains(ids, f.resident) || !slices.Contains(ids, f.neighbour) || slices.Contains(ids, stranger) {
				t.Errorf("a resident lists residents %v, want themselves and their neighbour in the compound", ids)
			}
			mine := f.report(me, map[string]any{"reporterID": f.resident, "title": "我的事", "kind": "HELP_REQUEST"})
			ids = listIDs(me, "Issue")
			if len(ids) != 1 || ids[0] != mine {
				t.Errorf("a resident lists issues %v, want only %s", ids, mine)
			}
			me.fails(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": neighbourIssue}, "NOT_FOUND", "")
		})

		t.Run("ResidentReportsOnlyAsThemselves", func(t *testing.T) {
			me := me.on(t)
			me.fails(`mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"issue": map[string]any{
				"communityID": f.community, "reporterID": f.neighbour, "title": "冒名", "kind": "INQUIRY"}}}, "FORBIDDEN", "reporterID")
		})

		t.Run("ResidentCannotWriteTheOfficesFigures", func(t *testing.T) {
			me := me.on(t)
			report := `mutation($in: CreateIssueInput!) { reportIssue(input: {issue: $in}) { issue { id } } }`
			base := func(k string, v any) map[string]any {
				return map[string]any{"in": map[string]any{"communityID": f.community, "title": "自报", "kind": "DISPUTE", k: v}}
			}
			me.fails(report, base("incidentClass", "CRIMINAL"), "FORBIDDEN", "incidentClass")
			me.fails(report, base("channel", "POLICE_CALL"), "FORBIDDEN", "channel")
			me.fails(report, base("reportedAt", "2025-06-01T10:00:00+08:00"), "FORBIDDEN", "reportedAt")
			me.fails(report, base("repeatOfID", neighbourIssue), "FORBIDDEN", "repeatOfID")
			me.must(report, base("reportedAt", recent(3*time.Hour)), nil)
			a.must(report, base("incidentClass", "PREVENTABLE"), nil)
		})

		t.Run("ResidentCommentsPubliclyOnOwnIssue", func(t *testing.T) {
			me := me.on(t)
			mine := f.report(me, map[string]any{"reporterID": f.resident, "title": "路灯坏了", "kind": "PUBLIC_AFFAIR"})
			comment := `mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id author { id } } } }`
			me.must(comment, map[string]any{"in": map[string]any{"issueID": mine, "body": "补充：3号楼前"}}, nil)
			me.fails(comment, map[string]any{"in": map[string]any{"issueID": mine, "body": "内部", "internal": true}}, "FORBIDDEN", "visibility")
			me.fails(comment, map[string]any{"in": map[string]any{"issueID": neighbourIssue, "body": "插话"}}, "BAD_USER_INPUT", "issueID")
		})

		t.Run("ReporterRatesOnlyTheOutcome", func(t *testing.T) {
			me := me.on(t)
			mine := f.report(me, map[string]any{"reporterID": f.resident, "title": "楼道堆物", "kind": "HAZARD"})
			rate := `mutation($in: RateIssueInput!) { rateIssue(input: $in) { issue { rating } } }`
			me.fails(`mutation($in: IssueStepInput!) { resolveIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"id": mine}}, "FORBIDDEN", "status")
			me.fails(rate, map[string]any{"in": map[string]any{"id": mine, "rating": 4}}, "CONFLICT", "rating")
			setStatus(a, mine, "ACKNOWLEDGED", "RESOLVED")
			me.must(rate, map[string]any{"in": map[string]any{"id": mine, "rating": 4}}, nil)
			a.fails(rate, map[string]any{"in": map[string]any{"id": mine, "rating": 5}}, "FORBIDDEN", "rating")
			me.must(`mutation($in: IssueStepInput!) { closeIssue(input: $in) { issue { id } } }`, map[string]any{"in": map[string]any{"id": mine}}, nil)
		})

		t.Run("LawyerSeesMediatedCaseOnly", func(t *testing.T) {
			lawyer := login("lawyer.zhao", membership.RoleLAWYER, "")
			lawyerID := s.Client.User.Query().Where(user.Username("lawyer.zhao")).OnlyIDX(system)
			theirs := a.openCase(f.issue, []string{string(lawyerID)}, f.resident, f.neighbour)
			other := a.reportID(map[string]any{"communityID": f.community, "title": "别人的纠纷", "kind": "DISPUTE"})
			a.openCase(other, []string{mediatorOf(t, s, f.community, "officer.other")}, f.neighbour, f.resident)
			if ids := listIDs(lawyer.on(t), "MediationCase"); len(ids) != 1 || ids[0] != theirs {
				t.Errorf("a lawyer lists cases %v, want only %s", ids, theirs)
			}
			lawyer.on(t).must(`mutation($in: RecordMediationSessionInput!) { recordMediationSession(input: $in) { mediationSession { id } } }`,
				map[string]any{"in": map[string]any{"caseID": theirs, "startedAt": "2026-06-01T10:00:00+08:00", "durationMinutes": 60}}, nil)
		})
	})
}
