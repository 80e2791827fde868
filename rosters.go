package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"wutong/auth"
	"wutong/authz"
	"wutong/calendar"
	"wutong/ent"
	"wutong/ent/community"
	"wutong/ent/membership"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/personal"
	"wutong/rosterfile"
	"wutong/store"
)

// importUsage is the help text of `wutong import`.
const importUsage = `Usage:
  wutong import --kind KIND --community CODE [flags] FILE

Imports a roster from an Excel workbook (.xlsx) or a CSV file (UTF-8, UTF-16
or GBK/GB18030) into a community: every row, or none. Rows are checked
first (phone and ID-card numbers, compounds and grids, duplicates in the
file and in the community); any problem is listed with its row and column,
and then nothing is written.

Kinds and the headers recognised (others are listed as ignored):
  residents        姓名, 性别, 手机号, 身份证号, 网格, 小区, 楼栋, 单元, 房号,
                   居住类型, 党员, 关怀标记, 云议事厅成员, 入住日期
  rentals          小区, 网格, 楼栋, 单元, 房号, 房东姓名, 房东身份证号, 房东手机号,
                   月租金, 租期开始, 租期结束, 登记日期, 租户身份证号
  employees        姓名, 性别, 手机号, 身份证号, 单位, 岗位, 登记日期, 离职日期
  patrol-members   姓名, 手机号, 巡逻队, 人员类别, 在岗

Flags:
  --kind KIND          what the file holds (required)
  --community CODE     the community's code (required)
  --dry-run            check every row, write nothing
  --map LIST           column mapping for other layouts: '联系人手机=phone,楼=building,备注=-'
                       (left: a header of the file or a column letter; right: a field
                       or a recognised header; - ignores the column)
  --sheet NAME         the worksheet to read (default: the first)
  --as LOGIN           import as this user, with their rights and in their name in the
                       audit log (default: the server itself)
  --max-bytes N        largest file taken [IMPORT_MAX_BYTES] (default 52428800)
  --max-rows N         most data rows taken [IMPORT_MAX_ROWS] (default 200000)
  -database-url URL    SQLite file path or postgres://... [DATABASE_URL] (default wutong.db)
`

// exportUsage is the help text of `wutong export`.
const exportUsage = `Usage:
  wutong export --kind residents|issues|stats --community CODE [flags] -o FILE

Writes an Excel workbook (.xlsx):
  residents   the resident roster in the import's layout (it imports again); phone,
              ID-card number, address and care flags are masked unless --as names
              someone whose role shows them, and each value shown is recorded in
              the access log
  issues      the issues reported from --from to --to (default: all)
  stats       the community's figures from --from to --to beside the same dates a
              year earlier (default: 1 January to today)

Flags:
  --kind KIND          residents, issues or stats (required)
  --community CODE     the community's code (required)
  --from YYYY-MM-DD    first day of the period, in the community's time zone
  --to YYYY-MM-DD      last day of the period
  --as LOGIN           export as this user, with their rights (default: the server
                       itself, which sees no personal information in full)
  -o FILE              where to write the workbook; - for standard output (required)
  -database-url URL    SQLite file path or postgres://... [DATABASE_URL] (default wutong.db)
`

// parseInterleaved parses flags that may come before and after the
// positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// rosterStore opens the database and refuses one with pending migrations.
func rosterStore(ctx context.Context, dsn string) (*store.Store, error) {
	st, err := store.Open(ctx, dsn, store.Options{MaxConns: 4})
	if err != nil {
		return nil, err
	}
	n, err := st.Pending(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if n > 0 {
		st.Close()
		return nil, fmt.Errorf("%d database migrations are pending: run `wutong migrate` first", n)
	}
	return st, nil
}

// actAs returns the context the command works in: as the user with the
// given login (username or phone) with their roles, or as the server
// itself when login is empty.
func actAs(ctx context.Context, client *ent.Client, login string) (context.Context, error) {
	if login == "" {
		return authz.System(ctx), nil
	}
	q := client.User.Query().WithMemberships()
	if personal.ValidatePhone(login) == nil {
		q.Where(user.Phone(login))
	} else {
		q.Where(user.Username(strings.ToLower(login)))
	}
	u, err := q.Only(authz.System(ctx))
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("no user with login %q", login)
	}
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, fmt.Errorf("the account %q is switched off", login)
	}
	v := &auth.Viewer{UserID: u.ID, ResidentID: u.ResidentID, Roles: map[gid.ID][]membership.Role{}}
	for _, m := range u.Edges.Memberships {
		v.Roles[m.CommunityID] = append(v.Roles[m.CommunityID], m.Role)
	}
	return auth.NewContext(ctx, v), nil
}

