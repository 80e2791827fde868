package rosterfile

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"wutong/apperr"
)

// Kind is the kind of roster a file holds.
type Kind string

// The kinds of roster that can be imported.
const (
	// Residents is a roster of residents (居民花名册).
	Residents Kind = "residents"
	// Rentals is a register of rented flats (出租房屋登记).
	Rentals Kind = "rentals"
	// Employees is a register of the employees of the community's
	// organizations (从业人员登记).
	Employees Kind = "employees"
	// PatrolMembers is the roster of the patrol team (巡逻队员).
	PatrolMembers Kind = "patrol-members"
)

// Kinds lists the kinds of roster, in the order the help texts name them.
var Kinds = []Kind{Residents, Rentals, Employees, PatrolMembers}

// ParseKind reads a kind as the command line or the API spell it:
// "residents", "RESIDENTS", "rentals", "employee-registrations",
// "EMPLOYEE_REGISTRATIONS", "patrol-members", "PATROL_MEMBERS" and a few
// more.
func ParseKind(s string) (Kind, error) {
	k := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	switch k {
	case "residents", "resident":
		return Residents, nil
	case "rentals", "rental", "rental-housing", "rental-housings", "rentalhousing":
		return Rentals, nil
	case "employees", "employee", "employee-registrations", "employee-registration", "employeeregistration":
		return Employees, nil
	case "patrol-members", "patrol-member", "patrol", "patrolmember", "patrolmembers":
		return PatrolMembers, nil
	}
	return "", apperr.InvalidField("kind", "unknown roster kind %q: use residents, rentals, employees or patrol-members", s)
}

// Field is what a column means: the name a column mapping uses.
type Field string

// The fields a roster column can hold.
const (
	FieldName           Field = "name"
	FieldGender         Field = "gender"
	FieldPhone          Field = "phone"
	FieldIDCard         Field = "idCard"
	FieldGrid           Field = "grid"
	FieldCompound       Field = "compound"
	FieldBuilding       Field = "building"
	FieldUnit           Field = "unit"
	FieldRoom           Field = "room"
	FieldResidency      Field = "residency"
	FieldPartyMember    Field = "partyMember"
	FieldCareFlags      Field = "careFlags"
	FieldHallMember     Field = "hallMember"
	FieldMovedInAt      Field = "movedInAt"
	FieldLandlordName   Field = "landlordName"
	FieldLandlordIDCard Field = "landlordIDCard"
	FieldLandlordPhone  Field = "landlordPhone"
	FieldMonthlyRent    Field = "monthlyRent"
	FieldLeaseStart     Field = "leaseStart"
	FieldLeaseEnd       Field = "leaseEnd"
	FieldRegisteredAt   Field = "registeredAt"
	FieldTenantIDCards  Field = "tenantIDCards"
	FieldOrganization   Field = "organization"
	FieldPosition       Field = "position"
	FieldLeftAt         Field = "leftAt"
	FieldTeam           Field = "team"
	FieldAffiliation    Field = "affiliation"
	FieldOnDuty         Field = "onDuty"
)

// Column describes a column a roster may have.
type Column struct {
	// Field is what the column holds.
	Field Field
	// Header is the column's canonical header, the one exports write.
	Header string
	// Synonyms are the other headers recognised for it, as offices
	// write them.
	Synonyms []string
	// Required columns must be present in the file.
	Required bool
	// Help says what the column takes.
	Help string
}

