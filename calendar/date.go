// Package calendar has the Date of the GraphQL API: a day in the calendar,
// without a time or a time zone, written YYYY-MM-DD.
package calendar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"wutong/apperr"
)

// Date is a calendar day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Parse reads a date written YYYY-MM-DD.
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, apperr.Invalidf("%q is not a date written YYYY-MM-DD", s)
	}
	return Of(t), nil
}

// Of is the date of a time, in its location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In is midnight at the start of the date in a location.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// String writes the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// MarshalGQL implements graphql.Marshaler.
func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(d.String())) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return apperr.Invalidf("a date is a string written YYYY-MM-DD, not %T", v)
	}
	parsed, err := Parse(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
