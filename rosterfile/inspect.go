package rosterfile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// sheetFacts are what a quick pass over a worksheet's XML finds before its
// rows are read: how many rows it has (for the progress bar and the row
// cap), its formula cells and its merged cells. The streaming row reader
// (excelize's Rows) reports neither formulas nor merges, and excelize's
// GetMergeCells and GetCellFormula load the whole sheet into memory; this
// pass reads the compressed part once more as a stream, in constant memory.
type sheetFacts struct {
	rows     int
	formulas []cellRef   // the first maxListed formula cells from the header row on
	nFormula int         // how many formula cells there are from the header row on
	merges   []cellRange // the merged ranges that reach the header row or below
}

// maxListed is how many formula or merged cells a message names.
const maxListed = 10

// cellRef is a cell with its row number.
type cellRef struct {
	ref string
	row int
}

// cellRange is a merged range, rows first..last.
type cellRange struct {
	ref         string
	first, last int
}

// findSheetPart returns the path inside the package of the worksheet
// named sheet, following the package's relationships as the format
// defines them (ECMA-376 Part 2).
func findSheetPart(zr *zip.Reader, sheet string) (string, error) {
	type rel struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
	type rels struct {
		Rels []rel `xml:"Relationship"`
	}
	readXML := func(name string, v any) error {
		for _, f := range zr.File {
			if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), strings.TrimPrefix(name, "/")) {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				defer rc.Close()
				return xml.NewDecoder(io.LimitReader(rc, 32<<20)).Decode(v)
			}
		}
		return fmt.Errorf("the package has no %s", name)
	}
	resolve := func(base, target string) string {
		if strings.HasPrefix(target, "/") {
			return strings.TrimPrefix(target, "/")
		}
		return strings.TrimPrefix(path.Join(path.Dir(base), target), "/")
	}
	workbook := "xl/workbook.xml"
	var root rels
	if err := readXML("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				workbook = resolve("/", r.Target)
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			// r:id, in the transitional or the strict namespace.
			RID string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXML(workbook, &wb); err != nil {
		return "", err
	}
	var wbRels rels
	if err := readXML(path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"), &wbRels); err != nil {
		return "", err
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range wbRels.Rels {
			if r.ID == s.RID {
				return resolve(workbook, r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("sheet %q has no part", sheet)
}

// inspectSheet scans the worksheet part of an xlsx package.
// Only formulas and merges from row fromRow on are collected.
func inspectSheet(zr *zip.Reader, part string, fromRow int) (sheetFacts, error) {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), part) {
			rc, err := f.Open()
			if err != nil {
				return sheetFacts{}, err
			}
			defer rc.Close()
			return scanSheetXML(rc, fromRow)
		}
	}
	return sheetFacts{}, fmt.Errorf("the package has no %s", part)
}

// scanSheetXML reads a worksheet's XML tag by tag. Text between tags is
// skipped without looking at it (it cannot hold '<'), and only the names
// and the r and ref attributes of the tags that matter are read: row, c,
// f (a formula, counted only inside sheetData, since data validations
// after it hold formulas of their own) and mergeCell.
func scanSheetXML(r io.Reader, fromRow int) (sheetFacts, error) {
	var (
		facts       sheetFacts
		br          = bufio.NewReaderSize(r, 64<<10)
		tag         []byte
		inSheetData bool
		cell        string
		row         int
	)
	for {
		// Skip to the next tag.
		if _, err := br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				return facts, nil
			}
			return facts, err
		}
		// Read the tag up to '>'.
		tag = tag[:0]
		for {
			chunk, err := br.ReadSlice('>')
			tag = append(tag, chunk...)
			if err == nil {
				break
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				if errors.Is(err, io.EOF) {
					return facts, io.ErrUnexpectedEOF
				}
				return facts, err
			}
		}
		if len(tag) == 0 {
			continue
		}
		if tag[0] == '!' && bytes.HasPrefix(tag, []byte("!--")) {
			// A comment may hold '>': skip to its end.
			for !bytes.HasSuffix(tag, []byte("-->")) {
				chunk, err := br.ReadSlice('>')
				if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
					return facts, io.ErrUnexpectedEOF
				}
				tag = append(tag[:0], chunk...)
			}
			continue
		}
		end := tag[0] == '/'
		name := localName(tag)
		if end {
			if string(name) == "sheetData" {
				inSheetData = false
			}
			continue
		}
		switch string(name) {
		case "sheetData":
			inSheetData = !bytes.HasSuffix(tag, []byte("/>"))
		case "row":
			if inSheetData {
				facts.rows++
				row++
				if n, err := strconv.Atoi(attr(tag, "r")); err == nil && n > 0 {
					row = n
				}
			}
		case "c":
			if inSheetData {
				cell = attr(tag, "r")
			}
		case "f":
			if inSheetData && row >= fromRow {
				facts.nFormula++
				if len(facts.formulas) < maxListed {
					facts.formulas = append(facts.formulas, cellRef{ref: cell, row: row})
				}
			}
		case "mergeCell":
			ref := attr(tag, "ref")
			first, last := rangeRows(ref)
			if last >= fromRow && len(facts.merges) < maxListed {
				facts.merges = append(facts.merges, cellRange{ref: ref, first: first, last: last})
			}
		}
	}
}

// localName is the name of a tag without its '/', its namespace prefix
// and its attributes: "x:c r=\"A1\"" gives "c".
func localName(tag []byte) []byte {
	tag = bytes.TrimPrefix(tag, []byte("/"))
	if i := bytes.IndexAny(tag, " \t\r\n/>"); i >= 0 {
		tag = tag[:i]
	}
	if i := bytes.IndexByte(tag, ':'); i >= 0 {
		tag = tag[i+1:]
	}
	return tag
}

// attr is the value of an attribute of a tag, "" if it has none.
func attr(tag []byte, name string) string {
	for _, q := range []string{`"`, `'`} {
		key := []byte(" " + name + "=" + q)
		i := bytes.Index(tag, key)
		if i < 0 {
			continue
		}
		rest := tag[i+len(key):]
		if j := bytes.Index(rest, []byte(q)); j >= 0 {
			return string(rest[:j])
		}
	}
	return ""
}

// rangeRows returns the first and last row of a range such as "A1:D2".
func rangeRows(ref string) (first, last int) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	return refRow(a), refRow(b)
}

// refRow is the row number of a cell reference such as "C12".
func refRow(ref string) int {
	i := strings.IndexAny(ref, "0123456789")
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(ref[i:], "$"))
	return n
}