// Common columns, shared by several kinds.
var (
	colName     = Column{Field: FieldName, Header: "姓名", Synonyms: []string{"名字", "居民姓名", "人员姓名", "队员姓名", "员工姓名", "name", "fullname"}, Required: true, Help: "full name"}
	colGender   = Column{Field: FieldGender, Header: "性别", Synonyms: []string{"gender", "sex"}, Help: "男 or 女; checked against the ID-card number, not stored"}
	colPhone    = Column{Field: FieldPhone, Header: "手机号", Synonyms: []string{"手机号码", "手机", "联系电话", "电话", "电话号码", "联系方式", "移动电话", "phone", "mobile"}, Help: "11-digit mainland mobile number"}
	colIDCard   = Column{Field: FieldIDCard, Header: "身份证号", Synonyms: []string{"身份证号码", "公民身份号码", "身份证", "证件号码", "身份证件号码", "居民身份证号", "居民身份证号码", "idcard", "idcardnumber"}, Help: "18-character resident identity card number"}
	colGrid     = Column{Field: FieldGrid, Header: "网格", Synonyms: []string{"所属网格", "网格名称", "网格编号", "grid"}, Help: "grid name or code; checked against the compound"}
	colCompound = Column{Field: FieldCompound, Header: "小区", Synonyms: []string{"小区名称", "所属小区", "居住小区", "小区名", "compound"}, Help: "compound name, as registered in the community"}
	colBuilding = Column{Field: FieldBuilding, Header: "楼栋", Synonyms: []string{"楼号", "幢", "栋", "楼栋号", "幢号", "楼", "building"}, Help: "building number"}
	colUnit     = Column{Field: FieldUnit, Header: "单元", Synonyms: []string{"单元号", "unit"}, Help: "entrance or unit"}
	colRoom     = Column{Field: FieldRoom, Header: "房号", Synonyms: []string{"门牌号", "室", "房间号", "户号", "房号室", "room"}, Help: "room number"}
	colRegAt    = Column{Field: FieldRegisteredAt, Header: "登记日期", Synonyms: []string{"登记时间", "registeredat"}, Help: "date, such as 2024-03-01"}
)

// columns are the columns of each kind, in the order exports write them.
var columns = map[Kind][]Column{
	Residents: {
		colName, colGender, colPhone, colIDCard, colGrid, colCompound, colBuilding, colUnit, colRoom,
		{Field: FieldResidency, Header: "居住类型", Synonyms: []string{"户籍", "户籍类型", "人员类型", "居住性质", "租住", "居住情况", "residency"}, Help: "业主, 租户 or 流动人口"},
		{Field: FieldPartyMember, Header: "党员", Synonyms: []string{"是否党员", "政治面貌", "partymember"}, Help: "是 or 否 (or 中共党员 / 群众)"},
		{Field: FieldCareFlags, Header: "关怀标记", Synonyms: []string{"关爱对象", "特殊人群", "重点关怀", "关怀对象", "careflags"}, Help: "独居, 老年人, 残疾, 慢性病, 留守儿童, 低保, 心理健康, separated by 、"},
		{Field: FieldHallMember, Header: "云议事厅成员", Synonyms: []string{"云议事厅", "议事厅成员", "hallmember"}, Help: "是 or 否"},
		{Field: FieldMovedInAt, Header: "入住日期", Synonyms: []string{"入住时间", "迁入日期", "迁入时间", "movedinat"}, Help: "date, such as 2019-06-01"},
	},
	Rentals: {
		func() Column { c := colCompound; c.Required = true; return c }(),
		colGrid,
		func() Column { c := colBuilding; c.Required = true; return c }(),
		colUnit,
		func() Column { c := colRoom; c.Required = true; return c }(),
		{Field: FieldLandlordName, Header: "房东姓名", Synonyms: []string{"房东", "出租人", "出租人姓名", "业主姓名", "房主姓名", "landlordname"}, Help: "the landlord's name"},
		{Field: FieldLandlordIDCard, Header: "房东身份证号", Synonyms: []string{"房东身份证号码", "出租人身份证号", "出租人身份证号码", "业主身份证号", "landlordidcard"}, Help: "links the landlord's resident record"},
		{Field: FieldLandlordPhone, Header: "房东手机号", Synonyms: []string{"房东电话", "房东联系电话", "出租人电话", "出租人联系电话", "出租人手机号", "landlordphone"}, Help: "links the landlord's resident record"},
		{Field: FieldMonthlyRent, Header: "月租金", Synonyms: []string{"租金", "月租", "月租金元", "monthlyrent"}, Help: "yuan per month, such as 2500 or 2500.50"},
		{Field: FieldLeaseStart, Header: "租期开始", Synonyms: []string{"起租日期", "租赁开始日期", "合同开始日期", "租赁起始日期", "leasestart"}, Help: "date"},
		{Field: FieldLeaseEnd, Header: "租期结束", Synonyms: []string{"到期日期", "租赁结束日期", "合同结束日期", "租赁截止日期", "leaseend"}, Help: "date, after the start"},
		colRegAt,
		{Field: FieldTenantIDCards, Header: "租户身份证号", Synonyms: []string{"承租人身份证号", "租客身份证号", "租户身份证号码", "承租人身份证号码", "tenantidcards"}, Help: "the tenants' ID-card numbers, separated by 、; each must be a resident"},
	},
	Employees: {
		colName, colGender, colPhone, colIDCard,
		{Field: FieldOrganization, Header: "单位", Synonyms: []string{"单位名称", "工作单位", "所属单位", "企业名称", "用人单位", "organization"}, Required: true, Help: "the organization's name, as registered in the community"},
		{Field: FieldPosition, Header: "岗位", Synonyms: []string{"职务", "工种", "职位", "position"}, Help: "the job"},
		{Field: FieldRegisteredAt, Header: "登记日期", Synonyms: []string{"登记时间", "入职日期", "入职时间", "registeredat"}, Help: "date"},
		{Field: FieldLeftAt, Header: "离职日期", Synonyms: []string{"离职时间", "leftat"}, Help: "date, after registration"},
	},
	PatrolMembers: {
		colName,
		func() Column {
			c := colPhone
			c.Help = "links the member's login (an account with this phone)"
			return c
		}(),
		{Field: FieldTeam, Header: "巡逻队", Synonyms: []string{"队伍", "所属队伍", "巡逻队名称", "所属巡逻队", "team"}, Help: "the team's name; may be left out when the community has one team"},
		{Field: FieldAffiliation, Header: "人员类别", Synonyms: []string{"身份", "人员来源", "来源", "类别", "队员类别", "affiliation"}, Required: true, Help: "物业人员, 单位职工, 居民, 网格员 or 民警"},
		{Field: FieldOnDuty, Header: "在岗", Synonyms: []string{"是否在岗", "在岗状态", "onduty"}, Help: "是 or 否"},
	},
}

