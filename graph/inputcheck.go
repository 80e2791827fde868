package graph

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"wutong/apperr"
)

// maxPattern is the longest value a where-input's text operator takes
// (nameContains, titleHasPrefix, …): enough for any search, and far below
// SQLite's limit on LIKE patterns, so both databases answer the same.
const maxPattern = 200

// patternOperators are the suffixes of the where-input fields that match
// text by pattern.
var patternOperators = []string{"Contains", "ContainsFold", "HasPrefix", "HasSuffix", "EqualFold"}

// inputChecks refuses, before a field resolves, text that no database
// stores alike: a NUL character (PostgreSQL refuses it, SQLite keeps it)
// anywhere in the field's arguments, and a pattern longer than maxPattern.
// Both are the client's mistake, answered BAD_USER_INPUT with the input
// field's path.
type inputChecks struct{}

// ExtensionName implements graphql.HandlerExtension.
func (inputChecks) ExtensionName() string { return "InputChecks" }

// Validate implements graphql.HandlerExtension.
func (inputChecks) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptField implements graphql.FieldInterceptor.
func (inputChecks) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && fc.Field.Field != nil && len(fc.Field.Arguments) > 0 && graphql.HasOperationContext(ctx) {
		if err := checkInput(fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables), "", ""); err != nil {
			return nil, err
		}
	}
	return next(ctx)
}

// checkInput walks an argument's value; path is where it is (such as
// where.nameContains) and key the name of the input field holding it.
func checkInput(v any, path, key string) error {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if err := checkInput(e, join(path, k), k); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := checkInput(e, join(path, strconv.Itoa(i)), key); err != nil {
				return err
			}
		}
	case string:
		if strings.ContainsRune(x, 0) {
			return apperr.InvalidField(path, "text may not hold a NUL character")
		}
		if isPattern(key) && utf8.RuneCountInString(x) > maxPattern {
			return apperr.InvalidField(path, "at most %d characters", maxPattern)
		}
	}
	return nil
}

// isPattern reports whether an input field matches text by pattern.
func isPattern(key string) bool {
	for _, op := range patternOperators {
		if strings.HasSuffix(key, op) && len(key) > len(op) {
			return true
		}
	}
	return false
}

// join adds a name to a dotted path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