// communityID finds a community by its code.
func communityID(ctx context.Context, client *ent.Client, code string) (gid.ID, error) {
	if code == "" {
		return "", errors.New("--community CODE is required")
	}
	c, err := client.Community.Query().Where(community.Code(code)).Only(authz.System(ctx))
	if ent.IsNotFound(err) {
		return "", fmt.Errorf("no community with code %q", code)
	}
	if err != nil {
		return "", err
	}
	return c.ID, nil
}

// envInt reads a positive whole number from the environment.
func envInt(getenv func(string) string, name string, def int64) (int64, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q is not a positive number", name, v)
	}
	return n, nil
}

// importCommand runs `wutong import ...`.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dsn := firstOf(getenv("DATABASE_URL"), defaultDatabase)
	maxBytes, err := envInt(getenv, "IMPORT_MAX_BYTES", rosterfile.DefaultMaxBytes)
	if err != nil {
		return err
	}
	maxRows, err := envInt(getenv, "IMPORT_MAX_ROWS", rosterfile.DefaultMaxRows)
	if err != nil {
		return err
	}
	fs.StringVar(&dsn, "database-url", dsn, "")
	kindName := fs.String("kind", "", "")
	code := fs.String("community", "", "")
	dry := fs.Bool("dry-run", false, "")
	mapping := fs.String("map", "", "")
	sheetName := fs.String("sheet", "", "")
	as := fs.String("as", "", "")
	fs.Int64Var(&maxBytes, "max-bytes", maxBytes, "")
	fs.Int64Var(&maxRows, "max-rows", maxRows, "")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, importUsage)
			return nil
		}
		return err
	}
	switch {
	case len(files) == 0:
		return errors.New("import needs the FILE to read")
	case len(files) > 1:
		return fmt.Errorf("unexpected argument %q: import reads one file at a time", files[1])
	case *kindName == "":
		return errors.New("--kind is required: residents, rentals, employees or patrol-members")
	case maxBytes < 1 || maxRows < 1:
		return errors.New("--max-bytes and --max-rows must be positive")
	}
	kind, err := rosterfile.ParseKind(*kindName)
	if err != nil {
		return err
	}
	opts := rosterfile.Options{Kind: kind, DryRun: *dry, Sheet: *sheetName, MaxBytes: maxBytes, MaxRows: int(maxRows), MaxProblems: -1}
	if *mapping != "" {
		if opts.Mapping, err = rosterfile.ParseMapping(*mapping); err != nil {
			return err
		}
	}
	st, err := rosterStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.CommunityID, err = communityID(ctx, st.Client, *code); err != nil {
		return err
	}
	ctx, err = actAs(ctx, st.Client, *as)
	if err != nil {
		return err
	}
	progress := newProgress(stdout)
	opts.Progress = progress.update
	res, err := rosterfile.ImportFile(ctx, st.Client, files[0], opts)
	progress.done()
	if err != nil {
		return err
	}
	printResult(stdout, files[0], res)
	if !res.OK() {
		return fmt.Errorf("%d problems in %s: nothing was imported", res.ProblemCount, filepath.Base(files[0]))
	}
	return nil
}

