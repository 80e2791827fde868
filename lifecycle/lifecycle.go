// Package lifecycle names the statuses of an issue and the steps between
// them. It has no dependencies so that the ent schema, the casework rules and
// the GraphQL layer can share one Status type.
package lifecycle

import (
	"io"
	"strconv"
	"wutong/apperr"
)

// Status is where an issue stands in its lifecycle.
type Status string

// The statuses of an issue.
const (
	Reported     Status = "REPORTED"
	Acknowledged Status = "ACKNOWLEDGED"
	InProgress   Status = "IN_PROGRESS"
	Resolved     Status = "RESOLVED"
	Closed       Status = "CLOSED"
	Reopened     Status = "REOPENED"
	Duplicate    Status = "DUPLICATE"
	Rejected     Status = "REJECTED"
)

// all lists the statuses in lifecycle order.
var all = []Status{Reported, Acknowledged, InProgress, Resolved, Closed, Reopened, Duplicate, Rejected}

// Values implements ent's EnumValues interface.
func (Status) Values() []string {
	out := make([]string, len(all))
	for i, s := range all {
		out[i] = string(s)
	}
	return out
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range all {
		if v == s {
			return true
		}
	}
	return false
}

// Open reports whether an issue in this status still needs work.
func (s Status) Open() bool {
	switch s {
	case Reported, Acknowledged, InProgress, Reopened:
		return true
	}
	return false
}

// String returns the status name.
func (s Status) String() string { return string(s) }

// MarshalGQL implements graphql.Marshaler.
func (s Status) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(s)))
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Status) UnmarshalGQL(v any) error {
	str, ok := v.(string)
	if !ok {
		return apperr.Invalidf("a status must be a string, not %T", v)
	}
	if !Status(str).Valid() {
		return apperr.Invalidf("%q is not a valid IssueStatus", str)
	}
	*s = Status(str)
	return nil
}

// next lists the statuses each status may move to.
var next = map[Status][]Status{
	Reported:     {Acknowledged, InProgress, Resolved, Duplicate, Rejected},
	Acknowledged: {InProgress, Resolved, Duplicate, Rejected},
	InProgress:   {Resolved, Duplicate, Rejected},
	Resolved:     {Closed, Reopened},
	Reopened:     {InProgress, Resolved, Duplicate, Rejected},
	Closed:       {Reopened},
	Duplicate:    {Reopened},
	Rejected:     {Reopened},
}

// CanMove reports whether an issue may move from one status to another.
func CanMove(from, to Status) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Next returns the statuses an issue may move to from s.
func Next(s Status) []Status {
	return append([]Status(nil), next[s]...)
}
