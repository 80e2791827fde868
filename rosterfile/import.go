package rosterfile

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql/schema"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/migrate"
	_ "wutong/ent/runtime" // the schema's validators and hooks
	"wutong/gid"
	"wutong/tenancy"
)

// Defaults of Options.
const (
	// DefaultMaxBytes is the largest file an import takes.
	DefaultMaxBytes = 50 << 20
	// DefaultMaxRows is the most data rows an import takes.
	DefaultMaxRows = 200_000
	// DefaultBatchSize is how many records one INSERT writes.
	DefaultBatchSize = 1000
	// DefaultMaxProblems is how many problems a Result lists; all are counted.
	DefaultMaxProblems = 1000
)

// headerSearch is how many non-empty rows are searched for the header row;
// rows above it (a title, a date) are skipped.
const headerSearch = 10

// Options say what to import and how.
type Options struct {
	// CommunityID is the community the records are created in.
	CommunityID gid.ID
	// Kind is what the file holds.
	Kind Kind
	// DryRun checks every row and writes nothing.
	DryRun bool
	// Mapping maps a column of the file (its header, or its letter such
	// as "C") to a field name (see Field) or a header the kind recognises;
	// "-" ignores the column. Columns not mapped are recognised by their
	// headers (see Columns).
	Mapping map[string]string
	// Sheet is the worksheet of an xlsx file to read; the first if empty.
	Sheet string
	// MaxBytes is the largest file taken; DefaultMaxBytes if 0.
	MaxBytes int64
	// MaxRows is the most data rows taken; DefaultMaxRows if 0.
	MaxRows int
	// BatchSize is how many records one INSERT writes; DefaultBatchSize if 0.
	BatchSize int
	// MaxProblems is how many problems the Result lists (all are
	// counted); DefaultMaxProblems if 0, no limit if negative.
	MaxProblems int
	// Progress, if set, is called as rows are read: done rows so far, of
	// about total (0 when not known in advance).
	Progress func(done, total int)
	// TempDir is where uploads and unpacked parts of large workbooks are
	// kept while they are read; the system's if empty.
	TempDir string
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.MaxProblems == 0 {
		o.MaxProblems = DefaultMaxProblems
	}
	return o
}

// Problem is what is wrong with one cell or row of the file.
type Problem struct {
	// Row is the row number as the spreadsheet shows it (CSV: the line).
	Row int
	// Column is the column's header as written in the file; empty for a
	// problem of the whole row.
	Column string
	// Cell is the cell's reference, such as "C12"; empty for a problem of
	// the whole row.
	Cell string
	// Field is the field of the column, if any.
	Field Field
	// Message says what is wrong, for the user.
	Message string
}

// String writes the problem for people: "row 12, 手机号 (C12): must be …".
func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("row %d: %s", p.Row, p.Message)
	}
	return fmt.Sprintf("row %d, %s (%s): %s", p.Row, p.Column, p.Cell, p.Message)
}

// MappedColumn is a column of the file and the field read from it.
type MappedColumn struct {
	// Header is the column's header as written in the file.
	Header string
	// Letter is the column's letter, such as "C".
	Letter string
	// Field is what the column was read as.
	Field Field
}

// Result is the outcome of an import. When Problems is not empty nothing
// was written: an import writes every row or none.
type Result struct {
	// Kind is what the file held.
	Kind Kind
	// DryRun is set when the rows were only checked.
	DryRun bool
	// Format is "xlsx" or "csv".
	Format string
	// Sheet is the worksheet read, for an xlsx file.
	Sheet string
	// Encoding is the text encoding of a CSV file: UTF-8, UTF-16 or GB18030.
	Encoding string
	// HeaderRow is the row number of the header row.
	HeaderRow int
	// Columns are the columns read, in the file's order.
	Columns []MappedColumn
	// Ignored are the headers of columns that were not read.
	Ignored []string
	// Rows is the number of data rows read (blank rows are skipped).
	Rows int
	// Created is the number of records created: 0 for a dry run or when
	// there were problems.
	Created int
	// ResidentsCreated is, for an employee roster, how many employees were
	// not residents yet and were created as residents (without a compound);
	// included in Created.
	ResidentsCreated int
	// Problems lists the problems found, row by row, at most
	// Options.MaxProblems of them.
	Problems []Problem
	// ProblemCount counts every problem found, listed or not.
	ProblemCount int
	// Took is how long the import took.
	Took time.Duration
}

