// Package personal holds the rules for residents' personal information:
// the formats of mainland phone and ID-card numbers, and the care flags that
// mark vulnerable residents. Masking and access logging build on it.
package personal

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"wutong/apperr"
)

// mobilePattern matches an 11-digit mainland mobile number.
var mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// ValidatePhone checks that s is an 11-digit mainland mobile number.
func ValidatePhone(s string) error {
	if !mobilePattern.MatchString(s) {
		return errors.New("must be an 11-digit mainland mobile number such as 13812345678")
	}
	return nil
}

// idCardWeights are the weights of the first 17 digits of a resident
// identity card number (GB 11643-1999).
var idCardWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCardCheck maps the weighted sum modulo 11 to the check character.
const idCardCheck = "10X98765432"

// IDCardCheckDigit returns the check character for the first 17 digits.
func IDCardCheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errors.New("need 17 digits")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, errors.New("need 17 digits")
		}
		sum += int(c-'0') * idCardWeights[i]
	}
	return idCardCheck[sum%11], nil
}

// ValidateIDCard checks an 18-character resident identity card number: 17
// digits, a valid date of birth and a matching check character (0-9 or X).
func ValidateIDCard(s string) error {
	const msg = "must be an 18-character resident identity card number with a valid check digit"
	if len(s) != 18 {
		return errors.New(msg)
	}
	want, err := IDCardCheckDigit(s[:17])
	if err != nil {
		return errors.New(msg)
	}
	if s[17] != want {
		return errors.New(msg)
	}
	year, _ := strconv.Atoi(s[6:10])
	month, _ := strconv.Atoi(s[10:12])
	day, _ := strconv.Atoi(s[12:14])
	if year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 {
		return errors.New(msg)
	}
	return nil
}

// CareFlag marks a resident whom stewards and staff should look after.
type CareFlag string

// The care flags.
const (
	LivesAlone       CareFlag = "LIVES_ALONE"
	Elderly          CareFlag = "ELDERLY"
	Disabled         CareFlag = "DISABLED"
	ChronicIllness   CareFlag = "CHRONIC_ILLNESS"
	LeftBehindChild  CareFlag = "LEFT_BEHIND_CHILD"
	LowIncome        CareFlag = "LOW_INCOME"
	MentalHealthNeed CareFlag = "MENTAL_HEALTH"
)

// CareFlagDescriptions describes every care flag; it is the list of valid flags.
var CareFlagDescriptions = map[CareFlag]string{
	LivesAlone:       "Lives alone (独居).",
	Elderly:          "Aged 60 or over (老年人).",
	Disabled:         "Has a disability (残疾).",
	ChronicIllness:   "Has a chronic illness that needs regular checks.",
	LeftBehindChild:  "A child whose parents work elsewhere (留守儿童).",
	LowIncome:        "Receives minimum living allowance (低保).",
	MentalHealthNeed: "Needs mental-health support.",
}

// Valid reports whether f is a known care flag.
func (f CareFlag) Valid() bool {
	_, ok := CareFlagDescriptions[f]
	return ok
}

// ValidateCareFlags checks that every flag is known and none repeats.
func ValidateCareFlags(flags []CareFlag) error {
	seen := make(map[CareFlag]bool, len(flags))
	for _, f := range flags {
		if !f.Valid() {
			return fmt.Errorf("unknown care flag %q", string(f))
		}
		if seen[f] {
			return fmt.Errorf("care flag %s given twice", string(f))
		}
		seen[f] = true
	}
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (f CareFlag) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(f)))
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (f *CareFlag) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return apperr.Invalidf("a care flag must be a string, not %T", v)
	}
	if !CareFlag(s).Valid() {
		return apperr.Invalidf("unknown care flag %q", s)
	}
	*f = CareFlag(s)
	return nil
}

// MaskPhone hides the middle of a phone number: 138****5678.
func MaskPhone(s string) string {
	if len(s) < 7 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}

// MaskIDCard hides all but the first four and last four characters of an
// identity card number: 1101**********0021.
func MaskIDCard(s string) string {
	if len(s) < 9 {
		return strings.Repeat("*", len(s))
	}
	return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:]
}

// MaskText hides a part of an address completely.
func MaskText(s string) string {
	if s == "" {
		return ""
	}
	return "*"
}

// NextIDCard is the ID-card number that follows id for someone of the same
// area, date of birth and sex: the sequence number (digits 15-17) moves on
// by 2, keeping its parity, and the check digit is computed anew. The data
// generators use it to keep one community's numbers apart.
func NextIDCard(id string) string {
	if len(id) != 18 {
		return id
	}
	seq, err := strconv.Atoi(id[14:17])
	if err != nil {
		return id
	}
	first17 := id[:14] + fmt.Sprintf("%03d", (seq+2)%1000)
	check, err := IDCardCheckDigit(first17)
	if err != nil {
		return id
	}
	return first17 + string(check)
}
