package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// countOnlyIfAsked lets a connection skip counting every matching record
// when the client did not ask for totalCount. entgql's Paginate counts
// whenever pageInfo is asked for, yet builds pageInfo (hasNextPage, the
// cursors) from the page it reads, one record over the page size; on a
// community with a hundred thousand issues that count costs more than the
// page. So when totalCount is not selected and edges are, the context
// Paginate reads its selection from leaves pageInfo out; the answer still
// carries pageInfo, which gqlgen resolves from the connection built.
func countOnlyIfAsked(ctx context.Context) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ctx
	}
	var hasEdges, hasCount, hasPageInfo bool
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, nil) {
		switch f.Name {
		case "edges":
			hasEdges = true
		case "totalCount":
			hasCount = true
		case "pageInfo":
			hasPageInfo = true
		}
	}
	if !hasPageInfo || hasCount || !hasEdges {
		return ctx
	}
	field := fc.Field
	field.Selections = withoutPageInfo(fc.Field.Selections)
	copied := *fc
	copied.Field = field
	return graphql.WithFieldContext(ctx, &copied)
}

// withoutPageInfo returns a selection set without its pageInfo fields,
// fragments included.
func withoutPageInfo(set ast.SelectionSet) ast.SelectionSet {
	var out ast.SelectionSet
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "pageInfo" {
				continue
			}
			out = append(out, s)
		case *ast.InlineFragment:
			c := *s
			c.SelectionSet = withoutPageInfo(s.SelectionSet)
			out = append(out, &c)
		case *ast.FragmentSpread:
			if s.Definition == nil {
				out = append(out, s)
				continue
			}
			out = append(out, &ast.InlineFragment{TypeCondition: s.Definition.TypeCondition, Directives: s.Directives,
				SelectionSet: withoutPageInfo(s.Definition.SelectionSet), ObjectDefinition: s.ObjectDefinition, Position: s.Position})
		default:
			out = append(out, sel)
		}
	}
	return out
}