// OK reports whether every row was good; only then was anything written
// (unless it was a dry run).
func (r *Result) OK() bool { return r.ProblemCount == 0 }

// Summary says in one line what happened.
func (r *Result) Summary() string {
	switch {
	case r.ProblemCount > 0:
		return fmt.Sprintf("%d problems in %d rows: nothing was imported", r.ProblemCount, r.Rows)
	case r.DryRun:
		return fmt.Sprintf("%d rows checked, all good (dry run: nothing was written)", r.Rows)
	}
	s := fmt.Sprintf("%d rows imported: %d records created", r.Rows, r.Created)
	if r.ResidentsCreated > 0 {
		s += fmt.Sprintf(", of which %d new residents", r.ResidentsCreated)
	}
	return s
}

// entityOf is the ent type each kind creates, for the authorization matrix.
var entityOf = map[Kind]string{
	Residents:     "Resident",
	Rentals:       "RentalHousing",
	Employees:     "EmployeeRegistration",
	PatrolMembers: "PatrolMember",
}

// authorize lets the server itself (authz.System) and viewers who may
// create the kind's records throughout the community import them. The
// check comes before any row is read, so that a dry run cannot tell
// someone without that right whether a phone number is registered.
func authorize(ctx context.Context, k Kind, community gid.ID) error {
	if authz.IsSystem(ctx) {
		return nil
	}
	v := auth.FromContext(ctx)
	if v == nil {
		return &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	entities := []string{entityOf[k]}
	if k == Employees {
		entities = append(entities, "Resident")
	}
	return authz.Import(v, community, string(k), entities...)
}

// personalOf are the columns that carry or match a resident's personal
// information, and which piece of it.
var personalOf = map[Field]authz.Field{
	FieldPhone: authz.Phone, FieldLandlordPhone: authz.Phone,
	FieldIDCard: authz.IDCard, FieldLandlordIDCard: authz.IDCard, FieldTenantIDCards: authz.IDCard,
	FieldBuilding: authz.Address, FieldUnit: authz.Address, FieldRoom: authz.Address,
	FieldCareFlags: authz.CareFlags,
}

// personalColumns refuses, before any row is read, a file with a column of
// personal information that the importer sees masked: such a column would
// be written (the Writes table refuses it) or matched against the
// community's residents ("is already registered", "no resident has this
// ID-card number"), and either answer would confirm a value the importer
// may not read. A grid worker imports residents without ID-card numbers;
// the police office adds them.
func personalColumns(ctx context.Context, community gid.ID, lay *layout) error {
	if authz.IsSystem(ctx) {
		return nil
	}
	v := auth.FromContext(ctx)
	for i, h := range lay.headers {
		for f, j := range lay.index {
			p, personal := personalOf[f]
			if i != j || !personal || authz.UnmasksIn(v, community, p) {
				continue
			}
			return &apperr.Error{Kind: apperr.Forbidden, Field: "file",
				Message: fmt.Sprintf("column %s (%s): your roles see %s masked, so you can neither register nor match it; remove the column and import again, or ask the police office", letterOf(i), cleanText(h), p)}
		}
	}
	return nil
}

// ImportFile imports the roster in the file at path (see Import).
func ImportFile(ctx context.Context, client *ent.Client, path string, opts Options) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, apperr.InvalidField("file", "cannot open %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	return Import(ctx, client, Source{Name: path, Reader: f}, opts)
}

// Import reads a roster file and creates its records in the community,
// all in one transaction: every row, or none. Writes go through client
// with ctx, so the privacy policies, the tenancy rule and the audit log
// apply as to any other write; the command line passes authz.System(ctx).
//
// The file is read as a stream and written a batch of rows at a time
// (CreateBulk, DefaultBatchSize rows an INSERT). Memory does not grow with
// the number of rows but for the duplicate check: about 30 bytes per
// phone or ID-card number met, in the file or among the community's
// residents (a 64-bit hash and a row number each).
//
// A file that cannot be imported at all (too large, empty, damaged,
// password-protected, with formulas or merged cells, without the required
// headers, with too many rows) is an *apperr.Error of kind BAD_USER_INPUT
// and nothing is written. Bad rows are not an error: they are listed in
// Result.Problems, and then nothing is written either. If client is the
// client of a transaction, or ctx carries one (as a GraphQL mutation's
// does), the import runs in that transaction, inside a savepoint that it
// rolls back to on problems: starting a second transaction there would
// wait forever for SQLite's write lock, which the first one holds.
func Import(ctx context.Context, client *ent.Client, src Source, opts Options) (*Result, error) {
	start := time.Now()
	opts = opts.withDefaults()
	if tx := ent.TxFromContext(ctx); tx != nil {
		client = tx.Client()
	}
	if _, ok := columns[opts.Kind]; !ok {
		return nil, apperr.InvalidField("kind", "unknown roster kind %q: use residents, rentals, employees or patrol-members", opts.Kind)
	}
	m, err := resolveMapping(opts.Kind, opts.Mapping)
	if err != nil {
		return nil, err
	}
	if err := authorize(ctx, opts.Kind, opts.CommunityID); err != nil {
		return nil, err
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
	l, err := localize(src, opts.MaxBytes, opts.TempDir)
	if err != nil {
		return nil, err
	}
	defer l.cleanup()
	format, err := sniff(l, src.Name)
	if err != nil {
		return nil, err
	}
	res := &Result{Kind: opts.Kind, DryRun: opts.DryRun, Format: format}
	var (
		sh       sheet
		date1904 bool
	)
	switch format {
	case formatXLSX:
		x, name, err := openXLSX(l.path, opts.Sheet, opts.TempDir)
		if err != nil {
			return nil, err
		}
		sh, date1904, res.Sheet = x, x.date1904, name
	default:
		c, enc, err := openCSV(io.NewSectionReader(l.file, 0, l.size))
		if err != nil {
			return nil, err
		}
		sh, res.Encoding = c, enc
	}
	defer sh.close()

	lay, err := findHeader(sh, opts.Kind, m)
	if err != nil {
		return nil, err
	}
	res.HeaderRow, res.Ignored = lay.row, lay.ignored
	if err := personalColumns(ctx, opts.CommunityID, lay); err != nil {
		return nil, err
	}
	for i, h := range lay.headers {
		for f, j := range lay.index {
			if i == j {
				res.Columns = append(res.Columns, MappedColumn{Header: cleanText(h), Letter: letterOf(i), Field: f})
			}
		}
	}
	total := 0
	if format == formatXLSX {
		facts, err := inspectXLSX(l, res.Sheet, lay.row)
		if err != nil {
			return nil, err
		}
		if err := refuseFormulasAndMerges(facts); err != nil {
			return nil, err
		}
		total = max(facts.rows-1, 0)
		if facts.rows > opts.MaxRows+lay.row {
			return nil, tooManyRows(opts.MaxRows)
		}
	} else if opts.Progress != nil && res.Encoding != "UTF-16" {
		total = max(countLines(l.file, l.size)-lay.row, 0)
	}

	env := &importEnv{
		ctx: ctx, base: ctx, community: opts.CommunityID, loc: loc, date1904: date1904,
		layout: lay, result: res, maxProblems: opts.MaxProblems, csv: format == formatCSV, total: total,
	}
	u, err := begin(ctx, client, opts.DryRun)
	if err != nil {
		return nil, err
	}
	env.db = u.client
	if !opts.DryRun {
		// One import at a time per community: a second waits for the first
		// to end, and then finds its rows registered. PostgreSQL holds the
		// row lock to the end of the transaction; SQLite its write lock.
		if _, err := u.client.ExecContext(ctx, "UPDATE communities SET updated_at = updated_at WHERE id = $1", string(opts.CommunityID)); err != nil {
			return nil, u.rollback(err)
		}
	}
	proc, err := newProcessor(env)
	if err != nil {
		return nil, u.rollback(err)
	}
	if err := env.run(sh, proc, opts); err != nil {
		return nil, u.rollback(err)
	}
	res.Took = time.Since(start)
	if !res.OK() || opts.DryRun {
		res.Created, res.ResidentsCreated = 0, 0
		if err := u.rollback(nil); err != nil {
			return nil, err
		}
		return res, nil
	}
	if err := u.commit(); err != nil {
		return nil, err
	}
	res.Took = time.Since(start)
	return res, nil
}

// countLines counts the line feeds of a text file, for the progress of a
// CSV import; in UTF-8 and GB18030 the byte 0x0A is never part of another
// character.
func countLines(ra io.ReaderAt, size int64) int {
	buf := make([]byte, 256<<10)
	n := 0
	for off := int64(0); off < size; {
		k, err := ra.ReadAt(buf, off)
		n += bytes.Count(buf[:k], []byte{'\n'})
		off += int64(k)
		if err != nil {
			break
		}
	}
	return n
}

// tooManyRows is the error for a file over the row limit.
func tooManyRows(limit int) error {
	return apperr.InvalidField("file", "the file has more than %d data rows, the most one import takes: split it into several files", limit)
}

// inspectXLSX scans the chosen worksheet of the package at l.
func inspectXLSX(l *local, sheetName string, fromRow int) (sheetFacts, error) {
	zr, err := zip.NewReader(l.file, l.size)
	if err != nil {
		return sheetFacts{}, xlsxError(err)
	}
	part, err := findSheetPart(zr, sheetName)
	if err != nil {
		return sheetFacts{}, xlsxError(err)
	}
	facts, err := inspectSheet(zr, part, fromRow)
	if err != nil {
		return facts, xlsxError(err)
	}
	return facts, nil
}

// refuseFormulasAndMerges refuses a sheet whose header or data rows hold
// formulas or merged cells. A formula's value is computed, not what the
// office typed, and the value saved with it may be stale or missing (files
// written by other programs often have none); merged cells leave all but
// their first cell empty, so rows would silently lose their compound or
// building. Merged titles above the header row are fine.
func refuseFormulasAndMerges(f sheetFacts) error {
	if f.nFormula > 0 {
		var refs []string
		for _, c := range f.formulas {
			refs = append(refs, c.ref)
		}
		more := ""
		if f.nFormula > len(refs) {
			more = fmt.Sprintf(" and %d more", f.nFormula-len(refs))
		}
		return apperr.InvalidField("file", "the sheet has formulas in %s%s: an import takes typed values only; copy the columns and paste them back as values (选择性粘贴 > 数值), then upload again",
			strings.Join(refs, ", "), more)
	}
	if len(f.merges) > 0 {
		var refs []string
		for _, m := range f.merges {
			refs = append(refs, m.ref)
		}
		return apperr.InvalidField("file", "the sheet has merged cells (%s): unmerge them (取消合并单元格) and fill in every cell, then upload again",
			strings.Join(refs, ", "))
	}
	return nil
}

// findHeader reads rows until the header row: the first of the first
// headerSearch non-empty rows in which the kind's required columns are
// all recognised.
func findHeader(sh sheet, k Kind, m mapping) (*layout, error) {
	var best *layout
	bestN, seen := 0, 0
	for seen < headerSearch && sh.next() {
		cells := sh.cells()
		if blank(cells) {
			continue
		}
		seen++
		l, n, err := matchHeader(k, cells, m)
		if err != nil {
			return nil, err
		}
		l.row = sh.row()
		if n > 0 && len(l.missing()) == 0 {
			return l, nil
		}
		if n > bestN {
			best, bestN = l, n
		}
	}
	if err := sh.err(); err != nil {
		return nil, err
	}
	switch {
	case seen == 0:
		return nil, apperr.InvalidField("file", "the file has no rows")
	case best != nil:
		return nil, apperr.InvalidField("file", "the header row (row %d) lacks the required columns %s; a %s roster has the columns %s (or give a column mapping)",
			best.row, strings.Join(best.missing(), ", "), k, expected(k))
	}
	return nil, apperr.InvalidField("file", "no header row found in the first %d rows: a %s roster has the columns %s (or give a column mapping for other headers)",
		headerSearch, k, expected(k))
}

// blank reports whether a row has no value.
func blank(cells []string) bool {
	for _, c := range cells {
		if cleanText(c) != "" {
			return false
		}
	}
	return true
}

// unit is the transaction an import writes in: its own, a savepoint in the
// caller's, or none for a dry run (which writes nothing and so need not
// hold SQLite's write lock).
type unit struct {
	client    *ent.Client
	tx        *ent.Tx
	savepoint bool
	ctx       context.Context
}

// savepointName names the savepoint of an import inside a caller's
// transaction.
const savepointName = "wutong_roster_import"

// begin starts the unit of work.
func begin(ctx context.Context, client *ent.Client, dry bool) (*unit, error) {
	if dry {
		return &unit{client: client, ctx: ctx}, nil
	}
	tx, err := client.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		if _, err := client.ExecContext(ctx, "SAVEPOINT "+savepointName); err != nil {
			return nil, fmt.Errorf("starting a savepoint: %w", err)
		}
		return &unit{client: client, savepoint: true, ctx: ctx}, nil
	}
	if err != nil {
		return nil, err
	}
	return &unit{client: tx.Client(), tx: tx, ctx: ctx}, nil
}

// commit keeps what was written.
func (u *unit) commit() error {
	switch {
	case u.tx != nil:
		return u.tx.Commit()
	case u.savepoint:
		_, err := u.client.ExecContext(u.ctx, "RELEASE SAVEPOINT "+savepointName)
		return err
	}
	return nil
}

// rollback undoes what was written and returns cause (joined with any
// error of the rollback).
func (u *unit) rollback(cause error) error {
	var err error
	ctx := context.WithoutCancel(u.ctx)
	switch {
	case u.tx != nil:
		err = u.tx.Rollback()
	case u.savepoint:
		if _, err = u.client.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+savepointName); err == nil {
			_, err = u.client.ExecContext(ctx, "RELEASE SAVEPOINT "+savepointName)
		}
	}
	if err != nil {
		return errors.Join(cause, fmt.Errorf("rolling back the import: %w", err))
	}
	return cause
}

