package graph_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"wutong/store"
	"wutong/store/storetest"
)

func TestMutations(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)

		t.Run("IDsAreOpaqueAndResolvable", func(t *testing.T) {
			a := a.on(t)
			for _, c := range []struct{ id, typename, prefix string }{
				{f.community, "Community", "CM"}, {f.grid, "Grid", "GR"}, {f.compound, "Compound", "CP"},
				{f.resident, "Resident", "RS"}, {f.issue, "Issue", "IS"},
			} {
				if len(c.id) != 28 || !strings.HasPrefix(c.id, c.prefix) {
					t.Errorf("id %q of a %s is not a %s-prefixed ULID", c.id, c.typename, c.prefix)
				}
				var out struct{ Node struct{ Typename, ID string } }
				a.must(`query($id: ID!) { node(id: $id) { typename: __typename id } }`, map[string]any{"id": c.id}, &out)
				if out.Node.Typename != c.typename || out.Node.ID != c.id {
					t.Errorf("node(%s) = %+v, want a %s", c.id, out.Node, c.typename)
				}
			}
			var out struct{ Nodes []*struct{ ID string } }
			a.must(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{f.grid, f.issue}}, &out)
			if len(out.Nodes) != 2 || out.Nodes[0].ID != f.grid || out.Nodes[1].ID != f.issue {
				t.Errorf("nodes = %+v", out.Nodes)
			}
		})

		t.Run("DefaultsApply", func(t *testing.T) {
			a := a.on(t)
			var out struct {
				Node struct {
					TimeZone string
				}
			}
			a.must(`query($id: ID!) { node(id: $id) { ... on Community { timeZone } } }`, map[string]any{"id": f.community}, &out)
			if out.Node.TimeZone != "Asia/Shanghai" {
				t.Errorf("timeZone = %q, want Asia/Shanghai", out.Node.TimeZone)
			}
		})

		t.Run("UpdateChangesOnlyGivenFields", func(t *testing.T) {
			a := a.on(t)
			var out struct {
				UpdateCompound struct {
					Compound struct {
						Name, Management string
						BuildingCount    int
					}
				}
			}
			a.must(`mutation($in: CompoundChange!) { updateCompound(input: $in) { compound { name management buildingCount } } }`,
				map[string]any{"in": map[string]any{"id": f.compound, "patch": map[string]any{"buildingCount": 14}}}, &out)
			c := out.UpdateCompound.Compound
			if c.Name != "银杏里小区" || c.Management != "UNMANAGED" || c.BuildingCount != 14 {
				t.Errorf("after update: %+v", c)
			}
		})
	})
}

func TestIssueTimeline(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		a.must(`mutation($in: IssueStepInput!) { acknowledgeIssue(input: $in) { issue { status acknowledgedAt } } }`, map[string]any{"in": map[string]any{"id": f.issue}}, nil)
		a.fails(`mutation($in: IssueStepInput!) { closeIssue(input: $in) { issue { status } } }`, map[string]any{"in": map[string]any{"id": f.issue}}, "CONFLICT", "status")
		a.must(`mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id } } }`,
			map[string]any{"in": map[string]any{"issueID": f.issue, "body": "已联系楼上住户", "internal": true}}, nil)

		var out struct {
			Node struct {
				Status         string
				AcknowledgedAt *string
				Events         struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Kind                 string
							FromStatus, ToStatus *string
						}
					}
				}
			}
		}
		a.must(`query($id: ID!) { node(id: $id) { ... on Issue { status acknowledgedAt
			events(first: 10, orderBy: {field: OCCURRED_AT}) { totalCount edges { node { kind fromStatus toStatus } } } } } }`,
			map[string]any{"id": f.issue}, &out)
		if out.Node.Status != "ACKNOWLEDGED" || out.Node.AcknowledgedAt == nil {
			t.Fatalf("issue after acknowledgement: %+v", out.Node)
		}
		var kinds []string
		for _, e := range out.Node.Events.Edges {
			kinds = append(kinds, e.Node.Kind)
		}
		if got, want := strings.Join(kinds, ","), "REPORTED,STATUS_CHANGED,COMMENTED"; got != want {
			t.Fatalf("timeline = %s, want %s (the refused change must leave no entry)", got, want)
		}
		if e := out.Node.Events.Edges[1].Node; *e.FromStatus != "REPORTED" || *e.ToStatus != "ACKNOWLEDGED" {
			t.Errorf("status change entry = %+v", e)
		}
	})
}

func TestBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		count := func() int {
			var out struct {
				Compounds, Residents, Grids, Issues struct{ TotalCount int }
			}
			a.must(`{ compounds(first: 0) { totalCount } residents(first: 0) { totalCount } grids(first: 0) { totalCount } issues(first: 0) { totalCount } }`, nil, &out)
			return out.Compounds.TotalCount*1000000 + out.Residents.TotalCount*10000 + out.Grids.TotalCount*100 + out.Issues.TotalCount
		}
		before := count()
		compound := `mutation($in: CreateCompoundInput!) { createCompound(input: $in) { compound { id } } }`
		resident := `mutation($in: CreateResidentInput!) { createResident(input: $in) { resident { id } } }`
		for _, c := range []struct {
			name, query string
			input       map[string]any
			code, field string
		}{
			{"EmptyName", compound, map[string]any{"communityID": f.community, "gridID": f.grid, "name": "", "management": "UNMANAGED"}, "BAD_USER_INPUT", "name"},
			{"GridOfAnotherCommunity", compound, map[string]any{"communityID": f.community, "gridID": f.otherGrid, "name": "x", "management": "UNMANAGED"}, "BAD_USER_INPUT", "gridID"},
			{"GridThatDoesNotExist", compound, map[string]any{"communityID": f.community, "gridID": "GR01JD3N6W9V8Y2Q4T5R7X0ZKM4H", "name": "x", "management": "UNMANAGED"}, "BAD_USER_INPUT", "gridID"},
			{"MalformedID", compound, map[string]any{"communityID": f.community, "gridID": "1", "name": "x", "management": "UNMANAGED"}, "BAD_USER_INPUT", ""},
			{"UnknownEnum", compound, map[string]any{"communityID": f.community, "gridID": f.grid, "name": "x", "management": "NOBODY"}, "BAD_USER_INPUT", "management"},
			{"OneCoordinate", compound, map[string]any{"communityID": f.community, "gridID": f.grid, "name": "x", "management": "UNMANAGED", "latitude": 39.9}, "BAD_USER_INPUT", "longitude"},
			{"LatitudeOutOfRange", compound, map[string]any{"communityID": f.community, "gridID": f.grid, "name": "x", "management": "UNMANAGED", "latitude": 91.0, "longitude": 116.0}, "BAD_USER_INPUT", "latitude"},
			{"BadPhone", resident, map[string]any{"communityID": f.community, "name": "张三", "phone": "12345"}, "BAD_USER_INPUT", "phone"},
			{"BadIDCardCheckDigit", resident, map[string]any{"communityID": f.community, "name": "张三", "idCardNumber": "110101195003070022"}, "BAD_USER_INPUT", "idCardNumber"},
			{"CompoundOfAnotherCommunity", resident, map[string]any{"communityID": f.other, "compoundID": f.compound, "name": "张三"}, "BAD_USER_INPUT", "compoundID"},
			{"ReportedInTheFuture", `mutation($in: CreateIssueInput!) { reportIssue(input: {issue: $in}) { issue { id } } }`, map[string]any{"communityID": f.community, "title": "x", "kind": "INQUIRY", "reportedAt": "2999-01-01T00:00:00+08:00"}, "BAD_USER_INPUT", "reportedAt"},
			{"RepeatedCareFlag", resident, map[string]any{"communityID": f.community, "name": "张三", "careFlags": []string{"ELDERLY", "ELDERLY"}}, "BAD_USER_INPUT", "careFlags"},
		} {
			t.Run(c.name, func(t *testing.T) {
				a.on(t).fails(c.query, map[string]any{"in": c.input}, c.code, c.field)
			})
		}
		t.Run("UnknownTimeZone", func(t *testing.T) {
			a.on(t).fails(`mutation { createCommunity(input: {name: "x", code: "x", timeZone: "Mars/Olympus"}) { community { id } } }`, nil, "BAD_USER_INPUT", "timeZone")
		})
		t.Run("DuplicateCode", func(t *testing.T) {
			a.on(t).fails(`mutation { createCommunity(input: {name: "x", code: "dhm"}) { community { id } } }`, nil, "CONFLICT", "")
		})
		t.Run("SecondMutationFailsFirstIsUndone", func(t *testing.T) {
			a.on(t).fails(`mutation($c: ID!, $g: ID!) {
				ok: createCompound(input: {communityID: $c, gridID: $g, name: "新小区", management: SELF_MANAGED}) { compound { id } }
				bad: createCompound(input: {communityID: $c, gridID: $g, name: "", management: SELF_MANAGED}) { compound { id } }
			}`, map[string]any{"c": f.community, "g": f.grid}, "BAD_USER_INPUT", "name")
		})
		if after := count(); after != before {
			t.Errorf("record counts changed from %d to %d after refused input", before, after)
		}
	})
}

