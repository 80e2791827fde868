// Package apperr defines the few kinds of error Wutong reports to clients.
// Each kind maps to one GraphQL extensions.code; the message of every kind
// but Internal is safe to show, and Internal errors are shown only as an id.
package apperr

import (
	"errors"
	"fmt"
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
)

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