// importEnv is what the processors of one import share.
type importEnv struct {
	// ctx is the context of the current batch: base with a tenancy cache
	// of its own, so that the community of the compounds a batch refers
	// to is looked up once per batch, and the cache, which also keeps
	// every record written through it, does not grow with the file.
	ctx         context.Context
	base        context.Context
	db          *ent.Client
	community   gid.ID
	loc         *time.Location
	date1904    bool
	layout      *layout
	result      *Result
	maxProblems int
	csv         bool
	total       int // about how many data rows the file has; 0 if not known
}

// processor checks and writes the rows of one kind.
type processor interface {
	// row checks one row, and keeps it for the next flush if it is good.
	row(r *rowCtx)
	// pending is how many rows wait for the next flush.
	pending() int
	// flush checks the waiting rows against the database, and writes
	// them if write says so after the check.
	flush(write func() bool) error
}

// newProcessor returns the processor of the import's kind, with the
// community's places, organizations or teams loaded.
func newProcessor(env *importEnv) (processor, error) {
	switch env.layout.kind {
	case Residents:
		return newResidentsImport(env)
	case Rentals:
		return newRentalsImport(env)
	case Employees:
		return newEmployeesImport(env)
	case PatrolMembers:
		return newPatrolImport(env)
	}
	return nil, fmt.Errorf("rosterfile: no processor for %q", env.layout.kind)
}