func TestNodeOfUnknownIDIsNull(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		r := a.do(`{ node(id: "IS01JD3N6W9V8Y2Q4T5R7X0ZKM4H") { id } }`, nil)
		if string(r.Data) != `{"node":null}` {
			t.Errorf("data = %s, want a null node", r.Data)
		}
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("errors = %+v, want one NOT_FOUND", r.Errors)
		}
	})
}

func TestFiltersAndOrdering(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		var out struct {
			Residents struct {
				Edges []struct{ Node struct{ Name string } }
			}
			Issues struct{ TotalCount int }
		}
		a.must(`query($c: ID!) {
			residents(first: 10, orderBy: {field: NAME, direction: DESC}, where: {hasCompoundWith: {nameContains: "银杏"}}) { edges { node { name } } }
			issues(first: 0, where: {communityID: $c, statusIn: [REPORTED, ACKNOWLEDGED], kind: DISPUTE}) { totalCount }
		}`, map[string]any{"c": f.community}, &out)
		var names []string
		for _, e := range out.Residents.Edges {
			names = append(names, e.Node.Name)
		}
		// 王 (U+738B) sorts after 李 (U+674E) by code point.
		if got := strings.Join(names, ","); got != "王秀兰,李建国" {
			t.Errorf("residents by name descending = %s", got)
		}
		if out.Issues.TotalCount != 1 {
			t.Errorf("open disputes = %d, want 1", out.Issues.TotalCount)
		}
	})
}

func TestNestedListsAreEagerLoaded(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			var statements atomic.Int64
			s := storetest.Open(t, d, store.Options{OnQuery: func(string) { statements.Add(1) }})
			a := newAPI(t, s)
			f := newFixture(a)
			query := `query($g: ID!) { node(id: $g) { ... on Grid {
				issues(first: 50, orderBy: {field: REPORTED_AT, direction: DESC}, where: {statusIn: [REPORTED, ACKNOWLEDGED, IN_PROGRESS]}) {
					totalCount
					edges { node { title reporter { name } compound { name }
						comments(first: 20) { edges { node { body } } }
						events(first: 20) { edges { node { kind } } } } } } } } }`
			run := func() (int64, int) {
				statements.Store(0)
				var out struct {
					Node struct{ Issues struct{ TotalCount int } }
				}
				a.must(query, map[string]any{"g": f.grid}, &out)
				return statements.Load(), out.Node.Issues.TotalCount
			}
			few, n1 := run()
			for i := 0; i < 12; i++ {
				id := a.reportID(map[string]any{"communityID": f.community, "gridID": f.grid,
					"compoundID": f.compound, "reporterID": f.resident, "title": "噪音", "kind": "DISPUTE", "category": "NOISE"})
				a.must(`mutation($in: AddIssueCommentInput!) { addIssueComment(input: $in) { issueComment { id } } }`,
					map[string]any{"in": map[string]any{"issueID": id, "body": "收到"}}, nil)
			}
			many, n2 := run()
			t.Logf("%s: %d statements for %d issues, %d for %d", d, few, n1, many, n2)
			if n2 != n1+12 {
				t.Fatalf("listed %d issues, want %d", n2, n1+12)
			}
			if many != few {
				t.Errorf("statements grew with the list: %d for %d issues, %d for %d (N+1)", few, n1, many, n2)
			}
		})
	}
}
