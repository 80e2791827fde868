// Package gid makes the identifiers of Wutong's records.
//
// An ID is a two-letter type prefix followed by a ULID whose 80 random bits
// come from crypto/rand, for example "IS01JD3N6W9V8Y2Q4T5R7X0ZKM4H". IDs are
// opaque to clients, cannot be guessed or enumerated, and the prefix tells
// which table holds the record, so node(id:) needs a single lookup.
// The ULID's time part orders IDs roughly by creation, which keeps
// B-tree inserts local; it reveals when a record was made, nothing else.
package gid

import (
	"crypto/rand"
	"database/sql/driver"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"
	"wutong/apperr"

	"github.com/oklog/ulid/v2"
)

// ID is the identifier of any Wutong record.
type ID string

// prefixLen is the length of the type prefix of an ID.
const prefixLen = 2

// Len is the length of every valid ID.
const Len = prefixLen + ulid.EncodedSize

// tables maps each prefix to the type it identifies and the table that holds it.
// Add a line here when you add an entity to ent/schema.
var tables = map[string]struct{ Type, Table string }{
	"CM": {"Community", "communities"},
	"GR": {"Grid", "grids"},
	"CP": {"Compound", "compounds"},
	"RS": {"Resident", "residents"},
	"US": {"User", "users"},
	"MB": {"Membership", "memberships"},
	"ST": {"Steward", "stewards"},
	"SR": {"ServiceRecord", "service_records"},
	"MP": {"MeetingPoint", "meeting_points"},
	"IS": {"Issue", "issues"},
	"IC": {"IssueComment", "issue_comments"},
	"IE": {"IssueEvent", "issue_events"},
	"IP": {"IssuePhoto", "issue_photos"},
	"DS": {"DutyShift", "duty_shifts"},
	"MT": {"Meeting", "meetings"},
	"MC": {"MediationCase", "mediation_cases"},
	"MY": {"MediationParty", "mediation_parties"},
	"MS": {"MediationSession", "mediation_sessions"},
	"PT": {"PatrolTeam", "patrol_teams"},
	"PM": {"PatrolMember", "patrol_members"},
	"PS": {"PatrolShift", "patrol_shifts"},
	"DP": {"Dispatch", "dispatches"},
	"PE": {"PublicEvent", "public_events"},
	"OG": {"Organization", "organizations"},
	"ER": {"EmployeeRegistration", "employee_registrations"},
	"OR": {"OrganizationReport", "organization_reports"},
	"RH": {"RentalHousing", "rental_housings"},
	"DN": {"Donation", "donations"},
	"NT": {"Notice", "notices"},
	"SE": {"Session", "sessions"},
	"LA": {"LoginAttempt", "login_attempts"},
	"AL": {"AccessLog", "access_logs"},
	"AU": {"AuditLog", "audit_logs"},
	"IK": {"IdempotencyKey", "idempotency_keys"},
}

// prefixes is the reverse of tables: type name to prefix.
var prefixes = func() map[string]string {
	m := make(map[string]string, len(tables))
	for p, t := range tables {
		m[t.Type] = p
	}
	return m
}()

// PrefixOf returns the prefix for the named type; it panics for a type
// that has none, which is a programming error caught by the tests.
func PrefixOf(typeName string) string {
	p, ok := prefixes[typeName]
	if !ok {
		panic(fmt.Sprintf("gid: no prefix registered for type %q", typeName))
	}
	return p
}

// Types lists the type names that have a prefix, sorted.
func Types() []string {
	out := make([]string, 0, len(prefixes))
	for t := range prefixes {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// New returns a fresh ID for the named type.
func New(typeName string) ID {
	return NewWith(typeName, time.Now(), rand.Reader)
}

// NewWith returns an ID for the named type with the given time and entropy
// source; the demo loader uses it to make reproducible IDs.
func NewWith(typeName string, t time.Time, entropy io.Reader) ID {
	u, err := ulid.New(ulid.Timestamp(t), entropy)
	if err != nil {
		panic(fmt.Sprintf("gid: reading entropy: %v", err))
	}
	return ID(PrefixOf(typeName) + u.String())
}

// TableOfType returns the table that holds records of the named type.
func TableOfType(typeName string) (string, error) {
	p, ok := prefixes[typeName]
	if !ok {
		return "", fmt.Errorf("gid: unknown type %q", typeName)
	}
	return tables[p].Table, nil
}

// Parse checks that s is a well-formed ID of a known type.
func Parse(s string) (ID, error) {
	if len(s) != Len {
		return "", fmt.Errorf("%q is not a valid ID", s)
	}
	if _, ok := tables[s[:prefixLen]]; !ok {
		return "", fmt.Errorf("%q is not a valid ID", s)
	}
	if _, err := ulid.ParseStrict(s[prefixLen:]); err != nil {
		return "", fmt.Errorf("%q is not a valid ID", s)
	}
	return ID(s), nil
}

// Table returns the table that holds the record with this ID.
func (id ID) Table() (string, error) {
	if len(id) < prefixLen {
		return "", fmt.Errorf("%q is not a valid ID", string(id))
	}
	t, ok := tables[string(id)[:prefixLen]]
	if !ok {
		return "", fmt.Errorf("%q is not a valid ID", string(id))
	}
	return t.Table, nil
}

// TypeName returns the GraphQL type of the record with this ID, or "".
func (id ID) TypeName() string {
	if len(id) < prefixLen {
		return ""
	}
	return tables[string(id)[:prefixLen]].Type
}

// String returns the ID as text.
func (id ID) String() string { return string(id) }

// Scan implements sql.Scanner.
func (id *ID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*id = ""
	case string:
		*id = ID(v)
	case []byte:
		*id = ID(string(v))
	default:
		return fmt.Errorf("gid: cannot scan %T into an ID", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (id ID) Value() (driver.Value, error) { return string(id), nil }

// UnmarshalGQL implements graphql.Unmarshaler: it accepts only well-formed IDs,
// so a malformed ID is rejected before any query runs.
func (id *ID) UnmarshalGQL(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case ID:
		s = string(v)
	default:
		return apperr.Invalidf("an ID must be a string, not %T", v)
	}
	parsed, err := Parse(s)
	if err != nil {
		return apperr.Invalidf("%v", err)
	}
	*id = parsed
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (id ID) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(id)))
}