// run reads the data rows and feeds them to the processor, flushing a
// batch at a time. Once a problem is found nothing more is written, but
// every row is still checked, so that the result lists all problems.
func (env *importEnv) run(sh sheet, p processor, opts Options) error {
	res := env.result
	write := func() bool { return !opts.DryRun && res.ProblemCount == 0 }
	rows, stop := readAhead(sh)
	defer stop()
	r := &rowCtx{env: env}
	for chunk := range rows {
		for _, row := range chunk {
			res.Rows++
			if res.Rows > opts.MaxRows {
				return tooManyRows(opts.MaxRows)
			}
			r.reset(row.n, row.cells)
			if env.csv {
				r.refuseFormulas()
			}
			p.row(r)
			if p.pending() >= opts.BatchSize {
				if err := env.ctx.Err(); err != nil {
					return err
				}
				env.ctx = tenancy.WithCache(env.base)
				if err := p.flush(write); err != nil {
					return err
				}
			}
			if opts.Progress != nil && res.Rows%500 == 0 {
				opts.Progress(res.Rows, max(env.total, res.Rows))
			}
		}
	}
	stop()
	if err := sh.err(); err != nil {
		return err
	}
	if res.Rows == 0 {
		return apperr.InvalidField("file", "the file has a header row (row %d) but no data rows below it", env.layout.row)
	}
	env.ctx = tenancy.WithCache(env.base)
	if err := p.flush(write); err != nil {
		return err
	}
	if opts.Progress != nil {
		opts.Progress(res.Rows, res.Rows)
	}
	// Problems found when a batch met the database come after those of
	// later rows: list them all in the file's order.
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Row < res.Problems[j].Row })
	return nil
}

