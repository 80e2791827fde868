// Package apperr defines the few kinds of error Wutong reports to clients.
// Each kind maps to one GraphQL extensions.code; the message of every kind
// but Internal is safe to show, and Internal errors are shown only as an id.
package apperr

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"
)

// Kind is a kind of error and the code clients see in extensions.code.
type Kind string

// The kinds of error.
const (
	Invalid         Kind = "BAD_USER_INPUT"
	NotFound        Kind = "NOT_FOUND"
	Conflict        Kind = "CONFLICT"
	Unauthenticated Kind = "UNAUTHENTICATED"
	Forbidden       Kind = "FORBIDDEN"
	RateLimited     Kind = "RATE_LIMITED"
	Internal        Kind = "INTERNAL_SERVER_ERROR"
	// Unavailable: the database cannot be reached; try again shortly
	// (HTTP 503 with Retry-After). Never a reason to log in again.
	Unavailable Kind = "UNAVAILABLE"
)

// RetryAfter is how many seconds a client waits before trying again when
// the service is Unavailable.
const RetryAfter = 5

// ErrUnavailable is the answer when the database cannot be reached.
var ErrUnavailable = &Error{Kind: Unavailable, Message: "the service cannot reach its database at the moment; try again in a few seconds"}

// Unreachable reports whether err says that the database cannot be
// reached: the network or the server is down, shutting down or refusing
// new sessions, or a pooled session broke. Such an error is the service's
// outage, not the client's mistake nor a bad login.
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	var state interface{ SQLState() string }
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.As(err, &ne):
		return true
	case errors.As(err, &state):
		code := state.SQLState()
		// Class 08: connection exception; 57P01-57P03: the server is
		// shutting down, crashed or not yet accepting sessions.
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03"
	}
	return strings.Contains(err.Error(), "sql: database is closed")
}

// Error is an error of a known kind with a message safe to show to clients.
type Error struct {
	Kind    Kind
	Field   string // the input field at fault, in GraphQL spelling, if any
	Message string
	Err     error // the cause, for logs; never shown
}

// Error implements error.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// InvalidField reports a bad value of one input field.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Invalidf reports bad input not tied to one field.
func Invalidf(format string, args ...any) *Error {
	return &Error{Kind: Invalid, Message: fmt.Sprintf(format, args...)}
}

// Conflictf reports a request that conflicts with the current state.
func Conflictf(format string, args ...any) *Error {
	return &Error{Kind: Conflict, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf reports a record that does not exist or may not be seen.
func NotFoundf(format string, args ...any) *Error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// FieldName turns a snake_case column or edge name into its GraphQL
// spelling, for the Field of an error: "grid_id" -> "gridID".
func FieldName(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
		} else if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
