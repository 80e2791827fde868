package graph

import (
	"context"
	"maps"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"wutong/apperr"
	"wutong/ent"
	"wutong/ent/schema/gqldoc/lean"
	"wutong/gid"
)

// nodeType tells ent which table holds a node from its ID's prefix, so
// node(id:) runs one query instead of trying every table. A malformed ID
// (which nodeIDs let through) is BAD_USER_INPUT for its own element.
func nodeType(_ context.Context, id gid.ID) (string, error) {
	if _, err := gid.Parse(string(id)); err != nil {
		return "", apperr.Invalidf("%v", err)
	}
	table, err := id.Table()
	if err != nil {
		return "", apperr.Invalidf("%v", err)
	}
	return table, nil
}

// nodeIDs is the @nodeIDs directive on the arguments of node and nodes: it
// passes their IDs on unchecked, so that one malformed ID is answered as a
// null element with its own error (nodeType) instead of failing the whole
// request, siblings included. Values that are not strings are left to the
// usual coercion, which refuses them.
func nodeIDs(ctx context.Context, obj any, next graphql.Resolver) (any, error) {
	args, _ := obj.(map[string]any)
	if v, ok := args["ids"]; ok {
		switch v := v.(type) {
		case string: // a single value where a list is asked for is a list of one
			return []gid.ID{gid.ID(v)}, nil
		case []any:
			ids := make([]gid.ID, len(v))
			for i, e := range v {
				s, ok := e.(string)
				if !ok {
					return next(ctx)
				}
				ids[i] = gid.ID(s)
			}
			return ids, nil
		}
		return next(ctx)
	}
	if s, ok := args["id"].(string); ok {
		return gid.ID(s), nil
	}
	return next(ctx)
}

// lookUpNodes answers nodes(ids:): each ID that cannot be read is a null
// element with an error at its index, and the others are answered.
func lookUpNodes(ctx context.Context, client *ent.Client, ids []gid.ID) ([]ent.Noder, error) {
	if len(ids) != 1 {
		// ent's Noders reports errors per element for two or more IDs.
		return client.Noders(ctx, ids, ent.WithNodeType(nodeType))
	}
	n, err := client.Noder(ctx, ids[0], ent.WithNodeType(nodeType))
	if err != nil {
		graphql.AddError(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(0)), err)
		return []ent.Noder{nil}, nil
	}
	return []ent.Noder{n}, nil
}

// internalDirectives are gqlgen's and Wutong's directives for code
// generation, which mean nothing to a client.
var internalDirectives = []string{"goField", "goModel", "goTag", "goExtraField", "goEnum", lean.NodeIDsDirective}

// publicSchema is the generated schema without the internal directives, so
// that introspection does not show them. Fields that use them keep working:
// the generated executor applies them, not the schema.
func publicSchema() *ast.Schema {
	s := *parsedSchema
	s.Directives = maps.Clone(parsedSchema.Directives)
	for _, name := range internalDirectives {
		delete(s.Directives, name)
	}
	return &s
}