// sheetRow is a non-blank row read ahead.
type sheetRow struct {
	n     int
	cells []string
}

// readAheadChunk is how many rows the reader hands over at a time, and
// readAheadChunks how many chunks it may be ahead.
const (
	readAheadChunk  = 250
	readAheadChunks = 4
)

// readAhead reads the sheet's remaining non-blank rows in a goroutine of
// its own, a few chunks ahead of their checking and writing: parsing the
// XML (most of an import's CPU) overlaps with the database's work. stop
// ends the reader and waits for it; after stop, sh.err() tells whether the
// reading failed. Memory stays bounded by the chunks in flight.
func readAhead(sh sheet) (<-chan []sheetRow, func()) {
	out := make(chan []sheetRow, readAheadChunks)
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer close(out)
		chunk := make([]sheetRow, 0, readAheadChunk)
		send := func() bool {
			select {
			case out <- chunk:
				chunk = make([]sheetRow, 0, readAheadChunk)
				return true
			case <-quit:
				return false
			}
		}
		for sh.next() {
			cells := sh.cells()
			if blank(cells) {
				continue
			}
			// The CSV reader reuses its record: keep a copy.
			chunk = append(chunk, sheetRow{n: sh.row(), cells: slices.Clone(cells)})
			if len(chunk) == readAheadChunk && !send() {
				return
			}
		}
		if len(chunk) > 0 {
			send()
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() {
			close(quit)
			<-finished
		})
	}
}