// Columns returns the columns of a kind, in the order exports write them.
func Columns(k Kind) []Column {
	return slices.Clone(columns[k])
}

// normalizeHeader folds a header to the form synonyms are compared in:
// full-width characters made half-width, spaces, required-field stars and
// remarks in brackets removed, Latin letters lower-cased. "＊手机号码（必填）"
// becomes "手机号码".
func normalizeHeader(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[' || r == '【' || r == '〔':
			depth++
		case r == ')' || r == ']' || r == '】' || r == '〕':
			if depth > 0 {
				depth--
			}
		case depth > 0, unicode.IsSpace(r), r == '*', r == ':', r == '_', r == '-', r == '.':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// headerIndex maps each normalized header and field name of a kind to its column.
func headerIndex(k Kind) map[string]Column {
	m := map[string]Column{}
	for _, c := range columns[k] {
		m[normalizeHeader(string(c.Field))] = c
		m[normalizeHeader(c.Header)] = c
		for _, s := range c.Synonyms {
			m[normalizeHeader(s)] = c
		}
	}
	return m
}

// ignoreField is the mapping target that drops a column.
const ignoreField Field = "-"

// ParseMapping reads a column mapping as the command line writes it:
// "联系人手机=phone,楼=building,备注=-". The left side is a header of the
// file (or a column letter such as C); the right side a field name (see
// Field) or any header the kind recognises; "-" ignores the column.
func ParseMapping(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
		col, field, ok := strings.Cut(part, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, apperr.InvalidField("mapping", "%q is not COLUMN=FIELD", part)
		}
		m[col] = field
	}
	return m, nil
}

// mapping is a column mapping resolved against a kind's columns.
type mapping struct {
	byHeader map[string]Field // normalized file header -> field
	byLetter map[int]Field    // 0-based column index -> field
}

// resolveMapping checks a mapping's targets against the kind's columns.
func resolveMapping(k Kind, raw map[string]string) (mapping, error) {
	idx := headerIndex(k)
	m := mapping{byHeader: map[string]Field{}, byLetter: map[int]Field{}}
	for col, target := range raw {
		f := ignoreField
		if strings.TrimSpace(target) != string(ignoreField) {
			c, ok := idx[normalizeHeader(target)]
			if !ok {
				return m, apperr.InvalidField("mapping", "%q is not a column of %s rosters: use one of %s", target, k, fieldList(k))
			}
			f = c.Field
		}
		if i, ok := columnLetter(col); ok {
			m.byLetter[i] = f
			continue
		}
		m.byHeader[normalizeHeader(col)] = f
	}
	return m, nil
}

// fieldList names a kind's fields for messages.
func fieldList(k Kind) string {
	var names []string
	for _, c := range columns[k] {
		names = append(names, fmt.Sprintf("%s (%s)", c.Field, c.Header))
	}
	return strings.Join(names, ", ")
}

// columnLetter reads a column letter such as "C" or "AB" as a 0-based index.
func columnLetter(s string) (int, bool) {
	if s == "" || len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return 0, false
		}
		n = n*26 + int(r-'A') + 1
	}
	return n - 1, true
}

