package rosterfile

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/disclosure"
	"wutong/ent"
	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/ent/issue"
	"wutong/ent/resident"
	"wutong/gid"
	"wutong/lifecycle"
	"wutong/stats"
)

// ExportKind is what an export holds.
type ExportKind string

// The kinds of export.
const (
	// ExportResidents is the resident roster, in the import's layout, so
	// that it can be imported again; personal information is masked as
	// the API masks it for the viewer, and every unmasked value is
	// recorded in the access log.
	ExportResidents ExportKind = "residents"
	// ExportIssues lists the issues reported in a period.
	ExportIssues ExportKind = "issues"
	// ExportStats holds the community's figures for a period beside the
	// same dates a year earlier.
	ExportStats ExportKind = "stats"
)

// ExportKinds lists the kinds of export.
var ExportKinds = []ExportKind{ExportResidents, ExportIssues, ExportStats}

// ParseExportKind reads an export kind: "residents", "issues", "stats"
// (any case).
func ParseExportKind(s string) (ExportKind, error) {
	switch k := ExportKind(strings.ToLower(strings.TrimSpace(s))); k {
	case ExportResidents, ExportIssues, ExportStats:
		return k, nil
	case "statistics":
		return ExportStats, nil
	}
	return "", apperr.InvalidField("kind", "unknown export %q: use residents, issues or stats", s)
}

// ExportOptions say what to export.
type ExportOptions struct {
	// CommunityID is the community exported.
	CommunityID gid.ID
	// Kind is what to export.
	Kind ExportKind
	// From and To are the first and last day of the period, as dates in
	// the community's time zone (only their year, month and day count).
	// Issues: those reported in the period; either may be zero for no
	// bound. Stats: the period; zero From is 1 January of To's year, zero
	// To is today.
	From, To time.Time
	// Dialect is the store's dialect, for the statistics' SQL.
	Dialect string
	// Now is the time of the export; time.Now() if zero.
	Now time.Time
}

// Workbook is an export ready to be written.
type Workbook struct {
	// Filename is a name for the file: "residents-demo-20250301.xlsx".
	Filename string
	// Rows is the number of data rows written.
	Rows int
	// Unmasked is the number of personal fields shown in full, a resident's
	// phone, ID-card number, address and care flags counting one each, as
	// the access log records them.
	Unmasked int
	file     *excelize.File
}

// ContentType is the media type of an xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// WriteTo writes the xlsx file to w.
func (wb *Workbook) WriteTo(w io.Writer) (int64, error) {
	return wb.file.WriteTo(w)
}

// Close releases the workbook's temporary files.
func (wb *Workbook) Close() error { return wb.file.Close() }

// exportEntity is the record each export reads, for the check of the
// viewer's read scope.
var exportEntity = map[ExportKind]string{ExportResidents: "Resident", ExportIssues: "Issue", ExportStats: "Issue"}

// Export reads a community's residents, issues or statistics into an xlsx
// workbook, streaming rows to a temporary file: memory stays flat however
// many rows there are. Exports are for those who read every record of the
// kind in the community (staff, police, grid workers and administrators)
// and for the server itself (authz.System, as the command line runs). The
// records are read through client with ctx, under the privacy policies;
// residents' personal information is masked exactly as the GraphQL API
// masks it for the viewer (package disclosure), and each value shown in
// full is recorded in the access log. Without a viewer (authz.System)
// everything personal is masked, since nobody could be recorded as
// having seen it.
//
// All reading is done when Export returns; writing the workbook (WriteTo)
// cannot fail for a reason of the data.
func Export(ctx context.Context, client *ent.Client, opts ExportOptions) (*Workbook, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	entity, ok := exportEntity[opts.Kind]
	if !ok {
		return nil, apperr.InvalidField("kind", "unknown export %q: use residents, issues or stats", opts.Kind)
	}
	if !authz.IsSystem(ctx) {
		v := auth.FromContext(ctx)
		if v == nil {
			return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
		}
		if err := authz.Export(v, entity, opts.CommunityID); err != nil {
			return nil, err
		}
	}
	comm, err := client.Community.Get(ctx, opts.CommunityID)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("no community with ID %s", opts.CommunityID)
	}
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(comm.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	x := &exporter{ctx: ctx, client: client, comm: comm, loc: loc, opts: opts, file: excelize.NewFile()}
	wb := &Workbook{file: x.file, Filename: fmt.Sprintf("%s-%s-%s.xlsx", opts.Kind, comm.Code, opts.Now.In(loc).Format("20060102"))}
	if err := x.styles(); err != nil {
		x.file.Close()
		return nil, err
	}
	switch opts.Kind {
	case ExportResidents:
		err = x.residents(wb)
	case ExportIssues:
		err = x.issues(wb)
	case ExportStats:
		err = x.stats(wb)
	}
	if err != nil {
		x.file.Close()
		return nil, err
	}
	return wb, nil
}

