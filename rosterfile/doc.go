// Package rosterfile takes rosters in and gives figures back as
// spreadsheets: the community office's residents, rented flats, employee
// registrations and patrol members imported from Excel workbooks (.xlsx)
// or CSV files, and the residents, issues and statistics exported as
// formatted .xlsx workbooks.
//
// Imports (Import, ImportFile) recognise the Chinese headers offices use
// (姓名, 手机号, 身份证号, 小区, 楼栋, 单元, 房号 and their synonyms, see
// Columns), take a column mapping for other layouts, check every row
// (phone and ID-card numbers, compounds and grids, duplicates in the file
// and against the community's records) and write all rows or none, in one
// transaction, through the ent client and so through the privacy policies,
// the tenancy rule and the audit log. Files that cannot be imported
// (damaged, password-protected, with formulas or merged cells, without the
// required headers, empty, too large) are refused with a BAD_USER_INPUT
// error before anything is written.
//
// Exports (Export, ExportHandler) stream rows into an xlsx workbook with
// excelize's StreamWriter; the resident roster uses the import's headers,
// so that it imports again, and masks personal information exactly as the
// GraphQL API does for the viewer, recording every value shown in full in
// the access log.
//
// Both sides read and write rows as streams: memory stays flat however
// long the file.
package rosterfile