// letterOf is the spreadsheet letter of a 0-based column index.
func letterOf(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// layout is where each field is in a file.
type layout struct {
	kind    Kind
	index   map[Field]int // field -> 0-based column
	headers []string      // the header row as written
	ignored []string      // headers not used
	row     int           // the header row's number
}

// has reports whether the file has a column for f.
func (l *layout) has(f Field) bool {
	_, ok := l.index[f]
	return ok
}

// header is the file's header of a field's column, or the canonical one.
func (l *layout) header(f Field) string {
	if i, ok := l.index[f]; ok && i < len(l.headers) && strings.TrimSpace(l.headers[i]) != "" {
		return strings.TrimSpace(l.headers[i])
	}
	for _, c := range columns[l.kind] {
		if c.Field == f {
			return c.Header
		}
	}
	return string(f)
}

// matchHeader reads a candidate header row. It returns the layout and the
// number of columns recognised; a row with duplicate columns is an error.
func matchHeader(k Kind, cells []string, m mapping) (*layout, int, error) {
	idx := headerIndex(k)
	l := &layout{kind: k, index: map[Field]int{}, headers: slices.Clone(cells)}
	n := 0
	for i, cell := range cells {
		h := normalizeHeader(cell)
		f, mapped := m.byLetter[i]
		if !mapped && h != "" {
			f, mapped = m.byHeader[h]
		}
		if !mapped {
			if h == "" {
				continue
			}
			c, ok := idx[h]
			if !ok {
				l.ignored = append(l.ignored, strings.TrimSpace(cell))
				continue
			}
			f = c.Field
		}
		if f == ignoreField {
			if h != "" {
				l.ignored = append(l.ignored, strings.TrimSpace(cell))
			}
			continue
		}
		if j, dup := l.index[f]; dup {
			return l, n, apperr.Invalidf("columns %s (%s) and %s (%s) are both %s: remove one, or map one to another field or to -",
				letterOf(j), strings.TrimSpace(cells[j]), letterOf(i), strings.TrimSpace(cell), l.header(f))
		}
		l.index[f] = i
		n++
	}
	return l, n, nil
}

// missing lists the required columns the layout lacks, by canonical header.
func (l *layout) missing() []string {
	var out []string
	for _, c := range columns[l.kind] {
		if c.Required && !l.has(c.Field) {
			out = append(out, c.Header)
		}
	}
	if l.kind == Employees && !l.has(FieldIDCard) && !l.has(FieldPhone) {
		out = append(out, colIDCard.Header+" or "+colPhone.Header)
	}
	return out
}

// expected names the headers a kind expects, for messages.
func expected(k Kind) string {
	var names []string
	for _, c := range columns[k] {
		h := c.Header
		if c.Required {
			h += " (required)"
		}
		names = append(names, h)
	}
	return strings.Join(names, ", ")
}