// rowCtx is one data row being checked.
type rowCtx struct {
	env   *importEnv
	n     int
	cells []string
	bad   bool
}

func (r *rowCtx) reset(n int, cells []string) {
	r.n, r.cells, r.bad = n, cells, false
}

// get is the trimmed value of a field's cell, "" if the file has no such
// column or the cell is empty.
func (r *rowCtx) get(f Field) string {
	i, ok := r.env.layout.index[f]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return cleanText(r.cells[i])
}

// problem records a problem with a field's cell; the row is then bad.
func (r *rowCtx) problem(f Field, format string, args ...any) {
	r.bad = true
	p := Problem{Row: r.n, Field: f, Message: fmt.Sprintf(format, args...)}
	if i, ok := r.env.layout.index[f]; ok {
		p.Column = r.env.layout.header(f)
		p.Cell = fmt.Sprintf("%s%d", letterOf(i), r.n)
	} else if f != "" {
		p.Column = r.env.layout.header(f)
	}
	r.env.add(p)
}

// add records a problem in the result.
func (env *importEnv) add(p Problem) {
	res := env.result
	res.ProblemCount++
	if env.maxProblems < 0 || len(res.Problems) < env.maxProblems {
		res.Problems = append(res.Problems, p)
	}
}

// problemAt records a problem of a row kept for a flush.
func (env *importEnv) problemAt(row int, f Field, format string, args ...any) {
	r := &rowCtx{env: env, n: row}
	r.problem(f, format, args...)
}

// refuseFormulas marks CSV cells that hold a formula (=…) rather than a
// value, as xlsx formulas are refused.
func (r *rowCtx) refuseFormulas() {
	for f, i := range r.env.layout.index {
		if i < len(r.cells) {
			if v := cleanText(r.cells[i]); len(v) > 1 && v[0] == '=' {
				r.problem(f, "holds a formula (%s), not a value", v)
			}
		}
	}
}

