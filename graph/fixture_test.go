package graph_test

// fixture is a small community created through the API.
type fixture struct {
	community, other    string // community IDs
	grid, otherGrid     string
	compound            string
	resident, neighbour string
	issue               string
}

// createID runs a create mutation and returns the new record's id.
func (a *api) createID(mutation, inputType, field string, input map[string]any) string {
	a.tb.Helper()
	var out map[string]map[string]struct{ ID string }
	a.must(`mutation($in: `+inputType+`!) { r: `+mutation+`(input: $in) { `+field+` { id } } }`,
		map[string]any{"in": input}, &out)
	id := out["r"][field].ID
	if id == "" {
		a.tb.Fatalf("%s returned no id", mutation)
	}
	return id
}

// newFixture creates two communities, a grid in each, a compound, two
// residents and an issue.
func newFixture(a *api) fixture {
	a.tb.Helper()
	var f fixture
	f.community = a.createID("createCommunity", "CreateCommunityInput", "community",
		map[string]any{"name": "东华门社区", "code": "dhm"})
	f.other = a.createID("createCommunity", "CreateCommunityInput", "community",
		map[string]any{"name": "景山社区", "code": "js"})
	f.grid = a.createID("createGrid", "CreateGridInput", "grid",
		map[string]any{"communityID": f.community, "name": "第一网格", "code": "g1", "kind": "RESIDENTIAL"})
	f.otherGrid = a.createID("createGrid", "CreateGridInput", "grid",
		map[string]any{"communityID": f.other, "name": "第一网格", "code": "g1", "kind": "RESIDENTIAL"})
	f.compound = a.createID("createCompound", "CreateCompoundInput", "compound",
		map[string]any{"communityID": f.community, "gridID": f.grid, "name": "银杏里小区", "management": "UNMANAGED"})
	f.resident = a.createID("createResident", "CreateResidentInput", "resident",
		map[string]any{"communityID": f.community, "compoundID": f.compound, "name": "王秀兰", "phone": "13812345678",
			"idCardNumber": "110101195003070021", "building": "3", "unit": "2", "room": "401",
			"careFlags": []string{"ELDERLY", "LIVES_ALONE"}})
	f.neighbour = a.createID("createResident", "CreateResidentInput", "resident",
		map[string]any{"communityID": f.community, "compoundID": f.compound, "name": "李建国", "residency": "TENANT"})
	f.issue = a.reportID(
		map[string]any{"communityID": f.community, "gridID": f.grid, "compoundID": f.compound, "reporterID": f.neighbour,
			"title": "楼上卫生间漏水", "kind": "DISPUTE", "category": "NEIGHBOURS", "latitude": 39.915, "longitude": 116.404})
	return f
}
