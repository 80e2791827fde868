package calendar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// TimeLayout is the one form the API writes a Time in: RFC 3339 in UTC with
// six fractional digits (the precision PostgreSQL keeps), so that a payload
// and every later read of the same value are the same text.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Precision is the precision of stored times; the store truncates the
// times it writes to it (store/ordered.go).
const Precision = time.Microsecond

// FormatTime writes t as the API does.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// MarshalTime writes the GraphQL Time scalar (gqlgen.yml binds it here);
// the zero time is null.
func MarshalTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(FormatTime(t)))
	})
}

// UnmarshalTime reads the GraphQL Time scalar: any RFC 3339 time with an
// offset. A refusal is a *time.ParseError, which graph/errors.go words for
// the client.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("a time is a string, not %T", v)
	}
	return time.Parse(time.RFC3339Nano, s)
}