// text reads a free-text field, checking its length against the column.
func (r *rowCtx) text(f Field, max int) string {
	v := r.get(f)
	if max > 0 && len(v) > max {
		r.problem(f, "is too long: at most %d bytes (about %d Chinese characters)", max, max/3)
		return ""
	}
	return v
}

// date reads a date field; nil if empty or bad.
func (r *rowCtx) date(f Field) *time.Time {
	v := r.get(f)
	if v == "" {
		return nil
	}
	t, err := parseDate(v, r.env.loc, r.env.date1904)
	if err != nil {
		r.problem(f, "%v", err)
		return nil
	}
	return &t
}

// boolean reads a yes-or-no field; false if empty or bad.
func (r *rowCtx) boolean(f Field) bool {
	v := r.get(f)
	if v == "" {
		return false
	}
	b, err := parseBool(v)
	if err != nil {
		r.problem(f, "%v", err)
	}
	return b
}

// person reads the name, phone and ID-card number of a row, checking the
// 性别 column against the ID-card number.
func (r *rowCtx) person(nameMax int) (name, phone, idCard string) {
	name = r.get(FieldName)
	switch {
	case name == "":
		r.problem(FieldName, "is empty")
	case len(name) > nameMax:
		r.problem(FieldName, "is too long: at most %d bytes (about %d Chinese characters)", nameMax, nameMax/3)
	}
	if v := r.get(FieldPhone); v != "" {
		p, err := parsePhone(v)
		if err != nil {
			r.problem(FieldPhone, "%v", err)
		}
		phone = p
	}
	if v := r.get(FieldIDCard); v != "" {
		id, err := parseIDCard(v)
		if err != nil {
			r.problem(FieldIDCard, "%v", err)
		}
		idCard = id
	}
	if v := r.get(FieldGender); v != "" {
		female, err := parseGender(v)
		switch {
		case err != nil:
			r.problem(FieldGender, "%v", err)
		case idCard != "" && female != idCardFemale(idCard):
			r.problem(FieldGender, "does not match the ID-card number, whose 17th digit is odd for men and even for women")
		}
	}
	return name, phone, idCard
}

// seenSet remembers the keys met in a file (phone numbers, ID-card
// numbers, addresses) by a 64-bit hash, with the row of their first
// appearance (or existing): 12 bytes a key, whatever the key, about 30
// with the map's own overhead. Two keys of 400,000 share a hash with a
// chance of about 1 in 200 million.
type seenSet struct {
	seed maphash.Seed
	m    map[uint64]int32
}

func newSeenSet() *seenSet { return &seenSet{seed: maphash.MakeSeed(), m: map[uint64]int32{}} }

// existing is the row first returns for a key marked as in the database.
const existing = -1

// mark records a key met in the database, not in the file.
func (s *seenSet) mark(key string) { s.m[maphash.String(s.seed, key)] = existing }

// first returns the row where key was first met, or records row and
// returns 0 the first time.
func (s *seenSet) first(key string, row int) int {
	h := maphash.String(s.seed, key)
	if prev, ok := s.m[h]; ok {
		return int(prev)
	}
	s.m[h] = int32(row)
	return 0
}

// maxLen is the size limit of a text column of a table, 0 if none.
func maxLen(t *schema.Table, column string) int {
	for _, c := range t.Columns {
		if c.Name == column {
			return int(c.Size)
		}
	}
	return 0
}

// Column size limits, from the schema.
var (
	residentNameMax     = maxLen(migrate.ResidentsTable, "name")
	residentBuildingMax = maxLen(migrate.ResidentsTable, "building")
	residentUnitMax     = maxLen(migrate.ResidentsTable, "unit")
	residentRoomMax     = maxLen(migrate.ResidentsTable, "room")
	rentalBuildingMax   = maxLen(migrate.RentalHousingsTable, "building")
	rentalUnitMax       = maxLen(migrate.RentalHousingsTable, "unit")
	rentalRoomMax       = maxLen(migrate.RentalHousingsTable, "room")
	rentalLandlordMax   = maxLen(migrate.RentalHousingsTable, "landlord_name")
	positionMax         = maxLen(migrate.EmployeeRegistrationsTable, "position")
	memberNameMax       = maxLen(migrate.PatrolMembersTable, "name")
)
