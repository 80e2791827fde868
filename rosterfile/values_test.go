package rosterfile

import (
	"strings"
	"testing"
	"time"

	"wutong/personal"
)

func TestRosterValues(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "13812345678", "138-1234-5678": "13812345678", "+86 138 1234 5678": "13812345678", "１３８１２３４５６７８": "13812345678"} {
		if got, err := parsePhone(in); err != nil || got != want {
			t.Errorf("parsePhone(%q) = %q, %v", in, got, err)
		}
	}
	for in, want := range map[string]string{"1234": "11-digit", "138****5678": "masked", "1.3812345678E10": "scientific"} {
		if _, err := parsePhone(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parsePhone(%q): %v, want %q", in, err, want)
		}
	}
	if got, err := parseIDCard("11010519491231002x"); err != nil || got != "11010519491231002X" {
		t.Errorf("lower-case x: %q %v", got, err)
	}
	for in, want := range map[string]string{"1.10105194912310E+17": "as a number", "110105194912310021": "check digit", "1101**********002X": "masked"} {
		if _, err := parseIDCard(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseIDCard(%q): %v, want %q", in, err, want)
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	want := time.Date(2024, 3, 1, 0, 0, 0, 0, loc)
	for _, in := range []string{"2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "20240301", "45352"} {
		if got, err := parseDate(in, loc, false); err != nil || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v", in, got, err)
		}
	}
	if got, _ := parseDate("45352.5", loc, false); !got.Equal(want.Add(12 * time.Hour)) {
		t.Errorf("a serial date with a time: %v", got)
	}
	if _, err := parseDate("明天", loc, false); err == nil {
		t.Error("parseDate(明天) passed")
	}
	for in, want := range map[string]int64{"2500": 250000, "2,500.50": 250050, "￥1800元": 180000, "0.1": 10} {
		if got, err := parseYuan(in); err != nil || got != want {
			t.Errorf("parseYuan(%q) = %d, %v", in, got, err)
		}
	}
	if _, err := parseYuan("-5"); err == nil {
		t.Error("a negative rent passed")
	}
	if flags, err := parseCareFlags("独居、老年人，低保;LIVES_ALONE"); err != nil || len(flags) != 3 || flags[0] != personal.LivesAlone {
		t.Errorf("care flags %v %v", flags, err)
	}
	if flags, err := parseCareFlags("无"); err != nil || len(flags) != 0 {
		t.Errorf("care flags of 无: %v %v", flags, err)
	}
	if careFlagsText([]personal.CareFlag{personal.Elderly, personal.Disabled}) != "老年人、残疾" {
		t.Error("careFlagsText")
	}
	for in, want := range map[string]bool{"是": true, "否": false, "中共党员": true, "群众": false, "√": true, "Y": true} {
		if got, err := parseBool(in); err != nil || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, err)
		}
	}
	for _, h := range []string{"＊手机号码（必填）", " 手机号码 ", "手机号码:", "手机号码\n(11位)"} {
		if normalizeHeader(h) != "手机号码" {
			t.Errorf("normalizeHeader(%q) = %q", h, normalizeHeader(h))
		}
	}
	if i, ok := columnLetter("AB"); !ok || i != 27 || letterOf(27) != "AB" || letterOf(0) != "A" {
		t.Errorf("column letters: %d %v %s", i, ok, letterOf(27))
	}
}

func TestRosterScanSheetXML(t *testing.T) {
	sheet := `<?xml version="1.0"?><x:worksheet xmlns:x="s"><x:dimension ref="A1:C4"/><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名 &lt;f&gt; a>b</x:t></x:is></x:c></x:row>` +
		`<!-- <f>not a formula</f> -->` +
		`<x:row r="3"><x:c r="B3"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="C3"><x:f t="shared" si="0"/><x:v>2</x:v></x:c></x:row>` +
		`<x:row r="4"/></x:sheetData>` +
		`<x:mergeCells count="2"><x:mergeCell ref="A1:C1"/><x:mergeCell ref='A4:A6'/></x:mergeCells>` +
		`<x:extLst><x14:dataValidations><x14:dataValidation><x14:formula1><xm:f>Sheet2!$A$1:$A$3</xm:f></x14:formula1></x14:dataValidation></x14:dataValidations></x:extLst></x:worksheet>`
	facts, err := scanSheetXML(strings.NewReader(sheet), 2)
	if err != nil {
		t.Fatal(err)
	}
	if facts.rows != 3 || facts.nFormula != 2 || facts.formulas[0].ref != "B3" || facts.formulas[1].ref != "C3" {
		t.Errorf("facts %+v", facts)
	}
	if len(facts.merges) != 1 || facts.merges[0].ref != "A4:A6" || facts.merges[0].first != 4 || facts.merges[0].last != 6 {
		t.Errorf("merges %+v (the title A1:C1 lies above the header)", facts.merges)
	}
}
