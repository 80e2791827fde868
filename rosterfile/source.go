package rosterfile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"wutong/apperr"
)

// Source is a roster file to import: an upload or a file on disk.
type Source struct {
	// Name is the file's name as the user knows it ("居民花名册.xlsx"),
	// for messages and to tell an old .xls from other files.
	Name string
	// Reader reads the file. An *os.File is read in place; anything else
	// (an in-memory upload) is first copied to a temporary file, at most
	// Options.MaxBytes of it.
	Reader io.Reader
	// Size is the file's size in bytes, if known (0 when not). A file
	// larger than Options.MaxBytes is refused before anything is read.
	Size int64
}

// The file formats.
const (
	formatXLSX = "xlsx"
	formatCSV  = "csv"
)

// zipMagic and oleMagic start an xlsx package and an OLE compound file (an
// old .xls, or an encrypted .xlsx).
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// local is a source made readable by path: the file itself, or a
// temporary copy that cleanup removes.
type local struct {
	path    string
	file    *os.File
	size    int64
	cleanup func()
}

// tooLarge is the error for a file over the size limit.
func tooLarge(limit int64) error {
	return apperr.InvalidField("file", "the file is larger than %s, the most one import takes: split it into several files", byteSize(limit))
}

// byteSize writes a number of bytes for people: "50 MB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// localize makes src readable by path without reading more than limit
// bytes of it; a larger file is refused before it is parsed.
func localize(src Source, limit int64, tmpDir string) (*local, error) {
	if src.Reader == nil {
		return nil, apperr.InvalidField("file", "no file was given")
	}
	if src.Size > limit {
		return nil, tooLarge(limit)
	}
	if f, ok := src.Reader.(*os.File); ok {
		fi, err := f.Stat()
		if err == nil && fi.Mode().IsRegular() {
			if fi.Size() > limit {
				return nil, tooLarge(limit)
			}
			return &local{path: f.Name(), file: f, size: fi.Size(), cleanup: func() {}}, nil
		}
	}
	tmp, err := os.CreateTemp(tmpDir, "wutong-roster-*"+safeExt(src.Name))
	if err != nil {
		return nil, fmt.Errorf("a temporary file for the upload: %w", err)
	}
	cleanup := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, io.LimitReader(src.Reader, limit+1))
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("reading the upload: %w", err)
	}
	if n > limit {
		cleanup()
		return nil, tooLarge(limit)
	}
	return &local{path: tmp.Name(), file: tmp, size: n, cleanup: cleanup}, nil
}

// safeExt is the extension of a file name, if it is a plain one.
func safeExt(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" || ext == ".csv" || ext == ".txt" {
		return ext
	}
	return ""
}

// sniff tells the format of a file from its first bytes, and refuses what
// cannot be read: empty files, encrypted workbooks, old .xls files and
// binary files.
func sniff(l *local, name string) (string, error) {
	if l.size == 0 {
		return "", apperr.InvalidField("file", "the file is empty")
	}
	head := make([]byte, 512)
	n, err := l.file.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, zipMagic):
		return formatXLSX, nil
	case bytes.HasPrefix(head, oleMagic):
		return "", oleError(l.file)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".xlsx", ".xlsm":
		return "", apperr.InvalidField("file", "the file is not a valid .xlsx workbook: it may be damaged; open it in Excel and save it again")
	case ".xls", ".et":
		return "", apperr.InvalidField("file", "this is not an .xlsx workbook: save it as an Excel workbook (.xlsx) or as CSV and upload that")
	}
	if !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) && bytes.IndexByte(head, 0) >= 0 {
		return "", apperr.InvalidField("file", "the file is neither an Excel workbook (.xlsx) nor a CSV text file")
	}
	return formatCSV, nil
}

// oleError explains an OLE compound file: an encrypted (password-protected)
// xlsx keeps its package in an EncryptedPackage stream; an old .xls keeps
// a Workbook stream.
func oleError(ra io.ReaderAt) error {
	doc, err := mscfb.New(ra)
	if err == nil {
		for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
			switch entry.Name {
			case "EncryptionInfo", "EncryptedPackage":
				return apperr.InvalidField("file", "the workbook is protected by a password: remove the password in Excel (File > Info > Protect Workbook > Encrypt with Password, clear it) and upload it again")
			case "Workbook", "Book":
				return apperr.InvalidField("file", "this is an old Excel 97-2003 workbook (.xls): save it as an Excel workbook (.xlsx) and upload that")
			}
		}
	}
	return apperr.InvalidField("file", "the file is an Office document but not an Excel workbook (.xlsx)")
}

// sheet reads the rows of a roster one at a time.
type sheet interface {
	// next moves to the next row; false at the end or on an error.
	next() bool
	// row is the current row's number, as the spreadsheet shows it.
	row() int
	// cells are the current row's values; valid until next.
	cells() []string
	// err is the error that stopped next, if any.
	err() error
	// close releases the sheet.
	close() error
}

// xlsxSheet reads a worksheet with excelize's streaming row iterator.
type xlsxSheet struct {
	file     *excelize.File
	rows     *excelize.Rows
	n        int
	values   []string
	date1904 bool
	fail     error
}