// printResult reports an import: what was read, and every problem.
func printResult(w io.Writer, file string, res *rosterfile.Result) {
	where := res.Format
	if res.Sheet != "" {
		where += ", sheet " + strconv.Quote(res.Sheet)
	}
	if res.Encoding != "" {
		where += ", " + res.Encoding
	}
	fmt.Fprintf(w, "%s (%s): header in row %d, %d data rows\n", filepath.Base(file), where, res.HeaderRow, res.Rows)
	var cols []string
	for _, c := range res.Columns {
		cols = append(cols, fmt.Sprintf("%s %s=%s", c.Letter, c.Header, c.Field))
	}
	fmt.Fprintf(w, "columns: %s\n", strings.Join(cols, ", "))
	if len(res.Ignored) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", strings.Join(res.Ignored, ", "))
	}
	for _, p := range res.Problems {
		fmt.Fprintln(w, "  "+p.String())
	}
	if n := res.ProblemCount - len(res.Problems); n > 0 {
		fmt.Fprintf(w, "  … and %d more problems\n", n)
	}
	fmt.Fprintf(w, "%s in %s\n", res.Summary(), res.Took.Round(time.Millisecond))
}

// progress shows how an import advances: a progress bar on a terminal,
// otherwise a line at every tenth of the file (or every 10,000 rows).
type progress struct {
	w    io.Writer
	bar  *progressbar.ProgressBar
	next int
}

// newProgress returns the progress display for w.
func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("reading rows"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// update is the import's Progress callback.
func (p *progress) update(done, total int) {
	if p.bar != nil {
		if total > 0 && int64(total) != p.bar.GetMax64() {
			p.bar.ChangeMax(total)
		}
		_ = p.bar.Set(done)
		return
	}
	step := 10_000
	if total > 0 {
		step = max(total/10, 1000)
	}
	if p.next == 0 {
		p.next = step
	}
	if done >= p.next && done < total {
		if total > 0 {
			fmt.Fprintf(p.w, "read %d of about %d rows\n", done, total)
		} else {
			fmt.Fprintf(p.w, "read %d rows\n", done)
		}
		for p.next <= done {
			p.next += step
		}
	}
}

// done ends the progress display.
func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// exportCommand runs `wutong export ...`.
func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dsn := firstOf(getenv("DATABASE_URL"), defaultDatabase)
	fs.StringVar(&dsn, "database-url", dsn, "")
	kindName := fs.String("kind", "", "")
	code := fs.String("community", "", "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	as := fs.String("as", "", "")
	out := fs.String("o", "", "")
	fs.StringVar(out, "output", "", "")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, exportUsage)
			return nil
		}
		return err
	}
	switch {
	case len(rest) > 0:
		return fmt.Errorf("unexpected argument %q", rest[0])
	case *kindName == "":
		return errors.New("--kind is required: residents, issues or stats")
	case *out == "":
		return errors.New("-o FILE is required (- for standard output)")
	}
	kind, err := rosterfile.ParseExportKind(*kindName)
	if err != nil {
		return err
	}
	opts := rosterfile.ExportOptions{Kind: kind}
	for _, d := range []struct {
		flag, value string
		dst         *time.Time
	}{{"--from", *from, &opts.From}, {"--to", *to, &opts.To}} {
		if d.value == "" {
			continue
		}
		date, err := calendar.Parse(d.value)
		if err != nil {
			return fmt.Errorf("%s %q is not a date written YYYY-MM-DD", d.flag, d.value)
		}
		*d.dst = date.In(time.UTC)
	}
	st, err := rosterStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	opts.Dialect = st.Dialect
	if opts.CommunityID, err = communityID(ctx, st.Client, *code); err != nil {
		return err
	}
	ctx, err = actAs(ctx, st.Client, *as)
	if err != nil {
		return err
	}
	start := time.Now()
	wb, err := rosterfile.Export(ctx, st.Client, opts)
	if err != nil {
		return err
	}
	defer wb.Close()
	if *out == "-" {
		_, err := wb.WriteTo(stdout)
		return err
	}
	if err := writeAtomically(*out, wb); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d rows", *out, wb.Rows)
	if kind == rosterfile.ExportResidents {
		fmt.Fprintf(stdout, ", %d personal values in full (recorded in the access log)", wb.Unmasked)
	}
	fmt.Fprintf(stdout, " in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// writeAtomically writes the workbook to a temporary file beside path and
// renames it into place, so that a failed export leaves no partial file.
func writeAtomically(path string, wb *rosterfile.Workbook) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = wb.WriteTo(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
