package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"wutong/apperr"
	"wutong/ent"
	"wutong/reqid"
)

// errorPresenter maps every error to a message safe for clients and an
// extensions.code: our own kinds (package apperr), ent's validation,
// not-found and constraint errors, and gqlgen's coded errors keep their
// meaning; anything else is logged with the request id and shown to the
// client only as an internal error with that id.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		var (
			ae *apperr.Error
			ve *ent.ValidationError
			nf *ent.NotFoundError
			ce *ent.ConstraintError
		)
		switch {
		case errors.As(err, &ae):
			out.Message = ae.Error()
			field := ae.Field
			if field == "" && ae.Kind == apperr.Invalid {
				// A scalar that refused an argument or variable, such as a
				// bad Date: the path ends with the argument's name.
				field = lastName(out.Path)
			}
			setCode(out, ae.Kind, field)
		case errors.As(err, &ve):
			field := apperr.FieldName(ve.Name)
			out.Message = field + ": " + validationReason(ve)
			setCode(out, apperr.Invalid, field)
		case errors.As(err, &nf):
			out.Message = "not found"
			setCode(out, apperr.NotFound, "")
		case errors.As(err, &ce):
			out.Message = "conflicts with an existing record (a value that must be unique is taken, or a referenced record is missing)"
			setCode(out, apperr.Conflict, "")
		case argumentOf(ctx, out) != "":
			// An argument the field could not take, such as a cursor this
			// server never gave or a time that is not RFC 3339: the
			// client's mistake, blamed on the innermost input field.
			field := lastName(out.Path)
			out.Message = field + ": " + argumentReason(err)
			setCode(out, apperr.Invalid, field)
		case out.Extensions["code"] == "INVALID_PAGINATION":
			setCode(out, apperr.Invalid, "")
		case isVariableError(out):
			// A variable that does not fit its type, such as 1.5 for an Int:
			// bad input, blamed on the innermost field named.
			setCode(out, apperr.Invalid, lastName(out.Path))
		case refusal(err) != nil:
			// gqlgen's own refusals of a request, in our words; the body
			// that some of them quote is never echoed or logged.
			r := refusal(err)
			out.Message = r.message
			setCode(out, r.kind, "")
		case apperr.Unreachable(err):
			// An outage: the client tries again (503, Retry-After); the
			// cause is logged, never shown.
			log.ErrorContext(ctx, "database unreachable", "request_id", reqid.From(ctx), "path", out.Path.String(), "error", err)
			out.Message = apperr.ErrUnavailable.Message
			setCode(out, apperr.Unavailable, "")
			markOutage(ctx)
		case out.Extensions["code"] != nil:
			// gqlgen's parse and validation errors carry their code already.
		default:
			id := reqid.From(ctx)
			log.ErrorContext(ctx, "internal error", "request_id", id, "path", out.Path.String(), "error", err)
			out.Message = fmt.Sprintf("internal error (request id %s)", id)
			setCode(out, apperr.Internal, "")
		}
		return out
	}
}

// refused is how a refusal by gqlgen itself is shown.
type refused struct {
	kind    apperr.Kind
	message string
}

// refusals are gqlgen's refusals of a request that carry no code, by a
// part of their message.
var refusals = []struct {
	part string
	refused
}{
	{"request body could not be decoded", refused{apperr.Invalid, "the request body is not a GraphQL request in JSON (an object with a query string, and variables as an object)"}},
	{"variables could not be decoded", refused{apperr.Invalid, "the variables are not a JSON object"}},
	{"extensions could not be decoded", refused{apperr.Invalid, "the extensions are not a JSON object"}},
	{"APQ hash does not match query", refused{apperr.Invalid, "the persisted query's sha256Hash is not the hash of the query sent"}},
	{"introspection disabled", refused{apperr.Forbidden, "introspection is turned off on this server"}},
	{"Passing both `first` and `last`", refused{apperr.Invalid, "first and last cannot be given together: page forward with first and after, or back with last and before"}},
}

// refusal finds how to show an error if gqlgen refused the request.
func refusal(err error) *refused {
	msg := err.Error()
	for _, r := range refusals {
		if strings.Contains(msg, r.part) {
			return &r.refused
		}
	}
	return nil
}

// setCode sets extensions.code and, for input errors, extensions.field.
func setCode(e *gqlerror.Error, kind apperr.Kind, field string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = string(kind)
	if field != "" {
		e.Extensions["field"] = field
	}
}

// validationReason is the validator's own message without ent's prefix.
func validationReason(ve *ent.ValidationError) string {
	inner := errors.Unwrap(ve)
	if inner == nil {
		return "is invalid"
	}
	if reason := errors.Unwrap(inner); reason != nil {
		return reason.Error()
	}
	return "is required"
}

// recoverFunc turns a panic in a resolver into an internal error, logged
// with its request id.
func recoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "request_id", reqid.From(ctx), "panic", p)
		return fmt.Errorf("panic: %v", p)
	}
}

// isVariableError reports whether a validation error is about the value of
// a variable rather than about the query.
func isVariableError(e *gqlerror.Error) bool {
	if e.Extensions["code"] != errcode.ValidationFailed || len(e.Path) == 0 {
		return false
	}
	name, ok := e.Path[0].(ast.PathName)
	return ok && name == "variable"
}

// argumentOf returns the name of the argument of the field being
// resolved that an error is about (its path goes on from the field's own
// path through one of the field's arguments), or "".
func argumentOf(ctx context.Context, e *gqlerror.Error) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return ""
	}
	own := fc.Path()
	if len(e.Path) <= len(own) {
		return ""
	}
	name, ok := e.Path[len(own)].(ast.PathName)
	if !ok || fc.Field.Definition.Arguments.ForName(string(name)) == nil {
		return ""
	}
	return string(name)
}

// argumentReason says, in our words, why an argument's value was refused;
// the decoder's own text is never shown.
func argumentReason(err error) string {
	var te *time.ParseError
	switch {
	case errors.As(err, &te):
		return "not an RFC 3339 time, such as 2026-03-15T10:30:00+08:00"
	case strings.Contains(err.Error(), "cursor"):
		return "not a cursor that this server gave (use pageInfo's startCursor or endCursor, or an edge's cursor)"
	}
	return "not a valid value for this argument"
}

// lastName returns the last field name of a path.
func lastName(p ast.Path) string {
	for i := len(p) - 1; i > 0; i-- {
		if name, ok := p[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// outageKey is the context key of a request's outage mark.
type outageKey struct{}

// markOutage marks the request of ctx as answered with an outage (see
// answerWriter).
func markOutage(ctx context.Context) {
	if o, ok := ctx.Value(outageKey{}).(*atomic.Bool); ok {
		o.Store(true)
	}
}
