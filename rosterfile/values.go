package rosterfile

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"wutong/ent/patrolmember"
	"wutong/ent/resident"
	"wutong/personal"
)

// cleanText trims a cell, including the ideographic space and the
// no-break space that copied text brings along.
func cleanText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\ufeff' })
}

// masked reports whether a value was masked by an export (138****5678).
func masked(s string) bool { return strings.Contains(s, "**") }

// errMasked explains a masked value.
var errMasked = errors.New("is masked (exported without the right to see it in full); export it again with that right, or type the full value")

// parsePhone reads a mainland mobile number, forgiving the separators and
// the country code people type: "138-1234-5678", "+86 13812345678".
func parsePhone(s string) (string, error) {
	if masked(s) {
		return "", errMasked
	}
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(s, "+")
	if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	if err := personal.ValidatePhone(s); err != nil {
		if strings.ContainsAny(s, "eE.") {
			return "", errors.New("is not a mobile number (Excel stored it as a number in scientific notation: format the column as text and type it again)")
		}
		return "", err
	}
	return s, nil
}

// parseIDCard reads an 18-character ID-card number, upper-casing the check
// character and catching the numbers Excel has turned into floating point.
func parseIDCard(s string) (string, error) {
	if masked(s) {
		return "", errMasked
	}
	s = strings.ToUpper(strings.ReplaceAll(norm.NFKC.String(s), " ", ""))
	if strings.ContainsAny(s, "E.+") && !strings.ContainsAny(s, "X") {
		return "", errors.New("was stored by Excel as a number and has lost its last digits: format the column as text (文本) and type the number again")
	}
	if err := personal.ValidateIDCard(s); err != nil {
		return "", errors.New("is not a valid resident identity card number: it needs 18 characters, a real date of birth and the right check digit (GB 11643)")
	}
	return s, nil
}

// idCardFemale reports whether an ID-card number belongs to a woman: the
// 17th digit is even for women.
func idCardFemale(id string) bool { return (id[16]-'0')%2 == 0 }

// parseGender reads 男 or 女.
func parseGender(s string) (female bool, err error) {
	switch strings.ToLower(s) {
	case "男", "男性", "m", "male":
		return false, nil
	case "女", "女性", "f", "female":
		return true, nil
	}
	return false, errors.New("must be 男 or 女")
}

// parseBool reads the ways a sheet says yes or no.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(norm.NFKC.String(s)) {
	case "是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "在岗", "党员", "中共党员", "中共预备党员", "预备党员", "成员":
		return true, nil
	case "否", "n", "no", "false", "0", "×", "✗", "无", "不是", "非", "离岗", "不在岗", "群众", "共青团员", "团员", "民主党派", "无党派", "无党派人士", "非党员", "非成员":
		return false, nil
	}
	return false, errors.New("must be 是 or 否")
}

// boolText is how exports write a yes or no.
func boolText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// residencyNames are the words offices use for each residency.
var residencyNames = map[string]resident.Residency{
	"业主": resident.ResidencyOWNER, "自住": resident.ResidencyOWNER, "房主": resident.ResidencyOWNER, "产权人": resident.ResidencyOWNER,
	"户籍": resident.ResidencyOWNER, "户籍人口": resident.ResidencyOWNER, "常住": resident.ResidencyOWNER, "常住人口": resident.ResidencyOWNER,
	"owner": resident.ResidencyOWNER,
	"租户":    resident.ResidencyTENANT, "租住": resident.ResidencyTENANT, "租房": resident.ResidencyTENANT, "承租人": resident.ResidencyTENANT,
	"租客": resident.ResidencyTENANT, "tenant": resident.ResidencyTENANT,
	"流动人口": resident.ResidencyNON_REGISTERED, "非户籍": resident.ResidencyNON_REGISTERED, "外来人口": resident.ResidencyNON_REGISTERED,
	"暂住": resident.ResidencyNON_REGISTERED, "暂住人口": resident.ResidencyNON_REGISTERED, "流动": resident.ResidencyNON_REGISTERED,
	"nonregistered": resident.ResidencyNON_REGISTERED,
}

// residencyText is how exports write a residency.
var residencyText = map[resident.Residency]string{
	resident.ResidencyOWNER:          "业主",
	resident.ResidencyTENANT:         "租户",
	resident.ResidencyNON_REGISTERED: "流动人口",
}

// parseResidency reads a residency.
func parseResidency(s string) (resident.Residency, error) {
	if r, ok := residencyNames[normalizeHeader(s)]; ok {
		return r, nil
	}
	return "", errors.New("must be 业主, 租户 or 流动人口 (OWNER, TENANT or NON_REGISTERED)")
}

// careFlagText names each care flag in Chinese, as exports write them.
var careFlagText = map[personal.CareFlag]string{
	personal.LivesAlone:       "独居",
	personal.Elderly:          "老年人",
	personal.Disabled:         "残疾",
	personal.ChronicIllness:   "慢性病",
	personal.LeftBehindChild:  "留守儿童",
	personal.LowIncome:        "低保",
	personal.MentalHealthNeed: "心理健康",
}