// exporter writes one export.
type exporter struct {
	ctx    context.Context
	client *ent.Client
	comm   *ent.Community
	loc    *time.Location
	opts   ExportOptions
	file   *excelize.File

	header, text, date, datetime, number, decimal int // style IDs
}

// styles creates the workbook's cell styles.
func (x *exporter) styles() error {
	var err error
	newStyle := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = x.file.NewStyle(s)
		return id
	}
	x.header = newStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	x.text = newStyle(&excelize.Style{NumFmt: 49})
	dateFmt, datetimeFmt, decimalFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.0"
	x.date = newStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}})
	x.datetime = newStyle(&excelize.Style{CustomNumFmt: &datetimeFmt, Alignment: &excelize.Alignment{Horizontal: "left"}})
	x.number = newStyle(&excelize.Style{NumFmt: 1})
	x.decimal = newStyle(&excelize.Style{CustomNumFmt: &decimalFmt})
	return err
}

// sheetColumn is a column of an export: its header, width and style.
type sheetColumn struct {
	header string
	width  float64
	style  int
}

// newSheet starts a worksheet with a bold, frozen header row and set
// column widths; the first sheet of the workbook is renamed.
func (x *exporter) newSheet(name string, cols []sheetColumn) (*excelize.StreamWriter, error) {
	if x.file.SheetCount == 1 && x.file.GetSheetList()[0] == "Sheet1" {
		if err := x.file.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := x.file.NewSheet(name); err != nil {
		return nil, err
	}
	sw, err := x.file.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
		if c.style != 0 {
			if err := sw.SetColStyle(i+1, i+1, c.style); err != nil {
				return nil, err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: x.header, Value: c.header}
	}
	return sw, sw.SetRow("A1", head, excelize.RowOpts{Height: 20})
}

// wall is a time as a wall-clock time in the community's zone, which is
// how spreadsheet cells hold times (they have no zone).
func (x *exporter) wall(t time.Time) time.Time {
	t = t.In(x.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// dateCell is a date cell, empty for nil.
func (x *exporter) dateCell(t *time.Time, style int) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: style, Value: x.wall(*t)}
}

// textCell is a text cell, kept as text by Excel when edited.
func (x *exporter) textCell(s string) any {
	if s == "" {
		return nil
	}
	return excelize.Cell{StyleID: x.text, Value: s}
}

// pageSize is how many records an export reads at a time.
const pageSize = 500

// residents writes the resident roster: the import's canonical columns,
// masked for the viewer.
func (x *exporter) residents(wb *Workbook) error {
	cols := []sheetColumn{
		{header: colName.Header, width: 12},
		{header: colPhone.Header, width: 14, style: x.text},
		{header: colIDCard.Header, width: 21, style: x.text},
		{header: colGrid.Header, width: 12},
		{header: colCompound.Header, width: 16},
		{header: colBuilding.Header, width: 8, style: x.text},
		{header: colUnit.Header, width: 8, style: x.text},
		{header: colRoom.Header, width: 8, style: x.text},
		{header: "居住类型", width: 10},
		{header: "党员", width: 6},
		{header: "关怀标记", width: 18},
		{header: "云议事厅成员", width: 12},
		{header: "入住日期", width: 12, style: x.date},
	}
	sw, err := x.newSheet("居民", cols)
	if err != nil {
		return err
	}
	compounds, grids, err := x.placeNames()
	if err != nil {
		return err
	}
	ctx, rec := disclosure.WithRecorder(x.ctx, x.client, x.opts.Dialect)
	// reveal is the value as the viewer is shown it, and whether in full
	// (an empty value does not count).
	reveal := func(res *ent.Resident, f disclosure.Field, value string) (string, bool, error) {
		v, shown, err := disclosure.Show(ctx, res, f, value)
		return v, shown == authz.Full && value != "", err
	}
	row := 2
	for offset := 0; ; offset += pageSize {
		page, err := x.client.Resident.Query().
			Where(resident.CommunityID(x.comm.ID)).
			Order(ent.Asc(resident.FieldCompoundID), ent.Asc(resident.FieldBuilding), ent.Asc(resident.FieldUnit),
				ent.Asc(resident.FieldRoom), ent.Asc(resident.FieldName), ent.Asc(resident.FieldID)).
			Offset(offset).Limit(pageSize).
			All(ctx)
		if err != nil {
			return err
		}
		for _, r := range page {
			phone, full, err := reveal(r, disclosure.Phone, r.Phone)
			if err != nil {
				return err
			}
			wb.Unmasked += count(full)
			idCard, full, err := reveal(r, disclosure.IDCard, r.IDCardNumber)
			if err != nil {
				return err
			}
			wb.Unmasked += count(full)
			var addr [3]string
			shown := false
			for i, v := range []string{r.Building, r.Unit, r.Room} {
				if addr[i], full, err = reveal(r, disclosure.Address, v); err != nil {
					return err
				}
				shown = shown || full
			}
			wb.Unmasked += count(shown)
			flags := ""
			if len(r.CareFlags) > 0 {
				shown, err := disclosure.Flags(ctx, r)
				if err != nil {
					return err
				}
				if shown != nil {
					flags = careFlagsText(shown)
					wb.Unmasked++
				}
			}
			c := compounds[r.CompoundID]
			values := []any{
				r.Name, x.textCell(phone), x.textCell(idCard), grids[c.GridID], c.Name,
				x.textCell(addr[0]), x.textCell(addr[1]), x.textCell(addr[2]),
				residencyText[r.Residency], boolText(r.PartyMember), flags, boolText(r.HallMember),
				x.dateCell(r.MovedInAt, x.date),
			}
			if err := sw.SetRow(fmt.Sprintf("A%d", row), values); err != nil {
				return err
			}
			row++
			wb.Rows++
		}
		// Each page's unmasked reads go to the access log as they are made.
		if err := rec.Flush(ctx); err != nil {
			return fmt.Errorf("writing the access log: %w", err)
		}
		if len(page) < pageSize {
			break
		}
	}
	return sw.Flush()
}

// count is 1 for true, 0 for false.
func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// placeNames reads the names of the community's compounds and grids.
func (x *exporter) placeNames() (map[gid.ID]ent.Compound, map[gid.ID]string, error) {
	cs, err := x.client.Compound.Query().Where(compound.CommunityID(x.comm.ID)).All(x.ctx)
	if err != nil {
		return nil, nil, err
	}
	compounds := map[gid.ID]ent.Compound{}
	for _, c := range cs {
		compounds[c.ID] = ent.Compound{Name: c.Name, GridID: c.GridID}
	}
	gs, err := x.client.Grid.Query().Where(grid.CommunityID(x.comm.ID)).All(x.ctx)
	if err != nil {
		return nil, nil, err
	}
	grids := map[gid.ID]string{}
	for _, g := range gs {
		grids[g.ID] = g.Name
	}
	return compounds, grids, nil
}

// Chinese names of the issue enums, as the office writes them.
var (
	issueKindText = map[issue.Kind]string{
		issue.KindDISPUTE: "矛盾纠纷", issue.KindHAZARD: "安全隐患", issue.KindEMERGENCY: "紧急求助",
		issue.KindPUBLIC_AFFAIR: "公共事务", issue.KindHELP_REQUEST: "求助", issue.KindINQUIRY: "咨询",
	}
	issueCategoryText = map[issue.Category]string{
		issue.CategoryPROPERTY: "房产物业", issue.CategoryTENANCY: "租赁", issue.CategoryNEIGHBOURS: "邻里",
		issue.CategoryFAMILY: "家庭", issue.CategoryFEES: "费用", issue.CategorySANITATION: "环境卫生",
		issue.CategoryFACILITIES: "设施", issue.CategoryNOISE: "噪音", issue.CategoryPARKING: "停车",
		issue.CategorySAFETY: "安全", issue.CategoryOTHER: "其他",
	}
	issueChannelText = map[issue.Channel]string{
		issue.ChannelAPP: "App", issue.ChannelONLINE_HALL: "云议事厅", issue.ChannelWALK_IN: "来访",
		issue.ChannelPHONE: "电话", issue.ChannelPATROL: "巡逻发现", issue.ChannelPOLICE_CALL: "110警情",
	}
	issuePriorityText = map[issue.Priority]string{
		issue.PriorityLOW: "低", issue.PriorityNORMAL: "一般", issue.PriorityHIGH: "高", issue.PriorityURGENT: "紧急",
	}
	issueStatusText = map[lifecycle.Status]string{
		lifecycle.Reported: "已上报", lifecycle.Acknowledged: "已受理", lifecycle.InProgress: "处置中",
		lifecycle.Resolved: "已解决", lifecycle.Closed: "已办结", lifecycle.Reopened: "重新打开",
		lifecycle.Duplicate: "重复", lifecycle.Rejected: "不予受理",
	}
	incidentText = map[issue.IncidentClass]string{
		issue.IncidentClassNONE: "", issue.IncidentClassPREVENTABLE: "可防性案件", issue.IncidentClassCRIMINAL: "刑事案件",
	}
)

// label is the Chinese name of an enum value, or the value itself.
func label[K ~string](names map[K]string, k K) string {
	if s, ok := names[k]; ok {
		return s
	}
	return string(k)
}

// issues writes the issues reported in the period, oldest first. The
// reporter is left out: an export carries no one's personal information
// but the resident roster's.
func (x *exporter) issues(wb *Workbook) error {
	cols := []sheetColumn{
		{header: "编号", width: 30},
		{header: "标题", width: 36},
		{header: "类型", width: 10},
		{header: "类别", width: 10},
		{header: "渠道", width: 10},
		{header: "优先级", width: 8},
		{header: "状态", width: 10},
		{header: "案件性质", width: 12},
		{header: "重复警情", width: 10},
		{header: "网格", width: 12},
		{header: "小区", width: 16},
		{header: "地点", width: 30},
		{header: "上报时间", width: 17, style: x.datetime},
		{header: "受理时间", width: 17, style: x.datetime},
		{header: "首次到场时间", width: 17, style: x.datetime},
		{header: "解决时间", width: 17, style: x.datetime},
		{header: "办结时间", width: 17, style: x.datetime},
		{header: "评分", width: 6, style: x.number},
	}
	sw, err := x.newSheet("事件", cols)
	if err != nil {
		return err
	}
	compounds, grids, err := x.placeNames()
	if err != nil {
		return err
	}
	q := []func(*ent.IssueQuery){func(q *ent.IssueQuery) { q.Where(issue.CommunityID(x.comm.ID)) }}
	if !x.opts.From.IsZero() {
		from := dayStart(x.opts.From, x.loc)
		q = append(q, func(q *ent.IssueQuery) { q.Where(issue.ReportedAtGTE(from)) })
	}
	if !x.opts.To.IsZero() {
		to := dayStart(x.opts.To, x.loc).AddDate(0, 0, 1)
		q = append(q, func(q *ent.IssueQuery) { q.Where(issue.ReportedAtLT(to)) })
	}
	row := 2
	var after *ent.Issue
	for {
		query := x.client.Issue.Query()
		for _, f := range q {
			f(query)
		}
		if after != nil {
			at, id := after.ReportedAt, after.ID
			query.Where(issue.Or(issue.ReportedAtGT(at), issue.And(issue.ReportedAt(at), issue.IDGT(id))))
		}
		page, err := query.Order(ent.Asc(issue.FieldReportedAt), ent.Asc(issue.FieldID)).Limit(pageSize).All(x.ctx)
		if err != nil {
			return err
		}
		for _, is := range page {
			var rating any
			if is.Rating != nil {
				rating = *is.Rating
			}
			repeat := ""
			if is.RepeatOfID != "" {
				repeat = "是"
			}
			reported := is.ReportedAt
			values := []any{
				string(is.ID), is.Title, label(issueKindText, is.Kind), label(issueCategoryText, is.Category),
				label(issueChannelText, is.Channel), label(issuePriorityText, is.Priority), label(issueStatusText, is.Status),
				label(incidentText, is.IncidentClass), repeat, grids[is.GridID], compounds[is.CompoundID].Name, is.Address,
				x.dateCell(&reported, x.datetime), x.dateCell(is.AcknowledgedAt, x.datetime), x.dateCell(is.FirstArrivalAt, x.datetime),
				x.dateCell(is.ResolvedAt, x.datetime), x.dateCell(is.ClosedAt, x.datetime), rating,
			}
			if err := sw.SetRow(fmt.Sprintf("A%d", row), values); err != nil {
				return err
			}
			row++
			wb.Rows++
		}
		if len(page) < pageSize {
			break
		}
		after = page[len(page)-1]
	}
	return sw.Flush()
}

// dayStart is 00:00 in loc on the date of t.
func dayStart(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// stats writes the community's figures for the period beside the same
// dates a year earlier, as the communityStats query computes them.
func (x *exporter) stats(wb *Workbook) error {
	today := x.opts.Now.In(x.loc)
	to := x.opts.To
	if to.IsZero() {
		to = today
	}
	from := x.opts.From
	if from.IsZero() {
		from = time.Date(to.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	period, err := stats.PeriodOf(dayStart(from, x.loc), dayStart(to, x.loc), x.loc)
	if err != nil {
		return apperr.Invalidf("%v", err)
	}
	earlier := period.YearEarlier(x.loc)
	scope := stats.Scope{CommunityID: x.comm.ID}
	computed, err := stats.ComputeMany(x.ctx, x.client, x.opts.Dialect, scope, []stats.Period{period, earlier}, stats.All)
	if err != nil {
		return err
	}
	cur, prev := computed[0], computed[1]
	span := func(p stats.Period) string {
		return p.From.In(x.loc).Format("2006-01-02") + " – " + p.To.In(x.loc).AddDate(0, 0, -1).Format("2006-01-02")
	}
	cols := []sheetColumn{
		{header: "指标", width: 34},
		{header: "本期 " + span(period), width: 26},
		{header: "去年同期 " + span(earlier), width: 26},
		{header: "同比变化 %", width: 12},
	}
	sw, err := x.newSheet("统计", cols)
	if err != nil {
		return err
	}
	// A figure is a count (whole numbers) or a measure (one or two decimals).
	type figure struct {
		name      string
		cur, prev *float64
		count     bool
	}
	n := func(name string, cur, prev int) figure {
		c, p := float64(cur), float64(prev)
		return figure{name: name, cur: &c, prev: &p, count: true}
	}
	pct := func(part, whole int) *float64 {
		if whole == 0 {
			return nil
		}
		v := math.Round(float64(part)/float64(whole)*1000) / 10
		return &v
	}
	mins := func(d *time.Duration) *float64 {
		if d == nil {
			return nil
		}
		v := math.Round(d.Minutes()*10) / 10
		return &v
	}
	hours := func(m int) *float64 { v := math.Round(float64(m)/6) / 10; return &v }
	round2 := func(v *float64) *float64 {
		if v == nil {
			return nil
		}
		r := math.Round(*v*100) / 100
		return &r
	}
	figures := []figure{
		n("事件总数 (issues)", cur.Issues, prev.Issues),
		n("警情 (police calls)", cur.PoliceCalls, prev.PoliceCalls),
		n("重复警情 (repeat police calls)", cur.RepeatPoliceCalls, prev.RepeatPoliceCalls),
		n("矛盾纠纷 (disputes)", cur.Disputes, prev.Disputes),
		n("可防性案件 (preventable cases)", cur.PreventableCases, prev.PreventableCases),
		n("刑事案件 (criminal cases)", cur.CriminalCases, prev.CriminalCases),
		n("调解案件 (mediations)", cur.Mediations, prev.Mediations),
		n("调解成功 (mediations resolved)", cur.MediationsResolved, prev.MediationsResolved),
		{name: "调解成功率 % (resolution rate)", cur: pct(cur.MediationsResolved, cur.Mediations), prev: pct(prev.MediationsResolved, prev.Mediations)},
		{name: "受理用时中位数 分钟 (median minutes to acknowledge)", cur: mins(cur.MedianAcknowledge), prev: mins(prev.MedianAcknowledge)},
		{name: "到场用时中位数 分钟 (median minutes to first arrival)", cur: mins(cur.MedianFirstArrival), prev: mins(prev.MedianFirstArrival)},
		{name: "办结用时中位数 分钟 (median minutes to resolve)", cur: mins(cur.MedianResolve), prev: mins(prev.MedianResolve)},
		n("评价数 (ratings)", cur.Ratings, prev.Ratings),
		{name: "平均满意度 (mean rating, 1-5)", cur: round2(cur.MeanRating), prev: round2(prev.MeanRating)},
		{name: "党员管家服务时长 小时 (steward service hours)", cur: hours(cur.StewardServiceMinutes), prev: hours(prev.StewardServiceMinutes)},
		{name: "巡逻时长 小时 (patrol hours)", cur: hours(cur.PatrolMemberMinutes), prev: hours(prev.PatrolMemberMinutes)},
		n("大型活动安保 (events secured)", cur.EventsSecured, prev.EventsSecured),
	}
	for _, k := range []issue.Kind{issue.KindDISPUTE, issue.KindHAZARD, issue.KindEMERGENCY, issue.KindPUBLIC_AFFAIR, issue.KindHELP_REQUEST, issue.KindINQUIRY} {
		figures = append(figures, n("类型: "+label(issueKindText, k)+" ("+string(k)+")", cur.IssuesByKind[string(k)], prev.IssuesByKind[string(k)]))
	}
	for _, s := range lifecycle.Status("").Values() {
		st := lifecycle.Status(s)
		figures = append(figures, n("状态: "+label(issueStatusText, st)+" ("+s+")", cur.IssuesByStatus[s], prev.IssuesByStatus[s]))
	}
	for i, f := range figures {
		style := x.decimal
		if f.count {
			style = x.number
		}
		value := func(p *float64) any {
			if p == nil {
				return nil
			}
			return excelize.Cell{StyleID: style, Value: *p}
		}
		var change any
		if f.cur != nil && f.prev != nil {
			if c := stats.Change(*f.cur, *f.prev); c != nil {
				change = excelize.Cell{StyleID: x.decimal, Value: *c}
			}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), []any{f.name, value(f.cur), value(f.prev), change}); err != nil {
			return err
		}
		wb.Rows++
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// A second sheet says what the figures are of.
	about, err := x.newSheet("说明", []sheetColumn{{header: "项目", width: 16}, {header: "内容", width: 48}})
	if err != nil {
		return err
	}
	for i, kv := range [][2]string{
		{"社区 (community)", x.comm.Name + " (" + x.comm.Code + ")"},
		{"本期 (period)", span(period)},
		{"去年同期 (a year earlier)", span(earlier)},
		{"时区 (time zone)", x.loc.String()},
		{"导出时间 (exported at)", today.Format("2006-01-02 15:04")},
	} {
		if err := about.SetRow(fmt.Sprintf("A%d", i+2), []any{kv[0], kv[1]}); err != nil {
			return err
		}
	}
	return about.Flush()
}