// unzipLimit caps how large the XML inside an xlsx may be once unpacked,
// against zip bombs; unzipToDisk is the size over which excelize keeps an
// unpacked part in a temporary file instead of memory.
const (
	unzipLimit  = 1 << 30
	unzipToDisk = 1 << 20
)

// openXLSX opens the workbook at path and picks the sheet to read: the one
// named, or the first.
func openXLSX(path, name, tmpDir string) (*xlsxSheet, string, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipToDisk, TmpDir: tmpDir})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, "", xlsxError(err)
	}
	list := f.GetSheetList()
	if len(list) == 0 {
		f.Close()
		return nil, "", apperr.InvalidField("file", "the workbook has no worksheet")
	}
	sheetName := list[0]
	if name != "" {
		found := false
		for _, s := range list {
			if s == name {
				found = true
			}
		}
		if !found {
			f.Close()
			return nil, "", apperr.InvalidField("sheet", "the workbook has no sheet %q; its sheets are %s", name, strings.Join(list, ", "))
		}
		sheetName = name
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		f.Close()
		return nil, "", xlsxError(err)
	}
	rows, err := f.Rows(sheetName)
	if err != nil {
		f.Close()
		return nil, "", xlsxError(err)
	}
	s := &xlsxSheet{file: f, rows: rows, date1904: props.Date1904 != nil && *props.Date1904}
	return s, sheetName, nil
}

// xlsxError turns excelize's and archive/zip's errors into messages for
// the user; the cause stays in the chain for the logs.
func xlsxError(err error) error {
	msg := "the workbook cannot be read: it may be damaged; open it in Excel and save it again"
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		msg = "the workbook is protected by a password or is not an .xlsx file: remove the password and save it as .xlsx"
	case strings.Contains(err.Error(), "unzip size exceeds"):
		msg = "the workbook is too large once unpacked: split it into several files"
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, io.ErrUnexpectedEOF):
		msg = "the workbook is damaged (its .xlsx package cannot be unpacked): open it in Excel and save it again"
	}
	return &apperr.Error{Kind: apperr.Invalid, Field: "file", Message: msg, Err: err}
}

func (s *xlsxSheet) next() bool {
	if s.fail != nil || !s.rows.Next() {
		return false
	}
	s.n++
	s.values, s.fail = s.rows.Columns(excelize.Options{RawCellValue: true})
	if s.fail != nil {
		s.fail = xlsxError(s.fail)
		return false
	}
	return true
}

func (s *xlsxSheet) row() int        { return s.n }
func (s *xlsxSheet) cells() []string { return s.values }

func (s *xlsxSheet) err() error {
	if s.fail != nil {
		return s.fail
	}
	if err := s.rows.Error(); err != nil {
		return xlsxError(err)
	}
	return nil
}

func (s *xlsxSheet) close() error {
	err := s.rows.Close()
	if cerr := s.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// csvSheet reads a CSV file in UTF-8 (with or without a byte-order mark),
// UTF-16 with a byte-order mark (Excel's "Unicode text"), or GB18030, the
// superset of GBK that Chinese Excel writes.
type csvSheet struct {
	r      *csv.Reader
	n      int
	extra  int // line breaks inside quoted fields so far, which Excel does not count as rows
	values []string
	utf8   bool // check that every record is valid UTF-8
	fail   error
}

// openCSV detects the encoding and the delimiter of a CSV file.
func openCSV(r io.Reader) (*csvSheet, string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	var (
		text     io.Reader = br
		encoding           = "UTF-8"
		check              = false
	)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		check = true
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		encoding = "UTF-16"
	case validUTF8Prefix(head):
		check = true
	default:
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		encoding = "GB18030"
	}
	tb := bufio.NewReaderSize(text, 64<<10)
	first, _ := tb.Peek(8 << 10)
	line := first
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	comma := ','
	best := bytes.Count(line, []byte{','})
	for _, d := range []rune{'\t', ';'} {
		if n := bytes.Count(line, []byte(string(d))); n > best {
			comma, best = d, n
		}
	}
	c := csv.NewReader(tb)
	c.Comma = comma
	c.FieldsPerRecord = -1
	c.ReuseRecord = true
	return &csvSheet{r: c, utf8: check}, encoding, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, but for a rune cut off
// at its end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

func (s *csvSheet) next() bool {
	if s.fail != nil {
		return false
	}
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		line := s.n + 1
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine - s.extra
		}
		s.fail = &apperr.Error{Kind: apperr.Invalid, Field: "file", Message: fmt.Sprintf("the CSV file cannot be read at line %d: %v", line, csvReason(err)), Err: err}
		return false
	}
	first, _ := s.r.FieldPos(0)
	last, _ := s.r.FieldPos(len(rec) - 1)
	s.n = first - s.extra
	s.extra += last - first
	if s.utf8 {
		for _, v := range rec {
			if !utf8.ValidString(v) {
				s.fail = apperr.InvalidField("file", "line %d of the CSV file is not UTF-8 like the lines before it: save the whole file in one encoding (UTF-8 or GBK)", s.n)
				return false
			}
		}
	}
	s.values = rec
	return true
}

// csvReason is the reason of a CSV parse error, without its position.
func csvReason(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (s *csvSheet) row() int        { return s.n }
func (s *csvSheet) cells() []string { return s.values }
func (s *csvSheet) err() error      { return s.fail }
func (s *csvSheet) close() error    { return nil }