// careFlagNames are the words read for each care flag.
var careFlagNames = func() map[string]personal.CareFlag {
	m := map[string]personal.CareFlag{
		"独居老人": personal.LivesAlone, "空巢": personal.LivesAlone, "空巢老人": personal.LivesAlone,
		"老人": personal.Elderly, "高龄": personal.Elderly, "高龄老人": personal.Elderly, "老年": personal.Elderly,
		"残疾人": personal.Disabled, "残障": personal.Disabled,
		"慢病": personal.ChronicIllness, "慢性病患者": personal.ChronicIllness,
		"低保户": personal.LowIncome, "低保对象": personal.LowIncome,
		"心理": personal.MentalHealthNeed, "精神障碍": personal.MentalHealthNeed, "心理健康需求": personal.MentalHealthNeed,
	}
	for f, t := range careFlagText {
		m[t] = f
		m[normalizeHeader(string(f))] = f
	}
	return m
}()

// none are the ways a sheet says "nothing" in a list.
var none = map[string]bool{"无": true, "否": true, "-": true, "—": true, "暂无": true}

// parseCareFlags reads a list of care flags separated by 、 , ; / or spaces.
func parseCareFlags(s string) ([]personal.CareFlag, error) {
	var out []personal.CareFlag
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '/' || r == '|' || unicode.IsSpace(r)
	}) {
		if none[part] {
			continue
		}
		f, ok := careFlagNames[normalizeHeader(part)]
		if !ok {
			return nil, fmt.Errorf("%q is not a care flag: use 独居, 老年人, 残疾, 慢性病, 留守儿童, 低保 or 心理健康", part)
		}
		if !containsFlag(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func containsFlag(list []personal.CareFlag, f personal.CareFlag) bool {
	for _, g := range list {
		if g == f {
			return true
		}
	}
	return false
}

// careFlagsText is how exports write care flags.
func careFlagsText(flags []personal.CareFlag) string {
	parts := make([]string, len(flags))
	for i, f := range flags {
		if t, ok := careFlagText[f]; ok {
			parts[i] = t
		} else {
			parts[i] = string(f)
		}
	}
	return strings.Join(parts, "、")
}

// affiliationNames are the words read for each patrol member's affiliation.
var affiliationNames = map[string]patrolmember.Affiliation{
	"物业": patrolmember.AffiliationPROPERTY_STAFF, "物业人员": patrolmember.AffiliationPROPERTY_STAFF, "物业员工": patrolmember.AffiliationPROPERTY_STAFF,
	"物业公司": patrolmember.AffiliationPROPERTY_STAFF, "propertystaff": patrolmember.AffiliationPROPERTY_STAFF,
	"单位职工": patrolmember.AffiliationUNIT_EMPLOYEE, "驻区单位": patrolmember.AffiliationUNIT_EMPLOYEE, "企业职工": patrolmember.AffiliationUNIT_EMPLOYEE,
	"单位员工": patrolmember.AffiliationUNIT_EMPLOYEE, "职工": patrolmember.AffiliationUNIT_EMPLOYEE, "unitemployee": patrolmember.AffiliationUNIT_EMPLOYEE,
	"居民": patrolmember.AffiliationRESIDENT, "热心居民": patrolmember.AffiliationRESIDENT, "志愿者": patrolmember.AffiliationRESIDENT,
	"resident": patrolmember.AffiliationRESIDENT,
	"网格员":      patrolmember.AffiliationGRID_WORKER, "gridworker": patrolmember.AffiliationGRID_WORKER,
	"民警": patrolmember.AffiliationPOLICE, "辅警": patrolmember.AffiliationPOLICE, "警察": patrolmember.AffiliationPOLICE,
	"police": patrolmember.AffiliationPOLICE,
}

// parseAffiliation reads a patrol member's affiliation.
func parseAffiliation(s string) (patrolmember.Affiliation, error) {
	if a, ok := affiliationNames[normalizeHeader(s)]; ok {
		return a, nil
	}
	return "", errors.New("must be 物业人员, 单位职工, 居民, 网格员 or 民警")
}

// dateLayouts are the ways dates are typed in sheets and written in CSV.
var dateLayouts = []string{
	"2006-01-02", "2006/1/2", "2006.1.2", "2006-1-2", "2006年1月2日", "20060102",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04",
	"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05",
}

// parseDate reads a date or a date and time, in loc: an Excel serial number
// (a date cell), or text in one of dateLayouts.
func parseDate(s string, loc *time.Location, date1904 bool) (time.Time, error) {
	s = norm.NFKC.String(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !(len(s) == 8 && strings.Trim(s, "0123456789") == "") {
		if f < 1 || f > 2958465 {
			return time.Time{}, errors.New("is not a date")
		}
		t, err := excelize.ExcelDateToTime(f, date1904)
		if err != nil {
			return time.Time{}, errors.New("is not a date")
		}
		// The serial number is a wall-clock time without a zone.
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("is not a date such as 2024-03-01")
}

// parseYuan reads an amount of yuan ("2500", "2,500.50", "￥2500元") as fen.
func parseYuan(s string) (int64, error) {
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		if r == ',' || r == '¥' || r == '￥' || r == '元' || r == ' ' {
			return -1
		}
		return r
	}, s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errors.New("is not an amount of yuan such as 2500 or 2500.50")
	}
	if f < 0 {
		return 0, errors.New("must not be negative")
	}
	if f > 1e9 {
		return 0, errors.New("is too large for a monthly rent")
	}
	return int64(math.Round(f * 100)), nil
}
